"""The common Jekyll includes, as Markdown or this site's components.

Figures and images (`figure.html`, `image.html` …) become Markdown images (with a caption:
Material's `<figure markdown="span">`), galleries single images (from a folder or, as in
Minimal Mistakes, the page's `gallery:` list), buttons and calls to action links with
`{ .md-button }`, YouTube and Vimeo players plain links (nothing loads from there), quotes
blockquotes, and the pretix widget stays (or becomes the event's `pretix:`). Every
converter gets the include's arguments and returns Markdown, or None when it cannot
convert them (civic_site/liquid_tags.py then removes the tag and reports it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from civic_site.active_content import active_scheme
from civic_site.diagnostics import INFO
from civic_site.jekyll_conversion import Conversion, ImportContext
from civic_site.jekyll_files import IMAGE_FORMATS, NotTakenError, list_site_folder
from civic_site.jekyll_links import IMAGE_FOLDERS, safe_text
from civic_site.pretix_embed import INCLUDE_NAME, PretixTagError, parse_include_args
from civic_site.pretix_ref import PretixRef

YOUTUBE_RE = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:embed/|watch\?v=|v/|shorts/)|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_-]{6,20})"
)
VIMEO_RE = re.compile(r"vimeo\.com/(?:video/)?(?P<id>\d{4,12})")
WIDGET_MARKER = "<!-- pretix-widget -->"
INCLUDE_KEY = " include"  # the include's name among its arguments (no argument has a space)


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


def video_link(url: str, title: str = "", provider: str = "", video_id: str = "") -> str | None:
    """A plain Markdown link to a YouTube or Vimeo video (from its URL, or a provider and
    an id), or None."""
    label = f": {safe_text(title)}" if title.strip() else ""
    provider = provider.lower()
    youtube, vimeo = YOUTUBE_RE.search(url), VIMEO_RE.search(url)
    if youtube or (provider == "youtube" and re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video_id)):
        found = youtube["id"] if youtube else video_id
        return f"[Video auf YouTube{label}](https://www.youtube.com/watch?v={found})"
    if vimeo or (provider == "vimeo" and re.fullmatch(r"\d{4,12}", video_id)):
        found = vimeo["id"] if vimeo else video_id
        return f"[Video auf Vimeo{label}](https://vimeo.com/{found})"
    return None


def _arg(args: dict[str, str], *names: str) -> str:
    return next((args[n].strip() for n in names if args.get(n, "").strip()), "")


def convert_pretix(args: str, conversion: Conversion, context: ImportContext, line: int) -> str:
    try:
        ref = parse_include_args(args, line)
    except PretixTagError as exc:
        conversion.report(line, f"pretix-Widget: {exc.key}: {exc.message} Entfernt.")
        return ""
    if ref.organizer is None and context.pretix_organizer:
        ref = PretixRef(
            event=ref.event,
            organizer=context.pretix_organizer,
            items=ref.items,
            voucher=ref.voucher,
            disable_vouchers=ref.disable_vouchers,
        )
    if conversion.kind == "event" and conversion.pretix is None:
        conversion.pretix = ref  # becomes `pretix:` in the front matter
        return f"\n{WIDGET_MARKER}\n"
    return f"\n\n{pretix_tag(ref)}\n\n"


def _quote(
    args: dict[str, str], conversion: Conversion, context: ImportContext, line: int
) -> str | None:
    text = _arg(args, "text", "quote", "content")
    if not text:
        return None
    quoted = "\n".join(f"> {safe_text(row)}".rstrip() for row in text.strip().splitlines())
    author = _arg(args, "author", "cite", "name", "source")
    return f"\n\n{quoted}" + (f"\n>\n> — {safe_text(author)}" if author else "") + "\n\n"


def _button(
    args: dict[str, str], conversion: Conversion, context: ImportContext, line: int
) -> str | None:
    text = _arg(args, "text", "title", "label", "name", "btn-label")
    url = _arg(args, "url", "link", "href", "target", "btn-url")
    if not text or not url:
        return None
    if active_scheme(url):
        conversion.report(
            line,
            f"Schaltfläche „{safe_text(text)}“ mit {active_scheme(url)}-Link entfernt: "
            "aktive Inhalte werden nicht übernommen.",
        )
        return ""
    target = conversion.resolve_link(url.replace(" ", "%20"), False, line)
    return f"[{safe_text(text)}]({target}){{ .md-button }}" if target else safe_text(text)


def _video(
    args: dict[str, str], conversion: Conversion, context: ImportContext, line: int
) -> str | None:
    include = args.get(INCLUDE_KEY, "")
    provider = _arg(args, "provider", "type", "platform")
    provider = provider or (
        "youtube" if "youtube" in include else "vimeo" if "vimeo" in include else ""
    )
    video_id = _arg(args, "id", "video-id", "video_id", "video", "youtube-id", "vimeo-id")
    url = _arg(args, "url", "src", "link")
    link = video_link(url or video_id, _arg(args, "title", "caption", "name"), provider, video_id)
    if link:
        conversion.report(line, "Video als Link übernommen (nichts lädt von dort).", INFO)
    return link


def _image(
    args: dict[str, str], conversion: Conversion, context: ImportContext, line: int
) -> str | None:
    source = _arg(
        args, "image-path", "image_path", "path", "src", "url", "file", "image", "img", "name"
    )
    if not source:
        return None
    alt = _arg(args, "alt", "alt-text", "alt_text", "description", "title")
    caption = _arg(args, "caption", "text", "figcaption")
    target = _image_target(source, conversion, context, line)
    if target is None:
        return safe_text(alt or caption)
    if not alt:
        conversion.report(line, "Bild ohne Alternativtext: bitte in ![…] ergänzen.", INFO)
    width = _arg(args, "width")
    attrs = f'{{ width="{width}" }}' if width.isdigit() else ""
    image = f"![{safe_text(alt)}]({target}){attrs}"
    if not caption:
        return f"\n\n{image}\n\n"
    return _figure(image, caption)


def _image_target(
    source: str, conversion: Conversion, context: ImportContext, line: int
) -> str | None:
    """Relative link from the converted file to a copied image, or None (reported).
    Include arguments name paths from the site's root ('assets/a.png' is '/assets/a.png');
    a bare file name may also be in one of the usual image folders."""
    candidates = [source]
    if not urlsplit(source).scheme and not source.startswith("/"):
        candidates = [f"/{source}"]
        if "/" not in source:
            candidates += [f"/{folder}/{source}" for folder in IMAGE_FOLDERS]
    for index, candidate in enumerate(candidates):
        try:
            path = context.local_path(candidate, conversion.post)
        except NotTakenError as exc:
            conversion.report(line, f"Bild nicht übernommen: {exc} Nur der Alternativtext bleibt.")
            return None
        last = index == len(candidates) - 1
        if path and not last and not (context.site / path.lstrip("/")).exists():
            continue
        copied = conversion.add_image(context.site, path, source, line)
        return conversion.relative(copied) if copied else None
    return None


def _figure(images: str, caption: str) -> str:
    """Images with a caption, as Material for MkDocs writes figures (md_in_html)."""
    caption_html = f"<figcaption>{safe_text(caption)}</figcaption>"
    return f'\n\n<figure markdown="span">\n{images}\n{caption_html}\n</figure>\n\n'


def _gallery(
    args: dict[str, str], conversion: Conversion, context: ImportContext, line: int
) -> str | None:
    caption = _arg(args, "caption", "title")
    items: list[tuple[str, str]] = []  # (source, alt)
    folder = _arg(args, "folder", "path", "dir", "directory")
    if folder:
        folder = folder if folder.startswith("/") else f"/{folder}"
        try:
            path = context.local_path(folder.rstrip("/") + "/", conversion.post) or ""
            if args.get("images"):
                names = [n.strip() for n in args["images"].split(",") if n.strip()]
            else:
                files, links = list_site_folder(context.site, path)
                names = [n for n in files if PurePosixPath(n).suffix.lower() in IMAGE_FORMATS]
                for name in links:
                    conversion.report(
                        line,
                        f"Galerie: „{path.strip('/')}/{name}“ ist eine Verknüpfung (Symlink): "
                        "nicht übernommen.",
                    )
        except NotTakenError as exc:
            conversion.report(line, f"Galerie nicht übernommen: {exc}")
            return safe_text(caption)
        alt = _arg(args, "alt", "description")
        items = [(f"{path.rstrip('/')}/{name}", alt) for name in names]
    else:
        key = _arg(args, "id") or "gallery"
        listed = conversion.post.meta.get(key)
        if not isinstance(listed, list):
            return None
        for entry in listed:
            if isinstance(entry, dict):
                source = str(entry.get("image_path") or entry.get("url") or entry.get("path") or "")
                items.append((source, str(entry.get("alt") or entry.get("title") or "")))
            elif isinstance(entry, str):
                items.append((entry, ""))
    images, unnamed = [], False
    for number, (source, alt) in enumerate(items, 1):
        target = _image_target(source, conversion, context, line) if source else None
        if target:
            unnamed = unnamed or not alt
            text = alt or f"{conversion.post.title} – Bild {number}"
            images.append(f"![{safe_text(text)}]({target})")
    if unnamed:
        conversion.report(
            line,
            "Galerie: Bilder ohne Beschreibung; bitte die Alternativtexte in ![…] "
            "durch kurze Beschreibungen der Fotos ersetzen.",
        )
    if not images:
        return f"\n\n{safe_text(caption)}\n\n" if caption else ""
    if caption:
        return _figure("\n".join(images), caption)
    return "\n\n" + "\n".join(images) + "\n\n"


def _toc(args: dict[str, str], conversion: Conversion, context: ImportContext, line: int) -> str:
    conversion.report(
        line, "Inhaltsverzeichnis-Baustein entfernt (die Website zeigt eines von sich aus).", INFO
    )
    return ""


INCLUDES: dict[str, Callable[[dict[str, str], Conversion, ImportContext, int], str | None]] = {
    "quote": _quote,
    "blockquote": _quote,
    "zitat": _quote,
    "cta-button": _button,
    "cta": _button,
    "button": _button,
    "btn": _button,
    "link-button": _button,
    "call-to-action": _button,
    "youtube": _video,
    "youtube-embed": _video,
    "youtube-video": _video,
    "youtube-player": _video,
    "youtubeplayer": _video,
    "vimeo": _video,
    "vimeo-embed": _video,
    "video": _video,
    "video-embed": _video,
    "figure": _image,
    "image": _image,
    "img": _image,
    "picture": _image,
    "responsive-image": _image,
    "image-caption": _image,
    "gallery": _gallery,
    "galerie": _gallery,
    "image-gallery": _gallery,
    "toc": _toc,
}
