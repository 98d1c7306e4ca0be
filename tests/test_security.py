"""Pull requests are untrusted input: a corpus of injection payloads (tests/security/payloads.yml)
goes through every layer a reader or a binder meets, in one build and one browser session.

Layers, in order: `playbook check` (must catch every payload, naming file and line) -> the build
audit of the finished HTML -> the browser's Content-Security-Policy (the site built with the check
bypassed, in real Chromium: dialogs, requests and navigations recorded) -> the binder (Typst, with
the check bypassed: no file from outside the repository enters the PDF).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
import zlib
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, _free_port, site_root
from playbook.checks import run_checks
from playbook.project import Project
from playbook.sanitize import GATE_BYPASS_ENV
from playbook.site import csp

pytestmark = [pytest.mark.slow, pytest.mark.browser]  # builds sites, drives Chromium, renders a binder

CORPUS = yaml.safe_load((Path(__file__).parent / "security" / "payloads.yml").read_text("utf-8"))
SECRET = "CANARY-7f3a9c-build-machine-secret"
TOP_LEVEL_IGNORED = {".git", ".venv", "site", "build", "dist", "node_modules", ".pytest_cache"}


def COPY_IGNORE(folder: str, names: list[str]) -> set[str]:
    """What a repository copy leaves out: build output and tools at the top, caches anywhere."""
    top = TOP_LEVEL_IGNORED if Path(folder) == ROOT else set()
    return {n for n in names if n in top or n == "__pycache__"}


def _png(width: int, height: int) -> bytes:
    """A tiny valid PNG of an unusual size, so the binder's images can be told apart from it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A copy of the repository with every payload in a Finnish page; where each one sits."""
    base = tmp_path_factory.mktemp("security")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", "utf-8")
    (outside / "canary.png").write_bytes(_png(37, 23))
    tree = base / "repo"
    shutil.copytree(ROOT, tree, ignore=COPY_IGNORE)
    values = {"$CANARY_TEXT": str(outside / "secret.txt"), "$CANARY_IMAGE": str(outside / "canary.png")}
    where: dict[str, tuple[str, int, int]] = {}
    for payload in CORPUS:
        md = payload["md"].replace("$ID", payload["id"])
        for key, value in values.items():
            md = md.replace(key, value)
        rel = f"docs/fi/{payload['page']}.md"
        path = tree / rel
        lines = path.read_text("utf-8").split("\n")
        place = payload.get("place", "body")
        if place == "body":
            while lines and not lines[-1].strip():
                lines.pop()
            lines += ["", *md.split("\n"), ""]
            first = len(lines) - md.count("\n") - 1
            span = (first, first + md.count("\n"))
        elif place in ("description", "title"):
            index = next((i for i, line in enumerate(lines[1:], 1) if line.startswith(f"{place}:")), None)
            if index is None:
                index = 1
                lines.insert(1, "")
            lines[index] = f"{place}: {_yaml_text(md)}"
            span = (index + 1, index + 1)
        else:  # h1
            index = next(i for i, line in enumerate(lines) if line.startswith("# "))
            lines[index] = f"# {md}"
            span = (index + 1, index + 1)
        path.write_text("\n".join(lines), "utf-8")
        where[payload["id"]] = (rel, *span)
    return tree, where, outside


@pytest.fixture(scope="module")
def caught_by_check(corpus):
    tree, where, _ = corpus
    problems = [p for p in run_checks(Project(tree)) if p.code in ("E160", "E161")]
    caught = {}
    for payload_id, (rel, first, last) in where.items():
        caught[payload_id] = [p.format() for p in problems if p.path == rel and first <= p.line <= last]
    return caught


