"""Stage 5: 3B7 dates, the due list on a hand-built history, done/snooze, thank-you drafts and
review, the calendar export and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from icalendar import Calendar

from infoview import followup as fu
from infoview.cli import main
from infoview.tracker import Tracker

D = dt.date.fromisoformat
TODAY = D("2026-03-16")  # a Monday


# ------------------------------------------------------------------- 3B7 dates
@pytest.mark.parametrize(
    "sent, holidays, next_contact, follow_up",
    [
        ("2026-03-09", [], "2026-03-12", "2026-03-18"),  # Monday: same week, then next Wednesday
        ("2026-03-05", [], "2026-03-10", "2026-03-16"),  # Thursday: over one weekend each
        ("2026-03-06", [], "2026-03-11", "2026-03-17"),  # Friday
        ("2026-03-07", [], "2026-03-12", "2026-03-18"),  # Saturday: counted as sent on Monday (calendar.toml)
        ("2026-03-08", [], "2026-03-12", "2026-03-18"),  # Sunday too
        ("2026-03-05", ["2026-03-06"], "2026-03-11", "2026-03-17"),  # holiday on the Friday
        ("2026-04-02", ["2026-04-03", "2026-04-06"], "2026-04-09", "2026-04-15"),  # Easter: Fri + Mon off
        (
            "2026-12-23",
            ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"],
            "2026-12-30",
            "2027-01-07",
        ),  # Wednesday before two holiday pairs
        ("2026-03-05", ["2026-03-07"], "2026-03-10", "2026-03-16"),  # a holiday on a Saturday changes nothing
    ],
)
def test_plan_3b7_table(sent, holidays, next_contact, follow_up):
    plan = fu.plan_3b7(D(sent), holidays=holidays)
    assert plan == {"next_contact": D(next_contact), "follow_up": D(follow_up)}
    for day in plan.values():
        assert day.weekday() < 5 and day.isoformat() not in holidays


def test_holidays_from_content_file_are_honoured(tmp_path, monkeypatch):
    (tmp_path / "followup.toml").write_text('[business_days]\nholidays = ["2026-03-06"]\n')
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    assert fu.plan_3b7(D("2026-03-05"))["next_contact"] == D("2026-03-11")


def test_bad_holiday_in_content_file_names_it(tmp_path, monkeypatch):
    (tmp_path / "followup.toml").write_text('[business_days]\nholidays = ["next friday"]\n')
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    with pytest.raises(ValueError, match="'next friday' is not a date"):
        fu.load_settings()


def test_business_days_helpers():
    assert fu.add_business_days("2026-03-06", 0) == D("2026-03-06")
    assert fu.add_business_days("2026-03-13", 5) == D("2026-03-20")
    assert fu.business_days_between("2026-03-06", "2026-03-09") == 1
    assert fu.business_days_between("2026-03-09", "2026-03-06") == -1
    assert fu.business_days_between("2026-03-06", "2026-03-16", holidays=["2026-03-10"]) == 5
    with pytest.raises(ValueError, match="0 or more"):
        fu.add_business_days("2026-03-06", -1)
    with pytest.raises(ValueError, match="not a date"):
        fu.plan_3b7("soon")


def test_settings_defaults_and_sources():
    s = fu.load_settings()
    assert s["thank_you_days"] == 1 and s["thank_you_range_hours"] == [24, 168]
    assert s["tiers"] == {"close": 30, "regular": 90, "distant": 180}
    assert s["channel_cadence"]["warm"] == 90 and s["channel_cadence"]["referral"] == 30
    assert s["holidays"] == frozenset() and s["snooze_days"] == 3
    assert "Yale" in s["sources"]["thank_you"] and "Dalton" in s["sources"]["three_b_seven"]


def test_thank_you_timing_is_a_setting(tmp_path, monkeypatch):
    (tmp_path / "followup.toml").write_text("[thank_you]\nwithin_hours = 72\n")
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    assert fu.load_settings()["thank_you_days"] == 3
    (tmp_path / "followup.toml").write_text('[keep_in_touch]\nchannel_tier = { cold = "weekly" }\n')
    with pytest.raises(ValueError, match="'weekly': not a tier"):
        fu.load_settings()


# ---------------------------------------------------------- a known history
def build_history(t: Tracker) -> dict[str, int]:
    """Twelve contacts, each exercising one rule; the expected answer is in test_due_known_answer."""
    ids = {}

    def person(key, first, company, channel="cold", **kw):
        ids[key] = t.add_contact(first_name=first, last_name=key.title(), company=company, channel=channel, **kw)
        return ids[key]

    ann = person("ann", "Ann", "Acme")
    t.log(ann, "outreach_sent", "2026-03-09")  # day 3 = 03-12 due; day 7 = 03-18 not yet
    ben = person("ben", "Ben", "Bolt")
    t.log(ben, "outreach_sent", "2026-03-02")
    t.log(ben, "replied", "2026-03-04")  # replied: no 3B7
    cat = person("cat", "Cat", "Corex")
    dan = person("dan", "Dan", "Corex")
    t.log(cat, "outreach_sent", "2026-03-02")
    t.log(cat, "follow_up_sent", "2026-03-11")  # nudged already; Dan is the second person
    t.log(dan, "outreach_sent", "2026-03-06")  # day 7 = 03-17: not yet; Cat already contacted
    eve = person("eve", "Eve", "Evo", channel="alumni")
    t.log_many(
        [  # logged out of order on purpose
            {"contact_id": eve, "kind": "meeting_held", "occurred_on": "2026-03-12"},
            {"contact_id": eve, "kind": "replied", "occurred_on": "2026-02-18"},
            {"contact_id": eve, "kind": "outreach_sent", "occurred_on": "2026-02-16"},
        ]
    )
    t.add_note(
        eve,
        "meeting_notes",
        {
            "meeting_on": "2026-03-12",
            "insights": "Teams hire from internal projects.",
            "advice": "Build one small project with public data. Then show it.",
            "resources": "",
            "names_suggested": [],
            "offered": "",
            "promised": [
                {"text": "Send her my portfolio link", "due": "2026-03-15"},
                {"text": "Read the book she named", "due": ""},
            ],  # no date: 03-12 + 7 = 03-19
        },
        on="2026-03-12",
    )
    fay = person("fay", "Fay", "Fizz", channel="warm", cadence_days=45)
    t.log(fay, "meeting_held", "2026-01-05")
    t.log(fay, "thank_you_sent", "2026-01-06")
    t.log(fay, "update_sent", "2026-01-20")  # 01-20 + 45 = 03-06
    gus = person("gus", "Gus", "Gamma Co", channel="event")
    t.log(gus, "meeting_held", "2026-02-02")
    t.log(gus, "thank_you_sent", "2026-02-02")  # 02-02 + 30 = 03-04
    hal = person("hal", "Hal", "Hub")
    t.log(hal, "replied", "2026-03-01")  # a reply without outreach: nothing due
    ivy = person("ivy", "Ivy", "Ion")
    t.log(ivy, "outreach_sent", "2026-03-09")
    t.log(ivy, "outreach_sent", "2026-02-23")  # two outreach events: 3B7 from the first; the second counts as the nudge
    jon = person("jon", "Jon", "Jet")
    t.log(jon, "outreach_sent", "2026-03-13")
    t.log(jon, "meeting_held", "2026-04-01")  # future-dated: warned and ignored
    kim = person("kim", "Kim", "Kite")
    t.log(kim, "outreach_sent", "2026-01-05")  # stale: past the 30-day stop
    lou = person("lou", "Lou", "Mesa")
    t.log(lou, "meeting_held", "2026-03-09")
    t.add_note(lou, "followup_state", {"key": f"{lou}:thank_you:2026-03-09", "status": "done", "until": None})
    max_ = person("max", "Max", "Nova")
    t.log(max_, "outreach_sent", "2026-03-02")
    t.add_note(
        max_, "followup_state", {"key": f"{max_}:second_contact:2026-03-02", "status": "snoozed", "until": "2026-03-20"}
    )
    t.add_contact(first_name="Nia", last_name="Xi", company="Nil")  # no events at all
    return ids


EXPECTED = [  # (who, kind, due, days overdue) on 2026-03-16
    ("ivy", "second_contact", "2026-02-26", 18),
    ("gus", "keep_in_touch", "2026-03-04", 12),
    ("fay", "keep_in_touch", "2026-03-06", 10),
    ("max", "nudge", "2026-03-11", 5),
    ("ann", "second_contact", "2026-03-12", 4),
    ("eve", "thank_you", "2026-03-13", 3),
    ("eve", "promised", "2026-03-15", 1),
]


@pytest.fixture
def history(tracker):
    return tracker, build_history(tracker)


def test_due_known_answer(history):
    t, ids = history
    actions = fu.due(t, TODAY)
    by_id = {v: k for k, v in ids.items()}
    got = [(by_id[a.contact_id], a.kind, a.due.isoformat(), a.days_overdue) for a in actions]
    assert got == EXPECTED
    eve_promise = actions[-1]
    assert eve_promise.text == "You promised Eve Eve: Send her my portfolio link"
    assert actions[0].text.startswith("No reply from Ivy Ivy after 3 business days: contact a second person at Ion")
    assert actions[0].key == f"{ids['ivy']}:second_contact:2026-02-23" and actions[0].since == D("2026-02-23")
    assert {a.kind for a in actions} == set(fu.ACTION_KINDS)


def test_due_warns_about_future_dates_without_crashing(history):
    t, _ = history
    actions = fu.due(t, TODAY)
    assert actions.warnings == [
        "Jon Jon: 'meeting held' is dated 2026-04-01, after 2026-03-16; it was ignored. Check the date."
    ]


def test_due_within_days_shows_upcoming_and_snoozed(history):
    t, ids = history
    coming = fu.due(t, TODAY, within_days=4)
    extra = {(a.contact_id, a.kind, a.due.isoformat(), a.snoozed) for a in coming} - {
        (a.contact_id, a.kind, a.due.isoformat(), a.snoozed) for a in fu.due(t, TODAY)
    }
    assert extra == {
        (ids["ann"], "nudge", "2026-03-18", False),
        (ids["dan"], "nudge", "2026-03-17", False),
        (ids["eve"], "promised", "2026-03-19", False),
        (ids["max"], "second_contact", "2026-03-20", True),
        (ids["jon"], "second_contact", "2026-03-18", False),  # his future-dated meeting does not count as a reply
    }
    assert all(a.days_overdue == 0 for a in coming if a.due >= TODAY)


def test_due_before_anything_happened_and_on_empty_tracker(history, tmp_path):
    t, _ = history
    assert fu.due(t, "2026-01-01") == []
    empty = Tracker(":memory:")
    result = fu.due(empty, TODAY)
    assert result == [] and result.warnings == []
    assert result.summary() == "Nothing due by 2026-03-16. Well done: you are up to date with your follow-ups."
    assert list(fu.due_frame(empty, TODAY).columns)[:4] == ["due", "days_overdue", "contact_id", "name"]


def test_due_frame_matches_list(history):
    t, _ = history
    df = fu.due_frame(t, TODAY)
    assert len(df) == len(EXPECTED)
    assert df["days_overdue"].tolist() == [e[3] for e in EXPECTED]
    assert df["label"].iloc[0] == "Contact a second person there (3B7, day 3)"


def test_thank_you_for_each_meeting():
    t2 = Tracker(":memory:")
    b = t2.add_contact(first_name="Bo", company="B")
    t2.log(b, "meeting_held", "2026-02-01")
    t2.log(b, "thank_you_sent", "2026-02-01")
    t2.log(b, "meeting_held", "2026-03-10")
    t2.log(b, "thank_you_sent", "2026-03-01")  # before the second meeting: does not count
    kinds = [(x.kind, x.due.isoformat()) for x in fu.due(t2, TODAY)]
    assert ("thank_you", "2026-03-11") in kinds
    assert any("dated before the meeting" in w for w in fu.due(t2, TODAY).warnings)


def test_thank_you_due_on_the_next_day(tracker):
    a = tracker.add_contact(first_name="Ana", company="A")
    tracker.log(a, "meeting_held", "2026-03-15")
    got = fu.due(tracker, TODAY)
    assert [(x.kind, x.due, x.days_overdue) for x in got] == [("thank_you", D("2026-03-16"), 0)]


def test_reply_dated_before_outreach_is_warned_and_quiet(tracker):
    a = tracker.add_contact(first_name="Ana", company="A")
    tracker.log(a, "replied", "2026-03-01")
    tracker.log(a, "outreach_sent", "2026-03-02")
    got = fu.due(tracker, TODAY)
    assert got == [] and "before the first outreach" in got.warnings[0]


def test_promises_with_bad_dates_and_odd_shapes(tracker):
    a = tracker.add_contact(first_name="Ana", company="A")
    tracker.add_note(
        a,
        "meeting_notes",
        {
            "meeting_on": "2026-03-02",
            "promised": [{"text": "Send the article", "due": "someday"}, "Call Bo", {"text": "   "}],
        },
    )
    got = fu.due(tracker, TODAY)
    assert sorted((x.text, x.due.isoformat()) for x in got) == [
        ("You promised Ana: Call Bo", "2026-03-09"),
        ("You promised Ana: Send the article", "2026-03-09"),
    ]
    assert "unreadable due date" in got.warnings[0]


# ----------------------------------------------------------- done and snooze
def test_mark_done_logs_the_right_interaction(history):
    t, ids = history
    actions = {(a.contact_id, a.kind): a for a in fu.due(t, TODAY)}
    assert fu.mark_done(t, actions[(ids["eve"], "thank_you")]) == "thank_you_sent"
    assert fu.mark_done(t, actions[(ids["max"], "nudge")], on="2026-03-16") == "follow_up_sent"
    assert fu.mark_done(t, actions[(ids["gus"], "keep_in_touch")]) == "update_sent"
    assert fu.mark_done(t, actions[(ids["ann"], "second_contact")]) is None
    assert fu.mark_done(t, actions[(ids["eve"], "promised")]) is None
    kinds = [
        (e["contact_id"], e["kind"], e["occurred_on"]) for e in t.interaction_list() if e["occurred_on"] == "2026-03-16"
    ]
    assert sorted(kinds) == sorted(
        [
            (ids["eve"], "thank_you_sent", "2026-03-16"),
            (ids["max"], "follow_up_sent", "2026-03-16"),
            (ids["gus"], "update_sent", "2026-03-16"),
        ]
    )
    left = [(a.contact_id, a.kind) for a in fu.due(t, TODAY)]
    assert left == [(ids["ivy"], "second_contact"), (ids["fay"], "keep_in_touch")]
    # Gus's update moved his next keep-in-touch a cadence later.
    later = [a for a in fu.due(t, "2026-04-20") if a.contact_id == ids["gus"]]
    assert [(a.kind, a.due.isoformat()) for a in later] == [("keep_in_touch", "2026-04-15")]


def test_snooze_moves_then_returns(history):
    t, ids = history
    ivy = fu.due(t, TODAY)[0]
    assert fu.snooze(t, ivy, 3) == D("2026-03-19")
    assert ivy.key not in {a.key for a in fu.due(t, TODAY)}
    back = [a for a in fu.due(t, "2026-03-19") if a.key == ivy.key]
    assert back[0].snoozed and back[0].due == D("2026-03-19") and back[0].days_overdue == 0
    assert fu.snooze(t, ivy) == D("2026-03-19")  # default days from followup.toml (3)
    with pytest.raises(ValueError, match="at least 1 day"):
        fu.snooze(t, ivy, 0)
    with pytest.raises(ValueError, match="whole number"):
        fu.snooze(t, ivy, "soon")


# ------------------------------------------------------------- thank-you notes
NOTES = {
    "meeting_on": "2026-03-12",
    "insights": "Most analysts start on the reporting team.",
    "advice": "Build one small project with public transport data, then write it up.",
    "resources": "The city's open data portal.",
    "names_suggested": ["Bo Li"],
    "promised": [{"text": "I will send you the write-up by Friday", "due": "2026-03-20"}],
    "offered": "",
}


def test_draft_names_advice_and_plan_and_passes_review():
    contact = {"first_name": "Eve", "last_name": "Evans", "company": "Evo"}
    draft = fu.draft_thank_you(contact, NOTES, learner_name="Sam")
    assert draft.startswith("Dear Eve,\n\nThank you for taking the time to talk with me on Thursday 12 March.")
    assert '"Build one small project with public transport data, then write it up"' in draft
    assert "I will send you the write-up by Friday." in draft and draft.endswith("Best wishes,\nSam")
    review = fu.review_thank_you(draft, contact=contact, meeting_notes=NOTES)
    assert review.ok and review.findings == [], review.findings
    assert fu.draft_thank_you(contact, {"body": NOTES}) == fu.draft_thank_you(contact, NOTES)


def test_draft_without_notes_leaves_gaps_the_review_flags():
    draft = fu.draft_thank_you({"first_name": "Eve"}, {})
    assert "[Name one specific thing they told you]" in draft and "[the day you met]" in draft
    review = fu.review_thank_you(draft)
    assert not review.ok and "placeholder" in review.rules


GOOD = (
    "Dear Eve, thank you for your time on Thursday. You suggested I build one small project with public "
    "transport data before applying, so I will start this weekend and send you the write-up by Friday. "
    "Thank you again, Sam"
)


@pytest.mark.parametrize(
    "text, rule",
    [
        ("", "empty"),
        ("Thanks!", "length"),
        (GOOD + " " + "More detail. " * 80, "length"),
        (GOOD.replace("thank you", "cheers").replace("Thank you", "All the best"), "thanks"),
        (
            "Dear Eve, thank you so much for your time on Thursday. It was a great conversation and I learned a lot "
            "about the industry and I will keep going with my search. Best, Sam",
            "specific",
        ),
        (
            GOOD.replace("so I will start this weekend and send you the write-up by Friday", "which was great"),
            "next_step",
        ),
        (GOOD + " Could you refer me to the hiring manager?", "job_ask"),
        (GOOD + " Would you pass my resume to HR?", "job_ask"),
        (GOOD + " Please consider me for the analyst role.", "job_ask"),
        (GOOD.replace("Dear Eve", "Hello"), "name"),
        (GOOD + " [add more]", "placeholder"),
    ],
)
def test_review_rules_trigger(text, rule):
    review = fu.review_thank_you(text, contact={"first_name": "Eve"})
    assert rule in review.rules, review.findings


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        GOOD + " I'm not asking for a job, just grateful for the advice.",
        GOOD.replace("You suggested", "Your advice to"),
        GOOD.replace("so I will start", "so I have already started"),
    ],
)
def test_review_passes_good_notes(text):
    review = fu.review_thank_you(text, contact={"first_name": "Eve"})
    assert review.findings == [], review.findings


def test_review_specific_uses_the_notes():
    vague = GOOD.replace("build one small project with public transport data", "keep learning")
    assert "specific" in fu.review_thank_you(vague, meeting_notes=NOTES).rules
    assert "specific" not in fu.review_thank_you(GOOD, meeting_notes=NOTES).rules


def test_review_escapes_html():
    review = fu.review_thank_you("<script>x</script> [<b>gap</b>]")
    assert "<script>" not in review.to_html() and "&lt;b&gt;gap" in review.to_html()


# ---------------------------------------------------------- exercise checks
def test_check_3b7_answer_feedback():
    assert fu.check_3b7_answer("2026-04-02", "2026-04-08", "2026-04-14", holidays=["2026-04-03"]).ok
    calendar = fu.check_3b7_answer("2026-04-02", "2026-04-05", "2026-04-14", holidays=["2026-04-03"])
    assert not calendar.ok and calendar.messages == [
        "Day 3: 2026-04-05 counts 3 calendar days; count business days (skip Saturdays and Sundays)."
    ]
    weekend = fu.check_3b7_answer("2026-04-02", "2026-04-08", "2026-04-11", holidays=["2026-04-03"])
    assert "is a Saturday" in weekend.messages[0]
    blank = fu.check_3b7_answer("2026-04-02", "", None)
    assert not blank.ok and blank.messages[0].startswith("Day 3: fill in a date")
    typo = fu.check_3b7_answer("2026-04-02", "8 April", "2026-04-14")
    assert "not a date" in typo.messages[0]
    assert str(fu.check_3b7_answer("2026-03-09", "2026-03-12", "2026-03-18")).startswith("Correct!")


def test_check_thank_you_feedback():
    assert not fu.check_thank_you("").ok and "Write your note first" in fu.check_thank_you("").messages[0]
    assert fu.check_thank_you(GOOD, NOTES).ok
    missing = fu.check_thank_you("Thank you so much for your time, it was great talking with you.", NOTES)
    assert not missing.ok and any("specific piece of their advice" in m for m in missing.messages)


# ------------------------------------------------------------------ calendar
def _events(data: bytes):
    return Calendar.from_ical(data).walk("VEVENT")


def test_ics_round_trip_and_stable_uids(history):
    t, ids = history
    actions = fu.due(t, TODAY)
    first = fu.to_ics(actions, stamp=dt.datetime(2026, 3, 16, 9, tzinfo=dt.timezone.utc))
    events = _events(first)
    assert len(events) == len(EXPECTED)
    assert [e.decoded("dtstart") for e in events] == [D(x[2]) for x in EXPECTED]
    assert all(e.decoded("dtend") - e.decoded("dtstart") == dt.timedelta(days=1) for e in events)
    assert str(events[0]["summary"]) == "Contact a second person there (3B7, day 3): Ivy Ivy"
    assert str(events[0]["uid"]) == f"{ids['ivy']}-second_contact-2026-02-23@infoview"
    assert "No reply from Ivy Ivy" in str(events[0]["description"]) and "Organisation: Ion" in str(
        events[0]["description"]
    )
    cal = Calendar.from_ical(first)
    assert str(cal["version"]) == "2.0" and str(cal["x-wr-calname"]) == "Informational interviews: follow-ups"
    # a later export (another day, one action done) keeps the same UIDs for the same actions
    fu.mark_done(t, actions[0])
    again = _events(fu.to_ics(fu.due(t, "2026-03-17")))
    uids_first = {str(e["uid"]) for e in events}
    uids_again = {str(e["uid"]) for e in again}
    assert uids_again - uids_first <= {f"{ids['dan']}-nudge-2026-03-06@infoview"}
    assert (uids_first - uids_again) == {str(events[0]["uid"])}
    assert len({str(e["uid"]) for e in again}) == len(again)


def test_ics_escapes_names(tracker):
    nasty = tracker.add_contact(first_name='Lee, Jo; <b>"Boss"</b>', last_name="O'Neil\nJr", company="A, B & C")
    tracker.log(nasty, "meeting_held", "2026-03-15")
    actions = fu.due(tracker, TODAY)
    data = fu.to_ics(actions)
    assert b"Lee\\, Jo\\; <b>" in data and b"O'Neil\\nJr" in data
    ev = _events(data)[0]
    assert str(ev["summary"]) == 'Send a thank-you: Lee, Jo; <b>"Boss"</b> O\'Neil\nJr'
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded (RFC 5545, octets)


def test_write_ics_and_empty_calendar(tmp_path):
    out = fu.write_ics(tmp_path / "sub" / "f.ics", [])
    cal = Calendar.from_ical(out.read_bytes())
    assert cal.walk("VEVENT") == [] and str(cal["prodid"]).startswith("-//infoview")


# ----------------------------------------------------------------------- CLI
def test_cli_followups_table_and_ics(history, tmp_path, capsys):
    t, _ = history
    out = tmp_path / "f.ics"
    code = main(["followups", "--db", str(t.path), "--today", "2026-03-16", "--ics", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    lines = captured.out.splitlines()
    assert lines[0] == "7 follow-up(s) due by 2026-03-16, 7 of them overdue."
    assert lines[1].split() == ["Due", "Overdue", "Contact", "Action"]
    assert lines[3].startswith("2026-02-26  18 d") and "Ivy Ivy (Ion)" in lines[3]
    assert lines[3].endswith("Contact a second person there (3B7, day 3)")
    coming = fu.due(t, TODAY, within_days=14)  # the calendar also shows the next two weeks
    assert len(coming) == 13
    assert lines[-1].startswith("Wrote 13 event(s) (due now or in the next 14 days) to ")
    assert "Note: Jon Jon: 'meeting held' is dated 2026-04-01" in captured.err
    assert {str(e["uid"]) for e in _events(out.read_bytes())} == {fu._uid(a.key) for a in coming}


def test_cli_nothing_due_and_bad_date(tmp_path, capsys):
    db = tmp_path / "empty.sqlite"
    assert main(["followups", "--db", str(db), "--today", "2026-03-16"]) == 0
    assert capsys.readouterr().out.startswith("Nothing due by 2026-03-16.")
    assert main(["followups", "--db", str(db), "--today", "tomorrow"]) == 2
    assert "The --today date 'tomorrow' is not a date" in capsys.readouterr().err


# --------------------------------------------------- lesson helpers and content
def test_thank_you_timing_and_cadence_table(tmp_path, monkeypatch):
    text = fu.thank_you_timing()
    assert text.startswith("Send your thank-you within 24 hours of the meeting (Yale")
    assert "from 24 hours to 1 week (168 hours)" in text
    table = fu.cadence_table()
    assert dict(zip(table["tier"], table["every (days)"])) == {"regular": 90, "close": 30}
    assert table.loc["Your network (friends, family, colleagues)", "every (days)"] == 90
    assert "Tuesday 7 April (day 3)" in fu.describe_3b7("2026-04-02")
    assert "Wednesday 8 April (day 3)" in fu.describe_3b7("2026-04-02", holidays=["2026-04-03"])
    (tmp_path / "followup.toml").write_text("[thank_you]\nwithin_hours = 72\n")
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    assert fu.thank_you_timing().startswith("Send your thank-you within 3 days of the meeting")


def test_exercises_come_from_the_content_file(tmp_path, monkeypatch):
    assert "Thursday 2026-04-02" in fu.describe_3b7_exercise()
    assert fu.check_3b7_exercise("2026-04-08", "2026-04-14").ok
    weak = fu.exercise("thank_you")["weak_note"]
    assert not fu.check_thank_you_exercise(weak).ok
    assert "Advice: Build one small project" in fu.describe_thank_you_exercise()
    (tmp_path / "followup.toml").write_text('[exercise_3b7]\nsent_on = "2026-03-13"\nholidays = []\n')
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    assert "Friday 2026-03-13. Holidays: none." in fu.describe_3b7_exercise()
    assert fu.check_3b7_exercise("2026-03-18", "2026-03-24").ok
    with pytest.raises(ValueError, match=r"no \[exercise_other\] table"):
        fu.exercise("other")


# ------------------------------------------------------------ property tests
_days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


@hsettings(max_examples=200, deadline=None)
@given(sent=_days, holidays=st.lists(_days, max_size=15))
def test_plan_3b7_always_lands_on_business_days(sent, holidays):
    plan = fu.plan_3b7(sent, holidays=holidays)
    for key, n in (("next_contact", 3), ("follow_up", 7)):
        day = plan[key]
        assert day > sent and day.weekday() < 5 and day not in holidays
        assert fu.business_days_between(sent, day, holidays) == n
    assert plan["next_contact"] < plan["follow_up"]


def test_notes_saved_by_stage_4_feed_the_due_list(tracker):
    conversation = pytest.importorskip("infoview.conversation")
    eve = tracker.add_contact(first_name="Eve", last_name="Evans", company="Evo", channel="alumni")
    tracker.log(eve, "outreach_sent", "2026-03-02")
    tracker.log(eve, "replied", "2026-03-03")
    notes = conversation.notes_from_form(
        "2026-03-12",
        advice="Build one small project with open data.",
        names_text="Bo Li",
        promised_text="Send my portfolio by 2026-03-14\nRead their blog",
    )
    conversation.save_meeting_notes(tracker, eve, notes, today=TODAY)
    got = [(a.kind, a.due.isoformat(), a.text) for a in fu.due(tracker, TODAY, within_days=3)]
    assert got == [
        (
            "thank_you",
            "2026-03-13",
            "Thank Eve Evans for the meeting on 2026-03-12: name one piece of advice and what you will do with it.",
        ),
        ("promised", "2026-03-14", "You promised Eve Evans: Send my portfolio"),
        ("promised", "2026-03-19", "You promised Eve Evans: Read their blog"),
    ]
    meeting = fu.meetings(tracker)[0]
    draft = fu.draft_thank_you(meeting["contact"], meeting["notes"], "Sam")
    assert '"Build one small project with open data"' in draft and "I will send my portfolio." in draft
