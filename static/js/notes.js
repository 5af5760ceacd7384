// Quick notes that survive no signal: every note goes into a localStorage outbox first,
// with a UUID made here, and is sent from there. The server stores a UUID once, so a retry
// after a dropped connection never makes a second note. The service worker keeps the page
// itself available offline.
(function () {
  "use strict";
  var form = document.getElementById("note-form");
  if (!form) return;
  var KEY = "cpd-notes-outbox";
  var statusLine = document.getElementById("note-status");
  var outbox = document.getElementById("outbox");
  var list = document.getElementById("outbox-list");
  var FIELDS = ["what_i_did", "what_struck_me", "discussed_with", "activity_date", "cite"];

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function store(items) { window.localStorage.setItem(KEY, JSON.stringify(items)); }
  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }
  var next = document.getElementById("note-next");
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
    var items = load();
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "outbox-item";
      li.setAttribute("data-state", item.state);
      var words = (item.fields.what_i_did || item.fields.what_struck_me || "A note").slice(0, 60);
      li.textContent = words + " — " + (item.state === "sent" ? "sent" : "saved on this device, not yet sent");
      list.appendChild(li);
    });
    outbox.hidden = items.length === 0;
  }

  function csrf() { return form.querySelector("input[name=csrfmiddlewaretoken]").value; }

  function send(item) {
    var body = new URLSearchParams();
    body.append("client_id", item.id);
    FIELDS.forEach(function (name) { body.append(name, item.fields[name] || ""); });
    return fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() },
      body: body
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function flush() {
    var pending = load().filter(function (item) { return item.state !== "sent"; });
    return pending.reduce(function (chain, item) {
      return chain.then(function () {
        return send(item).then(function (result) {
          var items = load();
          items.forEach(function (stored) {
            if (stored.id !== item.id) return;
            if (result.data.ok) {
              stored.state = "sent";
              stored.privacy = result.data.privacy || [];
              stored.noteId = result.data.id;
            } else if (result.status === 400) {
              stored.state = "refused";
              stored.errors = result.data.errors || [];
            }
          });
          store(items);
        });
      });
    }, Promise.resolve()).then(function () {
      // Sent notes are on the server now; keep only what still needs the device.
      var items = load();
      var sentNow = items.filter(function (item) { return item.state === "sent"; });
      render();
      store(items.filter(function (item) { return item.state !== "sent"; }).concat(sentNow.slice(-3)));
      return sentNow;
    }).catch(function () { render(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = {};
    FIELDS.forEach(function (name) {
      var input = form.elements[name];
      fields[name] = input ? input.value : "";
    });
    if (!fields.what_i_did.trim() && !fields.what_struck_me.trim() && !fields.cite) {
      say("Type what you did or what struck you, so the note has something in it.");
      return;
    }
    var id = uuid();
    var items = load();
    items.push({ id: id, fields: fields, state: "pending", saved: new Date().toISOString() });
    store(items);
    form.reset();
    if (form.elements.activity_date) form.elements.activity_date.value = fields.activity_date;
    say("Saved on this device, not yet sent.");
    render();
    flush().then(function () {
      var item = load().filter(function (stored) { return stored.id === id; })[0];
      if (!item || item.state === "sent") {
        var privacy = item && item.privacy && item.privacy.length ? " Check it for identifiers: " + item.privacy.join(" ") : "";
        say("Sent." + privacy);
        if (item) offerEntry(item.noteId);
      } else if (item.state === "refused") {
        say("Not sent: " + (item.errors || []).join(" "));
      } else {
        say("Saved on this device, not yet sent. It will be sent when the connection is back.");
      }
    });
  });

  window.addEventListener("online", function () {
    var waiting = load().some(function (item) { return item.state === "pending"; });
    flush().then(function () {
      var still = load().some(function (item) { return item.state === "pending"; });
      if (waiting && !still) say("Sent.");
    });
  });
  render();
  if (navigator.onLine) flush();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(form.getAttribute("data-service-worker")).catch(function () {});
  }
})();
