"""How fast a 10,000-row LinkedIn Connections.csv goes into a fresh tracker file.

    .venv/bin/python benchmarks/bench_import.py [--rows 10000] [--repeat 5]

Times ``read_linkedin`` + ``Tracker.add_contacts`` (duplicate checks, one transaction), the
whole ``import_contacts`` (what the CLI and the notebook's loader run: also guesses channels) and,
in the same run, a floor: ``csv.reader`` over the same file plus a bare ``executemany``
insert of the same rows into a fresh SQLite file with the same WAL settings. Prints a
table with the median of the repeats; it asserts nothing about time. The file is synthetic
(fictional names, example.com addresses) and lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infoview.contacts import import_contacts, read_linkedin  # noqa: E402
from infoview.tracker import Tracker  # noqa: E402

FIRST = ["Ada", "Alan", "Grace", "Zoë", "Kwame", "Mei", "Ravi", "Sofia", "Tomás", "Yuki", "Amara", "Lars"]
LAST = ["Byron", "Turing", "Hopper", "Núñez", "Mensah", "Chen", "Iyer", "Rossi", "García", "Sato", "Okafor", "Berg"]
COMPANIES = [
    "Acme, Inc.",
    "Northwind Traders",
    "Contoso Analytics",
    "Fabrikam",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Wayne Civic Labs",
    "Stark Energy",
    "Tyrell Bio",
]
POSITIONS = ["Data Analyst", "Product Manager", 'Lead "Platform" Engineer', "UX Researcher", "Recruiter"]


def make_connections(path: Path, rows: int, seed: int = 1) -> None:
    """A LinkedIn-2024-style export: preamble, URL column, quoted commas, a few hidden rows."""
    rnd = random.Random(seed)
    start = dt.date(2015, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
            'are missing."\n\n'
        )
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for i in range(rows):
            when = (start + dt.timedelta(days=rnd.randrange(4000))).strftime("%d %b %Y")
            if i % 200 == 199:
                w.writerow(["", "", "", "", "", "", when])  # a hidden profile
                continue
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            email = f"{first.lower()}.{i}@example.com" if i % 10 == 0 else ""
            w.writerow(
                [
                    first,
                    last,
                    f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i}",
                    email,
                    rnd.choice(COMPANIES),
                    rnd.choice(POSITIONS),
                    when,
                ]
            )


def run_infoview(csv_path: Path, db: Path) -> int:
    df = read_linkedin(csv_path)
    with Tracker(db) as t:
        result = t.add_contacts(df, source="linkedin")
    return len(result.added)


def run_import_contacts(csv_path: Path, db: Path) -> int:
    """What ``infoview import-contacts`` and the notebook's loader do: read, guess channels, add."""
    with Tracker(db) as t:
        _, result = import_contacts(csv_path, t)
    return len(result.added)


def run_floor(csv_path: Path, db: Path) -> int:
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[4:]
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE contacts (first_name TEXT, last_name TEXT, url TEXT, email TEXT, company TEXT, "
        "position TEXT, connected_on TEXT)"
    )
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO contacts VALUES (?,?,?,?,?,?,?)", rows)
    conn.execute("COMMIT")
    conn.close()
    return len(rows)


def timed(fn, csv_path: Path, folder: Path, tag: str, repeat: int) -> tuple[float, int]:
    times, n = [], 0
    for k in range(repeat):
        db = folder / f"{tag}-{k}.sqlite"
        t0 = time.perf_counter()
        n = fn(csv_path, db)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="infoview-bench-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "Connections.csv"
        make_connections(csv_path, args.rows)
        size_kb = csv_path.stat().st_size / 1024
        read_only = statistics.median(_time(lambda: read_linkedin(csv_path)) for _ in range(args.repeat))
        ours, added = timed(run_infoview, csv_path, folder, "infoview", args.repeat)
        full, _ = timed(run_import_contacts, csv_path, folder, "import", args.repeat)
        floor, floor_rows = timed(run_floor, csv_path, folder, "floor", args.repeat)
    print(f"{args.rows:,} rows ({size_kb:,.0f} KB), median of {args.repeat} runs, Python {sys.version.split()[0]}")
    print(f"{'step':<44}{'seconds':>9}{'rows/s':>11}{'x floor':>9}")
    for label, secs, n in (
        ("floor: csv.reader + bare executemany", floor, floor_rows),
        ("read_linkedin only", read_only, added),
        ("read_linkedin + Tracker.add_contacts", ours, added),
        ("import_contacts (+ channel guesses)", full, added),
    ):
        print(f"{label:<44}{secs:>9.3f}{n / secs:>11,.0f}{secs / floor:>9.1f}")
    print(f"contacts added: {added:,} (hidden-profile rows left out: {args.rows - added:,})")
    return 0


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
