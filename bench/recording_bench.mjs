// What "Record my walk" costs the phone: fixes kept per hour and bytes stored per hour
// (walking, and standing still), and the time to sum a long recording (static/js/recording.js).
// `node bench/recording_bench.mjs`; prints numbers only.
import { keepFix, summarise, measuredPace } from '../static/js/recording.js';

const K = (6371008.8 * Math.PI) / 180;
const LAT0 = -13.1, LON0 = -72.05;
let seed = 42;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

/**
 * An hour of 1 Hz fixes at `speedMS` (0 = standing), accuracy 6–15 m. A phone's GPS error
 * wanders rather than jumps: modelled as an AR(1) drift (0.97 a second, 4 m spread).
 */
function hour(speedMS) {
  const out = [];
  let ex = 0, ey = 0;
  const keep = 0.97, kick = 4 * Math.sqrt(1 - keep * keep);
  for (let s = 0; s < 3600; s++) {
    const north = speedMS * s;
    ex = keep * ex + kick * gauss(); ey = keep * ey + kick * gauss();
    out.push({
      rec: 'lares-a', t: 1_780_000_000_000 + s * 1000, session: 1, off: 12.5,
      lat: LAT0 + (north + ey) / K, lon: LON0 + ex / (K * Math.cos(LAT0 * Math.PI / 180)),
      acc: 6 + 9 * rand(), ele: 3600 + north * 0.08 + 3 * gauss(),
    });
  }
  return out;
}

function kept(fixes) {
  const out = [];
  for (const f of fixes) if (keepFix(out[out.length - 1] || null, f)) out.push(f);
  return out;
}

for (const [what, speed] of [['walking 4 km/h', 4 / 3.6], ['slow climb 2 km/h', 2 / 3.6], ['standing still', 0]]) {
  const k = kept(hour(speed));
  const bytes = k.reduce((n, f) => n + JSON.stringify(f).length, 0);
  console.log(`${what.padEnd(18)}: ${String(k.length).padStart(4)} of 3600 fixes kept an hour, ~${(bytes / 1024).toFixed(1)} KB stored (JSON size)`);
}

const long = [];
for (let h = 0; h < 30; h++) long.push(...kept(hour(4 / 3.6)).map((f) => ({ ...f, t: f.t + h * 3_600_000, lat: f.lat + h * 0.04 })));
const big = long.slice(0, 10_000);
const times = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  summarise(big); measuredPace(big);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`summarise + pace of ${big.length.toLocaleString('en')} fixes: median ${times[10].toFixed(1)} ms, worst ${times[19].toFixed(1)} ms`);
