"""A third language needs only config, a strings file and content (issue 11).

A copy of the project gets French: `fr` in mkdocs.yml's i18n languages (and search),
overrides/strings/fr.yml, docs/fr/index.md, one French event and French figure labels.
Everything else is a symlink to the real project, so no code, template or hook is
changed for it. The build runs with --strict in a subprocess, like `make build`.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.sitebuild import (
    FIXTURE_EVENTS,
    FIXTURE_NOW,
    ROOT,
    STRINGS_DIR,
    BuildResult,
    run_mkdocs_build,
)

SITE_URL = "https://www.civic-coding.de/"
# The folders of the copy that hold French files; everything else is linked.
COPIED = {"mkdocs.yml", "docs", "events", "overrides", "data"}
NOT_LINKED = {"site", ".venv", ".git", "node_modules", ".cache", "screenshots"}

FRENCH_LANGUAGE = {
    "locale": "fr",
    "name": "Français",
    "build": True,
    "site_name": "Civic Coding – Réseau d’innovation IA pour le bien commun",
    "nav_translations": {"Start": "Accueil", "Veranstaltungen": "Événements"},
}
# Locale data and a few texts; the other keys keep the English wording.
FRENCH_STRINGS = {
    "locale": "fr_FR",
    "date_full": "EEEE d MMMM y",
    "date_long": "d MMMM y",
    "date_short": "dd/MM/y",
    "time_format": "HH:mm",
    "time_text": "{time}",
    "time_range_text": "{start}–{end}",
    "untranslated_title": "Cette page n’existe qu’en allemand",
    "events_title": "Événements",
    "event_when": "Quand",
    "event_language": "Langue",
    "feed_title": "Civic Coding – Événements",
    "calendar_name": "Civic Coding – Événements",
}
FRENCH_HOME = """---
template: home.html
hide:
  - navigation
  - toc
hero:
  claim: L’intelligence artificielle pour le bien commun
  mission: Civic Coding relie la société civile, l’administration et la recherche.
---

Civic Coding est une initiative commune de quatre ministères fédéraux allemands.

## Nos champs d’action {#unsere-handlungsfelder}

