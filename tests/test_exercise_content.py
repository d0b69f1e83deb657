"""Exercises defined as content (issue 17): a valid entry of each kind, each kind of invalid entry
with its message (file, entry, field), and a brand-new exercise of each kind added only through a
content folder, driven as a learner would and recorded in the tracker."""

from __future__ import annotations

import pytest

from infoview import course_exercises, exercises, workshop
from infoview.content import ContentError
from infoview.exercise_content import build_definition, check_definition, entry_problems
from infoview.tracker import Tracker
from infoview.views.exercises import (
    BrokenExercise,
    ChoiceExercise,
    LabelExercise,
    NumberExercise,
    OrderExercise,
    ProgressPanel,
    TextExercise,
    exercise,
)

NAMES = course_exercises.known_names()
LESSONS = [s["id"] for s in exercises.stages()]

#: One new exercise of each kind, written as an instructor would, in TOML.
NEW_EXERCISES = """
[[exercise]]
id = "my_labels"
stage = 2
kind = "labels"
title = "Warm or cold?"
prompt = "For each person, is a message to them warm or cold? <b>not bold</b>"
item_name = "Person"
labels = { warm = "Warm", cold = "Cold" }
items = [
  { id = "p1", text = "Your former manager", answer = "warm", hint = "You worked together." },
  { id = "p2", text = "A stranger on LinkedIn", answer = "cold", hint = "You have never met." },
]
feedback = { right = "Well sorted.", not_yet = "Ask: have you met them?" }
worked_answer = "p1 warm, p2 cold."

[[exercise]]
id = "my_multilabels"
stage = 2
kind = "labels"
multi = true
title = "What is wrong?"
prompt = "Tick every problem of each message."
labels = { long = "Too long", job = "A job ask" }
items = [
  { id = "m1", text = "Any jobs? (300 words)", answer = ["long", "job"], hint = "Count and read." },
  { id = "m2", text = "Coffee?", answer = [] },
]
worked_answer = "m1 both, m2 none."

[[exercise]]
id = "my_order"
stage = 4
kind = "order"
title = "First things first"
prompt = "Put the steps in order."
items = [{ id = "a", text = "Thank them" }, { id = "b", text = "Ask questions" }, { id = "c", text = "Ask for names" }]
before = [["a", "b"], ["b", "c"]]
worked_answer = "a, b, c."

[[exercise]]
id = "my_orders"
stage = 4
kind = "order"
title = "Either way"
prompt = "Two orders are right."
items = [{ id = "x", text = "X" }, { id = "y", text = "Y" }, { id = "z", text = "Z" }]
orders = [["x", "y", "z"], ["y", "x", "z"]]
worked_answer = "x or y first, then z."

[[exercise]]
id = "my_choice"
stage = 6
kind = "choice"
title = "One best reply"
prompt = "They ask for your resume. What do you do?"
options = [
  { id = "a", text = "Send it with thanks", feedback = "Yes: they offered." },
  { id = "b", text = "Refuse", feedback = "Not quite: refusing turns down their help." },
]
answer = "a"
worked_answer = "Send it with thanks."

[[exercise]]
id = "my_multichoice"
stage = 6
kind = "choice"
multi = true
title = "Good closings"
prompt = "Tick every good closing question."
options = [
  { id = "a", text = "Who else should I talk to?", feedback = "It opens the next conversation." },
  { id = "b", text = "Can you get me a job?", feedback = "A job ask." },
  { id = "c", text = "May I mention your name?", feedback = "It makes the next introduction easy." },
]
answer = ["a", "c"]
worked_answer = "a and c."

[[exercise]]
id = "my_number"
stage = 6
kind = "number"
title = "A rate"
prompt = "3 of 12 replied. What is the reply rate?"
fields = [{ id = "rate", label = "Reply rate:", value = 0.25, tolerance = 0.01, percent = true }]
worked_answer = "3 / 12 = 25%."

[[exercise]]
id = "my_text"
stage = 5
kind = "text"
title = "A short update"
prompt = "Write a short update that mentions their advice and ends with a question."
fields = [{ id = "text", label = "Your update", multiline = true }]
rules = [
  { rule = "min_words", value = 5 },
  { rule = "max_words", value = 40 },
  { rule = "mention_any", value = ["advice", "you suggested"] },
  { rule = "must_not_contain", value = ["job", "resume"], message = "Ask for nothing: no job or resume." },
  { rule = "ends_with_question" },
]
worked_answer = "I followed your advice and joined the group. How is your project going?"

[[exercise]]
id = "my_named_rules"
stage = 5
kind = "text"
title = "Keep in touch"
prompt = "Write a keep-in-touch update."
fields = [{ id = "text", label = "Your update", multiline = true }]
rules = "keep_in_touch"
worked_answer = "See notebook 4b."
"""

