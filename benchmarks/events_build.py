"""Build time with N generated events against a plain Material + static-i18n build.

Run: .venv/bin/python -m benchmarks.events_build [N ...] [--rounds=3]   (default: 300 2000)

For each N it writes N events in both languages into a copy of the project (real
config, theme and hooks; tests/sitebuild.make_fixture_project) and builds it twice: with
`mkdocs build` (one process, "sequential") and with `python -m scripts build --parallel`
(one process per language, civic_site/parallel_build.py; `make build` does that when a
core is free). The baseline
is the same Markdown as ordinary pages under docs/<lang>/events/, built by Material and
static-i18n alone (no custom_dir, no hooks, a one-entry nav), with `mkdocs build`; a
second baseline ("plain, site theme") adds the site's Material settings and its nav, so
that the ratio against it is what our templates and hooks cost.

Each round builds all three one after the other, so that a busy machine slows all of them;
the figures are the medians of the rounds (default 3, --rounds=N), after one warm-up build
of each (file cache, Python bytecode); scaling compares each N with the last. Besides wall
time it prints the CPU time the build processes used (user + system, workers included),
which a busy machine disturbs far less.
Targets (issue 12): ours ≤ 1.15 × plain at 300 and 2000 events; 4 × the events ≤ 4.4 × the
time; the parallel build faster than the sequential one (stretch: faster than plain).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


def plain_project(target: Path, count: int, site_theme: bool = False) -> Path:
    """The same pages as plain Markdown, built by Material + static-i18n only.

    `site_theme`: with the site's Material settings from mkdocs.yml (palettes, features,
    logo, the five-entry nav), still without our templates and hooks: what Material itself
    costs for this site, so that the ratio against it is the cost of our code alone."""
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
    if site_theme:
        config["theme"] = {k: v for k, v in real["theme"].items() if k != "custom_dir"}
        config["nav"] = real["nav"]
    path = target / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return path


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # user + system of the build's processes


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(config: Path, strict: bool, parallel: bool = False) -> Timing:
    site_dir = config.parent / "site"
    started, cpu = time.perf_counter(), _children_cpu()
    if parallel:
        cmd = [sys.executable, "-m", "scripts", "build", "-q", "--strict", "--parallel"]
        cmd += ["-f", str(config)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_NOW": FIXTURE_NOW}
        proc = subprocess.run(
            [*cmd, "--site-dir", str(site_dir)],
            cwd=config.parent,
            env=env,
            capture_output=True,
            text=True,
        )
        returncode, output = proc.returncode, proc.stdout + proc.stderr
    else:
        result = run_mkdocs_build(config, site_dir, env={"SITE_NOW": FIXTURE_NOW}, strict=strict)
        returncode, output = result.returncode, result.output
    timing = Timing(time.perf_counter() - started, _children_cpu() - cpu)
    if returncode != 0:
        sys.exit(f"build of {config} failed:\n{output[-3000:]}")
    return timing


BUILDS = {  # name: (which project, strict, parallel)
    "ours": ("ours", True, False),
    "ours, parallel": ("ours", True, True),
    "plain": ("plain", False, False),
    "plain, site theme": ("plain-site", False, False),
}


def measure(count: int, workdir: Path, rounds: int) -> dict[str, list[Timing]]:
    events = workdir / f"events-{count}"
    write_events(events, count)
    projects = {
        "ours": make_fixture_project(workdir / f"ours-{count}", events),
        "plain": plain_project(workdir / f"plain-{count}", count),
        "plain-site": plain_project(workdir / f"plain-site-{count}", count, site_theme=True),
    }
    timings: dict[str, list[Timing]] = {name: [] for name in BUILDS}
    for round_number in range(rounds + 1):  # round 0 warms the caches and is not counted
        for name, (project, strict, parallel) in BUILDS.items():
            timing = timed_build(projects[project], strict, parallel)
            if round_number:
                timings[name].append(timing)
    return timings


def median_of(values: list[float]) -> float:
    return statistics.median(values)


def report(count: int, timings: dict[str, list[Timing]]) -> dict[str, float]:
    plain = timings["plain"]
    medians = {name: median_of([t.wall for t in runs]) for name, runs in timings.items()}
    print(f"{count:5d} events × 2 languages (median of {len(plain)} rounds)")
    for name, runs in timings.items():
        ratio = median_of([t.wall / p.wall for t, p in zip(runs, plain, strict=True)])
        cpu = median_of([t.cpu for t in runs])
        cpu_ratio = median_of([t.cpu / p.cpu for t, p in zip(runs, plain, strict=True)])
        print(
            f"  {name:15s} {medians[name]:6.1f} s wall (× {ratio:.2f} plain), "
            f"{cpu:6.1f} s CPU (× {cpu_ratio:.2f} plain)"
        )
    site = timings["plain, site theme"]
    for name in ("ours", "ours, parallel"):
        wall = median_of([t.wall / p.wall for t, p in zip(timings[name], site, strict=True)])
        cpu = median_of([t.cpu / p.cpu for t, p in zip(timings[name], site, strict=True)])
        print(f"  {name} against plain with the site's theme: × {wall:.2f} wall, × {cpu:.2f} CPU")
    sequential, parallel = timings["ours"], timings["ours, parallel"]
    speedup = median_of([s.wall / p.wall for s, p in zip(sequential, parallel, strict=True)])
    print(f"  parallel build: {speedup:.2f} × as fast as the sequential one (target > 1)")
    return medians


def main(counts: list[int], rounds: int) -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            results[count] = report(count, measure(count, Path(tmp), rounds))
    last = counts[-1]
    for first in counts[:-1]:
        for name in BUILDS:
            print(
                f"scaling {last}/{first} events, {name}: time × "
                f"{results[last][name] / results[first][name]:.2f} "
                f"(target ≤ {1.1 * last / first:.1f})"
            )


if __name__ == "__main__":
    arguments = [arg for arg in sys.argv[1:] if not arg.startswith("--rounds=")]
    rounds = [int(arg.split("=", 1)[1]) for arg in sys.argv[1:] if arg.startswith("--rounds=")]
    main([int(arg) for arg in arguments] or [300, 2000], rounds[-1] if rounds else 3)
