"""Which pages a pull request adds or alters, in every language, with their paths in the
preview, and the German job summary that says how to open the preview.

`python -m scripts preview-summary` reads the change from `git diff --name-status`; CI writes
the result to the job summary next to the uploaded preview (README, "CI and deployment").
A changed file maps to pages by the site's own rules:

- `docs/<lang>/x.md`: page `x` in `lang`; a language without its own `x.md` shows the default
  language's text (static-i18n's fallback), so a change there shows up in it too;
- `events/<lang>/<slug>.md`: the event page in every language, each showing its own
  translation, else the default language's, else the one version there is
  (civic_site/event_schedule.py, `events_for_language`).

Paths come from the project's SitePaths (civic_site/site_paths.py): with the preview config
(`use_directory_urls: false`) they are the files to open inside the unpacked preview.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from babel import Locale

from civic_site.project import Project

SUMMARY_LOCALE = "de"  # the summary is for the editors, in German
MAX_OTHER_FILES = 15

_LABELS = {
    "added": "neu",
    "changed": "geändert",
    "fallback-added": "neu, Text auf {shown} (keine Übersetzung)",
    "fallback-changed": "geändert, Text auf {shown} (keine Übersetzung)",
    "unchanged": "nicht geändert (Übersetzung anpassen?)",
    "removed": "entfernt",
    "absent": "gibt es in dieser Sprache nicht",
}


def language_name(code: str) -> str:
    """The German name of a language ('en' → 'Englisch')."""
    return Locale.parse(SUMMARY_LOCALE).languages.get(code, code)


@dataclass(frozen=True)
class PageVersion:
    """One language's version of a changed page."""

    lang: str
    path: str | None  # inside the preview; None when the page does not exist in `lang`
    status: str  # a key of _LABELS
    shown_lang: str | None = None  # the language of the text it shows (fallbacks)

    def label(self) -> str:
        return _LABELS[self.status].format(shown=language_name(self.shown_lang or self.lang))


@dataclass(frozen=True)
class ChangedPage:
    """A page the change adds or alters: its name, the changed files, one version per language."""

    kind: str  # "page" (docs/) or "event" (events/)
    title: str  # 'projekte/x.md' or the event's slug
    sources: tuple[str, ...]
    versions: tuple[PageVersion, ...] = field(default=())


def parse_name_status(text: str) -> dict[str, str]:
    """`git diff --name-status --no-renames` output → {path: 'A' | 'M' | 'D' | …}."""
    changes = {}
    for line in text.splitlines():
        status, _, path = line.partition("\t")
        if path:
            changes[path] = status.strip()[:1]
    return changes


def _page_key(path: str, languages: tuple[str, ...]) -> tuple[str, str, str] | None:
    """('page' | 'event', language, key) for a page source, else None."""
    parts = PurePosixPath(path).parts
    if len(parts) < 3 or parts[1] not in languages or not path.endswith(".md"):
        return None
    if parts[0] == "docs":
        return "page", parts[1], "/".join(parts[2:])
    if parts[0] == "events" and len(parts) == 3:
        return "event", parts[1], PurePosixPath(parts[2]).stem
    return None


def _source(kind: str, lang: str, key: str) -> str:
    return f"docs/{lang}/{key}" if kind == "page" else f"events/{lang}/{key}.md"


def _shown_language(kind: str, lang: str, key: str, project: Project) -> str | None:
    """The language whose file `lang`'s version of the page shows, or None (no page)."""
    exists = {
        other: (project.root / _source(kind, other, key)).is_file() for other in project.languages
    }
    default = project.default_language
    if exists[lang]:
        return lang
    if exists[default]:
        return default
    if kind == "event":
        return next((other for other in project.languages if exists[other]), None)
    return None


