"""Set up infoview and open it, or run its tests. Needs only Python 3.11+ (standard library).

    python3 run.py lab     set up, then open JupyterLab on the start notebook
    python3 run.py test    set up, then run every test (unit, notebooks, browser)
    python3 run.py app     set up, then open the whole course without code (Voila), on the start page
    python3 run.py matrix  the tests again on the newest Python here with the newest packages,
                           and on the oldest supported Python with the lowest versions allowed

Set-up makes a virtual environment in .venv/ and installs infoview into it with uv (fast),
falling back to pip. It is skipped when nothing it depends on has changed, so every command
is safe to run again. Extra arguments after ``test`` go to pytest.
"""

# No ``from __future__`` import and nothing newer than Python 3.6 syntax before the version
# check below, so that an old Python gets one sentence instead of a SyntaxError.
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

#: The oldest Python infoview supports (pyproject.toml's requires-python says the same; a test
#: checks the two agree). 3.10 reached its end of life in October 2026 and lacks tomllib.
MINIMUM_PYTHON = (3, 11)


def python_too_old(version_info=None):
    """The sentence an unsupported Python gets, or None when this Python will do."""
    have = tuple(version_info or sys.version_info)[:2]
    if have >= MINIMUM_PYTHON:
        return None
    need = "%d.%d" % MINIMUM_PYTHON
    return (
        "infoview needs Python %s or newer, but this is Python %d.%d: install Python %s or newer "
        "(python.org, or your system's packages) and run the same command with it, "
        "for example python%s run.py lab." % (need, have[0], have[1], need, need)
    )


if __name__ == "__main__" and python_too_old():
    sys.stderr.write(python_too_old() + "\n")
    sys.exit(2)

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MATRIX_DIR = ROOT / ".venv-matrix"
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
#: What the matrix runs on its other Pythons: unit tests, doctests, the journey test and strict
#: nbval on every notebook (pyproject's testpaths); the browser and slow tests run once, above.
MATRIX_PYTEST_ARGS = ["-m", "not browser and not slow", "-q", "-p", "no:cacheprovider"]


def venv_python(venv_dir: Path = VENV) -> Path:
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def say(text: str) -> None:
    print(f"[infoview] {text}", flush=True)


def run(cmd: list, **kwargs) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def stamp_for(extras: str, python: str = "", resolution: str = "highest") -> str:
    h = hashlib.sha256()
    for name in ("pyproject.toml", "run.py"):
        h.update((ROOT / name).read_bytes())
    h.update(extras.encode())
    h.update((python or sys.version).encode())
    if resolution != "highest":
        h.update(resolution.encode())
    return h.hexdigest()


def venv_version(venv_dir: Path):
    """(major, minor) of the Python a virtual environment was made with, from its pyvenv.cfg."""
    try:
        text = (venv_dir / "pyvenv.cfg").read_text()
    except OSError:
        return None
    found = re.search(r"^\s*version(?:_info)?\s*=\s*(\d+)\.(\d+)", text, flags=re.M)
    return (int(found.group(1)), int(found.group(2))) if found else None


def setup(extras: str) -> Path:
    """Create .venv and install infoview with ``extras`` unless it is already up to date."""
    return setup_venv(VENV, sys.executable, extras)


