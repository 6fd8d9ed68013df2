"""Where a build spends its time: the project's full build or bare Pelican,
run in-process under pyinstrument, with the samples grouped into named parts.

    python -m bench.profile full|bare CONTENT OUTPUT [--settings pelicanconf.py] [--html profile.html]

Each sample goes to the innermost frame on its call stack that one of PARTS
names, so time spent in BeautifulSoup on behalf of the editorial plugin counts
as the editorial plugin's.
"""

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (part, test on a frame's file path and function name). The first part whose
# test matches the innermost matching frame takes the sample.
PARTS = [
    ("editorial plugin (plugins/editorial)", lambda path, fn: "plugins/editorial" in path),
    ("clinicians plugin (plugins/clinicians)", lambda path, fn: "plugins/clinicians" in path),
    ("webassets: {% assets %} tag on every page", lambda path, fn: "webassets" in path),
    ("Markdown to HTML (reading posts)", lambda path, fn: "/markdown/" in path or "pelican/readers.py" in path),
    ("Jinja2 templates (rendering pages)", lambda path, fn: "jinja2" in path or path.endswith(".html")),
    ("writing files", lambda path, fn: "pelican/writers.py" in path),
    ("build driver: staging folder and swap", lambda path, fn: "clinic_site/build.py" in path
     and fn in ("swap_in", "build")),
    ("Pelican: other (generators, URLs, pagination, context)", lambda path, fn: "/pelican/" in path),
    ("start-up and imports", lambda path, fn: "<frozen importlib" in path),
]
OTHER = "other"


def part_of(frame):
    path = (frame.file_path or "").replace(os.sep, "/")
    for name, test in PARTS:
        if test(path, frame.function or ""):
            return name
    return None


def breakdown(root_frame):
    """{part: seconds} over the whole call tree."""
    totals = {}

    def walk(frame, current):
        current = part_of(frame) or current
        own = frame.total_self_time
        if own:
            totals[current] = totals.get(current, 0.0) + own
        for child in frame.children:
            if not child.is_synthetic:  # already in the parent's total_self_time
                walk(child, current)

    if root_frame is not None:
        walk(root_frame, OTHER)
    return totals


def _profile(run, html_path=None, interval=0.001):
    """Profile `run()` (wall-clock sampling, pyinstrument's default)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=interval)
    profiler.start()
    try:
        run()
    finally:
        profiler.stop()
    session = profiler.last_session
    if html_path:
        Path(html_path).write_text(profiler.output_html(), encoding="utf-8")
    parts = breakdown(session.root_frame())
    return {"clock": "wall", "total_s": sum(parts.values()),
            "parts": dict(sorted(parts.items(), key=lambda kv: -kv[1]))}


def profile_full(content, output, settings=ROOT / "pelicanconf.py", html_path=None):
    """The project's full build (the build driver, in-process)."""
    sys.path.insert(0, str(ROOT))
    from clinic_site.build import build

    out = io.StringIO()
    problems = []

    def run():
        problems.append(build(str(settings), str(output), str(content), out=out))

    result = _profile(run, html_path)
    if problems[0]:
        raise RuntimeError(f"the profiled build reported {problems[0]} problem(s):\n{out.getvalue()}")
    return result


def profile_bare(content, output, html_path=None):
    """Bare Pelican, as `pelican CONTENT -o OUTPUT -s bench/bare_settings.py` runs it."""

    def run():
        from pelican import Pelican  # imported here, as the full build's driver does
        from pelican.settings import read_settings

        settings = read_settings(str(Path(__file__).resolve().parent / "bare_settings.py"),
                                 override={"PATH": os.path.abspath(content),
                                           "OUTPUT_PATH": os.path.abspath(output)})
        Pelican(settings).run()

    return _profile(run, html_path)


def _in_subprocess(*args):
    """Each profile in its own process: plugins connect signals that outlive a run."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        target = f.name
    try:
        subprocess.run([sys.executable, "-m", "bench.profile", *map(str, args), "--json", target],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=dict(os.environ, PYTHONPATH=str(ROOT), TZ="UTC"))
        return json.loads(Path(target).read_text(encoding="utf-8"))
    finally:
        os.unlink(target)


def profile_builds(content, work, reports, n):
    """Profile a cold full build, a cold bare build and a one-post-edit
    rebuild of the full build; HTML profiles go to `reports`."""
    from bench.generate import edit_one
    from bench.run import cached_settings, run_build

    work = Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    result = {"n": n}
    result["full"] = _in_subprocess("full", content, work / "out-full", "--html", Path(reports) / f"profile-full-{n}.html")
    result["bare"] = _in_subprocess("bare", content, work / "out-bare", "--html", Path(reports) / f"profile-bare-{n}.html")
    settings = cached_settings(ROOT / "pelicanconf.py", work / "cache", work / "cached_settings.py")
    run_build("a", content, work / "out-rebuild", settings=settings)
    edit_one(sorted(Path(content).glob("*.md"))[0])
    result["rebuild"] = _in_subprocess("full", content, work / "out-rebuild", "--settings", settings,
                                       "--html", Path(reports) / f"profile-rebuild-{n}.html")
    result["html"] = {k: f"profile-{k}-{n}.html" for k in ("full", "bare", "rebuild")}
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["full", "bare"])
    parser.add_argument("content")
    parser.add_argument("output")
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"), help="for the full build")
    parser.add_argument("--html", help="also write pyinstrument's HTML view here")
    parser.add_argument("--json", help="write the breakdown here as JSON")
    args = parser.parse_args(argv)
    if args.kind == "full":
        result = profile_full(args.content, args.output, args.settings, args.html)
    else:
        result = profile_bare(args.content, args.output, args.html)
    if args.json:
        Path(args.json).write_text(json.dumps(result), encoding="utf-8")
    total = sum(result["parts"].values()) or 1
    for part, seconds in result["parts"].items():
        print(f"{seconds:8.2f} s  {100 * seconds / total:5.1f} %  {part}")


if __name__ == "__main__":
    main()
