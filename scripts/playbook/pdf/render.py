"""Typeset a binder (or the desk card) with Typst, strictly and in a sealed folder.

Typst reads files only under the root it is given. Each render gets a fresh temporary root holding
only the fixed template and the images the document builder copied from docs/; the content arrives
as JSON in ``sys.inputs`` and is only ever data (see document.py). Fonts are the shipped ones only:
no system fonts, no fonts embedded in Typst, so nothing can fall back silently; a missing font file
or any Typst warning is a RenderError. Output is PDF/UA-1 (tagged) and reproducible: the date comes
from the commit (document.edition), never the clock.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from functools import cache
from pathlib import Path

import typst

from playbook.pdf.hyphenation import strip_soft_hyphens

HERE = Path(__file__).resolve().parent
FONT_DIR = HERE / "fonts"
FONT_FILES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSans-Bold.ttf",
)
PDF_STANDARDS = ["ua-1"]
SHARED_TEMPLATES = ("common.typ",)  # imported by every template


class RenderError(Exception):
    """Typst could not typeset the document exactly as written (font, image, template problem)."""


def check_fonts(font_dir: Path = FONT_DIR) -> None:
    missing = [name for name in FONT_FILES if not (font_dir / name).is_file()]
    if missing:
        raise RenderError(
            f"font file(s) missing in {font_dir}: {', '.join(missing)} "
            "(restore them from git: scripts/playbook/pdf/fonts/)"
        )


@cache
def fonts(font_dir: Path = FONT_DIR) -> typst.Fonts:
    check_fonts(font_dir)
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(font_dir)])


def render(template: str | Path, data: dict, out: Path, assets: dict[str, Path] | None = None) -> Path:
    """Typeset ``data["doc"]`` with ``template`` (a file beside this module, or a path) into ``out``.

    ``data["soft_hyphens"]``: the document carries soft hyphens (Romanian), clean them from the text layer.
    """
    source = Path(template) if Path(template).is_absolute() else HERE / template
    template = source.name
    with tempfile.TemporaryDirectory(prefix="playbook-typst-") as tmp:
        root = Path(tmp)
        for name in SHARED_TEMPLATES:
            shutil.copyfile(HERE / name, root / name)
        shutil.copyfile(source, root / template)
        for name, source in (assets or {}).items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / name)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                pdf = typst.compile(
                    str(root / template),
                    root=str(root),
                    font_paths=fonts(),
                    ignore_system_fonts=True,
                    sys_inputs={"doc": json.dumps(data["doc"], ensure_ascii=False)},
                    pdf_standards=PDF_STANDARDS,
                    timestamp=data["timestamp"],
                )
            except typst.TypstError as err:
                raise RenderError(f"{out.name}: {err.diagnostic or err.message}".strip()) from err
        problems = [str(w.message) for w in caught if issubclass(w.category, Warning)]
        if problems:
            raise RenderError(f"{out.name}: " + "; ".join(problems))
    if data.get("soft_hyphens"):
        pdf = strip_soft_hyphens(pdf)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return out