def setup_venv(venv_dir: Path, python: str, extras: str, resolution: str = "highest", uv: list | None = None) -> Path:
    """Make ``venv_dir`` with ``python`` and install infoview[extras] into it, unless up to date.

    A .venv made by another Python (``python3.13 run.py test`` after ``python3 run.py test``) is
    made again: installing into it would quietly test the old Python."""
    py = venv_python(venv_dir)
    wanted = python_version(python)
    stamp_file = venv_dir / f".infoview-setup-{extras or 'base'}"
    stamp = stamp_for(extras, ".".join(map(str, wanted)), resolution)
    if py.exists() and venv_version(venv_dir) not in (None, wanted):
        have = ".".join(map(str, venv_version(venv_dir)))
        say(f"{venv_dir.name} was made with Python {have}; making it again with Python {wanted[0]}.{wanted[1]} ...")
        shutil.rmtree(venv_dir)
    if py.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        say(f"environment is up to date ({venv_dir.relative_to(ROOT)})")
        return py
    env = dict(
        os.environ,
        UV_COMPILE_BYTECODE="1",  # this machine sets PYTHONDONTWRITEBYTECODE
        UV_PYTHON_DOWNLOADS="never",
    )  # use the Python we were given, never fetch one
    target = f".[{extras}]" if extras else "."
    label = f"infoview{'[' + extras + ']' if extras else ''}"
    if not py.exists():
        say(f"creating a virtual environment in {venv_dir.relative_to(ROOT)} (Python {wanted[0]}.{wanted[1]}) ...")
        if uv:
            run([*uv, "venv", "-q", "--python", python, venv_dir], env=env)
        elif Path(python).resolve() == Path(sys.executable).resolve():
            venv.EnvBuilder(with_pip=True).create(venv_dir)
        else:
            run([python, "-m", "venv", venv_dir])
    lowest = [] if resolution == "highest" else ["--resolution", resolution]
    try:
        if uv is None:
            if subprocess.run([py, "-m", "uv", "--version"], capture_output=True).returncode != 0:
                if subprocess.run([py, "-m", "pip", "--version"], capture_output=True).returncode != 0:
                    run([py, "-m", "ensurepip", "--upgrade"])  # a .venv made without pip
                run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv"])
            uv = [py, "-m", "uv"]
        say(f"installing {label} with uv{' (' + resolution + ' versions)' if lowest else ''} ...")
        run([*uv, "pip", "install", "--quiet", "--python", py, *lowest, "-e", target], cwd=ROOT, env=env)
    except (subprocess.CalledProcessError, FileNotFoundError):
        if lowest:
            raise  # pip cannot resolve to the lowest versions: that leg needs uv
        say("uv was not available; installing with pip (slower) ...")
        run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target], cwd=ROOT)
    stamp_file.write_text(stamp)
    return py


def python_version(python: str):
    """(major, minor) of the interpreter at ``python``, or None when it does not run."""
    if Path(python).resolve() == Path(sys.executable).resolve():
        return tuple(sys.version_info[:2])
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.fullmatch(r"(\d+)\.(\d+)", out.stdout.strip()) if out.returncode == 0 else None
    return (int(found.group(1)), int(found.group(2))) if found else None


def find_pythons() -> dict:
    """Every Python 3 on this machine that runs: {(3, 13): '/path/python3.13', ...}.

    Looks on PATH and in the usual install places (pyenv's versions, /usr/bin, /usr/local/bin);
    pyenv's shims for versions that are not active fail to run and are passed over."""
    candidates = [sys.executable]
    for minor in range(MINIMUM_PYTHON[1], 30):
        candidates.append(shutil.which(f"python3.{minor}") or "")
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    for pattern in (
        f"{pyenv_root}/versions/3.*/bin/python3.*",
        "/usr/bin/python3.*",
        "/usr/local/bin/python3.*",
        "/opt/python*/bin/python3.*",
    ):
        candidates.extend(sorted(glob.glob(pattern)))
    found: dict = {}
    for candidate in candidates:
        if not candidate or not re.search(r"python3(\.\d+)?(\.exe)?$", candidate):
            continue
        version = python_version(candidate)
        if version and version >= MINIMUM_PYTHON and version not in found:
            found[version] = candidate
    return dict(sorted(found.items()))


def matrix_legs(pythons: dict) -> list:
    """The matrix's legs: (name, python, resolution). The newest Python here with the newest
    versions of everything, and the oldest supported Python with the lowest versions that
    pyproject.toml allows for our direct dependencies (so its lower bounds are true)."""
    legs = []
    if pythons:
        newest = max(pythons)
        legs.append((f"py{newest[0]}.{newest[1]}-newest", pythons[newest], "highest"))
    if MINIMUM_PYTHON in pythons:
        legs.append((f"py{MINIMUM_PYTHON[0]}.{MINIMUM_PYTHON[1]}-lowest", pythons[MINIMUM_PYTHON], "lowest-direct"))
    return legs


