"""Shared test set-up: import the package from scripts/, and find the repository root."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A temporary copy of the real content (pages, registry, sources, translation snapshots) to edit."""
    from playbook.project import copy_content

    return copy_content(ROOT, tmp_path / "repo")


# ── The built site, served, and one Chromium (browser tests: tests/test_site_*.py and others) ──
from playbook.browser import CHROMIUM, CHROMIUM_ARGS  # scripts/ is on sys.path (above)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_root() -> Path:
    """The repository the site is built from: this one, or PLAYBOOK_SITE_ROOT (a scratch copy while
    translations are still missing)."""
    import os

    return Path(os.environ.get("PLAYBOOK_SITE_ROOT") or ROOT)


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port site_server will use, known before the build so hreflang/canonical URLs match it."""
    return _free_port()


def build_site(out: Path, port: int) -> Path:
    """`mkdocs build` of the whole real site (every locale, binders, desk cards, offline zip) into out."""
    import os
    import subprocess

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/")
    env.pop("BUILD_ONLY_LOCALE", None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)],
        cwd=site_root(),
        env=env,
        check=True,
    )
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> Path:
    """The whole real site, built once per session."""
    return build_site(tmp_path_factory.mktemp("built-site") / "site", site_port)


@pytest.fixture(scope="session")
def site_server(built_site, site_port):
    """built_site over HTTP on 127.0.0.1 like a static host: misses get the locale's 404.html."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class StaticHost(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            locale = self.path.strip("/").split("/")[0]
            page = built_site / locale / "404.html"
            body = (page if page.exists() else built_site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = ThreadingHTTPServer(
        ("127.0.0.1", site_port), functools.partial(StaticHost, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_browser():
    """One headless Debian Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
