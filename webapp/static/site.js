// Every page: on a narrow screen the main navigation folds behind a "Menu" button, and a
// table that scrolls inside itself (pathfinder.css) can be scrolled with the keyboard.
// Without this script the navigation simply stays open (and wraps).
(function () {
  "use strict";
  var tables = document.querySelectorAll("main table");
  for (var i = 0; i < tables.length; i++) {
    if (tables[i].scrollWidth > tables[i].clientWidth + 1 && !tables[i].hasAttribute("tabindex")) {
      tables[i].setAttribute("tabindex", "0");
    }
  }
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) { return; }
  button.hidden = false;
  header.classList.add("has-menu");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
