"""The situation tools and the role-play, driven as a learner would: set values, click."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from icalendar import Calendar

from infoview import roleplay as rp
from infoview.tracker import Tracker
from infoview.views import roleplay as vr
from infoview.views import situations as vs


def test_introduction_drafter_drafts_reviews_and_reports_back():
    v = vs.IntroductionRequestDrafter()
    v.introducer.value, v.contact.value, v.organisation.value = "Ana", "Sam Lee", "Northwind"
    v.topic.value, v.your_name.value = "how data teams work", "Jo"
    v.draft_button.click()
    assert "Sam Lee at Northwind" in v.note.value and v.forwardable.value
    v.review_button.click()
    assert v.review.ok and 'role="status"' in v.review_box.value
    v.forwardable.value = "<script>x</script> Could you get me a job?"
    v.review_button.click()
    assert not v.review.ok and "<script>" not in v.review_box.value
    v.learned.value = "how they hire"
    v.report_button.click()
    assert v.report.value.startswith("Hi Ana,") and "how they hire" in v.report.value


def test_introduction_drafter_says_what_is_missing():
    v = vs.IntroductionRequestDrafter()
    v.draft_button.click()
    assert v.notice.kind == "error" and "Please fill in" in v.notice.text and v.note.value == ""


def test_meeting_planner_plans_and_saves_an_invite(tmp_path):
    v = vs.MeetingPlanner(out_dir=tmp_path)
    assert "Europe/London" in v.your_zone.options
    v.day.value, v.time.value = "2026-03-10", "14:00"
    v.your_zone.value, v.their_zone.value = "America/New_York", "Europe/London"
    v.name.value, v.your_name.value = "Sam", "Jo"
    assert v.save_button.disabled
    v.plan_button.click()
    assert "10:00 (EDT) for you" in v.summary.value and "Monday 09 March" in v.summary.value
    assert "14:00 (GMT) your time" in v.confirmation.value
    v.save_button.click()
    event = Calendar.from_ical(v.saved_path.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.timezone.utc)
    assert v.notice.kind == "ok" and v.saved_path.parent == tmp_path


@pytest.mark.parametrize(
    "field,value,match",
    [("their_zone", "Londn", "not a time zone"), ("time", "2pm", "not a time"), ("day", "", "not a date")],
)
def test_meeting_planner_bad_input_is_one_sentence_and_plans_nothing(tmp_path, field, value, match):
    v = vs.MeetingPlanner(out_dir=tmp_path)
    v.day.value, v.time.value, v.your_zone.value, v.their_zone.value = "2026-03-10", "14:00", "Asia/Tokyo", "UTC"
    setattr(getattr(v, field), "value", value)
    v.plan_button.click()
    assert v.notice.kind == "error" and match in v.notice.text and v.meeting is None and v.save_button.disabled


def test_intro_builder_exercise_counts_attempts_and_shows_an_answer_only_after_one():
    t = Tracker(":memory:")
    v = vs.IntroductionBuilder(tracker=t)
    assert v.answer_button.layout.display == "none" and v.exercise.worked.value == ""  # no answer before a try
    v.check_button.click()
    assert v.attempts == 1 and not v.result.ok and 'role="status"' in v.exercise.feedback.value
    assert v.answer_button.layout.display is None
    v.answer_button.click()
    assert "Worked answer" in v.exercise.worked.value and "final-year chemistry student" in v.exercise.worked.value
    v.present.value, v.learn.value = "I'm a nurse", "how health-tech teams work"
    v.build_button.click()
    v.check_button.click()
    assert v.attempts == 2 and v.result.ok and "Attempts: 2" in v.exercise.attempts_label.value
    # the catalogue exercise "introduction" of lesson 3b: stored in the tracker like a stage's
    assert t.exercise_progress()["introduction"]["solved"]


def test_what_would_you_say_gives_feedback_per_reply_and_keeps_each_moments_attempts():
    t = Tracker(":memory:")
    v = vs.WhatWouldYouSay(tracker=t)
    v.picker.value = "referral_offer"
    v.check_button.click()
    assert not v.result.ok and "Nothing chosen yet" in v.exercise.feedback.value
    v.choice.value = "b"
    v.check_button.click()
    assert not v.result.ok and "you did not ask; they offered" in v.exercise.feedback.value
    v.answer_button.click()
    assert "What you might say" in v.exercise.worked.value and "honoured" in v.exercise.worked.value
    v.choice.value = "a"
    v.check_button.click()
    assert v.result.ok and v.attempts == 3
    assert t.exercise_progress()["moment_referral_offer"] == {
        **t.exercise_progress()["moment_referral_offer"],
        "attempts": 3,
        "solved": True,
    }
    v.picker.value = "no_show"  # another moment: its own exercise, not tried yet
    assert v.attempts == 0 and v.answer_button.layout.display == "none" and v.choice.value is None
    v.picker.value = "referral_offer"  # back again: its attempts are kept
    assert v.attempts == 3


def test_the_moments_are_edited_in_content(tmp_path):
    (tmp_path / "awkward_moments.toml").write_text(
        '[[scenario]]\nlesson = "04b"\nid = "late"\ntitle = "You are late"\nsituation = "Your train is late."\n'
        'model = "Sorry, running 5 minutes late."\nbasis = "Practice."\n'
        '[[scenario.option]]\ntext = "Send a short note now."\ngood = true\nfeedback = "Good: early and short."\n'
        '[[scenario.option]]\ntext = "Say nothing."\ngood = false\nfeedback = "Not quite: they wait."\n',
        encoding="utf-8",
    )
    v = vs.WhatWouldYouSay("04b", tmp_path, tracker=Tracker(":memory:"))
    assert [s.id for s in v.all] == ["late"] and "Your train is late." in v.exercise.intro.value
    v.choice.value = "b"
    v.check_button.click()
    assert str(v.result) == "Not quite: they wait."


def test_keep_in_touch_drafter_drafts_a_passing_update():
    v = vs.KeepInTouchDrafter(tracker=Tracker(":memory:"))
    v.name.value, v.advice.value, v.action.value, v.your_name.value = "Priya", "Talk to engineers", "Spoke to Sam", "Jo"
    v.draft_button.click()
    v.check_button.click()
    assert v.result.ok, v.result
    v.text.value = "Any jobs going on your team?"
    v.check_button.click()
    assert not v.result.ok


def test_checklist_ticks_are_kept_in_the_tracker(tmp_path):
    t = Tracker(tmp_path / "t.sqlite")
    v = vs.FindingPeopleChecklist(t)
    v.boxes["alumni_search"].value = True
    v.boxes["team_pages"].value = True
    assert "2 of 7 done" in v.progress.value
    again = vs.FindingPeopleChecklist(Tracker(tmp_path / "t.sqlite"))
    assert again.boxes["alumni_search"].value and again.boxes["team_pages"].value
    assert not again.boxes["association"].value


def test_card_deck_deals_each_card_once_and_sets_the_rubric_card(tmp_path):
    deck = vr.CardDeck(rng=random.Random(3))
    rubric = vr.ListenerRubric(Tracker(tmp_path / "t.sqlite"), deck=deck)
    seen = set()
    for _ in rp.cards():
        deck.draw_button.click()
        seen.add(deck.card.id)
        assert rubric.card.value == deck.card.id and esc_safe(deck.face.value)
    assert seen == {c.id for c in rp.cards()}
    deck.draw_button.click()  # the deck starts again
    assert deck.drawn == [deck.card.id]


def esc_safe(html: str) -> bool:
    return "<script" not in html and 'role="status"' in html


def test_round_timer_counts_down_warns_and_finishes_on_a_fake_clock():
    now = [0.0]
    timer = vr.RoundTimer(clock=lambda: now[0], background=False)
    assert "08:00" in timer.display_box.value and timer.state == "ready"
    timer.start_button.click()
    now[0] = 400
    assert timer.tick() == "warning" and "01:20" in timer.display_box.value and "Nearly time" in timer.state_box.value
    timer.pause_button.click()
    now[0] = 900
    assert timer.tick() == "paused" and "01:20" in timer.display_box.value
    timer.start_button.click()
    now[0] = 1000
    assert timer.tick() == "finished" and "00:00" in timer.display_box.value and "Time is up" in timer.state_box.value
    timer.reset_button.click()
    assert timer.state == "ready" and "08:00" in timer.display_box.value


def test_round_timer_thread_updates_the_display_by_itself():
    import time

    timer = vr.RoundTimer(2, interval=0.05)
    timer.start_button.click()
    deadline = time.monotonic() + 10
    while timer.state != "finished" and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    assert "00:00" in timer.display_box.value and not timer._thread.is_alive()
    timer.close()


def test_rubric_saves_scores_and_comment_and_refuses_a_half_scored_round(tmp_path):
    t = Tracker(tmp_path / "t.sqlite")
    v = vr.ListenerRubric(t)
    v.card.value = "quiet"
    v.scores["opening"].value = 3
    v.save_button.click()
    assert v.notice.kind == "error" and "give a score" in v.notice.text and t.roleplay_scores() == []
    for w in v.scores.values():
        w.value = 4
    v.comment.value = "<b>Great</b> follow-ups"
    v.speaker.value = "Ana"
    v.save_button.click()
    assert v.notice.kind == "ok"
    rows = t.roleplay_scores()
    assert len(rows) == 1 and rows[0]["card"] == "quiet" and rows[0]["comment"] == "<b>Great</b> follow-ups"
    assert set(rows[0]["scores"].values()) == {4} and rows[0]["speaker"] == "Ana"
    assert "4.0" in v.table.value and v.comment.value == "" and all(w.value is None for w in v.scores.values())


def test_glossary_search_narrows_and_escapes():
    from infoview.views.glossary import GlossarySearch

    v = GlossarySearch()
    assert len(v.found) > 20
    v.query.value = "wilson"
    assert v.found[0] == "Wilson interval" and "23% to 88%" in v.results.value
    v.query.value = "<img src=x onerror=alert(1)>"
    assert v.found == [] and "<img" not in v.results.value


def test_listings_show_the_content_with_its_basis():
    assert "Arrive 5-10 minutes early" in vs.etiquette_tips()._repr_html_()
    assert "May I mention your name" in repr(vs.last_five_tips())
    assert "Veterans" in vs.learner_tips()._repr_html_()
    assert "within two days" in repr(vs.event_tips())


def test_the_timer_announces_a_state_once_not_every_tick():
    now = [0.0]
    timer = vr.RoundTimer(clock=lambda: now[0], background=False)
    changes = []
    timer.state_box.observe(lambda c: changes.append(c["new"]), names="value")
    timer.start_button.click()
    for second in range(1, 30):
        now[0] = second
        timer.tick()
    assert len(changes) == 1 and "Time left" in changes[0]
    now[0] = 400
    timer.tick()
    timer.tick()
    assert len(changes) == 2 and "Nearly time" in changes[1]
