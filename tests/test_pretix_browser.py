"""Two-click pretix widgets in headless Chromium, against the real local pretix server.

A fixture site (the real project with extra pages) has `extra.pretix.url` pointing at the
pretix server of tests/pretix_server.py and is served from another port of 127.0.0.1.
Both run on 127.0.0.1, so requests to pretix are told apart by their origin (port).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser import (
    CSP_LISTENER_SCRIPT,
    ServedSite,
    csp_violations,
    new_page,
    serve_site,
    set_color_scheme,
)
from tests.browser import (
    RequestRecorder as Recorder,
)
from tests.sitebuild import run_mkdocs_build
from tests.test_pretix_build import make_pretix_project

pytestmark = [pytest.mark.browser, pytest.mark.pretix]

WIDGET_TIMEOUT = 30_000  # ms; the first widget script is generated on demand by pretix

# The first widget shows all products, the second only the one with dinner.
PAGE = """---
title: Anmeldung testen
---

# Zwei Formulare

{{% include pretix-widget.html event="ki-zivil-11" %}}

Mit Abendessen:

{{% include pretix-widget.html event="ki-zivil-11" items="{dinner}" %}}

[Zum zweiten Formular](pretix-more.md)
"""

MORE_PAGE = """---
title: Noch ein Formular
---

# Noch ein Formular

{{% include pretix-widget.html event="ki-zivil-11" items="{dinner}" %}}
"""

START_PAGE = """---
title: Start für den Test
---

# Start

[Zur Anmeldung](pretix-test.md), [Zum zweiten Formular](pretix-more.md)
"""

STYLESHEETS_LOADED = """() => Array.from(document.querySelectorAll("link[data-civic-pretix]"))
  .every((link) => link.sheet !== null)"""

EFFECTIVE_BACKGROUND = """(el) => {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== "transparent" && bg !== "rgba(0, 0, 0, 0)") return bg;
  }
  return "rgb(255, 255, 255)";
}"""


@pytest.fixture(scope="module")
def pretix_site(tmp_path_factory: pytest.TempPathFactory, pretix_server) -> Iterator[ServedSite]:
    project = tmp_path_factory.mktemp("pretix-browser-site")
    dinner = pretix_server.events["ki-zivil-11"]["items"][1]
    page = PAGE.format(dinner=dinner)
    pages = {f"{lang}/pretix-test.md": page for lang in ("de", "en")}
    pages["de/pretix-start.md"] = START_PAGE
    pages["de/pretix-more.md"] = MORE_PAGE.format(dinner=dinner)
    config = make_pretix_project(
        project, pretix_server.url, pages, instant=True, organizer=pretix_server.organizer
    )
    # Not strict: static-i18n warns that its language switcher links do not follow
    # instant navigation; the site itself does not use instant navigation (yet).
    # site_url is the local address: instant navigation fetches <site_url>/sitemap.xml,
    # which the CSP (connect-src 'self') allows only from the site's own origin.
    site_dir = project / "site"
    site_dir.mkdir()
    with serve_site(site_dir) as site:
        text = config.read_text(encoding="utf-8")
        for old, new in (
            ("\nstrict: true\n", "\nstrict: false\n"),
            ("\nsite_url: https://www.civic-coding.de/\n", f"\nsite_url: {site.base_url}\n"),
        ):
            assert old in text, f"mkdocs.yml changed: {old!r} not found"
            text = text.replace(old, new)
        config.write_text(text, encoding="utf-8")
        result = run_mkdocs_build(config, site_dir, strict=False)
        assert result.returncode == 0, result.output
        warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
        assert all("navigation.instant" in line for line in warnings), warnings
        yield site


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with new_page(browser) as page:
        page.context.add_init_script(CSP_LISTENER_SCRIPT)
        yield page


def to_pretix(recorder: Recorder, pretix_server) -> list[str]:
    return [url for url in recorder.requests if url.startswith(pretix_server.url + "/")]


def widget_text(box: Any) -> str:
    return box.locator(".civic-pretix__widget").inner_text()


def wait_for_products(box: Any, name: str, server: Any) -> None:
    try:
        box.locator(".civic-pretix__widget").get_by_text(name, exact=True).first.wait_for(
            state="visible", timeout=WIDGET_TIMEOUT
        )
    except PlaywrightTimeoutError:
        log = (server.run_dir / "server.log").read_text(encoding="utf-8", errors="replace")
        pytest.fail(
            f"{name!r} did not appear in the widget.\n{widget_state(box)}\n"
            f"pretix server log (end):\n{log[-2000:]}"
        )


def widget_state(box: Any) -> str:
    """What a failed wait needs to tell apart: a click that did not activate the box,
    pretix's own error message in the widget, or a request to pretix that failed."""
    return box.evaluate(
        """(box) => [
            "box active: " + box.hasAttribute("data-pretix-active"),
            "widget text: " + JSON.stringify(box.querySelector(".civic-pretix__widget").innerText),
            "pretix scripts: " + Array.from(document.querySelectorAll("script[data-civic-pretix]"),
                (s) => s.src).join(", "),
            "PretixWidget defined: " + Boolean(window.PretixWidget),
            "pretix requests: " + performance.getEntriesByType("resource")
                .filter((r) => r.name.includes("/widget/"))
                .map((r) => `${r.name} (${r.responseStatus}, ${Math.round(r.duration)} ms)`)
                .join(", "),
        ].join("\\n")"""
    )


