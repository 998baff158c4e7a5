"""The merged search index: static-i18n's duplicates removed in linear time
(civic_site/search_dedup.py), then one index per language (civic_site/search_index.py)."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from civic_site.i18n import (
    build_languages,
    default_language,
    in_nested_language_build,
    use_linear_search_dedup,
)
from civic_site.search_index import split_search_index
from civic_site.site_paths import SitePaths


def on_config(config: MkDocsConfig, **kwargs) -> None:
    use_linear_search_dedup(config)


@event_priority(-120)  # after static-i18n (-100) has merged all languages into one index
def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    if in_nested_language_build(config):
        return  # an inner language build; the outer build writes the merged index last
    site = Path(config.site_dir)
    merged_path = site / "search" / "search_index.json"
    if not merged_path.exists():
        return
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    default = default_language(config)
    for lang, index in split_search_index(merged, build_languages(config), default).items():
        target = site / SitePaths(lang, default).search_index()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
