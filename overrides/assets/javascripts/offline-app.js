/* Hosted: the web app manifest and the service worker (sw.js, written by the build), so the site
   installs on a phone and reads offline after one visit. From disk (file://) neither exists; there,
   links to the offline zip, which the zip does not hold, point to the hosted site's copy instead.
   Everywhere: the list of sources at the end of a page is folded on phones, open on wider screens
   and when printed. */
(function () {
  var root = new URL("../../", document.currentScript.src);
  var hosted = location.protocol === "https:" || location.protocol === "http:";
  if (hosted && "serviceWorker" in navigator) {
    var manifest = document.createElement("link");
    manifest.rel = "manifest";
    manifest.href = new URL("manifest.webmanifest", root).href;
    document.head.appendChild(manifest);
    addEventListener("load", function () {
      navigator.serviceWorker.register(new URL("sw.js", root).href).catch(function () {});
    });
  }
  if (location.protocol === "file:") {
    var canonical = document.querySelector("link[rel=canonical]");
    document.querySelectorAll("a[href$='downloads/serverless-study-notes.zip']").forEach(function (link) {
      if (canonical) link.href = new URL(link.getAttribute("href"), canonical.href).href;
    });
  }
  var sources = document.querySelectorAll("details.sn-sources-fold");
  function unfold() { sources.forEach(function (details) { details.open = true; }); }
  if (matchMedia("(min-width: 45em)").matches) unfold();
  addEventListener("beforeprint", unfold);
})();
