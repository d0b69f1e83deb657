"""Binder: the pinned environment in binder/ alone must run every notebook.

repo2docker installs only binder/requirements.txt (the root pyproject.toml is ignored when
binder/ exists), so this builds a fresh virtual environment from that file alone and
executes each notebook in it, as a Binder launch would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "binder" / "requirements.txt"


def _pins() -> dict[str, str]:
    pins = {}
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == ".":
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)(\s*;.*)?", line)
        assert m, f"binder/requirements.txt: {line!r} is not pinned with =="
        pins[re.sub(r"[-_.]+", "-", m.group(1).lower())] = m.group(2)
    return pins


def test_binder_files_pin_every_runtime_dependency_and_install_the_repo():
    lines = [line.strip() for line in REQUIREMENTS.read_text().splitlines()]
    assert "." in lines, "binder/requirements.txt needs a '.' line to install infoview itself"
    pins = _pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    for dep in [*project["dependencies"], *extras["app"], *extras["hub"]]:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~ ;\[]", dep, maxsplit=1)[0].lower())
        assert name in pins, f"{name} (a runtime dependency) is not pinned in binder/requirements.txt"
    assert (ROOT / "binder" / "runtime.txt").read_text().strip().startswith("python-3.")


@pytest.mark.slow
def test_notebooks_run_in_a_fresh_environment_built_from_binder_requirements(tmp_path):
    venv = tmp_path / "binder-venv"
    uv = [sys.executable, "-m", "uv"]
    if subprocess.run([*uv, "--version"], capture_output=True).returncode != 0:
        pytest.skip("uv is not installed in the test environment")
    env = dict(os.environ, UV_COMPILE_BYTECODE="1")
    subprocess.run([*uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True, env=env)
    py = venv / "bin" / "python"
    subprocess.run(
        [*uv, "pip", "install", "-q", "--python", str(py), "--refresh-package", "infoview", "-r", str(REQUIREMENTS)],
        check=True,
        cwd=ROOT,
        env=env,
    )
    # infoview came from the requirements file, not from the test environment
    where = subprocess.run(
        [py, "-c", "import infoview, sys; print(infoview.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert str(venv) in where
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
    assert notebooks
    out = tmp_path / "executed"
    run_env = dict(env, INFOVIEW_DB=str(tmp_path / "binder-tracker.sqlite"), INFOVIEW_TODAY="2026-03-16")
    run_env.pop("INFOVIEW_CONTENT", None)
    proc = subprocess.run(
        [
            py,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--output-dir",
            str(out),
            "--ExecutePreprocessor.timeout=120",
            *map(str, notebooks),
        ],
        capture_output=True,
        text=True,
        env=run_env,
        cwd=ROOT / "notebooks",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(p.name for p in out.glob("*.ipynb")) == [p.name for p in notebooks]
    shutil.rmtree(venv, ignore_errors=True)
