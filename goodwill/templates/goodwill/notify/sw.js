// Goodwill's service worker (served at /sw.js so that it controls every page).
// It keeps the app shell only: styles, scripts, icons, the offline page and the empty
// "log it now" form. It never keeps a page or an API answer with anyone's data in it:
// the device may be shared. Quick logs written offline live in IndexedDB (pwa.js) until sent.
"use strict";

const VERSION = "{{ version }}";
const SHELL = "goodwill-shell-" + VERSION;
const ASSETS = {{ assets_json|safe }};
const LOG_NOW = "{{ log_now }}";
const OFFLINE = "{{ offline }}";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll(ASSETS);
      // The empty form, fetched as a shell (no flash messages, nothing personal).
      try {
        const form = await fetch(LOG_NOW + "?shell=1", { credentials: "same-origin" });
        if (form.ok && !form.redirected) await cache.put(LOG_NOW, form);
      } catch (error) {
        // Offline during install: the form is kept on the next visit.
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("goodwill-shell-") && name !== SHELL) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Pages always come from the network; offline, the form or the offline page.
    event.respondWith(
      (async () => {
        try {
          const page = await fetch(request);
          if (url.pathname === LOG_NOW && page.ok && !page.redirected) {
            const shell = await fetch(LOG_NOW + "?shell=1", { credentials: "same-origin" });
            if (shell.ok && !shell.redirected) {
              await (await caches.open(SHELL)).put(LOG_NOW, shell);
            }
          }
          return page;
        } catch (error) {
          const cache = await caches.open(SHELL);
          const kept = url.pathname === LOG_NOW ? await cache.match(LOG_NOW) : null;
          return kept || (await cache.match(OFFLINE)) || Response.error();
        }
      })(),
    );
    return;
  }
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(
      caches.match(url.pathname).then((kept) => kept || fetch(request)),
    );
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Goodwill", {
      body: data.body || "",
      icon: ASSETS.find((a) => a.includes("icon-192")),
      badge: ASSETS.find((a) => a.includes("maskable-192")),
      tag: data.tag || data.title || "goodwill",
      data: { url: data.url || "/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  let target = new URL("/", self.location.origin);
  try {
    const given = new URL(event.notification.data.url, self.location.origin);
    if (given.origin === self.location.origin) target = given;
  } catch (error) {
    // keep the home page
  }
  event.waitUntil(self.clients.openWindow(target.href));
});
