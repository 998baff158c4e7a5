"""Leichte Sprache, DGS and marked values in headless Chromium: axe-core (WCAG 2.1 A/AA) in
both colour schemes, the access links by keyboard with visible focus, and a DGS video that
plays from the site itself (no request to another host)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import (
    RequestRecorder,
    ServedSite,
    format_axe_violations,
    new_page,
    run_axe,
    serve_site,
    set_color_scheme,
    visit,
)
from tests.test_dgs_video import build_video_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_video_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    site = build_video_site(tmp_path_factory.mktemp("dgs-browser"))
    with serve_site(site.site_dir) as served:
        yield served


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("page", ["leichte-sprache/", "gebaerdensprache/", "impressum/"])
def test_no_axe_violations(
    browser: Any, served_site: ServedSite, prefix: str, page: str, scheme: str
) -> None:
    """The pages the accessibility statement names besides tests/test_browser_a11y.py's."""
    path = prefix + page
    color = "dark" if scheme == "slate" else "light"
    with new_page(browser, bypass_csp=True, color_scheme=color) as tab:
        tab.goto(served_site.url(path), wait_until="networkidle")
        set_color_scheme(tab, scheme)
        violations = run_axe(tab)
    assert not violations, f"/{path} ({scheme}):\n" + format_axe_violations(violations)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_a_playable_dgs_video_has_no_axe_violations(
    browser: Any, served_video_site: ServedSite, scheme: str
) -> None:
    color = "dark" if scheme == "slate" else "light"
    with new_page(browser, bypass_csp=True, color_scheme=color) as page:
        page.goto(served_video_site.url("gebaerdensprache/"), wait_until="networkidle")
        set_color_scheme(page, scheme)
        assert page.locator("video track[kind=captions]").count() == 1
        violations = run_axe(page)
    assert not violations, format_axe_violations(violations)


def test_the_dgs_video_page_requests_nothing_from_other_hosts(
    browser: Any, served_video_site: ServedSite
) -> None:
    with new_page(browser) as page:
        recorder = RequestRecorder(page)
        result = visit(page, recorder, served_video_site, "gebaerdensprache/")
        # Playing the video loads it from the site as well.
        page.evaluate("document.querySelector('video').load()")
        page.wait_for_load_state("networkidle")
        requests = result.requests + recorder.requests
    assert result.external_requests() == []
    assert [url for url in requests if not url.startswith(served_video_site.base_url)] == []
    assert result.csp_violations == []


@pytest.mark.parametrize("path", ["", "en/"])
def test_access_links_come_right_after_the_skip_link_with_visible_focus(
    browser: Any, served_site: ServedSite, path: str
) -> None:
    with new_page(browser, viewport={"width": 360, "height": 740}) as page:
        page.goto(served_site.url(path), wait_until="networkidle")
        labels = []
        for _ in range(3):
            page.keyboard.press("Tab")
            labels.append(
                page.evaluate(
                    """() => {
                      const el = document.activeElement, style = getComputedStyle(el);
                      const box = el.getBoundingClientRect();
                      return [el.className, style.outlineStyle, box.height, box.top];
                    }"""
                )
            )
    classes = [label[0] for label in labels]
    assert "civic-skip" in classes[0]
    assert all("civic-access__link" in cls.split() for cls in classes[1:]), classes
    for _, outline, height, top in labels[1:]:
        assert outline != "none" and height >= 44 and top >= 0  # visible, a touch target
