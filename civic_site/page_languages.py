"""Pages that exist in one language by design: `only_language:` in their front matter.

The Leichte Sprache and DGS pages are German by nature (BITV 2.0 § 4); the English site
links them as German content instead of waiting for a translation. Such a page says so:

    ---
    only_language: de
    ---

`python -m scripts check` then expects no counterpart in other languages (civic_site/
content_check.py), the tests do the same, and a visitor who reaches the page under another
language's prefix (static-i18n's fallback) reads that it is offered in this language only
instead of "not translated yet" (overrides/partials/untranslated-notice.html).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civic_site.frontmatter import FrontMatterError, parse_document

KEY = "only_language"


@dataclass(frozen=True)
class OnlyLanguage:
    """What a page's `only_language:` says, and where."""

    value: Any  # as written; `language` is set only when it is a valid language code
    line: int
    language: str | None


def only_language(meta: Mapping[str, Any]) -> str | None:
    """The language a page is limited to, or None (a plain string code only)."""
    value = meta.get(KEY)
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_only_language(path: Path, languages: Sequence[str]) -> OnlyLanguage | None:
    """`only_language:` of the page at `path` (None when it has none or no front matter)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.lstrip("\ufeff").startswith("---"):
        return None
    try:
        document = parse_document(text)
    except FrontMatterError:
        return None  # reported with its line by the page check
    if KEY not in document.meta:
        return None
    code = only_language(document.meta)
    return OnlyLanguage(
        document.meta[KEY], document.line_of(KEY), code if code in languages else None
    )
