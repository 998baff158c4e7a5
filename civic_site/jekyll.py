"""Convert posts of civic Jekyll sites into this project's events and pages.

Pure logic: reads the Jekyll site, returns what to write (`Conversion`) and what could
not be converted (`Note`); scripts/import_jekyll_cmd.py writes the files. Posts that
announce an event (an entry in _data/events.yml, or a date and start time in the text)
become events/de/<slug>.md; all others become pages under docs/de/beitraege/.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from civic_site.events import Series
from civic_site.frontmatter import FrontMatterError, TextDatesLoader, parse_document
from civic_site.pretix_embed import INCLUDE_NAME, PretixTagError, parse_include_args
from civic_site.pretix_ref import PretixRef
from civic_site.slugs import slugify

PAGES_FOLDER = "beitraege"  # under docs/de/
IMAGES_FOLDER = "assets/images/imported"  # under docs/
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")
POST_NAME_RE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<name>.+)\.(?:md|markdown)$")
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
PERMALINK_RE = re.compile(r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/(?P<name>[^/]+?)(?:\.html|/)?$")
RETROSPECTIVE_RE = re.compile(r"rückblick|rueckblick|nachlese|nachbericht|recap", re.IGNORECASE)
HEADING_RE = re.compile(r"^#{1,6}\s")

WEEKDAYS = "Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag"
MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5,
    "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
    "dezember": 12,
}  # fmt: skip
LONG_DATE_RE = re.compile(
    rf"(?P<weekday>(?:{WEEKDAYS}),?\s+)?(?P<day>\d{{1,2}})\.\s*(?P<month>{'|'.join(MONTHS)})"
    r"\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
CLOCK = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?:Uhr)?"
LABELLED_TIME_RE = {
    "start": re.compile(rf"\b(?:Beginn|Start|Los geht'?s)\s*:?\s*(?:um\s+)?{CLOCK}", re.I),
    "end": re.compile(rf"\bEnde\s*:?\s*(?:um\s+|gegen\s+)?{CLOCK}", re.I),
    "admission": re.compile(rf"\bEinlass\s*:?\s*(?:ab\s+)?{CLOCK}", re.I),
}
TIME_RANGE_RE = re.compile(
    r"(?P<h1>\d{1,2})[:.](?P<m1>\d{2})\s*(?:Uhr)?\s*(?:–|-|bis)\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2})"
    r"\s*Uhr"
)
POSTCODE_RE = re.compile(r"\b\d{5}\b")


@dataclass(frozen=True)
class Note:
    """Something the editor has to look at: `source:line: message`."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass
class Post:
    path: Path
    rel: str  # relative to the Jekyll site, e.g. _posts/2025-11-04-x.md
    key: str  # what post_url uses: 2025-11-04-x
    date: str
    slug: str
    meta: dict[str, Any]
    body: str
    body_line: int

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.slug)


@dataclass
class When:
    start: str  # '2025-11-18 16:30'
    end: str | None = None  # '18:00' or '2025-11-19 10:00'
    admission: str | None = None


@dataclass
class Place:
    name: str | None = None
    address: str | None = None


@dataclass
class Conversion:
    post: Post
    kind: str  # 'event' or 'page'
    target: str  # relative to the project root
    front: dict[str, Any]
    body: str
    images: list[tuple[Path, str]] = field(default_factory=list)  # (source, target in project)
    notes: list[Note] = field(default_factory=list)
    pretix: PretixRef | None = None  # the event's registration, from its first pretix widget

    @property
    def base(self) -> str:
        """Folder (relative to docs/) that links in this file are resolved from."""
        return "de/events" if self.kind == "event" else f"de/{PAGES_FOLDER}"

    def text(self) -> str:
        return f"---\n{dump_front_matter(self.front)}---\n\n{self.body.strip()}\n"


@dataclass
class ImportResult:
    conversions: list[Conversion]
    notes: list[Note]  # notes not tied to one conversion (unreadable posts, events.yml)


# --------------------------------------------------------------------------- reading


