"""Tests for the image_dimensions plugin on a real build."""

import io
from pathlib import Path

from bs4 import BeautifulSoup

from clinic_site.build import build

from .image_dimensions import add_dimensions

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def test_built_images_have_width_and_height(tmp_path):
    out = io.StringIO()
    content = HERE / "test_data" / "content"
    problems = build(str(ROOT / "pelicanconf.py"), str(tmp_path / "output"), str(content), out=out)
    assert problems == 0, out.getvalue()
    page = tmp_path / "output" / "articles" / "a-post-with-images" / "index.html"
    images = BeautifulSoup(page.read_text(), "html.parser").find("article").find_all("img")
    assert [(i["alt"], i["width"], i["height"], i["loading"]) for i in images] == [
        ("A calm lake", "3", "2", "lazy"),
        ("Already sized", "30", "20", "lazy"),
    ]
    assert (tmp_path / "output" / images[0]["src"].replace("../../", "")).is_file()


def test_missing_or_remote_images_are_left_unsized():
    markup = '<p><img alt="x" src="{static}/nope.png"><img alt="y" src="https://example.org/a.png" /></p>'
    fixed = add_dimensions(markup, str(HERE / "test_data" / "content" / "x.md"), str(HERE / "test_data" / "content"))
    assert "width" not in fixed and fixed.count('loading="lazy"') == 2
    assert fixed.endswith('decoding="async"/></p>')
