/* The search page (find/?query=...&department=...): runs engine.js in the page
 * and lists every result with its department and marks.  Texts come from
 * meta.json (locale file), so nothing here is language-specific. */
(function () {
  "use strict";
  var root = document.querySelector(".osc-search");
  if (!root || !window.CatalogueSearch) return;
  var engine = new window.CatalogueSearch.Engine(new URL(root.dataset.index, location.href).href);
  var form = root.querySelector("form");
  var status = document.getElementById("osc-status");
  var list = document.getElementById("osc-results");
  var FIELDS = ["query", "department", "audience", "mark"];

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text; // text, never HTML
    return node;
  }

  function show(found, ui) {
    list.textContent = "";
    status.textContent = found.total ? ui.count.replace("{n}", found.total) : ui.none;
    found.results.forEach(function (r) {
      var item = element("li", "osc-search__result");
      var link = element("a", null, r.name);
      link.href = new URL(root.dataset.base + r.url, location.href).href;
      item.appendChild(element("h2", null)).appendChild(link);
      var facts = element("p", "osc-search__facts");
      facts.appendChild(element("span", "osc-search__department", r.department));
      r.marks.forEach(function (m) { facts.appendChild(element("span", "osc-mark", m)); });
      item.appendChild(facts);
      item.appendChild(element("p", "osc-search__teaser", r.teaser));
      list.appendChild(item);
    });
  }

  function run() {
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) { if (form.elements[name]) form.elements[name].value = params.get(name) || ""; });
    var query = params.get("query") || "";
    engine.meta().then(function (meta) {
      if (!query.trim()) { status.textContent = ""; list.textContent = ""; return; }
      status.textContent = meta.ui.searching;
      var filters = { department: params.get("department") || "", audience: params.get("audience") || "",
                      mark: params.get("mark") || "" };
      return engine.search(query, { limit: 100, filters: filters }).then(function (found) { show(found, meta.ui); });
    }).catch(function () { status.textContent = root.dataset.failed; });
  }

  // Filters apply at once; the query on submit.  The URL keeps the state, so
  // a result page can be bookmarked and the back button works.
  function submit(event) {
    if (event) event.preventDefault();
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { var v = form.elements[name].value; if (v) params.set(name, v); });
    history.pushState(null, "", "?" + params.toString());
    run();
  }
  form.addEventListener("submit", submit);
  Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) { s.addEventListener("change", submit); });
  window.addEventListener("popstate", run);
  run();
})();