def read_posts(site: Path) -> tuple[list[Post], list[Note]]:
    posts, notes = [], []
    for path in sorted((site / "_posts").rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        match = POST_NAME_RE.match(path.name)
        if not match:
            if path.suffix in (".md", ".markdown"):
                notes.append(
                    Note(rel, 1, "Dateiname ohne Datum (JJJJ-MM-TT-name.md): übersprungen.")
                )
            continue
        try:
            document = parse_document(path.read_text(encoding="utf-8"))
        except FrontMatterError as exc:
            notes.append(Note(rel, exc.line, f"{exc.message} Übersprungen."))
            continue
        except UnicodeDecodeError:
            notes.append(Note(rel, 1, "nicht als UTF-8 gespeichert: übersprungen."))
            continue
        key = path.name.rsplit(".", 1)[0]
        slug = slugify(match["name"]) or slugify(str(document.meta.get("title", ""))) or "beitrag"
        posts.append(
            Post(
                path,
                rel,
                key,
                match["date"],
                slug,
                document.meta,
                document.body,
                document.body_line,
            )
        )
    return posts, notes


def read_events_data(site: Path) -> tuple[list[dict[str, Any]], list[Note]]:
    """Entries of _data/events.yml (or .yaml); dates and times stay text."""
    for name in ("events.yml", "events.yaml"):
        path = site / "_data" / name
        if path.is_file():
            break
    else:
        return [], []
    rel = path.relative_to(site).as_posix()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TextDatesLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Note(rel, mark.line + 1 if mark else 1, "kein gültiges YAML: nicht gelesen.")]
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        return [], [Note(rel, 1, "erwartet eine Liste von Einträgen (- title: …): nicht gelesen.")]
    return data, []


# --------------------------------------------------------------------------- dates and places


def parse_clock(text: str) -> str | None:
    match = re.match(rf"^\s*{CLOCK}\s*$", str(text))
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def parse_date_text(text: str) -> date | None:
    """'2025-11-18', '18.11.2025' or '18. November 2025' → date."""
    text = str(text).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    numeric = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", text)
    long_form = LONG_DATE_RE.search(text)
    try:
        if numeric:
            return date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
        if long_form:
            month = MONTHS[long_form["month"].lower()]
            return date(int(long_form["year"]), month, int(long_form["day"]))
    except ValueError:
        return None
    return None


def parse_duration(value: Any) -> timedelta | None:
    """120 (minutes), '90 min', '2 h', '1,5 Stunden', '1:30' → timedelta."""
    if isinstance(value, int) and not isinstance(value, bool):
        return timedelta(minutes=value)
    text = str(value).strip().lower().replace(",", ".")
    clock = re.match(r"^(\d{1,2}):(\d{2})$", text)
    if clock:
        return timedelta(hours=int(clock[1]), minutes=int(clock[2]))
    match = re.match(r"^(\d+(?:\.\d+)?)\s*(min|minuten|m|h|std|stunden?|hours?)?\.?$", text)
    if not match:
        return None
    amount = float(match[1])
    unit = match[2] or "min"
    return timedelta(hours=amount) if unit.startswith(("h", "s")) else timedelta(minutes=amount)


def end_text(start: datetime, end: datetime) -> str:
    """'18:00' on the same day, else '2025-11-19 10:00'."""
    if end.date() == start.date():
        return end.strftime("%H:%M")
    return end.strftime("%Y-%m-%d %H:%M")


