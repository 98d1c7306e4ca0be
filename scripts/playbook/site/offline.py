"""The offline copy: the whole site as a zip that works opened from disk (file://), search included.

``mkdocs build`` makes it in the same run as the site (post-build step ``bundle_into_site``): the
same mkdocs.yml is built once more *in this process* with directory URLs off (links end in .html) and
``site.OFFLINE_FLAG`` set in its config, which makes the templates load a small Worker stand-in
(assets/javascripts/file-worker.js: browsers refuse Web Workers on file://) and the search step write
``search_index.js`` per locale. It reuses the parsed pages and skips the content check (the site build
just ran it). The binders and desk cards are copied from the site, not rendered again. The zip is
reproducible: entries sorted, every date the commit's (or SOURCE_DATE_EPOCH), fixed permissions.
``playbook offline`` builds the same zip on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from playbook import site

TOP_FOLDER = "de-escalation-playbook"
SKIP_ENV = "PLAYBOOK_NO_OFFLINE"  # `make preview` sets it: no zip on every live reload
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def build_offline_site(config_file: Path, out_dir: Path, strict: bool = False) -> None:
    """Build the file:// copy of the site into ``out_dir``, in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    offline = load_config(str(config_file), site_dir=str(out_dir), use_directory_urls=False, strict=strict)
    offline.extra[site.OFFLINE_FLAG] = True
    build(offline)


def finish_offline_pages(online_site: Path | None, offline_site: Path, root: Path) -> None:
    """What the offline pages get after their build: the site's binders and desk cards (rendered
    once, by the online build; rendered here only when there is no online build)."""
    if online_site is not None:
        for pdf in sorted(online_site.rglob("*.pdf")):
            target = offline_site / pdf.relative_to(online_site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, target)
        return
    from playbook.pdf import build_binders, site_targets
    from playbook.project import Project

    project = Project(root)
    build_binders(root, site_targets(project, offline_site, project.locales))


def _unused(site_dir: Path) -> set[Path]:
    """Source maps, gzip copies, and the lunr stemmers of languages no locale's index uses."""
    languages = {
        lang
        for index in site_dir.rglob("search/search_index.json")
        for lang in json.loads(index.read_text("utf-8"))["config"]["lang"]
    }
    keep = {f"lunr.{lang}.min.js" for lang in languages} | {
        "lunr.stemmer.support.min.js",
        "lunr.multi.min.js",
    }
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    unused = {path for path in lunr.rglob("*.js") if path.name not in keep} if lunr.is_dir() else set()
    return unused | {
        p for p in site_dir.rglob("*") if p.name.endswith((".map", ".gz")) or p.name == site.OFFLINE_ZIP
    }


def zip_site(site_dir: Path, zip_path: Path, root: Path) -> None:
    """Zip ``site_dir`` under TOP_FOLDER/: same files, same bytes on every build of a commit."""
    from playbook.project import edition

    stamp = max(edition(root)[1].timetuple()[:6], ZIP_EPOCH)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".tmp")
    unused = _unused(site_dir)
    with zipfile.ZipFile(tmp, "w") as archive:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and path not in unused:
                info = zipfile.ZipInfo(f"{TOP_FOLDER}/{path.relative_to(site_dir).as_posix()}", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so the permissions below are read
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(zip_path)


def build_zip(root: Path, zip_path: Path, online_site: Path | None = None, strict: bool = False) -> Path:
    """Build the file:// copy and zip it; the PDFs come from ``online_site`` when there is one."""
    with tempfile.TemporaryDirectory(prefix="playbook-offline-") as tmp:
        out = Path(tmp) / "site"
        build_offline_site(root / "mkdocs.yml", out, strict)
        finish_offline_pages(online_site, out, root)
        zip_site(out, zip_path, root)
    return zip_path


def bundle_into_site(root: Path, site_dir: Path, config) -> None:
    """Post-build step: the online site carries its own offline copy."""
    if site.is_offline_build(config) or os.environ.get(SKIP_ENV) == "1":
        return
    build_zip(root, site_dir / site.OFFLINE_ZIP, site_dir, strict=config.strict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook offline", description="build the offline zip of the site")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    parser.add_argument("--out", default=f"dist/{site.OFFLINE_ZIP}", help="zip to write")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    from playbook.checks import run_checks
    from playbook.problems import summary
    from playbook.project import Project

    errors = [p for p in run_checks(Project(root)) if p.severity == "error"]  # no site build checked it
    if errors:
        print("\n".join(p.format() for p in errors) + "\n" + summary(errors), file=sys.stderr)
        return 1
    zip_path = build_zip(root, (root / args.out).resolve())
    print(f"{zip_path} ({zip_path.stat().st_size / 1024:.0f} KiB): unzip, open {TOP_FOLDER}/index.html")
    return 0
