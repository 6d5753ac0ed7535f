"""The optional mypyc build (hatch_build.py, KHARON_MYPYC=1): compiled where it should be, same hits as pure Python.

These tests run where kharon is installed from a wheel built with KHARON_MYPYC=1 (``.ci/run`` builds one into
``.venv-native`` and runs the whole suite there too); elsewhere the build hook's own unit is checked and the
rest skips.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kharon_cli.matching import names, orgs, persons

REPO = Path(__file__).resolve().parents[1]
COMPILED = all(Path(m.__file__ or "").suffix in (".so", ".pyd") for m in (persons, orgs, names))
native = pytest.mark.skipif(not COMPILED, reason="kharon is not installed from a KHARON_MYPYC=1 build")


def test_the_modules_to_compile_exist() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("kharon_hatch_build", REPO / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    for module in hook.MYPYC_MODULES:
        assert (REPO / module).is_file(), module
    assert {Path(m).stem for m in hook.MYPYC_MODULES} == {"persons", "orgs", "names"}


def test_the_native_build_is_in_use_where_it_is_expected() -> None:
    # .ci/run sets this for its mypyc environment: a build that fell back to pure Python must not pass there.
    if os.environ.get("KHARON_EXPECT_NATIVE"):
        assert COMPILED, [m.__file__ for m in (persons, orgs, names)]


def _hits(*, pure: bool) -> list[str]:
    env = {**os.environ}
    if pure:
        env["PYTHONPATH"] = str(REPO)  # the source tree's .py modules before the installed extensions
    args = [sys.executable, str(REPO / "tests" / "native_hits.py")]
    if (REPO.parent / "shared" / "data" / "news_reuters21578").exists():
        args.append("--shared")
    proc = subprocess.run(args, capture_output=True, text=True, env=env, check=True, timeout=1200)
    return proc.stdout.splitlines()


@native
def test_compiled_and_pure_python_find_exactly_the_same_hits() -> None:
    compiled, pure = _hits(pure=False), _hits(pure=True)
    assert json.loads(compiled[0]) == {"modules": [Path(m.__file__ or "").name for m in (persons, orgs, names)]}
    assert json.loads(pure[0]) == {"modules": ["persons.py", "orgs.py", "names.py"]}
    assert len(compiled) == len(pure) > 1000
    assert sum(1 for line in pure[1:] if json.loads(line)[1]) > 500  # texts with hits: a real comparison
    assert compiled[1:] == pure[1:]
