"""Sitemap dates: give listing pages in sitemap.xml the date of the newest
content instead of the build time, so two builds of the same commit are
byte-identical. Runs with the official pelican-sitemap plugin.
"""

from pelican import signals


def newest_date(generators):
    dates = []
    for generator in generators:
        for attr in ("articles", "pages"):
            for content in getattr(generator, attr, []) or []:
                date = getattr(content, "modified", None) or getattr(content, "date", None)
                if date is not None:
                    dates.append(date)
    return max(dates) if dates else None


def set_listing_date(generators):
    from pelican.plugins.sitemap import sitemap

    newest = newest_date(generators)
    if newest is not None:
        sitemap.generator.now = newest


def register():
    signals.all_generators_finalized.connect(set_listing_date)
