// Quick notes that survive no signal: every note goes into the device's outbox first, with a
// client_id made here, and is sent from there (from this page at once, or from any page once
// the connection is back). The server stores a client_id once, so a retry after a dropped
// connection never makes a second note. The service worker keeps the page offline.
import { flush, items, onChange, queue, stillWaiting, tidy } from "./device/outbox.js";
import { uuid } from "./device/net.js";

const form = document.getElementById("note-form");
const FIELDS = ["what_i_did", "what_struck_me", "discussed_with", "activity_date", "cite"];

function notes() {
  return items().filter((item) => item.kind === "note");
}

function start() {
  const statusLine = document.getElementById("note-status");
  const outbox = document.getElementById("outbox");
  const list = document.getElementById("outbox-list");
  const next = document.getElementById("note-next");

  function say(text) {
    statusLine.textContent = text;
    if (next) next.hidden = true;
  }
  // The way on, once this note is on the server: straight into the editor with it.
  function offerEntry(noteId) {
    if (!next || !noteId) return;
    next.action = next.getAttribute("data-action").replace("/0/", "/" + noteId + "/");
    next.hidden = false;
  }

  function render() {
    list.textContent = "";
    for (const item of notes()) {
      const li = document.createElement("li");
      li.className = "outbox-item";
      li.setAttribute("data-state", item.state);
      li.textContent = item.label + " — " + (item.state === "sent" ? "sent" : item.state === "refused" ? "not sent" : "saved on this device, not yet sent");
      list.append(li);
    }
    outbox.hidden = !list.childElementCount;
  }

  async function send(id) {
    await flush();
    const item = notes().find((stored) => stored.key === id);
    tidy();
    if (!item) return;
    if (item.state === "sent") {
      const privacy = item.privacy && item.privacy.length ? " Check it for identifiers: " + item.privacy.join(" ") : "";
      say("Sent." + privacy);
      offerEntry(item.noteId);
    } else if (item.state === "refused") {
      say(item.message);
    } else {
      say("Not yet sent. " + stillWaiting(item));
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = {};
    for (const name of FIELDS) {
      const input = form.elements[name];
      fields[name] = input ? input.value : "";
    }
    if (!fields.what_i_did.trim() && !fields.what_struck_me.trim() && !fields.cite) {
      say("Type what you did or what struck you, so the note has something in it.");
      return;
    }
    const id = uuid();
    const queued = queue({
      key: id,
      kind: "note",
      url: form.action,
      body: [["client_id", id], ...FIELDS.map((name) => [name, fields[name] || ""])],
      label: (fields.what_i_did || fields.what_struck_me || "A note").slice(0, 60),
    });
    if (!queued) {
      say("This device has no room to keep the note: it was not saved. Try again with a connection.");
      return;
    }
    form.reset();
    if (form.elements.activity_date) form.elements.activity_date.value = fields.activity_date;
    say("Saved on this device, not yet sent.");
    send(id);
  });

  window.addEventListener("online", () => {
    const before = notes().filter((item) => item.state === "pending").map((item) => item.key);
    flush().then(() => {
      const sent = notes().filter((item) => before.includes(item.key) && item.state === "sent");
      if (before.length && sent.length === before.length) say("Sent.");
    });
  });
  onChange(render);
  render();
}

if (form) start();
