"""Image sizes: each local image in a built page gets its file's width and height."""

import logging
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from pelican import Pelican
from pelican.settings import read_settings

from .image_sizes import add_sizes

DATA = Path(__file__).parent / "test_data"
PLUGINS = Path(__file__).resolve().parent.parent


def content_with_images(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    shutil.copy(DATA / "pictures.md", content)
    Image.new("RGB", (640, 480), "white").save(content / "images" / "photo.png")
    (content / "images" / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"><rect width="300" height="150"/></svg>')
    return content


def test_built_page_has_the_sizes_of_the_files(tmp_path, caplog):
    content = content_with_images(tmp_path)
    settings = read_settings(override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"), "STATIC_PATHS": ["images"],
        "PLUGIN_PATHS": [str(PLUGINS)], "PLUGINS": ["image_sizes"], "ARTICLE_SAVE_AS": "{slug}.html",
        "MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"},
        "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "TIMEZONE": "UTC",
        # Pelican's signals outlive a run: when the whole suite runs, the site's
        # other plugins are connected too, and this bare post must satisfy them.
        "EDITORIAL": {"defaults": {"required_metadata": ["title"], "require_referral": False}}})
    with caplog.at_level(logging.WARNING, logger="clinic.image_sizes"):
        Pelican(settings).run()
    soup = BeautifulSoup((tmp_path / "output" / "pictures.html").read_text(encoding="utf-8"), "html.parser")
    sizes = {img["alt"]: (img.get("width"), img.get("height")) for img in soup.find_all("img")}
    assert sizes == {"A photo": ("640", "480"), "A drawing": ("300", "150"), "Sized by hand": ("10", "5"),
                     "Remote": (None, None), "Gone": (None, None)}
    messages = [r.getMessage() for r in caplog.records if r.name == "clinic.image_sizes"]
    assert len(messages) == 1
    assert messages[0].startswith("content/pictures.md: the image {static}/images/missing.png could not be read")


def test_sizes_written_by_hand_and_self_closing_tags(tmp_path):
    content = content_with_images(tmp_path)
    source = str(content / "pictures.md")
    assert add_sizes('<img src="/images/photo.png" alt=""/>', source, str(content)) == \
        '<img src="/images/photo.png" alt="" width="640" height="480"/>'
    assert add_sizes('<img src="images/photo.png" height="3" alt="">', source, str(content)) == \
        '<img src="images/photo.png" height="3" alt="">'
