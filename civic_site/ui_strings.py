"""The site's own UI strings: one YAML file per language with identical keys."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

STRINGS_DIR = Path(__file__).resolve().parent.parent / "overrides" / "strings"


def load_ui_strings(lang: str, strings_dir: Path = STRINGS_DIR) -> dict[str, str]:
    path = strings_dir / f"{lang}.yml"
    return dict(_read_strings(path, path.stat().st_mtime_ns))


# Hooks ask for the strings once per page; parsing YAML each time dominated build
# time. The memo is keyed by the file's modification time, so an edit during
# `make serve` is picked up, and it holds file contents only (no per-build state).
@lru_cache(maxsize=8)
def _read_strings(path: Path, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of keys to strings")
    return tuple((str(key), str(value)) for key, value in data.items())


def is_ui_strings_file(path: str | None, strings_dir: Path = STRINGS_DIR) -> bool:
    return path is not None and Path(path).resolve().parent == strings_dir
