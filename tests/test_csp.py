"""Unit tests for civic_site/csp.py and a check of the policy in every built page."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from civic_site.csp import (
    SitePolicy,
    UnknownInlineScriptError,
    apply_site_policy,
    build_policy,
    has_pretix_widget,
    policy_insert_offset,
    pretix_origin,
    scan_page,
    script_hash,
    site_scope,
    template_inline_scripts,
    templates_with_inline_scripts,
    unknown_inline_scripts,
)
from tests.sitebuild import ROOT, BuildResult, built_pages

THEME_SCRIPT = 'var a = "x<y";'
MODULE_SCRIPT = 'import("./m.js")'
PAGE = f"""<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <title>T</title>
    <script>{THEME_SCRIPT}</script>
    <script id="__config" type="application/json">{{"base": "."}}</script>
    <script src="bundle.js"></script>
  </head>
  <body>
    <div class="civic-pretix other"><button type="button">Laden</button></div>
    <script type="module">{MODULE_SCRIPT}</script>
  </body>
</html>
"""
ALLOWED = frozenset({THEME_SCRIPT, MODULE_SCRIPT})


def _policy_of(html: str) -> dict[str, list[str]]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert match, "no CSP meta tag"
    directives = [part.split() for part in match.group(1).split(";")]
    return {words[0]: words[1:] for words in directives if words}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_scan_collects_executable_inline_scripts_only() -> None:
    scan = scan_page(PAGE)
    assert scan.inline_scripts == [THEME_SCRIPT, MODULE_SCRIPT]
    assert scan.has_pretix_widget
    assert scan.inline_event_handlers == []


def test_scan_reports_inline_event_handlers() -> None:
    scan = scan_page('<html><head></head><body><a href="#" onclick="x()">a</a></body></html>')
    assert scan.inline_event_handlers == ["a onclick"]


def test_script_hash_is_base64_sha256_of_utf8_text() -> None:
    assert script_hash("alert('ä')") == _sha256("alert('ä')")


def test_cheap_scan_agrees_with_the_parser_on_executable_scripts() -> None:
    assert unknown_inline_scripts(PAGE, frozenset()) == scan_page(PAGE).inline_scripts
    assert unknown_inline_scripts(PAGE, ALLOWED) == []
    odd = '<script\ttype="text/javascript" >a()</SCRIPT >'
    odd += "<script type=application/ld+json>{}</script>"
    assert unknown_inline_scripts(odd, frozenset()) == ["a()"]
    assert unknown_inline_scripts("<script>never closed", frozenset()) == ["never closed"]


def test_meta_tag_goes_right_after_charset() -> None:
    html = apply_site_policy(PAGE, SitePolicy(ALLOWED))
    head = html.split("<title>")[0]
    assert head.index('<meta charset="utf-8">') < head.index("Content-Security-Policy")
    inserted = re.search(r"\n  <meta http-equiv=[^>]*>", html)
    assert inserted and html.replace(inserted.group(0), "") == PAGE


def test_policy_hashes_the_allow_list_not_the_page() -> None:
    policy = _policy_of(apply_site_policy(PAGE, SitePolicy(ALLOWED | {"theme()"})))
    assert policy["script-src"][0] == "'self'"
    assert set(policy["script-src"][1:]) == {_sha256(t) for t in ALLOWED | {"theme()"}}
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-src"] == ["'none'"]


def test_a_content_script_is_never_blessed() -> None:
    # Today's mistake: hashing every inline script of the finished page.
    hostile = PAGE.replace("</body>", "<p><script>alert(1)</script></p></body>")
    with pytest.raises(UnknownInlineScriptError) as caught:
        apply_site_policy(hostile, SitePolicy(ALLOWED))
    assert caught.value.scripts == ["alert(1)"]


def test_pretix_host_only_on_pages_with_a_widget() -> None:
    policy = SitePolicy(ALLOWED, "https://pretix.eu/civiccoding/")
    with_widget = _policy_of(apply_site_policy(PAGE, policy))
    for directive in ("script-src", "style-src", "connect-src", "frame-src", "img-src"):
        assert "https://pretix.eu" in with_widget[directive], directive
    assert "https://cdn.pretix.cloud" in with_widget["img-src"]
    plain = PAGE.replace("civic-pretix", "civic-box")
    without = _policy_of(apply_site_policy(plain, policy))
    assert not any("pretix" in source for sources in without.values() for source in sources)


def test_pretix_marker_is_a_whole_class() -> None:
    assert has_pretix_widget('<div class="a civic-pretix">')
    assert has_pretix_widget("<div class='civic-pretix'>")
    assert not has_pretix_widget('<div class="civic-pretix__note civic-pretix-x">')
    assert not has_pretix_widget("<p>civic-pretix</p>")


def test_local_pretix_origin_keeps_its_port() -> None:
    assert pretix_origin("http://127.0.0.1:8345/org/") == "http://127.0.0.1:8345"
    assert pretix_origin("") is None
    assert pretix_origin("not a url") is None
    policy = build_policy([], "http://127.0.0.1:8345")
    assert "frame-src http://127.0.0.1:8345" in policy
    assert "cdn.pretix.cloud" not in policy


def test_pages_without_head_or_with_a_policy_stay_unchanged() -> None:
    policy = SitePolicy(ALLOWED)
    assert apply_site_policy("<p>no head</p>", policy) == "<p>no head</p>"
    once = apply_site_policy(PAGE, policy)
    assert apply_site_policy(once, policy) == once


@pytest.mark.parametrize(
    "body",
    [
        '<meta charset="iso-8859-1">',
        '<meta http-equiv="Content-Security-Policy" content="script-src *">',
        '<p><meta charset="utf-8"><meta http-equiv="content-security-policy" content="x"></p>',
    ],
)
def test_metas_in_the_body_neither_move_nor_suppress_the_tag(body: str) -> None:
    hostile = PAGE.replace("<body>", f"<body>\n{body}")
    html = apply_site_policy(hostile, SitePolicy(ALLOWED))
    head, _, rest = html.partition("</head>")
    assert head.count('http-equiv="Content-Security-Policy"') == 1
    assert head.index('<meta charset="utf-8">') < head.index('http-equiv="Content-Security')
    assert rest.count("Content-Security-Policy") == body.count("Content-Security-Policy")


def test_tag_goes_right_after_head_without_charset() -> None:
    html = "<html><head data-x=1><title>T</title></head><body><meta charset=utf-8></body>"
    assert policy_insert_offset(html) == len("<html><head data-x=1>")
    assert policy_insert_offset("<html><header><meta charset=utf-8></header>") is None


def test_hash_matches_scripts_split_across_lines() -> None:
    script = "\n  var x = 1;\r\n  var y = '</p>';\n"
    html = f"<html><head>\n<meta charset=utf-8><script>{script}</script></head></html>"
    policy = SitePolicy(frozenset(scan_page(html).inline_scripts))
    assert _sha256(script) in _policy_of(apply_site_policy(html, policy))["script-src"]


def test_scope_is_the_site_root_path() -> None:
    assert site_scope("https://www.civic-coding.de/") == "/"
    assert site_scope("https://example.github.io/civic") == "/civic/"
    assert site_scope(None) == "/"


def test_allow_list_comes_from_the_templates_with_site_data_only() -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.extra["scope"] = "/"
    names = templates_with_inline_scripts(config.theme.dirs)
    assert "partials/javascripts/base.html" in names
    assert "base.html" not in names and "main.html" not in names  # JSON blocks only
    context = {"config": config, "features": config.theme["features"]}
    scripts, page_dependent = template_inline_scripts(config.theme.get_env(), names, context)
    assert any(text.startswith('__md_scope=new URL("/",location)') for text in scripts)
    # Material's "outdated" banner script embeds the page's base_url: never allow-listed.
    assert "partials/javascripts/outdated.html" in page_dependent
    assert not any("base_url" in text or "{{" in text for text in scripts)


def test_every_built_page_has_one_policy_covering_its_scripts(real_site: BuildResult) -> None:
    pages = [p for p in built_pages(real_site.site_dir) if "<head>" in p.read_text("utf-8")]
    assert pages
    script_sources: set[tuple[str, ...]] = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(real_site.site_dir)
        assert html.count('http-equiv="Content-Security-Policy"') == 1, rel
        scan = scan_page(html)
        script_src = _policy_of(html)["script-src"]
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, rel
        for text in scan.inline_scripts:
            assert _sha256(text) in script_src, f"{rel}: inline script not hashed"
        assert scan.inline_event_handlers == [], f"{rel}: inline handlers need unsafe-hashes"
        _assert_policy_precedes_scripts(html, Path(rel))
        script_sources.add(tuple(s for s in script_src if s.startswith("'sha256-")))
    # One allow-list for the whole site (from the templates, not from each page).
    assert len(script_sources) == 1, script_sources


def _assert_policy_precedes_scripts(html: str, rel: Path) -> None:
    # A <meta> policy only governs what comes after it in the document.
    first_script = html.find("<script")
    assert first_script == -1 or html.index("Content-Security-Policy") < first_script, rel


def test_pretix_host_allowed_exactly_on_widget_pages(fixture_site: BuildResult) -> None:
    widget_pages = 0
    for page in built_pages(fixture_site.site_dir):
        html = page.read_text(encoding="utf-8")
        if "<head>" not in html:
            continue
        allows_pretix = "https://pretix.eu" in _policy_of(html)["script-src"]
        has_widget = scan_page(html).has_pretix_widget
        widget_pages += has_widget
        assert allows_pretix == has_widget, page.relative_to(fixture_site.site_dir)
    assert widget_pages, "the fixture site should have an event with a pretix box"
