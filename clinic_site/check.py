"""Built-site checks: parse every page of an output folder with BeautifulSoup
and report what a reader would miss.

    python -m clinic_site.check [--settings pelicanconf.py] [output]

Each article page must carry its title as the only h1, the sections its rules
and Outline require, in order and at their levels, and its referral component
naming the clinician. Every page must have one h1, its landmarks, internal
links that resolve, and nothing loaded from another host or executed.
"""

import argparse
import os
import sys
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from clinic_site.sources import display_path, normalise

SCRIPT_DATA_TYPES = {"application/ld+json", "application/json"}
LANDMARKS = ("header", "nav", "main", "footer")


def html_files(output):
    for folder, _, files in os.walk(output):
        for name in sorted(files):
            if name.endswith(".html"):
                yield os.path.join(folder, name)


def parse(path):
    with open(path, encoding="utf-8") as f:
        return BeautifulSoup(f.read(), "html.parser")


def published_articles(settings):
    """(metadata, save_as, source_path) of each published article, read by Pelican's own readers."""
    from pelican.contents import Article
    from pelican.readers import Readers

    readers = Readers(settings)
    root = settings["PATH"]
    excluded = {os.path.normpath(os.path.join(root, p)) for p in settings.get("ARTICLE_EXCLUDES", [])}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if os.path.normpath(os.path.join(folder, d)) not in excluded)
        for name in sorted(files):
            if not name.endswith((".md", ".markdown")):
                continue
            path = os.path.join(folder, name)
            article = readers.read_file(root, os.path.relpath(path, root), content_class=Article,
                                        context={"generated_content": {}, "static_links": set(),
                                                 "static_content": {}, "localsiteurl": ""})
            if getattr(article, "status", "published") == "published":
                yield article


def site_url_path(settings):
    siteurl = settings.get("SITEURL") or ""
    return urlsplit(siteurl).netloc, urlsplit(siteurl).path.rstrip("/")


def resolve(output, page_path, href, settings):
    """The output file a link points to, None for another host, '' to ignore."""
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "tel", "data") or href.startswith("#"):
        return ""
    host, base = site_url_path(settings)
    if parts.scheme or parts.netloc:
        if parts.netloc != host:
            return None
        path = parts.path[len(base):] if parts.path.startswith(base) else parts.path
        target = os.path.join(output, unquote(path).lstrip("/"))
    elif parts.path.startswith("/"):
        target = os.path.join(output, unquote(parts.path[len(base):] if parts.path.startswith(base + "/") else parts.path).lstrip("/"))
    else:
        target = os.path.join(os.path.dirname(page_path), unquote(parts.path))
    target = os.path.normpath(target)
    if href.endswith("/") or os.path.isdir(target):
        target = os.path.join(target, "index.html")
    return target


def check_page(output, path, soup, settings):
    rel = os.path.relpath(path, os.path.dirname(os.path.abspath(output)))
    problems = []
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"{rel}: has {len(h1s)} h1 headings — a page has exactly one, its title")
    if not (soup.html and soup.html.get("lang")):
        problems.append(f"{rel}: the <html> element has no lang — set DEFAULT_LANG or the post's Lang")
    for landmark in LANDMARKS:
        if soup.find(landmark) is None:
            problems.append(f"{rel}: no <{landmark}> landmark — the theme's base.html must provide it")
    for script in soup.find_all("script"):
        if (script.get("type") or "").lower() not in SCRIPT_DATA_TYPES:
            problems.append(f"{rel}: has an executable <script> — the site runs no JavaScript; remove it")
    for tag, attr in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                      ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src")):
        for element in soup.find_all(tag, attrs={attr: True}):
            href = element[attr]
            target = resolve(output, path, href, settings)
            loads = tag != "a" and not (tag == "link" and (element.get("rel") or [""])[0] in ("canonical", "alternate"))
            if target is None:
                if loads:
                    problems.append(f"{rel}: loads {href} from another host — serve it from this site, or remove it")
                continue
            if target == "" or (tag == "link" and not loads and href.startswith(("http://", "https://"))):
                continue
            if not os.path.isfile(target):
                problems.append(f"{rel}: link to {href} leads nowhere — fix the link or add the page")
    return problems


