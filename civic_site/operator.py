"""The site operator's data (imprint, privacy, accessibility) from `extra.operator` in mkdocs.yml.

One place for name, address and contact: the legal pages render it, nobody retypes it.
A key with a language suffix (`name_en`, `country_en`) replaces the plain key on that
language's pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from civic_site.config_lines import config_key_lines
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
    """{key: 1-based line} of `extra.operator` in mkdocs.yml; '' is `operator:` itself
    (or `extra:` when there is no `operator:`)."""
    lines = config_key_lines(config_file)
    prefix = "extra.operator."
    found = {
        key.removeprefix(prefix): line
        for key, line in lines.items()
        if key.startswith(prefix) and "." not in key.removeprefix(prefix)
    }
    where = lines.get("extra.operator", lines.get("extra"))
    if where is not None:
        found[""] = where
    return found
