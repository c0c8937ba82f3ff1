/*
 * Runs Material's search worker inside a hidden iframe when a page is opened from disk.
 *
 * Chromium refuses `new Worker("file://...")`, so without this the search box never appears
 * on file:// pages. Material's offline plugin fixes that with the iframe-worker package loaded
 * from a CDN, which is no use with the network off; this file does the same job, shipped with
 * the site. Hosted pages (http/https) keep the real Worker.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function IframeWorker(url) {
    var self = this;
    var listeners = [];
    var pending = [];
    var ready = false;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.title = "Search worker";
    (document.body || document.documentElement).appendChild(frame);
    var scope = frame.contentWindow;

    // What the worker script expects of its global scope.
    scope.postMessage = function (data) {
      var event = new MessageEvent("message", { data: data });
      if (typeof self.onmessage === "function") self.onmessage(event);
      listeners.forEach(function (listener) { listener(event); });
    };
    scope.importScripts = function () {
      throw new Error("importScripts is not available to the file:// search worker");
    };

    this.onmessage = null;
    this.onerror = null;
    this.addEventListener = function (type, listener) {
      if (type === "message") listeners.push(listener);
    };
    this.removeEventListener = function (type, listener) {
      listeners = listeners.filter(function (known) { return known !== listener; });
    };
    this.postMessage = function (data) {
      if (!ready) { pending.push(data); return; }
      scope.dispatchEvent(new MessageEvent("message", { data: data }));
    };
    this.terminate = function () { frame.remove(); };

    var script = scope.document.createElement("script");
    script.src = new URL(url, location.href).href;
    script.onload = function () {
      ready = true;
      pending.splice(0).forEach(self.postMessage);
    };
    script.onerror = function (error) {
      if (typeof self.onerror === "function") self.onerror(error);
    };
    scope.document.head.appendChild(script);
  }

  window.Worker = IframeWorker;
})();
