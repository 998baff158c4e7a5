"""Impact figures for the home page: one YAML file (data/figures.yml) for all languages.

Each figure has a number, a format and a label per language; the number is written
out per locale with Babel ("3.000+" and "87 %" in German, "3,000+" and "87%" in English),
so editors type a figure once and never format it by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from babel.numbers import format_decimal, format_percent

from civic_site.diagnostics import Diagnostic, DiagnosticError, diagnostic

FORMATS = ("number", "percent")


@dataclass(frozen=True)
class Figure:
    value: Decimal
    format: str  # one of FORMATS
    plus: bool  # "at least": the number is shown with a trailing "+"
    labels: dict[str, str]


@dataclass(frozen=True)
class FigureText:
    """A figure as it appears on a page in one language."""

    value: str
    label: str


def format_figure_value(figure: Figure, lang: str) -> str:
    """The figure's number as text in the conventions of `lang`."""
    if figure.format == "percent":
        # decimal_quantization=False keeps an editor's "87.5" instead of rounding to "88".
        text = format_percent(figure.value / 100, locale=lang, decimal_quantization=False)
    else:
        text = format_decimal(figure.value, locale=lang, decimal_quantization=False)
    return text + "+" if figure.plus else text


def figures_for_language(figures: Sequence[Figure], lang: str) -> list[FigureText]:
    return [FigureText(format_figure_value(f, lang), f.labels[lang]) for f in figures]


def load_figures(path: Path, languages: Sequence[str], display_path: str) -> list[Figure]:
    """Read and check the figures file; `display_path` is how diagnostics name it.

    Raises DiagnosticError with every problem found, each with the file, line and key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = "Die Datei mit den Wirkungszahlen fehlt."
        raise DiagnosticError([diagnostic(display_path, 1, "", message)]) from None
    return parse_figures(text, languages, display_path)


def parse_figures(text: str, languages: Sequence[str], source: str) -> list[Figure]:
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        message = "Die Datei ist kein gültiges YAML."
        raise DiagnosticError([diagnostic(source, line, "", message)]) from None
    if not isinstance(data, list) or not data:
        message = (
            "Die Datei muss eine Liste von Zahlen sein (jeder Eintrag beginnt mit „- value:“)."
        )
        raise DiagnosticError([diagnostic(source, 1, "", message)])
    figures, problems = [], []
    for entry, node in zip(data, root.value, strict=True):
        figure, entry_problems = _parse_figure(entry, node, languages, source)
        problems += entry_problems
        if figure:
            figures.append(figure)
    if problems:
        raise DiagnosticError(problems)
    return figures


def _key_lines(node: yaml.Node) -> dict[str, int]:
    """1-based line of each key of a YAML mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def _parse_figure(
    entry: Any, node: yaml.Node, languages: Sequence[str], source: str
) -> tuple[Figure | None, list[Diagnostic]]:
    """One entry of the list, or None and every problem it has."""
    entry_line = node.start_mark.line + 1
    if not isinstance(entry, dict):
        message = "Jeder Eintrag braucht value, format und label."
        return None, [diagnostic(source, entry_line, "", message)]
    lines = _key_lines(node)
    problems: list[Diagnostic] = []

    def fail(key: str, message: str) -> None:
        problems.append(diagnostic(source, lines.get(key, entry_line), key, message))

    value = entry.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail("value", "Hier muss eine Zahl stehen, ohne Punkt, Prozentzeichen oder „+“.")
    number_format = entry.get("format", "number")
    if number_format not in FORMATS:
        fail("format", "Erlaubt sind „number“ (Anzahl) und „percent“ (Prozent).")
    plus = entry.get("plus", False)
    if not isinstance(plus, bool):
        fail("plus", "Erlaubt sind „true“ (Zahl mit „+“) und „false“.")
    labels = entry.get("label")
    if not isinstance(labels, dict):
        fail("label", f"Hier steht je Sprache ({', '.join(languages)}) eine Beschriftung.")
        labels = {}
    else:
        for lang in languages:
            label = labels.get(lang)
            if not isinstance(label, str) or not label.strip():
                fail("label", f"Die Beschriftung für „{lang}“ fehlt.")
    if problems:
        return None, problems
    return (
        Figure(
            value=Decimal(str(value)),
            format=number_format,
            plus=plus,
            labels={lang: labels[lang].strip() for lang in languages},
        ),
        [],
    )
