"""A Jekyll document's body, converted to the Markdown this site builds.

In this order, so that every report names the line of the original file (each step keeps
the body's line breaks until the tags are converted):
1. active content is cut out (civic_site/jekyll_safety.py); a YouTube or Vimeo
   `<iframe>` becomes a plain link first, a plain `<a href>` or `<img>` Markdown;
2. Liquid blocks: `{% raw %}` stays visible text, `{% highlight %}` a code block,
   `{% comment %}` goes; `{% if %}`, `{% for %}`, `{% capture %}` … are removed, reported;
3. `{{ … }}`: the base URL and `relative_url` go, `{{ page.x }}`/`{{ site.x }}` become
   their (escaped) text, anything else is removed and reported;
4. links and images (civic_site/jekyll_links.py);
5. `{% … %}` tags: the common includes (civic_site/jekyll_includes.py), `{% post_url %}`
   and `{% link %}`; anything else is removed and reported.
No Liquid is left; nothing that loads from another host is added.
"""

from __future__ import annotations

import html
import re
from typing import Any

from civic_site.diagnostics import INFO
from civic_site.jekyll_conversion import Conversion, ImportContext, Plan
from civic_site.jekyll_files import NotTakenError
from civic_site.jekyll_includes import (
    INCLUDE_KEY,
    INCLUDES,
    WIDGET_MARKER,
    convert_pretix,
    video_link,
)
from civic_site.jekyll_links import (
    DOC,
    LINK_RE,
    MISSING,
    REFERENCE_RE,
    LinkRewriter,
    keep_lines,
    outside_code,
    safe_text,
)
from civic_site.jekyll_safety import scrub_active_content
from civic_site.pretix_embed import INCLUDE_NAME, PretixTagError, parse_include_args
from civic_site.pretix_ref import PretixRef

TAG_RE = re.compile(r"\{%-?\s*(?P<body>.*?)\s*-?%\}", re.DOTALL)
OUTPUT_RE = re.compile(r"\{\{-?\s*(?P<body>.*?)\s*-?\}\}", re.DOTALL)
INCLUDE_RE = re.compile(r"^include\s+(?P<name>\S+)(?P<args>.*)$", re.DOTALL)
ARG_RE = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"']+))"
)
BLOCK_RE = re.compile(
    r"\{%-?\s*(?P<tag>raw|highlight|comment|if|unless|for|case|capture|tablerow)\b"
    r"(?P<args>[^%]*?)-?%\}(?P<inner>.*?)\{%-?\s*end(?P=tag)\s*-?%\}",
    re.DOTALL,
)
HTML_LINK_RE = re.compile(
    r"<a\s+href\s*=\s*(?P<q>[\"'])(?P<href>[^\"'\n]*)(?P=q)"
    r"(?P<rest>(?:\s+(?:title|target|rel)\s*=\s*(?:\"[^\"\n]*\"|'[^'\n]*'))*)\s*>"
    r"(?P<text>[^<>\n]*)</a\s*>",
    re.IGNORECASE,
)
IMG_RE = re.compile(r"<img\b(?P<attrs>[^<>]*?)/?>", re.IGNORECASE)
HTML_ATTR_RE = re.compile(
    r"""(?P<key>[\w:-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))"""
)
IFRAME_RE = re.compile(r"<iframe\b(?P<attrs>[^<>]*)>\s*</iframe\s*>", re.IGNORECASE)
HTML_BLOCK_RE = re.compile(
    r"^(?P<open><(?P<name>div|figure|section|article|aside|center|header|footer|p)\b)"
    r"(?P<attrs>[^<>]*)>",
    re.IGNORECASE | re.MULTILINE,
)
WIDGET_HEADING_RE = re.compile(r"^#{1,6}\s")
KRAMDOWN_TOC_RE = re.compile(r"^[ \t]*(?:[*+-]|1\.)[ \t]+[^\n]*\n[ \t]*\{:\s*toc\s*\}[ \t]*$", re.M)
KRAMDOWN_COMMENT_RE = re.compile(r"\{::comment\}.*?\{:/(?:comment)?\}|\{::options[^}]*/\}", re.S)
SAFE_FILTERS = {"escape", "xml_escape", "strip", "escape_once", "markdownify", "smartify"}


