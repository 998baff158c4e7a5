"""`.devcontainer/devcontainer.json`: "Code → Codespaces" opens the project with the
preview running on port 8000 (issue 13). The file is strict JSON (no comments), and
every command in it is one of the Makefile's targets, so it cannot drift from them."""

from __future__ import annotations

import json
import re
import shlex
import subprocess

import pytest

from tests.sitebuild import ROOT

CONFIG = ROOT / ".devcontainer" / "devcontainer.json"
LIFECYCLE = (
    "initializeCommand",
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
TARGETS = set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?!=)", MAKEFILE, re.M))
VARIABLES = set(re.findall(r"\$\((\w+)\)", MAKEFILE))


def config() -> dict:
    return json.loads(CONFIG.read_text(encoding="utf-8"))


def commands() -> list[tuple[str, list[str]]]:
    """(lifecycle key, argv) for every command; a value may be text, a list or a dict."""
    found = []
    for key in LIFECYCLE:
        value = config().get(key)
        values = value.values() if isinstance(value, dict) else [value] if value else []
        for command in values:
            argv = command if isinstance(command, list) else shlex.split(command)
            found.append((key, argv))
    return found


def test_the_makefile_parser_finds_the_targets() -> None:
    assert {"build", "serve", "test", "check", "venv"} <= TARGETS
    assert {"PORT", "HOST", "ARGS"} <= VARIABLES


def test_the_config_is_strict_json_with_a_python_311_image() -> None:
    data = config()  # json.loads: comments or trailing commas would fail here
    assert "3.11" in data["image"]
    assert data["name"]


@pytest.mark.parametrize(("key", "argv"), commands(), ids=lambda v: str(v))
def test_every_command_is_a_makefile_target(key: str, argv: list[str]) -> None:
    assert argv[0] == "make", (key, argv)
    targets = [arg for arg in argv[1:] if "=" not in arg]
    assignments = dict(arg.split("=", 1) for arg in argv[1:] if "=" in arg)
    assert targets and set(targets) <= TARGETS, (key, argv, sorted(TARGETS))
    assert set(assignments) <= VARIABLES, (key, argv)


def test_the_preview_runs_on_the_forwarded_port_for_every_address() -> None:
    data = config()
    serve = [argv for key, argv in commands() if "serve" in argv]
    assert len(serve) == 1
    assert [key for key, argv in commands() if "serve" in argv] == ["postAttachCommand"]
    settings = dict(arg.split("=", 1) for arg in serve[0] if "=" in arg)
    assert settings["HOST"] == "0.0.0.0"  # reachable through the Codespace's forwarding
    port = int(settings["PORT"])
    assert data["forwardPorts"] == [port]
    assert str(port) in data["portsAttributes"]
    # The venv is ready before the preview starts; a broken page must not stop that step.
    assert ["make", "venv"] in [argv for key, argv in commands() if key == "postCreateCommand"]
    dry_run = subprocess.run(
        ["make", "-n", *serve[0][1:]], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert f"scripts serve --dev-addr 0.0.0.0:{port}" in dry_run.stdout
