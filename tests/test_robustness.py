"""Robustness: the tracker never loses a learner's work, and bad input never crashes a tool.

- Crash safety: a process importing 10,000 contacts is SIGKILLed inside its transaction;
  the file stays intact and holds all of that import or none of it, and everything before it.
- Two writers: two processes log 1,000 interactions each to one file at the same moment.
- Property-based tests (hypothesis) for the contact import, the message review and the
  3B7 planner: any input gives a correct answer or a clean ValueError, never a crash.
- Bad files (``tests/bad_inputs/``): each malformed input gets its own message, and the
  tracker is unchanged afterwards.
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from infoview.tracker import SCHEMA_VERSION, Tracker

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "bad_inputs"


def _has_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return False
        raise
    return True


def _has(name: str, attr: str) -> bool:
    return _has_module(name) and hasattr(importlib.import_module(name), attr)


# --------------------------------------------------------------------------- helpers
def seed(path: Path) -> None:
    """A small tracker with every kind of stored thing, so a later loss would show."""
    t = Tracker(path)
    try:
        ada = t.add_contact(first_name="Ada", last_name="Byron", company="Analytical Ltd", channel="alumni",
                            url="https://www.linkedin.com/in/ada-byron-example", email="ada@example.com")
        bo = t.add_contact(first_name="Bo", last_name="Chen", company="Acme, Inc.", position="Data lead",
                           channel="warm", cadence_days=90)
        t.add_contact(first_name="Cy", last_name="Diaz", channel="event", connected_on="2025-11-02")
        t.log(ada, "outreach_sent", on="2026-01-05", detail="short note, asked for 20 minutes")
        t.log(ada, "replied", on="2026-01-07")
        t.log(bo, "identified", on="2026-01-06")
        t.add_note(ada, "meeting_notes", {
            "meeting_on": "2026-01-14", "insights": "Teams hire from internships", "advice": "Learn SQL",
            "resources": "a newsletter", "names_suggested": ["Dee Ng"],
            "promised": [{"text": "send the article", "due": "2026-01-16"}], "offered": "an intro"})
        t.add_note(None, "objectives", {"objectives": ["What does a typical week look like?"]})
        t.save_target("Analytical Ltd", advocacy=1, motivation=3, posting=2)
        t.set_setting("thank_you_hours", 24)
    finally:
        t.close()


def table_rows(path: Path) -> dict[str, dict[int, tuple]]:
    """Every row of every table, keyed by id (read without changing the file)."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out: dict[str, dict[int, tuple]] = {}
        for table in tables:
            cur = con.execute(f"SELECT rowid, * FROM {table}")
            out[table] = {row[0]: tuple(row[1:]) for row in cur}
        return out
    finally:
        con.close()


def dump(path: Path) -> list[str]:
    """A full SQL dump plus the schema version and application id: equal dumps, equal data."""
    con = sqlite3.connect(path)
    try:
        head = [f"user_version={con.execute('PRAGMA user_version').fetchone()[0]}",
                f"application_id={con.execute('PRAGMA application_id').fetchone()[0]}"]
        return head + list(con.iterdump())
    finally:
        con.close()


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def child_env(db: Path) -> dict[str, str]:
    env = dict(os.environ, INFOVIEW_DB=str(db), INFOVIEW_TODAY="2026-03-16", PYTHONPATH=str(ROOT))
    env.pop("INFOVIEW_CONTENT", None)
    return env


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the child exited ({proc.returncode}) before {path.name} appeared:\n{out}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{path.name} did not appear within {timeout} s")
        time.sleep(0.002)


# ----------------------------------------------------------------------- crash safety
N_IMPORT = 10_000

