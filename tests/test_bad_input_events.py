"""Hostile and clumsy front matter: a message with file, line and key, never a traceback.

Each case calls the validation functions directly (no build per case): the build runs
the same functions (hooks/events.py), which tests/test_events_build.py covers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from civic_site.diagnostics import DiagnosticError
from civic_site.event_check import CheckContext, check_event_text
from civic_site.event_folder import load_series
from tests.projects import tmp_project

T = "title: Treffen\n"
VALID = """---
title: Treffen
teaser: Ein Treffen.
start: 2026-05-12 18:00
location:
  name: Ort
---

Text.
"""


def problems(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    context = CheckContext(tmp_project(tmp_path), {}, frozenset())
    event, found = check_event_text("events/de/x.md", text, context)
    assert event is None, "expected an error"
    return [(p.line, p.key, p.message) for p in found]


@pytest.mark.parametrize(
    ("old", "new", "line", "key"),
    [
        ("location:\n  name: Ort\n", "location: Ort\n", 5, "location"),
        ("location:\n  name: Ort\n", "location:\n  - Ort\n", 5, "location"),
        (T, T + "series: [a, b]\n", 3, "series"),
        (T, T + "series: {a: b}\n", 3, "series"),
        (T, T + "series: 3\n", 3, "series"),
        (T, T + "1: x\n", 3, ""),
        (T, T + "~: x\n", 3, ""),
        (
            "title: Treffen\n",
            'title: Treffen\nonline: "https://a.de/\\r\\nSet-Cookie: x"\n',
            3,
            "online",
        ),
        (
            "title: Treffen\n",
            'title: Treffen\nregistration_url: "https://a.de/\\nx"\n',
            3,
            "registration_url",
        ),
        (T, T + "online: https://a.de/mein link\n", 3, "online"),
        (
            "title: Treffen\n",
            'title: Treffen\nonline: "https://a.de/\\"onmouseover=x"\n',
            3,
            "online",
        ),
        (
            "title: Treffen\n",
            "title: Treffen\nregistration_url: https://ä.de/\n",
            3,
            "registration_url",
        ),
        (T, T + "title: Nochmal\n", 3, ""),
        ("title: Treffen\n", 'title: "   "\n', 2, "title"),
        ("start: 2026-05-12 18:00\n", "start: 2026-03-29 02:30\n", 4, "start"),
        ("start: 2026-05-12 18:00\n", 'start: 2026-03-29 01:00\nend: "02:15"\n', 5, "end"),
        ("Text.\n", "Te\x00xt.\n", 9, ""),
    ],
)
def test_bad_value_gets_line_key_and_message(
    tmp_path: Path, old: str, new: str, line: int, key: str
) -> None:
    found = problems(tmp_path, VALID.replace(old, new))
    assert (line, key) in [(found_line, found_key) for found_line, found_key, _ in found], found
    assert all(message and "\r" not in message for _, _, message in found)


def test_indented_fence_inside_a_block_scalar_does_not_end_front_matter(tmp_path: Path) -> None:
    text = VALID.replace("teaser: Ein Treffen.\n", "teaser: |\n  Ein Treffen.\n  ---\n  Mehr.\n")
    context = CheckContext(tmp_project(tmp_path), {}, frozenset())
    event, found = check_event_text("events/de/x.md", text, context)
    assert found == [] and event.teaser == "Ein Treffen.\n---\nMehr."


def test_the_hour_before_the_gap_and_the_autumn_fold_are_fine(tmp_path: Path) -> None:
    context = CheckContext(tmp_project(tmp_path), {}, frozenset())
    for start in ("2026-03-29 01:59", "2026-03-29 03:00", "2026-10-25 02:30"):
        text = VALID.replace("2026-05-12 18:00", start)
        assert check_event_text("events/de/x.md", text, context)[1] == [], start


@pytest.mark.parametrize(
    ("content", "line", "key"),
    [
        ("- a\n- b\n", 1, ""),
        ("nur ein Satz\n", 1, ""),
        ("reihe:\n  name: {de: R}\n  description: Ein Satz.\n", 3, "reihe.description"),
        ("reihe: Ein Satz\n", 1, "reihe"),
        ("reihe:\n  name: R\n", 2, "reihe.name"),
        ("reihe:\n  description: {de: D}\n", 1, "reihe.name"),
        ("reihe:\n  name: {de: R}\n  organizer: 3\n", 3, "reihe.organizer"),
        ("reihe:\n  name: {de: [a]}\n", 2, "reihe.name"),
    ],
)
def test_bad_series_file_gets_line_and_key(
    tmp_path: Path, content: str, line: int, key: str
) -> None:
    project = tmp_project(tmp_path)
    project.series_file.write_text(content, encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        load_series(project)
    found = [(d.path, d.line, d.key) for d in caught.value.diagnostics]
    assert ("events/series.yml", line, key) in found, found


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("header_image", "../mkdocs.yml"),
        ("header_image", "/../mkdocs.yml"),
        ("header_image", "assets/../../mkdocs.yml"),
        ("header_image", "/etc/passwd"),
        ("header_image", "link.png"),  # a symlink out of docs/
        ("header_image", "https://example.org/bild.png"),
        ("recap", "../../mkdocs"),
        ("recap", "../de/../../mkdocs"),
    ],
)
def test_paths_from_front_matter_stay_inside_docs(tmp_path: Path, key: str, value: str) -> None:
    project = tmp_project(tmp_path)
    (tmp_path / "mkdocs.md").write_text("# outside\n", encoding="utf-8")
    (tmp_path / "docs" / "link.png").symlink_to(tmp_path / "mkdocs.yml")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    text = VALID.replace(T, f'{T}{key}: "{value}"\n')
    event, found = check_event_text("events/de/x.md", text, CheckContext(project, {}, frozenset()))
    assert event is None
    assert [(p.line, p.key) for p in found] == [(3, key)], found


def test_a_header_image_inside_docs_is_fine(tmp_path: Path) -> None:
    project = tmp_project(tmp_path)
    (tmp_path / "docs" / "assets").mkdir()
    (tmp_path / "docs" / "assets" / "bild.png").write_bytes(b"\x89PNG")
    text = VALID.replace(T, f"{T}header_image: /assets/bild.png\n")
    event, found = check_event_text("events/de/x.md", text, CheckContext(project, {}, frozenset()))
    assert found == [] and event.header_image == "assets/bild.png"
