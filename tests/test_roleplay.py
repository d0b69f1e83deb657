"""Role-play: the cards, the countdown, the rubric, and the tracker step that stores it."""

from __future__ import annotations

import random
import sqlite3

import pytest

from infoview import roleplay
from infoview import tracker as tracker_module
from infoview.tracker import SCHEMA_VERSION, Tracker, TrackerError

GOOD = {"opening": 4, "introduction": 3, "questions": 2, "listening": 3, "awkward": 4, "closing": 1}


def test_the_cards_the_issue_names_are_in_the_deck():
    ids = {c.id for c in roleplay.cards()}
    assert {"booster", "curmudgeon", "resume", "quiet", "referral"} <= ids
    assert all(c.source for c in roleplay.cards())


def test_draw_card_deals_every_card_before_repeating():
    rng, seen = random.Random(7), []
    deck = roleplay.cards()
    for _ in deck:
        seen.append(roleplay.draw_card(rng, exclude=seen).id)
    assert sorted(seen) == sorted(c.id for c in deck)
    assert roleplay.draw_card(rng, exclude=seen).id in seen  # all drawn: the deck starts again


def test_countdown_pauses_resumes_warns_and_stops_at_zero():
    now = [0.0]
    c = roleplay.Countdown(480, warn_seconds=120, clock=lambda: now[0])
    assert c.state() == "ready" and c.label() == "08:00"
    c.start()
    now[0] = 100
    assert c.label() == "06:20" and c.state() == "running"
    c.pause()
    now[0] = 1000  # time passing while paused does not count
    assert c.label() == "06:20" and c.state() == "paused"
    c.start()
    now[0] = 1000 + 270
    assert c.state() == "warning" and c.label() == "01:50"
    now[0] = 1000 + 380.5
    assert c.finished and c.label() == "00:00" and c.state() == "finished" and not c.running
    c.start()  # starting a finished countdown does nothing until reset
    assert not c.running
    c.reset(60)
    assert c.label() == "01:00" and c.state() == "ready"
    with pytest.raises(ValueError):
        roleplay.Countdown(0)


def test_label_rounds_up_so_zero_means_time_is_up():
    now = [0.0]
    c = roleplay.Countdown(10, clock=lambda: now[0])
    c.start()
    now[0] = 9.5
    assert c.label() == "00:01"


def test_round_seconds_from_content(tmp_path):
    assert roleplay.round_seconds() == (480, 120)
    (tmp_path / "roleplay.toml").write_text("[timer]\nround_minutes = 5\n")
    assert roleplay.round_seconds(tmp_path) == (300, 120)


@pytest.mark.parametrize(
    "change,match",
    [
        ({"opening": None}, "Opening: give a score"),
        ({"closing": ""}, "Closing: give a score"),
        ({"questions": 0}, "Questions: 0 is not a score from 1 to 4"),
        ({"questions": "four"}, "not a score"),
        ({"listening": True}, "not a score"),
        ({"awkward": 2.5}, "not a score"),
    ],
)
def test_bad_scores_are_refused_naming_the_criterion(change, match):
    with pytest.raises(ValueError, match=match):
        roleplay.check_scores({**GOOD, **change})


def test_save_rubric_stores_scores_and_comment(tmp_path):
    t = Tracker(tmp_path / "t.sqlite")
    rid = roleplay.save_rubric(
        t,
        "booster",
        {**GOOD, "opening": "4"},
        speaker="Ana",
        listener="Ben",
        comment="<b>Great</b> close 🙂",
        on="2026-03-16",
    )
    rows = t.roleplay_scores()
    assert [r["id"] for r in rows] == [rid]
    assert rows[0]["scores"] == GOOD and rows[0]["comment"] == "<b>Great</b> close 🙂"
    assert rows[0]["card"] == "booster" and rows[0]["occurred_on"] == "2026-03-16"
    roleplay.save_rubric(t, "quiet", {k: 2 for k in GOOD})
    summary = {r["id"]: r for r in roleplay.rubric_summary(t.roleplay_scores())}
    assert summary["opening"]["mean"] == 3.0 and summary["opening"]["rounds"] == 2
    with pytest.raises(ValueError, match="No card"):
        roleplay.save_rubric(t, "nobody", GOOD)
    with pytest.raises(TrackerError):
        t.add_roleplay_score("booster", {"opening": "high"})
    assert len(t.roleplay_scores()) == 2  # nothing half-stored


def test_an_existing_tracker_upgrades_with_nothing_lost(tmp_path):
    """A tracker written before the role-play step (schema 1) gains the table on opening;
    its contacts, interactions, notes, targets and settings are exactly as they were."""
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript(tracker_module.MIGRATIONS[0])
    con.execute(f"PRAGMA application_id = {tracker_module.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.execute(
        "INSERT INTO contacts (first_name, last_name, company, channel, created_at) "
        "VALUES ('Ada', 'Byron', 'Analytical', 'alumni', '2026-01-01T00:00:00')"
    )
    con.execute(
        "INSERT INTO interactions (contact_id, kind, occurred_on, created_at) "
        "VALUES (1, 'outreach_sent', '2026-01-05', '2026-01-05T00:00:00')"
    )
    con.execute(
        "INSERT INTO notes (contact_id, kind, body, created_at, updated_at) VALUES (1, 'meeting', 'notes', 'x', 'x')"
    )
    con.execute("INSERT INTO targets (employer, created_at) VALUES ('Northwind', 'x')")
    con.execute("INSERT INTO settings (key, value) VALUES ('goal', '9')")
    con.commit()
    before = {
        t: con.execute(f"SELECT * FROM {t}").fetchall()
        for t in ("contacts", "interactions", "notes", "targets", "settings")
    }
    con.close()

    t = Tracker(path)
    assert t.schema_version() == SCHEMA_VERSION >= 2
    after = {name: t.conn.execute(f"SELECT * FROM {name}").fetchall() for name in before}
    assert {k: [tuple(r) for r in v] for k, v in after.items()} == before
    assert t.roleplay_scores() == []
    roleplay.save_rubric(t, "booster", GOOD)
    t.close()
    assert len(Tracker(path).roleplay_scores()) == 1


def test_a_backup_carries_the_rubric_and_an_old_backup_restores(tmp_path):
    t = Tracker(tmp_path / "t.sqlite")
    t.add_contact(first_name="Ada")
    roleplay.save_rubric(t, "booster", GOOD, comment="kept")
    out = t.backup(tmp_path / "b.sqlite")
    fresh = Tracker(tmp_path / "fresh.sqlite")
    fresh.restore(out)
    assert fresh.roleplay_scores()[0]["comment"] == "kept"
