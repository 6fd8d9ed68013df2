"""The benchmark's outputs: bench.json (every run), bench.md (tables) and a
chart of ms per post against N (matplotlib, PNG)."""

import json
from pathlib import Path

NAMES = {"a": "a: full (ours)", "b": "b: bare Pelican"}
PAGES = ("article", "home", "category")


def write_json(data, path):
    Path(path).write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")


def write_chart(data, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["n"] for r in data["results"]]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for kind, marker, color in (("a", "o", "tab:blue"), ("b", "s", "tab:orange")):
        ax.plot(sizes, [r["summary"][kind]["ms_per_post"] for r in data["results"]], marker=marker,
                color=color, label=NAMES[kind])
        rebuilds = [(n, r["summary"][kind]["rebuild_s"]) for n, r in zip(sizes, data["results"])
                    if r["summary"][kind]["rebuild_s"] is not None]
        if rebuilds:
            ax.plot([n for n, _ in rebuilds], [1000 * v / n for n, v in rebuilds], marker=marker, color=color,
                    linestyle=":", alpha=0.6, label=NAMES[kind] + ", rebuild after a one-post edit")
    if len(sizes) > 1:
        ax.set_xscale("log")
    ax.set_xticks(sizes, [f"{n:,}" for n in sizes])
    ax.set_xlabel("posts (N)")
    ax.set_ylabel("build time per post (ms, median wall time / N)")
    ax.set_ylim(bottom=0)
    ax.set_title("Build cost per post")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return Path(path)


def _kb(n):
    return f"{n / 1000:,.1f} kB"


def _mb(n):
    return f"{n / 1e6:,.1f} MB"


def _verdict(goal):
    return "**met**" if goal["met"] else "**missed**"