def when_from_entry(entry: dict[str, Any]) -> tuple[When | None, str | None]:
    """Start/end from an events.yml entry; the second value explains a failure."""
    day = parse_date_text(str(entry.get("date", "")))
    if not day:
        return None, f"Datum „{entry.get('date')}“ nicht lesbar"
    time_text = str(entry.get("time") or "").strip()
    if not time_text:
        return When(start=day.isoformat()), None
    time_range = TIME_RANGE_RE.search(time_text + " Uhr")
    if time_range:
        start_clock = f"{int(time_range['h1']):02d}:{time_range['m1']}"
        end_clock: str | None = f"{int(time_range['h2']):02d}:{time_range['m2']}"
    else:
        start_clock, end_clock = parse_clock(time_text), None
    if not start_clock:
        return None, f"Uhrzeit „{time_text}“ nicht lesbar"
    start = datetime.fromisoformat(f"{day.isoformat()} {start_clock}")
    if end_clock is None and entry.get("duration") not in (None, ""):
        duration = parse_duration(entry["duration"])
        if duration is None:
            return None, f"Dauer „{entry['duration']}“ nicht lesbar"
        end_clock = end_text(start, start + duration)
    return When(start=f"{day.isoformat()} {start_clock}", end=end_clock), None


def plain_text(markdown: str) -> str:
    """Markdown without emphasis and line-break tags, for reading dates and places."""
    text = re.sub(r"<br\s*/?>", "\n", markdown, flags=re.IGNORECASE)
    return re.sub(r"(\*\*|__|\*|_)(?=\S)|(?<=\S)(\*\*|__|\*|_)", "", text)


def when_from_body(body: str) -> tuple[When | None, str | None]:
    """Date and times written out in German, used only when they are unambiguous."""
    text = plain_text(body)
    dated = [m for m in LONG_DATE_RE.finditer(text)]
    with_weekday = [m for m in dated if m["weekday"]] or dated
    days = {parse_date_text(m.group(0)) for m in with_weekday} - {None}
    if not days:
        return None, None
    if len(days) > 1:
        listed = ", ".join(sorted(d.strftime("%d.%m.%Y") for d in days))  # type: ignore[union-attr]
        return None, f"mehrere Termine im Text ({listed})"
    day = days.pop()
    found: dict[str, str | None] = {}
    for key, pattern in LABELLED_TIME_RE.items():
        clocks = {f"{int(m['hour']):02d}:{m['minute']}" for m in pattern.finditer(text)}
        if len(clocks) > 1:
            return None, f"mehrere Angaben für {key} im Text"
        found[key] = clocks.pop() if clocks else None
    if not found["start"]:
        ranges = {
            (f"{int(m['h1']):02d}:{m['m1']}", f"{int(m['h2']):02d}:{m['m2']}")
            for m in TIME_RANGE_RE.finditer(text)
        }
        if len(ranges) == 1:
            found["start"], range_end = ranges.pop()
            found["end"] = found["end"] or range_end
    if not found["start"]:
        return None, f"Datum {day.strftime('%d.%m.%Y')} gefunden, aber keine Uhrzeit für den Beginn"
    return When(f"{day.isoformat()} {found['start']}", found["end"], found["admission"]), None


def place_from_text(text: str) -> Place:
    """'Innovation Office, Alter Markt 13, 33602 Bielefeld' → name + address."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 3:
        return Place(parts[0], ", ".join(parts[1:]))
    if POSTCODE_RE.search(text):
        return Place(None, ", ".join(parts))
    return Place(text.strip() or None, None)


def place_from_body(body: str) -> tuple[Place | None, str | None]:
    """A line that is all bold (or starts with 'Ort:') and contains a postcode."""
    candidates = set()
    for line in body.splitlines():
        stripped = line.strip().removesuffix("<br>").strip()
        bold = re.fullmatch(r"\*\*(.+?)\*\*", stripped)
        labelled = re.match(r"^(?:\*\*)?Ort:?(?:\*\*)?:?\s*(.+)$", stripped)
        text = bold[1] if bold else labelled[1] if labelled else None
        if text and POSTCODE_RE.search(text):
            candidates.add(plain_text(text).strip())
    if len(candidates) > 1:
        return None, "mehrere Adressen im Text"
    return (place_from_text(candidates.pop()), None) if candidates else (None, None)


# --------------------------------------------------------------------------- front matter


def as_list(value: Any) -> list[str]:
    """Jekyll accepts a list or a space-separated string for categories."""
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return str(value).split()


def authors_of(meta: dict[str, Any]) -> list[str]:
    authors = meta.get("authors")
    if authors:
        return [str(a) for a in authors] if isinstance(authors, list) else [str(authors)]
    return [str(meta["author"])] if meta.get("author") else []


def yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return (
        yaml.safe_dump(str(value), allow_unicode=True, default_style='"', width=10_000)
        .split("\n...", 1)[0]
        .strip()
    )


def dump_front_matter(front: dict[str, Any]) -> str:
    """YAML in a fixed key order, every text quoted (editors read and edit this)."""
    lines = []
    for key, value in front.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {yaml_scalar(v)}" for k, v in value.items() if v not in (None, "")]
        elif isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {yaml_scalar(v)}" for v in value]
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    return "\n".join(lines) + "\n"


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


def pretix_from_url(url: str) -> PretixRef | None:
    """https://pretix.eu/<organizer>/<event>/ → PretixRef (other shops: None)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if "pretix" not in parts.netloc or len(segments) < 2:
        return None
    return PretixRef(event=segments[1], organizer=segments[0])


