"""Editorial rules: every published post is checked against the clinic's rules
(EDITORIAL setting) and each problem is logged as one line a staff member can
act on:

    content/<file>.md: <what is wrong> — <how to fix it>

Problems are logged at ERROR level on the `clinic.editorial` logger; the build
driver (clinic_site.build) collects them all and fails the build. Drafts are
exempt.
"""

import difflib
import fnmatch
import functools
import logging
import os
import re
from datetime import date

from bs4 import BeautifulSoup

from clinic_site.sources import (
    display_path,
    field_line,
    front_matter,
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

    report.front = front_matter(report.source)  # read once, for this and check_dates
    for key, entries in sorted(report.front.items()):
        if len(entries) > 1:
            numbers = [number for number, _ in entries]
            report(f"{key.capitalize()} is written on lines {', '.join(map(str, numbers))}",
                   f"keep one '{key.capitalize()}:' line", numbers[-1])

    known = KNOWN_METADATA | set((content.settings.get("EDITORIAL") or {}).get("known_metadata", []))
    for key, (line, written) in sorted(metadata_lines(report.source).items()):
        if key in known:
            continue
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
        if close:
            report(f"unknown field '{written}'",
                   f"did you mean '{close[0].capitalize()}'? Correct the spelling", line)


def check_clinician_key(content, report, field, missing_fix):
    """A field naming a clinician by key: present, and registered in CLINICIANS.
    Returns True when it names a registered clinician."""
    key = str(content.metadata.get(field) or "").strip()
    clinicians = content.settings.get("CLINICIANS") or {}
    known = ", ".join(sorted(clinicians)) or "(none registered)"
    name = field.capitalize()
    if not key:
        report(f"{name} is missing", f"{missing_fix} ({known})")
    elif key not in clinicians:
        report(f"{name} '{key}' names no registered clinician",
               f"use one of: {known}, or ask a developer to add the clinician to CLINICIANS in pelicanconf.py",
               functools.partial(field_line, report.source, field))
    else:
        return True
    return False


def check_referral(content, rules, report):
    if not rules["require_referral"]:
        return
    settings = content.settings
    line = functools.partial(field_line, report.source, "referral")
    if not check_clinician_key(content, report, "referral",
                               "add 'Referral: <clinician key>' naming a clinician from CLINICIANS in pelicanconf.py"):
        return
    if content.metadata.get("referral_text"):
        text = str(content.metadata["referral_text"])
        line = functools.partial(field_line, report.source, "referral_text")
        others = [b for b in re.findall(r"\{[^{}]*\}?", text) if b != "{clinician}"]
        if "{clinician}" not in text:
            report("Referral_text does not name the clinician",
                   "write {clinician} where the name goes, e.g. 'Referral_text: Ask {clinician} about sleep.'", line)
        elif others:
            report(f"Referral_text has '{others[0]}', which is not filled in",
                   "only {clinician} is replaced: write the rest as plain words", line)
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
    check_clinician_key(content, report, "reviewed_by",
                        "add 'Reviewed_by: <clinician key>' naming the clinician who reviewed the post")
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
        if element.get("style") is not None:
            report(f"a <{element.name}> element has a style attribute",
                   "the site's security policy blocks inline styles, so readers would not see it: "
                   "remove the attribute, or ask a developer for a style",
                   functools.partial(text_line, report.source, "style="))
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


# Longest address part made from a title: file systems refuse names over 255
# bytes, and readers cannot share a link that long.
MAX_SLUG_LENGTH = 100
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_LANG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")
# Fields that choose where and how a page is written: for developers only.
DEVELOPER_FIELDS = ("save_as", "url", "template")


def check_address(content, report):
    """The address a post gets: a short slug of plain words, nothing that
    writes it elsewhere or with another template."""
    meta, source = content.metadata, report.source
    for field in DEVELOPER_FIELDS:
        if field in meta:
            report(f"'{field.capitalize()}' is a developer setting",
                   "remove the line; to choose the address write 'Slug: words-with-hyphens'",
                   field_line(source, field))
    slug = str(getattr(content, "slug", "") or "")
    from pelican.utils import slugify

    if "slug" in meta and not _SLUG.fullmatch(slug):
        suggestion = slugify(slug.replace("/", " "), regex_subs=content.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        fix = f"write lower-case words joined by hyphens, e.g. 'Slug: {suggestion or 'sleep-and-anxiety'}'"
        report(f"Slug '{slug}' is not a plain address", fix, field_line(source, "slug"))
    elif not slug.strip("-") and str(meta.get("title") or "").strip():
        report("the Title has no letters or digits to make the post's address from",
               "add a 'Slug: words-with-hyphens' line to the front matter", field_line(source, "title"))
    elif len(slug) > MAX_SLUG_LENGTH:
        report(f"the address made from the Title is {len(slug)} characters long (at most {MAX_SLUG_LENGTH})",
               "add a shorter 'Slug: a-few-words-with-hyphens' line to the front matter",
               field_line(source, "slug") or field_line(source, "title"))
    lang = str(meta.get("lang") or "")
    if "lang" in meta and not _LANG.fullmatch(lang):
        report(f"Lang '{lang}' is not a language code",
               "write a code such as 'Lang: fr' or 'Lang: es', or remove the line for English",
               field_line(source, "lang"))


def check_body(content, report, soup):
    """A post with no text under its front matter would publish an empty page."""
    if not soup.get_text().strip() and not soup.find(("img", "table")):
        report("the post has no text",
               "write the post under the front matter, after one empty line (a blank line ends the front matter)")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?")


def check_dates(content, report):
    """Dates are written YYYY-MM-DD (03/04/2024 is March or April, depending
    on who reads it); Modified cannot come before Date; a date in the future
    is most likely a typo in the year (a warning)."""
    front = getattr(report, "front", None) or front_matter(report.source)
    for field in ("date", "modified"):
        line, written = (front.get(field) or [(None, None)])[0]
        if written and not _ISO_DATE.fullmatch(written):
            value = content.metadata.get(field)
            example = f"{value:%Y-%m-%d}" if value else "2024-03-15"
            report(f"{field.capitalize()} '{written}' is not written YYYY-MM-DD",
                   f"write it as '{field.capitalize()}: {example}' if that is the date meant", line)
    published, modified = getattr(content, "date", None), content.metadata.get("modified")
    if published and content.status == "published":
        from health.health import today

        if published.date() > today(content.settings):
            line = field_line(report.source, "date")
            log.warning("%s: %sDate %s is in the future — the post is published now, showing that date: check "
                        "the year, or keep 'Status: draft' until then", report.path,
                        f"line {line}: " if line else "", f"{published:%Y-%m-%d}")
    if published and modified and modified.date() < published.date():
        report(f"Modified {modified:%Y-%m-%d} is before Date {published:%Y-%m-%d}",
               "Modified is the date of the last change: give a date on or after Date, or remove the line",
               field_line(report.source, "modified"))


def check_placeholders(content, report):
    """Text left from `make newpost`: a warning in `make html`, an error where
    ALLOW_PLACEHOLDER_TEXT is False (`make publish`)."""
    from clinic_site.newpost import PLACEHOLDERS

    source = report.source
    written = f"{content.metadata.get('summary') or ''}\n{content._content or ''}"
    for text in PLACEHOLDERS:
        if text not in written:  # the file is only searched when the text is there
            continue
        line = text_line(source, text)
        what = f"'{text.rstrip('.')}…' is still the text of the new-post template"
        fix = "replace it with your own words"
        if content.settings.get("ALLOW_PLACEHOLDER_TEXT", True):
            log.warning("%s: line %s: %s — %s (make publish refuses it)", report.path, line, what, fix)
        else:
            report(what, fix, line)


def check_article(content):
    report = Reporter(content)
    rules = rules_for(content.settings, content.metadata.get("category"))
    check_metadata(content, rules, report)
    check_address(content, report)
    check_dates(content, report)
    check_referral(content, rules, report)
    check_review(content, report)
    soup = BeautifulSoup(content._content or "", "html.parser")  # parsed once: the slowest step
    events = headings_and_text(soup)
    check_body(content, report, soup)
    check_structure(content, report, events)
    check_sections(content, rules, report, events)
    check_raw_html(content, report, soup)
    check_placeholders(content, report)
    return report.count


def check_category_spelling(articles):
    """'Blog' and 'blog' make one category page: whichever is read last names
    it. Every post must write a category the way most posts do (on a tie, the
    way the oldest post does: the newcomer is the one to change)."""
    spellings = {}
    for article in sorted(articles, key=lambda a: (a.date, a.source_path)):
        category = article.metadata.get("category")
        name = str(category or "")
        if name.strip() and "," not in name:  # blank or comma: reported on their own
            spellings.setdefault(category.slug, []).append((name, article))
    count = 0
    for written in spellings.values():
        names = [name for name, _ in written]
        if len(set(names)) < 2:
            continue
        usual = max(dict.fromkeys(names), key=names.count)  # most posts; ties: first file
        others = next(a for n, a in written if n == usual)
        for name, article in written:
            if name != usual:
                Reporter(article)(f"Category '{name}' is written '{usual}' elsewhere "
                                  f"({display_path(others.source_path, others.settings['PATH'])})",
                                  f"write it the same way: 'Category: {usual}'",
                                  field_line(article.source_path, "category"))
                count += 1
    return count


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


def report_unread_files(generators):
    """A post saved as `sleep.MD` or `sleep.md.txt` is silently left out by
    Pelican: say so (a warning: the file may be a note kept there on purpose)."""
    settings = generators[0].settings
    readers = next((g.readers for g in generators if getattr(g, "readers", None)), None)
    extensions = set(readers.extensions) if readers else {"md", "markdown", "html"}
    root = os.path.abspath(settings["PATH"])
    static = [os.path.normpath(p) for p in settings.get("STATIC_PATHS", [])]
    ignored = settings.get("IGNORE_FILES", [])
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, root)
        if any(rel == p or rel.startswith(p + os.sep) for p in static):
            continue
        for name in sorted(files):
            if name.startswith(".") or any(fnmatch.fnmatch(name, pattern) for pattern in ignored):
                continue
            if name.rsplit(".", 1)[-1] not in extensions:
                log.warning("%s: the file is not read, so it is not on the site — posts are Markdown files whose "
                            "names end in '.md': rename it, or move it out of %s/",
                            display_path(os.path.join(folder, name), root), os.path.basename(root))


def check_generators(generators):
    report_unread_files(generators)
    count = 0
    for generator in generators:
        # Resolve {filename}/{static} links now, so Pelican reports broken
        # ones in this same run even when the rules below stop the build.
        for item in (getattr(generator, "articles", []) or []) + (getattr(generator, "pages", []) or []):
            item.content  # noqa: B018  (memoised; the writer reuses it)
        # Hidden posts are public too (only left out of the lists): same rules.
        for attr in ("articles", "hidden_articles", "translations", "hidden_translations"):
            for article in getattr(generator, attr, []) or []:
                if article.status in ("published", "hidden"):
                    count += check_article(article)
        for page in (getattr(generator, "pages", []) or []) + (getattr(generator, "hidden_pages", []) or []):
            report = Reporter(page)
            check_address(page, report)
            check_raw_html(page, report)
            count += report.count
        count += check_category_spelling((getattr(generator, "articles", []) or [])
                                         + (getattr(generator, "hidden_articles", []) or []))
    count += check_save_as(generators)
    if count:
        raise EditorialError(f"{count} editorial problem(s): see the lines above")


def register():
    signals.all_generators_finalized.connect(check_generators)