@pytest.fixture(scope="module")
def bypassed_site(corpus):
    """The Finnish site built from the payload tree with the content gate bypassed (one build)."""
    tree, _, _ = corpus
    port = _free_port()
    out = tree.parent / "site"
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        SITE_URL=f"http://127.0.0.1:{port}/",
        BUILD_ONLY_LOCALE="fi",
        PLAYBOOK_NO_OFFLINE="1",
        **{GATE_BYPASS_ENV: "1"},
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-d", str(out)],
        check=False,
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser_record(bypassed_site):
    """Open every payload page in Chromium, poke every handler and link, record what happened."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    _, origin = bypassed_site
    pages = sorted({p["page"] for p in CORPUS})
    record = {"dialogs": [], "requests": [], "navigations": [], "blocked": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        local = ("http://127.0.0.1", "data:", "about:", "blob:")
        outgoing: dict[str, str] = {}

        def failed(request):
            failure = (request.failure or "").lower()
            csp_refused = "csp" in failure
            local_file_refused = request.url.startswith("file:") and bool(failure)  # http page -> file:
            if request.url in outgoing and (csp_refused or local_file_refused):
                record["blocked"].append(outgoing.pop(request.url))

        # A request the CSP refuses never reaches the network: Playwright reports its failure as "csp".
        context.on(
            "request", lambda r: None if r.url.startswith(local) else outgoing.setdefault(r.url, r.url)
        )
        context.on("requestfailed", failed)
        for stem in pages:
            page = context.new_page()
            page.on("dialog", lambda d: (record["dialogs"].append(d.message), d.dismiss()))
            page.on(
                "request",
                lambda r: (
                    record["navigations"].append(r.url)
                    if r.is_navigation_request() and not r.url.startswith(local)
                    else None
                ),
            )
            page.goto(f"{origin}{stem}/")
            page.wait_for_timeout(300)
            if not page.url.startswith(origin):
                page.close()
                continue
            try:
                page.evaluate(
                    """() => { for (const el of document.querySelectorAll('*')) for (const a of el.getAttributeNames())
                         if (a.startsWith('on')) el.dispatchEvent(new Event(a.slice(2), {bubbles: true})); }"""
                )
            except PlaywrightError:  # the page navigated away (meta refresh): recorded as a navigation
                page.close()
                continue
            for link in page.locator("a[href^='javascript'], a[href^='data'], a[href^=' ']").all():
                try:
                    link.click(timeout=1000, no_wait_after=True)
                except PlaywrightError:  # an invisible or detached link: the event poke above covered it
                    continue
            page.wait_for_timeout(300)
            page.close()
        browser.close()
    record["requests"] = sorted(outgoing)
    return record


@pytest.fixture(scope="module")
def binder(corpus, tmp_path_factory):
    """The Finnish binder rendered from the payload tree with the gate bypassed."""
    tree, _, _ = corpus
    out = tmp_path_factory.mktemp("security-binder")
    env = dict(os.environ, **{GATE_BYPASS_ENV: "1"})
    result = subprocess.run(
        [sys.executable, "-m", "playbook", "pdf", "--root", str(tree), "--locale", "fi", "--out", str(out)],
        check=False,
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )
    pdfs = sorted(out.rglob("*.pdf"))
    return result, (pdfs[0] if pdfs else None)


def test_corpus_is_big_enough_and_covers_every_class():
    classes = {p["class"] for p in CORPUS}
    assert len(CORPUS) >= 40
    assert {"script", "handler", "url", "embed", "document", "resource", "front-matter", "title"} <= classes
    assert len({p["id"] for p in CORPUS}) == len(CORPUS)


# Python-Markdown does not take these for HTML and escapes them: readers see the text, nothing runs.
RENDERED_AS_TEXT = {"img-onerror-slash": "&lt;img/src=x.png/onerror="}


def test_check_catches_every_payload_with_file_and_line(caught_by_check, corpus):
    _, where, _ = corpus
    missed = sorted(pid for pid, messages in caught_by_check.items() if not messages)
    assert missed == sorted(RENDERED_AS_TEXT), f"payloads playbook check does not catch: {missed}"
    for pid, messages in caught_by_check.items():
        rel = where[pid][0]
        assert all(re.match(rf"{re.escape(rel)}:\d+: E16[01] unsafe-", m) for m in messages), messages


def test_check_message_for_one_payload_is_exact(caught_by_check):
    (message,) = caught_by_check["img-onerror"]
    assert re.fullmatch(
        r"docs/fi/listen\.md:\d+: E160 unsafe-markup: rule 'ask-factual-questions': "
        r"the onerror attribute on <img> is not allowed \(use plain markdown: .*CONTRIBUTING\.md\)",
        message,
    ), message


def test_nothing_executes_or_leaves_127_0_0_1_even_with_the_check_bypassed(browser_record, bypassed_site):
    out, _ = bypassed_site
    audit_held = {pid for pid in ("meta-refresh", "base-href")}
    close_page = (out / "close" / "index.html").read_text("utf-8")
    found = csp.audit(close_page)
    assert 'a <meta http-equiv="refresh">' in found and "a <base>" in found, found
    assert browser_record["dialogs"] == [], "payload script ran in the browser"
    listen = (out / "listen" / "index.html").read_text("utf-8")
    for pid, escaped in RENDERED_AS_TEXT.items():
        assert escaped in listen, pid
    leaked = [u for u in browser_record["requests"] if not any(f"/{pid}" in u for pid in audit_held)]
    assert leaked == [], f"requests that left 127.0.0.1: {leaked}"
    navigated = [u for u in browser_record["navigations"] if not any(f"/{pid}" in u for pid in audit_held)]
    assert navigated == [], navigated


def test_binder_takes_nothing_from_outside_the_repository(binder):
    result, pdf = binder
    if result.returncode != 0:  # refused: it must say which page and line
        assert re.search(r"docs/fi/[\w-]+\.md:\d+", result.stdout + result.stderr), result.stderr[-2000:]
        return
    assert pdf is not None, result.stderr[-2000:]
    from pypdf import PdfReader

    data = pdf.read_bytes()
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert SECRET not in text and SECRET.encode() not in data
    assert "/EmbeddedFiles" not in data.decode("latin-1") and "/FileAttachment" not in data.decode("latin-1")
    for page in reader.pages:
        for image in page.images:
            assert (image.image.width, image.image.height) != (37, 23), "canary image embedded"


def test_layers_table(caught_by_check, browser_record, binder, capsys):
    """Print which layer held each payload (the closing note's figures); executed must be 0."""
    result, _ = binder
    executed = sum(1 for pid in caught_by_check if any(pid in d for d in browser_record["dialogs"]))
    caught = sum(1 for messages in caught_by_check.values() if messages)
    rows = [
        (
            f"{len(CORPUS)} payloads: caught by check {caught}, inert later {len(CORPUS) - caught} "
            f"({', '.join(RENDERED_AS_TEXT)}: escaped as text by the renderer), executed {executed}"
        )
    ]
    rows.append(
        f"browser (check bypassed): dialogs {len(browser_record['dialogs'])}, "
        f"requests refused by the CSP or the browser {len(browser_record['blocked'])}, "
        f"requests off 127.0.0.1 {len(browser_record['requests'])} and navigations away "
        f"{len(browser_record['navigations'])} (meta refresh: held by the build audit)"
    )
    rows.append(f"binder (check bypassed): {'refused' if result.returncode else 'rendered clean'}")
    with capsys.disabled():
        print("\n" + "\n".join(rows))
    assert executed == 0


def test_material_inline_scripts_we_moved_to_files_are_still_materials():
    """Our copies of Material's inline scripts must match the installed Material (fails on upgrade)."""
    import material

    templates = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    ours = ROOT / "overrides" / "assets" / "javascripts"

    def body(path: Path) -> str:
        return re.sub(r"/\*.*?\*/", "", path.read_text("utf-8"), flags=re.DOTALL).strip()

    base = re.search(r"<script>(.*)</script>", (templates / "base.html").read_text("utf-8")).group(1)
    expected = base.replace(
        '"{{ config.extra.scope | d(base_url) }}"', "document.currentScript.dataset.mdScope"
    )
    assert body(ours / "md-scope.js") == expected
    palette = re.search(r"<script>(.*)</script>", (templates / "palette.html").read_text("utf-8")).group(1)
    assert body(ours / "md-palette.js") == palette
    content = re.findall(r"<script>(.*?)</script>", (templates / "content.html").read_text("utf-8"))[-1]
    assert body(ours / "md-content.js") == content
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "content.tabs.link" not in mkdocs_yml, "turn on the tabs script in md-content.js too"


def test_built_site_has_no_inline_script_and_a_fixed_policy(built_site):
    """Every page of the real build, offline zip included, carries the one policy and passes the audit."""
    import zipfile

    pages = list(built_site.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text("utf-8")
        assert f'content="{csp.ONLINE}"' in html, path
        assert csp.audit(html) == [], path
    zip_path = built_site / "playbook-offline.zip"
    assert zip_path.exists()
    if zip_path.exists():
        with zipfile.ZipFile(zip_path) as archive:
            for name in archive.namelist():
                if name.endswith(".html"):
                    html = archive.read(name).decode("utf-8")
                    assert f'content="{csp.OFFLINE}"' in html, name
                    assert csp.audit(html) == [], name


class _UnderSubPath(SimpleHTTPRequestHandler):
    """A mirror that serves the site under /mirror/ on another port than SITE_URL's."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        return super().translate_path(path.removeprefix("/mirror"))


def test_site_works_from_another_origin_and_sub_path(built_site, site_browser):
    """Served from another port and under a sub-path, pages log no error and no request fails."""
    project = Project(site_root())
    port = _free_port()
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_UnderSubPath, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{port}/mirror/"
    problems = []
    context = site_browser.new_context()
    try:
        for locale in project.locales:
            prefix = "" if locale == project.default_locale else f"{locale}/"
            for stem in ("", project.registry.chapters[0].id + "/"):
                page = context.new_page()
                page.on(
                    "console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None
                )
                page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
                page.on(
                    "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
                )
                page.goto(f"{origin}{prefix}{stem}")
                page.wait_for_load_state("networkidle")
                page.close()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert problems == []
