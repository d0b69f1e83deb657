"""The tracker: schema, writes, duplicates, transactions, backup and restore, and their messages."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from infoview import paths
from infoview.cli import main as cli_main
from infoview.tracker import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Tracker,
    TrackerError,
    inspect_backup,
    normalize_url,
)


def dump(t: Tracker) -> dict:
    return {
        "contacts": [tuple(r) for r in t.conn.execute("SELECT * FROM contacts ORDER BY id")],
        "interactions": [tuple(r) for r in t.conn.execute("SELECT * FROM interactions ORDER BY id")],
        "notes": [tuple(r) for r in t.conn.execute("SELECT * FROM notes ORDER BY id")],
    }


def seed(t: Tracker) -> int:
    cid = t.add_contact(
        first_name="Ada",
        last_name="Byron",
        company="Analytical Ltd",
        channel="alumni",
        url="https://www.linkedin.com/in/ada-example/",
    )
    t.log(cid, "outreach_sent", on="2026-01-05")
    t.log(cid, "replied", on=dt.date(2026, 1, 7))
    t.add_note(cid, "meeting_notes", {"advice": "Learn SQL", "names_suggested": ["Grace"]}, on="2026-01-12")
    return cid


def test_new_file_is_created_with_schema_wal_and_marker(tmp_path):
    path = tmp_path / "sub" / "t.sqlite"
    t = Tracker(path)
    assert path.exists()
    assert t.schema_version() == SCHEMA_VERSION
    assert t.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert t.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert t.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    t.close()


def test_default_path_follows_env_then_curriculum_folder(tmp_path, monkeypatch, root):
    monkeypatch.setenv("INFOVIEW_DB", str(tmp_path / "x.sqlite"))
    assert paths.default_db_path() == (tmp_path / "x.sqlite").resolve()
    monkeypatch.delenv("INFOVIEW_DB")
    # from the notebooks folder or deeper, the curriculum folder is found
    assert paths.default_db_path(root / "notebooks") == root / "infoview-data" / "tracker.sqlite"
    assert paths.curriculum_root(root / "infoview" / "views") == root


def test_default_path_falls_back_to_home_outside_a_curriculum(tmp_path, monkeypatch):
    monkeypatch.delenv("INFOVIEW_DB")
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "site-packages" / "infoview")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.default_db_path(tmp_path) == tmp_path / "home" / "infoview-data" / "tracker.sqlite"


def test_today_is_pinned_by_env_and_rejects_bad_dates(monkeypatch):
    monkeypatch.setenv("INFOVIEW_TODAY", "2026-02-03")
    assert paths.today() == dt.date(2026, 2, 3)
    monkeypatch.setenv("INFOVIEW_TODAY", "03/02/2026")
    with pytest.raises(ValueError, match="expected a date written YYYY-MM-DD"):
        paths.today()


def test_contacts_interactions_notes_round_trip(tracker):
    cid = seed(tracker)
    c = tracker.contact(cid)
    assert (c["first_name"], c["company"], c["channel"]) == ("Ada", "Analytical Ltd", "alumni")
    kinds = [i["kind"] for i in tracker.interaction_list(cid)]
    assert kinds == ["outreach_sent", "replied"]
    df = tracker.interactions_frame()
    assert list(df["channel"]) == ["alumni", "alumni"]
    assert str(df["occurred_on"].dtype).startswith("datetime64")
    note = tracker.latest_note(cid, "meeting_notes")
    assert note["body"]["names_suggested"] == ["Grace"]
    assert tracker.count() == {"contacts": 1, "interactions": 2, "notes": 1}
    assert Tracker.display_name(c) == "Ada Byron (Analytical Ltd)"


def test_save_note_replaces_the_latest_of_its_kind(tracker):
    cid = seed(tracker)
    first = tracker.save_note(cid, "objectives", {"objectives": ["a"]})
    second = tracker.save_note(cid, "objectives", {"objectives": ["a", "b"]})
    assert first == second
    assert tracker.latest_note(cid, "objectives")["body"] == {"objectives": ["a", "b"]}


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda t: t.add_contact(first_name="", last_name=""), "needs a first or last name"),
        (lambda t: t.add_contact(first_name="A", channel="linkedin"), "Unknown channel 'linkedin'"),
        (lambda t: t.add_contact(first_name="A", nickname="x"), "Unknown contact field(s): nickname"),
        (lambda t: t.add_contact(first_name="A", cadence_days="often"), "whole number of days"),
        (lambda t: t.log(1, "coffee"), "Unknown interaction 'coffee'"),
        (lambda t: t.log(999, "replied"), "No contact with id 999"),
        (lambda t: t.log(1, "replied", on="last tuesday"), "is not a date; write it as YYYY-MM-DD"),
        (lambda t: t.save_target("   "), "needs a name"),
    ],
)
def test_bad_writes_say_what_is_wrong_and_store_nothing(tracker, call, message):
    seed(tracker)
    before = dump(tracker)
    with pytest.raises(TrackerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call(tracker)
    assert dump(tracker) == before


def test_add_contacts_skips_duplicates_by_url_then_name_and_company(tracker):
    seed(tracker)
    result = tracker.add_contacts(
        [
            {"first_name": "Ada", "last_name": "Byron", "url": "http://linkedin.com/in/ada-example"},  # same URL
            {"first_name": "Grace", "last_name": "Hopper", "company": "Navy Labs"},
            {"first_name": " grace ", "last_name": "HOPPER", "company": "navy  labs"},  # same name+company
            {"first_name": "Grace", "last_name": "Hopper", "company": "Other Co"},  # different company: kept
            {"first_name": "", "last_name": ""},
        ]
    )
    assert len(result.added) == 2
    assert [i for i, _ in result.skipped] == [0, 2, 4]
    assert "same profile URL" in result.skipped[0][1]
    assert "same name and company" in result.skipped[1][1]
    assert "invalid" in result.skipped[2][1]
    assert "Added 2 contact(s), skipped 3." in result.summary()


def test_add_contacts_is_all_or_nothing(tracker):
    seed(tracker)
    before = dump(tracker)

    def rows():
        yield {"first_name": "One", "last_name": "Row"}
        yield {"first_name": "Two", "last_name": "Row"}
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        tracker.add_contacts(rows())
    assert dump(tracker) == before


def test_log_many_rolls_back_when_one_event_is_bad(tracker):
    cid = seed(tracker)
    before = dump(tracker)
    with pytest.raises(TrackerError, match="not in this tracker"):
        tracker.log_many(
            [
                {"contact_id": cid, "kind": "update_sent", "occurred_on": "2026-02-01"},
                {"contact_id": 4242, "kind": "update_sent", "occurred_on": "2026-02-01"},
            ]
        )
    assert dump(tracker) == before


def test_normalize_url():
    assert normalize_url("HTTPS://www.LinkedIn.com/in/x/?a=1#b") == "linkedin.com/in/x"
    assert normalize_url("") == ""


def test_two_connections_on_one_file_both_write(tmp_path):
    a, b = Tracker(tmp_path / "t.sqlite"), Tracker(tmp_path / "t.sqlite")
    ca = a.add_contact(first_name="A")
    cb = b.add_contact(first_name="B")
    a.log(cb, "identified", on="2026-01-01")
    b.log(ca, "identified", on="2026-01-01")
    assert a.count()["interactions"] == b.count()["interactions"] == 2
    a.close(), b.close()


def test_backup_and_restore_round_trip_with_safety_copy(tmp_path):
    src = Tracker(tmp_path / "src.sqlite")
    seed(src)
    out = src.backup(tmp_path / "out" / "my.sqlite")
    assert out.exists() and not (tmp_path / "out" / "my.sqlite.partial").exists()
    assert inspect_backup(out) == {"schema_version": SCHEMA_VERSION, "contacts": 1, "interactions": 2, "notes": 1}

    dest = Tracker(tmp_path / "dest.sqlite")
    other = dest.add_contact(first_name="Existing", last_name="Person")
    safety = dest.restore(out, safety_dir=tmp_path / "safety")
    assert safety is not None and safety.exists()
    assert dump(dest) == dump(src)
    # the data that was there before is in the safety copy
    kept = Tracker(safety)
    assert kept.contact(other)["first_name"] == "Existing"
    # the restored tracker still works for writes
    dest.log(1, "thank_you_sent", on="2026-01-13")
    assert dest.count()["interactions"] == 3


def test_restore_into_an_empty_tracker_needs_no_safety_copy(tmp_path):
    src = Tracker(tmp_path / "src.sqlite")
    seed(src)
    out = src.backup(tmp_path / "b.sqlite")
    dest = Tracker(tmp_path / "dest.sqlite")
    assert dest.restore(out) is None
    assert dest.count()["contacts"] == 1


def _future_backup(path):
    t = Tracker(path)
    seed(t)
    t.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    t.close()
    return path


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _other_sqlite(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE songs (title TEXT)")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda p: _write(p, b"First Name,Last Name\nAda,Byron\n"),
            "not an infoview backup: it is a text file starting 'First Name,Last Name'",
        ),
        (lambda p: _write(p, b""), "not an infoview backup: it is an empty file"),
        (lambda p: _write(p, b"PK\x03\x04rest-of-zip"), "not an infoview backup: it is a ZIP file"),
        (lambda p: _write(p, bytes(range(256))), "not an infoview backup: it is a binary file"),
        (_other_sqlite, "not an infoview backup: it is a SQLite database from another program"),
        (_future_backup, "made by a newer infoview"),
    ],
)
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(tmp_path, make, message):
    bad = make(tmp_path / "upload.sqlite")
    dest = Tracker(tmp_path / "dest.sqlite")
    seed(dest)
    before = dump(dest)
    with pytest.raises(TrackerError, match=message):
        dest.restore(bad)
    assert dump(dest) == before
    assert not (tmp_path / "backups").exists()  # no safety copy made for a refused file


def test_opening_a_non_tracker_file_says_so(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("hello")
    with pytest.raises(TrackerError, match="is not an infoview tracker: it is a text file"):
        Tracker(text)
    with pytest.raises(TrackerError, match="not an infoview tracker"):
        Tracker(_other_sqlite(tmp_path / "music.sqlite"))
    with pytest.raises(TrackerError, match="newer infoview"):
        Tracker(_future_backup(tmp_path / "future.sqlite"))


def test_migration_from_an_older_version_runs_forward(tmp_path, monkeypatch):
    """A file at version 1 is brought up by a later migration when one is added."""
    from infoview import tracker as tracker_module

    path = tmp_path / "old.sqlite"
    t = Tracker(path)
    seed(t)
    t.close()
    extra = "ALTER TABLE contacts ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''"
    monkeypatch.setattr(tracker_module, "MIGRATIONS", [*tracker_module.MIGRATIONS, extra])
    monkeypatch.setattr(tracker_module, "SCHEMA_VERSION", len(tracker_module.MIGRATIONS))
    t = Tracker(path)
    assert t.schema_version() == SCHEMA_VERSION + 1
    assert t.contact(1)["pronouns"] == ""
    assert t.contact(1)["first_name"] == "Ada"


def test_cli_backup_and_restore(tmp_path, capsys):
    db = tmp_path / "t.sqlite"
    t = Tracker(db)
    seed(t)
    t.close()
    assert cli_main(["backup", str(tmp_path / "b.sqlite"), "--db", str(db)]) == 0
    assert "Backed up your tracker to" in capsys.readouterr().out
    other = tmp_path / "other.sqlite"
    Tracker(other).add_contact(first_name="Someone")
    assert cli_main(["restore", str(tmp_path / "b.sqlite"), "--db", str(other)]) == 0
    out = capsys.readouterr().out
    assert "Restored 1 contact(s), 2 interaction(s) and 1 note(s)" in out
    assert "Your previous data was saved first to" in out
    (tmp_path / "bad.csv").write_text("a,b\n")
    assert cli_main(["restore", str(tmp_path / "bad.csv"), "--db", str(other)]) == 2
    assert "not an infoview backup" in capsys.readouterr().err


def test_console_script_runs_as_a_module(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "infoview", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "backup" in proc.stdout and "restore" in proc.stdout


def test_text_with_surrogate_halves_is_stored_repaired(tracker):
    lone, pair = chr(0xDC00), chr(0xD83D) + chr(0xDE00)
    cid = tracker.add_contact(first_name="Ana" + lone, company="Co " + pair)
    tracker.update_contact(cid, position="Lead" + lone)
    tracker.log(cid, "outreach_sent", on="2026-03-02", detail="Hi" + lone)
    tracker.log_many([{"contact_id": cid, "kind": "replied", "occurred_on": "2026-03-03", "detail": pair}])
    note = tracker.add_note(cid, "research", {"notes": ["x" + lone], lone: 1})
    tracker.save_target("Acme" + lone)
    tracker.set_setting("sign_off", "Best" + lone)
    got = tracker.contact(cid)
    assert (got["first_name"], got["company"], got["position"]) == ("Ana\ufffd", "Co \N{GRINNING FACE}", "Lead\ufffd")
    assert [e["detail"] for e in tracker.interaction_list(cid)] == ["Hi\ufffd", "\N{GRINNING FACE}"]
    assert tracker.latest_note(cid, "research")["id"] == note
    assert tracker.latest_note(cid, "research")["body"] == {"notes": ["x\ufffd"], "\ufffd": 1}
    assert [t["employer"] for t in tracker.target_list()] == ["Acme\ufffd"]
    assert tracker.setting("sign_off") == "Best\ufffd"


def test_a_deleted_rows_id_is_never_given_again(tracker):
    """A form still open on a deleted contact's id must not save onto the next contact added."""
    keep = tracker.add_contact(first_name="Keep")
    gone = tracker.add_contact(first_name="Gone")
    event = tracker.log(gone, "outreach_sent", on="2026-03-02")
    note = tracker.add_note(gone, "research", {"notes": "x"})
    tracker.delete_contact(gone)
    new = tracker.add_contact(first_name="New")
    imported = tracker.add_contacts([{"first_name": "Imported"}])
    assert new > gone and imported.added == [new + 1]
    assert tracker.log(new, "outreach_sent", on="2026-03-02") > event
    assert tracker.add_note(new, "research", {"notes": "y"}) > note
    assert [c["id"] for c in tracker.contact_list()][0] == keep


def test_backup_clears_a_killed_backups_debris_but_nothing_else(tmp_path):
    src = Tracker(tmp_path / "src.sqlite")
    seed(src)
    folder = tmp_path / "backups"
    folder.mkdir()
    old = time.time() - 3600
    debris = folder / "infoview-backup-2026-03-01.sqlite.partial"
    debris.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # what a killed copy leaves
    empty = folder / "b.sqlite.partial"
    empty.write_bytes(b"")
    someone_elses = folder / "film.sqlite.partial"
    someone_elses.write_bytes(b"not ours")
    young = folder / "c.sqlite.partial"  # another notebook may be writing it now
    young.write_bytes(b"SQLite format 3\x00")
    for path in (debris, empty, someone_elses):
        os.utime(path, (old, old))
    src.backup(folder / "today.sqlite")
    assert sorted(p.name for p in folder.iterdir()) == ["c.sqlite.partial", "film.sqlite.partial", "today.sqlite"]
