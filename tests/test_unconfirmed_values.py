"""Unconfirmed values (`UNBESTÄTIGT: …`) are never passed off as fact.

Templates print operator data and other assumed facts through the template API's
`confirmed` test and `fact` / `fact_link` filters (civic_site/facts.py): a confirmed value
appears as itself, an unconfirmed one as visible, marked text ("[noch nicht bestätigt: …]")
and never as a link. The built site is read with the standard library's HTML parser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
import yaml

from civic_site.facts import fact_filters, fact_tests
from civic_site.placeholders import find_placeholders, is_unconfirmed, what_is_missing
from civic_site.project import load_project
from civic_site.ui_strings import load_ui_strings
from tests.sitebuild import ROOT, STRINGS_DIR, BuildResult, built_pages

THEME = ROOT / "overrides"


def _env(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME)))
    env.globals.update(ui=load_ui_strings(lang, STRINGS_DIR), site_lang=lang)
    env.filters.update(fact_filters(env))
    env.tests.update(fact_tests())
    return env


def render(source: str, lang: str = "de", **context: object) -> str:
    return _env(lang).from_string(source).render(**context)


# --- the template API ----------------------------------------------------------------------


def test_confirmed_test_tells_placeholders_from_facts() -> None:
    template = "{{ a is confirmed }} {{ b is confirmed }} {{ b is unconfirmed }}"
    assert render(template, a="+49 30 1", b="UNBESTÄTIGT: Telefon") == "True False True"


def test_a_confirmed_value_is_printed_escaped() -> None:
    assert render("{{ v | fact }}", v="Müller & Söhne <GmbH>") == "Müller &amp; Söhne &lt;GmbH&gt;"


@pytest.mark.parametrize(
    ("lang", "label"), [("de", "noch nicht bestätigt"), ("en", "not yet confirmed")]
)
def test_an_unconfirmed_value_is_marked_text(lang: str, label: str) -> None:
    html = render("{{ v | fact }}", lang, v="UNBESTÄTIGT: Telefonnummer für Anfragen")
    assert "UNBESTÄTIGT" not in html
    assert 'class="civic-unconfirmed"' in html
    text = re.sub(r"<[^>]+>", "", html)
    assert text == f"[{label}: Telefonnummer für Anfragen]"
    # What is missing is described in German, also on the English site.
    assert ('lang="de"' in html) == (lang != "de")


def test_fact_link_links_only_a_confirmed_value() -> None:
    confirmed = render('{{ v | fact_link(prefix="mailto:") }}', v="info@example.org")
    assert confirmed == '<a href="mailto:info@example.org">info@example.org</a>'
    labelled = render('{{ v | fact_link("Website") }}', v="https://example.org/?a=1&b=2")
    assert labelled == '<a href="https://example.org/?a=1&amp;b=2">Website</a>'

    for template in ('{{ v | fact_link(prefix="mailto:") }}', '{{ v | fact_link("Website") }}'):
        html = render(template, v="UNBESTÄTIGT: info@example.org")
        assert "<a" not in html and "href" not in html and "mailto:" not in html
        assert "noch nicht bestätigt: info@example.org" in re.sub(r"<[^>]+>", "", html)
    assert render('{{ v | fact_link("Website") }}', v="UNBESTÄTIGT: x").startswith("Website ")


# --- the built site ------------------------------------------------------------------------


class _Links(HTMLParser):
    """Every URL attribute, and every marked value with whether it sits inside a link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.marked_in_link: list[bool] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.urls += [values[k] for k in ("href", "src", "content", "action") if k in values]
        if "civic-unconfirmed" in values.get("class", "").split():
            self.marked_in_link.append("a" in self._open)
        if tag not in {"br", "img", "link", "meta", "input", "hr", "source", "track", "wbr"}:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            index = len(self._open) - 1 - self._open[::-1].index(tag)
            del self._open[index:]


