"""Active content in a Jekyll post's Markdown, cut out and reported by line.

`<script>`, `<iframe>`, `<object>`, `<embed>`, `<form>`, `<meta>`, `<base>` (and the like),
`on…=` attributes, and `javascript:`/`vbscript:`/`data:` URLs, raw or in Markdown link syntax
and attribute lists, entities decoded as a browser would: the import leaves them out and
lists each with its line (the build would stop on them, hooks/active_content.py). Code
spans and fenced code blocks are left alone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from civic_site.active_content import URL_ATTRIBUTES, active_scheme
from civic_site.pretix_embed import mask_code


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based, in the scrubbed text
    message: str


REMOVED_ELEMENTS = {
    "script": "<script> (Skript)",
    "iframe": "<iframe> (eingebettete fremde Seite)",
    "object": "<object> (eingebettetes Objekt)",
    "applet": "<applet> (eingebettetes Objekt)",
    "form": "<form> (Formular)",
    "style": "<style> (Stilangaben)",
    "noscript": "<noscript>",
    "template": "<template>",
    "frameset": "<frameset>",
    "embed": "<embed> (eingebettetes Objekt)",
    "meta": "<meta>",
    "base": "<base>",
    "link": "<link>",
    "param": "<param>",
    "frame": "<frame>",
    "portal": "<portal>",
}
VOID_REMOVED = ("embed", "meta", "base", "link", "param", "frame", "portal")
CONTAINERS = "|".join(name for name in REMOVED_ELEMENTS if name not in VOID_REMOVED)
ATTRIBUTE = r"""[^\s"'<>/=`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""
CONTAINER_RE = re.compile(
    rf"<(?P<name>{CONTAINERS})\b(?:\s+{ATTRIBUTE})*\s*/?>.*?</(?P=name)\s*>", re.I | re.S
)
OPENING_RE = re.compile(
    rf"</?(?P<name>{'|'.join(REMOVED_ELEMENTS)})\b(?:\s+{ATTRIBUTE})*\s*/?>", re.I | re.S
)
TAG_RE = re.compile(
    rf"<(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:\s+{ATTRIBUTE})*)(?P<end>\s*/?>)", re.S
)
ATTR_RE = re.compile(
    r"""(?P<space>\s+)(?P<key>[^\s"'<>/=`]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""
)
LEFTOVER_RE = re.compile(
    r"<[A-Za-z][^<>\n]*?(?:\bon[a-z]+\s*=|javascript:|vbscript:)[^<>\n]*>?", re.I
)
AUTOLINK_RE = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
LINK_RE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
REFERENCE_RE = re.compile(
    r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?P<target><[^>\n]*>|\S+)[^\n]*$", re.MULTILINE
)
ATTR_LIST_RE = re.compile(r"(?P<space>[ \t]*)\{(?P<colon>:?)(?![%{])(?P<body>[^{}\n]*)\}")
ATTR_TOKEN_RE = re.compile(r"""(?P<key>[^\s=]+)=(?P<value>"[^"]*"|'[^']*'|\S+)|(?P<plain>\S+)""")


def scrub_active_content(markdown: str) -> tuple[str, list[Finding]]:
    """`markdown` without active content (outside code), and what was removed where.

    Removed parts keep their line breaks, so every line number, also of later passes,
    is the line in the text that was passed in.
    """
    findings: list[Finding] = []
    text = markdown
    for step in (
        _remove_containers,
        _remove_elements,
        _clean_tags,
        _remove_leftovers,
        _clean_autolinks,
        _clean_links,
        _clean_references,
        _clean_attribute_lists,
    ):
        text = step(text, findings)
    return text, sorted(findings, key=lambda f: f.line)


def _substitute(text: str, pattern: re.Pattern[str], replace, findings: list[Finding]) -> str:  # noqa: ANN001
    """Apply `replace(match) -> (replacement, message | None)` outside code; keeps line
    breaks of removed text."""
    masked = mask_code(text)
    pieces, position = [], 0
    for match in pattern.finditer(masked):
        original = text[match.start() : match.end()]
        replacement, message = replace(match, original)
        if message is None:
            continue
        line = masked.count("\n", 0, match.start()) + 1
        findings.append(Finding(line, message))
        lost = original.count("\n") - replacement.count("\n")
        pieces += [text[position : match.start()], replacement + "\n" * max(lost, 0)]
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _what_to_use() -> str:
    return "für Anmeldungen das pretix-Formular, sonst einen einfachen Link verwenden."


def _element_message(name: str) -> str:
    what = REMOVED_ELEMENTS[name.lower()]
    return f"{what} entfernt: aktive Inhalte werden nicht übernommen; {_what_to_use()}"


def _remove_containers(text: str, findings: list[Finding]) -> str:
    return _substitute(text, CONTAINER_RE, lambda m, _: ("", _element_message(m["name"])), findings)


def _remove_elements(text: str, findings: list[Finding]) -> str:
    return _substitute(text, OPENING_RE, lambda m, _: ("", _element_message(m["name"])), findings)


def _clean_tags(text: str, findings: list[Finding]) -> str:
    def clean(match: re.Match[str], original: str) -> tuple[str, str | None]:
        removed, kept = [], []
        attrs = original[match.start("attrs") - match.start() : match.end("attrs") - match.start()]
        values: dict[str, str] = {}
        for attr in ATTR_RE.finditer(attrs):
            key = attr["key"].lower()
            value = (attr["value"] or "").strip("\"'")
            values[key] = value
            if key.startswith("on"):
                removed.append(f"{attr['key']}=")
            elif key == "srcdoc" or (key in URL_ATTRIBUTES and active_scheme(value)):
                removed.append(f"{attr['key']}={active_scheme(value) or ''}")
            elif key == "style" and re.search(r"expression\s*\(|javascript:", value, re.I):
                removed.append("style=")
            else:
                kept.append(attr.group(0))
        if not removed:
            return original, None
        name = match["name"]
        message = (
            f"{', '.join(removed)} an <{name}> entfernt: aktive Inhalte werden nicht "
            f"übernommen; {_what_to_use()}"
        )
        if name.lower() == "img" and "src" not in {
            a["key"].lower() for a in ATTR_RE.finditer("".join(kept))
        }:
            return html.escape(values.get("alt", ""), quote=False), message
        return f"<{name}{''.join(kept)}{match['end']}", message

    return _substitute(text, TAG_RE, clean, findings)


def _remove_leftovers(text: str, findings: list[Finding]) -> str:
    message = f"unvollständiges HTML mit Skript entfernt; {_what_to_use()}"
    return _substitute(text, LEFTOVER_RE, lambda m, _: ("", message), findings)


def _link_message(scheme: str) -> str:
    return f"Link mit {scheme} entfernt (nur der Text bleibt); {_what_to_use()}"


def _clean_autolinks(text: str, findings: list[Finding]) -> str:
    def clean(match: re.Match[str], original: str) -> tuple[str, str | None]:
        scheme = active_scheme(match["url"])
        return ("", _link_message(scheme)) if scheme else (original, None)

    return _substitute(text, AUTOLINK_RE, clean, findings)


def _clean_links(text: str, findings: list[Finding]) -> str:
    def clean(match: re.Match[str], original: str) -> tuple[str, str | None]:
        scheme = active_scheme(match["target"].strip("<>"))
        if not scheme:
            return original, None
        return match["text"], _link_message(scheme)

    return _substitute(text, LINK_RE, clean, findings)


def _clean_references(text: str, findings: list[Finding]) -> str:
    def clean(match: re.Match[str], original: str) -> tuple[str, str | None]:
        scheme = active_scheme(match["target"].strip("<>"))
        return ("", _link_message(scheme)) if scheme else (original, None)

    return _substitute(text, REFERENCE_RE, clean, findings)


def _clean_attribute_lists(text: str, findings: list[Finding]) -> str:
    def clean(match: re.Match[str], original: str) -> tuple[str, str | None]:
        removed, kept = [], []
        for token in ATTR_TOKEN_RE.finditer(match["body"]):
            key = (token["key"] or "").lower()
            value = (token["value"] or "").strip("\"'")
            if key.startswith("on") or (key in URL_ATTRIBUTES and active_scheme(value)):
                removed.append(f"{token['key']}=")
            else:
                kept.append(token.group(0))
        if not removed:
            return original, None
        message = (
            f"{', '.join(removed)} in {{ … }} entfernt: aktive Inhalte werden nicht "
            f"übernommen; {_what_to_use()}"
        )
        if not kept:
            return "", message
        return f"{match['space']}{{{match['colon']} {' '.join(kept)} }}", message

    return _substitute(text, ATTR_LIST_RE, clean, findings)
