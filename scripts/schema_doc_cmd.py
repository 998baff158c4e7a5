"""`python -m scripts schema-doc`: the front-matter reference in REDAKTION.md, generated
from schemas/event.schema.json (the one schema the build, the tools and IDEs use).

Only the text between the two markers is replaced; `--check` reports whether it is
up to date (a test runs the same comparison).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "event.schema.json"
GUIDE = ROOT / "REDAKTION.md"
BEGIN = (
    "<!-- BEGIN schema-doc: erzeugt mit „python -m scripts schema-doc“ aus "
    "schemas/event.schema.json; bitte nicht von Hand ändern -->"
)
END = "<!-- END schema-doc -->"
TYPE_NAMES = {
    "string": "Text",
    "array": "Liste",
    "boolean": "true oder false",
    "object": "Zuordnung (eingerückte Zeilen)",
    "integer": "Zahl",
}


class SectionError(Exception):
    pass


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema-doc",
        help="Angaben-Referenz in REDAKTION.md aus dem Schema neu erzeugen",
        description=(
            "Schreibt die Tabelle der Angaben im Kopf einer Veranstaltung in REDAKTION.md "
            "(zwischen den Markierungen) neu, aus schemas/event.schema.json."
        ),
    )
    parser.add_argument(
        "--check", action="store_true", help="nur prüfen, ob REDAKTION.md aktuell ist"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        current = GUIDE.read_text(encoding="utf-8")
        updated = replace_section(current, render_reference(load_schema()))
    except (OSError, SectionError) as exc:
        print(f"Fehler: {exc}")
        return 1
    if args.check:
        if updated != current:
            print("REDAKTION.md ist nicht aktuell: bitte „python -m scripts schema-doc“ ausführen.")
            return 1
        print("REDAKTION.md ist aktuell.")
        return 0
    if updated != current:
        GUIDE.write_text(updated, encoding="utf-8")
        print("REDAKTION.md: Referenz der Angaben neu geschrieben.")
    else:
        print("REDAKTION.md war schon aktuell.")
    return 0


def load_schema(path: Path = SCHEMA) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def render_reference(schema: dict[str, Any]) -> str:
    """A Markdown table: one row per key, nested keys as `location.name`."""
    rows = ["| Angabe | Pflicht | Form | Bedeutung |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for key, prop in schema["properties"].items():
        rows.append(_row(key, prop, key in required))
        for sub_key, sub_prop in _nested_properties(prop).items():
            rows.append(_row(f"{key}.{sub_key}", sub_prop, False))
    return "\n".join(rows)


def _nested_properties(prop: dict[str, Any]) -> dict[str, Any]:
    if "properties" in prop:
        return prop["properties"]
    for variant in prop.get("oneOf", []):
        if "properties" in variant:
            return variant["properties"]
    return {}


def _row(key: str, prop: dict[str, Any], required: bool) -> str:
    meaning = prop.get("description", "")
    examples = prop.get("examples")
    if examples:
        meaning += " Beispiel: " + " oder ".join(f"`{e}`" for e in examples)
    cells = [f"`{key}`", "ja" if required else "–", _form(prop), meaning.strip() or "–"]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _form(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return " oder ".join(f"`{v}`" for v in prop["enum"])
    if "oneOf" in prop:
        return " oder ".join(_form(variant) for variant in prop["oneOf"])
    kind = prop.get("type", "string")
    kinds = kind if isinstance(kind, list) else [kind]
    text = " oder ".join(TYPE_NAMES.get(k, k) for k in kinds)
    if prop.get("pattern", "").startswith("^https"):
        text += " (Link mit https://)"
    return text


def replace_section(text: str, section: str) -> str:
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise SectionError("In REDAKTION.md fehlen die Markierungen BEGIN/END schema-doc.")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{section}\n{END}{tail}"
