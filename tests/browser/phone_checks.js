// One pass over a page in the browser (tests/browser/test_phone_layout.py): a list of
// human-readable problems: horizontal overflow, touch targets under minTarget CSS px
// (links inside running text excepted), text under minText CSS px (SVG text as drawn).
/* global document, getComputedStyle, NodeFilter */
// eslint-disable-next-line no-unused-vars
function phoneChecks([minTarget, minText]) {
  const problems = [];
  const doc = document.documentElement;
  const vw = doc.clientWidth;
  const where = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    const st = getComputedStyle(el);
    return st.visibility !== 'hidden' && st.display !== 'none' && !el.closest('[hidden], .skip')
      && !el.closest('details:not([open]) > :not(summary)');
  };
  if (doc.scrollWidth > vw) {
    const wide = [...document.body.querySelectorAll('*')].filter((el) => shown(el)
      && el.getBoundingClientRect().right > vw + 0.5 && !el.closest('.table-wrap, pre'));
    problems.push(`page is ${doc.scrollWidth} px wide on a ${vw} px screen: ` + wide.slice(0, 4).map(where).join(', '));
  }
  // Touch targets: every control, and every link that is not part of a sentence.
  const inText = (a) => {
    const block = a.parentElement && a.parentElement.closest('p, li, dd, figcaption, caption, .hint, .sub');
    if (!block) return false;
    return block.textContent.trim().length > a.textContent.trim().length;
  };
  const targets = document.querySelectorAll(
    'button, select, textarea, input:not([type=hidden]), summary, a[href], .tick-box');
  for (const el of targets) {
    if (!shown(el) || el.closest('.skip')) continue;
    if (el.tagName === 'A' && inText(el)) continue;
    // A checkbox inside its label: the label is what the thumb touches.
    const hit = el.matches('input[type=checkbox], input[type=radio]') && el.closest('label') ? el.closest('label') : el;
    const r = hit.getBoundingClientRect();
    if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) {
      problems.push(`${Math.round(r.width)}×${Math.round(r.height)} px target ${where(el)}`);
    }
  }
  // Text size: every visible text node's rendered font size (SVG text scaled by its chart).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim() || el.closest('script, style, noscript, title')) continue;
    seen.add(el);
    if (!shown(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg && svg.getScreenCTM()) size *= svg.getScreenCTM().a;
    if (size < minText - 0.05) problems.push(`${size.toFixed(1)} px text ${where(el)}`);
  }
  return problems;
}
