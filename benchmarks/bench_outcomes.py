"""Stage 6 at scale: metrics and charts on a big tracker, a 1,000-learner cohort, notebook 06's memory.

    .venv/bin/python benchmarks/bench_outcomes.py [--contacts 5000] [--interactions 100000]
        [--learners 1000] [--repeat 3] [--skip-notebook]

1. A tracker file with 100,000 interactions over 5,000 contacts (synthetic, seeded):
   open it and compute every metric (:func:`infoview.outcomes.all_metrics`), then draw
   every chart (figures rendered to PNG). The floor, measured in the same run, is reading
   the same rows (contacts and interactions) from SQLite into pandas. Target: metrics
   within 3x the floor.
2. A cohort of 1,000 anonymised learner summaries in a folder: aggregate them and write the
   HTML report. Target: under 5 s.
3. Peak RSS of a kernel executing notebooks/06_tracking_outcomes.ipynb top to bottom
   (nbclient; psutil samples the kernel process every 10 ms), next to a floor kernel that
   imports pandas, matplotlib and ipywidgets and draws one plot. Target: under 250 MiB.

Prints a table (median of the repeats); asserts nothing about time. Everything is written
to a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infoview import outcome_charts, outcomes  # noqa: E402
from infoview.cohort import write_cohort_report  # noqa: E402
from infoview.tracker import CHANNELS, Tracker  # noqa: E402

TODAY = dt.date(2026, 3, 16)
MiB = 1024 * 1024


def make_tracker(path: Path, contacts: int, interactions: int, seed: int = 6) -> None:
    """Contacts with plausible histories (outreach, follow-ups, replies, meetings...), padded with updates."""
    rnd = random.Random(seed)
    start = dt.date(2024, 1, 1)
    span = (TODAY - start).days
    with Tracker(path) as t:
        rows = [
            {
                "first_name": f"Person{i}",
                "last_name": "Example",
                "company": f"Company {i % 400}",
                "email": f"p{i}@example.com",
                "channel": rnd.choice(CHANNELS),
            }
            for i in range(contacts)
        ]
        ids = t.add_contacts(rows, source="bench").added
        events = []
        for cid in ids:
            day = start + dt.timedelta(days=rnd.randrange(span - 60))
            events.append({"contact_id": cid, "kind": "identified", "occurred_on": day})
            day += dt.timedelta(days=rnd.randrange(1, 10))
            events.append({"contact_id": cid, "kind": "outreach_sent", "occurred_on": day})
            if rnd.random() < 0.5:
                events.append({"contact_id": cid, "kind": "follow_up_sent", "occurred_on": day + dt.timedelta(days=9)})
            if rnd.random() < 0.45:
                day += dt.timedelta(days=rnd.randrange(1, 15))
                events.append({"contact_id": cid, "kind": "replied", "occurred_on": day})
                if rnd.random() < 0.8:
                    day += dt.timedelta(days=rnd.randrange(2, 10))
                    events.append({"contact_id": cid, "kind": "meeting_held", "occurred_on": day})
                    events.append(
                        {"contact_id": cid, "kind": "thank_you_sent", "occurred_on": day + dt.timedelta(days=1)}
                    )
                    if rnd.random() < 0.25:
                        events.append(
                            {"contact_id": cid, "kind": "referral_received", "occurred_on": day + dt.timedelta(days=3)}
                        )
        while len(events) < interactions:  # keep-in-touch updates fill up to the target
            cid = rnd.choice(ids)
            events.append(
                {
                    "contact_id": cid,
                    "kind": "update_sent",
                    "occurred_on": start + dt.timedelta(days=rnd.randrange(span)),
                }
            )
        t.log_many(events[:interactions])


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def floor_read(path: Path):
    import pandas as pd

    conn = sqlite3.connect(str(path))
    try:
        contacts = pd.read_sql_query("SELECT id, channel FROM contacts", conn)
        events = pd.read_sql_query("SELECT contact_id, kind, occurred_on FROM interactions", conn)
    finally:
        conn.close()
    return len(contacts) + len(events)


def open_and_metrics(path: Path):
    with Tracker(path) as t:
        ev = outcomes.events_table(t, today=TODAY)
        return ev, outcomes.all_metrics(ev)


def draw_charts(ev):
    charts = outcome_charts.all_charts(ev)
    for chart in charts.values():
        chart.png()
        chart.figure.clear()
    return charts


def make_cohort(folder: Path, learners: int, seed: int = 7) -> None:
    """1,000 summaries: the 40 committed sample learners' summaries, resampled with new ids."""
    base = sorted((ROOT / "data" / "sample" / "cohort").glob("*.json"))
    pool = [json.loads(p.read_text()) for p in base]
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(learners):
        s = dict(rnd.choice(pool))
        s["learner_id"] = f"learner-{i:05d}"
        (folder / f"{s['learner_id']}.json").write_text(json.dumps(s))


