// Progressive enhancement for the role profile editor: find skills by name or area and show
// only the skills with a target. Without this script every skill is listed.
(function () {
  "use strict";
  var box = document.querySelector("[data-skill-filter]");
  if (!box) { return; }
  var search = box.querySelector("input[type=search]");
  var only = box.querySelector("input[type=checkbox]");
  var status = box.querySelector("[data-filter-count]");
  var counter = document.querySelector("[data-target-count]");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-skill-row]"));
  var heads = Array.prototype.slice.call(document.querySelectorAll("tr[data-area-row]"));
  box.hidden = false;

  function targeted(row) { return row.querySelector("select").value !== ""; }

  function apply() {
    var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.dataset.search;
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      var visible = match && (!only.checked || targeted(row));
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    heads.forEach(function (head) {
      var next = head.nextElementSibling;
      var any = false;
      while (next && !next.hasAttribute("data-area-row")) {
        if (!next.hidden) { any = true; }
        next = next.nextElementSibling;
      }
      // Unfiltered, every area heading shows (outer areas have no skill rows of their own).
      head.hidden = (words.length > 0 || only.checked) && !any;
    });
    status.textContent = shown + " of " + rows.length + " skills shown";
  }

  function count() {
    if (counter) { counter.textContent = rows.filter(targeted).length; }
  }

  search.addEventListener("input", apply);
  only.addEventListener("change", apply);
  document.addEventListener("change", function (e) {
    if (e.target.closest && e.target.closest("tr[data-skill-row]")) { count(); }
  });
  apply();
})();
