"""The GitHub workflows pass zizmor's static audit: no finding of medium severity or above.

zizmor runs with --offline (no GitHub API calls; its online audits are skipped) and its default
"regular" persona. Run alone: pytest tests/test_workflow_security.py, or by hand:
    zizmor --offline .github
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reproduce.paths import ROOT

REPO = ROOT
WORKFLOWS = REPO / ".github" / "workflows"
FAILING = {"Medium", "High"}


def zizmor(*targets: Path) -> list[dict]:
    """zizmor's findings (JSON) for targets; fails the test if zizmor itself fails."""
    exe = shutil.which("zizmor") or str(Path(sys.executable).with_name("zizmor"))
    cmd = [exe, "--offline", "--no-progress", "--format", "json", *map(str, targets)]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    # Exit codes: 0 clean, 10-14 findings (by highest severity), anything else a tool failure.
    if run.returncode not in (0, *range(10, 15)):
        pytest.fail(f"{' '.join(cmd)} failed ({run.returncode}):\n{run.stderr}")
    return json.loads(run.stdout or "[]")


def serious(findings: list[dict]) -> list[str]:
    out = []
    for f in findings:
        if f["determinations"]["severity"] not in FAILING or f.get("ignored"):
            continue
        where = f["locations"][0] if f["locations"] else {}
        path = where.get("symbolic", {}).get("key", {}).get("Local", {}).get("verbatim_path", "?")
        line = where.get("concrete", {}).get("location", {}).get("start_point", {}).get("row", -1) + 1
        out.append(f"{path}:{line}: {f['determinations']['severity']} {f['ident']}: {f['desc']} ({f['url']})")
    return out


def test_workflows_exist():
    names = sorted(p.name for p in WORKFLOWS.glob("*.y*ml"))
    assert {"ci.yml", "pages.yml"} <= set(names), names


def test_no_medium_or_high_zizmor_finding():
    problems = serious(zizmor(REPO / ".github"))
    assert not problems, "\n".join(problems)


def test_zizmor_flags_a_dangerous_workflow(tmp_path):
    """The audit can fail: a pull_request_target workflow that runs the PR's title is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  t:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    idents = {p.split(": ")[1].split()[1] for p in serious(zizmor(bad))}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= idents, idents


def test_the_refresh_workflow_runs_branch_code_with_a_read_only_token():
    """refresh.yml runs a branch's code (make refresh): started by hand only, read-only token,
    no git credentials kept, and it hands back a patch instead of pushing."""
    import yaml

    flow = yaml.safe_load((WORKFLOWS / "refresh.yml").read_text(encoding="utf-8"))
    assert list(flow[True]) == ["workflow_dispatch"], flow[True]   # YAML reads `on:` as True
    assert flow["permissions"] == {}, flow["permissions"]
    for name, job in flow["jobs"].items():
        assert job["permissions"] == {"contents": "read"}, (name, job["permissions"])
        steps = job["steps"]
        checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["persist-credentials"] is False, checkout
        runs = "\n".join(s.get("run", "") for s in steps)
        assert "make refresh" in runs and "git push" not in runs, runs
        assert any(s.get("with", {}).get("name") == "refresh-patch" for s in steps), steps
