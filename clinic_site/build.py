"""Build the site atomically: Pelican writes into a staging folder, every
problem (editorial rules, Pelican's own warnings, built-site checks) is
collected, and only a clean build replaces the output folder.

    python -m clinic_site.build [--settings pelicanconf.py] [--output output] [--check]

Exit status 0 on success; 1 with one line per problem otherwise. A failed
build never touches the existing output folder.
"""

import argparse
import ctypes
import logging
import os
import re
import shutil
import sys
import tempfile
import weakref

from clinic_site.sources import display_path, field_line, text_line

log = logging.getLogger("clinic.build")


class Problem(str):
    """One line of the report a staff member reads."""


class Collector(logging.Handler):
    """Keeps every warning and error logged during a build.

    Records from the site's own `clinic.*` loggers fail the build at ERROR and
    are only shown at WARNING; Pelican's and its plugins' warnings fail it.
    """

    def __init__(self, content_root):
        super().__init__(logging.WARNING)
        self.content_root = content_root
        self.failures = []
        self.warnings = []

    def emit(self, record):
        try:
            line = translate(record, self.content_root, sys.exc_info()[1])
        except Exception:  # never lose a problem because its wording is odd
            line = record.getMessage()
        if line is None:
            return
        own = record.name.startswith("clinic.")
        if own and record.levelno < logging.ERROR:
            self.warnings.append(Problem(line))
        else:
            self.failures.append(Problem(line))


def _rel(path, root):
    path = str(path)
    if os.path.isabs(path) or path.startswith("."):
        return display_path(os.path.join(root, path) if not os.path.isabs(path) else path, root)
    return display_path(os.path.join(root, path), root)


def translate(record, content_root, exc):
    """Turn a log record into `content/<file>: what — how to fix`, or None to
    drop a record that another check already reports better."""
    if record.name.startswith("clinic."):
        return record.getMessage()
    msg, args = str(record.msg), record.args or ()
    if msg.startswith("Could not process"):
        path = args[0]
        rel = _rel(path, content_root)
        text = str(exc) if exc else "it could not be read"
        if "valid date" in text or "date" in text.lower():
            line = field_line(os.path.join(content_root, path), "date")
            where = f"line {line}: " if line else ""
            return (f"{rel}: {where}Date is not a date Pelican understands ({text}) — "
                    "write it as YYYY-MM-DD, e.g. 'Date: 2024-03-15'")
        return f"{rel}: the file could not be read ({text}) — check the front matter at the top of the file"
    if msg.startswith("Skipping %s: could not find information about"):
        content, field = args[0], args[1]
        rel = _rel(getattr(content, "source_path", content), content_root)
        source = os.path.join(content_root, getattr(content, "source_path", content))
        line, written = line_without_colon(source, str(field))
        if line:
            value = written[len(str(field)):].strip(" \t-=")
            return (f"{rel}: line {line}: '{written}' needs a colon after the field name — "
                    f"write '{str(field).capitalize()}: {value}'")
        return (f"{rel}: {str(field).capitalize()} is missing — add a line "
                f"'{str(field).capitalize()}: ...' to the front matter at the top of the file")
    if msg.startswith("There are %s"):
        return None  # duplicate slugs: the editorial save_as check names both files and the fix
    if msg.startswith("Unable to generate valid slug for") and "Category" in msg + str(args):
        return None  # the editorial category check names the file and line
    if msg.startswith("Skipping %s: file %r would be written outside"):
        path = getattr(args[0], "source_path", args[0])
        rel = _rel(path, content_root)
        source = os.path.join(content_root, path)
        field = next((f for f in ("save_as", "url", "slug") if field_line(source, f)), "slug")
        line = field_line(source, field)
        where = f"line {line}: " if line else ""
        return (f"{rel}: {where}{field.capitalize()} would put the page outside the site ('{args[1]}') — "
                "remove the line, or write 'Slug: words-with-hyphens'")
    if msg.startswith("Cannot get modification stamp"):
        return missing_static(args[0], content_root)
    if msg.startswith("Unknown status"):
        rel = _rel(getattr(args[1], "source_path", args[1]), content_root)
        return (f"{rel}: Status '{args[0]}' is not known — "
                "use 'Status: draft' to hold a post back, or remove the line to publish it")
    text = record.getMessage()
    source = source_of(args, content_root)
    if source is None:
        return f"pelican: {text} — fix the file it names, or ask a developer"
    rel = _rel(source, content_root)
    text = text.replace(os.path.abspath(os.path.join(content_root, os.path.relpath(source, content_root))), rel)
    if msg.startswith("Empty alt attribute"):
        return (f"{rel}: image {args[0]} has no description (alt text) — describe it for readers who cannot "
                "see it: ![what the image shows](...)")
    if msg.startswith("Unable to find"):
        return (f"{rel}: the link {args[0]} points to a file that does not exist — "
                "check the name after {filename} or {static} in that link")
    return f"{rel}: {text} — correct this in the file, or ask a developer"


def line_without_colon(source, field):
    """(line number, text) of a front-matter line that starts with `field` but
    has no colon after it ('Date 2024-03-01'), or (None, None)."""
    from clinic_site.sources import read_lines

    for number, line in enumerate(read_lines(source), start=1):
        if not line.strip():
            break
        if re.match(rf"(?i){re.escape(field)}\b(?!\s*:)", line.lstrip("\ufeff")):
            return number, line.strip()
    return None, None


