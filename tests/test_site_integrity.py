"""Every page: links resolve, nothing from another host, no executable script,
one h1, landmarks, skip link. Uses the same checks as `make check`."""

import pytest

from clinic_site.check import check_page, check_site


def test_check_site_passes_on_built_site(site):
    assert check_site(site.output, site.settings) == []


def test_check_site_passes_on_published_site(published_site):
    assert check_site(published_site.output, published_site.settings) == []


def test_expected_pages_built(site):
    for rel in ["index.html", "category/blog/index.html", "categories/index.html", "archives/index.html",
                "articles/ketamine-therapy/index.html", "404.html"]:
        assert (site.output / rel).is_file(), rel


@pytest.mark.parametrize("name", ["index.html", "articles/ketamine-therapy/index.html", "404.html"])
def test_skip_link_targets_main(site, name):
    soup = site.soup(name)
    skip = soup.find("a", class_="skip-link")
    assert skip is soup.body.find("a"), "the skip link comes first"
    assert soup.find(id=skip["href"][1:]).name == "main"


def test_every_stylesheet_is_local_and_exists(site):
    for page in site.html_files():
        for link in site.soup(str(page.relative_to(site.output))).find_all("link", rel="stylesheet"):
            assert not link["href"].startswith(("http:", "https:", "//"))
            assert (page.parent / link["href"]).resolve().is_file()


# The checks fail for the right reason when their subject is broken.
BROKEN_PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="https://cdn.example.com/x.css"><script src="app.js"></script>
<script type="application/ld+json">{}</script></head>
<body><header></header><main><h1>A</h1><h1>B</h1><a href="missing/">x</a>
<a href="https://elsewhere.example/">fine: a link, not a load</a><img src="//cdn.example.com/p.png" alt=""></main></body></html>"""


def test_check_page_reports_each_problem(tmp_path, site):
    page = tmp_path / "index.html"
    page.write_text(BROKEN_PAGE)
    from bs4 import BeautifulSoup

    problems = check_page(tmp_path, str(page), BeautifulSoup(BROKEN_PAGE, "html.parser"), site.settings)
    text = "\n".join(problems)
    assert "has 2 h1 headings" in text
    assert "no lang" in text
    assert "no <nav> landmark" in text and "no <footer> landmark" in text
    assert "has an executable <script>" in text and text.count("executable") == 1
    assert "loads https://cdn.example.com/x.css from another host" in text
    assert "loads //cdn.example.com/p.png from another host" in text
    assert "link to missing/ leads nowhere" in text
    assert "link to app.js leads nowhere" in text
    assert "elsewhere.example" not in text
