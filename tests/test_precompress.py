"""Published builds carry a .gz (zopfli) and a .br beside every text file, and
the stylesheet's URL carries its content hash."""

import gzip
import hashlib
import re

import brotli
import zopfli.gzip

from conftest import build_site

TEXT = (".html", ".css", ".xml", ".txt", ".svg")


def text_files(output):
    return sorted(p for p in output.rglob("*") if p.is_file() and p.suffix in TEXT)


def test_settings_cover_the_text_types(published_site):
    assert "precompress" in published_site.settings["PLUGINS"]
    assert set(TEXT) <= set(published_site.settings["PRECOMPRESS_TEXT_EXTENSIONS"])


def test_every_text_file_has_gz_and_br_of_the_same_bytes(published_site):
    """The only exception pelican-precompress makes: a variant that would not be
    smaller than the file (a tiny robots.txt) is not written, and the server
    sends the file itself."""
    files = text_files(published_site.output)
    assert {p.suffix for p in files} >= {".html", ".css", ".xml"}
    written = 0
    for path in files:
        data = path.read_bytes()
        rel = path.relative_to(published_site.output)
        for suffix, decompress, compress in ((".gz", gzip.decompress, zopfli.gzip.compress),
                                             (".br", brotli.decompress, brotli.compress)):
            variant = path.with_name(path.name + suffix)
            if variant.is_file():
                assert decompress(variant.read_bytes()) == data, f"{rel}{suffix}"
                assert variant.stat().st_size < len(data)
                written += 1
            else:
                assert len(compress(data)) >= len(data), f"{rel} has no {suffix}, though it would be smaller"
    assert written >= len(files)  # on this site every file gains from both


def test_no_orphan_variants(published_site):
    for variant in list(published_site.output.rglob("*.gz")) + list(published_site.output.rglob("*.br")):
        assert variant.with_suffix("").is_file(), variant


def test_gzip_headers_carry_no_time_or_name(published_site):
    """zopfli writes MTIME 0 and no file name, so the .gz files are reproducible."""
    for gz in published_site.output.rglob("*.gz"):
        head = gz.read_bytes()[:10]
        assert head[:3] == b"\x1f\x8b\x08"
        assert head[3] & 0x08 == 0, f"{gz.name} stores a file name"
        assert head[4:8] == b"\0\0\0\0", f"{gz.name} stores a time"


def test_development_build_is_not_precompressed(published_site, tmp_path):
    """Built after a publish build in the same process: the precompress plugin must
    not carry over (the build driver disconnects each build's plugins)."""
    problems, output, log = build_site(tmp_path)
    assert problems == 0, log
    assert list(output.rglob("*.gz")) == [] and list(output.rglob("*.br")) == []


def test_stylesheet_url_carries_its_content_hash(published_site):
    css_links = set()
    for page in published_site.html_files():
        for link in published_site.soup(str(page.relative_to(published_site.output))).find_all("link", rel="stylesheet"):
            css_links.add(link["href"])
    assert len(css_links) == 1, css_links
    match = re.search(r"/theme/css/site\.([0-9a-f]{8})\.css$", css_links.pop())
    assert match, "the stylesheet name must carry a hash"
    css = published_site.output / "theme" / "css" / f"site.{match.group(1)}.css"
    assert hashlib.md5(css.read_bytes()).hexdigest().startswith(match.group(1)), "the hash is of the content"
