"""The pre-commit hook (``.pre-commit-hooks.yaml``) and the GitHub Action (``action.yml``) work as written.

The hook's entry and args are run through the real CLI. The action's shell steps are run with bash the way a
runner runs them (``bash --noprofile --norc -eo pipefail``, ``$GITHUB_OUTPUT``, step outputs passed on through
``env:``) in a throw-away git repository, for a pull request and for a push; the steps that ``uses:`` other
actions (setup-python, upload-sarif) and the install step are left out (kharon is installed here already).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI
from typer.testing import CliRunner

from kharon_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
ACTION = ROOT / "action.yml"


# --------------------------------------------------------------------------------------------- pre-commit


@pytest.fixture(scope="module")
def hook() -> dict[str, Any]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    [only] = [h for h in hooks if h["id"] == "kharon"]
    return only  # type: ignore[no-any-return]


def test_hook_definition(hook: dict[str, Any]) -> None:
    assert hook["entry"] == "kharon scan"
    assert (hook["language"], hook["types"], hook["pass_filenames"], hook["require_serial"]) == (
        "python",
        ["text"],
        True,
        False,
    )
    files = re.compile(hook["files"])
    # pre-commit matches `files` with re.search on the path from the repository root.
    assert [p for p in ("a.txt", "news/2024/b.md", "c.py", "d.txt.bak", "e.mdx") if files.search(p)] == [
        "a.txt",
        "news/2024/b.md",
    ]
    # `language: python` installs the repository and runs the entry's first word from its scripts.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"][shlex.split(hook["entry"])[0]] == "kharon_cli.cli:main"


def _run_hook(hook: dict[str, Any], *files: Path) -> Any:
    # What pre-commit runs: the entry, the hook's args, then the staged file names.
    command = shlex.split(hook["entry"]) + [str(a) for a in hook.get("args", [])] + [str(f) for f in files]
    assert command[0] == "kharon"
    runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
    return runner.invoke(app, [*command[1:], "--list", str(MINI)])


def test_hook_command_fails_on_a_hit(hook: dict[str, Any], tmp_path: Path) -> None:
    hit = tmp_path / "brief.txt"
    hit.write_text("Envoys of Hamas met in Doha.\n")
    clean = tmp_path / "calm.md"
    clean.write_text("Markets were calm.\n")
    result = _run_hook(hook, clean, hit)
    assert result.exit_code == 1
    assert str(hit) in result.stdout and "HAMAS" in result.stdout and "mini:4001" in result.stdout
    assert _run_hook(hook, clean).exit_code == 0


# ---------------------------------------------------------------------------------------------- the action


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    doc = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def test_action_structure(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert set(inputs) == {
        "paths",
        "lists",
        "include",
        "exclude",
        "fail-on",
        "args",
        "python-version",
        "sarif",
        "changed-only",
    }
    for name, spec in inputs.items():
        assert isinstance(spec["default"], str), name
        assert spec["description"], name
    assert (inputs["paths"]["default"], inputs["sarif"]["default"], inputs["include"]["default"]) == (
        ".",
        "true",
        "*.txt *.md",
    )
    steps = action["runs"]["steps"]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    [install] = [s for s in steps if s.get("name") == "Install kharon"]
    assert 'pip install --disable-pip-version-check --quiet "$KHARON_ACTION_PATH"' in install["run"]
    assert install["env"]["KHARON_ACTION_PATH"] == "${{ github.action_path }}"
    scan = _step(steps, "scan")["run"]
    assert "kharon scan --format sarif" in scan and "kharon scan --format github" in scan
    [upload] = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["if"] == "inputs.sarif == 'true' && steps.scan.outputs.sarif-file != ''"
    assert upload["with"]["sarif_file"] == "${{ steps.scan.outputs.sarif-file }}"
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
            # Inputs reach scripts only through env: an expression inside a script would be pasted into it.
            assert "${{" not in step["run"], step.get("name")


def test_action_scripts_pass_shellcheck(action: dict[str, Any], tmp_path: Path) -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed")
    for n, step in enumerate(action["runs"]["steps"]):
        if "run" in step:
            script = tmp_path / f"step-{n}.sh"
            script.write_text("#!/bin/bash\n" + step["run"], encoding="utf-8")
            proc = subprocess.run(["shellcheck", "-s", "bash", str(script)], capture_output=True, text=True)
            assert proc.returncode == 0, f"{step['name']}:\n{proc.stdout}"


def _step(steps: list[dict[str, Any]], step_id: str) -> dict[str, Any]:
    [step] = [s for s in steps if s.get("id") == step_id]
    return step


_EXPRESSION = re.compile(r"\$\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}")


def _resolve(value: str, context: dict[str, Any]) -> str:
    """A step's env value: one ``${{ a.b.c }}`` property lookup (a missing property is empty, as on GitHub)."""
    m = _EXPRESSION.fullmatch(value)
    assert m, f"env values are single property lookups: {value!r}"
    node: Any = context
    for part in m.group(1).split("."):
        node = node.get(part, "") if isinstance(node, dict) else ""
    return str(node)


