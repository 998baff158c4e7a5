"""Liquid in a Jekyll post's body, converted to the Markdown this site builds.

`{% include quote.html … %}` becomes a blockquote, `cta-button.html` a button link,
`youtube.html` a plain link (no embed: privacy), `gallery.html` images copied into
docs/, `{% post_url … %}` and old permalinks links to the converted files, and the
pretix widget tag stays (on pages) or moves into the event's front matter. Whatever
cannot be converted is removed and reported on the post's Conversion.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from civic_site.jekyll_conversion import IMAGE_SUFFIXES, Conversion, Plan
from civic_site.jekyll_site import permalink_key
from civic_site.pretix_embed import INCLUDE_NAME, PretixTagError, parse_include_args
from civic_site.pretix_ref import PretixRef

TAG_RE = re.compile(r"\{%-?\s*(?P<body>.*?)\s*-?%\}", re.DOTALL)
OUTPUT_RE = re.compile(r"\{\{-?\s*(?P<body>.*?)\s*-?\}\}", re.DOTALL)
INCLUDE_RE = re.compile(r"^include\s+(?P<name>\S+)(?P<args>.*)$", re.DOTALL)
ARG_RE = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"']+))"
)
POST_URL_LINK_RE = re.compile(
    r"\[(?P<text>[^\]]*)\]\(\s*\{%-?\s*post_url\s+(?P<key>\S+)\s*-?%\}\s*\)"
)
MARKDOWN_TARGET_RE = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
HEADING_RE = re.compile(r"^#{1,6}\s")
WIDGET_MARKER = "<!-- pretix-widget -->"


def convert_body(conversion: Conversion, plans: dict[str, Plan], site: Path) -> str:
    """The post's body as Markdown for this site; notes go to `conversion`."""
    body = conversion.post.body
    body = POST_URL_LINK_RE.sub(lambda m: _post_url_link(m, conversion, plans), body)
    body = replace_site_urls(body)
    body = TAG_RE.sub(lambda m: _convert_tag(m, conversion, site), body)
    body = OUTPUT_RE.sub(lambda m: _drop_output(m, conversion), body)
    body = MARKDOWN_TARGET_RE.sub(lambda m: _rewrite_target(m, conversion, plans, site), body)
    body = _drop_widget_heading(body)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def replace_site_urls(body: str) -> str:
    """`{{ site.baseurl }}/x` → `/x`; `{{ "/x" | relative_url }}` → `/x`."""
    body = re.sub(r"\{\{-?\s*site\.url\s*-?\}\}", "", body)
    body = re.sub(r"\{\{-?\s*site\.baseurl\s*-?\}\}", "", body)
    return re.sub(
        r"\{\{-?\s*[\"']([^\"']+)[\"']\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}", r"\1", body
    )


def linked_post_keys(body: str) -> list[str]:
    """Keys of the posts a body links to, by `{% post_url %}` or by their old permalink."""
    keys = [m["key"] for m in POST_URL_LINK_RE.finditer(body)]
    for match in MARKDOWN_TARGET_RE.finditer(replace_site_urls(body)):
        key = permalink_key(urlsplit(match["target"]).path)
        if key:
            keys.append(key)
    return keys


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


def pretix_tag(ref: PretixRef) -> str:
    args = [f'event="{ref.event}"']
    if ref.organizer:
        args.append(f'organizer="{ref.organizer}"')
    if ref.items:
        args.append(f'items="{",".join(str(i) for i in ref.items)}"')
    if ref.voucher:
        args.append(f'voucher="{ref.voucher}"')
    if ref.disable_vouchers:
        args.append('disable-vouchers="true"')
    return f"{{% include {INCLUDE_NAME} {' '.join(args)} %}}"


def _line_of(conversion: Conversion, fragment: str) -> int:
    index = conversion.post.body.find(fragment)
    line = conversion.post.body.count("\n", 0, index) if index >= 0 else 0
    return conversion.post.body_line + line


def _post_url_link(match: re.Match[str], conversion: Conversion, plans: dict[str, Plan]) -> str:
    target = plans.get(match["key"])
    if target is None:
        conversion.report(
            _line_of(conversion, match.group(0)),
            f"Link auf den Beitrag „{match['key']}“, der nicht mit übernommen wird: "
            "nur der Linktext bleibt.",
        )
        return match["text"]
    return f"[{match['text']}]({conversion.relative(target.docs_path)})"


