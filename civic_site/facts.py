"""Printing assumed facts honestly: the template API's `confirmed` test and `fact` filters.

A value nobody has confirmed yet starts with `UNBESTÄTIGT:` (civic_site/placeholders.py).
Templates and `jinja: true` pages never print such a value as it is, and never make a link
of it (`mailto:`, `tel:`, `href`):

    {{ operator.phone | fact }}                        the value, or marked text
    {{ operator.email | fact_link(prefix="mailto:") }} a link, or marked text
    {{ url | fact_link("Website des Projekts") }}      a link with that text, or the text
                                                       followed by marked text
    {% if operator.email is confirmed %} … {% endif %}

Marked text is "[noch nicht bestätigt: <what is missing>]" in the page's language (UI string
`unconfirmed_label`), from overrides/partials/unconfirmed.html, styled by the class
`civic-unconfirmed`. What is missing is written in German in the placeholder itself, so it
carries `lang="de"` on pages in other languages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from civic_site.placeholders import DESCRIPTION_LANG, is_unconfirmed, what_is_missing

UNCONFIRMED_TEMPLATE = "partials/unconfirmed.html"
FACT_LINK_TEMPLATE = "partials/fact-link.html"


def fact_tests() -> dict[str, Callable[[Any], bool]]:
    """Jinja tests: `value is confirmed`, `value is unconfirmed`."""
    return {
        "confirmed": lambda value: not is_unconfirmed(value),
        "unconfirmed": is_unconfirmed,
    }


def fact_filters(env: Environment) -> dict[str, Callable[..., Markup]]:
    """Jinja filters `fact` and `fact_link`, rendering their HTML with `env`'s partials.

    The partials read `ui` and `site_lang` from the environment's globals.
    """

    def fact(value: Any) -> Markup:
        if not is_unconfirmed(value):
            return escape("" if value is None else value)
        template = env.get_template(UNCONFIRMED_TEMPLATE)
        return Markup(
            template.render(missing=what_is_missing(value), missing_lang=DESCRIPTION_LANG).strip()
        )

    def fact_link(value: Any, label: str | None = None, prefix: str = "") -> Markup:
        template = env.get_template(FACT_LINK_TEMPLATE)
        html = template.render(
            href=f"{prefix}{value}",
            label=label,
            value=value,
            is_confirmed=not is_unconfirmed(value),
            marked=fact(value),
        )
        return Markup(html.strip())

    return {"fact": fact, "fact_link": fact_link}
