"""`check` reports active content in Markdown as the build would: file, line, advice."""

from __future__ import annotations

from pathlib import Path

from civic_site.content_check import check_content
from tests.test_scripts_check import project, write  # noqa: F401  (fixture)

HOSTILE_PAGE = """\
---
title: Seite
teaser: "<script>alert(1)</script> bleibt Text"
---

# Seite

Normaler Text.

<script>alert(1)</script>

[Klick](https://example.org){ onclick="alert(1)" }

![Bild](../assets/images/bild.png){ onerror="alert(1)" }

[versteckt](&#106;avascript:alert(1))

`<script>` im Code ist ein Beispiel.

```html
<iframe src="https://example.org"></iframe>
```
"""


def test_check_finds_active_content_on_its_source_line(project: Path) -> None:  # noqa: F811
    write(project, "docs/de/mitmachen.md", HOSTILE_PAGE)
    write(project, "docs/en/mitmachen.md", "# Mitmachen\n")
    found = sorted({(d.path, d.line) for d in check_content(project) if d.is_error})
    assert found == [
        ("docs/de/mitmachen.md", 10),
        ("docs/de/mitmachen.md", 12),
        ("docs/de/mitmachen.md", 14),
        ("docs/de/mitmachen.md", 16),
    ], found


def test_the_message_says_what_to_use_instead(project: Path) -> None:  # noqa: F811
    write(
        project,
        "events/de/treffen.md",
        (project / "events/de/treffen.md").read_text()
        + '\n<iframe src="https://example.org/anmeldung"></iframe>\n',
    )
    messages = [str(d) for d in check_content(project) if d.is_error]
    assert len(messages) == 1 and messages[0].startswith("events/de/treffen.md:")
    assert "pretix" in messages[0]


def test_a_clean_project_has_no_active_content_findings(project: Path) -> None:  # noqa: F811
    assert [d for d in check_content(project) if d.is_error] == []
