"""The whole curriculum's budgets, each as a ratio to a floor measured in the same run.

    .venv/bin/python benchmarks/bench_curriculum.py [--repeat 3] [--skip-setup] [--skip-notebooks] [--skip-imports] [--skip-server]

1. Every notebook in ``notebooks/`` executed top to bottom (nbclient, one fresh kernel each,
   a fresh ``INFOVIEW_DB``, ``INFOVIEW_TODAY=2026-03-16``), against the same number of floor
   kernels that only import pandas, matplotlib and ipywidgets, draw one plot and show one
   slider. Runs alternate floor / notebook so that a busy machine slows both alike.
   Target: total notebook time at most 1.3x the total floor time.
2. Peak memory of each notebook's kernel (resident set size of the kernel and its children,
   sampled every 10 ms with psutil) against the floor kernel's peak. Target: at most the
   floor + 70 MiB, so a 2 GB Binder session or a 1 GB-per-learner JupyterHub has room.
3. ``import infoview`` against ``import pandas``, each in fresh interpreters (median of 7);
   also each stage module. Target: at most +0.3 s.
4. Fresh set-up as README command 2 does it (``python3 run.py test``): ``python3 -m venv``
   (with pip), ``pip install uv`` and ``uv pip install -e .[test]`` into a temporary venv
   with cold pip and uv caches; seconds and megabytes. Also the runtime-only install (``-e .``).
5. An idle JupyterLab server's memory, and a whole session's (the server plus every notebook's
   kernel open at once), against a 1 GB-per-learner JupyterHub.

Prints a Markdown table with the date and the machine, and writes it to
``benchmarks/results/`` (git-ignored). Asserts nothing: the numbers go into the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TODAY = "2026-03-16"  # the sample learner's "today", as tests and tools/execute_notebooks.py use
MiB = 1024 * 1024

FLOOR_CELL = (
    "import pandas, ipywidgets, matplotlib.pyplot as plt\n"
    "fig, ax = plt.subplots()\n"
    "ax.plot([1, 2, 3], [2, 1, 3])\n"
    "plt.show()\n"
    "ipywidgets.IntSlider()"
)
STAGE_MODULES = (
    "tracker",
    "contacts",
    "outreach",
    "prep",
    "conversation",
    "followup",
    "outcomes",
    "sample",
    "workshop",
)

TARGET_TIME_RATIO = 1.3
TARGET_EXTRA_MIB = 70
TARGET_IMPORT_EXTRA_S = 0.3


# ------------------------------------------------------------------- notebooks
def _tree_rss(proc) -> int:
    """Resident memory of a process and all its children (bytes)."""
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def run_kernel(nb, cwd: Path, tmp: Path) -> dict:
    """Execute ``nb`` in one fresh kernel; seconds (start to shutdown), peak RSS and any error."""
    import psutil
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    db_dir = Path(tempfile.mkdtemp(dir=tmp))
    os.environ["INFOVIEW_DB"] = str(db_dir / "tracker.sqlite")
    os.environ["INFOVIEW_TODAY"] = TODAY
    os.environ.pop("INFOVIEW_CONTENT", None)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    peak = 0
    stop = threading.Event()

    def sample(pid: int) -> None:
        nonlocal peak
        try:
            proc = psutil.Process(pid)
            while not stop.is_set():
                peak = max(peak, _tree_rss(proc))
                stop.wait(0.01)
        except psutil.NoSuchProcess:
            pass

    error = ""
    started = time.perf_counter()
    with client.setup_kernel(stderr=subprocess.DEVNULL):  # the kernel's TCP warning is noise here
        sampler = threading.Thread(target=sample, args=(client.km.provisioner.process.pid,), daemon=True)
        sampler.start()
        try:
            for index, cell in enumerate(client.nb.cells):
                client.execute_cell(cell, index)
        except CellExecutionError as exc:
            error = str(exc).strip().splitlines()[-1][:120]
        finally:
            stop.set()
            sampler.join()
    return {"seconds": time.perf_counter() - started, "peak_mib": peak / MiB, "error": error}


def bench_notebooks(repeat: int, tmp: Path) -> tuple[list[dict], list[dict]]:
    import nbformat

    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
    floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
    notebooks, floors = [], []
    for path in paths:
        runs, floor_runs = [], []
        for _ in range(repeat):
            floor_runs.append(run_kernel(nbformat.from_dict(floor_nb), ROOT / "notebooks", tmp))
            runs.append(run_kernel(nbformat.read(path, as_version=4), path.parent, tmp))
            print(
                f"  {path.name}: {runs[-1]['seconds']:.2f} s, {runs[-1]['peak_mib']:.0f} MiB "
                f"(floor {floor_runs[-1]['seconds']:.2f} s, {floor_runs[-1]['peak_mib']:.0f} MiB)"
                + (f"  ERROR {runs[-1]['error']}" if runs[-1]["error"] else ""),
                flush=True,
            )
        notebooks.append(
            {
                "name": path.name,
                "seconds": statistics.median(r["seconds"] for r in runs),
                "peak_mib": max(r["peak_mib"] for r in runs),
                "error": next((r["error"] for r in runs if r["error"]), ""),
            }
        )
        floors.extend(floor_runs)
    return notebooks, floors


def jupyterlab_server_mib(tmp: Path) -> float:
    """Resident memory of an idle JupyterLab server (no kernel), the other part of a session's budget."""
    import socket
    import urllib.request

    import psutil

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    home = tmp / "lab"
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.token=",
            "--ServerApp.password=",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={ROOT}",
            "--allow-root",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1.0)  # let start-up settle
        return _tree_rss(psutil.Process(proc.pid)) / MiB
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


