"""Publish the site's own stylesheets (`extra.css_bundle` in mkdocs.yml) as one file,
`assets/css/site.css`, which `extra_css` links. Logic: civic_site/css_bundle.py."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from civic_site.css_bundle import bundle_css

BUNDLE_PATH = "assets/css/site.css"


@event_priority(-110)  # after static-i18n (-100), which cannot handle generated files
def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    sources = list(config.extra.get("css_bundle") or [])
    try:
        content = bundle_css(Path(config.docs_dir), sources)
    except FileNotFoundError as exc:
        raise PluginError(str(exc)) from None
    for source in sources:  # published inside the bundle only
        source_file = files.get_file_from_path(source)
        if source_file is not None:
            files.remove(source_file)
    files.append(File.generated(config, BUNDLE_PATH, content=content))
    return files
