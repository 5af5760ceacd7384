// Citing passages from the editor: search the library and pick one (shown like the server's
// passage card; its ticked box keeps it), and quote only some words of a passage, wherever it
// is: one the page was opened with or picked from the search ("@start-end" in the reference,
// sent with the next save), or one already cited ("Trim this quote", saved at once). Either
// way the words are found by `chosenSpan` and checked against the passage on the server.
import { debounce, post } from "../device/net.js";

function changed(el) {
  el.dispatchEvent(new Event("change", { bubbles: true }));
}

// Where a trim answers: beside its own button, where the person pressed it (the editor's
// status line is at the foot of the page, out of sight on a phone). Made once, before anything
// is said in it, so screen readers announce what is said.
function trimStatus(container) {
  const status = document.createElement("p");
  status.className = "small mb-0 mt-1 js-trim-status";
  status.setAttribute("role", "status");
  container.append(status);
  return (message) => { status.textContent = message; };
}

// The selected words' place in the passage's text, or null (and what to do instead) if none
// of the passage is selected. `button` is the name of the button pressed.
function chosenSpan(text, sayHere, button) {
  const chosen = String(window.getSelection()).trim();
  const start = chosen ? text.indexOf(chosen) : -1;
  const again = " then press “" + button + "” again.";
  if (!chosen) {
    sayHere("No words are selected yet. Select the words you want to quote in the passage above " +
      "(on a phone, press and hold a word, then drag the handles)," + again);
    return null;
  }
  if (start < 0) {
    sayHere("The words you selected are not all in this passage. Select only words inside the passage above," + again);
    return null;
  }
  sayHere("");
  return { start, end: start + chosen.length, words: chosen };
}

// A passage not saved yet: its reference carries the words, and the next save cites them.
function enableTrim(card, say) {
  const help = card.querySelector(".js-trim");
  if (!help) return;
  help.hidden = false;
  const sayHere = trimStatus(help.parentElement);
  const button = help.querySelector(".js-trim-button");
  button.addEventListener("click", () => {
    const chosen = chosenSpan(card.getAttribute("data-text"), sayHere, button.textContent.trim());
    if (!chosen) return;
    const input = card.querySelector("input[name=cite]");
    input.value = card.getAttribute("data-reference") + "@" + chosen.start + "-" + chosen.end;
    card.querySelector(".js-quoted").textContent = chosen.words;
    changed(input);
    say("Only the words you selected will be quoted.");
  });
}

// A citation already saved: trimmed on the server at once, between autosaves (`exclusive`), so
// the form carries the new revision and nothing typed meanwhile is touched.
function enableTrimSaved(form, card, { say, exclusive }) {
  const trim = card.querySelector(".js-trim-saved");
  if (!trim) return;
  trim.hidden = false;
  const open = trim.querySelector(".js-trim-open");
  const panel = trim.querySelector(".js-trim-panel");
  const show = (on) => {
    panel.hidden = !on;
    open.setAttribute("aria-expanded", String(on));
  };
  open.addEventListener("click", () => show(panel.hidden));
  trim.querySelector(".js-trim-close").addEventListener("click", () => { show(false); open.focus(); });
  const save = trim.querySelector(".js-trim-save");
  const sayHere = trimStatus(panel);
  save.addEventListener("click", () => {
    const chosen = chosenSpan(trim.getAttribute("data-text"), sayHere, save.textContent.trim());
    if (!chosen) return;
    exclusive(async () => {
      const revision = form.elements.namedItem("revision");
      const reopen = form.elements.namedItem("reopen_signed_off");
      const data = new FormData();
      data.set("start", chosen.start);
      data.set("end", chosen.end);
      data.set("revision", revision.value);
      if (reopen && reopen.checked) data.set("reopen_signed_off", "on");
      let body = {};
      try {
        const response = await post(trim.getAttribute("data-trim-url"), data);
        if ((response.headers.get("Content-Type") || "").startsWith("application/json")) body = await response.json();
      } catch (e) {
        say("The quote could not be trimmed: " + (navigator.onLine ? "try again in a moment." : "trimming needs a connection."), "text-danger");
        return;
      }
      if (!body.ok) {
        say("The quote was not trimmed. " + (body.message || "Reload the page and try again."), "text-danger");
        return;
      }
      revision.value = body.revision;
      card.querySelector(".js-quoted").textContent = body.quote;
      show(false);
      open.focus();
      say("Trimmed: only the words you selected are quoted now. The rest of the entry is as you left it.");
    });
  });
}

