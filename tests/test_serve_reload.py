"""`make serve` picks up edits to civic_site/ and hooks/ without a restart (issue 13).

MkDocs loads hooks once per process and the modules they import stay loaded, so plain
`mkdocs serve` keeps building with the old code. The preview runs in a project whose
civic_site/ and hooks/ are private copies, which the tests edit while it runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.serve_cmd import CODE_CHANGED, CodeReloader, preview_url
from tests.sitebuild import ROOT
from tests.test_scripts_serve import Preview

CODE_DIRS = ("civic_site", "hooks")
NOT_LINKED = {*CODE_DIRS, "mkdocs.yml", "site", ".git", ".venv", ".cache", "node_modules"}
HOOK_ADDITION = """

def on_page_markdown(markdown: str, **kwargs) -> str:  # added by tests/test_serve_reload.py
    from civic_site.urls import serve_reload_marker

    return markdown + "\\n\\n" + serve_reload_marker() + "\\n"
"""
MARKER = """

def serve_reload_marker() -> str:  # added by tests/test_serve_reload.py
    return "{text}"
"""


class CodePreview(Preview):
    """The preview, started with the project's own civic_site/ first on the path."""

    def start(self) -> None:
        cmd = [sys.executable, "-m", "scripts", "serve"]
        cmd += ["--config-file", str(self.project / "mkdocs.yml")]
        cmd += ["--dev-addr", f"127.0.0.1:{self.port}"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(self.project)}
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                cmd, cwd=self.project, stdout=out, stderr=subprocess.STDOUT, env=env
            )

    def shows(self, text: str) -> bool:
        """Whether the page has `text`; False while a rebuild holds the request too long."""
        try:
            return text in self.get("mitmachen/")
        except OSError:  # urllib's timeouts and connection errors
            return False


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[CodePreview]:
    project = tmp_path / "project"
    project.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in NOT_LINKED:
            (project / entry.name).symlink_to(entry)
    for name in CODE_DIRS:
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    server = CodePreview(project, tmp_path / "serve.log")
    yield server
    server.stop()


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.slow
def test_edits_to_hooks_and_civic_site_show_without_a_restart(preview: CodePreview) -> None:
    urls = preview.project / "civic_site/urls.py"
    original = urls.read_text(encoding="utf-8")
    preview.start()
    preview.wait_for(lambda: "Serving on" in preview.output(), "the first build")
    assert "Markierung" not in preview.get("mitmachen/")

    # A new hook function calling new code in civic_site/: both must be loaded afresh.
    append(urls, MARKER.format(text="Erste Markierung"))
    append(preview.project / "hooks/hreflang.py", HOOK_ADDITION)
    preview.wait_for(lambda: preview.shows("Erste Markierung"), "the new hook")
    assert "Programmcode geändert" in preview.output()

    # Only civic_site/ changes now: the hooks import the new version.
    urls.write_text(original + MARKER.format(text="Zweite Markierung!"), encoding="utf-8")
    preview.wait_for(lambda: preview.shows("Zweite Markierung!"), "the new civic_site")
    assert "Traceback" not in preview.output()


def test_the_reloader_drops_changed_code_only_when_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "civic_site"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "probe_mod.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "hooks").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [n for n in sys.modules if n == "civic_site" or n.startswith("civic_site.")]:
        monkeypatch.delitem(sys.modules, name)  # restored after the test
    import civic_site.probe_mod as probe

    assert probe.VALUE == 1
    reloader = CodeReloader(tmp_path)
    assert reloader.reload_if_changed() is False
    assert "civic_site.probe_mod" in sys.modules
    (package / "probe_mod.py").write_text("VALUE = 22\n", encoding="utf-8")
    assert reloader.reload_if_changed() is True
    assert "civic_site.probe_mod" not in sys.modules and "civic_site" not in sys.modules
    assert CODE_CHANGED in capsys.readouterr().out
    import civic_site.probe_mod as fresh

    assert fresh.VALUE == 22


def test_the_preview_address_in_a_codespace() -> None:
    assert preview_url("127.0.0.1:8000", {}) == "http://127.0.0.1:8000/"
    assert preview_url("0.0.0.0:8000", {}) == "http://127.0.0.1:8000/"
    env = {
        "CODESPACE_NAME": "fluffy-space-abc",
        "GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN": "app.github.dev",
    }
    assert preview_url("0.0.0.0:8000", env) == "https://fluffy-space-abc-8000.app.github.dev/"
