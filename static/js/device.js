// On every page: whose device this is (forgetting anyone else's text), the service worker
// that keeps the app usable offline, and the outbox of saves waiting for a connection, sent
// from whichever page is open and counted where everyone can see it.
import { forgetOthers } from "./device/storage.js";
import { flush, onChange, stillWaiting, tidy, unsavedEditors, waiting } from "./device/outbox.js";

const body = document.body;
const user = body.getAttribute("data-user") || "";
const panel = document.getElementById("device-outbox");
let answered = []; // what the last sending brought back, shown until the next

function plural(n, one, many) {
  return n + " " + (n === 1 ? one : many);
}

function line(text, link, linkText) {
  const p = document.createElement("p");
  p.className = "mb-1";
  p.append(text);
  if (link) {
    const a = document.createElement("a");
    a.href = link;
    a.textContent = linkText;
    p.append(" ", a);
  }
  return p;
}

// What the outbox holds, said plainly: the count waiting, and what came back needing you.
function render() {
  if (!panel) return;
  const count = waiting().length;
  panel.textContent = "";
  if (!navigator.onLine && !document.getElementById("offline-page")) {
    // A kept page (kept by the service worker) may be older than what the server holds.
    const p = line("No connection: this page may be as it was when you last opened it, and " +
      "buttons that change something need a connection. Writing is kept on this device.");
    p.id = "offline-notice";
    panel.append(p);
  }
  if (count) {
    const p = line(plural(count, "save is", "saves are") + " waiting to send. " + stillWaiting(waiting()[0], count));
    p.id = "outbox-count";
    p.setAttribute("data-count", String(count));
    panel.append(p);
  }
  // Text typed in an editor that has reached neither the server nor the outbox (typed offline,
  // then the page was left): it is sent from its editor, so say where it is. Not on an editor
  // page itself. A save waiting above already holds its editor's text: said once, there.
  if (!document.getElementById("entry-form")) {
    for (const editor of unsavedEditors()) {
      const link = editor === "new" ? "/entries/new/" : "/entries/" + editor + "/edit/";
      panel.append(line(
        "Text you typed in the editor is kept on this device and not saved yet.", link, "Open it to save it"
      ));
    }
  }
  for (const item of answered) {
    if (item.state === "sent") {
      const what = item.kind === "note" ? "Quick note sent: “" : "Entry saved: “";
      panel.append(line(what + item.label + "”", item.link, "Open it"));
    } else if (item.state === "attention" || item.state === "refused") {
      panel.append(line("“" + item.label + "” was sent, but " + (item.message || "needs your attention."), item.link, "Open it"));
    }
  }
  panel.hidden = !panel.childElementCount;
}

async function send() {
  const done = await flush();
  if (!done.length) return;
  answered = done;
  tidy();
}

async function start() {
  await forgetOthers(user);
  if (!user) return;
  if ("serviceWorker" in navigator && body.getAttribute("data-service-worker")) {
    // The worker that once kept only the quick-note page gives way to the one for every page.
    navigator.serviceWorker.getRegistrations().then((registrations) => {
      registrations.filter((r) => r.scope.endsWith("/notes/")).forEach((r) => r.unregister());
    }).catch(() => {});
    navigator.serviceWorker.register(body.getAttribute("data-service-worker"), { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => registration.active.postMessage("keep-shell"))
      .catch(() => {});
  }
  onChange(() => render());
  render();
  window.addEventListener("online", () => { render(); send(); });
  window.addEventListener("offline", render);
  window.setInterval(() => { if (waiting().length) send(); }, 30000);
  send();
}

// Logging out with saves still waiting would throw them away: ask first.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.hasAttribute || !form.hasAttribute("data-forget-device")) return;
  const count = waiting().length + unsavedEditors().length;
  if (count && !window.confirm(
    plural(count, "piece of writing has", "pieces of writing have") + " not been saved yet. " +
    "Logging out deletes " + (count === 1 ? "it" : "them") + " from this device. Log out anyway?"
  )) event.preventDefault();
});

start();
