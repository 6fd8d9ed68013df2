"""Image dimensions: give every local image in posts and pages its `width` and
`height`, read from the file, so the page does not shift as images load.
Images also load lazily. An image whose file cannot be found is left alone
(Pelican and the built-site checks report the broken link).
"""

import html
import os
import re

import imagesize

from pelican import signals

IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'\s(src|width|height|loading|decoding)\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>]+)', re.IGNORECASE)


def image_file(src, source_path, content_root):
    """The file on disk behind an <img src> in a content file, or None."""
    src = html.unescape(src).split("?")[0].split("#")[0]
    if src.startswith(("http:", "https:", "//", "data:")):
        return None
    for marker in ("{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|"):
        if src.startswith(marker):
            src = src[len(marker):]
            break
    base = content_root if src.startswith("/") else os.path.dirname(source_path)
    path = os.path.normpath(os.path.join(base, src.lstrip("/")))
    return path if os.path.isfile(path) else None


def add_dimensions(markup, source_path, content_root):
    def fix(match):
        tag = match.group(0)
        attrs = {m.group(1).lower(): m.group(2).strip("\"'") for m in ATTR.finditer(tag)}
        extra = []
        if "width" not in attrs and "height" not in attrs and "src" in attrs:
            path = image_file(attrs["src"], source_path, content_root)
            width, height = imagesize.get(path) if path else (-1, -1)
            if width > 0 and height > 0:
                extra.append(f'width="{width}" height="{height}"')
        if "loading" not in attrs:
            extra.append('loading="lazy"')
        if "decoding" not in attrs:
            extra.append('decoding="async"')
        end = -2 if tag.endswith("/>") else -1
        return tag[:end].rstrip() + " " + " ".join(extra) + tag[end:] if extra else tag

    return IMG.sub(fix, markup)


def process(generators):
    for generator in generators:
        for attr in ("articles", "drafts", "pages", "hidden_pages", "draft_pages", "translations"):
            for content in getattr(generator, attr, []) or []:
                if content._content and "<img" in content._content.lower():
                    content._content = add_dimensions(content._content, content.source_path,
                                                      content.settings["PATH"])


def register():
    signals.all_generators_finalized.connect(process)
