"""The private-API list (playbook.private_api) read against the installed packages.

Fails loudly on an upgrade that renames or removes a private name we rely on, naming our file that
uses it; and when a pinned version changes, so the use is looked at again before the list is updated.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
from playbook.private_api import USES, PrivateUse, present

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("use", USES, ids=lambda u: f"{u.package}:{u.module}.{u.name}")
def test_each_private_name_we_rely_on_is_still_there(use):
    assert present(use), (
        f"{use.package} {version(use.package)} no longer has {use.module}.{use.name}, which "
        f"{use.used_in} relies on ({use.why}): adapt that file, then playbook/private_api.py"
    )


@pytest.mark.parametrize("package", sorted({u.package: u.version for u in USES}.items()), ids=str)
def test_each_package_is_the_version_the_list_was_checked_against(package):
    name, checked = package
    assert version(name) == checked, (
        f"{name} is now {version(name)}: re-read each use listed for it in playbook/private_api.py "
        f"against the new version, then update the version there"
    )


def test_the_probe_fails_for_a_name_that_is_not_there():
    assert not present(PrivateUse("mkdocs", "1.6.1", "mkdocs.structure.files", "_no_such_name", "-", "-"))


def test_every_private_read_in_the_site_layer_is_listed():
    """A getattr on static-i18n's plugin or files, or a File._private call, must be in the list."""
    code = "\n".join(
        p.read_text("utf-8")
        for p in [ROOT / "scripts/playbook/mkdocs_hooks.py", *(ROOT / "scripts/playbook/site").glob("*.py")]
    )
    read = set(re.findall(r'getattr\((?:plugin|i18n|file|getattr\(page, "file", None\)), "(\w+)"', code))
    read |= set(re.findall(r"\bfile\.(_\w+)\(", code))
    read |= set(
        re.findall(
            r"\b(?:file|generated)\.(alternates|locale_alternate_of|norm_src_uri|locale|localization)\s*=",
            code,
        )
    )
    assert read, "the pattern found no private reads at all"
    assert sorted(read - {u.name for u in USES}) == []
