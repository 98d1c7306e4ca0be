"""Language identification shared by normalize and the checks (py3langid, offline model in the wheel).

The model ships LZMA-compressed and takes ~0.6 s to decompress, more than the whole check of the real
repository should cost; the uncompressed arrays are cached once per py3langid version under
``$XDG_CACHE_HOME/playbook`` (or ``~/.cache/playbook``). One identifier serves every caller: each
restricts the answer to its own candidates by keeping its own restricted identifier built from the one loaded model.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

# py3langid has no "nb": it calls Bokmål "no". Our locale codes on the left.
TO_LANGID = {"nb": "no"}
FROM_LANGID = {v: k for k, v in TO_LANGID.items()}
# One candidate set for every caller (one restricted model to build): our six languages and the
# common ones a wrong text would be in. Danish and Swedish are left out on purpose: short Bokmål
# texts are too often taken for them.
CANDIDATES = ("de", "en", "es", "fi", "fr", "it", "nb", "nl", "pt", "ro")


def candidates(locales: list[str]) -> tuple[str, ...]:
    """The project's own locales (playbook.yml) and the common languages a wrong text would be in."""
    return tuple(sorted(set(locales) | set(CANDIDATES)))


def _cache_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "playbook" / f"py3langid-{version('py3langid')}.npz"


@lru_cache(maxsize=1)
def _model() -> dict:
    import numpy as np
    from py3langid import modelio
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    cache = _cache_file()
    if not cache.exists():
        ptc, pc, classes, nextmove, row, output = modelio.load_model(MODEL_DIR / MODEL_FILE)
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(
            partial,
            ptc=ptc,
            pc=pc,
            classes=np.array(classes),
            nextmove=np.asarray(nextmove),
            row=np.asarray(row),
            output=np.array(output, dtype=object),
            allow_pickle=True,
        )
        partial.replace(cache)
    with np.load(cache, allow_pickle=True) as data:
        return {name: data[name] for name in data.files}


@lru_cache(maxsize=8)
def identifier(candidates: tuple[str, ...] | None = None):
    """One identifier per candidate set: restricting the model is cheap, ranking all 97 languages is not."""
    from py3langid import modelio
    from py3langid.langid import LanguageIdentifier

    data = _model()
    found = LanguageIdentifier(
        data["ptc"],
        data["pc"],
        data["classes"].tolist(),
        modelio._to_array(data["nextmove"]),
        data["output"].tolist(),
        norm_probs=True,
        tk_row=modelio._to_array(data["row"]),
    )
    if candidates:
        found.set_languages(sorted({TO_LANGID.get(code, code) for code in candidates}))
    return found


def detect(text: str, candidates: tuple[str, ...]) -> tuple[str, float]:
    """Most likely of ``candidates`` (our codes) for ``text``, with its share of their probability."""
    lang, score = identifier(tuple(sorted(set(candidates)))).classify(text)
    return FROM_LANGID.get(lang, lang), float(score)
