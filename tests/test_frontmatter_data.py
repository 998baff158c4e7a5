"""Front matter data without PyYAML's constructor (civic_site/frontmatter.py `plain_data`).

Every document must come out exactly as PyYAML's SafeConstructor (with the site's loader:
dates and times as text) makes it, the same types included: `plain_data` reads the plain
cases itself and leaves everything else to SafeConstructor.
"""

from __future__ import annotations

import pytest

from civic_site.frontmatter import NotPlainDataError, TextDatesLoader, load_with_node, plain_data
from tests.sitebuild import ROOT

DOCUMENTS = {
    "event": "title: Treffen\nstart: 2025-11-18 16:30\nend: '18:00'\ncategories: [KI, Ehrenamt]\n",
    "whole numbers": "a: 0\nb: -0\nc: +5\nd: 1_000\ne: 017\nf: 0x1F\ng: 12345678901234567890\n",
    "yes and no": "a: yes\nb: No\nc: ON\nd: off\ne: True\nf: FALSE\ng: y\nh: n\n",
    "nulls": "a: null\nb: ~\nc: Null\nd:\ne: NULL\n",
    "floats": "a: 1.5\nb: .inf\nc: -.Inf\nd: .NaN\ne: 1e3\nf: 6.8523015e+5\ng: 1:30.5\n",
    "explicit tags": 'a: !!int "017"\nb: !!str 12\nc: !!null x\nd: !!bool yes\ne: !!float 1\n',
    "bad explicit": 'a: !!bool "vielleicht"\n',
    "explicit octal": 'a: !!int "017"\n',
    "explicit hex": 'a: !!int "0x1F"\n',
    "explicit base 60": 'a: !!int "1:30"\n',
    "anchors": "a: &x {b: 1}\nc: *x\nd: &y text\ne: *y\n",
    "merge": "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n",
    "sets and pairs": "a: !!set {x, y}\nb: !!omap [{x: 1}, {y: 2}]\nc: !!pairs [{x: 1}]\n",
    "binary": "a: !!binary aGFsbG8=\n",
    "keys": "1: eins\ntrue: wahr\n~: nichts\n",
    "list key": "[a, b]: liste\n",
    "nested": "location:\n  name: Ort\n  address: |\n    Straße 1\n    12345 Stadt\nlist:\n"
    "  - {a: 1, b: [x, {c: null}]}\n  - - tief\n    - yes\n",
    "texts": "a: 'quoted: yes'\nb: \"tab\\tand \\u00e4\"\nc: >\n  folded\n  text\nd: '16:00'\n",
    "dates": "a: 2025-11-18\nb: 2025-11-18T16:30:00+01:00\nc: 16:00\nd: 1:30\n",
    "value key": "=: gleich\n",
    "scalar document": "just text\n",
    "list document": "- a\n- b\n",
    "duplicate keys": "a: 1\na: 2\n",
}


def safe_constructor(text: str):
    loader = TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def fixture_front_matters() -> dict[str, str]:
    found = {}
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---\n") and "\n---" in text[3:]:
            found[str(path.relative_to(ROOT))] = text[4 : text.index("\n---", 3) + 1]
    return found


FRONT_MATTERS = {**DOCUMENTS, **fixture_front_matters()}


@pytest.mark.parametrize("text", FRONT_MATTERS.values(), ids=list(FRONT_MATTERS))
def test_data_is_what_safe_constructor_makes(text: str) -> None:
    try:
        expected = safe_constructor(text)[1]
    except Exception as exc:  # PyYAML refuses it: so must the site's reading
        with pytest.raises(type(exc)):
            load_with_node(text)
        return
    node, data = load_with_node(text)
    assert repr(data) == repr(expected)  # repr: True and 1, 1 and 1.0 differ
    if isinstance(expected, dict) and "c" in expected and expected.get("c") is expected.get("a"):
        assert data["c"] is data["a"]  # an alias stays one object, as SafeConstructor has it


def test_the_plain_cases_need_no_constructor() -> None:
    for name in ("event", "yes and no", "nulls", "nested", "texts", "dates", "list document"):
        node, _ = safe_constructor(DOCUMENTS[name])
        assert repr(plain_data(node)) == repr(safe_constructor(DOCUMENTS[name])[1]), name
    assert len(fixture_front_matters()) > 20


@pytest.mark.parametrize(
    "name", ["floats", "explicit tags", "anchors", "merge", "sets and pairs", "binary", "keys"]
)
def test_everything_else_is_left_to_safe_constructor(name: str) -> None:
    node, _ = safe_constructor(DOCUMENTS[name])
    with pytest.raises(NotPlainDataError):
        plain_data(node)
