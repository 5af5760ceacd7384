// Each text field's limit, shown as a live count once the field nears it, and kept: typing
// stops at the limit (the field's maxlength), and a paste that would go past it is refused
// whole and said so, rather than cut short without a word.

const SHOW_FROM = 0.9; // of the limit

function count(n) {
  return n.toLocaleString("en-GB");
}

export function startLimits(form, say) {
  form.querySelectorAll("[data-entry-field][maxlength]").forEach((field) => {
    const limit = Number(field.getAttribute("maxlength"));
    const counter = document.createElement("p");
    counter.className = "form-text js-count";
    counter.id = "count-" + field.name;
    counter.hidden = true;
    field.after(counter);
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    const label = () => {
      const text = form.querySelector(`label[for=${field.id}]`);
      return text ? "“" + text.textContent.replace("*", "").trim() + "”" : "This part";
    };
    const show = () => {
      const n = field.value.length;
      counter.hidden = n < limit * SHOW_FROM;
      counter.classList.toggle("text-danger", n >= limit);
      const of = count(n) + " of " + count(limit) + " characters";
      if (n > limit) counter.textContent = of + ": " + count(n - limit) + " too many to save. Shorten it, or carry on in another part.";
      else if (n === limit) counter.textContent = of + ": this part is full. Carry on in another part if you need to.";
      else counter.textContent = of + ".";
    };
    field.addEventListener("input", show);
    field.addEventListener("beforeinput", (event) => {
      const adding = event.data || (event.dataTransfer && event.dataTransfer.getData("text/plain")) || "";
      const replacing = field.selectionEnd - field.selectionStart;
      const after = field.value.length - replacing + adding.length;
      if (adding && after > limit && event.inputType.startsWith("insertFrom")) {
        event.preventDefault();
        say("Nothing was pasted: " + label() + " would be " + count(after) + " characters, and it holds " +
          count(limit) + ". Paste a shorter part.", "text-danger");
      }
    });
    show();
  });
}
