"""Editorial rules: every published post is checked against the clinic's rules
(EDITORIAL setting) and each problem is logged as one line a staff member can
act on:

    content/<file>.md: <what is wrong> — <how to fix it>

Problems are logged at ERROR level on the `clinic.editorial` logger; the build
driver (clinic_site.build) collects them all and fails the build. Drafts are
exempt.
"""

import difflib
import logging
import re

from bs4 import BeautifulSoup

from clinic_site.sources import (
    display_path,
    field_line,
    heading_line,
    metadata_lines,
    normalise,
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
    line = field_line(report.source, "referral")
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


def headings_and_text(html):
    """Document-order events: ('h', level, text, tag) and ('t',) for content."""
    soup = BeautifulSoup(html or "", "html.parser")
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
        line = heading_line(report.source, text)
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


def check_sections(content, rules, report, events=None):
    events = headings_and_text(content._content) if events is None else events
    headings = [(e[1], e[2]) for e in events if e[0] == "h"]
    required = [("category rule", e) for e in as_list(rules.get("required_sections"))]
    required += [("Outline", e) for e in as_list(content.metadata.get("outline"))]
    position = 0
    outline_line = field_line(report.source, "outline")
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
    events = headings_and_text(content._content)  # parsed once: the slowest step of the checks
    check_structure(content, report, events)
    check_sections(content, rules, report, events)
    return report.count


def check_save_as(generators):
    """Two published items written to the same file: one would overwrite the other."""
    seen, count = {}, 0
    for generator in generators:
        for attr in ("articles", "translations", "pages", "hidden_pages", "hidden_articles"):
            for content in getattr(generator, attr, []) or []:
                if content.save_as:
                    seen.setdefault(content.save_as, []).append(content)
    for save_as, items in sorted(seen.items()):
        if len(items) < 2:
            continue
        for item in items[1:]:
            other = display_path(items[0].source_path, item.settings["PATH"])
            Reporter(item)(f"it would be published at '{save_as}', the same address as {other}",
                           "give one of them a different Slug (or Title)",
                           field_line(item.source_path, "slug"))
            count += 1
    return count


def check_generators(generators):
    count = 0
    for generator in generators:
        for article in getattr(generator, "articles", []) or []:
            count += check_article(article)
        for article in getattr(generator, "translations", []) or []:
            if article.status == "published":
                count += check_article(article)
    count += check_save_as(generators)
    if count:
        raise EditorialError(f"{count} editorial problem(s): see the lines above")


def register():
    signals.all_generators_finalized.connect(check_generators)
