"""Benchmark of ``make preview LOCALE=xx``: how long after saving a page the served page shows the edit.

An editor keeps ``mkdocs serve`` open for one locale while writing; every save rebuilds that
locale (``playbook check`` included) and the browser reloads. Target: at most 2 s from save to
the new HTML being served. Measured on a temporary copy of the real repository, so editing it
never touches the work tree.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playbook.bench import Row, benchmark
from playbook.project import CONTENT, Project, copy_content

ROOT = Path(__file__).resolve().parent.parent.parent
COPY = (*CONTENT, "overrides")
TARGET_SECONDS = 2.0
SAVES = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _copy_repo(tmp: Path) -> Path:
    tree = copy_content(ROOT, tmp / "repo", COPY)
    (tree / "scripts").symlink_to(ROOT / "scripts")
    return tree


def measure_reload(locale: str, saves: int = SAVES) -> list[float]:
    """Seconds from each save of a chapter page to the served HTML showing the change."""
    project = Project(ROOT)
    chapter = project.registry.chapters[0].id
    with tempfile.TemporaryDirectory() as tmp:
        tree = _copy_repo(Path(tmp))
        port = _free_port()
        env = dict(os.environ, BUILD_ONLY_LOCALE=locale, NO_MKDOCS_2_WARNING="1")
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tree,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            # With BUILD_ONLY_LOCALE, static-i18n serves that locale at the site root.
            url = f"http://127.0.0.1:{port}/{chapter}/"
            deadline = time.monotonic() + 300
            while _get(url) is None:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    raise RuntimeError(
                        f"mkdocs serve did not serve {url}: {server.stderr.read().decode()[-2000:]}"
                    )
                time.sleep(0.2)
            page = tree / "docs" / locale / f"{chapter}.md"
            timings = []
            for n in range(saves):
                marker = f"previewmarker{n}x{time.monotonic_ns()}"
                text = page.read_text("utf-8")
                saved = time.monotonic()
                page.write_text(text.rstrip("\n") + f"\n\n{marker}\n", "utf-8")
                while marker not in (_get(url) or ""):
                    if time.monotonic() - saved > 60:
                        raise RuntimeError("the served page did not change within 60 s of the save")
                    time.sleep(0.02)
                timings.append(time.monotonic() - saved)
                time.sleep(1.0)  # let the watcher settle before the next save
            return timings
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@benchmark("preview reload")
def bench_preview_reload() -> list[Row]:
    project = Project(ROOT)
    locale = "fi" if "fi" in project.docs_locales and project.page("fi", "index") else project.default_locale
    timings = measure_reload(locale)
    target = f"≤ {TARGET_SECONDS:g} s"
    return [
        (
            f"save → served HTML, LOCALE={locale}, median of {len(timings)}",
            statistics.median(timings),
            "s",
            target,
        ),
        (f"save → served HTML, LOCALE={locale}, worst of {len(timings)}", max(timings), "s", target),
    ]
