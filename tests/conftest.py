from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import (
    FIXTURE_NOW,
    ROOT,
    BuildResult,
    make_fixture_project,
    run_mkdocs_build,
)


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
