"""Restore treats the backup file as untrusted: it is checked against the schema a fresh tracker
has (derived from the migrations), refused with a named reason, and never loses data."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from infoview import backup_check
from infoview.cli import main as cli_main
from infoview.tracker import SCHEMA_VERSION, Tracker, TrackerError


def everything(t: Tracker) -> dict:
    """Every row of every table, read from the file's own schema."""
    return {
        name: [tuple(r) for r in t.conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')]
        for name in backup_check.stored_tables(t.conn)
    }


def seed(t: Tracker) -> None:
    cid = t.add_contact(first_name="Ada", last_name="Byron", company="Analytical Ltd", channel="alumni")
    t.log(cid, "outreach_sent", on="2026-01-05")
    t.add_note(cid, "meeting_notes", {"advice": "Learn SQL"}, on="2026-01-12")
    t.save_target("Analytical Ltd", advocacy=2)
    t.set_setting("weekly_goal", 5)


def backup_with(tmp_path: Path, *statements: str, version: int | None = None, name: str = "upload.sqlite") -> Path:
    """A real backup of a seeded tracker, then changed by ``statements`` (as a hostile or careless hand would)."""
    t = Tracker(tmp_path / "source.sqlite")
    seed(t)
    out = t.backup(tmp_path / name)
    t.close()
    con = sqlite3.connect(out)
    con.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        con.execute(statement)
    if version is not None:
        con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    return out


HOSTILE = [
    (
        ["CREATE TRIGGER wipe AFTER INSERT ON interactions BEGIN DELETE FROM contacts; END"],
        "it contains a trigger (wipe on interactions)",
    ),
    (["CREATE VIEW everyone AS SELECT * FROM contacts"], "it contains a view (everyone)"),
    (["CREATE TABLE stolen (secret TEXT)"], "table(s) infoview does not use (stolen)"),
    (
        ["DROP TABLE notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, text TEXT)"],
        "its notes table has column(s) infoview does not use (title, text)",
    ),
    (["ALTER TABLE notes DROP COLUMN updated_at"], "its notes table lacks the column(s) updated_at"),
    (["ALTER TABLE contacts ADD COLUMN extra TEXT"], "its contacts table has column(s) infoview does not use (extra)"),
    (
        ["DROP TABLE settings", "CREATE TABLE settings (key TEXT PRIMARY KEY, value BLOB NOT NULL)"],
        "the column settings.value is declared BLOB, not TEXT",
    ),
    (
        ["DROP TABLE settings", "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)"],
        "the column settings.value has other constraints",
    ),
    (
        [
            "DROP TABLE settings",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL CHECK (length(value) < 3))",
        ],
        "its settings table is defined with other rules",
    ),
    (["DROP TABLE targets"], "it lacks infoview's table(s) targets"),
    (["CREATE INDEX snoop ON contacts(email)"], "an index infoview does not create (snoop on contacts)"),
    (["DROP INDEX contacts_url"], "its index contacts_url is missing"),
    (
        [
            "INSERT INTO interactions (contact_id, kind, occurred_on, created_at) VALUES (99, 'replied', '2026-01-01', 'x')"
        ],
        "1 row(s) in interactions point at a contacts row that is not in it",
    ),
    (["UPDATE notes SET body = '{not json'"], "notes.body are not the JSON infoview writes"),
    (
        ["UPDATE interactions SET occurred_on = '05/01/2026'"],
        "interactions.occurred_on are not dates written YYYY-MM-DD",
    ),
    (["UPDATE contacts SET first_name = x'00ff'"], "contacts.first_name are not of its type TEXT"),
    (["UPDATE contacts SET cadence_days = 'weekly'"], "contacts.cadence_days are not of its type INTEGER"),
]


@pytest.mark.parametrize("statements, reason", HOSTILE, ids=[r[:40] for _, r in HOSTILE])
def test_restore_refuses_a_changed_backup_naming_what_it_found(tmp_path, statements, reason):
    bad = backup_with(tmp_path, *statements)
    dest = Tracker(tmp_path / "dest.sqlite")
    seed(dest)
    dest.add_contact(first_name="Grace")
    before = everything(dest)
    with pytest.raises(TrackerError) as info:
        backup_check.restore(dest, bad)
    message = str(info.value)
    assert reason in message
    assert message.startswith("upload.sqlite cannot be restored: ") and message.count(". ") == 0  # one sentence
    assert everything(dest) == before
    assert not (tmp_path / "backups").exists()  # refused before anything was written


