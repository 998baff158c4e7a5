"""Videos in Deutscher Gebärdensprache (DGS): settings, checks and the page marker.

BITV 2.0 Anlage 2 Teil 1 asks of a DGS video on a federal site: the site serves it itself
(no third-party player), marks it with the DGS symbol, offers it for download with its
file size and duration, gives captions (WebVTT) and a text alternative. The settings live
in mkdocs.yml under `extra.dgs.<key>`:

    dgs:
      start:
        title: Erläuterungen zu dieser Website in Deutscher Gebärdensprache
        video: assets/video/dgs-start.mp4      # a file under docs/ (MP4 or WebM)
        captions: assets/video/dgs-start.vtt   # German captions, WebVTT
        duration: "3:25"                       # minutes:seconds (or h:mm:ss)
        poster: assets/video/dgs-start.jpg     # optional still image
        text: leichte-sprache.md               # the same content as text: a page or a file

The file size is read from the file when the site is built. Until a video exists, its
`video:` is a placeholder (`UNBESTÄTIGT: …`, civic_site/placeholders.py) that
`launch-check` names; the component then says that the video is in preparation, and the
other keys may be missing. A page shows a video where it has the marker
`<!-- DGS-Video-Komponente -->` (the video `start`) or `<!-- DGS-Video-Komponente: <key> -->`
(hooks/dgs_video.py, overrides/partials/dgs-video.html).
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.units import format_unit

from civic_site.diagnostics import Diagnostic, DiagnosticError, diagnostic
from civic_site.placeholders import is_unconfirmed, what_is_missing
from civic_site.pretix_embed import mask_code

CONFIG_KEY = "extra.dgs"
DEFAULT_KEY = "start"
LANG = "de"  # Deutsche Gebärdensprache: captions, title and text are German
MEDIA_TYPES = {".mp4": ("video/mp4", "MP4"), ".webm": ("video/webm", "WebM")}
MARKER_RE = re.compile(r"<!--\s*DGS-Video-Komponente\s*(?::\s*(?P<key>[\w-]+)\s*)?-->")
_DURATION_RE = re.compile(r"^(?:(\d+):)?(\d{1,3}):([0-5]\d)$")


@dataclass(frozen=True)
class DgsVideo:
    """One video as overrides/partials/dgs-video.html shows it. Paths are relative to docs/."""

    key: str
    title: str
    text: str  # the text alternative: a page ('leichte-sprache.md') or a file under docs/
    video: str | None = None  # None while the video is in preparation
    missing: str | None = None  # what the placeholder says is missing
    captions: str | None = None
    poster: str | None = None
    size_bytes: int = 0
    duration_seconds: int = 0
    lang: str = LANG

    @property
    def ready(self) -> bool:
        return self.video is not None

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[posixpath.splitext(self.video or "")[1].lower()][0]

    @property
    def format_name(self) -> str:
        return MEDIA_TYPES[posixpath.splitext(self.video or "")[1].lower()][1]

    @property
    def text_is_page(self) -> bool:
        return self.text.endswith(".md")


def load_dgs_videos(
    value: Any,
    docs_dir: Path,
    source: str = "mkdocs.yml",
    lines: Mapping[str, int] | None = None,
) -> dict[str, DgsVideo]:
    """Every video of `extra.dgs`, checked against the files under `docs_dir`.

    Raises DiagnosticError with every mistake, each naming `source`, the line (where
    `lines`, {dotted key: line}, knows it) and the key.
    """
    lines = lines or {}
    if value is None:
        return {}
    if not isinstance(value, dict):
        message = "Hier steht je Video ein Kurzname (etwa start) mit title, video, text darunter."
        raise DiagnosticError([_problem(source, lines, CONFIG_KEY, message)])
    videos, problems = {}, []
    for key, entry in value.items():
        try:
            videos[str(key)] = _video(str(key), entry, Path(docs_dir), source, lines)
        except DiagnosticError as exc:
            problems += exc.diagnostics
    if problems:
        raise DiagnosticError(problems)
    return videos


def _problem(source: str, lines: Mapping[str, int], key: str, message: str) -> Diagnostic:
    line, probe = None, key
    while line is None and probe:
        line = lines.get(probe)
        probe = probe.rpartition(".")[0]
    return diagnostic(source, line or 1, key, message)


def _video(key: str, entry: Any, docs_dir: Path, source: str, lines: Mapping[str, int]) -> DgsVideo:
    prefix = f"{CONFIG_KEY}.{key}"

    def fail(name: str, message: str) -> DiagnosticError:
        return DiagnosticError([_problem(source, lines, f"{prefix}.{name}", message)])

    if not isinstance(entry, dict):
        message = "Hier stehen title, video und text des Videos (siehe mkdocs.yml)."
        raise DiagnosticError([_problem(source, lines, prefix, message)])

    def text_value(name: str, what: str) -> str:
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise fail(name, f"Hier fehlt {what}.")
        return value.strip()

    def docs_file(name: str, what: str, suffixes: tuple[str, ...] | None = None) -> str:
        value = text_value(name, what)
        if "://" in value or value.startswith("//"):
            raise fail(
                name,
                "Die Website liefert die Datei selbst aus (kein fremder Player, keine Anfrage "
                f"an andere): eine Datei unter docs/ angeben, etwa assets/video/{key}.mp4.",
            )
        path = posixpath.normpath(value.lstrip("/"))
        if suffixes and posixpath.splitext(path)[1].lower() not in suffixes:
            raise fail(
                name, f"Hier steht {what}: eine Datei mit der Endung {' oder '.join(suffixes)}."
            )
        if path.startswith("../") or not (docs_dir / path).is_file():
            raise fail(name, f"Die Datei docs/{path} gibt es nicht.")
        return path

    title = text_value("title", "der Titel des Videos")
    text = text_value("text", "die Textfassung (eine Seite wie leichte-sprache.md)")
    text_file = docs_dir / LANG / text if text.endswith(".md") else docs_dir / text
    if not text_file.is_file():
        shown = text_file.relative_to(docs_dir).as_posix()
        raise fail("text", f"Die Textfassung docs/{shown} gibt es nicht.")
    raw_video = entry.get("video")
    if is_unconfirmed(raw_video):
        return DgsVideo(key, title, text, missing=what_is_missing(raw_video))
    formats = " oder ".join(name for _, name in MEDIA_TYPES.values())
    video = docs_file("video", f"die Videodatei ({formats})", tuple(MEDIA_TYPES))
    captions = docs_file("captions", "die Datei mit den Untertiteln (WebVTT, .vtt)", (".vtt",))
    if "duration" not in entry:
        raise fail("duration", "Hier fehlt die Dauer des Videos, etwa „3:25“.")
    duration = parse_duration(entry["duration"])
    if duration is None:
        raise fail("duration", "Die Dauer steht als Minuten:Sekunden, etwa „3:25“.")
    poster = docs_file("poster", "das Vorschaubild") if entry.get("poster") else None
    return DgsVideo(
        key,
        title,
        text,
        video=video,
        captions=captions,
        poster=poster,
        size_bytes=(docs_dir / video).stat().st_size,
        duration_seconds=duration,
    )


def parse_duration(value: Any) -> int | None:
    """Seconds of '3:25', '1:02:03' or a number of seconds; None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _DURATION_RE.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds or None


