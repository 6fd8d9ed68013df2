"""The shipped nginx server block (deploy/nginx.conf), run by Debian's nginx on
127.0.0.1 against a published build, and read by curl-like requests and Chromium."""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, publish_build

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SERVER_BLOCK = ROOT / "deploy" / "nginx.conf"
HEADERS_FILE = ROOT / "deploy" / "_headers"
SECURITY = ("Content-Security-Policy", "Strict-Transport-Security", "Referrer-Policy", "Permissions-Policy",
            "X-Content-Type-Options", "X-Frame-Options")

CANARY = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP canary</title>
<style>body { color: red }</style></head><body><p style="color: blue">inline style attribute</p>
<script>document.title = "script ran";</script></body></html>"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_headers():
    """{name: value} of the server block's security add_header lines."""
    text = SERVER_BLOCK.read_text()
    return {name: value for name, value in re.findall(r'^\s*add_header ([\w-]+) "([^"]*)" always;', text, re.M)}


def server_block(port, root):
    """deploy/nginx.conf with only its address and folder changed."""
    text = SERVER_BLOCK.read_text()
    for old, new in ((" listen 80;", f" listen 127.0.0.1:{port};"), (" listen [::]:80;", ""),
                     (" root /srv/clinic-blog;", f" root {root};")):
        assert old in text, f"deploy/nginx.conf no longer has '{old.strip()}' — update this test"
        text = text.replace(old, new)
    if not BROTLI_MODULE.exists():
        text = text.replace(" brotli_static on;", "")
    return text


def main_config(prefix, port, root):
    return f"""{f'load_module {BROTLI_MODULE};' if BROTLI_MODULE.exists() else ''}
{'user root;' if os.geteuid() == 0 else ''}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/conf/clinic-blog.conf;
}}
"""


