"""The site operator's data (imprint, privacy, accessibility) from `extra.operator` in mkdocs.yml.

One place for name, address and contact: the legal pages render it, nobody retypes it.
A key with a language suffix (`name_en`, `country_en`) replaces the plain key on that
language's pages.
"""

from __future__ import annotations

from typing import Any

REQUIRED_KEYS = ("name", "unit", "street", "city", "country", "email", "responsible")


class OperatorError(ValueError):
    """A problem in `extra.operator`, worded for editors."""


def operator_for_language(data: Any, lang: str, default_lang: str) -> dict[str, str]:
    """The operator's data as shown on pages in `lang`."""
    where = "mkdocs.yml: extra.operator"
    if not isinstance(data, dict):
        raise OperatorError(f"{where}: Die Angaben zum Betreiber fehlen (Name, Anschrift, E-Mail).")
    for key in REQUIRED_KEYS:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise OperatorError(f"{where}.{key}: Diese Angabe fehlt.")
    operator = {
        key: str(value).strip() for key, value in data.items() if isinstance(value, str | int)
    }
    if lang != default_lang:
        suffix = f"_{lang}"
        for key in list(operator):
            if key.endswith(suffix) and operator[key]:
                operator[key.removesuffix(suffix)] = operator[key]
    return operator
