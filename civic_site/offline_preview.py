"""The preview that opens from disk (file://): what it needs besides file URLs.

`mkdocs.preview.yml` builds the site with `use_directory_urls: false` (every URL from
civic_site/site_paths.py then names a file) and `extra.offline: true`, which turns on
hooks/offline_preview.py. That hook does what Material's `offline` plugin does, made to fit
this site (ARCHITECTURE.md T18):

- Material's search runs in a Web Worker, and Chromium refuses workers from file://. The
  iframe-worker shim (npm, MIT, by Material's author) stands in for `Worker` there. The
  plugin loads it from unpkg.com; we serve the copy pinned in package.json (node_modules/)
  from the site's own assets, with its licence.
- From file:// Material loads `search/search_index.js` below the page's search base instead
  of fetching the JSON index. The plugin writes it for the root only; we write one per
  language, next to each language's own index (hooks/search_split.py).
- The shim writes its worker's bootstrap as an inline script into an iframe; its text holds
  the page-relative worker URL, so no fixed hash can allow it: the preview's policy allows
  inline scripts ('unsafe-inline', civic_site/csp.py) and still no other host. The build's
  check that pages carry no inline script from content is the same as for the real site.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

OFFLINE_KEY = "offline"  # `extra.offline: true` in mkdocs.preview.yml
SHIM_PACKAGE = "iframe-worker"
SHIM_DIR = "assets/vendor/iframe-worker"  # in the site; "iframe-worker" in its URL keeps
SHIM_PATH = f"{SHIM_DIR}/shim.js"  # Material's offline plugin from adding its CDN copy
SHIM_LICENSE_PATH = f"{SHIM_DIR}/LICENSE"
SEARCH_INDEX_SCRIPT_PREFIX = "var __index = "  # what Material's offline search reads


def is_offline_preview(extra: Mapping[str, Any]) -> bool:
    """Whether the config (its `extra`) builds the preview opened from disk."""
    return extra.get(OFFLINE_KEY) is True


def offline_config_problem(extra: Mapping[str, Any], use_directory_urls: bool) -> str | None:
    """None when the offline settings fit together, else what is wrong (German)."""
    value = extra.get(OFFLINE_KEY)
    if value not in (None, True, False):
        return f"extra: {OFFLINE_KEY}: muss true oder false sein, nicht „{value}“."
    if value is True and use_directory_urls:
        return (
            f"extra: {OFFLINE_KEY}: true braucht use_directory_urls: false (mkdocs.preview.yml): "
            "von der Festplatte geöffnet, zeigt ein Ordner keine index.html."
        )
    return None


def add_shim_polyfill(extra: dict[str, Any]) -> None:
    """Put the shim first in Material's `extra.polyfills` (loaded before its bundle)."""
    polyfills = list(extra.get("polyfills") or [])
    if SHIM_PATH not in polyfills:
        extra["polyfills"] = [SHIM_PATH, *polyfills]


class MissingShimError(FileNotFoundError):
    """node_modules/iframe-worker is not installed."""


def shim_files(node_modules: Path) -> dict[str, bytes]:
    """{site path: content} of the shim and its licence, from the installed npm package.

    The minified shim carries no copyright notice; the MIT licence asks for one with every
    copy: a first line names package, version, author and licence, LICENSE lies beside it.
    """
    package = node_modules / SHIM_PACKAGE
    try:
        manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
        shim = (package / "shim" / "index.js").read_text(encoding="utf-8")
        licence = (package / "LICENSE").read_bytes()
    except FileNotFoundError:
        raise MissingShimError(
            f"Die Vorschau braucht das npm-Paket {SHIM_PACKAGE} ({package} fehlt): "
            "`npm ci --omit=dev` ausführen (package.json, package-lock.json)."
        ) from None
    author = manifest.get("author") or {}
    author_name = author.get("name", "") if isinstance(author, dict) else str(author)
    header = (
        f"/*! {SHIM_PACKAGE} {manifest['version']} | {manifest['license']} License | "
        f"(c) {author_name} | see LICENSE beside this file */\n"
    )
    return {SHIM_PATH: (header + shim).encode("utf-8"), SHIM_LICENSE_PATH: licence}


def search_index_script(index_json: str) -> str:
    """The script Material loads from file:// instead of the JSON search index."""
    return SEARCH_INDEX_SCRIPT_PREFIX + index_json
