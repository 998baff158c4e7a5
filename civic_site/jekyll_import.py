"""Convert the documents of civic Jekyll sites into this project's events and pages.

Pure logic apart from reading the Jekyll site (civic_site/jekyll_config.py,
civic_site/jekyll_site.py): civic_site/jekyll_plan.py decides what each document becomes,
civic_site/liquid_tags.py converts its body, and this module assembles the front matter
and returns what to write (`Conversion`s) with Diagnostics for what could not be
converted; scripts/import_jekyll_cmd.py writes the files. Events go to
events/<lang>/<slug>.md, everything else to docs/<lang>/beitraege/. Every event names its
organizer: the imported site's (from its _config.yml, or as given).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from civic_site.diagnostics import INFO, Diagnostic
from civic_site.event_model import Series
from civic_site.german_text import plain_text
from civic_site.jekyll_config import EMAIL_RE, JekyllConfig, read_config
from civic_site.jekyll_conversion import Conversion, ImportContext, ImportResult, Plan
from civic_site.jekyll_files import NotTakenError, read_site_file
from civic_site.jekyll_plan import plan_posts, pretix_from_url
from civic_site.jekyll_site import Post, read_documents, read_events_data, url_index
from civic_site.liquid_tags import convert_body, linked_documents
from civic_site.pretix_ref import PretixRef

PRETIX_INCLUDE = "_includes/pretix-widget.html"


def convert_site(
    site: Path,
    series: dict[str, Series],
    default_organizer: str | None = None,
    *,
    organizer: dict[str, str] | None = None,
    languages: tuple[str, ...] = ("de", "en"),
    default_lang: str = "de",
) -> ImportResult:
    """Everything the import would write, with diagnostics; writes nothing.

    `default_organizer` is this project's pretix organizer (extra.pretix.organizer);
    `organizer` names who runs the imported site's events (default: its _config.yml).
    """
    site = site.resolve()
    config, problems = read_config(site)
    documents, document_problems = read_documents(site, config)
    entries, entry_problems = read_events_data(site)
    plans, plan_problems = plan_posts(documents, entries, languages, default_lang)
    pretix_organizer, pretix_problems = site_pretix_organizer(site, config)
    keys: dict[str, str] = {}
    for document in documents:
        stem = document.rel.rsplit(".", 1)[0]
        for key in (document.rel, stem, document.key, stem.removeprefix("_posts/")):
            keys.setdefault(key, document.rel)
    context = ImportContext(
        site, config, plans, default_lang, pretix_organizer, keys, url_index(documents)
    )
    site_organizer = organizer or config.organizer()
    conversions = []
    for plan in plans.values():
        try:
            conversion = _convert(plan, context, series, default_organizer)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # Unusual front matter (a number where text belongs, …): report, don't crash.
            message = f"nicht umwandelbar ({exc!r}): übersprungen."
            problems.append(plan.post.diagnostic(1, message))
            continue
        if conversion.kind == "event":
            chosen = post_organizer(conversion, plan.post) or site_organizer
            if chosen:
                conversion.front["organizer"] = chosen
        conversions.append(conversion)
    _link_recaps(conversions, context)
    found = problems + document_problems + entry_problems + plan_problems + pretix_problems
    return ImportResult(conversions, found, site_organizer)


def post_organizer(conversion: Conversion, post: Post) -> dict[str, str] | None:
    """`organizer:` in a document's own front matter (a name, or name/url/email)."""
    value = post.meta.get("organizer")
    if isinstance(value, str) and value.strip():
        return {"name": value.strip()}
    if not isinstance(value, dict) or not str(value.get("name") or "").strip():
        if value is not None:
            conversion.report(post.line_of("organizer"), "organizer: ohne name: nicht übernommen.")
        return None
    found = {"name": str(value["name"]).strip()}
    url, email = str(value.get("url") or "").strip(), str(value.get("email") or "").strip()
    if url.startswith("https://") and " " not in url:
        found["url"] = url
    if EMAIL_RE.match(email):
        found["email"] = email
    return found


def site_pretix_organizer(site: Path, config: JekyllConfig) -> tuple[str | None, list[Diagnostic]]:
    """The pretix organizer the Jekyll site's widgets use: `pretix: organizer:` in its
    _config.yml, or the one in the address its _includes/pretix-widget.html builds."""
    pretix = config.data.get("pretix")
    if isinstance(pretix, dict) and isinstance(pretix.get("organizer"), str):
        return pretix["organizer"].strip() or None, []
    try:
        text = read_site_file(site, PRETIX_INCLUDE).decode("utf-8")
    except FileNotFoundError:
        return None, []
    except (NotTakenError, UnicodeDecodeError, OSError):
        return None, []
    for match in re.finditer(
        r"https?://[^\s\"'/{}]*pretix[^\s\"'/{}]*/(?P<org>[A-Za-z0-9._-]+)/", text
    ):
        if match["org"] != "widget":
            return match["org"], []
    return None, []


# --------------------------------------------------------------------------- one post


