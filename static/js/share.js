/**
 * "Share this trip": the phone's own share sheet where the browser has the Web Share API,
 * "Copy link" everywhere (an installed app has no address bar to copy from). The link is
 * rendered by the server into the page; nothing is sent anywhere by this script.
 */

import { t } from './i18n.js';

/** Copy text: the Clipboard API, else select the field so the hiker can copy it by hand. */
export async function copyLink(text, field, clipboard = navigator.clipboard) {
  try {
    if (!clipboard) throw new Error('no clipboard');
    await clipboard.writeText(text);
    return t('Link copied. Paste it into a message to your party.');
  } catch {
    if (field) { field.focus(); field.select(); }
    return t('Could not copy by itself: the link is selected above; copy it from there.');
  }
}

function init(section) {
  const url = section.dataset.url;
  const shareBtn = section.querySelector('[data-share-button]');
  const copyBtn = section.querySelector('[data-copy-button]');
  const status = section.querySelector('[data-share-status]');
  const field = section.querySelector('[data-share-link]');
  const data = { title: section.dataset.title, text: t('Our trek: ticks and notes for the party'), url };
  if (typeof navigator.share === 'function' && (!navigator.canShare || navigator.canShare(data))) {
    shareBtn.hidden = false;
    shareBtn.addEventListener('click', async () => {
      try {
        await navigator.share(data);
        status.textContent = t('Shared.');
      } catch (err) {
        if (err && err.name === 'AbortError') return; // the hiker closed the share sheet
        status.textContent = await copyLink(url, field);
      }
    });
  }
  copyBtn.addEventListener('click', async () => { status.textContent = await copyLink(url, field); });
}

for (const section of document.querySelectorAll('[data-share]')) init(section);
