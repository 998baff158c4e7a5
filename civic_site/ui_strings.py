"""The site's own UI strings: one YAML file per language with identical keys.

The files are `<lang>.yml` in the project's strings folder (`Project.strings_dir`, under
the theme's custom_dir in mkdocs.yml), never in the folder this package lives in: a
copied project reads its own strings. Besides interface texts each file holds its
language's locale data (`locale` and the Babel date and time patterns that
civic_site/event_format.py uses), so a new language needs no code.

The strings folder lies in the theme dir, whose non-template files MkDocs would publish;
hooks/ui_strings.py removes them from the site with `is_ui_strings_file`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml


def load_ui_strings(lang: str, strings_dir: Path) -> dict[str, str]:
    """The strings of `lang` from `<strings_dir>/<lang>.yml`."""
    path = Path(strings_dir) / f"{lang}.yml"
    return dict(_read_strings(path, path.stat().st_mtime_ns))


# Hooks ask for the strings once per page; parsing YAML each time dominated build
# time. The memo is keyed by the file's modification time, so an edit during
# `make serve` is picked up, and it holds file contents only (no per-build state).
@lru_cache(maxsize=16)
def _read_strings(path: Path, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of keys to strings")
    return tuple((str(key), str(value)) for key, value in data.items())


def is_ui_strings_file(path: str | None, strings_dir: Path) -> bool:
    """True for a file directly in `strings_dir` (the folder, not where a symlinked
    file points: test projects link single files to another project's strings)."""
    if path is None:
        return False
    folder = Path(os.path.abspath(path)).parent
    if folder == Path(os.path.abspath(strings_dir)):
        return True
    try:
        return folder.is_dir() and os.path.samefile(folder, strings_dir)
    except OSError:
        return False
