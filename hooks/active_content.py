"""Stop the build on active content in Markdown, naming file and line.

The logic is in civic_site/active_content.py.

Runs in `on_env`: by then every page of the language build is rendered (`page.content`) and
none is written yet, so all findings of a language come in one message. Pages are docs pages
(imported posts included) and event pages, whose Markdown is the body of an events/<lang>/
file (`Event.source_path`, `Event.body_line`).

Our hooks put trusted markup into the Markdown of some pages before it is rendered: the
pretix box for `{% include pretix-widget.html … %}` (hooks/pretix_widget.py), the partials
of `jinja: true` pages (hooks/content_data.py), the DGS video at its marker
(hooks/dgs_video.py). Every page is first checked on the HTML the build rendered, which costs
no second Markdown pass; only when that has findings is the page judged on a rendering of its
*source* alone (what the editor wrote, before any hook), so markup a hook put in is never
taken for content and the lines found are the source's. What a Jinja expression makes of
data is not content; a script from it still stops the build at the CSP check (hooks/csp.py),
and handlers or `javascript:` URLs from it are blocked by the policy in the browser.
"""

from __future__ import annotations

from pathlib import Path

import markdown
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import YAML_RE

from civic_site.active_content import active_content_diagnostics, find_active_content
from civic_site.build_data import BuildData, build_data
from civic_site.diagnostics import Diagnostic, format_diagnostics, sort_diagnostics


def _source(data: BuildData, file: File) -> tuple[str, str, int] | None:
    """(path shown to editors, Markdown body, file line where it begins), or None for a
    generated page without a body of its own (listings)."""
    context = data.page_context.get(file.src_uri)
    if context is not None:
        event = context.get("event")
        return (event.source_path, event.body, event.body_line) if event else None
    text = file.content_string
    match = YAML_RE.match(text)  # front matter as MkDocs finds it (its text is data)
    start = match.end() if match else 0
    start += len(text[start:]) - len(text[start:].lstrip("\n"))
    path = data.project.relative(Path(file.abs_src_path)) if file.abs_src_path else file.src_uri
    return path, text[start:], text.count("\n", 0, start) + 1


def _page_problems(config: MkDocsConfig, files: Files) -> list[Diagnostic]:
    data = build_data(config)
    problems: list[Diagnostic] = []
    md: markdown.Markdown | None = None  # made once, if a page has findings
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:  # not rendered (a dirty rebuild)
            continue
        source = _source(data, file)
        if source is None:
            continue
        path, body, first_line = source
        if not find_active_content(page.content):
            continue
        # Perhaps markup one of our hooks put in: judge what the editor wrote, alone.
        if md is None:
            extensions = config.markdown_extensions
            md = markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)
        problems += active_content_diagnostics(md.reset().convert(body), path, body, first_line)
    return problems


@event_priority(100)  # before the other on_env hooks: nothing is worth preparing then
def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs) -> Environment:
    problems = _page_problems(config, files)
    if problems:
        raise PluginError(
            "Aktive Inhalte (Skripte, eingebettete Seiten, Formulare) in Seiten:\n"
            + format_diagnostics(sort_diagnostics(problems))
        )
    return env
