/* Staff site behaviour on top of Material (no dependencies, no third parties):
 * 1. the language switcher keeps the rule: /it/listen/#let-them-vent -> /fi/listen/#let-them-vent;
 * 2. every rule heading (h2.rule) shows its id and a button that copies the rule's absolute link.
 * Localized labels come from <script id="__playbook" type="application/json"> (strings.json). */
(function () {
  "use strict";

  var textNode = document.getElementById("__playbook");
  var text = textNode ? JSON.parse(textNode.textContent) : {};

  /* 1. Language switch with anchor ------------------------------------------------------ */
  var switchLinks = Array.prototype.slice.call(document.querySelectorAll("a[data-pb-switch]"));
  switchLinks.forEach(function (link) {
    link.setAttribute("data-pb-href", link.getAttribute("href"));
    /* Material's own handler (on body) would rewrite the target and drop the hash */
    link.addEventListener("click", function (event) { event.stopPropagation(); });
  });
  function keepHash() {
    switchLinks.forEach(function (link) {
      link.setAttribute("href", link.getAttribute("data-pb-href") + location.hash);
    });
  }
  keepHash();
  window.addEventListener("hashchange", keepHash);

  /* 2. Rule ids and copy-link buttons --------------------------------------------------- */
  function ruleUrl(id) {
    var url = new URL(location.href);
    url.search = "";          /* drop search highlighting (?h=…) */
    url.hash = id;
    return url.toString();
  }

  function fallbackCopy(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "pb-offscreen";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(value) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(value).catch(function () { return fallbackCopy(value); });
    }
    return fallbackCopy(value);
  }

  var headings = document.querySelectorAll(".md-content h2.rule[id]");
  Array.prototype.forEach.call(headings, function (heading) {
    var id = heading.id;
    var tools = document.createElement("div");
    tools.className = "pb-rule-tools";

    var code = document.createElement("code");
    code.className = "pb-rule-id";
    code.textContent = "#" + id;
    code.title = text["rule.id"] || "";

    var button = document.createElement("button");
    button.type = "button";
    button.className = "pb-copy";
    button.setAttribute("aria-label", (text["copy.label"] || "Copy link") + ": " + heading.textContent.trim());
    button.setAttribute("title", text["copy.label"] || "Copy link");

    var status = document.createElement("span");
    status.className = "pb-copy-status";
    status.setAttribute("role", "status");

    button.addEventListener("click", function () {
      var url = ruleUrl(id);
      copy(url).then(function () {
        status.textContent = text["copy.done"] || "Copied";
        button.classList.add("pb-copy--done");
        document.dispatchEvent(new CustomEvent("playbook:copied", { detail: { url: url } }));
      }, function () {
        status.textContent = text["copy.failed"] || "Copy failed";
      });
      window.setTimeout(function () {
        status.textContent = "";
        button.classList.remove("pb-copy--done");
      }, 4000);
    });

    tools.appendChild(code);
    tools.appendChild(button);
    tools.appendChild(status);
    heading.insertAdjacentElement("afterend", tools);  /* outside the heading: its name stays the title */
  });
})();
