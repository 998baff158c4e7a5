"""Files of the installed Material theme that our templates name.

overrides/main.html replaces Material's `config` block, which names the search worker by its
hashed file name (`search.<hash>.min.js`); the hash changes with Material releases. The name is
looked up in the installed theme at build time, and the build stops when there is none, so a
Material upgrade cannot break search without an error.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from pathlib import Path

SEARCH_WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"


class ThemeAssetError(ValueError):
    """A file our templates need is not in the installed theme (message in German)."""


def search_worker_path(theme_dirs: Iterable[str | Path]) -> str:
    """Site path of Material's search worker ('assets/javascripts/workers/search.….min.js').

    `theme_dirs` in MkDocs' order (custom_dir, then Material's templates): MkDocs copies a
    theme file from the first folder that has it, so the first folder with a worker wins.
    """
    searched = []
    for theme_dir in theme_dirs:
        folder = Path(theme_dir)
        found = sorted(folder.glob(SEARCH_WORKER_GLOB))
        if len(found) == 1:
            return found[0].relative_to(folder).as_posix()
        if found:
            names = ", ".join(path.name for path in found)
            raise ThemeAssetError(
                f"{_material()}: mehrere Such-Worker in {folder} ({names}); "
                "es darf nur einen geben."
            )
        searched.append(str(folder))
    raise ThemeAssetError(
        f"{_material()}: kein Such-Worker {SEARCH_WORKER_GLOB} gefunden "
        f"(gesucht in: {', '.join(searched)}). overrides/main.html braucht seinen Namen für "
        "die Suche: nach einem Material-Update den neuen Ort in civic_site/theme_assets.py "
        "eintragen."
    )


def _material() -> str:
    try:
        return f"Material for MkDocs {importlib.metadata.version('mkdocs-material')}"
    except importlib.metadata.PackageNotFoundError:
        return "Material for MkDocs"
