"""`make publish`: a failed build or check leaves output/ exactly as it was;
two publish builds of the same commit are byte-identical."""

import datetime
import os
import subprocess
import sys
import shutil

import pytest

from clinic_site import build as build_module
from conftest import ROOT, build_site, publish_build, tree_digest


def no_leftovers(parent):
    return [p.name for p in parent.iterdir() if p.name.startswith(".output-")]


def test_bad_content_leaves_output_unchanged(published_copy, content_copy):
    before = tree_digest(published_copy)
    post = content_copy / "ketamine-therapy.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Date: 2023-06-29", "Date: someday"),
                    encoding="utf-8")
    problems, output, log = build_site(published_copy.parent, ROOT / "publishconf.py", content=content_copy, check=True)
    assert problems and output == published_copy
    assert "Date is not a date" in log and "output/ was not changed" in log
    assert tree_digest(published_copy) == before
    assert no_leftovers(published_copy.parent) == []


def test_failing_site_check_leaves_output_unchanged(published_copy, content_copy):
    """Pelican builds this fine; only the built-site check (make check) sees the broken link."""
    before = tree_digest(published_copy)
    post = content_copy / "ketamine-therapy.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nSee [this post](/articles/no-such-post/).\n",
                    encoding="utf-8")
    problems, _, log = build_site(published_copy.parent, ROOT / "publishconf.py", content=content_copy, check=True)
    assert problems == 1, log
    assert "output/articles/ketamine-therapy/index.html: link to /articles/no-such-post/ leads nowhere" in log
    assert "Build failed: 1 problem(s)." in log
    assert tree_digest(published_copy) == before
    assert no_leftovers(published_copy.parent) == []


def test_publish_command_exits_1_and_says_why(published_copy, content_copy):
    (content_copy / "ketamine-therapy.md").write_text("Title: Only a title\n\nNo date, no category.\n",
                                                       encoding="utf-8")
    before = tree_digest(published_copy)
    proc = subprocess.run([sys.executable, "-m", "clinic_site.build", "--settings", "publishconf.py",
                           "--output", str(published_copy), "--content", str(content_copy), "--check"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "content/ketamine-therapy.md" in proc.stderr and "was not changed" in proc.stderr
    assert tree_digest(published_copy) == before


def test_good_publish_replaces_output_whole(published_copy):
    (published_copy / "stale-page.html").write_text("from an older build")
    problems, output, log = publish_build(published_copy.parent)
    assert problems == 0, log
    assert not (output / "stale-page.html").exists()
    assert (output / "index.html").is_file()
    assert oct(output.stat().st_mode & 0o777) != oct(0o700), "output/ must stay readable by the web server"
    assert no_leftovers(output.parent) == []


def _site(folder, marker):
    folder.mkdir()
    (folder / "index.html").write_text(marker)
    return folder


def test_swap_exchanges_in_one_step(tmp_path):
    output, staging = _site(tmp_path / "output", "old"), _site(tmp_path / ".output-staging-x", "new")
    assert build_module._exchange(str(staging), str(output)), "Linux renameat2 exchange is expected here"
    assert (output / "index.html").read_text() == "new" and (staging / "index.html").read_text() == "old"


def test_swap_without_exchange_uses_two_renames(tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "_exchange", lambda a, b: False)
    output, staging = _site(tmp_path / "output", "old"), _site(tmp_path / ".output-staging-x", "new")
    build_module.swap_in(str(staging), str(output))
    assert (output / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_swap_puts_old_site_back_when_second_rename_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "_exchange", lambda a, b: False)
    output, staging = _site(tmp_path / "output", "old"), _site(tmp_path / ".output-staging-x", "new")
    real_rename, calls = os.rename, []

    def rename(src, dst):
        calls.append(src)
        if len(calls) == 2:
            raise OSError("disk full")
        real_rename(src, dst)

    monkeypatch.setattr(build_module.os, "rename", rename)
    with pytest.raises(OSError):
        build_module.swap_in(str(staging), str(output))
    assert (output / "index.html").read_text() == "old"


# --- Reproducible ----------------------------------------------------------

def test_two_publish_builds_are_byte_identical(published_site, published_again):
    first, second = tree_digest(published_site.output), tree_digest(published_again.output)
    assert sorted(first) == sorted(second), "the same files"
    differ = [rel for rel in first if first[rel] != second[rel]]
    assert differ == [], f"files that differ between two builds of the same commit: {differ}"
    assert len(first) > 10


def test_no_build_date_in_output(tmp_path):
    """Dates come from the content, never from the clock: a site whose content
    is all dated in the past carries no trace of today."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for md in content.rglob("*.md"):  # move any post dated today into the past
        md.write_text(md.read_text(encoding="utf-8").replace(today.isoformat(), "2020-01-02"), encoding="utf-8")
    problems, output, log = build_site(tmp_path, ROOT / "publishconf.py", content=content)
    assert problems == 0, log
    for path in output.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".css"):
            text = path.read_text(encoding="utf-8")
            assert today.isoformat() not in text, f"{path.name} carries today's date"
            assert today.strftime("%-d %B %Y") not in text, f"{path.name} carries today's date"