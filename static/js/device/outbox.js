// Saves made with no connection wait here, on the device, and are sent from whichever page
// of the app is open once the connection is back: quick notes, and the editor's "Save draft"
// and "Save and mark complete" (text, ticks and completion: the whole form as it was).
// Each carries a key made here (a note's client_id, a save's client_key) that the server
// stores once, so a save sent twice (two tabs, a dropped answer) is applied once.
import { keptEditors, keptKey, read, remove, write } from "./storage.js";
import { csrfToken, uuid } from "./net.js";

const KEY = "cpd-outbox";
const EVENT = "cpd-outbox";

export function items() {
  return read(KEY, []);
}

export function waiting() {
  return items().filter((item) => item.state === "pending");
}

function store(list) {
  const stored = write(KEY, list);
  window.dispatchEvent(new CustomEvent(EVENT));
  return stored;
}

function update(key, changes) {
  store(items().map((item) => (item.key === key ? { ...item, ...changes } : item)));
}

export function forget(key) {
  store(items().filter((item) => item.key !== key));
}

// `item`: kind ("note" or "entry"), url, body (name/value pairs, its own key among them),
// label (a few words to recognise it by) and, for the editor, entryId and formKey.
export function queue(item) {
  const queued = { state: "pending", queuedAt: new Date().toISOString(), key: uuid(), ...item };
  return store(items().concat([queued])) ? queued : null;
}

// A device copy of an editor's text (kept.js) whose words are all in a save still waiting here:
// the outbox holds them, so they are not "unsaved" and are never offered back beside it.
export function queuedCopy(kept) {
  return Boolean(kept && kept.queued && JSON.stringify(kept.fields) === JSON.stringify(kept.queued.fields) &&
    waiting().some((item) => item.key === kept.queued.key));
}

// The editors ("new" or an entry's id) holding text that is in neither the server nor the outbox.
export function unsavedEditors() {
  return keptEditors().filter((editor) => !queuedCopy(read(keptKey(editor), null)));
}

export function onChange(callback) {
  window.addEventListener(EVENT, callback);
  // Another tab sent or queued something.
  window.addEventListener("storage", (event) => { if (event.key === KEY || event.key === null) callback(); });
}

function signInNeeded(response) {
  return response.redirected && new URL(response.url).pathname.startsWith("/accounts/");
}

// Why a save is still waiting after a try, kept on it for every tab to say: the server
// answered with an error ("server"), or the session had ended ("sign-in"). No answer at all
// is the connection, which is what the count says unless told otherwise.
function stalled(response) {
  if (signInNeeded(response)) return { state: "pending", stalled: "sign-in" };
  return response.ok ? null : { state: "pending", stalled: "server" };
}

// What to say of `item` (one of `count` saves) still waiting, from why its last try failed.
export function stillWaiting(item, count = 1) {
  const it = count === 1 ? "it" : "they";
  if (item && item.stalled === "sign-in") {
    return "Saved on this device; " + it + " will be sent once you log in again.";
  }
  if (item && item.stalled === "server") {
    return "Saved on this device. The journal could not take " + (count === 1 ? "it" : "them") +
      " just now; " + it + " will be tried again every 30 seconds while a page of the journal is open.";
  }
  return "Saved on this device; " + it + " will be sent when you are back online.";
}

async function noteResult(response) {
  if (response.status === 400) {
    const body = await response.json();
    return { state: "refused", message: "Not sent: " + (body.errors || []).join(" ") };
  }
  const waitingStill = stalled(response);
  if (waitingStill) return waitingStill;
  const body = await response.json();
  return { state: "sent", noteId: body.id, privacy: body.privacy || [] };
}

// The editor's form answers with a page: the entry's page when it saved, or the editor again
// when it kept the text as a draft but could not do all that was asked (a conflict, or
// something still missing for "complete").
async function entryResult(response) {
  const waitingStill = stalled(response);
  if (waitingStill) return waitingStill;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const saved = page.getElementById("entry-saved");
  if (saved) {
    const entryId = saved.getAttribute("data-entry-id");
    return { state: "sent", link: response.url, entryId, revision: saved.getAttribute("data-revision") };
  }
  const editor = page.getElementById("entry-form");
  if (!editor) return { state: "pending", stalled: "server" };
  const message = page.getElementById("conflict")
    ? "it had been changed somewhere else meanwhile, so your text is kept as a version beside it."
    : "it is saved as a draft, but something needs your attention before it can be complete.";
  return { state: "attention", link: editor.getAttribute("action"), message };
}

async function send(item, token) {
  const response = await fetch(item.url, {
    method: "POST",
    body: new URLSearchParams(item.body),
    credentials: "same-origin",
    headers: { "X-CSRFToken": token, Accept: item.kind === "note" ? "application/json" : "text/html" },
  });
  return item.kind === "note" ? noteResult(response) : entryResult(response);
}

async function sendWaiting() {
  const token = csrfToken();
  const done = [];
  for (const item of waiting()) {
    let result;
    try {
      result = await send(item, token);
    } catch (e) {
      result = { state: "pending", stalled: null }; // no connection after all
    }
    update(item.key, result);
    if (result.state === "pending") break; // try again later, in order
    done.push({ ...item, ...result });
    if (item.kind === "entry") {
      // The server has the text now (as the entry, or a draft, or a version), unless words
      // were typed after the save was queued: those stay on the device until they are saved.
      const typedSince = (kept) => kept && kept.queued && JSON.stringify(kept.fields) !== JSON.stringify(kept.queued.fields);
      if (!typedSince(read(keptKey(item.entryId || result.entryId), null))) remove(keptKey(item.entryId || result.entryId));
      const fresh = item.entryId ? null : read(keptKey(null), null);
      if (fresh && fresh.formKey === item.formKey && !typedSince(fresh)) remove(keptKey(null));
    }
  }
  return done;
}

// Sent saves have said so; only a few sent notes stay, for the notes page to list.
export function tidy() {
  const list = items();
  const sentNotes = list.filter((item) => item.kind === "note" && item.state === "sent").slice(-3);
  store(list.filter((item) => (item.state !== "sent") || sentNotes.includes(item)));
}

// Send everything waiting, one tab at a time (the server honours each key once anyway);
// returns the items sent or answered, as they are now.
export async function flush() {
  if (!navigator.onLine || !csrfToken() || !waiting().length) return [];
  return navigator.locks ? navigator.locks.request(KEY, sendWaiting) : sendWaiting();
}
