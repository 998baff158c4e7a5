"""Every event page names its organizer: in the info box ("Veranstaltet von …", else the
initiative) and in the pretix privacy notice (the organizer is the controller of the
registration data). The fixture series `ki-und-zivilgesellschaft` is organised by Open
Innovation City Bielefeld, like the real one (events/series.yml)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import jinja2
import pytest

from civic_site.facts import fact_filters
from civic_site.ui_strings import load_ui_strings
from tests.sitebuild import ROOT, STRINGS_DIR, BuildResult

OIC = "Open Innovation City Bielefeld"
OIC_URL = "https://oic-bielefeld.de/ki/"


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _info_box(html: str) -> str:
    return re.search(r'<aside class="civic-event-info".*?</aside>', html, re.DOTALL).group(0)


def _organizer_entry(html: str) -> tuple[str, str]:
    box = _info_box(html)
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", box, re.DOTALL)
    labels = {"Veranstaltet von", "Organised by"}
    found = [(_text(dt), dd) for dt, dd in pairs if _text(dt) in labels]
    assert len(found) == 1, box
    return found[0]


@pytest.mark.parametrize(
    ("rel", "label"),
    [
        ("events/upcoming-hybrid/index.html", "Veranstaltet von"),
        ("en/events/upcoming-hybrid/index.html", "Organised by"),
        ("events/vergangen/index.html", "Veranstaltet von"),
    ],
)
def test_the_info_box_names_the_series_organizer(
    fixture_site: BuildResult, rel: str, label: str
) -> None:
    dt, dd = _organizer_entry(fixture_site.page(rel))
    assert dt == label
    assert re.fullmatch(rf'\s*<a href="{re.escape(OIC_URL)}"[^>]*>{OIC}</a>\s*', dd), dd


@pytest.mark.parametrize("rel", ["events/today-talk/index.html", "en/events/today-talk/index.html"])
def test_an_own_event_names_the_initiative(fixture_site: BuildResult, rel: str) -> None:
    _, dd = _organizer_entry(fixture_site.page(rel))
    assert _text(dd).startswith("Civic Coding") and OIC not in dd


@pytest.mark.parametrize(
    ("rel", "sentence"),
    [
        ("events/upcoming-hybrid/index.html", "Verantwortlich für Ihre Anmeldedaten"),
        ("en/events/upcoming-hybrid/index.html", "controller"),
    ],
)
def test_the_pretix_privacy_notice_names_the_organizer_as_controller(
    fixture_site: BuildResult, rel: str, sentence: str
) -> None:
    html = fixture_site.page(rel)
    box = re.search(r'<div class="civic-pretix".*?<template', html, re.DOTALL).group(0)
    controller = re.search(r'<p class="civic-pretix__controller">(.*?)</p>', box, re.DOTALL)
    assert controller, "no controller line in the registration box"
    assert sentence in _text(controller.group(1)) and OIC in _text(controller.group(1))


def _widget_partial(lang: str, **context: object) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")))
    env.globals.update(ui=load_ui_strings(lang, STRINGS_DIR), site_lang=lang)
    env.filters.update(fact_filters(env))
    widget = SimpleNamespace(
        loading="two-click",
        stylesheet_url="s",
        script_url="j",
        event_url="https://pretix.eu/o/e/",
        widget_id="w",
        items="",
        voucher=None,
        disable_vouchers=False,
        skip_ssl_check=False,
    )
    return env.get_template("partials/pretix-widget.html").render(
        widget=widget, privacy_url="p", **context
    )


def test_an_own_events_notice_names_the_operator_and_a_page_widget_names_nobody() -> None:
    operator = {"name": "Bundesministerium X"}
    own = _widget_partial("de", organizer=None, operator=operator)
    assert "Bundesministerium X" in _text(own) and "civic-pretix__controller" in own
    assert "civic-pretix__controller" not in _widget_partial("de")  # {% include %} in a page


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_real_bielefeld_meetup_names_open_innovation_city(
    real_site: BuildResult, prefix: str
) -> None:
    html = real_site.page(f"{prefix}events/ki-und-soziale-innovationen/index.html")
    _, dd = _organizer_entry(html)
    assert OIC in _text(dd) and OIC_URL in dd
