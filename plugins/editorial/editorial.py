"""Editorial rules: every published post is checked against the clinic's rules
(EDITORIAL setting) and each problem is logged as one line a staff member can
act on:

    content/<file>.md: <what is wrong> — <how to fix it>

Problems are logged at ERROR level on the `clinic.editorial` logger; the build
driver (clinic_site.build) collects them all and fails the build. Drafts are
exempt.
"""

import difflib
import functools
import logging
import re
from datetime import date

from bs4 import BeautifulSoup

from clinic_site.sources import (
    display_path,
    field_line,
    heading_line,
    metadata_lines,
    normalise,
    text_line,
)
from pelican import signals

log = logging.getLogger("clinic.editorial")

DEFAULT_RULES = {
    "required_metadata": ["title", "date", "category", "summary"],
    "require_referral": True,
    "required_sections": [],
}

# Metadata fields Pelican and this site understand. Anything else that is
# close to one of these is reported as a probable typo.
KNOWN_METADATA = {
    "title", "date", "modified", "category", "tags", "slug", "summary", "status",
    "lang", "translation", "save_as", "url", "template", "author", "authors",
    "referral", "referral_topic", "referral_text", "outline",
    "reviewed", "reviewed_by", "next_review",
}

_HEADING = re.compile(r"^(#{1,6})\s*(.+?)\s*#*$")
_HEADING_TAGS = frozenset(f"h{level}" for level in range(1, 7))


def rules_for(settings, category):
    """The rules for a category: the defaults, updated by its override."""
    editorial = settings.get("EDITORIAL") or {}
    rules = dict(DEFAULT_RULES)
    rules.update(editorial.get("defaults") or {})
    rules.update((editorial.get("categories") or {}).get(str(category or ""), {}))
    return rules


def parse_outline_entry(entry):
    """'## Heading' -> (2, 'Heading'); a bare 'Heading' is a level-2 section."""
    match = _HEADING.match(entry.strip())
    if match:
        return len(match.group(1)), match.group(2)
    return 2, entry.strip()


def as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if str(v).strip()]
    return [line for line in str(value).splitlines() if line.strip()]


class EditorialError(Exception):
    """Raised after all problems are logged, so nothing half-checked is written."""

    reported = True  # the build driver has already shown every line


class Reporter:
    """Formats problems for one source file."""

    def __init__(self, content):
        self.source = content.source_path
        self.path = display_path(content.source_path, content.settings["PATH"])
        self.count = 0

    def __call__(self, what, fix, line=None):
        """Log one problem. `line` may be a callable, so the source file is only
        searched for a line number when there is a problem to report."""
        line = line() if callable(line) else line
        where = f"line {line}: " if line else ""
        log.error("%s: %s%s — %s", self.path, where, what, fix)
        self.count += 1


def check_metadata(content, rules, report):
    meta = content.metadata
    for field in rules["required_metadata"]:
        if not str(meta.get(field) or "").strip():
            report(f"{field.capitalize()} is missing",
                   f"add a line '{field.capitalize()}: ...' to the front matter at the top of the file")

    category = meta.get("category")
    name = str(category or "")
    if "category" in meta and not name.strip(" ,"):
        report("Category is blank", "write one category name, e.g. 'Category: Blog'",
               field_line(report.source, "category"))
    elif "category" in meta and not getattr(category, "slug", name):
        report(f"Category '{name}' has no letters or digits", "write a category name in words, e.g. 'Category: Blog'",
               field_line(report.source, "category"))
    elif "," in name:
        report(f"Category '{name}' has a comma", "a post has exactly one category: keep one name, e.g. 'Category: Blog'",
               field_line(report.source, "category"))

    known = KNOWN_METADATA | set((content.settings.get("EDITORIAL") or {}).get("known_metadata", []))
    for key, (line, written) in sorted(metadata_lines(report.source).items()):
        if key in known:
            continue
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
        if close:
            report(f"unknown field '{written}'",
                   f"did you mean '{close[0].capitalize()}'? Correct the spelling", line)


def check_referral(content, rules, report):
    if not rules["require_referral"]:
        return
    settings = content.settings
    key = str(content.metadata.get("referral") or "").strip()
    clinicians = settings.get("CLINICIANS") or {}
    known = ", ".join(sorted(clinicians)) or "(none registered)"
    line = functools.partial(field_line, report.source, "referral")
    if not key:
        report("Referral is missing",
               f"add 'Referral: <clinician key>' naming a clinician from CLINICIANS in pelicanconf.py ({known})")
    elif key not in clinicians:
        report(f"Referral '{key}' names no registered clinician",
               f"use one of: {known}, or ask a developer to add the clinician to CLINICIANS in pelicanconf.py", line)
    elif ("{topic}" in settings["REFERRAL_TEXT"] and not content.metadata.get("referral_text")
          and not str(content.metadata.get("referral_topic") or "").strip()):
        report("Referral_topic is missing",
               "add 'Referral_topic: <what to ask the clinician about>', e.g. 'Referral_topic: ketamine therapy'")


