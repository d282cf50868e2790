/* The catalogue's search engine: the query side of generator/outputs/search.py.
 *
 * Loaded by the search worker (header search box) and by the search page.
 * It fetches meta.json once, then per query only the postings shards of the
 * query's terms and the result data of the best documents.  normalise(),
 * terms() and termHash() must give the same results as their twins in
 * generator/outputs/search.py (tests/test_search.py checks them in Chromium).
 */
(function (global) {
  "use strict";

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TOKEN = new RegExp("[" + HAN + "]+|[a-z0-9]+", "g");
  var IS_HAN = new RegExp("^[" + HAN + "]");
  var CANDIDATES = 24; // documents whose names are compared with the query
  var SYNONYM_FACTOR = 0.8; // a term found through a synonym weighs a bit less
  var RELEVANT = 0.15; // results scoring below this share of the best one are noise
  var MIN_SYNONYM = 2; // characters of a synonym word's compact form (search.py: MIN_SYNONYM)

  function normalise(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  function terms(text) {
    var out = [];
    (normalise(text).match(TOKEN) || []).forEach(function (token) {
      var chars = Array.from(token);
      if (IS_HAN.test(token) && chars.length > 1) {
        for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      } else {
        out.push(token);
      }
    });
    return out;
  }

  function termHash(term) {
    var h = 0;
    for (var ch of term) h = (Math.imul(h, 31) + ch.codePointAt(0)) >>> 0;
    return h;
  }

  function compact(text) {
    // For whole-name comparison: normalised, without spaces and punctuation.
    return (normalise(text).match(TOKEN) || []).join("");
  }

  function Engine(baseUrl) {
    this.base = String(baseUrl).replace(/\/?$/, "/");
    this.cache = {};
  }

  Engine.prototype.fetch = function (path) {
    var cache = this.cache;
    if (!cache[path]) {
      cache[path] = fetch(this.base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  };

  Engine.prototype.meta = function () { return this.fetch("meta.json"); };

  /* What the query looks for: its own terms, and the terms of synonyms of
   * words it contains.  Filler words (怎么, 要什么, 在哪) are dropped first.
   * A word whose compact form is empty or one character (say one in another
   * script, or an emoji) is never looked for: "" is found in every query and
   * would put its group into every search; nor is the empty query's "". */
  Engine.prototype.understand = function (query, meta) {
    var q = normalise(query);
    meta.filler.forEach(function (word) {
      var w = normalise(word);
      if (w.trim()) q = q.split(w).join(" ");
    });
    var own = terms(q);
    var extra = [];
    var flat = compact(q);
    meta.synonyms.forEach(function (group) {
      var words = group.filter(function (word) { return Array.from(compact(word)).length >= MIN_SYNONYM; });
      var hit = flat !== "" && words.some(function (word) { return flat.indexOf(compact(word)) >= 0; });
      if (hit) words.forEach(function (word) { extra = extra.concat(terms(word)); });
    });
    var weights = {};
    extra.forEach(function (t) { weights[t] = SYNONYM_FACTOR; });
    own.forEach(function (t) { weights[t] = 1; });
    return { text: compact(query), weights: weights };
  };

  /* search(query, {limit, filters: {department, audience, mark}}) ->
   * Promise of {results: [{code, name, department, marks, teaser, aliases,
   * url, score}], total} */
  Engine.prototype.search = function (query, options) {
    var self = this;
    options = options || {};
    var limit = options.limit || 20;
    var filters = options.filters || {};
    var filtering = ["department", "audience", "mark"].some(function (k) { return filters[k] != null && filters[k] !== ""; });
    return this.meta().then(function (meta) {
      var want = self.understand(query, meta);
      var list = Object.keys(want.weights);
      if (!list.length) return { results: [], total: 0 };
      var shards = {};
      list.forEach(function (t) { shards[termHash(t) % meta.shards] = true; });
      var loads = Object.keys(shards).map(function (s) { return self.fetch("t/" + s + ".json"); });
      if (filtering) loads.push(self.fetch("attrs.json"));
      return Promise.all(loads).then(function (loaded) {
        var attrs = filtering ? loaded.pop() : null;
        var postings = {};
        loaded.forEach(function (shard) { for (var t in shard) postings[t] = shard[t]; });
        var scores = new Map();
        list.forEach(function (t) {
          var entry = postings[t];
          if (!entry) return;
          var idf = Math.log(1 + meta.documents / entry[0]);
          var doc = 0;
          entry[1].forEach(function (p) {
            doc += Math.floor(p / 32);
            var add = idf * (p % 32) * want.weights[t];
            scores.set(doc, (scores.get(doc) || 0) + add);
          });
        });
        var ranked = [];
        scores.forEach(function (score, doc) {
          if (attrs && !self.passes(attrs[doc], filters)) return;
          ranked.push([doc, score]);
        });
        ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        // One shared character pair ("证") is not a match worth listing.
        if (ranked.length) {
          var floor = ranked[0][1] * RELEVANT;
          ranked = ranked.filter(function (r) { return r[1] >= floor; });
        }
        var top = ranked.slice(0, Math.max(limit, CANDIDATES));
        return self.describe(top, meta, want).then(function (results) {
          return { results: results.slice(0, limit), total: ranked.length };
        });
      });
    });
  };

  Engine.prototype.passes = function (attr, filters) {
    if (filters.department !== undefined && filters.department !== "" && attr[0] !== Number(filters.department)) return false;
    if (filters.mark !== undefined && filters.mark !== "" && !(attr[1] & (1 << Number(filters.mark)))) return false;
    if (filters.audience !== undefined && filters.audience !== "" && !(attr[2] & (1 << Number(filters.audience)))) return false;
    return true;
  };

  /* Result data for the best documents, re-ranked: an exact name, code or
   * alias first, then names containing the whole query. */
  Engine.prototype.describe = function (top, meta, want) {
    var self = this;
    var chunks = {};
    top.forEach(function (t) { chunks[Math.floor(t[0] / meta.chunk)] = true; });
    var names = Object.keys(chunks);
    return Promise.all(names.map(function (c) { return self.fetch("d/" + c + ".json"); })).then(function (loaded) {
      var rows = {};
      names.forEach(function (c, i) { rows[c] = loaded[i]; });
      var results = top.map(function (t) {
        var row = rows[Math.floor(t[0] / meta.chunk)][t[0] % meta.chunk];
        var name = compact(row[1]);
        var score = t[1];
        if (want.text && (name === want.text || row[0] === want.text ||
            row[5].some(function (a) { return compact(a) === want.text; }))) score *= 4;
        else if (want.text && name.indexOf(want.text) >= 0) score *= 1.5;
        var marks = [];
        meta.marks.forEach(function (label, i) { if (row[3] & (1 << i)) marks.push(label); });
        return {
          code: row[0], name: row[1], department: meta.departments[row[2]] || "",
          marks: marks, teaser: row[4], aliases: row[5], url: "items/" + row[0] + "/", score: score
        };
      });
      results.sort(function (a, b) { return b.score - a.score; });
      return results;
    });
  };

  global.CatalogueSearch = { Engine: Engine, normalise: normalise, terms: terms, termHash: termHash, compact: compact };
})(typeof self !== "undefined" ? self : this);
