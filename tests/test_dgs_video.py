"""The DGS video component (BITV 2.0 Anlage 2 Teil 1): self-hosted, captions, download with
size and duration, a text alternative; an honest "in Vorbereitung" until the video exists.

Pure functions first (civic_site/dgs_video.py), then the real site (no video yet) and a
copy of the project with a tiny fake video configured (marked `slow`: a build of its own).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from civic_site.csp import build_policy
from civic_site.dgs_video import (
    DEFAULT_KEY,
    expand_dgs_markers,
    format_duration,
    format_file_size,
    iso_duration,
    load_dgs_videos,
    parse_duration,
)
from civic_site.diagnostics import DiagnosticError
from civic_site.placeholders import find_placeholders
from civic_site.project import load_project
from tests.sitebuild import ROOT, BuildResult, run_mkdocs_build

UNCONFIRMED = "UNBESTÄTIGT: DGS-Video zur Startseite (docs/assets/video/dgs-start.mp4)"


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "assets" / "video").mkdir(parents=True)
    (docs / "assets" / "video" / "dgs.mp4").write_bytes(b"\0" * 2500)
    (docs / "assets" / "video" / "dgs.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (docs / "assets" / "video" / "dgs.jpg").write_bytes(b"\xff\xd8")
    (docs / "de").mkdir()
    (docs / "de" / "leichte-sprache.md").write_text("# Leichte Sprache\n", encoding="utf-8")
    return docs


READY = {
    "title": "Die Website in DGS",
    "video": "assets/video/dgs.mp4",
    "captions": "assets/video/dgs.vtt",
    "poster": "assets/video/dgs.jpg",
    "duration": "3:25",
    "text": "leichte-sprache.md",
}


# --- the model -----------------------------------------------------------------------------


def test_an_unconfirmed_video_is_in_preparation(tmp_path: Path) -> None:
    entry = {"title": "T", "video": UNCONFIRMED, "text": "leichte-sprache.md"}
    videos = load_dgs_videos({"start": entry}, _docs(tmp_path))
    video = videos["start"]
    assert not video.ready
    assert video.missing == "DGS-Video zur Startseite (docs/assets/video/dgs-start.mp4)"
    assert video.lang == "de"


def test_a_configured_video_has_its_size_from_the_file(tmp_path: Path) -> None:
    video = load_dgs_videos({"start": READY}, _docs(tmp_path))["start"]
    assert video.ready
    assert (video.video, video.captions, video.poster) == (
        "assets/video/dgs.mp4",
        "assets/video/dgs.vtt",
        "assets/video/dgs.jpg",
    )
    assert (video.size_bytes, video.duration_seconds, video.media_type) == (2500, 205, "video/mp4")
    assert video.format_name == "MP4"


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"video": "assets/video/fehlt.mp4"}, "video", "docs/assets/video/fehlt.mp4"),
        ({"video": "https://video.example/dgs.mp4"}, "video", "selbst"),
        ({"video": "assets/video/dgs.vtt"}, "video", "MP4"),
        ({"captions": None}, "captions", "Untertitel"),
        ({"captions": "assets/video/dgs.srt"}, "captions", ".vtt"),
        ({"duration": None}, "duration", "Dauer"),
        ({"duration": "drei Minuten"}, "duration", "3:25"),
        ({"poster": "assets/video/fehlt.jpg"}, "poster", "fehlt.jpg"),
        ({"text": None}, "text", "Textfassung"),
        ({"text": "fehlt.md"}, "text", "docs/de/fehlt.md"),
        ({"title": ""}, "title", "Titel"),
    ],
)
def test_mistakes_name_mkdocs_yml_line_and_key(
    tmp_path: Path, change: dict, key: str, message: str
) -> None:
    entry = {k: v for k, v in {**READY, **change}.items() if v is not None}
    lines = {"extra.dgs": 3, "extra.dgs.start": 4, f"extra.dgs.start.{key}": 9}
    with pytest.raises(DiagnosticError) as caught:
        load_dgs_videos({"start": entry}, _docs(tmp_path), "mkdocs.yml", lines)
    (item,) = caught.value.diagnostics
    assert (item.path, item.key) == ("mkdocs.yml", f"extra.dgs.start.{key}")
    assert item.line in (4, 9) and message in item.message, item


def test_duration_size_and_their_texts() -> None:
    assert parse_duration("3:25") == parse_duration(205) == 205
    assert parse_duration("1:02:03") == 3723
    assert parse_duration("3:75") is None and parse_duration("") is None
    assert iso_duration(205) == "PT3M25S" and iso_duration(3723) == "PT1H2M3S"
    assert format_duration(65, "{minutes}:{seconds} Min.") == "1:05 Min."
    assert format_duration(3723, "{minutes}:{seconds} min") == "62:03 min"
    assert format_file_size(2500, "de_DE") == "3 kB"
    assert format_file_size(12_345_678, "de_DE") == "12,3 MB"
    assert format_file_size(12_345_678, "en_GB") == "12.3 MB"


def test_markers_become_components_except_in_code() -> None:
    markdown = (
        "Text\n\n<!-- DGS-Video-Komponente -->\n\n<!--DGS-Video-Komponente: hilfe -->\n\n"
        "`<!-- DGS-Video-Komponente -->`\n"
    )
    found = []
    html = expand_dgs_markers(markdown, lambda key: found.append(key) or f"<figure>{key}</figure>")
    assert found == [DEFAULT_KEY, "hilfe"]
    assert html == (
        "Text\n\n<figure>start</figure>\n\n<figure>hilfe</figure>\n\n"
        "`<!-- DGS-Video-Komponente -->`\n"
    )


def test_the_csp_lets_the_site_play_its_own_videos_only() -> None:
    policy = dict(part.split(" ", 1) for part in build_policy([]).split("; "))
    assert policy.get("media-src", policy["default-src"]) == "'self'"


# --- the real site: no video yet --------------------------------------------------------


def _component(html: str) -> str:
    match = re.search(r'<figure class="civic-dgs".*?</figure>', html, re.DOTALL)
    assert match, "no DGS component on the page"
    return match.group(0)


def test_real_site_says_the_video_is_in_preparation(real_site: BuildResult) -> None:
    html = real_site.page("gebaerdensprache/index.html")
    component = _component(html)
    assert "DGS-Video-Komponente" not in html  # the marker is replaced
    assert "<video" not in component
    assert "in Vorbereitung" in component
    assert 'aria-hidden="true"' in component  # the DGS symbol, as decoration
    assert re.search(r'<a href="[./]*leichte-sprache/">', component), "text alternative"


def test_launch_check_names_the_missing_video() -> None:
    found = find_placeholders(load_project(ROOT / "mkdocs.yml"))
    videos = [item for item in found if item.key.startswith("extra.dgs.")]
    assert [item.key for item in videos] == [f"extra.dgs.{DEFAULT_KEY}.video"]
    assert "docs/assets/video/" in videos[0].message


# --- a copy with a (fake) video ----------------------------------------------------------


def build_video_site(project: Path) -> BuildResult:
    """A copy of the project (docs/ and mkdocs.yml copied, the rest linked) whose video
    `start` is a tiny fake MP4 with captions, a poster and a duration; built with --strict."""
    for entry in ROOT.iterdir():
        if entry.name in {"site", ".venv", ".git", "node_modules", ".cache", "screenshots"}:
            continue
        if entry.name not in {"docs", "mkdocs.yml"}:
            (project / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", project / "docs")
    video_dir = project / "docs" / "assets" / "video"
    video_dir.mkdir(parents=True, exist_ok=True)
    (video_dir / "dgs-start.mp4").write_bytes(b"\0" * 2000)
    (video_dir / "dgs-start.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n", "utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(config)
    entry = data["extra"]["dgs"][DEFAULT_KEY]
    old = f'      video: "{entry["video"]}"\n'
    assert old in config
    new = (
        "      video: assets/video/dgs-start.mp4\n"
        "      captions: assets/video/dgs-start.vtt\n"
        "      poster: assets/images/social-default.png\n"
        '      duration: "1:05"\n'
    )
    (project / "mkdocs.yml").write_text(config.replace(old, new), encoding="utf-8")
    result = run_mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def video_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_video_site(tmp_path_factory.mktemp("dgs-project"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rel", "download"),
    [
        ("gebaerdensprache/index.html", "Video herunterladen (MP4, 2 kB, 1:05 Min.)"),
        ("en/gebaerdensprache/index.html", "Download the video (MP4, 2 kB, 1:05 min)"),
    ],
)
def test_a_configured_video_plays_from_the_site_with_captions_and_download(
    video_site: BuildResult, rel: str, download: str
) -> None:
    component = _component(video_site.page(rel))
    assert "in Vorbereitung" not in component
    video = re.search(r"<video\b[^>]*>", component).group(0)
    assert " controls" in video and 'preload="none"' in video and "poster=" in video
    source = re.search(r'<source src="([^"]+)" type="video/mp4">', component).group(1)
    assert source.endswith("assets/video/dgs-start.mp4") and "://" not in source
    track = re.search(r"<track\b[^>]*>", component).group(0)
    assert 'kind="captions"' in track and 'srclang="de"' in track
    assert re.search(r'src="[./]*assets/video/dgs-start\.vtt"', track)
    link = re.search(r"<a ([^>]*\bdownload\b[^>]*)>(.*?)</a>", component, re.DOTALL)
    assert link and "dgs-start.mp4" in link.group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", link.group(2)).split()) == download
    assert '<time datetime="PT1M5S">' in link.group(2)
    assert re.search(r'<a href="[./]*leichte-sprache/">', component), "text alternative"
    own = component.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in own and "https://" not in own, "no request leaves the site"
    assert (video_site.site_dir / "assets/video/dgs-start.mp4").stat().st_size == 2000
    assert (video_site.site_dir / "assets/video/dgs-start.vtt").is_file()


@pytest.mark.slow
def test_the_video_page_is_valid_html(video_site: BuildResult) -> None:
    from tests.test_html_validity import _describe, _is_material_message, run_vnu

    _, messages = run_vnu(video_site.site_dir / "gebaerdensprache")
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    ours = [m for m in errors if not _is_material_message(m["message"])]
    assert not ours, "\n".join(_describe(m) for m in ours)
