// The entry editor: each part is its own module, and they share no flags. Autosave owns
// whether there is something to save; the device copy (kept.js) what the server holds; the
// other parts change the form as a person would, with input and change events.
// Progressive enhancement: the form saves without any of this.
import { items, onChange, queue, stillWaiting, waiting } from "../device/outbox.js";
import { uuid } from "../device/net.js";
import { startAutosave } from "./autosave.js";
import { startCitations } from "./citations.js";
import { KeptText } from "./kept.js";
import { startLimits } from "./limits.js";
import { startPrivacyWarnings } from "./privacy.js";
import { statusLine } from "./status.js";
import { startSuggestions } from "./suggestions.js";

const form = document.getElementById("entry-form");
if (form) start(form);

// Signed off: the notice at the top says so, and the entry reads as it is (its text fields
// read-only, its boxes unticked only after the choice) until the person presses the one button
// that asks for a new sign-off. The server refuses the change either way (entry_save).
function signedOffChoice(form, say, onReopen) {
  const choice = document.getElementById("signed-off-choice");
  if (!choice) return () => {};
  const reopen = form.elements.namedItem("reopen_signed_off");
  const button = choice.querySelector(".js-reopen");
  button.hidden = false;
  reopen.closest(".mb-3, .form-check").hidden = true;
  const show = () => {
    choice.hidden = false;
    choice.scrollIntoView({ block: "center" });
  };
  const locked = reopen.checked ? [] : Array.from(
    form.querySelectorAll("textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio])"),
  ).filter((el) => !el.readOnly);
  locked.forEach((el) => { el.readOnly = true; });
  const ask = () => {
    show();
    say("This entry is signed off: press “Edit and ask for a new sign-off” at the top before changing it.", "text-danger");
  };
  form.addEventListener("keydown", (event) => {
    const typing = event.key.length === 1 || event.key === "Backspace" || event.key === "Delete";
    if (!reopen.checked && event.target.readOnly && typing && !event.ctrlKey && !event.metaKey) ask();
  });
  form.addEventListener("click", (event) => {
    if (reopen.checked || !event.target.matches("input[type=checkbox], input[type=radio]")) return;
    event.preventDefault();
    ask();
  });
  // A list cannot be read-only: it is not opened or moved until the choice is made.
  form.addEventListener("mousedown", (event) => {
    if (reopen.checked || !event.target.matches("select")) return;
    event.preventDefault();
    ask();
  });
  form.addEventListener("keydown", (event) => {
    if (reopen.checked || !event.target.matches("select") || event.key === "Tab") return;
    event.preventDefault();
    ask();
  });
  button.addEventListener("click", () => {
    reopen.checked = true;
    locked.forEach((el) => { el.readOnly = false; });
    choice.hidden = true;
    onReopen();
    say("You can edit now. Press “Save” when you are done, then submit the entry again to ask for a new sign-off.");
  });
  return show;
}

// A date typed only in part reaches the server as nothing: named here, before anything is sent.
function unfinishedDate(form, say) {
  const date = Array.from(form.querySelectorAll("input[type=date]")).find((el) => el.validity && el.validity.badInput);
  if (!date) return false;
  const label = form.querySelector(`label[for=${date.id}]`);
  say("Finish " + (label ? "“" + label.textContent.replace("*", "").trim() + "”" : "the date") +
    ": day, month and year. Nothing was saved yet.", "text-danger");
  date.focus();
  return true;
}

// A save waiting in the outbox, sent from this page or another once the connection is back:
// say what came of it here.
// `onSent(item)`: called once the save is in (an editor left open beside it carries on from it).
function sayWhenSent(key, say, onSent = () => {}) {
  let told = null;
  onChange(() => {
    const now = items().find((item) => item.key === key);
    if (!now || now.state === told) return;
    if (now.state === "pending") {
      if (now.stalled) say(stillWaiting(now));
      return;
    }
    told = now.state;
    if (now.state === "sent") {
      say("Sent now that the connection is back: the entry is saved.");
      onSent(now);
    } else {
      say("Sent now that the connection is back, but " + now.message + " Open it again to see.", "text-danger");
    }
  });
}

