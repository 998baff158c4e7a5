"""Generated pages (civic_site/generated_page.py): read from their plan, rendered by one
Markdown instance per language build.

Each page must come out exactly as MkDocs' own `Page.read_source` and `Page.render` make it,
whatever page was rendered before it on the same instance: its Markdown and meta, HTML, table
of contents, title and anchors.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from civic_site import generated_page
from civic_site.event_pages import PagePlan
from civic_site.generated_page import GeneratedPage
from tests.sitebuild import ROOT

PAGES = {
    "events/a.md": (
        "# Treffen A\n\n## Programm {#ablauf}\n\nText mit [Link](b.md#agenda) und "
        '<a id="roh"></a>.\n\n!!! note "Hinweis"\n    Eine Notiz.\n\n'
        "```python\nprint('a')\n```\n\n<div markdown>**fett**</div>\n\n"
        "[verweis]: https://example.org/a\n"
    ),
    "events/b.md": '# Treffen B\n\n## Agenda\n\n??? info "Mehr"\n    Details.\n',
    "events/c.md": "Kein Titel, keine Überschrift.\n\n- eins\n- [zwei][verweis]\n",
}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = MkDocsConfig()
    docs = tmp_path / "docs"
    config.load_dict(
        {
            "site_name": "x",
            "docs_dir": str(docs),
            "site_dir": str(tmp_path / "site"),
            "markdown_extensions": real["markdown_extensions"],
        }
    )
    for name, text in PAGES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    assert not config.validate()[0]
    files = Files([File(name, str(docs), config.site_dir, True) for name in PAGES])
    instances: list[markdown.Markdown] = []

    def one_instance(config: MkDocsConfig) -> markdown.Markdown:
        if not instances:
            instances.append(
                markdown.Markdown(
                    extensions=config["markdown_extensions"],
                    extension_configs=config["mdx_configs"],
                )
            )
        return instances[0]

    monkeypatch.setattr(generated_page, "shared_markdown", one_instance)
    return config, files, instances


def make_page(page_type: type[Page], name: str, config: MkDocsConfig, files: Files) -> Page:
    file = files.get_file_from_path(name)
    if page_type is GeneratedPage:
        return GeneratedPage(file, config, get_data(file.content_string))
    return page_type(None, file, config)


def rendered(page_type: type[Page], name: str, config: MkDocsConfig, files: Files) -> dict:
    page = make_page(page_type, name, config, files)
    page.read_source(config)
    page.render(config, files)
    return {
        "content": page.content,
        "toc": [(item.id, item.title, [c.id for c in item.children]) for item in page.toc],
        "title": page.title,
        "anchors": page.present_anchor_ids,
        "links": page.links_to_anchors,
    }


def test_each_page_comes_out_as_mkdocs_renders_it_whatever_came_before(site) -> None:
    config, files, instances = site
    order = ["events/a.md", "events/b.md", "events/c.md", "events/a.md", "events/c.md"]
    for name in order:
        assert rendered(GeneratedPage, name, config, files) == rendered(
            Page, name, config, files
        ), name
    assert len(instances) == 1  # every page went through the one instance


def test_nothing_of_the_previous_page_is_left(site) -> None:
    config, files, _ = site
    first = rendered(GeneratedPage, "events/a.md", config, files)
    assert "ablauf" in first["anchors"] and "roh" in first["anchors"]
    assert first["title"] == "Treffen A"
    last = rendered(GeneratedPage, "events/c.md", config, files)
    assert last["toc"] == [] and last["anchors"] == set()
    assert last["title"] == "C"  # from the file name, as MkDocs does without a heading
    assert "Treffen" not in last["content"] and "print" not in last["content"]
    assert "example.org" not in last["content"]  # a reference defined on another page
    assert "[zwei][verweis]" in last["content"]


def test_a_page_without_source_is_refused(site) -> None:
    config, files, _ = site
    page = make_page(GeneratedPage, "events/a.md", config, files)
    with pytest.raises(RuntimeError, match="read_source"):
        page.render(config, files)


PLANS = [
    PagePlan("events/a.md", "Treffen: KI & Gemeinwohl", "event.html", "de", body="Text\n"),
    PagePlan("events/b.md", "2024", "event.html", "de", description="yes", body="\n\nText"),
    PagePlan("events/c.md", "null", "events-listing.html", "en", description="- Liste: 'a' \"b\""),
    PagePlan("events/d.md", "Ümläute\tund\u00a0Leerzeichen ", "event.html", "de"),
    PagePlan("events/e.md", "# kein Kommentar", "event.html", "de", description="a\nb", body="---"),
]


@pytest.mark.parametrize("plan", PLANS, ids=lambda plan: plan.norm_src_uri)
def test_a_plan_gives_what_mkdocs_reads_from_its_file(plan: PagePlan) -> None:
    assert plan.page_source() == get_data(plan.markdown())


def test_a_page_is_read_from_its_plan_and_a_plugins_source_wins(site) -> None:
    config, files, _ = site
    file = files.get_file_from_path("events/a.md")
    page = GeneratedPage(file, config, ("Aus dem Plan\n", {"title": "Geplant"}))
    page.read_source(config)
    assert (page.markdown, page.meta) == ("Aus dem Plan\n", {"title": "Geplant"})
    page.meta["title"] = "geändert"  # the plan's meta is not the page's
    page.read_source(config)
    assert page.meta == {"title": "Geplant"}
    config.plugins._register_event(
        "page_read_source", lambda page, config: "---\ntitle: Plugin\n---\nVom Plugin\n"
    )
    page.read_source(config)
    assert (page.markdown, page.meta) == ("Vom Plugin\n", {"title": "Plugin"})