# --------------------------------------------------------------------- imports
def import_seconds(module: str, runs: int = 7) -> float:
    """Median seconds to import ``module`` in a fresh interpreter (interpreter start excluded)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            return float("nan")
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def bench_imports() -> dict[str, float]:
    views = [
        f"infoview.views.{m}" for m in ("start", "contacts", "outreach", "prep", "conversation", "followup", "outcomes")
    ]
    names = ["pandas", "ipywidgets", "infoview", *(f"infoview.{m}" for m in STAGE_MODULES), *views]
    result = {}
    for name in names:
        result[name] = import_seconds(name)
        print(f"  import {name}: {result[name]:.3f} s", flush=True)
    return result


# ---------------------------------------------------------------------- set-up
def _tree_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(folder):
        for f in files:
            p = Path(dirpath) / f
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def fresh_install(extras: str, tmp: Path) -> dict:
    """run.py's set-up steps into a temporary venv with cold caches: seconds per step and size."""
    venv = tmp / f"venv-{extras or 'runtime'}"
    py = venv / "bin" / "python"
    env = dict(
        os.environ,
        UV_CACHE_DIR=str(tmp / f"uv-cache-{extras or 'runtime'}"),
        PIP_CACHE_DIR=str(tmp / f"pip-cache-{extras or 'runtime'}"),
        UV_COMPILE_BYTECODE="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    env.pop("VIRTUAL_ENV", None)
    target = f".[{extras}]" if extras else "."
    steps = [
        ("python3 -m venv", ["python3", "-m", "venv", str(venv)]),
        ("pip install uv", [str(py), "-m", "pip", "install", "--quiet", "uv"]),
        (
            f"uv pip install -e {target}",
            [str(py), "-m", "uv", "pip", "install", "--quiet", "--python", str(py), "-e", target],
        ),
    ]
    out: dict = {"steps": {}}
    for label, cmd in steps:
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        out["steps"][label] = time.perf_counter() - started
        if done.returncode != 0:
            out["error"] = f"{label}: {done.stderr.strip()[-300:]}"
            break
        print(f"  [{extras or 'runtime'}] {label}: {out['steps'][label]:.1f} s", flush=True)
    out["seconds"] = sum(out["steps"].values())
    out["venv_mb"] = _tree_bytes(venv) / 1e6
    site = next(venv.glob("lib/python*/site-packages"), None)
    sizes = {}
    if site is not None:
        for entry in site.iterdir():
            if entry.is_dir() and not entry.name.endswith((".dist-info", ".egg-info", "__pycache__")):
                sizes[entry.name] = _tree_bytes(entry) / 1e6
    out["largest"] = sorted(sizes.items(), key=lambda kv: -kv[1])[:6]
    out["cache_mb"] = _tree_bytes(Path(env["UV_CACHE_DIR"])) / 1e6
    return out


# ---------------------------------------------------------------------- report
def machine() -> str:
    import psutil

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.system()} {platform.release().split('-')[0]}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({cpu}), {psutil.virtual_memory().total / 2**30:.1f} GiB RAM, "
        f"load average {load:.1f} at start"
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def report(notebooks, floors, imports, setups, started: dt.datetime, env_line: str, server_mib=None) -> str:
    lines = [
        f"## infoview curriculum budgets, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {env_line}.",
        "",
        "| measure | value | floor (same run) | ratio or difference | target | |",
        "|---|---|---|---|---|---|",
    ]
    if notebooks:
        floor_s = statistics.median(f["seconds"] for f in floors)
        floor_peak = statistics.median(f["peak_mib"] for f in floors)
        total = sum(n["seconds"] for n in notebooks)
        floor_total = floor_s * len(notebooks)
        ratio = total / floor_total
        lines.append(
            f"| all {len(notebooks)} notebooks, top to bottom (one kernel each) | {total:.1f} s | "
            f"{floor_total:.1f} s ({len(notebooks)} floor kernels) | {ratio:.2f}x | "
            f"<= {TARGET_TIME_RATIO}x | {verdict(ratio <= TARGET_TIME_RATIO)} |"
        )
        for n in notebooks:
            extra = n["peak_mib"] - floor_peak
            note = f" (error: {n['error']})" if n["error"] else ""
            lines.append(
                f"| {n['name']}: time; peak kernel memory{note} | {n['seconds']:.1f} s; "
                f"{n['peak_mib']:.0f} MiB | {floor_s:.1f} s; {floor_peak:.0f} MiB | "
                f"{n['seconds'] / floor_s:.2f}x; {extra:+.0f} MiB | <= floor + {TARGET_EXTRA_MIB} MiB | "
                f"{verdict(extra <= TARGET_EXTRA_MIB and not n['error'])} |"
            )
    if server_mib is not None:
        line = f"| idle JupyterLab server (no kernel) | {server_mib:.0f} MiB | | | | |"
        if notebooks:
            every = server_mib + sum(n["peak_mib"] for n in notebooks)
            line = (
                f"| a session with the server and all {len(notebooks)} notebooks' kernels open at once | "
                f"{every:.0f} MiB (server {server_mib:.0f} MiB + each kernel's peak) | | | 2 GB Binder, "
                f"1 GB JupyterHub | {verdict(every <= 1024)} |"
            )
        lines.append(line)
    if imports:
        base = imports["pandas"]
        extra = imports["infoview"] - base
        lines.append(
            f"| `import infoview` (fresh interpreter, median of 7) | {imports['infoview']:.3f} s | "
            f"`import pandas` {base:.3f} s | {extra:+.3f} s | <= +{TARGET_IMPORT_EXTRA_S} s | "
            f"{verdict(extra <= TARGET_IMPORT_EXTRA_S)} |"
        )
        stages = ", ".join(
            f"{k.split('.', 1)[1]} {v:.2f}"
            for k, v in imports.items()
            if k.startswith("infoview.") and not k.startswith("infoview.views.")
        )
        lines.append(f"| stage modules, import seconds each (fresh interpreter) | {stages} | | | | |")
        views = ", ".join(
            f"{k.rsplit('.', 1)[1]} {v:.2f}" for k, v in imports.items() if k.startswith("infoview.views.")
        )
        lines.append(
            f"| stage views (a notebook's first cell), import seconds each | {views} | "
            f"`import ipywidgets` {imports['ipywidgets']:.2f} s | | | |"
        )
    for extras, s in setups.items():
        label = "README command 2's install (`.[test]`)" if extras == "test" else "runtime only (`.`)"
        steps = "; ".join(f"{k} {v:.1f} s" for k, v in s["steps"].items())
        err = f" ERROR {s['error']}" if s.get("error") else ""
        largest = ", ".join(f"{k} {v:.0f}" for k, v in s.get("largest", []))
        lines.append(
            f"| fresh set-up, {label}, cold caches | {s['seconds']:.0f} s, venv {s['venv_mb']:.0f} MB | "
            f"| {steps}{err}; largest packages (MB): {largest} | | |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per notebook and floor (median / max taken)")
    ap.add_argument("--skip-setup", action="store_true", help="skip the fresh-install measurement")
    ap.add_argument("--skip-notebooks", action="store_true")
    ap.add_argument("--skip-imports", action="store_true")
    ap.add_argument("--skip-server", action="store_true", help="skip the idle JupyterLab server's memory")
    args = ap.parse_args(argv)

    started = dt.datetime.now(dt.timezone.utc)
    env_line = machine()
    print(f"Machine: {env_line}", flush=True)
    notebooks, floors, imports, setups, server_mib = [], [], {}, {}, None
    saved_env = {k: os.environ.get(k) for k in ("INFOVIEW_DB", "INFOVIEW_TODAY", "INFOVIEW_CONTENT")}
    with tempfile.TemporaryDirectory(prefix="infoview-bench-") as name:
        tmp = Path(name)
        try:
            if not args.skip_imports:
                print("Imports:", flush=True)
                imports = bench_imports()
            if not args.skip_notebooks:
                print("Notebooks (floor kernel, then the notebook):", flush=True)
                notebooks, floors = bench_notebooks(args.repeat, tmp)
            if not args.skip_server:
                print("JupyterLab server:", flush=True)
                server_mib = jupyterlab_server_mib(tmp)
                print(f"  idle server: {server_mib:.0f} MiB", flush=True)
            if not args.skip_setup:
                print("Fresh set-up:", flush=True)
                for extras in ("test", ""):
                    setups[extras] = fresh_install(extras, tmp)
                    shutil.rmtree(tmp / f"venv-{extras or 'runtime'}", ignore_errors=True)
        finally:
            for k, v in saved_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    table = report(notebooks, floors, imports, setups, started, env_line, server_mib)
    print()
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"curriculum-{started:%Y%m%d-%H%M%S}.md"
    out.write_text(table, encoding="utf-8")
    print(f"Written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
