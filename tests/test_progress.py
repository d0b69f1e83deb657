"""Exercise progress: the tracker's schema step 2, recording attempts and reveals, and the per-stage summary."""

from __future__ import annotations

import sqlite3

import pytest

from infoview import backup_check
from infoview import exercises as ex
from infoview import tracker as tracker_module
from infoview.tracker import APPLICATION_ID, SCHEMA_VERSION, Tracker


def _tracker_of_schema_1(path):
    """A tracker file exactly as the first schema wrote it, with some of everything in it."""
    conn = sqlite3.connect(path)
    for statement in tracker_module._split_sql(tracker_module.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    now = "2026-03-01T10:00:00+00:00"
    conn.execute(
        "INSERT INTO contacts (first_name, last_name, company, channel, created_at) "
        "VALUES ('Priya', 'Shah', 'Contoso', 'alumni', ?)",
        (now,),
    )
    conn.execute(
        "INSERT INTO interactions (contact_id, kind, occurred_on, detail, created_at) "
        "VALUES (1, 'outreach_sent', '2026-03-02', 'first message', ?)",
        (now,),
    )
    conn.execute(
        "INSERT INTO notes (contact_id, kind, occurred_on, body, created_at, updated_at) "
        "VALUES (1, 'meeting_notes', '2026-03-05', '{\"advice\": \"build a project\"}', ?, ?)",
        (now, now),
    )
    conn.execute(
        "INSERT INTO targets (employer, advocacy, motivation, posting, created_at) VALUES ('Contoso', 1, 3, 2, ?)",
        (now,),
    )
    conn.execute("INSERT INTO settings (key, value) VALUES ('learner_name', '\"Sam\"')")
    conn.commit()
    conn.close()


def _dump(path, tables=("contacts", "interactions", "notes", "targets", "settings")):
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


def test_a_tracker_of_the_first_schema_upgrades_with_nothing_lost(tmp_path):
    path = tmp_path / "tracker.sqlite"
    _tracker_of_schema_1(path)
    before = _dump(path)
    t = Tracker(path)
    try:
        assert t.schema_version() == SCHEMA_VERSION == 3
        assert t.exercise_progress() == {}
        assert t.contact(1)["first_name"] == "Priya" and t.setting("learner_name") == "Sam"
        t.record_attempt("phase_order", solved=False)
    finally:
        t.close()
    assert _dump(path) == before  # every row of every old table, byte for byte
    t = Tracker(path)  # and it opens again without migrating twice
    try:
        assert t.exercise_progress()["phase_order"]["attempts"] == 1
    finally:
        t.close()


def test_a_backup_of_the_first_schema_restores_and_upgrades(tmp_path):
    old = tmp_path / "old-backup.sqlite"
    _tracker_of_schema_1(old)
    t = Tracker(tmp_path / "new.sqlite")
    try:
        backup_check.restore(t, old)
        assert t.schema_version() == SCHEMA_VERSION
        assert t.count() == {"contacts": 1, "interactions": 1, "notes": 1}
        t.record_reveal("spot")
        assert t.exercise_progress()["spot"]["revealed"] is True
    finally:
        t.close()


def test_attempts_count_solved_stays_solved_and_times_are_kept():
    t = Tracker(":memory:")
    first = t.record_attempt("rewrite", solved=False)
    assert first["attempts"] == 1 and first["solved"] is False and first["solved_at"] is None
    assert first["first_tried_at"] == first["last_tried_at"]
    t.record_attempt("rewrite", solved=True)
    row = t.record_attempt("rewrite", solved=False)  # a later wrong try does not undo the solve
    assert row["attempts"] == 3 and row["solved"] is True and row["solved_at"] is not None
    assert row["first_tried_at"] == first["first_tried_at"] and row["revealed"] is False
    reveal = t.record_reveal("rewrite")
    assert reveal["revealed"] is True and reveal["attempts"] == 3
    assert t.record_reveal("rewrite")["revealed_at"] == reveal["revealed_at"]  # the first time is kept


@pytest.mark.parametrize("bad", ["", "   ", None, "x" * 101])
def test_a_bad_exercise_id_is_refused_with_a_sentence(bad):
    t = Tracker(":memory:")
    with pytest.raises(ValueError, match="is not an exercise id"):
        t.record_attempt(bad, solved=True)
    assert t.exercise_progress() == {}


def test_progress_per_stage_counts_solved_exercises_and_activity():
    t = Tracker(":memory:")
    cid = t.add_contact(first_name="Kenji", company="Contoso")
    t.log(cid, "outreach_sent", on="2026-03-02")
    t.record_attempt("rewrite", solved=True)
    t.record_attempt("spot", solved=False)
    t.record_attempt("spot", solved=True)
    t.record_attempt("requests", solved=False)
    by_stage = {p.stage: p for p in ex.progress(t)}
    assert by_stage[2].text() == "Stage 2: 2/2 exercises, 1 message logged"
    assert by_stage[0].text() == "Stage 0: 0/2 exercises" and by_stage[0].tried == 1
    assert by_stage[1].text() == "Stage 1: 0/2 exercises, 1 contact"
    assert [p.stage for p in ex.progress(t)] == [0, 1, "1b", 2, 3, "3b", 4, "4b", "4c", 5, 6]
    counts = ex.completion_counts(t)
    assert counts["2"] == {"exercises": 2, "tried": 2, "solved": 2, "revealed": 0}
    assert counts["0"] == {"exercises": 2, "tried": 1, "solved": 0, "revealed": 0}
    assert sum(c["exercises"] for c in counts.values()) == len(ex.catalogue())


# ------------------------------------------------------------------ export and cohort report
def test_the_anonymised_export_carries_per_stage_counts_and_the_cohort_report_shows_them(tmp_path):
    import json

    from infoview import cohort

    t = Tracker(tmp_path / "t.sqlite")
    try:
        cid = t.add_contact(first_name="Kenji", company="Contoso")
        t.log(cid, "outreach_sent", on="2026-03-02")
        t.record_attempt("rewrite", solved=True)
        t.record_attempt("spot", solved=True)
        t.record_attempt("requests", solved=False)
        t.record_reveal("requests")
        (tmp_path / "cohort").mkdir()
        out = cohort.export_anonymized(t, tmp_path / "cohort", learner_id="learner-a")
    finally:
        t.close()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["exercises"]["2"] == {"exercises": 2, "tried": 2, "solved": 2, "revealed": 0}
    assert data["exercises"]["0"] == {"exercises": 2, "tried": 1, "solved": 0, "revealed": 1}
    assert "rewrite" not in out.read_text(encoding="utf-8")  # counts only, no exercise ids or answers
    other = dict(
        data,
        learner_id="learner-b",
        exercises={k: {**v, "solved": 0, "tried": 0, "revealed": 0} for k, v in data["exercises"].items()},
    )
    (tmp_path / "cohort" / "b.json").write_text(json.dumps(other), encoding="utf-8")
    bad = dict(data, learner_id="learner-c", exercises={"2": {"exercises": 2, "tried": 1, "solved": 5, "revealed": 0}})
    (tmp_path / "cohort" / "c.json").write_text(json.dumps(bad), encoding="utf-8")
    report, agg = cohort.write_cohort_report(tmp_path / "cohort", tmp_path / "report.html")
    assert [name for name, _ in agg.skipped] == ["c.json"]
    assert "more exercises solved or tried than it has" in agg.skipped[0][1]
    rows = {r["stage"]: r for r in ex.cohort_completion(agg.summaries)}
    assert rows[2] == {"stage": 2, "exercises": 2, "learners": 2, "all_solved": 1, "tried": 1, "revealed": 0}
    html = report.read_text(encoding="utf-8")
    assert "Exercises completed per stage" in html
    assert "<td>2</td><td>2</td><td>2</td><td>1</td><td>1</td><td>0</td>" in html.replace(" ", "")


def test_a_summary_without_exercise_counts_is_still_read():
    from infoview import cohort, outcomes

    summary = cohort.summarize(outcomes.demo_events(), learner_id="learner-old")
    assert "exercises" not in summary
    agg = cohort.aggregate_cohort([summary])
    assert not agg.skipped and ex.cohort_completion(agg.summaries) == []
    assert "No summary carries exercise progress yet" in cohort.cohort_report_html(agg)