def test_nothing_from_pretix_before_the_click_then_widgets_with_products(
    page: Any, pretix_site: ServedSite, pretix_server
):
    recorder = Recorder(page)
    page.goto(pretix_site.url("pretix-test/"), wait_until="load")
    page.wait_for_load_state("networkidle")
    assert to_pretix(recorder, pretix_server) == []
    boxes = page.locator(".civic-pretix")
    assert boxes.count() == 2
    first, second = boxes.nth(0), boxes.nth(1)
    shop = first.locator("a.civic-pretix__shop")
    assert shop.get_attribute("href") == f"{pretix_server.url}/civic/ki-zivil-11/"

    first.get_by_role("button", name="Anmeldeformular laden").click()
    wait_for_products(first, "Teilnahme vor Ort", pretix_server)
    assert "Teilnahme mit Abendessen" in widget_text(first)
    assert page.evaluate("document.activeElement.classList.contains('civic-pretix__widget')")
    assert first.locator(".civic-pretix__placeholder").is_hidden()
    # The other widget waits for its own click.
    assert second.locator(".civic-pretix__placeholder").is_visible()
    assert second.locator(".pretix-widget-wrapper").count() == 0

    # pretix's stylesheet may arrive after the products and move the second button; the
    # click waits for it so that it lands on the button and not where the button was.
    page.wait_for_function(STYLESHEETS_LOADED, timeout=WIDGET_TIMEOUT)
    second.get_by_role("button", name="Anmeldeformular laden").click()
    wait_for_products(second, "Teilnahme mit Abendessen", pretix_server)
    assert "Teilnahme vor Ort" not in widget_text(second)  # items="…" limits the products

    requests = to_pretix(recorder, pretix_server)
    script = f"{pretix_server.url}/widget/v2.de.js"
    stylesheet = f"{pretix_server.url}/civic/widget/v2.css"
    assert requests.count(script) == 1, requests  # loaded once per page
    assert requests.count(stylesheet) == 1, requests
    assert any("/civic/ki-zivil-11/widget/product_list" in url for url in requests)
    built_ids = page.eval_on_selector_all(".pretix-widget-wrapper", "els => els.map(e => e.id)")
    assert built_ids == ["pretix-widget-1", "pretix-widget-2"]
    assert [v.text for v in csp_violations(page, recorder)] == []


def test_english_page_loads_the_english_widget(page: Any, pretix_site: ServedSite, pretix_server):
    recorder = Recorder(page)
    page.goto(pretix_site.url("en/pretix-test/"), wait_until="load")
    first = page.locator(".civic-pretix").first
    first.get_by_role("button", name="Load the registration form").click()
    wait_for_products(first, "On-site participation", pretix_server)
    assert f"{pretix_server.url}/widget/v2.en.js" in to_pretix(recorder, pretix_server)
    assert [v.text for v in csp_violations(page, recorder)] == []