def convert_body(conversion: Conversion, context: ImportContext) -> str:
    """The document's body as Markdown for this site; notes go to `conversion`."""
    post = conversion.post
    offset = post.body_line - 1
    body = KRAMDOWN_TOC_RE.sub(lambda m: "\n" * m.group(0).count("\n"), post.body)
    body = KRAMDOWN_COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    body = outside_code(
        body, IFRAME_RE, lambda m, line: _video_iframe(m, conversion, offset + line)
    )
    body, findings = scrub_active_content(body)
    for finding in findings:
        conversion.report(offset + finding.line, finding.message)
    body = replace_site_urls(body)
    body = outside_code(body, HTML_LINK_RE, lambda m, _: _html_link(m))
    body = outside_code(body, IMG_RE, lambda m, line: _html_image(m, conversion, offset + line))
    body = outside_code(body, BLOCK_RE, lambda m, line: _block(m, conversion, offset + line))
    body = outside_code(
        body, OUTPUT_RE, lambda m, line: _output(m, conversion, context, offset + line)
    )
    links = LinkRewriter(conversion, context)
    conversion.resolve_link = links.target
    body = outside_code(body, LINK_RE, lambda m, line: links.link(m, offset + line))
    body = outside_code(body, REFERENCE_RE, lambda m, line: links.reference(m, offset + line))
    body = outside_code(
        body, TAG_RE, lambda m, line: _convert_tag(m, conversion, context, offset + line)
    )
    body = outside_code(body, LINK_RE, lambda m, _: m["text"] if MISSING in m["target"] else m[0])
    body = body.replace(MISSING, "#")
    body = outside_code(body, HTML_BLOCK_RE, lambda m, _: _markdown_inside(m))
    body = _drop_widget_heading(body)
    body, late = scrub_active_content(body)  # what a conversion might have let through
    for finding in late:
        conversion.report(post.body_line, finding.message)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def replace_site_urls(body: str) -> str:
    """`{{ site.baseurl }}/x` → `/x`; `{{ "/x" | relative_url }}` → `/x`."""
    body = re.sub(r"\{\{-?\s*site\.url\s*-?\}\}", "", body)
    body = re.sub(r"\{\{-?\s*site\.baseurl\s*-?\}\}", "", body)
    return re.sub(
        r"\{\{-?\s*[\"']([^\"']+)[\"']\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}", r"\1", body
    )


def pretix_refs(body: str) -> list[PretixRef]:
    """The events of all valid pretix widget tags in a body."""
    refs = []
    for match in TAG_RE.finditer(body):
        include = INCLUDE_RE.match(match["body"])
        if include and include["name"] == INCLUDE_NAME:
            try:
                refs.append(parse_include_args(include["args"], 1))
            except PretixTagError:
                continue
    return refs


def linked_documents(post_body: str, post: Any, context: ImportContext) -> list[Plan]:
    """The documents a body links to: `{% post_url %}`, `{% link %}` or an old URL."""
    found: list[Plan] = []
    body = replace_site_urls(post_body)
    for match in TAG_RE.finditer(body):
        parts = match["body"].split()
        if len(parts) >= 2 and parts[0] in ("post_url", "link"):
            plan = context.plan_for(parts[1])
            if plan:
                found.append(plan)
    for match in LINK_RE.finditer(body):
        target = match["target"].strip("<>")
        if "{%" in target:
            continue
        try:
            path = context.local_path(target, post)
        except NotTakenError:
            continue
        plan = context.plan_for(path) if path else None
        if plan:
            found.append(plan)
    return found


# --------------------------------------------------------------------------- step 1


def _video_iframe(match: re.Match[str], conversion: Conversion, line: int) -> str:
    attrs = html_attrs(match["attrs"])
    link = video_link(attrs.get("src", ""), attrs.get("title", ""))
    if not link:
        return match.group(0)  # any other iframe: removed by the scrub, and reported
    conversion.report(line, "eingebettetes Video als Link übernommen (nichts lädt von dort).", INFO)
    return keep_lines(match.group(0), link)


# --------------------------------------------------------------------------- step 2: HTML


def html_attrs(text: str) -> dict[str, str]:
    return {
        m["key"].lower(): html.unescape(
            next(v for v in m.group("dq", "sq", "bare") if v is not None)
        )
        for m in HTML_ATTR_RE.finditer(text)
    }


def _html_link(match: re.Match[str]) -> str:
    """A plain `<a href="…">text</a>` becomes a Markdown link, so its target is
    rewritten like every other link."""
    text = match["text"].strip() or match["href"]
    return f"[{text}]({match['href']})"


def _html_image(match: re.Match[str], conversion: Conversion, line: int) -> str:
    """`<img src alt width>` becomes a Markdown image (copied in step 5)."""
    attrs = html_attrs(match["attrs"])
    src, alt = attrs.get("src", "").strip(), attrs.get("alt", "")
    if not src:
        return keep_lines(match.group(0), safe_text(alt))
    extra = [f'{key}="{attrs[key]}"' for key in ("width", "height") if attrs.get(key, "").isdigit()]
    suffix = f"{{ {' '.join(extra)} }}" if extra else ""
    if not alt.strip():
        conversion.report(line, "Bild ohne Alternativtext: bitte in ![…] ergänzen.", INFO)
    return keep_lines(match.group(0), f"![{safe_text(alt)}]({src}){suffix}")