def write_markdown(data, path, chart=None):
    m = data["machine"]
    lines = ["# Benchmark: build cost and reader-side weight", ""]
    lines += [
        f"Run {m['date']} on {m['platform']}, {m['cpus']} CPUs, Python {m['python']}, Pelican {m['pelican']}, "
        f"commit {m['commit'] or 'unknown'}. Load average before/after: "
        f"{' '.join(f'{x:.2f}' for x in data['load_average_before'])} / "
        f"{' '.join(f'{x:.2f}' for x in data['load_average_after'])}. "
        f"Whole run: {data['duration_s'] / 60:.1f} min.",
        "",
        "- **a: full (ours)**: `python -m clinic_site.build --settings pelicanconf.py --content SITE --output OUT`, "
        "the build `make html` runs: our theme, plugins (webassets, clinicians, editorial) and the editorial "
        "checks, built into a staging folder and swapped in. (`make publish` adds feeds and `--check`; "
        "it is not the one measured.)",
        "- **b: bare Pelican**: `pelican SITE -o OUT -s bench/bare_settings.py`: the default theme (notmyidea), "
        "no plugins, the settings `pelican-quickstart` writes (feeds off, no pagination).",
        f"- Same generated content for both; cold builds into an empty output folder, alternating a, b, a, b "
        f"({data['runs']} of each per size). Each build is its own process; wall time with `time.perf_counter`, "
        "CPU time (user + system) and peak RSS from `os.wait4`.",
        "",
        "## Build cost",
        "",
        "| N | build | median wall | ms per post | median CPU | peak RSS | output files | output bytes | a/b wall | a/b CPU |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["results"]:
        s = r["summary"]
        for kind in ("a", "b"):
            k = s[kind]
            ratio = (f"**{s['ratio_wall']:.2f}×**", f"{s['ratio_cpu']:.2f}×") if kind == "a" else ("", "")
            lines.append(f"| {r['n']:,} | {NAMES[kind]} | {k['wall_s']:.2f} s | {k['ms_per_post']:.1f} | "
                         f"{k['cpu_s']:.2f} s | {k['peak_rss_mib']:.0f} MiB | {k['files']:,} | {_mb(k['bytes'])} | "
                         f"{ratio[0]} | {ratio[1]} |")
    lines += ["", "Every run (wall seconds, in the order they ran):", ""]
    for r in data["results"]:
        runs = ", ".join(f"{x['build']} {x['wall_s']:.2f}" for x in r["runs"])
        lines.append(f"- N={r['n']:,}: {runs}")

    lines += [
        "",
        "## Rebuild after editing one post",
        "",
        "Pelican's content cache on (`CACHE_CONTENT`, `LOAD_CONTENT_CACHE`, a fresh `CACHE_PATH`): one "
        "cache-priming build, then one more sentence appended to one post and a rebuild into the existing "
        "output (a: the build driver stages and swaps as always), "
        + ", ".join(f"{times}× at N={int(n):,}" for n, times in data["rebuild_runs"].items())
        + ", alternating a and b (bare Pelican, for context, up to N=1,000 only). The ratio is the median "
        "rebuild over the median cold build above.",
        "",
        "| N | build | cold build (no cache) | cache-priming build | median rebuild | **rebuild / cold** | "
        "same in CPU time |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in data["results"]:
        for kind in ("a", "b"):
            k = r["summary"][kind]
            prime = f"{k['prime_s']:.2f} s" if k["prime_s"] is not None else "—"
            if k["rebuild_s"] is None:
                rebuild = ratio = cpu = "—"
            else:
                rebuild = f"{k['rebuild_s']:.2f} s"
                ratio = f"**{k['rebuild_ratio']:.0%}**"
                cpu = f"{k['rebuild_cpu_ratio']:.0%}"
            lines.append(f"| {r['n']:,} | {NAMES[kind]} | {k['wall_s']:.2f} s | {prime} | "
                         f"{rebuild} | {ratio} | {cpu} |")

    lines += [
        "",
        "## Reader side",
        "",
        "What a browser downloads for the first post's article page, the home page (first page) and that "
        "post's category page (first page): HTML and every stylesheet it links or `@import`s, gzipped at "
        "level 6; requests also count fonts and images the page's CSS uses (checked against a local server "
        "and headless Chromium: same requests, plus `/favicon.ico`, which neither site has and which is "
        "left out). Nothing comes from another host in either site.",
        "",
        "| N | page | site | HTML | HTML gzip | CSS files | CSS gzip | **HTML+CSS gzip** | fonts/images | requests |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["results"]:
        for page in PAGES:
            for kind in ("a", "b"):
                w = r["reader"][kind][page]
                lines.append(f"| {r['n']:,} | {page} | {NAMES[kind]} | {_kb(w['html_bytes'])} | "
                             f"{_kb(w['html_gzip'])} | {w['css_files']} | {_kb(w['css_gzip'])} | "
                             f"**{_kb(w['html_css_gzip'])}** | {_kb(w['other_bytes'])} | {w['requests']} |")
    last = data["results"][-1]
    lines += ["", f"Requests at N={last['n']:,}:", ""]
    for kind in ("a", "b"):
        for page in PAGES:
            w = last["reader"][kind][page]
            lines.append(f"- {NAMES[kind]}, {page}: " + ", ".join(f"`{x}`" for x in w["request_list"]))

    largest = max(data["results"], key=lambda r: r["n"])
    goal = data["goals"]["listing_pages"]
    lines += [
        "",
        f"## Listing pages at N={largest['n']:,}",
        "",
        f"Budget: no listing page over {goal['limit_bytes']:,} bytes uncompressed. Ours paginates the home, "
        "category and archives pages (`DEFAULT_PAGINATION`, `PAGINATED_TEMPLATES` in pelicanconf.py). "
        "Tag pages do not exist in our site: tags are kept in the posts' metadata, but tag and tags pages "
        "are switched off on purpose (`TAG_SAVE_AS = \"\"`); bare Pelican builds them.",
        "",
        "| site | kind | pages | largest page | largest bytes | pages over budget |",
        "|---|---|---:|---|---:|---:|",
    ]
    for kind in ("a", "b"):
        for name, entry in sorted(largest["listing"][kind].items()):
            lines.append(f"| {NAMES[kind]} | {name} | {entry['pages']:,} | `{entry['largest_page']}` | "
                         f"{entry['largest_bytes']:,} | {entry['over_budget']:,} |")
    if "tag" not in largest["listing"]["a"]:
        lines.append(f"| {NAMES['a']} | tag | 0 (switched off) | — | — | 0 |")

    g = data["goals"]
    lines += ["", "## Goals", "", "Judged on median wall time, as set; CPU time is given beside it because "
              "other processes on a shared machine stretch wall time.", ""]
    if g["build_ratio"]:
        b = g["build_ratio"]
        cpu = "within" if b["ratio_cpu"] <= b["limit"] else "over"
        lines.append(f"- Full build at most {b['limit']:.2f}× bare Pelican at N={b['n']:,}: {_verdict(b)}, "
                     f"measured **{b['ratio']:.2f}×** median wall time (CPU time: {b['ratio_cpu']:.2f}×, "
                     f"{cpu} the limit).")
        rb = g["rebuild"]
        others = ", ".join(f"N={n:,}: {v:.0%}" for n, v in rb["all_sizes"].items())
        cpu = "within" if rb["ratio_cpu"] <= rb["limit"] else "over"
        lines.append(f"- One-post edit rebuild at most {rb['limit']:.0%} of a cold build: {_verdict(rb)}, "
                     f"measured **{rb['ratio']:.0%}** of the median wall time at N={rb['n']:,} "
                     f"(CPU time: {rb['ratio_cpu']:.0%}, {cpu} the limit; wall, all sizes: {others}).")
    else:
        lines.append("- Build ratio and rebuild goals are set at N=1,000, which this run did not include.")
    lines.append(f"- Listing pages at most {goal['limit_bytes']:,} bytes at N={goal['n']:,}: {_verdict(goal)}, "
                 f"largest {goal['largest_bytes']:,} bytes.")

    profile = data.get("profile")
    if profile:
        lines += [
            "",
            f"## Where the time goes (pyinstrument, N={profile['n']:,})",
            "",
            f"Each build profiled once in-process with pyinstrument, sampling {profile['full']['clock']} time "
            "every 1 ms. Profiling slows a build, and code that makes many small calls (Markdown) the most, so "
            "compare shares between columns, not seconds with the tables above. A sample counts for the innermost frame that names a part: "
            "BeautifulSoup called by the editorial plugin counts as the editorial plugin. Full views: "
            + ", ".join(f"`{name}`" for name in profile["html"].values()) + " beside this report.",
            "",
            "| part | a: full | share | b: bare | share | a: rebuild after one edit | share |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        columns = [profile["full"], profile["bare"], profile["rebuild"]]
        totals = [sum(c["parts"].values()) or 1 for c in columns]
        parts = list(dict.fromkeys(p for c in columns for p in c["parts"]))
        for part in parts:
            cells = []
            for column, total in zip(columns, totals):
                seconds = column["parts"].get(part, 0.0)
                cells += [f"{seconds:.2f} s", f"{100 * seconds / total:.0f} %"]
            lines.append(f"| {part} | " + " | ".join(cells) + " |")
        lines.append("| **total (profiled)** | " + " | ".join(f"**{t:.2f} s** | 100 %" for t in totals) + " |")

    if chart:
        lines += ["", "## Chart", "", f"![ms per post against N]({Path(chart).name})", "",
                  f"`{Path(chart).name}` beside this report: ms per post (median wall time / N) against N, "
                  "both builds, with the one-post-edit rebuilds dotted."]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)
