"""How long a checked restore takes, against a bare copy of the same backup file.

    .venv/bin/python benchmarks/bench_restore.py [--contacts 10000] [--events-per-contact 10] [--repeat 3]

Times ``check_backup`` (schema, integrity, foreign keys, value types) and the whole
``Tracker.restore`` into a tracker that holds data (so a safety copy is made, the rows are
copied table by table into a fresh file and swapped in), and, in the same run, a floor:
SQLite's online backup of the same file into an empty one. Prints the medians and the ratio;
it asserts nothing about time. The data is synthetic and lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infoview import backup_check  # noqa: E402
from infoview.backup_check import check_backup  # noqa: E402
from infoview.tracker import Tracker  # noqa: E402


def make_backup(folder: Path, contacts: int, per_contact: int) -> Path:
    with Tracker(folder / "source.sqlite") as t:
        ids = t.add_contacts(
            [
                {
                    "first_name": f"Person {i}",
                    "company": f"Company {i % 300}",
                    "url": f"https://www.linkedin.com/in/person-{i}-example",
                }
                for i in range(contacts)
            ]
        ).added
        t.log_many({"contact_id": c, "kind": "outreach_sent", "occurred_on": "2026-01-05"} for c in ids * per_contact)
        t.add_note(None, "question_list", {"minutes": 20})
        return t.backup(folder / "backup.sqlite")


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--events-per-contact", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        backup = make_backup(folder, args.contacts, args.events_per_contact)

        def floor():
            dest = sqlite3.connect(folder / "floor.sqlite")
            src = sqlite3.connect(backup)
            src.backup(dest)
            src.close(), dest.close()

        def restore():
            with Tracker(folder / "tracker.sqlite") as t:
                if not t.count()["contacts"]:
                    t.add_contact(first_name="Someone")
                backup_check.restore(t, backup, safety_dir=folder / "safety")

        f = median_time(floor, args.repeat)
        c = median_time(lambda: check_backup(backup), args.repeat)
        r = median_time(restore, args.repeat)
    print(f"backup of {args.contacts:,} contacts and {args.contacts * args.events_per_contact:,} interactions")
    print(f"{'measure':<44}{'median':>10}{'ratio to floor':>16}")
    print(f"{'floor: SQLite online backup of the file':<44}{f:>9.3f}s{1:>15.1f}x")
    print(f"{'check_backup (schema, integrity, values)':<44}{c:>9.3f}s{c / f:>15.1f}x")
    print(f"{'restore (check, safety copy, copy, swap)':<44}{r:>9.3f}s{r / f:>15.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
