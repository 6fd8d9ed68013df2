"""Benchmark: build cost and reader-side weight of synthetic sites of N posts,
side by side with bare Pelican, in one command (`make bench`).

    python -m bench.run [--sizes 100,1000,5000] [--runs 3] [--out reports]

For each N it generates N valid posts into a temporary folder and builds
them two ways, alternating a, b, a, b...:

  a (full)  the project's build as `make html` runs it: the build driver
            (`python -m clinic_site.build --settings pelicanconf.py`), our
            theme, plugins and editorial checks, staged then swapped in;
  b (bare)  `pelican CONTENT -o OUT -s bench/bare_settings.py`: Pelican's
            default theme, no plugins, the settings `pelican-quickstart`
            writes (feeds off, no pagination).

Then it primes Pelican's content cache, edits one post and rebuilds (both
builds up to N=1,000, the full build only above). It writes reports/bench.md (tables), reports/bench.json (every run)
and reports/bench.png (ms per post against N).
"""

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import generate, reader

ROOT = Path(__file__).resolve().parent.parent
BARE_SETTINGS = Path(__file__).resolve().parent / "bare_settings.py"
LISTING_BUDGET = 50_000  # bytes, uncompressed
GOAL_SIZE = 1000
GOAL_RATIO = 1.10
GOAL_REBUILD = 0.30

CACHED_SETTINGS = '''"""The project's settings with Pelican's content cache on (benchmark only)."""
import sys
sys.path.insert(0, {root!r})
from {base} import *  # noqa: F401,F403

THEME = {theme!r}
PLUGIN_PATHS = {plugin_paths!r}
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
'''


def cached_settings(base_settings, cache_dir, target):
    """Write a settings file that is `base_settings` plus the content cache."""
    sys.path.insert(0, str(ROOT))
    from pelican.settings import read_settings

    settings = read_settings(str(base_settings))
    base = Path(base_settings)
    text = CACHED_SETTINGS.format(root=str(base.parent), base=base.stem, theme=settings["THEME"],
                                  plugin_paths=settings["PLUGIN_PATHS"], cache=str(cache_dir))
    Path(target).write_text(text, encoding="utf-8")
    return Path(target)


class BuildFailed(RuntimeError):
    pass


