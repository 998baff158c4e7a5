"""REDAKTION.md's front-matter reference is generated from the schema and kept in sync."""

from __future__ import annotations

import pytest

from scripts.schema_doc_cmd import (
    GUIDE,
    SectionError,
    load_schema,
    render_reference,
    replace_section,
)


def test_redaktion_md_is_in_sync_with_the_schema() -> None:
    current = GUIDE.read_text(encoding="utf-8")
    expected = replace_section(current, render_reference(load_schema()))
    assert current == expected, "REDAKTION.md is stale: run `python -m scripts schema-doc`"


def test_every_key_has_a_row_with_its_description() -> None:
    schema = load_schema()
    table = render_reference(schema)
    for key, prop in schema["properties"].items():
        row = next(line for line in table.splitlines() if line.startswith(f"| `{key}` |"))
        assert prop["description"] in row
        assert ("| ja |" in row) == (key in schema["required"])
    assert "| `location.name` |" in table
    assert "| `pretix.event` |" in table


def test_a_changed_schema_changes_the_section() -> None:
    schema = load_schema()
    schema["properties"]["title"]["description"] = "Neue Erklärung."
    current = GUIDE.read_text(encoding="utf-8")
    assert "Neue Erklärung." in replace_section(current, render_reference(schema))


def test_missing_markers_are_an_error() -> None:
    with pytest.raises(SectionError):
        replace_section("# Ohne Markierungen\n", "x")
