"""Hyphenation dictionaries for the binders: pyphen's own for en, it, nb, fr, ro; ours for Finnish.

WeasyPrint hyphenates ``hyphens: auto`` text with pyphen, which ships no Finnish dictionary. We ship
``hyphenation/hyph_fi.dic``: Kauko Saarinen's Finnish TeX patterns (hyph-fi.tex 2.2, part of hyph-utf8,
taken unchanged from TeX Live's ``texlive-lang-european``; licence "Patterns may be freely
distributed", kept in ``hyphenation/LICENSE-hyph-fi.txt``) converted to the libhyphen format pyphen
reads by ``convert_tex_patterns`` below. Patterns rather than home-made syllable rules: they also
handle the common compound-word and loan-word cases (``yli-opisto``, ``kansan-edustaja``).
``register()`` points pyphen at the file; it must run in every process that renders.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyphen

HERE = Path(__file__).resolve().parent / "hyphenation"
OUR_DICTIONARIES = {"fi": HERE / "hyph_fi.dic"}
HYPHENMIN = re.compile(r"%\s+(left|right):\s*(\d+)")


def register() -> None:
    """Make pyphen (and so WeasyPrint) find our dictionaries; a missing file is an error, not a fallback."""
    for lang, path in OUR_DICTIONARIES.items():
        if not path.is_file():
            raise FileNotFoundError(f"hyphenation dictionary for {lang!r} is missing: {path}")
        pyphen.LANGUAGES[lang] = path
        pyphen.LANGUAGES_LOWERCASE[lang] = lang


def dictionary_for(lang: str) -> str | None:
    """The pyphen dictionary name WeasyPrint will use for ``lang`` (None: no hyphenation)."""
    register()
    return pyphen.language_fallback(lang)


def convert_tex_patterns(tex: str, source: str) -> str:
    """A hyph-utf8 ``hyph-xx.tex`` file as a libhyphen/pyphen ``.dic`` (UTF-8, one pattern a line)."""
    body = tex.split(r"\patterns{", 1)[1].split("}", 1)[0]
    patterns = []
    for line in body.splitlines():
        patterns.extend(line.split("%", 1)[0].split())
    mins = dict(HYPHENMIN.findall(tex.split(r"\patterns{", 1)[0]))
    header = [
        "UTF-8",
        f"% Converted from {source} by playbook.pdf.hyphenation.convert_tex_patterns; do not edit.",
        "% See LICENSE-hyph-fi.txt beside this file.",
        f"LEFTHYPHENMIN {mins.get('left', '2')}",
        f"RIGHTHYPHENMIN {mins.get('right', '2')}",
    ]
    return "\n".join(header + patterns) + "\n"


if __name__ == "__main__":  # regenerate: python -m playbook.pdf.hyphenation path/to/hyph-fi.tex
    import sys

    tex_path = Path(sys.argv[1])
    OUR_DICTIONARIES["fi"].write_text(
        convert_tex_patterns(tex_path.read_text("utf-8"), tex_path.name), "utf-8"
    )
