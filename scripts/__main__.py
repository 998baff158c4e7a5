"""`python -m scripts <command>`: dispatch to the command modules (scripts/*_cmd.py)."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

COMMAND_SUFFIX = "_cmd"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripts", description="Werkzeuge für die Civic-Coding-Website."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="BEFEHL", required=True)
    package_dir = Path(__file__).resolve().parent
    for module_info in sorted(pkgutil.iter_modules([str(package_dir)]), key=lambda m: m.name):
        if module_info.name.endswith(COMMAND_SUFFIX):
            module = importlib.import_module(f"scripts.{module_info.name}")
            module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
