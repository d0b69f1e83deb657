"""The README's promise: two one-line commands, and CI runs the second exactly."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import run  # noqa: E402  (the set-up script, stdlib only)


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", quick, flags=re.S)
    return [b.strip() for b in blocks]


def ci_commands() -> list[str]:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#") and not line.startswith(("set ", "cd "))]


def test_readme_has_exactly_two_one_line_commands():
    commands = readme_commands()
    assert commands == ["python3 run.py lab", "python3 run.py test"]
    assert all("\n" not in c for c in commands)


def test_ci_runs_readme_command_two_exactly_then_the_matrix():
    assert ci_commands() == [readme_commands()[1], "python3 run.py matrix"]
    assert "python3 run.py matrix" in (ROOT / "README.md").read_text()  # the README says what CI adds


def test_command_one_opens_the_start_notebook():
    assert run.START_NOTEBOOK == "notebooks/00_start_here.ipynb"
    assert (ROOT / run.START_NOTEBOOK).is_file()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop a server this test started, by its own PID."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _serve_until(command: list[str], url: str, tmp_path, timeout: float = 120):
    """Start ``command`` as the README says (from the curriculum folder, as this user), wait for
    ``url`` to answer, and return (status, body, what the command printed). Stops what it started."""
    import os
    import signal
    import time
    import urllib.request

    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"),
    )
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline, answer = time.monotonic() + timeout, None
        while answer is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    answer = (response.status, response.read().decode("utf-8", "replace"))
            except OSError:
                time.sleep(0.5)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
    printed = log.read_text(errors="replace")
    assert answer is not None, f"nothing answered at {url} (exit code {proc.poll()}):\n{printed[-2000:]}"
    return answer[0], answer[1], printed


@pytest.mark.slow
def test_command_one_serves_the_start_notebook_and_the_whole_folder(tmp_path):
    """`python3 run.py lab`, run as this user (root in a container, CI and here), serves the start
    notebook with the whole curriculum folder in the file browser, not just notebooks/."""
    import json

    port = _free_port()
    command = [
        sys.executable,
        str(ROOT / "run.py"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",
    ]
    status, body, printed = _serve_until(
        command, f"http://127.0.0.1:{port}/api/contents/{run.START_NOTEBOOK}", tmp_path
    )
    model = json.loads(body)
    assert status == 200 and model["type"] == "notebook" and model["path"] == run.START_NOTEBOOK
    if run.running_as_root():
        assert "running as root" in printed and "--allow-root" in printed, printed
    else:
        assert "running as root" not in printed
    assert "Running as root is not recommended" not in printed

    status, body, _ = _serve_until(command, f"http://127.0.0.1:{port}/api/contents/", tmp_path)
    names = {item["name"] for item in json.loads(body)["content"]}
    assert {"notebooks", "data", "README.md"} <= names, names


@pytest.mark.slow
def test_app_mode_serves_the_notebooks_as_this_user(tmp_path):
    """`python3 run.py app` serves the notebooks with Voila, root or not (Voila has no root check)."""
    port = _free_port()
    command = [sys.executable, str(ROOT / "run.py"), "app", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    start = run.START_NOTEBOOK.removeprefix("notebooks/")
    status, body, printed = _serve_until(command, f"http://127.0.0.1:{port}/voila/render/{start}", tmp_path)
    assert status == 200 and "Running as root" not in printed, printed
    assert "informational interview" in body.lower() and "Traceback" not in body, body[:500]


def test_lab_gets_allow_root_only_as_root(monkeypatch, capsys):
    monkeypatch.setattr(run, "running_as_root", lambda: True)
    assert "--allow-root" in run.lab_command("python", [])
    assert "starting JupyterLab with --allow-root" in capsys.readouterr().out
    assert "--allow-root" not in run.app_command("python", [])  # Voila needs nothing as root
    monkeypatch.setattr(run, "running_as_root", lambda: False)
    assert "--allow-root" not in run.lab_command("python", [])
    assert capsys.readouterr().out == ""


def test_minimum_python_agrees_with_pyproject():
    import tomllib

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=%d.%d" % run.MINIMUM_PYTHON
    assert f"Python {run.MINIMUM_PYTHON[0]}.{run.MINIMUM_PYTHON[1]} or newer" in (ROOT / "README.md").read_text()
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()  # Binder's Python: one the matrix covers
    assert tuple(int(x) for x in runtime.removeprefix("python-").split(".")[:2]) >= run.MINIMUM_PYTHON


def test_a_too_old_python_gets_one_sentence():
    sentence = run.python_too_old((3, 10, 13))
    assert sentence.startswith("infoview needs Python 3.11 or newer, but this is Python 3.10")
    assert "\n" not in sentence
    assert run.python_too_old((3, 11, 0)) is None and run.python_too_old((3, 14, 1)) is None


def _old_pythons() -> list[str]:
    """Pythons older than the minimum on this machine (pyenv's, the system's), newest first."""
    import glob
    import os

    pyenv = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    found = {}
    for path in sorted(glob.glob(f"{pyenv}/versions/3.*/bin/python3.*") + glob.glob("/usr/bin/python3.*")):
        version = run.python_version(path)
        if version and (3, 6) <= version < run.MINIMUM_PYTHON:
            found.setdefault(version, path)
    return [found[v] for v in sorted(found, reverse=True)]


@pytest.mark.parametrize("command", ["lab", "test", "app", "matrix"])
def test_run_py_on_a_too_old_python_says_so_and_does_nothing(command):
    olds = _old_pythons()
    if not olds:
        pytest.skip("no Python older than the minimum on this machine")
    for old in olds[:2]:  # 3.10 and the one before: the file must not even fail to parse there
        done = subprocess.run([old, str(ROOT / "run.py"), command], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, (old, done.stdout, done.stderr)
        assert done.stdout == "" and "Traceback" not in done.stderr
        assert done.stderr.strip().count("\n") == 0 and "needs Python 3.11 or newer" in done.stderr, done.stderr


def test_matrix_runs_newest_python_newest_packages_and_oldest_python_lowest_packages():
    pythons = {(3, 11): "/a/python3.11", (3, 12): "/b/python3.12", (3, 13): "/c/python3.13"}
    assert run.matrix_legs(pythons) == [
        ("py3.13-newest", "/c/python3.13", "highest"),
        ("py3.11-lowest", "/a/python3.11", "lowest-direct"),
    ]
    assert run.matrix_legs({(3, 12): "/b/python3.12"}) == [("py3.12-newest", "/b/python3.12", "highest")]
    assert "not browser and not slow" in run.MATRIX_PYTEST_ARGS
    here = run.find_pythons()
    assert here[tuple(sys.version_info[:2])]  # this Python is always found
    assert all(v >= run.MINIMUM_PYTHON for v in here)


def test_a_venv_remembers_its_python(tmp_path):
    (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\nversion_info = 3.13.0.final.0\n")
    assert run.venv_version(tmp_path) == (3, 13)
    (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.7\n")
    assert run.venv_version(tmp_path) == (3, 11)
    assert run.venv_version(tmp_path / "missing") is None


def test_setup_stamp_changes_when_dependencies_change(tmp_path, monkeypatch):
    a = run.stamp_for("test")
    assert run.stamp_for("test") == a  # idempotent: same inputs, same stamp, no reinstall
    assert run.stamp_for("") != a
    fake = tmp_path / "root"
    fake.mkdir()
    (fake / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text() + "\n# changed\n")
    (fake / "run.py").write_text((ROOT / "run.py").read_text())
    monkeypatch.setattr(run, "ROOT", fake)
    assert run.stamp_for("test") != a


def test_run_py_help_and_unknown_command():
    ok = subprocess.run([sys.executable, str(ROOT / "run.py"), "help"], capture_output=True, text=True)
    assert ok.returncode == 0 and "python3 run.py lab" in ok.stdout
    bad = subprocess.run([sys.executable, str(ROOT / "run.py"), "frobnicate"], capture_output=True, text=True)
    assert bad.returncode == 2


def test_readme_links_every_notebook_and_binder_launch_link():
    text = (ROOT / "README.md").read_text()
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb")):
        assert f"notebooks/{nb.name}" in text, f"README's curriculum map does not link {nb.name}"
        assert f"labpath=notebooks%2F{nb.name}" in text, f"README has no Binder link for {nb.name}"


@pytest.mark.slow  # starts a server through run.py (the main .venv): command 2 runs it, the matrix does not
def test_app_mode_opens_the_start_page_and_serves_every_stage(tmp_path):
    """Command 'app' serves the notebooks folder (so each stage's link to the next works) and opens the start page."""
    import os
    import time
    import urllib.request

    port = _free_port()
    extra = [f"--port={port}", "--Voila.ip=127.0.0.1"]
    command, url = run.app_command(sys.executable, extra), run.app_url(extra)
    assert "--no-browser" in command and url == f"http://localhost:{port}/voila/render/00_start_here.ipynb"
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        INFOVIEW_DB=str(tmp_path / "tracker.sqlite"),
    )
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, pages = time.monotonic() + 90, {}
        for name in ("00_start_here.ipynb", "04_the_conversation.ipynb"):
            while name not in pages and time.monotonic() < deadline and proc.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/{name}", timeout=60) as response:
                        pages[name] = response.read().decode("utf-8", "replace")
                except OSError:
                    time.sleep(0.5)
        assert set(pages) == {"00_start_here.ipynb", "04_the_conversation.ipynb"}, f"Voila exit code {proc.poll()}"
        assert "01_sourcing_contacts.ipynb" in pages["00_start_here.ipynb"]  # the landing page lists the stages
        assert "05_follow_up.ipynb" in pages["04_the_conversation.ipynb"]  # and each stage links to the next
    finally:
        _stop(proc)
