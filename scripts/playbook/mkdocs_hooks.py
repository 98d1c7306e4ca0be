"""MkDocs hooks: thin adapters that call the playbook package.

Run ``playbook check`` once per build or serve rebuild — not once per static-i18n locale pass —
and abort the build with the same messages the command prints.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # hooks load by path, not as a package

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from playbook.checks import run_checks
from playbook.problems import summary
from playbook.project import Project

log = logging.getLogger("mkdocs.plugins.playbook")


def _is_locale_pass(config) -> bool:
    """static-i18n re-runs the whole build for each further locale while `building` is set."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


def on_pre_build(config) -> None:
    if _is_locale_pass(config) or _site().is_offline_build(config):  # the offline copy: checked already
        return
    from playbook.sanitize import GATE_BYPASS_ENV, gate_bypassed

    if gate_bypassed():
        log.warning(
            f"{GATE_BYPASS_ENV}=1: content checks SKIPPED (security tests only; never deploy this build)"
        )
        return
    project = Project(Path(config.config_file_path).parent)
    problems = run_checks(project)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        report = "\n".join(p.format() for p in errors)
        raise Abort(f"playbook check failed:\n{report}\n{summary(problems)}")
    for problem in problems:  # warnings: logged as info, so `mkdocs build --strict` does not abort on them
        log.info(problem.format())
    log.info(summary(problems))


# `mkdocs serve` is the editors' live preview (make preview LOCALE=xx): every save rebuilds, so the
# slow whole-site steps (PDF binders, offline zip) are left to `make build`; the check still runs.
PREVIEW = False


def on_config(config):
    """Reproducible builds: MkDocs' own dates (sitemaps) are the commit's, like the PDFs' and the zip's,
    unless SOURCE_DATE_EPOCH (the reproducible-builds convention) says otherwise."""
    import os

    from playbook.project import edition

    os.environ.setdefault(
        "SOURCE_DATE_EPOCH", str(int(edition(Path(config.config_file_path).parent)[1].timestamp()))
    )
    return config


def on_startup(command, dirty) -> None:
    global PREVIEW
    PREVIEW = command == "serve"


@event_priority(-200)  # after static-i18n (-100) has built every locale
def on_post_build(config) -> None:
    """Whole-site steps that need every locale built: each step is one call into the package."""
    if _is_locale_pass(config) or PREVIEW:
        return
    site_dir = Path(config.site_dir)
    root = Path(config.config_file_path).parent
    for step in POST_BUILD_STEPS:
        step(root, site_dir, config)


# Steps run in order after the full multi-locale build; each is `fn(root, site_dir, config)`.
POST_BUILD_STEPS: list = []


def on_page_markdown(markdown, page, config, files):
    """Reader notes on rules (playbook.freshness): 'translation may be behind' notices, old-id anchors.

    Front-matter text is HTML-escaped first: Material prints ``page.meta.title`` and
    ``description`` unescaped (MkDocs' Jinja has no autoescape), and MkDocs' own titles are HTML text.
    """
    from playbook.freshness import annotate_markdown
    from playbook.site import escape_front_matter

    escape_front_matter(page.meta)

    root = Path(config.config_file_path).parent
    return annotate_markdown(root, page.file.src_uri, page.url, markdown, config.site_url)


# ── Site (playbook.site): phrasebook page, reading order, rule markup, locale context, 404s ──
def _site():
    import playbook.site

    return playbook.site


def _add_site_steps() -> None:
    POST_BUILD_STEPS.extend(step for step in _site().POST_BUILD_STEPS if step not in POST_BUILD_STEPS)


_add_site_steps()


@event_priority(-150)  # after static-i18n (-100) has picked this locale's files
def on_files(files, config):
    return _site().on_files(files, config)


@event_priority(-150)  # after static-i18n (-100) has flattened the locale folder
def on_nav(nav, config, files):
    return _site().on_nav(nav, config, files)


def on_page_content(html, page, config, files):
    return _site().on_page_content(html, page, config, files)


@event_priority(-150)  # after static-i18n (50) has set this page's language alternates
def on_page_context(context, page, config, nav):
    return _site().on_page_context(context, page, config, nav)


@event_priority(-150)
def on_template_context(context, template_name, config):
    return _site().on_template_context(context, template_name, config)


def on_post_template(output_content, template_name, config):
    return _site().on_post_template(output_content, template_name, config)


# ── PDF binders and desk cards (playbook.pdf): one each per built locale, published in the site;
#    `binder()` gives the templates both links ──
def _pdf_binders(root, site_dir, config) -> None:
    from playbook.pdf import post_build_step

    post_build_step(root, site_dir, config)


# Before the offline zip, which carries the same PDFs.
POST_BUILD_STEPS.insert(POST_BUILD_STEPS.index(_site().offline.bundle_into_site), _pdf_binders)


def on_env(env, config, files):
    from playbook.pdf import binder_link
    from playbook.project import cached_project

    root = Path(config.config_file_path).parent
    env.globals["binder"] = lambda locale: binder_link(cached_project(root), locale)
    return env
