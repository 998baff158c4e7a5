"""The GitHub workflows pass actionlint and zizmor, and keep the rules of ARCHITECTURE.md §8."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from civic_site.site_mode import TEST_OPERATION_ENV
from tests.sitebuild import ROOT

WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOWS_DIR.glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); put it back under its name.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_both_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml"}


def test_actionlint_finds_nothing():
    proc = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing():
    # --offline: no GitHub token here or in CI; the online audits are skipped.
    proc = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-progress", str(WORKFLOWS_DIR)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings" in proc.stdout, proc.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_permissions(path: Path):
    workflow = _load(path)
    assert workflow["permissions"] == {}, "top level grants nothing; each job asks for its own"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} has no permissions block"
    assert "concurrency" in workflow


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_to_commits(path: Path):
    for step in _steps(_load(path)):
        if "uses" in step:
            assert PINNED_ACTION.match(step["uses"]), step["uses"]
            if step["uses"].startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_ci_runs_make_test_on_pushes_and_pull_requests():
    workflow = _load(WORKFLOWS_DIR / "ci.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert ".ci/run" in [step.get("run") for step in _steps(workflow)]
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run must be executable"
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_deploy_builds_on_main_and_daily():
    workflow = _load(WORKFLOWS_DIR / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"], "a daily rebuild rolls the event lists over"
    uses = [step.get("uses", "").split("@")[0] for step in _steps(workflow)]
    assert "actions/upload-pages-artifact" in uses
    assert "actions/deploy-pages" in uses
    assert "make build" in [step.get("run") for step in _steps(workflow)]
    deploy_permissions = workflow["jobs"]["deploy"]["permissions"]
    assert deploy_permissions == {"pages": "write", "id-token": "write"}


def _needs(job: dict) -> set[str]:
    needs = job.get("needs") or []
    return {needs} if isinstance(needs, str) else set(needs)


def _all_needs(jobs: dict, name: str) -> set[str]:
    """Every job `name` waits for, directly or through other jobs."""
    found: set[str] = set()
    todo = list(_needs(jobs[name]))
    while todo:
        need = todo.pop()
        if need not in found:
            found.add(need)
            todo += _needs(jobs[need])
    return found


def test_publishing_depends_on_the_same_tests_as_ci():
    """Only a tested commit goes live, on a push to main and on the daily rebuild alike:
    deploy.yml calls ci.yml itself (whatever CI checks, publishing waits for), and the
    publishing job needs it, with no condition that would let it run after a red test."""
    ci = _load(WORKFLOWS_DIR / "ci.yml")
    assert "workflow_call" in ci["on"], "ci.yml must be callable from deploy.yml"
    assert ".ci/run" in [step.get("run") for step in _steps(ci)]  # the command CI runs

    deploy = _load(WORKFLOWS_DIR / "deploy.yml")
    jobs = deploy["jobs"]
    # `$/…`: GitHub's self-repository form (zizmor asks for it), the same commit as the caller
    calls_ci = {"$/.github/workflows/ci.yml", "./.github/workflows/ci.yml"}
    test_jobs = {name for name, job in jobs.items() if job.get("uses") in calls_ci}
    assert test_jobs, "deploy.yml has no job that runs ci.yml"
    for name in test_jobs:
        assert "if" not in jobs[name], "the tests run for every trigger, schedule included"
        assert "with" not in jobs[name] and "secrets" not in jobs[name]
    publishing = [
        name
        for name, job in jobs.items()
        if any(
            step.get("uses", "").startswith("actions/deploy-pages@")
            for step in job.get("steps", [])
        )
    ]
    assert publishing == ["deploy"]
    assert test_jobs <= _all_needs(jobs, "deploy")
    for name in {"deploy", *_all_needs(jobs, "deploy")}:
        condition = str(jobs[name].get("if", ""))
        assert not re.search(r"always\(\)|failure\(\)|cancelled\(\)", condition), (name, condition)


def test_a_failed_scheduled_rebuild_opens_an_issue():
    """A red daily run is visible: GitHub notifies about failed scheduled runs, and a job
    opens (or comments on) an issue. It alone may write issues, and nothing else."""
    jobs = _load(WORKFLOWS_DIR / "deploy.yml")["jobs"]
    reporters = [name for name, job in jobs.items() if "failure()" in str(job.get("if", ""))]
    assert len(reporters) == 1
    job = jobs[reporters[0]]
    assert "github.event_name == 'schedule'" in job["if"]
    assert _all_needs(jobs, reporters[0]) >= {"deploy"} | _all_needs(jobs, "deploy")
    assert job["permissions"] == {"issues": "write"}
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "gh issue create" in script and "gh issue comment" in script
    assert "${{" not in script, "no expressions in the script (template injection)"


def test_publishing_refuses_unconfirmed_facts_unless_in_test_operation():
    """deploy.yml runs `launch-check` before it publishes and stops while any value is
    UNBESTÄTIGT; only the repository variable TESTBETRIEB == 'true' skips the check, and
    that build then runs with SITE_TESTBETRIEB (notice and noindex on every page)."""
    jobs = _load(WORKFLOWS_DIR / "deploy.yml")["jobs"]
    steps = [
        (name, index, step)
        for name, job in jobs.items()
        for index, step in enumerate(job.get("steps", []))
    ]
    checks = [item for item in steps if "launch-check" in str(item[2].get("run", ""))]
    assert len(checks) == 1, "deploy.yml must run launch-check (make launch-check) once"
    job, index, check = checks[0]
    assert job in {"deploy", *_all_needs(jobs, "deploy")}, "publishing must wait for it"
    assert not check.get("continue-on-error") and "if" not in jobs[job]
    assert re.sub(r"\s+", "", str(check.get("if", ""))) == "vars.TESTBETRIEB!='true'"

    builds = [item for item in steps if item[2].get("run") == "make build"]
    assert len(builds) == 1
    build_job, build_index, build = builds[0]
    assert build_job == job and build_index > index, "the check runs before the build"
    flag = re.sub(r"\s+", "", str((build.get("env") or {}).get(TEST_OPERATION_ENV, "")))
    assert flag == "${{vars.TESTBETRIEB=='true'&&'1'||''}}"
