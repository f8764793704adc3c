// Progressive enhancement for the catalogue search: filters apply as soon as they change,
// and on a phone the filter panel starts folded so the first result is near the top.
// Without this script the "Apply filters" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-apply-on-change]");
  if (!form) { return; }
  var panel = document.getElementById("filters");
  var phone = window.matchMedia && window.matchMedia("(max-width: 860px)");
  if (panel && phone && phone.matches && window.location.hash !== "#filters") {
    panel.open = false;
  }
  var timer = null;

  function apply(delay) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () {
      timer = null;
      form.setAttribute("aria-busy", "true");
      // A phone keeps the panel open while its owner is choosing.
      if (panel && panel.open && phone && phone.matches) { form.action = form.action.split("#")[0] + "#filters"; }
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }, delay);
  }

  form.addEventListener("change", function (e) {
    var t = e.target;
    if (!t || t.id === "q") { return; }  // the text box searches on Enter or the button
    apply(t.type === "number" ? 600 : 0);
  });
})();
