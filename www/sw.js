// Offline use: after one visit the playground works with no network — the page, the wasm and its worker, the
// embedded digits, the 8×8 digits, the pretrained model and every lesson (lessons are the same page with
// another query). Network first: online, every request fetches the current file and refreshes the cache, so a
// new version replaces the cached one on the next visit; offline, the cached copy answers.
const CACHE = 'mnist-playground';
const SHELL = ['./', 'index.html', 'mnist-playground.js', 'mnist-playground_bg.wasm', 'worker.js', 'style.css',
  'course.html', 'manifest.webmanifest', 'icon-192.png', 'icon-512.png',
  'data/mnist-10k-images-idx3-ubyte.gz', 'data/mnist-10k-labels-idx1-ubyte.gz', 'data/digits-8x8.csv.gz',
  'data/pretrained.safetensors'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    } catch (offline) {
      // Lessons and settings are queries on the same page: any query finds the cached page.
      const cached = await cache.match(request, { ignoreSearch: true });
      if (cached) return cached;
      throw offline;
    }
  })());
});
