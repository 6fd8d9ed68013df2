"""The build as staff use it: failed builds keep the last good site, new posts
and categories publish, hostile metadata is escaped, drafts stay private, and
the built-site checks catch a page that lost a section or its referral."""

import shutil

import pytest

from clinic_site.check import check_site
from clinic_site.newpost import new_post
from clinic_site.sources import normalise
from conftest import DATA, ROOT, Site, build_site, tree_digest


def test_failed_build_leaves_previous_output_intact(tmp_path, content_copy):
    problems, output, log = build_site(tmp_path, content=content_copy)
    assert problems == 0, log
    before = tree_digest(output)
    shutil.copy(DATA / "bad" / "missing_summary.md", content_copy)
    problems, output, log = build_site(tmp_path, content=content_copy)
    assert problems == 1
    assert "content/missing_summary.md: Summary is missing" in log
    assert "was not changed" in log
    assert tree_digest(output) == before
    assert not list(tmp_path.glob(".output-*")), "no staging folder is left behind"


def test_second_post_in_another_category_gets_its_page(tmp_path, content_copy):
    shutil.copy(DATA / "good" / "family_support.md", content_copy)
    problems, output, log = build_site(tmp_path, content=content_copy)
    assert problems == 0, log
    site = Site(output, ROOT / "pelicanconf.py", log)
    page = site.soup("category/family-support/")
    assert normalise(page.find("h1").get_text()) == "Family Support"
    titles = [normalise(h.get_text()) for h in page.find_all("h2")]
    assert titles == ["Supporting a Family Member Through Treatment"]
    blog_titles = [normalise(h.get_text()) for h in site.soup("category/blog/").find_all("h2")]
    assert "Supporting a Family Member Through Treatment" not in blog_titles
    topics = [normalise(a.get_text()) for a in site.soup("categories/").find(class_="topic-list").find_all("a")]
    assert topics == ["Blog", "Family Support"]
    assert check_site(output, site.settings) == []


