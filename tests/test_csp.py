"""Unit tests for civic_site/csp.py and a check of the policy in every built page."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from civic_site.csp import add_csp_meta, build_policy, pretix_origin, scan_page, script_hash
from tests.sitebuild import BuildResult, built_pages

PAGE = """<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <title>T</title>
    <script>var a = "x<y";</script>
    <script id="__config" type="application/json">{"base": "."}</script>
    <script src="bundle.js"></script>
  </head>
  <body>
    <div class="civic-pretix other"><button type="button">Laden</button></div>
    <script type="module">import("./m.js")</script>
  </body>
</html>
"""


def _policy_of(html: str) -> dict[str, list[str]]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert match, "no CSP meta tag"
    directives = [part.split() for part in match.group(1).split(";")]
    return {words[0]: words[1:] for words in directives if words}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_scan_collects_executable_inline_scripts_only() -> None:
    scan = scan_page(PAGE)
    assert scan.inline_scripts == ['var a = "x<y";', 'import("./m.js")']
    assert scan.has_pretix_widget
    assert scan.inline_event_handlers == []


def test_scan_reports_inline_event_handlers() -> None:
    scan = scan_page('<html><head></head><body><a href="#" onclick="x()">a</a></body></html>')
    assert scan.inline_event_handlers == ["a onclick"]


def test_script_hash_is_base64_sha256_of_utf8_text() -> None:
    assert script_hash("alert('ä')") == _sha256("alert('ä')")


def test_meta_tag_goes_right_after_charset() -> None:
    html = add_csp_meta(PAGE)
    head = html.split("<title>")[0]
    assert head.index('<meta charset="utf-8">') < head.index("Content-Security-Policy")
    inserted = re.search(r"\n  <meta http-equiv=[^>]*>", html)
    assert inserted and html.replace(inserted.group(0), "") == PAGE


def test_policy_hashes_scripts_and_keeps_pretix_out_without_url() -> None:
    policy = _policy_of(add_csp_meta(PAGE))
    assert policy["script-src"][0] == "'self'"
    assert set(policy["script-src"][1:]) == {_sha256('var a = "x<y";'), _sha256('import("./m.js")')}
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-src"] == ["'none'"]


def test_pretix_host_only_on_pages_with_a_widget() -> None:
    with_widget = _policy_of(add_csp_meta(PAGE, "https://pretix.eu/civiccoding/"))
    for directive in ("script-src", "style-src", "connect-src", "frame-src", "img-src"):
        assert "https://pretix.eu" in with_widget[directive], directive
    assert "https://cdn.pretix.cloud" in with_widget["img-src"]
    plain = PAGE.replace("civic-pretix", "civic-box")
    without = _policy_of(add_csp_meta(plain, "https://pretix.eu/civiccoding/"))
    assert not any("pretix" in source for sources in without.values() for source in sources)


def test_local_pretix_origin_keeps_its_port() -> None:
    assert pretix_origin("http://127.0.0.1:8345/org/") == "http://127.0.0.1:8345"
    assert pretix_origin("") is None
    assert pretix_origin("not a url") is None
    policy = build_policy([], "http://127.0.0.1:8345")
    assert "frame-src http://127.0.0.1:8345" in policy
    assert "cdn.pretix.cloud" not in policy


def test_pages_without_head_or_with_a_policy_stay_unchanged() -> None:
    assert add_csp_meta("<p>no head</p>") == "<p>no head</p>"
    once = add_csp_meta(PAGE)
    assert add_csp_meta(once) == once


def test_hash_matches_scripts_split_across_lines() -> None:
    script = "\n  var x = 1;\r\n  var y = '</p>';\n"
    html = f"<html><head>\n<meta charset=utf-8><script>{script}</script></head></html>"
    assert _sha256(script) in _policy_of(add_csp_meta(html))["script-src"]


def test_every_built_page_has_one_policy_covering_its_scripts(real_site: BuildResult) -> None:
    pages = [p for p in built_pages(real_site.site_dir) if "<head>" in p.read_text("utf-8")]
    assert pages
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
