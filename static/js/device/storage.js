// Everything this app keeps on a device, and forgetting it. Kept: the editor's unsaved text
// ("cpd-editor:<entry>"), the outbox of saves waiting for a connection ("cpd-outbox"), whose
// device it is ("cpd-owner") and the service worker's copies of pages and files (caches).
// A shared or lost phone must hold none of one person's text once they log out, delete their
// account, or someone else logs in: the server sends Clear-Site-Data and, where a browser
// ignores it (plain http off this machine), the cookie "forget-device", read here.

const OWNER = "cpd-owner";
const FORGET_COOKIE = "forget-device";

export function keptKey(entryId) {
  return "cpd-editor:" + (entryId || "new");
}

// The editors whose typed text is kept here and not yet saved: "new" or an entry's id each.
export function keptEditors() {
  const editors = [];
  try {
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      if (key && key.startsWith("cpd-editor:")) editors.push(key.slice("cpd-editor:".length));
    }
  } catch (e) { /* nothing kept */ }
  return editors;
}

export function read(key, fallback) {
  try {
    const value = window.localStorage.getItem(key);
    return value === null ? fallback : JSON.parse(value);
  } catch (e) {
    return fallback;
  }
}

export function write(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch (e) {
    return false; // private mode or full storage: the server copy still works
  }
}

export function remove(key) {
  try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
}

export async function forgetEverything() {
  try { window.localStorage.clear(); } catch (e) { /* nothing kept */ }
  try { window.sessionStorage.clear(); } catch (e) { /* nothing kept */ }
  if (window.caches) {
    const names = await window.caches.keys();
    await Promise.all(names.map((name) => window.caches.delete(name)));
  }
}

function forgetCookieSet() {
  return document.cookie.split(";").some((part) => part.trim() === FORGET_COOKIE + "=1");
}

// Called on every page: `user` is the signed-in person's id, or "" for nobody.
export async function forgetOthers(user) {
  if (forgetCookieSet()) {
    await forgetEverything();
    document.cookie = FORGET_COOKIE + "=; Max-Age=0; Path=/; SameSite=Lax";
  }
  if (!user) return; // signed out: text kept for the person logging back in stays
  const owner = read(OWNER, null);
  if (owner !== user) {
    // Someone else's device until now, or a device from before it was marked: start clean.
    if (owner !== null || window.localStorage.length) await forgetEverything();
    write(OWNER, user);
  }
}
