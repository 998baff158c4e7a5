"""What `check` (and the build in CI) tells an editor on GitHub.

- Workflow commands (`::error file=…,line=…,title=…::…`): GitHub shows each one on its
  line in the pull request's "Files changed" view. It shows at most 10 of each kind per
  step, so errors come first.
- A short German summary for `$GITHUB_STEP_SUMMARY`: every problem, grouped by file, and
  one sentence per kind of problem on how to fix it, linked to its section of REDAKTION.md.

The kinds are read off the diagnostics' texts, in one place (`kind_of`), so that the
checks themselves stay plain `Diagnostic`s.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from civic_site.diagnostics import ERROR, INFO, WARNING, Diagnostic, format_github

GUIDE = "REDAKTION.md"
# GitHub keeps at most 1 MiB of summary per step; stay well below it.
SUMMARY_BUDGET = 900_000
_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
_SEVERITY_WORDS = {ERROR: "Fehler", WARNING: "Warnung", INFO: "Hinweis"}


@dataclass(frozen=True)
class Kind:
    title: str  # annotation title and entry in the summary
    advice: str  # one sentence: what to do
    anchor: str  # heading of REDAKTION.md (GitHub's anchor for it)


KINDS: dict[str, Kind] = {
    "event": Kind(
        "Angabe einer Veranstaltung",
        "Die Angabe in der genannten Zeile im Kopf der Veranstaltung korrigieren; welche Form "
        "sie haben muss, steht in der Tabelle „Angaben im Kopf einer Veranstaltung“. Zeigt "
        "die Meldung eine Zeile zum Kopieren, diese übernehmen.",
        "angaben-im-kopf-einer-veranstaltung",
    ),
    "front_matter": Kind(
        "Kopf der Datei (Front Matter)",
        "Der Kopf zwischen den beiden Zeilen „---“ lässt sich nicht lesen: Text mit "
        'Doppelpunkt, Anführungszeichen oder # in "…" setzen und eingerückte Zeilen mit '
        "zwei Leerzeichen beginnen.",
        "fehlermeldungen-und-was-zu-tun-ist",
    ),
    "link": Kind(
        "Link oder Bild",
        "Links und Bilder zeigen auf die Datei, relativ zur eigenen Datei: bei Seiten mit .md "
        "am Ende, aus einem Unterordner heraus mit ../ – Dateinamen und Ordner prüfen.",
        "links-und-bilder",
    ),
    "nav": Kind(
        "Menü (nav)",
        "Jede Seite steht in mkdocs.yml unter nav: (im Menü) oder unter not_in_nav: (nicht "
        "im Menü, wie die Rückblicke); sonst bricht der Bau ab.",
        "das-menü-nav",
    ),
    "tag": Kind(
        "Baustein {% … %}",
        "Von den Bausteinen in {% … %} gibt es hier nur das pretix-Anmeldeformular; andere "
        "Bausteine (etwa aus Jekyll) entfernen oder durch Markdown ersetzen.",
        "anmeldung-und-andere-bausteine",
    ),
    "file": Kind(
        "Dateiname oder Ablageort",
        "Veranstaltungen liegen direkt in events/de/ bzw. events/en/, und ihr Dateiname "
        "besteht nur aus Kleinbuchstaben, Ziffern und -: Datei verschieben oder umbenennen.",
        "eine-veranstaltung-anlegen",
    ),
    "translation": Kind(
        "Übersetzung",
        "Kein Fehler: Die Seite oder Veranstaltung fehlt in einer Sprache, und die andere "
        "Website zeigt so lange die vorhandene Fassung. Die Übersetzung kann im selben Pull "
        "Request dazukommen.",
        "die-zweite-sprache-im-selben-pull-request",
    ),
    "build": Kind(
        "Beim Bauen",
        "Diese Meldung kam erst beim Bauen der ganzen Website; was zu tun ist, erklärt die "
        "Tabelle der Fehlermeldungen.",
        "fehlermeldungen-und-was-zu-tun-ist",
    ),
    "other": Kind(
        "Inhalt",
        "Datei und Zeile stehen bei der Meldung; was zu tun ist, erklärt die Tabelle der "
        "Fehlermeldungen.",
        "fehlermeldungen-und-was-zu-tun-ist",
    ),
}

_FILE_WORDS = ("Dateiname", "Kurznamen", "ohne Unterordner", "gehören nach")


def kind_of(item: Diagnostic) -> str:
    """Which kind of problem a diagnostic reports (a key of KINDS)."""
    message = item.message
    if not item.path:
        return "build"  # a build message we cannot place in a file
    if "not_in_nav" in message or item.key.split(".")[0] == "nav":
        return "nav"
    if message.startswith(("Link „", "Bild „")):
        return "link"
    if item.key == "include" or "{%" in message or "{{" in message:
        return "tag"
    if "Front Matter" in message or "YAML" in message or "UTF-8" in message:
        return "front_matter"
    if item.severity != ERROR and ("Fassung" in message or message.startswith("nur auf ")):
        return "translation"
    if any(word in message for word in _FILE_WORDS):
        return "file"
    if item.path.startswith("events/"):
        return "event"
    return "other"


def by_severity(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors first, then warnings, then hints; otherwise in the given order."""
    return sorted(items, key=lambda item: _ORDER[item.severity])


