"""Assumed facts: values no source gives, marked as unconfirmed, and where they are.

Rule of the house: the site states only what is true. A value nobody has confirmed yet
(a phone number, an organizer slug, a data protection officer) is written as a string
starting with `UNBESTÄTIGT:` followed by what is missing, e.g.

    phone: "UNBESTÄTIGT: Telefonnummer der Redaktion"

Pages show such values as marked text ("[noch nicht bestätigt: …]") and never as a link
(civic_site/facts.py: the template API's `confirmed` test and `fact` filters), so nothing
is passed off as fact, and
`python -m scripts launch-check` lists every one with file and line until someone
replaces it with the confirmed value.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from civic_site.diagnostics import Diagnostic, diagnostic
from civic_site.frontmatter import FENCE
from civic_site.project import Project

MARKER = "UNBESTÄTIGT"
# Placeholders say in German what is missing; pages in other languages mark that text so.
DESCRIPTION_LANG = "de"


def is_unconfirmed(value: Any) -> bool:
    """True for a placeholder value (`UNBESTÄTIGT: …`)."""
    return isinstance(value, str) and value.strip().upper().startswith(MARKER)


def what_is_missing(value: str) -> str:
    """The description after the marker: 'UNBESTÄTIGT: Telefonnummer' → 'Telefonnummer'."""
    return value.strip()[len(MARKER) :].lstrip(" :–-").strip() or "Wert nicht bestätigt"


def find_placeholders(project: Project) -> list[Diagnostic]:
    """Every unconfirmed value in mkdocs.yml, data/, events/series.yml and page front matter."""
    found: list[Diagnostic] = []
    yaml_files = [project.config_file, project.series_file]
    yaml_files += sorted((project.root / "data").glob("**/*.yml"))
    for path in yaml_files:
        if path.is_file():
            found += _in_yaml_text(project, path, path.read_text(encoding="utf-8"), 0)
    for folder in (project.docs_dir, project.events_dir):
        for path in sorted(folder.rglob("*.md")):
            front, offset = _front_matter(path.read_text(encoding="utf-8"))
            if front:
                found += _in_yaml_text(project, path, front, offset)
    return found


def _front_matter(text: str) -> tuple[str, int]:
    """The YAML between the `---` fences and the file line before its first line."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != FENCE:
        return "", 0
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            return "\n".join(lines[1:index]), 1
    return "", 0


def _in_yaml_text(project: Project, path: Path, text: str, offset: int) -> list[Diagnostic]:
    try:
        root = yaml.compose(text, Loader=_NodeLoader)
    except yaml.YAMLError:
        return []  # broken YAML is reported by `check` and the build, with its line
    shown = project.relative(path)
    return [
        diagnostic(shown, node.start_mark.line + 1 + offset, key, what_is_missing(node.value))
        for key, node in _scalars(root, "")
        if is_unconfirmed(node.value)
    ]


def _scalars(node: yaml.Node | None, key: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    if isinstance(node, yaml.ScalarNode):
        yield key, node
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = str(key_node.value)
            yield from _scalars(value_node, f"{key}.{name}" if key else name)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalars(item, f"{key}[{index}]")


class _NodeLoader(yaml.SafeLoader):
    """Composes any YAML, tags such as !ENV included (only nodes are needed here)."""
