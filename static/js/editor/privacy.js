// Live privacy warnings, right under the field being typed (fields marked data-scan).
import { debounce, post } from "../device/net.js";

function boxFor(field) {
  const id = "privacy-live-" + field.name;
  const existing = document.getElementById(id);
  if (existing) return existing;
  const created = document.createElement("div");
  created.id = id;
  created.className = "small privacy-live";
  created.setAttribute("aria-live", "polite");
  const wrapper = field.closest(".mb-3") || field;
  wrapper.after(created);
  return created;
}

async function check(url, field) {
  const data = new FormData();
  data.append("text", field.value);
  // The peer the entry names may be called by first name or surname anywhere in it.
  for (const named of field.form?.querySelectorAll("[data-names]") || []) {
    data.append("names", named.value);
  }
  let body;
  try {
    const response = await post(url, data);
    if (!response.ok || response.redirected) return; // signed out: the check on saving runs
    body = await response.json();
  } catch (e) {
    return; // offline: the check on saving still runs
  }
  const box = boxFor(field);
  box.textContent = "";
  if (!body.findings.length) return;
  const alert = document.createElement("div");
  alert.className = "alert alert-warning py-2";
  const intro = document.createElement("p");
  intro.className = "mb-1";
  // A draft saves itself every few seconds, so "before saving" would already be too late.
  intro.textContent = field.form?.hasAttribute("data-complete")
    ? "This could identify someone you work with; change it before saving:"
    : "This could identify someone you work with; change it now, as drafts save as you type:";
  const list = document.createElement("ul");
  list.className = "mb-0";
  for (const finding of body.findings) {
    const li = document.createElement("li");
    li.textContent = "“" + finding.text + "”: " + finding.message;
    list.append(li);
  }
  alert.append(intro, list);
  box.append(alert);
}

export function startPrivacyWarnings(form) {
  const url = form.getAttribute("data-privacy-url");
  form.querySelectorAll("[data-scan]").forEach((field) => {
    field.addEventListener("input", debounce(() => check(url, field), 800));
  });
}
