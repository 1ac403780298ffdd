// Per-fix cost of static/js/where.js on a synthetic 50,000-point track and on trek A's
// real profile.json (from bench/where_trek_profile.py), and the size of each compact
// profile. `node bench/where_bench.mjs`; prints numbers only.
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadProfile, whereAmI, haversineM } from '../static/js/where.js';

const N = 50_000;
const STEP_M = 1.0; // one point a metre: a 50 km track logged every second
const K = (6371008.8 * Math.PI) / 180;
const LAT0 = -13.1, LON0 = -72.05;
const KX = K * Math.cos((LAT0 * Math.PI) / 180);
const r = (x, dp) => Math.round(x * 10 ** dp) / 10 ** dp;

function buildTrack() {
  const points = [];
  let x = 0, y = 0, heading = 0, d = 0, prev = null;
  for (let i = 0; i < N; i++) {
    heading += Math.sin(i / 700) * 0.01; // a meandering path with switchbacks
    x += STEP_M * Math.sin(heading);
    y += STEP_M * Math.cos(heading);
    const lat = LAT0 + y / K, lon = LON0 + x / KX;
    if (prev) d += haversineM(prev[0], prev[1], lat, lon);
    prev = [lat, lon];
    const ele = 3600 + 600 * Math.sin(i / 4000) + 50 * Math.sin(i / 300);
    points.push([r(lat, 5), r(lon, 5), r(ele, 1), r(d, 1)]);
  }
  return points;
}

const points = buildTrack();
const length = points[N - 1][3];
const types = ['pass', 'junction', 'campsite', 'water', 'viewpoint'];
const waypoints = [];
for (let k = 1; k * 1500 < length; k++) {
  waypoints.push({ slug: `wp-${k}`, name: `Waypoint ${k}`, type: types[k % types.length],
    along_m: k * 1500, stage: 1 + Math.floor((k * 1500) / (length / 4)), advice: null });
}
const stages = [0, 1, 2, 3].map((s) => ({ number: s + 1, start_m: r((s * length) / 4, 1), end_m: r(((s + 1) * length) / 4, 1) }));
const compact = { v: 1, has_elevation: true, points, waypoints, stages };
const json = JSON.stringify(compact);
const profile = loadProfile(JSON.parse(json));

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(3)} ms, p95 ${q(0.95).toFixed(3)} ms, max ${s[s.length - 1].toFixed(3)} ms`;
}

function fixAt(i, offsetM) {
  const [lat, lon] = points[i];
  return [lat + offsetM / K, lon + offsetM / KX];
}

// Warm up the JIT as a phone would after the first few fixes.
for (let i = 0; i < 200; i++) whereAmI(profile, ...fixAt(i * 200, 5), 10, {});

const walking = [];
let hint = null;
for (let i = 0; i < N; i += 20) {
  const [lat, lon] = fixAt(i, 8 * Math.sin(i));
  const t0 = process.hrtime.bigint();
  const res = whereAmI(profile, lat, lon, 10, { hintAlongM: hint });
  walking.push(Number(process.hrtime.bigint() - t0) / 1e6);
  hint = res.alongM;
}
const cold = [];
for (let k = 0; k < 50; k++) {
  const [lat, lon] = fixAt(Math.floor(((k * 7919) % 997) / 997 * (N - 1)), 15);
  const t0 = process.hrtime.bigint();
  whereAmI(profile, lat, lon, 10, {});
  cold.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const t0 = process.hrtime.bigint();
loadProfile(JSON.parse(json));
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

console.log(`track: ${N} points, ${(length / 1000).toFixed(1)} km, ${waypoints.length} waypoints, ${stages.length} stages`);
console.log(`whereAmI with hint (${walking.length} fixes walking along): ${stats(walking)}`);
console.log(`whereAmI cold, no hint (${cold.length} fixes): ${stats(cold)}`);
console.log(`parse + loadProfile: ${loadMs.toFixed(1)} ms`);
console.log(`compact profile JSON: ${json.length} bytes raw, ${gzipSync(json).length} bytes gzip`);

// Trek A: the profile.json the phone saves for offline, walked fix by fix.
const PY = existsSync('.venv/bin/python') ? '.venv/bin/python' : 'python3';
let trekJson = null;
try {
  trekJson = execFileSync(PY, ['bench/where_trek_profile.py', 'lares-a'], { maxBuffer: 1 << 26 }).toString('utf8');
} catch (err) {
  console.log(`trek A skipped: could not run bench/where_trek_profile.py (${err.message.split('\n')[0]})`);
}
if (trekJson) {
  const data = JSON.parse(trekJson);
  const tp = loadProfile(data);
  const n = tp.d.length;
  for (let i = 0; i < 200; i++) whereAmI(tp, tp.lat[i % n], tp.lon[i % n], 10, {});
  const times = [];
  let h;
  for (let rep = 0; rep < 20; rep++) {
    h = null;
    for (let i = 0; i < n - 1; i++) {
      const lat = (tp.lat[i] + tp.lat[i + 1]) / 2 + 5 / K, lon = (tp.lon[i] + tp.lon[i + 1]) / 2;
      const t1 = process.hrtime.bigint();
      const res = whereAmI(tp, lat, lon, 10, { hintAlongM: h });
      times.push(Number(process.hrtime.bigint() - t1) / 1e6);
      h = res.alongM;
    }
  }
  const t2 = process.hrtime.bigint();
  loadProfile(JSON.parse(trekJson));
  const load2 = Number(process.hrtime.bigint() - t2) / 1e6;
  console.log(`trek A (lares-a): ${n} points, ${(tp.lengthM / 1000).toFixed(1)} km, ${data.waypoints.length} waypoints`);
  console.log(`trek A whereAmI with hint (${times.length} fixes): ${stats(times)}`);
  console.log(`trek A parse + loadProfile: ${load2.toFixed(2)} ms`);
  console.log(`trek A profile.json: ${Buffer.byteLength(trekJson)} bytes raw, ${gzipSync(trekJson).length} bytes gzip`);
}
