"""Where a project's files are and which languages it has: from its mkdocs.yml alone.

Nothing here looks at the location of this package, so a copied project (a test
fixture, a second site) reads its own strings, schema and events, never the original's.
Commands read mkdocs.yml with `load_project`; hooks use `project_from_config`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import mergedeep
import yaml
from mkdocs.config.defaults import MkDocsConfig

from civic_site import i18n
from civic_site.site_paths import SitePaths

CONFIG_NAME = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    """The paths and languages of one site, as its mkdocs.yml sets them."""

    root: Path
    docs_dir: Path
    theme_dir: Path
    languages: tuple[str, ...]
    default_language: str
    site_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # MkDocs' `use_directory_urls`: False in the preview opened from disk (mkdocs.preview.yml).
    directory_urls: bool = True
    # `markdown_extensions:` as written (names, or {name: settings}), for commands that
    # render Markdown the way the build does (`check`'s active-content test).
    markdown_extensions: tuple[Any, ...] = field(default=(), compare=False, hash=False)

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def events_dir(self) -> Path:
        return self.root / "events"

    @property
    def series_file(self) -> Path:
        return self.events_dir / "series.yml"

    @property
    def schema_file(self) -> Path:
        return self.root / "schemas" / "event.schema.json"

    @property
    def strings_dir(self) -> Path:
        """UI strings, one `<lang>.yml` per language (never published: hooks/ui_strings.py)."""
        return self.theme_dir / "strings"

    def strings_file(self, lang: str) -> Path:
        return self.strings_dir / f"{lang}.yml"

    @property
    def other_languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.default_language)

    def paths(self, lang: str) -> SitePaths:
        """Every URL of the site in `lang` (civic_site/site_paths.py), in this build's form."""
        return SitePaths(lang, self.default_language, self.directory_urls)

    def docs_path_problem(self, rel: str, folder: str = "") -> str | None:
        """Why `rel` does not name a file under docs/ (or docs/<folder>/): 'outside' (`..`
        leads out), 'missing', 'symlink' (the file is a link to something outside docs/,
        which MkDocs would publish); None when it names a file there.

        The path is judged as written, the way MkDocs publishes docs/; folders inside docs/
        that are links (test projects share the real assets) are followed."""
        text = str(rel).replace("\\", "/").lstrip("/")
        normal = posixpath.normpath(text) if text else ""
        if not normal or normal == "." or normal == ".." or normal.startswith("../"):
            return "outside"
        candidate = self.docs_dir / folder / normal
        try:
            if not candidate.is_file():
                return "missing"
            if candidate.is_symlink():
                target = candidate.resolve()
                docs = {self.docs_dir.resolve(), candidate.parent.resolve()}
                if not any(base == target.parent or base in target.parents for base in docs):
                    return "symlink"
        except (OSError, ValueError):  # a NUL byte, a name too long: no such file
            return "missing"
        return None

    def docs_file(self, rel: str, folder: str = "") -> Path | None:
        """The file `rel` names under docs/ (or docs/<folder>/), or None (docs_path_problem)."""
        if self.docs_path_problem(rel, folder) is not None:
            return None
        return self.docs_dir / folder / posixpath.normpath(str(rel).replace("\\", "/").lstrip("/"))

    def relative(self, path: Path) -> str:
        """`path` as shown to editors: relative to the project where possible."""
        from civic_site.diagnostics import display_path

        return display_path(path, self.root)


def project_from_config(config: MkDocsConfig) -> Project:
    """The project of a loaded MkDocs config (inside a build)."""
    root = Path(config.config_file_path).parent.absolute()
    theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else root / "overrides"
    languages, default = i18n.configured_languages(config)
    return Project(
        root=root,
        docs_dir=Path(config.docs_dir),
        theme_dir=theme_dir,
        languages=languages,
        default_language=default,
        site_url=config.site_url or "",
        extra=dict(config.extra),
        directory_urls=bool(config.use_directory_urls),
    )


def load_project(config_file: Path) -> Project:
    """The project whose mkdocs.yml is `config_file` (for commands; no plugins loaded)."""
    path = Path(config_file).absolute()
    return _load_project(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load_project(path: Path, mtime_ns: int) -> Project:
    data = _read_config(path)
    root = path.parent
    theme = data.get("theme") or {}
    custom_dir = theme.get("custom_dir", "overrides") if isinstance(theme, dict) else "overrides"
    languages, default = i18n.languages_from_plugin_list(data.get("plugins") or [])
    return Project(
        root=root,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        theme_dir=root / str(custom_dir),
        languages=languages,
        default_language=default,
        site_url=str(data.get("site_url") or ""),
        extra=dict(data.get("extra") or {}),
        directory_urls=data.get("use_directory_urls", True) is not False,
        markdown_extensions=tuple(data.get("markdown_extensions") or ()),
    )


def _read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as data; a config with `INHERIT: other.yml` on top of that file, merged as
    MkDocs merges it (mergedeep: mappings merged key by key, everything else replaced)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    parent = data.pop("INHERIT", None)
    if parent:
        data = mergedeep.merge(_read_config(path.parent / str(parent)), data)
    return data


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for commands: tags such as !ENV or !!python/name become plain values."""


def _plain_value(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _plain_value)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain_value)