#: For each new exercise: how to answer it wrongly, then rightly, through its widget, and what the wrong feedback says.
PLANS = {
    "my_labels": ({"p1": "cold", "p2": "cold"}, {"p1": "warm", "p2": "cold"}, "You worked together."),
    "my_multilabels": ({"m1": ["long"], "m2": []}, {"m1": ["long", "job"], "m2": []}, "Count and read."),
    "my_order": (["b", "a", "c"], ["a", "b", "c"], "comes after"),
    "my_orders": (["z", "x", "y"], ["y", "x", "z"], "comes after"),
    "my_choice": ("b", "a", "refusing turns down their help"),
    "my_multichoice": (["a", "b"], ["a", "c"], "A job ask."),
    "my_number": ({"rate": "30%"}, {"rate": "25%"}, "not right yet"),
    "my_text": (
        {"text": "Any job openings for me on your team?"},
        {"text": "Thank you: I followed your advice and joined the analytics group. How is your project going?"},
        "Ask for nothing: no job or resume.",
    ),
    "my_named_rules": (
        {"text": "Hi, any openings on your team?"},
        {"text": None},  # filled from situations.toml's example below
        "Ask for nothing",
    ),
}
WIDGETS = {
    "my_labels": LabelExercise,
    "my_multilabels": LabelExercise,
    "my_order": OrderExercise,
    "my_orders": OrderExercise,
    "my_choice": ChoiceExercise,
    "my_multichoice": ChoiceExercise,
    "my_number": NumberExercise,
    "my_text": TextExercise,
    "my_named_rules": TextExercise,
}


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "exercises.toml").write_text(NEW_EXERCISES, encoding="utf-8")
    return tmp_path


@pytest.fixture
def tracker():
    t = Tracker(":memory:")
    yield t
    t.close()


def _answer(w, value) -> None:
    if isinstance(w, LabelExercise) and not w.multi:
        for item, label in value.items():
            w.dropdowns[item].value = label
    elif isinstance(w, LabelExercise):
        for item, boxes in w.checkboxes.items():
            for label, cb in boxes.items():
                cb.value = label in value.get(item, [])
    elif isinstance(w, OrderExercise):
        for slot, step in zip(w.slots, value):
            slot.value = step
    elif isinstance(w, ChoiceExercise) and w.multi:
        for option, cb in w.boxes.items():
            cb.value = option in value
    elif isinstance(w, ChoiceExercise):
        w.radio.value = value
    else:
        for key, text in value.items():
            w.boxes[key].value = text


# ------------------------------------------------------------------ a new exercise of each kind, content only
def test_the_new_exercises_pass_check_content_and_join_the_catalogue(folder):
    assert [r for r in workshop.check_content(folder) if r[1] != "ok"] == []
    ids = [e["id"] for e in exercises.catalogue(folder)]
    assert ids[:14] == [e["id"] for e in exercises.catalogue()][:14]  # the defaults are kept
    assert set(PLANS) <= set(ids)


@pytest.mark.parametrize("eid", list(PLANS))
def test_a_new_exercise_added_only_in_content_is_shown_checked_and_recorded(eid, folder, tracker):
    from infoview import situations

    wrong, right, wrong_says = PLANS[eid]
    if eid == "my_named_rules":
        right = {"text": situations.load_situations()["keep_in_touch"]["example"]}
    w = exercise(eid, tracker=tracker, content_dir=folder)
    assert isinstance(w, WIDGETS[eid]), type(w)
    assert w.show_button.layout.display == "none" and w.worked.value == ""
    _answer(w, wrong)
    w.check_button.click()
    assert w.result is not None and not w.result.ok, str(w.result)
    assert wrong_says in str(w.result), str(w.result)
    assert tracker.exercise_progress()[eid]["attempts"] == 1 and not tracker.exercise_progress()[eid]["solved"]
    assert w.show_button.layout.display is None  # the worked answer is offered after a try
    _answer(w, right)
    w.check_button.click()
    assert w.result.ok, str(w.result)
    row = tracker.exercise_progress()[eid]
    assert row["attempts"] == 2 and row["solved"]
    w.show_button.click()
    assert "Worked answer" in w.worked.value and tracker.exercise_progress()[eid]["revealed"]


