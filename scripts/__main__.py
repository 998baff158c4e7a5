"""`python -m scripts <command>`: dispatch to the command modules (scripts/*_cmd.py)."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

COMMAND_SUFFIX = "_cmd"


def command_modules() -> list[str]:
    """Names of the command modules: scripts/<command>_cmd.py ('-' in commands is '_')."""
    package_dir = Path(__file__).resolve().parent
    names = [m.name for m in pkgutil.iter_modules([str(package_dir)])]
    return sorted(name for name in names if name.endswith(COMMAND_SUFFIX))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with only the module `only` (a faster start:
    importing every command pulls in MkDocs, jsonschema, the pretix client, …)."""
    parser = argparse.ArgumentParser(
        prog="python -m scripts", description="Werkzeuge für die Civic-Coding-Website."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="BEFEHL", required=True)
    for name in [only] if only else command_modules():
        importlib.import_module(f"scripts.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    wanted = f"{argv[0].replace('-', '_')}{COMMAND_SUFFIX}" if argv else None
    args = build_parser(wanted if wanted in command_modules() else None).parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
