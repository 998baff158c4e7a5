"""Keep the UI strings (overrides/strings/<lang>.yml) out of the published site.

They live in the theme's custom_dir, whose non-template files MkDocs would otherwise
publish as static assets. Templates get the strings as `ui` from the template API
(hooks/template_api.py).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from civic_site.project import project_from_config
from civic_site.ui_strings import is_ui_strings_file


def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    strings_dir = project_from_config(config).strings_dir
    for string_file in [f for f in files if is_ui_strings_file(f.abs_src_path, strings_dir)]:
        files.remove(string_file)
    return files
