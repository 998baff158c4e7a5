"""Compiled Jinja templates shared by every environment of one process.

MkDocs makes a new Jinja environment for each build (`Theme.get_env`), and static-i18n
runs one build per language, so without this every template of Material and of
`overrides/` was parsed and compiled once per language (and once more for each
environment of our own). Compiling was about 7 % of a build.

`SHARED_TEMPLATE_CODE` is a Jinja bytecode cache that keeps the compiled code in memory.
Jinja asks it before compiling a template from a loader and hands it what it compiled.
An entry is keyed by

- the template's name and file,
- a checksum of the template's source (Jinja's own): an edited template is compiled
  again, also within one `make serve` process;
- every environment setting that changes the compiled code (delimiters, whitespace
  handling, extensions, autoescape, finalize, async, sandbox, and how each filter and
  test takes its arguments). Jinja's own bytecode caches leave these out, so a template
  compiled by an overlay with `keep_trailing_newline` would be reused by an environment
  without it.

The code depends on nothing else: globals, filters and the environment are looked up
when the template runs. So the cache changes no output, only how often a template is
compiled. It holds at most `LIMIT` entries (oldest dropped first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from hashlib import sha1
from types import CodeType
from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache

LIMIT = 1024


def _pass_arg(function: Any) -> str | None:
    """What Jinja passes first to a filter, test or finalize (`@pass_context` and the like),
    which the compiled call depends on."""
    kind = getattr(function, "jinja_pass_arg", None)
    return getattr(kind, "name", None)


def compile_settings(env: Environment, name: str | None) -> str:
    """A fingerprint of everything in `env` that the compiled code of `name` depends on."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    settings = (
        type(env).__module__,
        type(env).__qualname__,
        env.code_generator_class.__qualname__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        bool(autoescape),
        None if env.finalize is None else ("finalize", _pass_arg(env.finalize)),
        tuple(sorted(env.extensions)),
        tuple(sorted(getattr(env, "intercepted_binops", ()))),
        tuple(sorted(getattr(env, "intercepted_unops", ()))),
        tuple(sorted((key, _pass_arg(f)) for key, f in env.filters.items())),
        tuple(sorted((key, _pass_arg(f)) for key, f in env.tests.items())),
    )
    return sha1(repr(settings).encode("utf-8")).hexdigest()


class SharedTemplateCode(BytecodeCache):
    """A Jinja bytecode cache in memory, safe to share between environments."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._codes: OrderedDict[tuple[str, str], CodeType] = OrderedDict()
        self._lock = threading.Lock()  # `make serve` rebuilds in a thread of its own
        self.compiled = 0  # how many templates were compiled (for tests)

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = f"{self.get_cache_key(name, filename)}:{compile_settings(environment, name)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._codes.get((bucket.key, bucket.checksum))
            if code is not None:
                self._codes.move_to_end((bucket.key, bucket.checksum))
                bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        with self._lock:
            self.compiled += 1
            self._codes[(bucket.key, bucket.checksum)] = bucket.code
            while len(self._codes) > self.limit:
                self._codes.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._codes.clear()


SHARED_TEMPLATE_CODE = SharedTemplateCode()


def share_compiled_templates(env: Environment) -> Environment:
    """Let `env` reuse templates compiled by any environment of this process (and overlays
    made from it from now on, which copy the setting)."""
    env.bytecode_cache = SHARED_TEMPLATE_CODE
    return env
