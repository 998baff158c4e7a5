"""Messages show the corrected line to copy where the editor's intent is clear."""

from __future__ import annotations

from pathlib import Path

import pytest

from civic_site.event_check import CheckContext, check_event_text
from civic_site.event_hints import corrected_lines
from tests.projects import tmp_project

EVENT = """---
title: Treffen
teaser: Ein Treffen.
start: 2027-03-18 17:00
location:
  name: Ort
---
"""


def messages(tmp_path: Path, old: str, new: str) -> list[str]:
    context = CheckContext(tmp_project(tmp_path), {}, frozenset())
    _, problems = check_event_text("events/de/x.md", EVENT.replace(old, new), context)
    return [f"{p.line}|{p.key}|{p.message}" for p in problems]


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("18.03.2027 17:00", "start: 2027-03-18 17:00"),
        ("18.3.2027, 17.00 Uhr", "start: 2027-03-18 17:00"),
        ("18. März 2027 17:00", "start: 2027-03-18 17:00"),
        ("18.03.2027", "start: 2027-03-18"),
    ],
)
def test_german_start_gets_the_line_to_copy(tmp_path: Path, written: str, fixed: str) -> None:
    found = messages(tmp_path, "start: 2027-03-18 17:00", f"start: {written}")
    assert len(found) == 1 and found[0].startswith("4|start|"), found
    assert found[0].endswith(f"So schreiben:\n    {fixed}")


def test_unclear_start_gets_no_guess(tmp_path: Path) -> None:
    found = messages(tmp_path, "start: 2027-03-18 17:00", "start: nächsten Dienstag")
    assert len(found) == 1 and "So schreiben" not in found[0]


def test_one_line_location_gets_the_block_to_copy(tmp_path: Path) -> None:
    found = messages(
        tmp_path,
        "location:\n  name: Ort\n",
        "location: Innovation Office, Alter Markt 13, Bielefeld\n",
    )
    assert len(found) == 1, found
    assert found[0].startswith("5|location|")
    assert found[0].endswith(
        "So schreiben:\n    location:\n      name: Innovation Office\n"
        "      address: Alter Markt 13, Bielefeld"
    )


@pytest.mark.parametrize(
    "value",
    ["location: [Ort, Adresse]", "location: 42", "series: [a]", "series: {a: b}", "series: 3"],
)
def test_wrong_shapes_are_messages_in_german_not_crashes(tmp_path: Path, value: str) -> None:
    key = value.split(":")[0]
    text_old = "location:\n  name: Ort\n" if key == "location" else "title: Treffen\n"
    text_new = value + "\n" if key == "location" else f"title: Treffen\n{value}\n"
    found = messages(tmp_path, text_old, text_new)
    assert found and all("erwartet" not in m and "object" not in m for m in found), found
    assert any(f"|{key}|" in m for m in found)


def test_times_are_quoted_in_the_fix() -> None:
    assert corrected_lines("end", "18.00 Uhr") == ['end: "18:00"']
    assert corrected_lines("admission", "9.30") == ['admission: "09:30"']
    assert corrected_lines("title", "x") is None
