"""Files of the installed Material theme that our templates name.

overrides/main.html replaces Material's `config` block, which names the search worker by its
hashed file name (`search.<hash>.min.js`), and its `scripts` block, which names the bundle
(`bundle.<hash>.min.js`, loaded with `defer` there); the hashes change with Material releases.
The names are looked up in the installed theme at build time, and the build stops when one is
missing, so a Material upgrade cannot break the site's JavaScript without an error.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from pathlib import Path

SEARCH_WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"


class ThemeAssetError(ValueError):
    """A file our templates need is not in the installed theme (message in German)."""


def search_worker_path(theme_dirs: Iterable[str | Path]) -> str:
    """Site path of Material's search worker ('assets/javascripts/workers/search.….min.js')."""
    return theme_asset_path(theme_dirs, SEARCH_WORKER_GLOB, "Such-Worker", "die Suche")


def bundle_path(theme_dirs: Iterable[str | Path]) -> str:
    """Site path of Material's JavaScript bundle ('assets/javascripts/bundle.….min.js')."""
    return theme_asset_path(theme_dirs, BUNDLE_GLOB, "JavaScript-Bündel", "alle Skripte")


def theme_asset_path(
    theme_dirs: Iterable[str | Path], pattern: str, what: str, needed_for: str
) -> str:
    """Site path of the one file matching `pattern` in the first theme folder that has one.

    `theme_dirs` in MkDocs' order (custom_dir, then Material's templates): MkDocs copies a
    theme file from the first folder that has it.
    """
    searched = []
    for theme_dir in theme_dirs:
        folder = Path(theme_dir)
        found = sorted(folder.glob(pattern))
        if len(found) == 1:
            return found[0].relative_to(folder).as_posix()
        if found:
            names = ", ".join(path.name for path in found)
            raise ThemeAssetError(
                f"{_material()}: mehrere Dateien {pattern} in {folder} ({names}); "
                "es darf nur eine geben."
            )
        searched.append(str(folder))
    raise ThemeAssetError(
        f"{_material()}: kein {what} {pattern} gefunden (gesucht in: {', '.join(searched)}). "
        f"overrides/main.html braucht seinen Namen für {needed_for}: nach einem "
        "Material-Update den neuen Ort in civic_site/theme_assets.py eintragen."
    )


def _material() -> str:
    try:
        return f"Material for MkDocs {importlib.metadata.version('mkdocs-material')}"
    except importlib.metadata.PackageNotFoundError:
        return "Material for MkDocs"
