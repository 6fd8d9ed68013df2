"""Tests for the health plugin: review dates, the overdue-review rule in html
and publish builds, the urgent-help text and safe JSON-LD."""

import io
import json
import shutil
from datetime import date, datetime, timezone
from types import SimpleNamespace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from clinic_site.build import build

from .health import add_months, needs_urgent_help, render_urgent_text, review_of, schema, to_json_ld, today

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SETTINGS = {"CLINICIANS": {"lee": {"honorific_prefix": "Dr.", "name": "Sam Lee", "credential": "Psychiatrist"}},
            "REVIEW_INTERVAL_MONTHS": 12}
OVERDUE = "next review was due on {} — review the post with a clinician and update Reviewed/Next_review"


def run(tmp_path, settings_file, overrides):
    content = tmp_path / "content"
    shutil.copytree(HERE / "test_data", content)
    out = io.StringIO()
    problems = build(str(ROOT / settings_file), str(tmp_path / "output"), str(content), check=True, out=out,
                     overrides=overrides)
    return problems, tmp_path / "output", out.getvalue().splitlines()


def test_next_review_is_explicit_or_after_the_interval():
    explicit = review_of(SETTINGS, {"reviewed": "2026-01-15", "reviewed_by": "lee", "next_review": "2026-07-01"})
    assert (explicit.reviewed, explicit.next_review) == (date(2026, 1, 15), date(2026, 7, 1))
    assert explicit.reviewer.name_and_credential == "Dr. Sam Lee, Psychiatrist"
    computed = review_of(SETTINGS, {"reviewed": "2026-01-31", "reviewed_by": "lee"})
    assert computed.next_review == date(2027, 1, 31)
    assert review_of(dict(SETTINGS, REVIEW_INTERVAL_MONTHS=1), {"reviewed": "2026-01-31",
                                                               "reviewed_by": "lee"}).next_review == date(2026, 2, 28)


@pytest.mark.parametrize("metadata", [
    {},
    {"reviewed": "2026-01-15"},                                   # no reviewer
    {"reviewed": "2026-01-15", "reviewed_by": "nobody"},          # unknown reviewer
    {"reviewed": "15/01/2026", "reviewed_by": "lee"},             # not a date
    {"reviewed": "2026-01-15", "reviewed_by": "lee", "next_review": "soon"},
])
def test_no_review_is_invented_from_missing_or_malformed_fields(metadata):
    assert review_of(SETTINGS, metadata) is None


def test_add_months_crosses_years_and_clamps_the_day():
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_today_comes_from_the_setting_then_the_environment(monkeypatch):
    monkeypatch.setenv("CLINIC_TODAY", "2030-05-06")
    assert today({"CLINIC_TODAY": "2029-01-02"}) == date(2029, 1, 2)
    assert today({}) == date(2030, 5, 6)
    monkeypatch.setenv("CLINIC_TODAY", "tomorrow")
    with pytest.raises(ValueError, match="CLINIC_TODAY 'tomorrow' is not a date"):
        today({})


def test_urgent_text_is_escaped_and_numbers_dial():
    html = render_urgent_text("Call {988} <now> & text {+44 20 7946 0000} or {not a number}.")
    assert html == ('Call <a href="tel:988">988</a> &lt;now&gt; &amp; text '
                    '<a href="tel:+442079460000">+44 20 7946 0000</a> or {not a number}.')


class Post:
    def __init__(self, category, tags=()):
        self.category, self.tags = category, list(tags)


def test_urgent_help_by_category_or_tag_case_insensitive():
    settings = {"URGENT_HELP": {"categories": ["Blog"], "tags": ["Anxiety"]}}
    assert needs_urgent_help(settings, Post("blog"))
    assert needs_urgent_help(settings, Post("News", ["anxiety"]))
    assert not needs_urgent_help(settings, Post("News", ["sleep"]))
    assert not needs_urgent_help({}, Post("Blog"))


