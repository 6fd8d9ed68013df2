"""Health-content trust signals: the clinician review of a post (last reviewed,
next review due, reviewer), the urgent-help callout for mental-health topics,
and the post's JSON-LD (schema.org MedicalWebPage).

Sets on every article: `review` (a :class:`Review` or None), `urgent_help`
(safe HTML or None) and `json_ld` (safe text for a ld+json script). A post
whose next review is due logs one line on the `clinic.health` logger: a
warning, or an error that fails the build when ALLOW_OVERDUE_REVIEWS is off.
Malformed review fields are left for the editorial plugin to report.
"""

import calendar
import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from clinicians.clinicians import Clinician, get_clinician
from clinic_site.sources import display_path, field_line
from pelican import signals

log = logging.getLogger("clinic.health")

DEFAULT_URGENT_HELP = {
    "label": "Urgent help:",
    "text": "If you are in crisis or thinking about suicide, call or text {988} (Suicide & Crisis Lifeline) "
            "or call {911}.",
    "categories": [],
    "tags": [],
}
DEFAULT_REVIEW_INTERVAL_MONTHS = 12

# {988}, {+44 20 7946 0000}: a phone number inside braces becomes a tel: link.
_PHONE = re.compile(r"\{(\+?[0-9][0-9 ()-]*)\}")


@dataclass(frozen=True)
class Review:
    reviewed: date
    next_review: date
    reviewer: Clinician


def parse_date(value):
    """A front-matter date (YYYY-MM-DD) as a date, or None when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def add_months(day, months):
    """`day` plus whole months; the 31st becomes the last day of a shorter month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_of(settings, metadata):
    """The post's recorded review, or None when it has none or it is malformed."""
    reviewed = parse_date(metadata.get("reviewed"))
    reviewer = get_clinician(settings, str(metadata.get("reviewed_by") or ""))
    if reviewed is None or reviewer is None:
        return None
    if metadata.get("next_review"):
        next_review = parse_date(metadata.get("next_review"))
        if next_review is None:
            return None
    else:
        months = settings.get("REVIEW_INTERVAL_MONTHS", DEFAULT_REVIEW_INTERVAL_MONTHS)
        next_review = add_months(reviewed, int(months))
    return Review(reviewed, next_review, reviewer)


def today(settings):
    """The build's "today": CLINIC_TODAY (setting or environment, YYYY-MM-DD)
    when given, so tests do not depend on the clock; else the date in TIMEZONE."""
    given = settings.get("CLINIC_TODAY") or os.environ.get("CLINIC_TODAY")
    if given:
        day = parse_date(given)
        if day is None:
            raise ValueError(f"CLINIC_TODAY '{given}' is not a date (YYYY-MM-DD)")
        return day
    return datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()


def urgent_help_settings(settings):
    merged = dict(DEFAULT_URGENT_HELP)
    merged.update(settings.get("URGENT_HELP") or {})
    return merged


def needs_urgent_help(settings, article):
    """True when the post's category or one of its tags is listed in URGENT_HELP."""
    config = urgent_help_settings(settings)
    wanted_categories = {str(c).strip().lower() for c in config.get("categories") or []}
    wanted_tags = {str(t).strip().lower() for t in config.get("tags") or []}
    category = str(getattr(article, "category", "") or "").strip().lower()
    tags = {str(t).strip().lower() for t in getattr(article, "tags", []) or []}
    return category in wanted_categories or bool(tags & wanted_tags)


def render_urgent_text(text):
    """The notice as safe HTML: text escaped, each {number} a tel: link."""
    html, last = Markup(""), 0
    for match in _PHONE.finditer(text):
        number = match.group(1).strip()
        dial = re.sub(r"[^0-9+]", "", number)
        html += escape(text[last:match.start()]) + Markup('<a href="tel:{}">{}</a>').format(dial, number)
        last = match.end()
    return html + escape(text[last:])


def plain(value):
    """Text without markup: titles and summaries may carry HTML."""
    return " ".join(Markup(str(value or "")).striptags().split())


def absolute_base(settings):
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    return siteurl if siteurl.startswith(("http://", "https://")) else ""


def person(clinician):
    data = {"@type": "Person", "name": clinician.name}
    if clinician.honorific_prefix:
        data["honorificPrefix"] = clinician.honorific_prefix
    if clinician.credential:
        data["jobTitle"] = clinician.credential
    if clinician.url:
        data["url"] = clinician.url
    return data


def organization(settings):
    """The clinic as publisher: only the facts set in CLINIC, named SITENAME
    until the clinic's own name is set."""
    clinic = settings.get("CLINIC") or {}
    data = {"@type": "Organization", "name": str(clinic.get("name") or "").strip() or settings.get("SITENAME", "")}
    url = str(clinic.get("url") or "").strip() or absolute_base(settings)
    if url:
        data["url"] = url
    if clinic.get("telephone"):
        data["telephone"] = str(clinic["telephone"]).strip()
    if clinic.get("logo"):
        data["logo"] = {"@type": "ImageObject", "url": str(clinic["logo"]).strip()}
    return data


def schema(article, review=None):
    """The schema.org description of an article page, as a dict."""
    settings = article.settings
    base = absolute_base(settings)
    lang = getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en")
    modified = getattr(article, "modified", None) or article.date
    publisher = organization(settings)
    # Written in the clinic's name unless the post names its authors (`Author:`).
    writers = [{"@type": "Person", "name": str(a)} for a in getattr(article, "authors", None) or []]
    posting = {
        "@type": "BlogPosting",
        "headline": plain(article.title),
        "description": plain(article.summary),
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat(),
        "author": (writers[0] if len(writers) == 1 else writers) if writers else publisher,
        "publisher": publisher,
        "inLanguage": lang,
    }
    referral = getattr(article, "referral", None)
    if referral is not None:
        posting["mentions"] = person(referral.clinician)
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": plain(article.title),
        "inLanguage": lang,
    }
    if base:
        url = f"{base}/{article.url}"
        page["url"] = url
        posting["mainEntityOfPage"] = url
    if review is not None:
        page["lastReviewed"] = review.reviewed.isoformat()
        page["reviewedBy"] = person(review.reviewer)
    page["mainEntity"] = posting
    return page


def to_json_ld(data):
    """JSON safe inside <script>: no '<', '>' or '&' can end the element early."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def attach(article):
    settings = article.settings
    article.review = review_of(settings, article.metadata)
    urgent = urgent_help_settings(settings)
    article.urgent_help = render_urgent_text(urgent["text"]) if needs_urgent_help(settings, article) else None
    article.urgent_help_label = urgent.get("label") or ""
    article.json_ld = to_json_ld(schema(article, article.review))


def report_overdue(article, on):
    review = article.review
    if review is None or review.next_review >= on:
        return
    source = article.source_path
    line = field_line(source, "next_review") or field_line(source, "reviewed")
    where = f"line {line}: " if line else ""
    level = logging.WARNING if article.settings.get("ALLOW_OVERDUE_REVIEWS", True) else logging.ERROR
    log.log(level, "%s: %snext review was due on %s — review the post with a clinician and update "
            "Reviewed/Next_review", display_path(source, article.settings["PATH"]), where,
            review.next_review.isoformat())


def attach_all(generator):
    everything = [getattr(generator, name, []) or [] for name in
                  ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                   "drafts_translations")]
    for group in everything:
        for article in group:
            attach(article)
    on = today(generator.settings)
    for article in list(generator.articles) + list(generator.translations):
        report_overdue(article, on)


def register():
    signals.article_generator_finalized.connect(attach_all)
