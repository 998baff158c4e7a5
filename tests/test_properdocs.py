"""ProperDocs builds this site exactly as MkDocs does (README, "Switching to ProperDocs").

`properdocs build --strict -f mkdocs.yml` from requirements-properdocs.txt's venv and
`mkdocs build --strict` from .venv, with the same clock, must write the same files byte for
byte (tests/properdocs_build.py says what is normalised: Material's generator tag only).
Two projects: the real site, and the fixture events (every event state, archive years,
calendar files and feeds). The first run installs the ProperDocs venv (about 30 s).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.properdocs_build import (
    TreeDiff,
    build_with_mkdocs,
    build_with_properdocs,
    compare_trees,
    properdocs_version,
)
from tests.sitebuild import ROOT, make_fixture_project
from tests.test_bad_input_foundation import link_to_missing_page

pytestmark = pytest.mark.slow  # two full builds per project; `make test-fast` skips them


def _config(kind: str, tmp_path: Path) -> Path:
    if kind == "real site":
        return ROOT / "mkdocs.yml"
    return make_fixture_project(tmp_path / "project")


@pytest.mark.parametrize("kind", ["real site", "fixture events"])
def test_properdocs_writes_the_same_site_as_mkdocs(kind: str, tmp_path: Path) -> None:
    config = _config(kind, tmp_path)
    properdocs = build_with_properdocs(config, tmp_path / "properdocs")
    assert properdocs.result.returncode == 0, properdocs.result.output
    mkdocs = build_with_mkdocs(config, tmp_path / "mkdocs")
    assert mkdocs.result.returncode == 0, mkdocs.result.output

    diff = compare_trees(mkdocs.result.site_dir, properdocs.result.site_dir)
    assert diff.files > 50, diff.report()
    assert diff.identical, diff.report()
    # The generator tag is the only thing normalised, and no page of this site has it.
    assert diff.normalised == [], diff.report()


def test_the_properdocs_venv_runs_properdocs_not_mkdocs() -> None:
    # The version requirements-properdocs.txt pins; a typo there would fall back to nothing.
    pinned = (ROOT / "requirements-properdocs.txt").read_text(encoding="utf-8")
    assert f"properdocs=={properdocs_version()}\n" in pinned


def broken_event(project: Path) -> None:
    (project / "events" / "de" / "kaputt.md").write_text("---\ntitle: Kaputt\n---\n", "utf-8")


def _messages(output: str, site_dir: Path) -> list[str]:
    lines = output.replace(str(site_dir), "SITE").splitlines()
    return [line for line in lines if line.startswith(("WARNING", "ERROR", "Aborted"))]


@pytest.mark.parametrize("mistake", [link_to_missing_page, broken_event], ids=lambda f: f.__name__)
def test_properdocs_refuses_what_mkdocs_refuses_with_the_same_messages(
    mistake: Callable[[Path], None], tmp_path: Path
) -> None:
    # One mistake reported by MkDocs itself, one by our hooks (hooks/events.py).
    project = tmp_path / "project"
    config = make_fixture_project(project)
    (project / "docs").unlink()
    shutil.copytree(ROOT / "docs", project / "docs")
    mistake(project)

    mkdocs = build_with_mkdocs(config, tmp_path / "mkdocs").result
    properdocs = build_with_properdocs(config, tmp_path / "properdocs").result
    assert mkdocs.returncode != 0, mkdocs.output
    assert properdocs.returncode != 0, properdocs.output
    expected = _messages(mkdocs.output, mkdocs.site_dir)
    assert expected, mkdocs.output
    assert _messages(properdocs.output, properdocs.site_dir) == expected, properdocs.output
    assert "Traceback" not in properdocs.output


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_compare_trees_reports_each_kind_of_difference(tmp_path: Path) -> None:
    page = b'<head><meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">'
    a = _tree(
        tmp_path / "a",
        {
            "same.html": b"<p>x</p>",
            "gen.html": page,
            "changed.html": b"<p>one</p>\n",
            "only-a.txt": b"a",
        },
    )
    b = _tree(
        tmp_path / "b",
        {
            "same.html": b"<p>x</p>",
            "gen.html": page.replace(b"mkdocs-1.6.1", b"mkdocs-ProperDocs 1.6.7"),
            "changed.html": b"<p>two</p>\n",
            "sub/only-b.txt": b"b",
        },
    )
    diff = compare_trees(a, b)
    assert diff == TreeDiff(
        files=5,
        differing=["changed.html"],
        only_in_first=["only-a.txt"],
        only_in_second=["sub/only-b.txt"],
        normalised=["gen.html"],
        first_diff=diff.first_diff,
    )
    assert not diff.identical
    assert "-<p>one</p>" in diff.first_diff and "+<p>two</p>" in diff.first_diff
    assert "1 differ, 1 only in MkDocs, 1 only in ProperDocs" in diff.report()


def test_compare_trees_normalises_the_generator_tag_only(tmp_path: Path) -> None:
    # The same version text anywhere but in Material's generator tag is a real difference.
    a = _tree(tmp_path / "a", {"x.html": b"<p>built with mkdocs-1.6.1</p>"})
    b = _tree(tmp_path / "b", {"x.html": b"<p>built with mkdocs-ProperDocs 1.6.7</p>"})
    assert compare_trees(a, b).differing == ["x.html"]
    assert compare_trees(a, a).identical
