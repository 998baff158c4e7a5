"""static-i18n's removal of duplicate search entries, in linear instead of quadratic time.

After the last language is built, static-i18n (`reconfigure_search_duplicates`) drops
each entry of another language (`en/…`) whose title and text equal those of a default
language entry and whose location ends with that entry's location: a page the other
language shows untranslated. It compares every default entry with every other entry: at
2000 events in two languages that was 6 s of a 43 s build, more than all our hooks.

`remove_search_duplicates` gives the same list, item for item, with an index. It keeps
the quirks of the original, which walks lists while it removes from them: after each
entry it removes, the next entry of the other languages is not looked at (so of two
adjacent duplicates only the first goes). Two cases it leaves to the original, as they
are rare and their outcome depends on list positions in more ways: two entries of other
languages with the same title, location and text (`list.remove` takes the first equal
one), and an entry of another language before a default one.
tests/test_search_dedup.py compares both on many generated lists. The original is the one
of the static-i18n release civic_site/i18n.py names (STATIC_I18N_VERSION), which sets
this one in its place (`use_linear_search_dedup`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

Entry = dict[str, Any]


def remove_search_duplicates(
    entries: list[Entry],
    languages: Sequence[str],
    original: Callable[[list[Entry]], None],
    log: logging.Logger | logging.LoggerAdapter,
) -> None:
    """Remove in place what static-i18n's `reconfigure_search_duplicates` (`original`)
    removes; `languages` are static-i18n's build languages."""
    prefixes = tuple(f"{lang}/" for lang in languages)
    is_other = [entry["location"].startswith(prefixes) for entry in entries]
    others = [entry for entry, other in zip(entries, is_other, strict=True) if other]
    defaults = [entry for entry, other in zip(entries, is_other, strict=True) if not other]
    if not others or not defaults:
        return
    if _needs_original(is_other, others):
        original(entries)
        return
    removed = _duplicates(defaults, others)
    if log.isEnabledFor(logging.DEBUG):
        for index in removed:
            entry = others[index]
            log.debug(f"removed duplicated search entry: {entry['title']} {entry['location']}")
    gone = {id(others[index]) for index in removed}
    entries[:] = [entry for entry in entries if id(entry) not in gone]


def _needs_original(is_other: list[bool], others: list[Entry]) -> bool:
    first_other = is_other.index(True)
    if False in is_other[first_other:]:
        return True  # an entry of another language before a default one
    keys = {(entry["title"], entry["location"], entry["text"]) for entry in others}
    return len(keys) != len(others)  # possibly equal entries


def _duplicates(defaults: list[Entry], others: list[Entry]) -> list[int]:
    """Indexes into `others` of the entries the original removes, in its order."""
    by_match = _index_by_default_location(defaults, others)
    nearest = list(range(len(others)))  # union-find: the nearest kept index at or before
    removed: list[int] = []

    def kept_at_or_before(index: int) -> int:
        root = index
        while root >= 0 and nearest[root] != root:
            root = nearest[root]
        while index >= 0 and nearest[index] != index:  # path compression
            nearest[index], index = root, nearest[index]
        return root

    for default in defaults:
        key = (default["title"], default["text"], default["location"])
        candidates = [i for i in by_match.get(key, ()) if kept_at_or_before(i) == i]
        # The original looks at the other entries in order and skips the one after each
        # entry it removed: a candidate whose kept predecessor goes in this pass stays.
        going: list[int] = []
        for index in candidates:
            if going and going[-1] == kept_at_or_before(index - 1):
                continue
            going.append(index)
        for index in going:
            nearest[index] = index - 1
        removed += going
    return removed


def _index_by_default_location(
    defaults: list[Entry], others: list[Entry]
) -> dict[tuple[str, str, str], list[int]]:
    """(title, text, a default location the other entry's location ends with): the
    indexes of those other entries, in order."""
    default_locations = {entry["location"] for entry in defaults}
    index: dict[tuple[str, str, str], list[int]] = {}
    for position, entry in enumerate(others):
        location = entry["location"]
        for start in range(len(location) + 1):
            suffix = location[start:]
            if suffix in default_locations:
                key = (entry["title"], entry["text"], suffix)
                index.setdefault(key, []).append(position)
    return index