// No connection: the whole form as it is (text, ticks, the button pressed) waits in the
// outbox, and is sent from whichever page is open when the connection is back.
function queueOffline(form, submitter, kept, say) {
  const data = new FormData(form, submitter);
  data.set("client_key", uuid());
  const title = form.querySelector("[data-entry-field=title]");
  const keyInput = form.querySelector("input[name=form_key]");
  const queued = queue({
    kind: "entry",
    url: form.getAttribute("action"),
    body: Array.from(data.entries()).filter(([, value]) => typeof value === "string"),
    label: (title && title.value.trim()) || "Untitled draft",
    entryId: kept.entryId,
    formKey: keyInput ? keyInput.value : "",
  });
  if (!queued) {
    say("No connection, and this device has no room to keep the save: stay on this page until the connection is back.", "text-danger");
    return;
  }
  kept.submitted(data.get("intent"), queued.key);
  sayWhenSent(queued.key, say);
  const count = waiting().length;
  say("No connection, so this save is kept on this device and waiting to send" +
    (count > 1 ? " (" + count + " saves waiting in all)" : "") + ". It goes as soon as the " +
    "connection is back, from whichever journal page is open. You can close this page.");
}

function start(form) {
  const say = statusLine(document.getElementById("autosave-status"));
  const kept = new KeptText(form);
  // A new entry's editor page may come from the offline copy: each visit is its own entry.
  const keyInput = form.querySelector("input[name=form_key]");
  if (!kept.entryId && keyInput) keyInput.value = uuid();
  let autosave = null;
  const showChoice = signedOffChoice(form, say, () => autosave.resume());
  autosave = startAutosave({ form, kept, say, signedOffChoice: showChoice });
  const next = (draft) => (autosave.complete ? " Press “Save” to update the entry." : draft);

  const changed = () => { autosave.touch(); kept.keep(); };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Reopened while its save still waits in the outbox: the form holds what waits, and nothing
  // autosaves beside it (a draft sent meanwhile would make the waiting save a conflict).
  const waitingSave = kept.offerBack(say, next);
  if (waitingSave) {
    autosave.stop();
    sayWhenSent(waitingSave, say, (sent) => autosave.carryOn(sent.revision));
    say(stillWaiting(items().find((item) => item.key === waitingSave)) + " The form shows what will be sent.");
  }
  // A refused first save comes back at /entries/new/ although it now edits the kept draft.
  if (kept.entryId && form.getAttribute("action") !== window.location.pathname && window.history.replaceState) {
    window.history.replaceState(null, "", form.getAttribute("action"));
  }

  form.addEventListener("submit", (event) => {
    if (unfinishedDate(form, say)) { event.preventDefault(); return; }
    const submitter = event.submitter;
    if (!navigator.onLine) {
      event.preventDefault();
      autosave.stop();
      queueOffline(form, submitter, kept, say);
      return;
    }
    if (autosave.busy) {
      // An autosave is on its way: submit once it is back, with the revision it returns, so
      // the form is never mistaken for a stale copy from another tab.
      event.preventDefault();
      autosave.settled().then(() => form.requestSubmit(submitter));
      return;
    }
    autosave.stop();
    kept.submitted(submitter && submitter.value);
  });

  const cancel = document.querySelector(".js-cancel");
  if (cancel) {
    cancel.addEventListener("click", (event) => {
      if (!kept.unsaved) return;
      if (!window.confirm("Leave without saving? What you typed since the last save is thrown away.")) {
        event.preventDefault();
        return;
      }
      kept.discard();
    });
  }
  // Warn before leaving with text the server does not have yet.
  window.addEventListener("beforeunload", (event) => {
    if (!kept.unsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });

  startLimits(form, say);
  startPrivacyWarnings(form);
  startSuggestions(form);
  startCitations(form, { say, saveNow: () => autosave.saveNow(), exclusive: (task) => autosave.exclusive(task) });
}
