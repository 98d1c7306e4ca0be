"""Language identification shared by normalize and the checks (py3langid, offline model in the wheel).

The model ships LZMA-compressed and takes ~0.6 s to decompress, more than the whole check of the real
repository should cost; the uncompressed arrays are cached once per py3langid version under
``$XDG_CACHE_HOME/playbook`` (or ``~/.cache/playbook``). One identifier serves every caller: each
restricts the answer to its own candidates by ranking, without mutating shared state.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

# py3langid has no "nb": it calls Bokmål "no". Our locale codes on the left.
TO_LANGID = {"nb": "no"}
FROM_LANGID = {v: k for k, v in TO_LANGID.items()}


def _cache_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "playbook" / f"py3langid-{version('py3langid')}.npz"


@lru_cache(maxsize=1)
def identifier():
    import numpy as np
    from py3langid import modelio
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    cache = _cache_file()
    if not cache.exists():
        ptc, pc, classes, nextmove, row, output = modelio.load_model(MODEL_DIR / MODEL_FILE)
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(partial, ptc=ptc, pc=pc, classes=np.array(classes), nextmove=np.asarray(nextmove),
                 row=np.asarray(row), output=np.array(output, dtype=object), allow_pickle=True)
        partial.replace(cache)
    with np.load(cache, allow_pickle=True) as data:
        return LanguageIdentifier(
            data["ptc"], data["pc"], data["classes"].tolist(), modelio._to_array(data["nextmove"]),
            data["output"].tolist(), norm_probs=True, tk_row=modelio._to_array(data["row"]),
        )


def detect(text: str, candidates: tuple[str, ...]) -> tuple[str, float]:
    """Most likely of ``candidates`` (our codes) for ``text``, with its share of their probability."""
    wanted = {TO_LANGID.get(code, code) for code in candidates}
    ranked = [(lang, score) for lang, score in identifier().rank(text) if lang in wanted]
    total = sum(score for _, score in ranked) or 1.0
    lang, score = ranked[0]
    return FROM_LANGID.get(lang, lang), float(score / total)
