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
  var signedOut = false;

  // Logged out while writing (the session ended): keep the text in this tab only, and put it
  // back when the person has logged in again and is sent back to this page.
  function keepKey() { return "cpd-unsaved-text:" + window.location.pathname; }
  function keepText() {
    var kept = {};
    form.querySelectorAll("input[type=text], input[type=date], textarea, select").forEach(function (el) {
      if (el.name) kept[el.name] = el.value;
    });
    try { window.sessionStorage.setItem(keepKey(), JSON.stringify(kept)); } catch (e) { /* private mode */ }
  }
  function restoreText() {
    var raw = null;
    try { raw = window.sessionStorage.getItem(keepKey()); } catch (e) { return; }
    if (!raw) return;
    window.sessionStorage.removeItem(keepKey());
    var kept = JSON.parse(raw);
    Object.keys(kept).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && el.type !== "hidden" && "value" in el) el.value = kept[name];
    });
    dirty = true;
    status.textContent = "You were logged out while writing. Your text is back and saves in a moment.";
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

  function textOf() {
    return ["id_title", "id_description", "id_learning", "id_impact", "id_peer_learning", "id_notes"]
      .map(function (id) { var el = document.getElementById(id); return el ? el.value : ""; })
      .join("\n");
  }

  function autosave(keepalive) {
    if (!dirty || saving || stopped) return;
    saving = true;
    dirty = false;
    var data = new FormData(form);
    data.delete("intent");
    post(autosaveUrl, data, keepalive).then(function (response) {
      if (response.redirected && response.url.indexOf("/accounts/login/") !== -1) {
        signedOut = true;
        keepText();
        throw new Error("logged out");
      }
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      saving = false;
      if (result.status === 409) {
        stopped = true;
        status.textContent = result.body.message;
        status.className = "small text-danger mt-2";
        return;
      }
      if (!result.body.ok) return;
      form.querySelector("input[name=revision]").value = result.body.revision;
      if (autosaveUrl !== result.body.autosave_url) {
        // A new entry now exists: keep editing it rather than creating another.
        autosaveUrl = result.body.autosave_url;
        form.setAttribute("action", result.body.edit_url);
        form.querySelectorAll("input[name=cite]").forEach(function (el) { el.remove(); });
        if (window.history && window.history.replaceState) window.history.replaceState(null, "", result.body.edit_url);
      }
      status.textContent = "Draft saved at " + result.body.saved_at + ".";
    }).catch(function () {
      saving = false;
      dirty = true;
      status.textContent = signedOut
        ? "You have been logged out, so this was not saved yet. Your text is kept in this tab: press Save, log in again, and it comes back here."
        : "Could not autosave just now; your text is still here. We'll try again.";
      if (signedOut) status.className = "small text-danger mt-2";
    });
  }

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { stopped = true; if (signedOut) keepText(); });
  restoreText();
  window.setInterval(function () { autosave(false); }, 5000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") autosave(true);
  });
  window.addEventListener("pagehide", function () { autosave(true); });

  function debounce(fn, wait) {
    var timer;
    return function () { window.clearTimeout(timer); timer = window.setTimeout(fn, wait); };
  }

  // Live privacy warnings.
  var privacyBox = document.getElementById("privacy-live");
  var privacyUrl = form.getAttribute("data-privacy-url");
  var checkPrivacy = debounce(function () {
    var data = new FormData();
    data.append("text", textOf());
    post(privacyUrl, data).then(function (r) { return r.json(); }).then(function (body) {
      privacyBox.textContent = "";
      if (!body.findings.length) return;
      var alert = document.createElement("div");
      alert.className = "alert alert-warning";
      var intro = document.createElement("p");
      intro.className = "mb-1";
      intro.textContent = "Possible identifying details — change them before saving:";
      alert.appendChild(intro);
      var list = document.createElement("ul");
      list.className = "mb-0";
      body.findings.forEach(function (f) {
        var li = document.createElement("li");
        li.textContent = "“" + f.text + "”: " + f.message;
        list.appendChild(li);
      });
      alert.appendChild(list);
      privacyBox.appendChild(alert);
    }).catch(function () {});
  }, 800);
  form.addEventListener("input", checkPrivacy);

  // Suggested standards.
  var box = document.getElementById("suggestions");
  function tickStandard(number) {
    form.querySelectorAll("input[name=standards]").forEach(function (input) {
      var label = form.querySelector("label[for=" + input.id + "]");
      if (label && label.textContent.trim().indexOf(number + ".") === 0) {
        input.checked = true;
        dirty = true;
      }
    });
  }
  if (box) {
    box.addEventListener("click", function (event) {
      var button = event.target.closest(".js-accept-standard");
      if (!button) return;
      tickStandard(button.getAttribute("data-standard"));
      button.textContent = "Standard " + button.getAttribute("data-standard") + " ticked";
      button.disabled = true;
    });
    var suggest = debounce(function () {
      var data = new FormData();
      data.append("text", textOf());
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
          button.textContent = "Tick standard " + s.standard;
          li.appendChild(strong); li.appendChild(reasons); li.appendChild(button);
          list.appendChild(li);
        });
        box.appendChild(list);
      }).catch(function () {});
    }, 1200);
    form.addEventListener("input", suggest);
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
              var input = document.createElement("input");
              input.type = "hidden"; input.name = "cite"; input.value = hit.reference;
              var quote = document.createElement("blockquote");
              quote.className = "citation small";
              quote.textContent = hit.text;
              picked.appendChild(input); picked.appendChild(quote);
              button.textContent = "Added — it is saved with the entry";
              button.disabled = true;
              dirty = true;
            });
            li.appendChild(text); li.appendChild(button);
            results.appendChild(li);
          });
          if (!body.results.length) results.textContent = "No passages found.";
        }).catch(function () {});
    }, 400));
  }
})();
