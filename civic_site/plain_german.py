"""Library errors said in German: what PyYAML (libyaml) and Jinja report, for editors.

Their messages are English and technical ("mapping values are not allowed in this
context"); editors get one German sentence on what to do instead. Unknown messages get
a general German hint, never the English text.
"""

from __future__ import annotations

import re

import jinja2
import yaml

QUOTE_HINT = 'den Wert in "…" setzen'

# (pattern in PyYAML's or libyaml's `problem`, German explanation); first match wins.
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        r"mapping values are not allowed",
        "Im Wert steht ein Doppelpunkt mit Leerzeichen („: “), oder eine Zeile ist zu weit "
        f"eingerückt; {QUOTE_HINT}",
    ),
    (r"\btab\b|'\\t'", "Hier steht ein Tabulatorzeichen; bitte nur mit Leerzeichen einrücken"),
    (
        r"expected ',' or '\]'",
        f"Die Liste in [ … ] ist nicht geschlossen; „]“ ergänzen oder {QUOTE_HINT}",
    ),
    (
        r"expected ',' or '\}'",
        f"Die Angabe in {{ … }} ist nicht geschlossen; „}}“ ergänzen oder {QUOTE_HINT}",
    ),
    (r"unexpected end of stream|end of the stream", "Ein Anführungszeichen wird nicht geschlossen"),
    (
        r"undefined alias|alphabetic or numeric|duplicate anchor",
        f"Der Wert beginnt mit * oder &; {QUOTE_HINT}",
    ),
    (r"tag", f"Der Wert beginnt mit !; {QUOTE_HINT}"),
    (
        r"cannot start any token",
        f"Der Wert beginnt mit einem Zeichen wie @, ` oder %; {QUOTE_HINT}",
    ),
    (
        r"unknown escape",
        'Im Text in "…" steht ein umgekehrter Schrägstrich (\\); \\\\ schreiben oder den '
        "Text in '…' setzen",
    ),
    (
        r"comment or a line break",
        f"Nach dem Wert in Anführungszeichen steht noch Text; {QUOTE_HINT}",
    ),
    (
        r"unhashable key|mapping keys are not allowed|simple key",
        "Vor dem Doppelpunkt muss ein einfacher Name stehen, z. B. „title:“",
    ),
    (
        r"control characters|unacceptable character|special characters",
        "Hier steht ein unsichtbares Steuerzeichen; die Zeile bitte neu tippen",
    ),
    (
        r"expected key|block end|could not find expected ':'|document start|single document|"
        r"block mapping|node content",
        "Hier stimmt die Einrückung nicht, oder nach einem Wert in Anführungszeichen steht noch "
        "Text: jede Angabe auf eine eigene Zeile, Zeilen unter location: und pretix: mit zwei "
        "Leerzeichen einrücken",
    ),
)
_YAML_FALLBACK = (
    'Die Schreibweise stimmt an dieser Stelle nicht; Text mit Doppelpunkt oder # in "…" setzen '
    "und eingerückte Zeilen mit zwei Leerzeichen beginnen"
)


def yaml_problem(exc: yaml.YAMLError) -> str:
    """One German sentence (without final period) for a YAML syntax error."""
    problem = str(getattr(exc, "problem", None) or exc)
    for pattern, german in _YAML_PROBLEMS:
        if re.search(pattern, problem):
            return german
    return _YAML_FALLBACK


def jinja_syntax_problem(exc: jinja2.TemplateSyntaxError) -> str:
    """What is wrong with a `{{ … }}`/`{% … %}` placeholder, in German."""
    message = exc.message or ""
    wanted = re.findall(r"'(\w+)'", message.split("looking for the following tags:", 1)[-1])
    if "looking for the following tags" in message and wanted:
        end = next((tag for tag in wanted if tag.startswith("end")), wanted[-1])
        return f"es fehlt „{{% {end} %}}“"
    if "end of print statement" in message or "end of template, expected" in message:
        return "ein „{{“ wird nicht mit „}}“ geschlossen"
    if "end of statement block" in message:
        return "ein „{%“ wird nicht mit „%}“ geschlossen"
    if unknown := re.search(r"unknown tag '([^']+)'", message):
        return f"einen Baustein „{unknown.group(1)}“ gibt es nicht"
    return "bitte die letzte Änderung an diesem Platzhalter rückgängig machen"