# --------------------------------------------------------------------------- the import


@dataclass
class Plan:
    post: Post
    kind: str
    target: str
    when: When | None = None
    place: Place | None = None
    entry: dict[str, Any] | None = None
    notes: list[Note] = field(default_factory=list)


def plan_posts(
    posts: list[Post], entries: list[dict[str, Any]]
) -> tuple[dict[str, Plan], list[Note]]:
    """Decide for every post: event or page, and where it goes."""
    plans: dict[str, Plan] = {}
    used_entries: set[int] = set()
    for post in posts:
        note = _note_maker(post)
        entry_index = _matching_entry(post, entries)
        retrospective = bool(
            RETROSPECTIVE_RE.search(post.title)
            or any(RETROSPECTIVE_RE.search(c) for c in as_list(post.meta.get("categories")))
        )
        plan = Plan(post, "page", f"docs/de/{PAGES_FOLDER}/{post.slug}.md")
        if entry_index is not None and not retrospective:
            used_entries.add(entry_index)
            plan.entry = entries[entry_index]
            plan.when, problem = when_from_entry(plan.entry)
            if problem:
                plan.notes.append(note(1, f"_data/events.yml: {problem}."))
            location = str(plan.entry.get("location") or "").strip()
            plan.place = place_from_text(location) if location else None
        elif not retrospective:
            plan.when, problem = when_from_body(post.body)
            plan.place, place_problem = place_from_body(post.body)
            problem = problem or place_problem
            if problem:
                plan.notes.append(
                    note(
                        1,
                        f"Termin oder Ort nicht eindeutig ({problem}): als Seite übernommen; "
                        "die Veranstaltung bitte von Hand anlegen (python -m scripts new-event).",
                    )
                )
                plan.when = None
        if plan.when and not plan.place:
            plan.notes.append(
                note(
                    1,
                    "Termin gefunden, aber kein Ort: als Seite übernommen; die Veranstaltung "
                    "bitte von Hand anlegen (python -m scripts new-event).",
                )
            )
        if plan.when and plan.place:
            plan.kind, plan.target = "event", f"events/de/{post.slug}.md"
        plans[post.key] = plan
    notes = [
        Note(
            "_data/events.yml",
            1,
            f"Eintrag „{entry.get('title')}“ gehört zu keinem Beitrag: "
            "nicht übernommen (bitte mit python -m scripts new-event anlegen).",
        )
        for index, entry in enumerate(entries)
        if index not in used_entries
    ]
    return plans, notes


def _matching_entry(post: Post, entries: list[dict[str, Any]]) -> int | None:
    title = _normalized(post.title)
    slugs = {ref.event for ref in _pretix_refs(post.body)}
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


def _pretix_refs(body: str) -> list[PretixRef]:
    refs = []
    for match in TAG_RE.finditer(body):
        include = INCLUDE_RE.match(match["body"])
        if include and include["name"] == INCLUDE_NAME:
            try:
                refs.append(parse_include_args(include["args"], 1))
            except PretixTagError:
                continue
    return refs


