// The service worker that lets Merge Islands play offline once it has been opened. It keeps
// every file of the build (the page, the JS, the wasm, the fonts, the icons) in a cache named
// after the build, answers from that cache first, and drops the caches of older builds.
// web/offline.sh fills in BUILD (a hash of the build's files) and FILES.
const BUILD = '__BUILD__';
const FILES = __FILES__;
const PREFIX = 'merge-islands-';
const CACHE = PREFIX + BUILD;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: past the browser's HTTP cache, so a new build never keeps an old file.
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // A page's address may carry ?level= or ?code=: any navigation is the one page.
  const navigation = request.mode === 'navigate';
  const key = navigation ? new URL('./index.html', self.registration.scope).href : request;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key, { ignoreSearch: navigation, ignoreVary: true }))
      .then((hit) => hit || fetch(request)),
  );
});
