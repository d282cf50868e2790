/* The catalogue's search engine: the query side of generator/outputs/search.py.
 *
 * Loaded by the search worker (header search box) and by the search page,
 * after text.js (the query-side twins of generator/outputs/search_text.py:
 * normalise, terms, skips, pinyin...) and rank.js (the re-ranking of the
 * best documents: arrange, siblings, firstPlace).  It fetches meta.json once, then per
 * query only the postings shards of the query's terms and the result rows of
 * the best documents.  The model (BM25F, field weights, re-ranking) is
 * described in docs/search.md, "Ranking".
 */
(function (global) {
  "use strict";

  var T = global.CatalogueText || (typeof require === "function" ? require("./text.js") : null); // text.js
  var TOKEN = T.TOKEN, IS_HAN = T.IS_HAN, foldOf = T.foldOf, normalise = T.normalise, terms = T.terms;
  var unigrams = T.unigrams, skips = T.skips, termHash = T.termHash, compact = T.compact;
  var pinyinTerms = T.pinyinTerms, editDistanceAtMostOne = T.editDistanceAtMostOne;
  var R = global.CatalogueRank || (typeof require === "function" ? require("./rank.js") : null); // rank.js
  var CANDIDATES = 30; // documents re-ranked with their names
  var LEVELS = 63; // a posting's weight is 1..63 (search.py: LEVELS)
  var SYNONYM_FACTOR = 0.8; // a term found through a synonym weighs a bit less
  var SKIP_FACTOR = 0.5; // skip pairs: only there for one mistyped character
  var SINGLE_FACTOR = 0.5; // a query character no found pair covers (fallback layer)
  var CHAR_FACTOR = 0.3; // every other character of the query (character layer)
  var CHAIN = 0.6; // a pair whose preceding query pair the same document holds (one word's second pair)
  var BUNDLE_FACTOR = 0.6; // a bundle (一件事) below the items it merely contains
  var OFFICE_FACTOR = 0.75; // an office (办理地点) below the services offered there
  var POPULAR_BONUS = 0.05; // popular items (config most_used) win near-ties
  var EXACT = 4, NEAR = 2.5, PHRASE = 1.5; // re-ranking factors (docs/search.md)
  var LOOSE = 0.001; // coverage: the name's share of the query's lone characters, a tie-break (coverage)
  var DISTINCT = 0.6; // everyday-language weight from which a query pair tells siblings apart (distinct)
  var CHAR_SYNONYM = "~"; // prefix of a character-synonym term (search.py: CHAR_SYNONYM)
  var MIN_SYNONYM = 2; // characters of a synonym word's compact form (search.py: MIN_SYNONYM)
  var MIN_TYPO = 4; // names of this many characters forgive one wrong character

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

  /* What the query looks for, term -> weight: its pairs (single characters
   * for a one-character word), skip pairs of words of four or more
   * characters, pinyin, and the terms of synonyms of words it contains.
   * Filler words (怎么, 要什么, 在哪) are dropped first.  A synonym word
   * whose compact form is empty or one character (another script, an emoji)
   * is never looked for: "" is found in every query; nor is the empty
   * query's "".  `runs` lists the query's Han runs: a character no pair
   * found in the index covers is then looked for alone (fallback layer).
   * `cover` maps each term to the query's own pairs it stands for (a pair:
   * itself; a skip pair: the two around the character it skips; a synonym's
   * pair: the pairs of the query's word of that group), for coverage(). */
  Engine.prototype.understand = function (query, meta) {
    var fold = foldOf(meta);
    var q = normalise(query, fold);
    meta.filler.forEach(function (word) {
      var w = normalise(word, fold);
      // A Latin filler word (the English edition's "how", "i") only as a whole word, not inside "id".
      if (/^[a-z0-9]+$/.test(w)) q = q.replace(new RegExp("(^|[^a-z0-9])" + w + "(?![a-z0-9])", "g"), "$1 ");
      else if (w.trim()) q = q.split(w).join(" ");
    });
    var known = meta.syllables ? (meta._syllables || (meta._syllables = new Set(meta.syllables.split(" ")))) : null;
    var weights = {}, runs = [], around = {}, cover = {}, lone = [];
    function want(term, weight, pairs) {
      if (!(weights[term] >= weight)) weights[term] = weight;
      cover[term] = (cover[term] || []).concat(pairs);
    }
    var flat = compact(q, fold);
    meta.synonyms.forEach(function (group) {
      var words = group.filter(function (word) { return Array.from(compact(word, fold)).length >= MIN_SYNONYM; });
      var hit = flat !== "" && words.some(function (word) { return flat.indexOf(compact(word, fold)) >= 0; });
      if (!hit) return;
      var own = []; // the pairs of the group's words the query holds
      words.forEach(function (word) { if (flat.indexOf(compact(word, fold)) >= 0) own = own.concat(terms(word, fold)); });
      words.forEach(function (word) { terms(word, fold).forEach(function (t) { want(t, SYNONYM_FACTOR, own); }); });
    });
    (q.match(TOKEN) || []).forEach(function (token) {
      terms(token).forEach(function (t) { want(t, 1, [t]); });
      var chars = Array.from(token);
      if (IS_HAN.test(token)) {
        if (chars.length >= 2) runs.push(chars); else lone.push(token); // lone: a one-character word (怎么补 -> 补)
        if (chars.length >= MIN_TYPO) skips(token).forEach(function (t, i) {
          var both = [chars[i] + chars[i + 1], chars[i + 1] + chars[i + 2]]; // the pairs around the character it skips
          want(t, SKIP_FACTOR, both);
          (around[t] = around[t] || []).push(both);
        });
      } else {
        pinyinTerms(token, known).forEach(function (t) { want(t, 1, []); });
      }
    });
    var chain = {}; // a pair -> the query's pairs just before it (a word's second pair)
    runs.forEach(function (run) {
      for (var i = 1; i + 1 < run.length; i++) {
        var pair = run[i] + run[i + 1];
        (chain[pair] = chain[pair] || []).push(run[i - 1] + run[i]);
      }
    });
    return { text: compact(query, fold), weights: weights, runs: runs, around: around, chain: chain, cover: cover, lone: lone };
  };

  Engine.prototype.postings = function (list, meta) {
    var self = this, shards = {};
    list.forEach(function (t) { shards[termHash(t.replace(CHAR_SYNONYM, "")) % meta.shards] = true; }); // ~c: with c
    return Promise.all(Object.keys(shards).map(function (s) { return self.fetch("t/" + s + ".json"); }))
      .then(function (loaded) {
        var postings = {};
        loaded.forEach(function (shard) { list.forEach(function (t) { if (shard[t]) postings[t] = shard[t]; }); });
        return postings;
      });
  };

  /* BM25F: sum over the query's terms of weight x idf x the term's stored
   * weight in the document (tf~ / (K1 + tf~), computed by search.py).
   * `around` (skip pair -> the pairs around the character it skips): a skip
   * pair only counts in a document lacking one of those pairs, since it is
   * there for one mistyped character; where both pairs are found it would
   * count the same characters twice (docs/search.md, "relevance round").
   * `chain` (pair -> the query's pairs just before it): in a document holding
   * one of those, the pair is the same word's evidence again and counts
   * CHAIN of its weight (docs/search.md, "neighbours round"). */
  function score(weights, postings, meta, scores, around, chain) {
    var sets = {};
    function docs(t) {
      if (sets[t]) return sets[t];
      var found = sets[t] = new Set(), doc = 0;
      (postings[t] ? postings[t][1] : []).forEach(function (p) { doc += Math.floor(p / 64); found.add(doc); });
      return found;
    }
    Object.keys(weights).forEach(function (t) {
      var entry = postings[t];
      if (!entry) return;
      var df = entry[0], idf = Math.log(1 + (meta.documents - df + 0.5) / (df + 0.5));
      // entry[2]: the term's everyday-language weight (search_thesaurus.general_weight).
      var doc = 0, w = weights[t] * idf * (entry.length > 2 ? entry[2] : 1) / LEVELS;
      var whole = around && around[t] ? around[t].map(function (pair) { return [docs(pair[0]), docs(pair[1])]; }) : [];
      var before = chain && chain[t] ? chain[t].map(docs) : [];
      entry[1].forEach(function (p) {
        doc += Math.floor(p / 64);
        if (whole.some(function (both) { return both[0].has(doc) && both[1].has(doc); })) return;
        var f = before.some(function (set) { return set.has(doc); }) ? CHAIN : 1;
        scores.set(doc, (scores.get(doc) || 0) + f * w * (p % 64));
      });
    });
    return scores;
  }

  /* search(query, {limit, filters: {department, audience, mark}}) ->
   * Promise of {results: [{code, name, kind, department, marks, teaser,
   * aliases, url, score}], total}.  Every document sharing a term with the
   * query is counted and ranked: no cut-off hides a match. */
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
      // The character layer: every character of the query's Han runs, fetched
      // with the terms (one round trip) and weighed once the pairs are known.
      var chars = {};
      want.runs.forEach(function (run) { run.forEach(function (c) { if (!(c in want.weights)) chars[c] = true; }); });
      var more = Object.keys(chars);
      more = more.concat(more.map(function (c) { return CHAR_SYNONYM + c; }));
      return self.postings(list.concat(more), meta).then(function (postings) {
        // A character of the query that no pair found in the index covers (an
        // unknown word: 养狗办证, 没结过婚) weighs more than one that a found pair
        // covers; either way a query never finds nothing while its characters
        // are in an item.
        var singles = {};
        want.runs.forEach(function (run) {
          run.forEach(function (c, i) {
            if (!chars[c]) return;
            var covered = (i > 0 && postings[run[i - 1] + c]) || (i + 1 < run.length && postings[c + run[i + 1]]);
            singles[c] = Math.max(singles[c] || 0, covered ? CHAR_FACTOR : SINGLE_FACTOR);
          });
        });
        want.loose = Object.keys(singles).filter(function (c) {
          var e = postings[c];
          return singles[c] === SINGLE_FACTOR && e && (e.length > 2 ? e[2] : 1) >= DISTINCT;
        });
        Object.keys(singles).forEach(function (c) { singles[CHAR_SYNONYM + c] = singles[c] * SYNONYM_FACTOR; });
        var scores = score(want.weights, postings, meta, new Map(), want.around, want.chain);
        score(singles, postings, meta, scores);
        want.share = coverage(want, postings, meta);
        want.distinct = distinct(want, postings);
        return self.rank(scores, want, meta, limit, filtering ? filters : null);
      });
    });
  };

  /* coverage(want, postings, meta) -> share(doc, name): the share, 0..1, of the
   * query's distinctive weight that a document holds in any field — over the
   * pairs of the query's Han runs and its one-character words (怎么停 -> 停;
   * names-and-remedies round) found in the index, each weighing idf x
   * its everyday-language weight; a pair counts as held when the document
   * holds it or a term standing for it (want.cover: a skip pair, a synonym's
   * pair).  A document holding some of them gets LOOSE x the share of the
   * query's lone characters (want.loose: distinctive characters no found pair
   * covers, 查 of 查公积金) that its name holds (`name`, the result row's):
   * a tie-break below any pair's difference (the coverage round).  Used only
   * to decide the first place (firstPlace). */
  function coverage(want, postings, meta) {
    var weight = {}, total = 0, sets = {}, loose = {}, rest = 0;
    var units = [];
    want.runs.forEach(function (run) { for (var i = 0; i + 1 < run.length; i++) units.push(run[i] + run[i + 1]); });
    units.concat(want.lone || []).forEach(function (unit) {
      var entry = postings[unit];
      if (!entry || unit in weight) return;
      weight[unit] = Math.log(1 + (meta.documents - entry[0] + 0.5) / (entry[0] + 0.5)) * (entry.length > 2 ? entry[2] : 1);
      total += weight[unit];
    });
    (want.loose || []).forEach(function (c) { // characters no found pair covers: held by the name only
      var entry = postings[c];
      loose[c] = Math.log(1 + (meta.documents - entry[0] + 0.5) / (entry[0] + 0.5)) * (entry.length > 2 ? entry[2] : 1);
      rest += loose[c];
    });
    function holds(t) {
      if (!sets[t]) {
        var found = sets[t] = new Set(), doc = 0;
        postings[t][1].forEach(function (p) { doc += Math.floor(p / 64); found.add(doc); });
      }
      return sets[t];
    }
    return function (doc, name) {
      var held = {}, sum = 0, by = 0, own = name ? compact(name, foldOf(meta)) : "";
      Object.keys(want.cover).forEach(function (t) {
        if (postings[t] && holds(t).has(doc)) want.cover[t].forEach(function (pair) { held[pair] = true; });
      });
      Object.keys(held).forEach(function (pair) { sum += weight[pair] || 0; });
      Object.keys(loose).forEach(function (c) { if (own.indexOf(c) >= 0) by += loose[c]; });
      return sum ? sum / total + (rest ? LOOSE * by / rest : 0) : 0;
    };
  }

  /* The query's distinctive pairs: those of its Han runs found in the index
   * whose everyday-language weight is at least DISTINCT (not 自己, 需要, nor a
   * pair across a word boundary), as {pairs, holds(pair, doc)} (holds: the
   * document has the pair in any field); rank.js' siblings() compares names
   * by them. */
  function distinct(want, postings) {
    var pairs = [], sets = {};
    want.runs.forEach(function (run) {
      for (var i = 0; i + 1 < run.length; i++) {
        var p = run[i] + run[i + 1], entry = postings[p];
        if (entry && (entry.length > 2 ? entry[2] : 1) >= DISTINCT && pairs.indexOf(p) < 0) pairs.push(p);
      }
    });
    function holds(p, doc) {
      if (!sets[p]) {
        var found = sets[p] = new Set(), d = 0;
        postings[p][1].forEach(function (x) { d += Math.floor(x / 64); found.add(d); });
      }
      return sets[p].has(doc);
    }
    return { pairs: pairs, holds: holds };
  }

  Engine.prototype.rank = function (scores, want, meta, limit, filters) {
    var self = this;
    var popular = new Set((meta.popular || []).map(function (p) { return p[0]; }));
    return (filters ? this.fetch("attrs.json") : Promise.resolve(null)).then(function (attrs) {
      var ranked = [];
      scores.forEach(function (s, doc) {
        if (attrs && !self.passes(attrs[doc], filters)) return;
        ranked.push([doc, popular.has(doc) ? s * (1 + POPULAR_BONUS) : s]);
      });
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      var top = ranked.slice(0, Math.max(limit, CANDIDATES));
      return self.describe(top, meta, want).then(function (results) {
        return { results: results.slice(0, limit), total: ranked.length };
      });
    });
  };

  Engine.prototype.passes = function (attr, filters) {
    if (filters.department !== undefined && filters.department !== "" && attr[0] !== Number(filters.department)) return false;
    if (filters.mark !== undefined && filters.mark !== "" && !(attr[1] & (1 << Number(filters.mark)))) return false;
    if (filters.audience !== undefined && filters.audience !== "" && !(attr[2] & (1 << Number(filters.audience)))) return false;
    return true;
  };

  /* Result rows of documents [[doc, score]], re-ranked when `want` is given:
   * an exact name, code or alias x4, a name of four or more characters one
   * character off x2.5 (unless another name holds every character of the
   * query: rank.js typos()), a name or alias holding the whole query x1.5. */
  Engine.prototype.describe = function (top, meta, want) {
    var self = this;
    var fold = foldOf(meta);
    var chunks = {};
    top.forEach(function (t) { chunks[Math.floor(t[0] / meta.chunk)] = true; });
    var names = Object.keys(chunks);
    return Promise.all(names.map(function (c) { return self.fetch("d/" + c + ".json"); })).then(function (loaded) {
      var rows = {};
      names.forEach(function (c, i) { rows[c] = loaded[i]; });
      var text = want ? want.text : "";
      var results = top.map(function (t) {
        var row = rows[Math.floor(t[0] / meta.chunk)][t[0] % meta.chunk];
        var kind = row[6] || 0;
        var score = t[1] * (kind === 1 ? BUNDLE_FACTOR : kind === 2 ? OFFICE_FACTOR : 1);
        var level = 0; // how the name or an alias matches the whole query: 3 exact, 2 near, 1 phrase
        if (text) {
          var forms = [compact(row[1], fold)].concat(row[5].map(function (a) { return compact(a, fold); }));
          if (forms.indexOf(text) >= 0 || row[0] === text) { score *= EXACT; level = 3; }
          else if (Array.from(text).length >= MIN_TYPO && forms.some(function (f) {
            return Array.from(f).length >= MIN_TYPO && editDistanceAtMostOne(f, text);
          })) { score *= NEAR; level = 2; }
          else if (Array.from(text).length >= 2 && forms.some(function (f) { return f.indexOf(text) >= 0; })) {
            score *= PHRASE; level = 1;
          }
        }
        // the item's marks as its page shows them (search.py badges_of), not the filter bits
        var marks = (row[3] || []).map(function (i) { return meta.badges[i]; });
        return {
          code: row[0], name: row[1], kind: kind, department: meta.departments[row[2]] || "",
          marks: marks, teaser: row[4], aliases: row[5],
          url: ((meta.kinds || ["items/"])[kind] || "items/") + row[0] + "/", score: score, level: level,
          doc: t[0]
        };
      });
      if (want && text) R.typos(results, text, NEAR, fold);
      if (want) R.arrange(results, meta);
      if (want && want.distinct) R.siblings(results, meta, want.distinct, fold);
      if (want && want.share) R.firstPlace(results, meta, want.share);
      return results;
    });
  };

  /* When a query finds nothing: the items whose names share most characters
   * with it (single characters, idf-weighted; since every character of a
   * query is looked for, usually none), the popular items and the
   * bundles. */
  Engine.prototype.suggest = function (query, limit) {
    var self = this;
    return this.meta().then(function (meta) {
      var fold = foldOf(meta), weights = {};
      unigrams(query, fold).forEach(function (c) { weights[c] = 1; });
      var list = Object.keys(weights);
      var near = list.length ? self.postings(list, meta).then(function (postings) {
        var ranked = [];
        score(weights, postings, meta, new Map()).forEach(function (s, doc) { ranked.push([doc, s]); });
        ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return self.describe(ranked.slice(0, limit || 5), meta, null);
      }) : Promise.resolve([]);
      return Promise.all([near, self.start(meta)]).then(function (done) {
        return { nearest: done[0], popular: done[1].popular, bundles: done[1].bundles };
      });
    });
  };

  /* Before anything is typed: the popular items (config most_used) and the bundles. */
  Engine.prototype.start = function (meta) {
    var self = this;
    return (meta ? Promise.resolve(meta) : this.meta()).then(function (m) {
      var docs = (m.popular || []).concat(m.bundles || []).map(function (p) { return [p[0], 0]; });
      return self.describe(docs, m, null).then(function (rows) {
        var n = (m.popular || []).length;
        return { popular: rows.slice(0, n), bundles: rows.slice(n) };
      });
    });
  };

  global.CatalogueSearch = {
    Engine: Engine, normalise: normalise, terms: terms, unigrams: unigrams, skips: skips,
    termHash: termHash, compact: compact, pinyinTerms: pinyinTerms, foldOf: foldOf, score: score,
    coverage: coverage, firstPlace: R.firstPlace, siblings: R.siblings, typos: R.typos
  };
})(typeof self !== "undefined" ? self : this);
