/* The catalogue's search text: how a typed query becomes index terms, the
 * query-side twins of generator/outputs/search_text.py.
 *
 * normalise(), terms(), unigrams(), skips(), compact() and termHash() must
 * give the same results as their Python twins (tests/outputs/test_search.py
 * and test_search_matching.py check them in Chromium); pinyinTerms() splits
 * typed pinyin with the index's syllables.  Loaded before engine.js (search
 * worker: importScripts; search page: a script tag; Node: require).
 */
(function (global) {
  "use strict";

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TOKEN = new RegExp("[" + HAN + "]+|[a-z0-9]+", "g");
  var IS_HAN = new RegExp("^[" + HAN + "]");
  var LETTERS = /^[a-z]+$/;

  function foldOf(meta) {
    // meta.fold = [traditional characters, their simplified forms]: the part of
    // OpenCC's t2s table whose targets occur in the index (search_text.fold_table).
    if (!meta || !meta.fold) return null;
    if (!meta._fold) {
      var from = Array.from(meta.fold[0]), to = Array.from(meta.fold[1]), map = {};
      from.forEach(function (ch, i) { map[ch] = to[i]; });
      Object.defineProperty(meta, "_fold", { value: map, enumerable: false });
    }
    return meta._fold;
  }

  function normalise(text, fold) {
    var out = String(text).normalize("NFKC").toLowerCase();
    if (!fold) return out;
    return Array.from(out).map(function (ch) { return fold[ch] || ch; }).join("");
  }

  function tokens(text, fold) { return normalise(text, fold).match(TOKEN) || []; }

  function terms(text, fold) {
    var out = [];
    tokens(text, fold).forEach(function (token) {
      var chars = Array.from(token);
      if (IS_HAN.test(token) && chars.length > 1) {
        for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      } else {
        out.push(token);
      }
    });
    return out;
  }

  function unigrams(text, fold) {
    var out = [];
    tokens(text, fold).forEach(function (token) { if (IS_HAN.test(token)) out = out.concat(Array.from(token)); });
    return out;
  }

  function skips(text, fold) {
    var out = [];
    tokens(text, fold).forEach(function (token) {
      var c = Array.from(token);
      if (IS_HAN.test(token)) for (var i = 0; i + 2 < c.length; i++) out.push(c[i] + "_" + c[i + 2]);
    });
    return out;
  }

  function termHash(term) {
    var h = 0;
    for (var ch of term) h = (Math.imul(h, 31) + ch.codePointAt(0)) >>> 0;
    return h;
  }

  function compact(text, fold) { return tokens(text, fold).join(""); }

  /* Typed pinyin ("shenfenzheng") as syllables of the index ("shen fen
   * zheng"): the split into the fewest syllables, or null. */
  function syllablesOf(token, known) {
    var best = [[]];
    for (var i = 1; i <= token.length; i++) {
      best[i] = null;
      for (var j = Math.max(0, i - 6); j < i; j++) {
        if (best[j] && known.has(token.slice(j, i)) && (!best[i] || best[j].length + 1 < best[i].length)) {
          best[i] = best[j].concat([token.slice(j, i)]);
        }
      }
    }
    return best[token.length];
  }

  /* Pinyin terms of a Latin token: syllable pairs ("shen'fen") when it splits
   * into two or more syllables, else initials ("#sfz") when 2-8 letters. */
  function pinyinTerms(token, known) {
    if (!LETTERS.test(token)) return [];
    var split = known ? syllablesOf(token, known) : null;
    var out = [];
    if (split && split.length >= 2) {
      for (var i = 0; i + 1 < split.length; i++) out.push(split[i] + "'" + split[i + 1]);
    } else if (token.length >= 2 && token.length <= 8) {
      if (token.length === 2) out.push("#" + token);
      for (var k = 0; k + 3 <= token.length; k++) out.push("#" + token.slice(k, k + 3));
    }
    return out;
  }

  function editDistanceAtMostOne(a, b) {
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++; else if (b.length > a.length) j++; else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  var api = {
    HAN: HAN, TOKEN: TOKEN, IS_HAN: IS_HAN, foldOf: foldOf, normalise: normalise, tokens: tokens, terms: terms,
    unigrams: unigrams, skips: skips, termHash: termHash, compact: compact, pinyinTerms: pinyinTerms,
    editDistanceAtMostOne: editDistanceAtMostOne
  };
  global.CatalogueText = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof self !== "undefined" ? self : this);
