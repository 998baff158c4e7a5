"""Include tags, settings and widget data (civic_site/pretix_embed.py), rendered through
the real template overrides/partials/pretix-widget.html."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from jinja2 import Environment, FileSystemLoader

from civic_site.csp import has_pretix_widget
from civic_site.pretix_embed import (
    PretixSettings,
    PretixSettingsError,
    PretixTagError,
    build_widget,
    event_url,
    expand_include_tags,
    mask_code,
    parse_include_args,
    settings_from_extra,
)
from civic_site.pretix_ref import PretixRef, PretixValueError
from civic_site.ui_strings import load_ui_strings
from tests.sitebuild import ROOT, STRINGS_DIR

SETTINGS = PretixSettings(
    url="https://pretix.eu", organizer="civic-coding", widget_language={"de": "de-informal"}
)


def render_with_template(ref: PretixRef, widget_id: str = "pretix-widget-1", lang="de") -> str:
    env = Environment(loader=FileSystemLoader(ROOT / "overrides"), autoescape=False)
    template = env.get_template("partials/pretix-widget.html")
    widget = build_widget(ref, SETTINGS, lang, widget_id)
    return template.render(
        widget=widget, ui=load_ui_strings(lang, STRINGS_DIR), privacy_url="../datenschutz/"
    )


class Collector(HTMLParser):
    """Tags with their attributes, inside <template> too (html.parser does not hide it)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


# ------------------------------------------------------------------ settings


def test_settings_defaults_and_validation():
    assert settings_from_extra({}).url == "https://pretix.eu"
    settings = settings_from_extra(
        {
            "pretix": {
                "url": "https://tickets.example.org/",
                "organizer": "civic",
                "loading": "direct",
            }
        }
    )
    assert settings.url == "https://tickets.example.org"
    assert settings.loading == "direct"
    with pytest.raises(PretixSettingsError, match="extra.pretix.url"):
        settings_from_extra({"pretix": {"url": "javascript:alert(1)"}})
    with pytest.raises(PretixSettingsError, match="extra.pretix.loading"):
        settings_from_extra({"pretix": {"loading": "sofort"}})
    with pytest.raises(PretixSettingsError, match="widget_language.de"):
        settings_from_extra({"pretix": {"widget_language": {"de": "de/../x"}}})
    with pytest.raises(PretixSettingsError, match="organizer"):
        settings_from_extra({"pretix": {"organizer": "a b"}})


def test_widget_urls_language_and_organizer_override():
    widget = build_widget(PretixRef("ki-zivil-11", items=(12, 13)), SETTINGS, "de", "w1")
    assert widget.event_url == "https://pretix.eu/civic-coding/ki-zivil-11/"
    assert widget.stylesheet_url == "https://pretix.eu/civic-coding/widget/v2.css"
    assert widget.script_url == "https://pretix.eu/widget/v2.de-informal.js"
    assert widget.items == "12,13"
    assert not widget.skip_ssl_check
    other = build_widget(PretixRef("x", organizer="okfde"), SETTINGS, "en", "w2")
    assert other.event_url == "https://pretix.eu/okfde/x/"
    assert other.stylesheet_url == "https://pretix.eu/okfde/widget/v2.css"
    assert other.script_url == "https://pretix.eu/widget/v2.en.js"
    local = PretixSettings(url="http://127.0.0.1:8000", organizer="civic")
    assert build_widget(PretixRef("x"), local, "de", "w").skip_ssl_check
    with pytest.raises(PretixValueError, match="organizer"):
        build_widget(PretixRef("x"), PretixSettings(), "de", "w")


# ------------------------------------------------------------------ unconfirmed organizer

PLACEHOLDER = "UNBESTÄTIGT: pretix-Veranstalter (Kurzname), bisher angenommen: civic-coding"


def unconfirmed() -> PretixSettings:
    return settings_from_extra({"pretix": {"url": "https://pretix.eu", "organizer": PLACEHOLDER}})


def test_settings_accept_an_unconfirmed_organizer_and_never_use_it():
    settings = unconfirmed()
    assert settings.organizer is None
    assert settings.organizer_unconfirmed
    assert not SETTINGS.organizer_unconfirmed
    assert event_url(PretixRef("ki-zivil-11"), settings) is None
    named = PretixRef("ki-zivil-11", organizer="oic-bielefeld")
    assert event_url(named, settings) == "https://pretix.eu/oic-bielefeld/ki-zivil-11/"
    with pytest.raises(PretixSettingsError, match="organizer"):
        settings_from_extra({"pretix": {"organizer": "civic coding"}})  # still checked


