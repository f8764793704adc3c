// Progressive enhancement for the self-assessment: save each change as it happens,
// so nothing is lost if the tab closes. The form works without this script.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var progressBar = document.querySelector("progress");
  var progressText = document.querySelector("[data-progress-text]");
  var timer = null;
  var pending = false;

  function save() {
    timer = null;
    var data = new FormData(form);
    data.delete("action");
    status.textContent = "Saving…";
    fetch(form.dataset.autosave, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = res.body.error || "Not saved"; return; }
        status.textContent = "All changes saved";
        pending = false;
        if (progressBar) { progressBar.max = res.body.total; progressBar.value = res.body.answered; }
        if (progressText) { progressText.textContent = res.body.answered + " of " + res.body.total + " skills answered"; }
      })
      .catch(function () { status.textContent = "Offline — use the Save button"; });
  }

  function schedule(delay) {
    pending = true;
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, delay);
  }

  form.addEventListener("change", function () { schedule(150); });
  form.addEventListener("input", function (e) { if (e.target.tagName === "TEXTAREA") { schedule(800); } });
  form.addEventListener("submit", function () { if (timer) { clearTimeout(timer); } });
  window.addEventListener("beforeunload", function (e) { if (pending && timer) { save(); } });
})();
