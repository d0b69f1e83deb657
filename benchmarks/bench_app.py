"""App mode: from opening a notebook to its first tool answering a click, as a ratio to a floor.

    .venv/bin/python benchmarks/bench_app.py [--repeat 3]

One Voila server (as ``python3 run.py app`` starts it) serves copies of ``notebooks/`` and a
floor notebook that only imports pandas, matplotlib and ipywidgets and shows one button.
For each notebook, Debian's Chromium (Playwright) opens the page and, as soon as the first
exercise's **Check** button is on screen, clicks it; the time is from the request to the
exercise's feedback appearing. For the floor, from the request to its button's answer.
Runs alternate floor / notebook so a busy machine slows both alike; medians per notebook.
Target: every notebook at most 1.5x the floor. Prints a Markdown table and writes it to
``benchmarks/results/`` (git-ignored). Asserts nothing: the numbers go into the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TODAY = "2026-03-16"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TARGET_RATIO = 1.5

FLOOR_CELL = (
    "import pandas, matplotlib.pyplot, ipywidgets as w\n"
    "answer = w.HTML()\n"
    "button = w.Button(description='Check')\n"
    "button.add_class('infoview-exercise-check')\n"
    "button.on_click(lambda b: setattr(answer, 'value', '<div role=\"status\">answered</div>'))\n"
    "w.VBox([button, answer])"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_voila(folder: Path, home: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(
        os.environ,
        INFOVIEW_DB=str(home / "tracker.sqlite"),
        INFOVIEW_TODAY=TODAY,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
    )
    env.pop("INFOVIEW_CONTENT", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(folder),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--MappingKernelManager.cull_idle_timeout=5",
            "--MappingKernelManager.cull_interval=2",
        ],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=2).read()
            return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("Voila did not start within 90 s")


def open_and_click(browser, url: str) -> float:
    """Seconds from requesting the page to the first Check's answer on screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        button = page.locator(".infoview-exercise-check").first
        button.wait_for(state="visible", timeout=120000)
        button.click()
        page.wait_for_function(
            "() => [...document.querySelectorAll('[role=status]')].some(e => e.textContent.trim().length > 0)",
            timeout=120000,
            polling=50,
        )
        return time.perf_counter() - started
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    import nbformat
    from playwright.sync_api import sync_playwright

    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="infoview-bench-app-") as tmp:
        tmp = Path(tmp)
        folder = tmp / "notebooks"
        folder.mkdir()
        for p in paths:
            shutil.copy(p, folder / p.name)
        (tmp / "data").symlink_to(ROOT / "data", target_is_directory=True)
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)]), folder / "floor.ipynb")
        proc, url = start_voila(folder, tmp)
        rows = []
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                open_and_click(browser, f"{url}/voila/render/floor.ipynb")  # warm the server and the browser
                for path in paths:
                    floors, runs = [], []
                    for _ in range(args.repeat):
                        floors.append(open_and_click(browser, f"{url}/voila/render/floor.ipynb"))
                        runs.append(open_and_click(browser, f"{url}/voila/render/{path.name}"))
                        time.sleep(1)  # let the culler stop the page's kernel
                    floor, seconds = statistics.median(floors), statistics.median(runs)
                    rows.append((path.name, seconds, floor, seconds / floor))
                    print(f"  {path.name}: {seconds:.2f} s, floor {floor:.2f} s, {seconds / floor:.2f}x", flush=True)
                browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"App mode (Voila), open a notebook to its first exercise answering a click; {dt.date.today()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load {load:.1f}, median of {args.repeat}",
        "",
        "| notebook | open to first answer | floor (same run) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for name, seconds, floor, ratio in rows:
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        lines.append(
            f"| {name} | {seconds:.1f} s | {floor:.1f} s | {ratio:.2f}x | at most {TARGET_RATIO}x: {verdict} |"
        )
    table = "\n".join(lines)
    print("\n" + table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"app-{dt.date.today()}.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
