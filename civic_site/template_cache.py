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

`StoredTemplateCode` puts a folder behind it, so that the next process (the next
`mkdocs build`, each `make build` worker, a `make serve` start, every build of the tests)
compiles nothing that an earlier one compiled: about 0.7 s a build. A file is named by
the key above plus the Jinja and Python versions, and holds the source checksum, a
checksum of the code and the code; anything that does not match or cannot be read is
compiled anew, and a folder that cannot be written only costs time. The folder is the user's cache
(`$XDG_CACHE_HOME/civic-coding/jinja`, else `~/.cache/…`), never the project: compiled
code is run, and a file committed into the checkout (the GitHub web UI does not apply
.gitignore) must not be.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from collections import OrderedDict
from contextlib import suppress
from hashlib import sha1
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache

from civic_site.file_writer import replace_file

LIMIT = 1024
JINJA_VERSION = jinja2.__version__  # the code generator may change in any release
PYTHON_TAG = sys.implementation.cache_tag  # marshal's format is the interpreter's
FILE_FORMAT = "civic-coding template code 1"


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
        self.remember(bucket)

    def remember(self, bucket: Bucket) -> None:
        """Keep code that was not compiled here (read from a file)."""
        if bucket.code is None:
            return
        with self._lock:
            self._codes[(bucket.key, bucket.checksum)] = bucket.code
            while len(self._codes) > self.limit:
                self._codes.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._codes.clear()


SHARED_TEMPLATE_CODE = SharedTemplateCode()


def template_code_dir() -> Path:
    """The folder for compiled templates: the user's cache (XDG), never the project."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "civic-coding" / "jinja"


class StoredTemplateCode(BytecodeCache):
    """`memory` (the process's shared code) backed by files in `directory` that later
    processes read."""

    def __init__(self, directory: Path, memory: SharedTemplateCode = SHARED_TEMPLATE_CODE):
        self.directory = directory
        self.memory = memory

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        bucket = self.memory.get_bucket(environment, name, filename, source)
        if bucket.code is None:
            bucket.code = self._read(bucket)
            self.memory.remember(bucket)
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:  # Jinja's call after compiling
        self.memory.set_bucket(bucket)
        if bucket.code is not None:
            self._write(bucket)

    def _path(self, bucket: Bucket) -> Path:
        name = sha1(f"{bucket.key}:{JINJA_VERSION}:{PYTHON_TAG}".encode()).hexdigest()
        return self.directory / f"{name}.code"

    def _header(self, bucket: Bucket) -> bytes:
        return f"{FILE_FORMAT}\n{JINJA_VERSION} {PYTHON_TAG}\n{bucket.checksum}\n".encode()

    def _read(self, bucket: Bucket) -> CodeType | None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return None
        header = self._header(bucket)
        digest, _, code_bytes = data.removeprefix(header).partition(b"\n")
        if not data.startswith(header) or digest != sha1(code_bytes).hexdigest().encode():
            return None  # another source, version or format, or a damaged file: compile
        try:
            code = marshal.loads(code_bytes)
        except (EOFError, ValueError, TypeError):
            return None
        return code if isinstance(code, CodeType) else None

    def _write(self, bucket: Bucket) -> None:
        code_bytes = marshal.dumps(bucket.code)
        digest = sha1(code_bytes).hexdigest().encode()
        with suppress(OSError):  # no cache folder: the next process compiles again, no more
            replace_file(self._path(bucket), self._header(bucket) + digest + b"\n" + code_bytes)


def share_compiled_templates(env: Environment) -> Environment:
    """Let `env` reuse templates compiled by any environment of this process or kept from
    an earlier one (and overlays made from it from now on, which copy the setting)."""
    try:
        env.bytecode_cache = StoredTemplateCode(template_code_dir())
    except RuntimeError:  # no home folder to be found (Path.home): this process only
        env.bytecode_cache = SHARED_TEMPLATE_CODE
    return env
