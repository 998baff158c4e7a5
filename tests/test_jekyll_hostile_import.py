"""import-jekyll on a hostile Jekyll site: nothing from outside the site, no fake or
oversized image and no active content may land in the project (issue 15).

The site (tests/jekyll_sites.py: tests/fixtures/jekyll-hostile/ plus symlinks, a folder
`outside/` beside it and an oversized image) is imported into a copy of the project.
Every refused path and every removed piece of active content must be reported with
the post's path and line, and the result must still build with --strict.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.jekyll_sites import hostile_site, png
from tests.sitebuild import BuildResult, run_mkdocs_build
from tests.test_scripts_import_jekyll import import_jekyll, own_docs_project

IMAGES_POST = "_posts/2025-01-10-bilder.md"
SCRIPTS_POST = "_posts/2025-01-11-skripte.md"
EVENT_POST = "_posts/2025-02-01-treffen.md"
ACTIVE_RE = re.compile(
    r"<\s*(script|iframe|object|embed|form|meta|base)\b|\bon[a-z]+\s*=|javascript:|vbscript:"
    r"|data:text|&#106;|java&#x09;",
    re.IGNORECASE,
)


def snapshot(folder: Path) -> dict[str, tuple[str, str]]:
    """Every entry under `folder` (symlinks not followed): kind and content hash."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[rel] = ("link", str(path.readlink()))
        elif path.is_file():
            entries[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            entries[rel] = ("dir", "")
    return entries


class Hostile:
    def __init__(self, site: Path, project: Path, output: str, written: set[str]) -> None:
        self.site, self.project, self.output, self.written = site, project, output, written
        self.build: BuildResult | None = None

    def line(self, post: str, fragment: str) -> int:
        lines = (self.site / post).read_text("utf-8").splitlines()
        return next(n for n, text in enumerate(lines, 1) if fragment in text)

    def reported(self, post: str, fragment: str) -> str:
        """The report line for `fragment` of `post`; fails if there is none."""
        prefix = f"  {post}:{self.line(post, fragment)}: "
        lines = [row for row in self.output.splitlines() if row.startswith(prefix)]
        assert lines, f"nothing reported for {prefix.strip()} ({fragment})\n{self.output}"
        return "\n".join(lines)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    base = tmp_path_factory.mktemp("jekyll-hostile")
    site, outside = hostile_site(base / "input")
    project = own_docs_project(base / "target")
    before_input = snapshot(base / "input")
    before_project = snapshot(project)
    result = import_jekyll(project, site)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert snapshot(base / "input") == before_input  # nothing outside the project changed
    after_project = snapshot(project)
    changed = {rel for rel, entry in before_project.items() if after_project.get(rel) != entry}
    assert changed == set()  # nothing that was there was touched
    written = {rel for rel, entry in after_project.items() if entry[0] == "file"}
    written -= set(before_project)
    state = Hostile(site, project, result.stdout, written)
    state.build = run_mkdocs_build(project / "mkdocs.yml", base / "built")
    return state


def test_only_the_posts_and_the_real_image_are_written(hostile: Hostile) -> None:
    assert hostile.written == {
        "docs/de/beitraege/bilder.md",
        "docs/de/beitraege/skripte.md",
        "events/de/treffen.md",
        "docs/assets/images/imported/bilder/echt.png",
        "docs/assets/images/imported/skripte/echt.png",
    }
    secret = (hostile.site.parent / "outside" / "photo.png").read_bytes()
    for rel in hostile.written:
        data = (hostile.project / rel).read_bytes()
        assert b"GEHEIM" not in data, rel
        assert data != secret, rel
    assert (hostile.project / "docs/assets/images/imported/bilder/echt.png").read_bytes() == png(
        3, 3, (0, 128, 0)
    )


def test_every_refused_file_is_reported_with_path_and_line(hostile: Hostile) -> None:
    header = hostile.reported(IMAGES_POST, "header_image")
    assert "secret.txt" in header
    for fragment in (
        "link-outside.png",
        "link-inside.png",
        "falsch.png",
        "riesig.png",
        "](/../outside/photo.png)",
        "%2e%2e",
        "](../../../outside/photo.png)",
        'folder="../outside"',
        'folder="/assets/../../outside"',
        'image_path="/assets/images/falsch.png"',
        '<img src="/assets/images/link-outside.png"',
        "boese.svg",
    ):
        assert "Warnung: " in hostile.reported(IMAGES_POST, fragment), fragment
    assert "Verknüpfung" in hostile.reported(IMAGES_POST, "link-inside.png")
    assert "kein PNG" in hostile.reported(IMAGES_POST, "falsch.png")
    assert "10 MB" in hostile.reported(IMAGES_POST, "riesig.png")
    assert "header_image" in hostile.reported(EVENT_POST, "header_image")
    assert "_posts/2025-03-03-verlinkt.md:1: Warnung: " in hostile.output
    assert "_posts/fremd:1: Warnung: " in hostile.output


def test_refused_images_leave_their_alt_text(hostile: Hostile) -> None:
    body = (hostile.project / "docs/de/beitraege/bilder.md").read_text("utf-8")
    assert "![Echtes Bild](../../assets/images/imported/bilder/echt.png)" in body
    for alt in (
        "Foto von draußen",
        "Foto über eine Verknüpfung",
        "Kein Bild, nur Text",
        "Riesenbild",
        "Geheimes Foto",
        "HTML-Bild von draußen",
    ):
        assert alt in body
        assert f"![{alt}]" not in body
    assert "outside" not in body and "header_image" not in body
    assert "link-outside" not in body and "riesig" not in body and "falsch" not in body
    event = (hostile.project / "events/de/treffen.md").read_text("utf-8")
    assert "header_image" not in event


def test_active_content_is_left_out_and_reported(hostile: Hostile) -> None:
    body = (hostile.project / "docs/de/beitraege/skripte.md").read_text("utf-8")
    outside_code = re.sub(r"```.*?```|`[^`]*`", "", body, flags=re.DOTALL)
    assert not ACTIVE_RE.search(outside_code), ACTIVE_RE.findall(outside_code)
    for text in ("Vorher.", "Klick mich", "Los geht's", "Versteckt", "Attribut", "Nachher."):
        assert text in body, text
    assert "`<script>im Code bleibt das stehen</script>`" in body  # code is exempt
    assert "<script>auch im Codeblock</script>" in body
    for fragment in (
        "<script>alert",
        'onclick="steal()">Klick',
        "javascript:alert(1)",
        "&#106;avascript",
        '{ onclick="steal()" }',
        '{ onerror="steal()" }',
        '<img src="/assets/images/echt.png" alt="HTML-Bild" onerror',
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<meta",
        "<base",
        "vbscript:",
        "data:text/html",
        "[boese]: javascript:",
        "<javascript:alert(4)>",
        "onmouseover",
        "<SCRIPT",
        "<svg onload",
        "java&#x09;script",
        'link="javascript:alert(6)"',
    ):
        assert "Warnung: " in hostile.reported(SCRIPTS_POST, fragment), fragment


def test_the_result_builds_strict_without_active_content(hostile: Hostile) -> None:
    assert hostile.build is not None
    assert hostile.build.returncode == 0, hostile.build.output
    page = hostile.build.page("beitraege/skripte/index.html")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    outside_code = re.sub(r"<code>.*?</code>", "", article, flags=re.DOTALL)
    assert not re.search(r"<(script|iframe|object|embed|form|meta|base)\b", outside_code, re.I)
    assert not re.search(r"\son[a-z]+\s*=|javascript:|vbscript:", outside_code, re.I)
