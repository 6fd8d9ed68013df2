"""Site settings for local builds and previews.

Every clinic fact, clinician and editorial rule is declared here, once.
Facts the clinic has not confirmed stay empty: templates render nothing for them.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# --- The site -------------------------------------------------------------
SITENAME = "Clinic Blog"
SITESUBTITLE = "Patient education from our mental health clinic"
SITEURL = ""
RELATIVE_URLS = True
DEFAULT_LANG = "en"
TIMEZONE = "UTC"
LOCALE = ("C.UTF-8", "C")
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# The clinic as publisher. Empty values render nothing until the clinic sets them.
CLINIC = {
    "name": "",
    "url": "",
    "telephone": "",
    "logo": "",
}

# Clinicians are declared once and referred to by key from article metadata
# (`Referral: <key>`). Leave a field empty when it is not known.
CLINICIANS = {
    "charlotin": {
        "honorific_prefix": "Dr.",
        "name": "Christina M. Charlotin",
        "credential": "Licensed Psychologist",
        "url": "",
    },
}

# The referral sentence closing each article. {clinician} is replaced by the
# clinician's name and credential, {topic} by the article's `Referral_topic`.
# An article may give its own sentence with `Referral_text`.
REFERRAL_TEXT = (
    "Talk with a doctor, such as {clinician}, to learn much more about {topic} "
    "and how it can help you."
)
REFERRAL_HEADING = "Talk to a clinician"

# --- Health-content trust (plugins/health) --------------------------------
# A post records its clinician review with `Reviewed: YYYY-MM-DD` and
# `Reviewed_by: <clinician key>`; `Next_review: YYYY-MM-DD` is optional and
# otherwise this many months after Reviewed.
REVIEW_INTERVAL_MONTHS = 12
# A post past its next review date: a warning here, an error (the build fails)
# where this is False (publishconf.py).
ALLOW_OVERDUE_REVIEWS = True
# Text left from the `make newpost` template: a warning here, an error where
# this is False (publishconf.py).
ALLOW_PLACEHOLDER_TEXT = True
# "Today" for that check, as YYYY-MM-DD; None uses the date in TIMEZONE. The
# CLINIC_TODAY environment variable does the same without editing this file.
CLINIC_TODAY = None

# The urgent-help callout near the top of posts in mental-health topics.
# A phone number in braces, {988}, becomes a link that dials it. For another
# country, change the text, e.g. "If you need help now, call {111} or, in an
# emergency, {999}." `label` is read by screen readers before the text.
URGENT_HELP = {
    "label": "Urgent help:",
    "text": "If you are in crisis or thinking about suicide, call or text {988} "
            "(Suicide & Crisis Lifeline) or call {911}.",
    # Posts in these categories, or with one of these tags, show it.
    "categories": ["Blog"],
    "tags": ["mental health", "depression", "anxiety", "PTSD", "suicide"],
}

# Closes every article.
DISCLAIMER_TEXT = (
    "This article is general information, not medical advice. It is not a substitute for "
    "professional care: talk with a qualified clinician about your own situation."
)

# --- Editorial rules -----------------------------------------------------
# Checked on every build by plugins/editorial; `make html` fails with one line
# per problem. "defaults" apply to every published post; "categories" override
# them by category name. Sections are written as in Markdown ("## Heading").
# Posts may also list their own sections in an `Outline` field.
EDITORIAL = {
    "defaults": {
        "required_metadata": ["title", "date", "category", "summary"],
        "require_referral": True,
        "required_sections": [],
    },
    "categories": {
        # "Conditions": {"required_sections": ["## Symptoms", "## Treatment"]},
    },
    # Extra front-matter fields staff may use without being asked about typos.
    "known_metadata": [],
}

# --- Content --------------------------------------------------------------
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
STATIC_PATHS = ["images"]
DEFAULT_CATEGORY = ""
USE_FOLDER_AS_CATEGORY = False
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "category": None, "archives": None}
SUMMARY_MAX_LENGTH = 50

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.meta": {},
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

# --- URLs: pretty, stable, without collisions -----------------------------
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
# Tag and author pages are switched off on purpose: posts are grouped by
# category, and every post is published in the clinic's name.
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "archives", "404"]
TEMPLATE_PAGES = {}

# Feeds are built by publishconf.py only.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Theme and plugins ----------------------------------------------------
THEME = "theme"
THEME_STATIC_PATHS = ["static"]
WEBASSETS_SOURCE_PATHS = ["assets"]
# One joined, minified stylesheet whose file name carries its content hash.
# webassets needs a manifest to name hashed files; it lives outside output/.
import clinic_site.assets_manifest  # noqa: E402,F401  (registers the "atomic-json" manifest)

_CACHE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache")
os.makedirs(_CACHE_DIR, exist_ok=True)
WEBASSETS_CONFIG = [
    ("url_expire", False),
    ("cache", False),
    # written atomically, so builds running side by side never read half a file
    ("manifest", "atomic-json:" + os.path.join(_CACHE_DIR, "webassets.json")),
]

# Autoescape: metadata (titles, summaries, clinician names) is text, never HTML.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "extensions": []}

PLUGIN_PATHS = ["plugins"]
# Always explicit: an unset PLUGINS makes Pelican load every installed plugin.
# health imports clinicians, so it comes after it.
PLUGINS = ["webassets", "clinicians", "health", "image_dimensions", "editorial"]

MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
LOAD_CONTENT_CACHE = False

# --- Posts in another language (`Lang: fr`) -------------------------------
# Pretty addresses like every other post, instead of Pelican's `<slug>-<lang>.html`.
ARTICLE_LANG_URL = "articles/{slug}-{lang}/"
ARTICLE_LANG_SAVE_AS = "articles/{slug}-{lang}/index.html"
DRAFT_LANG_URL = "drafts/{slug}-{lang}/"
DRAFT_LANG_SAVE_AS = "drafts/{slug}-{lang}/index.html"
PAGE_LANG_URL = "{slug}-{lang}/"
PAGE_LANG_SAVE_AS = "{slug}-{lang}/index.html"
