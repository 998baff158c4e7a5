"""The preview's focused build (civic_site/preview_build.py): which saves it takes, and that
every page it writes is the page a full build makes, byte for byte.

The fidelity tests share one preview session, as `make serve` keeps one: a fixture project
(private copies of events/ and docs/, so the tests can edit them), one `RenderCache`, and the
served folder, first filled by a full build. Each test saves a change, runs the focused build
into the served folder, then an independent full build (fresh config, no cache) of the same
state, and compares.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from mkdocs.commands.build import build as full_mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.pages import Page

from civic_site.generated_page import GeneratedPage
from civic_site.preview_build import (
    MENTIONS_PLUGIN,
    RENDER_CACHE_PLUGIN,
    CachedRenders,
    PreviewFocus,
    RecordMentions,
    RenderCache,
    ThemeFiles,
    focused_build,
    plan_focus,
)
from civic_site.project import Project, load_project, project_from_config
from tests.sitebuild import FIXTURE_NOW, ROOT, make_fixture_project

SERVE_URL = "http://127.0.0.1:8000/"  # what `make serve` puts into site_url

# ------------------------------------------------------------------ plan_focus (pure)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(ROOT / "mkdocs.yml")


def _plan(
    project: Project,
    changed: Sequence[str],
    added: Sequence[str] = (),
    removed: Sequence[str] = (),
) -> PreviewFocus | None:
    """plan_focus for paths relative to the project, as the watcher reports them (absolute)."""

    def paths(names: Sequence[str]) -> list[Path]:
        return [project.root / name for name in names]

    return plan_focus(project, paths(changed), paths(added), paths(removed))


def test_plan_focus_an_edited_page_is_focused_on_that_page(project: Project) -> None:
    focus = _plan(project, ["docs/de/initiative.md"])
    assert focus == PreviewFocus(
        "de", frozenset({project.root / "docs/de/initiative.md"}), frozenset()
    )
    nested = _plan(project, ["docs/en/projekte/civic-data-lab.md"])
    assert nested == PreviewFocus(
        "en", frozenset({project.root / "docs/en/projekte/civic-data-lab.md"}), frozenset()
    )


@pytest.mark.parametrize("lang", ["de", "en"])
def test_plan_focus_an_edited_event_is_focused_on_its_slug(project: Project, lang: str) -> None:
    focus = _plan(project, [f"events/{lang}/ki-und-soziale-innovationen.md"])
    assert focus == PreviewFocus(lang, frozenset(), frozenset({"ki-und-soziale-innovationen"}))


def test_plan_focus_pages_and_events_of_one_language_together(project: Project) -> None:
    focus = _plan(project, ["docs/en/initiative.md", "events/en/a.md", "events/en/b.md"])
    assert focus == PreviewFocus(
        "en", frozenset({project.root / "docs/en/initiative.md"}), frozenset({"a", "b"})
    )


@pytest.mark.parametrize(
    ("changed", "added", "removed"),
    [
        pytest.param(["docs/de/initiative.md"], ["docs/de/neu.md"], [], id="a page added"),
        pytest.param(["events/de/a.md"], [], ["events/de/b.md"], id="an event removed"),
        pytest.param([], ["events/de/neu.md"], [], id="only an added event"),
        pytest.param(["mkdocs.yml"], [], [], id="mkdocs.yml"),
        pytest.param(["overrides/main.html"], [], [], id="overrides"),
        pytest.param(["overrides/strings/de.yml"], [], [], id="UI strings"),
        pytest.param(["data/figures.yml"], [], [], id="data"),
        pytest.param(["hooks/events.py"], [], [], id="hooks"),
        pytest.param(["civic_site/event_pages.py"], [], [], id="civic_site"),
        pytest.param(["events/series.yml"], [], [], id="series.yml"),
        pytest.param(["docs/de/assets/bild.png"], [], [], id="not Markdown, in docs/<lang>"),
        pytest.param(["docs/assets/css/civic.css"], [], [], id="shared assets"),
        pytest.param(["docs/index.md"], [], [], id="a page outside the language folders"),
        pytest.param(["events/de/sub/x.md"], [], [], id="a nested event file"),
        pytest.param(["events/fr/x.md"], [], [], id="an unknown language"),
        pytest.param(["events/de/a.md", "events/en/a.md"], [], [], id="two languages (events)"),
        pytest.param(["docs/de/initiative.md", "docs/en/x.md"], [], [], id="two languages"),
        pytest.param(["events/de/a.md", "mkdocs.yml"], [], [], id="an event and mkdocs.yml"),
        pytest.param([], [], [], id="nothing changed"),
    ],
)
def test_plan_focus_leaves_everything_else_to_the_full_build_of_all(
    project: Project, changed: list[str], added: list[str], removed: list[str]
) -> None:
    assert _plan(project, changed, added, removed) is None


# ------------------------------------------------------------------ one preview session


@dataclass
class Session:
    """A fixture project, its served folder and the session's caches, as in preview_server."""

    config_file: Path
    served: Path  # the folder the preview serves (first a full build, then focused builds)
    work: Path
    renders: RenderCache
    theme_files: ThemeFiles
    reference: Path  # the latest full build: the site before the next edit
    full_builds: int = 0
    mentions: dict[str, dict[str, tuple[str, frozenset[str]]]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.config_file.parent

    def load(self, site_dir: Path, cached: bool = True) -> MkDocsConfig:
        """The config as PreviewSession.load_config makes it (`cached`: with what the session
        keeps, its Markdown conversions and which pages showed which events)."""
        config = load_config(config_file=str(self.config_file), site_dir=str(site_dir))
        config.site_url = SERVE_URL
        if cached:
            config.plugins[RENDER_CACHE_PLUGIN] = CachedRenders(self.renders)
            config.plugins[MENTIONS_PLUGIN] = RecordMentions(self.mentions)
        return config

    def full_build(self) -> Path:
        """An independent full build of the project as it is now (fresh config, no cache)."""
        self.full_builds += 1
        site = self.work / f"full-{self.full_builds}"
        full_mkdocs_build(self.load(site, cached=False), serve_url=SERVE_URL)
        return site

    def focused(self, *changed: Path) -> list[str]:
        """What PreviewSession.build does after these files were saved."""
        config = self.load(self.served)
        project = project_from_config(config)
        focus = plan_focus(project, changed, [], [])
        assert focus is not None, changed
        return focused_build(config, focus, project, self.theme_files)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    work = tmp_path_factory.mktemp("preview-session")
    config_file = make_fixture_project(work / "project")
    (work / "project" / "docs").unlink()  # a private copy: the tests edit pages
    shutil.copytree(ROOT / "docs", work / "project" / "docs")
    _add_recap_page(work / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_NOW", FIXTURE_NOW)  # every build of the module sees the same 'now'
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        state = Session(config_file, work / "served", work, RenderCache(), ThemeFiles(), work)
        # The preview's first build: a full build, with the session's cache.
        full_mkdocs_build(state.load(state.served), serve_url=SERVE_URL)
        state.reference = work / "full-0"
        shutil.copytree(state.served, state.reference)
        yield state


RECAP_EVENT = "alt-2023"  # past, German only
RECAP_PAGE = "rueckblick-2023.md"  # a docs page that reports on it (`recap:`)


def _add_recap_page(project: Path) -> None:
    """A Markdown page as the recap of an event: it lists the event (hooks/events.py)."""
    (project / "docs" / "de" / RECAP_PAGE).write_text(
        "---\ndescription: Wie das Treffen 2023 war.\n---\n\n# Rückblick 2023\n\nSchön war es.\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  /*/impressum.md\n") == 1  # not_in_nav
    text = text.replace("  /*/impressum.md\n", f"  /*/impressum.md\n  /*/{RECAP_PAGE}\n")
    config.write_text(text, encoding="utf-8")
    event = project / "events" / "de" / f"{RECAP_EVENT}.md"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("\n---\n", f"\nrecap: {RECAP_PAGE}\n---\n", 1), encoding="utf-8")


@dataclass(frozen=True)
class Stamp:
    mtime_ns: int
    digest: str


def _stamps(folder: Path) -> dict[str, Stamp]:
    return {
        path.relative_to(folder).as_posix(): Stamp(
            path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()
        )
        for path in folder.rglob("*")
        if path.is_file()
    }


def _differing_html(old: Path, new: Path) -> set[str]:
    """HTML files a full build changed (or added, or dropped) between two states."""
    names = {p.relative_to(old).as_posix() for p in old.rglob("*.html")}
    names |= {p.relative_to(new).as_posix() for p in new.rglob("*.html")}
    return {
        name
        for name in names
        if not (
            (old / name).is_file()
            and (new / name).is_file()
            and (old / name).read_bytes() == (new / name).read_bytes()
        )
    }


@dataclass
class Outcome:
    written: list[str]
    before: dict[str, Stamp]  # the served folder before the focused build
    after: dict[str, Stamp]  # … and after
    previous: Path  # the full build before the edit
    full: Path  # the full build after the edit

    def touched(self) -> set[str]:
        """Files the focused build wrote, added or removed in the served folder."""
        names = self.before.keys() | self.after.keys()
        return {name for name in names if self.before.get(name) != self.after.get(name)}


def _save_and_build(session: Session, path: Path, old: str, new: str) -> Outcome:
    """Replace `old` by `new` in `path`, run the focused build, then a full build."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    before = _stamps(session.served)
    written = session.focused(path)
    after = _stamps(session.served)
    previous, session.reference = session.reference, session.full_build()
    return Outcome(written, before, after, previous, session.reference)


def _in_language(name: str, lang: str) -> bool:
    """Whether a built file belongs to the language build of `lang` (German at the root)."""
    return name.startswith("en/") == (lang == "en")


def _bytes_or_none(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _assert_faithful(session: Session, outcome: Outcome, lang: str) -> None:
    written = set(outcome.written)
    assert len(written) == len(outcome.written), f"a page written twice: {outcome.written}"
    # Every page the focused build wrote is the full build's page, byte for byte; every page
    # it removed is gone from the full build too.
    differ = [
        name
        for name in sorted(written)
        if _bytes_or_none(session.served / name) != _bytes_or_none(outcome.full / name)
    ]
    assert not differ, f"focused build ≠ full build: {differ}"
    # It wrote nothing it did not report (no calendar, feed, sitemap, search index, asset).
    assert outcome.touched() <= written, sorted(outcome.touched() - written)
    # Every page of the language whose HTML the edit changes in a full build was written
    # (the other languages, where a German-only event shows too, wait for the full build).
    changed = _differing_html(outcome.previous, outcome.full)
    shown = {name for name in changed if _in_language(name, lang)}
    assert shown, "the edit changed no page: the test edits nothing visible"
    assert shown <= written, f"pages that show the edit but were not written: {shown - written}"


EVENT_SLUG = "upcoming-hybrid"  # in a series, two categories, upcoming (the home page lists it)
OTHER_EVENT = "mehrtaegig"  # another series, no shared category: its page does not show it
EVENT_TEXT = {
    "de": ("Hybrides Meetup zu KI im Ehrenamt", "Wir sprechen über"),
    "en": ("Hybrid meetup on AI in volunteering", "We talk about"),
}


def _prefix(lang: str) -> str:
    return "" if lang == "de" else f"{lang}/"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_edited_event_renders_every_page_that_shows_it_as_a_full_build_does(
    session: Session, lang: str
) -> None:
    title, text = EVENT_TEXT[lang]
    path = session.root / "events" / lang / f"{EVENT_SLUG}.md"
    original = path.read_text(encoding="utf-8")
    assert original.count(title) == 1 and original.count(text) == 1
    path.write_text(original.replace(text, f"Neuer Text {lang}: {text}"), encoding="utf-8")
    outcome = _save_and_build(session, path, title, f"Umbenannt {lang} {title}")

    _assert_faithful(session, outcome, lang)
    p = _prefix(lang)
    showing = {
        f"{p}events/{EVENT_SLUG}/index.html",  # its page
        f"{p}events/index.html",  # the listing
        f"{p}events/series/ki-und-zivilgesellschaft/index.html",
        f"{p}events/category/ki-und-zivilgesellschaft/index.html",
        f"{p}events/category/workshop/index.html",
        f"{p}index.html",  # the home page lists upcoming events
    }
    assert showing <= set(outcome.written), sorted(showing - set(outcome.written))
    for name in showing:
        assert f"Umbenannt {lang} {title}" in (session.served / name).read_text(encoding="utf-8")
    page = (session.served / f"{p}events/{EVENT_SLUG}/index.html").read_text(encoding="utf-8")
    assert f"Neuer Text {lang}: {text}" in page

    other = f"{p}events/{OTHER_EVENT}/index.html"
    assert other in outcome.after and other not in outcome.written
    assert outcome.before[other] == outcome.after[other]  # not even rewritten

    # Only this language: the other language's pages stay as they were.
    other_lang = [name for name in outcome.written if not _in_language(name, lang)]
    assert not other_lang, other_lang

    # Calendars (and feeds) are left to the background build: not rewritten, so this
    # event's calendar still holds the old title while the full build's has the new one.
    calendars = [name for name in outcome.before if name.endswith(".ics")]
    assert calendars
    assert all(outcome.after[name] == outcome.before[name] for name in calendars)
    calendar = f"{p}events/{EVENT_SLUG}/{EVENT_SLUG}.ics"
    assert (session.served / calendar).read_bytes() != (outcome.full / calendar).read_bytes()


@pytest.mark.slow
def test_an_edited_past_event_renders_its_recap_page(session: Session) -> None:
    path = session.root / "events" / "de" / f"{RECAP_EVENT}.md"
    outcome = _save_and_build(session, path, "title: Treffen 2023", "title: Treffen 2023, neu")

    _assert_faithful(session, outcome, "de")
    recap = RECAP_PAGE.replace(".md", "/index.html")
    showing = {f"events/{RECAP_EVENT}/index.html", "events/index.html", recap}
    assert showing <= set(outcome.written), sorted(showing - set(outcome.written))
    assert "Treffen 2023, neu" in (session.served / recap).read_text(encoding="utf-8")
    assert "mitmachen/index.html" not in outcome.written  # no template, no jinja, no recap


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_edited_page_renders_only_that_page_as_a_full_build_does(
    session: Session, lang: str
) -> None:
    path = session.root / "docs" / lang / "mitmachen.md"
    heading = "# Mitmachen\n" if lang == "de" else "# Get involved\n"
    outcome = _save_and_build(session, path, heading, f"{heading}\nEin neuer Absatz ({lang}).\n")

    _assert_faithful(session, outcome, lang)
    page = f"{_prefix(lang)}mitmachen/index.html"
    assert outcome.written == [page]
    assert f"Ein neuer Absatz ({lang})." in (session.served / page).read_text(encoding="utf-8")


# ------------------------------------------------------------------ errors and the cache


@pytest.fixture
def mkdocs_log() -> Iterator[list[str]]:
    """Every message the build logs, formatted with its traceback if it has one."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(f"{record.levelname}: {self.format(record)}")

    handler = Collect(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield messages
    logger.removeHandler(handler)
    logger.setLevel(level)


BROKEN_EVENT = "events/de/vergangen.md"
BROKEN_LINE = f"{BROKEN_EVENT}:4: start: „morgen“"  # as tests/test_scripts_serve.py's ERROR_LINE


@pytest.mark.slow
def test_a_broken_event_stops_the_focused_build_with_file_and_line(
    session: Session, mkdocs_log: list[str]
) -> None:
    path = session.root / BROKEN_EVENT
    good = path.read_text(encoding="utf-8")
    assert good.splitlines()[3] == "start: 2025-11-18 16:30"  # line 4
    before = _stamps(session.served)
    path.write_text(good.replace("start: 2025-11-18 16:30", "start: morgen"), encoding="utf-8")
    try:
        with pytest.raises(Abort):
            session.focused(path)
    finally:
        path.write_text(good, encoding="utf-8")
    log = "\n".join(mkdocs_log)
    assert BROKEN_LINE in log, log
    assert "Traceback" not in log, log
    assert _stamps(session.served) == before  # the served pages stay as they were

    # Fixed: the next focused build of the same session works again.
    assert f"events/{path.stem}/index.html" in session.focused(path)


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages converted from Markdown (src_uri), while the test runs: by MkDocs, and
    generated pages by their own render (civic_site/generated_page.py)."""
    converted: list[str] = []
    for page_type in (Page, GeneratedPage):
        convert = page_type.__dict__["render"]

        def counted(page: Page, config: MkDocsConfig, files: object, convert=convert) -> None:
            converted.append(page.file.src_uri)
            convert(page, config, files)

        monkeypatch.setattr(page_type, "render", counted)
    return converted


@pytest.mark.slow
def test_unchanged_pages_are_not_converted_again(session: Session, conversions: list[str]) -> None:
    path = session.root / "events" / "de" / "abgesagt.md"
    hits = session.renders.hits
    written = session.focused(path)  # saved without a change
    assert "events/abgesagt/index.html" in written
    assert conversions == []  # every page's Markdown came from the session's cache
    assert session.renders.hits - hits >= len(written)

    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("Leider abgesagt.", "Leider doch abgesagt."), encoding="utf-8")
    try:
        hits = session.renders.hits
        session.focused(path)
        assert conversions == ["de/events/abgesagt.md"]  # only the edited event's page
        assert session.renders.hits > hits
        page = session.served / "events/abgesagt/index.html"
        assert "Leider doch abgesagt." in page.read_text(encoding="utf-8")
    finally:  # the served folder as the session's latest full build (session.reference)
        path.write_text(good, encoding="utf-8")
        session.focused(path)


@pytest.mark.slow
def test_a_conversion_with_a_warning_is_not_kept(
    session: Session, conversions: list[str], mkdocs_log: list[str]
) -> None:
    path = session.root / "docs" / "de" / "mitmachen.md"
    good = path.read_text(encoding="utf-8")
    broken = good.replace("# Mitmachen\n", "# Mitmachen\n\n[Kaputt](gibt-es-nicht.md)\n", 1)
    assert broken != good
    path.write_text(broken, encoding="utf-8")
    try:
        for attempt in (1, 2):  # strict: fails, and fails again on the next save
            del mkdocs_log[:]
            with pytest.raises(Abort):
                session.focused(path)
            warnings = [m for m in mkdocs_log if m.startswith("WARNING") and "gibt-es-nicht" in m]
            assert warnings, (attempt, mkdocs_log)
            assert conversions.count("de/mitmachen.md") == attempt
    finally:
        path.write_text(good, encoding="utf-8")
    assert session.focused(path) == ["mitmachen/index.html"]
    assert "gibt-es-nicht" not in (session.served / "mitmachen/index.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_a_cached_page_is_converted_again_when_the_files_change(
    session: Session, mkdocs_log: list[str]
) -> None:
    """A removed link target: the next build (a full one, with the session's cache, as the
    preview runs it after a removal) warns about the link, so strict mode fails."""
    page = session.root / "docs" / "de" / "mitmachen.md"
    target = session.root / "docs" / "de" / "ziel.txt"
    good = page.read_text(encoding="utf-8")
    try:
        target.write_text("Ziel", encoding="utf-8")
        page.write_text(good + "\n[Ziel](ziel.txt)\n", encoding="utf-8")
        full_mkdocs_build(session.load(session.served), serve_url=SERVE_URL)
        target.unlink()
        del mkdocs_log[:]
        with pytest.raises(Abort):
            full_mkdocs_build(session.load(session.served), serve_url=SERVE_URL)
        assert any(m.startswith("WARNING") and "ziel.txt" in m for m in mkdocs_log), mkdocs_log
    finally:  # the served folder as the session's latest full build (session.reference)
        page.write_text(good, encoding="utf-8")
        target.unlink(missing_ok=True)
        full_mkdocs_build(session.load(session.served), serve_url=SERVE_URL)


@pytest.mark.slow
def test_a_page_the_event_left_is_rendered_too(session: Session) -> None:
    path = session.root / "events" / "de" / f"{EVENT_SLUG}.md"
    good = path.read_text(encoding="utf-8")
    try:
        outcome = _save_and_build(session, path, "series: ki-und-zivilgesellschaft\n", "")
        # The series still has another event, so its page stays, without this one.
        series = "events/series/ki-und-zivilgesellschaft/index.html"
        assert series in outcome.after and (outcome.full / series).is_file()
        _assert_faithful(session, outcome, "de")
    finally:
        _restore(session, path, good)


def _restore(session: Session, path: Path, good: str) -> None:
    """Back to the state of the other tests: the file, and a full build served, made as the
    preview makes it (so the session knows again which page shows which event)."""
    path.write_text(good, encoding="utf-8")
    session.reference = session.full_build()
    shutil.rmtree(session.served)
    full_mkdocs_build(session.load(session.served), serve_url=SERVE_URL)


@pytest.mark.slow
def test_a_page_that_is_gone_is_removed_from_the_preview(session: Session) -> None:
    # "Fachtag" is the category of this one event only: moved to another, its page is gone.
    path = session.root / "events" / "de" / "abgesagt.md"
    good = path.read_text(encoding="utf-8")
    gone = "events/category/fachtag/index.html"
    assert (session.served / gone).is_file()
    try:
        outcome = _save_and_build(session, path, "categories: [Fachtag]", "categories: [Tagung]")
        assert not (outcome.full / gone).exists()
        assert not (session.served / gone).exists()
        new = "events/category/tagung/index.html"
        assert new in outcome.after
        assert (session.served / new).read_bytes() == (outcome.full / new).read_bytes()
        _assert_faithful(session, outcome, "de")
    finally:
        _restore(session, path, good)
