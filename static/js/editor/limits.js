// Each text field's limits, shown as a live count once the text nears one.
// - The field's own limit (maxlength) is kept: typing stops there, and a paste that would go
//   past it is refused whole and said so, rather than cut short without a word.
// - The regulator's box (data-box-limit, from the requirement's data): the most its online form
//   takes in that box. Only counted and warned about, never enforced: the published figure is
//   not confirmed, and the text may be shortened later.

const SHOW_FROM = 0.9; // of the field's own limit
const BOX_SHOW_FROM = 0.75; // of the regulator's box

function count(n) {
  return n.toLocaleString("en-GB");
}

// The regulator's box, in words; "" while the text is well inside it.
function boxCount(n, box) {
  if (!box || n < box * BOX_SHOW_FROM) return "";
  const of = count(n) + " of " + count(box) + " characters the regulator's box allows";
  if (n <= box) return of + ".";
  return of + ": " + count(n - box) + " more than it takes. You can still save; shorten it before " +
    "you copy it into the regulator's form.";
}

export function startLimits(form, say) {
  form.querySelectorAll("[data-entry-field][maxlength], [data-entry-field][data-box-limit]").forEach((field) => {
    const limit = Number(field.getAttribute("maxlength")) || Infinity;
    const box = Number(field.getAttribute("data-box-limit")) || 0;
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
      let own = "";
      if (n > limit) own = count(n) + " of " + count(limit) + " characters: " + count(n - limit) + " too many to save. Shorten it, or carry on in another part.";
      else if (n === limit) own = count(n) + " of " + count(limit) + " characters: this part is full. Carry on in another part if you need to.";
      else if (n >= limit * SHOW_FROM) own = count(n) + " of " + count(limit) + " characters.";
      const regulator = boxCount(n, box);
      counter.textContent = [regulator, own].filter(Boolean).join(" ");
      counter.hidden = !counter.textContent;
      counter.classList.toggle("text-danger", n >= limit || (box > 0 && n > box));
      counter.classList.toggle("fw-semibold", box > 0 && n > box);
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