# The child imports N_IMPORT contacts in one call. When the import is half done it writes
# the marker file (from inside the transaction) and then sleeps (`pause` seconds) or goes on
# at full speed (`race`: the kill lands wherever it lands). A tiny page cache makes SQLite
# spill uncommitted pages into the WAL file first, so the kill leaves real debris behind.
CRASH_CHILD = textwrap.dedent(r'''
    import sys, time, pathlib
    import infoview.tracker as T

    db, marker, mode, n, pause = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    state = {"calls": 0}
    original = T.Tracker._insert_contact

    def insert(self, conn, row):
        state["calls"] += 1
        if state["calls"] == 1:
            conn.execute("PRAGMA cache_size = 8")
        if state["calls"] == n // 2:
            marker.write_text("inside the import transaction")
            time.sleep(pause)
        return original(self, conn, row)

    T.Tracker._insert_contact = insert
    if mode == "api":
        rows = ({"first_name": f"Crash{i:05d}", "last_name": "Test", "company": f"Firm {i % 97}",
                 "url": f"https://www.linkedin.com/in/crash-{i:05d}-example", "connected_on": "2025-06-01"}
                for i in range(n))
        t = T.Tracker(db)
        t.add_contacts(rows, source="crash-test")
        print("committed")
    else:
        from infoview.cli import main
        code = main(["import-contacts", sys.argv[6], "--db", db])
        print("committed" if code == 0 else f"exit {code}")
        sys.exit(code)
''')


