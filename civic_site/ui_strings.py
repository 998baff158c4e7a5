"""The site's own UI strings: one YAML file per language with identical keys."""

from __future__ import annotations

from pathlib import Path

import yaml

STRINGS_DIR = Path(__file__).resolve().parent.parent / "overrides" / "strings"


def load_ui_strings(lang: str, strings_dir: Path = STRINGS_DIR) -> dict[str, str]:
    path = strings_dir / f"{lang}.yml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of keys to strings")
    return {str(key): str(value) for key, value in data.items()}


def is_ui_strings_file(path: str | None, strings_dir: Path = STRINGS_DIR) -> bool:
    return path is not None and Path(path).resolve().parent == strings_dir