def test_a_widget_on_an_unconfirmed_organizer_is_pending():
    pending = build_widget(PretixRef("ki-zivil-11", items=(1,)), unconfirmed(), "de", "w1")
    assert pending.pending
    assert "civic-coding" not in repr(pending) and "pretix.eu" not in repr(pending)
    named = build_widget(PretixRef("x", organizer="oic-bielefeld"), unconfirmed(), "de", "w2")
    assert not named.pending
    assert named.event_url == "https://pretix.eu/oic-bielefeld/x/"
    assert not build_widget(PretixRef("x"), SETTINGS, "de", "w3").pending


@pytest.mark.parametrize(
    ("lang", "opens", "not_confirmed"),
    [
        ("de", "Die Anmeldung öffnet hier", "noch nicht bestätigt"),
        ("en", "Registration will open here", "not been confirmed yet"),
    ],
)
def test_a_pending_box_says_so_and_points_nowhere(lang, opens, not_confirmed):
    env = Environment(loader=FileSystemLoader(ROOT / "overrides"), autoescape=False)
    template = env.get_template("partials/pretix-widget.html")
    widget = build_widget(PretixRef("ki-zivil-11"), unconfirmed(), lang, "w1")
    html = template.render(
        widget=widget, ui=load_ui_strings(lang, STRINGS_DIR), privacy_url="../datenschutz/"
    )
    assert opens in html and not_confirmed in html
    collected = parse(html)
    assert not collected.find("a") and not collected.find("button")
    assert not collected.find("pretix-widget") and not collected.find("template")
    assert "https://" not in html and "data-pretix" not in html
    assert not has_pretix_widget(html)  # so the CSP keeps the pretix host out


# ------------------------------------------------------------------ include tags


def test_tag_arguments():
    ref = parse_include_args(
        ' event="ki-zivil-11" items="12, 13" voucher=\'CODE_1\' disable-vouchers=true', 3
    )
    assert ref == PretixRef("ki-zivil-11", items=(12, 13), voucher="CODE_1", disable_vouchers=True)
    assert parse_include_args(" event=abc organizer=okfde", 1).organizer == "okfde"


@pytest.mark.parametrize(
    ("args", "key", "fragment"),
    [
        ("", "event", "fehlt"),
        (' items="1"', "event", "fehlt"),
        (' event="ki zivil"', "event", "kein gültiger Wert"),
        (' event="x" items="12;13"', "items", "Zahlen"),
        (' event="x" voucher="A B"', "voucher", "kein gültiger Wert"),
        (' event="x" disable-vouchers=vielleicht', "disable-vouchers", "true oder false"),
        (' event="x" colour="red"', "colour", "unbekannte Angabe"),
        (' event="x" event="y"', "event", "doppelt"),
        (' event="x" "><script>', "pretix-widget.html", "unverständliche Angabe"),
    ],
)
def test_bad_tag_arguments(args, key, fragment):
    with pytest.raises(PretixTagError) as info:
        parse_include_args(args, 7)
    assert info.value.line == 7
    assert info.value.key == key
    assert fragment in info.value.message


def test_expand_replaces_each_tag_with_a_block_and_keeps_the_text():
    markdown = (
        "# Anmeldung\n"
        "\n"
        'Vorher {% include pretix-widget.html event="a" %} nachher\n'
        "\n"
        "{%include pretix-widget.html event='b' items=\"5\"%}\n"
    )
    calls = []

    def render(ref):
        calls.append(ref)
        return f'<div class="w">\n\n  <p>{ref.event}</p>\n</div>'

    out = expand_include_tags(markdown, render)
    assert [ref.event for ref in calls] == ["a", "b"]
    assert calls[1].items == (5,)
    assert "{%" not in out
    assert 'Vorher \n\n<div class="w">\n  <p>a</p>\n</div>\n\n nachher' in out
    assert out.startswith("# Anmeldung\n")