def _connections_csv(path: Path, n: int) -> None:
    """A LinkedIn-format Connections.csv (2024: preamble, URL column) of n fictional people."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        fh.write('Notes:\n"When exporting your connection data, you may notice that some of the email '
                 'addresses are missing. You will only see email addresses for connections who have '
                 'allowed their connections to see or download it."\n\n')
        w = csv.writer(fh)
        w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for i in range(n):
            w.writerow([f"Crash{i:05d}", "Test", f"https://www.linkedin.com/in/crash-{i:05d}-example", "",
                        f"Firm {i % 97}, Inc.", "Analyst", "01 Jun 2025"])


def _run_crash(tmp_path: Path, mode: str, pause: float) -> tuple[Path, dict, int]:
    db = tmp_path / "tracker.sqlite"
    seed(db)
    before = table_rows(db)
    marker = tmp_path / "inside.marker"
    script = tmp_path / "crash_child.py"
    script.write_text(CRASH_CHILD)
    args = [sys.executable, str(script), str(db), str(marker), mode, str(N_IMPORT), str(pause)]
    if mode == "cli":
        csv_path = tmp_path / "Connections.csv"
        _connections_csv(csv_path, N_IMPORT)
        args.append(str(csv_path))
    proc = subprocess.Popen(args, env=child_env(db), cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    wait_for(marker, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the child finished before it could be killed"
    return db, before, N_IMPORT


def _check_after_crash(db: Path, before: dict) -> int:
    assert integrity(db) == "ok"
    after = table_rows(db)
    for table, rows in before.items():
        for rowid, row in rows.items():
            assert after[table].get(rowid) == row, f"{table} row {rowid} changed after the crash"
    new_rows = {t: set(after[t]) - set(before.get(t, {})) for t in after}
    assert all(not ids for t, ids in new_rows.items() if t != "contacts"), new_rows
    imported = [after["contacts"][i] for i in new_rows["contacts"]]
    assert all(row[0].startswith("Crash") for row in imported)
    assert len(imported) in (0, N_IMPORT), f"a partial import survived: {len(imported)} of {N_IMPORT} rows"
    # And the file is still a working tracker.
    t = Tracker(db)
    try:
        t.add_contact(first_name="After", last_name="Crash")
        assert t.count()["contacts"] == len(before["contacts"]) + len(imported) + 1
    finally:
        t.close()
    return len(imported)


@pytest.mark.slow
@pytest.mark.parametrize("pause", [60.0, 0.0], ids=["killed-while-paused", "killed-at-full-speed"])
def test_killed_import_keeps_all_or_nothing(tmp_path, pause):
    db, before, _ = _run_crash(tmp_path, "api", pause)
    kept = _check_after_crash(db, before)
    if pause:
        assert kept == 0, "the kill came inside the transaction, so nothing of the import may remain"


@pytest.mark.slow
@pytest.mark.skipif(not _has_module("infoview.contacts"),
                    reason="infoview.contacts (stage 1, `infoview import-contacts`) has not landed yet")
@pytest.mark.parametrize("pause", [60.0, 0.0], ids=["killed-while-paused", "killed-at-full-speed"])
def test_killed_cli_import_keeps_all_or_nothing(tmp_path, pause):
    db, before, _ = _run_crash(tmp_path, "cli", pause)
    kept = _check_after_crash(db, before)
    if pause:
        assert kept == 0


# ------------------------------------------------------------------------ two writers
WRITER_CHILD = textwrap.dedent(r'''
    import json, pathlib, sys, time
    from infoview.tracker import Tracker

    db, name, contact_id, ready, go, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4]), pathlib.Path(sys.argv[5]), int(sys.argv[6])
    t = Tracker(db)
    ready.write_text("ready")
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.0005)
    errors = []
    started = time.perf_counter()
    for i in range(n):
        try:
            t.log(contact_id, "outreach_sent" if i % 2 else "follow_up_sent", on="2026-03-02", detail=f"{name}-{i}")
        except Exception as exc:  # every failure counts
            errors.append(f"{type(exc).__name__}: {exc}")
    print(json.dumps({"errors": len(errors), "first": errors[:3], "seconds": time.perf_counter() - started}))
    sys.exit(1 if errors else 0)
''')


@pytest.mark.slow
def test_two_processes_log_at_once(tmp_path):
    db = tmp_path / "tracker.sqlite"
    seed(db)
    before = table_rows(db)
    t = Tracker(db)
    a = t.add_contact(first_name="Writer", last_name="A")
    b = t.add_contact(first_name="Writer", last_name="B")
    t.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER_CHILD)
    go = tmp_path / "go"
    procs = []
    for name, cid in (("A", a), ("B", b)):
        ready = tmp_path / f"ready-{name}"
        procs.append((subprocess.Popen(
            [sys.executable, str(script), str(db), name, str(cid), str(ready), str(go), "1000"],
            env=child_env(db), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), ready))
    for proc, ready in procs:
        wait_for(ready, proc)
    go.write_text("go")  # both start together
    reports = []
    for proc, _ in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"a writer saw errors: {out} {err}"
        reports.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["errors"] for r in reports] == [0, 0]
    assert integrity(db) == "ok"
    con = sqlite3.connect(db)
    details = [r[0] for r in con.execute("SELECT detail FROM interactions WHERE detail LIKE 'A-%' OR detail LIKE 'B-%'")]
    con.close()
    assert len(details) == 2000
    assert sorted(details) == sorted([f"A-{i}" for i in range(1000)] + [f"B-{i}" for i in range(1000)])
    after = table_rows(db)
    for table, rows in before.items():
        for rowid, row in rows.items():
            assert after[table][rowid] == row


FIRST_OPEN_CHILD = textwrap.dedent(r'''
    import pathlib, sys, time
    go = pathlib.Path(sys.argv[2])
    pathlib.Path(sys.argv[3]).write_text("ready")
    while not go.exists():
        time.sleep(0.0005)
    from infoview.tracker import Tracker
    try:
        t = Tracker(sys.argv[1])
        t.add_contact(first_name="First", last_name=sys.argv[4])
    except Exception as exc:
        print(f"{type(exc).__name__}: {exc}")
        sys.exit(1)
    print("ok")
''')


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason="Tracker._migrate checks the schema version outside its write transaction, "
                   "so two first opens both create the tables (fix requested in /tmp/requests-robustness.md)")
def test_two_notebooks_create_the_tracker_at_once(tmp_path):
    """Two kernels opening a tracker that does not exist yet: both work, one schema."""
    for attempt in range(5):
        db = tmp_path / f"fresh-{attempt}.sqlite"
        script = tmp_path / "first_open.py"
        script.write_text(FIRST_OPEN_CHILD)
        go = tmp_path / f"go-{attempt}"
        procs = []
        for name in ("A", "B"):
            ready = tmp_path / f"ready-{attempt}-{name}"
            procs.append((subprocess.Popen([sys.executable, str(script), str(db), str(go), str(ready), name],
                                           env=child_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                           text=True), ready))
        for proc, ready in procs:
            wait_for(ready, proc)
        go.write_text("go")
        outs = [p.communicate(timeout=60) for p, _ in procs]
        assert [p.returncode for p, _ in procs] == [0, 0], outs
        t = Tracker(db)
        assert t.schema_version() == SCHEMA_VERSION
        assert t.count()["contacts"] == 2
        t.close()