def test_the_prompt_is_escaped_and_the_content_feedback_is_given(folder, tracker):
    w = exercise("my_labels", tracker=tracker, content_dir=folder)
    assert "&lt;b&gt;not bold&lt;/b&gt;" in w.intro.value and "<b>not bold</b>" not in w.intro.value
    _answer(w, {"p1": "warm"})
    w.check_button.click()
    assert w.result.hint == "Ask: have you met them?"
    _answer(w, PLANS["my_labels"][1])
    w.check_button.click()
    assert w.result.ok and "Well sorted." in w.result.messages


def test_the_new_exercises_count_in_the_progress_panel(folder, tracker):
    tracker.record_attempt("my_labels", solved=True)
    tracker.record_attempt("my_multilabels", solved=True)
    panel = ProgressPanel(2, tracker=tracker, content_dir=folder)
    assert panel.lines == ["Stage 2: 2/4 exercises, 0 messages logged"]
    counts = exercises.completion_counts(tracker, folder)
    assert counts["2"] == {"exercises": 4, "tried": 2, "solved": 2, "revealed": 0}


def test_an_instructor_changes_a_default_exercise_by_its_id_only(tmp_path, tracker):
    (tmp_path / "exercises.toml").write_text(
        '[[exercise]]\nid = "requests"\nprompt = "Our own words."\n'
        'labels = { advice = "Advice, please", job_ask = "Hire me" }\n',
        encoding="utf-8",
    )
    w = exercise("requests", tracker=tracker, content_dir=tmp_path)
    assert "Our own words." in w.intro.value
    assert ("Hire me", "job_ask") in w.dropdowns["r1"].options
    assert len(exercises.catalogue(tmp_path)) == len(exercises.catalogue())


def test_a_stage_file_overrides_the_items_an_entry_takes_from_it(tmp_path, tracker):
    (tmp_path / "start.toml").write_text(
        '[[request]]\nid = "q1"\ntext = "Could we talk for 20 minutes about your work?"\nkind = "advice"\n'
        'why = "It asks for advice."\n',
        encoding="utf-8",
    )
    w = exercise("requests", tracker=tracker, content_dir=tmp_path)
    assert list(w.dropdowns) == ["q1"]
    w.dropdowns["q1"].value = "advice"
    w.check_button.click()
    assert w.result.ok


# ------------------------------------------------------------------ definitions, pure
def _entry(**fields):
    return {"id": "e", "stage": 2, "title": "T", "prompt": "P", **fields}


VALID = {
    "labels": _entry(kind="labels", labels={"y": "Yes", "n": "No"}, items=[{"id": "a", "text": "A", "answer": "y"}]),
    "order": _entry(kind="order", items=[{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], before=[["a", "b"]]),
    "choice": _entry(kind="choice", options=[{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], answer="a"),
    "number": _entry(kind="number", fields=[{"id": "n", "label": "N", "value": 3, "tolerance": 0}]),
    "text": _entry(kind="text", fields=[{"id": "t", "label": "T"}], rules=[{"rule": "ends_with_question"}]),
}
RIGHT = {
    "labels": {"answers": {"a": "y"}},
    "order": {"order": ["a", "b"]},
    "choice": {"choice": "a"},
    "number": {"n": "3"},
    "text": {"t": "Why?"},
}


@pytest.mark.parametrize("kind", list(VALID))
def test_a_valid_entry_of_each_kind_has_no_problem_and_checks(kind):
    entry = VALID[kind]
    assert entry_problems(entry, 1, lessons=LESSONS, names=NAMES) == []
    d = build_definition(entry)
    assert d.kind == kind and d.lesson == "2"
    assert check_definition(d, RIGHT[kind]).ok
    assert not check_definition(d, {}).ok  # blank: feedback, not an error


F = "exercises.toml, exercise 'e'"


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            _entry(kind="quiz"),
            f"{F}, field 'kind': 'quiz' is not a kind of exercise; use one of text, labels, order, choice, number.",
        ),
        (
            {**VALID["choice"], "prompt": ""},
            f"{F}, field 'prompt': the prompt is missing or empty; write it as text in quotes.",
        ),
        (
            {**VALID["choice"], "stage": 9},
            f"{F}, field 'stage': 9 is not a lesson of the course; use one of {', '.join(LESSONS)}.",
        ),
        ({**VALID["choice"], "answer": "z"}, f"{F}, field 'answer': 'z' is not one of the options (a, b)."),
        (
            {**VALID["labels"], "items": [{"id": "a", "text": "A", "answer": "maybe"}]},
            f"{F}, field 'items': item 'a': its answer 'maybe' is not one of the labels (y, n).",
        ),
        (
            {**VALID["text"], "rules": "poetry"},
            f"{F}, field 'rules': 'poetry' is not a rule set the library knows; use one of: "
            + ", ".join(sorted(NAMES["rules"]))
            + ".",
        ),
        (
            {**VALID["text"], "rules": [{"rule": "rhymes"}]},
            f"{F}, field 'rules': rule 1: 'rhymes' is not a text rule; use one of min_words, max_words, mention_any, "
            "must_not_contain, ends_with_question.",
        ),
        (
            {**VALID["number"], "fields": [{"id": "n", "label": "N", "value": 3, "tolerance": "a bit"}]},
            f"{F}, field 'fields': answer box 'n': tolerance must be a number of 0 or more, not 'a bit'.",
        ),
        (
            {**VALID["number"], "fields": [{"id": "n", "label": "N", "value": "three"}]},
            f"{F}, field 'fields': answer box 'n': value must be the right number, not 'three'.",
        ),
        ({**VALID["order"], "before": [["a", "z"]]}, f"{F}, field 'before': 'z' is not one of the items (a, b)."),
        (
            {**VALID["order"], "before": None, "orders": [["a"]]},
            f"{F}, field 'orders': order 1 must name every item once (a, b).",
        ),
        (
            {**VALID["choice"], "check": "magic"},
            f"{F}, field 'check': 'magic' is not a name the library knows; use one of: "
            + ", ".join(sorted(NAMES["check"]))
            + ".",
        ),
        (
            {**VALID["choice"], "colour": "red"},
            f"{F}, field 'colour': a choice exercise does not use this field; the fields are: answer, check, feedback, "
            "id, kind, lesson, multi, options, options_from, prompt, question, show, stage, title, worked_answer.",
        ),
        (
            {k: v for k, v in VALID["choice"].items() if k != "id"},
            "exercises.toml, exercise number 1, field 'id': every exercise needs an id (text in quotes, e.g. id = \"my_exercise\").",
        ),
    ],
    ids=[
        "kind",
        "prompt",
        "lesson",
        "answer",
        "label",
        "rule-set",
        "text-rule",
        "tolerance",
        "value",
        "order",
        "orders",
        "check",
        "field",
        "id",
    ],
)
def test_each_kind_of_invalid_entry_is_named_by_file_entry_and_field(entry, message):
    if entry.get("before", "") is None:
        entry = {k: v for k, v in entry.items() if k != "before"}
    assert message in entry_problems(entry, 1, lessons=LESSONS, names=NAMES)


