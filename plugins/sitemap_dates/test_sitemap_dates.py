"""Tests for sitemap_dates: listing pages carry the newest content date, not the build time."""

import io
import re
import shutil
from pathlib import Path

from clinic_site.build import build

ROOT = Path(__file__).resolve().parent.parent.parent


def test_listing_lastmod_is_newest_content_date(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "ketamine-therapy.md", content)  # dated 2023-06-29, nothing newer
    out = io.StringIO()
    problems = build(str(ROOT / "publishconf.py"), str(tmp_path / "output"), str(content), out=out)
    assert problems == 0, out.getvalue()
    xml = (tmp_path / "output" / "sitemap.xml").read_text()
    entries = dict(re.findall(r"<loc>[a-z]+://[^/]+/([^<]*)</loc>\s*<lastmod>([^<]+)</lastmod>", xml))
    assert set(entries) >= {"", "archives/", "categories/", "category/blog/", "articles/ketamine-therapy/"}
    assert set(entries.values()) == {"2023-06-29T00:00:00+00:00"}
