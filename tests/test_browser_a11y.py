"""Accessibility in headless Chromium: axe-core (WCAG 2.1 A/AA) on every page type in both
languages and both colour schemes, and keyboard use (skip link, visible focus, consent button).

Page types are found in the built real site by their markers; event states the real site
lacks at the moment (e.g. no cancelled event right now) come from the fixture-events site.
Browser clocks stand at the fixture's SITE_NOW, so event pages look as they were built.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import (
    LANGUAGES,
    PAGE_TYPES,
    ServedSite,
    format_axe_violations,
    new_page,
    page_types,
    run_axe,
    set_color_scheme,
)
from tests.sitebuild import FIXTURE_NOW

pytestmark = pytest.mark.browser

SCHEMES = ("default", "slate")
CASES = [
    (page_type, lang)
    for page_type in PAGE_TYPES
    for lang in LANGUAGES
    if not (page_type == "event-german-only" and lang == "de")  # German pages are German
]


@pytest.fixture(scope="session")
def pages_by_type(
    served_site: ServedSite, served_fixture_site: ServedSite
) -> dict[tuple[str, str], tuple[ServedSite, str]]:
    """(page type, language) -> (served site, path); the real site wins where it has one."""
    found = {
        key: (served_fixture_site, path)
        for key, path in page_types(served_fixture_site.site_dir).items()
    }
    found.update(
        {key: (served_site, path) for key, path in page_types(served_site.site_dir).items()}
    )
    return found


@pytest.fixture(scope="session", params=SCHEMES)
def axe_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    # bypass_csp: axe is injected as an inline <script>, which the site's own CSP rightly
    # blocks. The CSP itself is tested without bypass in test_browser_privacy_csp.py.
    scheme = request.param
    color = "dark" if scheme == "slate" else "light"
    with new_page(browser, FIXTURE_NOW, bypass_csp=True, color_scheme=color) as page:
        yield scheme, page


@pytest.fixture(scope="session")
def keyboard_page(browser: Any) -> Iterator[Any]:
    with new_page(browser, FIXTURE_NOW, viewport={"width": 1280, "height": 900}) as page:
        yield page


@pytest.mark.parametrize(("page_type", "lang"), CASES)
def test_no_axe_violations(
    page_type: str,
    lang: str,
    axe_page: tuple[str, Any],
    pages_by_type: dict[tuple[str, str], tuple[ServedSite, str]],
) -> None:
    scheme, page = axe_page
    assert (page_type, lang) in pages_by_type, f"no {page_type} page in {lang} was built"
    site, path = pages_by_type[(page_type, lang)]
    page.goto(site.url(path), wait_until="networkidle")
    set_color_scheme(page, scheme)
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
    violations = run_axe(page)
    assert not violations, f"/{path} ({scheme}):\n" + format_axe_violations(violations)


def _focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            tag: el.tagName.toLowerCase(), id: el.id, cls: el.className || "",
            text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 40),
            outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
            visible: box.width > 0 && box.height > 0 && box.bottom > 0 &&
                     box.top < window.innerHeight,
          };
        }"""
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_tab_focuses_skip_link_and_enter_moves_to_main(
    lang: str, keyboard_page: Any, served_site: ServedSite
) -> None:
    page = keyboard_page
    page.goto(served_site.url("" if lang == "de" else "en/"), wait_until="networkidle")
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert "civic-skip" in focused["cls"], f"first Tab focused {focused}"
    assert focused["visible"], "the skip link must become visible when focused"
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#civic-main'")
    assert page.evaluate("document.activeElement.id") == "civic-main"
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    in_header = page.evaluate("!!document.activeElement.closest('header')")
    assert not in_header


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_type", ["home", "listing", "event-upcoming"])
def test_focus_is_visible_on_every_tab_stop(
    page_type: str,
    scheme: str,
    keyboard_page: Any,
    pages_by_type: dict[tuple[str, str], tuple[ServedSite, str]],
) -> None:
    site, path = pages_by_type[(page_type, "de")]
    page = keyboard_page
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(site.url(path), wait_until="networkidle")
    set_color_scheme(page, scheme)
    invisible = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["tag"] == "body":
            break
        if focused["outlineStyle"] == "none" or focused["outlineWidth"] <= 0:
            invisible.append(focused)
    assert not invisible, f"/{path} ({scheme}): focus not visible on {invisible}"


def _widget_pages(pages_by_type: dict[tuple[str, str], tuple[ServedSite, str]]) -> list:
    pages = []
    for site in {id(s): s for s, _ in pages_by_type.values()}.values():
        for file in sorted(site.site_dir.rglob("*.html")):
            if "civic-pretix__load" in file.read_text(encoding="utf-8"):
                pages.append((site, file.relative_to(site.site_dir).as_posix()))
    return pages


def test_consent_button_works_by_keyboard(
    keyboard_page: Any, pages_by_type: dict[tuple[str, str], tuple[ServedSite, str]]
) -> None:
    widget_pages = _widget_pages(pages_by_type)
    assert widget_pages, "no page with a two-click pretix box (.civic-pretix__load) was built"
    site, path = widget_pages[0]
    page = keyboard_page
    page.goto(site.url(path.removesuffix("index.html")), wait_until="networkidle")
    for _ in range(300):  # every link of the navigation comes first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.civic-pretix .civic-pretix__load')"):
            break
    else:
        pytest.fail(f"/{path}: the consent button cannot be reached with Tab")
    focused = _focused(page)
    assert focused["outlineStyle"] != "none" and focused["visible"], focused
    page.keyboard.press("Enter")
    page.wait_for_selector(".civic-pretix[data-pretix-active]", state="attached")
    assert page.evaluate("document.activeElement.matches('.civic-pretix__widget')"), (
        "after consent, focus should move to the widget region"
    )
