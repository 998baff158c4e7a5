"""Lighthouse scores and transferred bytes for the built site (a benchmark, not a test).

Run: .venv/bin/python -m benchmarks.lighthouse [--site-dir DIR] [--runs N]
Builds the real site and the fixture-events site (an upcoming event with a pretix box)
into a temp dir unless --site-dir is given, serves them on 127.0.0.1 like GitHub Pages
(gzip, 404.html) and runs the pinned Lighthouse (node_modules) with Debian's Chromium,
mobile preset (simulated slow 4G, mid-range phone). Prints the four category scores, the
bytes transferred and the ratio to a baseline page in the same run (the site's 404 page:
Material's page frame with almost no content), and Lighthouse's CPU benchmark of the runs
(`cpu`, its benchmarkIndex: lower on a busy machine, which lowers performance). Targets
(issues 8 and 12): performance >= 0.95, accessibility, best practices and SEO 1.00, an event
page under 150 KB before consent.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from tests.browser import CHROMIUM_ARGS, NODE_MODULES, chromium_path, page_types, serve_site
from tests.sitebuild import FIXTURE_NOW, ROOT, make_fixture_project, run_mkdocs_build

LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
EVENT_PAGE_BUDGET = 150 * 1024


def run_lighthouse(url: str) -> dict:
    """One Lighthouse run; returns the parsed JSON report."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": chromium_path() or "chromium"},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"lighthouse failed for {url}:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def summarize(report: dict) -> dict:
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    audits = report["audits"]
    failed = sorted(
        audit_id
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"]) in audits
        and audits[audit_id]["score"] is not None
        and audits[audit_id]["score"] < 1
    )
    return {
        **scores,
        # Lighthouse's own CPU benchmark of the run: lower means a busier machine, which
        # lowers performance (total blocking time) under simulated throttling.
        "cpu": report["environment"]["benchmarkIndex"],
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(audits["network-requests"]["details"]["items"]),
        "failed_audits": failed,
    }


def build_sites(workdir: Path) -> tuple[Path, Path]:
    real = run_mkdocs_build(ROOT / "mkdocs.yml", workdir / "real")
    config = make_fixture_project(workdir / "fixture-project")
    fixture = run_mkdocs_build(config, workdir / "fixture", env={"SITE_NOW": FIXTURE_NOW})
    for result in (real, fixture):
        if result.returncode != 0:
            raise SystemExit(result.output)
    return real.site_dir, fixture.site_dir


def pages_to_measure(real: Path, fixture: Path) -> list[tuple[str, Path, str]]:
    """(label, site dir, path): the baseline first, then home, listing, event pages."""
    found = page_types(real)
    plan = [("baseline 404 (de)", real, "404.html")]
    for lang in ("de", "en"):
        plan += [(f"home ({lang})", real, found[("home", lang)])]
        plan += [(f"listing ({lang})", real, found[("listing", lang)])]
        event = next((found[k] for k in found if k[0].startswith("event-") and k[1] == lang), None)
        if event:
            plan.append((f"event, real site ({lang})", real, event))
    for file in sorted(fixture.rglob("events/*/index.html")):
        if "civic-pretix__load" in file.read_text(encoding="utf-8"):
            path = file.relative_to(fixture).as_posix().removesuffix("index.html")
            plan.append(("event with pretix box, fixture", fixture, path))
            break
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median is shown)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists() or chromium_path() is None:
        raise SystemExit("needs `npm ci` (node_modules/lighthouse) and Debian's chromium")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        real, fixture = build_sites(Path(tmp))
        served = {d: stack.enter_context(serve_site(d)) for d in (real, fixture)}
        rows = []
        for label, site_dir, path in pages_to_measure(real, fixture):
            runs = [summarize(run_lighthouse(served[site_dir].url(path))) for _ in range(args.runs)]
            row = {**runs[0], "label": label, "path": path}
            for key in (*CATEGORIES, "bytes", "cpu"):
                row[key] = statistics.median(run[key] for run in runs)
            rows.append(row)
            print(f"measured {label}", file=sys.stderr)
    print_table(rows)
    return 0


def print_table(rows: list[dict]) -> None:
    baseline = rows[0]["bytes"]
    columns = ("perf", "a11y", "b-p", "seo")
    header = " ".join(f"{name:>5}" for name in columns)
    print(f"{'page':32} {header} {'KB':>7} {'x404':>5} {'cpu':>5}")
    for row in rows:
        scores = " ".join(f"{row[name]:5.2f}" for name in CATEGORIES)
        kilobytes = row["bytes"] / 1024
        flag = (
            " over budget" if "event" in row["label"] and row["bytes"] > EVENT_PAGE_BUDGET else ""
        )
        ratio = row["bytes"] / baseline
        print(f"{row['label']:32} {scores} {kilobytes:7.1f} {ratio:5.2f} {row['cpu']:5.0f}{flag}")
        if row["failed_audits"]:
            print(f"{'':32} not full marks: {', '.join(row['failed_audits'])}")


if __name__ == "__main__":
    sys.exit(main())
