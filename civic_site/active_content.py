"""Active content in a page's Markdown: found in the rendered HTML, reported at its source line.

Content (pages, event bodies, imported posts) must never run script. Active content is an
element that runs, embeds or redirects (`<script>`, `<iframe>`, `<object>`, `<embed>`,
`<base>`, `<meta>`, `<form>`, …), any `on*=` attribute, and a `javascript:`, `vbscript:` or
`data:` URL in a URL attribute (`href`, `src`, …).

The check reads the **rendered** content, i.e. what Markdown and `attr_list` made of the
source, with character references decoded as a browser decodes them: `[x](u){ onclick=… }`,
`![i](a.png){ onerror=… }` and `&#106;avascript:` are found although the source never
spells them out. Code spans and code blocks are exempt by construction: Markdown escapes
their text, so it reaches the HTML as text, never as a tag or an attribute.

Each finding is then mapped back to a line of the source body (`locate`): the k-th finding of
one kind is the k-th occurrence of that kind in the source, outside code, with entities
decoded for URLs; what cannot be found there is reported at the body's first line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown

from civic_site.diagnostics import Diagnostic, diagnostic

# Elements that run script, embed other documents or change where the page's links and
# forms go (the last ones listed beyond the list: obsolete forms of the same).
ACTIVE_ELEMENTS = (
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "meta",
    "form",
    "frame",
    "frameset",
    "applet",
)
# Attributes whose value a browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "xlink:href", "action", "formaction", "data", "poster", "background",
        "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "ping", "srcset", "manifest",
        "usemap",
    }
)  # fmt: skip
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")

# Cheap looks before the parse: content without an active element, an `on…=` attribute or
# (entities decoded, tabs and newlines dropped) one of the schemes holds no active content.
_SUSPECT_RE = re.compile(
    r"<(?:" + "|".join(ACTIVE_ELEMENTS) + r")(?![\w-])|on[\w-]*\s*=", re.IGNORECASE
)
_SCHEME_RE = re.compile(r"(?:javascript|vbscript|data):", re.IGNORECASE)
_ELEMENT_RE = re.compile(r"<(" + "|".join(ACTIVE_ELEMENTS) + r")(?=[\s/>])", re.IGNORECASE)
# Browsers drop ASCII tab and newline anywhere in a URL, and leading C0 controls and spaces.
_URL_IGNORED_RE = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Finding:
    """One piece of active content in the rendered HTML."""

    kind: str  # "element", "attribute" or "url"
    name: str  # element or attribute name, lower case
    value: str = ""  # the URL, decoded and normalised ("url" only)

    @property
    def key(self) -> str:
        if self.kind == "element":
            return f"<{self.name}>"
        if self.kind == "attribute":
            return f"{self.name}="
        return f'{self.name}="{self.value.split(":", 1)[0]}:…"'

    @property
    def what(self) -> str:
        """What was found, in the editor's words."""
        if self.kind == "element":
            return f"Das HTML-Element <{self.name}> ist in Inhalten nicht erlaubt"
        if self.kind == "attribute":
            return (
                f"Das Attribut {self.name}= (ein Skript, das beim Klicken oder Laden läuft) "
                "ist in Inhalten nicht erlaubt"
            )
        scheme = self.value.split(":", 1)[0]
        return f"Ein {scheme}:-Link (in {self.name}=) ist in Inhalten nicht erlaubt"


# What to use instead, the same for every finding.
ADVICE = (
    'Für eine Anmeldung: {% include pretix-widget.html event="…" %} als eigener Absatz '
    "(REDAKTION.md); für alles andere ein einfacher Link: [Text](https://…)."
)


_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def active_scheme(value: str) -> str | None:
    """'javascript:', 'vbscript:' or 'data:' when a browser would read `value` (an
    attribute value or Markdown link target, entities not yet decoded) as such a URL."""
    text = normalise_url(html.unescape(value))
    return next((scheme for scheme in ACTIVE_SCHEMES if text.startswith(scheme)), None)


