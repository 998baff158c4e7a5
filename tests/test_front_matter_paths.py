"""Paths from front matter stay inside the project (issue 15, "Content can never run script").

A docs page's `image:` (its link preview, hooks/social_meta.py) must name a file inside
docs/, like an event's `header_image:` and `recap:` (civic_site/event_check.py): `..`, an
absolute path, an address or a symlink out of docs/ is an error with file and line, in the
build and in `check`. And whatever file name a path has, it lands in every attribute escaped:
a file literally named `a"onerror="x.png` cannot add an attribute.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from civic_site.content_check import check_content
from tests.html_tree import parse
from tests.sitebuild import (
    FIXTURE_EVENTS,
    FIXTURE_NOW,
    ROOT,
    BuildResult,
    built_pages,
    make_fixture_project,
    run_mkdocs_build,
)

QUOTED = 'a"onerror="x.png'
QUOTED_PAGE = 'zitat"onmouseover="x'
SOCIAL_DEFAULT = ROOT / "docs" / "assets" / "images" / "social-default.png"

PAGE = """\
---
title: Seite mit Vorschaubild
teaser: Ein Beitrag.
image: {image}
---

# Seite mit Vorschaubild

Text.
"""

# The value of `image:` for each hostile page; a symlink in docs/ leads out of it.
BAD_IMAGES = {
    "hoch": "../mkdocs.yml",
    "wurzel": "/../../etc/passwd",
    "absolut": "/etc/passwd",
    "link": "assets/images/ausbruch.png",
    "adresse": "https://evil.example/bild.png",
    "liste": "[assets/images/social-default.png]",
}

QUOTED_EVENT = """\
---
title: Treffen mit Anführungszeichen im Bildnamen
teaser: Ein vergangenes Treffen.
start: 2025-12-02 18:00
end: "20:00"
location:
  name: Innovation Office
header_image: '{image}'
recap: '{recap}'
---
Text.
"""


def _project(target: Path, pages: dict[str, str], events: dict[str, str] | None = None) -> Path:
    """The project with its own docs/ and events/ copies, plus `pages` and `events`."""
    events_dir = target.parent / f"{target.name}-events"
    shutil.copytree(FIXTURE_EVENTS, events_dir)
    for rel, text in (events or {}).items():
        (events_dir / rel).write_text(text, encoding="utf-8")
    config = make_fixture_project(target, events_dir)
    (target / "docs").unlink()
    shutil.copytree(ROOT / "docs", target / "docs")
    for rel, text in pages.items():
        (target / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / "docs" / rel).write_text(text, encoding="utf-8")
    return config


def _bad_pages() -> dict[str, str]:
    return {
        f"de/beitraege/{name}.md": PAGE.format(
            image=value if value.startswith("[") else json.dumps(value)
        )
        for name, value in BAD_IMAGES.items()
    }


def _with_symlink_out(project: Path) -> None:
    (project / "docs" / "assets" / "images" / "ausbruch.png").symlink_to(project / "mkdocs.yml")


@pytest.fixture(scope="module")
def bad_image_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("bad-image") / "project"
    config = _project(project, _bad_pages())
    _with_symlink_out(project)
    return run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})


IMAGE_LINE = PAGE.splitlines().index("image: {image}") + 1


def test_an_image_outside_docs_stops_the_build_at_file_and_line(
    bad_image_site: BuildResult,
) -> None:
    assert bad_image_site.returncode != 0
    assert "Traceback" not in bad_image_site.output
    for name in BAD_IMAGES:
        assert f"docs/de/beitraege/{name}.md:{IMAGE_LINE}: image: " in bad_image_site.output, (
            name,
            bad_image_site.output,
        )


def test_check_reports_the_same_images(tmp_path: Path) -> None:
    project = tmp_path / "project"
    _project(project, _bad_pages())
    _with_symlink_out(project)
    found = {(d.path, d.line, d.key) for d in check_content(project, now=None) if d.key == "image"}
    assert found == {(f"docs/de/beitraege/{name}.md", IMAGE_LINE, "image") for name in BAD_IMAGES}


@pytest.fixture(scope="module")
def image_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("quoted-image") / "project"
    image = f"assets/images/{QUOTED}"
    recap = f"rueckblicke/{QUOTED_PAGE}"
    pages = {
        "de/beitraege/zitat-bild.md": PAGE.format(image=f"'{image}'"),
        f"de/{recap}.md": "---\ntitle: Rückblick\n---\n\n# Rückblick\n\nText.\n",
    }
    events = {"de/zitat-bild.md": QUOTED_EVENT.format(image=image, recap=recap)}
    config = _project(project, pages, events)
    shutil.copy(SOCIAL_DEFAULT, project / "docs" / image)
    result = run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode == 0, result.output
    return result


def _elements(site: BuildResult, rel: str):
    return list(parse(site.page(rel)).walk())


def test_a_quote_in_an_image_name_adds_no_attribute_anywhere(image_site: BuildResult) -> None:
    for path in built_pages(image_site.site_dir):
        for node in parse(path.read_text(encoding="utf-8")).walk():
            assert not [name for name in node.attrs if name.startswith("on")], (path, node)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_page_image_lands_intact_in_og_image(image_site: BuildResult, prefix: str) -> None:
    metas = [
        node
        for node in _elements(image_site, f"{prefix}beitraege/zitat-bild/index.html")
        if node.tag == "meta" and node.attrs.get("property") == "og:image"
    ]
    assert len(metas) == 1
    assert set(metas[0].attrs) == {"property", "content"}
    content = metas[0].attrs["content"] or ""
    assert re.fullmatch(r"https://[^\s\"'<>]+", content), content
    assert unquote(content).endswith(f"/assets/images/{QUOTED}"), content


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_header_image_and_recap_land_intact_on_the_event_page(
    image_site: BuildResult, prefix: str
) -> None:
    nodes = _elements(image_site, f"{prefix}events/zitat-bild/index.html")
    images = [n for n in nodes if n.tag == "img" and "civic-event-image" in n.classes()]
    assert len(images) == 1
    assert set(images[0].attrs) == {"class", "src", "alt", "loading"}
    assert unquote(images[0].attrs["src"] or "").endswith(f"assets/images/{QUOTED}")
    recaps = [
        n for n in nodes if n.tag == "a" and QUOTED_PAGE in unquote(n.attrs.get("href") or "")
    ]
    assert recaps
    for link in recaps:
        assert set(link.attrs) == {"href"}, link.attrs
    og = [n.attrs["content"] for n in nodes if n.attrs.get("property") == "og:image"]
    assert len(og) == 1 and unquote(og[0] or "").endswith(f"/assets/images/{QUOTED}")
    blocks = [
        json.loads(n.text())
        for n in nodes
        if n.tag == "script" and n.attrs.get("type") == "application/ld+json"
    ]
    (event,) = [b for b in blocks if b.get("@type") == "Event"]
    images_ld = event["image"] if isinstance(event["image"], list) else [event["image"]]
    assert all(unquote(url).endswith(f"/assets/images/{QUOTED}") for url in images_ld)
