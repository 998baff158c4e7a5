"""Editor and maintenance commands: `python -m scripts <command> …`.

Each command lives in a module `scripts/<name>_cmd.py` that defines
`register(subparsers)`: it adds its sub-parser(s) and sets `func` (called with the
parsed arguments, returns the exit code). `scripts/__main__.py` finds such modules by
their name, so adding a command needs no edit elsewhere. Only code in scripts/ may
use the network.
"""
