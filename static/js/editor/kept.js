// Text typed in the editor is kept on this device (localStorage) until the server has it, so a
// failed save, a lost connection, a conflict, a forced sign-in or a closed tab loses nothing.
// What is kept: every field the server marks (data-entry-field) and the ticked standards and
// statements.
import { queuedCopy } from "../device/outbox.js";
import { keptKey, read, remove, write } from "../device/storage.js";

const TICKS = ["standards", "statements"];

export function formValues(form) {
  const values = {};
  form.querySelectorAll("[data-entry-field]").forEach((el) => { values[el.name] = el.value; });
  for (const name of TICKS) {
    values[name] = Array.from(form.querySelectorAll(`input[name=${name}]:checked`), (box) => box.value);
  }
  return values;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class KeptText {
  #form;
  #entryId;
  #server; // what the server is known to hold
  #submitted = "";
  #queued = null; // the save waiting in the outbox, with the values it holds
  #signedOut = false;

  constructor(form) {
    this.#form = form;
    this.#entryId = form.getAttribute("data-entry-id");
    this.#server = formValues(form);
  }

  get entryId() { return this.#entryId; }
  get unsaved() {
    const now = formValues(this.#form);
    if (this.#queued) return !same(now, this.#queued.fields);
    return !this.#submitted && !same(now, this.#server);
  }

  #formKey() {
    const input = this.#form.querySelector("input[name=form_key]");
    return input ? input.value : "";
  }

  keep() {
    const now = formValues(this.#form);
    if (same(now, this.#server)) { remove(keptKey(this.#entryId)); return; }
    write(keptKey(this.#entryId), {
      fields: now, at: Date.now(), formKey: this.#formKey(),
      submitted: Boolean(this.#submitted), intent: this.#submitted, signedOut: this.#signedOut,
      queued: this.#queued,
    });
  }

  // The server now holds `values` (what was sent, less any field it could not store).
  confirm(values) {
    this.#server = values;
    this.keep();
  }

  // A new entry became entry `id` on its first autosave: keep its text under that name.
  movedTo(id) {
    remove(keptKey(this.#entryId));
    this.#entryId = String(id);
  }

  // The form is on its way, or waits in the outbox as save `queuedKey`: `intent` is the
  // button pressed.
  submitted(intent, queuedKey) {
    this.#submitted = intent || "draft";
    if (queuedKey) this.#queued = { key: queuedKey, fields: formValues(this.#form) };
    this.keep();
  }

  signedOut() {
    this.#signedOut = true;
    this.keep();
  }

  discard() {
    this.#submitted = "discarded";
    remove(keptKey(this.#entryId));
  }

  #putBack(values) {
    for (const [name, value] of Object.entries(values)) {
      if (TICKS.includes(name)) {
        this.#form.querySelectorAll(`input[name=${name}]`).forEach((box) => { box.checked = value.includes(box.value); });
        continue;
      }
      const el = this.#form.elements.namedItem(name);
      if (el && el.type !== "hidden" && "value" in el) el.value = value;
    }
    this.#form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Text this device kept from an earlier visit: put back at once after logging in again or
  // when a save waiting in the outbox holds it (returning that save's key: this page is then as
  // it was when Save was pressed), otherwise offered (restore-local box). `say` tells the
  // person; `next` says what saves it.
  offerBack(say, next) {
    // A refused "Save" of a new entry comes back as the draft the server kept from it: the
    // copy this page left under "new" is on the server now, so it is not offered again.
    if (this.#entryId) {
      const fresh = read(keptKey(null), null);
      if (fresh && fresh.formKey && fresh.formKey === this.#formKey()) remove(keptKey(null));
    }
    const kept = read(keptKey(this.#entryId), null);
    if (!kept || !kept.fields || same(kept.fields, this.#server)) {
      remove(keptKey(this.#entryId));
      return;
    }
    if (queuedCopy(kept)) {
      this.#submitted = kept.intent;
      this.#queued = kept.queued;
      this.#putBack(kept.fields);
      return kept.queued.key;
    }
    const pressed = kept.intent === "complete" ? " You had pressed “Save and mark complete”: press it again when you are ready." : "";
    if (kept.signedOut) {
      this.#putBack(kept.fields);
      say("You were logged out while writing. Your text is back." + next(" It saves in a moment.") + pressed);
      return;
    }
    const box = document.getElementById("restore-local");
    box.querySelector(".js-kept-at").textContent = new Date(kept.at).toLocaleString("en-GB", {
      day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
    });
    box.hidden = false;
    box.querySelector(".js-restore").addEventListener("click", () => {
      this.#putBack(kept.fields);
      // The same editor page's key: if that text did reach the server (a save sent as the
      // page closed), it goes back into that draft rather than starting a copy of it.
      const keyInput = this.#form.querySelector("input[name=form_key]");
      if (!this.#entryId && keyInput && kept.formKey) keyInput.value = kept.formKey;
      box.hidden = true;
      say("Your text from this device is back in the form." + next(" It saves with the next autosave.") + pressed);
    });
    box.querySelector(".js-discard").addEventListener("click", () => {
      remove(keptKey(this.#entryId));
      box.hidden = true;
    });
  }
}
