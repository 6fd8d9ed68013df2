"""Bare Pelican for the benchmark's baseline (build b): the settings
`pelican-quickstart` writes, without its sample links, so Pelican's default
theme (notmyidea), no plugins, feeds off as in development, no pagination.
The content folder and output folder are given on the command line.
"""

AUTHOR = ""
SITENAME = "Clinic Blog"
SITEURL = ""

PATH = "content"

TIMEZONE = "UTC"

DEFAULT_LANG = "en"

# Feed generation is usually not desired when developing
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = False

# Explicit: an unset PLUGINS would load every installed plugin (pelican-webassets).
PLUGINS = []
