"""The ketamine-therapy article page, checked against the seed text."""

import re

from clinic_site.sources import normalise

TITLE = "Exploring Ketamine Therapy: A Promising Approach For Mental Health Treatment"
OUTLINE = [
    (2, "Understanding Ketamine Therapy"),
    (2, "Applications of Ketamine Therapy"),
    (3, "Treatment Resistant Depression (TRD)"),
    (3, "Post-Traumatic Stress Disorder (PTSD)"),
    (3, "Anxiety Disorders"),
    (2, "Benefits and Considerations"),
    (3, "Rapid Onset of Action"),
    (3, "Individualized Treatment"),
    (3, "Professional Guidance and Support"),
]


def seed_body(seed_text):
    """The seed's paragraphs and headings, after its title, date and category lines."""
    lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
    assert lines[0] == TITLE and lines[1] == "29 June 2023" and lines[2].startswith("Categories:")
    return lines[3:]


def sentences(paragraph):
    return [s for s in re.split(r"(?<=[.:!?])\s+(?=[A-Z])", paragraph) if s]


def article_headings(soup):
    body = soup.find(class_="article__body")
    return [(int(h.name[1]), normalise(h.get_text())) for h in body.find_all(re.compile("^h[1-6]$"))]


def test_title_is_the_only_h1(site, article_rel):
    soup = site.soup(article_rel)
    h1s = soup.find_all("h1")
    assert [normalise(h.get_text()) for h in h1s] == [TITLE]


def test_seed_headings_in_order_and_level(site, article_rel, seed_text):
    headings = article_headings(site.soup(article_rel))
    assert headings == OUTLINE
    # and they are the seed's own heading lines, in the seed's order
    seed_lines = seed_body(seed_text)
    assert [t for _, t in OUTLINE] == [line for line in seed_lines if line in {t for _, t in OUTLINE}]


def test_every_seed_sentence_is_on_the_page(site, article_rel, seed_text):
    text = normalise(site.soup(article_rel).find("main").get_text(" "))
    headings = {t for _, t in OUTLINE}
    missing = []
    for paragraph in seed_body(seed_text):
        if paragraph in headings:
            continue
        for sentence in sentences(paragraph):
            if normalise(sentence) not in text:
                missing.append(sentence)
    assert not missing
    assert text.count("including:") == 2


def test_date_is_shown_in_time_element(site, article_rel):
    time = site.soup(article_rel).find("article").find("time")
    assert time["datetime"].startswith("2023-06-29")
    assert normalise(time.get_text()) == "29 June 2023"


def test_category_is_one_link_that_resolves(site, article_rel):
    meta = site.soup(article_rel).find(class_="post-meta")
    links = meta.find_all("a")
    assert [normalise(a.get_text()) for a in links] == ["Blog"]
    target = (site.path(article_rel).parent / links[0]["href"]).resolve()
    assert (target / "index.html").is_file()
    assert normalise(site.soup(str(target.relative_to(site.output)) + "/").find("h1").get_text()) == "Blog"


def test_referral_component_names_clinician_and_credential(site, article_rel):
    soup = site.soup(article_rel)
    referral = soup.find(attrs={"data-component": "referral"})
    assert referral is not None and referral.name == "section"
    heading = referral.find(["h2", "h3"])
    assert referral["aria-labelledby"] == heading["id"]
    text = normalise(referral.get_text(" "))
    assert "Dr. Christina M. Charlotin, Licensed Psychologist" in text
    assert ("Talk with a doctor, such as Dr. Christina M. Charlotin, Licensed Psychologist, to learn much more "
            "about ketamine therapy and how it can help you.") in text
    # no contact details were invented: the clinician has no URL, so no link
    assert referral.find("a") is None


def test_summary_is_meta_description(site, article_rel):
    soup = site.soup(article_rel)
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("What ketamine therapy is")
