"""Unit tests for the foundation's pure functions: URLs, language paths, search split."""

from __future__ import annotations

import random
from urllib.parse import urljoin

import pytest

from civic_site.search_index import split_search_index
from civic_site.site_paths import language_prefix, page_dest_uri
from civic_site.urls import absolute_url

SITE = "https://www.civic-coding.de/"


@pytest.mark.parametrize(
    ("site_url", "link", "expected"),
    [
        (SITE, "", SITE),
        (SITE, ".", SITE),
        (SITE, "./", SITE),
        (SITE, "en/", "https://www.civic-coding.de/en/"),
        (SITE, "en/events/x/", "https://www.civic-coding.de/en/events/x/"),
        (SITE, "/en/", "https://www.civic-coding.de/en/"),
        ("https://www.civic-coding.de", "initiative/", "https://www.civic-coding.de/initiative/"),
        # A site below a path (e.g. a GitHub Pages project site) keeps its path.
        ("https://org.github.io/site/", "en/", "https://org.github.io/site/en/"),
        ("https://org.github.io/site", "", "https://org.github.io/site/"),
        (SITE, "https://pretix.eu/x/", "https://pretix.eu/x/"),
    ],
)
def test_absolute_url(site_url: str, link: str, expected: str) -> None:
    assert absolute_url(site_url, link) == expected


def test_absolute_url_is_urljoin() -> None:
    """The fast path for plain links gives exactly what urljoin gives, for any link and base."""
    alphabet = "abAB09./:?#;%@-_~ \t\nä" + "..//"
    bases = [SITE, "https://org.github.io/site/", "HTTPS://x.de/", "https://x.de/a/../"]
    bases += ["https://x.de/?q=1/", "https://x.de/a//b/", "http://x.de:8000/p/", " https://x.de/"]
    rng = random.Random(12)
    for base in bases:
        for _ in range(5000):
            link = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
            if not link.startswith(("http://", "https://")) and link not in ("", ".", "./"):
                assert absolute_url(base, link) == urljoin(base, link), (base, link)


def test_language_prefix() -> None:
    assert language_prefix("de", "de") == ""
    assert language_prefix("en", "de") == "en/"
    assert language_prefix("de", "en") == "de/"


@pytest.mark.parametrize(
    ("norm_src_uri", "lang", "expected"),
    [
        ("index.md", "de", "index.html"),
        ("index.md", "en", "en/index.html"),
        ("events/index.md", "de", "events/index.html"),
        ("events/index.md", "en", "en/events/index.html"),
        ("events/ki-zivil-11.md", "de", "events/ki-zivil-11/index.html"),
        ("events/series/meetup.md", "en", "en/events/series/meetup/index.html"),
        ("initiative.md", "de", "initiative/index.html"),
    ],
)
def test_page_dest_uri(norm_src_uri: str, lang: str, expected: str) -> None:
    assert page_dest_uri(norm_src_uri, lang, "de") == expected


def _doc(location: str, title: str) -> dict[str, str]:
    return {"location": location, "title": title, "text": ""}


MERGED = {
    "config": {"lang": ["de", "en"], "separator": "[\\s\\-]+"},
    "docs": [
        _doc("", "Start"),
        _doc("initiative/", "Die Initiative"),
        _doc("initiative/#ziele", "Ziele"),
        _doc("en/", "Home"),
        _doc("en/initiative/", "The initiative"),
        _doc("en/initiative/#goals", "Goals"),
        # A German page whose slug merely starts with "en" stays German.
        _doc("engagement/", "Engagement"),
    ],
}


def test_split_search_index_by_language_prefix() -> None:
    split = split_search_index(MERGED, ["de", "en"], "de")
    assert [d["location"] for d in split["de"]["docs"]] == [
        "",
        "initiative/",
        "initiative/#ziele",
        "engagement/",
    ]
    # English locations become relative to /en/, where the English search index lives.
    assert [d["location"] for d in split["en"]["docs"]] == ["", "initiative/", "initiative/#goals"]
    assert split["en"]["docs"][1]["title"] == "The initiative"


def test_split_search_index_sets_one_language_and_keeps_the_rest() -> None:
    split = split_search_index(MERGED, ["de", "en"], "de")
    assert split["de"]["config"] == {"lang": ["de"], "separator": "[\\s\\-]+"}
    assert split["en"]["config"]["lang"] == ["en"]
    assert MERGED["config"]["lang"] == ["de", "en"], "the input must not be changed"
    assert len(MERGED["docs"]) == 7


def test_split_search_index_of_an_empty_index() -> None:
    split = split_search_index({}, ["de", "en"], "de")
    assert split["de"]["docs"] == [] and split["en"]["docs"] == []
