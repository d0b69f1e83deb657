"""Stage 4: the practice run with a fake clock, meeting notes, referrals, the exercises."""

from __future__ import annotations

import datetime as dt

import pytest

from infoview import conversation as conv
from infoview.conversation import MeetingNotes, PracticeRun
from infoview.prep import Question

D = dt.date


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def tick(self, seconds):
        self.now += seconds


QUESTIONS = [
    Question("sm01", "How did you start?", "Insights", "small_talk", 2),
    Question("tr01", "What changes do you expect?", "Trends", "qa", 3),
    Question("ad01", "What would you do next?", "Advice", "qa", 3),
    Question("nx01", "Who else should I talk to?", "Resources", "next_steps", 1),
]


# ------------------------------------------------------------------ practice run
def test_practice_run_times_questions_and_phases():
    clock = FakeClock()
    run = PracticeRun(QUESTIONS, 20, clock=clock)
    assert run.current is None and not run.started and run.limit == 18 * 60
    assert "Press Start" in run.describe()
    clock.tick(500)  # time before the start does not count
    run.start()
    assert run.current.id == "sm01" and run.elapsed() == 0
    clock.tick(90)
    assert run.spent(0) == 90 and run.elapsed() == 90  # read on demand, no thread needed
    run.next()
    clock.tick(200)
    run.next()
    clock.tick(100)
    status = {p.phase: p for p in run.phase_status()}
    assert status["small_talk"].elapsed == 90 and not status["small_talk"].over
    assert status["qa"].elapsed == 300 and status["qa"].planned == 360 and not status["qa"].over
    assert status["next_steps"].elapsed == 0
    assert run.describe() == (
        "Question 3 of 4 \u00b7 Questions and answers 5:00 of 6:00 \u00b7 this question "
        "1:40 of 3:00 \u00b7 total 6:30 of 18:00"
    )


def test_practice_run_back_keeps_time_and_phase_goes_over():
    clock = FakeClock()
    run = PracticeRun([q.to_dict() for q in QUESTIONS], 20, clock=clock)  # dicts as stored in the tracker
    run.next()  # Next before Start starts the run
    assert run.started and run.index == 0
    clock.tick(100)
    run.next()
    clock.tick(60)
    run.back()
    assert run.index == 0 and run.spent(1) == 60
    clock.tick(50)
    assert run.spent(0) == 150
    status = run.phase_status()[0]
    assert status.over  # 150 s against 120 s planned, beyond the 10% tolerance
    run.back()
    assert run.index == 0  # already at the first question
    summary = run.summary()
    assert summary[0]["over"] and summary[0]["planned"] == 120 and not summary[1]["over"]


def test_practice_run_finish_and_over_time():
    clock = FakeClock()
    run = PracticeRun(QUESTIONS, 20, clock=clock)
    run.start()
    for _ in QUESTIONS:
        clock.tick(5 * 60)
        run.next()
    assert run.finished and run.current is None
    assert run.elapsed() == 20 * 60 and run.over
    assert run.describe() == "Finished: 20:00 of 18:00 (over time)."
    clock.tick(1000)
    assert run.elapsed() == 20 * 60  # the clock stops at the end
    run.next()
    assert run.finished
    run.back()
    assert not run.finished and run.current.id == "nx01"
    run.finish()
    assert run.finished
    run.start()
    assert run.elapsed() == 0 and run.index == 0


def test_practice_run_needs_questions():
    with pytest.raises(ValueError, match="no questions to practise"):
        PracticeRun([], 20)


def test_fmt_seconds():
    assert [conv.fmt_seconds(s) for s in (0, 59.6, 61, 600)] == ["0:00", "1:00", "1:01", "10:00"]


# ------------------------------------------------------------------ checklists
def test_checklists_from_content():
    opening = " ".join(conv.checklist("opening")).lower()
    closing = " ".join(conv.checklist("closing")).lower()
    assert "permission" in opening and "notes" in opening
    assert "who else" in closing and "mention your name" in closing
    with pytest.raises(ValueError):
        conv.checklist("middle")


# ------------------------------------------------------------------ parsing
def test_parse_names():
    assert conv.parse_names("") == []
    assert conv.parse_names(" - Priya Shah (Northwind)\n* Tom  Lee\n\n\u2022 tom lee\n3) Ana Ruiz, Contoso") == [
        "Priya Shah (Northwind)",
        "Tom Lee",
        "Ana Ruiz, Contoso",
    ]


