"""Screenshots for visual review, written to screenshots/ (gitignored) by every run:
home, listing and an event page, both languages, light and dark, at 390 px and 1280 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import SCREENSHOT_DIR, ServedSite, new_page, page_types, set_color_scheme
from tests.sitebuild import FIXTURE_NOW

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
SCHEMES = {"light": "default", "dark": "slate"}
PAGES = ("home", "listing", "event-upcoming")


@pytest.fixture(scope="session", params=WIDTHS)
def screenshot_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[int, Any]]:
    width = request.param
    viewport = {"width": width, "height": 844 if width < 600 else 900}
    with new_page(browser, FIXTURE_NOW, viewport=viewport, device_scale_factor=1) as page:
        yield width, page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", ("de", "en"))
@pytest.mark.parametrize("page_type", PAGES)
def test_screenshot(
    page_type: str,
    lang: str,
    scheme: str,
    screenshot_page: tuple[int, Any],
    served_site: ServedSite,
    served_fixture_site: ServedSite,
) -> None:
    width, page = screenshot_page
    # The event page comes from the fixture site when the real site has no upcoming event.
    site = served_site
    if (page_type, lang) not in page_types(site.site_dir):
        site = served_fixture_site
    path = page_types(site.site_dir)[(page_type, lang)]
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    page.goto(site.url(path), wait_until="networkidle")
    set_color_scheme(page, SCHEMES[scheme])
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    target = SCREENSHOT_DIR / f"{page_type}-{lang}-{scheme}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000, "screenshot looks empty"
    # Nothing may stick out sideways on a phone (WCAG 1.4.10 reflow).
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{path} is {overflow}px wider than the {width}px viewport"
