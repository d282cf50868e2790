// 现在开放吗: an office's hours (data-open-now on the page, outputs/opening.py)
// evaluated at the reader's current time in Beijing time, with China's public
// holidays and 调休 working weekends from assets/open-now.json (written at build
// time from the chinese_calendar package). Outside the years that file covers,
// or on a day whose hours the office does not state, it warns and claims
// nothing. The element stays hidden without script or without the calendar.
// No network beyond that one file of this site; no libraries.
(function () {
  "use strict";
  var script = document.currentScript;
  var calendarUrl = script && script.src ? new URL("open-now.json", script.src).href : null;
  var SHANGHAI_OFFSET = 8 * 60; // minutes; China has kept UTC+8 without daylight saving since 1991

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function minutes(hhmm) { var p = hhmm.split(":"); return +p[0] * 60 + +p[1]; }

  // A calendar day in Beijing time: a Date at UTC midnight of that day.
  function day(date) {
    return { date: date, iso: date.getUTCFullYear() + "-" + pad(date.getUTCMonth() + 1) + "-" + pad(date.getUTCDate()),
             md: pad(date.getUTCMonth() + 1) + "-" + pad(date.getUTCDate()),
             weekday: date.getUTCDay() || 7, year: date.getUTCFullYear() };
  }
  function addDays(d, n) { return day(new Date(d.date.getTime() + n * 86400000)); }

  function inSeason(h, d) {
    if (!h.from || !h.to) return true;
    return h.from <= h.to ? (d.md >= h.from && d.md <= h.to) : (d.md >= h.from || d.md <= h.to);
  }

  // The day's kind and hour entries: {kind, holiday, spans} where spans is null
  // when the day's hours cannot be known (outside the calendar, a holiday on
  // duty or unstated, a 调休 day of an office without hours on every weekday).
  function dayHours(office, cal, d) {
    if (d.year < cal.first || d.year > cal.last) return { kind: "outside", spans: null };
    var weekdayEntries = function (wd) {
      return office.hours.filter(function (h) { return h.days.indexOf(wd) >= 0 && inSeason(h, d); });
    };
    if (Object.prototype.hasOwnProperty.call(cal.holidays, d.iso)) {
      var mode = office.holidays;
      var spans = mode === "closed" ? [] : mode === "open" ? weekdayEntries(d.weekday) : null;
      return { kind: "holiday", holiday: cal.holidays[d.iso], spans: spans };
    }
    if (cal.workdays.indexOf(d.iso) >= 0) {
      var common = office.hours.filter(function (h) {
        return [1, 2, 3, 4, 5].every(function (wd) { return h.days.indexOf(wd) >= 0; }) && inSeason(h, d);
      });
      return { kind: "workday", spans: common.length ? common : null };
    }
    return { kind: "normal", spans: weekdayEntries(d.weekday) };
  }

  function evaluate(office, cal, now) {
    var t = cal.texts;
    var shifted = new Date(now.getTime() + SHANGHAI_OFFSET * 60000);
    var today = day(new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate())));
    var clock = shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
    var range = fill(t.range, { first: cal.first, last: cal.last });
    var info = dayHours(office, cal, today);
    if (info.kind === "outside") return { state: "unknown", text: fill(t.outside, { first: cal.first, last: cal.last }) };
    var lines = [];
    if (info.kind === "holiday") {
      lines.push(fill(t.holiday, { name: info.holiday }));
      lines.push(office.holidays === "closed" ? t.holiday_closed : office.holidays === "open" ? t.holiday_open
                 : office.holidays === "duty" ? t.holiday_duty : t.holiday_unstated);
    } else if (info.kind === "workday") {
      lines.push(info.spans ? t.workday : t.workday_unstated);
    }
    if (info.spans === null) return { state: "unknown", text: lines.join("") + range };
    // Open now: a span of today, or one of yesterday running past midnight.
    var current = null;
    info.spans.forEach(function (h) {
      var o = minutes(h.open), c = minutes(h.close);
      var end = c <= o ? 1440 : c;
      if (clock >= o && clock < end) current = { close: c <= o ? t.next_day + h.close : h.close, some: h.some };
    });
    var yesterday = dayHours(office, cal, addDays(today, -1));
    (yesterday.spans || []).forEach(function (h) {
      var o = minutes(h.open), c = minutes(h.close);
      if (c < o && clock < c) current = { close: h.close, some: h.some };
    });
    if (current) {
      return { state: "open", text: lines.join("") + fill(current.some ? t.open_some : t.open, { close: current.close }) + range };
    }
    lines.push(t.closed);
    lines.push(nextOpening(office, cal, today, clock, info.spans));
    return { state: "closed", text: lines.join("") + range };
  }

  function nextOpening(office, cal, today, clock, spans) {
    var t = cal.texts;
    for (var n = 0; n <= 14; n++) {
      var d = n === 0 ? today : addDays(today, n);
      var hours = n === 0 ? spans : dayHours(office, cal, d).spans;
      if (hours === null) return t.next_unknown;
      var opens = hours.map(function (h) { return h.open; })
        .filter(function (o) { return n > 0 || minutes(o) > clock; }).sort();
      if (opens.length) {
        var name = n === 0 ? t.today : n === 1 ? t.tomorrow
          : cal.days[d.weekday - 1] + fill(t.date, { m: d.date.getUTCMonth() + 1, d: d.date.getUTCDate() });
        return fill(t.next, { day: name, time: opens[0] });
      }
    }
    return t.next_unknown;
  }

  function show(el, cal) {
    var office;
    try { office = JSON.parse(el.getAttribute("data-open-now")); } catch (e) { return; }
    if (!office || !office.hours || !office.hours.length) return;
    var result = evaluate(office, cal, new Date());
    var label = document.createElement("strong");
    label.textContent = cal.texts.label;
    el.textContent = "";
    el.appendChild(label);
    el.appendChild(document.createTextNode(result.text));
    el.setAttribute("data-state", result.state);
    el.hidden = false;
  }

  function setup() {
    var places = document.querySelectorAll("[data-open-now]");
    if (!places.length || !calendarUrl || !window.fetch) return;
    fetch(calendarUrl).then(function (r) { return r.ok ? r.json() : null; }).then(function (cal) {
      if (!cal || !cal.texts) return; // nothing shown rather than a guess
      Array.prototype.forEach.call(places, function (el) { show(el, cal); });
    }).catch(function () {});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
