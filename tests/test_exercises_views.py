"""Exercise widgets: driven as a learner would (set .value, click), for every exercise of the course."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from infoview import exercises as ex
from infoview.tracker import Tracker
from infoview.views.exercises import (
    ChoiceExercise,
    LabelExercise,
    OrderExercise,
    ProgressPanel,
    TextExercise,
    exercise,
)

IDS = [e["id"] for e in ex.catalogue()]


@pytest.fixture
def tracker():
    t = Tracker(":memory:")
    yield t
    t.close()


def _inputs(w):
    """Every control a learner answers with."""
    if isinstance(w, TextExercise):
        return list(w.boxes.values())
    if isinstance(w, LabelExercise):
        return list(w.dropdowns.values()) + [cb for boxes in w.checkboxes.values() for cb in boxes.values()]
    if isinstance(w, OrderExercise):
        return list(w.slots)
    if isinstance(w, ChoiceExercise):
        return list(w.boxes.values()) if w.multi else [w.radio]
    raise AssertionError(type(w))


def fill_right(w):
    """Answer an exercise correctly through its controls."""
    from infoview.outcomes import action_options, advice
    from infoview.start import numbers

    right = {
        "requests": {"r1": "advice", "r2": "job_ask", "r3": "advice", "r4": "job_ask", "r5": "advice"},
        "evidence": {f["id"]: f["use"] for f in numbers()},
        "channels": {"c1": "warm", "c2": "alumni", "c3": "cold", "c4": "event", "c5": "referral", "c6": "cold"},
        "spot": {
            "A": ["connection_first", "job_ask"],
            "C": ["personalization"],
            "B": ["about_them", "format_flexibility", "personalization", "question_ask", "time_ask"],
        },
        "target_order": [
            "Puddlejump Games",
            "Kestrelwood Biologics",
            "Riverbend Community Health",
            "Lanternway Youth Network",
            "Pemberly Freight",
        ],
        "phase_order": list("CEADGBF"),
        "question_list": ["sm01", "tr01", "in02", "ad01", "re01", "as09", "nx01", "nx02"],
        "listening": ["a", "c", "e"],
        "rewrite": {"text": ex.exercise_info("rewrite")["worked_answer"].split("\n\nWhy:")[0]},
        "thank_you": {"text": ex.exercise_info("thank_you")["worked_answer"]},
        "open_questions": {
            "c1": "What do you enjoy most about working here?",
            "c2": "Where do you see the industry growing in the next few years?",
            "c3": "How did your studies prepare you for this job, and what else mattered?",
            "c4": "Which skills would you learn first if you were starting out?",
        },
        "three_b_seven": {"next_contact": "2026-04-08", "follow_up": "2026-04-14"},
        "reply_rate": {"rate": "60%", "denominator": "5"},
    }
    eid = w.exercise_id
    if eid.startswith("moment_"):  # an awkward moment (awkward_moments.toml): a reply marked good
        w.radio.value = ex.exercise_info(eid)["answer"][0]
        return
    if eid in ("introduction", "keep_in_touch"):  # the lessons' texts: the worked answer passes
        w.boxes["text"].value = ex.exercise_info(eid)["worked_answer"].split("\n\nWhy:")[0]
        return
    if eid == "action":
        good = next(a for a in advice() if a["metric"] == "reply_rate")["action"]
        w.radio.value = str(action_options("reply_rate").index(good) + 1)
    elif isinstance(w, LabelExercise) and not w.multi:
        for item, value in right[eid].items():
            w.dropdowns[item].value = value
    elif isinstance(w, LabelExercise):
        for item, boxes in w.checkboxes.items():
            for value, cb in boxes.items():
                cb.value = value in right[eid].get(item, [])
    elif isinstance(w, OrderExercise):
        for slot, value in zip(w.slots, right[eid]):
            slot.value = value
    elif isinstance(w, ChoiceExercise):
        for value, cb in w.boxes.items():
            cb.value = value in right[eid]
    else:
        for key, value in right[eid].items():
            w.boxes[key].value = value


@pytest.mark.parametrize("eid", IDS)
def test_a_learner_does_every_exercise_wrong_then_right(eid, tracker):
    w = exercise(eid, tracker=tracker)
    assert w.show_button.layout.display == "none" and w.worked.value == ""  # no answer before a try
    assert 'role="status"' in w.feedback.value and 'aria-live="polite"' in w.feedback.value
    for control in _inputs(w):  # every control has a label a screen reader reads
        assert control.description.strip(), (eid, control)
    # a wrong answer: blank the text boxes, clear every choice
    for control in _inputs(w):
        control.value = (
            False
            if isinstance(control, widgets.Checkbox)
            else ("" if not isinstance(control, widgets.RadioButtons) else None)
        )
    w.check_button.click()
    assert w.result is not None and not w.result.ok and w.attempts == 1
    assert "Attempts: 1" in w.attempts_label.value and "solved" not in w.attempts_label.value
    assert 'role="status"' in w.feedback.value and w.result.messages[0][:20] in w.feedback.value.replace("&#x27;", "'")
    assert w.show_button.layout.display is None  # offered after the first try
    fill_right(w)
    w.check_button.click()
    assert w.result.ok, (eid, str(w.result))
    assert w.attempts == 2 and "solved ✔" in w.attempts_label.value
    w.show_button.click()
    assert "Worked answer" in w.worked.value and w.revealed
    row = tracker.exercise_progress()[eid]
    assert row["attempts"] == 2 and row["solved"] and row["revealed"]
    again = exercise(eid, tracker=tracker)  # a reload: the count and the offer come back from the tracker
    assert again.attempts == 2 and again.solved and again.show_button.layout.display is None


HOSTILE_TEXT = ["<script>alert('x')</script>", "🎉" * 300, "word " * 5000, "  \n\t ", "asdf qwer"]


@pytest.mark.parametrize("eid", ["rewrite", "thank_you", "open_questions", "three_b_seven", "reply_rate"])
@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_hostile_text_gets_feedback_and_is_escaped(eid, text, tracker):
    w = exercise(eid, tracker=tracker)
    for box in w.boxes.values():
        box.value = text
    w.check_button.click()
    assert w.notice.kind == "" and w.result is not None and not w.result.ok
    assert "<script>" not in w.feedback.value and w.attempts == 1


def test_never_shows_no_worked_answer_and_always_shows_it_from_the_start(tmp_path, tracker):
    never = tmp_path / "never"
    never.mkdir()
    (never / "course.toml").write_text('[course]\nsolutions = "never"\n', encoding="utf-8")
    w = exercise("phase_order", tracker=tracker, content_dir=never)
    w.check_button.click()
    w.show_button.click()
    assert w.show_button.layout.display == "none" and w.worked.value == "" and not w.revealed
    always = tmp_path / "always"
    always.mkdir()
    (always / "course.toml").write_text('[course]\nsolutions = "always"\n', encoding="utf-8")
    w = exercise("phase_order", tracker=tracker, content_dir=always)
    assert w.show_button.layout.display is None
    w.show_button.click()
    assert "CEADGBF" in w.worked.value


def test_the_worked_answer_is_the_instructors_text_escaped(tmp_path, tracker):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "exercises.toml").write_text(
        '[[exercise]]\nid = "phase_order"\nstage = 4\nkind = "order"\ntitle = "Order <b>"\n'
        'worked_answer = "Thank them <script>x</script> first."\n',
        encoding="utf-8",
    )
    w = exercise("phase_order", tracker=tracker, content_dir=folder)
    w.check_button.click()
    w.show_button.click()
    assert "Thank them &lt;script&gt;x&lt;/script&gt; first." in w.worked.value
    assert "Order &lt;b&gt;" in w.title.value


def test_record_false_writes_nothing_and_a_broken_tracker_still_checks(tracker):
    w = exercise("listening", tracker=tracker, record=False)
    w.check_button.click()
    assert tracker.exercise_progress() == {} and w.attempts == 1
    tracker.close()
    w = exercise("listening", tracker=tracker)  # a closed tracker: the exercise still works
    w.check_button.click()
    assert w.result is not None and w.attempts == 1 and w.notice.kind == "warning"


def test_unknown_exercise_says_which_exist():
    with pytest.raises(ValueError, match="No exercise called 'nope'; the exercises are: requests"):
        exercise("nope")


def test_progress_panel_per_stage_and_after_a_refresh(tracker):
    panel = ProgressPanel(tracker=tracker)
    # every stage and lesson between them, in course order (the glossary is a page, not a lesson)
    assert [line.split(":")[0] for line in panel.lines] == [
        "Stage 0", "Stage 1", "Lesson 1b", "Stage 2", "Stage 3", "Lesson 3b",
        "Stage 4", "Lesson 4b", "Lesson 4c", "Stage 5", "Stage 6",
    ]  # fmt: skip
    assert panel.lines[3] == "Stage 2: 0/2 exercises, 0 messages logged"
    cid = tracker.add_contact(first_name="Kenji")
    tracker.log(cid, "outreach_sent", on="2026-03-02")
    for eid in ("rewrite", "spot", "moment_visa"):
        tracker.record_attempt(eid, solved=True)
    panel.refresh_button.click()
    assert panel.lines[3] == "Stage 2: 2/2 exercises, 1 message logged" and "✔" in panel.table.value
    one = ProgressPanel(2, tracker=tracker)
    assert one.lines == ["Stage 2: 2/2 exercises, 1 message logged"]
    assert 'role="status"' in one.table.value
    assert ProgressPanel("1b", tracker=tracker).lines == ["Lesson 1b: 1/2 exercises"]
    assert ProgressPanel("4c", tracker=tracker).lines == ["Lesson 4c: 0 role-play rounds scored"]


def test_every_project_notice_and_feedback_colour_has_aa_contrast():
    from infoview.exercises import _OK_COLOUR, _TODO_COLOUR
    from infoview.views.common import _STYLES, contrast_ratio

    for kind, (fg, bg, _icon) in _STYLES.items():
        assert contrast_ratio(fg, bg) >= 4.5, kind
    for fg in (_OK_COLOUR, _TODO_COLOUR, "#3d4650", "#1a1a1a"):
        assert contrast_ratio(fg, "#ffffff") >= 4.5 and contrast_ratio(fg, "#f6f8fa") >= 4.5, fg