def github_annotations(items: Iterable[Diagnostic]) -> list[str]:
    """One workflow command per diagnostic, errors first (GitHub shows 10 of each kind)."""
    return [format_github(item, KINDS[kind_of(item)].title) for item in by_severity(items)]


# --------------------------------------------------------------------------- summary


def guide_url(anchor: str, env: Mapping[str, str] | None = None) -> str:
    """REDAKTION.md#anchor on GitHub, at the commit being checked (relative outside CI)."""
    env = os.environ if env is None else env
    server, repo, sha = (
        env.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    )
    if server and repo and sha:
        return f"{server}/{repo}/blob/{sha}/{GUIDE}#{anchor}"
    return f"{GUIDE}#{anchor}"


def _cell(text: str) -> str:
    """Text for one Markdown table cell: no HTML, no column breaks, no line breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|")
    return "<br>".join(line for line in text.replace("\r\n", "\n").split("\n"))


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _headline(heading: str, items: list[Diagnostic]) -> str:
    counts = Counter(item.severity for item in items)
    others = ", ".join(
        (
            _plural(counts[WARNING], "Warnung", "Warnungen"),
            _plural(counts[INFO], "Hinweis", "Hinweise"),
        )
    )
    if not items:
        return f"## {heading}: keine Fehler, keine Warnungen, keine Hinweise"
    if not counts[ERROR]:
        return f"## {heading}: keine Fehler ({others})"
    return f"## {heading}: {counts[ERROR]} Fehler, {others}"


def step_summary(
    items: Iterable[Diagnostic],
    heading: str = "Prüfung der Inhalte",
    env: Mapping[str, str] | None = None,
) -> str:
    """German Markdown: what is wrong (every problem, by file) and how to fix it."""
    items = list(items)
    lines = [_headline(heading, items), ""]
    if not items:
        return "\n".join(lines)
    errors = sum(item.severity == ERROR for item in items)
    if errors:
        lines += [
            "Die Fehler stehen im Pull Request unter „Files changed“ direkt an ihren Zeilen "
            "(GitHub zeigt dort höchstens zehn je Art); hier stehen alle. Nach dem Beheben "
            "die Datei im selben Zweig speichern: die Prüfung läuft von selbst wieder.",
            "",
        ]
    else:
        lines += ["Nichts davon verhindert das Veröffentlichen.", ""]
    lines += ["### Was nicht stimmt", ""]
    files: dict[str, list[Diagnostic]] = {}
    for item in sorted(items, key=lambda d: (d.path, d.line, _ORDER[d.severity])):
        files.setdefault(item.path, []).append(item)
    size, left_out = sum(len(line) + 1 for line in lines), 0
    for path, found in files.items():
        title = f"**`{path}`**" if path else "**ohne Datei**"
        block = [title, "", "| Zeile | Art | Meldung |", "|---:|---|---|"]
        for item in found:
            key = f"{item.key}: " if item.key else ""
            word = _SEVERITY_WORDS[item.severity]
            line = item.line if item.path else "–"
            block.append(f"| {line} | {word} | {_cell(key + item.message)} |")
        block.append("")
        block_size = sum(len(line.encode("utf-8")) + 1 for line in block)
        if size + block_size > SUMMARY_BUDGET:
            left_out += len(found)
            continue
        size += block_size
        lines += block
    if left_out:
        lines += [f"… und {left_out} weitere Meldungen: siehe Protokoll des Schritts.", ""]
    lines += ["### Was zu tun ist", ""]
    kinds = Counter(kind_of(item) for item in items)
    for name, kind in KINDS.items():
        if kinds[name]:
            link = guide_url(kind.anchor, env)
            lines.append(f"- **[{kind.title}]({link})** ({kinds[name]}×): {kind.advice}")
    lines.append("")
    return "\n".join(lines)


def write_step_summary(text: str, env: Mapping[str, str] | None = None) -> None:
    """Append to $GITHUB_STEP_SUMMARY when it is set (in GitHub Actions); else nothing."""
    env = os.environ if env is None else env
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as out:
            out.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        print(f"Die Zusammenfassung ließ sich nicht schreiben: {exc.strerror}.", file=sys.stderr)
