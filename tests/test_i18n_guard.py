"""The static-i18n version guard, and that civic_site/i18n.py alone touches its internals."""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
import yaml

from civic_site import i18n
from tests.sitebuild import ROOT

I18N_MODULE = ROOT / "civic_site" / "i18n.py"
GUARD_HOOK = ROOT / "hooks" / "static_i18n_guard.py"

# What only civic_site/i18n.py may write: static-i18n's plugin object and its attributes,
# the attributes it puts on files and on `config.extra`, and its logger and module.
INTERNALS = re.compile(
    r"""plugins\s*\[\s*["']i18n["']\s*\]"""
    r"""|plugins\.get\(\s*["']i18n["']"""
    r"|\bi18n_plugin\b"
    r"|\.building\b"
    r"|\.(current_language|build_languages|current_language_config)\b"
    r"|\bextra_alternate\b|\bi18n_files_per_language\b|\blocale_alternate_of\b"
    r"""|extra\.alternate\b|extra\s*\[\s*["']alternate["']"""
    r"""|\.alternates\b|["']alternates["']|["']norm_src_uri["']"""
    r"|\bmkdocs_static_i18n\b"
)


def test_the_installed_static_i18n_is_the_one_i18n_py_was_written_for() -> None:
    problem = i18n.installed_static_i18n_problem()
    assert problem is None, problem


def test_the_guard_accepts_that_version_only() -> None:
    assert i18n.static_i18n_version_problem(i18n.STATIC_I18N_VERSION) is None
    for other in ("1.3.2", "1.4.0", "2.0.0", "1.3"):
        problem = i18n.static_i18n_version_problem(other)
        assert problem == (
            f"civic_site/i18n.py was written for mkdocs-static-i18n {i18n.STATIC_I18N_VERSION}; "
            f"installed is {other}: re-check every function in it, "
            "then update STATIC_I18N_VERSION"
        )
    assert "installed is none:" in i18n.static_i18n_version_problem(None)


def test_the_guard_reads_the_installed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n.importlib.metadata, "version", lambda name: "9.9.9")
    assert "installed is 9.9.9:" in i18n.installed_static_i18n_problem()


def test_requirements_pin_the_version_the_guard_names() -> None:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^mkdocs-static-i18n==(\S+)", text, flags=re.MULTILINE)
    assert pins == [i18n.STATIC_I18N_VERSION], (
        "requirements.txt must pin mkdocs-static-i18n to civic_site/i18n.py's "
        f"STATIC_I18N_VERSION ({i18n.STATIC_I18N_VERSION}), found {pins}"
    )


def test_requirements_comments_name_files_that_exist() -> None:
    for req in sorted(ROOT.glob("requirements*.txt")):
        comments = "\n".join(
            line for line in req.read_text(encoding="utf-8").splitlines() if "#" in line
        )
        for path in re.findall(
            r"\b(?:civic_site|hooks|scripts|tests|benchmarks)/[\w/.-]+\.py", comments
        ):
            assert (ROOT / path).is_file(), f"{req.name} names {path}, which does not exist"


def _load_guard_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("static_i18n_guard_under_test", GUARD_HOOK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_config(building: bool) -> SimpleNamespace:
    return SimpleNamespace(plugins={"i18n": SimpleNamespace(building=building)})


def test_the_build_warns_once_when_another_version_is_installed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    hook = _load_guard_hook()
    monkeypatch.setattr(i18n.importlib.metadata, "version", lambda name: "1.4.0")
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        config = _fake_config(building=False)
        assert hook.on_config(config) is config
        hook.on_config(_fake_config(building=True))  # the English build inside the German one
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [i18n.static_i18n_version_problem("1.4.0")]
    # Under the `mkdocs` logger, so that `mkdocs build --strict` counts it and fails.
    assert warnings[0].name.startswith("mkdocs.")


def test_the_build_stays_quiet_with_the_pinned_version(caplog: pytest.LogCaptureFixture) -> None:
    hook = _load_guard_hook()
    with caplog.at_level(logging.DEBUG):
        hook.on_config(_fake_config(building=False))
    assert not caplog.records


def test_the_guard_hook_is_registered_first() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    assert config["hooks"][0] == "hooks/static_i18n_guard.py"


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !!python/name tags; their values do not matter here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def _python_files() -> list[Path]:
    files = [p for d in ("hooks", "civic_site", "scripts") for p in (ROOT / d).rglob("*.py")]
    return sorted(p for p in files if p != I18N_MODULE)


def test_only_civic_site_i18n_touches_static_i18n_internals() -> None:
    offenders = []
    for path in _python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if INTERNALS.search(code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, (
        "static-i18n internals outside civic_site/i18n.py (add a named function there and "
        "call it):\n" + "\n".join(offenders)
    )


@pytest.mark.parametrize(
    "line",
    [
        "if i18n_plugin(config).building:",
        'plugin = config.plugins["i18n"]',
        "alternates = getattr(page.file, 'alternates', None)",
        'uri = getattr(f, "norm_src_uri", f.src_uri)',
        "config.extra.alternate = links",
        'config.extra["alternate"] = links',
        'logging.getLogger("mkdocs.plugins.mkdocs_static_i18n")',
        "lang = plugin.current_language",
    ],
)
def test_the_internals_pattern_catches(line: str) -> None:
    assert INTERNALS.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "lang = current_language(config)",
        "default = project.default_language",
        "page_file = add_generated_page(config, files, plan.norm_src_uri, text, lang)",
        "urls = translation_urls(page.file)",
    ],
)
def test_the_internals_pattern_lets_the_public_functions_pass(line: str) -> None:
    assert not INTERNALS.search(line)