def _note_maker(post: Post):  # noqa: ANN202 - a small closure factory
    def note(line: int, message: str) -> Note:
        return Note(post.rel, line, message)

    return note


def convert_site(
    site: Path, series: dict[str, Series], default_organizer: str | None = None
) -> ImportResult:
    """Everything the import would write, with notes; writes nothing."""
    posts, notes = read_posts(site)
    entries, entry_notes = read_events_data(site)
    plans, plan_notes = plan_posts(posts, entries)
    conversions = []
    for plan in plans.values():
        try:
            conversions.append(_convert(plan, plans, site, series, default_organizer))
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # Unusual front matter (a number where text belongs, …): report, don't crash.
            notes.append(Note(plan.post.rel, 1, f"nicht umwandelbar ({exc!r}): übersprungen."))
    _link_recaps(conversions, plans)
    return ImportResult(conversions, notes + entry_notes + plan_notes)


def _convert(
    plan: Plan,
    plans: dict[str, Plan],
    site: Path,
    series: dict[str, Series],
    default_organizer: str | None,
) -> Conversion:
    post, meta = plan.post, plan.post.meta
    conversion = Conversion(post, plan.kind, plan.target, {}, "", notes=list(plan.notes))
    note = _note_maker(post)
    categories = as_list(meta.get("categories") or meta.get("category"))
    topic = str((plan.entry or {}).get("topic") or "").strip()
    if topic and topic not in categories:
        categories.append(topic)
    teaser = str(meta.get("teaser") or meta.get("excerpt") or meta.get("description") or "").strip()
    body = _convert_body(conversion, plans, site, default_organizer)
    if plan.kind == "event" and not teaser:
        teaser = first_sentences(body)
        conversion.notes.append(
            note(1, "kein teaser: aus dem ersten Absatz gebildet, bitte prüfen.")
        )
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
            conversion.notes.append(
                note(
                    1,
                    "Ort „Online“ ohne Link übernommen: bitte „online: https://…“ eintragen "
                    "und location entfernen.",
                )
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
    if authors_of(meta):
        front["authors"] = authors_of(meta)
    front["date"] = str(meta.get("date") or post.date)[:10]
    if header and plan.kind == "event":
        front["header_image"] = header
    elif header:
        relative = posixpath.relpath(header, conversion.base)
        body = f"![]({relative})\n\n{body}"
        conversion.notes.append(
            note(
                1,
                "Kopfbild oben in die Seite gesetzt: bitte einen Alternativtext in ![…] "
                "ergänzen (oder leer lassen, wenn es nur schmückt).",
            )
        )
    if plan.kind == "event":
        refs = _event_pretix(conversion, plan, default_organizer)
        if refs is not None:
            front.update(refs)
    conversion.front = front
    conversion.body = body
    return conversion


def _event_pretix(
    conversion: Conversion, plan: Plan, default_organizer: str | None
) -> dict[str, Any] | None:
    ref = conversion.pretix
    booking = str((plan.entry or {}).get("booking_url") or "").strip()
    if ref is None and booking:
        ref = pretix_from_url(booking)
        if ref is None:
            return {"registration_url": booking}
    return {"pretix": pretix_front_value(ref, default_organizer)} if ref else None


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
    meta, note = conversion.post.meta, _note_maker(conversion.post)
    if "header_image" not in meta:
        return None
    value = str(meta.get("header_image") or "").strip()
    if not value:
        conversion.notes.append(note(1, "header_image ist leer: weggelassen."))
        return None
    return _copy_image(conversion, site, value, note)


def _copy_image(conversion: Conversion, site: Path, reference: str, note) -> str | None:  # noqa: ANN001
    """Plan copying an image of the Jekyll site; returns its path under docs/."""
    path = urlsplit(reference).path
    source = site / path.lstrip("/")
    if urlsplit(reference).scheme or not source.is_file():
        conversion.notes.append(
            note(1, f"Bild „{reference}“ nicht in der Jekyll-Site gefunden: nicht übernommen.")
        )
        return None
    target = f"{IMAGES_FOLDER}/{conversion.post.slug}/{source.name}"
    if (source, f"docs/{target}") not in conversion.images:
        conversion.images.append((source, f"docs/{target}"))
    return target


# --------------------------------------------------------------------------- the body


def _convert_body(
    conversion: Conversion, plans: dict[str, Plan], site: Path, default_organizer: str | None
) -> str:
    post = conversion.post
    body = post.body
    body = POST_URL_LINK_RE.sub(lambda m: _post_url_link(m, conversion, plans), body)
    body = _replace_site_urls(body)
    body = TAG_RE.sub(lambda m: _convert_tag(m, conversion, site, default_organizer), body)
    body = OUTPUT_RE.sub(lambda m: _drop_output(m, conversion), body)
    body = MARKDOWN_TARGET_RE.sub(lambda m: _rewrite_target(m, conversion, plans, site), body)
    body = _drop_widget_heading(body)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def _line_of(conversion: Conversion, fragment: str) -> int:
    index = conversion.post.body.find(fragment)
    line = conversion.post.body.count("\n", 0, index) if index >= 0 else 0
    return conversion.post.body_line + line


def _post_url_link(match: re.Match[str], conversion: Conversion, plans: dict[str, Plan]) -> str:
    target = plans.get(match["key"])
    if target is None:
        conversion.notes.append(
            Note(
                conversion.post.rel,
                _line_of(conversion, match.group(0)),
                f"Link auf den Beitrag „{match['key']}“, der nicht mit übernommen wird: "
                "nur der Linktext bleibt.",
            )
        )
        return match["text"]
    return f"[{match['text']}]({_relative_to(conversion, target)})"


def _relative_to(conversion: Conversion, plan: Plan) -> str:
    """Link from the converted file to another converted post (as MkDocs resolves it)."""
    if plan.kind == "event":
        docs_path = f"de/events/{plan.post.slug}.md"
    else:
        docs_path = plan.target.removeprefix("docs/")
    return posixpath.relpath(docs_path, conversion.base)


def _replace_site_urls(body: str) -> str:
    """`{{ site.baseurl }}/x` → `/x`; `{{ "/x" | relative_url }}` → `/x`."""
    body = re.sub(r"\{\{-?\s*site\.url\s*-?\}\}", "", body)
    body = re.sub(r"\{\{-?\s*site\.baseurl\s*-?\}\}", "", body)
    return re.sub(
        r"\{\{-?\s*[\"']([^\"']+)[\"']\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}", r"\1", body
    )


def _convert_tag(
    match: re.Match[str], conversion: Conversion, site: Path, default_organizer: str | None
) -> str:
    line = _line_of(conversion, match.group(0))
    note = _note_maker(conversion.post)
    include = INCLUDE_RE.match(match["body"])
    original = " ".join(match.group(0).split())
    if not include:
        conversion.notes.append(note(line, f"„{original}“ ist kein bekannter Baustein: entfernt."))
        return ""
    name = include["name"].strip("\"'")
    args = {
        m["key"]: next(v for v in m.group("dq", "sq", "bare") if v is not None)
        for m in ARG_RE.finditer(include["args"])
    }
    if name == INCLUDE_NAME:
        return _convert_pretix(include["args"], conversion, line, default_organizer)
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
    conversion.notes.append(note(line, f"„{original}“ lässt sich nicht umwandeln: entfernt."))
    return ""


def _convert_pretix(
    args: str, conversion: Conversion, line: int, default_organizer: str | None
) -> str:
    note = _note_maker(conversion.post)
    try:
        ref = parse_include_args(args, line)
    except PretixTagError as exc:
        conversion.notes.append(note(line, f"pretix-Widget: {exc.key}: {exc.message} Entfernt."))
        return ""
    if conversion.kind == "event" and conversion.pretix is None:
        conversion.pretix = ref  # becomes `pretix:` in the front matter
        return "\n<!-- pretix-widget -->\n"
    return f"\n\n{pretix_tag(ref)}\n\n"


def _drop_widget_heading(body: str) -> str:
    """The event page has its own registration box: drop the marker and a heading
    right above it (such as '### Kostenlose Anmeldung')."""
    lines = body.splitlines()
    while "<!-- pretix-widget -->" in lines:
        index = lines.index("<!-- pretix-widget -->")
        above = index - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        start = above if above >= 0 and HEADING_RE.match(lines[above]) else index
        del lines[start : index + 1]
    return "\n".join(lines)


def _convert_gallery(args: dict[str, str], conversion: Conversion, site: Path, line: int) -> str:
    note = _note_maker(conversion.post)
    folder = args["folder"].strip("/")
    if args.get("images"):
        names = [n.strip() for n in args["images"].split(",") if n.strip()]
    else:
        names = sorted(
            p.name for p in (site / folder).glob("*") if p.suffix.lower() in IMAGE_SUFFIXES
        )
    images = []
    for number, name in enumerate(names, 1):
        target = _copy_image(conversion, site, f"/{folder}/{name}", lambda _l, m: note(line, m))
        if target:
            alt = args.get("alt") or f"{conversion.post.title} – Bild {number}"
            images.append(f"![{alt}]({posixpath.relpath(target, conversion.base)})")
    if images and not args.get("alt"):
        conversion.notes.append(
            note(
                line,
                "Galerie: Bilder ohne Beschreibung; bitte die Alternativtexte in ![…] "
                "durch kurze Beschreibungen der Fotos ersetzen.",
            )
        )
    return "\n\n" + "\n".join(images) + "\n\n" if images else ""


def _drop_output(match: re.Match[str], conversion: Conversion) -> str:
    original = " ".join(match.group(0).split())
    conversion.notes.append(
        Note(
            conversion.post.rel,
            _line_of(conversion, match.group(0)),
            f"Platzhalter „{original}“ lässt sich nicht umwandeln: entfernt.",
        )
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
    note = _note_maker(conversion.post)
    line = _line_of(conversion, target)
    if PurePosixPath(path).suffix.lower() in IMAGE_SUFFIXES:
        copied = _copy_image(conversion, site, path, lambda _l, m: note(line, m))
        if copied:
            return (
                f"{match['image']}[{match['text']}]({posixpath.relpath(copied, conversion.base)})"
            )
        return match.group(0)
    permalink = PERMALINK_RE.search(path)
    if permalink:
        key = f"{permalink['y']}-{permalink['m']}-{permalink['d']}-{permalink['name']}"
        if key in plans:
            return f"{match['image']}[{match['text']}]({_relative_to(conversion, plans[key])})"
    conversion.notes.append(
        note(line, f"Link „{target}“ zeigt auf die alte Website: bitte prüfen.")
    )
    return match.group(0)


def _link_recaps(conversions: list[Conversion], plans: dict[str, Plan]) -> None:
    """A retrospective page that links to an imported event becomes that event's recap."""
    by_key = {c.post.key: c for c in conversions}
    for conversion in conversions:
        if conversion.kind != "page" or not RETROSPECTIVE_RE.search(
            conversion.post.title + " " + " ".join(as_list(conversion.post.meta.get("categories")))
        ):
            continue
        linked = [m["key"] for m in POST_URL_LINK_RE.finditer(conversion.post.body)]
        linked += [
            f"{m['y']}-{m['m']}-{m['d']}-{m['name']}"
            for m in PERMALINK_RE.finditer(_replace_site_urls(conversion.post.body))
        ]
        events = [by_key[k] for k in linked if k in by_key and by_key[k].kind == "event"]
        note = _note_maker(conversion.post)
        if not events:
            conversion.notes.append(
                note(
                    1,
                    "Rückblick ohne Link auf eine übernommene Veranstaltung: bitte bei der "
                    "Veranstaltung von Hand „recap:“ eintragen.",
                )
            )
            continue
        event = events[0]
        if "recap" in event.front:
            conversion.notes.append(note(1, f"{event.target} hat schon einen Rückblick."))
            continue
        event.front["recap"] = conversion.target.removeprefix("docs/de/")
