/**
 * The elevation profile read by touch (laresapp/core/track/chart.py draws it): where a
 * finger rests or drags, a line marks the spot and a line of text under the chart says the
 * kilometre, the elevation and the nearest marked place. Everything comes from the chart's
 * own data-* attributes and drawn line, so it works offline and without "Where am I?".
 */
import { t, num } from './i18n.js';
import { formatDistance, metres } from './where-view.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Elevation at x (viewBox units) from the drawn line's points, or null. */
export function elevationAtX(points, x, chart) {
  if (!points.length || !chart.hasElevation) return null;
  let i = points.findIndex((p) => p[0] >= x);
  if (i <= 0) i = i === 0 ? 1 : points.length - 1;
  const [xa, ya] = points[i - 1], [xb, yb] = points[i];
  const y = xb === xa ? ya : ya + ((x - xa) / (xb - xa)) * (yb - ya);
  return chart.minEle + ((chart.y1 - y) / (chart.y1 - chart.y0)) * (chart.maxEle - chart.minEle);
}

/** The readout's words for a position along the chart. */
export function readoutText(alongM, eleM, nearest) {
  const parts = [`km ${num(alongM / 1000, 1)}`];
  if (eleM != null) parts.push(metres(eleM));
  if (nearest) {
    const d = Math.abs(nearest.alongM - alongM);
    const vars = { name: nearest.name, distance: formatDistance(d) };
    parts.push(d < 50 ? t('at {name}', vars) : nearest.alongM < alongM ? t('{distance} after {name}', vars) : t('{distance} before {name}', vars));
  }
  return parts.join(' · ');
}

function init(svg) {
  const ds = svg.dataset;
  const chart = {
    startM: Number(ds.startM), endM: Number(ds.endM), minEle: Number(ds.minEle), maxEle: Number(ds.maxEle),
    x0: Number(ds.plotX0), x1: Number(ds.plotX1), y0: Number(ds.plotY0), y1: Number(ds.plotY1),
    hasElevation: ds.hasElevation === 'true',
  };
  const line = svg.querySelector('polyline.line');
  const points = line ? line.getAttribute('points').trim().split(/\s+/).map((p) => p.split(',').map(Number)) : [];
  const places = [...svg.querySelectorAll('g[data-wp]')].map((g) => ({
    alongM: Number(g.dataset.alongM),
    name: (g.querySelector('title')?.textContent || '').replace(/ \(.*$/, ''),
  }));
  const probe = document.createElementNS(SVG_NS, 'line');
  probe.setAttribute('class', 'probe');
  probe.setAttribute('y1', String(chart.y0));
  probe.setAttribute('y2', String(chart.y1));
  probe.setAttribute('visibility', 'hidden');
  svg.append(probe);
  const out = document.createElement('p');
  out.className = 'chart-readout';
  out.setAttribute('aria-live', 'polite');
  out.textContent = t('Touch the profile to read it.');
  svg.after(out);
  const show = (event) => {
    const ctm = svg.getScreenCTM();
    if (!ctm) return;
    const pt = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
    const x = Math.min(Math.max(pt.x, chart.x0), chart.x1);
    const alongM = chart.startM + ((x - chart.x0) / (chart.x1 - chart.x0)) * (chart.endM - chart.startM);
    const nearest = places.reduce((best, p) => (!best || Math.abs(p.alongM - alongM) < Math.abs(best.alongM - alongM) ? p : best), null);
    probe.setAttribute('x1', x.toFixed(1));
    probe.setAttribute('x2', x.toFixed(1));
    probe.setAttribute('visibility', 'visible');
    out.textContent = readoutText(alongM, elevationAtX(points, x, chart), nearest);
  };
  svg.addEventListener('pointerdown', show);
  svg.addEventListener('pointermove', (e) => { if (e.pointerType !== 'mouse' || e.buttons) show(e); });
}

export function initChartReadouts(root = document) {
  for (const svg of root.querySelectorAll('svg[data-profile-chart]')) init(svg);
}
