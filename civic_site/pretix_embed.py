"""pretix widgets at build time: site settings, widget data for templates, include tags.

The site's pretix settings live in mkdocs.yml under `extra.pretix`; an event may name
another organizer (`pretix: {organizer: …}`). Editors can place a widget anywhere with
the tag civic Jekyll sites use:

    {% include pretix-widget.html event="ki-zivil-11" items="12,13" voucher="CODE" %}

Any other `{% … %}` tag is an error: MkDocs has no template tags in Markdown, so it
would otherwise end up verbatim on the page.

While `extra.pretix.organizer` is unconfirmed (an `UNBESTÄTIGT:` value, listed by
launch-check), a box that relies on it is a PendingWidget: it says that registration
will open there, and holds no shop address, no link and nothing from pretix (so the CSP
keeps the pretix host out, too). A box that names its own organizer is a live Widget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from civic_site.placeholders import is_unconfirmed
from civic_site.pretix_ref import SLUG_RE, PretixRef, PretixValueError, parse_pretix_value

DEFAULT_URL = "https://pretix.eu"
# Plain http only to this machine (a pretix started for tests or by hand); anything else
# must be https, so that neither the API token nor a visitor's registration travels in
# the clear.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
LOADING_MODES = ("two-click", "direct")
WIDGET_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)*$")
INCLUDE_NAME = "pretix-widget.html"
TAG_KEYS = {
    "event": "event",
    "organizer": "organizer",
    "items": "items",
    "voucher": "voucher",
    "disable-vouchers": "disable_vouchers",
}


@dataclass(frozen=True)
class PretixSettings:
    url: str = DEFAULT_URL
    organizer: str | None = None  # a confirmed short name only
    widget_language: dict[str, str] = field(default_factory=dict)
    loading: str = "two-click"
    # extra.pretix.organizer is an `UNBESTÄTIGT:` value: boxes that rely on it stay closed.
    organizer_unconfirmed: bool = False

    def language_for(self, site_lang: str) -> str:
        return self.widget_language.get(site_lang, site_lang)


@dataclass(frozen=True)
class Widget:
    """Everything overrides/partials/pretix-widget.html needs for one widget."""

    widget_id: str
    event_url: str
    stylesheet_url: str
    script_url: str
    items: str
    voucher: str | None
    disable_vouchers: bool
    skip_ssl_check: bool
    loading: str
    pending: bool = False


@dataclass(frozen=True)
class PendingWidget:
    """A box whose pretix organizer is unconfirmed: registration opens here later. Holds
    no address on purpose, so that nothing can point at a guessed shop."""

    widget_id: str
    pending: bool = True


class PretixUrlError(ValueError):
    """A pretix address that is malformed or not allowed; the text is one sentence."""


def check_pretix_url(url: str) -> str:
    """The pretix address without a trailing slash, or PretixUrlError.

    The one check for `extra.pretix.url` (build, widget) and `--url` (the pretix commands,
    which send the API token there): http(s) with a host and nothing else (no user name
    or password, query or fragment), and https unless the host is this machine.
    """
    url = url.rstrip("/")
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        parts = parts._replace(netloc="")
    if (
        parts.scheme not in ("https", "http")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(char.isspace() or not char.isprintable() for char in url)
    ):
        raise PretixUrlError(f"„{url}“ ist keine gültige Web-Adresse (z. B. https://pretix.eu).")
    if parts.username is not None or parts.password is not None:
        raise PretixUrlError(
            f"„{url}“ enthält einen Benutzernamen oder ein Passwort; "
            "nur die Adresse angeben, z. B. https://pretix.eu."
        )
    if parts.scheme != "https" and parts.hostname not in LOCAL_HOSTS:
        raise PretixUrlError(
            f"„{url}“ ist unverschlüsselt: pretix nur über https ansprechen "
            "(http nur für localhost, 127.0.0.1 und ::1)."
        )
    return url


class PretixSettingsError(ValueError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def settings_from_extra(extra: dict[str, Any] | None) -> PretixSettings:
    """Validate `extra.pretix` from mkdocs.yml (missing section: pretix.eu, no organizer)."""
    raw = (extra or {}).get("pretix") or {}
    if not isinstance(raw, dict):
        raise PretixSettingsError("extra.pretix", "erwartet eine Zuordnung (url, organizer, …).")
    try:
        url = check_pretix_url(str(raw.get("url") or DEFAULT_URL))
    except PretixUrlError as exc:
        raise PretixSettingsError("extra.pretix.url", str(exc)) from None
    organizer = raw.get("organizer")
    unconfirmed = is_unconfirmed(organizer)
    if unconfirmed:
        organizer = None
    if organizer is not None and not SLUG_RE.match(str(organizer)):
        raise PretixSettingsError(
            "extra.pretix.organizer", f"„{organizer}“: erlaubt sind Buchstaben, Ziffern, . _ -."
        )
    languages = raw.get("widget_language") or {}
    if not isinstance(languages, dict):
        raise PretixSettingsError(
            "extra.pretix.widget_language", "erwartet z. B. {de: de, en: en}."
        )
    for site_lang, widget_lang in languages.items():
        if not WIDGET_LANGUAGE_RE.match(str(widget_lang)):
            raise PretixSettingsError(
                f"extra.pretix.widget_language.{site_lang}",
                f"„{widget_lang}“ ist keine pretix-Sprache (z. B. de, de-informal, en).",
            )
    loading = str(raw.get("loading") or "two-click")
    if loading not in LOADING_MODES:
        raise PretixSettingsError(
            "extra.pretix.loading", f"„{loading}“: erlaubt sind {' oder '.join(LOADING_MODES)}."
        )
    return PretixSettings(
        url=url,
        organizer=str(organizer) if organizer is not None else None,
        widget_language={str(k): str(v) for k, v in languages.items()},
        loading=loading,
        organizer_unconfirmed=unconfirmed,
    )


def organizer_for(ref: PretixRef, settings: PretixSettings) -> str | None:
    """The organizer's short name; None while the configured one, which `ref` relies on,
    is unconfirmed. No organizer anywhere is a PretixValueError."""
    organizer = ref.organizer or settings.organizer
    if not organizer and settings.organizer_unconfirmed:
        return None
    if not organizer:
        raise PretixValueError(
            "pretix.organizer",
            "kein Veranstalter: in mkdocs.yml unter extra.pretix.organizer eintragen "
            "oder bei der Veranstaltung angeben.",
        )
    return organizer


def event_url(ref: PretixRef, settings: PretixSettings) -> str | None:
    """The event's shop page, e.g. https://pretix.eu/civic-coding/ki-zivil-11/; None
    while it would rest on an unconfirmed organizer."""
    organizer = organizer_for(ref, settings)
    return _shop_url(settings, organizer, ref.event) if organizer else None


def _shop_url(settings: PretixSettings, organizer: str, event: str) -> str:
    return f"{settings.url}/{organizer}/{event}/"


def build_widget(
    ref: PretixRef, settings: PretixSettings, site_lang: str, widget_id: str
) -> Widget | PendingWidget:
    organizer = organizer_for(ref, settings)
    if organizer is None:
        return PendingWidget(widget_id)
    return Widget(
        widget_id=widget_id,
        event_url=_shop_url(settings, organizer, ref.event),
        # The organizer stylesheet, not the event one: several event stylesheets on one
        # page override each other.
        stylesheet_url=f"{settings.url}/{organizer}/widget/v2.css",
        script_url=f"{settings.url}/widget/v2.{settings.language_for(site_lang)}.js",
        items=",".join(str(item) for item in ref.items),
        voucher=ref.voucher,
        disable_vouchers=ref.disable_vouchers,
        # Over plain http (a local test server) the widget refuses its in-page checkout.
        skip_ssl_check=settings.url.startswith("http://"),
        loading=settings.loading,
    )


# --- include tags in Markdown -------------------------------------------------------


class PretixTagError(ValueError):
    """A bad `{% … %}` tag; `line` is relative to the text that was scanned (1-based)."""

    def __init__(self, line: int, key: str, message: str) -> None:
        super().__init__(f"{line}: {key}: {message}")
        self.line = line
        self.key = key
        self.message = message


TAG_RE = re.compile(r"\{%(?P<body>.*?)%\}", re.DOTALL)
INCLUDE_RE = re.compile(r"^-?\s*include\s+(?P<name>\S+)(?P<args>.*?)\s*-?$", re.DOTALL)
ARG_RE = re.compile(
    r"\s*(?P<key>[A-Za-z_-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"']+))"
)
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
INLINE_CODE_RE = re.compile(r"(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks)", re.DOTALL)


def mask_code(markdown: str) -> str:
    """The text with fenced code blocks and inline code blanked out (same length and
    line breaks), so tags shown as examples in code are neither expanded nor errors."""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        match = FENCE_RE.match(line)
        if fence is None and match:
            fence = match.group("fence")
            out.append(_blank(line))
        elif fence is not None:
            if match and match.group("fence")[0] == fence[0] and len(match["fence"]) >= len(fence):
                fence = None
            out.append(_blank(line))
        else:
            out.append(line)
    text = "".join(out)
    return INLINE_CODE_RE.sub(lambda m: _blank(m.group(0)), text)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def parse_include_args(args: str, line: int) -> PretixRef:
    """`event="x" items="1,2" voucher="V" disable-vouchers=true` → PretixRef."""
    values: dict[str, Any] = {}
    position = 0
    args = args.rstrip()
    while position < len(args):
        match = ARG_RE.match(args, position)
        if not match:
            rest = args[position:].strip()
            raise PretixTagError(line, INCLUDE_NAME, f"unverständliche Angabe „{rest}“.")
        key = match.group("key")
        if key not in TAG_KEYS:
            raise PretixTagError(line, key, f"unbekannte Angabe; erlaubt: {', '.join(TAG_KEYS)}.")
        if TAG_KEYS[key] in values:
            raise PretixTagError(line, key, "steht doppelt im Tag.")
        raw = next(v for v in match.group("dq", "sq", "bare") if v is not None)
        values[TAG_KEYS[key]] = _bool_value(key, raw, line) if key == "disable-vouchers" else raw
        position = match.end()
    if "event" not in values:
        raise PretixTagError(line, "event", 'fehlt: z. B. event="ki-zivil-11".')
    try:
        return parse_pretix_value(values, key="pretix")
    except PretixValueError as exc:
        tag_key = exc.key.removeprefix("pretix.").replace("_", "-")
        raise PretixTagError(line, tag_key, exc.message) from None


def _bool_value(key: str, raw: str, line: int) -> bool:
    if raw.lower() in ("true", "yes", "ja"):
        return True
    if raw.lower() in ("false", "no", "nein"):
        return False
    raise PretixTagError(line, key, f"„{raw}“: erlaubt sind true oder false.")


def expand_include_tags(markdown: str, render: Callable[[PretixRef], str]) -> str:
    """Replace every pretix include tag by `render(ref)`; any other tag is a PretixTagError.

    `render` returns the widget's HTML; it is placed as a block of its own (blank lines
    around it, no blank lines inside) so Markdown passes it through untouched.
    """
    masked = mask_code(markdown)
    pieces: list[str] = []
    position = 0
    for match in TAG_RE.finditer(masked):
        line = masked.count("\n", 0, match.start()) + 1
        include = INCLUDE_RE.match(match.group("body").strip())
        if not include:
            tag = " ".join(match.group(0).split())
            raise PretixTagError(
                line,
                "{% %}",
                f"„{tag}“ ist hier kein gültiger Baustein; erlaubt ist nur "
                f'{{% include {INCLUDE_NAME} event="…" %}}.',
            )
        if include.group("name") != INCLUDE_NAME:
            raise PretixTagError(
                line, "include", f"„{include.group('name')}“ gibt es nicht; nur {INCLUDE_NAME}."
            )
        ref = parse_include_args(include.group("args"), line)
        html = "\n".join(part for part in render(ref).splitlines() if part.strip())
        pieces += [markdown[position : match.start()], f"\n\n{html}\n\n"]
        position = match.end()
    rest = masked[position:]
    if "{%" in rest:
        line = masked.count("\n", 0, position + rest.index("{%")) + 1
        raise PretixTagError(line, "{% %}", "ein „{%“ wird nicht mit „%}“ geschlossen.")
    pieces.append(markdown[position:])
    return "".join(pieces)
