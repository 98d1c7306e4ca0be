"""PDF binders and desk cards: one printable ``playbook-<locale>.pdf`` and ``desk-card-<locale>.pdf`` per
locale (``playbook pdf``; the site build publishes them).

document.py turns the parsed pages into data (cover, contents, pages, phrasebook appendix), card.py
the one-page desk card; render.py typesets either with Typst from a fixed template (binder.typ,
card.typ, common.typ), shipped fonts (fonts/, OFL) and, for Romanian, hyphenation.py's soft
hyphens. Published next to each locale's home page: ``site/playbook-en.pdf`` for the default locale,
``site/<locale>/playbook-<locale>.pdf`` for others.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from playbook.project import Project

PREVIEW_ENV = "PLAYBOOK_NO_OFFLINE"  # set by `make preview` (see playbook.site.offline)
KINDS = ("binder", "card")


@dataclass(frozen=True)
class BinderResult:
    locale: str
    path: Path
    pages: int
    seconds: float
    cpu_seconds: float
    bytes: int
    peak_rss_kib: int
    kind: str = "binder"


def binder_name(locale: str, kind: str = "binder") -> str:
    return f"playbook-{locale}.pdf" if kind == "binder" else f"desk-card-{locale}.pdf"


def binder_url(locale: str, default_locale: str = "en", kind: str = "binder") -> str:
    """The file's path relative to the site root (the default locale lives at the root)."""
    name = binder_name(locale, kind)
    return name if locale == default_locale else f"{locale}/{name}"


def binder_link(project: Project, locale: str) -> dict[str, str]:
    """For the site's templates: the binder's and the desk card's site-root-relative paths and labels."""
    from playbook.pdf.document import strings_for

    default = project.default_locale
    locale = locale if locale in project.locales else default
    strings = strings_for(project.root, locale)
    return {
        "path": binder_url(locale, default),
        "label": strings["link"],
        "card_path": binder_url(locale, default, "card"),
        "card_label": strings["card_link"],
        "locale": locale,
    }


def page_count(pdf: bytes) -> int:
    """Pages in a PDF Typst wrote (its page dictionaries are never in compressed object streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def build_one(root: str, locale: str, out: str, kind: str = "binder") -> BinderResult:
    """Build the data and typeset one binder or desk card (also runs in a worker process)."""
    import resource

    from playbook.pdf.render import render

    start, cpu_start = time.perf_counter(), time.process_time()
    project = Project(Path(root))
    if kind == "binder":
        from playbook.pdf.document import binder_document

        data, template = binder_document(project, locale), "binder.typ"
    else:
        from playbook.pdf.card import card_document

        data, template = card_document(project, locale), "card.typ"
    out_path = render(template, data, Path(out), data.get("assets"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return BinderResult(
        locale,
        out_path,
        page_count(out_path.read_bytes()),
        time.perf_counter() - start,
        time.process_time() - cpu_start,
        out_path.stat().st_size,
        peak,
        kind,
    )


def build_binders(
    root: Path, targets: dict[tuple[str, str], Path], workers: int | None = None
) -> list[BinderResult]:
    """Render {(locale, kind): output path}, spread over the cores (Typst runs one core per document)."""
    workers = workers or min(len(targets), os.cpu_count() or 1)
    jobs = [(str(root), loc, str(out), kind) for (loc, kind), out in targets.items()]
    if workers <= 1 or len(jobs) == 1:
        return [build_one(*job) for job in jobs]
    # Never fork a process that may already run Typst's worker threads (a forked copy can deadlock):
    # the workers come from a clean fork server that has imported the renderer once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["playbook.pdf.document", "playbook.pdf.card", "playbook.pdf.render"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(build_one, *job) for job in jobs]
        return [future.result() for future in futures]


def site_targets(project: Project, site_dir: Path, locales: list[str]) -> dict[tuple[str, str], Path]:
    return {
        (loc, kind): site_dir / binder_url(loc, project.default_locale, kind)
        for loc in locales
        for kind in KINDS
    }


def built_locales(config) -> list[str]:
    """The locales this MkDocs build produced (all, or BUILD_ONLY_LOCALE's one)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return []
    only = i18n.config.get("build_only_locale")
    langs = [lang.locale for lang in i18n.config.languages if lang.build and lang.locale != "null"]
    return [only] if only else langs


def post_build_step(root: Path, site_dir: Path, config) -> None:
    """MkDocs post-build step: publish every built locale's binder and desk card inside the site.

    Skipped under ``make preview`` (PLAYBOOK_NO_OFFLINE, like the offline zip): no PDFs on every reload.
    A binder that cannot be made stops the build with the reason, not a traceback.
    """
    from mkdocs.exceptions import Abort

    from playbook import site
    from playbook.pdf.document import BinderError
    from playbook.pdf.render import RenderError

    if os.environ.get(PREVIEW_ENV) or site.is_offline_build(config):  # the offline copy takes the site's PDFs
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
        prog="playbook pdf", description="render the PDF binders and desk cards (one each per locale)"
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    parser.add_argument("--locale", action="append", help="only this locale (repeatable; default: all)")
    parser.add_argument("--out", default="build/pdf", help="output folder (default: build/pdf)")
    parser.add_argument(
        "--only", choices=KINDS, help="only the binders or only the desk cards (default: both)"
    )
    parser.add_argument(
        "--png", metavar="PAGES", help="also write PNG previews of these pages, e.g. 1-3 (pdftoppm)"
    )
    args = parser.parse_args(argv)
    from playbook.pdf.document import BinderError
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
    kinds = [args.only] if args.only else list(KINDS)
    start = time.perf_counter()
    try:
        results = build_binders(
            project.root,
            {(loc, kind): out_dir / binder_name(loc, kind) for loc in locales for kind in kinds},
        )
    except (BinderError, RenderError, FileNotFoundError) as err:
        print(f"playbook pdf: {err}", file=sys.stderr)
        return 1
    for r in results:
        print(f"{r.path}: {r.pages} page(s), {r.bytes / 1024:.0f} KiB, {r.seconds:.2f} s")
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
    print(f"{len(results)} file(s) in {time.perf_counter() - start:.2f} s")
    return 0
