// Suggested standards for what has been typed, and ticking: a ticked statement ticks its
// standard too, shown at once rather than only after saving. A tick made here is an ordinary
// change to the form (a "change" event), which autosave and the device copy pick up.
import { debounce, post } from "../device/net.js";

function tick(box) {
  if (!box || box.checked) return;
  box.checked = true;
  box.dispatchEvent(new Event("change", { bubbles: true }));
}

function tickStandard(form, number, statement) {
  tick(form.querySelector(`input[name=standards][data-standard='${number}']`));
  const box = statement && form.querySelector(`input[name=statements][data-statement='${statement}']`);
  if (box) {
    tick(box);
    box.closest("details").open = true;
  }
}

function suggestionItem(s) {
  const li = document.createElement("li");
  li.className = "mb-2";
  const strong = document.createElement("strong");
  strong.textContent = "Standard " + s.standard + (s.statement ? " (" + s.statement + ")" : "");
  const reasons = document.createElement("span");
  reasons.className = "small text-body-secondary d-block";
  reasons.textContent = (s.reasons || []).join("; ");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-sm btn-outline-primary js-accept-standard";
  button.setAttribute("data-standard", s.standard);
  if (s.statement) button.setAttribute("data-statement", s.statement);
  button.textContent = "Tick standard " + s.standard + (s.statement ? " and " + s.statement : "");
  li.append(strong, reasons, button);
  return li;
}

export function startSuggestions(form) {
  form.querySelectorAll("input[name=statements]").forEach((box) => {
    box.addEventListener("change", () => {
      const number = (box.getAttribute("data-statement") || "").split(".")[0];
      if (box.checked && number) tickStandard(form, number, null);
    });
  });
  const panel = document.getElementById("suggestions");
  if (!panel) return;
  panel.addEventListener("click", (event) => {
    const button = event.target.closest(".js-accept-standard");
    if (!button) return;
    tickStandard(form, button.getAttribute("data-standard"), button.getAttribute("data-statement"));
    button.textContent = "Standard " + button.getAttribute("data-standard") + " ticked";
    button.disabled = true;
  });
  const suggest = debounce(async () => {
    const data = new FormData();
    const text = Array.from(form.querySelectorAll("[data-scan]"), (el) => el.value).join("\n");
    data.append("text", text);
    // Standards already ticked are not offered again, and a title filled in by "Reflect on
    // this" is not the writer's words, so no suggestion rests on it alone.
    form.querySelectorAll("input[name=standards]:checked").forEach((el) => data.append("ticked", el.getAttribute("data-standard")));
    const title = form.querySelector("[data-entry-field=title]");
    if (title) data.append("ignore", title.defaultValue);
    let body;
    try {
      const response = await post(panel.getAttribute("data-url"), data);
      if (!response.ok || response.redirected) return;
      body = await response.json();
    } catch (e) {
      return; // offline: suggestions wait for the connection
    }
    panel.textContent = "";
    if (!body.suggestions || !body.suggestions.length) {
      // As the page first says it: nothing written yet, or nothing more to suggest from it.
      const p = document.createElement("p");
      p.className = "small mb-0";
      p.textContent = panel.getAttribute(text.trim() ? "data-none" : "data-empty");
      panel.append(p);
      return;
    }
    const list = document.createElement("ul");
    list.className = "list-unstyled mb-0";
    list.append(...body.suggestions.map(suggestionItem));
    panel.append(list);
  }, 1200);
  form.addEventListener("input", suggest);
}
