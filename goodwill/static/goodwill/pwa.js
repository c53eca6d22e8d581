// The installable app: registers the service worker, keeps "log it now" entries in
// IndexedDB while offline and sends them when back online (each with its own key, so a
// retry never logs twice), shows "N waiting to send", and turns web push on or off.
// Pages work without it; only offline capture and push need it.
"use strict";

(() => {
  const DB = "goodwill-offline";
  const STORE = "quick-logs";

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(mode, action) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  }

  const all = () => withStore("readonly", (store) => store.getAll());
  const put = (entry) => withStore("readwrite", (store) => store.put(entry));
  const remove = (key) => withStore("readwrite", (store) => store.delete(key));

  function csrfToken() {
    const found = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return found ? decodeURIComponent(found.split("=")[1]) : "";
  }

  function newKey() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  // ------------------------------------------------------------ the badge and the list

  async function showQueue() {
    let entries = [];
    try {
      entries = await all();
    } catch (error) {
      return;
    }
    const waiting = entries.length;
    const badge = document.getElementById("queue-badge");
    if (badge) {
      badge.hidden = waiting === 0;
      badge.textContent = waiting === 1 ? "1 waiting to send" : `${waiting} waiting to send`;
    }
    const box = document.getElementById("queue");
    const list = document.getElementById("queue-list");
    if (!box || !list) return;
    box.hidden = waiting === 0;
    list.replaceChildren(
      ...entries.map((entry) => {
        const item = document.createElement("li");
        item.className = "row";
        const main = document.createElement("div");
        main.className = "row-main";
        const title = document.createElement("span");
        title.className = "row-title";
        title.textContent = entry.names;
        const note = document.createElement("span");
        note.className = "muted";
        note.textContent = entry.problem
          ? entry.problem
          : "kept on this phone; it goes when you are online";
        main.append(title, note);
        item.append(main);
        if (entry.problem) {
          const drop = document.createElement("button");
          drop.type = "button";
          drop.className = "button quiet small";
          drop.textContent = "Remove it";
          drop.addEventListener("click", async () => {
            await remove(entry.key);
            showQueue();
          });
          item.append(drop);
        }
        return item;
      }),
    );
  }

  function say(text) {
    const status = document.getElementById("quick-log-status");
    if (status) status.textContent = text;
  }

  function showFinish(count) {
    const link = document.getElementById("finish-link");
    const number = document.getElementById("finish-count");
    if (!link || !number || count <= 0) return;
    number.textContent = String(Number(number.textContent || 0) + count);
    link.hidden = false;
  }

  // ------------------------------------------------------------ sending

  let sending = null;
  const sendUrl = () => {
    const form = document.getElementById("quick-log");
    return form ? form.dataset.send : "/api/v1/notify/quick-log";
  };

  async function flush() {
    if (sending) return sending;
    sending = (async () => {
      let logged = 0;
      let waiting = 0;
      let entries = [];
      try {
        entries = await all();
      } catch (error) {
        return; // no IndexedDB here (a private window): nothing was kept
      }
      for (const entry of entries) {
        if (entry.problem) continue;
        let response;
        try {
          const { key, names, kind, heard, ask_next, needs, occurred_at } = entry;
          response = await fetch(sendUrl(), {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
            body: JSON.stringify({ key, names, kind, heard, ask_next, needs, occurred_at }),
          });
        } catch (error) {
          break; // still offline: try again later
        }
        if (response.ok) {
          const result = await response.json();
          if (result.status === "waiting") waiting += 1;
          else logged += 1;
          await remove(entry.key);
        } else if (response.status === 422) {
          const body = await response.json().catch(() => ({}));
          const detail = Object.values(body.fields || {}).flat()[0] || body.message;
          entry.problem = `Not sent: ${detail || "something in it was refused"}`;
          await put(entry);
        } else {
          break; // signed out, or the server is busy: keep everything for later
        }
      }
      await showQueue();
      if (logged || waiting) {
        const parts = [];
        if (logged) parts.push(logged === 1 ? "1 logged" : `${logged} logged`);
        if (waiting) parts.push(`${waiting} to finish: Goodwill did not guess who`);
        say(`Sent. ${parts.join("; ")}.`);
        showFinish(waiting);
      }
    })();
    try {
      await sending;
    } finally {
      sending = null;
    }
  }

  function setUpForm() {
    const form = document.getElementById("quick-log");
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const names = String(data.get("names") || "").trim();
      if (!names) {
        say("Type at least one name: who was it?");
        form.elements.names.focus();
        return;
      }
      await put({
        key: newKey(),
        names,
        kind: String(data.get("kind") || "coffee"),
        heard: String(data.get("heard") || ""),
        ask_next: String(data.get("ask_next") || ""),
        needs: String(data.get("needs") || ""),
        occurred_at: new Date().toISOString(),
      });
      form.reset();
      say(
        navigator.onLine
          ? "Kept. Sending it now…"
          : "Kept on this phone. It goes to Goodwill when you are back online.",
      );
      await showQueue();
      if (navigator.onLine) flush();
    });
  }

  // ------------------------------------------------------------ web push

  function keyBytes(base64) {
    const padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  async function setUpPush() {
    const box = document.getElementById("push-box");
    if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
    const on = document.getElementById("push-on");
    const off = document.getElementById("push-off");
    const state = document.getElementById("push-state");
    const registration = await navigator.serviceWorker.ready;
    const refresh = async () => {
      const current = await registration.pushManager.getSubscription();
      on.hidden = Boolean(current);
      off.hidden = !current;
      state.textContent = current
        ? "This device gets your notifications."
        : "This device does not get notifications yet.";
    };
    const post = (url, body) =>
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body),
      });
    on.addEventListener("click", async () => {
      try {
        if ((await Notification.requestPermission()) !== "granted") {
          state.textContent = "Notifications are blocked for this site. Allow them in the browser's site settings, then try again.";
          return;
        }
        const subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.dataset.key),
        });
        const json = subscription.toJSON();
        const name = /Android|iPhone|iPad/.exec(navigator.userAgent)?.[0] || "A computer";
        const answer = await post(box.dataset.subscribe, { endpoint: json.endpoint, keys: json.keys, name });
        if (!answer.ok) throw new Error(String(answer.status));
        await refresh();
      } catch (error) {
        state.textContent = "This browser could not sign up for notifications. Installing the app first often helps.";
      }
    });
    off.addEventListener("click", async () => {
      const current = await registration.pushManager.getSubscription();
      if (current) {
        await post(box.dataset.unsubscribe, { endpoint: current.endpoint });
        await current.unsubscribe();
      }
      await refresh();
    });
    await refresh();
  }

  // ------------------------------------------------------------ start

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }
  window.addEventListener("online", () => flush());
  document.addEventListener("DOMContentLoaded", () => {
    setUpForm();
    setUpPush();
    showQueue().then(() => {
      if (navigator.onLine) flush();
    });
  });
  window.goodwillOffline = { flush, all };
})();
