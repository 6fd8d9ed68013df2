"""Home, category, categories and archives pages list the article and link to it."""

import feedparser
import pytest

from clinic_site.sources import normalise

from test_article import TITLE


def links_to_article(site, page, article_rel):
    soup = site.soup(page)
    page_dir = site.path(page).parent
    found = []
    for a in soup.find("main").find_all("a", href=True):
        target = (page_dir / a["href"]).resolve()
        if target == site.path(article_rel).parent.resolve():
            found.append(normalise(a.get_text()))
    return found


@pytest.mark.parametrize("page", ["", "category/blog/", "archives/"])
def test_listing_links_to_article(site, page, article_rel):
    assert TITLE in links_to_article(site, page, article_rel)


def test_home_lists_title_date_summary(site):
    item = site.soup("").find(class_="post-list__item")
    assert normalise(item.find("h2").get_text()) == TITLE
    assert item.find("time")["datetime"].startswith("2023-06-29")
    assert normalise(item.find(class_="post-list__summary").get_text()).startswith("What ketamine therapy is")


def test_exactly_one_category_blog(site):
    soup = site.soup("categories/")
    names = [normalise(a.get_text()) for a in soup.find(class_="topic-list").find_all("a")]
    assert names == ["Blog"]
    assert all(name.strip() and "," not in name for name in names)


def test_404_page_built(site):
    assert site.soup("404.html").find("h1").get_text() == "Page not found"


def test_tag_and_author_pages_are_off(site):
    assert not (site.output / "tag").exists() and not (site.output / "author").exists()
    assert not (site.output / "tags.html").exists() and not (site.output / "authors.html").exists()


def test_published_site_has_absolute_urls_and_feeds(published_site, article_rel):
    siteurl = published_site.settings["SITEURL"]
    assert siteurl.startswith("https://")
    soup = published_site.soup(article_rel)
    assert soup.find("link", rel="stylesheet")["href"].startswith(siteurl + "/")
    for feed_path in ("feeds/all.atom.xml", "feeds/blog.atom.xml"):
        feed = feedparser.parse((published_site.output / feed_path).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        entries = {normalise(e.title): e.link for e in feed.entries}
        assert entries.get(TITLE) == f"{siteurl}/{article_rel}"
