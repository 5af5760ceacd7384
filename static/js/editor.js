// The entry editor: autosave, live privacy warnings, standard suggestions and a passage picker.
// Progressive enhancement: the form saves without any of this.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var status = document.getElementById("autosave-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var autosaveUrl = form.getAttribute("data-autosave-url");
  var dirty = false;
  var saving = false;
  var stopped = false;
  // A signed-off entry is not autosaved until its owner chooses to edit it (see below).
  var reopen = form.querySelector("input[name=reopen_signed_off]");
  var paused = form.getAttribute("data-signed-off") === "true" && !(reopen && reopen.checked);
  // A complete entry is what supervisors, the readiness checks and exports read: it changes
  // only when its owner presses Save. Until then their typing is kept on this device alone.
  var complete = form.getAttribute("data-complete") === "true";
  function savesNext(draft) {
    return complete ? " Press “Save” to update the entry." : draft;
  }

  function post(url, body, keepalive) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "X-CSRFToken": token, "X-Requested-With": "fetch" }
    });
  }

  // The text fields are marked by the server (data-scan), from the one field list.
  function textOf() {
    return Array.prototype.map.call(form.querySelectorAll("[data-scan]"), function (el) {
      return el.value;
    }).join("\n");
  }

  function say(message, tone) {
    status.textContent = message;
    status.className = "small mt-2 " + (tone || "text-body-secondary");
  }

  // Unsaved text is also kept on this device (localStorage) until the server has it, so a
  // failed save, a lost connection, a conflict, a forced sign-in or a closed tab loses nothing.
  var entryId = form.getAttribute("data-entry-id");
  function storeKey() { return "cpd-editor:" + (entryId || "new"); }
  function fields() {
    var values = {};
    form.querySelectorAll("[data-entry-field]").forEach(function (el) { values[el.name] = el.value; });
    return values;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function formKey() {
    var input = form.querySelector("input[name=form_key]");
    return input ? input.value : "";
  }
  var submitting = false;
  var signedOut = false;
  var serverFields = fields();
  function keepLocally() {
    try {
      var now = fields();
      if (same(now, serverFields)) { window.localStorage.removeItem(storeKey()); return; }
      window.localStorage.setItem(storeKey(), JSON.stringify({
        fields: now, at: Date.now(), formKey: formKey(), submitted: submitting, signedOut: signedOut
      }));
    } catch (e) { /* private mode or full storage: the server copy still works */ }
  }
  function confirmed(sent) {
    serverFields = sent;
    keepLocally();
  }
  function putBack(values) {
    Object.keys(values).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && el.type !== "hidden" && "value" in el) el.value = values[name];
    });
    dirty = true;
  }
  function offerRestore() {
    var kept;
    try { kept = JSON.parse(window.localStorage.getItem(storeKey()) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.fields || same(kept.fields, serverFields)) {
      try { window.localStorage.removeItem(storeKey()); } catch (e) { /* nothing to clear */ }
      return;
    }
    if (kept.signedOut) {
      // Back from logging in again: put the text back at once, as the person expects.
      putBack(kept.fields);
      say("You were logged out while writing. Your text is back." + savesNext(" It saves in a moment."));
      return;
    }
    var box = document.getElementById("restore-local");
    box.querySelector(".js-kept-at").textContent = new Date(kept.at).toLocaleString("en-GB", {
      day: "numeric", month: "long", hour: "2-digit", minute: "2-digit"
    });
    box.hidden = false;
    box.querySelector(".js-restore").addEventListener("click", function () {
      putBack(kept.fields);
      // The same editor page's key: if that text did reach the server (a save sent as the
      // page closed), it goes back into that draft rather than starting a copy of it.
      var keyInput = form.querySelector("input[name=form_key]");
      if (!entryId && keyInput && kept.formKey) keyInput.value = kept.formKey;
      box.hidden = true;
      say("Your text from this device is back in the form." + savesNext(" It saves with the next autosave."));
    });
    box.querySelector(".js-discard").addEventListener("click", function () {
      window.localStorage.removeItem(storeKey());
      box.hidden = true;
    });
  }
  // A refused "Save" of a new entry comes back as the draft the server kept from it: the copy
  // this page left under "new" is on the server now, so it must not be offered again.
  if (entryId) {
    try {
      var fresh = JSON.parse(window.localStorage.getItem("cpd-editor:new") || "null");
      if (fresh && fresh.formKey && fresh.formKey === formKey()) window.localStorage.removeItem("cpd-editor:new");
    } catch (e) { /* nothing to clear */ }
  }
  offerRestore();
  // A refused first save comes back at /entries/new/ although it now edits the kept draft.
  if (entryId && form.getAttribute("action") !== window.location.pathname && window.history.replaceState) {
    window.history.replaceState(null, "", form.getAttribute("action"));
  }

  function stop(message) {
    stopped = true;
    say(message + " Your text is still here and kept on this device.", "text-danger");
  }

  function autosave(keepalive) {
    if (!dirty || saving || stopped) return;
    if (paused) {
      say("Not saved yet: this entry is signed off. Choose above whether to edit it.", "text-danger");
      return;
    }
    if (complete) {
      dirty = false;
      say("Not saved yet: a complete entry changes only when you press “Save”. Until then, " +
        "what you type is kept on this device.");
      return;
    }
    saving = true;
    dirty = false;
    var sent = fields();
    var data = new FormData(form);
    data.delete("intent");
    post(autosaveUrl, data, keepalive).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) {
        // A sign-in page after a redirect, a 404 page, or a server error page.
        return { status: response.redirected ? 401 : response.status, body: {} };
      }
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      saving = false;
      if (result.status === 401) {
        dirty = true;
        signedOut = true;
        keepLocally();
        stopped = true;
        say("You have been logged out. Press “Save draft” to log in again: your text is kept " +
          "on this device and comes back after you log in.", "text-danger");
        return;
      }
      if (result.status === 404) {
        return stop("This entry was deleted in another tab or window (you can restore it from the bin).");
      }
      if (result.status >= 500) {
        dirty = true;
        say("Could not save just now; your text is still here and kept on this device. We'll try again.", "text-danger");
        return;
      }
      if (result.body.complete) {
        // Marked complete in another tab since this page opened: from now on, Save only.
        complete = true;
        say(result.body.message);
        return;
      }
      if (result.body.signed_off) {
        paused = true;
        dirty = true;
        showChoice();
        say(result.body.message, "text-danger");
        return;
      }
      if (!result.body.ok) {
        return stop(result.body.message);
      }
      form.querySelector("input[name=revision]").value = result.body.revision;
      if (autosaveUrl !== result.body.autosave_url) {
        // A new entry now exists: keep editing it rather than creating another.
        autosaveUrl = result.body.autosave_url;
        form.setAttribute("action", result.body.edit_url);
        try { window.localStorage.removeItem(storeKey()); } catch (e) { /* nothing to move */ }
        entryId = String(result.body.id);
        if (window.history && window.history.replaceState) window.history.replaceState(null, "", result.body.edit_url);
      }
      confirmed(sent);
      say("Draft saved at " + result.body.saved_at + ".");
    }).catch(function () {
      saving = false;
      dirty = true;
      say("Could not autosave just now (no connection?); your text is still here and kept on this device. We'll try again.");
    });
  }

  // Signed off: say what editing means and let the person choose before anything is saved.
  var choice = document.getElementById("signed-off-choice");
  function showChoice() {
    if (!choice) return;
    choice.hidden = false;
    choice.scrollIntoView({ block: "center" });
  }
  if (choice) {
    var button = choice.querySelector(".js-reopen");
    button.hidden = false;
    reopen.closest(".mb-3, .form-check").hidden = true;
    button.addEventListener("click", function () {
      reopen.checked = true;
      paused = false;
      choice.hidden = true;
      say("You can edit now. Press “Save” when you are done, then submit the entry again to ask for a new sign-off.");
    });
  }

  form.addEventListener("input", function () { dirty = true; keepLocally(); });
  form.addEventListener("change", function () { dirty = true; keepLocally(); });
  form.addEventListener("submit", function (event) {
    // A date typed only in part reaches the server as nothing: say so here, keeping the rest.
    var unfinished = Array.prototype.filter.call(form.querySelectorAll("input[type=date]"), function (el) {
      return el.validity && el.validity.badInput;
    })[0];
    if (unfinished) {
      event.preventDefault();
      var label = form.querySelector("label[for=" + unfinished.id + "]");
      say("Finish " + (label ? "“" + label.textContent.replace("*", "").trim() + "”" : "the date") +
          ": day, month and year. Nothing was saved yet.", "text-danger");
      unfinished.focus();
      return;
    }
    if (saving) {
      // An autosave is on its way: submit once it is back, with the revision it returns, so
      // the form is never mistaken for a stale copy from another tab.
      event.preventDefault();
      var button = event.submitter;
      var wait = window.setInterval(function () {
        if (saving) return;
        window.clearInterval(wait);
        form.requestSubmit(button);
      }, 100);
      return;
    }
    stopped = true;
    submitting = true;
    keepLocally();  // marked as submitted: the saved entry's page clears it (app.js)
  });
  // Cancel throws away what the server does not have, once the person says so.
  var cancel = document.querySelector(".js-cancel");
  if (cancel) {
    cancel.addEventListener("click", function (event) {
      if (same(fields(), serverFields)) return;
      if (!window.confirm("Leave without saving? What you typed since the last save is thrown away.")) {
        event.preventDefault();
        return;
      }
      submitting = true;  // no second warning as the page goes
      try { window.localStorage.removeItem(storeKey()); } catch (e) { /* nothing kept */ }
    });
  }
  // Warn before leaving with text the server does not have yet.
  window.addEventListener("beforeunload", function (event) {
    if (submitting || same(fields(), serverFields)) return;
    event.preventDefault();
    event.returnValue = "";
  });
  window.setInterval(function () { autosave(false); }, 5000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") autosave(true);
  });
  window.addEventListener("pagehide", function () { autosave(true); });

  function debounce(fn, wait) {
    var timer;
    return function () { window.clearTimeout(timer); timer = window.setTimeout(fn, wait); };
  }

  // Live privacy warnings, right under the field being typed.
  var privacyUrl = form.getAttribute("data-privacy-url");
  function privacyBoxFor(field) {
    var id = "privacy-live-" + field.name;
    var existing = document.getElementById(id);
    if (existing) return existing;
    var created = document.createElement("div");
    created.id = id;
    created.className = "small privacy-live";
    created.setAttribute("aria-live", "polite");
    var wrapper = field.closest(".mb-3") || field;
    wrapper.parentNode.insertBefore(created, wrapper.nextSibling);
    return created;
  }
  function checkPrivacy(field) {
    var data = new FormData();
    data.append("text", field.value);
    post(privacyUrl, data).then(function (r) { return r.json(); }).then(function (body) {
      var box = privacyBoxFor(field);
      box.textContent = "";
      if (!body.findings.length) return;
      var alert = document.createElement("div");
      alert.className = "alert alert-warning py-2";
      var intro = document.createElement("p");
      intro.className = "mb-1";
      intro.textContent = "This could identify someone you work with; change it before saving:";
      alert.appendChild(intro);
      var list = document.createElement("ul");
      list.className = "mb-0";
      body.findings.forEach(function (f) {
        var li = document.createElement("li");
        li.textContent = "“" + f.text + "”: " + f.message;
        list.appendChild(li);
      });
      alert.appendChild(list);
      box.appendChild(alert);
    }).catch(function () {});
  }
  form.querySelectorAll("[data-scan]").forEach(function (field) {
    field.addEventListener("input", debounce(function () { checkPrivacy(field); }, 800));
  });

  // Suggested standards.
  var box = document.getElementById("suggestions");
  function tickStandard(number, statement) {
    var input = form.querySelector("input[name=standards][data-standard='" + number + "']");
    if (input) { input.checked = true; dirty = true; }
    var tick = statement && form.querySelector("input[name=statements][data-statement='" + statement + "']");
    if (tick) {
      tick.checked = true;
      tick.closest("details").open = true;
    }
  }
  // "Ticking a statement tags its standard too": shown at once, not only after saving.
  form.querySelectorAll("input[name=statements]").forEach(function (tick) {
    tick.addEventListener("change", function () {
      var number = (tick.getAttribute("data-statement") || "").split(".")[0];
      if (tick.checked && number) tickStandard(number, null);
    });
  });
  if (box) {
    box.addEventListener("click", function (event) {
      var button = event.target.closest(".js-accept-standard");
      if (!button) return;
      tickStandard(button.getAttribute("data-standard"), button.getAttribute("data-statement"));
      button.textContent = "Standard " + button.getAttribute("data-standard") + " ticked";
      button.disabled = true;
    });
    var suggest = debounce(function () {
      var data = new FormData();
      data.append("text", textOf());
      // Standards already ticked are not offered again, and a title filled in by
      // "Reflect on this" is not the writer's words, so no suggestion rests on it alone.
      form.querySelectorAll("input[name=standards]:checked").forEach(function (el) {
        data.append("ticked", el.getAttribute("data-standard"));
      });
      var title = form.querySelector("[data-entry-field=title]");
      if (title) data.append("ignore", title.defaultValue);
      post(box.getAttribute("data-url"), data).then(function (r) { return r.json(); }).then(function (body) {
        box.textContent = "";
        if (!body.suggestions || !body.suggestions.length) return;
        var list = document.createElement("ul");
        list.className = "list-unstyled mb-0";
        body.suggestions.forEach(function (s) {
          var li = document.createElement("li");
          li.className = "mb-2";
          var strong = document.createElement("strong");
          strong.textContent = "Standard " + s.standard + (s.statement ? " (" + s.statement + ")" : "");
          var reasons = document.createElement("span");
          reasons.className = "small text-body-secondary d-block";
          reasons.textContent = (s.reasons || []).join("; ");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "btn btn-sm btn-outline-primary js-accept-standard";
          button.setAttribute("data-standard", s.standard);
          if (s.statement) button.setAttribute("data-statement", s.statement);
          button.textContent = "Tick standard " + s.standard + (s.statement ? " and " + s.statement : "");
          li.appendChild(strong); li.appendChild(reasons); li.appendChild(button);
          list.appendChild(li);
        });
        box.appendChild(list);
      }).catch(function () {});
    }, 1200);
    form.addEventListener("input", suggest);
  }

  // Quote only some words of a picked passage: select them, press the button. The reference
  // then carries the words' place in the passage ("@start-end"), which the server checks.
  function enableTrim(card) {
    var help = card.querySelector(".js-trim");
    if (!help) return;
    help.hidden = false;
    help.querySelector(".js-trim-button").addEventListener("click", function () {
      var chosen = String(window.getSelection()).trim();
      var text = card.getAttribute("data-text");
      var start = chosen ? text.indexOf(chosen) : -1;
      if (start < 0) {
        say("Select some words inside the quote first, then press the button again.", "text-danger");
        return;
      }
      var input = card.querySelector("input[name=cite]");
      input.value = card.getAttribute("data-reference") + "@" + start + "-" + (start + chosen.length);
      card.querySelector(".js-quoted").textContent = chosen;
      dirty = true;
      say("Only the words you selected will be quoted.");
    });
  }
  form.querySelectorAll("[data-citation][data-text]").forEach(enableTrim);

  // A picked passage, shown like the server's passage card: a ticked box keeps it.
  var picks = 0;
  function pickedCard(hit) {
    picks += 1;
    var card = document.createElement("figure");
    card.className = "citation-card card mb-3";
    var body = document.createElement("div");
    body.className = "card-body";
    var quote = document.createElement("blockquote");
    quote.className = "citation mb-2";
    quote.textContent = hit.text;
    var caption = document.createElement("figcaption");
    caption.className = "small text-body-secondary";
    caption.textContent = (hit.speaker ? hit.speaker + ", " : "") + hit.source;
    var check = document.createElement("div");
    check.className = "form-check mt-2";
    var input = document.createElement("input");
    input.type = "checkbox"; input.name = "cite"; input.value = hit.reference; input.checked = true;
    input.className = "form-check-input"; input.id = "picked-" + picks;
    var label = document.createElement("label");
    label.className = "form-check-label"; label.htmlFor = input.id;
    label.textContent = "Cite this passage in the entry";
    check.appendChild(input); check.appendChild(label);
    body.appendChild(quote); body.appendChild(caption); body.appendChild(check);
    card.appendChild(body);
    return card;
  }

  // Passage picker.
  var search = document.getElementById("passage-search");
  var results = document.getElementById("passage-results");
  var picked = document.getElementById("picked-citations");
  if (search) {
    search.addEventListener("input", debounce(function () {
      var q = search.value.trim();
      results.textContent = "";
      if (q.length < 3) return;
      fetch(search.getAttribute("data-url") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); }).then(function (body) {
          results.textContent = "";
          body.results.forEach(function (hit) {
            var li = document.createElement("li");
            li.className = "mb-2 border-bottom pb-2";
            var text = document.createElement("span");
            text.textContent = hit.text.slice(0, 160) + "… — " + (hit.speaker ? hit.speaker + ", " : "") + hit.source;
            var button = document.createElement("button");
            button.type = "button";
            button.className = "btn btn-sm btn-outline-primary d-block mt-1";
            button.textContent = "Cite this";
            button.addEventListener("click", function () {
              picked.appendChild(pickedCard(hit));
              document.getElementById("quotations").hidden = false;
              button.textContent = "Added to this entry";
              button.disabled = true;
              dirty = true;
              autosave(false);
            });
            li.appendChild(text); li.appendChild(button);
            results.appendChild(li);
          });
          if (!body.results.length) results.textContent = "No passages found.";
        }).catch(function () {});
    }, 400));
  }
})();
