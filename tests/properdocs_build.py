"""Build a site with ProperDocs as well as with MkDocs, and compare the two trees.

ProperDocs (PyPI `properdocs`) continues MkDocs 1.x under another name. It runs from a
venv of its own, `.cache/properdocs/venv` (`make properdocs-venv`, from
requirements-properdocs.txt), so that .venv stays exactly requirements.txt. The venv is
made once and kept; make rebuilds it when a requirements file changes.

Both builds get the same clock: SITE_NOW for the event states and SOURCE_DATE_EPOCH for
the build date (the sitemap's lastmod and the gzip header of sitemap.xml.gz); without
them, two builds either side of midnight differ whatever builds them.

The one difference ProperDocs makes on purpose: it passes "ProperDocs 1.6.7" to templates
as `mkdocs_version`, which Material prints in `<meta name="generator">`. This site's
overrides/main.html replaces the block holding that tag, so no page has it today;
`compare_trees` still normalises that tag (and nothing else) and counts the files where
it had to.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tests.sitebuild import FIXTURE_NOW, ROOT, BuildResult

PROPERDOCS_VENV = ROOT / ".cache" / "properdocs" / "venv"
PROPERDOCS = PROPERDOCS_VENV / "bin" / "properdocs"
LOCK_FILE = ROOT / ".cache" / "properdocs" / ".lock"
INSTALL_TIMEOUT = 900
BUILD_TIMEOUT = 300
# The same clock for both builds (see the module docstring).
BUILD_ENV = {
    "SITE_NOW": FIXTURE_NOW,
    "SOURCE_DATE_EPOCH": str(int(datetime.fromisoformat(FIXTURE_NOW).timestamp())),
    "NO_MKDOCS_2_WARNING": "1",
}
GENERATOR = re.compile(rb'(<meta name="generator" content=")mkdocs-[^,"]*')


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    """One installer at a time (two test sessions may start together)."""
    LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    with LOCK_FILE.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_properdocs() -> Path:
    """The `properdocs` command of the ProperDocs venv, made or updated by make if needed."""
    with _lock():
        proc = subprocess.run(
            ["make", "--no-print-directory", "properdocs-venv"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
        )
    if proc.returncode != 0 or not PROPERDOCS.exists():
        raise RuntimeError(f"make properdocs-venv failed:\n{proc.stdout}{proc.stderr}")
    return PROPERDOCS


def properdocs_version() -> str:
    python = PROPERDOCS_VENV / "bin" / "python"
    proc = subprocess.run(
        [str(python), "-c", "import properdocs; print(properdocs.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout.strip()


@dataclass
class TimedBuild:
    result: BuildResult
    seconds: float


def _build(cmd: list[str], config_file: Path, site_dir: Path) -> TimedBuild:
    cmd = [*cmd, "build", "--strict", "--clean", "-f", str(config_file), "--site-dir"]
    env = {**os.environ, **BUILD_ENV}
    start = time.perf_counter()
    proc = subprocess.run(
        [*cmd, str(site_dir)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    seconds = time.perf_counter() - start
    return TimedBuild(BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir), seconds)


def build_with_mkdocs(config_file: Path, site_dir: Path) -> TimedBuild:
    """`mkdocs build --strict` from this interpreter's venv (.venv), as `make build` does."""
    return _build([sys.executable, "-m", "mkdocs"], config_file, site_dir)


def build_with_properdocs(config_file: Path, site_dir: Path) -> TimedBuild:
    """`properdocs build --strict -f mkdocs.yml` from the ProperDocs venv."""
    return _build([str(ensure_properdocs())], config_file, site_dir)


@dataclass
class TreeDiff:
    files: int = 0
    differing: list[str] = field(default_factory=list)
    only_in_first: list[str] = field(default_factory=list)
    only_in_second: list[str] = field(default_factory=list)
    normalised: list[str] = field(default_factory=list)
    first_diff: str = ""

    @property
    def identical(self) -> bool:
        return not (self.differing or self.only_in_first or self.only_in_second)

    def report(self, first: str = "MkDocs", second: str = "ProperDocs") -> str:
        lines = [
            f"{self.files} files compared, {len(self.differing)} differ, "
            f"{len(self.only_in_first)} only in {first}, "
            f"{len(self.only_in_second)} only in {second}; generator tag normalised "
            f"in {len(self.normalised)}"
        ]
        lines += [f"  differs: {path}" for path in self.differing]
        lines += [f"  only in {first}: {path}" for path in self.only_in_first]
        lines += [f"  only in {second}: {path}" for path in self.only_in_second]
        if self.first_diff:
            lines.append(self.first_diff)
        return "\n".join(lines)


def normalise(data: bytes) -> bytes:
    """Material's generator tag without the generator's name and version."""
    return GENERATOR.sub(rb"\1mkdocs-VERSION", data)


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _text_diff(path: str, a: bytes, b: bytes, first: str, second: str) -> str:
    try:
        a_lines = a.decode("utf-8").splitlines()
        b_lines = b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{path}: binary files differ"
    diff = difflib.unified_diff(
        a_lines, b_lines, f"{first}/{path}", f"{second}/{path}", n=1, lineterm=""
    )
    return "\n".join(line[:300] for line in list(diff)[:40])


def compare_trees(
    first: Path, second: Path, first_name: str = "MkDocs", second_name: str = "ProperDocs"
) -> TreeDiff:
    """Every file of both trees, byte for byte after `normalise` (HTML files only)."""
    a_files, b_files = _files(first), _files(second)
    diff = TreeDiff(
        files=len(a_files | b_files),
        only_in_first=sorted(a_files - b_files),
        only_in_second=sorted(b_files - a_files),
    )
    for path in sorted(a_files & b_files):
        a, b = (first / path).read_bytes(), (second / path).read_bytes()
        if a == b:
            continue
        if path.endswith(".html") and normalise(a) == normalise(b):
            diff.normalised.append(path)
            continue
        diff.differing.append(path)
        if not diff.first_diff:
            diff.first_diff = _text_diff(path, a, b, first_name, second_name)
    return diff
