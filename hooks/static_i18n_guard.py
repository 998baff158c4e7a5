"""Warn when the installed mkdocs-static-i18n is not the one civic_site/i18n.py was written for.

civic_site/i18n.py relies on static-i18n internals; under another version the language
switcher, hreflang links or sitemap could go wrong without an error. The warning fails
every `--strict` build (`make build`, the tests, CI, deploy) and shows in `make serve`.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig

from civic_site.i18n import in_nested_language_build, installed_static_i18n_problem

log = logging.getLogger("mkdocs.hooks.static_i18n_guard")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Once per build: static-i18n runs on_config again for every other language.
    if not in_nested_language_build(config):
        problem = installed_static_i18n_problem()
        if problem:
            log.warning(problem)
    return config
