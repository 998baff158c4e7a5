"""pretix widgets in built sites: event registration boxes and include tags in Markdown."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.sitebuild import (
    FIXTURE_NOW,
    FIXTURE_PRETIX_ORGANIZER,
    ROOT,
    BuildResult,
    make_fixture_project,
    run_mkdocs_build,
)

TAG_PAGE = """---
title: Anmeldung testen
---

# Zwei Formulare

Für das Meetup:

{% include pretix-widget.html event="ki-zivil-11" %}

Nur bestimmte Produkte, mit Gutschein:

{% include pretix-widget.html event="ki-zivil-11" items="1,2"
   voucher="SPRING_26" disable-vouchers=true %}

So sieht der Baustein aus: `{% include pretix-widget.html event="beispiel" %}`

```liquid
{% include pretix-widget.html event="im-code" %}
```
"""

START_PAGE = """---
title: Start für den Test
---

# Start

[Zur Anmeldung](pretix-test.md)
"""


def make_pretix_project(
    target: Path,
    pretix_url: str,
    pages: dict[str, str],
    loading: str = "two-click",
    instant: bool = False,
    organizer: str | None = FIXTURE_PRETIX_ORGANIZER,
) -> Path:
    """The real project (tests/sitebuild.py) with extra pages under docs/<lang>/ and the
    pretix address pointed at `pretix_url`. `pages` maps e.g. 'de/pretix-test.md' to text.
    `organizer`: extra.pretix.organizer (None: the real config's, unconfirmed)."""
    config = make_fixture_project(target, pretix_organizer=organizer)
    docs_link = target / "docs"
    docs_link.unlink()  # a symlink to the real docs/: replace by a folder of symlinks
    docs_link.mkdir()
    for entry in (ROOT / "docs").iterdir():
        if entry.name in ("de", "en"):
            (docs_link / entry.name).mkdir()
            for child in entry.iterdir():
                (docs_link / entry.name / child.name).symlink_to(child)
        else:
            (docs_link / entry.name).symlink_to(entry)
    for rel, text in pages.items():
        (docs_link / rel).write_text(text, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    replacements = {"    url: https://pretix.eu\n": f"    url: {pretix_url}\n"}
    replacements["    loading: two-click\n"] = f"    loading: {loading}\n"
    replacements["not_in_nav: |\n"] = "not_in_nav: |\n  /*/pretix-*.md\n"
    if instant:
        replacements["  features:\n"] = "  features:\n    - navigation.instant\n"
    for old, new in replacements.items():
        assert text.count(old) == 1, f"mkdocs.yml changed: {old!r} not found once"
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    return config


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag: str, css_class: str | None = None) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.found
            if name == tag
            and (css_class is None or css_class in (attrs.get("class") or "").split())
        ]


