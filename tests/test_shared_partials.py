"""Material partials rendered once and shared between pages (civic_site/shared_partials.py).

Sharing must never change a byte: the fixture site is built with sharing and with sharing
switched off (every key None, and MkDocs' own render for generated pages, in a subprocess)
and the two trees are compared. The keys are
tested on MkDocs' own page and nav objects, and Material's partials that are shared as
constant are checked for anything page-specific, so that a Material upgrade that adds some
fails here instead of showing one page's HTML on another.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import material
import pytest
from jinja2 import DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from civic_site.shared_partials import (
    SHARED_PARTIALS,
    SharedPartials,
    no_links,
    prepare_theme_env,
    with_theme_prefix,
)
from tests.sitebuild import FIXTURE_NOW, ROOT, make_fixture_project, run_mkdocs_build
from tests.test_parallel_build import tree

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
NAV = "partials/nav.html"
SEARCH = "partials/search.html"
LOGO = "partials/logo.html"


def site_config(tmp_path: Path, logo: str | None = None) -> MkDocsConfig:
    config = MkDocsConfig()
    (tmp_path / "overrides").mkdir(exist_ok=True)
    theme = {"name": "material", "custom_dir": str(tmp_path / "overrides")}
    theme.update({"logo": logo} if logo else {})
    nav = [{"Start": "index.md"}, {"Termine": "events/index.md"}, {"A": ["projekte/a.md"]}]
    config.load_dict(
        {"site_name": "x", "docs_dir": str(tmp_path / "docs"), "theme": theme, "nav": nav}
    )
    (tmp_path / "docs").mkdir(exist_ok=True)
    errors, _ = config.validate()
    assert not errors
    return config


def page(config: MkDocsConfig, src_uri: str) -> Page:
    return Page(None, File(src_uri, config.docs_dir, config.site_dir, True), config)


@pytest.fixture
def site(tmp_path: Path):
    config = site_config(tmp_path, logo="assets/logo.svg")
    names = ["index.md", "events/index.md", "projekte/a.md", "impressum.md"]
    files = Files([File(name, config.docs_dir, config.site_dir, True) for name in names])
    return config, get_navigation(files, config)


def test_pages_outside_the_nav_at_the_same_depth_share_the_navigation(site) -> None:
    config, nav = site
    shared = SharedPartials(config)
    first = shared.key(NAV, page(config, "events/treffen-1.md"), nav)
    assert first is not None
    assert shared.key(NAV, page(config, "events/treffen-2.md"), nav) == first
    # Elsewhere the same nav links are written differently ("../../events/" vs "../").
    assert shared.key(NAV, page(config, "beitraege/post.md"), nav) != first
    assert shared.key(NAV, page(config, "impressum.md"), nav) not in (None, first)


def test_a_page_in_the_nav_renders_its_own_navigation(site) -> None:
    config, nav = site
    shared = SharedPartials(config)
    in_nav = nav.pages[2]  # projekte/a.md: its item is active, its toc shown in the nav
    assert shared.key(NAV, in_nav, nav) is None
    # The search box does not care where the page is.
    assert shared.key(SEARCH, in_nav, nav) == shared.key(SEARCH, page(config, "x/y/z.md"), nav)


def test_no_page_or_no_nav_means_no_sharing(site) -> None:
    config, nav = site
    shared = SharedPartials(config)
    assert shared.key(SEARCH, None, nav) is None  # the 404 page is rendered without a page
    assert shared.key(SEARCH, page(config, "impressum.md"), None) is None
    assert shared.get(None) is None
    assert shared.keep(None, "<nav>") == "<nav>"
    assert shared.get(None) is None


def test_the_logo_is_shared_by_its_relative_link(site) -> None:
    config, nav = site
    shared = SharedPartials(config)
    deep, deep_too = page(config, "events/a.md"), page(config, "beitraege/b.md")
    assert shared.key(LOGO, deep, nav) == (LOGO, "../../assets/logo.svg")
    assert shared.key(LOGO, deep, nav) == shared.key(LOGO, deep_too, nav)
    assert shared.key(LOGO, page(config, "impressum.md"), nav) == (LOGO, "../assets/logo.svg")


def test_kept_html_is_returned_and_forgotten_for_a_new_build(site, tmp_path: Path) -> None:
    config, nav = site
    shared = SharedPartials(config)
    key = shared.key(NAV, page(config, "events/a.md"), nav)
    assert shared.keep(key, "<nav>A</nav>") == "<nav>A</nav>"
    assert shared.get(key) == "<nav>A</nav>"
    files = Files([File("index.md", config.docs_dir, config.site_dir, True)])
    other_nav = get_navigation(files, config)  # the next build of `mkdocs serve`
    assert shared.key(NAV, page(config, "events/a.md"), other_nav) is not None
    assert shared.get(key) is None


def test_theme_prefix_names_materials_file_past_an_override(tmp_path: Path) -> None:
    config = site_config(tmp_path)
    overrides = DictLoader({NAV: "override"})
    env = Environment(loader=overrides)
    assert config.theme.dirs[0] == str(tmp_path / "overrides")
    with_theme_prefix(env, config)
    with_theme_prefix(env, config)  # a second call (another hook) changes nothing
    assert env.get_template(NAV).render() == "override"
    found = env.loader.get_source(env, "material/" + NAV)[1]
    assert found == str(MATERIAL_TEMPLATES / NAV)
    assert len(env.loader.loaders) == 2


def test_theme_prefix_adds_no_names_to_the_template_list(tmp_path: Path) -> None:
    """MkDocs copies every file `list_templates` names (not *.html) as a theme file and
    filters each name with a dozen patterns: listing Material twice cost ~0.2 s a build."""
    config = site_config(tmp_path)
    env = config.theme.get_env()
    before = env.list_templates()
    with_theme_prefix(env, config)
    assert env.list_templates() == before
    assert not [name for name in before if name.startswith("material/")]


@pytest.mark.parametrize(
    "name", sorted(name for name, targets in SHARED_PARTIALS.items() if targets is no_links)
)
def test_materials_constant_partials_do_not_depend_on_the_page(name: str) -> None:
    """Shared once per language build: nothing in them may come from the page or its URL.

    Fails after a Material upgrade that changes that; then give the partial its links in
    SHARED_PARTIALS, or take it out of the table and delete overrides/<name>."""
    source = (MATERIAL_TEMPLATES / name).read_text(encoding="utf-8")
    code = " ".join(re.findall(r"{[{%].*?[}%]}", source, flags=re.DOTALL))  # not the HTML
    per_page = re.findall(r"\bpage\b|\|\s*url\b|base_url|\bi18n_|alternate|\bnav\b", code)
    assert not per_page, f"Material's {name} now uses {sorted(set(per_page))}"
    includes = re.findall(r'{%-?\s*include\s+"([^"]+)"', source)
    assert all(name.startswith(".icons/") for name in includes), includes


def test_every_shared_partial_has_an_override_and_no_other_does() -> None:
    overrides = Path(__file__).resolve().parent.parent / "overrides"
    sharing = {
        path.relative_to(overrides).as_posix()
        for path in overrides.rglob("*.html")
        if "partials/shared-partial.html" in path.read_text(encoding="utf-8")
    }
    assert sharing == set(SHARED_PARTIALS)
    for name in SHARED_PARTIALS:
        assert f'set shared_name = "{name}"' in (overrides / name).read_text(encoding="utf-8")


UNSHARED_BUILD = """
import sys
from mkdocs.structure.pages import Page
import civic_site.generated_page as generated
import civic_site.shared_partials as shared
shared.SharedPartials.key = lambda self, name, page, nav: None  # every partial rendered anew
shared.SharedPartials.get = lambda self, key: None  # every event card too
shared.MaterialTranslations.t = shared.MaterialTranslations.look_up  # Material's macro each time
generated.GeneratedPage.render = Page.render  # a new Markdown instance for every page
generated.GeneratedPage.read_source = Page.read_source  # the front matter read from YAML
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""


