"""A real browser for the tests, screenshots and Lighthouse: Debian's chromium,
driven by Playwright, looking at a built site served on 127.0.0.1.

Playwright never downloads a browser here; it drives the system chromium.
"""

import argparse
import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# No sandbox (CI runs as root), no GPU, and no traffic of the browser's own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Serve `folder` over HTTP on a free port of 127.0.0.1; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def page_url(base, rel):
    """The URL a reader uses for a built file: `articles/x/index.html` -> `articles/x/`."""
    rel = str(rel).replace(os.sep, "/")
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base + rel


def launch(playwright):
    """Start headless chromium from the system, not a Playwright download."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def report_args(doc, into, argv=None):
    """Arguments of a report command (--output built site, --into folder);
    exits with a hint when the site is not built."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--output", default="output", help="the built site")
    parser.add_argument("--into", default=into, help="folder for the report files")
    args = parser.parse_args(argv)
    if not (Path(args.output) / "index.html").is_file():
        parser.exit(1, f"{args.output}/index.html is missing: run `make html` first\n")
    return args
