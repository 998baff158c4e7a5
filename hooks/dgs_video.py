"""DGS videos where a page has the marker `<!-- DGS-Video-Komponente -->` (or
`<!-- DGS-Video-Komponente: <key> -->`): settings in mkdocs.yml `extra.dgs`, logic in
civic_site/dgs_video.py, HTML in overrides/partials/dgs-video.html.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from civic_site.build_data import build_data
from civic_site.config_lines import config_key_lines
from civic_site.dgs_video import (
    CONFIG_KEY,
    MARKER_RE,
    DgsVideo,
    expand_dgs_markers,
    load_dgs_videos,
    marker_line,
)
from civic_site.diagnostics import DiagnosticError, diagnostic
from civic_site.page_templates import markdown_start_line
from civic_site.template_api import page_markdown_env

TEMPLATE = "partials/dgs-video.html"


def _videos(config: MkDocsConfig) -> dict[str, DgsVideo]:
    config_file = Path(config.config_file_path)
    try:
        return load_dgs_videos(
            config.extra.get(CONFIG_KEY.removeprefix("extra.")),
            Path(config.docs_dir),
            config_file.name,
            config_key_lines(config_file),
        )
    except DiagnosticError as exc:
        raise PluginError(str(exc)) from None


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    _videos(config)  # stop early on a missing file or a bad setting
    return config


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs
) -> str:
    if not MARKER_RE.search(markdown):
        return markdown
    videos = build_data(config).once("dgs_videos", lambda: _videos(config))  # checked on_config
    template = page_markdown_env(config, files).get_template(TEMPLATE)
    context = {"page": page, "config": config, "base_url": get_relative_url(".", page.url)}

    def render(key: str) -> str:
        if key not in videos:
            data = build_data(config)
            source = page.file.abs_src_path or f"{config.docs_dir}/{page.file.src_uri}"
            line = markdown_start_line(page.file.content_string, markdown)
            line += marker_line(markdown, key) - 1
            known = ", ".join(sorted(videos)) or "keins"
            message = (
                f"Ein Video „{key}“ gibt es nicht in mkdocs.yml unter {CONFIG_KEY} "
                f"(vorhanden: {known})."
            )
            shown = data.project.relative(Path(source))
            raise PluginError(str(diagnostic(shown, line, "DGS-Video-Komponente", message)))
        html = template.render(video=videos[key], **context)
        # One raw HTML block for Markdown: no blank lines.
        return "\n".join(line for line in html.splitlines() if line.strip())

    return expand_dgs_markers(markdown, render)
