"""Render a Markdown page as a Jinja template, for pages that ask for it (`jinja: true`).

The legal pages need the operator's data and the initiative page the project cards;
both come from templates and data files, not from text typed into the page.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError


class PageTemplateError(ValueError):
    """A problem with a placeholder in a page: 'path:line: message'."""


def markdown_start_line(source_text: str, markdown: str) -> int:
    """File line on which `markdown` (the page without its front matter) begins."""
    position = source_text.rfind(markdown.strip()) if markdown.strip() else -1
    return source_text.count("\n", 0, position) + 1 if position >= 0 else 1


def render_page_template(
    env: Environment, markdown: str, context: dict[str, Any], source: str, first_line: int
) -> str:
    # Strict: a mistyped placeholder stops the build instead of vanishing from the page.
    strict_env = env.overlay(undefined=StrictUndefined)
    try:
        return strict_env.from_string(markdown).render(context)
    except TemplateSyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        raise PageTemplateError(
            f"{source}:{line}: Platzhalter mit {{{{ … }}}} oder {{% … %}} ist unvollständig "
            f"({exc.message})."
        ) from None
    except TemplateError as exc:
        raise PageTemplateError(
            f"{source}:{first_line}: Ein Platzhalter lässt sich nicht ausfüllen ({exc.message})."
        ) from None
