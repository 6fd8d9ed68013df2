"""Image sizes: give every local <img> in an article or page the width and
height of its file, so the browser keeps the image's place before it loads
(no layout shift) without staff writing sizes in Markdown.

Sizes already written stay. An image whose file cannot be read is logged as a
warning naming the Markdown file; the performance tests fail on it.
"""

import logging
import os
import re

from pelican import signals

log = logging.getLogger("clinic.image_sizes")

IMG = re.compile(r"<img\b[^>]*>", re.I)
SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
HAS_SIZE = re.compile(r"\b(width|height)\s*=", re.I)
LINK_PREFIX = re.compile(r"^\{(static|attach|filename)\}|^\|(static|attach|filename)\|")


def image_file(src, source_path, content_root):
    """The file behind a local image address, or None for a remote one."""
    if re.match(r"^([a-z][a-z0-9+.-]*:|//)", src, re.I) or not src:
        return None
    rel = LINK_PREFIX.sub("", src).split("?")[0].split("#")[0]
    if rel.startswith("/"):
        return os.path.join(content_root, rel.lstrip("/"))
    beside = os.path.join(os.path.dirname(source_path), rel)
    return beside if os.path.exists(beside) else os.path.join(content_root, rel)


def image_size(path):
    """(width, height) in CSS pixels of an image file; raises OSError if unreadable."""
    if path.lower().endswith(".svg"):
        with open(path, encoding="utf-8") as f:
            head = f.read(4096)
        tag = re.search(r"<svg\b[^>]*>", head, re.S)
        attrs = dict(re.findall(r'\b(width|height|viewBox)\s*=\s*"([^"]*)"', tag.group(0))) if tag else {}
        if re.fullmatch(r"[\d.]+(px)?", attrs.get("width", "")) and re.fullmatch(r"[\d.]+(px)?", attrs.get("height", "")):
            return round(float(attrs["width"].rstrip("px"))), round(float(attrs["height"].rstrip("px")))
        box = attrs.get("viewBox", "").replace(",", " ").split()
        if len(box) == 4:
            return round(float(box[2])), round(float(box[3]))
        raise OSError("the SVG has no width and height or viewBox")
    from PIL import Image

    try:
        with Image.open(path) as image:
            return image.size
    except Exception as error:  # Pillow raises several kinds for a damaged file
        raise OSError(str(error)) from error


def add_sizes(html, source_path, content_root):
    """The HTML with width and height on each local <img> that lacks them."""
    def sized(match):
        tag = match.group(0)
        if HAS_SIZE.search(tag):
            return tag
        src = SRC.search(tag)
        path = image_file(next(g for g in src.groups() if g is not None) if src else "", source_path, content_root)
        if path is None:
            return tag
        try:
            width, height = image_size(path)
        except OSError as error:
            rel = os.path.relpath(source_path, os.path.dirname(content_root))
            log.warning("%s: the image %s could not be read (%s) — check the file name and that the file is in "
                        "content/images/", rel, src.group(0).split("=", 1)[1].strip("\"' "), error)
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} width="{width}" height="{height}"{tag[end:]}'

    return IMG.sub(sized, html)


def on_content(instance):
    html = getattr(instance, "_content", None)
    if html and "<img" in html.lower():
        instance._content = add_sizes(html, instance.source_path, instance.settings["PATH"])


def register():
    signals.content_object_init.connect(on_content)
