"""Set up infoview and open it, or run its tests. Needs only Python 3.10+ (standard library).

    python3 run.py lab     set up, then open JupyterLab on the start notebook
    python3 run.py test    set up, then run every test (unit, notebooks, browser)
    python3 run.py app     set up, then open the whole course without code (Voila), on the start page

Set-up makes a virtual environment in .venv/ and installs infoview into it with uv (fast),
falling back to pip. It is skipped when nothing it depends on has changed, so every command
is safe to run again. Extra arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
START_NOTEBOOK = "notebooks/00_start_here.ipynb"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def say(text: str) -> None:
    print(f"[infoview] {text}", flush=True)


def run(cmd: list, **kwargs) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def stamp_for(extras: str) -> str:
    h = hashlib.sha256()
    for name in ("pyproject.toml", "run.py"):
        h.update((ROOT / name).read_bytes())
    h.update(extras.encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def setup(extras: str) -> Path:
    """Create .venv and install infoview with ``extras`` unless it is already up to date."""
    py = venv_python()
    stamp_file = VENV / f".infoview-setup-{extras or 'base'}"
    stamp = stamp_for(extras)
    if py.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        say("environment is up to date (.venv)")
        return py
    if not py.exists():
        say("creating a virtual environment in .venv ...")
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    env = dict(os.environ, UV_COMPILE_BYTECODE="1")  # this machine sets PYTHONDONTWRITEBYTECODE
    try:
        if subprocess.run([py, "-m", "uv", "--version"], capture_output=True).returncode != 0:
            if subprocess.run([py, "-m", "pip", "--version"], capture_output=True).returncode != 0:
                run([py, "-m", "ensurepip", "--upgrade"])  # a .venv made without pip
            run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv"])
        say(f"installing infoview{'[' + extras + ']' if extras else ''} with uv ...")
        run([py, "-m", "uv", "pip", "install", "--quiet", "--python", py, "-e", target], cwd=ROOT, env=env)
    except (subprocess.CalledProcessError, FileNotFoundError):
        say("uv was not available; installing with pip (slower) ...")
        run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target], cwd=ROOT)
    stamp_file.write_text(stamp)
    return py


def ensure_chromium() -> None:
    """Browser tests use Debian's Chromium. Install it when we can (root with apt-get); else they skip."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    can_install = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if not can_install:
        say("Chromium is not installed and cannot be installed here; browser tests will be skipped.")
        return
    say("installing Debian's chromium for the browser tests ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)


def lab_command(py: str, extra: list[str]) -> list[str]:
    """JupyterLab on the start notebook, its file browser showing the whole curriculum folder.

    Given only a notebook, Jupyter would show just that notebook's folder, hiding data/ and the
    learner's infoview-data/ (backups, briefs, calendar files)."""
    return [py, "-m", "jupyter", "lab", START_NOTEBOOK, f"--ServerApp.root_dir={ROOT}", *extra]


APP_PORT = 8866  # Voila's default


def app_command(py: str, extra: list[str]) -> tuple[list[str], str]:
    """Voila serving every notebook (so each stage's link to the next works), and the start page's URL.

    Voila on a folder would open on a file list; the course opens on its start page instead,
    which lists the stages with the learner's progress."""
    port = next((a.split("=", 1)[1] for a in extra if a.startswith("--port=")), str(APP_PORT))
    cmd = [py, "-m", "voila", "notebooks", "--no-browser", *extra]
    if not any(a.startswith("--port") for a in extra):
        cmd.append(f"--port={port}")
    return cmd, f"http://localhost:{port}/voila/render/{Path(START_NOTEBOOK).name}"


def open_when_ready(url: str, timeout: float = 120.0) -> None:
    """Open ``url`` in the learner's browser once the server answers (in the background)."""
    import threading
    import time
    import urllib.request
    import webbrowser

    def wait_then_open() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url.split("/voila/")[0] + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        webbrowser.open(url)

    threading.Thread(target=wait_then_open, daemon=True).start()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    os.chdir(ROOT)
    if command == "lab":
        py = setup("")
        say(f"opening JupyterLab on {START_NOTEBOOK} (stop it with Ctrl+C) ...")
        return subprocess.call(lab_command(py, argv[1:]))
    if command == "app":
        py = setup("app")
        cmd, url = app_command(str(py), argv[1:])
        say(f"opening the course in Voila at {url} (stop it with Ctrl+C) ...")
        open_when_ready(url)
        return subprocess.call(cmd)
    if command == "test":
        py = setup("test")
        ensure_chromium()
        say("running the whole test suite ...")
        # The property tests draw the same examples on every run here, so a pass or a failure
        # repeats; `.venv/bin/python -m pytest` draws new ones each time, to look for bugs.
        env = dict(os.environ)
        env.setdefault("INFOVIEW_TEST_GATE", "1")
        return subprocess.call([py, "-m", "pytest", *argv[1:]], env=env)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
