"""Render a Markdown page as a Jinja template, for pages that ask for it (`jinja: true`).

The legal pages need the operator's data and the initiative page the project cards;
both come from templates and data files, not from text typed into the page.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import (
    Environment,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)

from civic_site.diagnostics import DiagnosticError, diagnostic
from civic_site.plain_german import jinja_syntax_problem


def markdown_start_line(source_text: str, markdown: str) -> int:
    """File line on which `markdown` (the page without its front matter) begins."""
    position = source_text.rfind(markdown.strip()) if markdown.strip() else -1
    return source_text.count("\n", 0, position) + 1 if position >= 0 else 1


def render_page_template(
    env: Environment, markdown: str, context: dict[str, Any], source: str, first_line: int
) -> str:
    # Strict: a mistyped placeholder stops the build instead of vanishing from the page.
    # Raises DiagnosticError naming the page and the line of the placeholder.
    strict_env = env.overlay(undefined=StrictUndefined, keep_trailing_newline=True)

    def fail(line: int, message: str) -> DiagnosticError:
        return DiagnosticError([diagnostic(source, line, "", message)])

    try:
        return strict_env.from_string(markdown).render(context)
    except TemplateSyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        raise fail(
            line,
            "Platzhalter mit {{ … }} oder {% … %} ist unvollständig: "
            f"{jinja_syntax_problem(exc)}.",
        ) from None
    except UndefinedError as exc:
        name = _undefined_name(exc.message or "")
        line = first_line + _line_index(markdown, name)
        raise fail(
            line,
            f"Den Platzhalter „{name}“ gibt es nicht. Verfügbar sind zum Beispiel "
            "operator.name, operator.email und die Teilvorlagen unter partials/.",
        ) from None
    except TemplateNotFound as exc:
        line = first_line + _line_index(markdown, exc.name or "")
        raise fail(
            line,
            f"Die Teilvorlage „{exc.name}“ gibt es nicht "
            "(vorhanden sind die Dateien in overrides/partials/).",
        ) from None
    except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError):
        # Jinja's message is English and technical; the editor's last change is the cause.
        raise fail(
            first_line,
            "Ein Platzhalter lässt sich nicht ausfüllen; bitte die letzte Änderung an "
            "{{ … }} oder {% … %} rückgängig machen.",
        ) from None


def _undefined_name(message: str) -> str:
    """The missing name from Jinja's "'x' is undefined" or "... has no attribute 'y'"."""
    quoted = re.findall(r"'([^']+)'", message)
    return quoted[-1] if quoted else message


def _line_index(markdown: str, needle: str) -> int:
    """0-based index of the first line mentioning `needle` inside a placeholder, else 0."""
    for index, line in enumerate(markdown.splitlines()):
        if needle and needle in line and ("{{" in line or "{%" in line):
            return index
    return 0
