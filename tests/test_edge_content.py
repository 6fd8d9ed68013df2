"""Content nobody had tried before QA: files saved with a BOM or Windows line
endings, unicode and right-to-left titles, a post in French, metadata that
tries to break out of the JSON-LD block, and enough posts to fill several
pages of every list. All built once, in one run, and read as readers get it."""

import json
import shutil

import pytest

from clinic_site.sources import normalise
from conftest import DATA, ROOT, Site, build_site

POSTS = 22  # with the site's own and the future one: 24, so 3 pages of 10 on home and archives
FAMILY = 12  # posts in a second category: 2 pages; Blog has the other 12


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("edge")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    for path in (DATA / "edge").iterdir():
        shutil.copy(path, content)
    for i in range(1, POSTS + 1):
        category = "Family Support" if i <= FAMILY else "Blog"
        (content / f"post-{i:02}.md").write_text(
            f"Title: Post number {i:02}\nDate: 2020-01-{i:02}\nCategory: {category}\nSummary: Summary {i}.\n"
            "Referral: charlotin\nReferral_topic: sleep\n\nIntro.\n\n## Section\n\nText.\n", encoding="utf-8")
    problems, output, log = build_site(tmp, content=content, check=True)
    assert problems == 0, log
    return Site(output, ROOT / "pelicanconf.py", log)


def test_future_date_and_unread_file_are_warned_about(edge_site):
    lines = edge_site.log.splitlines()
    assert ("warning: content/future_date.md: line 2: Date 2099-01-01 is in the future — the post is published "
            "now, showing that date: check the year, or keep 'Status: draft' until then") in lines
    assert ("warning: content/saved-as-text.md.txt: the file is not read, so it is not on the site — posts are "
            "Markdown files whose names end in '.md': rename it, or move it out of content/") in lines
    assert not [line for line in lines if line.startswith("warning:") and "content/post-" in line]


def resolve(site, page, href):
    """The file a relative link on `page` opens."""
    target = (site.path(page).parent / href).resolve()
    return target / "index.html" if target.is_dir() else target


def test_bom_and_windows_line_endings_read_like_any_post(edge_site):
    for slug, title in (("saved-with-a-byte-order-mark", "Saved With a Byte Order Mark"),
                        ("saved-with-windows-line-endings", "Saved With Windows Line Endings")):
        soup = edge_site.soup(f"articles/{slug}/")
        assert soup.find("h1").get_text() == title
        assert "\ufeff" not in str(soup) and "\r" not in soup.find("title").get_text()


def test_unicode_title_kept_whole_with_an_ascii_address(edge_site):
    page = edge_site.soup("articles/cafe-emotions-and-shlvm/")
    assert page.find("h1").get_text() == "Café, émotions 😊 and שלום"
    assert page.find("title").get_text().startswith("Café, émotions 😊 and שלום")


def test_post_in_french_gets_a_pretty_address_and_its_language(edge_site):
    assert not list(edge_site.output.glob("*-fr.html")), "no `<slug>-fr.html` at the site root"
    page = edge_site.soup("articles/le-sommeil-et-lanxiete-fr/")
    assert page.find("html")["lang"] == "fr"
    assert page.find("h1").get_text() == "Le sommeil et l’anxiété"
    # the site's own English parts around the French text say they are English (WCAG 3.1.2)
    for css in (".site-header", ".skip-link", ".post-meta", ".referral", ".disclaimer", ".site-footer"):
        assert page.select_one(css)["lang"] == "en", css
    assert page.select_one(".article__body").get("lang") is None, "the text is in the page's language"
    english = edge_site.soup("articles/ketamine-therapy/")
    assert english.find("html")["lang"] == "en" and not english.find("body").find_all(attrs={"lang": True})
    # and lists in English mark the French title and summary
    for page_rel in ("", "archives/"):
        links = [a for a in edge_site.soup(page_rel).find("main").find_all("a", href=True) if "sommeil" in a["href"]]
        assert [a.get("lang") for a in links] == ["fr"], page_rel
    summary = edge_site.soup("").find(string="Un article en français.").parent
    assert summary["lang"] == "fr"


def test_metadata_cannot_close_the_json_ld_block(edge_site):
    rel = "articles/xalert1/"
    soup = edge_site.soup(rel)
    scripts = soup.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    data = json.loads(scripts[0].string)  # the whole block is still one valid JSON document
    assert "alert(2)" in data["mainEntity"]["description"]
    raw = edge_site.path(rel).read_text(encoding="utf-8")
    assert raw.count("<script") == 1 and raw.count("</script>") == 1
    assert not soup.find_all(attrs={"onerror": True}) and not soup.find_all("img")
    assert "</script>" in soup.find("h1").get_text(), "shown as text, not dropped"


@pytest.mark.parametrize("first, pages", [("", 3), ("archives/", 3), ("category/family-support/", 2),
                                          ("category/blog/", 2)])
def test_every_page_of_a_list_is_reachable_and_titled_on_its_own(edge_site, first, pages):
    page, seen, titles = first, [], set()
    while page is not None:
        soup = edge_site.soup(page)
        seen.append(page)
        titles.add(soup.find("title").get_text())
        assert len(soup.find_all("h1")) == 1
        number = len(seen)
        nav = soup.find("nav", class_="pagination")
        assert normalise(nav.find("span").get_text()) == f"Page {number} of {pages}"
        if number > 1:
            assert soup.find("title").get_text().startswith(f"Page {number} of {pages} · ")
            back = resolve(edge_site, page, nav.find("a", rel="prev")["href"])
            assert back.is_file() and back.parent in {edge_site.path(p).parent for p in seen}
        following = nav.find("a", rel="next")
        if following is None:
            page = None
        else:
            target = resolve(edge_site, page, following["href"])
            assert target.is_file(), following["href"]
            page = str(target.relative_to(edge_site.output).parent) + "/"
    assert len(seen) == pages and len(titles) == pages, "each page has its own <title>"


@pytest.mark.parametrize("page, current", [("", "Home"), ("page/2/", "Home"), ("categories/", "Topics"),
                                           ("archives/", "All posts"), ("archives/page/2/", "All posts")])
def test_main_navigation_marks_the_current_page(edge_site, page, current):
    nav = edge_site.soup(page).find("nav", attrs={"aria-label": "Main"})
    assert [normalise(a.get_text()) for a in nav.find_all(attrs={"aria-current": "page"})] == [current]

