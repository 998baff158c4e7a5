"""`make build` (python -m scripts build, civic_site/parallel_build.py) writes exactly what
`mkdocs build` writes: the same files and folders, byte for byte; and fails as it does.

Each comparison builds a project twice in subprocesses, with the same clock (SITE_NOW,
SOURCE_DATE_EPOCH): once with `mkdocs build`, once with one process per language.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import (
    FIXTURE_NOW,
    ROOT,
    BuildResult,
    make_fixture_project,
    run_mkdocs_build,
)
from tests.test_third_language import make_french_project

pytestmark = pytest.mark.slow
CLOCK = {"SITE_NOW": FIXTURE_NOW, "SOURCE_DATE_EPOCH": "1773140400"}  # 10 March 2026


def run_parallel_build(
    config_file: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> BuildResult:
    """`python -m scripts build` as `make build` runs it, with a process per language even
    on a busy machine (which `make build` would build sequentially)."""
    cmd = [sys.executable, "-m", "scripts", "build", "--strict", "--parallel"]
    cmd += ["-f", str(config_file)]
    cmd += ["--site-dir", str(site_dir), *extra]
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or CLOCK)}
    proc = subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=600)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir)


def tree(site_dir: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below `site_dir`, by relative path."""
    return {
        path.relative_to(site_dir).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
    }


def assert_same_site(config_file: Path, tmp_path: Path) -> None:
    sequential = run_mkdocs_build(config_file, tmp_path / "sequential", env=CLOCK)
    assert sequential.returncode == 0, sequential.output
    parallel = run_parallel_build(config_file, tmp_path / "parallel")
    assert parallel.returncode == 0, parallel.output
    expected, built = tree(sequential.site_dir), tree(parallel.site_dir)
    assert sorted(built) == sorted(expected)
    differing = [path for path in expected if built[path] != expected[path]]
    assert not differing, f"differ from mkdocs build: {differing[:20]}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parallel", "sequential"]


def test_fixture_site_is_byte_identical(tmp_path: Path) -> None:
    """The real pages, templates and hooks with every kind of fixture event."""
    assert_same_site(make_fixture_project(tmp_path / "project"), tmp_path / "out")


def test_three_languages_are_byte_identical(tmp_path: Path) -> None:
    """Two workers (en, fr) besides the default build; fr falls back to German pages."""
    assert_same_site(make_french_project(tmp_path / "project"), tmp_path / "out")


def test_a_mistake_stops_the_build_once(tmp_path: Path) -> None:
    config = make_fixture_project(tmp_path / "project")
    broken = config.parent / "events" / "en" / "abgesagt.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    result = run_parallel_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "events/en/abgesagt.md:" in result.output
    lines = [line for line in result.output.splitlines() if "events/en/abgesagt.md:" in line]
    assert len(lines) == len(set(lines)), result.output  # not once per process
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".build")]  # workers' folders


def test_a_warning_in_the_other_language_fails_the_strict_build(tmp_path: Path) -> None:
    """A broken link in an English page is found by the English worker alone."""
    config = make_fixture_project(tmp_path / "project")
    docs = config.parent / "docs"
    docs.unlink()  # a symlink to the real docs/: copy it to change one page
    shutil.copytree(ROOT / "docs", docs, symlinks=True)
    page = docs / "en" / "mitmachen.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Kaputt](gibt-es-nicht.md)\n")
    result = run_parallel_build(config, tmp_path / "site")
    assert result.returncode == 1, result.output
    assert "gibt-es-nicht.md" in result.output
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".build")]  # workers' folders
