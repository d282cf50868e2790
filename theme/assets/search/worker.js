/* Material's search box, answered by the catalogue's engine.
 *
 * mkdocs-material talks to its search worker with four messages: SETUP (0)
 * with the lunr index, READY (1), QUERY (2) with the typed text and RESULT (3)
 * with {items: [[document]], total}.  This worker speaks the same protocol,
 * so the header search keeps Material's look and keyboard handling, but
 * ignores the lunr index and asks engine.js instead.  Material inserts
 * titles, texts and tags as HTML: everything here is escaped.
 */
importScripts("engine.js");

var SITE = new URL("../../", self.location.href);
var engine = new self.CatalogueSearch.Engine(new URL("search/catalogue/", SITE).href);
var latest = 0;
engine.meta().catch(function () {}); // fetched now, while the reader is still typing

function escape(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function documentOf(result) {
  return {
    location: result.url,
    title: escape(result.name),
    text: "<p>" + escape(result.teaser) + "</p>",
    tags: [result.department].concat(result.marks).filter(Boolean).map(escape),
    score: result.score,
    terms: {}
  };
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    engine.meta().then(function () { self.postMessage({ type: 1 }); },
                       function () { self.postMessage({ type: 1 }); });
  } else if (message.type === 2) {
    var query = String(message.data || "");
    var ticket = ++latest;
    if (!query.trim()) {
      self.postMessage({ type: 3, data: { items: [], total: 0 } });
      return;
    }
    // Material renders ten entries at once (more on scrolling): nine results
    // and the link to all of them.
    Promise.all([engine.search(query, { limit: 9 }), engine.meta()]).then(function (done) {
      if (ticket !== latest) return; // a newer query is on its way
      var found = done[0], ui = done[1].ui;
      var items = found.results.map(function (r) { return [documentOf(r)]; });
      if (found.total > 0) {
        // Last entry: the search page with every result and the filters.
        items.push([{
          location: "find/?query=" + encodeURIComponent(query),
          title: escape(ui.all_results.replace("{n}", found.total)),
          text: "<p>" + escape(ui.filter_hint) + "</p>",
          score: 0, terms: {}
        }]);
      }
      self.postMessage({ type: 3, data: { items: items, total: found.total } });
    }, function () {
      if (ticket === latest) self.postMessage({ type: 3, data: { items: [], total: 0 } });
    });
  }
});
