"""Where things are in a staff member's Markdown file, for error messages."""

import os
import re

_FIELD = re.compile(r"^([A-Za-z][\w-]*)\s*:")


def display_path(source_path, content_root):
    """`content/<file>.md`: the path staff know, relative to the project."""
    content_root = os.path.abspath(content_root)
    rel = os.path.relpath(os.path.abspath(source_path), content_root)
    return os.path.join(os.path.basename(content_root), rel).replace(os.sep, "/")


def read_lines(source_path):
    try:
        with open(source_path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    except OSError:
        return []


def metadata_lines(source_path):
    """{lower-case field name: (line number, name as written)} of the front matter."""
    found = {}
    for number, line in enumerate(read_lines(source_path), start=1):
        if not line.strip():
            break
        match = _FIELD.match(line)
        if match:
            found.setdefault(match.group(1).lower(), (number, match.group(1)))
    return found


def front_matter(source_path):
    """{lower-case field name: [(line number, value as written), ...]} of the
    front matter, read once; a field written twice has two entries."""
    fields = {}
    for number, line in enumerate(read_lines(source_path), start=1):
        if not line.strip():
            break
        match = _FIELD.match(line.lstrip("\ufeff"))
        if match:
            fields.setdefault(match.group(1).lower(), []).append((number, line.split(":", 1)[1].strip()))
    return fields


def field_line(source_path, field):
    """The line number of a front-matter field, or None."""
    entry = metadata_lines(source_path).get(field.lower())
    return entry[0] if entry else None


def text_line(source_path, needle):
    """The first line number containing `needle` (case-insensitive), or None."""
    needle = needle.lower()
    for number, line in enumerate(read_lines(source_path), start=1):
        if needle in line.lower():
            return number
    return None


def heading_line(source_path, text):
    """The line number of the Markdown heading with this text, or None."""
    wanted = normalise(text)
    in_body = False
    for number, line in enumerate(read_lines(source_path), start=1):
        in_body = in_body or not line.strip()  # the front matter ends at the first blank line
        stripped = line.strip()
        if in_body and stripped.startswith("#") and normalise(stripped.strip("#")) == wanted:
            return number
    return None


_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                              "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise(text):
    """Text compared the way readers see it: plain quotes, single spaces."""
    return " ".join((text or "").translate(_TYPOGRAPHIC).split())
