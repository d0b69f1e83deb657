"""The session (learner's tracker or the sample) and the library rules the views used to hold."""

from __future__ import annotations

import pandas as pd
import pytest

from infoview import cohort, contacts, outcomes, outreach, prep, session
from infoview.session import Session
from infoview.tracker import Tracker


# ------------------------------------------------------------------ the session
def test_each_need_switches_at_its_own_point(tracker):
    assert [Session(tracker, needs=n).is_sample for n in session.NEEDS] == [True, True, True, True]
    tracker.save_note(None, "settings_seen", {"x": 1})
    assert (Session(tracker, needs="anything").is_sample, Session(tracker, needs="contacts").is_sample) == (False, True)
    ada = tracker.add_contact(first_name="Ada", last_name="Byron")
    assert (Session(tracker, needs="contacts").is_sample, Session(tracker, needs="interactions").is_sample) == (
        False,
        True,
    )
    tracker.log(ada, "outreach_sent", on="2026-03-02")
    assert not Session(tracker, needs="interactions").is_sample


def test_a_session_follows_the_tracker_and_keeps_one_sample(tracker):
    s = Session(tracker)
    sample = s.tracker
    assert s.is_sample and sample is not tracker and s.tracker is sample and sample.setting("sample_learner")
    ada = tracker.add_contact(first_name="Ada", last_name="Byron")
    assert s.current() == (tracker, False)
    tracker.delete_contact(ada)
    assert s.current() == (sample, True)


def test_sample_false_never_shows_the_sample(tracker):
    s = Session(tracker, sample=False)
    assert s.current() == (tracker, False) and not s.uses_sample


def test_of_passes_a_session_through_and_checks_needs(tracker):
    s = Session(tracker, needs="interactions")
    assert Session.of(s, needs="contacts") is s
    with pytest.raises(ValueError, match="needs must be one of"):
        Session(tracker, needs="everything")


def test_notes_say_which_data_is_shown(tracker):
    s = Session(tracker, notes={"sample": "Sample: {n} people.", "own": "Yours: {n}."})
    n = s.sample.count()["contacts"]
    assert s.note == f"Sample: {n} people." and repr(s) == s.note
    tracker.add_contact(first_name="Ada", last_name="Byron")
    assert s.note == "Yours: 1."


def test_shared_sessions_share_one_sample_and_the_learner_tracker(monkeypatch):
    monkeypatch.setattr(session, "_SHARED_SAMPLE", [])
    monkeypatch.setattr(session, "_LEARNER_TRACKERS", {})
    a, b = session.shared(), session.shared()
    assert a.own is b.own and a.tracker is b.tracker and a.is_sample


# ------------------------------------------------------------------ contact history
def test_history_is_oldest_first_and_per_contact(tracker):
    ada = tracker.add_contact(first_name="Ada", last_name="Byron")
    sam = tracker.add_contact(first_name="Sam", last_name="Lee")
    e1 = tracker.log(ada, "replied", on="2026-03-04")
    e2 = tracker.log(sam, "outreach_sent", on="2026-03-02")
    e3 = tracker.log(ada, "outreach_sent", on="2026-03-02")
    assert tracker.history() == [
        (sam, "2026-03-02", e2, "outreach_sent"),
        (ada, "2026-03-02", e3, "outreach_sent"),
        (ada, "2026-03-04", e1, "replied"),
    ]
    assert [row[2] for row in tracker.history(ada)] == [e3, e1]


# ------------------------------------------------------------------ stage 1 rules
def test_identified_ids(tracker):
    ada = tracker.add_contact(first_name="Ada", last_name="Byron")
    tracker.add_contact(first_name="Sam", last_name="Lee")
    contacts.identify(tracker, [ada])
    assert contacts.identified_ids(tracker) == {ada}


def test_save_target_edits_saves_changed_and_already_scored_rows(tracker):
    table = pd.DataFrame(
        {
            "employer": ["Acme", "Birch", "Cedar", "Dune"],
            "advocacy": ["N", "N", "Y", "N"],
            "motivation": [0, 0, 3, 0],
            "posting": [0, 0, 2, 0],
            "scored": [False, False, True, False],
        }
    )
    edits = {"Acme": ("Y", 3, 1), "Birch": ("N", 0, 0), "Cedar": ("Y", 3, 2)}  # Dune never shown
    assert contacts.save_target_edits(tracker, table, edits) == 2
    saved = {t["employer"]: (t["advocacy"], t["motivation"], t["posting"]) for t in tracker.target_list()}
    assert saved == {"Acme": (1, 3, 1), "Cedar": (1, 3, 2)}


