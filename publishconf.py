"""Settings for the published site: everything in pelicanconf.py, plus what
publishing changes (absolute URLs, feeds)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# The public address of the site, set once here (or by the SITEURL environment
# variable for a staging host). No trailing slash.
SITEURL = os.environ.get("SITEURL", "https://blog.example.org").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
# Feeds carry each post in full, not only its summary.
RSS_FEED_SUMMARY_ONLY = False
FEED_MAX_ITEMS = 20

# Drafts are previewed locally (output/drafts/) but never published.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

DELETE_OUTPUT_DIRECTORY = True

# --- Discovery and review (issue: health-content trust) --------------------
# sitemap.xml from the official pelican-sitemap plugin, and robots.txt naming it.
PLUGINS = PLUGINS + ["sitemap", "sitemap_dates"]  # noqa: F405
SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^robots\.txt$"],
}
# Rendered from theme/templates/robots.txt (Pelican falls back to the theme's templates).
TEMPLATE_PAGES = {"robots.txt": "robots.txt"}

# A post past its next review date stops `make publish`. To publish anyway,
# e.g. for an urgent correction: ALLOW_OVERDUE_REVIEWS=1 make publish
ALLOW_OVERDUE_REVIEWS = os.environ.get("ALLOW_OVERDUE_REVIEWS", "") == "1"

# A post still holding the `make newpost` template's stand-in text is not published.
ALLOW_PLACEHOLDER_TEXT = False

# --- Pre-compression (pelican-precompress) ----------------------------------
# Every text file gets a .gz (zopfli) and a .br beside it, for servers that send
# them as they are (nginx gzip_static / brotli_static). Both are deterministic:
# zopfli writes no time or file name into the gzip header.
PLUGINS = PLUGINS + ["precompress"]  # noqa: F405
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".xml", ".txt", ".svg"}
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZOPFLI = True
PRECOMPRESS_GZIP = False  # zopfli writes the .gz (smaller, same format)
PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_MIN_SIZE = 0  # every file, however small