def _version(
    kind: str, lang: str, key: str, project: Project, changes: Mapping[str, str]
) -> PageVersion:
    shown = _shown_language(kind, lang, key, project)
    if shown is None:
        deleted = any(changes.get(_source(kind, other, key)) == "D" for other in project.languages)
        return PageVersion(lang, None, "removed" if deleted else "absent")
    paths = project.paths(lang)
    path = paths.page(key) if kind == "page" else paths.event(key)
    change = changes.get(_source(kind, shown, key))
    if change is None:
        return PageVersion(lang, path, "unchanged", shown)
    status = "added" if change == "A" else "changed"
    return PageVersion(lang, path, status if shown == lang else f"fallback-{status}", shown)


def changed_pages(
    changes: Mapping[str, str], project: Project
) -> tuple[list[ChangedPage], list[str]]:
    """(the pages `changes` adds, alters or removes, the other changed files).

    `changes`: {path relative to the project: git status letter}; the files are read as they
    are now (after the change).
    """
    keys: dict[tuple[str, str], list[str]] = {}
    others = []
    for path in sorted(changes):
        found = _page_key(path, project.languages)
        if found is None:
            others.append(path)
        else:
            keys.setdefault((found[0], found[2]), []).append(path)
    pages = [
        ChangedPage(
            kind,
            key,
            tuple(sources),
            tuple(_version(kind, lang, key, project, changes) for lang in project.languages),
        )
        for (kind, key), sources in sorted(keys.items())
    ]
    return pages, others


# ------------------------------------------------------------------------ the summary


def _code(text: str) -> str:
    """`text` as inline code that cannot end the code span or a table cell."""
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _cell(version: PageVersion) -> str:
    if version.path is None:
        return version.label()
    return f"{_code(version.path)} – {version.label()}"


def preview_summary(
    pages: list[ChangedPage],
    other_files: list[str],
    project: Project,
    artifact: str,
    artifact_url: str | None = None,
) -> str:
    """The job summary (GitHub Markdown, German): how to open the preview, what changed."""
    download = f"[{artifact}]({artifact_url})" if artifact_url else f"**{artifact}**"
    default_home = project.paths(project.default_language).home() or "index.html"
    lines = [
        "## Vorschau dieser Änderung",
        "",
        f"Die fertige Website mit dieser Änderung liegt als ZIP-Datei {download} bei diesem "
        "Lauf (auch unten auf dieser Seite unter „Artifacts“).",
        "",
        "1. **Herunterladen:** auf den Namen klicken.",
        "2. **Zuerst entpacken:** unter Windows Rechtsklick → „Alle extrahieren …“, unter macOS "
        "Doppelklick. Aus der ZIP-Datei heraus funktionieren Links und Suche nicht.",
        f"3. **Öffnen:** im entpackten Ordner {_code(default_home)} doppelt anklicken. Die Pfade "
        "unten sind Dateien in diesem Ordner.",
        "",
        "> **Besser: Codespaces.** Im Repository „Code“ → „Codespaces“ → „Create codespace“ "
        "auf diesem Zweig öffnet die echte Website, die sich bei jedem Speichern neu baut, "
        "ohne Herunterladen (REDAKTION.md, „Vorschau im Browser mit Codespaces“).",
        "",
    ]
    if pages:
        names = [language_name(lang) for lang in project.languages]
        lines += [
            "### Seiten, die sich ändern",
            "",
            "| Datei | " + " | ".join(names) + " |",
            "|---" * (len(names) + 1) + "|",
        ]
        for page in pages:
            sources = "<br>".join(_code(source) for source in page.sources)
            cells = " | ".join(_cell(version) for version in page.versions)
            lines.append(f"| {sources} | {cells} |")
        lines.append("")
    else:
        lines += ["Diese Änderung betrifft keine einzelne Seite direkt.", ""]
    if other_files:
        shown = ", ".join(_code(path) for path in other_files[:MAX_OTHER_FILES])
        more = len(other_files) - MAX_OTHER_FILES
        if more > 0:
            shown += f" und {more} weitere"
        lines += [f"Außerdem geändert (wirkt oft auf viele Seiten): {shown}.", ""]
    return "\n".join(lines)