@pytest.mark.parametrize(
    ("markdown", "line", "key"),
    [
        ("a\nb\n{% raw %}x{% endraw %}\n", 3, "{% %}"),
        ("a\n\n{% include other.html %}\n", 3, "include"),
        ('{% include pretix-widget.html event="ok" %}\n\n{% if x %}\n', 3, "{% %}"),
        ("text\n{% include pretix-widget.html\nevent='x'\n", 2, "{% %}"),
        ('x\ny\n{% include pretix-widget.html event="a" voucher="-$" %}', 3, "voucher"),
    ],
)
def test_expand_rejects_other_tags_with_their_line(markdown, line, key):
    with pytest.raises(PretixTagError) as info:
        expand_include_tags(markdown, lambda ref: "<div></div>")
    assert (info.value.line, info.value.key) == (line, key)


def test_tags_in_code_are_left_alone():
    markdown = (
        'So bindet man das Formular ein: `{% include pretix-widget.html event="x" %}`\n'
        "\n"
        "```liquid\n"
        '{% include pretix-widget.html event="y" %}\n'
        "{% if anything %}\n"
        "```\n"
    )
    assert expand_include_tags(markdown, lambda ref: pytest.fail("nothing to render")) == markdown
    masked = mask_code(markdown)
    assert len(masked) == len(markdown)
    assert masked.count("\n") == markdown.count("\n")


# ------------------------------------------------------------------ the template


def test_two_click_markup_has_no_live_pretix_tag_outside_the_template():
    html = render_with_template(PretixRef("ki-zivil-11", items=(12,), voucher="V1"))
    collected = parse(html)
    box = collected.find("div")[0]
    assert "civic-pretix" in box["class"]
    assert box["data-pretix-loading"] == "two-click"
    assert box["data-pretix-script"] == "https://pretix.eu/widget/v2.de-informal.js"
    assert box["data-pretix-stylesheet"] == "https://pretix.eu/civic-coding/widget/v2.css"
    # Nothing that a browser would fetch from pretix by itself:
    assert not collected.find("script") and not collected.find("link")
    assert not collected.find("iframe")
    shop = [a for a in collected.find("a") if "civic-pretix__shop" in (a.get("class") or "")]
    assert shop[0]["href"] == "https://pretix.eu/civic-coding/ki-zivil-11/"
    button = collected.find("button")[0]
    assert "hidden" in button  # shown by the script; without JavaScript the link remains
    template_start = html.index("<template")
    widget = collected.find("pretix-widget")[0]
    assert html.index("<pretix-widget") > template_start
    assert widget == {
        "id": "pretix-widget-1",
        "event": "https://pretix.eu/civic-coding/ki-zivil-11/",
        "items": "12",
        "voucher": "V1",
    }
    assert "Anmeldeformular laden – dabei werden Daten an pretix übertragen" in html


def test_english_and_direct_markup():
    env = Environment(loader=FileSystemLoader(ROOT / "overrides"))
    template = env.get_template("partials/pretix-widget.html")
    settings = PretixSettings(url="http://127.0.0.1:9", organizer="civic", loading="direct")
    widget = build_widget(PretixRef("e", disable_vouchers=True), settings, "en", "w9")
    html = template.render(widget=widget, ui=load_ui_strings("en", STRINGS_DIR), privacy_url="x")
    collected = parse(html)
    assert collected.find("div")[0]["data-pretix-loading"] == "direct"
    assert not collected.find("button")
    assert "<noscript>" in html and "Register in the pretix ticket shop" in html
    tag = collected.find("pretix-widget")[0]
    assert "disable-vouchers" in tag and "skip-ssl-check" in tag


def test_values_are_escaped_even_if_validation_were_bypassed():
    evil = PretixRef('x"><script>alert(1)</script>')  # not reachable via parse_pretix_value
    html = render_with_template(evil)
    assert "<script>" not in html
    assert "&#34;&gt;&lt;script&gt;" in html or "&quot;&gt;&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url", ["http://pretix.example.org", "http://192.168.1.10:8000", "https://u:p@pretix.eu"]
)
def test_settings_refuse_what_the_pretix_commands_refuse(url):
    """One check for `extra.pretix.url` (build) and `--url` (scripts/pretix_cmd.py)."""
    with pytest.raises(PretixSettingsError, match="extra.pretix.url") as info:
        settings_from_extra({"pretix": {"url": url}})
    assert f"„{url}“" in str(info.value)


@pytest.mark.parametrize("url", ["http://localhost:8000", "http://127.0.0.1:9", "http://[::1]"])
def test_settings_allow_plain_http_on_this_machine(url):
    assert settings_from_extra({"pretix": {"url": url + "/"}}).url == url