def check_review(content, report):
    """Review sign-off: a date and a registered clinician, given together."""
    meta, source = content.metadata, report.source
    if not any(meta.get(f) for f in ("reviewed", "reviewed_by", "next_review")):
        return
    dates = {}
    for field, example in (("reviewed", "2026-01-15"), ("next_review", "2027-01-15")):
        value = str(meta.get(field) or "").strip()
        if not value:
            continue
        try:
            dates[field] = date.fromisoformat(value)
        except ValueError:
            report(f"{field.capitalize()} '{value}' is not a date",
                   f"write it as YYYY-MM-DD, e.g. '{field.capitalize()}: {example}'", field_line(source, field))
    if not str(meta.get("reviewed") or "").strip():
        report("Reviewed is missing",
               "add 'Reviewed: YYYY-MM-DD', the date the clinician reviewed the post, or remove the review lines")
    clinicians = content.settings.get("CLINICIANS") or {}
    known = ", ".join(sorted(clinicians)) or "(none registered)"
    key = str(meta.get("reviewed_by") or "").strip()
    if not key:
        report("Reviewed_by is missing",
               f"add 'Reviewed_by: <clinician key>' naming the clinician who reviewed the post ({known})")
    elif key not in clinicians:
        report(f"Reviewed_by '{key}' names no registered clinician",
               f"use one of: {known}, or ask a developer to add the clinician to CLINICIANS in pelicanconf.py",
               field_line(source, "reviewed_by"))
    if len(dates) == 2 and dates["next_review"] <= dates["reviewed"]:
        report(f"Next_review {dates['next_review']} is not after Reviewed {dates['reviewed']}",
               "give the date the next review is due, after the last review", field_line(source, "next_review"))


