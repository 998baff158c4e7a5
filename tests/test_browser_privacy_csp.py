"""Privacy and Content-Security-Policy in headless Chromium.

Every built page is loaded (and scrolled to the end, so lazy content loads too) with all
requests recorded: nothing may leave 127.0.0.1 before the visitor consents, the browser
must report no CSP violation, neither before nor after the consent click, and no request
may fail (no 404, no network error), on 127.0.0.1 and at the production address.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from civic_site.linkcheck import target_file
from tests.browser import (
    CSP_LISTENER_SCRIPT,
    PageVisit,
    RequestRecorder,
    ServedSite,
    csp_violations,
    is_own_origin,
    new_page,
    production_origin,
    serve_as_production,
    serve_site,
    site_path,
    visit,
)
from tests.sitebuild import FIXTURE_NOW

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def csp_page(browser: Any) -> Iterator[tuple[Any, RequestRecorder]]:
    """A page that enforces the site's CSP (no bypass) and reports violations."""
    with new_page(browser, FIXTURE_NOW) as page:  # the fixture's events as built
        page.context.add_init_script(CSP_LISTENER_SCRIPT)
        yield page, RequestRecorder(page)


def _all_pages(site: ServedSite, only: str = "") -> list[str]:
    files = sorted(site.site_dir.rglob("*.html"))
    return [site_path(site.site_dir, f) for f in files if only in f.as_posix()]


@pytest.fixture(scope="session")
def page_visits(
    csp_page: tuple[Any, RequestRecorder],
    served_site: ServedSite,
    served_fixture_site: ServedSite,
) -> list[PageVisit]:
    """One visit per built page of the real site and of the fixture site (every event
    state, hostile input), and two paths that do not exist (404)."""
    page, recorder = csp_page
    visits = []
    plan = [(served_site, path) for path in _all_pages(served_site)]
    plan += [(served_site, "no-such-page/"), (served_site, "en/no-such-page/")]
    plan += [(served_fixture_site, path) for path in _all_pages(served_fixture_site)]
    for site, path in plan:
        visits.append(visit(page, recorder, site, path, scroll=True))
    return visits


def test_every_page_was_visited(page_visits: list[PageVisit], served_site: ServedSite) -> None:
    assert len(page_visits) > len(_all_pages(served_site))
    wrong_status = [
        (v.path, v.status)
        for v in page_visits
        if v.status != (404 if "no-such-page" in v.path else 200)
    ]
    assert not wrong_status


# The pages' absolute links (canonical, hreflang) name the site's production address. Served
# here on 127.0.0.1, a request to that address is one to the site's own host once deployed
# (same origin, 'self' in the CSP), never a third party: it is judged separately below.
OWN_ORIGIN = production_origin()


def test_no_request_leaves_the_machine_before_consent(page_visits: list[PageVisit]) -> None:
    leaks = [
        f"/{v.path}: {url}"
        for v in page_visits
        for url in v.external_requests()
        if not is_own_origin(url, OWN_ORIGIN)
    ]
    assert not leaks, "requests to other hosts without consent:\n" + "\n".join(leaks)


def test_no_csp_violations_on_any_page(page_visits: list[PageVisit]) -> None:
    violations = [
        f"/{v.path}: {violation.text}"
        for v in page_visits
        for violation in v.csp_violations
        if not is_own_origin(violation.blocked, OWN_ORIGIN)
    ]
    assert not violations, "\n".join(violations)


def test_requests_to_the_own_origin_find_their_files(page_visits: list[PageVisit]) -> None:
    """Requests to the production address name files the site has (was a strict xfail while
    Material fetched /<page>/sitemap.xml for per-page hreflang links)."""
    missing = sorted(
        {
            f"/{v.path}: {url}"
            for v in page_visits
            for url in v.external_requests()
            if is_own_origin(url, OWN_ORIGIN)
            and target_file(v.site_dir, urlsplit(url).path.lstrip("/")) is None
        }
    )
    assert not missing, "\n".join(missing)


