"""Every built page is valid HTML according to the Nu Html Checker (vnu-jar from npm).

Only messages that come from the Material theme's own markup are filtered, each listed
below with the reason. Everything our templates, hooks and content produce must be clean.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser import VNU_JAR
from tests.sitebuild import BuildResult

# (message pattern, reason). Patterns are anchored regular expressions on vnu's message text.
MATERIAL_MESSAGES = [
    (
        r"Attribute “autocomplete” is only allowed when the input type is .*",
        "Material's base.html puts autocomplete=off on its drawer/search toggle checkboxes, "
        "so that browsers do not restore the menu state on back navigation.",
    ),
    (
        r"Bad value “” for attribute “tabindex” on element “label”: "
        r"The empty string is not a valid integer\.",
        'Material\'s partials/nav-item.html renders tabindex="" on section labels '
        "(navigation.sections) instead of leaving the attribute out.",
    ),
    (
        r"The value of the “for” attribute of the “label” element must be the ID of a "
        r"non-hidden form control\.",
        "Material's partials/toc.html labels the #__toc toggle, which nav-item.html only "
        "renders for pages in the navigation; pages outside the nav (event pages, legal "
        "pages) get the label without its checkbox.",
    ),
]


def _is_material_message(message: str) -> bool:
    return any(re.fullmatch(pattern, message) for pattern, _ in MATERIAL_MESSAGES)


def run_vnu(*site_dirs: Path) -> tuple[list[str], list[dict]]:
    """The files vnu checked and its messages, for all HTML files below the directories."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail("Java and node_modules/vnu-jar are needed: apt-get install java, npm ci")
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", "--verbose"]
        + [str(site_dir) for site_dir in site_dirs],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # --verbose lists the checked files on stdout; the JSON report goes to stderr.
    return proc.stdout.splitlines(), json.loads(proc.stderr)["messages"]


def _describe(message: dict) -> str:
    where = f"{message.get('url', '?')}:{message.get('lastLine', '?')}"
    return f"{where}: {message['message']}\n    {message.get('extract', '').strip()[:160]}"


def test_allow_list_patterns_are_exact() -> None:
    assert _is_material_message(
        "Bad value “” for attribute “tabindex” on element “label”: "
        "The empty string is not a valid integer."
    )
    assert not _is_material_message("Bad value “” for attribute “tabindex” on element “a”: x")
    assert not _is_material_message("Element “div” not allowed as child of element “span”.")


@pytest.mark.slow  # vnu needs Java and ~25 s; `make test` runs it, `make test-fast` does not
def test_all_built_pages_are_valid_html(real_site: BuildResult, fixture_site: BuildResult) -> None:
    checked, messages = run_vnu(real_site.site_dir, fixture_site.site_dir)
    pages = list(real_site.site_dir.rglob("*.html")) + list(fixture_site.site_dir.rglob("*.html"))
    assert len(checked) == len(pages), "vnu did not check every built page"
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    ours = [m for m in errors if not _is_material_message(m["message"])]
    assert not ours, "\n".join(_describe(m) for m in ours)
