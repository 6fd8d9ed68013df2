"""Shared fixtures: the real site, built once per test session into a
temporary folder, with the project's own build driver."""

import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic_site.build import build  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


class Site:
    """A built output folder and the settings it was built with."""

    def __init__(self, output, settings_file, log):
        from pelican.settings import read_settings

        self.output = Path(output)
        self.settings_file = settings_file
        self.log = log
        self.settings = read_settings(str(settings_file), override={"OUTPUT_PATH": str(output)})

    def path(self, rel):
        rel = rel.lstrip("/")
        path = self.output / rel
        return path / "index.html" if rel.endswith("/") or path.is_dir() else path

    def soup(self, rel):
        return BeautifulSoup(self.path(rel).read_text(encoding="utf-8"), "html.parser")

    def html_files(self):
        return sorted(self.output.rglob("*.html"))


def build_site(tmp, settings_file=ROOT / "pelicanconf.py", content=None, check=False, overrides=None):
    """Build with the project's driver; return (problem count, output folder, log text)."""
    out = io.StringIO()
    output = Path(tmp) / "output"
    problems = build(str(settings_file), str(output), str(content) if content else None, check=check, out=out,
                     overrides=overrides)
    return problems, output, out.getvalue()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    problems, output, log = build_site(tmp)
    assert problems == 0, log
    return Site(output, ROOT / "pelicanconf.py", log)


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("published")
    problems, output, log = build_site(tmp, ROOT / "publishconf.py", check=True)
    assert problems == 0, log
    return Site(output, ROOT / "publishconf.py", log)


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of content/ to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


@pytest.fixture(scope="session")
def seed_text():
    return (DATA / "seed_ketamine.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def article_rel():
    return "articles/ketamine-therapy/"


os.environ.setdefault("TZ", "UTC")


# --- Publishing (issue 6) ----------------------------------------------------

def tree_digest(folder):
    """{relative path: sha256} of every file under `folder`, for byte-identity checks."""
    import hashlib

    folder = Path(folder)
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def publish_build(tmp, siteurl=None, content=None):
    """A checked publishconf build into tmp/output, optionally for another SITEURL
    (publishconf reads it from the environment). Returns (problems, output, log)."""
    previous = os.environ.get("SITEURL")
    if siteurl:
        os.environ["SITEURL"] = siteurl
    try:
        return build_site(tmp, ROOT / "publishconf.py", content=content, check=True)
    finally:
        if siteurl:
            if previous is None:
                os.environ.pop("SITEURL", None)
            else:
                os.environ["SITEURL"] = previous


@pytest.fixture
def published_copy(tmp_path, published_site):
    """tmp/output holding a copy of the published site, as after an earlier publish."""
    output = tmp_path / "output"
    shutil.copytree(published_site.output, output)
    return output


@pytest.fixture(scope="session")
def published_again(published_site, tmp_path_factory):
    """A second publish build of the same commit, made the way `make publish`
    makes it: in its own process, at least a second later, with another hash
    seed (set and dict orders differ) and another local time zone."""
    import subprocess
    import time

    first = max(p.stat().st_mtime for p in published_site.output.rglob("*"))
    time.sleep(max(0.0, first + 1.1 - time.time()))
    output = tmp_path_factory.mktemp("published-again") / "output"
    env = {**os.environ, "PYTHONHASHSEED": "1", "TZ": "America/New_York"}
    proc = subprocess.run([sys.executable, "-m", "clinic_site.build", "--settings", "publishconf.py",
                           "--output", str(output), "--check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Site(output, ROOT / "publishconf.py", proc.stderr)


# --- A real browser (Debian's chromium via Playwright) over the built site ----
@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from clinic_site.browser import CHROMIUM, launch

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`, as .ci/run does)")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(site):
    """Base URL of the session site, served over HTTP on 127.0.0.1."""
    from clinic_site.browser import serve

    with serve(site.output) as base:
        yield base


@pytest.fixture(scope="session")
def _shared_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def page(_shared_page):
    """The session's tab (a new one costs a third of a second), reset to screen
    media, light scheme, no motion preference and a phone-sized viewport.
    Tests load their page with goto, which drops any state of the last test."""
    _shared_page.emulate_media(media="screen", color_scheme="light", reduced_motion="no-preference")
    _shared_page.set_viewport_size({"width": 360, "height": 800})
    return _shared_page
