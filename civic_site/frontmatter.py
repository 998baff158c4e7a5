"""Front matter with line numbers, so errors can say `file:line: key: message`.

A custom YAML loader keeps dates and times as text: PyYAML would turn `16:00` into
the number 960 (YAML 1.1 base-60 integers) and `2025-11-18` into a date object,
while editors mean exactly what they typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from civic_site.plain_german import yaml_problem

FENCE = "---"


# libyaml's parser when available: front matter of every event is read twice per build.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextDatesLoader(_BASE_LOADER):
    """SafeLoader without timestamp and base-60 integer resolution."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Whole numbers only (no octal, hex or base 60): what `plain_data` reads as int, too.
WHOLE_NUMBER = re.compile(r"^(?:[-+]?0|[-+]?[1-9][0-9_]*)$")
TextDatesLoader.add_implicit_resolver("tag:yaml.org,2002:int", WHOLE_NUMBER, list("-+0123456789"))


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    meta: dict[str, Any]
    body: str
    key_lines: dict[str, int] = field(default_factory=dict)
    body_line: int = 1

    def line_of(self, key: str) -> int:
        """Line of a top-level key ('location.name' → line of 'location'), else line 1."""
        return self.key_lines.get(key, self.key_lines.get(key.split(".")[0], 1))


def load_with_node(yaml_text: str) -> tuple[yaml.Node | None, Any]:
    """The YAML node tree (for line numbers) and the data, dates and times kept as text."""
    loader = TextDatesLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            return node, plain_data(node)
        except NotPlainDataError:
            return node, loader.construct_document(node)
    finally:
        loader.dispose()


_TAG = "tag:yaml.org,2002:"
_BOOLEANS = yaml.constructor.SafeConstructor.bool_values


class NotPlainDataError(ValueError):
    """A node that `plain_data` leaves to PyYAML's SafeConstructor."""


def plain_data(node: yaml.Node, seen: set[int] | None = None) -> Any:
    """The data of a tree of texts, whole numbers, yes/no, nulls, lists and mappings with
    text keys, exactly as PyYAML's SafeConstructor makes it.

    SafeConstructor builds every document through generators and a table of constructors,
    the larger part of reading an event's front matter. Anything else (numbers with a
    point, `<<` merges, anchors used twice, explicit tags of other types) raises
    NotPlainDataError, and SafeConstructor reads the document (tests/test_frontmatter_data.py).
    """
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias: SafeConstructor shares the object
        raise NotPlainDataError(node.tag)
    seen.add(id(node))
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        value = node.value
        if tag == _TAG + "str":
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool" and value.lower() in _BOOLEANS:
            return _BOOLEANS[value.lower()]
        if tag == _TAG + "int" and WHOLE_NUMBER.fullmatch(value):
            return int(value.replace("_", ""))
    elif isinstance(node, yaml.SequenceNode) and tag == _TAG + "seq":
        return [plain_data(item, seen) for item in node.value]
    elif isinstance(node, yaml.MappingNode) and tag == _TAG + "map":
        mapping = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _TAG + "str"):
                raise NotPlainDataError(key_node.tag)
            seen.add(id(key_node))
            mapping[key_node.value] = plain_data(value_node, seen)
        return mapping
    raise NotPlainDataError(tag)


def parse_document(text: str) -> Document:
    """Split `---` front matter from the body; line numbers are 1-based file lines."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(1, "Die Datei muss mit einer Zeile „---“ beginnen (Front Matter).")
    # Only an unindented `---` closes the front matter: an indented one belongs to a
    # block scalar (a teaser written with `|`).
    try:
        closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE)
    except StopIteration:
        raise FrontMatterError(
            1, "Das Front Matter wird nicht mit einer Zeile „---“ abgeschlossen."
        ) from None
    yaml_text = "\n".join(lines[1:closing])
    try:
        node, meta = load_with_node(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        raise FrontMatterError(
            line, f"Das Front Matter ist kein gültiges YAML: {yaml_problem(exc)}."
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "Das Front Matter muss aus Zeilen „schlüssel: wert“ bestehen.")
    _check_keys(node, "")
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    body = "\n".join(lines[closing + 1 :])
    return Document(meta=meta, body=body, key_lines=key_lines, body_line=closing + 2)


def _check_keys(node: yaml.Node | None, where: str) -> None:
    """Keys are words, each once per mapping (YAML would keep the last one silently)."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_keys(item, where)
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[str] = set()
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if key_node.tag != "tag:yaml.org,2002:str" or not isinstance(key_node.value, str):
            raise FrontMatterError(
                line,
                f"„{key_node.value}“ ist kein Schlüssel: Schlüssel sind Wörter wie „title“.",
            )
        name = f"{where}.{key_node.value}" if where else key_node.value
        if key_node.value in seen:
            raise FrontMatterError(
                line, f"{name}: steht zweimal im Front Matter; bitte nur einmal angeben."
            )
        seen.add(key_node.value)
        _check_keys(value_node, name)


def read_document(path: Path) -> Document:
    return parse_document(path.read_text(encoding="utf-8"))
