"""How many learners one machine holds: a real JupyterHub class of N learners at once.

    .venv/bin/python benchmarks/bench_hub.py [--learners 1,5,10,20,40] [--rounds 4] [--think 4]
                                             [--arrival 20] [--limit 1.0]

For each N, a fresh hub (tests/hubkit.py: JupyterHub, configurable-http-proxy, the dummy
authenticator, SimpleLocalProcessSpawner, nbgitpuller from a local bare clone of this
checkout; 127.0.0.1 only). N learners arrive within ``--arrival`` seconds, as a class does
when the instructor shows the link. Each logs in, opens the README's nbgitpuller link (their
server starts, the curriculum is cloned), starts a kernel for stage 1, runs its cells over the
kernel websocket with a think time between them, then uses the stage's tools as the lesson does:
types a school (an ipywidgets ``update`` message) and presses "Use the sample contacts" (a
``custom`` click message; 147 contacts go into their tracker), then ``--rounds`` times types an
employer into the target list and presses "Add employer" (a tracker write and a redrawn list).

Measured per N: server start (link to the server's page) and pull time, each cell's and each
widget message's latency (sent to kernel idle), p50 and p95; PSS of each learner's process
tree (server and kernel), peak over the run, and of the hub with its proxy and culler; the
machine's load average (it is shared, so the figures say how busy it was), and the CPU time the
learners' processes used. Goes on to the next N while no learner fails and p95 widget latency
stays within ``--give-up`` seconds; the answer is the largest N whose p95 widget latency is at
most ``--limit``. Each p95 is also given as a ratio to the 1-learner p95 of the same run, the
floor this machine gives at its load then.

Prints a Markdown table and writes it to ``benchmarks/results/`` (git-ignored). Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import signal
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hubkit import Hub, Learner, make_curriculum_repo, percentile  # noqa: E402

NOTEBOOK = "01_sourcing_contacts.ipynb"
NB_PATH = f"infoview/notebooks/{NOTEBOOK}"


def one_learner(learner: Learner, delay: float, think: float, rounds: int, rng: random.Random) -> None:
    time.sleep(delay)
    try:
        learner.login()
        learner.open_link(NOTEBOOK)
        nb = learner.read_notebook(NB_PATH)
        learner.start_kernel(NB_PATH)
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                learner.execute(src)
                time.sleep(rng.uniform(0.5, 1.5) * think)
        # The lesson's first tool once: type a school, press "Use the sample contacts" (147 contacts).
        learner.set_value(learner.widget("TextModel", "School:"), "Example University")
        time.sleep(rng.uniform(0.5, 1.5) * think)
        learner.click(learner.widget("ButtonModel", "Use the sample contacts"))
        # Then the target list, as learners use it: type an employer, press "Add employer".
        for i in range(rounds):
            time.sleep(rng.uniform(0.5, 1.5) * think)
            learner.set_value(learner.widget("TextModel", "Add:"), f"Example Employer {i}")
            time.sleep(rng.uniform(0.5, 1.5) * think)
            learner.click(learner.widget("ButtonModel", "Add employer"))
    except Exception as exc:  # noqa: BLE001 - a learner who fails is counted, not fatal
        learner.times.errors.append(f"{type(exc).__name__}: {exc}"[:300])
    finally:
        learner.close_kernel()


def run_class(n: int, args, work: Path) -> dict:
    bare, _ = make_curriculum_repo(work)
    hub = Hub(work, cull_timeout=3600)
    samples, load, cpu = [], [os.getloadavg()[0]], {}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            try:
                samples.append(hub.memory())
                cpu.update(hub.cpu_seconds())  # a process's last reading is its total
            except Exception:  # noqa: BLE001 - a process that exits mid-read
                pass
            load.append(os.getloadavg()[0])
            stop.wait(2.0)

    t0 = time.monotonic()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    try:
        hub.start()
        learners = [Learner(hub, f"learner{i:03d}", str(bare)) for i in range(n)]
        rng = random.Random(n)
        delays = [rng.uniform(0, args.arrival) if n > 1 else 0.0 for _ in learners]
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        pool = ThreadPoolExecutor(n)
        try:
            list(
                pool.map(
                    lambda pair: one_learner(pair[0], pair[1], args.think, args.rounds, random.Random(pair[0].name)),
                    zip(learners, delays),
                )
            )
        finally:
            stop.set()
            hub.kill_all()  # first, so that learners still running (Ctrl+C) fail fast
            pool.shutdown(wait=True, cancel_futures=True)
        sampler.join()
        lesson = time.monotonic() - t0 - args.arrival / 2
    finally:
        stop.set()
        hub.kill_all()
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    per_learner_peak = {}
    hub_peak, total_peak = 0.0, 0.0
    for s in samples:
        hub_peak = max(hub_peak, s["hub"])
        total_peak = max(total_peak, s["hub"] + sum(s["learners"].values()))
        for name, mib in s["learners"].items():
            per_learner_peak[name] = max(per_learner_peak.get(name, 0.0), mib)
    kinds = ("server_start", "pull", "cells", "widgets", "clicks")
    allt = {k: [x for L in learners for x in getattr(L.times, k)] for k in kinds}
    errors = [e for L in learners for e in L.times.errors]
    peaks = list(per_learner_peak.values())
    learner_cpu = sum(sec for who, sec in cpu.values() if who != "hub")
    hub_cpu = sum(sec for who, sec in cpu.values() if who == "hub")
    return {
        "n": n,
        "seconds": time.monotonic() - t0,
        "errors": errors,
        **{f"{k}_p50": percentile(v, 50) for k, v in allt.items()},
        **{f"{k}_p95": percentile(v, 95) for k, v in allt.items()},
        "widget_count": len(allt["widgets"]),
        "learner_mib_median": statistics.median(peaks) if peaks else float("nan"),
        "learner_mib_max": max(peaks) if peaks else float("nan"),
        "hub_mib": hub_peak,
        "total_mib": total_peak,
        "load_start": load[0],
        "load_max": max(load),
        "load_mean": statistics.fmean(load),
        "cpu_per_learner_s": learner_cpu / n,
        "hub_cpu_s": hub_cpu,
        # Cores one learner keeps busy on average over their lesson (arrival to the end).
        "cores_per_learner": learner_cpu / n / lesson,
        "driver_cpu_s": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime),
    }


def ratio(row: dict, floor: float | None) -> str:
    """The p95 widget latency as a multiple of the 1-learner p95 of the same run."""
    return f" ({row['widgets_p95'] / floor:.1f}x)" if floor else ""


def table(rows: list[dict], floor: float | None = None) -> str:
    head = (
        "| learners | widget p50 / p95 (s) | click p50 / p95 (s) | cell p50 / p95 (s) "
        "| server start p50 / p95 (s) | pull p50 / p95 (s) "
        "| memory per learner, median / max (MiB PSS) | hub + proxy (MiB) | total (MiB) "
        "| CPU s per learner (cores busy) | load avg start / mean / max | errors |"
    )
    lines = [head, "|" + "---|" * 12]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['widgets_p50']:.2f} / {r['widgets_p95']:.2f}{ratio(r, floor)} "
            f"| {r['clicks_p50']:.2f} / {r['clicks_p95']:.2f} | {r['cells_p50']:.2f} / {r['cells_p95']:.2f} "
            f"| {r['server_start_p50']:.1f} / {r['server_start_p95']:.1f} | {r['pull_p50']:.2f} / {r['pull_p95']:.2f} "
            f"| {r['learner_mib_median']:.0f} / {r['learner_mib_max']:.0f} | {r['hub_mib']:.0f} | {r['total_mib']:.0f} "
            f"| {r['cpu_per_learner_s']:.0f} ({r['cores_per_learner']:.2f}) "
            f"| {r['load_start']:.1f} / {r['load_mean']:.1f} / {r['load_max']:.1f} | {len(r['errors'])} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--learners", default="1,5,10,20,40", help="class sizes to try, in order")
    ap.add_argument("--rounds", type=int, default=4, help="target-list uses (type + press) per learner")
    ap.add_argument("--think", type=float, default=4.0, help="mean think time between actions, seconds")
    ap.add_argument("--arrival", type=float, default=20.0, help="learners arrive within this many seconds")
    ap.add_argument("--limit", type=float, default=1.0, help="p95 widget latency a class can live with, seconds")
    ap.add_argument(
        "--give-up",
        type=float,
        default=10.0,
        help="stop after the first size whose p95 widget latency is over this (the class broke)",
    )
    args = ap.parse_args(argv)
    import psutil

    # Stopped with kill (a background job ignores Ctrl+C): unwind, so every hub process is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    sizes = [int(x) for x in args.learners.split(",")]
    stamp = dt.datetime.now(dt.timezone.utc)
    header = (
        f"Measured {stamp:%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} CPUs, "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM, Python {platform.python_version()}, "
        f"{platform.platform(terse=True)}; load average {os.getloadavg()[0]:.1f} at the start "
        f"(the machine is shared). Stage 1: its cells, the sample import, {args.rounds} target-list uses per "
        f"learner, think time ~{args.think:g} s, "
        f"arrivals within {args.arrival:g} s."
    )
    print(header, flush=True)
    rows, best = [], 0
    for n in sizes:
        need = n * 300 * 2**20
        if psutil.virtual_memory().available < need * 1.5:
            print(f"N={n}: skipped, only {psutil.virtual_memory().available / 2**30:.1f} GiB available", flush=True)
            break
        with tempfile.TemporaryDirectory(prefix=f"bench-hub-{n}-") as tmp:
            row = run_class(n, args, Path(tmp))
        rows.append(row)
        print(
            table([row], rows[0]["widgets_p95"] if rows[0]["n"] == 1 else None).splitlines()[-1],
            f"({row['seconds']:.0f} s; driver CPU {row['driver_cpu_s']:.0f} s)",
            flush=True,
        )
        for e in row["errors"][:3]:
            print("   error:", e, flush=True)
        if row["widgets_p95"] <= args.limit and not row["errors"]:
            best = n
        if row["errors"] or not row["widgets_p95"] <= args.give_up:
            break
    busy = statistics.median(r["cores_per_learner"] for r in rows) if rows else float("nan")
    floor = rows[0]["widgets_p95"] if rows and rows[0]["n"] == 1 else None
    text = "\n".join(
        [
            header,
            "",
            table(rows, floor),
            "",
            f"Largest class with p95 widget latency <= {args.limit:g} s: {best} learners.",
            f"One learner keeps {busy:.3f} cores busy over the lesson (median over the sizes run): "
            f"{0.7 / busy:.0f} learners per core at 70% use, if the machine were theirs alone.",
        ]
    )
    print("\n" + text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"hub-{stamp:%Y%m%d-%H%M}.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
