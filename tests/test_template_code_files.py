"""Compiled templates kept in files for the next build (civic_site/template_cache.py).

Every `mkdocs build`, `make build` worker and `make serve` start used to compile the ~90
templates of Material and overrides/ anew (about 0.7 s). `StoredTemplateCode` keeps the
compiled code in the user's cache folder; these tests check that a later process uses
it, and that nothing it keeps can show an outdated or different template.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from civic_site import template_cache
from civic_site.template_cache import SharedTemplateCode, StoredTemplateCode, template_code_dir
from tests.sitebuild import ROOT


def environment(templates: Path, cache: StoredTemplateCode, **settings) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates), bytecode_cache=cache, **settings
    )


def new_process(directory: Path) -> tuple[StoredTemplateCode, SharedTemplateCode]:
    """What a new build process has: an empty memory and the files of earlier ones."""
    memory = SharedTemplateCode()
    return StoredTemplateCode(directory, memory), memory


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("{{ greeting }} {% include 'part.html' %}\n")
    (folder / "part.html").write_text("Welt")
    return folder


def test_a_later_process_compiles_nothing(tmp_path: Path, templates: Path) -> None:
    first, first_memory = new_process(tmp_path / "cache")
    assert environment(templates, first).get_template("page.html").render(greeting="Hallo") == (
        "Hallo Welt"
    )
    assert first_memory.compiled == 2
    later, later_memory = new_process(tmp_path / "cache")
    assert environment(templates, later).get_template("page.html").render(greeting="Hi") == (
        "Hi Welt"
    )
    assert later_memory.compiled == 0


def test_an_edited_template_is_compiled_again(tmp_path: Path, templates: Path) -> None:
    first, _ = new_process(tmp_path / "cache")
    environment(templates, first).get_template("page.html").render(greeting="Hallo")
    (templates / "part.html").write_text("Erde")
    later, later_memory = new_process(tmp_path / "cache")
    assert environment(templates, later).get_template("page.html").render(greeting="Hallo") == (
        "Hallo Erde"
    )
    assert later_memory.compiled == 1  # part.html only
    again, again_memory = new_process(tmp_path / "cache")  # the new code replaced the old
    assert environment(templates, again).get_template("page.html").render(greeting="Hallo") == (
        "Hallo Erde"
    )
    assert again_memory.compiled == 0
    assert len(list((tmp_path / "cache").iterdir())) == 2  # one file per template


def test_other_settings_never_get_the_same_code(tmp_path: Path, templates: Path) -> None:
    (templates / "line.html").write_text("{{ text }}\n")
    first, _ = new_process(tmp_path / "cache")
    assert environment(templates, first).get_template("line.html").render(text="<b>") == "<b>"
    later, _ = new_process(tmp_path / "cache")
    escaping = environment(templates, later, autoescape=True)
    assert escaping.get_template("line.html").render(text="<b>") == "&lt;b&gt;"
    keeping = environment(templates, later, keep_trailing_newline=True)
    assert keeping.get_template("line.html").render(text="<b>") == "<b>\n"


def test_another_jinja_or_python_version_compiles_anew(
    tmp_path: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = new_process(tmp_path / "cache")
    environment(templates, first).get_template("page.html").render(greeting="Hallo")
    for name, value in [("JINJA_VERSION", "0.0.1"), ("PYTHON_TAG", "cpython-00")]:
        with monkeypatch.context() as patch:
            patch.setattr(template_cache, name, value)
            later, later_memory = new_process(tmp_path / "cache")
            environment(templates, later).get_template("page.html").render(greeting="Hallo")
            assert later_memory.compiled == 2, name


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut off (a full disk)
        lambda data: data[:-40] + b"\x00" * 40,  # damaged code
        lambda data: b"",
        lambda data: b"nonsense\nnonsense\n" + data,
    ],
)
def test_a_damaged_file_is_compiled_anew(tmp_path: Path, templates: Path, damage) -> None:
    first, _ = new_process(tmp_path / "cache")
    environment(templates, first).get_template("page.html").render(greeting="Hallo")
    for stored in (tmp_path / "cache").iterdir():
        stored.write_bytes(damage(stored.read_bytes()))
    later, later_memory = new_process(tmp_path / "cache")
    assert environment(templates, later).get_template("page.html").render(greeting="Hallo") == (
        "Hallo Welt"
    )
    assert later_memory.compiled == 2


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path, templates: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    cache, memory = new_process(blocked / "templates")
    assert environment(templates, cache).get_template("page.html").render(greeting="Hi") == (
        "Hi Welt"
    )
    assert memory.compiled == 2


def test_the_folder_is_the_users_cache_not_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not in the checkout: a file committed there (the GitHub web UI ignores .gitignore)
    # would be run as compiled code by every build.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert template_code_dir() == tmp_path / "xdg" / "civic-coding" / "jinja"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert template_code_dir() == tmp_path / "home" / ".cache" / "civic-coding" / "jinja"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec: ignore it
    assert template_code_dir() == tmp_path / "home" / ".cache" / "civic-coding" / "jinja"


def test_without_a_home_folder_templates_are_shared_in_the_process_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    env = template_cache.share_compiled_templates(jinja2.Environment())
    assert env.bytecode_cache is template_cache.SHARED_TEMPLATE_CODE


def test_a_second_build_process_compiles_no_template(tmp_path: Path) -> None:
    """Two real processes load the site's templates through the theme's environment (the
    way hooks/template_api.py sets it up); the second compiles none of them."""
    script = f"""
import sys
from mkdocs.config import load_config
from civic_site.template_cache import SHARED_TEMPLATE_CODE
from hooks.template_api import on_config
config = on_config(load_config({str(ROOT / "mkdocs.yml")!r}))
env = config.theme.get_env()
names = ["main.html", "base.html", "partials/search.html", "partials/nav.html"]
blocks = [sorted(env.get_template(name).blocks) for name in names]
print(SHARED_TEMPLATE_CODE.compiled, blocks)
"""
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    outputs = []
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr[-2000:]
        outputs.append(run.stdout.split(" ", 1))
    (first_count, first_blocks), (second_count, second_blocks) = outputs
    assert int(first_count) >= 4 and int(second_count) == 0
    assert first_blocks == second_blocks and "site_nav" in first_blocks
    assert len(list((tmp_path / "xdg" / "civic-coding" / "jinja").iterdir())) == int(first_count)
