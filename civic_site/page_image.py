"""A docs page's `image:` (the picture of its link preview) names a file inside docs/.

Like an event's `header_image:` (civic_site/event_check.py), the value is a path relative to
docs/ (`assets/images/vorschau.png`, a leading `/` allowed). `..`, an absolute path, an
address or a symlink that leads out of docs/ is an error with file and line: in the build
(hooks/social_meta.py) and in `python -m scripts check` (civic_site/content_check.py).
Where the path lands in HTML it is %-encoded and escaped (civic_site/social_meta.py).
"""

from __future__ import annotations

from typing import Any

from civic_site.diagnostics import Diagnostic, diagnostic
from civic_site.frontmatter import FrontMatterError, parse_document
from civic_site.project import Project

KEY = "image"
EXAMPLE = "„assets/images/vorschau.png“"


def image_problem(value: Any, project: Project, label: str = "das Vorschaubild") -> str | None:
    """Why `value` cannot be an image path from front matter (German), or None when it names
    a file under docs/. `label` names the image in the message (a page's `image:` is its
    preview, an event's `header_image:` its header picture)."""
    if not isinstance(value, str) or not value.strip():
        return f"Hier gehört der Pfad einer Bilddatei unter docs/ hin, z. B. {EXAMPLE}."
    if "://" in value or value.startswith("//"):
        return (
            f"„{value}“ ist eine Internetadresse; {label} muss im Ordner docs/ "
            f"liegen, z. B. {EXAMPLE}."
        )
    problem = project.docs_path_problem(value)
    if problem == "outside":
        return (
            f"„{value}“ führt aus dem Ordner docs/ hinaus; {label} muss dort "
            f"liegen, z. B. {EXAMPLE}."
        )
    if problem == "missing":
        return (
            f"Die Bilddatei docs/{value.lstrip('/')} gibt es nicht; Bilder liegen im Ordner "
            f"docs/, z. B. {EXAMPLE}."
        )
    if problem == "symlink":
        # MkDocs would publish what the link points at: a file from outside docs/.
        return (
            f"docs/{value.lstrip('/')} ist ein Verweis (Symlink) auf eine Datei außerhalb "
            "von docs/; bitte die Bilddatei selbst nach docs/ kopieren."
        )
    return None


def image_diagnostics(
    meta: dict[str, Any], shown: str, text: str, project: Project
) -> list[Diagnostic]:
    """The page's `image:` problem with its line; `text` is the page's source."""
    if KEY not in meta:
        return []
    problem = image_problem(meta[KEY], project)
    if problem is None:
        return []
    return [diagnostic(shown, _line_of(text), KEY, problem)]


def _line_of(text: str) -> int:
    try:
        return parse_document(text).line_of(KEY)
    except FrontMatterError:
        return 1