def _outputs(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        out[key] = value
    return out


class Run:
    def __init__(self) -> None:
        self.steps: dict[str, dict[str, str]] = {}
        self.logs: dict[str, str] = {}
        self.codes: dict[str, int] = {}


def run_action(
    action: dict[str, Any], repo: Path, tmp: Path, *, event: str, inputs: dict[str, str], base: str = ""
) -> Run:
    """The action's shell steps (after the install), run as a runner would run them, in ``repo``."""
    bin_dir = Path(sys.executable).parent
    if shutil.which("kharon", path=str(bin_dir)) is None:
        pytest.skip("the kharon script is not installed next to this Python")
    defaults = {name: spec["default"] for name, spec in action["inputs"].items()}
    context: dict[str, Any] = {
        "inputs": defaults | inputs,
        "github": {"event_name": event, "event": {"pull_request": {"base": {"sha": base}}}, "action_path": str(ROOT)},
        "runner": {"temp": str(tmp)},
        "steps": {},
    }
    run = Run()
    for n, step in enumerate(action["runs"]["steps"]):
        if "run" not in step or step["name"] == "Install kharon":
            continue
        output = tmp / f"output-{n}"
        output.write_text("")
        script = tmp / f"step-{n}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "HOME": str(tmp),
            "GITHUB_OUTPUT": str(output),
            # The test session's private compiled-list cache and list-age setting (conftest).
            **{k: v for k, v in os.environ.items() if k.startswith("KHARON_")},
            **{k: _resolve(v, context) for k, v in step.get("env", {}).items()},
        }
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        name = step.get("id", step["name"])
        run.logs[name] = proc.stdout + proc.stderr
        run.codes[name] = proc.returncode
        if "id" in step:
            run.steps[step["id"]] = _outputs(output)
            context["steps"][step["id"]] = {"outputs": run.steps[step["id"]]}
        if proc.returncode and name != "Fail on hits":
            raise AssertionError(f"step {name} failed ({proc.returncode}):\n{run.logs[name]}")
    return run