def _convert(
    plan: Plan,
    context: ImportContext,
    series: dict[str, Series],
    default_organizer: str | None,
) -> Conversion:
    post, meta = plan.post, plan.post.meta
    conversion = Conversion(
        post, plan.kind, plan.lang, plan.slug, {}, "", diagnostics=[*plan.diagnostics]
    )
    categories = post.categories
    topic = str((plan.entry or {}).get("topic") or "").strip()
    if topic and topic not in categories:
        categories.append(topic)
    teaser = next(
        (
            " ".join(str(meta[key]).split())
            for key in ("teaser", "excerpt", "description", "summary")
            if isinstance(meta.get(key), str) and meta[key].strip()
        ),
        "",
    )
    body = convert_body(conversion, context)
    if plan.kind == "event" and not teaser:
        teaser = first_sentences(body)
        conversion.report(1, "kein teaser: aus dem ersten Absatz gebildet, bitte prüfen.", INFO)
    header = _header_image(conversion, context)
    front: dict[str, Any] = {"title": post.title}
    if plan.kind == "event":
        front["teaser"] = teaser
        assert plan.when and plan.place  # an event has both (plan_posts)
        front["start"] = plan.when.start
        if plan.when.end:
            front["end"] = plan.when.end
        if plan.when.admission:
            front["admission"] = plan.when.admission
        front["location"] = {"name": plan.place.name, "address": plan.place.address}
        if (plan.place.name or "").casefold().startswith("online"):
            conversion.report(
                1,
                "Ort „Online“ ohne Link übernommen: bitte „online: https://…“ eintragen "
                "und location entfernen.",
            )
        series_key = next(
            (s.key for s in series.values() for c in categories if c in s.names.values()), None
        )
        if series_key:
            front["series"] = series_key
    elif teaser:
        front["description"] = teaser
    if categories:
        front["categories"] = categories
    if post.authors:
        front["authors"] = post.authors
    front["date"] = post.date
    if header and plan.kind == "event":
        front["header_image"] = header
    elif header:
        body = f"![]({conversion.relative(header)})\n\n{body}"
        conversion.report(
            1,
            "Kopfbild oben in die Seite gesetzt: bitte einen Alternativtext in ![…] "
            "ergänzen (oder leer lassen, wenn es nur schmückt).",
        )
    if plan.kind == "event":
        front.update(_event_registration(conversion, plan, default_organizer))
    conversion.front = front
    conversion.body = body
    return conversion


def _event_registration(
    conversion: Conversion, plan: Plan, default_organizer: str | None
) -> dict[str, Any]:
    """`pretix:` from the first widget or a pretix booking_url, else `registration_url:`."""
    ref = conversion.pretix
    booking = str((plan.entry or {}).get("booking_url") or "").strip()
    if ref is None and booking:
        ref = pretix_from_url(booking)
        if ref is None:
            return {"registration_url": booking}
    return {"pretix": pretix_front_value(ref, default_organizer)} if ref else {}


def pretix_front_value(ref: PretixRef, default_organizer: str | None) -> Any:
    organizer = ref.organizer if ref.organizer != default_organizer else None
    if not (organizer or ref.items or ref.voucher or ref.disable_vouchers):
        return ref.event
    value: dict[str, Any] = {"event": ref.event}
    if organizer:
        value["organizer"] = organizer
    if ref.items:
        value["items"] = ",".join(str(i) for i in ref.items)
    if ref.voucher:
        value["voucher"] = ref.voucher
    if ref.disable_vouchers:
        value["disable_vouchers"] = True
    return value


def first_sentences(body: str, limit: int = 200) -> str:
    for paragraph in re.split(r"\n\s*\n", body):
        text = " ".join(plain_text(paragraph).split())
        if text and not text.startswith(("#", "!", ">", "<", "{")):
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
            if len(text) <= limit:
                return text
            cut = text[:limit].rsplit(". ", 1)[0]
            return cut if cut.endswith(".") else cut.rsplit(" ", 1)[0] + " …"
    return ""


HEADER_KEYS = ("header_image", "image", "feature_image", "featured_image", "cover", "thumbnail")


def _header_image(conversion: Conversion, context: ImportContext) -> str | None:
    """The document's header image (`header_image:`, `image:`, Minimal Mistakes'
    `header: {image: …}` …), copied; its path under docs/, or None (reported)."""
    post = conversion.post
    meta = post.meta
    header = meta.get("header")
    found = [(key, meta[key]) for key in HEADER_KEYS if key in meta]
    if isinstance(header, dict):
        found += [
            ("header", header[key]) for key in ("image", "overlay_image", "teaser") if key in header
        ]
    if not found:
        return None
    key, value = found[0]
    if isinstance(value, dict):
        value = value.get("path") or value.get("url") or ""
    value = str(value or "").strip()
    line = post.line_of(key)
    if not value:
        conversion.report(line, f"{key} ist leer: weggelassen.", INFO)
        return None
    try:
        path = context.local_path(value if "/" in value or ":" in value else f"/{value}", post)
    except NotTakenError as exc:
        conversion.report(line, f"{key}: Bild nicht übernommen: {exc} Das Kopfbild entfällt.")
        return None
    return conversion.add_image(context.site, path, value, line, key=key)


def _link_recaps(conversions: list[Conversion], context: ImportContext) -> None:
    """A retrospective page that links to an imported event becomes that event's recap."""
    by_rel = {c.post.rel: c for c in conversions}
    for conversion in conversions:
        if conversion.kind != "page" or not conversion.post.is_retrospective:
            continue
        linked = linked_documents(conversion.post.body, conversion.post, context)
        events = [
            by_rel[plan.post.rel]
            for plan in linked
            if plan.post.rel in by_rel and by_rel[plan.post.rel].kind == "event"
        ]
        if not events:
            conversion.report(
                1,
                "Rückblick ohne Link auf eine übernommene Veranstaltung: bitte bei der "
                "Veranstaltung von Hand „recap:“ eintragen.",
            )
            continue
        event = events[0]
        if "recap" in event.front:
            conversion.report(1, f"{event.target} hat schon einen Rückblick.")
            continue
        event.front["recap"] = conversion.target.removeprefix(f"docs/{conversion.lang}/")
