"""The site operator's data (imprint, privacy, accessibility) from `extra.operator` in mkdocs.yml.

One place for name, address and contact: the legal pages render it, nobody retypes it.
A key with a language suffix (`name_en`, `country_en`) replaces the plain key on that
language's pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from civic_site.diagnostics import DiagnosticError, diagnostic

REQUIRED_KEYS = ("name", "unit", "street", "city", "country", "email", "responsible")
CONFIG_KEY = "extra.operator"


def operator_for_language(
    data: Any,
    lang: str,
    default_lang: str,
    source: str = "mkdocs.yml",
    lines: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """The operator's data as shown on pages in `lang`.

    Raises DiagnosticError naming `source` and, where `lines` (from `operator_lines`)
    knows it, the line of the missing value.
    """
    lines = lines or {}
    if not isinstance(data, dict):
        message = "Die Angaben zum Betreiber fehlen (Name, Anschrift, E-Mail)."
        raise DiagnosticError([diagnostic(source, lines.get("", 1), CONFIG_KEY, message)])
    problems = [
        diagnostic(
            source, lines.get(key, lines.get("", 1)), f"{CONFIG_KEY}.{key}", "Diese Angabe fehlt."
        )
        for key in REQUIRED_KEYS
        if not isinstance(data.get(key), str) or not data[key].strip()
    ]
    if problems:
        raise DiagnosticError(problems)
    operator = {
        key: str(value).strip() for key, value in data.items() if isinstance(value, str | int)
    }
    if lang != default_lang:
        suffix = f"_{lang}"
        for key in list(operator):
            if key.endswith(suffix) and operator[key]:
                operator[key.removesuffix(suffix)] = operator[key]
    return operator


def operator_lines(config_file: Path | str) -> dict[str, int]:
    """{key: 1-based line} of `extra.operator` in mkdocs.yml; '' is `operator:` itself."""
    path = Path(config_file)
    try:
        return dict(_operator_lines(path, path.stat().st_mtime_ns))
    except (OSError, yaml.YAMLError):
        return {}


@lru_cache(maxsize=4)
def _operator_lines(path: Path, mtime_ns: int) -> tuple[tuple[str, int], ...]:
    # compose() builds nodes without constructing values, so tags such as !ENV are fine.
    root = yaml.compose(path.read_text(encoding="utf-8"))
    extra = _mapping_value(root, "extra")
    lines: dict[str, int] = {}
    if extra is not None:
        for key, value in extra.value:
            if key.value == "operator":
                lines[""] = key.start_mark.line + 1
                if isinstance(value, yaml.MappingNode):
                    lines.update({k.value: k.start_mark.line + 1 for k, _ in value.value})
    if not lines and extra is not None:
        lines[""] = extra.start_mark.line
    return tuple(lines.items())


def _mapping_value(node: yaml.Node | None, name: str) -> yaml.MappingNode | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == name and isinstance(value, yaml.MappingNode):
            return value
    return None