def matrix(extra: list) -> int:
    """Run the matrix legs one after the other; the exit code is the worst leg's."""
    uv = [setup("test"), "-m", "uv"]
    pythons = find_pythons()
    say("Pythons found: " + ", ".join(f"{v[0]}.{v[1]} ({p})" for v, p in pythons.items()))
    if MINIMUM_PYTHON not in pythons:
        say("no Python %d.%d here: the lowest-versions leg is skipped" % MINIMUM_PYTHON)
    worst = 0
    for name, python, resolution in matrix_legs(pythons):
        py = setup_venv(MATRIX_DIR / name, python, "test", resolution, uv=uv)
        say(f"matrix leg {name}: unit tests, doctests, the journey test and every notebook (strict nbval) ...")
        env = dict(os.environ)
        env.setdefault("INFOVIEW_TEST_GATE", "1")
        code = subprocess.call([py, "-m", "pytest", *MATRIX_PYTEST_ARGS, *extra], env=env, cwd=ROOT)
        say(f"matrix leg {name}: {'passed' if code == 0 else f'FAILED (exit code {code})'}")
        worst = worst or code
    return worst


def ensure_chromium() -> None:
    """Browser tests use Debian's Chromium. Install it when we can (root with apt-get); else they skip."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if not (shutil.which("apt-get") and running_as_root()):
        say("Chromium is not installed and cannot be installed here; browser tests will be skipped.")
        return
    say("installing Debian's chromium for the browser tests ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env, stdout=subprocess.DEVNULL)


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def server_flags(tool: str) -> list:
    """What a server needs to start in a root shell (a container, many cloud notebooks).

    JupyterLab refuses root unless given --allow-root; Voila has no such check, so it needs
    nothing (a test starts it as root to prove it)."""
    if not running_as_root():
        return []
    if tool == "lab":
        say("running as root (a container or a cloud notebook): starting JupyterLab with --allow-root")
        return ["--allow-root"]
    return []


def lab_command(py: str, extra: list) -> list:
    """JupyterLab on the start notebook, its file browser showing the whole curriculum folder.

    Given only a notebook, Jupyter would show just that notebook's folder, hiding data/ and the
    learner's infoview-data/ (backups, briefs, calendar files)."""
    return [py, "-m", "jupyter", "lab", START_NOTEBOOK, f"--ServerApp.root_dir={ROOT}", *server_flags("lab"), *extra]


def app_command(py: str, extra: list) -> list:
    """Voila serving every notebook (so each stage's link to the next works), no code visible.

    Voila on a folder would open on a file list; ``run.py app`` opens the course on its start page
    (:func:`app_url`), which lists the stages with the learner's progress, so Voila opens no browser itself."""
    cmd = [
        py,
        "-m",
        "voila",
        "notebooks",
        "--no-browser",
        *server_flags("app"),
        *(a for a in extra if a != "--no-browser"),
    ]
    if not any(a.startswith("--port") for a in extra):
        cmd.append(f"--port={APP_PORT}")
    return cmd


APP_PORT = 8866  # Voila's default


def app_url(extra: list) -> str:
    """The start page's address in app mode (the port from ``--port=`` in ``extra``, else Voila's default)."""
    port = next((a.split("=", 1)[1] for a in extra if a.startswith("--port=")), str(APP_PORT))
    return f"http://localhost:{port}/voila/render/{Path(START_NOTEBOOK).name}"


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


def main(argv: list) -> int:
    command = argv[0] if argv else "help"
    os.chdir(ROOT)
    if command == "lab":
        py = setup("")
        say(f"opening JupyterLab on {START_NOTEBOOK} (stop it with Ctrl+C) ...")
        return subprocess.call(lab_command(py, argv[1:]))
    if command == "app":
        py = setup("app")
        url = app_url(argv[1:])
        say(f"opening the course in Voila at {url} (stop it with Ctrl+C) ...")
        if "--no-browser" not in argv[1:]:
            open_when_ready(url)
        return subprocess.call(app_command(py, argv[1:]))
    if command == "test":
        py = setup("test")
        ensure_chromium()
        say("running the whole test suite ...")
        # The property tests draw the same examples on every run here, so a pass or a failure
        # repeats; `.venv/bin/python -m pytest` draws new ones each time, to look for bugs.
        env = dict(os.environ)
        env.setdefault("INFOVIEW_TEST_GATE", "1")
        return subprocess.call([py, "-m", "pytest", *argv[1:]], env=env)
    if command == "matrix":
        return matrix(argv[1:])
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
