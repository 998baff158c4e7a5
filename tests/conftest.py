from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import ROOT, BuildResult, run_mkdocs_build


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
