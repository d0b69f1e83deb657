"""The situations between the stages: introductions, meeting times and invites, the first two
minutes, the awkward moments, the keep-in-touch update and the finding-people checklist."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from infoview import situations as s


def test_the_forwardable_part_of_a_drafted_request_passes_the_rules_that_apply():
    r = s.draft_introduction_request(
        introducer="Ana",
        contact="Sam Lee",
        organisation="Northwind",
        topic="how data teams work",
        about_you="I'm finishing a statistics degree",
        your_name="Jo",
    )
    review = s.review_forwardable(r.forwardable)
    assert review.ok, review
    assert "Sam Lee at Northwind" in r.note and "forward" in r.note
    assert r.forwardable.count("?") == 1 and "20 minutes" in r.forwardable


def test_review_forwardable_keeps_only_the_applicable_rules():
    applicable = set(s.load_situations()["introduction"]["applicable_rules"])
    review = s.review_forwardable("I am me. I want a job at your company. Please pass on my resume.")
    assert review.rules and review.rules <= applicable
    assert "job_ask" in review.rules and not review.ok
    # the connection rule (about a stranger's message) never judges a forwardable blurb
    assert "connection_first" not in review.rules


@pytest.mark.parametrize("missing", ["introducer", "contact", "topic"])
def test_an_introduction_request_names_what_is_missing(missing):
    fields = dict(introducer="Ana", contact="Sam", topic="data")
    fields[missing] = "  "
    with pytest.raises(ValueError, match="Please fill in"):
        s.draft_introduction_request(**fields)


def test_report_back_thanks_the_introducer_and_says_what_was_learned():
    text = s.draft_report_back(
        introducer="Ana", contact="Sam", learned="how they hire", next_step="Read their blog", your_name="Jo"
    )
    assert text.startswith("Hi Ana,") and "introducing me to Sam" in text and "how they hire" in text
    assert "Next I'm going to read their blog." in text


def test_meeting_times_across_a_daylight_saving_gap():
    # US clocks change on 8 March 2026, the UK's on 29 March: for three weeks the gap is 4 hours, not 5.
    m = s.plan_meeting("2026-03-10", "14:00", "America/New_York", "Europe/London")
    assert (m.theirs.hour, m.yours.hour) == (14, 10)
    m = s.plan_meeting("2026-04-10", "14:00", "America/New_York", "Europe/London")
    assert (m.theirs.hour, m.yours.hour) == (14, 9)
    assert m.confirm_on == dt.date(2026, 4, 9)
    assert m.start_utc.tzinfo is dt.timezone.utc and m.start_utc.hour == 13


def test_a_time_skipped_by_the_clock_change_is_refused_in_one_sentence():
    with pytest.raises(ValueError, match="does not exist on 08 March 2026 in America/New_York"):
        s.plan_meeting("2026-03-08", "02:30", "America/New_York", "Europe/London", in_zone="yours")


@pytest.mark.parametrize(
    "day,time,zone,match",
    [
        ("2026-03-10", "25:00", "Europe/London", "not a time"),
        ("2026-03-10", "noon", "Europe/London", "not a time"),
        ("tomorrow", "10:00", "Europe/London", "not a date"),
        ("2026-03-10", "10:00", "London", "not a time zone name"),
        ("2026-03-10", "10:00", "<script>", "not a time zone name"),
        ("2026-03-10", "10:00", "../../etc/passwd", "not a time zone name"),
    ],
)
def test_bad_meeting_input_gets_one_sentence(day, time, zone, match):
    with pytest.raises(ValueError, match=match):
        s.plan_meeting(day, time, "Europe/Paris", zone)


def test_the_invite_is_a_valid_calendar_with_utc_times_and_a_reminder_the_day_before():
    m = s.plan_meeting("2026-06-02", "09:00", "Asia/Kolkata", "America/Los_Angeles", minutes=30)
    raw = s.meeting_ics(
        m, summary="Chat with Sam; data, teams", location="Zoom", stamp=dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc)
    )
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2026, 6, 2, 16, 0, tzinfo=dt.timezone.utc)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=30)
    assert str(event["summary"]) == "Chat with Sam; data, teams"
    assert event.walk("VALARM")[0].decoded("trigger") == dt.timedelta(days=-1)
    # the same meeting exported twice keeps its UID (a calendar updates it, not duplicates it)
    again = Calendar.from_ical(s.meeting_ics(m, summary="Chat with Sam; data, teams")).walk("VEVENT")[0]
    assert str(again["uid"]) == str(event["uid"])


def test_the_confirmation_gives_both_times():
    m = s.plan_meeting("2026-06-02", "09:00", "Asia/Kolkata", "America/Los_Angeles")
    text = s.confirmation_text(m, name="Sam", how="Video: the link in the invite", your_name="Jo")
    assert "09:00 (PDT) your time" in text and "21:30 IST for me" in text and "tomorrow" in text


def test_the_30_second_limit_comes_from_the_speaking_rate(tmp_path):
    assert s.intro_word_limit() == 75
    (tmp_path / "situations.toml").write_text("[first_two_minutes]\nwords_per_minute = 120\n")
    assert s.intro_word_limit(tmp_path) == 60
    long = " ".join(["word"] * 70) + " hoping to learn? "
    assert s.check_introduction(long).ok
    assert not s.check_introduction(long, tmp_path).ok


def test_a_built_introduction_passes_its_own_check():
    text = s.build_introduction(present="I'm a nurse", past="Ten years on wards", learn="how health-tech teams work")
    fb = s.check_introduction(text)
    assert fb.ok, fb


@pytest.mark.parametrize("typed", [None, "", "   ", "<b>x</b>", "x" * 10_000, "🙂" * 50, 42])
def test_no_check_raises_on_anything_typed(typed):
    for check in (s.check_introduction, s.check_update):
        fb = check(typed)
        assert not fb.ok and fb.messages


def test_every_scenario_has_a_good_reply_and_feedback_for_each():
    found = s.scenarios()
    assert {"decline", "reschedule", "no_show", "resume", "screening", "referral_offer"} <= {x.id for x in found}
    for sc in found:
        assert sc.good and sc.model and sc.basis
        for i in range(len(sc.options)):
            fb = s.check_scenario(sc, i)
            assert fb.ok == (i in sc.good) and fb.messages == [sc.feedback[i]]
        assert s.check_scenario(sc, chr(97 + min(sc.good))).ok


@pytest.mark.parametrize("choice", [None, "", "z", -1, 99, True, "ab", "🙂"])
def test_a_scenario_choice_that_is_no_option_is_asked_for_again(choice):
    fb = s.check_scenario("decline", choice)
    assert not fb.ok and "Choose one of the replies" in fb.messages[0]


def test_the_update_example_and_a_drafted_update_pass_and_a_job_ask_fails():
    assert s.check_update(s.load_situations()["keep_in_touch"]["example"]).ok
    drafted = s.draft_update(
        name="Priya",
        advice="Talk to your data engineers",
        action="Spoke to Sam Lee",
        result="he showed me their pipeline",
        next_step="Finish the cloud course",
        your_name="Jo",
    )
    assert s.check_update(drafted).ok, s.check_update(drafted)
    fb = s.check_update(drafted + " Could you refer me for the open analyst job?")
    assert not fb.ok and any("Ask for nothing" in m for m in fb.messages)


def test_the_checklist_and_event_lines_come_from_content():
    items = s.finding_checklist()
    assert [i["id"] for i in items][:2] == ["alumni_search", "alumni_database"]
    assert len({i["id"] for i in items}) == len(items)
    assert any("within two days" in line for line in s.event_lines())


def test_every_situation_rule_has_a_source():
    data = s.load_situations()
    for section in ("introduction", "meeting", "first_two_minutes", "keep_in_touch", "finding_people"):
        assert data[section].get("source") or data[section].get("confirm_source"), section
    assert data["first_two_minutes"]["words_per_minute_source"].startswith("assumption")
    for item in data["etiquette"]:
        assert item["source"]


def test_the_four_kinds_of_learner_each_get_a_sourced_note():
    notes = s.learner_notes()
    assert [n["who"] for n in notes] == [
        "Nervous first-timers and introverts",
        "International students",
        "Career changers",
        "Veterans",
    ]
    assert all(n["text"] and n["source"] for n in notes)
    assert "sponsor" in notes[1]["text"] and "?" in notes[1]["text"]


def test_scenarios_are_filtered_by_lesson():
    assert {x.id for x in s.scenarios(lesson="04b")} == {
        "decline",
        "reschedule",
        "no_show",
        "resume",
        "screening",
        "referral_offer",
    }
    assert {x.id for x in s.scenarios(lesson="01b")} == {"event_follow_up", "visa"}
    assert [x.id for x in s.scenarios(lesson="03b")] == ["confirm"]
    assert s.scenarios(lesson="nowhere") == []


def test_check_content_names_a_broken_scenario_or_card_file(tmp_path):
    from infoview.workshop import check_content

    (tmp_path / "awkward_moments.toml").write_text(
        '[[scenario]]\nid = "x"\ntitle = "X"\nsituation = "s"\n[[scenario.option]]\ntext = "a"\nfeedback = "f"\n'
    )
    (tmp_path / "roleplay.toml").write_text("[rubric]\nlow = 4\nhigh = 1\n")
    (tmp_path / "situations.toml").write_text("[first_two_minutes]\nseconds = 30\n")
    results = {name: (state, message) for name, state, message in check_content(tmp_path)}
    assert results["awkward_moments.toml"][0] == "error" and "'x'" in results["awkward_moments.toml"][1]
    assert results["roleplay.toml"][0] == "error" and "low (4) must be below high (1)" in results["roleplay.toml"][1]
    assert results["situations.toml"][0] == "ok"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TYPED = st.one_of(st.none(), st.text(max_size=300), st.integers(), st.floats(allow_nan=True))


@settings(max_examples=150, deadline=None)
@given(text=_TYPED, choice=st.one_of(_TYPED, st.booleans()))
def test_no_check_raises_on_what_a_learner_can_type(text, choice):
    for fb in (s.check_introduction(text), s.check_update(text), s.check_scenario("visa", choice)):
        assert isinstance(fb.ok, bool) and (fb.ok or fb.messages)


@settings(max_examples=150, deadline=None)
@given(day=_TYPED, time=_TYPED, zone=_TYPED)
def test_planning_a_meeting_either_works_or_says_why_in_one_sentence(day, time, zone):
    try:
        m = s.plan_meeting(day, time, "Europe/Paris", zone)
    except ValueError as exc:
        assert str(exc).count("\n") == 0 and str(exc).endswith(".")
    else:
        assert m.start_utc.tzinfo is not None and m.minutes == 20