let picks = 0;

// The same card as the server's passage card (passage_card.html), "quote only" included.
function pickedCard(hit) {
  picks += 1;
  const card = document.createElement("figure");
  card.className = "citation-card card mb-3";
  card.setAttribute("data-text", hit.text);
  card.setAttribute("data-reference", hit.reference);
  const body = document.createElement("div");
  body.className = "card-body";
  const quote = document.createElement("blockquote");
  quote.className = "citation mb-2";
  const quoted = document.createElement("p");
  quoted.className = "mb-0 js-quoted";
  quoted.textContent = hit.text;
  quote.append(quoted);
  const caption = document.createElement("figcaption");
  caption.className = "small text-body-secondary";
  caption.textContent = (hit.speaker ? hit.speaker + ", " : "") + hit.source;
  const check = document.createElement("div");
  check.className = "form-check mt-2";
  const input = document.createElement("input");
  Object.assign(input, { type: "checkbox", name: "cite", value: hit.reference, checked: true, className: "form-check-input", id: "picked-" + picks });
  const label = document.createElement("label");
  Object.assign(label, { className: "form-check-label", htmlFor: input.id, textContent: "Cite this passage in the entry" });
  check.append(input, label);
  const help = document.createElement("p");
  help.className = "small mb-0 mt-1 js-trim";
  const button = document.createElement("button");
  Object.assign(button, { type: "button", className: "btn btn-link btn-sm p-0 align-baseline js-trim-button", textContent: "quote only the selected words" });
  help.append("To quote only some of it, select those words above, then ", button, ".");
  body.append(quote, caption, check, help);
  card.append(body);
  return card;
}

// `saveNow`: a picked passage is saved at once rather than with the next autosave;
// `exclusive(task)`: runs the task with no autosave on its way meanwhile.
export function startCitations(form, { say, saveNow, exclusive }) {
  form.querySelectorAll("[data-citation][data-text]").forEach((card) => enableTrim(card, say));
  form.querySelectorAll("[data-citation]").forEach((card) => enableTrimSaved(form, card, { say, exclusive }));
  const search = document.getElementById("passage-search");
  if (!search) return;
  const results = document.getElementById("passage-results");
  const picked = document.getElementById("picked-citations");
  search.addEventListener("input", debounce(async () => {
    const q = search.value.trim();
    results.textContent = "";
    if (q.length < 3) return;
    let body;
    try {
      const response = await fetch(search.getAttribute("data-url") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" });
      body = await response.json();
    } catch (e) {
      results.textContent = navigator.onLine ? "" : "Searching needs a connection.";
      return;
    }
    results.textContent = "";
    for (const hit of body.results) {
      const li = document.createElement("li");
      li.className = "mb-2 border-bottom pb-2";
      const text = document.createElement("span");
      text.textContent = hit.text.slice(0, 160) + "… — " + (hit.speaker ? hit.speaker + ", " : "") + hit.source;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-primary d-block mt-1";
      button.textContent = "Cite this";
      button.addEventListener("click", () => {
        const card = pickedCard(hit);
        picked.append(card);
        enableTrim(card, say);
        document.getElementById("quotations").hidden = false;
        button.textContent = "Added to this entry";
        button.disabled = true;
        changed(card.querySelector("input"));
        saveNow();
      });
      li.append(text, button);
      results.append(li);
    }
    if (!body.results.length) results.textContent = "No passages found.";
  }, 400));
}
