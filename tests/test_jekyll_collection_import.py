"""import-jekyll on a civic Jekyll site that keeps its events in a collection.

The site (tests/jekyll_sites.py: tests/fixtures/jekyll-collection/ plus generated meetups
and recaps) has `collections` with `output: true` and `false`, `defaults`, permalinks per
collection and `pretty` for posts, a base URL, `lang`, dated and undated file names, a
draft, `published: false`, and each common include. It is imported in one go into a copy
of the project, which must then build with --strict.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from civic_site.frontmatter import read_document
from tests.jekyll_sites import MEETUPS, PLACES, RECAP_EVERY, collection_site, meetup_slug
from tests.sitebuild import BuildResult, run_mkdocs_build
from tests.test_scripts_import_jekyll import import_jekyll, own_docs_project

ORGANIZER = {
    "name": "Digitale Nachbarschaft Musterstadt",
    "url": "https://digitale-nachbarschaft.example/blog/",
    "email": "kontakt@digitale-nachbarschaft.example",
}
LIQUID_RE = re.compile(r"\{%|\{\{|%\}|\}\}")


class Imported:
    def __init__(self, site: Path, project: Path, output: str, build: BuildResult) -> None:
        self.site, self.project, self.output, self.build = site, project, output, build

    def written(self) -> dict[str, str]:
        files = [
            *self.project.glob("events/*/*.md"),
            *self.project.glob("docs/*/beitraege/*.md"),
        ]
        return {p.relative_to(self.project).as_posix(): p.read_text("utf-8") for p in files}

    def meta(self, rel: str) -> dict:
        return read_document(self.project / rel).meta

    def body(self, rel: str) -> str:
        return read_document(self.project / rel).body

    @property
    def report(self) -> str:
        return self.output.split("Bitte prüfen", 1)[1]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    base = tmp_path_factory.mktemp("jekyll-collection")
    site = collection_site(base / "jekyll")
    project = own_docs_project(base)
    started = time.perf_counter()
    result = import_jekyll(project, site)
    imported_at = time.perf_counter()
    build = run_mkdocs_build(project / "mkdocs.yml", base / "site")
    built_at = time.perf_counter()
    print(
        f"\nimport-jekyll: {imported_at - started:.1f} s, "
        f"mkdocs build --strict: {built_at - imported_at:.1f} s"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert imported_at - started < 30, "the import must take seconds, not minutes"
    return Imported(site, project, result.stdout, build)


def test_the_whole_import_builds_strict(imported: Imported) -> None:
    assert imported.build.returncode == 0, imported.build.output
    site_dir = imported.build.site_dir
    for number in range(1, MEETUPS + 1):
        assert (site_dir / "events" / meetup_slug(number) / "index.html").is_file()
    assert (site_dir / "events/ki-treff-fruehling/index.html").is_file()
    assert (site_dir / "beitraege/willkommen/index.html").is_file()
    assert (site_dir / "en/beitraege/summary-in-english/index.html").is_file()


def test_collection_documents_become_events(imported: Imported) -> None:
    written = imported.written()
    events = sorted(p for p in written if p.startswith("events/de/"))
    expected = sorted(f"events/de/{meetup_slug(n)}.md" for n in range(1, MEETUPS + 1))
    assert events == sorted([*expected, "events/de/ki-treff-fruehling.md"])
    meta = imported.meta("events/de/ki-treff-07.md")
    assert meta["start"].startswith("2025-04-08 18:00")
    assert meta["end"] == "20:00"
    assert meta["location"]["address"] == PLACES[7 % len(PLACES)].split(", ", 1)[1]
    assert meta["categories"] == ["KI-Treff"]  # from `defaults` for the collection
    assert meta["header_image"] == "assets/images/imported/ki-treff-07/ki-treff-07.png"
    assert meta["date"] == "2025-03-29"
    spring = imported.meta("events/de/ki-treff-fruehling.md")  # dates in the front matter
    assert (spring["start"], spring["end"]) == ("2025-03-20 18:30", "21:00")
    assert spring["location"] == {
        "name": "Stadtbibliothek",
        "address": "Am Markt 5, 12345 Musterstadt",
    }
    assert spring["header_image"] == "assets/images/imported/ki-treff-fruehling/raum.png"


def test_every_event_names_the_imported_sites_organizer(imported: Imported) -> None:
    for rel in imported.written():
        if rel.startswith("events/"):
            assert imported.meta(rel)["organizer"] == ORGANIZER, rel
    page = imported.build.page("events/ki-treff-07/index.html")
    assert "Digitale Nachbarschaft Musterstadt" in page


def test_every_pretix_slug_survives(imported: Imported) -> None:
    sources = "\n".join(p.read_text("utf-8") for p in imported.site.rglob("*.md"))
    slugs = set(re.findall(r'pretix-widget\.html event="([^"]+)"', sources))
    assert len(slugs) == MEETUPS + 2
    kept = set()
    for rel, text in imported.written().items():
        pretix = imported.meta(rel).get("pretix")
        if isinstance(pretix, dict):
            kept.add(pretix["event"])
            assert pretix["organizer"] == "digitale-nachbarschaft"  # from _includes/
        elif pretix:
            kept.add(pretix)
        kept |= set(re.findall(r'pretix-widget\.html event="([^"]+)"', text))
    assert kept == slugs
    built = "\n".join(p.read_text("utf-8") for p in imported.build.site_dir.rglob("*.html"))
    for slug in slugs:
        assert f"/{slug}/" in built, slug


def test_no_liquid_is_left(imported: Imported) -> None:
    for rel, text in imported.written().items():
        without_pretix = re.sub(r"\{% include pretix-widget\.html [^%]*%\}", "", text)
        assert not LIQUID_RE.search(without_pretix), (rel, LIQUID_RE.findall(without_pretix))
    for html in imported.build.site_dir.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "{%" not in text and "{{" not in text, html


def test_recaps_are_linked_to_their_announcements(imported: Imported) -> None:
    for number in range(RECAP_EVERY, MEETUPS + 1, RECAP_EVERY):
        slug = meetup_slug(number)
        meta = imported.meta(f"events/de/{slug}.md")
        assert meta["recap"] == f"beitraege/rueckblick-{slug}.md", slug
        recap = imported.body(f"docs/de/beitraege/rueckblick-{slug}.md")
        assert f"[Ankündigung](../events/{slug}.md)" in recap
        assert f"](../../assets/images/imported/rueckblick-{slug}/{slug}.png)" in recap
    assert "recap" not in imported.meta("events/de/ki-treff-01.md")


def test_old_permalinks_become_links_to_the_imported_files(imported: Imported) -> None:
    body = imported.body("docs/de/beitraege/neues-jahr.md")
    assert body.count("](willkommen.md)") == 3  # pretty permalink, redirect_from, post_url
    welcome = imported.body("docs/de/beitraege/willkommen.md")
    assert "[KI-Treff im Frühling](../events/ki-treff-fruehling.md)" in welcome
    assert "[Gleich anmelden](../events/ki-treff-fruehling.md){ .md-button }" in welcome
    english = imported.body("docs/en/beitraege/summary-in-english.md")
    assert "[spring meetup](../events/ki-treff-fruehling.md)" in english
    assert "[welcome post](willkommen.md)" in english  # the German page, shown under /en/


def test_common_includes_become_markdown(imported: Imported) -> None:
    body = imported.body("docs/de/beitraege/willkommen.md")
    assert (
        '<figure markdown="span">\n'
        "![Das Team vor dem Rathaus](../../assets/images/imported/willkommen/team.png)\n"
        "<figcaption>Unser Team im Januar 2025.</figcaption>\n"
        "</figure>"
    ) in body
    assert "![Ein Punkt als Platzhalter](../../assets/images/imported/willkommen/punkt.gif)" in body
    assert (
        "![Logo der Digitalen Nachbarschaft](../../assets/images/imported/willkommen/logo.svg)"
        '{ width="80" }'
    ) in body
    assert (
        "[Newsletter abonnieren](https://digitale-nachbarschaft.example/newsletter/){ .md-button }"
    ) in body
    gallery = re.findall(r"!\[(Sommerfest: [^\]]+)\]\(([^)]+)\)", body)
    assert [alt for alt, _ in gallery] == [
        "Sommerfest: Stände im Hof",
        "Sommerfest: Vortrag unter dem Baum",
    ]
    assert "Sommerfest 2024" in body  # the gallery caption
    assert "[Video auf Vimeo](https://vimeo.com/76979871)" in body
    assert (
        "[Video auf YouTube: Digitale Nachbarschaft in 90 Sekunden]"
        "(https://www.youtube.com/watch?v=dQw4w9WgXcQ)"
    ) in body
    werkstatt = "https://www.youtube.com/watch?v=abcdEFGh123"
    assert f"[Video auf YouTube: Werkstattbericht]({werkstatt})" in body
    assert "<iframe" not in body
    # the page's header image (Minimal Mistakes' header.image) is on top of the page
    assert body.lstrip().startswith("![](../../assets/images/imported/willkommen/willkommen.png)")
    folder_gallery = imported.body("docs/de/beitraege/neues-jahr.md")
    assert folder_gallery.count("![Sommerfest der Digitalen Nachbarschaft](") == 3
    for html in ("beitraege/willkommen/index.html", "beitraege/neues-jahr/index.html"):
        page = imported.build.page(html)
        for src in re.findall(r'<img[^>]*src="([^"]+)"', page):
            if "imported/" in src:
                assert (imported.build.site_dir / html).parent.joinpath(src).resolve().is_file()


def test_what_cannot_be_converted_is_reported_on_its_line(imported: Imported) -> None:
    report = imported.report
    post = "_posts/2025-06-01-sprechstunde.md"
    source = (imported.site / post).read_text("utf-8").splitlines()

    def line(fragment: str) -> int:
        return next(n for n, text in enumerate(source, 1) if fragment in text)

    for fragment in ("{% if", "{% for", "{% assign", "site.data.kontakt.telefon", "newsletter"):
        assert f"{post}:{line(fragment)}: Warnung: " in report, fragment
    assert f"{post}:{line('include_relative')}: Warnung: " in report
    body = imported.body("docs/de/beitraege/sprechstunde.md")
    assert "Die Sprechstunde „Offene Sprechstunde“ findet" in body  # {{ page.title }}
    assert "&#123;&#123; page.title &#125;&#125;" in body  # {% raw %} stays visible text
    assert "```yaml\ntitle: Beispiel\n```" in body  # {% highlight %}
    assert (
        '{% include pretix-widget.html event="sprechstunde-2025" '
        'organizer="digitale-nachbarschaft" items="3,4" %}'
    ) in body
    assert "Karte" not in body and "partner" not in body


def test_drafts_unpublished_undated_and_hidden_collections_are_listed(imported: Imported) -> None:
    report = imported.report
    for expected in (
        "_drafts/ideen.md:1: Hinweis: Entwurf",
        "_posts/2025-04-01-noch-nicht.md:3: Hinweis: published: false",
        "_meetups/archiv/ki-treff-2023.md:1: Hinweis: published: false",
        "_notizen/intern.md:1: Hinweis: ",
        "_posts/ohne-datum.md:1: Warnung: kein Datum",
        "_meetups/undatiert.md:1: Warnung: kein Datum",
    ):
        assert expected in report, expected
    written = imported.written()
    for name in ("ideen", "noch-nicht", "ki-treff-2023", "intern", "ohne-datum", "undatiert"):
        assert not [rel for rel in written if Path(rel).stem == name], name
    assert "README" not in imported.output


def test_a_second_import_overwrites_nothing(imported: Imported) -> None:
    before = {
        p: p.read_bytes()
        for folder in ("events", "docs")
        for p in (imported.project / folder).rglob("*")
        if p.is_file()
    }
    result = import_jekyll(imported.project, imported.site)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    after = {
        p: p.read_bytes()
        for folder in ("events", "docs")
        for p in (imported.project / folder).rglob("*")
        if p.is_file()
    }
    assert after == before
    assert "gibt es schon und wird nicht überschrieben" in result.stdout
