"""`make bench` end to end at N=20 (one run of each build): generated posts
pass the editorial checks, both builds run, and the report, the raw runs and
the chart are written. No timing is asserted."""

import json

import pytest

from bench import generate, reader, run


@pytest.fixture(scope="module")
def bench_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    assert run.main(["--sizes", "20", "--runs", "1", "--out", str(out), "--profile", "never"]) == 0
    return out


def test_report_files_written(bench_report):
    md = (bench_report / "bench.md").read_text(encoding="utf-8")
    for heading in ("## Build cost", "## Rebuild after editing one post", "## Reader side",
                    "## Listing pages at N=20", "## Goals", "## Chart"):
        assert heading in md
    assert "| 20 | a: full (ours) |" in md and "| 20 | b: bare Pelican |" in md
    assert (bench_report / "bench.png").read_bytes().startswith(b"\x89PNG")


def test_raw_runs_alternate_and_are_measured(bench_report):
    data = json.loads((bench_report / "bench.json").read_text(encoding="utf-8"))
    result = data["results"][0]
    assert result["n"] == 20
    assert [r["build"] for r in result["runs"]] == ["a", "b"]
    assert [r["build"] for r in result["rebuilds"]] == ["a", "b"]
    for r in result["runs"] + result["rebuilds"]:
        assert r["wall_s"] > 0 and r["cpu_s"] > 0 and r["peak_rss_mib"] > 10
    for kind in ("a", "b"):
        assert result["summary"][kind]["files"] > 20 and result["summary"][kind]["bytes"] > 20 * 5000
    assert data["goals"]["build_ratio"] is None  # set at N=1,000, not measured here


def test_reader_side_reads_both_sites(bench_report):
    result = json.loads((bench_report / "bench.json").read_text(encoding="utf-8"))["results"][0]
    for kind in ("a", "b"):
        for page in ("article", "home", "category"):
            weight = result["reader"][kind][page]
            assert weight["missing"] == [] and weight["third_party"] == []
            assert weight["css_files"] >= 1 and weight["requests"] == len(weight["request_list"])
            assert weight["request_list"][0].endswith(".html")
            assert 0 < weight["html_gzip"] < weight["html_bytes"]
    # Our pages are listed as paginated listing pages; tag pages are off in our site only.
    assert set(result["listing"]["a"]) == {"home", "category", "archives", "categories index"}
    assert "tag" in result["listing"]["b"]


def test_generated_posts_follow_the_rules(tmp_path):
    paths = generate.generate(20, tmp_path)
    categories, tags = set(), set()
    for path in paths:
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        meta = dict(line.split(": ", 1) for line in head.splitlines() if not line.startswith(" "))
        assert {"Title", "Date", "Category", "Tags", "Summary", "Referral", "Referral_topic", "Outline"} <= set(meta)
        categories.add(meta["Category"])
        tags.update(meta["Tags"].split(", "))
        words = [w for line in body.splitlines() if not line.startswith("#") for w in line.split()]
        assert 600 <= len(words) <= 900
        assert body.count("\n## ") >= 4
    assert len(categories) >= 5 and len(tags) >= 10


def test_an_invalid_post_stops_the_benchmark(tmp_path):
    content = tmp_path / "content"
    paths = generate.generate(3, content)
    text = paths[1].read_text(encoding="utf-8")
    paths[1].write_text(text.replace("Referral: charlotin\n", ""), encoding="utf-8")
    with pytest.raises(run.BuildFailed, match="Referral is missing"):
        run.run_build("a", content, tmp_path / "out")


def test_listing_pages_over_budget_are_counted(tmp_path):
    (tmp_path / "category").mkdir()
    (tmp_path / "index.html").write_text("x" * 60_000)
    (tmp_path / "category" / "blog.html").write_text("x" * 100)
    kinds = reader.listing_pages(tmp_path, 50_000)
    assert kinds["home"]["over_budget"] == 1 and kinds["category"]["over_budget"] == 0
