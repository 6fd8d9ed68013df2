"""WCAG 2.2 AA in a real browser: axe-core on every built page in light and dark
colour schemes, reflow at 320 px, visible keyboard focus, the skip link, and
reduced motion. Each check is also run on a page broken on purpose."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from clinic_site.browser import AXE_JS, page_url

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "rules": {"target-size": {"enabled": True}},
}
SCHEMES = ["light", "dark"]


def pages(site):
    return [p.relative_to(site.output).as_posix() for p in site.html_files()]


def run_axe(page):
    """axe-core's result for the loaded page: {"violations": [...], "incomplete": [...], ...}."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


def summary(rules):
    return [f"{r['id']} ({r.get('impact')}): {r['help']} at {[n['target'] for n in r['nodes'][:3]]}" for r in rules]


def contrast_unknown(result):
    """Text whose contrast axe could not decide (e.g. over an image): none may escape the check."""
    return summary([r for r in result["incomplete"] if r["id"] == "color-contrast"])


# --- axe-core ------------------------------------------------------------------

@pytest.fixture(scope="module")
def axe_page(browser):
    """A tab that has axe-core in every document it loads."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(path=str(AXE_JS))
    yield context.new_page()
    context.close()


def test_axe_finds_nothing_on_any_page_in_either_scheme(site, site_url, axe_page):
    found = {}
    for rel in pages(site):
        axe_page.goto(page_url(site_url, rel))
        for scheme in SCHEMES:
            axe_page.emulate_media(color_scheme=scheme)
            result = run_axe(axe_page)
            problems = summary(result["violations"]) + contrast_unknown(result)
            if problems:
                found[f"{rel} ({scheme})"] = problems
    assert len(pages(site)) >= 6
    assert found == {}


def test_axe_finds_breakage_in_dark_scheme_only_and_small_targets(site_url, axe_page, article_rel):
    # Muted text too faint on the dark background only, and a 12-px link: the
    # emulated scheme and the switched-on target-size rule must both show.
    page = axe_page
    page.emulate_media(color_scheme="light")
    page.goto(site_url + article_rel)
    page.add_style_tag(content="@media (prefers-color-scheme: dark) { :root { --color-text-muted: #555; } }"
                               ".post-meta a { display: inline-block; width: 12px; height: 12px; overflow: hidden;"
                               " padding: 0; margin-right: 4px; }"
                               ".post-meta { display: flex; gap: 2px; }")
    page.evaluate("document.querySelector('.post-meta').insertAdjacentHTML('beforeend', '<a href=\"#\">x</a>')")
    light = {r["id"] for r in run_axe(page)["violations"]}
    page.emulate_media(color_scheme="dark")
    dark = {r["id"] for r in run_axe(page)["violations"]}
    assert "color-contrast" not in light and "color-contrast" in dark
    assert "target-size" in light


def test_dark_scheme_really_changes_the_colours(site_url, page):
    page.goto(site_url)
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light == "rgb(255, 255, 255)" and dark != light


# --- Reflow: nothing scrolls sideways at 320 CSS px ---------------------------------

def sideways_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_no_page_scrolls_sideways_at_320px(site, site_url, page):
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for rel in pages(site):
        page.goto(page_url(site_url, rel))
        if sideways_overflow(page) > 0:
            wide[rel] = sideways_overflow(page)
    assert wide == {}


def test_reflow_check_sees_a_too_wide_element(site_url, page, article_rel):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url + article_rel)
    page.evaluate("document.querySelector('.article__body').insertAdjacentHTML('beforeend',"
                  " '<div style=\"width: 600px\">wide</div>')")
    assert sideways_overflow(page) > 0


# --- Keyboard focus ----------------------------------------------------------------

FOCUS_STYLE = """() => {
  const el = document.activeElement, cs = getComputedStyle(el), r = el.getBoundingClientRect();
  return {what: el.tagName + ' ' + (el.getAttribute('href') || '') + ' ' + el.textContent.trim().slice(0, 30),
          outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
          ring: cs.boxShadow !== 'none',
          inView: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
          isBody: el === document.body};
}"""


IN_VIEW = """() => { const r = document.activeElement.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; }"""


def focus_problems(page, limit=40):
    """Tab through the page; report each stop with no visible focus indicator."""
    problems, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state["isBody"] or state["what"] in seen:
            break
        seen.add(state["what"])
        if not (state["outline"] or state["ring"]):
            problems.append(f"{state['what']}: no visible focus indicator")
        if not state["inView"]:  # smooth scrolling may still be bringing it into view
            try:
                page.wait_for_function(IN_VIEW, timeout=1500)
            except PlaywrightTimeout:
                problems.append(f"{state['what']}: focused but off screen")
    return seen, problems


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("rel", ["", "articles/ketamine-therapy/", "categories/"])
def test_keyboard_focus_is_always_visible(site_url, page, rel, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + rel)
    stops, problems = focus_problems(page)
    assert len(stops) >= 5  # skip link, site name, three navigation links
    assert problems == []


def test_focus_check_sees_a_hidden_focus_indicator(site_url, page):
    page.goto(site_url)
    page.add_style_tag(content=".site-nav__link:focus-visible { outline: none !important; box-shadow: none !important; }")
    _, problems = focus_problems(page)
    assert len(problems) == 3 and all("no visible focus indicator" in p for p in problems)


# --- The skip link -----------------------------------------------------------------

def skip_link_result(page):
    """Tab once, check the skip link shows, follow it; where does focus go?"""
    page.keyboard.press("Tab")
    first = page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
        return {text: a.textContent.trim(), shown: r.top >= 0 && r.bottom <= innerHeight && r.width > 0}; }""")
    page.keyboard.press("Enter")
    after = page.evaluate("document.activeElement.tagName.toLowerCase()")
    page.keyboard.press("Tab")
    next_in_main = page.evaluate("!!document.activeElement.closest('main')")
    return first, after, next_in_main