Les pages allemandes (repli pour le français) renvoient à cette ancre.
"""


def _link_all(source: Path, target: Path, skip: set[str]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name not in skip:
            (target / entry.name).symlink_to(entry)


def make_french_project(target: Path) -> Path:
    """The real project plus French (see module docstring); returns its mkdocs.yml."""
    _link_all(ROOT, target, COPIED | NOT_LINKED)

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"].append(FRENCH_LANGUAGE)
        if isinstance(plugin, dict) and "search" in plugin:
            plugin["search"]["lang"].append("fr")
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")

    _link_all(ROOT / "docs", target / "docs", set())
    (target / "docs" / "fr").mkdir()
    (target / "docs" / "fr" / "index.md").write_text(FRENCH_HOME, encoding="utf-8")

    _link_all(ROOT / "overrides", target / "overrides", {STRINGS_DIR.name})
    _link_all(STRINGS_DIR, target / "overrides" / STRINGS_DIR.name, set())
    english = yaml.safe_load((STRINGS_DIR / "en.yml").read_text(encoding="utf-8"))
    french = yaml.safe_dump({**english, **FRENCH_STRINGS}, allow_unicode=True)
    (target / "overrides" / STRINGS_DIR.name / "fr.yml").write_text(french, encoding="utf-8")

    shutil.copytree(FIXTURE_EVENTS, target / "events")
    german = (FIXTURE_EVENTS / "de" / "upcoming-hybrid.md").read_text(encoding="utf-8")
    (target / "events" / "fr").mkdir()
    (target / "events" / "fr" / "upcoming-hybrid.md").write_text(
        german.replace("Hybrides Meetup zu KI im Ehrenamt", "Rencontre hybride sur l’IA"),
        encoding="utf-8",
    )

    _link_all(ROOT / "data", target / "data", {"figures.yml"})
    figures = yaml.safe_load((ROOT / "data" / "figures.yml").read_text(encoding="utf-8"))
    for figure in figures:
        figure["label"]["fr"] = "FR " + figure["label"]["en"]
    (target / "data" / "figures.yml").write_text(
        yaml.safe_dump(figures, allow_unicode=True), encoding="utf-8"
    )
    return target / "mkdocs.yml"


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("french-project")
    config = make_french_project(project)
    result = run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode == 0, result.output
    return result


def _hreflang(site: BuildResult, rel: str) -> dict[str, str]:
    """The hreflang links of a built page, from sitemap.xml (README: hreflang)."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    loc = SITE_URL + rel.removesuffix("index.html")
    for url in ET.fromstring(site.page("sitemap.xml")).findall("s:url", ns):
        if url.findtext("s:loc", namespaces=ns) == loc:
            return {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
    raise AssertionError(f"{loc} is not in sitemap.xml")


def _switcher(html: str) -> dict[str, str]:
    links = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link">', html)
    return {lang: href for href, lang in links}


def test_french_pages_exist_in_french(french_site: BuildResult) -> None:
    home = french_site.page("fr/index.html")
    assert '<html lang="fr"' in home
    assert "L’intelligence artificielle pour le bien commun" in home
    # A page that exists only in German is built under /fr/ with the French notice.
    initiative = french_site.page("fr/initiative/index.html")
    assert "Cette page n’existe qu’en allemand" in initiative
    for rel in ("fr/events/index.html", "fr/impressum/index.html"):
        assert (french_site.site_dir / rel).is_file(), rel
    # One 404 page per language; the default language's stays at the root.
    for rel, lang in (("404.html", "de"), ("en/404.html", "en"), ("fr/404.html", "fr")):
        assert f'<html lang="{lang}"' in french_site.page(rel), rel


def test_french_dates_come_from_babel(french_site: BuildResult) -> None:
    page = french_site.page("fr/events/upcoming-hybrid/index.html")
    assert "Rencontre hybride sur l’IA" in page
    assert "mercredi 15 avril 2026, 18:00–20:00" in page
    # A German-only event under /fr/: its language named in French, by Babel.
    german_only = french_site.page("fr/events/nur-deutsch/index.html")
    assert re.search(r"<dt>Langue</dt><dd>Allemand</dd>", german_only)
    assert '<meta property="og:locale" content="fr_FR">' in page


def test_hreflang_and_switcher_include_french(french_site: BuildResult) -> None:
    for rel in ("events/upcoming-hybrid/index.html", "en/index.html", "fr/index.html"):
        links = _hreflang(french_site, rel)
        assert set(links) == {"de", "en", "fr", "x-default"}, (rel, links)
    event = _hreflang(french_site, "events/upcoming-hybrid/index.html")
    assert event["fr"] == f"{SITE_URL}fr/events/upcoming-hybrid/"
    assert set(_switcher(french_site.page("index.html"))) == {"de", "en", "fr"}
    assert set(_switcher(french_site.page("fr/events/index.html"))) == {"de", "en", "fr"}
    german_home = french_site.page("index.html")
    assert '<meta property="og:locale:alternate" content="fr_FR">' in german_home


def test_french_calendar_feed_and_search_index(french_site: BuildResult) -> None:
    calendar = (french_site.site_dir / "fr/events/calendar.ics").read_text(encoding="utf-8")
    assert "X-WR-CALNAME:Civic Coding – Événements" in calendar
    assert f"URL;VALUE=URI:{SITE_URL}fr/events/upcoming-hybrid/" in calendar
    assert (french_site.site_dir / "fr/events/upcoming-hybrid/upcoming-hybrid.ics").is_file()
    feed = ET.parse(french_site.site_dir / "fr/events/feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    ids = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}id")]
    assert f"{SITE_URL}fr/events/feed.xml" in ids
    assert f"{SITE_URL}fr/events/upcoming-hybrid/" in ids
    listing = french_site.page("fr/events/index.html")
    assert 'href="../../fr/events/feed.xml"' not in listing  # site paths, not hand-joined
    assert f"webcal://{SITE_URL.removeprefix('https://')}fr/events/calendar.ics" in listing
    index = (french_site.site_dir / "fr/search/search_index.json").read_text(encoding="utf-8")
    assert '"lang": ["fr"]' in index or '"lang":["fr"]' in index


def test_copied_project_strings_are_not_published(french_site: BuildResult) -> None:
    # fr.yml is a real file of the copy, de.yml and en.yml link to the real project's.
    assert sorted(french_site.site_dir.rglob("*.yml")) == []
