"""Build the site atomically: Pelican writes into a staging folder, every
problem (editorial rules, Pelican's own warnings, built-site checks) is
collected, and only a clean build replaces the output folder.

    python -m clinic_site.build [--settings pelicanconf.py] [--output output] [--check]

Exit status 0 on success; 1 with one line per problem otherwise. A failed
build never touches the existing output folder.
"""

import argparse
import logging
import os
import shutil
import sys
import tempfile

from clinic_site.sources import display_path, field_line

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
        return (f"{rel}: {str(field).capitalize()} is missing — add a line "
                f"'{str(field).capitalize()}: ...' to the front matter at the top of the file")
    if msg.startswith("There are %s"):
        return None  # duplicate slugs: the editorial save_as check names both files and the fix
    if msg.startswith("Unable to generate valid slug for") and "Category" in msg + str(args):
        return None  # the editorial category check names the file and line
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


def reset_signals():
    """Disconnect every plugin from Pelican's signals. Plugins connect at
    registration and blinker signals are process-wide, so without this a
    second build in one process would run the first build's plugins too."""
    import blinker
    from pelican.plugins import signals

    for value in vars(signals).values():
        if isinstance(value, blinker.Signal):
            value.receivers.clear()
            value._by_sender.clear()
            value._by_receiver.clear()
    # pelican-sitemap keeps its queue of pages in a module-level object that
    # only a successful build empties: start every build with a fresh one.
    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if sitemap is not None:
        sitemap.generator = sitemap.SitemapGenerator()


def run_pelican(settings_file, output, content_root=None, overrides=None):
    """Build into `output`; return (failures, warnings, settings)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    override = dict(overrides or {})
    override.update({"OUTPUT_PATH": os.path.abspath(output), "DELETE_OUTPUT_DIRECTORY": False})
    if content_root:
        override["PATH"] = os.path.abspath(content_root)
    settings = read_settings(settings_file, override=override)
    reset_signals()
    collector = Collector(settings["PATH"])
    root = logging.getLogger()
    root.addHandler(collector)
    previous_level = root.level
    root.setLevel(logging.WARNING)
    try:
        Pelican(settings).run()
    except Exception as exc:  # a crash is one more problem, not a traceback
        if not getattr(exc, "reported", False):
            collector.failures.append(Problem(f"pelican: the build stopped: {exc} — ask a developer"))
    finally:
        root.removeHandler(collector)
        root.setLevel(previous_level)
    return collector.failures, collector.warnings, settings


def swap_in(staging, output):
    """Replace `output` by `staging`, restoring the old output on any failure."""
    output = os.path.abspath(output)
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
    try:
        failures, warnings, settings = run_pelican(settings_file, staging, content_root, overrides)
        if not failures and check:
            from clinic_site.check import check_site

            failures += [Problem(p) for p in check_site(staging, settings)]
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