def peak_kernel_rss(notebook: Path | None, tmp: Path, floor_code: str | None = None) -> tuple[float, float]:
    """(seconds, peak RSS MiB) of one kernel running ``notebook`` (or one cell of ``floor_code``).

    The kernel run and its memory sampling are bench_curriculum's (kernel plus child processes).
    """
    import nbformat

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_curriculum import run_kernel

    if notebook is not None:
        nb, cwd = nbformat.read(notebook, as_version=4), notebook.parent
    else:
        nb, cwd = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(floor_code)]), ROOT / "notebooks"
    result = run_kernel(nb, cwd, tmp)
    if result["error"]:
        raise RuntimeError(f"{notebook or 'floor kernel'} failed: {result['error']}")
    return result["seconds"], result["peak_mib"]


FLOOR_KERNEL = (
    "import pandas, ipywidgets, matplotlib.pyplot as plt\n"
    "fig, ax = plt.subplots(); ax.plot([1, 2, 3]); plt.show()\n"
    "ipywidgets.IntSlider()"
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=5000)
    ap.add_argument("--interactions", type=int, default=100_000)
    ap.add_argument("--learners", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-notebook", action="store_true")
    args = ap.parse_args(argv)

    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="infoview-bench-outcomes-") as tmpdir:
        tmp = Path(tmpdir)
        db = tmp / "big.sqlite"
        t0 = time.perf_counter()
        make_tracker(db, args.contacts, args.interactions)
        build = time.perf_counter() - t0
        with Tracker(db) as t:
            counts = t.count()
        print(
            f"built {counts['contacts']} contacts, {counts['interactions']} interactions in {build:.1f} s", flush=True
        )

        floor_read(db)  # warm the page cache and imports alike for both sides
        open_and_metrics(db)
        t_floor, _ = timed(lambda: floor_read(db), args.repeat)
        t_metrics, (ev, _) = timed(lambda: open_and_metrics(db), args.repeat)
        t_charts, _ = timed(lambda: draw_charts(ev), args.repeat)
        rows.append(("floor: SQLite rows into pandas", f"{t_floor:.3f} s", "", ""))
        rows.append(
            (
                "open tracker + all metrics",
                f"{t_metrics:.3f} s",
                f"{t_metrics / t_floor:.1f}x floor",
                "within 3x floor: " + ("met" if t_metrics <= 3 * t_floor else "NOT met"),
            )
        )
        rows.append(("draw all 5 charts (to PNG)", f"{t_charts:.3f} s", f"{t_charts / t_floor:.1f}x floor", ""))

        cohort = tmp / "cohort"
        make_cohort(cohort, args.learners)
        t_cohort, (_, agg) = timed(lambda: write_cohort_report(cohort, tmp / "report.html"), args.repeat)
        size = (tmp / "report.html").stat().st_size / 1024
        rows.append(
            (
                f"cohort of {len(agg.summaries)} summaries: aggregate + report ({size:.0f} KiB)",
                f"{t_cohort:.3f} s",
                "",
                "under 5 s: " + ("met" if t_cohort < 5 else "NOT met"),
            )
        )

        if not args.skip_notebook:
            t_fk, rss_floor = peak_kernel_rss(None, tmp, FLOOR_KERNEL)
            t_nb, rss_nb = peak_kernel_rss(ROOT / "notebooks" / "06_tracking_outcomes.ipynb", tmp)
            rows.append(
                (
                    "floor kernel: pandas+matplotlib+ipywidgets, one plot",
                    f"{t_fk:.1f} s",
                    f"{rss_floor:.0f} MiB peak",
                    "",
                )
            )
            rows.append(
                (
                    "notebook 06 top to bottom",
                    f"{t_nb:.1f} s",
                    f"{rss_nb:.0f} MiB peak",
                    f"under 250 MiB: {'met' if rss_nb < 250 else 'NOT met'} (floor + {rss_nb - rss_floor:.0f} MiB)",
                )
            )

    widths = [max(len(r[i]) for r in rows + [("what", "time", "ratio / memory", "target")]) for i in range(4)]
    header = ("what", "time", "ratio / memory", "target")
    print()
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths)))
    print(f"\n(median of {args.repeat}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