def _markdown_inside(match: re.Match[str]) -> str:
    """HTML blocks get `markdown`, so images and links inside them are processed."""
    if re.search(r"\bmarkdown\s*=", match["attrs"]):
        return match.group(0)
    return f'{match["open"]}{match["attrs"]} markdown="1">'


# --------------------------------------------------------------------------- step 2: blocks


def _block(match: re.Match[str], conversion: Conversion, line: int) -> str:
    tag, inner = match["tag"], match["inner"]
    if tag == "raw":  # shown as written: braces as entities, so no Liquid is left
        shown = inner.replace("{", "&#123;").replace("}", "&#125;")
        return keep_lines(match.group(0), shown)
    if tag == "highlight":
        language = (match["args"].split() or [""])[0]
        return keep_lines(match.group(0), f"```{language}{inner.rstrip()}\n```")
    if tag == "comment":
        return keep_lines(match.group(0), "")
    opening = " ".join(match.group(0)[: match.start("inner") - match.start()].split())
    conversion.report(
        line,
        f"„{opening} … {{% end{tag} %}}“ (Liquid-Logik) lässt sich nicht umwandeln: entfernt; "
        "bitte den Inhalt bei Bedarf von Hand übertragen.",
    )
    return keep_lines(match.group(0), "")


# --------------------------------------------------------------------------- step 3: {{ }}


def _output(match: re.Match[str], conversion: Conversion, context: ImportContext, line: int) -> str:
    name, *filters = [part.strip() for part in match["body"].split("|")]
    value = _variable(name, conversion, context)
    if value is not None and all(f.split(":")[0].strip() in SAFE_FILTERS for f in filters):
        return keep_lines(match.group(0), safe_text(value))
    original = " ".join(match.group(0).split())
    conversion.report(line, f"Platzhalter „{original}“ lässt sich nicht umwandeln: entfernt.")
    return keep_lines(match.group(0), "")


def _variable(name: str, conversion: Conversion, context: ImportContext) -> str | None:
    """`page.title`, `site.title`: a text value, else None."""
    scope, _, key = name.partition(".")
    if scope not in ("page", "site") or not re.fullmatch(r"[A-Za-z_][\w-]*", key):
        return None
    if scope == "page" and key == "title":
        return conversion.post.title
    source = conversion.post.meta if scope == "page" else context.config.data
    value = source.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


# --------------------------------------------------------------------------- step 4: tags


def _convert_tag(
    match: re.Match[str], conversion: Conversion, context: ImportContext, line: int
) -> str:
    body = match["body"]
    words = body.split()
    original = " ".join(match.group(0).split())
    if words and words[0] in ("post_url", "link") and len(words) >= 2:
        target, _, fragment = words[1].partition("#")
        plan = context.plan_for(target)
        if plan is None:
            conversion.report(
                line,
                f"„{original}“: dieser Beitrag wird nicht mit übernommen; nur der Linktext bleibt.",
            )
            return MISSING
        reference = f"{DOC}{plan.post.rel}" + (f"#{fragment}" if fragment else "")
        link = conversion.resolve_link(reference, False, line)
        return link or MISSING
    include = INCLUDE_RE.match(body)
    if not include:
        conversion.report(line, f"„{original}“ ist kein bekannter Baustein: entfernt.")
        return keep_lines(match.group(0), "")
    name = include["name"].strip("\"'")
    args = {
        m["key"].lower(): next(v for v in m.group("dq", "sq", "bare") if v is not None)
        for m in ARG_RE.finditer(include["args"])
    }
    if name == INCLUDE_NAME:
        return convert_pretix(include["args"], conversion, context, line)
    kind = re.sub(r"[_\s]+", "-", name.lower().removesuffix(".html").removesuffix(".liquid"))
    args[INCLUDE_KEY] = kind
    converter = INCLUDES.get(kind)
    result = converter(args, conversion, context, line) if converter else None
    if result is None:
        conversion.report(line, f"„{original}“ lässt sich nicht umwandeln: entfernt.")
        return keep_lines(match.group(0), "")
    return result


def _drop_widget_heading(body: str) -> str:
    """The event page has its own registration box: drop the marker and a heading
    right above it (such as '### Kostenlose Anmeldung')."""
    lines = body.splitlines()
    while WIDGET_MARKER in lines:
        index = lines.index(WIDGET_MARKER)
        above = index - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        start = above if above >= 0 and WIDGET_HEADING_RE.match(lines[above]) else index
        del lines[start : index + 1]
    return "\n".join(lines)
