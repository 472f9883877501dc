// The least a worker can do to open a page offline: precache it, answer from the cache.
const FILES = ['/worker-react.html', '/worker-html.html', '/react-classic.js', '/worker-register.js'];
self.addEventListener('install', (event) =>
  event.waitUntil(
    caches
      .open('floor')
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  ),
);
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) =>
  event.respondWith(caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request))),
);
