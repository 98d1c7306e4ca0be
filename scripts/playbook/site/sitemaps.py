"""A sitemap.xml wherever Material's language code looks for one.

For every ``<link rel="alternate" hreflang>`` in a page, Material fetches ``sitemap.xml`` relative
to that URL (to map pages across languages). With per-page alternates that is
``/fi/listen/sitemap.xml``: without this step each page load logs six 404s. Each file holds just
that page's <url> entry with its alternates, taken from the root sitemap static-i18n writes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def page_dir(site_dir: Path, site_url: str, loc: str) -> Path | None:
    """The directory of the page at ``loc`` (directory URLs), or None if it is not one."""
    base = urlsplit(site_url or "/").path
    path = urlsplit(loc).path
    if not path.startswith(base) or not path.endswith("/"):
        return None
    return site_dir / path[len(base) :]


def write_page_sitemaps(root: Path, site_dir: Path, config) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.exists() or not config.use_directory_urls:
        return
    for name, uri in NS.items():
        ET.register_namespace("" if name == "sm" else name, uri)
    tree = ET.parse(sitemap)
    for url in tree.getroot().findall("sm:url", NS):
        loc = url.findtext("sm:loc", default="", namespaces=NS)
        folder = page_dir(site_dir, config.site_url, loc)
        if folder is None or folder == site_dir or not (folder / "index.html").exists():
            continue
        body = ET.tostring(url, encoding="unicode")
        (folder / "sitemap.xml").write_text(f"{HEAD}{body}\n</urlset>\n", "utf-8")
