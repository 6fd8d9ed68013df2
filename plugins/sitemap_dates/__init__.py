from .sitemap_dates import register  # noqa: F401