@pytest.mark.slow
def test_sharing_changes_no_byte_of_the_site(tmp_path: Path) -> None:
    """Shared partials, event cards and translations, and generated pages
    (civic_site/generated_page.py) against MkDocs' and Material's way: every partial, card
    and Markdown instance made anew, every translation looked up, YAML read."""
    config_file = make_fixture_project(tmp_path / "project")
    clock = {"SITE_NOW": FIXTURE_NOW, "SOURCE_DATE_EPOCH": "1773140400"}
    shared = run_mkdocs_build(config_file, tmp_path / "shared", env=clock)
    assert shared.returncode == 0, shared.output
    cmd = [sys.executable, "-c", UNSHARED_BUILD, "build", "--strict", "-f", str(config_file)]
    cmd += ["--site-dir", str(tmp_path / "unshared")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **clock}
    proc = subprocess.run(cmd, cwd=config_file.parent, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    expected, built = tree(tmp_path / "unshared"), tree(tmp_path / "shared")
    assert sorted(built) == sorted(expected)
    differing = [path for path in expected if built[path] != expected[path]]
    assert not differing, f"differ when partials are shared: {differing[:20]}"
    # The fixture has pages in the nav, outside it, at several depths and a 404 page.
    pages = [path for path in expected if path.endswith(".html")]
    assert len(pages) > 40 and "404.html" in pages and "en/events/abgesagt/index.html" in pages


def language_keys() -> list[str]:
    source = (MATERIAL_TEMPLATES / "partials" / "languages" / "en.html").read_text("utf-8")
    return re.findall(r'^\s*"([a-z][a-z.]*)":', source, flags=re.MULTILINE)


def theme_env(language: str):
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.theme["language"] = language
    return config, prepare_theme_env(config.theme.get_env(), config)


TRANSLATED = '{% import "partials/language.html" as lang with context %}{{ lang.t(key) }}'
ORIGINAL = '{% import "material/partials/language.html" as lang with context %}{{ lang.t(key) }}'


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_translations_are_materials_for_every_key(language: str) -> None:
    config, env = theme_env(language)
    keys = language_keys() + ["kein.schluessel"]
    assert len(keys) > 50
    ours, original = env.from_string(TRANSLATED), env.from_string(ORIGINAL)
    for key in keys:
        expected = original.render(config=config, key=key)
        assert ours.render(config=config, key=key) == expected, key
    assert original.render(config=config, key="search.placeholder") != "search.placeholder"


def test_translations_follow_the_language_of_the_build() -> None:
    config, env = theme_env("de")
    translations = env.globals["material_translations"]
    assert translations.t("search.placeholder") == "Suche"
    config.theme["language"] = "en"  # static-i18n's English build, same config object
    assert translations.t("search.placeholder") == "Search"
    # Material's search plugin asks the module directly, with `config` as a global
    template = env.get_template("partials/language.html", None, {"config": config})
    assert template.module.t("search.placeholder") == "Search"


def test_without_the_translations_object_materials_file_answers(tmp_path: Path) -> None:
    config, env = theme_env("de")
    del env.globals["material_translations"]  # an environment the theme did not make
    assert env.from_string(TRANSLATED).render(config=config, key="search.placeholder") == "Suche"