def tags(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def pretix_requests_in_markup(html: str, host: str) -> list[str]:
    """Things a browser would load by itself from the pretix host."""
    parsed = tags(html)
    loads = [a.get("src") for a in parsed.all("script")] + [
        a.get("href") for a in parsed.all("link")
    ]
    loads += [a.get("src") for a in parsed.all("iframe") + parsed.all("img")]
    return [url for url in loads if url and host in url]


# ------------------------------------------------------------------ event pages


def test_upcoming_event_gets_a_two_click_widget(fixture_site: BuildResult):
    for rel, script in (
        ("events/upcoming-hybrid/index.html", "https://pretix.eu/widget/v2.de.js"),
        ("en/events/upcoming-hybrid/index.html", "https://pretix.eu/widget/v2.en.js"),
    ):
        html = fixture_site.page(rel)
        parsed = tags(html)
        boxes = parsed.all("div", "civic-pretix")
        assert len(boxes) == 1, rel
        assert boxes[0]["data-pretix-script"] == script
        assert boxes[0]["data-pretix-stylesheet"] == "https://pretix.eu/civic-coding/widget/v2.css"
        widget = parsed.all("pretix-widget")[0]
        assert widget["event"] == "https://pretix.eu/civic-coding/demo-meetup/"
        assert widget["items"] == "12,13"
        assert pretix_requests_in_markup(html, "pretix.eu") == []
        shop = parsed.all("a", "civic-pretix__shop")
        assert shop and shop[0]["href"] == "https://pretix.eu/civic-coding/demo-meetup/"
        assert 'datenschutz/#pretix">' in html


def test_past_event_says_it_took_place_and_links_the_recap(fixture_site: BuildResult):
    html = fixture_site.page("events/vergangen/index.html")
    registration = html[html.index('class="civic-registration"') :]
    assert "Diese Veranstaltung hat stattgefunden." in registration
    assert 'href="../rueckblick-vergangen/">Zum Rückblick</a>' in registration
    assert "civic-pretix" not in html
    en = fixture_site.page("en/events/vergangen/index.html")
    assert "This event has taken place." in en[en.index('class="civic-registration"') :]


def test_cancelled_event_has_no_widget(fixture_site: BuildResult):
    html = fixture_site.page("events/abgesagt/index.html")
    assert "civic-pretix" not in html
    assert "keine Anmeldung möglich" in html


# ------------------------------------------------------------------ include tags


@pytest.fixture(scope="module")
def tag_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("pretix-tags")
    config = make_pretix_project(
        project,
        "https://tickets.example.org",
        {"de/pretix-test.md": TAG_PAGE, "en/pretix-test.md": TAG_PAGE},
    )
    result = run_mkdocs_build(config, project / "site")
    assert result.returncode == 0, result.output
    return result


def test_include_tag_twice_gives_two_widgets_with_own_ids(tag_site: BuildResult):
    html = tag_site.page("pretix-test/index.html")
    parsed = tags(html)
    boxes = parsed.all("div", "civic-pretix")
    assert len(boxes) == 2
    widgets = parsed.all("pretix-widget")
    assert [w["id"] for w in widgets] == ["pretix-widget-1", "pretix-widget-2"]
    assert widgets[0] == {
        "id": "pretix-widget-1",
        "event": "https://tickets.example.org/civic-coding/ki-zivil-11/",
    }
    assert widgets[1] == {
        "id": "pretix-widget-2",
        "event": "https://tickets.example.org/civic-coding/ki-zivil-11/",
        "items": "1,2",
        "voucher": "SPRING_26",
        "disable-vouchers": None,
    }
    assert len(parsed.all("button", "civic-pretix__load")) == 2
    assert pretix_requests_in_markup(html, "tickets.example.org") == []
    # The privacy link resolves from this page to the privacy page of its language.
    note_links = re.findall(r'civic-pretix__note">[^<]*<a href="([^"]+)"', html)
    assert note_links == ["../datenschutz/#pretix", "../datenschutz/#pretix"]
    assert (tag_site.site_dir / "datenschutz" / "index.html").exists()


def test_tags_in_code_stay_as_examples_and_no_tag_leaks(tag_site: BuildResult):
    html = tag_site.page("pretix-test/index.html")
    content = html[html.index('<article class="md-content__inner') :]
    without_code = re.sub(r"<code>.*?</code>", "", content, flags=re.DOTALL)
    assert "{%" not in without_code
    assert '<code>{% include pretix-widget.html event="beispiel" %}</code>' in content
    assert "im-code" in content  # shown as text, not turned into a widget:
    events = [w["event"] for w in tags(content).all("pretix-widget")]
    assert len(events) == 2 and not any("beispiel" in e or "im-code" in e for e in events)


def test_english_page_loads_the_english_script(tag_site: BuildResult):
    html = tag_site.page("en/pretix-test/index.html")
    boxes = tags(html).all("div", "civic-pretix")
    assert {b["data-pretix-script"] for b in boxes} == {
        "https://tickets.example.org/widget/v2.en.js"
    }
    assert "Load the registration form – this transfers data to pretix" in html


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{% include pretix-widget.html event="ki zivil" %}', "pretix-test.md:6: event:"),
        ("{% raw %}", "pretix-test.md:6: {% %}:"),
    ],
)
def test_a_bad_tag_stops_the_build_with_file_and_line(tmp_path: Path, line: str, expected: str):
    # Every kind of bad tag is covered in test_pretix_embed.py; here the wiring.
    page = f"---\ntitle: Kaputt\n---\n\nText\n{line}\n"
    config = make_pretix_project(tmp_path, "https://pretix.eu", {"de/pretix-test.md": page})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/de/{expected}" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_bad_tag_in_an_event_names_the_event_file_and_line(tmp_path: Path):
    # The event's body is in memory (Event.body_line): no source file is read again.
    config = make_pretix_project(tmp_path, "https://pretix.eu", {})
    event = tmp_path / "events" / "de" / "vergangen.md"
    text = event.read_text(encoding="utf-8").rstrip("\n")
    text += '\n\nText\n{% include pretix-widget.html event="ki zivil" %}\n'
    event.write_text(text, encoding="utf-8")
    result = run_mkdocs_build(config, tmp_path / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode != 0
    assert f"events/de/vergangen.md:{len(text.splitlines())}: event:" in result.output
    assert "Traceback" not in result.output


def test_a_registration_box_without_organizer_names_the_pretix_line(tmp_path: Path):
    config = make_pretix_project(tmp_path, "https://pretix.eu", {}, organizer="null")
    result = run_mkdocs_build(config, tmp_path / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode != 0
    found = re.search(r"(events/\w+/[\w-]+\.md):(\d+): pretix\.organizer: kein", result.output)
    assert found, result.output
    lines = (tmp_path / found[1]).read_text(encoding="utf-8").splitlines()
    assert lines[int(found[2]) - 1].startswith("pretix:")
    assert "Traceback" not in result.output


def test_a_bad_setting_stops_the_build(tmp_path: Path):
    config = make_pretix_project(tmp_path, "https://pretix.eu", {}, loading="sofort")
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs.yml: extra.pretix.loading: „sofort“" in result.output
    assert "Traceback" not in result.output


def test_direct_loading_puts_no_placeholder(tmp_path: Path):
    config = make_pretix_project(
        tmp_path, "https://pretix.eu", {"de/pretix-test.md": TAG_PAGE}, loading="direct"
    )
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = result.page("pretix-test/index.html")
    parsed = tags(html)
    assert {b["data-pretix-loading"] for b in parsed.all("div", "civic-pretix")} == {"direct"}
    assert not parsed.all("button", "civic-pretix__load")
    assert html.count("<noscript>") >= 2


def test_a_plain_http_pretix_address_stops_the_build(tmp_path: Path):
    config = make_pretix_project(tmp_path, "http://pretix.example.org", {})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs.yml: extra.pretix.url: „http://pretix.example.org“" in result.output
    assert "https" in result.output.split("extra.pretix.url", 1)[1].splitlines()[0]
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ unconfirmed organizer

PENDING_PAGE = """---
title: Anmeldung bald
---

# Anmeldung

{% include pretix-widget.html event="ki-zivil-11" %}
"""

MIXED_PAGE = """---
title: Zwei Anmeldungen
---

# Zwei Anmeldungen

{% include pretix-widget.html event="ki-zivil-11" %}

Beim anderen Veranstalter:

{% include pretix-widget.html event="ki-zivil-11" organizer="oic-bielefeld" %}
"""


@pytest.fixture(scope="module")
def unconfirmed_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real config's pretix organizer (unconfirmed), the fixture events, one more event
    that names its pretix organizer, and pages with include tags."""
    project = tmp_path_factory.mktemp("pretix-unconfirmed")
    pages = {f"{lang}/pretix-bald.md": PENDING_PAGE for lang in ("de", "en")}
    pages["de/pretix-gemischt.md"] = MIXED_PAGE
    config = make_pretix_project(project, "https://pretix.eu", pages, organizer=None)
    text = (project / "events" / "de" / "upcoming-hybrid.md").read_text(encoding="utf-8")
    named = text.replace(
        "  event: demo-meetup\n", "  event: demo-meetup\n  organizer: oic-bielefeld\n"
    )
    (project / "events" / "de" / "mit-veranstalter.md").write_text(named, encoding="utf-8")
    result = run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode == 0, result.output
    return result


def csp(html: str) -> dict[str, list[str]]:
    """The page's Content-Security-Policy, by directive."""
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def json_ld_blocks(html: str) -> list[dict]:
    import json

    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block) for block in found]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rel", "says"),
    [
        ("events/upcoming-hybrid/index.html", "Die Anmeldung öffnet hier"),
        ("en/events/upcoming-hybrid/index.html", "Registration will open here"),
        ("pretix-bald/index.html", "Die Anmeldung öffnet hier"),
        ("en/pretix-bald/index.html", "Registration will open here"),
    ],
)
def test_an_unconfirmed_organizer_gives_a_closed_box_and_nothing_from_pretix(
    unconfirmed_site: BuildResult, rel: str, says: str
):
    html = unconfirmed_site.page(rel)
    assert says in html
    parsed = tags(html)
    assert not parsed.all("div", "civic-pretix") and not parsed.all("pretix-widget")
    # No shop link, no script or stylesheet address, and a CSP without the pretix host:
    assert "pretix.eu" not in html
    assert "data-pretix" not in html
    assert not any("pretix" in source for sources in csp(html).values() for source in sources)
    for block in json_ld_blocks(html):
        assert "offers" not in block, rel  # the shop address would rest on a guess


