"""The Nu HTML Checker (vnu-jar from npm) finds no error on any built page, nor
in the built stylesheet, of the local and the published build.

Java starts once per session: the checker reads both built sites and a page
and a stylesheet broken on purpose in the same run."""

import json
import shutil
import subprocess

import pytest

from clinic_site.browser import VNU_JAR

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head>
<body><main><p>An unclosed <b>bold <a href="x"><div>block in a link</div></a></p>
<img src="a.png"></main></body></html>"""
BROKEN_CSS = "main { colr: red; }\n"


@pytest.fixture(scope="session")
def vnu_messages(site, published_site, tmp_path_factory):
    """{file path: [(type, line, message)]} for the site and the broken files."""
    if not shutil.which("java"):
        pytest.fail("java is missing: the Nu HTML Checker needs Java 17 (`apt-get install default-jre-headless`)")
    broken = tmp_path_factory.mktemp("vnu")
    (broken / "broken.html").write_text(BROKEN, encoding="utf-8")
    (broken / "broken.css").write_text(BROKEN_CSS, encoding="utf-8")
    proc = subprocess.run(["java", "-jar", str(VNU_JAR), "--stdout", "--format", "json", "--skip-non-html",
                           "--also-check-css", str(site.output), str(published_site.output), str(broken)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    by_file = {}
    for m in json.loads(proc.stdout)["messages"]:
        path = m.get("url", "").removeprefix("file:")
        by_file.setdefault(path, []).append((m["type"], m.get("lastLine"), m["message"]))
    return by_file, broken


def test_no_page_or_stylesheet_has_an_error(site, published_site, vnu_messages):
    """Both builds: the published pages carry more in their <head>."""
    by_file, broken = vnu_messages
    errors = {path: msgs for path, msgs in by_file.items()
              if not path.startswith(str(broken)) and any(kind != "info" for kind, _, _ in msgs)}
    assert errors == {}
    for built in (site, published_site):
        assert len(built.html_files()) >= 6 and list(built.output.rglob("*.css"))


def test_checker_reports_the_broken_page_and_stylesheet(vnu_messages):
    by_file, broken = vnu_messages
    errors = [msg for kind, _, msg in by_file.get(str(broken / "broken.html"), []) if kind == "error"]
    assert any("alt" in msg for msg in errors)
    assert any("div" in msg for msg in errors)
    css_errors = [msg for kind, _, msg in by_file.get(str(broken / "broken.css"), []) if kind == "error"]
    assert any("colr" in msg for msg in css_errors)
