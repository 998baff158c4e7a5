"""Where a key stands in mkdocs.yml, so that a message can name its line.

MkDocs hands hooks the loaded config without line numbers; this reads the file's YAML
nodes once per modification time (compose() builds nodes without constructing values,
so tags such as !ENV are fine) and maps every dotted key to its 1-based line:
{"extra": 170, "extra.anchor_projects": 230, "extra.anchor_projects.civic-data-lab.url": 233}.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import yaml


def config_key_lines(config_file: Path | str) -> dict[str, int]:
    """{dotted key: line} of every mapping key in the YAML file (empty if unreadable)."""
    path = Path(config_file)
    try:
        return dict(_key_lines(path, path.stat().st_mtime_ns))
    except (OSError, yaml.YAMLError):
        return {}


@lru_cache(maxsize=4)
def _key_lines(path: Path, mtime_ns: int) -> tuple[tuple[str, int], ...]:
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    return tuple(_keys(root, ""))


def _keys(node: yaml.Node | None, prefix: str) -> Iterator[tuple[str, int]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            yield key, key_node.start_mark.line + 1
            yield from _keys(value_node, key)