def headings_and_text(html):
    """Document-order events: ('h', level, text, tag) and ('t',) for content.
    `html` is markup or an already parsed BeautifulSoup tree."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html or "", "html.parser")
    events = []
    for node in soup.descendants:
        name = getattr(node, "name", None)
        if name in _HEADING_TAGS:
            events.append(("h", int(name[1]), normalise(node.get_text()), node))
        elif name in ("img", "video", "audio", "iframe", "table", "svg", "picture"):
            events.append(("t",))
        elif name is None and str(node).strip() and not any(p.name in _HEADING_TAGS for p in node.parents):
            events.append(("t",))
    return events


def check_structure(content, report, events=None):
    events = headings_and_text(content._content) if events is None else events
    previous = 1
    for index, event in enumerate(events):
        if event[0] != "h":
            continue
        _, level, text, _ = event
        line = functools.partial(heading_line, report.source, text)
        if level == 1:
            report(f"heading '{text}' is a level-1 heading",
                   "the title is the only level-1 heading: start sections with '## '", line)
        elif level > previous + 1:
            report(f"heading '{text}' skips from level {previous} to level {level}",
                   f"use {'#' * (previous + 1)} for it, or add the missing level above it", line)
        following = next((e for e in events[index + 1:]), None)
        if following is None or (following[0] == "h" and following[1] <= level):
            report(f"section '{text}' is empty",
                   "write its text under the heading, or remove the heading", line)
        previous = level


UNSAFE_TAGS = ("script", "iframe", "object", "embed", "form", "link", "style", "meta", "base")


def check_raw_html(content, report, soup=None):
    """Raw HTML a post may not carry: scripts, frames, third-party loads, handlers."""
    soup = BeautifulSoup(content._content or "", "html.parser") if soup is None else soup
    for element in soup.find_all(True):
        line = functools.partial(text_line, report.source, f"<{element.name}")
        if element.name in UNSAFE_TAGS:
            report(f"the text contains a <{element.name}> element",
                   "the site runs no scripts and embeds nothing: remove it, or ask a developer", line)
        handlers = sorted(a for a in element.attrs if a.lower().startswith("on"))
        if handlers:
            report(f"a <{element.name}> element has a script attribute ({handlers[0]})", "remove the attribute",
                   functools.partial(text_line, report.source, handlers[0]))
        for attr in ("src", "srcset", "poster", "data"):
            value = str(element.get(attr) or "")
            if value.startswith(("http:", "https:", "//")):
                report(f"<{element.name}> loads {value} from another site",
                       "put the file in content/images/ and link it as {static}/images/<name>",
                       functools.partial(text_line, report.source, value))
        href = str(element.get("href") or "").strip()
        scheme = href.split(":")[0].lower()
        if ":" in href and scheme in ("javascript", "vbscript", "data"):
            report(f"a link uses a '{scheme}:' address", "link to a page address (https://...) instead",
                   functools.partial(text_line, report.source, href))


def check_sections(content, rules, report, events=None):
    events = headings_and_text(content._content) if events is None else events
    headings = [(e[1], e[2]) for e in events if e[0] == "h"]
    required = [("category rule", e) for e in as_list(rules.get("required_sections"))]
    required += [("Outline", e) for e in as_list(content.metadata.get("outline"))]
    position = 0
    outline_line = functools.partial(field_line, report.source, "outline")
    for origin, entry in required:
        level, text = parse_outline_entry(entry)
        wanted = normalise(text)
        matches = [i for i, (lvl, t) in enumerate(headings) if t == wanted]
        marks = "#" * level
        if not matches:
            if origin == "Outline":
                fix = "add the heading back, or update Outline if the change is intended"
                report(f"section '{marks} {text}' listed in Outline is missing", fix, outline_line)
            else:
                fix = f"add a '{marks} {text}' section: every {content.category} post needs it"
                report(f"required section '{marks} {text}' is missing", fix)
            continue
        index = next((i for i in matches if i >= position), matches[0])
        found_level = headings[index][0]
        if found_level != level:
            report(f"section '{text}' is a level-{found_level} heading, expected level {level}",
                   f"write it as '{marks} {text}'", heading_line(report.source, text))
        elif index < position and origin == "Outline":
            report(f"section '{text}' is out of the order given in Outline",
                   "move the section back, or update Outline", heading_line(report.source, text))
        position = max(position, index)


def check_article(content):
    report = Reporter(content)
    rules = rules_for(content.settings, content.metadata.get("category"))
    check_metadata(content, rules, report)
    check_referral(content, rules, report)
    check_review(content, report)
    soup = BeautifulSoup(content._content or "", "html.parser")  # parsed once: the slowest step
    events = headings_and_text(soup)
    check_structure(content, report, events)
    check_sections(content, rules, report, events)
    check_raw_html(content, report, soup)
    return report.count


def reserved_outputs(generators):
    """Files the site itself writes: listing pages, category pages, feeds."""
    reserved = {}
    for generator in generators:
        settings = generator.settings
        for name in settings.get("DIRECT_TEMPLATES", []):
            save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            if save_as:
                reserved[save_as] = f"the site's {name} page"
        for category, _ in getattr(generator, "categories", []) or []:
            if category.save_as:
                reserved[category.save_as] = f"the page of category '{category}'"
    return reserved


def check_save_as(generators):
    """Two items written to the same file: one would overwrite the other."""
    seen, count = {}, 0
    for generator in generators:
        for attr in ("articles", "translations", "pages", "hidden_pages", "hidden_articles"):
            for content in getattr(generator, attr, []) or []:
                if content.save_as:
                    seen.setdefault(content.save_as, []).append(content)
    reserved = reserved_outputs(generators)
    for save_as, items in sorted(seen.items()):
        if save_as in reserved:
            first, clashing = reserved[save_as], items
        elif len(items) > 1:
            first = display_path(items[0].source_path, items[0].settings["PATH"])
            clashing = items[1:]
        else:
            continue
        for item in clashing:
            Reporter(item)(f"it would be published at '{save_as}', the same address as {first}",
                           "give it a different Slug (or Title)",
                           field_line(item.source_path, "slug"))
            count += 1
    return count


def check_generators(generators):
    count = 0
    for generator in generators:
        # Resolve {filename}/{static} links now, so Pelican reports broken
        # ones in this same run even when the rules below stop the build.
        for item in (getattr(generator, "articles", []) or []) + (getattr(generator, "pages", []) or []):
            item.content  # noqa: B018  (memoised; the writer reuses it)
        for article in getattr(generator, "articles", []) or []:
            count += check_article(article)
        for article in getattr(generator, "translations", []) or []:
            if article.status == "published":
                count += check_article(article)
        for page in getattr(generator, "pages", []) or []:
            report = Reporter(page)
            check_raw_html(page, report)
            count += report.count
    count += check_save_as(generators)
    if count:
        raise EditorialError(f"{count} editorial problem(s): see the lines above")


def register():
    signals.all_generators_finalized.connect(check_generators)
