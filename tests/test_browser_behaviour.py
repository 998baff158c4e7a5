"""What visitors do, in headless Chromium: switch language, search, and see events move from
"upcoming" to "past" when their end has passed (browser clock faked with page.clock)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.browser import ServedSite, new_page, page_types, site_path
from tests.sitebuild import FIXTURE_NOW

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def visitor_page(browser: Any) -> Iterator[Any]:
    with new_page(browser, viewport={"width": 1280, "height": 900}) as page:
        yield page


def _switch_language(page: Any, lang: str) -> None:
    page.locator(".md-header .md-select").hover()
    link = page.locator(f".md-select__link[hreflang='{lang}']")
    with page.expect_navigation():
        link.click()


@pytest.mark.parametrize("page_type", ["content", "listing", "event-past", "event-upcoming"])
def test_language_switcher_keeps_the_page_both_ways(
    page_type: str, visitor_page: Any, served_site: ServedSite, served_fixture_site: ServedSite
) -> None:
    site = served_site  # event pages the real site lacks right now come from the fixture
    if (page_type, "de") not in page_types(site.site_dir):
        site = served_fixture_site
    german = page_types(site.site_dir)[(page_type, "de")]
    english = "en/" + german
    page = visitor_page
    page.goto(site.url(german))
    _switch_language(page, "en")
    assert page.url == site.url(english)
    assert page.evaluate("document.documentElement.lang") == "en"
    _switch_language(page, "de")
    assert page.url == site.url(german)
    assert page.evaluate("document.documentElement.lang") == "de"


@pytest.mark.parametrize(("start", "query"), [("", "Gemeinwohl"), ("en/", "common good")])
def test_search_finds_pages_in_the_same_language(
    start: str, query: str, visitor_page: Any, served_site: ServedSite
) -> None:
    page = visitor_page
    page.goto(served_site.url(start), wait_until="networkidle")
    search = page.locator("input.md-search__input")
    search.click()  # at 1280 px Material shows the search field in the header
    search.press_sequentially(query, delay=20)  # Material reacts to key events, not fill()
    page.locator(".md-search-result__item").first.wait_for()
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    assert hrefs
    english = [href for href in hrefs if href.startswith(served_site.url("en/"))]
    assert english == (hrefs if start else []), hrefs


def _berlin(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.fixture
def clock_page(browser: Any) -> Iterator[Any]:
    with new_page(browser) as page:
        yield page


def _first_upcoming_card(page: Any) -> Any:
    return page.locator('[data-list="upcoming"] .civic-event-card').first


def test_listing_moves_an_event_to_past_when_its_end_passes(
    clock_page: Any, served_fixture_site: ServedSite
) -> None:
    page = clock_page
    page.clock.install(time=_berlin(FIXTURE_NOW))  # the build's "now": HTML and script agree
    page.goto(served_fixture_site.url("events/"))
    card = _first_upcoming_card(page)
    slug_link = card.locator("a").first.get_attribute("href")
    end = _berlin(card.get_attribute("data-event-end"))
    assert card.get_attribute("data-event-state") != "past"

    page.clock.set_fixed_time(end - timedelta(minutes=1))
    page.reload()
    assert _first_upcoming_card(page).locator("a").first.get_attribute("href") == slug_link

    page.clock.set_fixed_time(end + timedelta(minutes=1))
    page.reload()
    moved = page.locator(f'.civic-event-card:has(a[href="{slug_link}"])')
    assert moved.count() == 1
    assert moved.get_attribute("data-event-state") == "past"
    year = _berlin(moved.get_attribute("data-event-start")).year
    in_list = moved.evaluate("card => card.closest('ol').dataset.list")
    assert in_list in (f"past-{year}", "past")
    assert moved.locator(".civic-badge").inner_text() == moved.get_attribute("data-label-past")


def _upcoming_event_with_registration(site: ServedSite) -> str:
    for file in sorted(site.site_dir.glob("events/*/index.html")):
        html = file.read_text(encoding="utf-8")
        if 'data-event-state="upcoming"' in html and "data-registration-open" in html:
            return site_path(site.site_dir, file)
    pytest.fail("the fixture site has no upcoming event page with a registration box")


def test_event_page_turns_past_when_its_end_passes(
    clock_page: Any, served_fixture_site: ServedSite
) -> None:
    path = _upcoming_event_with_registration(served_fixture_site)
    page = clock_page
    page.clock.install(time=_berlin(FIXTURE_NOW))
    page.goto(served_fixture_site.url(path))
    article = page.locator("article.civic-event")
    end = _berlin(article.get_attribute("data-event-end"))
    assert article.get_attribute("data-event-state") == "upcoming"
    registration = article.locator("[data-registration-open]")
    took_place = article.locator("[data-registration-past]")
    assert registration.get_attribute("hidden") is None
    assert not took_place.is_visible()

    page.clock.set_fixed_time(end + timedelta(seconds=1))
    page.reload()
    assert article.get_attribute("data-event-state") == "past"
    assert registration.get_attribute("hidden") is not None
    assert took_place.is_visible()
    badge = article.locator("[data-event-badge]")
    assert badge.inner_text() == article.get_attribute("data-label-past")
