from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import ServedSite, chromium_path, launch_chromium, serve_site
from tests.sitebuild import (
    FIXTURE_NOW,
    ROOT,
    BuildResult,
    make_fixture_project,
    run_mkdocs_build,
)


@pytest.fixture(scope="session", autouse=True)
def _no_github_step_summary() -> Iterator[None]:
    """`check` and `build-annotations` append to $GITHUB_STEP_SUMMARY when it is set, as it
    is while CI runs these tests: keep the tests' runs out of the real job summary."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("GITHUB_STEP_SUMMARY", raising=False)
        yield


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site, built once per test session with --strict."""
    site_dir = tmp_path_factory.mktemp("real-site") / "site"
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def real_site_dir(real_site: BuildResult) -> Path:
    return real_site.site_dir


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site with the fixture events (tests/fixtures/events) at FIXTURE_NOW."""
    project = tmp_path_factory.mktemp("fixture-project")
    config = make_fixture_project(project)
    result = run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode == 0, result.output
    return result


# Browser tests (tests/browser.py): one Chromium per session, sites served on 127.0.0.1.
@pytest.fixture(scope="session")
def served_site(real_site: BuildResult) -> Iterator[ServedSite]:
    """The real site, served like GitHub Pages on a free port of 127.0.0.1."""
    with serve_site(real_site.site_dir) as site:
        yield site


@pytest.fixture(scope="session")
def served_fixture_site(fixture_site: BuildResult) -> Iterator[ServedSite]:
    """The fixture-events site (every event state at FIXTURE_NOW), served on 127.0.0.1."""
    with serve_site(fixture_site.site_dir) as site:
        yield site


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (no browser download possible here)."""
    if chromium_path() is None:
        pytest.fail("Debian's chromium is needed for browser tests: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def pretix_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real pretix server on 127.0.0.1 with test data (tests/pretix_server.py).

    The first run ever installs and migrates pretix (a few minutes, cached in .cache/).
    """
    from tests.pretix_server import start_server

    server = start_server(tmp_path_factory.mktemp("pretix-run"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def multiline_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A second, independent build of the fixture events plus tests/fixtures/events-multiline
    (line breaks, separators and markup in every text field): for escaping tests and for
    the check that calendar UIDs stay the same from one build to the next."""
    import shutil

    from tests.sitebuild import FIXTURE_EVENTS

    events = tmp_path_factory.mktemp("multiline-events") / "events"
    shutil.copytree(FIXTURE_EVENTS, events)
    shutil.copytree(ROOT / "tests" / "fixtures" / "events-multiline", events, dirs_exist_ok=True)
    project = tmp_path_factory.mktemp("multiline-project")
    config = make_fixture_project(project, events)
    result = run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode == 0, result.output
    return result


# `make test-fast` runs unit tests and tests on the two shared session builds
# (`real_site`, `fixture_site`, and `multiline_site`); tests that build a site of their own
# or run the preview server are marked `slow` here, so new ones are caught too:
# - they use a module fixture that builds or imports a site, or
# - their own code (or the module's build helper) calls run_mkdocs_build / starts serve.
OWN_BUILD_FIXTURES = frozenset(
    {
        "tag_site",
        "imported",
        "hostile",
        "hostile_build",
        "french_site",
        "preview",
        "title_site",
        "image_site",
        "bad_image_site",
    }
)
OWN_BUILD_CALLS = ("run_mkdocs_build(", "_build(", '"serve"', "properdocs")


def _builds_its_own_site(item: pytest.Item) -> bool:
    import inspect

    if OWN_BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    function = getattr(item, "function", None)
    try:
        source = inspect.getsource(function) if function else ""
    except (OSError, TypeError):
        return False
    return any(call in source for call in OWN_BUILD_CALLS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "slow" not in item.keywords and _builds_its_own_site(item):
            item.add_marker(pytest.mark.slow)
