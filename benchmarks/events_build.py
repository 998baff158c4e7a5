"""Build time with N generated events against a plain Material + static-i18n build.

Run: .venv/bin/python -m benchmarks.events_build [N ...]   (default: 500 2000)

For each N it writes N events in both languages into a copy of the project (real
config, theme and hooks; tests/sitebuild.make_fixture_project) and builds it. The
baseline is the same Markdown as ordinary pages under docs/<lang>/events/, built by
Material and static-i18n alone (no custom_dir, no hooks), in the same run. Targets
(issue 3): at 500 events ours ≤ 1.15 × plain; 4 × the events ≤ 4.4 × the time.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

from tests.sitebuild import FIXTURE_NOW, ROOT, make_fixture_project, run_mkdocs_build

BODY = (
    "Ein Treffen rund um **KI für das Gemeinwohl** mit Impulsen, Austausch und Zeit für "
    "Fragen.\n\n## Programm\n\n- Begrüßung\n- Impuls\n- Diskussion in Gruppen\n"
)


def event_text(number: int, lang: str) -> tuple[dict, str]:
    day = date(2024, 1, 1) + timedelta(days=number % 900)
    meta = {
        "title": f"Treffen Nummer {number}" if lang == "de" else f"Meetup number {number}",
        "teaser": "Ein Abend über KI im Ehrenamt." if lang == "de" else "An evening on AI.",
        "start": f"{day.isoformat()} 18:00",
        "end": "20:00",
        "location": {"name": "Innovation Office", "address": "Alter Markt 13, 33602 Bielefeld"},
        "series": "ki-und-zivilgesellschaft",
        "categories": [f"Thema {number % 7}"],
    }
    if lang == "en":
        meta["lang"] = "de"
    return meta, BODY


def write_events(events_dir: Path, count: int) -> None:
    events_dir.mkdir(parents=True)
    shutil.copy(ROOT / "events" / "series.yml", events_dir / "series.yml")
    for lang in ("de", "en"):
        (events_dir / lang).mkdir(parents=True)
        for number in range(count):
            meta, body = event_text(number, lang)
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
            (events_dir / lang / f"treffen-{number}.md").write_text(f"---\n{front}---\n{body}")


def plain_project(target: Path, count: int) -> Path:
    """The same pages as plain Markdown, built by Material + static-i18n only."""
    shutil.copytree(ROOT / "docs", target / "docs")
    for page in (target / "docs").rglob("*.md"):  # our page templates are not there
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"(?m)^template: .*\n", "", text), encoding="utf-8")
    for lang in ("de", "en"):
        (target / "docs" / lang / "events").mkdir(parents=True)
        for number in range(count):
            meta, body = event_text(number, lang)
            page = f"# {meta['title']}\n\n{meta['teaser']}\n\n{body}"
            (target / "docs" / lang / "events" / f"treffen-{number}.md").write_text(page)
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": real["site_name"],
        "site_url": real["site_url"],
        "theme": {"name": "material", "language": "de", "font": False},
        "plugins": real["plugins"],
        "markdown_extensions": real["markdown_extensions"],
        "nav": [{"Start": "index.md"}],
    }
    path = target / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return path


def timed_build(config: Path, strict: bool) -> float:
    started = time.perf_counter()
    result = run_mkdocs_build(
        config, config.parent / "site", env={"SITE_NOW": FIXTURE_NOW}, strict=strict
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build of {config} failed:\n{result.output[-3000:]}")
    return elapsed


def measure(count: int, workdir: Path) -> tuple[float, float]:
    events = workdir / f"events-{count}"
    write_events(events, count)
    ours = make_fixture_project(workdir / f"ours-{count}", events)
    plain = plain_project(workdir / f"plain-{count}", count)
    # Best of two: the first run also warms the file cache and Python's bytecode.
    ours_time = min(timed_build(ours, strict=True) for _ in range(2))
    plain_time = min(timed_build(plain, strict=False) for _ in range(2))
    return ours_time, plain_time


def main(counts: list[int]) -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            ours, plain = measure(count, Path(tmp))
            results[count] = ours
            print(
                f"{count:5d} events × 2 languages: ours {ours:6.1f} s, plain {plain:6.1f} s, "
                f"ratio {ours / plain:.2f} (target ≤ 1.15)"
            )
    first, last = counts[0], counts[-1]
    if last != first:
        print(
            f"scaling {last}/{first} events: time × {results[last] / results[first]:.2f} "
            f"(target ≤ {1.1 * last / first:.1f})"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [500, 2000])