def test_works_after_instant_navigation(page: Any, pretix_site: ServedSite, pretix_server):
    recorder = Recorder(page)
    page.goto(pretix_site.url("pretix-test/"), wait_until="load")
    page.evaluate("window.__samePageLoad = true")
    first = page.locator(".civic-pretix").first
    first.get_by_role("button", name="Anmeldeformular laden").click()
    wait_for_products(first, "Teilnahme vor Ort", pretix_server)

    # On to another widget page by instant navigation (no reload): its widget works,
    # and the script that is already there is reused.
    page.get_by_role("link", name="Zum zweiten Formular").click()
    page.wait_for_url("**/pretix-more/")
    other = page.locator(".civic-pretix").first
    other.get_by_role("button", name="Anmeldeformular laden").click()
    wait_for_products(other, "Teilnahme mit Abendessen", pretix_server)
    assert page.evaluate("window.__samePageLoad === true"), "no instant navigation happened"
    script = f"{pretix_server.url}/widget/v2.de.js"
    assert to_pretix(recorder, pretix_server).count(script) == 1
    assert [v.text for v in csp_violations(page, recorder)] == []


def test_instant_navigation_from_a_page_without_widget(
    page: Any, pretix_site: ServedSite, pretix_server
):
    """The first page's CSP (no pretix host) stays in force during instant navigation;
    the click then reloads the page once and builds the widget the visitor asked for."""
    recorder = Recorder(page)
    page.goto(pretix_site.url("pretix-start/"), wait_until="load")
    page.evaluate("window.__samePageLoad = true")
    page.get_by_role("link", name="Zur Anmeldung").click()
    page.wait_for_url("**/pretix-test/")
    second = page.locator(".civic-pretix").nth(1)
    second.get_by_role("button", name="Anmeldeformular laden").wait_for(state="visible")
    assert page.evaluate("window.__samePageLoad === true"), "no instant navigation happened"
    assert to_pretix(recorder, pretix_server) == []
    second.get_by_role("button", name="Anmeldeformular laden").click()
    wait_for_products(
        page.locator(".civic-pretix").nth(1), "Teilnahme mit Abendessen", pretix_server
    )
    assert page.evaluate("window.__samePageLoad === undefined")  # reloaded once
    first = page.locator(".civic-pretix").first
    assert first.locator(".civic-pretix__placeholder").is_visible()  # only the one clicked
    assert page.evaluate("sessionStorage.length") == 0  # the consent was used up
    assert [v.text for v in csp_violations(page, recorder)] == []


def _luminance(rgb: str) -> float:
    values = [float(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [(v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4
              for v in values]  # fmt: skip
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_contrast(page: Any, locator: Any) -> float:
    handle = locator.element_handle()
    color = page.evaluate("(el) => getComputedStyle(el).color", handle)
    return contrast(color, page.evaluate(EFFECTIVE_BACKGROUND, handle))


def test_placeholder_and_widget_readable_in_the_dark_scheme(
    page: Any, pretix_site: ServedSite, pretix_server
):
    page.goto(pretix_site.url("pretix-test/"), wait_until="load")
    set_color_scheme(page, "slate")
    first = page.locator(".civic-pretix").first
    for part in (".civic-pretix__intro", ".civic-pretix__shop", ".civic-pretix__note"):
        ratio = text_contrast(page, first.locator(part))
        assert ratio >= 4.5, f"{part}: contrast {ratio:.2f}"
    first.get_by_role("button", name="Anmeldeformular laden").click()
    wait_for_products(first, "Teilnahme vor Ort", pretix_server)
    product = first.locator(".civic-pretix__widget").get_by_text("Teilnahme vor Ort").first
    ratio = text_contrast(page, product)
    assert ratio >= 4.5, f"product name: contrast {ratio:.2f}"
