"""tests/system_deps.py: which Debian packages are missing, and when `npm ci` must run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.system_deps import missing_packages, node_modules_stale, required_commands


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_missing_packages_names_the_debian_package() -> None:
    commands = {"sh": "dash", "no-such-command-here": "some-package"}
    assert missing_packages(commands) == ["some-package"]


def test_npm_commands_only_with_a_package_json(tmp_path: Path) -> None:
    assert "npm" not in required_commands(tmp_path)
    (tmp_path / "package.json").write_text("{}", encoding="utf-8")
    assert required_commands(tmp_path)["npm"] == "npm"
    assert required_commands(tmp_path)["chromium"] == "chromium"


def test_node_modules_stale(tmp_path: Path) -> None:
    _write_json(
        tmp_path / "package-lock.json",
        {
            "lockfileVersion": 3,
            "packages": {
                "": {"name": "x"},
                "node_modules/axe-core": {"version": "4.14.1"},
                "node_modules/fsevents": {"version": "2.3.3", "optional": True},
            },
        },
    )
    assert node_modules_stale(tmp_path), "no node_modules at all"
    installed = tmp_path / "node_modules" / "axe-core" / "package.json"
    _write_json(installed, {"version": "4.10.0"})
    assert node_modules_stale(tmp_path), "an older version is installed"
    _write_json(installed, {"version": "4.14.1"})
    assert not node_modules_stale(tmp_path), "optional packages for other platforms may be absent"
