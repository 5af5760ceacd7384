// Citing passages from the editor: search the library and pick one (shown like the server's
// passage card; its ticked box keeps it), or quote only some words of a passage ("@start-end"
// in the reference: the words' place in the passage, which the server checks).
import { debounce } from "../device/net.js";

function changed(el) {
  el.dispatchEvent(new Event("change", { bubbles: true }));
}

function enableTrim(card, say) {
  const help = card.querySelector(".js-trim");
  if (!help) return;
  help.hidden = false;
  help.querySelector(".js-trim-button").addEventListener("click", () => {
    const chosen = String(window.getSelection()).trim();
    const text = card.getAttribute("data-text");
    const start = chosen ? text.indexOf(chosen) : -1;
    if (start < 0) {
      say("Select some words inside the quote first, then press the button again.", "text-danger");
      return;
    }
    const input = card.querySelector("input[name=cite]");
    input.value = card.getAttribute("data-reference") + "@" + start + "-" + (start + chosen.length);
    card.querySelector(".js-quoted").textContent = chosen;
    changed(input);
    say("Only the words you selected will be quoted.");
  });
}

let picks = 0;

function pickedCard(hit) {
  picks += 1;
  const card = document.createElement("figure");
  card.className = "citation-card card mb-3";
  const body = document.createElement("div");
  body.className = "card-body";
  const quote = document.createElement("blockquote");
  quote.className = "citation mb-2";
  quote.textContent = hit.text;
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
  body.append(quote, caption, check);
  card.append(body);
  return card;
}

// `saveNow`: a picked passage is saved at once rather than with the next autosave.
export function startCitations(form, { say, saveNow }) {
  form.querySelectorAll("[data-citation][data-text]").forEach((card) => enableTrim(card, say));
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