def check_article_page(output, article, soup, settings):
    from clinicians.clinicians import get_clinician
    from editorial.editorial import as_list, parse_outline_entry, rules_for

    rel = os.path.join(os.path.basename(os.path.abspath(output)), article.save_as)
    source = display_path(article.source_path, settings["PATH"])
    problems = []
    body = soup.find("article") or soup
    h1 = soup.find("h1")
    title = normalise(str(article.title))  # metadata is text: the page shows it literally
    if h1 is None or normalise(h1.get_text()) != title:
        problems.append(f"{rel}: its h1 is not the title of {source} — the article template must show the title as h1")
    headings = [(int(h.name[1]), normalise(h.get_text())) for h in body.find_all(["h2", "h3", "h4", "h5", "h6"])
                if not h.find_parent(class_="referral") and not h.find_parent(attrs={"data-component": True})]
    rules = rules_for(settings, article.metadata.get("category"))
    required = as_list(rules.get("required_sections")) + as_list(article.metadata.get("outline"))
    position = 0
    for entry in required:
        level, text = parse_outline_entry(entry)
        try:
            position = headings.index((level, normalise(text)), position) + 1
        except ValueError:
            problems.append(f"{rel}: section '{'#' * level} {text}' required for {source} is not on the page, "
                            "in order and at its level — restore it in the post")
    referral = soup.find(attrs={"data-component": "referral"})
    key = str(article.metadata.get("referral") or "").strip()
    clinician = get_clinician(settings, key) if key else None
    if rules.get("require_referral", True):
        if referral is None:
            problems.append(f"{rel}: no referral component — {source} needs 'Referral: <clinician key>'")
        elif clinician is None or clinician.name_and_credential not in normalise(referral.get_text()):
            problems.append(f"{rel}: the referral does not name the clinician and credential — check Referral in {source}")
    return problems


def check_site(output, settings):
    """Every problem found in a built output folder, as lines."""
    output = os.path.abspath(output)
    for folder in settings.get("PLUGIN_PATHS", []):  # the rules live in the local plugins
        folder = os.path.abspath(folder)
        if folder not in sys.path:
            sys.path.insert(0, folder)
    problems = []
    if not os.path.isfile(os.path.join(output, "index.html")):
        return [f"{output}: no index.html — build the site first (make html)"]
    soups = {}
    for path in html_files(output):
        soups[path] = parse(path)
        problems += check_page(output, path, soups[path], settings)
    for article in published_articles(settings):
        page = os.path.join(output, article.save_as)
        if page not in soups:
            problems.append(f"{display_path(article.source_path, settings['PATH'])}: its page {article.save_as} "
                            "was not built — run make html and read its errors")
            continue
        problems += check_article_page(output, article, soups[page], settings)
    return problems


def guess_settings(output):
    """publishconf.py for a published build (absolute stylesheet URL), else pelicanconf.py."""
    try:
        soup = parse(os.path.join(output, "index.html"))
        link = soup.find("link", rel="stylesheet")
        if link and link.get("href", "").startswith(("http://", "https://")):
            return "publishconf.py"
    except OSError:
        pass
    return "pelicanconf.py"


def main(argv=None):
    from pelican.settings import read_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="output")
    parser.add_argument("--settings", default=None,
                        help="settings the output was built with (default: guessed from the pages)")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings or guess_settings(args.output))
    problems = check_site(args.output, settings)
    for line in problems:
        print(line, file=sys.stderr)
    pages = sum(1 for _ in html_files(args.output))
    if problems:
        print(f"Check failed: {len(problems)} problem(s) in {pages} pages of {args.output}/.", file=sys.stderr)
        return 1
    print(f"Checked {pages} pages of {args.output}/: no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
