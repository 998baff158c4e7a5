"""Split Material's one mixed search index into one index per language.

Material writes a single index for all languages, so a search on /en/ would return
German pages too (ARCHITECTURE.md T10). Each language gets its own index under its own
prefix; English pages point their search `base` at /en/ (overrides/main.html), so
locations in the English index are relative to /en/.
"""

from __future__ import annotations

from typing import Any

from civic_site.site_paths import language_prefix


def split_search_index(
    index: dict[str, Any], languages: list[str], default_lang: str
) -> dict[str, dict[str, Any]]:
    """Return {lang: index} with each language's documents only."""
    others = [lang for lang in languages if lang != default_lang]
    prefixes = {lang: language_prefix(lang, default_lang) for lang in others}
    docs_by_lang: dict[str, list[dict[str, Any]]] = {lang: [] for lang in languages}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        for lang, prefix in prefixes.items():
            if location.startswith(prefix) or location == prefix.rstrip("/"):
                docs_by_lang[lang].append({**doc, "location": location[len(prefix) :]})
                break
        else:
            docs_by_lang[default_lang].append(doc)
    result = {}
    for lang in languages:
        config = dict(index.get("config", {}))
        config["lang"] = [lang]
        result[lang] = {**index, "config": config, "docs": docs_by_lang[lang]}
    return result