@pytest.mark.parametrize(
    "line, text, due",
    [
        ("Send my portfolio by 2026-03-20", "Send my portfolio", "2026-03-20"),
        ("2026-03-20: send my portfolio", "send my portfolio", "2026-03-20"),
        ("Send my portfolio | 2026-03-20", "Send my portfolio", "2026-03-20"),
        ("Send my portfolio (due 2026-03-20)", "Send my portfolio", "2026-03-20"),
        ("- Read the blog", "Read the blog", None),
        ("Email Priya on 2026-3-5 about the meetup", "Email Priya about the meetup", "2026-03-05"),
    ],
)
def test_parse_promised_formats(line, text, due):
    assert conv.parse_promised(line) == [{"text": text, "due": due}]


def test_parse_promised_bad_lines_are_named():
    with pytest.raises(ValueError, match=r"line 2: 2026-02-30 is not a real date"):
        conv.parse_promised("Read the blog\nSend CV by 2026-02-30")
    with pytest.raises(ValueError, match=r"line 1: a date but no action"):
        conv.parse_promised("2026-03-20")


def test_notes_from_form():
    notes = conv.notes_from_form("2026-03-10", " Insight ", "", "", "A B\nA B", "Do X by 2026-03-12", "")
    assert notes.meeting_on == D(2026, 3, 10) and notes.insights == "Insight"
    assert notes.names_suggested == ["A B"] and notes.promised == [{"text": "Do X", "due": "2026-03-12"}]
    assert conv.notes_from_form(None).meeting_on is None
    assert conv.notes_from_form(dt.datetime(2026, 3, 1, 9, 30)).meeting_on == D(2026, 3, 1)
    with pytest.raises(ValueError, match="not a date"):
        conv.notes_from_form("last tuesday")


# ------------------------------------------------------------------ validation
@pytest.fixture
def met(tracker):
    cid = tracker.add_contact(first_name="Ada", last_name="Byron", company="Analytical Ltd")
    tracker.log(cid, "outreach_sent", on="2026-03-02")
    tracker.log(cid, "replied", on="2026-03-04")
    return tracker, cid


def test_future_meeting_date_refused_and_nothing_stored(met):
    tracker, cid = met
    notes = MeetingNotes(D(2026, 3, 20), insights="x")
    before = tracker.count()
    with pytest.raises(ValueError, match=r"after today \(2026-03-16\).*Log as scheduled"):
        conv.save_meeting_notes(tracker, cid, notes)
    assert tracker.count() == before
    with pytest.raises(ValueError, match="Choose the date"):
        conv.check_notes(tracker, cid, MeetingNotes(None, insights="x"))


def test_meeting_before_first_outreach_warns(met):
    tracker, cid = met
    warnings = conv.check_notes(tracker, cid, MeetingNotes(D(2026, 2, 27), advice="y"))
    assert len(warnings) == 1 and "before your first message to this contact (2026-03-02)" in warnings[0]
    assert conv.check_notes(tracker, cid, MeetingNotes(D(2026, 3, 2), advice="y")) == []
    assert conv.check_notes(tracker, cid, MeetingNotes(D(2026, 3, 9), advice="y")) == []
    lone = tracker.add_contact(first_name="No", last_name="Outreach")
    assert conv.check_notes(tracker, lone, MeetingNotes(D(2025, 1, 1), advice="y")) == []


def test_other_warnings_and_limits(met):
    tracker, cid = met
    warnings = conv.check_notes(tracker, cid, MeetingNotes(D(2026, 3, 9)))
    assert warnings == [
        "Your notes are empty apart from the date: write down insights and advice while you remember them."
    ]
    warnings = conv.check_notes(
        tracker, cid, MeetingNotes(D(2026, 3, 9), promised=[{"text": "CV", "due": "2026-03-01"}])
    )
    assert "due 2026-03-01, before the meeting" in warnings[0]
    with pytest.raises(ValueError, match="longer than 20,000 characters"):
        conv.check_notes(tracker, cid, MeetingNotes(D(2026, 3, 9), insights="x" * 20001))