def _failures(visits: list[PageVisit]) -> str:
    """'' when nothing failed, else a count and every failure by page."""
    lines = [f"/{v.path}: {failure}" for v in visits for failure in v.failures()]
    if not lines:
        return ""
    requests = sum(len(v.failed_requests) for v in visits)
    pages = sum(1 for v in visits if v.failures())
    return f"{requests} failed requests on {pages} of {len(visits)} pages:\n" + "\n".join(lines)


def test_no_failed_requests_on_any_page(page_visits: list[PageVisit]) -> None:
    """Served on 127.0.0.1: no 404, no network error, no CSP block on any page (Material's
    bundle fetches sitemap.xml below every <link rel=alternate>; README: hreflang)."""
    failures = _failures(page_visits)
    assert not failures, failures


@pytest.fixture(scope="session")
def production_visits(
    browser: Any, served_site: ServedSite, served_fixture_site: ServedSite
) -> list[PageVisit]:
    """The same pages at the production address (site_url), the local server answering:
    what a visitor of the published site gets, where absolute links are same-origin."""
    visits = []
    for served in (served_site, served_fixture_site):
        with new_page(browser, FIXTURE_NOW) as page:
            page.context.add_init_script(CSP_LISTENER_SCRIPT)
            recorder = RequestRecorder(page)
            site = serve_as_production(page.context, served)
            for path in [*_all_pages(site), "no-such-page/", "en/no-such-page/"]:
                visits.append(visit(page, recorder, site, path, scroll=True))
    return visits


def test_no_failed_requests_at_the_production_address(
    production_visits: list[PageVisit], served_site: ServedSite
) -> None:
    assert len(production_visits) > len(_all_pages(served_site))
    assert [v.path for v in production_visits if v.status is None] == []
    failures = _failures(production_visits)
    assert not failures, failures


BROKEN_PAGE = """<!doctype html><html lang="en"><title>broken</title>
<meta http-equiv="Content-Security-Policy" content="connect-src 'self'">
<link rel="stylesheet" href="missing.css">
<script>fetch("https://example.org/sitemap.xml").catch(() => {});</script>
"""


def test_failed_requests_are_seen(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The check is not blind: a missing stylesheet and a fetch the CSP blocks both count."""
    page_dir = tmp_path_factory.mktemp("broken-page")
    (page_dir / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (page_dir / "404.html").write_text("not found", encoding="utf-8")
    with serve_site(page_dir) as site, new_page(browser) as page:
        page.context.add_init_script(CSP_LISTENER_SCRIPT)
        failures = visit(page, RequestRecorder(page), site, "").failures()
    assert any(f.startswith("HTTP 404") and f.endswith("/missing.css") for f in failures)
    assert any(f.startswith("CSP: connect-src") for f in failures), failures


def _widget_page(*sites: ServedSite) -> tuple[ServedSite, str]:
    for site in sites:
        for file in sorted(site.site_dir.rglob("*.html")):
            if "civic-pretix__load" in file.read_text(encoding="utf-8"):
                return site, site_path(site.site_dir, file)
    pytest.fail("no page with a two-click pretix box (.civic-pretix__load) was built")


def test_consent_click_loads_pretix_without_csp_violation(
    csp_page: tuple[Any, RequestRecorder], served_site: ServedSite, served_fixture_site: ServedSite
) -> None:
    """The pretix host is unreachable here: the requests fail with a network error, but the
    browser must have been allowed to make them (a CSP block shows as a violation)."""
    page, recorder = csp_page
    site, path = _widget_page(served_site, served_fixture_site)
    before = visit(page, recorder, site, path)
    third_party = [u for u in before.external_requests() if not is_own_origin(u, OWN_ORIGIN)]
    assert third_party == [], "pretix was contacted before consent"
    box = page.locator(".civic-pretix").first
    stylesheet = box.get_attribute("data-pretix-stylesheet")
    script = box.get_attribute("data-pretix-script")
    with page.expect_request(script):
        box.locator(".civic-pretix__load").click()
    page.wait_for_load_state("networkidle")
    requested = set(recorder.requests)
    assert {stylesheet, script} <= requested, f"after consent, requested: {requested}"
    violations = csp_violations(page, recorder)
    assert [v.text for v in violations if not is_own_origin(v.blocked, OWN_ORIGIN)] == []
