"""Security headers as <meta>: a Content-Security-Policy the pages satisfy, and no referrer.

Material writes a few small inline scripts (storage scope, palette, tabbed content) whose text
depends on the page; rather than allow 'unsafe-inline', this step hashes each page's inline
scripts and writes a policy with exactly those hashes right after <meta charset>. The offline
(file://) copy gets no policy: 'self' means nothing for file: URLs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from playbook import site

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
CHARSET = '<meta charset="utf-8">'
POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


def script_hashes(html: str) -> list[str]:
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or re.search(r'type="(?!text/javascript|module)', attrs):
            continue  # external, or a data block such as __config (never executed)
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def policy(html: str) -> str:
    return POLICY.format(hashes=" ".join(script_hashes(html))).replace("'self' ;", "'self';")


def apply(root: Path, site_dir: Path, config) -> None:
    if site.is_offline_build():
        return
    for path in site_dir.rglob("*.html"):
        html = path.read_text("utf-8")
        if CHARSET not in html or 'http-equiv="Content-Security-Policy"' in html:
            continue
        meta = f'{CHARSET}\n    <meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
        path.write_text(html.replace(CHARSET, meta, 1), "utf-8")
