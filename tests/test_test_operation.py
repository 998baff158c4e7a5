"""Test operation (Testbetrieb): before launch the site may be published only as a test.

`SITE_TESTBETRIEB=1` (set by .github/workflows/deploy.yml when the repository variable
TESTBETRIEB is 'true') puts a visible notice and `<meta name="robots" content="noindex">` on
every page; without it, neither appears. The workflow side is in tests/test_workflows.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civic_site.site_mode import TEST_OPERATION_ENV, in_test_operation
from tests.sitebuild import ROOT, BuildResult, built_pages, run_mkdocs_build

NOINDEX = re.compile(r'<meta name="robots" content="noindex(?:, ?nofollow)?">')
NOTICE = re.compile(r'<p class="civic-test-operation"[^>]*>(.*?)</p>', re.DOTALL)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("ja", True),
        (" TRUE ", True),
        ("", False),
        ("0", False),
        ("false", False),
        ("nein", False),
        (None, False),
    ],
)
def test_the_flag_is_read_from_the_environment(value: str | None, expected: bool) -> None:
    environ = {} if value is None else {TEST_OPERATION_ENV: value}
    assert in_test_operation(environ) is expected


def test_a_normal_build_has_neither_notice_nor_noindex(real_site: BuildResult) -> None:
    pages = built_pages(real_site.site_dir)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert not NOINDEX.search(html) and "civic-test-operation" not in html, path


@pytest.fixture(scope="module")
def testbetrieb_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    site_dir = tmp_path_factory.mktemp("testbetrieb") / "site"
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site_dir, env={TEST_OPERATION_ENV: "1"})
    assert result.returncode == 0, result.output
    return result


def _visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.slow
def test_every_page_in_test_operation_has_the_notice_and_noindex(
    testbetrieb_site: BuildResult,
) -> None:
    site = testbetrieb_site.site_dir
    pages = built_pages(site)
    assert {"index.html", "404.html", "en/404.html", "en/index.html"} <= {
        p.relative_to(site).as_posix() for p in pages
    }
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        assert len(NOINDEX.findall(head)) == 1, path
        notices = NOTICE.findall(html[html.index("<body") :])
        assert len(notices) == 1, path
        english = Path(path).relative_to(site).as_posix().startswith("en/")
        label = "Test operation" if english else "Testbetrieb"
        assert _visible_text(notices[0]).startswith(label), (path, notices[0])


@pytest.mark.slow
def test_the_notice_comes_before_the_header(testbetrieb_site: BuildResult) -> None:
    html = testbetrieb_site.page("index.html")
    assert html.index("civic-test-operation") < html.index('class="md-header')
