// Progressive enhancement for a review: the manager's column saves each line as it changes.
// Without this script the column is one form with one Save button.
(function () {
  "use strict";
  var form = document.querySelector("form[data-rating-column]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-rating-status]");
  var hint = form.querySelector("[data-rating-hint]");
  var token = form.querySelector("input[name=csrf_token]");
  if (hint) { hint.textContent = "Each change is saved as you make it."; }

  function save(line) {
    var skill = line.dataset.skill;
    var level = line.querySelector("select").value;
    var comment = line.querySelector("input[type=text]").value;
    var state = line.querySelector("[data-save-state]");
    if (!level) {
      state.textContent = comment ? "Choose a level to save" : "";
      return;
    }
    var data = new FormData();
    data.append("csrf_token", token ? token.value : "");
    data.append("skill", skill);
    data.append("level", level);
    data.append("comment", comment);
    state.textContent = "Saving…";
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        state.textContent = res.ok ? "Saved" : "Not saved";
        status.textContent = res.body.message || (res.ok ? "Saved" : "Not saved");
      })
      .catch(function () {
        state.textContent = "Not saved";
        status.textContent = "Could not save: use the Save ratings button.";
      });
  }

  form.addEventListener("change", function (e) {
    var line = e.target.closest("[data-skill]");
    if (line) { save(line); }
  });
})();
