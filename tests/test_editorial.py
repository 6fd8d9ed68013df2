"""Every editorial rule, fed bad content: one tiny file per case under
tests/data/bad/, all built in one run, each asserting the exact line staff see."""

import shutil

import pytest

from conftest import DATA, build_site

FIX_FRONT = "add a line '{0}: ...' to the front matter at the top of the file"
REFERRAL_FIX = "add 'Referral: <clinician key>' naming a clinician from CLINICIANS in pelicanconf.py (charlotin)"

EXPECTED = {
    "missing_title.md": ["Title is missing — " + FIX_FRONT.format("Title")],
    "missing_date.md": ["Date is missing — " + FIX_FRONT.format("Date")],
    "bad_date.md": ["line 2: Date is not a date Pelican understands ('2023-29-13' is not a valid date) — "
                    "write it as YYYY-MM-DD, e.g. 'Date: 2024-03-15'"],
    "missing_category.md": ["Category is missing — " + FIX_FRONT.format("Category")],
    "blank_category.md": ["line 3: Category is blank — write one category name, e.g. 'Category: Blog'"],
    "comma_category.md": ["line 3: Category 'Blog, News' has a comma — a post has exactly one category: "
                          "keep one name, e.g. 'Category: Blog'"],
    "missing_summary.md": ["Summary is missing — " + FIX_FRONT.format("Summary")],
    "missing_referral.md": ["Referral is missing — " + REFERRAL_FIX],
    "unknown_referral.md": ["line 5: Referral 'smith' names no registered clinician — use one of: charlotin, "
                            "or ask a developer to add the clinician to CLINICIANS in pelicanconf.py"],
    "referral_typo.md": ["line 5: unknown field 'Referal' — did you mean 'Referral'? Correct the spelling",
                         "Referral is missing — " + REFERRAL_FIX],
    "missing_referral_topic.md": ["Referral_topic is missing — add 'Referral_topic: <what to ask the clinician "
                                  "about>', e.g. 'Referral_topic: ketamine therapy'"],
    "unknown_status.md": ["Status 'pending' is not known — use 'Status: draft' to hold a post back, "
                          "or remove the line to publish it"],
    "h1_in_body.md": ["line 10: heading 'A second title' is a level-1 heading — the title is the only "
                      "level-1 heading: start sections with '## '"],
    "skipped_level.md": ["line 14: heading 'Too deep' skips from level 2 to level 4 — use ### for it, "
                         "or add the missing level above it"],
    "empty_section.md": ["line 10: section 'Nothing here' is empty — write its text under the heading, "
                         "or remove the heading"],
    "outline_missing_section.md": ["line 7: section '## Treatment' listed in Outline is missing — add the heading "
                                   "back, or update Outline if the change is intended"],
    "outline_wrong_level.md": ["line 16: section 'Treatment' is a level-3 heading, expected level 2 — "
                               "write it as '## Treatment'"],
    "duplicate_slug_a.md": ["it would be published at 'articles/same-address/index.html', the same address as "
                            "content/duplicate_slug_b.md — give it a different Slug (or Title)"],
    "broken_link.md": ["the link /no-such-post.md points to a file that does not exist — check the name after "
                       "{filename} or {static} in that link"],
    "image_without_alt.md": ["image photo.png has no description (alt text) — describe it for readers who "
                             "cannot see it: ![what the image shows](...)"],
    "pages/categories.md": ["it would be published at 'categories/index.html', the same address as the site's "
                            "categories page — give it a different Slug (or Title)"],
    "unknown_reviewer.md": ["line 8: Reviewed_by 'smith' names no registered clinician — use one of: charlotin, "
                            "or ask a developer to add the clinician to CLINICIANS in pelicanconf.py"],
    "bad_review_date.md": ["line 7: Reviewed '15/01/2026' is not a date — write it as YYYY-MM-DD, "
                           "e.g. 'Reviewed: 2026-01-15'"],
    "review_without_reviewer.md": ["Reviewed_by is missing — add 'Reviewed_by: <clinician key>' naming the "
                                   "clinician who reviewed the post (charlotin)",
                                   "line 8: Next_review 2025-12-01 is not after Reviewed 2026-01-15 — give the "
                                   "date the next review is due, after the last review"],
    "script_in_body.md": ["line 14: the text contains a <script> element — the site runs no scripts and "
                          "embeds nothing: remove it, or ask a developer"],
    # Found by QA with content nobody had tried: hidden posts, addresses, dates, styles.
    "hidden_with_script.md": ["line 15: the text contains a <script> element — the site runs no scripts and "
                              "embeds nothing: remove it, or ask a developer"],
    "no_body.md": ["the post has no text — write the post under the front matter, after one empty line "
                   "(a blank line ends the front matter)"],
    "modified_before_date.md": ["line 7: Modified 2023-12-01 is before Date 2024-01-01 — Modified is the date of "
                                "the last change: give a date on or after Date, or remove the line"],
    "slug_not_plain.md": ["line 7: Slug 'Sleep/Anxiety' is not a plain address — write lower-case words joined "
                          "by hyphens, e.g. 'Slug: sleep-anxiety'"],
    "slug_escape.md": ["line 7: Slug would put the page outside the site ('articles/../../escape/index.html') — "
                       "remove the line, or write 'Slug: words-with-hyphens'"],
    "save_as_trick.md": ["line 7: 'Save_as' is a developer setting — remove the line; to choose the address "
                         "write 'Slug: words-with-hyphens'"],
    "url_javascript.md": ["line 7: 'Url' is a developer setting — remove the line; to choose the address "
                          "write 'Slug: words-with-hyphens'"],
    "long_title.md": ["line 1: the address made from the Title is 419 characters long (at most 100) — add a "
                      "shorter 'Slug: a-few-words-with-hyphens' line to the front matter"],
    "category_case.md": ["line 3: Category 'blog' is written 'Blog' elsewhere (content/bad_lang.md) — write it "
                         "the same way: 'Category: Blog'"],
    "inline_style.md": ["line 12: a <p> element has a style attribute — the site's security policy blocks "
                        "inline styles, so readers would not see it: remove the attribute, or ask a developer "
                        "for a style"],
    "bad_lang.md": ["line 7: Lang 'french' is not a language code — write a code such as 'Lang: fr' or "
                    "'Lang: es', or remove the line for English"],
    "title_twice.md": ["line 2: Title is written on lines 1, 2 — keep one 'Title:' line"],
    "ambiguous_date.md": ["line 2: Date '03/04/2024' is not written YYYY-MM-DD — write it as 'Date: 2024-03-04' "
                          "if that is the date meant"],
    "emoji_title.md": ["line 1: the Title has no letters or digits to make the post's address from — add a "
                       "'Slug: words-with-hyphens' line to the front matter"],
    "referral_text_no_clinician.md": ["line 6: Referral_text does not name the clinician — write {clinician} where "
                                      "the name goes, e.g. 'Referral_text: Ask {clinician} about sleep.'"],
    "referral_text_braces.md": ["line 6: Referral_text has '{topic}', which is not filled in — only {clinician} "
                                "is replaced: write the rest as plain words"],
    "missing_colon.md": ["line 2: 'Date 2024-01-01' needs a colon after the field name — write 'Date: 2024-01-01'"],
    "missing_image.md": ["line 14: content/images/nowhere.png does not exist — add the file to content/images/, "
                         "or correct its name in the link"],
}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    shutil.copytree(DATA / "bad", tmp / "content")
    problems, output, log = build_site(tmp, content=tmp / "content")
    return problems, output, log.splitlines()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_case_gives_exact_line(bad_build, name):
    _, _, lines = bad_build
    for expected in EXPECTED[name]:
        assert f"content/{name}: {expected}" in lines


def test_every_problem_in_one_run_and_nothing_else(bad_build):
    problems, output, lines = bad_build
    expected = sum(len(v) for v in EXPECTED.values())
    reported = [line for line in lines if line.startswith("content/")]
    assert problems == expected == len(reported), "\n".join(lines)
    assert lines[-1].startswith(f"Build failed: {expected} problem(s).")
    assert lines[-1].endswith("was not changed.")
    assert not output.exists(), "a failed build writes no output"


def test_every_bad_case_file_is_covered():
    names = {p.relative_to(DATA / "bad").as_posix() for p in (DATA / "bad").rglob("*.md")}
    assert names - set(EXPECTED) == {"draft_is_exempt.md", "duplicate_slug_b.md"}


def test_drafts_are_exempt(bad_build):
    _, _, lines = bad_build
    assert not [line for line in lines if "draft_is_exempt" in line]
