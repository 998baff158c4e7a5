"""Pages and events that exist in only some of the site's languages (for `check`).

A missing translation is never an error: the site falls back to the default language's
page, and events appear in every language. It is a warning or a hint, worded per language.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale

from civic_site.diagnostics import INFO, WARNING, Diagnostic, diagnostic
from civic_site.page_languages import KEY as ONLY_LANGUAGE
from civic_site.page_languages import read_only_language
from civic_site.project import Project


def missing_translations(project: Project) -> list[Diagnostic]:
    """Pages and events missing in some language (a warning or a hint, never an error).

    Pages and events of the default language are what every other language falls back
    to, so one missing there is a warning; an event only in the default language is fine.
    A page with `only_language:` (civic_site/page_languages.py) exists in that language by
    design: no warning, but one if it has a counterpart after all.
    """
    default, others = project.default_language, project.other_languages
    docs = {lang: _relative_files(project.docs_dir / lang) for lang in project.languages}
    events = {lang: _relative_files(project.events_dir / lang) for lang in project.languages}
    docs_dir, events_dir = project.relative(project.docs_dir), project.relative(project.events_dir)
    found, by_design = _only_language_findings(project, docs)
    for rel in sorted(docs[default] - by_design):
        for lang in (lang for lang in others if rel not in docs[lang]):
            found.append(
                diagnostic(
                    f"{docs_dir}/{default}/{rel}",
                    1,
                    "",
                    f"keine {_adjective(lang, 'e')} Fassung ({docs_dir}/{lang}/{rel} fehlt); "
                    f"die {_adjective(lang, 'e')} Website zeigt hier den "
                    f"{_adjective(default, 'en')} Text.",
                    WARNING,
                )
            )
    for lang in others:
        for rel in sorted(docs[lang] - docs[default] - by_design):
            lacking = [default] + [o for o in others if o != lang and rel not in docs[o]]
            sites = _join([f"der {_adjective(code, 'en')}" for code in lacking])
            found.append(
                diagnostic(
                    f"{docs_dir}/{lang}/{rel}",
                    1,
                    "",
                    f"keine {_adjective(default, 'e')} Fassung ({docs_dir}/{default}/{rel} "
                    f"fehlt); auf {sites} Website fehlt diese Seite.",
                    WARNING,
                )
            )
    for rel in sorted(events[default]):
        missing = [lang for lang in others if rel not in events[lang]]
        if not missing:
            continue
        if len(missing) == len(others):
            head = f"nur auf {_language_name(default)}"
        else:
            head = "keine " + _join([_adjective(lang, "e") for lang in missing]) + " Fassung"
        files = ", ".join(f"{events_dir}/{lang}/{rel}" for lang in missing)
        sites = _join([f"die {_adjective(lang, 'e')}" for lang in missing])
        plural = len(missing) > 1
        found.append(
            diagnostic(
                f"{events_dir}/{default}/{rel}",
                1,
                "",
                f"{head} ({files} {'fehlen' if plural else 'fehlt'}); das ist erlaubt, {sites} "
                f"Website {'zeigen' if plural else 'zeigt'} die {_adjective(default, 'e')} "
                "Ankündigung.",
                INFO,
            )
        )
    translated = sorted({rel for lang in others for rel in events[lang]} - events[default])
    for rel in translated:
        # The default language's site shows the first translation in file order
        # (events_for_language), i.e. by language code.
        shown = next(lang for lang in sorted(others) if rel in events[lang])
        found.append(
            diagnostic(
                f"{events_dir}/{shown}/{rel}",
                1,
                "",
                f"keine {_adjective(default, 'e')} Fassung ({events_dir}/{default}/{rel} fehlt); "
                f"die {_adjective(default, 'e')} Website zeigt die {_adjective(shown, 'e')} "
                "Ankündigung.",
                WARNING,
            )
        )
    return found


def _only_language_findings(
    project: Project, docs: dict[str, set[str]]
) -> tuple[list[Diagnostic], set[str]]:
    """Mistakes in `only_language:`, and the pages that exist in one language by design."""
    found, by_design = [], set()
    languages = project.languages
    docs_dir = project.relative(project.docs_dir)
    for lang in languages:
        for rel in sorted(docs[lang]):
            setting = read_only_language(project.docs_dir / lang / rel, languages)
            if setting is None:
                continue
            by_design.add(rel)  # a wrong value is reported, not a missing translation too
            shown = f"{docs_dir}/{lang}/{rel}"
            if setting.language is None:
                message = (
                    "Hier steht der Sprachcode der einzigen Sprache der Seite, einer von: "
                    + ", ".join(languages)
                    + "."
                )
            elif setting.language != lang:
                message = (
                    f"Die Seite liegt in {docs_dir}/{lang}/, also steht hier „{lang}“ "
                    "(oder die Zeile fällt weg)."
                )
            else:
                twins = [f"{docs_dir}/{o}/{rel}" for o in languages if o != lang and rel in docs[o]]
                if not twins:
                    continue
                message = (
                    f"Die Seite gibt es nur auf {_language_name(lang)} "
                    f"({ONLY_LANGUAGE}: {lang}), aber {', '.join(twins)} gibt es auch; "
                    "eines von beiden löschen."
                )
                found.append(diagnostic(shown, setting.line, ONLY_LANGUAGE, message, WARNING))
                continue
            found.append(diagnostic(shown, setting.line, ONLY_LANGUAGE, message))
    return found, by_design


def _relative_files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}


def _language_name(code: str) -> str:
    """The German name of a language ('en' → 'Englisch'): messages are in German."""
    return Locale("de").languages.get(code.replace("-", "_")) or code


def _adjective(code: str, ending: str) -> str:
    """'englisch' + ending ('englische Fassung', 'den deutschen Text')."""
    name = _language_name(code)
    stem = name.lower() if name.endswith("sch") and " " not in name else f"{code}-sprachig"
    return stem + ending


def _join(words: list[str]) -> str:
    """'a', 'a und b', 'a, b und c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " und " + words[-1]
