"""ARCHITECTURE.md stays true: the files it names exist, the traps code cites are there,
and no module grows into a grab-bag again."""

from __future__ import annotations

import re

from tests.sitebuild import ROOT

GUIDE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
CODE_DIRS = ("civic_site", "hooks", "scripts")
# The rule: no module over about 350 lines (a little slack for the last edit).
MAX_MODULE_LINES = 370


def source_files():
    for folder in (*CODE_DIRS, "tests", "overrides"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html") and "__pycache__" not in path.parts:
                yield path


def test_every_path_the_guide_names_exists() -> None:
    named = set(
        re.findall(r"`((?:civic_site|hooks|scripts|overrides|tests|schemas)/[\w./-]+)`", GUIDE)
    )
    assert named, "the guide names the modules it describes"
    missing = sorted(p for p in named if "<" not in p and not (ROOT / p).exists())
    assert missing == [], f"ARCHITECTURE.md names files that do not exist: {missing}"


def test_every_cited_trap_exists() -> None:
    traps = set(re.findall(r"\*\*(T\d+)\.", GUIDE))
    for path in source_files():
        for cited in re.findall(r"ARCHITECTURE\.md (T\d+)", path.read_text(encoding="utf-8")):
            assert cited in traps, f"{path.relative_to(ROOT)} cites {cited}, which the guide lacks"


def test_no_comment_points_at_a_file_outside_the_repository() -> None:
    outside = "DESIGN" + ".md"  # the old notes, not in this repository
    for path in source_files():
        if path != ROOT / "tests" / "test_architecture_doc.py":
            assert outside not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)


def test_no_module_is_a_grab_bag() -> None:
    too_long = {
        path.relative_to(ROOT).as_posix(): lines
        for folder in CODE_DIRS
        for path in (ROOT / folder).glob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}, f"split these along their jobs: {too_long}"
