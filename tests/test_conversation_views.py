"""Stage 4 views, driven by setting values and clicking, with a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest

from infoview import prep
from infoview.views import conversation as views


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def ada(tracker):
    cid = tracker.add_contact(first_name="Ada", last_name="Byron", company="Analytical Ltd")
    tracker.log(cid, "outreach_sent", on="2026-03-02")
    return tracker, cid


def _save_list(tracker, cid, ids, minutes=20):
    found, _ = prep.questions_from_ids(ids)
    tracker.save_note(cid, "question_list", {"minutes": minutes, "questions": [q.to_dict() for q in found]})
    return found


def test_practice_run_walks_the_saved_list_with_the_clock(ada):
    tracker, cid = ada
    questions = _save_list(tracker, cid, ["sm01", "tr01", "ad01", "nx01", "nx02"])
    clock = FakeClock()
    view = views.PracticeRun(tracker, cid, clock=clock)
    assert "5 questions from your saved list" in view.source.value
    assert "permission" in view.reminder.value and "Press Start" in view.timer.value
    assert view.back_button.disabled
    view.start_button.click()
    assert questions[0].text in view.question.value and "Question 1 of 5" in view.timer.value
    clock.now = 100
    view.next_button.click()
    assert questions[1].text in view.question.value
    assert "this question 0:00 of 3:00" in view.timer.value and "total 1:40 of 18:00" in view.timer.value
    clock.now = 130
    view.check_button.click()  # the timer updates on any click
    assert "total 2:10" in view.timer.value
    view.back_button.click()
    assert questions[0].text in view.question.value and "Small talk 1:40 of 2:00" in view.timer.value
    clock.now = 170  # 140 s on a 120 s phase: beyond the 10% tolerance
    view.check_button.click()
    assert "Small talk 2:20 of 2:00" in view.timer.value and "total 2:50" in view.timer.value
    assert "over" in view.phases.value and "#a4161a" in view.timer.value
    for _ in range(3):
        view.next_button.click()
    assert "Who else" in view.question.value and "Before you leave" in view.reminder.value
    view.next_button.click()
    view.next_button.click()
    assert view.run.finished and "Finished: 2:50 of 18:00 (on time)" in view.timer.value
    assert view.notice.kind == "info" and "ran long" in view.notice.text


def test_practice_run_over_time_and_finish(ada):
    tracker, cid = ada
    _save_list(tracker, cid, ["sm01", "tr01"])
    clock = FakeClock()
    view = views.PracticeRun(tracker, cid, clock=clock)
    view.finish_button.click()
    assert view.notice.kind == "error" and "Press Start first" in view.notice.text
    view.start_button.click()
    clock.now = 19 * 60
    view.finish_button.click()
    assert view.notice.kind == "warning" and "Over time by 1:00" in view.notice.text


def test_practice_run_without_a_saved_list_proposes_one(ada):
    tracker, cid = ada
    view = views.PracticeRun(tracker, cid, clock=FakeClock())
    assert "a proposed list" in view.source.value
    assert view.run.minutes == 20 and not prep.budget(view.run.questions, 20).over


def test_practice_run_escapes_question_text(ada):
    tracker, cid = ada
    tracker.save_note(
        cid,
        "question_list",
        {
            "minutes": 20,
            "questions": [
                {"id": "own-1", "text": "<script>alert(1)</script>?", "category": "Advice", "phase": "qa", "minutes": 2}
            ],
        },
    )
    view = views.PracticeRun(tracker, cid, clock=FakeClock())
    view.next_button.click()
    assert "<script>" not in view.question.value and "&lt;script&gt;" in view.question.value


def test_notes_form_saves_notes_and_creates_referrals(ada):
    tracker, cid = ada
    form = views.MeetingNotesForm(tracker, cid)
    assert form.meeting_on.value == dt.date(2026, 3, 16) and form.insights.value == ""
    form.meeting_on.value = dt.date(2026, 3, 9)
    form.insights.value = "<b>Teams</b> rotate every year"
    form.advice.value = "Learn SQL first"
    form.resources.value = "Local PyData meetup"
    form.names.value = "Priya Shah (Northwind Labs)\nTom Lee, Contoso\n"
    form.promised.value = "Send my portfolio by 2026-03-12\nRead the team blog"
    form.offered.value = "An introduction to Priya"
    form.save_button.click()
    assert form.notice.kind == "ok", form.notice.text
    assert "Notes saved. Meeting logged. Added 2 referral contact(s)." == form.notice.text
    body = tracker.latest_note(cid, "meeting_notes")["body"]
    assert body["insights"] == "<b>Teams</b> rotate every year"
    assert body["promised"] == [
        {"text": "Send my portfolio", "due": "2026-03-12"},
        {"text": "Read the team blog", "due": None},
    ]
    referrals = [c for c in tracker.contact_list() if c["channel"] == "referral"]
    assert [(c["first_name"], c["company"], c["referred_by"]) for c in referrals] == [
        ("Priya", "Northwind Labs", cid),
        ("Tom", "Contoso", cid),
    ]
    assert len(form.chooser.dropdown.options) == 3 and form.chooser.value == cid
    assert "<b>Teams" not in form.saved.value and "&lt;b&gt;Teams" in form.saved.value
    form.save_button.click()  # saving twice: no second meeting, no duplicate contacts
    assert "already logged" in form.notice.text and "already in your tracker" in form.notice.text
    assert len(tracker.contact_list()) == 3
    assert len([e for e in tracker.interaction_list(cid) if e["kind"] == "meeting_held"]) == 1


def test_notes_form_reloads_saved_notes_per_contact(ada):
    tracker, cid = ada
    other = tracker.add_contact(first_name="Sam", last_name="Ng")
    form = views.MeetingNotesForm(tracker, cid)
    form.meeting_on.value = dt.date(2026, 3, 9)
    form.advice.value = "Learn SQL"
    form.promised.value = "Send CV by 2026-03-12"
    form.save_button.click()
    form.chooser.value = other
    assert form.advice.value == "" and form.saved.value == ""
    form.chooser.value = cid
    assert form.advice.value == "Learn SQL" and form.promised.value == "Send CV by 2026-03-12"
    assert form.meeting_on.value == dt.date(2026, 3, 9) and form.notice.kind == "info"


def test_notes_form_bad_dates(ada):
    tracker, cid = ada
    form = views.MeetingNotesForm(tracker, cid)
    before = tracker.count()
    form.meeting_on.value = dt.date(2026, 4, 1)
    form.advice.value = "x"
    form.save_button.click()
    assert form.notice.kind == "error" and "after today" in form.notice.text
    form.meeting_on.value = None
    form.save_button.click()
    assert form.notice.kind == "error" and "Choose the date" in form.notice.text
    form.meeting_on.value = dt.date(2026, 3, 9)
    form.promised.value = "Send CV by 2026-02-31"
    form.save_button.click()
    assert form.notice.kind == "error" and "line 1: 2026-02-31 is not a real date" in form.notice.text
    assert tracker.count() == before  # nothing stored by a refused save
    form.promised.value = ""
    form.meeting_on.value = dt.date(2026, 2, 20)
    form.save_button.click()
    assert form.notice.kind == "warning" and "before your first message" in form.notice.text
    assert tracker.latest_note(cid, "meeting_notes")["body"]["meeting_on"] == "2026-02-20"


def test_notes_form_logs_a_future_meeting_as_scheduled(ada):
    tracker, cid = ada
    form = views.MeetingNotesForm(tracker, cid)
    form.meeting_on.value = dt.date(2026, 3, 24)
    form.schedule_button.click()
    assert form.notice.kind == "ok" and "scheduled for 2026-03-24" in form.notice.text
    form.schedule_button.click()
    assert form.notice.kind == "info" and "already logged" in form.notice.text
    assert [e["occurred_on"] for e in tracker.interaction_list(cid) if e["kind"] == "meeting_scheduled"] == [
        "2026-03-24"
    ]


def test_notes_form_saves_a_paste_with_a_broken_emoji(ada):
    """A paste that cut an emoji in two reaches Python as a lone surrogate, which UTF-8 and SQLite refuse."""
    tracker, cid = ada
    form = views.MeetingNotesForm(tracker, cid)
    form.advice.value = "Learn SQL " + chr(0xD83D)  # the first half of an emoji
    form.names.value = "Priya Shah (Northwind " + chr(0xD83D) + chr(0xDE00) + ")"  # both halves, sent apart
    form.save_button.click()
    assert form.notice.kind == "ok", form.notice.text
    assert tracker.latest_note(cid, "meeting_notes")["body"]["advice"] == "Learn SQL \ufffd"
    assert [c["company"] for c in tracker.contact_list() if c["channel"] == "referral"] == [
        "Northwind \N{GRINNING FACE}"
    ]
