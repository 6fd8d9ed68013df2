"""What a reader's browser downloads for one built page: the HTML, every
stylesheet it links or @imports, and the fonts and images those stylesheets
and the page actually use. Read from the built files, no browser needed.

A font counts when a rule that matches an element of the page names its
family; a CSS background image counts when its rule matches an element.
Browsers also ask for /favicon.ico when a page names no icon; neither site
has one, so that request is left out of both counts.
"""

import gzip
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinycss2
from bs4 import BeautifulSoup

GZIP_LEVEL = 6  # the usual server default (nginx gzip_comp_level 1-9, Apache mod_deflate 6)
_PSEUDO = re.compile(r"::?[a-zA-Z-]+(\([^)]*\))?")


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def _is_remote(url):
    return url.startswith(("http:", "https:", "//"))


def resolve(url, base_file, output):
    """The built file a local URL points to, or None."""
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    if path.startswith("/"):
        target = Path(output) / path.lstrip("/")
    else:
        target = Path(base_file).parent / path
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target.resolve()


def _url_tokens(tokens):
    for token in tokens:
        if token.type == "url":
            yield token.value
        elif token.type == "function" and token.lower_name == "url":
            for arg in token.arguments:
                if arg.type == "string":
                    yield arg.value
        elif token.type in ("() block", "[] block", "{} block", "function"):
            yield from _url_tokens(getattr(token, "content", None) or getattr(token, "arguments", []))


def _declarations(rule):
    return [d for d in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            if d.type == "declaration"]


def _families(value_tokens):
    text = tinycss2.serialize(value_tokens)
    return {f.strip().strip("'\"").lower() for f in text.split(",") if f.strip()}


class Stylesheets:
    """Every stylesheet a page loads (following @import), with its rules."""

    def __init__(self, output):
        self.output = Path(output)
        self.files = []          # built CSS files, in load order
        self.rules = []          # (css file, qualified rule)
        self.font_faces = []     # (css file, family, first url)
        self.missing = []

    def load(self, css_file, media_rules=None):
        css_file = Path(css_file)
        if css_file in self.files:
            return
        if not css_file.is_file():
            self.missing.append(str(css_file))
            return
        self.files.append(css_file)
        sheet = tinycss2.parse_stylesheet_bytes(css_file.read_bytes(), skip_comments=True, skip_whitespace=True)[0]
        self._walk(css_file, sheet)

    def _walk(self, css_file, rules):
        for rule in rules:
            if rule.type == "at-rule" and rule.lower_at_keyword == "import":
                for url in list(_url_tokens(rule.prelude)) or [t.value for t in rule.prelude if t.type == "string"]:
                    if not _is_remote(url):
                        self.load(resolve(url, css_file, self.output))
            elif rule.type == "at-rule" and rule.lower_at_keyword == "font-face" and rule.content:
                family, first = None, None
                for decl in _declarations(rule):
                    if decl.lower_name == "font-family":
                        family = next(iter(_families(decl.value)), None)
                    elif decl.lower_name == "src":
                        urls = list(_url_tokens(decl.value))
                        first = urls[0] if urls else None
                if family and first:
                    self.font_faces.append((css_file, family, first))
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
                # print-only rules do not load anything on screen
                prelude = tinycss2.serialize(rule.prelude).strip().lower()
                if prelude == "print":
                    continue
                self._walk(css_file, tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                             skip_whitespace=True))
            elif rule.type == "qualified-rule":
                self.rules.append((css_file, rule))


def _matches(soup, selector):
    plain = _PSEUDO.sub("", selector).strip()
    if not plain or plain.endswith((">", "+", "~")):
        plain = plain.rstrip(">+~ ") or "*"
    try:
        return soup.select_one(plain) is not None
    except Exception:  # a selector soupsieve does not know: count it as used
        return True


def page_weight(output, page):
    """Bytes and requests for one built page (a path relative to `output`)."""
    output = Path(output).resolve()
    page_file = (output / page).resolve()
    html = page_file.read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    requests = [str(page_file.relative_to(output))]
    remote = []
    sheets = Stylesheets(output)
    for link in soup.find_all("link", href=True):
        rels = [r.lower() for r in link.get("rel", [])]
        if "stylesheet" in rels:
            if _is_remote(link["href"]):
                remote.append(link["href"])
            else:
                sheets.load(resolve(link["href"], page_file, output))
        elif "icon" in rels or "preload" in rels:
            (remote if _is_remote(link["href"]) else requests).append(link["href"])
    for tag in soup.find_all(["img", "script", "iframe", "video", "audio", "source", "embed"]):
        src = tag.get("src")
        if src:
            (remote if _is_remote(src) else requests).append(src)
    requests += [str(f.relative_to(output)) for f in sheets.files]

    used = set()
    images = []
    for css_file, rule in sheets.rules:
        selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
        if not any(_matches(soup, s) for s in selectors):
            continue
        for decl in _declarations(rule):
            if decl.lower_name in ("font-family", "font"):
                used |= _families(decl.value)
            if decl.lower_name in ("background", "background-image", "list-style", "list-style-image",
                                   "content", "border-image"):
                images += [(css_file, u) for u in _url_tokens(decl.value) if not u.startswith("data:")]
    other_bytes = 0
    for css_file, family, url in sheets.font_faces:
        if family in used:
            target = resolve(url, css_file, output)
            requests.append(str(target.relative_to(output)) if target.is_relative_to(output) else url)
            other_bytes += target.stat().st_size if target.is_file() else 0
    for css_file, url in dict.fromkeys(images):
        if _is_remote(url):
            remote.append(url)
            continue
        target = resolve(url, css_file, output)
        requests.append(str(target.relative_to(output)))
        other_bytes += target.stat().st_size if target.is_file() else 0

    css = [f.read_bytes() for f in sheets.files]
    return {
        "page": page,
        "html_bytes": len(html),
        "html_gzip": gzip_size(html),
        "css_files": len(css),
        "css_bytes": sum(len(c) for c in css),
        "css_gzip": sum(gzip_size(c) for c in css),
        "html_css_gzip": gzip_size(html) + sum(gzip_size(c) for c in css),
        "other_bytes": other_bytes,
        "requests": len(requests),
        "request_list": requests,
        "third_party": remote,
        "missing": sheets.missing,
    }


def listing_pages(output, budget):
    """Every listing page of a built site, grouped by kind, with the largest one."""
    output = Path(output)
    kinds = {}
    for path in sorted(output.rglob("*.html")):
        rel = path.relative_to(output).as_posix()
        if rel in ("index.html",) or re.fullmatch(r"(index\d+|page/\d+/index)\.html", rel):
            kind = "home"
        elif rel.startswith("category/"):
            kind = "category"
        elif rel.startswith("tag/"):
            kind = "tag"
        elif rel.startswith("archives") or re.match(r"\d{4}/", rel):
            kind = "archives"
        elif rel in ("categories.html", "categories/index.html"):
            kind = "categories index"
        elif rel in ("tags.html", "tags/index.html"):
            kind = "tags index"
        else:
            continue
        size = path.stat().st_size
        entry = kinds.setdefault(kind, {"pages": 0, "largest_bytes": 0, "largest_page": "", "over_budget": 0})
        entry["pages"] += 1
        if size > budget:
            entry["over_budget"] += 1
        if size > entry["largest_bytes"]:
            entry["largest_bytes"], entry["largest_page"] = size, rel
    return kinds


def output_size(output):
    """(files, bytes) of a built output folder."""
    files = total = 0
    for folder, _, names in os.walk(output):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(folder, name))
    return files, total