@pytest.mark.slow
def test_an_event_naming_its_pretix_organizer_keeps_its_widget(unconfirmed_site: BuildResult):
    html = unconfirmed_site.page("events/mit-veranstalter/index.html")
    parsed = tags(html)
    assert len(parsed.all("div", "civic-pretix")) == 1
    shop = "https://pretix.eu/oic-bielefeld/demo-meetup/"
    assert parsed.all("pretix-widget")[0]["event"] == shop
    assert "https://pretix.eu" in csp(html)["script-src"]  # the CSP allows it here
    (event,) = [b for b in json_ld_blocks(html) if b.get("@type") == "Event"]
    assert event["offers"]["url"] == shop


@pytest.mark.slow
def test_a_page_with_both_boxes_links_only_the_named_organizer(unconfirmed_site: BuildResult):
    html = unconfirmed_site.page("pretix-gemischt/index.html")
    parsed = tags(html)
    assert [w["event"] for w in parsed.all("pretix-widget")] == [
        "https://pretix.eu/oic-bielefeld/ki-zivil-11/"
    ]
    assert "Die Anmeldung öffnet hier" in html
    assert "https://pretix.eu" in csp(html)["script-src"]
    assert not re.search(r"pretix\.eu/(?!oic-bielefeld/|widget/)", html.split("</head>")[1])