def iso_duration(seconds: int) -> str:
    """An ISO 8601 duration for <time datetime>: 205 → 'PT3M25S'."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "", f"{seconds}S"]
    return "PT" + "".join(parts)


def format_duration(seconds: int, pattern: str) -> str:
    """'{minutes}:{seconds} Min.' → '3:25 Min.' (minutes run on past the hour)."""
    minutes, rest = divmod(int(seconds), 60)
    return pattern.format(minutes=minutes, seconds=f"{rest:02d}")


def format_file_size(size: int, locale: str) -> str:
    """A file size as a person reads it: '3 kB' below one megabyte, else '12,3 MB'."""
    if size < 1_000_000:
        kilobytes = max(1, math.ceil(size / 1000))
        return format_unit(kilobytes, "digital-kilobyte", length="short", locale=locale)
    return format_unit(
        round(size / 1_000_000, 1), "digital-megabyte", "short", format="#,##0.#", locale=locale
    )


def expand_dgs_markers(markdown: str, render: Callable[[str], str]) -> str:
    """Each marker outside code replaced by `render(key)`."""
    masked = mask_code(markdown)
    out, last = [], 0
    for match in MARKER_RE.finditer(masked):
        out.append(markdown[last : match.start()])
        out.append(render(match.group("key") or DEFAULT_KEY))
        last = match.end()
    out.append(markdown[last:])
    return "".join(out)


def marker_line(markdown: str, key: str) -> int:
    """The 1-based line (within `markdown`) of the first marker for `key`, else 1."""
    for match in MARKER_RE.finditer(mask_code(markdown)):
        if (match.group("key") or DEFAULT_KEY) == key:
            return markdown.count("\n", 0, match.start()) + 1
    return 1
