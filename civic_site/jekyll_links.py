"""Links and images in a converted Jekyll body, and the Markdown helpers the import's
steps share (civic_site/liquid_tags.py runs them).

`LinkRewriter` resolves every link and image target with the line it came from: images
are copied (checked by civic_site/jekyll_files.py) or leave their alt text, old permalinks
and `{% post_url %}`/`{% link %}` become relative links to the converted files (in the
linking page's language), other links to the old site absolute ones, and anchors that no
heading has lose their link, so the imported pages build with --strict.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from markdown.extensions.toc import slugify as toc_slugify

from civic_site.active_content import active_scheme
from civic_site.diagnostics import INFO
from civic_site.jekyll_conversion import Conversion, ImportContext
from civic_site.jekyll_files import IMAGE_FORMATS, NotTakenError
from civic_site.pretix_embed import mask_code

LINK_RE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\](?:\([^()\n]*\))?)*)\]"
    r"\(\s*(?P<target><[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)(?P<title>\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
REFERENCE_RE = re.compile(
    r"^(?P<lead> {0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*)(?P<target><[^>\n]*>|\S+)(?P<rest>[^\n]*)$",
    re.MULTILINE,
)
HEADING_RE = re.compile(r"^#{1,6}\s+(?P<text>.*?)(?:\s+#+)?\s*$", re.MULTILINE)
MISSING = "jekyll-missing:"  # a link to a document that is not imported: only its text stays
DOC = "\x00doc:"  # target prefix: a document of the import, by its path in the Jekyll site
MARKDOWN_SUFFIXES_TUPLE = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
IMAGE_FOLDERS = ("assets/images", "assets/img", "images", "img")


def outside_code(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str], int], str]
) -> str:
    """`pattern` replaced outside code spans and fenced code; `replace` gets the match
    (on the text itself) and its 1-based line."""
    masked = mask_code(text)
    pieces, position = [], 0
    for found in pattern.finditer(masked):
        match = pattern.match(text, found.start(), found.end())
        if match is None or match.end() != found.end():
            continue
        line = text.count("\n", 0, match.start()) + 1
        pieces += [text[position : match.start()], replace(match, line)]
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def keep_lines(original: str, replacement: str) -> str:
    """`replacement`, padded with line breaks to as many lines as `original` had."""
    return replacement + "\n" * max(original.count("\n") - replacement.count("\n"), 0)


def safe_text(value: str) -> str:
    """Text from an include argument or front matter, safe in Markdown and HTML."""
    return (
        html.escape(" ".join(str(value).split()), quote=False).replace("[", "(").replace("]", ")")
    )


def heading_ids(markdown: str) -> dict[str, str]:
    """Every form an anchor to a heading may have been written in → the id this site's
    Markdown gives it (kramdown and Python-Markdown slugify differently)."""
    ids: dict[str, str] = {}
    for match in HEADING_RE.finditer(mask_code(markdown)):
        text = match["text"]
        explicit = re.search(r"\{[:\s]*#([\w-]+)[^}]*\}\s*$", text)
        if explicit:
            ids[explicit[1]] = explicit[1]
            continue
        plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text)
        own = toc_slugify(plain, "-")
        kramdown = re.sub(r"[^a-z0-9 -]", "", plain.lower()).strip().replace(" ", "-")
        for form in (own, kramdown, toc_slugify(html.unescape(plain), "-"), plain.lower()):
            ids.setdefault(form, own)
    for match in re.finditer(r"\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", markdown):
        ids.setdefault(match[1], match[1])
    return ids


class LinkRewriter:
    """Step 5: link and image targets of one body, each with the line it came from."""

    def __init__(self, conversion: Conversion, context: ImportContext) -> None:
        self.conversion, self.context = conversion, context
        self.anchors = heading_ids(conversion.post.body)

    def link(self, match: re.Match[str], line: int) -> str:
        text = match["text"]
        if not match["image"]:
            text = outside_code(text, LINK_RE, lambda m, _: self.link(m, line))
        target = match["target"].strip("<>")
        title = match["title"] or ""
        is_image = bool(match["image"])
        if is_image and self.external(target):
            self.conversion.report(
                line,
                f"Bild von einer anderen Website („{target}“) als Link übernommen: "
                "diese Website lädt nichts von anderen Servern.",
            )
            return f"[{text or target}]({target}{title})"
        new = self.target(target, is_image or _is_image(target), line)
        if new is None:
            return text
        return f"{match['image']}[{text}]({new}{title})"

    def external(self, target: str) -> bool:
        try:
            scheme = urlsplit(target).scheme
            return scheme in ("http", "https") and (
                self.context.local_path(target, self.conversion.post) is None
            )
        except (NotTakenError, ValueError):
            return False

    def reference(self, match: re.Match[str], line: int) -> str:
        target = match["target"].strip("<>")
        new = self.target(target, _is_image(target), line)
        if new is None:
            return ""
        return f"{match['lead']}{new}{match['rest']}"

    def target(self, target: str, is_image: bool, line: int) -> str | None:
        """The rewritten target, or None when only the text (or alt text) should stay."""
        conversion, context = self.conversion, self.context
        if target.startswith(DOC):
            return self.document(target.removeprefix(DOC), line)
        if target.startswith("#"):
            return self.anchor(target, line)
        if "{%" in target or "{{" in target or active_scheme(target):
            return target  # Liquid is converted next; the scrub has reported the rest
        try:
            path = context.local_path(target, conversion.post)
        except NotTakenError as exc:
            what = "Bild" if is_image else "Link"
            conversion.report(line, f"{what} nicht übernommen: {exc} Nur der Text bleibt.")
            return None
        except ValueError:
            conversion.report(
                line, f"Link „{target}“ ist keine gültige Adresse: nur der Text bleibt."
            )
            return None
        if path is None:
            return None if is_image else target
        if is_image or _is_image(path):
            copied = conversion.add_image(context.site, path, target, line)
            return conversion.relative(copied) if copied else None
        plan = None
        if path.lower().endswith(MARKDOWN_SUFFIXES_TUPLE):  # jekyll-relative-links
            source_dir = posixpath.dirname(conversion.post.rel)
            resolved = posixpath.normpath(posixpath.join(source_dir, urlsplit(target).path))
            plan = context.plans.get(resolved.lstrip("/"))
        plan = plan or context.plan_for(path)
        if plan:
            return self.document(f"{plan.post.rel}{_fragment(target)}", line)
        return self.old_site(target, path, line)

    def document(self, reference: str, line: int) -> str | None:
        rel, _, fragment = reference.partition("#")
        plan = self.context.plans.get(rel)
        conversion = self.conversion
        if plan is None:
            return None
        docs_path = plan.docs_path(conversion.lang, self.context.default_lang)
        if docs_path is None:
            conversion.report(
                line,
                f"Link auf „{plan.post.title}“: die Seite gibt es nur auf {plan.lang}; "
                "nur der Linktext bleibt.",
            )
            return None
        link = conversion.relative(docs_path)
        if fragment:
            ids = heading_ids(plan.post.body)
            if fragment in ids:
                return f"{link}#{ids[fragment]}"
            conversion.report(
                line,
                f"Sprungmarke „#{fragment}“ gibt es in „{plan.post.title}“ nicht mehr: "
                "Link auf den Anfang der Seite.",
                INFO,
            )
        return link

    def anchor(self, target: str, line: int) -> str | None:
        fragment = target[1:]
        if fragment in self.anchors:
            return f"#{self.anchors[fragment]}"
        if fragment:
            self.conversion.report(
                line,
                f"Sprungmarke „{target}“ passt zu keiner Überschrift: nur der Linktext bleibt.",
            )
        return None

    def old_site(self, target: str, path: str, line: int) -> str | None:
        base = self.context.config.base_url
        if base:
            fragment = _fragment(target)
            absolute = urljoin(base, path.lstrip("/")) + fragment
            self.conversion.report(
                line,
                f"Link „{target}“ zeigt auf die alte Website: als {absolute} übernommen; "
                "bitte prüfen, ob es die Seite dort weiter gibt.",
            )
            return absolute
        self.conversion.report(
            line,
            f"Link „{target}“ zeigt auf die alte Website, deren Adresse (url: in _config.yml) "
            "unbekannt ist: nur der Linktext bleibt.",
        )
        return None


def _fragment(target: str) -> str:
    fragment = urlsplit(target).fragment
    return f"#{fragment}" if fragment else ""


def _is_image(target: str) -> bool:
    return PurePosixPath(urlsplit(target).path).suffix.lower() in IMAGE_FORMATS
