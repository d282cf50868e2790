/* The re-ranking of the search engine's best documents (docs/search.md,
 * "Re-ranking and ties"): near matches that are no typos (typos; the
 * coverage round), kinds and families (arrange), near siblings told
 * apart by the words of their names (siblings; the action-words round) and
 * the first place among near scores (firstPlace).  Loaded before engine.js,
 * the same way as text.js; every function works in place on the result rows
 * of engine.js' describe(): {doc, name, aliases, department, kind (0 item,
 * 1 bundle, 2 office), level (how the name or an alias matches the whole
 * query: 3 exact, 2 near, 1 phrase, 0), score}.
 */
(function (global) {
  "use strict";

  var T = global.CatalogueText || (typeof require === "function" ? require("./text.js") : null); // text.js
  var compact = T.compact;
  var FAMILY_FACTOR = 0.9; // a main item or sub-item of the one the query names
  var FIRST_PLACE = 0.1; // a result within this share of the first's score may take first place (coverage)
  var SIBLINGS = 0.3; // a sibling within this share of a higher one's score may pass it (siblings)

  function kin(meta, a, b) {
    return (meta.family || []).some(function (p) {
      return (p[0] === a.doc && p[1] === b.doc) || (p[0] === b.doc && p[1] === a.doc);
    });
  }

  /* Re-ranking by kind and family, in place (docs/search.md, "Re-ranking").
   * A main item and its sub-items are found together (meta.family:
   * [sub-item, main item] documents): when the query names one (level >= 1),
   * the other gets at least FAMILY_FACTOR of its score.  A bundle stays below
   * an item the query names at least as well as it names the bundle (开饭店:
   * the item 食品经营许可 with that alias before 开饭店一件事, which merely
   * contains it); a relative lifted by its family stays below a bundle named
   * as well as the item that lifted it (开公司: 开办企业一件事 before the
   * sub-item 合伙企业设立登记, which the query does not name). */
  function arrange(results, meta) {
    var at = {};
    results.forEach(function (r) { at[r.doc] = r; r.lifted = -1; });
    function lift(r, by) {
      if (by.level >= 1 && by.score * FAMILY_FACTOR > r.score) {
        if (r.lifted < 0) r.natural = r.score;
        r.score = by.score * FAMILY_FACTOR; r.lifted = Math.max(r.lifted, by.level);
      }
    }
    (meta.family || []).forEach(function (pair) {
      var sub = at[pair[0]], main = at[pair[1]];
      if (sub && main) { lift(sub, main); lift(main, sub); }
    });
    var bundles = results.filter(function (r) { return r.kind === 1; });
    bundles.forEach(function (b) {
      results.forEach(function (r) {
        if (r.kind === 0 && r.level >= Math.max(b.level, 1) && b.score >= r.score) b.score = r.score * 0.99;
      });
    });
    results.forEach(function (r) {
      if (r.lifted < 0) return;
      bundles.forEach(function (b) {
        if (b.level >= r.lifted && r.score >= b.score) r.score = Math.max(r.natural, b.score * 0.99);
      });
    });
    results.sort(function (a, b) { return b.score - a.score; });
  }

  /* The first place among near scores, in place (docs/search.md, "The
   * first-place round"): of the results whose score is within FIRST_PLACE of
   * the first's, the item that covers the largest share of the query
   * (coverage()), more than the first does, goes first with the first's
   * score — if it names the query at least as well (level) and is not the
   * first's main item or sub-item (arrange() decides between relatives) or a
   * sibling the first passed by its name (siblings() decides); share(doc, name)
   * is engine.js' coverage().
   * A sibling holding the query's other words then beats one holding a
   * single word a little more strongly (a neighbour's alias). */
  function firstPlace(results, meta, share) {
    var first = results[0], best = 0, most = first ? share(first.doc, first.name) : 0;
    for (var i = 1; i < results.length && results[i].score >= first.score * (1 - FIRST_PLACE); i++) {
      var r = results[i];
      if (r.kind === 0 && r.level >= first.level && !kin(meta, first, r) && !(first.passed || []).includes(r.doc) && share(r.doc, r.name) > most) { best = i; most = share(r.doc, r.name); }
    }
    if (best) results.unshift(Object.assign(results.splice(best, 1)[0], { score: first.score }));
  }

  /* Near siblings told apart by their names, in place (docs/search.md, "The
   * action-words round").  `distinct` is {pairs: the query's distinctive
   * pairs (found in the index, not everyday words), holds(pair, doc): the
   * document holds it in any field, synonyms included}.  Of two items of the
   * same department, not main item and sub-item, X below Y within SIBLINGS
   * of Y's score and naming the query at least as well (level), X goes just
   * above Y (with Y's score) when X's name holds a distinctive pair of the
   * query that Y holds nowhere while Y's name holds none that X holds
   * nowhere (营业执照要注销: 企业注销登记 above 企业设立登记, which holds 执照
   * in its aliases and result but 注销 nowhere); Y then stays above X in
   * firstPlace() too (x.passed, y.passed).  So the name's evidence of the
   * word telling siblings apart — usually the action the query asks for —
   * outweighs the evidence of the object words siblings share. */
  function siblings(results, meta, distinct, fold) {
    if (!distinct.pairs.length) return;
    var named = new Map();
    function inName(r) {
      if (!named.has(r)) {
        var name = compact(r.name, fold);
        named.set(r, distinct.pairs.filter(function (p) { return name.indexOf(p) >= 0; }));
      }
      return named.get(r);
    }
    function own(x, y) { // the pairs of x's name that y holds nowhere
      return inName(x).filter(function (p) { return !distinct.holds(p, y.doc); });
    }
    function beats(x, y) { return own(x, y).length > 0 && own(y, x).length === 0; }
    function siblingOf(x, y) {
      return x.kind === 0 && y.kind === 0 && x.department === y.department && x.department !== "" && !kin(meta, x, y);
    }
    for (var i = 1; i < results.length; i++) {
      var x = results[i], to = -1, passed = [];
      for (var j = i - 1; j >= 0; j--) {
        var y = results[j];
        if (!siblingOf(x, y)) continue;
        if (x.score < y.score * (1 - SIBLINGS) || x.level < y.level) break;
        if (beats(y, x)) { y.passed = (y.passed || []).concat([x.doc]); break; } // firstPlace() leaves x below y
        if (beats(x, y)) { to = j; passed.push(y.doc); }
      }
      if (to < 0) continue;
      x.passed = (x.passed || []).concat(passed);
      results.splice(to, 0, Object.assign(results.splice(i, 1)[0], { score: results[to].score }));
    }
  }

  /* A near match (level 2: a name or alias one character off the query) is
   * read as a typo only while no other result's name holds every character
   * of the query: 查公积金 is one character off the alias 取公积金, but
   * 住房公积金缴存信息查询 holds 查, 公, 积 and 金 — the query names that item's
   * action, it does not mistype the other's (the coverage round).  In place,
   * before arrange(): the near result loses its factor `near` and its level. */
  function typos(results, text, near, fold) {
    var chars = Array.from(text);
    var whole = results.filter(function (r) {
      var name = compact(r.name, fold);
      return chars.every(function (c) { return name.indexOf(c) >= 0; });
    });
    results.forEach(function (r) {
      if (r.level !== 2 || !whole.some(function (w) { return w !== r; })) return;
      r.score /= near; r.level = 0;
    });
  }

  global.CatalogueRank = { arrange: arrange, firstPlace: firstPlace, siblings: siblings, kin: kin, typos: typos };
  if (typeof module !== "undefined") module.exports = global.CatalogueRank;
})(typeof self !== "undefined" ? self : this);
