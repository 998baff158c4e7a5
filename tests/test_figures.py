"""Unit tests for civic_site/figures.py: locale formatting and checks of data/figures.yml."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from civic_site.diagnostics import DiagnosticError
from civic_site.figures import (
    Figure,
    figures_for_language,
    format_figure_value,
    load_figures,
    parse_figures,
)
from tests.sitebuild import ROOT

NBSP = "\u00a0"
LANGS = ["de", "en"]


def _figure(value: str, number_format: str = "number", plus: bool = False) -> Figure:
    return Figure(Decimal(value), number_format, plus, {"de": "Etwas", "en": "Something"})


@pytest.mark.parametrize(
    ("figure", "german", "english"),
    [
        (_figure("158"), "158", "158"),
        (_figure("3000", plus=True), "3.000+", "3,000+"),
        (_figure("1250000"), "1.250.000", "1,250,000"),
        (_figure("87", "percent"), f"87{NBSP}%", "87%"),
        (_figure("87.5", "percent"), f"87,5{NBSP}%", "87.5%"),
        (_figure("90", "number", plus=True), "90+", "90+"),
    ],
)
def test_figures_are_written_the_way_each_language_writes_numbers(
    figure: Figure, german: str, english: str
) -> None:
    assert format_figure_value(figure, "de") == german
    assert format_figure_value(figure, "en") == english


def test_the_real_figures_file_is_valid_and_labelled_in_both_languages() -> None:
    figures = load_figures(ROOT / "data" / "figures.yml", LANGS, "data/figures.yml")
    assert len(figures) >= 1
    for lang in LANGS:
        texts = figures_for_language(figures, lang)
        assert [t.label for t in texts] == [f.labels[lang] for f in figures]
        assert all(t.value and t.label for t in texts)


def test_figures_keep_their_order_and_labels() -> None:
    text = """
- value: 3000
  plus: true
  label: {de: Teilnehmende, en: participants}
- value: 87
  format: percent
  label: {de: zufrieden, en: satisfied}
"""
    figures = parse_figures(text, LANGS, "data/figures.yml")
    assert [(t.value, t.label) for t in figures_for_language(figures, "en")] == [
        ("3,000+", "participants"),
        ("87%", "satisfied"),
    ]
    assert [t.value for t in figures_for_language(figures, "de")] == ["3.000+", f"87{NBSP}%"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- value: '3.000'\n  label: {de: a, en: b}\n",
            "data/figures.yml:1: value: Hier muss eine Zahl stehen",
        ),
        (
            "- value: 5\n  label: {de: a, en: b}\n- value: 7\n  format: prozent\n"
            "  label: {de: a, en: b}\n",
            "data/figures.yml:4: format: Erlaubt sind",
        ),
        (
            "- value: 5\n  label:\n    de: Projekte\n",
            "data/figures.yml:2: label: Die Beschriftung für „en“ fehlt.",
        ),
        ("- value: 5\n  plus: ja\n  label: {de: a, en: b}\n", "data/figures.yml:2: plus:"),
        ("- value: 5\n", "data/figures.yml:1: label:"),
        ("value: 5\n", "data/figures.yml:1: Die Datei muss eine Liste"),
        ("- value: [5\n", "data/figures.yml:2: Die Datei ist kein gültiges YAML."),
        ("- 5\n", "data/figures.yml:1: Jeder Eintrag braucht"),
    ],
)
def test_mistakes_are_reported_with_file_line_and_key(text: str, message: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse_figures(text, LANGS, "data/figures.yml")
    assert str(caught.value).startswith(message)


def test_a_missing_figures_file_is_reported_by_name(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError, match=r"^data/figures.yml:1: .*fehlt"):
        load_figures(tmp_path / "figures.yml", LANGS, "data/figures.yml")


def test_every_mistake_in_the_file_is_reported_at_once() -> None:
    text = (
        "- value: viele\n  label: {de: a}\n- value: 5\n  format: prozent\n  label: {de: a, en: b}\n"
    )
    with pytest.raises(DiagnosticError) as caught:
        parse_figures(text, LANGS, "data/figures.yml")
    assert [(d.line, d.key) for d in caught.value.diagnostics] == [
        (1, "value"),
        (2, "label"),
        (4, "format"),
    ]
