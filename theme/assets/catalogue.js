// Filter the all-items table as the reader types. No network, no libraries.
(function () {
  function setup() {
    document.querySelectorAll("input.osc-filter").forEach(function (input) {
      var table = document.getElementById(input.dataset.target);
      if (!table || input.dataset.ready) return;
      input.dataset.ready = "1";
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        rows.forEach(function (row, i) {
          row.hidden = !words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        });
      });
    });
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
