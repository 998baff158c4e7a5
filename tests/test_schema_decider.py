"""The schema decider (civic_site/schema_decider.py) answers exactly what jsonschema answers.

Checked on the real event schema with every fixture event's front matter and with thousands
of values made from valid ones by replacing, removing and adding keys, and on small schemas
for each keyword's corner cases. A schema with anything else gets no decider.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from civic_site.frontmatter import FrontMatterError, read_document
from civic_site.schema_decider import compile_decider
from tests.sitebuild import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "event.schema.json").read_text(encoding="utf-8"))
VALUES = [
    None, True, False, 0, 1, 1.0, 1.5, "", " ", "\n", "x", "Text mit Inhalt", "ä", "https://a.b",
    "http://a.b", "https://", "mailto:a@b.c", "a@b.c", "a@b", "2025-11-18", "2025-11-18 16:30",
    "2025-11-18 9:05+01:00", "16:30", "9:05", "25:99", "2025-11-18T16:30", "ki-und-zivil",
    "Gro\u00df", "a_b.c-1", "a b", [], [""], ["a"], ["a", 1], [None], {}, {"event": "x"},
    {"event": "x", "organizer": "o", "items": 1, "voucher": "v_1", "disable_vouchers": True},
    {"event": "x", "items": [1, 2]}, {"event": "x", "items": 1.0}, {"event": "x", "items": True},
    {"event": "x", "extra": 1}, {"name": "n"}, {"name": "n", "url": "https://x", "email": "a@b.c"},
    {"name": " "}, {"name": "n", "url": "https://a b"}, {"online": "https://x"},
    {"name": "Ort", "address": "Str. 1"}, {"name": ""}, {"unknown": 1},
]  # fmt: skip
VALID = [
    {"title": "T", "teaser": "Kurz", "start": "2025-11-18 16:30"},
    {
        "title": "T",
        "teaser": "Kurz",
        "start": "2025-11-18",
        "end": "2025-11-19",
        "location": {"name": "Ort", "address": "Str. 1", "online": "https://x"},
        "series": "ki",
        "categories": ["KI"],
        "authors": ["A"],
        "pretix": {"event": "e", "organizer": "o", "items": [1], "disable_vouchers": False},
        "organizer": {"name": "N", "url": "https://n", "email": "a@b.c"},
        "cancelled": False,
        "lang": "de",
    },
]


def is_valid(value: object) -> bool:
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(value)


def mutations(base: dict) -> list[object]:
    keys = list(SCHEMA["properties"]) + ["unbekannt"]
    found: list[object] = [base, [], "Text", None]
    for key in keys:
        found.append({k: v for k, v in base.items() if k != key})
        found += [{**base, key: value} for value in VALUES]
    for key, nested in (("location", "online"), ("pretix", "event"), ("organizer", "name")):
        for value in VALUES:
            inner = base.get(key) if isinstance(base.get(key), dict) else {}
            found.append({**base, key: {**inner, nested: value}})
    for first, second in itertools.combinations(["title", "teaser", "start"], 2):
        found.append({k: v for k, v in base.items() if k not in (first, second)})
    return found


def test_the_event_schema_has_a_decider() -> None:
    assert compile_decider(SCHEMA) is not None


@pytest.mark.parametrize("base", VALID, ids=["minimal", "everything"])
def test_it_agrees_with_jsonschema_on_thousands_of_values(base: dict) -> None:
    decide = compile_decider(SCHEMA)
    values = mutations(base)
    assert len(values) > 1000
    disagreements = [value for value in values if decide(value) != is_valid(value)]
    assert not disagreements, disagreements[:5]
    verdicts = {decide(value) for value in values}
    assert verdicts == {True, False}


def fixture_metas() -> list[tuple[str, object]]:
    metas = []
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.md")):
        with contextlib.suppress(FrontMatterError, UnicodeDecodeError):  # no front matter
            metas.append((str(path.relative_to(ROOT)), read_document(path).meta))
    return metas


def test_it_agrees_on_every_fixture_file() -> None:
    decide = compile_decider(SCHEMA)
    metas = fixture_metas()
    assert len(metas) > 20
    for name, meta in metas:
        assert decide(meta) == is_valid(meta), name


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"type": "integer"}, 1.0),
        ({"type": "integer"}, True),
        ({"type": "integer"}, 2**70),
        ({"type": "number"}, Decimal("1.5")),
        ({"type": "number"}, False),
        ({"type": ["string", "null"]}, None),
        ({"type": "object"}, []),
        ({"minLength": 2}, 5),
        ({"minLength": 2}, "ä"),
        ({"pattern": "^a"}, ["a"]),
        ({"pattern": "b"}, "abc"),
        ({"pattern": "^\\d$"}, "\u0663"),  # an Arabic-Indic digit: Python's \d
        ({"required": ["a"]}, "not an object"),
        ({"items": {"type": "string"}}, {"a": 1}),
        ({"additionalProperties": {"type": "string"}}, {"a": 1}),
        ({"additionalProperties": {"type": "string"}, "properties": {"a": {}}}, {"a": 1}),
        ({"oneOf": [{"type": "string"}, {"minLength": 1}]}, "x"),
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, []),
        ({"oneOf": [True, False]}, 1),
        ({"properties": {"a": False}}, {"a": 1}),
        ({"properties": {"a": False}}, {"b": 1}),
    ],
)
def test_corner_cases_of_each_keyword(schema: dict, value: object) -> None:
    decide = compile_decider(schema)
    assert decide is not None
    assert decide(value) == jsonschema.Draft202012Validator(schema).is_valid(value)


@pytest.mark.parametrize(
    "schema",
    [
        {"enum": ["a"]},
        {"properties": {"a": {"$ref": "#/$defs/x"}}, "$defs": {"x": {}}},
        {"patternProperties": {"^a": {}}, "additionalProperties": False},
        {"type": "text"},
        {"items": [{"type": "string"}]},
        {"oneOf": []},
        {"pattern": 5},
        {"anyOf": [{}]},
        "not a schema",
    ],
)
def test_other_keywords_get_no_decider(schema: object) -> None:
    assert compile_decider(schema) is None


def test_invalid_files_still_get_jsonschemas_errors(tmp_path: Path) -> None:
    from civic_site.event_check import _schema_problems
    from civic_site.frontmatter import Document
    from tests.projects import tmp_project

    project = tmp_project(tmp_path)
    doc = Document(meta={"title": "T", "teaser": "", "start": "morgen", "extra": 1}, body="")
    problems = _schema_problems(doc, "events/de/x.md", project)
    assert {problem.key for problem in problems} == {"teaser", "start", "extra"}
    assert _schema_problems(Document(meta=VALID[1], body=""), "events/de/x.md", project) == []
