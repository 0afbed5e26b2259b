"""A generated package stands on its own: as an installed wheel, and copied into another project.

1. ``generated/zoom_users`` is built into a wheel and installed into a *clean* virtual
   environment (no system site-packages, no specgen, no source tree on ``sys.path``);
   the package's own tests then run against the installed copy.
2. The package folder is copied to ``myproject/_vendor/zoom_users`` and imported under
   that name: it must only import itself relatively.

Building the wheel needs a build backend: ``--no-build-isolation`` uses this
interpreter's setuptools (offline) when it can build wheels; otherwise pip builds in
isolation, fetching the ``setuptools`` the package's pyproject.toml requires. Installing
into the clean environment fetches ``httpx``, ``pydantic`` and ``pytest`` the same way.
Both use pip's ordinary configuration (PyPI, or the configured index/find-links).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DISTRIBUTION = ROOT / "generated" / "zoom_users"
PACKAGE = "zoom_users"
NETWORK_HINT = (
    "pip could not get a build backend or the package's runtime dependencies; this test needs "
    "the package index (PyPI, or the index/find-links configured for pip) to be reachable."
)


def _env() -> dict[str, str]:
    """This process's environment without anything that would put extra code on ``sys.path``."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE")
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, check=False, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)


def _tail(done: subprocess.CompletedProcess[str], lines: int = 25) -> str:
    output = (done.stdout + done.stderr).strip().splitlines()
    return "\n".join(output[-lines:])


def _build_wheel(tmp: Path) -> Path:
    """A wheel of a copy of the distribution folder (building writes build/ and *.egg-info)."""
    source = tmp / "src" / DISTRIBUTION.name
    shutil.copytree(
        DISTRIBUTION, source, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "build", "*.egg-info")
    )
    dist = tmp / "dist"
    base = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(source)]
    offline = _run([*base[:4], "--no-build-isolation", *base[4:]], cwd=tmp)
    if offline.returncode != 0:
        isolated = _run(base, cwd=tmp)
        assert isolated.returncode == 0, (
            f"could not build a wheel of {DISTRIBUTION.relative_to(ROOT)}.\n"
            f"--no-build-isolation (this interpreter's setuptools):\n{_tail(offline)}\n"
            f"with build isolation: {NETWORK_HINT}\n{_tail(isolated)}"
        )
    wheels = sorted(dist.glob("*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {dist}, found {[w.name for w in wheels]}"
    return wheels[0]


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A clean venv with the wheel (and its ``test`` extra) installed: (venv python, scratch folder)."""
    tmp = tmp_path_factory.mktemp("vendoring")
    wheel = _build_wheel(tmp)
    venv = tmp / "venv"
    # No pip inside the venv: this interpreter's pip installs into it (pip --python), so the
    # venv holds only the package and its dependencies, and ensurepip need not exist.
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp)
    assert made.returncode == 0, f"could not create a venv:\n{_tail(made)}"
    python = _venv_python(venv)
    pip = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", f"{wheel}[test]"],
        cwd=tmp,
        timeout=180,
    )
    assert pip.returncode == 0, f"could not install {wheel.name} into a clean venv. {NETWORK_HINT}\n{_tail(pip)}"
    return python, tmp


def test_wheel_installs_into_a_clean_venv_and_its_tests_pass(installed: tuple[Path, Path]) -> None:
    python, tmp = installed
    # An empty folder to run from: nothing named zoom_users next to the tests or in cwd,
    # so the generated conftest.py's sys.path entry (the tests' parent) finds no package.
    run = tmp / "run"
    run.mkdir()
    shutil.copytree(DISTRIBUTION / "tests", run / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    (run / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not the project's config

    probe = textwrap.dedent(f"""
        import importlib.util, json, sys, sysconfig
        import {PACKAGE}
        print(json.dumps({{
            "file": {PACKAGE}.__file__,
            "purelib": sysconfig.get_paths()["purelib"],
            "prefix": sys.prefix,
            "base_prefix": sys.base_prefix,
            "specgen": importlib.util.find_spec("generator") is not None,
        }}))
        """)
    done = _run([str(python), "-c", probe], cwd=run)
    assert done.returncode == 0, f"`import {PACKAGE}` failed in the clean venv:\n{_tail(done)}"
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    venv = python.parent.parent.resolve()
    site_packages = Path(facts["purelib"]).resolve()
    assert site_packages.is_relative_to(venv), facts
    assert (
        Path(facts["file"]).resolve().is_relative_to(site_packages)
    ), f"{PACKAGE} was not imported from the venv's site-packages: {facts}"
    assert facts["prefix"] != facts["base_prefix"], "not running inside the venv"
    assert not facts["specgen"], "the clean venv can import specgen's `generator`: it is not clean"

    tests = _run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", str(run / "tests")], cwd=run)
    assert tests.returncode == 0, f"the package's own tests failed against the installed wheel:\n{_tail(tests, 60)}"
    assert " passed" in tests.stdout, tests.stdout


def _absolute_self_imports(package_dir: Path) -> list[str]:
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [
                f"{path.relative_to(package_dir).as_posix()}:{node.lineno}: {n}"
                for n in names
                if n == PACKAGE or n.startswith(PACKAGE + ".")
            ]
    return found


def test_package_copied_into_another_project_imports_under_its_new_name(tmp_path: Path) -> None:
    vendored = tmp_path / "vendored"
    vendor = vendored / "myproject" / "_vendor"
    shutil.copytree(DISTRIBUTION / PACKAGE, vendor / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    (vendored / "myproject" / "__init__.py").write_text("", encoding="utf-8")
    (vendor / "__init__.py").write_text("", encoding="utf-8")
    assert _absolute_self_imports(vendor / PACKAGE) == []

    # Run in a fresh interpreter (-I: no cwd, PYTHONPATH or user site on sys.path) where a
    # top-level `zoom_users` cannot be imported even if one is installed: any absolute
    # self-import in the vendored copy fails instead of silently using another copy.
    script = textwrap.dedent(f"""
        import sys
        import httpx

        class NoTopLevel:
            def find_spec(self, name, path=None, target=None):
                if name == {PACKAGE!r} or name.startswith({PACKAGE!r} + "."):
                    raise ImportError(f"absolute import of {{name}} from a vendored copy")
                return None

        sys.meta_path.insert(0, NoTopLevel())
        sys.path.insert(0, {str(vendored)!r})

        from myproject._vendor.{PACKAGE} import ApiClient, Configuration, UsersApi

        api = UsersApi(ApiClient(Configuration(access_token="x")))
        assert type(api).__module__ == "myproject._vendor.{PACKAGE}.api.users_api", type(api).__module__

        seen = []
        def handler(request):
            seen.append(request)
            return httpx.Response(200, json={{"id": "abc", "email": "jane@example.com"}})

        client = ApiClient(Configuration("https://api.example.test/v2", access_token="x"), transport=httpx.MockTransport(handler))
        user = UsersApi(client).user("me")
        assert type(user).__module__ == "myproject._vendor.{PACKAGE}.models", type(user).__module__
        assert seen[0].url.path == "/v2/users/me", seen[0].url
        assert seen[0].headers["authorization"] == "Bearer x"
        assert not [m for m in sys.modules if m == {PACKAGE!r} or m.startswith({PACKAGE!r} + ".")]
        print("ok")
        """)
    done = _run([sys.executable, "-I", "-c", script], cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip().endswith(
        "ok"
    ), f"the vendored copy does not work:\n{_tail(done, 40)}"