@pytest.mark.parametrize("rel", ["", "articles/ketamine-therapy/", "404.html"])
def test_skip_link_moves_focus_to_main(site_url, page, rel):
    page.goto(site_url + rel)
    first, after, next_in_main = skip_link_result(page)
    assert first == {"text": "Skip to main content", "shown": True}
    assert after == "main"
    assert next_in_main


def test_skip_link_check_sees_a_broken_target(site_url, page, article_rel):
    page.goto(site_url + article_rel)
    page.evaluate("document.querySelector('main').removeAttribute('id')")
    _, after, next_in_main = skip_link_result(page)
    assert after != "main" and not next_in_main


# --- Motion ------------------------------------------------------------------------

MOTION = """() => {
  const moving = [];
  for (const el of [document.documentElement, ...document.querySelectorAll('*')]) {
    const cs = getComputedStyle(el);
    const t = cs.transitionDuration.split(',').some(d => parseFloat(d) > 0);
    const a = cs.animationName !== 'none' && cs.animationDuration.split(',').some(d => parseFloat(d) > 0);
    if (t || a) moving.push(el.tagName.toLowerCase() + '.' + el.className);
  }
  if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') moving.push('html: smooth scrolling');
  return moving;
}"""


@pytest.mark.parametrize("rel", ["", "articles/ketamine-therapy/"])
def test_nothing_moves_when_reduced_motion_is_asked(site_url, page, rel):
    page.goto(site_url + rel)
    assert page.evaluate(MOTION) != [], "smooth scrolling is on without the preference"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(MOTION) == []


def test_motion_check_sees_an_unguarded_transition(site_url, page):
    page.emulate_media(reduced_motion="reduce")
    page.goto(site_url)
    page.add_style_tag(content=".site-nav__link { transition: color 1s !important; }")
    assert len(page.evaluate(MOTION)) == 3
