"""Build hook: compile the bundled watchlists into the package, so the first scan after an install is fast.

Compiling the bundled lists takes about 8 s; without this, the first `kharon scan` after `pip install` pays it
(later runs read the user's compiled-list cache). Here the build compiles them once, with kharon's own code
from this source tree, and ships the result as `kharon_cli/_compiled/matcher-<key>.bin`, which
`kharon_cli.store.cache.load` finds when the user's cache has nothing for that key. The key names the lists' bytes,
kharon's compiler code, the Python version and the pyahocorasick build, so a file that does not fit the
installed environment is simply never used (the first scan then compiles, as it would without this hook).

The compiled file holds a pyahocorasick pickle and native-endian integers, so the wheel is tagged for the
platform it was built on. Best effort: if compiling fails here, the build goes on without the file.
Set KHARON_SKIP_PRECOMPILE=1 to build without it.

Optional, with KHARON_MYPYC=1 (a wheel, not an editable install): the hot modules of the matcher
(``MYPYC_MODULES``) are compiled to C extensions with mypyc, mypy's own compiler, which the code's
``mypy --strict`` typing makes possible. It needs mypy, setuptools and kharon's own dependencies importable
by the build (``pip install mypy setuptools hatchling .``, then ``KHARON_MYPYC=1 pip install
--no-build-isolation --no-deps --force-reinstall .``) and a C compiler. Without any of them the build
warns and goes on pure Python, which is what every other build is: the compiled modules are a speed-up, never
a requirement.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGED = "kharon_cli/_compiled"
# The modules worth compiling: each measured alone (README "Performance"); the others gained nothing.
MYPYC_MODULES = (
    "kharon_cli/matching/persons.py",
    "kharon_cli/matching/orgs.py",
    "kharon_cli/matching/names.py",
)


class CompiledListsHook(BuildHookInterface):  # type: ignore[misc]  # hatchling ships no type hints
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if os.environ.get("KHARON_MYPYC", "").strip() not in ("", "0"):
            self._mypyc(version, build_data)
        if os.environ.get("KHARON_SKIP_PRECOMPILE"):
            return
        root = Path(self.root)
        try:
            name, data = _compile(root)
        except Exception as exc:  # a build must not fail for want of a speed-up
            self.app.display_warning(f"kharon: bundled lists not precompiled ({exc}); the first scan compiles them")
            return
        if version == "editable":
            # An editable install imports the package from this tree: put the file where it will look.
            folder = root / PACKAGED
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            (folder / name).write_bytes(data)
            return
        tmp = Path(tempfile.mkdtemp(prefix="kharon-compiled-"))
        (tmp / name).write_bytes(data)
        build_data["force_include"][str(tmp / name)] = f"{PACKAGED}/{name}"
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def _mypyc(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            self.app.display_warning("kharon: KHARON_MYPYC is for wheels; an editable install stays pure Python")
            return
        try:
            built = _mypyc_compile(Path(self.root), Path(tempfile.mkdtemp(prefix="kharon-mypyc-")))
        except BaseException as exc:  # no mypy, no compiler, a mypyc error (it exits): pure Python
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.app.display_warning(f"kharon: modules not compiled with mypyc ({exc!r}); building pure Python")
            return
        for path, target in built:
            build_data["force_include"][str(path)] = target
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        self.app.display_info(f"kharon: compiled with mypyc: {', '.join(t for _, t in built)}")


def _mypyc_compile(root: Path, out: Path) -> list[tuple[Path, str]]:
    """Compile ``MYPYC_MODULES`` of the tree at ``root`` with mypyc; the built extension files and where each
    goes in the wheel."""
    from mypyc.build import mypycify
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    cwd = os.getcwd()
    os.chdir(root)  # mypy reads its configuration ([tool.mypy]) and resolves the modules from here
    try:
        extensions = mypycify(
            ["--config-file", str(root / "pyproject.toml"), *MYPYC_MODULES],
            opt_level="3",
            target_dir=str(out / "c"),
        )
        dist = Distribution({"name": "kharon-cli-native", "ext_modules": extensions})
        command = build_ext(dist)
        command.build_lib = str(out / "lib")
        command.build_temp = str(out / "tmp")
        command.ensure_finalized()
        command.run()
    finally:
        os.chdir(cwd)
    lib = out / "lib"
    built = [(p, p.relative_to(lib).as_posix()) for p in sorted(lib.rglob("*")) if p.suffix in (".so", ".pyd")]
    if not any(t.startswith("kharon_cli/") for _, t in built):
        raise RuntimeError(f"mypyc built nothing in {lib}")
    return built


def _compile(root: Path) -> tuple[str, bytes]:
    """The cache file name and bytes of the bundled lists, compiled by this tree's kharon_cli."""
    sys.path.insert(0, str(root))
    imported_before = set(sys.modules)
    try:
        from kharon_cli.engine import compile_files
        from kharon_cli.lists.watchlist import list_files
        from kharon_cli.store import cache

        files = list_files([root / "lists"])
        key = cache.cache_key(files)
        infos, compiled = compile_files(files)
        _ = compiled.fuzzy  # built now, so the shipped matcher serves fuzzy scans too
        _ = compiled.persons
        _ = compiled.orgs
        return f"matcher-{key}.bin", cache.dumps(infos, compiled)
    finally:
        sys.path.remove(str(root))
        # Leave the build process as it was: no kharon_cli modules of this tree stay imported.
        for module in [m for m in sys.modules if m.partition(".")[0] == "kharon_cli" and m not in imported_before]:
            del sys.modules[module]
