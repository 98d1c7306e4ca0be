"""Render page markdown exactly as the site does: Python-Markdown with mkdocs.yml's extensions.

The site's renderer is the truth about what reaches readers, so the markup gate (and anything else
that must agree with the site) renders with the same extensions and options instead of guessing.
"""

from __future__ import annotations

import markdown

# MkDocs always adds these before the configured ones (mkdocs/config/defaults.py, `markdown_extensions`).
MKDOCS_DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")


def markdown_converter(mkdocs_config: dict) -> markdown.Markdown:
    """A fresh converter with the extensions and options of ``markdown_extensions`` in mkdocs.yml."""
    extensions, configs = list(MKDOCS_DEFAULT_EXTENSIONS), {}
    for item in mkdocs_config.get("markdown_extensions") or []:
        for name, config in item.items() if isinstance(item, dict) else [(item, None)]:
            if name not in extensions:
                extensions.append(name)
            configs[name] = config or {}
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def strip_front_matter(text: str) -> tuple[str, int]:
    """The page body without its ``---`` front matter, and how many lines were removed."""
    if not text.startswith("---\n"):
        return text, 0
    end = text.find("\n---", 4)
    if end < 0:
        return text, 0
    cut = text.find("\n", end + 4)
    cut = len(text) if cut < 0 else cut + 1
    return text[cut:], text[:cut].count("\n")


def render_body(converter: markdown.Markdown, text: str) -> str:
    """HTML of a page's markdown body (front matter removed), as MkDocs renders it."""
    body, _ = strip_front_matter(text)
    return converter.reset().convert(body)
