/* The staff site's search worker: Material's own worker (its file name arrives as ?material=…),
 * wrapped at its message protocol — Material's documented way to customise search is to configure
 * another worker (__config.search) that speaks the same SETUP/READY/QUERY/RESULT messages.
 *
 * 1. Query: each typed word is looked up as Material does (as the start of an indexed word), and
 *    also by its stem (the locale's lunr stemmer), so "shouting" finds "shouts" and "puhelun" finds
 *    "puhelu"; words of five letters or more also match one typo away ("riattacare"). Stop words
 *    are dropped when the query has other words ("wants a manager" is about "manager").
 * 2. Result: one result per rule or situation, best first (Material groups them by page and folds
 *    all but the best of a page away); each keeps its page (the chapter) as its heading. Words found
 *    only through their stem or a typo count as found, not as "missing".
 *
 * Runs as a Web Worker, or on file:// inside the IFrameWorker stand-in (file-worker.js), where
 * importScripts loads asynchronously: messages wait until Material's worker has loaded. */
(function () {
  "use strict";

  var SETUP = 0, QUERY = 2, RESULT = 3;
  var here = self.document && document.currentScript ? document.currentScript.src : self.location.href;
  var material = new URL(here).searchParams.get("material");
  var lang = "en";
  var variants = {};  /* clause term of a stem or typo variant -> the word the user typed */

  /* Material's worker registers one "message" listener: keep it, call it ourselves. */
  var handle = null;
  var addEventListener = self.addEventListener;
  self.addEventListener = function (type, listener) {
    if (type === "message" && handle === null) handle = listener;
    else addEventListener.apply(self, arguments);
  };
  var loaded = Promise.resolve(self.importScripts(new URL(material, here).href)).then(function () {
    self.addEventListener = addEventListener;
  });

  function language() {
    return lang === "en" ? self.lunr : self.lunr[lang];
  }

  function stem(word) {
    var stemmer = language() && language().stemmer;
    return stemmer ? stemmer(new self.lunr.Token(word)).toString() : word;
  }

  function isStopWord(word) {
    var filter = language() && language().stopWordFilter;
    return filter ? filter(new self.lunr.Token(word)) === undefined : false;
  }

  /* "hang up" -> "hang^8 hang*^2 up^8 up*^2"; "puhelun" -> "puhelun^8 puhelun*^2 puhelu*^2 puhelun~1":
   * the word itself weighs most, then words it starts, words sharing its stem, one typo away. */
  function rewrite(query) {
    if (/[*~^:"+]|(^|\s)-/.test(query)) return query;  /* lunr syntax typed on purpose: leave it alone */
    var separator = self.lunr.tokenizer.separator;
    var words = query.toLowerCase().split(separator).filter(function (word) { return word.length > 1; });
    var content = words.filter(function (word) { return !isStopWord(word); });
    if (content.length) words = content;
    variants = {};
    var clauses = [];
    words.forEach(function (word) {
      clauses.push(word + "^8", word + "*^2");
      var root = stem(word);
      if (root && root !== word && root.length >= 4 && word.indexOf(root) === 0) {
        clauses.push(root + "*^2");
        variants[root] = word;
      }
      if (word.length >= 5) clauses.push(word + "~1");
    });
    return clauses.join(" ") || query;
  }

  function stub(article) {
    return { location: article.location, title: article.title, text: "", terms: {}, score: 0 };
  }

  /* Material's groups (one per page) -> one group per result: [result, its page as heading]. */
  function flatten(groups) {
    var results = [];
    groups.forEach(function (group) {
      var article = group.filter(function (doc) { return doc.location.indexOf("#") < 0; })[0];
      group.forEach(function (doc) {
        if (doc.score <= 0) return;
        var terms = {};
        Object.keys(doc.terms).forEach(function (term) {
          var word = variants[term] || term;
          terms[word] = terms[word] || doc.terms[term];
        });
        var item = Object.assign({}, doc, { terms: terms });
        results.push(doc === article || !article ? [item] : [item, stub(article)]);
      });
    });
    return results.sort(function (a, b) { return b[0].score - a[0].score; });
  }

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT) {
      message = { type: RESULT, data: Object.assign({}, message.data, { items: flatten(message.data.items) }) };
    }
    return post.apply(self, [message].concat(Array.prototype.slice.call(arguments, 1)));
  };

  addEventListener.call(self, "message", function (event) {
    var data = event.data;
    if (data && data.type === SETUP) lang = data.data.config.lang[0] || "en";
    if (data && data.type === QUERY) data = { type: QUERY, data: rewrite(String(data.data)) };
    loaded.then(function () { handle({ data: data }); });
  });
})();
