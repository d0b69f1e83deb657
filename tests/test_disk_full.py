"""A full disk during an import, a backup or a restore leaves the tracker as it was and says so in
one sentence. Two ways to fill a disk: a file-size limit (RLIMIT_FSIZE) in a child process, which
works everywhere on Linux, and a tiny tmpfs when this machine lets root mount one."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from infoview.cli import main as cli_main
from infoview.tracker import Tracker

resource = pytest.importorskip("resource")

CHILD = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    from infoview.cli import main
    sys.exit(main(sys.argv[2:]))
""")


def everything(db: Path) -> dict:
    with Tracker(db) as t:
        return {
            name: [tuple(r) for r in t.conn.execute(f"SELECT * FROM {name} ORDER BY rowid")]
            for name in ("contacts", "interactions", "notes", "targets", "settings")
        }


def big_csv(path: Path, n: int = 4000) -> Path:
    rows = "".join(
        f"Person{i},Example,https://www.linkedin.com/in/p{i}-example,,Company {i % 97},Analyst,30 May 2024\n"
        for i in range(n)
    )
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows)
    return path


def seeded(db: Path, n: int = 3) -> Path:
    with Tracker(db) as t:
        for i in range(n):
            cid = t.add_contact(first_name=f"Kept{i}", company="Co", channel="warm")
            t.log(cid, "outreach_sent", on="2026-03-02")
        t.save_target("Co", advocacy=2)
        t.set_setting("weekly_goal", 4)
        t.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def big_backup(folder: Path) -> Path:
    db = folder / "big.sqlite"
    with Tracker(db) as t:
        t.add_contacts(
            [{"first_name": f"B{i}", "company": "Big Co", "url": f"https://x.example/{i}"} for i in range(4000)]
        )
        return t.backup(folder / "big-backup.sqlite")


def run_limited(limit: int, argv: list[str], cwd: Path) -> tuple[int, str]:
    env = {**os.environ, "INFOVIEW_DB": str(cwd / "unused.sqlite")}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(limit), *argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )
    return proc.returncode, proc.stderr


def assert_one_sentence(err: str, *phrases: str) -> None:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for phrase in phrases:
        assert phrase in err, err


LIMIT = 200_000  # bytes per file: the seeded tracker fits, 4000 more contacts do not


def test_an_import_that_fills_the_disk_keeps_the_tracker_as_it_was(tmp_path):
    db = seeded(tmp_path / "t.sqlite")
    before = everything(db)
    code, err = run_limited(
        LIMIT, ["import-contacts", str(big_csv(tmp_path / "Connections.csv")), "--db", str(db)], tmp_path
    )
    assert code == 2
    assert_one_sentence(err, "infoview import-contacts: ", "Your tracker is as it was")
    assert everything(db) == before
    with Tracker(db) as t:
        assert t.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_backup_that_fills_the_disk_leaves_no_half_file_and_the_tracker_whole(tmp_path):
    db = tmp_path / "t.sqlite"
    with Tracker(db) as t:
        t.add_contacts([{"first_name": f"P{i}", "company": "Co"} for i in range(4000)])
    before = everything(db)
    code, err = run_limited(LIMIT, ["backup", str(tmp_path / "backups" / "b.sqlite"), "--db", str(db)], tmp_path)
    assert code == 2
    assert_one_sentence(
        err, "The disk is full", "could not be written, and nothing of it was kept", "Your tracker is unchanged"
    )
    assert list((tmp_path / "backups").iterdir()) == []
    assert everything(db) == before


def test_a_restore_that_fills_the_disk_keeps_the_tracker_as_it_was(tmp_path):
    backup = big_backup(tmp_path)
    db = seeded(tmp_path / "t.sqlite")
    before = everything(db)
    code, err = run_limited(LIMIT, ["restore", str(backup), "--db", str(db)], tmp_path)
    assert code == 2
    assert_one_sentence(err, "The disk is full", "the restore stopped and your tracker is as it was")
    assert everything(db) == before
    assert not list(tmp_path.glob("*.partial"))


def test_a_restore_whose_safety_copy_fills_the_disk_restores_nothing(tmp_path):
    db = tmp_path / "t.sqlite"
    with Tracker(db) as t:
        t.add_contacts([{"first_name": f"P{i}", "company": "Co"} for i in range(4000)])
    before = everything(db)
    small = Tracker(tmp_path / "s.sqlite").backup(tmp_path / "small.sqlite")
    code, err = run_limited(LIMIT, ["restore", str(small), "--db", str(db)], tmp_path)
    assert code == 2
    assert_one_sentence(
        err, "nothing was restored, because the safety copy of your data could not be made", "The disk is full"
    )
    assert everything(db) == before


# ------------------------------------------------------------- a really full disk
@pytest.fixture
def tiny_disk(tmp_path):
    where = tmp_path / "disk"
    where.mkdir()
    if (
        os.geteuid() != 0
        or shutil.which("mount") is None
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True
        ).returncode
    ):
        pytest.skip("cannot mount a 1 MB tmpfs here (needs root); the RLIMIT_FSIZE tests above cover a full disk")
    yield where
    subprocess.run(["umount", str(where)], check=False)


def _fill(folder: Path, leave: int) -> None:
    free = shutil.disk_usage(folder).free
    with open(folder / "filler", "ab") as fh:
        with contextlib.suppress(OSError):
            fh.write(b"\0" * max(0, free - leave))


def _cli(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(argv)
    return code, err.getvalue()


def test_import_backup_and_restore_on_a_full_tmpfs(tmp_path, tiny_disk):
    db = seeded(tiny_disk / "t.sqlite")
    before = everything(db)
    backup = big_backup(tmp_path)
    _fill(tiny_disk, 64_000)
    code, err = _cli(["import-contacts", str(big_csv(tmp_path / "Connections.csv")), "--db", str(db)])
    assert code == 2 and "disk is full" in err.lower() and "Traceback" not in err, err
    assert everything(db) == before
    _fill(tiny_disk, 0)
    code, err = _cli(["followups", "--db", str(db)])  # not even room to open it: said, not a traceback
    assert code == 2 and "could not be opened, as SQLite needs a little room" in err, err
    (tiny_disk / "filler").unlink()
    _fill(tiny_disk, 40_000)  # room to open the tracker, not to copy it
    code, err = _cli(["backup", str(tiny_disk / "b.sqlite"), "--db", str(db)])
    assert code == 2 and "nothing of it was kept" in err, err
    assert not list(tiny_disk.glob("b.sqlite*"))
    (tiny_disk / "filler").unlink()
    # room for the safety copy (twice the tracker: the copy and its journal), not for the restored
    # data; measured from the tracker, so a migration that adds a table does not change the test
    _fill(tiny_disk, 2 * db.stat().st_size + 24_000)
    code, err = _cli(["restore", str(backup), "--db", str(db)])
    assert code == 2 and "your tracker is as it was" in err, err
    assert everything(db) == before
