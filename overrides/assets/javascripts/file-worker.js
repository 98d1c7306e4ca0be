/* Offline copy only (file://): browsers refuse `new Worker()` for file: URLs, so Material's search
 * worker runs in a hidden same-origin iframe instead (Material's worker supports this: it looks
 * for `IFrameWorker` in its parent to find its lunr scripts). importScripts becomes <script> loading. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function IFrameWorker(url) {
    var target = document.createDocumentFragment(); /* an EventTarget for "message" listeners */
    var self = this;
    var queue = [];
    var ready = false;
    var frame = document.createElement("iframe");
    url = new URL(url, location.href).href;

    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.onmessage = null;
    this.onerror = null;

    function emit(data) {
      var event = new MessageEvent("message", { data: data });
      if (typeof self.onmessage === "function") self.onmessage(event);
      target.dispatchEvent(event);
    }

    this.postMessage = function (data) {
      if (!ready) { queue.push(data); return; }
      var scope = frame.contentWindow;
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    };
    this.terminate = function () { frame.remove(); };

    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.title = "search";
    frame.srcdoc = "<!doctype html><title>search</title><body></body>";
    frame.addEventListener("load", function () {
      var scope = frame.contentWindow;
      var doc = frame.contentDocument;
      scope.postMessage = function (data) { emit(data); };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, src) {
          return done.then(function () {
            return new Promise(function (resolve, reject) {
              var script = doc.createElement("script");
              script.src = new URL(src, url).href;
              script.onload = resolve;
              script.onerror = reject;
              doc.body.appendChild(script);
            });
          });
        }, Promise.resolve());
      };
      var main = doc.createElement("script");
      main.src = url;
      main.onload = function () {
        ready = true;
        queue.splice(0).forEach(function (data) { self.postMessage(data); });
      };
      doc.body.appendChild(main);
    });
    document.body.appendChild(frame);
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