def missing_static(filename, content_root):
    """A picture or file linked with {static} that is not in content/: name the
    post and line that link it."""
    root = os.path.abspath(content_root)
    rel = os.path.relpath(os.path.abspath(filename), root).replace(os.sep, "/")
    shown = display_path(filename, root)
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if not name.endswith((".md", ".markdown", ".html")):
                continue
            path = os.path.join(folder, name)
            line = text_line(path, rel)
            if line:
                return (f"{display_path(path, root)}: line {line}: {shown} does not exist — add the file to "
                        f"{os.path.dirname(shown)}/, or correct its name in the link")
    return f"{shown} does not exist but a page links to it — add the file, or correct the link"


def source_of(args, content_root):
    """The content file a Pelican message is about: named in its arguments,
    or the Content object being processed when it was logged."""
    root = os.path.abspath(content_root)
    for arg in args:
        path = getattr(arg, "source_path", None) or (arg if isinstance(arg, str) else None)
        if path and os.path.isfile(os.path.join(root, path)) and path.endswith((".md", ".markdown", ".html")):
            return os.path.join(root, path)
    frame = sys._getframe(3)
    while frame is not None:
        path = getattr(frame.f_locals.get("self"), "source_path", None)
        if isinstance(path, str) and os.path.abspath(path).startswith(root + os.sep):
            return path
        frame = frame.f_back
    return None


def reset_sitemap():
    """pelican-sitemap keeps its queue of pages in a module-level object that
    only a successful build empties: start every build with a fresh one."""
    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if sitemap is not None:
        sitemap.generator = sitemap.SitemapGenerator()


def _receivers():
    """Every receiver connected to a (blinker) signal now, by signal name."""
    import blinker

    return {name: set(sig.receivers) for name, sig in list(blinker.default_namespace.items())}


def _disconnect_new(before):
    """Disconnect what this build's plugins connected. Pelican never does, so
    without this a publish build's plugins (pre-compression) would also run in
    a later build with other settings in the same process (the tests)."""
    import blinker

    for name, sig in list(blinker.default_namespace.items()):
        for receiver_id in set(sig.receivers) - before.get(name, set()):
            ref = sig.receivers.get(receiver_id)
            receiver = ref() if isinstance(ref, weakref.ref) else ref
            if receiver is not None:
                sig.disconnect(receiver)


def run_pelican(settings_file, output, content_root=None, overrides=None):
    """Build into `output`; return (failures, warnings, settings)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    override = dict(overrides or {})
    override.update({"OUTPUT_PATH": os.path.abspath(output), "DELETE_OUTPUT_DIRECTORY": False})
    if content_root:
        override["PATH"] = os.path.abspath(content_root)
    settings = read_settings(settings_file, override=override)
    reset_sitemap()
    collector = Collector(settings["PATH"])
    root = logging.getLogger()
    root.addHandler(collector)
    previous_level = root.level
    root.setLevel(logging.WARNING)
    connected = _receivers()
    try:
        Pelican(settings).run()
    except Exception as exc:  # a crash is one more problem, not a traceback
        if not getattr(exc, "reported", False):
            collector.failures.append(Problem(f"pelican: the build stopped: {exc} — ask a developer"))
    finally:
        _disconnect_new(connected)
        root.removeHandler(collector)
        root.setLevel(previous_level)
    return collector.failures, collector.warnings, settings


def _exchange(a, b):
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE).
    Returns False where the system cannot, so the caller falls back."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    return False  # e.g. a file system without exchange support: use the two renames


def swap_in(staging, output):
    """Replace `output` by the finished `staging` folder in one step.

    Where the system allows (Linux), the two folders are exchanged atomically,
    so `output/` is always either the whole old site or the whole new one.
    Elsewhere it takes two renames (output -> old, staging -> output) and
    puts the old site back if the second one fails. Nothing is copied, so the
    swap cannot stop half-way through the files.
    """
    output = os.path.abspath(output)
    staging = os.path.abspath(staging)
    if os.path.isdir(output) and _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old site
        return
    old = None
    if os.path.exists(output):
        old = tempfile.mkdtemp(prefix=".output-old-", dir=os.path.dirname(output))
        os.rmdir(old)
        os.rename(output, old)
    try:
        os.rename(staging, output)
    except OSError:
        if old:
            os.rename(old, output)
        raise
    if old:
        shutil.rmtree(old, ignore_errors=True)


def build(settings_file="pelicanconf.py", output="output", content_root=None, check=False, out=sys.stderr,
          overrides=None):
    """Build, check and swap in. Returns the number of problems (0 = success).
    `overrides` replaces settings (tests use it to switch a plugin off)."""
    output = os.path.abspath(output)
    parent = os.path.dirname(output)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".output-staging-", dir=parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; output/ is served to everyone
    try:
        failures, warnings, settings = run_pelican(settings_file, staging, content_root, overrides)
        if not failures and check:
            from clinic_site.check import check_site

            # Name the pages as they will be in output/, not by the staging folder.
            staged, final = os.path.basename(staging) + os.sep, os.path.basename(output) + os.sep
            failures += [Problem(p.replace(staged, final)) for p in check_site(staging, settings)]
        failures = list(dict.fromkeys(failures))  # a message Pelican repeats is one problem
        # grouped by file, in the order found within a file; Pelican's own last
        failures.sort(key=lambda line: (line.startswith("pelican:"), line.split(": ", 1)[0]))
        for line in warnings:
            print(f"warning: {line}", file=out)
        for line in failures:
            print(line, file=out)
        if failures:
            where = os.path.relpath(output)
            print(f"Build failed: {len(failures)} problem(s). {where}/ was not changed.", file=out)
            return len(failures)
        swap_in(staging, output)
        print(f"Built {os.path.relpath(output)}/ with {os.path.basename(settings_file)}.", file=out)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--content", default=None, help="content folder (default: PATH from the settings)")
    parser.add_argument("--check", action="store_true", help="also run the built-site checks")
    args = parser.parse_args(argv)
    return 1 if build(args.settings, args.output, args.content, args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
