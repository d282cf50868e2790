/* Material's search box, answered by the catalogue's engine.
 *
 * mkdocs-material talks to its search worker with four messages: SETUP (0)
 * with the lunr index, READY (1), QUERY (2) with the typed text and RESULT (3)
 * with {items: [[document]], total}.  This worker speaks the same protocol,
 * so the header search keeps Material's look and keyboard handling, but
 * ignores the lunr index and asks engine.js instead.  Material inserts
 * titles, texts and tags as HTML: everything here is escaped.
 *
 * Nothing found: a note with the hotline, the nearest items, links to browse
 * ("all items") and the bundles.
 */
importScripts("text.js", "rank.js", "engine.js");

var SITE = new URL("../../", self.location.href);
var engine = new self.CatalogueSearch.Engine(new URL("search/catalogue/", SITE).href);
var latest = 0;
engine.meta().catch(function () {}); // fetched now, while the reader is still typing

function escape(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function documentOf(result, ui) {
  var kind = result.kind === 1 ? ui.kind_bundle : result.kind === 2 ? ui.kind_office : "";
  return {
    location: new URL(result.url, SITE).href, // the site of this worker: an edition's results stay in it
    title: escape(result.name),
    text: "<p>" + escape(result.teaser) + "</p>",
    tags: [kind, result.department].concat(result.marks).filter(Boolean).map(escape),
    score: result.score || 0,
    terms: {}
  };
}

function link(location, title, text) {
  return [{ location: new URL(location, SITE).href, title: escape(title), text: "<p>" + escape(text || "") + "</p>", score: 0, terms: {} }];
}

function answer(query, meta) {
  var ui = meta.ui;
  // Nothing typed: nothing listed.  Material sends the empty value once when a
  // page loads, and whatever is answered stays in the page (hidden) and costs
  // downloads on every page view; the search page lists popular items and
  // bundles instead (search-page.js).
  if (!query.trim()) return Promise.resolve({ items: [], total: 0 });
  // Material renders ten entries at once (more on scrolling): nine results
  // and the link to all of them.
  return engine.search(query, { limit: 9 }).then(function (found) {
    if (found.total > 0) {
      var items = found.results.map(function (r) { return [documentOf(r, ui)]; });
      // Last entry: the search page with every result and the filters.
      items.push(link("find/?query=" + encodeURIComponent(query), ui.all_results.replace("{n}", found.total), ui.filter_hint));
      return { items: items, total: found.total };
    }
    // Material shows ten entries before scrolling: the note, three nearest
    // items (or popular ones: every character is looked for, so a query
    // that finds nothing rarely has near items), the browse links, then bundles.
    return engine.suggest(query, 3).then(function (near) {
      var hint = ui.none_hint + (meta.hotline ? " " + ui.hotline.replace("{phone}", meta.hotline) : "");
      var items = [link("find/?query=" + encodeURIComponent(query), ui.none_title, hint)];
      (near.nearest.length ? near.nearest : near.popular.slice(0, 3)).forEach(function (r) { items.push([documentOf(r, ui)]); });
      (meta.browse || []).forEach(function (b) { items.push(link(b[1], b[0])); });
      near.bundles.forEach(function (r) { items.push([documentOf(r, ui)]); });
      return { items: items, total: 0 };
    });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    engine.meta().then(function () { self.postMessage({ type: 1 }); },
                       function () { self.postMessage({ type: 1 }); });
  } else if (message.type === 2) {
    var query = String(message.data || "");
    var ticket = ++latest;
    engine.meta().then(function (meta) { return answer(query, meta); }).then(function (data) {
      if (ticket === latest) self.postMessage({ type: 3, data: data }); // else a newer query is on its way
    }, function () {
      if (ticket === latest) self.postMessage({ type: 3, data: { items: [], total: 0 } });
    });
  }
});
