/* Survey form: show conditional questions and autosave as the manager types.
   Without JavaScript the form still works with its Save and Submit buttons. */
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form || form.hasAttribute("inert")) { return; }
  var statusLine = document.getElementById("autosave-status");
  var conditions = JSON.parse(form.dataset.conditions || "{}");
  var timer = null;
  var inFlight = false;
  var again = false;

  function valuesOf(key) {
    var checked = form.querySelectorAll('[name="' + key + '"]:checked');
    if (checked.length) { return Array.prototype.map.call(checked, function (e) { return e.value; }); }
    var field = form.querySelector('[name="' + key + '"]');
    return field && field.type !== "radio" && field.type !== "checkbox" ? [field.value] : [];
  }

  function visible(key) {
    var rule = conditions[key];
    if (!rule) { return true; }
    var wrap = document.getElementById("wrap-" + rule[0]);
    if (wrap && wrap.hidden) { return false; }
    return valuesOf(rule[0]).indexOf(rule[1]) !== -1;
  }

  function applyConditions() {
    Object.keys(conditions).forEach(function (key) {
      var wrap = document.getElementById("wrap-" + key);
      if (wrap) { wrap.hidden = !visible(key); }
    });
  }

  function say(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", !!isError);
  }

  function showErrors(errors) {
    form.querySelectorAll(".question").forEach(function (wrap) {
      var key = wrap.dataset.key;
      var list = document.getElementById("err-" + key);
      var messages = (errors && errors[key]) || [];
      list.innerHTML = "";
      messages.forEach(function (m) {
        var li = document.createElement("li");
        li.textContent = m;
        list.appendChild(li);
      });
      wrap.classList.toggle("has-error", messages.length > 0);
      var input = document.getElementById("q-" + key);
      if (input) {
        if (messages.length) { input.setAttribute("aria-invalid", "true"); }
        else { input.removeAttribute("aria-invalid"); }
      }
    });
  }

  function save() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    say(gettext("Saving…"));
    var data = new FormData(form);
    data.delete("submit");
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok) {
        form.querySelector('[name="lock_version"]').value = result.body.lock_version;
        var status = document.getElementById("response-status");
        if (status && result.body.status_label) { status.textContent = result.body.status_label; }
        // Saved as typed; what does not pass its checks yet stays marked at its question.
        showErrors(result.body.errors || {});
        say(result.body.message, false);
      } else {
        showErrors(result.body.errors || {});
        say(result.body.message || gettext("Not saved."), true);
      }
    }).catch(function () {
      // The typed answers stay in the form; only the save failed.
      say(gettext("Not saved: no connection to the server. Your answers are still here; " +
                  "we will try again when you continue typing."), true);
    }).finally(function () {
      inFlight = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  }

  form.addEventListener("input", function () { applyConditions(); schedule(); });
  form.addEventListener("change", function () { applyConditions(); schedule(); });
  applyConditions();
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
