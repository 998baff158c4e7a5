"""Unit tests for civic_site/active_content.py: findings in rendered Markdown, and their lines."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType, SimpleNamespace

import markdown
import pytest

from civic_site.active_content import (
    Finding,
    active_content_diagnostics,
    find_active_content,
    locate,
    mask_code,
)
from tests.sitebuild import ROOT

# The site's Markdown extensions (mkdocs.yml), so attr_list and md_in_html act as in a build.
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]
EXTENSIONS += ["pymdownx.details", "pymdownx.superfences"]


def render(source: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(source)


def keys(source: str) -> list[str]:
    return [f.key for f in find_active_content(render(source))]


@pytest.mark.parametrize(
    ("source", "key"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ("Text <SCRIPT src=x.js></SCRIPT>", "<script>"),
        ('<iframe src="https://example.org"></iframe>', "<iframe>"),
        ('<object data="x.swf"></object>', "<object>"),
        ('<embed src="x.swf">', "<embed>"),
        ('<base href="https://evil.example/">', "<base>"),
        ('<meta charset="iso-8859-1">', "<meta>"),
        ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "<meta>"),
        ('<form action="https://evil.example/"><input name="p"></form>', "<form>"),
        ('[Klick](https://example.org){ onclick="alert(1)" }', "onclick="),
        ("![Bild](a.png){ onerror=alert(1) }", "onerror="),
        ('<img src="a.png" onerror="alert(1)">', "onerror="),
        ("<svg/onload=alert(1)>", "onload="),
        ('<div markdown onmouseover="x()">Text</div>', "onmouseover="),
        ("[x](javascript:alert(1))", 'href="javascript:…"'),
        ("[x](JavaScript:alert(1))", 'href="javascript:…"'),
        ("[x](&#106;avascript:alert(1))", 'href="javascript:…"'),
        ("[x](&#x6A;ava&#x09;script&colon;alert(1))", 'href="javascript:…"'),
        ('<a href=" java\nscript:alert(1)">x</a>', 'href="javascript:…"'),
        ("[x][ref]\n\n[ref]: vbscript:msgbox(1)", 'href="vbscript:…"'),
        ("![i](data:image/svg+xml;base64,PHN2Zz4=)", 'src="data:…"'),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', 'href="data:…"'),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', 'xlink:href="javascript:…"'),
        ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', 'to="javascript:…"'),
        ("<!-- <script>alert(1)</script> -->", "<script>"),
    ],
)
def test_rendered_active_content_is_found(source: str, key: str) -> None:
    assert key in keys(source)


@pytest.mark.parametrize(
    "source",
    [
        "Ein `<script>alert(1)</script>` als Code.",
        '```html\n<script>alert(1)</script>\n<a onclick="x()" href="javascript:x">\n```',
        "    <iframe src=x></iframe>",
        "[Link](https://example.org/?a=1&b=2) und [mail](mailto:info@example.org)",
        "Daten: data: viele. Das Wort javascript: im Text ist kein Link.",
        '<span title="data: 5">x</span> <a href="/data:x">relativ</a>',
        "<div markdown>\n**fett** [Link](https://example.org){ .md-button }\n</div>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
)
def test_code_and_ordinary_content_pass(source: str) -> None:
    assert keys(source) == []


def test_mask_code_blanks_fences_and_spans_keeping_lines() -> None:
    body = "a `<script>` b\n```\n<script>\n```\n<script>\n~~~~\n```\nonclick=\n~~~~\n"
    masked = mask_code(body)
    assert masked.count("\n") == body.count("\n")
    assert masked.split("\n")[0] == "a            b"
    assert [i for i, line in enumerate(masked.split("\n")) if "<script" in line] == [4]
    assert "onclick" not in masked


def test_locate_maps_each_finding_to_its_own_line() -> None:
    body = (
        "Erklärt: `<script>` ist verboten.\n"  # 10: code span, not the finding
        "\n"
        "<script>alert(1)</script>\n"  # 12
        "\n"
        '[a](https://x.org){ onclick="x()" }\n'  # 14
        "\n"
        "[b](&#106;avascript:alert(1)) und <script>alert(2)</script>\n"  # 16
        "\n"
        "```\n<script>\n```\n"
        '![i](a.png){ onerror="y()" }\n'  # 21
    )
    findings = find_active_content(render(body))
    assert sorted(zip([f.key for f in findings], locate(findings, body, 10), strict=True)) == [
        ("<script>", 12),
        ("<script>", 16),
        ('href="javascript:…"', 16),
        ("onclick=", 14),
        ("onerror=", 21),
    ]


def test_locate_falls_back_to_the_first_body_line() -> None:
    found = [Finding("element", "iframe"), Finding("url", "href", "javascript:made-up")]
    assert locate(found, "Nur Text.\n", 7) == [7, 7]


def test_locate_reuses_the_last_occurrence_for_extra_findings() -> None:
    body = "x\n<script>a</script><script>b</script>\n"
    findings = find_active_content(render(body))
    assert locate(findings, body, 1) == [2, 2]


def test_diagnostics_name_path_line_and_what_to_use_instead() -> None:
    body = 'Hallo\n\n<iframe src="https://example.org"></iframe>\n'
    (problem,) = active_content_diagnostics(render(body), "events/de/x.md", body, 8)
    text = str(problem)
    assert text.startswith("events/de/x.md:10: <iframe>: ")
    assert "pretix-widget.html" in text and "[Text](https://…)" in text


def test_pages_without_suspect_text_are_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    import civic_site.active_content as module

    def fail(*args: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(module._Scanner, "feed", fail)
    assert find_active_content(render("# Titel\n\n- **fett**\n- Liste\n")) == []


# --- hooks/active_content.py: trusted markup from our hooks is not content ---------------


def _hook_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "active_content_hook_under_test", ROOT / "hooks" / "active_content.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _problems(monkeypatch: pytest.MonkeyPatch, source: str, built: str) -> list[str]:
    """What the hook reports for a docs page with `source` whose build produced `built`."""
    hook = _hook_module()
    project = SimpleNamespace(relative=lambda path: f"docs/{Path(path).name}")
    monkeypatch.setattr(
        hook, "build_data", lambda config: SimpleNamespace(page_context={}, project=project)
    )
    page_file = SimpleNamespace(
        src_uri="de/seite.md",
        abs_src_path="/project/docs/de/seite.md",
        content_string=source,
        page=SimpleNamespace(content=built),
    )
    files = SimpleNamespace(documentation_pages=lambda: [page_file])
    config = SimpleNamespace(markdown_extensions=EXTENSIONS, mdx_configs={})
    return [str(d).split(": ")[0] + ": " + d.key for d in hook._page_problems(config, files)]


SOURCE = '---\ntitle: Seite\n---\n\n# Seite\n\n{% include pretix-widget.html event="a" %}\n'
# The build's HTML, as if our hook had put markup with an iframe in at the include tag.
BUILT = '<h1>Seite</h1>\n<div class="box"><iframe src="https://pretix.eu/a/"></iframe></div>'


@pytest.mark.parametrize(
    "marker", ['{% include pretix-widget.html event="a" %}', "<!-- DGS-Video-Komponente -->"]
)
def test_markup_a_hook_put_in_is_not_content(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    source = SOURCE.replace('{% include pretix-widget.html event="a" %}', marker)
    assert _problems(monkeypatch, source, BUILT) == []


def test_content_beside_markup_a_hook_put_in_is_still_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = SOURCE + "\n<iframe src=x></iframe>\n"
    built = BUILT + '\n<iframe src="x"></iframe>'
    assert _problems(monkeypatch, source, built) == ["docs/seite.md:9: <iframe>"]


def test_content_of_a_plain_page_is_found_at_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "---\ntitle: Seite\n---\n\nText\n\n[x](https://a.org){ onclick=y() }\n"
    built = '<p>Text</p>\n<p><a href="https://a.org" onclick="y()">x</a></p>'
    assert _problems(monkeypatch, source, built) == ["docs/seite.md:7: onclick="]