def test_restore_refuses_a_newer_version_and_a_version_without_tables(tmp_path):
    dest = Tracker(tmp_path / "dest.sqlite")
    with pytest.raises(TrackerError, match=rf"made by a newer infoview \(schema {SCHEMA_VERSION + 1}"):
        backup_check.restore(dest, backup_with(tmp_path, version=SCHEMA_VERSION + 1))
    with pytest.raises(TrackerError, match=r"holds no tracker \(schema 0\)"):
        backup_check.restore(dest, backup_with(tmp_path, version=0, name="zero.sqlite"))


def test_restore_refuses_a_damaged_file(tmp_path):
    good = backup_with(tmp_path)
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page : page + 12] = b"\x07" * 12  # page 2 (the contacts table) no longer has a valid b-tree header
    good.write_bytes(bytes(data))
    dest = Tracker(tmp_path / "dest.sqlite")
    with pytest.raises(
        TrackerError, match="upload.sqlite (is damaged|is not a readable infoview backup|cannot be restored)"
    ):
        backup_check.restore(dest, good)


def test_the_expected_schema_is_what_a_fresh_tracker_has(tmp_path):
    t = Tracker(tmp_path / "fresh.sqlite")
    assert backup_check.schema_of(t.conn) == backup_check.expected_schema(SCHEMA_VERSION)
    # and a plain backup of it passes every check
    assert backup_check.check_backup(t.backup(tmp_path / "b.sqlite"))["schema_version"] == SCHEMA_VERSION


def test_a_trigger_in_a_backup_cannot_delete_contacts_later(tmp_path):
    """The attack from the issue: restored, the trigger emptied the contacts on the next logged reply."""
    bad = backup_with(tmp_path, "CREATE TRIGGER t AFTER INSERT ON interactions BEGIN DELETE FROM contacts; END")
    dest = Tracker(tmp_path / "dest.sqlite")
    cid = dest.add_contact(first_name="Grace")
    with pytest.raises(TrackerError):
        backup_check.restore(dest, bad)
    dest.log(cid, "replied", on="2026-01-09")
    assert dest.count()["contacts"] == 1
    assert not dest.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]


