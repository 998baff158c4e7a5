"""Material's search worker is named from the installed theme, never hard-coded.

overrides/main.html replaces Material's `config` block, which names the worker by its
hashed file name; a Material release with another hash must not break search silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import material
import pytest

from civic_site.diagnostics import DiagnosticError
from civic_site.template_api import theme_globals
from civic_site.theme_assets import ThemeAssetError, bundle_path, search_worker_path
from tests.sitebuild import ROOT, BuildResult, built_pages

MATERIAL_DIR = Path(material.__file__).parent / "templates"
WORKER_RE = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def fake_theme(tmp_path: Path) -> Path:
    """A theme folder like Material's, with its JavaScript but without the search worker."""
    theme = tmp_path / "theme"
    (theme / "assets/javascripts/workers").mkdir(parents=True)
    (theme / "assets/javascripts/bundle.0123abcd.min.js").write_text("", encoding="utf-8")
    return theme


def test_the_installed_theme_has_its_worker_found() -> None:
    found = search_worker_path([ROOT / "overrides", MATERIAL_DIR])
    assert WORKER_RE.fullmatch(found), found
    assert (MATERIAL_DIR / found).is_file()


def test_a_theme_without_the_worker_stops_with_a_clear_message(tmp_path: Path) -> None:
    theme = fake_theme(tmp_path)
    with pytest.raises(ThemeAssetError) as raised:
        search_worker_path([ROOT / "overrides", theme])
    message = str(raised.value)
    assert "assets/javascripts/workers/search.*.min.js" in message
    assert str(theme) in message
    assert "civic_site/theme_assets.py" in message


def test_two_workers_in_one_theme_are_an_error_too(tmp_path: Path) -> None:
    theme = fake_theme(tmp_path)
    for name in ("search.1111aaaa.min.js", "search.2222bbbb.min.js"):
        (theme / "assets/javascripts/workers" / name).write_text("", encoding="utf-8")
    with pytest.raises(ThemeAssetError, match="search.1111aaaa.min.js"):
        search_worker_path([theme])


def test_the_build_reports_a_missing_worker_at_the_theme_line(tmp_path: Path) -> None:
    config = SimpleNamespace(
        theme=SimpleNamespace(dirs=[str(ROOT / "overrides"), str(fake_theme(tmp_path))]),
        config_file_path=str(ROOT / "mkdocs.yml"),
    )
    with pytest.raises(DiagnosticError) as raised:
        theme_globals(config)
    assert re.match(r"mkdocs\.yml:\d+: theme: ", str(raised.value)), str(raised.value)


def test_every_built_page_names_the_installed_worker(real_site: BuildResult) -> None:
    (installed,) = MATERIAL_DIR.glob("assets/javascripts/workers/search.*.min.js")
    for page in built_pages(real_site.site_dir):
        config = re.search(r'"search": "([^"]+)"', page.read_text(encoding="utf-8"))
        assert config, page
        link = config.group(1)  # relative, but site-absolute on 404 pages
        base = real_site.site_dir if link.startswith("/") else page.parent
        worker = (base / link.lstrip("/")).resolve()
        assert worker.name == installed.name, page
        assert worker.is_file(), page


def test_bundle_comes_from_the_installed_theme() -> None:
    found = bundle_path([ROOT / "overrides", MATERIAL_DIR])
    assert re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", found), found
    assert (MATERIAL_DIR / found).is_file()


def test_every_script_is_deferred_and_the_bundle_comes_first(real_site: BuildResult) -> None:
    """Material's bundle and our scripts are `defer`: not render-blocking (Lighthouse
    performance), still run in order, the bundle (document$) before ours."""
    (installed,) = MATERIAL_DIR.glob("assets/javascripts/bundle.*.min.js")
    for page in built_pages(real_site.site_dir):
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text(encoding="utf-8"))
        assert tags and installed.name in tags[0], page
        assert [tag for tag in tags if " defer" not in tag] == [], page
