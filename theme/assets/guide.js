// Item guides (issue 17): the situation question (情形引导) and folding on phones.
// Progressive enhancement: the page is rendered with every situation shown and
// every fold open; this script only narrows and folds.  No network, no libraries.
(function () {
  var PHONE = "(max-width: 44.9375em)";  // the theme's phone breakpoint (catalogue.css)

  function apply(form, chosen, name) {
    var root = form.closest(".osc-item") || document;
    root.querySelectorAll("[data-variants]").forEach(function (el) {
      var ids = el.getAttribute("data-variants").split(/\s+/);
      var about = el.classList.contains("osc-situation__about");
      el.hidden = about ? ids.indexOf(chosen) < 0 : (chosen !== "" && ids.indexOf(chosen) < 0);
    });
    root.querySelectorAll("[data-situation-name]").forEach(function (el) {
      if (!el.dataset.all) el.dataset.all = el.textContent;
      el.textContent = chosen ? name : el.dataset.all;
    });
  }

  function setupSituation() {
    var form = document.getElementById("situation");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var param = form.dataset.param, radios = form.querySelectorAll("input[type=radio]");
    function choose(radio, push) {
      radio.checked = true;
      apply(form, radio.value, radio.dataset.name);
      if (!push) return;
      var url = new URL(window.location.href);
      if (radio.value) url.searchParams.set(param, radio.value); else url.searchParams.delete(param);
      window.history.replaceState(window.history.state, "", url.toString());
    }
    var wanted = new URL(window.location.href).searchParams.get(param);
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () { choose(radio, true); });
      if (wanted && (radio.value === wanted || radio.dataset.name === wanted)) choose(radio, false);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
  }

  function setupFolds() {
    if (!window.matchMedia(PHONE).matches) return;
    document.querySelectorAll("details.osc-fold[open]:not([data-folded])").forEach(function (d) {
      d.dataset.folded = "1";
      d.open = false;
    });
  }

  // Printing shows every fold (the CSS does the same where the browser supports ::details-content).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.osc-fold:not([open])").forEach(function (d) { d.open = true; d.dataset.reclose = "1"; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.osc-fold[data-reclose]").forEach(function (d) { d.open = false; delete d.dataset.reclose; });
  });

  function setup() { setupSituation(); setupFolds(); }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
