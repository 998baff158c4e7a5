"""The preview that opens from disk (mkdocs.preview.yml, `extra.offline: true`): the
iframe-worker shim served from the site's own assets and a search index script per language.
Does nothing for the published site. Logic and reasons: civic_site/offline_preview.py."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from civic_site.i18n import build_languages, default_language, in_nested_language_build
from civic_site.offline_preview import (
    MissingShimError,
    add_shim_polyfill,
    is_offline_preview,
    offline_config_problem,
    search_index_script,
    shim_files,
)
from civic_site.project import project_from_config
from civic_site.site_paths import SitePaths


@event_priority(-110)  # after static-i18n (-100), which reconfigures each language build
def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    problem = offline_config_problem(config.extra, config.use_directory_urls)
    if problem:
        raise PluginError(problem)
    if is_offline_preview(config.extra):
        add_shim_polyfill(config.extra)
    return config


@event_priority(-110)  # after static-i18n (-100), which cannot handle generated files
def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    if not is_offline_preview(config.extra):
        return files
    try:
        shim = shim_files(project_from_config(config).root / "node_modules")
    except MissingShimError as exc:
        raise PluginError(str(exc)) from None
    for path, content in shim.items():
        files.append(File.generated(config, path, content=content))
    return files


@event_priority(-130)  # after hooks/search_split.py (-120) wrote each language's index
def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    if not is_offline_preview(config.extra) or in_nested_language_build(config):
        return
    site, default = Path(config.site_dir), default_language(config)
    for lang in build_languages(config):
        paths = SitePaths(lang, default)
        index = site / paths.search_index()
        if index.is_file():
            script = search_index_script(index.read_text(encoding="utf-8"))
            (site / paths.search_index_script()).write_text(script, encoding="utf-8")
