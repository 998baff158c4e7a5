"""civic_site/search_dedup.py against static-i18n's own `reconfigure_search_duplicates`.

The original runs on a stand-in for its plugin object (it reads only `build_languages`);
both get copies of the same generated entry lists and must leave the same list.
"""

from __future__ import annotations

import copy
import logging
import random
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs_static_i18n.reconfigure import ExtendedPlugin

from civic_site.search_dedup import remove_search_duplicates
from tests.sitebuild import ROOT

LANGUAGES = ["de", "en"]
LOG = logging.getLogger("test-search-dedup")


def upstream(entries: list[dict[str, Any]]) -> None:
    ExtendedPlugin.reconfigure_search_duplicates(
        SimpleNamespace(build_languages=LANGUAGES), entries
    )


class Spy:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, entries: list[dict[str, Any]]) -> None:
        self.calls += 1
        upstream(entries)


def ours(entries: list[dict[str, Any]]) -> Spy:
    spy = Spy()
    remove_search_duplicates(entries, LANGUAGES, spy, LOG)
    return spy


def entry(title: str, location: str, text: str = "Text") -> dict[str, Any]:
    return {"title": title, "location": location, "text": text}


def both(entries: list[dict[str, Any]]) -> tuple[list, list, Spy]:
    theirs, mine = copy.deepcopy(entries), copy.deepcopy(entries)
    upstream(theirs)
    spy = ours(mine)
    return theirs, mine, spy


def test_an_untranslated_page_is_indexed_once() -> None:
    entries = [
        entry("Start", ""),
        entry("Treffen", "events/a/"),
        entry("Treffen", "en/events/a/"),  # the German page shown at en/: a duplicate
        entry("Meetup", "en/events/a/#x"),
    ]
    theirs, mine, spy = both(entries)
    assert mine == theirs == [entries[0], entries[1], entries[3]]
    assert spy.calls == 0


def test_of_two_adjacent_duplicates_only_the_first_goes_as_in_the_original() -> None:
    """The original walks the other languages' entries while it removes from them."""
    entries = [entry("T", "a/"), entry("T", "en/a/"), entry("T", "en/x/a/"), entry("T", "en/y/a/")]
    theirs, mine, spy = both(entries)
    assert mine == theirs == [entries[0], entries[2]]  # en/x/a/ was skipped, not kept on purpose
    assert spy.calls == 0


def test_equal_entries_and_other_languages_first_are_left_to_the_original() -> None:
    equal = [entry("T", "a/"), entry("T", "en/a/"), entry("T", "en/a/")]
    other_first = [entry("T", "en/a/"), entry("T", "a/")]
    for entries in (equal, other_first):
        theirs, mine, spy = both(entries)
        assert mine == theirs
        assert spy.calls == 1


def random_entries(rng: random.Random) -> list[dict[str, Any]]:
    """Few titles, texts and locations, so that matches, adjacent matches, an empty
    location (which every location ends with) and repeated defaults are common."""
    titles, texts = ["A", "B"], ["x", "y"]
    bases = ["", "a/", "b/", "a/#s", "x/a/"]
    defaults = [
        entry(rng.choice(titles), rng.choice(bases), rng.choice(texts))
        for _ in range(rng.randint(0, 8))
    ]
    others = [
        entry(
            rng.choice(titles),
            rng.choice(["en/", "de/"]) + rng.choice(bases + ["q/a/", "z"]),
            rng.choice(texts),
        )
        for _ in range(rng.randint(0, 14))
    ]
    if rng.random() < 0.1 and defaults and others:  # another language's entry first
        defaults.insert(0, others.pop())
    return defaults + others


def test_the_same_entries_as_static_i18n_on_generated_lists() -> None:
    rng = random.Random(20261130)
    fast_path_removals = 0
    for _ in range(4000):
        entries = random_entries(rng)
        theirs, mine, spy = both(entries)
        assert mine == theirs, entries
        if spy.calls == 0 and len(mine) < len(entries):
            fast_path_removals += 1
    assert fast_path_removals > 500  # the comparison mostly exercised the new code


def test_large_lists_take_the_linear_path() -> None:
    events = [(f"Treffen {n}", f"events/t-{n}/") for n in range(3000)]
    entries = [entry(title, location, "Programm") for title, location in events]
    entries += [entry(title, "en/" + location, "Programm") for title, location in events]
    entries += [entry("Programm", f"en/events/t-{n}/#programm", "P") for n in range(3000)]
    mine = copy.deepcopy(entries)
    spy = ours(mine)
    assert spy.calls == 0
    assert mine == entries[:3000] + entries[6000:]


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO])
def test_removed_entries_are_logged_like_the_original(caplog, level: int) -> None:
    entries = [entry("T", "a/"), entry("T", "en/a/")]
    with caplog.at_level(level, logger=LOG.name):
        ours(entries)
    messages = [r.getMessage() for r in caplog.records if r.name == LOG.name]
    expected = ["removed duplicated search entry: T en/a/"] if level == logging.DEBUG else []
    assert messages == expected


def test_the_site_build_uses_it() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    method = config.plugins["i18n"].reconfigure_search_duplicates
    assert "use_linear_search_dedup" in method.__qualname__
