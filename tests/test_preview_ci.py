"""CI builds the preview of every pull request, uploads it named after the pull request and
lists the changed pages in the job summary, with no more rights than reading the code.
(actionlint and zizmor check the workflow in tests/test_workflows.py.)"""

from __future__ import annotations

import re

import yaml

from tests.sitebuild import ROOT

CI = ROOT / ".github" / "workflows" / "ci.yml"
PINNED = re.compile(r"^actions/upload-artifact@[0-9a-f]{40}$")


def _preview_job() -> dict:
    jobs = yaml.safe_load(CI.read_text(encoding="utf-8"))["jobs"]
    found = [
        job
        for job in jobs.values()
        if any(step.get("run") == "make preview" for step in job.get("steps", []))
    ]
    assert len(found) == 1, "ci.yml has one job that runs `make preview`"
    return found[0]


def _step(job: dict, predicate) -> tuple[int, dict]:
    matches = [(i, step) for i, step in enumerate(job["steps"]) if predicate(step)]
    assert len(matches) == 1
    return matches[0]


def test_the_preview_job_runs_for_pull_requests_only_with_read_rights() -> None:
    job = _preview_job()
    assert re.sub(r"\s+", "", job["if"]) == "github.event_name=='pull_request'"
    assert job["permissions"] == {"contents": "read"}
    assert "needs" not in job, "starts at once, beside the tests"
    _, checkout = _step(job, lambda s: s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert checkout["with"]["fetch-depth"] == 0, "git diff origin/<base>...HEAD needs the base"


def test_the_preview_is_uploaded_named_after_the_pull_request() -> None:
    job = _preview_job()
    build, _ = _step(job, lambda s: s.get("run") == "make preview")
    index, upload = _step(job, lambda s: s.get("uses", "").startswith("actions/upload-artifact"))
    assert PINNED.match(upload["uses"]), "pinned to a commit like every action"
    assert index > build
    assert upload["with"]["path"].rstrip("/") == "preview"
    assert "${{ github.event.pull_request.number }}" in upload["with"]["name"]
    assert upload["with"]["if-no-files-found"] == "error"
    assert upload.get("id"), "the summary links the artifact (steps.<id>.outputs.artifact-url)"


def test_the_summary_lists_the_changed_pages_without_expressions_in_the_script() -> None:
    job = _preview_job()
    upload_index, upload = _step(
        job, lambda s: s.get("uses", "").startswith("actions/upload-artifact")
    )
    index, summary = _step(job, lambda s: "preview-summary" in str(s.get("run", "")))
    assert index > upload_index
    script = summary["run"]
    assert "${{" not in script, "values reach the script through env (template injection)"
    assert '--base "origin/$BASE_REF"' in script
    env = summary["env"]
    assert env["BASE_REF"] == "${{ github.base_ref }}"
    assert env["ARTIFACT"] == upload["with"]["name"]
    assert env["ARTIFACT_URL"] == f"${{{{ steps.{upload['id']}.outputs.artifact-url }}}}"
