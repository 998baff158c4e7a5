"""Whether a value is valid against a JSON Schema, decided without jsonschema's machinery.

jsonschema finds the *errors* of an event's front matter: every keyword through generators
and a table of validator functions, about 0.3 ms a file, the larger part of checking a
valid event. Nearly every file in a build is valid, and for those only the yes matters.
`compile_decider` turns a schema into plain nested functions that answer exactly what
jsonschema's `is_valid` answers, for the keywords the event schema uses. A schema with any
other keyword gets no decider (None), and every value goes to jsonschema.

civic_site/event_check.py asks the decider first and jsonschema only for a value the decider
rejects, so a file's errors always come from jsonschema (and no error at all when jsonschema
finds none). tests/test_schema_decider.py compares both on thousands of values.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

Decider = Callable[[Any], bool]

# Keywords that only describe (no effect on validity).
_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples", "default"}
_TYPES: dict[str, Decider] = {  # as jsonschema's Draft 2020-12 type checker
    "string": lambda value: isinstance(value, str),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "integer": lambda value: (
        (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, float) and value.is_integer())
    ),
    "number": lambda value: isinstance(value, numbers.Number) and not isinstance(value, bool),
}


class UnknownKeywordError(ValueError):
    """The schema uses something `compile_decider` does not decide."""


def compile_decider(schema: Any) -> Decider | None:
    """A function value → valid?, exactly as jsonschema's Draft 2020-12 decides it; None for
    a schema with keywords (or forms of them) outside the few handled here."""
    try:
        return _compile(schema)
    except UnknownKeywordError:
        return None


def _compile(schema: Any) -> Decider:
    if schema is True:
        return lambda value: True
    if schema is False:
        return lambda value: False
    if not isinstance(schema, dict):
        raise UnknownKeywordError(repr(schema))
    unknown = set(schema) - _ANNOTATIONS - set(_KEYWORDS)
    if unknown:
        raise UnknownKeywordError(", ".join(sorted(unknown)))
    checks = [_KEYWORDS[key](schema[key], schema) for key in _KEYWORDS if key in schema]
    return lambda value: all(check(value) for check in checks)


def _type(wanted: Any, schema: dict) -> Decider:
    names = [wanted] if isinstance(wanted, str) else wanted
    if not isinstance(names, list) or any(name not in _TYPES for name in names):
        raise UnknownKeywordError(f"type {wanted!r}")
    tests = [_TYPES[name] for name in names]
    return lambda value: any(test(value) for test in tests)


def _pattern(pattern: Any, schema: dict) -> Decider:
    if not isinstance(pattern, str):
        raise UnknownKeywordError("pattern")
    search = re.compile(pattern).search  # jsonschema uses re.search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _min_length(length: Any, schema: dict) -> Decider:
    if not isinstance(length, int) or isinstance(length, bool):
        raise UnknownKeywordError("minLength")
    return lambda value: not isinstance(value, str) or len(value) >= length


def _required(names: Any, schema: dict) -> Decider:
    if not isinstance(names, list):
        raise UnknownKeywordError("required")
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _properties(properties: Any, schema: dict) -> Decider:
    if not isinstance(properties, dict):
        raise UnknownKeywordError("properties")
    deciders = {name: _compile(sub) for name, sub in properties.items()}
    return lambda value: (
        not isinstance(value, dict)
        or all(decide(value[name]) for name, decide in deciders.items() if name in value)
    )


def _additional_properties(additional: Any, schema: dict) -> Decider:
    declared = set(schema.get("properties", {}))
    decide = _compile(additional)
    return lambda value: (
        not isinstance(value, dict)
        or all(decide(item) for name, item in value.items() if name not in declared)
    )


def _items(items: Any, schema: dict) -> Decider:
    decide = _compile(items)
    return lambda value: not isinstance(value, list) or all(decide(item) for item in value)


def _one_of(branches: Any, schema: dict) -> Decider:
    if not isinstance(branches, list) or not branches:
        raise UnknownKeywordError("oneOf")
    deciders = [_compile(branch) for branch in branches]
    return lambda value: sum(1 for decide in deciders if decide(value)) == 1


_KEYWORDS: dict[str, Callable[[Any, dict], Decider]] = {
    "type": _type,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional_properties,
    "items": _items,
    "pattern": _pattern,
    "minLength": _min_length,
    "oneOf": _one_of,
}
