"""The menu (`nav:` in mkdocs.yml) as the strict build sees it, checked without a build.

MkDocs warns, and with `--strict` stops, when
- a page is in neither `nav:` nor `not_in_nav:` (with `validation.nav.omitted_files: warn`),
- a `nav:` entry names a page that does not exist (`validation.nav.not_found`, warn by default).

`not_in_nav` and `exclude_docs` are gitignore-style patterns relative to docs/, matched
with pathspec's GitIgnoreSpec as MkDocs does (mkdocs/structure/files.py). With
static-i18n's folder layout a page's path there includes its language folder
(`de/rueckblicke/x.md`), so the patterns need it too (`/*/rueckblicke/`); `nav:` entries
are without it (`projekte/x.md`) and count for every language.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec.gitignore
import yaml

from civic_site.diagnostics import Diagnostic, diagnostic
from civic_site.project import Project

# MkDocs' own exclusions (mkdocs.structure.files._default_exclude).
DEFAULT_EXCLUDE = (".*", "/templates/")

OMITTED_MESSAGE = (
    "Die Seite steht weder im Menü (nav: in mkdocs.yml) noch unter not_in_nav:, und so "
    "bricht der Bau ab. Bitte in mkdocs.yml unter nav: eintragen oder, wenn sie nicht ins "
    "Menü soll, ihren Ordner unter not_in_nav: (z. B. „/*/rueckblicke/“)."
)


@dataclass(frozen=True)
class NavRules:
    """What mkdocs.yml says about the menu."""

    entries: tuple[tuple[str, int], ...]  # (page path as written, line in mkdocs.yml)
    has_nav: bool
    not_in_nav: pathspec.gitignore.GitIgnoreSpec
    excluded: pathspec.gitignore.GitIgnoreSpec
    omitted_is_error: bool
    not_found_is_error: bool

    @property
    def pages(self) -> frozenset[str]:
        return frozenset(_normal(path) for path, _ in self.entries)


def read_nav_rules(config_file: Path) -> NavRules:
    """The nav entries (with their lines) and the patterns of `config_file`."""
    root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    top = _mapping(root)
    entries: list[tuple[str, int]] = []
    if "nav" in top:
        _collect_entries(top["nav"], entries)
    validation = _plain(top["validation"]) if "validation" in top else {}
    validation = validation if isinstance(validation, dict) else {}
    nav_validation = validation.get("nav") if isinstance(validation.get("nav"), dict) else {}

    def level(name: str, default: str) -> str:
        return str(nav_validation.get(name, validation.get(name, default)))

    exclude_lines = list(DEFAULT_EXCLUDE)
    for name in ("exclude_docs", "draft_docs"):  # drafts are not built with --strict
        if name in top:
            exclude_lines += str(_plain(top[name]) or "").splitlines()
    not_in_nav = str(_plain(top["not_in_nav"]) or "") if "not_in_nav" in top else ""
    return NavRules(
        entries=tuple(entries),
        has_nav="nav" in top and bool(_plain(top["nav"])),
        not_in_nav=pathspec.gitignore.GitIgnoreSpec.from_lines(not_in_nav.splitlines()),
        excluded=pathspec.gitignore.GitIgnoreSpec.from_lines(exclude_lines),
        omitted_is_error=level("omitted_files", "info") == "warn",
        not_found_is_error=level("not_found", "warn") == "warn",
    )


def nav_problems(project: Project, generated: frozenset[str]) -> list[Diagnostic]:
    """Pages the strict build would reject, and `nav:` entries that lead nowhere.

    `generated` are the pages the build makes itself in the default language
    ('events/index.md', …); a nav entry may name them.
    """
    rules = read_nav_rules(project.config_file)
    if not rules.has_nav:
        return []  # no nav: MkDocs lists every page itself
    found: list[Diagnostic] = []
    config_shown = project.relative(project.config_file)
    default_dir = project.docs_dir / project.default_language
    if rules.not_found_is_error:
        for path, line in rules.entries:
            page = _normal(path)
            if (default_dir / page).is_file() or page in generated:
                continue
            message = (
                f"Den Menüeintrag „{path}“ gibt es nicht als Seite: "
                f"{project.relative(default_dir / page)} fehlt (die Seite in "
                f"{project.default_language}/ muss es geben; die anderen Sprachen zeigen sie, "
                "bis sie übersetzt ist)."
            )
            found.append(diagnostic(config_shown, line, "nav", message))
    if rules.omitted_is_error:
        pages = rules.pages
        for lang in project.languages:
            folder = project.docs_dir / lang
            for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
                src_uri = path.relative_to(project.docs_dir).as_posix()
                rel = path.relative_to(folder).as_posix()
                if rules.excluded.match_file(src_uri) or rules.not_in_nav.match_file(src_uri):
                    continue
                if rel not in pages and src_uri not in pages:
                    found.append(diagnostic(project.relative(path), 1, "", OMITTED_MESSAGE))
    return found


def _normal(path: str) -> str:
    return posixpath.normpath(path.strip()).lstrip("/")


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _plain(node: yaml.Node) -> Any:
    """A composed node as plain Python values (scalars stay text; tags are ignored)."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(key.value): _plain(value) for key, value in node.value}
    return None


def _collect_entries(node: yaml.Node, entries: list[tuple[str, int]]) -> None:
    """Page paths in a nav tree: `- page.md`, `- Title: page.md`, sections; no URLs."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _collect_entries(item, entries)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            _collect_entries(value, entries)
    elif isinstance(node, yaml.ScalarNode):
        value = str(node.value).strip()
        if value and "://" not in value and not value.startswith(("/", "mailto:", "#")):
            entries.append((value, node.start_mark.line + 1))