# ------------------------------------------------------------------ saving
def test_save_meeting_notes_stores_the_shared_body_and_logs_once(met):
    tracker, cid = met
    notes = conv.notes_from_form(
        D(2026, 3, 9),
        "<b>Teams</b> & <script>alert(1)</script>",
        "Learn SQL",
        "PyData",
        "",
        "Send CV by 2026-03-12",
        "An intro",
    )
    result = conv.save_meeting_notes(tracker, cid, notes)
    assert result.logged_meeting and result.new_contacts == [] and result.warnings == []
    note = tracker.latest_note(cid, "meeting_notes")
    assert note["occurred_on"] == "2026-03-09"
    assert note["body"] == {
        "meeting_on": "2026-03-09",
        "insights": "<b>Teams</b> & <script>alert(1)</script>",
        "advice": "Learn SQL",
        "resources": "PyData",
        "names_suggested": [],
        "promised": [{"text": "Send CV", "due": "2026-03-12"}],
        "offered": "An intro",
    }
    held = [e for e in tracker.interaction_list(cid) if e["kind"] == "meeting_held"]
    assert [e["occurred_on"] for e in held] == ["2026-03-09"]
    # Saving again for the same date replaces the note and does not log a second meeting.
    notes.advice = "Learn SQL and dbt"
    again = conv.save_meeting_notes(tracker, cid, notes)
    assert not again.logged_meeting and again.note_id == result.note_id
    assert len(tracker.notes(cid, "meeting_notes")) == 1
    assert tracker.latest_note(cid, "meeting_notes")["body"]["advice"] == "Learn SQL and dbt"
    assert len([e for e in tracker.interaction_list(cid) if e["kind"] == "meeting_held"]) == 1
    assert "already logged" in again.message()
    # A second meeting on another date is a second note and a second event.
    conv.save_meeting_notes(tracker, cid, MeetingNotes(D(2026, 3, 13), insights="second"))
    assert len(tracker.notes(cid, "meeting_notes")) == 2
    assert len([e for e in tracker.interaction_list(cid) if e["kind"] == "meeting_held"]) == 2


def test_names_suggested_become_referral_contacts(met):
    tracker, cid = met
    existing = tracker.add_contact(first_name="Tom", last_name="Lee", company="Contoso")
    notes = conv.notes_from_form(
        D(2026, 3, 9),
        "i",
        names_text="\n".join(
            [
                "Priya Shah (Northwind Labs)",
                "Tom Lee, Contoso",  # already in the tracker
                "Tom Lee",  # same name, no company: taken as the same person
                "priya shah (northwind labs)",  # repeated
                "Ada Byron",  # the person met
                "Li Wei at Fabrikam",
                "<img src=x onerror=alert(1)> Evil",
            ]
        ),
    )
    result = conv.save_meeting_notes(tracker, cid, notes)
    added = [tracker.contact(i) for i in result.new_contacts]
    assert [(c["first_name"], c["last_name"], c["company"]) for c in added] == [
        ("Priya", "Shah", "Northwind Labs"),
        ("Li", "Wei", "Fabrikam"),
        ("<img", "src=x onerror=alert(1)> Evil", ""),
    ]
    assert all(c["channel"] == "referral" and c["referred_by"] == cid and c["source"] == "referral" for c in added)
    for c in added:
        ev = tracker.interaction_list(c["id"])
        assert [(e["kind"], e["occurred_on"], e["detail"]) for e in ev] == [
            ("identified", "2026-03-09", "referred by Ada Byron")
        ]
    reasons = dict(result.skipped_names)
    assert reasons == {"Tom Lee": "already in your tracker", "Ada Byron": "that is the person you met"}
    assert tracker.contact(existing)["referred_by"] is None
    referral = [e for e in tracker.interaction_list(cid) if e["kind"] == "referral_received"]
    assert len(referral) == 1 and referral[0]["occurred_on"] == "2026-03-09"
    # Saving the same notes again adds nobody and logs nothing new.
    count = tracker.count()
    again = conv.save_meeting_notes(tracker, cid, notes)
    assert again.new_contacts == [] and tracker.count() == count
    assert "Added" not in again.message() and "Skipped Priya Shah: already in your tracker." in again.message()


def test_save_is_all_or_nothing(met, monkeypatch):
    tracker, cid = met
    before = tracker.count()
    real_log = tracker.log

    def failing_log(contact_id, kind, on=None, detail=""):
        if kind == "identified":
            raise RuntimeError("disk full")
        return real_log(contact_id, kind, on=on, detail=detail)

    monkeypatch.setattr(tracker, "log", failing_log)
    with pytest.raises(RuntimeError):
        conv.save_meeting_notes(tracker, cid, conv.notes_from_form(D(2026, 3, 9), "i", names_text="New Person"))
    assert tracker.count() == before


def test_schedule_meeting_allows_future_dates_once(met):
    tracker, cid = met
    assert conv.schedule_meeting(tracker, cid, D(2026, 3, 24))
    assert not conv.schedule_meeting(tracker, cid, "2026-03-24")
    assert [e["occurred_on"] for e in tracker.interaction_list(cid) if e["kind"] == "meeting_scheduled"] == [
        "2026-03-24"
    ]
    with pytest.raises(ValueError, match="Choose the date"):
        conv.schedule_meeting(tracker, cid, None)


