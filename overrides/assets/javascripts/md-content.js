/* Material's content script (partials/javascripts/content.html of mkdocs-material 9.8.1: the always-on part; content.tabs.link is off), unchanged, as a file so the CSP needs no inline script. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
