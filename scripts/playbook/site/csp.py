"""Security headers as <meta>: a Content-Security-Policy that content cannot widen, and no referrer.

The policy is a constant: scripts only from the site's own files ('self', no 'unsafe-inline', no
hashes), so an inline script, an event handler or a ``javascript:`` URL that slipped into a page is
refused by the browser. The templates emit no inline script (Material's bootstrap script lives in
assets/javascripts/md-scope.js; ``__config`` and ``__playbook`` are JSON data blocks, never run),
and ``audit`` fails the build if a built page has one anyway. The offline (file://) copy gets the
same policy with ``file:`` in place of 'self', which matches nothing for file: URLs.
"""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

CHARSET = '<meta charset="utf-8">'
POLICY = (
    "default-src 'none'; script-src {self}; style-src {self} 'unsafe-inline'; img-src {self} data:; "
    "font-src {self}; connect-src {self}; worker-src {self}; manifest-src {self}; frame-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
ONLINE, OFFLINE = POLICY.format(self="'self'"), POLICY.format(self="file:")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def audit(html: str) -> list[str]:
    """What in a built page the policy is there to stop: each is a build error, naming the page.

    Inline scripts, ``on…`` handlers, ``javascript:`` URLs, and the document-level tags no CSP covers
    (``<meta http-equiv="refresh">``, ``<base>``) outside what the templates write.
    """
    found = []
    tree = LexborHTMLParser(html)
    for node in tree.root.traverse(include_text=False):
        attrs = node.attributes
        if node.tag == "script" and "src" not in attrs and attrs.get("type") not in DATA_SCRIPT_TYPES:
            found.append("an inline <script>")
        if node.tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            found.append('a <meta http-equiv="refresh">')
        if node.tag == "base":
            found.append("a <base>")
        for name, value in attrs.items():
            if name.lower().startswith("on"):
                found.append(f"an {name} handler on <{node.tag}>")
            elif name in ("href", "src", "action", "formaction") and "javascript:" in "".join(
                (value or "").lower().split()
            ):
                found.append(f"a javascript: URL in <{node.tag} {name}>")
    return found


def with_policy(html: str, offline: bool = False) -> str:
    """The page with the policy right after <meta charset> (before anything it governs)."""
    if CHARSET not in html or 'http-equiv="Content-Security-Policy"' in html:
        return html
    meta = f'{CHARSET}\n    <meta http-equiv="Content-Security-Policy" content="{OFFLINE if offline else ONLINE}">'
    return html.replace(CHARSET, meta, 1)


def apply(root: Path, site_dir: Path, config, offline: bool | None = None) -> None:
    """Post-build step: audit every page, then write the policy into it."""
    from playbook import site
    from playbook.sanitize import gate_bypassed

    offline = site.is_offline_build(config) if offline is None else offline
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text("utf-8")
        if not gate_bypassed():
            problems += [f"{path.relative_to(site_dir)}: {what}" for what in audit(html)]
        path.write_text(with_policy(html, offline), "utf-8")
    if problems:
        from mkdocs.exceptions import Abort

        raise Abort(
            "built pages carry what the CSP exists to stop (playbook check should have refused the "
            "content that produced it):\n  " + "\n  ".join(problems)
        )