@pytest.mark.parametrize(
    "fill",
    [
        lambda t: t.save_target("Analytical Ltd", advocacy=3),
        lambda t: t.set_setting("weekly_goal", 9),
        lambda t: t.add_note(None, "question_list", {"minutes": 20}),
    ],
    ids=["targets only", "settings only", "a general note only"],
)
def test_restore_makes_a_safety_copy_whenever_the_tracker_holds_anything(tmp_path, fill, capsys):
    backup = Tracker(tmp_path / "other.sqlite").backup(tmp_path / "b.sqlite")  # an empty tracker's backup
    db = tmp_path / "dest.sqlite"
    dest = Tracker(db)
    fill(dest)
    before = everything(dest)
    dest.close()
    assert cli_main(["restore", str(backup), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    safety = Path(out.split("saved first to ")[1].split()[0].rstrip("."))
    assert safety.is_file() and safety.parent == tmp_path / "backups"
    kept = Tracker(safety)
    assert everything(kept) == before
    assert not any(everything(Tracker(db)).values())


def test_the_safety_copy_covers_a_table_added_by_a_later_migration(tmp_path, monkeypatch):
    from infoview import tracker as tracker_module

    step = "CREATE TABLE future_table_from_a_later_step (id INTEGER PRIMARY KEY, exercise TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)"
    monkeypatch.setattr(tracker_module, "MIGRATIONS", [*tracker_module.MIGRATIONS, step])
    monkeypatch.setattr(tracker_module, "SCHEMA_VERSION", len(tracker_module.MIGRATIONS))
    backup = Tracker(tmp_path / "other.sqlite").backup(tmp_path / "b.sqlite")
    dest = Tracker(tmp_path / "dest.sqlite")
    dest.conn.execute("INSERT INTO future_table_from_a_later_step (exercise, done) VALUES ('kept', 1)")
    safety = backup_check.restore(dest, backup, safety_dir=tmp_path / "safety")
    assert safety is not None
    assert [tuple(r) for r in Tracker(safety).conn.execute("SELECT exercise FROM future_table_from_a_later_step")] == [
        ("kept",)
    ]


def test_restore_into_an_empty_tracker_needs_no_safety_copy_and_keeps_everything(tmp_path):
    src = Tracker(tmp_path / "src.sqlite")
    seed(src)
    backup = src.backup(tmp_path / "b.sqlite")
    dest = Tracker(tmp_path / "dest.sqlite")
    assert backup_check.restore(dest, backup) is None
    assert everything(dest) == everything(src)
    assert dest.setting("weekly_goal") == 5 and dest.target_list()[0]["employer"] == "Analytical Ltd"
    # the restored file is a clean tracker: it passes the same check a backup must pass
    assert backup_check.check_backup(dest.backup(tmp_path / "again.sqlite"))["contacts"] == 1
    assert not list(tmp_path.glob("*.partial"))


def test_restore_leaves_no_side_files_beside_the_upload(tmp_path):
    backup = backup_with(tmp_path)
    backup_check.restore(Tracker(tmp_path / "dest.sqlite"), backup)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("upload")) == ["upload.sqlite"]


_CRASH = textwrap.dedent(
    """
    import os, sys
    from infoview import backup_check, tracker
    point = sys.argv[3]
    if point == "mid-copy":
        real = backup_check._copy_table
        calls = []
        def dying(*a, **k):
            calls.append(1)
            if len(calls) == 3:
                os._exit(9)
            real(*a, **k)
        backup_check._copy_table = dying
    elif point == "after-safety-copy":
        real_backup = tracker.backup
        def dying_backup(*a, **k):
            out = real_backup(*a, **k)
            os._exit(9)
        tracker.backup = dying_backup
    elif point == "before-swap":
        real_fresh = backup_check.fresh_copy
        def dying_fresh(*a, **k):
            real_fresh(*a, **k)
            os._exit(9)
        backup_check.fresh_copy = dying_fresh
    t = tracker.Tracker(sys.argv[1])
    backup_check.restore(t, sys.argv[2])
    """
)


@pytest.mark.parametrize("point", ["after-safety-copy", "mid-copy", "before-swap"])
def test_a_crash_during_restore_leaves_the_old_tracker_whole(tmp_path, point):
    backup = backup_with(tmp_path)
    db = tmp_path / "dest.sqlite"
    dest = Tracker(db)
    dest.add_contact(first_name="Grace", last_name="Hopper")
    dest.set_setting("weekly_goal", 3)
    before = everything(dest)
    dest.close()
    proc = subprocess.run([sys.executable, "-c", _CRASH, str(db), str(backup), point], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    after = Tracker(db)
    assert everything(after) == before
    after.add_contact(first_name="Still", last_name="Writable")


def test_a_killed_restore_leaves_the_old_or_the_new_tracker_never_a_mix(tmp_path):
    """SIGKILL at moments spread over a restore (this process keeps the tracker open too, as a
    second notebook would): each time the file opens whole, holding the old data or the new."""
    big = Tracker(tmp_path / "big.sqlite")
    ids = [big.add_contact(first_name=f"P{i}", company="Co") for i in range(3000)]
    big.log_many({"contact_id": c, "kind": "outreach_sent", "occurred_on": "2026-01-05"} for c in ids)
    backup = big.backup(tmp_path / "big-backup.sqlite")
    big.close()
    empty_backup = Tracker(tmp_path / "small.sqlite").backup(tmp_path / "small-b.sqlite")
    db = tmp_path / "dest.sqlite"
    holder = Tracker(db)  # another notebook with the tracker open
    holder.add_contact(first_name="Grace")
    old_state = everything(holder)
    new_state = None
    script = (
        "import sys; from infoview import backup_check; from infoview.tracker import Tracker; t = Tracker(sys.argv[1]); print('go', flush=True); "
        "backup_check.restore(t, sys.argv[2])"
    )
    outcomes = []
    for delay in (0.0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.5):
        proc = subprocess.Popen([sys.executable, "-c", script, str(db), str(backup)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline() == "go\n"
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        reader = Tracker(db)
        state = everything(reader)
        reader.close()
        assert everything(holder) == state
        if new_state is None and state != old_state:
            new_state = everything(Tracker(backup))
        assert state in (old_state, new_state)
        outcomes.append("new" if state != old_state else "old")
        if state != old_state:  # back to the old data for the next try
            backup_check.restore(holder, empty_backup, safety_dir=tmp_path / "safety")
            holder.add_contact(first_name="Grace")
            old_state = everything(holder)
    assert "new" in outcomes  # the last try, at least, had time to finish


def test_restore_message_says_where_the_safety_copy_is_in_the_view(tmp_path):
    from infoview.views.start import BackupRestore

    src = Tracker(tmp_path / "src.sqlite")
    seed(src)
    backup = src.backup(tmp_path / "b.sqlite")
    dest = Tracker(tmp_path / "dest.sqlite")
    dest.save_target("Only A Target")
    panel = BackupRestore(tracker=dest, backups_dir=tmp_path / "saved")
    content = backup.read_bytes()
    panel.upload.value = (
        {
            "name": "b.sqlite",
            "type": "",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2026, 3, 16, tzinfo=dt.timezone.utc),
        },
    )
    panel.restore_button.click()
    text = panel.notice.text
    assert panel.notice.kind == "ok", text
    assert "Your previous data was saved first as before-restore-" in text and str(tmp_path / "saved") in text


# --- the schema is derived from the migrations, so a table a later step adds is checked too
# (issue 15's roleplay_scores, schema 2): carried whole by a restore, and refused when changed.
def test_the_derived_schema_includes_every_migration_step_including_roleplay_scores(tmp_path):
    expected = backup_check.expected_schema(SCHEMA_VERSION)
    assert SCHEMA_VERSION >= 2
    assert "roleplay_scores" in expected.tables
    columns = [c[0] for c in expected.tables["roleplay_scores"][0]]
    assert columns == ["id", "card", "speaker", "listener", "scores", "comment", "occurred_on", "created_at"]
    assert "roleplay_scores" in backup_check.stored_tables(Tracker(tmp_path / "fresh.sqlite").conn)
    assert "roleplay_scores" not in backup_check.expected_schema(1).tables


def _with_rubric(tmp_path: Path, *statements: str) -> Path:
    t = Tracker(tmp_path / "rubric-source.sqlite")
    seed(t)
    t.add_roleplay_score("booster", {"questions": 3, "listening": 4}, comment="kept", on="2026-01-20")
    out = t.backup(tmp_path / "rubric.sqlite")
    t.close()
    con = sqlite3.connect(out)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()
    return out


def test_a_restore_carries_the_roleplay_scores_table(tmp_path):
    dest = Tracker(tmp_path / "dest.sqlite")
    backup_check.restore(dest, _with_rubric(tmp_path))
    [score] = dest.roleplay_scores()
    assert (score["card"], score["scores"], score["comment"]) == ("booster", {"questions": 3, "listening": 4}, "kept")


@pytest.mark.parametrize(
    "statements, reason",
    [
        (["DROP TABLE roleplay_scores"], "it lacks infoview's table(s) roleplay_scores"),
        (
            ["ALTER TABLE roleplay_scores ADD COLUMN spy TEXT"],
            "its roleplay_scores table has column(s) infoview does not use (spy)",
        ),
        (
            ["UPDATE roleplay_scores SET scores = '{not json'"],
            "roleplay_scores.scores are not the JSON infoview writes",
        ),
        (
            ["UPDATE roleplay_scores SET occurred_on = '20/01/2026'"],
            "roleplay_scores.occurred_on are not dates written YYYY-MM-DD",
        ),
        (
            ["CREATE TRIGGER wipe AFTER INSERT ON roleplay_scores BEGIN DELETE FROM contacts; END"],
            "it contains a trigger (wipe on roleplay_scores)",
        ),
    ],
)
def test_a_changed_roleplay_scores_table_is_refused(tmp_path, statements, reason):
    bad = _with_rubric(tmp_path, *statements)
    dest = Tracker(tmp_path / "dest.sqlite")
    seed(dest)
    before = everything(dest)
    with pytest.raises(TrackerError) as info:
        backup_check.restore(dest, bad)
    assert reason in str(info.value)
    assert everything(dest) == before


def test_a_schema_1_backup_without_roleplay_scores_restores_and_gains_the_table(tmp_path):
    # schema 1 had neither table the later steps add (role-play scores, exercise progress)
    old = backup_with(tmp_path, "DROP TABLE roleplay_scores", "DROP TABLE exercise_progress", version=1)
    dest = Tracker(tmp_path / "dest.sqlite")
    backup_check.restore(dest, old)
    assert dest.roleplay_scores() == []
    assert dest.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [r["first_name"] for r in dest.contact_list()] == ["Ada"]