def test_json_ld_cannot_close_the_script_element():
    text = to_json_ld({"headline": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & more"


def test_html_build_warns_about_an_overdue_review_and_succeeds(tmp_path):
    problems, output, lines = run(tmp_path, "pelicanconf.py", {"CLINIC_TODAY": "2026-06-01"})
    assert problems == 0, lines
    assert lines[0] == "warning: content/interval.md: line 8: " + OVERDUE.format("2026-03-31")
    assert not [line for line in lines if "reviewed.md" in line or "no_review.md" in line]
    page = BeautifulSoup((output / "articles/talking-with-your-teenager/index.html").read_text(), "html.parser")
    foot = page.find(attrs={"data-component": "review-dates"}).get_text(" ", strip=True)
    assert "Page last reviewed: 31 March 2025" in foot and "Next review due: 31 March 2026" in foot
    assert page.find(attrs={"data-component": "urgent-help"}) is not None, "tagged Anxiety"
    news = BeautifulSoup((output / "articles/our-new-waiting-room/index.html").read_text(), "html.parser")
    assert news.find(attrs={"data-component": "urgent-help"}) is None, "Clinic News is not a mental-health topic"
    assert news.find(attrs={"data-component": "review-dates"}) is None


def test_a_review_is_not_overdue_on_its_due_date(tmp_path):
    problems, _, lines = run(tmp_path, "pelicanconf.py", {"CLINIC_TODAY": "2026-03-31"})
    assert problems == 0 and not [line for line in lines if "next review" in line], lines


def test_publish_fails_on_overdue_reviews(tmp_path):
    problems, output, lines = run(tmp_path, "publishconf.py", {"CLINIC_TODAY": "2027-02-01"})
    assert problems == 2
    assert lines[:2] == ["content/interval.md: line 8: " + OVERDUE.format("2026-03-31"),
                         "content/reviewed.md: line 9: " + OVERDUE.format("2027-01-15")]
    assert lines[-1].startswith("Build failed: 2 problem(s).")
    assert not output.exists()


def test_publish_allows_overdue_reviews_when_the_setting_says_so(tmp_path):
    problems, output, lines = run(tmp_path, "publishconf.py",
                                  {"CLINIC_TODAY": "2027-02-01", "ALLOW_OVERDUE_REVIEWS": True})
    assert problems == 0, lines
    assert "warning: content/reviewed.md: line 9: " + OVERDUE.format("2027-01-15") in lines
    assert (output / "sitemap.xml").is_file()


def article(**extra):
    fields = dict(settings=dict(SETTINGS, SITEURL="https://blog.example.org", SITENAME="Blog", DEFAULT_LANG="en"),
                  title="A <i>title</i>", summary="<p>A summary &amp; more.</p>", url="articles/a/",
                  date=datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc), lang="en")
    fields.update(extra)
    return SimpleNamespace(**fields)


def test_schema_without_review_names_the_clinic_and_no_invented_facts():
    data = schema(article())
    assert "lastReviewed" not in data and "reviewedBy" not in data
    post = data["mainEntity"]
    assert post["headline"] == "A title" and post["description"] == "A summary & more."
    assert post["datePublished"] == post["dateModified"] == "2025-01-02T03:04:00+00:00"
    assert post["publisher"] == post["author"] == {"@type": "Organization", "name": "Blog",
                                                     "url": "https://blog.example.org"}
    assert "mentions" not in post


def test_schema_names_the_post_authors_when_given():
    assert schema(article(authors=["Ann Lee"]))["mainEntity"]["author"] == {"@type": "Person", "name": "Ann Lee"}
    two = schema(article(authors=["Ann Lee", "Bo Kim"]))["mainEntity"]["author"]
    assert [a["name"] for a in two] == ["Ann Lee", "Bo Kim"]


def test_schema_with_review():
    review = review_of(SETTINGS, {"reviewed": "2026-01-15", "reviewed_by": "lee"})
    data = schema(article(), review)
    assert data["lastReviewed"] == "2026-01-15"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Sam Lee", "honorificPrefix": "Dr.",
                                  "jobTitle": "Psychiatrist"}