def _placeholder_guesses() -> set[str]:
    """E-mail addresses, URLs and phone numbers written inside the real placeholders."""
    found = set()
    for item in find_placeholders(load_project(ROOT / "mkdocs.yml")):
        found |= set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s)\"']+", item.message))
    return found


def test_no_built_page_shows_the_raw_marker(real_site: BuildResult) -> None:
    pages = [p for p in real_site.site_dir.rglob("*") if p.suffix in {".html", ".xml", ".ics"}]
    marked = [
        str(p.relative_to(real_site.site_dir))
        for p in pages
        if "UNBESTÄTIGT" in p.read_text(encoding="utf-8").upper()
    ]
    assert marked == []


def test_unconfirmed_values_are_never_links(real_site: BuildResult) -> None:
    guesses = _placeholder_guesses()
    assert "info@civic-coding.de" in guesses  # the scan itself works
    problems = []
    for path in built_pages(real_site.site_dir):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        rel = path.relative_to(real_site.site_dir)
        problems += [
            f"{rel}: marked value inside a link" for inside in parser.marked_in_link if inside
        ]
        problems += [f"{rel}: {url}" for url in parser.urls for guess in guesses if guess in url]
    assert problems == []


def _marked_texts(site: BuildResult, rel: str) -> list[str]:
    html = site.page(rel)
    spans = re.findall(r'<span class="civic-unconfirmed">(.*?\])</span>', html, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", "", span).split()) for span in spans]


@pytest.mark.parametrize(
    ("rel", "label"),
    [
        ("impressum/index.html", "noch nicht bestätigt"),
        ("en/impressum/index.html", "not yet confirmed"),
    ],
)
def test_imprint_marks_each_unconfirmed_operator_value(
    real_site: BuildResult, rel: str, label: str
) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    operator = config["extra"]["operator"]
    marked = _marked_texts(real_site, rel)
    for key in ("phone", "email", "representative", "responsible", "street"):
        if is_unconfirmed(operator[key]):
            assert f"[{label}: {what_is_missing(operator[key])}]" in marked, key
    assert "mailto:" not in real_site.page(rel) or not is_unconfirmed(operator["email"])


def test_marked_values_are_styled(real_site: BuildResult) -> None:
    css = real_site.page("assets/css/site.css")
    assert re.search(r"\.civic-unconfirmed\s*\{[^}]*border", css)


def test_json_ld_holds_no_assumed_value(real_site: BuildResult) -> None:
    guesses = _placeholder_guesses()
    for rel in ("index.html", "en/index.html"):
        html = real_site.page(rel)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert blocks, rel
        assert [g for b in blocks for g in guesses if g in b] == [], rel


def test_every_template_prints_operator_values_through_the_api() -> None:
    """`{{ operator.x }}` without `fact` would print the raw marker; `mailto:{{` a link."""
    sources = sorted(THEME.rglob("*.html")) + sorted((ROOT / "docs").rglob("*.md"))
    bare = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\{\{\s*operator\.(\w+)\s*(\|[^}]*)?\}\}", text):
            if "fact" not in (match.group(2) or ""):
                bare.append(f"{Path(path).relative_to(ROOT)}: {match.group(0)}")
        bare += [
            f"{Path(path).relative_to(ROOT)}: mailto" for _ in re.finditer(r"mailto:\{\{", text)
        ]
    assert bare == []


def test_no_page_points_at_the_assumed_pretix_shop(real_site: BuildResult) -> None:
    """The pretix organizer is a guess: no link, widget, script or offer may rest on it."""
    pretix = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["pretix"]
    assert is_unconfirmed(pretix["organizer"])
    guess = what_is_missing(pretix["organizer"]).rsplit("bisher angenommen:", 1)[1].strip()
    assert guess == "civic-coding"
    shop = f"{pretix['url'].rstrip('/')}/{guess}/"
    files = [p for p in real_site.site_dir.rglob("*") if p.suffix in {".html", ".xml", ".ics"}]
    assert [str(p) for p in files if shop in p.read_text(encoding="utf-8")] == []