def test_check_content_names_a_duplicate_id_and_a_broken_entry_never_crashes_the_notebook(tmp_path, tracker):
    (tmp_path / "exercises.toml").write_text(
        NEW_EXERCISES + '\n[[exercise]]\nid = "my_choice"\nstage = 6\nkind = "choice"\ntitle = "Again"\n',
        encoding="utf-8",
    )
    (row,) = [r for r in workshop.check_content(tmp_path) if r[0] == "exercises.toml"]
    assert row[1] == "error"
    assert (
        f"{tmp_path / 'exercises.toml'}, exercise 'my_choice', field 'id': exercises number 5 and 10 both use this id."
        in row[2]
    )
    (tmp_path / "exercises.toml").write_text('[[exercise]]\nid = "spot"\nkind = "quiz"\n', encoding="utf-8")
    w = exercise("spot", tracker=tracker, content_dir=tmp_path)
    assert isinstance(w, BrokenExercise)
    assert w.notice.text.startswith("The exercise 'spot' cannot be shown: ") and "'quiz' is not a kind" in w.notice.text
    with pytest.raises(ContentError, match="field 'kind'"):
        course_exercises.check_exercise("spot", tmp_path, answers={})


def test_a_stage_file_whose_answers_leave_the_labels_is_named(tmp_path):
    (tmp_path / "start.toml").write_text(
        '[[request]]\nid = "q1"\ntext = "Hello"\nkind = "maybe"\nwhy = "x"\n', encoding="utf-8"
    )
    (row,) = [r for r in workshop.check_content(tmp_path) if r[0] == "start.toml"]
    assert row[1] == "error"
    assert (
        "exercises.toml, exercise 'requests', field 'items': item 'q1' has the answer 'maybe', which is not one of "
        "the labels (advice, job_ask)."
    ) in row[2]


def test_a_new_exercise_reaches_the_lessons_notebook_without_editing_it(folder, tracker):
    from infoview.views.exercises import AddedExercises

    added = AddedExercises(2, tracker=tracker, content_dir=folder)
    assert [w.exercise_id for w in added.exercises] == ["my_labels", "my_multilabels"]
    assert "More exercises from your instructor" in added.children[0].value
    assert AddedExercises(2, tracker=tracker).children == ()  # the default course: nothing extra shown
    added.exercises[0].check_button.click()
    assert tracker.exercise_progress()["my_labels"]["attempts"] == 1
