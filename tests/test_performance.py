"""The performance budget, in bytes and counts of the built files, never in time:
the article's first render fits the first TCP round trip (HTML + CSS at most
14,600 bytes gzipped), it costs at most 2 requests, no web fonts, no
JavaScript, and every image has its size set."""

import gzip
import re
from pathlib import Path

from bs4 import BeautifulSoup

from clinic_site.browser import page_url

FIRST_ROUND_TRIP = 14_600  # 10 TCP segments of 1,460 bytes: the usual initial congestion window
MAX_REQUESTS = 2  # the HTML and one stylesheet
GZIP_LEVEL = 6  # gzip's and most web servers' default


def gz(data):
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def local_file(html_path, href, root, siteurl=""):
    """The built file behind a link: relative, root-relative, or under SITEURL."""
    if siteurl and href.startswith(siteurl + "/"):
        href = href[len(siteurl):]
    if href.startswith("/"):
        return Path(root) / href.lstrip("/")
    return (html_path.parent / href).resolve()


def first_render_bytes(html_path, root=None, siteurl=""):
    """Gzipped bytes of a page (inline <style> included) plus each stylesheet
    it links, gzipped on its own as the server sends it."""
    raw = html_path.read_bytes()
    total = gz(raw)
    soup = BeautifulSoup(raw, "html.parser")
    for link in soup.find_all("link", rel="stylesheet"):
        total += gz(local_file(html_path, link["href"], root or html_path.parent, siteurl).read_bytes())
    return total


def weight_problems(html_path):
    """Web fonts, script and images without a size, in a page or its CSS."""
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    problems = []
    css = [s.get_text() for s in soup.find_all("style")]
    for link in soup.find_all("link", rel="stylesheet"):
        path = (html_path.parent / link["href"]).resolve()
        css.append(path.read_text(encoding="utf-8") if path.is_file() else "")
    for text in css:
        if "@font-face" in text or re.search(r"url\([^)]*\.(woff2?|ttf|otf|eot)\b", text, re.I):
            problems.append("web font in CSS")
    if soup.find("link", rel="preload", attrs={"as": "font"}):
        problems.append("preloaded web font")
    for script in soup.find_all("script"):
        if script.get("type") not in ("application/ld+json", "application/json"):
            problems.append("script")
    for tag in soup.find_all(True):
        if any(attr.startswith("on") for attr in tag.attrs):
            problems.append(f"inline event handler on <{tag.name}>")
    for img in soup.find_all("img"):
        if not (str(img.get("width", "")).isdigit() and str(img.get("height", "")).isdigit()):
            problems.append(f"image {img.get('src')} without width and height")
    return problems


def test_article_first_render_fits_the_first_round_trip(site, published_site, article_rel):
    # The published page carries more (absolute URLs, feeds, link-preview and
    # schema.org data): both builds must fit.
    for built in (site, published_site):
        size = first_render_bytes(built.path(article_rel), built.output, built.settings["SITEURL"])
        assert 0 < size <= FIRST_ROUND_TRIP, (built.settings_file.name, size)


def test_every_page_fits_the_first_round_trip(published_site):
    sizes = {p.relative_to(published_site.output).as_posix():
             first_render_bytes(p, published_site.output, published_site.settings["SITEURL"])
             for p in published_site.html_files()}
    assert max(sizes.values()) <= FIRST_ROUND_TRIP, sizes


def test_no_web_fonts_no_javascript_images_sized(site):
    found = {p.relative_to(site.output).as_posix(): weight_problems(p) for p in site.html_files()}
    assert {k: v for k, v in found.items() if v} == {}
    assert not list(site.output.rglob("*.js"))
    assert not [p for p in site.output.rglob("*") if p.suffix.lower() in {".woff", ".woff2", ".ttf", ".otf", ".eot"}]


def test_budget_checks_catch_a_heavy_page(tmp_path):
    (tmp_path / "big.css").write_text("@font-face { font-family: X; src: url(x.woff2); }\n"
                                      + "".join(f".c{i} {{ margin: {i}px }}\n" for i in range(3000)))
    page = tmp_path / "index.html"
    page.write_text('<link rel="stylesheet" href="big.css"><script src="a.js"></script>'
                    '<button onclick="go()">Go</button><img src="p.png" alt="" width="10">'
                    '<script type="application/ld+json">{}</script>')
    assert first_render_bytes(page) > FIRST_ROUND_TRIP
    assert weight_problems(page) == ["web font in CSS", "script", "inline event handler on <button>",
                                     "image p.png without width and height"]


# --- Requests, counted in the browser ---------------------------------------------

def requests_made(page, url):
    """Every request the browser makes to show `url` (the page itself included)."""
    seen = []

    def record(request):
        seen.append(request)

    page.on("request", record)
    try:
        page.goto(url, wait_until="load")
    finally:
        page.remove_listener("request", record)
    return [(r.resource_type, r.url) for r in seen]


def test_article_makes_two_requests_html_and_one_stylesheet(site_url, page, article_rel):
    made = requests_made(page, site_url + article_rel)
    assert len(made) <= MAX_REQUESTS, made
    assert [kind for kind, _ in made] == ["document", "stylesheet"]
    assert all(url.startswith(site_url) for _, url in made)


def test_no_page_makes_more_than_two_requests(site, site_url, page):
    counts = {}
    for path in site.html_files():
        rel = path.relative_to(site.output).as_posix()
        made = requests_made(page, page_url(site_url, rel))
        if len(made) > MAX_REQUESTS or {kind for kind, _ in made} - {"document", "stylesheet"}:
            counts[rel] = made
    assert counts == {}


def test_request_count_sees_extra_files(tmp_path, page):
    from clinic_site.browser import serve

    (tmp_path / "a.css").write_text("body { color: #000 }")
    (tmp_path / "b.css").write_text("@import url(a.css);")
    (tmp_path / "p.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    (tmp_path / "index.html").write_text('<!doctype html><link rel="stylesheet" href="b.css">'
                                         '<img src="p.svg" alt="" width="1" height="1">')
    with serve(tmp_path) as base:
        made = requests_made(page, base)
    assert len(made) == 4, made
