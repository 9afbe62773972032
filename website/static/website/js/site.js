// Improvements only: every page works without this file.
(function () {
  "use strict";

  // Quick exit, after GOV.UK's "Exit this page": the button, or Shift pressed three times
  // (each press within 5 seconds of the last). location.replace keeps this page out of history.
  var exit = document.querySelector("[data-quick-exit] a");
  if (exit) {
    var leave = function (event) {
      if (event) { event.preventDefault(); }
      document.body.style.visibility = "hidden";
      window.location.replace(exit.href);
    };
    exit.addEventListener("click", leave);
    // The hint's place is in the page from the server; showing it moves nothing (no layout shift).
    var hint = document.querySelector("[data-quick-exit-hint]");
    if (hint) { hint.classList.add("is-ready"); }
    var presses = 0;
    var timer = null;
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = 0; return; }
      presses += 1;
      clearTimeout(timer);
      if (presses >= 3) { presses = 0; leave(); return; }
      timer = setTimeout(function () { presses = 0; }, 5000);
    });
  }

  // A form sent back with errors: move focus to the summary so it is read out first (GOV.UK).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Notices can be hidden for this visit; nothing is remembered after the tab closes.
  document.querySelectorAll("[data-dismiss-notice]").forEach(function (button) {
    var banner = button.closest("[data-notice]");
    var key = "notice-hidden-" + banner.getAttribute("data-notice");
    try {
      if (window.sessionStorage.getItem(key)) { banner.hidden = true; }
    } catch (e) { /* storage blocked: the banner simply stays */ }
    button.classList.add("is-ready");
    button.addEventListener("click", function () {
      banner.hidden = true;
      try { window.sessionStorage.setItem(key, "1"); } catch (e) { /* ignore */ }
    });
  });
})();
