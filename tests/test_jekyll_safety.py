"""What the Jekyll import takes and leaves (civic_site/jekyll_files.py, jekyll_safety.py):
files only from inside the site, images that are what their names say, and no active
content (cut out, with its line)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from civic_site.jekyll_files import (
    NotTakenError,
    check_image_bytes,
    list_site_folder,
    read_image,
    read_site_file,
)
from civic_site.jekyll_safety import scrub_active_content
from tests.jekyll_sites import png


def test_image_checks() -> None:
    assert check_image_bytes("a.png", png()) is None
    assert check_image_bytes("a.PNG", png()) is None
    assert "kein PNG" in check_image_bytes("a.png", b"just text")
    assert "kein JPEG" in check_image_bytes("a.jpg", png())
    assert check_image_bytes("a.gif", b"GIF89a" + b"\x00" * 20) is None
    assert check_image_bytes("a.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8) is None
    assert check_image_bytes("a.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20) is None
    good_svg = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>'
    assert check_image_bytes("a.svg", good_svg) is None
    for bad in (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x()"><circle/></a></svg>',
        b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p/></foreignObject></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example/a.png"/></svg>',
        b"<svg",
    ):
        assert check_image_bytes("a.svg", bad), bad
    assert check_image_bytes("a.txt", b"text")
    assert "10 MB" in check_image_bytes("a.png", png() + b"\x00" * (10 * 1024 * 1024))


@pytest.mark.parametrize(
    ("source", "kept", "gone"),
    [
        ("a\n<script>x()</script>\nb", "a\n\nb", "script"),
        ('<a href="#" onclick="x()">Text</a>', '<a href="#">Text</a>', "onclick"),
        ("[Text](javascript:x())", "Text", "javascript"),
        ("[Text](JaVa&#83;cript:x())", "Text", "cript"),
        ('[Text](https://a.example){ onclick="x()" }', "[Text](https://a.example)", "onclick"),
        ("![Alt](a.png){: onerror=x() .klasse }", "![Alt](a.png){: .klasse }", "onerror"),
        ('<a href="data:text/html,x">D</a>', "<a>D</a>", "data:"),
        ("[r][1]\n\n[1]: vbscript:x", "[r][1]\n\n", "vbscript"),
        ("<javascript:x()>", "", "javascript"),
        ("<iframe src=x>\n</iframe>", "", "iframe"),
        ('<meta http-equiv="refresh" content="0">', "", "meta"),
        ("`<script>x</script>` and\n```\n<script>y</script>\n```", None, None),
    ],
)
def test_scrub_active_content(source: str, kept: str | None, gone: str | None) -> None:
    cleaned, findings = scrub_active_content(source)
    if gone is None:
        assert cleaned == source and findings == []
        return
    assert cleaned.strip() == kept.strip()
    assert gone.lower() not in cleaned.lower()
    assert findings and all(f.line >= 1 for f in findings)


def test_scrub_reports_the_line() -> None:
    _, findings = scrub_active_content("eins\nzwei\n<div onclick='x()'>drei</div>\n")
    assert [f.line for f in findings] == [3]
    assert "onclick" in findings[0].message


def test_files_are_read_only_from_inside_the_site(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "img").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.png").write_bytes(png())
    (site / "img" / "ok.png").write_bytes(png())
    (site / "img" / "out.png").symlink_to(outside / "secret.png")
    (site / "img" / "in.png").symlink_to("ok.png")
    (site / "linked").symlink_to(outside, target_is_directory=True)
    assert read_image(site, "/img/ok.png") == png()
    for reference, reason in (
        ("/img/out.png", "Symlink"),
        ("/img/in.png", "Symlink"),
        ("/linked/secret.png", "Symlink"),
        ("/../outside/secret.png", "heraus"),
        ("img/../../outside/secret.png", "heraus"),
        ("/img/missing.png", "gibt es"),
        ("/img", "kein Bild"),
        ("/img/ok.png\x00", "kein gültiger Pfad"),
    ):
        with pytest.raises(NotTakenError, match=reason):
            read_image(site, reference)
    assert list_site_folder(site, "/img") == (["ok.png"], ["in.png", "out.png"])
    with pytest.raises(NotTakenError, match="Symlink"):
        list_site_folder(site, "/linked")
    with pytest.raises(NotTakenError, match="keine Datei"):
        read_site_file(site, "img")
    big = site / "big.md"
    big.write_bytes(b"x" * 20)
    with pytest.raises(NotTakenError, match="größer"):
        read_site_file(site, "big.md", limit=10)
    assert os.listdir(outside) == ["secret.png"]


def test_the_import_removes_at_least_what_the_build_rejects() -> None:
    """One definition of active content (civic_site/active_content.py): the importer may
    remove more (styles, links), never less, or an imported post would stop the build."""
    from civic_site.active_content import ACTIVE_ELEMENTS
    from civic_site.jekyll_safety import REMOVED_ELEMENTS

    assert set(ACTIVE_ELEMENTS) <= set(REMOVED_ELEMENTS)
