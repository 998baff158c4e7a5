"""The one way commands create files: new only, atomic, world-readable (0644).

`new-event`, `pretix new` and `import-jekyll` all write through here, so an editor's
file is never overwritten (not even one created a moment earlier by someone else)
and every new file gets the same permissions.

`replace_file` is the one exception, for files the build keeps for itself outside
anything an editor writes (compiled templates in the user's cache): it replaces
atomically, so that a reader (another build process) sees the old file or the new one,
never half of it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

FILE_MODE = 0o644


class NotOverwrittenError(FileExistsError):
    """A target exists already; nothing was written."""

    def __init__(self, path: Path, shown: str) -> None:
        super().__init__(f"{shown} gibt es schon und wird nicht überschrieben.")
        self.path = path
        self.shown = shown

    def __str__(self) -> str:
        return self.args[0]


class OutsideProjectError(ValueError):
    """A target lies outside the project folder; nothing was written."""


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _check_inside(path: Path, root: Path | None) -> None:
    if root is None:
        return
    resolved_root = root.resolve()
    resolved = path.parent.resolve() / path.name
    if resolved_root != resolved and resolved_root not in resolved.parents:
        raise OutsideProjectError(f"{path} liegt außerhalb des Projektordners {root}.")


def _give_name(target: Path, data: bytes, name_it: Callable[[str, Path], object]) -> None:
    """Write `data` to a temporary file beside `target` (its folder created), then
    `name_it(temporary, target)`; the temporary file never stays behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp_name, FILE_MODE)  # mkstemp creates the file private (0600)
        name_it(temp_name, target)
    finally:
        Path(temp_name).unlink(missing_ok=True)  # after os.replace it is gone already


def _link_new(target: Path, data: bytes) -> None:
    """os.link() fails if the name exists: no overwrite, even in a race."""
    _give_name(target, data, os.link)


def replace_file(target: Path, data: bytes) -> None:
    """Write `target` atomically (temporary file beside it, then os.replace), creating
    its folder; an existing file is replaced."""
    _give_name(target, data, os.replace)


def write_new_file(target: Path, content: str | bytes, root: Path | None = None) -> None:
    """Create `target` with `content`; refuse if it exists or lies outside `root`."""
    write_new_files({target: content}, root)


def write_new_files(contents: Mapping[Path, str | bytes], root: Path | None = None) -> None:
    """Create all files or none (already created ones are removed on failure)."""
    for path in contents:
        _check_inside(path, root)
        if path.exists() or path.is_symlink():
            raise NotOverwrittenError(path, _shown(path, root))
    created: list[Path] = []
    try:
        for path, content in contents.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                _link_new(path, data)
            except FileExistsError:
                raise NotOverwrittenError(path, _shown(path, root)) from None
            created.append(path)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