def _convert_tag(match: re.Match[str], conversion: Conversion, site: Path) -> str:
    line = _line_of(conversion, match.group(0))
    include = INCLUDE_RE.match(match["body"])
    original = " ".join(match.group(0).split())
    if not include:
        conversion.report(line, f"„{original}“ ist kein bekannter Baustein: entfernt.")
        return ""
    name = include["name"].strip("\"'")
    args = {
        m["key"]: next(v for v in m.group("dq", "sq", "bare") if v is not None)
        for m in ARG_RE.finditer(include["args"])
    }
    if name == INCLUDE_NAME:
        return _convert_pretix(include["args"], conversion, line)
    if name == "quote.html" and args.get("text"):
        quoted = "\n".join(f"> {row}".rstrip() for row in args["text"].strip().splitlines())
        author = f"\n>\n> — {args['author']}" if args.get("author") else ""
        return f"\n\n{quoted}{author}\n\n"
    if name == "cta-button.html" and args.get("text") and args.get("url"):
        return f"[{args['text']}]({args['url']}){{ .md-button }}"
    if name == "youtube.html" and re.fullmatch(r"[A-Za-z0-9_-]{6,20}", args.get("id", "")):
        label = f"Video auf YouTube: {args['title']}" if args.get("title") else "Video auf YouTube"
        return f"[{label}](https://www.youtube.com/watch?v={args['id']})"
    if name == "gallery.html" and args.get("folder"):
        return _convert_gallery(args, conversion, site, line)
    conversion.report(line, f"„{original}“ lässt sich nicht umwandeln: entfernt.")
    return ""


def _convert_pretix(args: str, conversion: Conversion, line: int) -> str:
    try:
        ref = parse_include_args(args, line)
    except PretixTagError as exc:
        conversion.report(line, f"pretix-Widget: {exc.key}: {exc.message} Entfernt.")
        return ""
    if conversion.kind == "event" and conversion.pretix is None:
        conversion.pretix = ref  # becomes `pretix:` in the front matter
        return f"\n{WIDGET_MARKER}\n"
    return f"\n\n{pretix_tag(ref)}\n\n"


def _drop_widget_heading(body: str) -> str:
    """The event page has its own registration box: drop the marker and a heading
    right above it (such as '### Kostenlose Anmeldung')."""
    lines = body.splitlines()
    while WIDGET_MARKER in lines:
        index = lines.index(WIDGET_MARKER)
        above = index - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        start = above if above >= 0 and HEADING_RE.match(lines[above]) else index
        del lines[start : index + 1]
    return "\n".join(lines)


def _convert_gallery(args: dict[str, str], conversion: Conversion, site: Path, line: int) -> str:
    folder = args["folder"].strip("/")
    if args.get("images"):
        names = [n.strip() for n in args["images"].split(",") if n.strip()]
    else:
        names = sorted(
            p.name for p in (site / folder).glob("*") if p.suffix.lower() in IMAGE_SUFFIXES
        )
    images = []
    for number, name in enumerate(names, 1):
        target = conversion.add_image(site, f"/{folder}/{name}", line)
        if target:
            alt = args.get("alt") or f"{conversion.post.title} – Bild {number}"
            images.append(f"![{alt}]({conversion.relative(target)})")
    if images and not args.get("alt"):
        conversion.report(
            line,
            "Galerie: Bilder ohne Beschreibung; bitte die Alternativtexte in ![…] "
            "durch kurze Beschreibungen der Fotos ersetzen.",
        )
    return "\n\n" + "\n".join(images) + "\n\n" if images else ""


def _drop_output(match: re.Match[str], conversion: Conversion) -> str:
    original = " ".join(match.group(0).split())
    conversion.report(
        _line_of(conversion, match.group(0)),
        f"Platzhalter „{original}“ lässt sich nicht umwandeln: entfernt.",
    )
    return ""


def _rewrite_target(
    match: re.Match[str], conversion: Conversion, plans: dict[str, Plan], site: Path
) -> str:
    """Site-absolute links: images are copied, permalinks of imported posts rewritten."""
    target = match["target"]
    if not target.startswith("/") or target.startswith("//"):
        return match.group(0)
    path = urlsplit(target).path
    line = _line_of(conversion, target)
    if PurePosixPath(path).suffix.lower() in IMAGE_SUFFIXES:
        copied = conversion.add_image(site, path, line)
        if copied:
            return f"{match['image']}[{match['text']}]({conversion.relative(copied)})"
        return match.group(0)
    key = permalink_key(path)
    if key and key in plans:
        return f"{match['image']}[{match['text']}]({conversion.relative(plans[key].docs_path)})"
    conversion.report(line, f"Link „{target}“ zeigt auf die alte Website: bitte prüfen.")
    return match.group(0)