def test_notes_html_escapes_everything():
    notes = MeetingNotes(
        D(2026, 3, 9),
        insights="<script>alert(1)</script>\nline 2",
        names_suggested=["<b>Bob</b>"],
        promised=[{"text": "<i>x</i>", "due": "2026-03-10"}],
        offered="a & b",
    )
    out = conv.notes_html(notes)
    assert "<script>" not in out and "<b>Bob" not in out and "<i>x" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>line 2" in out and "a &amp; b" in out
    assert "(by 2026-03-10)" in out
    assert conv.notes_html(notes.to_body()) == out


# ------------------------------------------------------------------ exercises
def test_check_phase_order():
    assert conv.check_phase_order("CAEDGBF").ok
    assert conv.check_phase_order(["C", "a", "E", "D", "G", "B", "F"]).ok
    assert conv.check_phase_order("C, A, E, D, G, B, F").ok
    assert "Nothing there yet" in conv.check_phase_order(None).messages[0]
    fb = conv.check_phase_order("BCAEDGF")
    assert not fb.ok and any("comes after" in m and "Next steps" in m for m in fb.messages)
    fb = conv.check_phase_order("ACEDGBF")  # phases right, order inside small talk wrong
    assert not fb.ok and fb.correct == fb.total - 1
    assert fb.messages == [fb.messages[0]] and fb.messages[0].startswith("Step A,")
    assert "order within its phase" in fb.messages[0] and "confirm the time" in fb.messages[0] and fb.hint
    # Every order that keeps the constraints is right: permission for notes may come before the first question.
    assert conv.check_phase_order("CEADGBF").ok
    assert not conv.check_phase_order("CAEGDBF").ok  # TIARA: trends before "what would you do"
    assert not conv.check_phase_order("CAEDGFB").ok  # mention their name only once they suggested someone
    fb = conv.check_phase_order("CAED")
    assert "Still to place: B, F, G." in fb.messages
    fb = conv.check_phase_order("CAEDGBFX")
    assert not fb.ok and "'X' is not one of the steps" in fb.messages[0]
    fb = conv.check_phase_order("CCAEDGBF")
    assert not fb.ok and "Step C appears more than once." in fb.messages


def test_check_listening():
    assert conv.check_listening(["a", "c", "e"]).ok
    assert conv.check_listening("A, C, E").ok
    assert "Nothing chosen yet" in conv.check_listening("").messages[0]
    fb = conv.check_listening("abd")
    text = "\n".join(fb.messages)
    assert not fb.ok and fb.correct == 2
    assert "(b) is not active listening" in text and "(d) is not active listening" in text
    assert "You left out (c)" in text and "You left out (e)" in text
    fb = conv.check_listening("acez")
    assert not fb.ok and "'z' is not one of the replies" in fb.messages[0]


# ------------------------------------------------------------------ the next stage reads what we wrote
def test_saved_notes_feed_the_follow_up_stage(met):
    followup = pytest.importorskip("infoview.followup")
    tracker, cid = met
    notes = conv.notes_from_form(
        D(2026, 3, 13),
        "Teams rotate",
        "Learn SQL before applying",
        "PyData",
        "Priya Shah (Northwind Labs)",
        "Send my portfolio by 2026-03-16",
        "",
    )
    conv.save_meeting_notes(tracker, cid, notes)
    actions = followup.due(tracker, D(2026, 3, 16))
    kinds = {(a.contact_id, a.kind) for a in actions}
    assert (cid, "thank_you") in kinds and (cid, "promised") in kinds
    promised = next(a for a in actions if a.kind == "promised")
    assert promised.due == D(2026, 3, 16) and "Send my portfolio" in promised.text
    draft = followup.draft_thank_you(tracker.contact(cid), tracker.latest_note(cid, "meeting_notes"), "Sam")
    assert "SQL" in draft


def test_notes_built_by_hand_with_a_text_date(met):
    tracker, cid = met
    result = conv.save_meeting_notes(tracker, cid, MeetingNotes("2026-03-09", advice="x"))
    assert result.logged_meeting and tracker.latest_note(cid, "meeting_notes")["body"]["meeting_on"] == "2026-03-09"
    with pytest.raises(ValueError, match="not a date"):
        conv.save_meeting_notes(tracker, cid, MeetingNotes("March 9", advice="x"))
