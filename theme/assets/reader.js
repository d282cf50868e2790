// Reader aids (issue 17): the 长辈模式 switch, flowcharts zoomed in a dialog,
// and the 好差评 form sent without leaving the page.  No network but the
// rating's own endpoint, no libraries; every text comes from the page.
(function () {
  var KEY = "osc-large";

  function remembered() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  // 长辈模式: the class on <html> (set before the first paint by main.html), remembered.
  function largeSwitch() {
    document.querySelectorAll(".osc-large-switch").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.setAttribute("aria-pressed", String(remembered()));
      button.addEventListener("click", function () {
        var on = !document.documentElement.classList.contains(KEY);
        document.documentElement.classList.toggle(KEY, on);
        button.setAttribute("aria-pressed", String(on));
        try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
      });
    });
  }

  // Flowcharts: the link to the SVG opens a dialog with zoom buttons instead.
  function zoom() {
    document.querySelectorAll("a.osc-flowchart__open").forEach(function (link) {
      if (link.dataset.ready || typeof HTMLDialogElement === "undefined") return;
      link.dataset.ready = "1";
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var figure = link.closest("figure"), source = figure && figure.querySelector("img");
        var dialog = document.createElement("dialog"), scale = 1;
        dialog.className = "osc-zoom";
        dialog.setAttribute("aria-label", link.dataset.title || link.textContent);
        var bar = document.createElement("div"), view = document.createElement("div"), img = document.createElement("img");
        bar.className = "osc-zoom__bar";
        view.className = "osc-zoom__view";
        img.src = link.href;
        img.alt = source ? source.alt : "";
        function button(text, action) {
          var b = document.createElement("button");
          b.type = "button";
          b.textContent = text;
          b.addEventListener("click", action);
          bar.appendChild(b);
          return b;
        }
        function apply() { img.style.width = (img.naturalWidth * scale) + "px"; }
        button(link.dataset.zoomIn, function () { scale = Math.min(scale * 1.5, 8); apply(); });
        button(link.dataset.zoomOut, function () { scale = Math.max(scale / 1.5, 0.25); apply(); });
        var close = button(link.dataset.close, function () { dialog.close(); });
        img.addEventListener("load", function () {
          // Fit the width of the window first; the buttons zoom from there.
          scale = Math.max(Math.min(view.clientWidth / (img.naturalWidth || 1), 4), 0.25);
          apply();
        });
        view.appendChild(img);
        dialog.appendChild(bar);
        dialog.appendChild(view);
        dialog.addEventListener("close", function () { dialog.remove(); link.focus(); });
        document.body.appendChild(dialog);
        dialog.showModal();
        close.focus();
      });
    });
  }

  // 好差评: a plain form to the configured endpoint; with script it is sent in
  // the background (the endpoint is another site: its answer cannot be read,
  // so a sent request counts as sent) and the reader stays on the page.
  function rating() {
    document.querySelectorAll("form.osc-rating__form").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      var status = form.querySelector(".osc-rating__status");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var data = new URLSearchParams(new FormData(form));
        var method = (form.getAttribute("method") || "post").toUpperCase();
        var url = form.action, options = { method: method, mode: "no-cors", credentials: "omit" };
        if (method === "GET") { url += (url.indexOf("?") < 0 ? "?" : "&") + data.toString(); }
        else { options.body = data; }
        var submit = form.querySelector("button[type=submit]");
        submit.disabled = true;
        status.textContent = form.dataset.sending;
        fetch(url, options).then(function () {
          status.textContent = form.dataset.sent;
          form.querySelectorAll("input, textarea").forEach(function (el) { el.disabled = true; });
        }, function () {
          status.textContent = form.dataset.failed;
          submit.disabled = false;
        });
      });
    });
  }

  function setup() { largeSwitch(); zoom(); rating(); }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
