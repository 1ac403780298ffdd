/**
 * Where a recording lives on the phone: IndexedDB "lares-recording", so it survives closing
 * the app, a reload and a browser restart, in airplane mode.
 *
 *   fixes  every kept fix {rec, t, lat, lon, acc, ele, session, off} (auto key, index "rec")
 *          — `off` is the fix's distance from the trek's line when it was taken, so
 *          "back to the route" never has to search the line again for old fixes
 *   meta   one row per recording {rec, on, session}: `on` says the hiker pressed Record
 *          and has not paused, so a page opened later resumes; each resume is a new
 *          session, so the time the app was closed stays a gap.
 * A recording is keyed by the trek's slug (`rec`): one walk of one trek per phone.
 */

const DB_NAME = 'lares-recording';
const DB_VERSION = 1;

let dbPromise = null;

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        const fixes = db.createObjectStore('fixes', { autoIncrement: true });
        fixes.createIndex('rec', 'rec');
        db.createObjectStore('meta', { keyPath: 'rec' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

function done(t) {
  return new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

const result = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

export const available = () => typeof indexedDB !== 'undefined';

export async function getMeta(rec) {
  const db = await open();
  return (await result(db.transaction('meta').objectStore('meta').get(rec))) || { rec, on: false, session: 0 };
}

export async function putMeta(meta) {
  const db = await open();
  const t = db.transaction('meta', 'readwrite');
  t.objectStore('meta').put(meta);
  await done(t);
}

export async function addFix(fix) {
  const db = await open();
  const t = db.transaction('fixes', 'readwrite');
  t.objectStore('fixes').add(fix);
  await done(t);
}

/** Every fix of a recording, oldest first (keys are in insertion order). */
export async function listFixes(rec) {
  const db = await open();
  return result(db.transaction('fixes').objectStore('fixes').index('rec').getAll(rec));
}

/** Forget a recording entirely (the hiker's choice; asked for on the page first). */
export async function clearRecording(rec) {
  const db = await open();
  const t = db.transaction(['fixes', 'meta'], 'readwrite');
  const index = t.objectStore('fixes').index('rec');
  const keys = await result(index.getAllKeys(rec));
  for (const k of keys) t.objectStore('fixes').delete(k);
  t.objectStore('meta').delete(rec);
  await done(t);
}
