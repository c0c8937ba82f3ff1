/*
 * Loads search only when the reader reaches for it.
 *
 * Material starts its search worker (about 40 KB) and, on a hosted site, downloads the whole
 * search index (about 200 KB) on every page view, before anyone types a letter: more than half of
 * what a first view transferred. Here both wait until the reader opens search (taps the search
 * icon, focuses the box, or presses a search shortcut); then they load as before. From disk
 * (file://) Material already waits for the search toggle before reading the index; the worker
 * waits here as well. Loaded at the end of the page, after iframe-worker-shim.js, before
 * Material's bundle: it wraps whichever Worker that file left in place.
 */
(function () {
  "use strict";
  var wanted = false;
  var waiting = [];

  function start() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (run) { run(); });
  }
  function whenWanted(run) {
    if (wanted) run(); else waiting.push(run);
  }

  // What counts as reaching for search.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) start();
  });
  document.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest("label[for=__search], .md-search")) start();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) start();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (/^[/sf]$/.test(event.key) && !event.target.isContentEditable &&
        !/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) start();
  }, true);

  // The worker: created for real on first use; messages and listeners wait until then.
  var RealWorker = window.Worker;
  if (typeof RealWorker === "function") {
    window.Worker = function LazyWorker(url, options) {
      var self = this;
      var worker = null;
      var pending = [];
      var listeners = [];
      this.onmessage = null;
      this.onerror = null;
      this.postMessage = function (data) {
        if (worker) worker.postMessage(data); else pending.push(data);
      };
      this.addEventListener = function (type, listener) {
        if (worker) worker.addEventListener(type, listener); else listeners.push([type, listener]);
      };
      this.removeEventListener = function (type, listener) {
        if (worker) worker.removeEventListener(type, listener);
        listeners = listeners.filter(function (known) { return known[1] !== listener; });
      };
      this.terminate = function () { if (worker) worker.terminate(); pending = []; };
      whenWanted(function () {
        worker = new RealWorker(url, options);
        worker.onmessage = function (event) { if (self.onmessage) self.onmessage(event); };
        worker.onerror = function (event) { if (self.onerror) self.onerror(event); };
        listeners.forEach(function (entry) { worker.addEventListener(entry[0], entry[1]); });
        pending.splice(0).forEach(function (data) { worker.postMessage(data); });
      });
    };
  }

  // The hosted index: Material asks for it with XMLHttpRequest; the request is sent on first use.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = /\/search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.searchIndex) return send.apply(request, args);
    whenWanted(function () { send.apply(request, args); });
  };
})();
