// Autosave of a draft every few seconds, and as the page is hidden or closed. It never saves a
// complete entry (that changes only on "Save") or a signed-off one its owner has not chosen to
// edit. What the server could not store it names, and the text stays in the form and on the
// device (kept.js) until it can.
import { post } from "../device/net.js";
import { formValues } from "./kept.js";

const EVERY_MS = 5000;

function markProblems(form, errors) {
  form.querySelectorAll(".js-unsaved").forEach((note) => note.remove());
  form.querySelectorAll("[aria-invalid=true][data-unsaved]").forEach((el) => {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("data-unsaved");
  });
  for (const problem of errors) {
    const field = form.elements.namedItem(problem.field);
    if (!field || !field.closest) continue;
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("data-unsaved", "");
    const note = document.createElement("p");
    note.className = "small text-danger js-unsaved mt-1";
    note.id = "unsaved-" + problem.field;
    note.textContent = "Not saved: " + problem.message + " It is kept on this device until it can be.";
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    (field.closest(".mb-3") || field).after(note);
  }
}

async function answer(response) {
  // Sent on to the sign-in page: autosave itself never redirects.
  if (response.redirected) return { status: 401, body: {} };
  const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
  // Not JSON: a 404 page or a server error page.
  if (!json) return { status: response.status, body: {} };
  return { status: response.status, body: await response.json() };
}

// `kept`: the device copy (kept.js); `say`: the status line; `signedOffChoice`: shows the
// choice to edit a signed-off entry.
export function startAutosave({ form, kept, say, signedOffChoice }) {
  let url = form.getAttribute("data-autosave-url");
  let complete = form.getAttribute("data-complete") === "true";
  const reopen = form.elements.namedItem("reopen_signed_off"); // asked above the form
  let paused = form.getAttribute("data-signed-off") === "true" && !(reopen && reopen.checked);
  let dirty = false;
  let saving = null; // the save on its way
  let stopped = false;

  function stop(message) {
    stopped = true;
    if (message) say(message + " Your text is still here and kept on this device.", "text-danger");
  }

  function saved(body, sent) {
    form.querySelector("input[name=revision]").value = body.revision;
    if (url !== body.autosave_url) {
      // A new entry now exists: keep editing it rather than creating another.
      url = body.autosave_url;
      form.setAttribute("action", body.edit_url);
      kept.movedTo(body.id);
      if (window.history.replaceState) window.history.replaceState(null, "", body.edit_url);
    }
    const stored = { ...sent };
    for (const problem of body.errors || []) delete stored[problem.field];
    kept.confirm(stored);
    markProblems(form, body.errors || []);
    // This save took an identifying detail out of the text; earlier versions still hold it.
    // The server renders the notice (escaped), with the button that removes it from history.
    const holds = document.getElementById("history-holds");
    if (holds && body.history_notice) holds.innerHTML = body.history_notice;
  }

  async function send(keepalive) {
    const sent = formValues(form);
    const data = new FormData(form);
    data.delete("intent");
    let result;
    try {
      result = await answer(await post(url, data, { keepalive }));
    } catch (e) {
      dirty = true;
      say(navigator.onLine
        ? "Could not autosave just now; your text is still here and kept on this device. We'll try again."
        : "No connection: your text is kept on this device and saves when the connection is back.");
      return;
    }
    const { status, body } = result;
    if (status === 401) {
      dirty = true;
      kept.signedOut();
      stop();
      say("You have been logged out. Press “Save draft” to log in again: your text is kept " +
        "on this device and comes back after you log in.", "text-danger");
    } else if (status === 404) {
      stop("This entry was deleted in another tab or window (you can restore it from the bin).");
    } else if (status >= 500) {
      dirty = true;
      say("Could not save just now; your text is still here and kept on this device. We'll try again.", "text-danger");
    } else if (body.complete) {
      complete = true; // marked complete in another tab since this page opened: Save only now
      say(body.message);
    } else if (body.signed_off) {
      paused = true;
      dirty = true;
      signedOffChoice();
      say(body.message, "text-danger");
    } else if (status === 422 && body.errors) {
      saved(body, sent);
      say(body.message, "text-danger");
    } else if (!body.ok) {
      stop(body.message);
    } else {
      saved(body, sent);
      say("Draft saved at " + body.saved_at + ".");
    }
  }

  function run(keepalive) {
    if (!dirty || saving || stopped) return saving;
    if (paused) {
      say("Not saved yet: this entry is signed off. Choose above whether to edit it.", "text-danger");
      return null;
    }
    if (complete) {
      dirty = false;
      say("Not saved yet: a complete entry changes only when you press “Save”. Until then, " +
        "what you type is kept on this device.");
      return null;
    }
    dirty = false;
    saving = send(keepalive).finally(() => { saving = null; });
    return saving;
  }

  window.setInterval(() => run(false), EVERY_MS);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") run(true); });
  window.addEventListener("pagehide", () => run(true));

  return {
    touch() { dirty = true; },
    saveNow() { dirty = true; return run(false); },
    get busy() { return saving !== null; },
    // Resolves once no autosave is on its way (the form then carries its revision).
    settled() { return saving || Promise.resolve(); },
    // Another change sent to the server (trimming a quote): none of autosave's meanwhile, so
    // each carries the revision the one before it returned.
    async exclusive(task) {
      while (saving) await saving;
      saving = task().finally(() => { saving = null; });
      return saving;
    },
    stop() { stop(); },
    // A save from elsewhere (the outbox) is in: go on autosaving from the revision it made.
    carryOn(revision) {
      if (revision) form.querySelector("input[name=revision]").value = revision;
      stopped = false;
    },
    resume() { paused = false; },
    get complete() { return complete; },
  };
}