# ------------------------------------------------------------------ stage 2 rules
def test_contact_choices_order_and_contacted_flag(tracker):
    a = tracker.add_contact(first_name="A", last_name="Contacted")
    b = tracker.add_contact(first_name="B", last_name="Plain")
    c = tracker.add_contact(first_name="C", last_name="Identified")
    tracker.log(a, "outreach_sent", on="2026-03-02")
    tracker.log(c, "identified", on="2026-03-01")
    assert [(x["id"], sent) for x, sent in outreach.contact_choices(tracker)] == [(c, False), (b, False), (a, True)]


def test_log_outreach_once_a_day(tracker):
    a = tracker.add_contact(first_name="A", last_name="B")
    assert outreach.log_outreach(tracker, a, "2026-03-02", detail="Hello")
    assert not outreach.log_outreach(tracker, a, "2026-03-02")
    assert outreach.log_outreach(tracker, a, "2026-03-03")
    assert [(d, k) for _, d, _, k in tracker.history(a)] == [
        ("2026-03-02", "outreach_sent"),
        ("2026-03-03", "outreach_sent"),
    ]


# ------------------------------------------------------------------ stage 3 rules
def test_preferred_contact_is_the_latest_meeting_then_reply_then_first(tracker):
    a = tracker.add_contact(first_name="A", last_name="B")
    b = tracker.add_contact(first_name="C", last_name="D")
    assert prep.preferred_contact(tracker, [a, b]) == a
    tracker.log(b, "replied", on="2026-03-03")
    assert prep.preferred_contact(tracker, [a, b]) == b
    tracker.log(a, "meeting_scheduled", on="2026-03-01")
    assert prep.preferred_contact(tracker, [a, b]) == a
    assert prep.preferred_contact(tracker, [b]) == b  # the meeting's contact is not offered


# ------------------------------------------------------------------ stage 6 numbers
def test_learner_numbers_and_metric_rows():
    ev = outcomes.demo_events()
    assert outcomes.learner_numbers(ev) == {
        "contacted": 7,
        "reply_rate": 5 / 7,
        "meetings": 1,
        "referrals": 1,
        "messages_per_week": pytest.approx(outcomes.weekly_activity(ev)["messages"].mean()),
    }
    rows = outcomes.metric_rows(ev, 5)
    assert [r[0] for r in rows] == [
        "Reply rate",
        "Follow-ups",
        "Referrals per meeting",
        "How contacts answered",
        "Weekly goal (5 messages)",
    ]
    assert rows[0][1] == outcomes.reply_rate(ev).text


def test_comparison_rows_beside_the_sample_cohort():
    agg = cohort.sample_cohort()
    if agg is None:
        pytest.skip("no committed sample cohort")
    rows = cohort.comparison_rows(outcomes.demo_events(), agg)
    assert [r[0] for r in rows] == [
        "Contacts written to",
        "Reply rate",
        "Meetings held",
        "Referrals or next contacts",
        "Messages per week (average)",
    ]
    assert rows[0][1] == "7" and rows[1][1] == "71%"
    sp = agg.spread("contacted")
    assert rows[0][2] == f"{sp['median']:.0f} (middle half {sp['p25']:.0f} to {sp['p75']:.0f})"


def test_an_empty_tracker_has_no_history():
    assert Tracker(":memory:").history() == []


def test_added_channels_counts_an_import_by_channel(tracker):
    class Result:
        added = [
            tracker.add_contact(first_name=f"P{i}", last_name="Q", channel=ch)
            for i, ch in enumerate(["warm", "cold", "warm", "alumni"])
        ]

    assert contacts.added_channels(tracker, Result) == {"alumni": 1, "cold": 1, "warm": 2}


def test_audience_tags_leave_out_the_general_and_closing_tags():
    bank = prep.load_question_bank()
    selection = prep.load_settings()["selection"]
    tags = prep.audience_tags(bank)
    assert tags == sorted(tags) and selection["general_tag"] not in tags and selection["closing_tag"] not in tags
    assert set(tags) | {selection["general_tag"], selection["closing_tag"]} >= {t for q in bank for t in q.tags}


def test_filter_weeks_runs_to_the_sunday_of_the_last_week():
    import datetime as dt

    ev = outcomes.demo_events()
    weeks = ev.filter_weeks(dt.date(2026, 3, 2), dt.date(2026, 3, 9))
    direct = ev.filter(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 15))
    assert len(weeks) == len(direct) and weeks.today == dt.date(2026, 3, 15)


def test_work_counts_exercise_progress_and_roleplay_rounds(tracker):
    """Sharing with the instructor (stage 6) uses the learner's tracker once it holds any work at all."""
    assert Session(tracker, needs="work").is_sample
    tracker.record_attempt("rewrite", solved=False)
    assert not Session(tracker, needs="work").is_sample and Session(tracker, needs="anything").is_sample
    other = Tracker(":memory:")
    other.add_roleplay_score("screener", {"opening": 3})
    assert not Session(other, needs="work").is_sample
