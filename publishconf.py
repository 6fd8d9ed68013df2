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
RSS_FEED_SUMMARY_ONLY = False
FEED_MAX_ITEMS = 20

DELETE_OUTPUT_DIRECTORY = True

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
