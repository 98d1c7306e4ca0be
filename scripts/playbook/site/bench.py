"""Site benchmarks (``make bench``): bytes of a first chapter load, Lighthouse mobile scores.

Both build the real site once (SITE_URL matching a local server, like a deployment) and serve
it on 127.0.0.1. Lighthouse comes from npm into build/lighthouse/ (gitignored; `make bench`
installs it); without it the Lighthouse rows are skipped with a message.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playbook.bench import benchmark
from playbook.browser import CHROMIUM, CHROMIUM_ARGS
from playbook.project import Project

ROOT = Path(os.environ.get("PLAYBOOK_SITE_ROOT") or Path(__file__).resolve().parents[3])
LIGHTHOUSE = (
    Path(__file__).resolve().parents[3] / "build" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
)
FIRST_LOAD_TARGET_KB = 150
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class _StaticHost(SimpleHTTPRequestHandler):
    """Like a static host: text responses gzip-compressed when the browser accepts it."""

    COMPRESS = (".html", ".css", ".js", ".json", ".xml", ".svg")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or path.suffix not in self.COMPRESS
        ):
            return super().send_head()  # directory redirects, binary files, no gzip
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=1)
def _built() -> tuple[Path, int]:
    """(site dir, port): built once per `playbook bench` run."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = Path(tempfile.mkdtemp(prefix="playbook-bench-site-")) / "site"
    env = dict(
        os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/", PLAYBOOK_NO_OFFLINE="1"
    )
    env.pop("BUILD_ONLY_LOCALE", None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)], cwd=ROOT, env=env, check=True
    )
    return out, port


@contextmanager
def _serving():
    site_dir, port = _built()
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_StaticHost, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/", site_dir
    finally:
        server.shutdown()
        server.server_close()


def _pages(project: Project) -> list[tuple[str, str]]:
    if os.environ.get("PLAYBOOK_BENCH_LOCALES"):  # e.g. "en,fi": fewer Lighthouse runs while tuning
        project.registry.locales[:] = os.environ["PLAYBOOK_BENCH_LOCALES"].split(",")
    """(label, path) of the home page and the first chapter of every locale."""
    chapter = project.registry.chapters[0].id
    pages = []
    for locale in project.locales:
        prefix = "" if locale == project.default_locale else f"{locale}/"
        pages += [(f"{locale} home", prefix), (f"{locale} {chapter}", f"{prefix}{chapter}/")]
    return pages


def _record(urls: list[str], request) -> None:
    urls.append(request.url)


@benchmark("site-first-load")
def first_load_bytes():
    """Gzip bytes (as a static host would send them) of everything a first chapter load requests."""
    from playwright.sync_api import sync_playwright

    project = Project(ROOT)
    chapter = project.registry.chapters[0].id
    rows = []
    with _serving() as (base, site_dir), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for locale in (project.default_locale, "fi"):
            prefix = "" if locale == project.default_locale else f"{locale}/"
            page = browser.new_context(viewport={"width": 412, "height": 823}).new_page()
            urls: list[str] = []
            page.on("requestfinished", functools.partial(_record, urls))
            page.goto(f"{base}{prefix}{chapter}/")
            page.wait_for_load_state("networkidle")
            total = 0
            for url in urls:
                path = url.removeprefix(base).split("#")[0].split("?")[0]
                file = site_dir / path / "index.html" if path.endswith("/") or not path else site_dir / path
                if file.is_file():
                    total += len(gzip.compress(file.read_bytes(), 6))
            rows.append(
                (
                    f"/{prefix}{chapter}/ first load, {len(urls)} requests",
                    total / 1024,
                    "KiB",
                    f"<= {FIRST_LOAD_TARGET_KB}",
                )
            )
            page.context.close()
        browser.close()
    return rows


def _lighthouse_available() -> bool:
    if LIGHTHOUSE.exists():
        return True
    if shutil.which("npm") is None:
        return False
    result = subprocess.run(
        [
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(LIGHTHOUSE.parents[2]),
            "lighthouse@12.8.2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and LIGHTHOUSE.exists()


@benchmark("site-lighthouse")
def lighthouse_scores():
    """Lighthouse mobile scores of the home and first chapter page of every locale (target 100 each)."""
    if not _lighthouse_available():
        print(
            "site-lighthouse: skipped — npm could not install lighthouse into build/lighthouse/", flush=True
        )
        return []
    rows = []
    project = Project(ROOT)
    with _serving() as (base, _), tempfile.TemporaryDirectory() as tmp:
        for label, path in _pages(project):
            report = Path(tmp) / "report.json"
            env = dict(os.environ, CHROME_PATH=CHROMIUM)
            subprocess.run(
                [
                    str(LIGHTHOUSE),
                    f"{base}{path}",
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                ],
                env=env,
                check=False,
                capture_output=True,
            )
            if not report.exists():
                rows.append((f"{label}: lighthouse failed", 0.0, "", "100"))
                continue
            result = json.loads(report.read_text("utf-8"))
            categories = result["categories"]
            lost = sorted(
                ref["id"]
                for category in categories.values()
                for ref in category["auditRefs"]
                if ref.get("weight") and (result["audits"][ref["id"]].get("score") or 0) < 1
            )
            if lost:
                print(f"  {label}: points lost on {', '.join(lost)}", flush=True)
            for name in CATEGORIES:
                score = categories.get(name, {}).get("score")
                rows.append((f"{label} {name}", (score or 0) * 100, "score", "100"))
    return rows
