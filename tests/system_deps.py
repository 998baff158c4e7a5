"""Make sure the system packages the tests need are there (run by `make test`).

    python -m tests.system_deps

Browser tests drive Debian's `chromium`, the HTML checker (vnu-jar) needs `java`, and the
npm tools in package.json need `node` and `npm`. As root, missing packages are installed
with apt-get; otherwise this stops with one sentence saying what to install. Then, if
package.json exists, `npm ci` runs when node_modules is missing or does not match
package-lock.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# command on PATH -> Debian package that provides it
REQUIRED_COMMANDS = {
    "chromium": "chromium",
    "java": "default-jre-headless",
}
NPM_COMMANDS = {
    "node": "nodejs",
    "npm": "npm",
}


def required_commands(root: Path = ROOT) -> dict[str, str]:
    """Commands the tests need, mapped to the Debian package providing each."""
    commands = dict(REQUIRED_COMMANDS)
    if (root / "package.json").exists():
        commands.update(NPM_COMMANDS)
    return commands


def missing_packages(commands: dict[str, str]) -> list[str]:
    """Debian packages to install so that every command is on PATH."""
    return sorted({package for command, package in commands.items() if not shutil.which(command)})


def install_with_apt(packages: list[str]) -> int:
    """Install the packages non-interactively; returns apt-get's exit status."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    update = subprocess.run(["apt-get", "update", "-q"], check=False, env=env)
    if update.returncode != 0:
        return update.returncode
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
    return subprocess.run(install, check=False, env=env).returncode


def node_modules_stale(root: Path = ROOT) -> bool:
    """True when a package in package-lock.json is not installed at its locked version."""
    locked = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    for path, entry in locked.get("packages", {}).items():
        if not path or entry.get("optional") or entry.get("link"):
            continue  # "" is the project itself; optional ones may not fit this platform
        manifest = root / path / "package.json"
        if not manifest.exists():
            return True
        if json.loads(manifest.read_text(encoding="utf-8")).get("version") != entry.get("version"):
            return True
    return False


def main() -> int:
    packages = missing_packages(required_commands())
    if packages:
        if os.geteuid() != 0:
            print(
                "The tests need these Debian packages: please run "
                f"`sudo apt-get install -y {' '.join(packages)}` and try again.",
                file=sys.stderr,
            )
            return 1
        if install_with_apt(packages) != 0:
            print(f"Installing {' '.join(packages)} with apt-get failed.", file=sys.stderr)
            return 1
    if (ROOT / "package.json").exists():
        if not (ROOT / "package-lock.json").exists():
            print("package.json has no package-lock.json: run `npm install` once.", file=sys.stderr)
            return 1
        if node_modules_stale():
            npm = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=False)
            if npm.returncode != 0:
                print("`npm ci` failed (see its messages above).", file=sys.stderr)
                return npm.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