def _git(repo: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=kharon", "-c", "user.email=kharon@example.org", "-c", "commit.gpgsign=false"]
    return subprocess.run([*cmd, *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    """A repository with a base commit and a pull-request commit on top of it; returns (repo, base sha)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "articles" / "skip").mkdir(parents=True)
    _git(repo, "init", "--quiet")
    (repo / "articles" / "a.txt").write_text("Markets were calm.\n")
    (repo / "old.txt").write_text("Hamas, in a file the pull request deletes.\n")
    (repo / "unchanged.txt").write_text("ISIS, in a file the pull request leaves alone.\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "-m", "base")
    base = _git(repo, "rev-parse", "HEAD")
    (repo / "articles" / "a.txt").write_text("Markets were calm until Hamas spoke.\n")
    (repo / "articles" / "b.md").write_text("Nothing to see.\n")
    (repo / "articles" / "skip" / "c.txt").write_text("Hamas, in an excluded folder.\n")
    (repo / "notes.py").write_text("# Hamas, but not an article\n")
    (repo / "odd name.txt").write_text("The ISIS cell.\n")
    (repo / "-dash.txt").write_text("Hamas again.\n")  # a name that looks like an option
    (repo / "old.txt").unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "-m", "pull request")
    return repo, base


def _inputs_file(run: Run) -> list[str]:
    data = Path(run.steps["select"]["list"]).read_bytes()
    return data.decode().split("\0")[:-1]


def test_pull_request_scans_the_changed_articles(
    action: dict[str, Any], repo: tuple[Path, str], tmp_path: Path
) -> None:
    path, base = repo
    run = run_action(
        action, path, tmp_path, event="pull_request", base=base, inputs={"lists": str(MINI), "exclude": "skip"}
    )
    assert run.steps["select"]["mode"] == "changed"
    assert _inputs_file(run) == ["-dash.txt", "articles/a.txt", "articles/b.md", "odd name.txt"]
    assert run.steps["scan"]["exit-code"] == "1"
    sarif = json.loads(Path(run.steps["scan"]["sarif-file"]).read_text(encoding="utf-8"))
    found = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in sarif["runs"][0]["results"]
    ]
    assert found == [("mini:4001", "-dash.txt"), ("mini:4001", "articles/a.txt"), ("mini:8759", "odd%20name.txt")]
    annotations = [line for line in run.logs["scan"].splitlines() if line.startswith("::warning ")]
    assert [a.split(",")[0] for a in annotations] == [
        "::warning file=-dash.txt",
        "::warning file=articles/a.txt",
        "::warning file=odd name.txt",
    ]
    assert run.codes["Fail on hits"] == 1
    assert "::error title=kharon::" in run.logs["Fail on hits"]


def test_pull_request_without_hits_passes(action: dict[str, Any], repo: tuple[Path, str], tmp_path: Path) -> None:
    path, base = repo
    run = run_action(
        action, path, tmp_path, event="pull_request", base=base, inputs={"lists": str(MINI), "paths": "articles/"}
    )
    # Only changed files under `paths` are scanned (no exclude this time: skip/c.txt is in).
    assert _inputs_file(run) == ["articles/a.txt", "articles/b.md", "articles/skip/c.txt"]
    run = run_action(
        action, path, tmp_path, event="pull_request", base=base, inputs={"lists": str(MINI), "paths": "articles/b.md"}
    )
    assert _inputs_file(run) == ["articles/b.md"]
    assert (run.steps["scan"]["exit-code"], run.codes["Fail on hits"]) == ("0", 0)
    assert "kharon: no hits" in run.logs["Fail on hits"]


def test_pull_request_with_no_articles_scans_nothing(
    action: dict[str, Any], repo: tuple[Path, str], tmp_path: Path
) -> None:
    path, base = repo
    run = run_action(
        action, path, tmp_path, event="pull_request", base=base, inputs={"lists": str(MINI), "include": "*.rst"}
    )
    assert run.steps["select"]["count"] == "0"
    assert run.steps["scan"] == {"exit-code": "0", "sarif-file": ""}  # so the upload step is skipped
    assert run.codes["Fail on hits"] == 0


def test_push_scans_everything_and_fail_on_decides(
    action: dict[str, Any], repo: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = repo
    run = run_action(action, path, tmp_path, event="push", inputs={"lists": str(MINI), "exclude": "skip"})
    assert run.steps["select"]["mode"] == "all"
    # "." becomes its top-level entries (not .git, not excluded, files only if included), so that kharon
    # reports repository-relative paths without "./", which GitHub matches to the files.
    assert sorted(_inputs_file(run)) == ["-dash.txt", "articles", "odd name.txt", "unchanged.txt"]
    sarif = json.loads(Path(run.steps["scan"]["sarif-file"]).read_text(encoding="utf-8"))
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"])
    assert uris == ["-dash.txt", "articles/a.txt", "odd%20name.txt", "unchanged.txt"]
    assert not [line for line in run.logs["scan"].splitlines() if "file=./" in line]
    assert run.codes["Fail on hits"] == 1
    # Only fuzzy hits fail the job: there are none, so it passes while every hit is still reported.
    run = run_action(
        action, path, tmp_path, event="push", inputs={"lists": str(MINI), "exclude": "skip", "fail-on": "fuzzy"}
    )
    assert (run.steps["scan"]["exit-code"], run.codes["Fail on hits"]) == ("0", 0)
    assert run.logs["scan"].count("::warning file=") == 4


def test_a_bad_list_fails_with_exit_code_2(action: dict[str, Any], repo: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = repo
    run = run_action(action, path, tmp_path, event="push", inputs={"lists": "missing.yaml"})
    assert run.steps["scan"]["exit-code"] == "2"
    assert run.steps["scan"]["sarif-file"] == ""
    assert "kharon: error:" in run.logs["scan"]
    assert run.codes["Fail on hits"] == 2


def test_hostile_input_values_stay_data(action: dict[str, Any], repo: tuple[Path, str], tmp_path: Path) -> None:
    path, base = repo
    marker = tmp_path / "pwned"
    evil = f"$(touch {marker}) `touch {marker}`; touch {marker}"
    run = run_action(
        action, path, tmp_path, event="pull_request", base=base, inputs={"lists": str(MINI), "exclude": evil}
    )
    assert not marker.exists()
    assert run.steps["select"]["mode"] == "changed"


# ------------------------------------------------------------------------------ real pipelines and GitLab

KHARON_BIN = Path(sys.executable).with_name("kharon")


def _shell_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{KHARON_BIN.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "KHARON_LIST": str(MINI),
        "KHARON_MAX_LIST_AGE": "0",
        "KHARON_CACHE_DIR": str(tmp_path / "cache"),
    }


@pytest.mark.skipif(not KHARON_BIN.exists(), reason="the kharon command is not installed beside this Python")
def test_real_shell_pipelines(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(50):
        (folder / f"a{i:02d}.txt").write_text("Kata'ib Hizballah and HAMAS.\n" * 40, encoding="utf-8")
    env = _shell_env(tmp_path)
    # A reader that stops early: kharon ends quietly, no BrokenPipeError.
    head = subprocess.run(
        ["bash", "-o", "pipefail", "-c", "kharon scan -f jsonl articles | head -1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert head.stderr == b""
    assert json.loads(head.stdout)["entity"]["id"] == "mini:11462"
    # JSON through a pipe into another program; stdin as input.
    piped = subprocess.run(
        [
            "bash",
            "-c",
            "cat articles/a00.txt | kharon scan -f json - | python -c 'import json,sys; "
            'd=json.load(sys.stdin); print(d["summary"]["hits"])\'',
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert piped.stdout.strip() == b"80", piped.stderr


@pytest.mark.skipif(not KHARON_BIN.exists(), reason="the kharon command is not installed beside this Python")
def test_gitlab_example_job_runs(tmp_path: Path) -> None:
    job = yaml.safe_load((ROOT / "examples" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))["kharon"]
    assert job["artifacts"]["when"] == "always"
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "brief.txt").write_text("Militia Kata'ib Hizballah fired.\n", encoding="utf-8")
    env = {**_shell_env(tmp_path), **{k: str(v) for k, v in job["variables"].items()}}
    codes = []
    for line in job["script"]:
        if line.startswith("pip install"):
            continue  # kharon is installed already
        run = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False)
        codes.append(run.returncode)
    assert codes == [0, 0, 1]  # the reports never fail the job; the summary scan does, on a hit
    sarif = json.loads((tmp_path / "kharon.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "mini:11462"
    assert json.loads((tmp_path / "kharon.json").read_text(encoding="utf-8"))["summary"]["hits"] == 1