def run_build(kind, content, output, settings=None, cache_dir=None):
    """Build once in a subprocess; return wall time, CPU time and peak RSS."""
    python = sys.executable
    if kind == "a":
        cmd = [python, "-m", "clinic_site.build", "--settings", str(settings or ROOT / "pelicanconf.py"),
               "--content", str(content), "--output", str(output)]
    else:
        cmd = [python, "-m", "pelican", str(content), "-o", str(output), "-s", str(BARE_SETTINGS)]
        if cache_dir:
            cmd += ["--cache-path", str(cache_dir), "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    env = dict(os.environ, PYTHONPATH=str(ROOT), TZ="UTC")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # wait4 gives this child's own resource usage (peak RSS in KiB on Linux).
    log = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    problems = [line for line in log.splitlines() if kind == "a" and line.startswith("warning:")]
    if proc.returncode != 0 or problems:
        raise BuildFailed(f"build {kind} of {content} failed ({proc.returncode}):\n{log[-4000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mib": usage.ru_maxrss / 1024}


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return Path(path)


def slug_of(title):
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def sample_pages(content):
    """(article, home, category) pages of the first post, for a and for b."""
    first = sorted(Path(content).glob("*.md"))[0]
    meta = {}
    for line in first.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta.setdefault(key.strip().lower(), value.strip())
    slug, category = slug_of(meta["title"]), slug_of(meta["category"])
    return {
        "a": {"article": f"articles/{slug}/index.html", "home": "index.html",
              "category": f"category/{category}/index.html"},
        "b": {"article": f"{slug}.html", "home": "index.html", "category": f"category/{category}.html"},
    }


def measure_size(n, runs, rebuild_runs, work, log):
    content = generate.generate(n, work / "content")[0].parent
    out = {"a": work / "out-a", "b": work / "out-b"}
    record = {"n": n, "runs": [], "rebuilds": [], "primes": []}

    for run in range(1, runs + 1):
        for kind in ("a", "b"):
            fresh(out[kind])
            result = run_build(kind, content, out[kind])
            files, size = reader.output_size(out[kind])
            result.update(build=kind, run=run, files=files, bytes=size)
            record["runs"].append(result)
            log(f"  N={n} {kind} run {run}: {result['wall_s']:.2f} s wall, {result['cpu_s']:.2f} s CPU, "
                f"{result['peak_rss_mib']:.0f} MiB")

    # Reader side and listing pages, from the last cold builds.
    pages = sample_pages(content)
    record["reader"] = {kind: {name: reader.page_weight(out[kind], rel) for name, rel in pages[kind].items()}
                        for kind in ("a", "b")}
    record["listing"] = {kind: reader.listing_pages(out[kind], LISTING_BUDGET) for kind in ("a", "b")}

    # One-post edit with the content cache: prime, then edit and rebuild.
    # Bare Pelican's rebuild is context, not a goal: above N=1,000 it is left
    # out to keep `make bench` short.
    kinds = ("a", "b") if n <= GOAL_SIZE else ("a",)
    caches = {kind: fresh(work / f"cache-{kind}") for kind in kinds}
    settings_a = cached_settings(ROOT / "pelicanconf.py", caches["a"], work / "cached_settings.py")
    for kind in kinds:
        fresh(out[kind])
        result = run_build(kind, content, out[kind], settings=settings_a, cache_dir=caches[kind])
        result.update(build=kind)
        record["primes"].append(result)
        log(f"  N={n} {kind} cache-priming build: {result['wall_s']:.2f} s")
    posts = sorted(content.glob("*.md"))
    for run in range(1, rebuild_runs + 1):
        edited = posts[(n // 2 + run) % len(posts)]
        generate.edit_one(edited)
        for kind in kinds:
            result = run_build(kind, content, out[kind], settings=settings_a, cache_dir=caches[kind])
            result.update(build=kind, run=run, edited=edited.name)
            record["rebuilds"].append(result)
            log(f"  N={n} {kind} rebuild {run} after editing {edited.name}: {result['wall_s']:.2f} s")
    return record


def summarise(record):
    """Medians and ratios of one size's runs."""
    n = record["n"]
    summary = {}
    for kind in ("a", "b"):
        runs = [r for r in record["runs"] if r["build"] == kind]
        rebuilds = [r for r in record["rebuilds"] if r["build"] == kind]
        wall = statistics.median(r["wall_s"] for r in runs)
        summary[kind] = {
            "wall_s": wall,
            "ms_per_post": 1000 * wall / n,
            "cpu_s": statistics.median(r["cpu_s"] for r in runs),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
            "files": runs[-1]["files"],
            "bytes": runs[-1]["bytes"],
            "prime_s": next((r["wall_s"] for r in record["primes"] if r["build"] == kind), None),
            "rebuild_s": statistics.median(r["wall_s"] for r in rebuilds) if rebuilds else None,
        }
        summary[kind]["rebuild_ratio"] = (summary[kind]["rebuild_s"] / wall) if rebuilds else None
        summary[kind]["rebuild_cpu_ratio"] = (statistics.median(r["cpu_s"] for r in rebuilds)
                                              / summary[kind]["cpu_s"]) if rebuilds else None
    summary["ratio_wall"] = summary["a"]["wall_s"] / summary["b"]["wall_s"]
    summary["ratio_cpu"] = summary["a"]["cpu_s"] / summary["b"]["cpu_s"]
    return summary


def goals(results):
    """Each goal: measured value, met or missed, or None when not measured."""
    by_n = {r["n"]: r for r in results}
    build = rebuild = None
    if GOAL_SIZE in by_n:
        s = by_n[GOAL_SIZE]["summary"]
        build = {"n": GOAL_SIZE, "ratio": s["ratio_wall"], "ratio_cpu": s["ratio_cpu"],
                 "limit": GOAL_RATIO, "met": s["ratio_wall"] <= GOAL_RATIO}
        ratio = s["a"]["rebuild_ratio"]
        rebuild = {"n": GOAL_SIZE, "ratio": ratio, "ratio_cpu": s["a"]["rebuild_cpu_ratio"],
                   "limit": GOAL_REBUILD, "met": ratio <= GOAL_REBUILD,
                   "all_sizes": {r["n"]: r["summary"]["a"]["rebuild_ratio"] for r in results}}
    largest = max(results, key=lambda r: r["n"])
    listing = largest["listing"]["a"]
    pages = {"n": largest["n"], "limit_bytes": LISTING_BUDGET,
             "largest_bytes": max(k["largest_bytes"] for k in listing.values()),
             "met": all(k["over_budget"] == 0 for k in listing.values())}
    return {"build_ratio": build, "rebuild": rebuild, "listing_pages": pages}


def machine():
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                                    text=True, check=False).stdout.strip())
    except OSError:
        commit, dirty = "", False
    import pelican

    return {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "python": platform.python_version(), "pelican": pelican.__version__,
            "platform": platform.platform(), "cpus": os.cpu_count(),
            "commit": commit + ("+changes" if dirty else "")}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated post counts")
    parser.add_argument("--runs", type=int, default=3, help="cold builds of each kind per size")
    parser.add_argument("--rebuild-runs", type=int, default=None,
                        help="edit-and-rebuild runs per size (default: --runs up to N=1,000, then 1)")
    parser.add_argument("--out", default=str(ROOT / "reports"))
    parser.add_argument("--work", default=None, help="folder for generated sites (default: a temporary one)")
    parser.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                        help="profile the builds with pyinstrument: when a goal is missed (auto), always or never")
    parser.add_argument("--no-chart", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    def rebuild_runs(n):
        # One edit-and-rebuild above N=1,000 keeps `make bench` short.
        if args.rebuild_runs is not None:
            return args.rebuild_runs
        return args.runs if n <= GOAL_SIZE else 1

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def log(line):
        print(line, flush=True)

    work_root = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="clinic-bench-"))
    started = time.perf_counter()
    load_before = os.getloadavg()
    results = []
    try:
        for n in sizes:
            log(f"N={n}: generating and building")
            work = fresh(work_root / f"n{n}")
            work.mkdir(parents=True)
            record = measure_size(n, args.runs, rebuild_runs(n), work, log)
            record["summary"] = summarise(record)
            results.append(record)
        outcome = goals(results)
        missed = any(g and not g["met"] for g in outcome.values())
        profile = None
        if args.profile == "always" or (args.profile == "auto" and missed):
            from bench.profile import profile_builds

            n = GOAL_SIZE if GOAL_SIZE in sizes else max(sizes)
            log(f"Profiling the builds at N={n} with pyinstrument")
            work = work_root / f"n{n}"
            profile = profile_builds(work / "content", work / "profile", out, n)
    finally:
        if not args.work:
            shutil.rmtree(work_root, ignore_errors=True)

    data = {"machine": machine(), "sizes": sizes, "runs": args.runs,
            "rebuild_runs": {n: rebuild_runs(n) for n in sizes},
            "load_average_before": load_before, "load_average_after": os.getloadavg(),
            "duration_s": time.perf_counter() - started, "results": results, "goals": outcome,
            "profile": profile}
    from bench.report import write_chart, write_json, write_markdown

    write_json(data, out / "bench.json")
    chart = None if args.no_chart else write_chart(data, out / "bench.png")
    write_markdown(data, out / "bench.md", chart)
    log(f"Wrote {out / 'bench.md'}, {out / 'bench.json'}" + (f", {chart}" if chart else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
