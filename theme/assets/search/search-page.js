/* The search page (find/?query=...&department=...): runs engine.js in the page
 * and lists every result with its kind, department and marks.  Nothing typed:
 * the popular items and the bundles; nothing found: the nearest items, the
 * bundles, links to browse and the hotline.  Texts come from meta.json
 * (locale file), so nothing here is language-specific. */
(function () {
  "use strict";
  var root = document.querySelector(".osc-search");
  if (!root || !window.CatalogueSearch) return;
  var engine = new window.CatalogueSearch.Engine(new URL(root.dataset.index, location.href).href);
  var form = root.querySelector("form");
  var status = document.getElementById("osc-status");
  var list = document.getElementById("osc-results");
  var more = document.getElementById("osc-more");
  var FIELDS = ["query", "department", "audience", "mark"];

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text; // text, never HTML
    return node;
  }

  function href(path) { return new URL(root.dataset.base + path, location.href).href; }

  function entry(r, ui) {
    var item = element("li", "osc-search__result");
    var link = element("a", null, r.name);
    link.href = href(r.url);
    item.appendChild(element("h2", null)).appendChild(link);
    var facts = element("p", "osc-search__facts");
    var kind = r.kind === 1 ? ui.kind_bundle : r.kind === 2 ? ui.kind_office : "";
    if (kind) facts.appendChild(element("span", "osc-search__kind", kind));
    if (r.department) facts.appendChild(element("span", "osc-search__department", r.department));
    r.marks.forEach(function (m) { facts.appendChild(element("span", "osc-mark", m)); });
    item.appendChild(facts);
    item.appendChild(element("p", "osc-search__teaser", r.teaser));
    return item;
  }

  function section(title, results, ui) {
    if (!results.length) return;
    more.appendChild(element("h2", "osc-search__more-title", title));
    var ol = more.appendChild(element("ol", "osc-search__results"));
    results.forEach(function (r) { ol.appendChild(entry(r, ui)); });
  }

  function browse(meta) {
    var p = more.appendChild(element("p", "osc-search__browse"));
    (meta.browse || []).forEach(function (b) {
      var a = p.appendChild(element("a", "md-button", b[0]));
      a.href = href(b[1]);
    });
    if (meta.hotline) more.appendChild(element("p", "osc-search__hotline", meta.ui.hotline.replace("{phone}", meta.hotline)));
  }

  function show(found, ui) {
    status.textContent = ui.count.replace("{n}", found.total);
    found.results.forEach(function (r) { list.appendChild(entry(r, ui)); });
  }

  function run() {
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) { if (form.elements[name]) form.elements[name].value = params.get(name) || ""; });
    var query = params.get("query") || "";
    list.textContent = "";
    more.textContent = "";
    engine.meta().then(function (meta) {
      var ui = meta.ui;
      if (!query.trim()) {
        status.textContent = "";
        return engine.start(meta).then(function (start) {
          section(ui.popular, start.popular, ui);
          section(ui.kind_bundle, start.bundles, ui);
          browse(meta);
        });
      }
      status.textContent = ui.searching;
      var filters = { department: params.get("department") || "", audience: params.get("audience") || "",
                      mark: params.get("mark") || "" };
      return engine.search(query, { limit: 100, filters: filters }).then(function (found) {
        if (found.total) return show(found, ui);
        status.textContent = ui.none;
        return engine.suggest(query, 5).then(function (near) {
          if (near.nearest.length) section(ui.nearest, near.nearest, ui);
          else section(ui.popular, near.popular, ui);
          section(ui.kind_bundle, near.bundles, ui);
          browse(meta);
        });
      });
    }).catch(function () { status.textContent = root.dataset.failed; });
  }

  // Filters apply at once; the query on submit.  The URL keeps the state, so
  // a result page can be bookmarked and the back button works.
  function submit(event) {
    if (event) event.preventDefault();
    var params = new URLSearchParams();
    // a filter with nothing to choose is not on the page (search.html)
    FIELDS.forEach(function (name) { var v = form.elements[name] && form.elements[name].value; if (v) params.set(name, v); });
    history.pushState(null, "", "?" + params.toString());
    run();
  }
  form.addEventListener("submit", submit);
  Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) { s.addEventListener("change", submit); });
  window.addEventListener("popstate", run);
  run();
})();
