"""Convert posts of civic Jekyll sites into this project's events and pages.

Pure logic: reads the Jekyll site (civic_site/jekyll_site.py), decides for every post
what it becomes, and returns what to write (`Conversion`s) with Diagnostics for what
could not be converted; scripts/import_jekyll_cmd.py writes the files. Posts that
announce an event (an entry in _data/events.yml, or a date, start time and place in
the text) become events/de/<slug>.md; all others pages under docs/de/beitraege/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from civic_site.diagnostics import INFO, WARNING, Diagnostic, diagnostic
from civic_site.event_model import Series
from civic_site.german_text import (
    place_from_body,
    place_from_text,
    plain_text,
    when_from_body,
    when_from_entry,
)
from civic_site.jekyll_conversion import PAGES_FOLDER, Conversion, ImportResult, Plan
from civic_site.jekyll_site import Post, read_events_data, read_posts
from civic_site.liquid_tags import convert_body, linked_post_keys, pretix_refs
from civic_site.pretix_ref import PretixRef

EVENTS_DATA = "_data/events.yml"
NEW_EVENT_HINT = "bitte von Hand anlegen (python -m scripts new-event)"


def convert_site(
    site: Path, series: dict[str, Series], default_organizer: str | None = None
) -> ImportResult:
    """Everything the import would write, with diagnostics; writes nothing."""
    posts, problems = read_posts(site)
    entries, entry_problems = read_events_data(site)
    plans, plan_problems = plan_posts(posts, entries)
    conversions = []
    for plan in plans.values():
        try:
            conversions.append(_convert(plan, plans, site, series, default_organizer))
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # Unusual front matter (a number where text belongs, …): report, don't crash.
            problems.append(plan.post.diagnostic(1, f"nicht umwandelbar ({exc!r}): übersprungen."))
    _link_recaps(conversions)
    return ImportResult(conversions, problems + entry_problems + plan_problems)


# --------------------------------------------------------------------------- the plan


def plan_posts(
    posts: list[Post], entries: list[dict[str, Any]]
) -> tuple[dict[str, Plan], list[Diagnostic]]:
    """Decide for every post: event or page, and where it goes."""
    plans: dict[str, Plan] = {}
    used_entries: set[int] = set()
    for post in posts:
        entry_index = _matching_entry(post, entries)
        plan = Plan(post, "page", f"docs/de/{PAGES_FOLDER}/{post.slug}.md")
        if entry_index is not None and not post.is_retrospective:
            used_entries.add(entry_index)
            plan.entry = entries[entry_index]
            plan.when, problem = when_from_entry(plan.entry)
            if problem:
                plan.diagnostics.append(post.diagnostic(1, f"{EVENTS_DATA}: {problem}."))
            location = str(plan.entry.get("location") or "").strip()
            plan.place = place_from_text(location) if location else None
        elif not post.is_retrospective:
            plan.when, problem = when_from_body(post.body)
            plan.place, place_problem = place_from_body(post.body)
            problem = problem or place_problem
            if problem:
                message = (
                    f"Termin oder Ort nicht eindeutig ({problem}): als Seite übernommen; "
                    f"die Veranstaltung {NEW_EVENT_HINT}."
                )
                plan.diagnostics.append(post.diagnostic(1, message))
                plan.when = None
        if plan.when and not plan.place:
            message = (
                "Termin gefunden, aber kein Ort: als Seite übernommen; "
                f"die Veranstaltung {NEW_EVENT_HINT}."
            )
            plan.diagnostics.append(post.diagnostic(1, message))
        if plan.when and plan.place:
            plan.kind, plan.target = "event", f"events/de/{post.slug}.md"
        plans[post.key] = plan
    unused = [
        diagnostic(
            EVENTS_DATA,
            1,
            "",
            f"Eintrag „{entry.get('title')}“ gehört zu keinem Beitrag: "
            "nicht übernommen (bitte mit python -m scripts new-event anlegen).",
            WARNING,
        )
        for index, entry in enumerate(entries)
        if index not in used_entries
    ]
    return plans, unused


def _matching_entry(post: Post, entries: list[dict[str, Any]]) -> int | None:
    title = _normalized(post.title)
    slugs = {ref.event for ref in pretix_refs(post.body)}
    for index, entry in enumerate(entries):
        ref = pretix_from_url(str(entry.get("booking_url") or ""))
        if ref and ref.event in slugs:
            return index
    for index, entry in enumerate(entries):
        other = _normalized(str(entry.get("title") or ""))
        if other and (other == title or title.startswith(other) or other.startswith(title)):
            return index
    return None


def _normalized(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def pretix_from_url(url: str) -> PretixRef | None:
    """https://pretix.eu/<organizer>/<event>/ → PretixRef (other shops: None)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if "pretix" not in parts.netloc or len(segments) < 2:
        return None
    return PretixRef(event=segments[1], organizer=segments[0])


# --------------------------------------------------------------------------- one post


def _convert(
    plan: Plan,
    plans: dict[str, Plan],
    site: Path,
    series: dict[str, Series],
    default_organizer: str | None,
) -> Conversion:
    post, meta = plan.post, plan.post.meta
    conversion = Conversion(post, plan.kind, plan.target, {}, "", diagnostics=[*plan.diagnostics])
    categories = post.categories
    topic = str((plan.entry or {}).get("topic") or "").strip()
    if topic and topic not in categories:
        categories.append(topic)
    teaser = str(meta.get("teaser") or meta.get("excerpt") or meta.get("description") or "").strip()
    body = convert_body(conversion, plans, site)
    if plan.kind == "event" and not teaser:
        teaser = first_sentences(body)
        conversion.report(1, "kein teaser: aus dem ersten Absatz gebildet, bitte prüfen.", INFO)
    header = _header_image(conversion, site)
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
            (s.key for s in series.values() for c in categories if c == s.name("de")), None
        )
        if series_key:
            front["series"] = series_key
    elif teaser:
        front["description"] = teaser
    if categories:
        front["categories"] = categories
    if post.authors:
        front["authors"] = post.authors
    front["date"] = str(meta.get("date") or post.date)[:10]
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


def _header_image(conversion: Conversion, site: Path) -> str | None:
    meta = conversion.post.meta
    if "header_image" not in meta:
        return None
    value = str(meta.get("header_image") or "").strip()
    if not value:
        conversion.report(1, "header_image ist leer: weggelassen.", INFO)
        return None
    return conversion.add_image(site, value)


def _link_recaps(conversions: list[Conversion]) -> None:
    """A retrospective page that links to an imported event becomes that event's recap."""
    by_key = {c.post.key: c for c in conversions}
    for conversion in conversions:
        if conversion.kind != "page" or not conversion.post.is_retrospective:
            continue
        linked = [by_key.get(key) for key in linked_post_keys(conversion.post.body)]
        events = [c for c in linked if c is not None and c.kind == "event"]
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
        event.front["recap"] = conversion.target.removeprefix("docs/de/")
