"""The one way commands create files: new only, atomic, all or nothing, 0644, inside root."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from civic_site.file_writer import (
    NotOverwrittenError,
    OutsideProjectError,
    replace_file,
    write_new_file,
    write_new_files,
)


@pytest.fixture
def strict_umask() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_are_world_readable_whatever_the_umask(tmp_path: Path, strict_umask) -> None:
    write_new_file(tmp_path / "events" / "de" / "x.md", "Text\n", tmp_path)
    assert (tmp_path / "events" / "de" / "x.md").read_text() == "Text\n"
    assert mode(tmp_path / "events" / "de" / "x.md") == 0o644


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "x.md"
    target.write_text("von der Redaktion\n")
    with pytest.raises(NotOverwrittenError, match="x.md gibt es schon"):
        write_new_file(target, "neu\n", tmp_path)
    assert target.read_text() == "von der Redaktion\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.md"]  # no temporary file left


def test_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("alt\n")
    with pytest.raises(NotOverwrittenError):
        write_new_files({tmp_path / "a.md": "a", tmp_path / "b.md": "b"}, tmp_path)
    assert not (tmp_path / "a.md").exists()
    assert (tmp_path / "b.md").read_text() == "alt\n"


def test_a_dangling_symlink_counts_as_existing(tmp_path: Path) -> None:
    (tmp_path / "x.md").symlink_to(tmp_path / "nowhere")
    with pytest.raises(NotOverwrittenError):
        write_new_file(tmp_path / "x.md", "neu", tmp_path)
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("name", ["../outside.md", "../../etc/x.md"])
def test_nothing_is_written_outside_the_project(tmp_path: Path, name: str) -> None:
    root = tmp_path / "project"
    root.mkdir()
    with pytest.raises(OutsideProjectError):
        write_new_file(root / name, "x", root)
    assert not (tmp_path / "outside.md").exists()


def test_bytes_are_written_as_they_are(tmp_path: Path) -> None:
    write_new_file(tmp_path / "bild.png", b"\x89PNG\r\n", tmp_path)
    assert (tmp_path / "bild.png").read_bytes() == b"\x89PNG\r\n"


def test_replace_file_replaces_atomically_and_leaves_no_temporary_file(
    tmp_path: Path, strict_umask
) -> None:
    target = tmp_path / "cache" / "entry.code"
    replace_file(target, b"first")
    replace_file(target, b"second")
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["entry.code"]


def test_replace_file_leaves_no_temporary_file_when_it_fails(tmp_path: Path) -> None:
    (tmp_path / "entry.code").mkdir()  # a folder cannot be replaced by a file
    with pytest.raises(OSError):
        replace_file(tmp_path / "entry.code", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["entry.code"]
