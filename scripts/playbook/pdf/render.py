"""Run WeasyPrint on an assembled binder, strictly: shipped fonts only, and any warning is an error.

A missing font or image would otherwise be a silent fallback (another font, an empty box), so the font
files are checked before rendering and WeasyPrint's warnings are raised as RenderError. Output is
reproducible: dates come from the commit (assemble.edition), the PDF /ID from the content.

Tagged PDF: ``pdf_variant="pdf/ua-1"`` (structure tags for headings, lists, links, tables, plus
PDF/UA metadata), so screen readers and reflow get the reading order; it costs little render time.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from playbook.pdf import hyphenation, weasyfix

HERE = Path(__file__).resolve().parent
STYLESHEET = HERE / "print.css"
FONT_DIR = HERE / "fonts"
PDF_VARIANT = "pdf/ua-1"


class RenderError(Exception):
    """WeasyPrint could not render the binder exactly as written (font, image, CSS problem)."""


class _RaiseOnWarning(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def required_fonts() -> list[Path]:
    """Every font file print.css declares, so a missing one fails before WeasyPrint silently falls back."""
    css = STYLESHEET.read_text("utf-8")
    return [STYLESHEET.parent / url for url in re.findall(r'src:\s*url\("([^"]+)"\)', css)]


def check_fonts() -> None:
    missing = [path for path in required_fonts() if not path.is_file()]
    if missing:
        raise RenderError(
            "font file(s) missing: "
            + ", ".join(str(p) for p in missing)
            + " (restore them from git: scripts/playbook/pdf/fonts/)"
        )


def cache_key(document: str) -> str:
    """Everything that decides the PDF's bytes: the HTML, our stylesheet and fonts, the engine version."""
    import weasyprint

    digest = hashlib.sha256(document.encode("utf-8"))
    for path in [STYLESHEET, *required_fonts(), *hyphenation.OUR_DICTIONARIES.values()]:
        digest.update(path.name.encode() + (path.read_bytes() if path.is_file() else b"missing"))
    digest.update(f"{weasyprint.__version__} {PDF_VARIANT}".encode())
    return digest.hexdigest()[:40]


def render_html(document: str, out: Path, title: str = "") -> int:
    """Render one assembled HTML document to ``out``; returns the page count."""
    from weasyprint import CSS, HTML
    from weasyprint.logger import LOGGER
    from weasyprint.text.fonts import FontConfiguration

    check_fonts()
    hyphenation.register()
    weasyfix.apply()  # WeasyPrint 70.0: no third layout pass for unchanged page references
    handler = _RaiseOnWarning()
    LOGGER.addHandler(handler)
    try:
        fonts = FontConfiguration()
        stylesheet = CSS(filename=str(STYLESHEET), font_config=fonts)
        html = HTML(string=document, base_url=str(HERE) + "/")
        rendered = html.render(stylesheets=[stylesheet], font_config=fonts, pdf_variant=PDF_VARIANT)
        if handler.messages:
            raise RenderError(f"{title or out.name}: " + "; ".join(handler.messages))
        identifier = hashlib.sha256(document.encode("utf-8")).hexdigest()[:32].encode()
        out.parent.mkdir(parents=True, exist_ok=True)
        rendered.write_pdf(out, pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
        if handler.messages:
            raise RenderError(f"{title or out.name}: " + "; ".join(handler.messages))
        return len(rendered.pages)
    finally:
        LOGGER.removeHandler(handler)