def normalise_url(value: str) -> str:
    """A URL attribute's value as a browser reads its scheme (entities already decoded):
    tabs and newlines dropped, C0 controls and spaces stripped, lower case."""
    return _URL_IGNORED_RE.sub("", value).strip(_C0_AND_SPACE).lower()


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # attribute values are decoded either way
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.findings.append(Finding("element", tag))
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(Finding("attribute", name))
            elif value:
                # data: is an ordinary word in other attributes (title="data: …")
                url = normalise_url(value)
                schemes = ACTIVE_SCHEMES if name in URL_ATTRIBUTES else ACTIVE_SCHEMES[:2]
                if url.startswith(schemes):
                    self.findings.append(Finding("url", name, url))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def find_active_content(rendered: str) -> list[Finding]:
    """The active content in rendered HTML, in document order (elements found only by the
    raw scan, e.g. inside a comment or a malformed tag, come last)."""
    if not _SUSPECT_RE.search(rendered) and not _SCHEME_RE.search(
        _URL_IGNORED_RE.sub("", html.unescape(rendered))
    ):
        return []
    scanner = _Scanner()
    scanner.feed(rendered)
    scanner.close()
    findings = scanner.findings
    # A safety net for what the parser does not see as a start tag (comments, oddly
    # formed markup): every `<script` and the like in the raw text counts.
    for name in ACTIVE_ELEMENTS:
        raw = sum(1 for m in _ELEMENT_RE.finditer(rendered) if m.group(1).lower() == name)
        parsed = sum(1 for f in findings if f.kind == "element" and f.name == name)
        findings += [Finding("element", name)] * max(raw - parsed, 0)
    return findings


# --- From findings back to source lines ---------------------------------------------------

_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# An inline code span: a run of backticks, text (no blank line), the same run again.
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)


def mask_code(body: str) -> str:
    """`body` with the text of fenced code blocks and code spans blanked out (same length,
    same line breaks), so that a `<script>` shown as code is never taken for the real one."""
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                lines[index] = ""
        else:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            lines[index] = ""
    text = "\n".join(lines)
    return _CODE_SPAN_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _element_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"<{re.escape(name)}(?=[\s/>])", re.IGNORECASE)


def _attribute_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w:-]){re.escape(name)}\s*=", re.IGNORECASE)


def _occurrence_lines(finding: Finding, masked_lines: list[str]) -> list[int]:
    """0-based line indexes of each occurrence of the finding's kind in the masked source."""
    found = []
    if finding.kind == "url":
        # Entity-aware: decode each line as the HTML would be, then compare the URL as
        # a browser normalises it (the first 40 characters are enough to tell URLs apart).
        needle = finding.value[:40]
        for index, line in enumerate(masked_lines):
            found += [index] * normalise_url_text(line).count(needle)
        return found
    pattern = (
        _element_pattern(finding.name)
        if finding.kind == "element"
        else _attribute_pattern(finding.name)
    )
    for index, line in enumerate(masked_lines):
        found += [index] * len(pattern.findall(line))
    return found


def normalise_url_text(line: str) -> str:
    """A source line with character references decoded, tabs dropped, lower case."""
    return _URL_IGNORED_RE.sub("", html.unescape(line)).lower()


def locate(findings: Iterable[Finding], body: str, first_line: int) -> list[int]:
    """The file line of each finding; `body` starts on file line `first_line`.

    The k-th finding of one kind (same element, attribute or URL) is the k-th occurrence of
    it in the body outside code; a finding without one (text made by an extension) gets the
    body's first line.
    """
    masked_lines = mask_code(body).split("\n")
    cache: dict[Finding, list[int]] = {}
    used: dict[Finding, int] = {}
    lines = []
    for finding in findings:
        if finding not in cache:
            cache[finding] = _occurrence_lines(finding, masked_lines)
        occurrences = cache[finding]
        count = used.get(finding, 0)
        used[finding] = count + 1
        index = occurrences[count] if count < len(occurrences) else None
        if index is None and occurrences:
            index = occurrences[-1]  # more in the HTML than in the source: the last one seen
        lines.append(first_line + (index if index is not None else 0))
    return lines


# Extensions MkDocs always adds to the configured ones.
MKDOCS_DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")


def markdown_renderer(configured: Iterable[Any]) -> markdown.Markdown:
    """A Markdown converter with the extensions of `markdown_extensions:` in mkdocs.yml
    (names, or {name: settings}), as MkDocs sets it up, for checks outside the build."""
    names: list[str] = list(MKDOCS_DEFAULT_EXTENSIONS)
    settings: dict[str, Any] = {}
    for entry in configured:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in names:
            names.append(str(name))
        if isinstance(options, dict):
            settings[str(name)] = options
    return markdown.Markdown(extensions=names, extension_configs=settings)


def active_content_diagnostics(
    rendered: str, source_path: str, body: str, first_line: int
) -> list[Diagnostic]:
    """One Diagnostic per piece of active content in `rendered`, at its line in the source."""
    findings = find_active_content(rendered)
    if not findings:
        return []
    lines = locate(findings, body, first_line)
    return [
        diagnostic(source_path, line, finding.key, f"{finding.what}. {ADVICE}")
        for finding, line in zip(findings, lines, strict=True)
    ]
