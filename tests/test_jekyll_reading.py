"""Reading a Jekyll site as Jekyll does: _config.yml, collections, defaults, permalinks, dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from civic_site.jekyll_config import read_config
from civic_site.jekyll_site import read_documents


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_collections_defaults_and_organizer(tmp_path: Path) -> None:
    write(
        tmp_path / "_config.yml",
        "title: Offenes Rathaus\nurl: https://rathaus.example/\nbaseurl: /blog/\n"
        "author: {name: Team, email: team@rathaus.example}\nlang: de_DE\n"
        "permalink: /:categories/:title.html\n"
        "collections:\n  termine: {output: true, permalink: '/:collection/:year/:name/'}\n"
        "  intern: {output: false}\n  posts: {permalink: /news/:title/}\n",
    )
    config, problems = read_config(tmp_path)
    assert problems == []
    assert config.base_url == "https://rathaus.example/blog/"
    assert config.lang == "de"
    assert config.organizer() == {
        "name": "Offenes Rathaus",
        "url": "https://rathaus.example/blog/",
        "email": "team@rathaus.example",
    }
    assert config.collection("termine").output
    assert not config.collection("intern").output
    assert config.collection("posts").permalink == "/news/:title/"


def test_organizer_without_https_or_email(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: Verein\nurl: http://verein.example\n")
    config, _ = read_config(tmp_path)
    assert config.organizer() == {"name": "Verein"}
    write(tmp_path / "_config.yml", "author: Jana Muster\n")
    assert read_config(tmp_path)[0].organizer() == {"name": "Jana Muster"}
    write(tmp_path / "_config.yml", "baseurl: ''\n")
    assert read_config(tmp_path)[0].organizer() is None


@pytest.mark.parametrize(
    ("site_permalink", "collection_permalink", "expected"),
    [
        ("date", None, "/neuigkeiten/2025/01/20/hallo-welt.html"),
        ("pretty", None, "/neuigkeiten/2025/01/20/hallo-welt/"),
        ("none", None, "/neuigkeiten/hallo-welt.html"),
        ("/:year/:month/:title/", None, "/2025/01/hallo-welt/"),
        ("pretty", "/:collection/:title/", "/posts/hallo-welt/"),
    ],
)
def test_post_urls_follow_the_permalink_patterns(
    tmp_path: Path, site_permalink: str, collection_permalink: str | None, expected: str
) -> None:
    config_text = f"permalink: {site_permalink}\n"
    if collection_permalink:
        config_text += f"collections:\n  posts:\n    permalink: {collection_permalink}\n"
    write(tmp_path / "_config.yml", config_text)
    write(
        tmp_path / "_posts/2025-01-20-hallo-welt.md",
        "---\ntitle: Hallo\ncategories: [Neuigkeiten]\n---\nText\n",
    )
    config, _ = read_config(tmp_path)
    documents, problems = read_documents(tmp_path, config)
    assert problems == []
    assert documents[0].url == expected


def test_collection_urls_dates_and_defaults(tmp_path: Path) -> None:
    write(
        tmp_path / "_config.yml",
        "permalink: pretty\ncollections:\n  termine:\n    output: true\n"
        "defaults:\n  - scope: {path: '', type: termine}\n    values: {categories: [Treff], x: 1}\n"
        "  - scope: {path: _termine/alt}\n    values: {x: 2}\n",
    )
    write(tmp_path / "_termine/maerz.md", "---\ntitle: März\ndate: 2025-03-01 18:00\n---\n")
    write(tmp_path / "_termine/alt/april.md", "---\ntitle: April\ndate: '2024-04-01'\n---\n")
    write(tmp_path / "_termine/mai.md", "---\ntitle: Mai\n---\n")
    config, _ = read_config(tmp_path)
    documents, problems = read_documents(tmp_path, config)
    by_name = {d.rel: d for d in documents}
    march = by_name["_termine/maerz.md"]
    assert (march.date, march.url, march.meta["categories"], march.meta["x"]) == (
        "2025-03-01",
        "/termine/maerz/",
        ["Treff"],
        1,
    )
    assert by_name["_termine/alt/april.md"].meta["x"] == 2  # the more specific path wins
    assert by_name["_termine/alt/april.md"].url == "/termine/alt/april/"
    assert "_termine/mai.md" not in by_name
    assert [(p.path, p.line) for p in problems] == [("_termine/mai.md", 1)]
    assert "kein Datum" in problems[0].message