def test_hostile_metadata_is_escaped_never_executed(tmp_path, content_copy):
    shutil.copy(DATA / "good" / "hostile_metadata.md", content_copy)
    problems, output, log = build_site(tmp_path, content=content_copy)
    assert problems == 0, log
    site = Site(output, ROOT / "pelicanconf.py", log)
    pages = [p for p in site.html_files()]
    for page in pages:
        soup = site.soup(str(page.relative_to(output)))
        assert not [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"], page
        assert not soup.find_all(attrs={"onerror": True}), page
        assert not soup.find_all("b"), page
    article = site.soup("articles/alerttitle-coping-sleep/")
    assert article.find("h1").get_text() == '<script>alert("title")</script> Coping & <b>Sleep</b>'
    raw = site.path("articles/alerttitle-coping-sleep/").read_text()
    assert "&lt;script&gt;alert" in raw
    referral = normalise(article.find(attrs={"data-component": "referral"}).get_text())
    assert 'about <i>sleep</i> & "rest" and how' in referral


def test_drafts_preview_locally_but_never_publish(tmp_path, content_copy):
    path = new_post("A Draft About Sleep", str(content_copy))
    problems, output, log = build_site(tmp_path / "html", content=content_copy)
    assert problems == 0, log
    draft = output / "drafts" / "a-draft-about-sleep" / "index.html"
    assert draft.is_file()
    assert 'name="robots" content="noindex"' in draft.read_text()
    assert "A Draft About Sleep" not in (output / "index.html").read_text()
    problems, output, log = build_site(tmp_path / "pub", ROOT / "publishconf.py", content=content_copy, check=True)
    assert problems == 0, log
    assert not (output / "drafts").exists()
    assert not [p for p in output.rglob("*") if p.is_file() and "A Draft About Sleep" in p.read_text(errors="ignore")]
    assert path.endswith("a-draft-about-sleep.md")


def test_newpost_writes_a_draft_and_never_overwrites(tmp_path):
    import datetime

    path = new_post("Coping With Panic: First Steps", str(tmp_path), today=datetime.date(2026, 1, 2))
    text = open(path).read()
    for field in ("Title: Coping With Panic: First Steps", "Date: 2026-01-02", "Category: Blog", "Status: draft",
                  "Summary:", "Referral: charlotin", "Referral_topic:", "Outline: ## First section"):
        assert field in text
    with pytest.raises(FileExistsError):
        new_post("Coping With Panic: First Steps", str(tmp_path))
    with pytest.raises(ValueError):
        new_post("  ", str(tmp_path))


def test_newpost_draft_becomes_valid_post_when_published(tmp_path, content_copy):
    """The template has every required field and section: removing the Status line publishes it cleanly."""
    path = new_post("Understanding Grief", str(content_copy))
    text = open(path).read().replace("Status: draft\n", "")
    open(path, "w").write(text)
    problems, output, log = build_site(tmp_path, content=content_copy)
    assert problems == 0, log


NO_EDITORIAL = {"PLUGINS": ["webassets", "clinicians"]}


def break_article(content, old, new):
    path = content / "ketamine-therapy.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_check_catches_removed_section(tmp_path, content_copy):
    break_article(content_copy, "\n\n## Benefits and Considerations\n", "\n")
    # the editorial rules refuse the build, naming the Outline entry ...
    problems, output, log = build_site(tmp_path / "a", content=content_copy)
    assert ("content/ketamine-therapy.md: line 8: section '## Benefits and Considerations' listed in Outline "
            "is missing") in log
    # ... and with them switched off, the built-site check still catches the page
    problems, output, log = build_site(tmp_path / "b", content=content_copy, overrides=NO_EDITORIAL)
    assert problems == 0, log
    found = check_site(output, Site(output, ROOT / "pelicanconf.py", log).settings | {"PATH": str(content_copy)})
    assert found == ["output/articles/ketamine-therapy/index.html: section '## Benefits and Considerations' required "
                     "for content/ketamine-therapy.md is not on the page, in order and at its level — "
                     "restore it in the post"]


def test_check_catches_removed_referral(tmp_path, content_copy):
    break_article(content_copy, "Referral: charlotin\n", "")
    problems, output, log = build_site(tmp_path / "a", content=content_copy)
    assert "content/ketamine-therapy.md: Referral is missing" in log
    problems, output, log = build_site(tmp_path / "b", content=content_copy, overrides=NO_EDITORIAL)
    assert problems == 0, log
    found = check_site(output, Site(output, ROOT / "pelicanconf.py", log).settings | {"PATH": str(content_copy)})
    assert found == ["output/articles/ketamine-therapy/index.html: no referral component — "
                     "content/ketamine-therapy.md needs 'Referral: <clinician key>'"]


def test_check_catches_wrong_clinician(tmp_path, content_copy):
    problems, output, log = build_site(tmp_path, content=content_copy)
    settings = Site(output, ROOT / "pelicanconf.py", log).settings | {"PATH": str(content_copy)}
    settings["CLINICIANS"] = {"charlotin": {"name": "Someone Else", "credential": "Nurse"}}
    found = check_site(output, settings)
    assert found == ["output/articles/ketamine-therapy/index.html: the referral does not name the clinician and "
                     "credential — check Referral in content/ketamine-therapy.md"]


def test_make_newpost_keeps_the_title_exactly_as_typed(tmp_path):
    """Quotes, `$`, backquotes and parentheses in TITLE are text: neither make nor the shell expands them."""
    import subprocess

    title = """Don't say "just relax": $HOME `echo hi` $(shell id) (really)"""
    run = subprocess.run(["make", "-s", "newpost", f"TITLE={title}", f"INPUTDIR={tmp_path}"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    (path,) = tmp_path.glob("*.md")
    assert path.read_text(encoding="utf-8").splitlines()[0] == f"Title: {title}"
    assert path.name == "dont-say-just-relax-home-echo-hi-shell-id-really.md"


def test_newpost_template_text_is_never_published(tmp_path, content_copy):
    """A draft published without writing it: `make html` warns, `make publish` refuses, naming each line.
    (Its own title: Pelican logs a message repeated within one process only once.)"""
    path = new_post("Coping With Loss", str(content_copy))
    text = open(path).read().replace("Status: draft\n", "")
    open(path, "w").write(text)
    lines = ["content/coping-with-loss.md: line 4: 'One or two plain sentences saying what the reader will "
             "learn…' is still the text of the new-post template — replace it with your own words",
             "content/coping-with-loss.md: line 10: 'Write a short introduction here…' is still the text of "
             "the new-post template — replace it with your own words",
             "content/coping-with-loss.md: line 14: 'Write this section here…' is still the text of the "
             "new-post template — replace it with your own words"]
    problems, _, log = build_site(tmp_path / "html", content=content_copy)
    assert problems == 0, log
    assert [f"warning: {line} (make publish refuses it)" for line in lines] == \
        [line for line in log.splitlines() if line.startswith("warning:")]
    problems, output, log = build_site(tmp_path / "pub", ROOT / "publishconf.py", content=content_copy, check=True)
    assert problems == 3 and [line for line in log.splitlines() if line.startswith("content/")] == lines
    assert not output.exists()


def test_category_spelled_differently_blames_the_newcomer(tmp_path, content_copy):
    """One post each way ('Blog' and 'blog'): the newer post is told to follow the older one."""
    (content_copy / "sleep.md").write_text(
        "Title: Sleep\nDate: 2024-05-01\nCategory: blog\nSummary: s\nReferral: charlotin\nReferral_topic: sleep\n\n"
        "Intro.\n\n## Section\n\nText.\n", encoding="utf-8")
    problems, output, log = build_site(tmp_path, content=content_copy)
    assert problems == 1
    assert ("content/sleep.md: line 3: Category 'blog' is written 'Blog' elsewhere (content/ketamine-therapy.md) — "
            "write it the same way: 'Category: Blog'") in log.splitlines()
