// Cloudwright's service worker: the whole app, offline, one version at a time.
//
// - Install: fetches every file of its build (the list below, written after the build by
//   scripts/precache.mjs from what Trunk produced, with each file's SHA-256), checks each
//   digest, and stores them in a cache named after the build. A file that is missing or not
//   the one listed (a deploy half done) fails the install: nothing is kept, the old version
//   stays, and the browser tries again on a later visit.
// - Fetch: the app's own files come from this build's cache (cache-first: their names carry a
//   hash or they belong to this build's set); a navigation to the app's folder gets this
//   build's index.html. Anything else goes to the network as if there were no worker.
// - Update: a new build is a new sw.js (its list differs), so the browser installs it next to
//   the running one, where it waits. The page offers "New version available — reload"; on
//   "activate" the new worker takes over, deletes the old build's cache, and the page reloads:
//   the whole set of files is swapped at once, never old JavaScript with new wasm.
const BUILD = 'dev';
const PRECACHE = [];

const SCOPE = new URL(self.registration.scope);
// Per folder: two copies of the app on one host (say /planner/ and /planner-test/) keep apart.
const PREFIX = `cloudwright:${SCOPE.pathname}:`;
const CACHE = PREFIX + BUILD;
const KNOWN = new Set(PRECACHE.map(([path]) => path));

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function precache() {
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(PRECACHE.map(async ([path, sha256]) => {
      const url = new URL(path, SCOPE).href;
      const res = await fetch(url, { cache: 'no-cache' });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      const digest = hex(await crypto.subtle.digest('SHA-256', await res.clone().arrayBuffer()));
      if (digest !== sha256) throw new Error(`${path} is not the file of build ${BUILD}`);
      await cache.put(url, res);
    }));
  } catch (e) {
    await caches.delete(CACHE);
    throw e;
  }
}

self.addEventListener('install', (event) => event.waitUntil(precache()));

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
  }
  await self.clients.claim();
})()));

self.addEventListener('message', (event) => {
  if (event.data?.type === 'activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  let path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  if (path === '' && req.mode === 'navigate') path = 'index.html';
  if (!KNOWN.has(path)) return;
  event.respondWith((async () => {
    const hit = await caches.match(new URL(path, SCOPE).href, { cacheName: CACHE });
    return hit ?? fetch(req);
  })());
});
