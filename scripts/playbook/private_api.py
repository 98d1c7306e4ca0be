"""Every use of another package's private API or undocumented behaviour, in one list.

Each entry names the package and the version it was written against, what is used and where, and a
probe that reads the installed package. ``tests/test_private_api.py`` runs every probe: when an upgrade
renames or removes one of these, that test fails and names the entry and our file that relies on it,
instead of the site quietly falling back (most of these are read with ``getattr(…, None) or …``).
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PrivateUse:
    package: str  # distribution name
    version: str  # the version this use was written against (requirements.txt pins it)
    module: str  # where the private name lives
    name: str  # the attribute, method or function we rely on
    used_in: str  # our file that relies on it
    why: str


def _source(module: str) -> str:
    return inspect.getsource(importlib.import_module(module))


def present(use: PrivateUse) -> bool:
    """The name still exists where we expect it: a module attribute, or an attribute the module's
    own code sets or defines (``self.building = …``, ``file.alternates = …``, ``def _get_url(``)."""
    module = importlib.import_module(use.module)
    if hasattr(module, use.name):
        return True
    pattern = rf"\.{re.escape(use.name)}\s*(?::[^=\n]*)?=(?!=)|\bdef {re.escape(use.name)}\("
    return re.search(pattern, _source(use.module)) is not None


I18N = "mkdocs-static-i18n"
USES = (
    *(
        PrivateUse(
            I18N,
            "1.3.1",
            "mkdocs_static_i18n.reconfigure",
            name,
            "scripts/playbook/site/__init__.py",
            "which locale pass is running and which locales the build makes",
        )
        for name in ("current_language", "default_language", "build_languages", "all_languages")
    ),
    PrivateUse(
        I18N,
        "1.3.1",
        "mkdocs_static_i18n.reconfigure",
        "building",
        "scripts/playbook/mkdocs_hooks.py",
        "run the check and the post-build steps once, not once per locale pass",
    ),
    PrivateUse(
        I18N,
        "1.3.1",
        "mkdocs_static_i18n.reconfigure",
        "search_entries",
        "scripts/playbook/site/search.py",
        "the search entries of every locale pass, to split the index",
    ),
    PrivateUse(
        I18N,
        "1.3.1",
        "mkdocs_static_i18n.reconfigure",
        "i18n_files_per_language",
        "scripts/playbook/site/hooks.py",
        "list the generated phrasebook page in the locale's sitemap",
    ),
    *(
        PrivateUse(
            I18N,
            "1.3.1",
            "mkdocs_static_i18n.folder",
            name,
            "scripts/playbook/site/hooks.py",
            "a generated phrasebook File that static-i18n treats like a written page",
        )
        for name in ("alternates", "locale_alternate_of", "norm_src_uri", "locale", "localization")
    ),
    PrivateUse(
        "mkdocs",
        "1.6.1",
        "mkdocs.structure.files",
        "_get_url",
        "scripts/playbook/site/hooks.py",
        "the URL of the generated phrasebook File",
    ),
    PrivateUse(
        "py3langid",
        "0.4.0",
        "py3langid.modelio",
        "_to_array",
        "scripts/playbook/language_id.py",
        "rebuild the identifier from the cached, uncompressed model",
    ),
)
