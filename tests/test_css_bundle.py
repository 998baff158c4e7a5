from __future__ import annotations

from pathlib import Path

import pytest

from civic_site.css_bundle import bundle_css
from tests.sitebuild import BuildResult


def test_bundle_keeps_order_and_names_sources(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("a { color: red; }\n")
    (tmp_path / "b.css").write_text("b { color: blue; }\n")
    bundle = bundle_css(tmp_path, ["b.css", "a.css"])
    assert bundle.index("b { color: blue; }") < bundle.index("a { color: red; }")
    assert "/* ---- a.css ---- */" in bundle


def test_missing_source_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="fehlt.css"):
        bundle_css(tmp_path, ["fehlt.css"])


def test_built_pages_link_one_bundle_with_every_source(real_site: BuildResult) -> None:
    bundle = real_site.page("assets/css/site.css")
    for source in ("civic.css", "events.css", "content.css", "pretix.css"):
        assert f"assets/css/{source} ----" in bundle
        assert not (real_site.site_dir / "assets" / "css" / source).exists()
    for page in ("index.html", "en/events/index.html"):
        assert real_site.page(page).count('assets/css/site.css"') == 1
