// On the plan page: once this phone's recording has measured the party's pace well enough,
// offer it as the trip's pace factor in one tap (templates/plan/_settings.html). The form
// is the ordinary settings form, so the server checks the value like any other.
import { measuredPace } from './recording.js';
import { formatDuration } from './where-view.js';
import * as store from './record-store.js';
import { t, num } from './i18n.js';

async function offer(box) {
  if (!store.available()) return;
  const pace = measuredPace(await store.listFixes(box.dataset.trek));
  if (!pace.trusted || !(pace.factor > 0)) return;
  const input = document.getElementById('pace_factor');
  const min = Number(input.min), max = Number(input.max);
  const value = Math.min(max, Math.max(min, Math.round(pace.factor * 20) / 20));
  const button = box.querySelector('button');
  button.textContent = t('Use my measured pace: {pace}×', { pace: num(value, 2) });
  box.querySelector('[data-measured-why]').textContent =
    t("Measured by this phone's recording over {time} of walking.", { time: formatDuration(pace.movingS) });
  button.addEventListener('click', () => {
    input.value = value.toFixed(2);
    input.form.requestSubmit();
  });
  box.hidden = false;
}

for (const box of document.querySelectorAll('[data-measured-pace]')) offer(box);
