"""Pages with `jinja: true` in their front matter are rendered as Jinja templates first.

So the legal pages show the operator's data from mkdocs.yml and the initiative page the
project cards (civic_site/page_templates.py). They see the same globals and filters as
the theme's templates: the template API of civic_site/template_api.py (`operator`,
`anchor_projects`, `home_figures`, `ui`, `paths`, …).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from civic_site.diagnostics import DiagnosticError
from civic_site.page_templates import markdown_start_line, render_page_template
from civic_site.template_api import page_markdown_env


# Before hooks/pretix_widget.py (100), which rejects every `{% include %}` it does not know.
@event_priority(110)
def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs
) -> str:
    if page.meta.get("jinja") is not True:
        return markdown
    context = {
        "page": page,
        "config": config,
        "base_url": get_relative_url(".", page.url),  # what MkDocs' `url` filter needs
    }
    source = f"docs/{page.file.src_uri}"
    first_line = markdown_start_line(page.file.content_string, markdown)
    try:
        # One environment per language build, not per page (its globals read data files).
        env = page_markdown_env(config, files)
        return render_page_template(env, markdown, context, source, first_line)
    except DiagnosticError as exc:
        raise PluginError(str(exc)) from None
