"""Hyphenation for the binders: Typst's own patterns, plus soft hyphens where Typst has none.

Typst hyphenates justified text itself in en, it, nb, fi and fr (``text(lang: …, hyphenate: true)``).
It has no Romanian patterns, so Romanian body text gets soft hyphens (U+00AD) from pyphen's ``ro_RO``
dictionary before typesetting: Typst breaks at them and prints a hyphen only where it breaks (the text
layer keeps the plain word; tests/test_pdf.py checks). Titles, labels, ids and code never get any.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen

SOFT_HYPHEN = "\u00ad"
PYPHEN_DICTIONARY = {"ro": "ro_RO"}  # locales Typst cannot hyphenate, and the pyphen dictionary to use
SOFT_HYPHEN_LOCALES = frozenset(PYPHEN_DICTIONARY)
MIN_WORD, MIN_LEFT, MIN_RIGHT = 6, 3, 3  # as the binders always did: words of 6+, 3 letters each side
WORD = re.compile(rf"\w{{{MIN_WORD},}}")


@cache
def _dictionary(locale: str) -> pyphen.Pyphen:
    name = PYPHEN_DICTIONARY[locale]
    if name not in pyphen.LANGUAGES:
        raise FileNotFoundError(f"pyphen has no {name} dictionary: reinstall the pinned pyphen")
    return pyphen.Pyphen(lang=name, left=MIN_LEFT, right=MIN_RIGHT)


def soft_hyphens(text: str, locale: str = "ro") -> str:
    """``text`` with a soft hyphen at every break pyphen allows in its long words."""
    dictionary = _dictionary(locale)
    return WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen=SOFT_HYPHEN), text)


# ── the text layer: no soft hyphens where Typst did not break ────────────────────────────────────
# Typst 0.15 keeps a soft hyphen it did not break at in the PDF's text layer: merged into the previous
# letter's glyph mapping (ToUnicode CMaps, ``<006F00AD>``) or an ActualText span (``<FEFF006500AD>``).
# Copy-paste and search would then see "com\xadpor\xadta\xadment". Where Typst breaks, it draws a hyphen
# mapped to a U+00AD of its own (as PDF/UA asks, and as in the languages Typst hyphenates itself), which
# stays. So a U+00AD is dropped only where it shares a mapping with other text (the letter before it),
# in ToUnicode CMaps and ActualText strings, and the cross-reference table is rebuilt. Typst writes classic
# xref tables and no object streams (checked here; anything else is refused, not patched).
# tests/test_pdf.py::test_typst_still_keeps_soft_hyphens_in_the_text_layer fails once Typst stops
# doing this, so this can go.
STREAM = re.compile(rb"(\d+) 0 obj\n<<(/Length (\d+)(?:/[A-Za-z0-9 ]*?)*)>>\nstream\n")
CMAP_HEX = re.compile(rb"<([0-9A-Fa-f\s]+)>")
ACTUAL_TEXT_HEX = re.compile(rb"(?<=/ActualText)<([0-9A-Fa-f\s]+)>")
CONTENT_DICT = re.compile(rb"/Length \d+/Filter/FlateDecode")  # a page's or an XObject's drawing
CMAP_DICT = re.compile(rb"/Length \d+/Type/CMap/Filter/FlateDecode(?:/WMode \d+)?")
OBJECT = re.compile(rb"(?m)^(\d+) 0 obj\n")


def _drop_shy(match: re.Match) -> bytes:
    digits = re.sub(rb"\s", b"", match.group(1))
    if len(digits) % 4 or b"00AD" not in digits.upper():
        return match.group(0)
    units = [digits[i : i + 4].upper() for i in range(0, len(digits), 4)]
    if [u for u in units if u not in (b"FEFF", b"00AD")] == []:  # a break's own hyphen: keep
        return match.group(0)
    return b"<" + b"".join(u for u in units if u != b"00AD") + b">"


def strip_soft_hyphens(pdf: bytes) -> bytes:
    """``pdf`` (as Typst writes it) with U+00AD removed from its text layer."""
    import zlib

    if b"/ObjStm" in pdf or b"/XRefStm" in pdf or b"\nxref\n" not in pdf:
        raise ValueError("unexpected PDF layout (object or xref streams): cannot clean soft hyphens")
    out, pos = bytearray(), 0
    for match in STREAM.finditer(pdf):
        start, length = match.end(), int(match.group(3))
        is_cmap = CMAP_DICT.fullmatch(match.group(2)) is not None
        if not is_cmap and CONTENT_DICT.fullmatch(match.group(2)) is None:
            continue  # fonts, images, metadata: no text mappings in them
        data = zlib.decompress(pdf[start : start + length])
        if b"00AD" not in data.upper():
            continue
        cleaned = zlib.compress((CMAP_HEX if is_cmap else ACTUAL_TEXT_HEX).sub(_drop_shy, data), 6)
        head = match.group(0).replace(b"/Length " + match.group(3), b"/Length " + str(len(cleaned)).encode())
        out += pdf[pos : match.start()] + head + cleaned
        pos = start + length
    if pos == 0:
        return pdf
    out += pdf[pos:]
    body = bytes(out[: out.rindex(b"\nxref\n") + 1])
    offsets = {int(m.group(1)): m.start() for m in OBJECT.finditer(body)}
    size = max(offsets) + 1
    table = [b"xref\n", f"0 {size}\n".encode(), b"0000000000 65535 f \n"]
    table += [
        f"{offsets[n]:010d} 00000 n \n".encode() if n in offsets else b"0000000000 65535 f \n"
        for n in range(1, size)
    ]
    trailer = pdf[pdf.rindex(b"trailer\n") : pdf.rindex(b"startxref")]
    return body + b"".join(table) + trailer + f"startxref\n{len(body)}\n%%EOF".encode()
