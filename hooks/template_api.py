"""Register the template API: every Jinja global and filter of the site, in one place.

The list of names and what they do is in civic_site/template_api.py; no other hook
registers globals or filters. `on_env` runs after every `on_files`, so the language
build's data (hooks/events.py, civic_site/build_data.py) is there.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from civic_site.diagnostics import DiagnosticError
from civic_site.shared_partials import prepare_theme_env
from civic_site.template_api import install_template_api
from civic_site.template_cache import share_compiled_templates


@event_priority(1000)  # before the plugins' on_config: Material's search makes one there
def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    # Every environment the theme makes for this build shares compiled templates, also those
    # that plugins and hooks make (Material's search plugin compiles partials/language.html
    # in each language build's on_config, hooks/pretix_widget.py and hooks/dgs_video.py
    # render partials). The attribute is set on this build's Theme object only.
    # Each also gets Material's translations and its files past overrides/
    # (civic_site/shared_partials.py).
    theme = config.theme
    make_env = type(theme).get_env.__get__(theme)

    def get_env() -> Environment:
        return prepare_theme_env(share_compiled_templates(make_env()), config)

    theme.get_env = get_env  # type: ignore[method-assign]
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs) -> Environment:
    # MkDocs makes a new environment per language build: reuse the templates the other
    # language compiled (civic_site/template_cache.py). Before any template is loaded.
    share_compiled_templates(env)
    try:
        return install_template_api(env, config, files)
    except DiagnosticError as exc:
        raise PluginError(str(exc)) from None
