"""PDF binders: one offline, printable ``playbook-<locale>.pdf`` per locale (``playbook pdf``).

assemble.py builds the print HTML (cover, contents, pages, phrasebook appendix), render.py runs
WeasyPrint with print.css, shipped fonts (fonts/, OFL) and hyphenation.py's dictionaries. Binders are
rendered in parallel, one process per locale, and published next to each locale's home page:
``site/playbook-en.pdf`` for the default locale, ``site/<locale>/playbook-<locale>.pdf`` for others.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from playbook.project import Project

PREVIEW_ENV = "PLAYBOOK_NO_OFFLINE"  # set by `make preview` (see playbook.site.offline)
CACHE_DIR = "build/pdf-cache"  # under the repository root; build/ is git-ignored


@dataclass(frozen=True)
class BinderResult:
    locale: str
    path: Path
    pages: int
    seconds: float
    cpu_seconds: float
    bytes: int
    peak_rss_kib: int


def binder_name(locale: str) -> str:
    return f"playbook-{locale}.pdf"


def binder_url(locale: str, default_locale: str = "en") -> str:
    """The binder's path relative to the site root (the default locale lives at the root)."""
    return binder_name(locale) if locale == default_locale else f"{locale}/{binder_name(locale)}"


@functools.lru_cache(maxsize=64)
def binder_link(root: Path, locale: str) -> dict[str, str]:
    """For the site's templates: the binder's site-root-relative path and its localized link text."""
    from playbook.pdf.assemble import strings_for

    project = Project(root)
    default = project.default_locale
    locale = locale if locale in project.locales else default
    return {
        "path": binder_url(locale, default),
        "label": strings_for(root, locale)["link"],
        "locale": locale,
    }


def build_one(
    root: str, locale: str, out: str, site_dir: str | None = None, cache: bool = True
) -> BinderResult:
    """Assemble and render one locale (runs in a worker process).

    With ``cache``, a binder whose assembled HTML, stylesheet, fonts and WeasyPrint version are
    unchanged is copied from build/pdf-cache/ instead of rendered again (the offline site build and
    a second ``make build`` render nothing new).
    """
    import resource
    import shutil

    from playbook.pdf.assemble import assemble
    from playbook.pdf.render import cache_key, render_html

    start, cpu_start = time.perf_counter(), time.process_time()
    project = Project(Path(root))
    document, meta = assemble(project, locale, Path(site_dir) if site_dir else None)
    out_path = Path(out)
    cached = project.root / CACHE_DIR / f"{cache_key(document)}.pdf"
    if cache and cached.is_file():
        out_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, out_path)
        pages = -1
    else:
        pages = render_html(document, out_path, meta["title"])
        if cache:
            cached.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out_path, cached.with_suffix(".tmp"))
            cached.with_suffix(".tmp").replace(cached)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return BinderResult(
        locale,
        out_path,
        pages,
        time.perf_counter() - start,
        time.process_time() - cpu_start,
        out_path.stat().st_size,
        peak,
    )


def build_binders(
    root: Path,
    targets: dict[str, Path],
    site_dir: Path | None = None,
    workers: int | None = None,
    cache: bool = True,
) -> list[BinderResult]:
    """Render {locale: output path} in parallel, one process per locale (up to the number of cores)."""
    workers = workers or min(len(targets), os.cpu_count() or 1)
    site = str(site_dir) if site_dir else None
    if workers <= 1 or len(targets) == 1:
        return [build_one(str(root), loc, str(out), site, cache) for loc, out in targets.items()]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(build_one, str(root), loc, str(out), site, cache) for loc, out in targets.items()
        ]
        return [future.result() for future in futures]


def site_targets(project: Project, site_dir: Path, locales: list[str]) -> dict[str, Path]:
    return {loc: site_dir / binder_url(loc, project.default_locale) for loc in locales}


def built_locales(config) -> list[str]:
    """The locales this MkDocs build produced (all, or BUILD_ONLY_LOCALE's one)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return []
    only = i18n.config.get("build_only_locale")
    langs = [lang.locale for lang in i18n.config.languages if lang.build and lang.locale != "null"]
    return [only] if only else langs


def post_build_step(root: Path, site_dir: Path, config) -> None:
    """MkDocs post-build step: publish every built locale's binder inside the site.

    Skipped under ``make preview`` (PLAYBOOK_NO_OFFLINE, like the offline zip): no PDFs on every reload.
    A binder that cannot be made stops the build with the reason, not a traceback.
    """
    from mkdocs.exceptions import Abort

    from playbook.pdf.assemble import BinderError
    from playbook.pdf.render import RenderError

    if os.environ.get(PREVIEW_ENV):
        return
    project = Project(root)
    locales = [loc for loc in built_locales(config) if loc in project.locales]
    if not locales:
        return
    try:
        build_binders(root, site_targets(project, site_dir, locales))
    except (BinderError, RenderError, FileNotFoundError) as err:
        raise Abort(f"PDF binder: {err}") from err


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook pdf", description="render the PDF binders (one per locale)"
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    parser.add_argument("--locale", action="append", help="only this locale (repeatable; default: all)")
    parser.add_argument("--out", default="build/pdf", help="output folder (default: build/pdf)")
    parser.add_argument(
        "--site", metavar="DIR", help="take page content from this built site instead of the markdown"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="render even if an identical binder is cached"
    )
    parser.add_argument(
        "--png", metavar="PAGES", help="also write PNG previews of these pages, e.g. 1-3 (pdftoppm)"
    )
    args = parser.parse_args(argv)
    from playbook.pdf.assemble import BinderError
    from playbook.pdf.render import RenderError

    project = Project(Path(args.root))
    locales = args.locale or project.locales
    unknown = [loc for loc in locales if loc not in project.locales]
    if unknown:
        print(
            f"playbook pdf: unknown locale(s) {', '.join(unknown)}; playbook.yml has {', '.join(project.locales)}",
            file=sys.stderr,
        )
        return 2
    out_dir = Path(args.out)
    start = time.perf_counter()
    try:
        results = build_binders(
            project.root,
            {loc: out_dir / binder_name(loc) for loc in locales},
            Path(args.site) if args.site else None,
            cache=not args.no_cache,
        )
    except (BinderError, RenderError, FileNotFoundError) as err:
        print(f"playbook pdf: {err}", file=sys.stderr)
        return 1
    for r in results:
        pages = "cached" if r.pages < 0 else f"{r.pages} pages"
        print(f"{r.path}: {pages}, {r.bytes / 1024:.0f} KiB, {r.seconds:.2f} s")
        if args.png:
            first, _, last = args.png.partition("-")
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    first,
                    "-l",
                    last or first,
                    str(r.path),
                    str(r.path.with_suffix("")),
                ],
                check=True,
            )
    print(f"{len(results)} binder(s) in {time.perf_counter() - start:.2f} s")
    return 0
