"""Build the site with ProperDocs and with MkDocs, compare the trees, print the figures.

Run: .venv/bin/python -m benchmarks.properdocs_compare [--runs N] [--keep DIR]
     (or `make compare-properdocs`; CI's "ProperDocs" job runs it)

Two projects, as in tests/test_properdocs.py: the real site, and the real site with the
fixture events (every event state, archive years, calendar files, feeds). For each it
runs `mkdocs build --strict` (.venv) and `properdocs build --strict -f mkdocs.yml` (the
ProperDocs venv, installed on first use) with the same clock, and compares every file
byte for byte. Only Material's generator tag would be normalised, and no page of this
site has one (tests/properdocs_build.py). Build times are wall clock, best of N runs.
Exits 1 when a build fails or a file differs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from tests.properdocs_build import (
    TimedBuild,
    build_with_mkdocs,
    build_with_properdocs,
    compare_trees,
    ensure_properdocs,
    properdocs_version,
)
from tests.sitebuild import ROOT, make_fixture_project


def _best(build, config: Path, site_dir: Path, runs: int) -> TimedBuild:
    best = None
    for _ in range(runs):
        timed = build(config, site_dir)
        if timed.result.returncode != 0:
            return timed
        if best is None or timed.seconds < best.seconds:
            best = timed
    assert best is not None
    return best


def compare(name: str, config: Path, out: Path, runs: int) -> bool:
    mkdocs = _best(build_with_mkdocs, config, out / "mkdocs", runs)
    properdocs = _best(build_with_properdocs, config, out / "properdocs", runs)
    for label, timed in (("MkDocs", mkdocs), ("ProperDocs", properdocs)):
        if timed.result.returncode != 0:
            print(f"{name}: the {label} build failed:\n{timed.result.output}")
            return False
    diff = compare_trees(mkdocs.result.site_dir, properdocs.result.site_dir)
    print(
        f"{name}: MkDocs {mkdocs.seconds:.2f} s, ProperDocs {properdocs.seconds:.2f} s "
        f"({properdocs.seconds / mkdocs.seconds:.2f} ×); {diff.report()}"
    )
    return diff.identical


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=1, help="builds per tool (best time)")
    parser.add_argument("--keep", type=Path, help="write the builds here and keep them")
    args = parser.parse_args(argv)

    ensure_properdocs()
    print(
        f"mkdocs {version('mkdocs')} vs properdocs {properdocs_version()} "
        f"(mkdocs-material {version('mkdocs-material')}, "
        f"mkdocs-static-i18n {version('mkdocs-static-i18n')})"
    )
    work = Path(tempfile.mkdtemp(prefix="properdocs-compare-"))
    out = args.keep or work
    try:
        fixture = make_fixture_project(work / "fixture-project")
        same = [
            compare("real site", ROOT / "mkdocs.yml", out / "real", args.runs),
            compare("fixture events", fixture, out / "fixture", args.runs),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.keep:
        print(f"builds kept in {args.keep}")
    return 0 if all(same) else 1


if __name__ == "__main__":
    sys.exit(main())
