"""Stage 5 views, driven as a learner would: click Done and Snooze, export, draft and edit a thank-you."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from infoview import followup as fu
from infoview.session import Session
from infoview.tracker import Tracker
from infoview.views.followup import ThankYouDrafter, TodaysFollowups

TODAY = dt.date(2026, 3, 16)
NOTES = {
    "meeting_on": "2026-03-12",
    "insights": "Most analysts start on the reporting team.",
    "advice": "Build one small project with public transport data, then write it up.",
    "resources": "",
    "names_suggested": [],
    "offered": "",
    "promised": [{"text": "Send the write-up", "due": "2026-03-20"}],
}


def small_tracker(t: Tracker) -> dict[str, int]:
    eve = t.add_contact(first_name="Eve", last_name="<b>Evans</b>", company="Evo", channel="alumni")
    t.log(eve, "meeting_held", "2026-03-12")
    t.add_note(eve, "meeting_notes", NOTES, on="2026-03-12")
    ann = t.add_contact(first_name="Ann", last_name="Alpha", company="Acme")
    t.log(ann, "outreach_sent", "2026-03-02")
    return {"eve": eve, "ann": ann}


def test_done_logs_interaction_and_removes_row(tracker):
    ids = small_tracker(tracker)
    view = TodaysFollowups(tracker, today=TODAY)
    assert not view.using_sample and view.source.value == ""
    assert [(a.contact_id, a.kind) for a, _, _ in view.rows] == [
        (ids["ann"], "second_contact"),
        (ids["ann"], "nudge"),
        (ids["eve"], "thank_you"),
    ]
    assert "3 follow-up(s) due by 2026-03-16, 3 of them overdue." in view.summary.value
    assert "&lt;b&gt;Evans&lt;/b&gt;" in view.list_box.children[2].children[0].value
    assert "<b>Evans" not in view.list_box.children[2].children[0].value
    thank_row = view.rows[2]
    thank_row[1].click()
    assert [(e["kind"], e["occurred_on"]) for e in tracker.interaction_list(ids["eve"])][-1] == (
        "thank_you_sent",
        "2026-03-16",
    )
    assert "thank_you" not in {a.kind for a, _, _ in view.rows}
    assert len(view.list_box.children) == 2
    assert view.notice.kind == "ok"
    assert view.notice.text == "Done: Send a thank-you for Eve <b>Evans</b>; logged 'Thank-you sent' on 2026-03-16."
    view.rows[1][1].click()  # the nudge
    assert tracker.interaction_list(ids["ann"])[-1]["kind"] == "follow_up_sent"
    assert [a.kind for a, _, _ in view.rows] == ["second_contact"]


def test_snooze_moves_row_away_and_counts_days(tracker):
    small_tracker(tracker)
    view = TodaysFollowups(tracker, today=TODAY)
    view.snooze_days.value = 5
    first = view.rows[0][0]
    view.rows[0][2].click()
    assert first.key not in {a.key for a, _, _ in view.rows}
    assert view.notice.text.endswith("comes back on 2026-03-21.")
    state = tracker.latest_note(first.contact_id, "followup_state")["body"]
    assert state == {"key": first.key, "status": "snoozed", "until": "2026-03-21"}
    assert first.key in {a.key for a in fu.due(tracker, "2026-03-21")}


def test_export_calendar_writes_ics_in_data_folder(tracker, tmp_path):
    small_tracker(tracker)
    view = TodaysFollowups(tracker, today=TODAY)
    view.export_button.click()
    assert view.notice.kind == "ok", view.notice.text
    assert view.last_export == tmp_path / "followups.ics"  # data_dir() is beside $INFOVIEW_DB (conftest)
    assert str(view.last_export) in view.notice.text
    events = Calendar.from_ical(view.last_export.read_bytes()).walk("VEVENT")
    # the 3 due now plus Eve's promise (03-20) and keep-in-touch (04-11? no: beyond 14 days)
    assert sorted(e.decoded("dtstart").isoformat() for e in events) == [
        "2026-03-05",
        "2026-03-11",
        "2026-03-13",
        "2026-03-20",
    ]


def test_empty_tracker_uses_the_sample_and_says_so(tracker):
    view = TodaysFollowups(tracker, today=TODAY)
    assert view.using_sample and "sample learner" in view.source.value
    assert len(view.rows) == len(fu.due(view.tracker, TODAY)) > 0
    before = tracker.count()
    view.rows[0][1].click()
    assert tracker.count() == before  # the learner's own tracker is untouched


def test_nothing_due_is_friendly(tracker):
    view = TodaysFollowups(Session(tracker, sample=False), today=TODAY)
    assert view.rows == [] and "Nothing due by 2026-03-16" in view.summary.value


def test_warnings_are_listed_escaped(tracker):
    c = tracker.add_contact(first_name="<i>Jo</i>", company="J")
    tracker.log(c, "meeting_held", "2026-05-01")
    view = TodaysFollowups(tracker, today=TODAY)
    assert "Check these dates (1)" in view.warnings_box.value and "&lt;i&gt;Jo" in view.warnings_box.value


def test_thank_you_drafter_drafts_reviews_and_logs(tracker):
    ids = small_tracker(tracker)
    view = ThankYouDrafter(tracker, learner_name="Sam")
    assert not view.using_sample
    assert view.meeting.options == (("Eve <b>Evans</b> (Evo), 2026-03-12", 0),)
    assert '"Build one small project with public transport data, then write it up"' in view.text.value
    assert view.last_review.ok and "Ready to send" in view.review.value
    view.text.value = "Thanks! Could you refer me to your manager?"
    assert not view.last_review.ok and {"job_ask", "specific"} <= view.last_review.rules
    assert "Not ready yet" in view.review.value
    view.draft_button.click()
    assert view.last_review.ok
    view.log_button.click()
    assert tracker.interaction_list(ids["eve"])[-1]["kind"] == "thank_you_sent"
    assert fu.due(tracker, TODAY, settings=None) and "thank_you" not in {a.kind for a in fu.due(tracker, TODAY)}


def test_thank_you_drafter_without_meetings(tracker):
    tracker.add_contact(first_name="Ann", company="Acme")
    view = ThankYouDrafter(tracker)
    assert view.draft_button.disabled and view.notice.kind == "info" and "No meetings yet" in view.notice.text
    view.text.value = "Thank you"  # reviewing still works
    assert "length" in view.last_review.rules


def test_thank_you_drafter_on_sample(tracker):
    view = ThankYouDrafter(tracker)
    assert view.using_sample and len(view.meeting.options) > 0
    view.meeting.value = 1
    assert view.text.value.startswith("Dear ")
