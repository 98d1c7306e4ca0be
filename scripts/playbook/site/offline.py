"""``playbook offline``: the whole site as a zip that works opened from disk (file://), search included.

It is a second build with ``--no-directory-urls`` (links end in .html) and PLAYBOOK_OFFLINE=1, which
makes the templates load a small Worker stand-in (assets/javascripts/file-worker.js: browsers
refuse Web Workers on file://) and makes the search step write ``search_index.js`` per locale.
The online build puts the zip at the site root, so every page can link to it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from playbook import site

TOP_FOLDER = "de-escalation-playbook"
SKIP_ENV = "PLAYBOOK_NO_OFFLINE"  # `make preview` sets it: no zip on every live reload


def build_offline_site(root: Path, out_dir: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{site.OFFLINE_ENV: "1"})
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "--no-directory-urls",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            str(out_dir),
        ],
        cwd=root,
        env=env,
        check=True,
    )


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


def zip_site(site_dir: Path, zip_path: Path) -> None:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".tmp")
    unused = _unused(site_dir)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and path not in unused:
                archive.write(path, f"{TOP_FOLDER}/{path.relative_to(site_dir).as_posix()}")
    tmp.replace(zip_path)


def build_zip(root: Path, zip_path: Path, online_site: Path | None = None) -> Path:
    """Build the file:// copy and zip it; the PDFs (binders, desk cards) come from ``online_site``."""
    with tempfile.TemporaryDirectory(prefix="playbook-offline-") as tmp:
        out = Path(tmp) / "site"
        build_offline_site(root, out)
        if online_site is not None:
            for pdf in sorted(online_site.rglob("*.pdf")):
                target = out / pdf.relative_to(online_site)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pdf, target)
        else:  # `playbook offline` on its own: render them here
            from playbook.pdf import build_binders, site_targets
            from playbook.project import Project

            project = Project(root)
            build_binders(root, site_targets(project, out, project.locales))
        zip_site(out, zip_path)
    return zip_path


def bundle_into_site(root: Path, site_dir: Path, config) -> None:
    """Post-build step: the online site carries its own offline copy."""
    if site.is_offline_build() or os.environ.get(SKIP_ENV) == "1":
        return
    build_zip(root, site_dir / site.OFFLINE_ZIP, site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook offline", description="build the offline zip of the site")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    parser.add_argument("--out", default=f"dist/{site.OFFLINE_ZIP}", help="zip to write")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    zip_path = build_zip(root, (root / args.out).resolve())
    print(f"{zip_path} ({zip_path.stat().st_size / 1024:.0f} KiB): unzip, open {TOP_FOLDER}/index.html")
    return 0
