"""The README's promise: two one-line commands, and CI runs the second exactly."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import run  # noqa: E402  (the set-up script, stdlib only)


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", quick, flags=re.S)
    return [b.strip() for b in blocks]


def ci_command() -> str:
    lines = [l.strip() for l in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [l for l in lines if l and not l.startswith("#") and not l.startswith(("set ", "cd "))]
    assert len(commands) == 1, f".ci/run should run exactly one command, found {commands}"
    return commands[0]


def test_readme_has_exactly_two_one_line_commands():
    commands = readme_commands()
    assert commands == ["python3 run.py lab", "python3 run.py test"]
    assert all("\n" not in c for c in commands)


def test_ci_runs_readme_command_two_exactly():
    assert ci_command() == readme_commands()[1]


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


def test_command_one_shows_the_whole_curriculum_folder(tmp_path):
    """Lab started as command 1 starts it serves the curriculum folder, not just notebooks/."""
    import json
    import os
    import time
    import urllib.request

    port = _free_port()
    command = run.lab_command(
        sys.executable,
        ["--no-browser", "--allow-root", f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token="],
    )
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,  # run.py works from ROOT too
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, listing = time.monotonic() + 60, None
        while listing is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/", timeout=2) as response:
                    listing = json.load(response)
            except OSError:
                time.sleep(0.3)
        assert listing is not None, f"JupyterLab did not answer (exit code {proc.poll()})"
        names = {item["name"] for item in listing["content"]}
        assert {"notebooks", "data", "README.md"} <= names, names
    finally:
        _stop(proc)


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
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert f"notebooks/{nb.name}" in text, f"README's curriculum map does not link {nb.name}"
        assert f"labpath=notebooks%2F{nb.name}" in text, f"README has no Binder link for {nb.name}"


def test_app_mode_opens_the_start_page_and_serves_every_stage(tmp_path):
    """Command 'app' serves the notebooks folder (so each stage's link to the next works) and opens the start page."""
    import os
    import time
    import urllib.request

    port = _free_port()
    command, url = run.app_command(sys.executable, [f"--port={port}", "--Voila.ip=127.0.0.1"])
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
