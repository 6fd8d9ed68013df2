"""Meta and discovery on built output: meta descriptions everywhere; in the
published build canonical links, Open Graph and Twitter tags, sitemap.xml,
robots.txt and full-content Atom and RSS feeds linked from every page."""

import shutil
import xml.etree.ElementTree as ET

import feedparser
import pytest

from clinic_site.sources import normalise
from conftest import DATA, ROOT, build_site

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/blog.atom.xml", "feeds/blog.rss.xml"]


def rel(site, page):
    return str(page.relative_to(site.output))


def public_url(site, page):
    path = rel(site, page)
    return f"{site.settings['SITEURL']}/{path[:-len('index.html')] if path.endswith('index.html') else path}"


def meta(soup, **attrs):
    tags = soup.find_all("meta", attrs=attrs)
    assert len(tags) == 1, attrs
    return tags[0]["content"]


@pytest.mark.parametrize("which", ["site", "published_site"])
def test_every_page_has_a_meta_description(request, which):
    built = request.getfixturevalue(which)
    pages = built.html_files()
    assert len(pages) >= 7
    for page in pages:
        assert normalise(meta(built.soup(rel(built, page)), name="description")), page


def test_article_meta_description_is_its_summary(site, article_rel):
    assert meta(site.soup(article_rel), name="description").startswith("What ketamine therapy is,")


def test_published_pages_have_absolute_canonical_links(published_site):
    siteurl = published_site.settings["SITEURL"]
    assert siteurl.startswith("https://")
    for page in published_site.html_files():
        soup = published_site.soup(rel(published_site, page))
        links = soup.find_all("link", rel="canonical")
        if page.name == "404.html":
            assert links == [], "the not-found page is served at many addresses: no canonical"
            continue
        assert [link["href"] for link in links] == [public_url(published_site, page)], page


def test_published_pages_have_open_graph_and_twitter_tags(published_site):
    for page in published_site.html_files():
        if page.name == "404.html":
            continue
        soup = published_site.soup(rel(published_site, page))
        assert meta(soup, property="og:url") == public_url(published_site, page)
        assert meta(soup, property="og:site_name") == "Clinic Blog"
        assert meta(soup, property="og:title")
        assert meta(soup, property="og:description") == meta(soup, name="description")
        assert meta(soup, name="twitter:card") == "summary"
        assert meta(soup, name="twitter:title") == meta(soup, property="og:title")


def test_article_open_graph_describes_the_article(published_site, article_rel):
    soup = published_site.soup(article_rel)
    assert meta(soup, property="og:type") == "article"
    assert meta(soup, property="og:title") == ("Exploring Ketamine Therapy: A Promising Approach For Mental "
                                               "Health Treatment")
    assert meta(soup, property="article:published_time") == "2023-06-29T00:00:00+00:00"
    assert meta(published_site.soup("index.html"), property="og:type") == "website"


def test_local_build_names_no_public_address(site):
    for page in site.html_files():
        soup = site.soup(rel(site, page))
        assert soup.find("link", rel="canonical") is None and soup.find("meta", property="og:url") is None, page
    assert not (site.output / "sitemap.xml").exists() and not (site.output / "feeds").exists()


def test_sitemap_lists_every_public_page(published_site):
    siteurl = published_site.settings["SITEURL"]
    root = ET.parse(published_site.output / "sitemap.xml").getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    expected = sorted(public_url(published_site, p) for p in published_site.html_files() if p.name != "404.html")
    assert sorted(locs) == expected
    assert f"{siteurl}/articles/ketamine-therapy/" in locs and f"{siteurl}/privacy/" in locs
    lastmods = {u.find("s:loc", SITEMAP_NS).text: u.find("s:lastmod", SITEMAP_NS).text
                for u in root.findall("s:url", SITEMAP_NS)}
    assert lastmods[f"{siteurl}/articles/ketamine-therapy/"] == "2023-06-29T00:00:00+00:00"


def test_robots_txt_points_to_the_sitemap(published_site):
    lines = (published_site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {published_site.settings['SITEURL']}/sitemap.xml" in lines


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_parses_and_carries_the_full_article(published_site, feed, article_rel):
    parsed = feedparser.parse((published_site.output / feed).read_bytes())
    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert parsed.version.startswith("atom" if "atom" in feed else "rss")
    url = f"{published_site.settings['SITEURL']}/{article_rel}"
    entries = [e for e in parsed.entries if e.link == url]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.title == "Exploring Ketamine Therapy: A Promising Approach For Mental Health Treatment"
    html = entry.content[0].value if "atom" in feed else entry.description
    # full content, not the summary: the last section of the post is there
    assert "Professional Guidance and Support" in html and "Rapid Onset of Action" in html


def test_feeds_are_linked_from_every_head(published_site):
    siteurl = published_site.settings["SITEURL"]
    for page in published_site.html_files():
        soup = published_site.soup(rel(published_site, page))
        links = {link["href"]: link["type"] for link in soup.head.find_all("link", rel="alternate")}
        assert links.get(f"{siteurl}/feeds/all.atom.xml") == "application/atom+xml", page
        assert links.get(f"{siteurl}/feeds/all.rss.xml") == "application/rss+xml", page
        for href in links:
            assert (published_site.output / href[len(siteurl) + 1:]).is_file(), href


def test_category_and_article_pages_link_their_category_feeds(published_site, article_rel):
    siteurl = published_site.settings["SITEURL"]
    for page in ("category/blog/", article_rel):
        hrefs = [link["href"] for link in published_site.soup(page).head.find_all("link", rel="alternate")]
        assert f"{siteurl}/feeds/blog.atom.xml" in hrefs and f"{siteurl}/feeds/blog.rss.xml" in hrefs, page


def test_sitemap_is_written_after_a_failed_build_in_the_same_process(tmp_path, content_copy):
    # pelican-sitemap keeps state between builds; a build stopped by the editorial
    # rules must not leave it behind (the build driver resets it).
    from conftest import DATA, ROOT, build_site

    broken = content_copy.parent / "broken"
    shutil.copytree(content_copy, broken)
    shutil.copy(DATA / "bad" / "missing_summary.md", broken)
    problems, _, _ = build_site(tmp_path / "a", ROOT / "publishconf.py", content=broken)
    assert problems == 1
    problems, output, log = build_site(tmp_path / "b", ROOT / "publishconf.py", content=content_copy)
    assert problems == 0, log
    assert "/articles/ketamine-therapy/</loc>" in (output / "sitemap.xml").read_text(encoding="utf-8")