class Served:
    def __init__(self, port, output):
        self.port, self.output = port, output
        self.origin = f"http://127.0.0.1:{port}"

    def get(self, path, headers=None):
        """(status, headers, body), without following redirects or decompressing."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    assert Path(NGINX).exists(), "nginx is missing: .ci/run installs Debian's nginx (apt-get install nginx)"
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    problems, output, log = publish_build(tmp / "site", siteurl=f"http://127.0.0.1:{port}")
    assert problems == 0, log
    (output / "csp-canary").mkdir()
    (output / "csp-canary" / "index.html").write_text(CANARY)
    prefix = tmp / "prefix"
    for folder in ("conf", "logs", "tmp"):
        (prefix / folder).mkdir(parents=True)
    (prefix / "conf" / "clinic-blog.conf").write_text(server_block(port, output))
    conf = prefix / "conf" / "nginx.conf"
    conf.write_text(main_config(prefix, port, output))
    cmd = [NGINX, "-p", str(prefix), "-e", str(prefix / "logs" / "error.log"), "-c", str(conf)]
    checked = subprocess.run(cmd + ["-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        assert proc.poll() is None, f"nginx stopped: {proc.stderr.read().decode()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "nginx did not start listening"
            time.sleep(0.05)
    yield Served(port, output)
    proc.send_signal(signal.SIGQUIT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stderr.close()


def url_of(rel):
    rel = rel.replace(os.sep, "/")
    if rel == "index.html":
        return "/"
    return "/" + (rel[: -len("index.html")] if rel.endswith("/index.html") else rel)


def site_files(output):
    """The built files (not the variants, nor what the tests add: csp-canary/, hidden files)."""
    return sorted(str(p.relative_to(output)) for p in output.rglob("*")
                  if p.is_file() and p.suffix not in (".gz", ".br")
                  and not str(p.relative_to(output)).startswith(("csp-", ".")))


def expected_type_and_cache(rel):
    if rel.endswith(".html"):
        return "text/html; charset=utf-8", "no-cache" if rel == "404.html" else "public, max-age=300"
    if re.fullmatch(r"theme/css/site\.[0-9a-f]+\.css", rel):
        return "text/css; charset=utf-8", "public, max-age=31536000, immutable"
    if rel.startswith("feeds/"):
        return "application/atom+xml; charset=utf-8", "public, max-age=3600"
    return None, "public, max-age=300"


def test_security_headers_are_strict():
    headers = nginx_headers()
    assert set(SECURITY) <= set(headers)
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] in ("no-referrer", "strict-origin")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert int(re.search(r"max-age=(\d+)", headers["Strict-Transport-Security"]).group(1)) >= 31536000


def test_headers_file_matches_nginx():
    """deploy/_headers (Netlify / Cloudflare Pages) sends the same security headers on every path."""
    blocks, current = {}, None
    for line in HEADERS_FILE.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = blocks.setdefault(line.strip(), {})
        else:
            name, value = line.strip().split(":", 1)
            current[name.strip()] = value.strip()
    expected = {name: value for name, value in nginx_headers().items() if name in SECURITY}
    assert blocks["/*"] == expected
    assert blocks["/theme/css/*"]["Cache-Control"] == "public, max-age=31536000, immutable"


def test_every_file_is_served_with_200_and_its_headers(served):
    security = {name: value for name, value in nginx_headers().items() if name in SECURITY}
    files = site_files(served.output)
    assert len(files) > 5
    for rel in files:
        status, headers, body = served.get(url_of(rel))
        assert status == 200, f"{url_of(rel)}: {status}"
        assert body == (served.output / rel).read_bytes(), rel
        for name, value in security.items():
            assert headers[name] == value, f"{rel}: {name}"
        content_type, cache = expected_type_and_cache(rel)
        assert headers["Cache-Control"] == cache, rel
        if content_type:
            assert headers["Content-Type"] == content_type, rel
        assert "Content-Encoding" not in headers, rel


def test_missing_address_gets_the_site_404_page(served):
    for path in ("/no-such-page/", "/articles/no-such-post/", "/theme/css/site.00000000.css"):
        status, headers, body = served.get(path)
        assert status == 404, path
        assert body == (served.output / "404.html").read_bytes(), path
        assert b"Page not found" in body
        assert headers["Content-Security-Policy"] == nginx_headers()["Content-Security-Policy"]
        assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_folder_without_slash_redirects_on_the_same_host(served):
    status, headers, _ = served.get("/articles/ketamine-therapy")
    assert status == 301 and headers["Location"] == "/articles/ketamine-therapy/"


def test_hidden_files_are_not_served_but_well_known_is(served):
    (served.output / ".secret").write_text("x")
    (served.output / ".well-known").mkdir(exist_ok=True)
    (served.output / ".well-known" / "security.txt").write_text("Contact: mailto:security@example.org\n")
    assert served.get("/.secret")[0] == 404
    assert served.get("/.well-known/security.txt")[0] == 200


@pytest.mark.parametrize("rel", ["index.html", "articles/ketamine-therapy/index.html", "feeds/all.atom.xml", "css"])
@pytest.mark.parametrize("encoding,suffix", [("gzip", ".gz"), ("br", ".br")])
def test_accept_encoding_gets_the_precompressed_file(served, rel, encoding, suffix):
    if encoding == "br" and not BROTLI_MODULE.exists():
        pytest.fail("libnginx-mod-http-brotli-static is missing: .ci/run installs it")
    if rel == "css":
        rel = str(next((served.output / "theme" / "css").glob("site.*.css")).relative_to(served.output))
    status, headers, body = served.get(url_of(rel), {"Accept-Encoding": encoding})
    assert status == 200
    assert headers["Content-Encoding"] == encoding
    assert body == (served.output / (rel + suffix)).read_bytes(), "sent as built, not compressed again"
    assert "Accept-Encoding" in headers["Vary"]
    assert headers["Content-Type"] == expected_type_and_cache(rel)[0]
    assert headers["X-Content-Type-Options"] == "nosniff"


# --- Chromium: no Content-Security-Policy violation on any page type --------

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
    e => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def page_types(output):
    """One page of each kind (home, each top folder: articles, category, archives...), plus a missing address."""
    chosen = {"home": "/", "missing": "/no-such-page/"}
    for page in sorted(output.rglob("index.html")):
        rel = str(page.relative_to(output))
        kind = rel.split(os.sep)[0]
        if rel != "index.html" and not kind.startswith("csp-"):
            chosen.setdefault(kind, url_of(rel))
    chosen["404"] = "/404.html"
    return chosen


def csp_violations(page, url):
    console = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(100)
    events = page.evaluate("window.__csp")
    styled = page.evaluate("Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)")
    return console, events, styled


def test_chromium_sees_no_csp_violation_on_any_page_type(served, browser):
    kinds = page_types(served.output)
    assert {"home", "articles", "category", "categories", "archives", "404", "missing"} <= set(kinds)
    total = 0
    for kind, path in kinds.items():
        context = browser.new_context()
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        console, events, styled = csp_violations(page, served.origin + path)
        context.close()
        assert styled > 0, f"{kind} {path}: the stylesheet did not load, so the count would mean nothing"
        assert console == [] and events == [], f"{kind} {path}: {console} {events}"
        total += len(console) + len(events)
    print(f"\nChromium, {len(kinds)} page types through nginx: {total} CSP violations")
    assert total == 0


def test_chromium_check_catches_a_violation(served, browser):
    """The same check on a page with inline style and script reports them."""
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console, events, _ = csp_violations(page, served.origin + "/csp-canary/")
    title = page.title()
    context.close()
    assert title == "CSP canary", "the inline script must have been blocked"
    assert len(events) >= 3, events  # <style>, style="", <script>
    assert any("style-src" in e for e in events) and any("script-src" in e for e in events)
    assert console, "Chromium also reports them in the console"
