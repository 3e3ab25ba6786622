// Cloudwright's loader. A file rather than Trunk's inline <script>, so the Content-Security-Policy
// allows no inline script at all (an injected `onerror=` attribute cannot run).
//
// 1. Starts the app: imports the wasm-bindgen module Trunk built and runs it with the .wasm.
//    Both names carry a content hash; Trunk writes them into this script tag's data attributes
//    (`pattern_script` in Trunk.toml), relative to the page, so any sub-path works.
// 2. Registers the service worker (sw.js, written after each build by scripts/precache.mjs) once
//    the app has started (its first frame painted, its first analysis shown: the app sets
//    `window.cloudwrightStarted` and fires `cloudwright-started`; at the latest 10 s after the
//    wasm started) and its idle prefetch of the first tabs' code (at most 5 s more), so installing it — fetching every file of the build and checking each
//    one's SHA-256 — never competes with the start-up on a busy machine (issue 20), and
//    tells the app when a new version is installed and waiting: the app shows "New version
//    available — reload" and, when the user agrees and the design is saved, calls
//    `cloudwrightApplyUpdate()`. The waiting worker then takes over and the page reloads once,
//    so a page never runs old JavaScript with a new .wasm.
const tag = document.querySelector('script[data-js][data-wasm]');
const url = (attr) => new URL(tag.getAttribute(attr), document.baseURI).href;
const { default: init } = await import(url('data-js'));
await init({ module_or_path: url('data-wasm') });

let reloading = false;
/** Lets the waiting version take over; the page reloads when it has. */
window.cloudwrightApplyUpdate = () => {
  const waiting = window.cloudwrightUpdateWaiting;
  if (!waiting) return location.reload();
  reloading = true;
  waiting.postMessage({ type: 'activate' });
};

if ('serviceWorker' in navigator) {
  await new Promise((started) => {
    if (window.cloudwrightStarted) return started();
    addEventListener('cloudwright-started', started, { once: true });
    setTimeout(started, 10_000);
  });
  // And after the app's idle prefetch of the first tabs' code (src/on_demand.rs
  // prefetch_soon; at most 5 s more): the precache fetches every file at once, which on a
  // slow link would hold up the chunks a first click needs.
  await new Promise((prefetched) => {
    if (window.cloudwrightPrefetched) return prefetched();
    addEventListener('cloudwright-prefetched', prefetched, { once: true });
    setTimeout(prefetched, 5_000);
  });
  try {
    const sw = navigator.serviceWorker;
    const reg = await sw.register(new URL('sw.js', document.baseURI).href);
    // A browser that refuses service workers without throwing (a policy, an automation
    // setting) resolves with nothing: said as such below, not as the TypeError reading it
    // gave (QA s55 F5: "Cannot read properties of undefined (reading 'waiting')").
    if (!reg) throw Object.assign(new Error('no registration'), { said: 'this browser did not register its service worker (service workers are turned off or not allowed for this page)' });
    sw.addEventListener('controllerchange', () => { if (reloading) location.reload(); });
    // Offer a new version only to a page an older version runs (not on the first visit).
    const offer = (worker) => {
      if (!worker || !sw.controller) return;
      window.cloudwrightUpdateWaiting = worker;
      dispatchEvent(new Event('cloudwright-update'));
    };
    const watch = (worker) => worker?.addEventListener('statechange', () => { if (worker.state === 'installed') offer(worker); });
    offer(reg.waiting);
    watch(reg.installing); // an update found before this script got here
    reg.addEventListener('updatefound', () => watch(reg.installing));
    // A workshop tab stays open for hours: look for a new version whenever it is shown again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reg.update().catch(() => {});
    });
  } catch (e) {
    // No service worker (an insecure origin, a private window, turned off): the app works,
    // just not offline. One sentence in our words: the browser's own message is a TypeError or
    // a SecurityError about protocols and scopes (QA s55 F5); it is kept after it, for support.
    const why = e?.said ?? `this browser did not allow a service worker for this page (an insecure address, a private window, or service workers turned off; it said: ${e?.message ?? e})`;
    console.warn(`Cloudwright works online only here: ${why}. The app works; it cannot be opened offline.`);
  }
}
