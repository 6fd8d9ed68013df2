"""Privacy: the privacy page says what the site does (no cookies, analytics or
trackers), the footer links to it, and no built page could set a cookie,
contact another host or carry a tracking pixel.

Static files cannot send Set-Cookie headers, so a cookie could only come from a
script or a <meta http-equiv>; a request to another host only from an element
or stylesheet that loads something. Both are checked on every built file. A
browser check of the same (a real page load, counting requests and cookies)
belongs to the accessibility suite that drives Chromium."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from clinic_site.sources import normalise

LOADING = {"img": ["src", "srcset"], "script": ["src"], "iframe": ["src"], "frame": ["src"], "embed": ["src"],
           "object": ["data"], "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"],
           "track": ["src"], "input": ["src"], "image": ["href"], "use": ["href"]}
PREFETCH = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
            "manifest", "apple-touch-icon"}
DATA_SCRIPTS = {"application/ld+json"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)


def external(url, siteurl):
    parts = urlsplit(url.strip())
    if not (parts.scheme or parts.netloc):
        return False
    if parts.scheme in ("data", "tel", "mailto"):
        return False
    return not (siteurl and url.strip().startswith(siteurl + "/"))


def tracking_problems(html, siteurl=""):
    """What in one page could set a cookie, contact another host or track a reader."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for script in soup.find_all("script"):
        if (script.get("type") or "").lower() not in DATA_SCRIPTS or script.get("src"):
            problems.append("an executable <script>")
    if "document.cookie" in html or "localStorage" in html:
        problems.append("script storage (document.cookie or localStorage)")
    for tag in soup.find_all("meta", attrs={"http-equiv": True}):
        if tag["http-equiv"].lower() in ("set-cookie", "refresh"):
            problems.append(f"<meta http-equiv={tag['http-equiv']}>")
    for name in ("iframe", "frame", "embed", "object", "noscript"):
        if soup.find(name):
            problems.append(f"an <{name}>")
    for name, attrs in LOADING.items():
        for element in soup.find_all(name):
            for attr in attrs:
                for url in (element.get(attr) or "").split(","):
                    if url.strip() and external(url.split()[0], siteurl):
                        problems.append(f"<{name}> loads {url.strip()}")
    for img in soup.find_all("img"):
        if str(img.get("width")) in ("0", "1") or str(img.get("height")) in ("0", "1"):
            problems.append("a tracking-pixel sized <img>")
    for link in soup.find_all("link", href=True):
        if PREFETCH & {r.lower() for r in link.get("rel") or []} and external(link["href"], siteurl):
            problems.append(f"<link rel={' '.join(link['rel'])}> loads {link['href']}")
    for element in soup.find_all(style=True):
        problems += [f"inline style loads {u}" for u in CSS_URL.findall(element["style"]) if external(u, siteurl)]
    for style in soup.find_all("style"):
        problems += [f"<style> loads {u}" for u in CSS_URL.findall(style.get_text()) if external(u, siteurl)]
    for element in soup.find_all(True):
        if any(a.lower().startswith("on") for a in element.attrs) or element.get("ping"):
            problems.append(f"<{element.name}> has a script or ping attribute")
    return problems


BAD_PAGE = """<!doctype html><html><head><meta http-equiv="Set-Cookie" content="id=1">
<link rel="preconnect" href="https://fonts.example.com"><script async src="https://analytics.example.com/a.js"></script>
<script>document.cookie = "x=1"</script><style>body{background:url(https://cdn.example.com/b.png)}</style></head>
<body><img src="https://pixel.example.com/t.gif" width="1" height="1" alt=""><iframe src="/x"></iframe>
<a href="https://elsewhere.example/" ping="https://t.example/p">a link</a><img src="/images/ok.png" alt=""></body></html>"""


def test_tracking_check_finds_each_kind_of_tracker():
    problems = tracking_problems(BAD_PAGE)
    assert "<meta http-equiv=Set-Cookie>" in problems
    assert "<link rel=preconnect> loads https://fonts.example.com" in problems
    assert problems.count("an executable <script>") == 2
    assert "<script> loads https://analytics.example.com/a.js" in problems
    assert "script storage (document.cookie or localStorage)" in problems
    assert "<style> loads https://cdn.example.com/b.png" in problems
    assert "<img> loads https://pixel.example.com/t.gif" in problems
    assert "a tracking-pixel sized <img>" in problems
    assert "an <iframe>" in problems
    assert "<a> has a script or ping attribute" in problems
    assert len(problems) == 11, problems
    assert tracking_problems('<p><a href="https://elsewhere.example/">a plain link</a></p>') == []


@pytest.mark.parametrize("which", ["site", "published_site"])
def test_no_cookies_trackers_or_third_party_requests_on_any_page(request, which):
    built = request.getfixturevalue(which)
    siteurl = built.settings["SITEURL"] if built.settings["SITEURL"].startswith("https://") else ""
    pages = built.html_files()
    assert len(pages) >= 7
    for page in pages:
        assert tracking_problems(page.read_text(encoding="utf-8"), siteurl) == [], page
    stylesheets = list(built.output.rglob("*.css"))
    assert stylesheets
    for css in stylesheets:
        loads = [u for u in CSS_URL.findall(css.read_text(encoding="utf-8")) if external(u, siteurl)]
        assert loads == [], css
    assert not list(built.output.rglob("*.js")), "the site ships no JavaScript"


def test_privacy_page_says_what_the_site_does(site):
    soup = site.soup("privacy/")
    assert normalise(soup.find("h1").get_text()) == "Privacy"
    text = normalise(soup.find("main").get_text()).lower()
    for claim in ("no cookies", "no analytics", "no trackers", "nothing from other websites"):
        assert claim in text, claim
    assert normalise(soup.find("meta", attrs={"name": "description"})["content"]).startswith("This blog uses no cookies")


@pytest.mark.parametrize("which", ["site", "published_site"])
def test_footer_links_to_the_privacy_page_on_every_page(request, which):
    built = request.getfixturevalue(which)
    for page in built.html_files():
        footer = built.soup(str(page.relative_to(built.output))).find("footer", class_="site-footer")
        links = [a for a in footer.find_all("a") if normalise(a.get_text()) == "Privacy"]
        assert len(links) == 1, page
        href = links[0]["href"]
        if href.startswith("https://"):
            href = href[len(built.settings["SITEURL"]):]
            target = built.output / href.lstrip("/")
        else:
            target = (page.parent / href)
        assert (target / "index.html").resolve() == (built.output / "privacy" / "index.html").resolve(), page
