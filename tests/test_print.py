"""Print: the article page on paper keeps the article, the referral, urgent
help, review dates and disclaimer, drops the site chrome, writes each external
link's address after it and keeps headings with what follows them."""

import pytest

# Components other pages add to the article (urgent help, review dates,
# disclaimer) and an external link, placed into the built page so the print
# rules are tested on them whether or not the article has them yet.
EXTRA = """
<aside class="urgent-help"><h2>Need help now?</h2><p>Urgent help text.</p></aside>
<p>See <a id="ext" href="https://www.example.org/guide">the guide</a> and <a id="int" href="../">home</a>.</p>
<div class="review-dates"><p>Page last reviewed: 1 May 2026</p></div>
<p class="disclaimer">General information, not medical advice.</p>
"""

PRINTED = """() => {
  const shown = sel => [...document.querySelectorAll(sel)].map(el => {
    const cs = getComputedStyle(el);
    return cs.display !== 'none' && cs.visibility !== 'hidden' && el.getClientRects().length > 0;
  });
  const after = sel => getComputedStyle(document.querySelector(sel), '::after').content;
  const body = getComputedStyle(document.body);
  return {
    hidden: ['.skip-link', '.site-header', '.site-nav', '.site-footer'].filter(s => shown(s).some(Boolean)),
    kept: ['.article__title', '.article__body', '.referral', '.urgent-help', '.review-dates', '.disclaimer']
      .filter(s => shown(s).length > 0 && shown(s).every(Boolean)),
    external: after('#ext'), internal: after('#int'), category: after('.post-meta a'),
    headings: [...document.querySelectorAll('main h1, main h2, main h3')]
      .filter(h => getComputedStyle(h).breakAfter !== 'avoid').map(h => h.textContent.trim()),
    ink: [body.color, body.backgroundColor],
  };
}"""


def printed(page, url, scheme="light", extra_css=None):
    page.emulate_media(media="screen", color_scheme=scheme)
    page.goto(url)
    page.evaluate("html => document.querySelector('.article__body').insertAdjacentHTML('beforeend', html)", EXTRA)
    if extra_css:
        page.add_style_tag(content=extra_css)
    page.emulate_media(media="print")
    return page.evaluate(PRINTED)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_keeps_the_article_and_drops_the_chrome(site_url, page, article_rel, scheme):
    result = printed(page, site_url + article_rel, scheme)
    assert result["hidden"] == []
    assert result["kept"] == [".article__title", ".article__body", ".referral", ".urgent-help", ".review-dates",
                              ".disclaimer"]
    assert result["ink"] == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]


def test_print_writes_the_address_of_external_links_only(site_url, page, article_rel):
    result = printed(page, site_url + article_rel)
    assert result["external"] == '" (https://www.example.org/guide)"'
    assert result["internal"] == "none" and result["category"] == "none"


def test_print_keeps_each_heading_with_its_paragraph(site_url, page, article_rel):
    result = printed(page, site_url + article_rel)
    assert result["headings"] == []


def test_print_checks_see_broken_print_rules(site_url, page, article_rel):
    result = printed(page, site_url + article_rel, extra_css="@media print { .site-footer { display: block !important; }"
                     " .referral { display: none !important; } main a::after { content: none !important; }"
                     " h2 { break-after: auto !important; } }")
    assert result["hidden"] == [".site-footer"]
    assert ".referral" not in result["kept"]
    assert result["external"] == "none"
    assert "Understanding Ketamine Therapy" in result["headings"]


def test_screen_shows_the_chrome_print_hides(site_url, page, article_rel):
    page.goto(site_url + article_rel)
    page.evaluate("html => document.querySelector('.article__body').insertAdjacentHTML('beforeend', html)", EXTRA)
    assert page.evaluate(PRINTED)["hidden"] == [".skip-link", ".site-header", ".site-nav", ".site-footer"]
