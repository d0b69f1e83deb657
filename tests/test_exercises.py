"""The exercise kinds (free text, labels, order, single choice, number), the course's checks and the catalogue."""

from __future__ import annotations

import inspect
import itertools

import pytest

from infoview import conversation, course_exercises, prep
from infoview import exercises as ex
from infoview.exercises import Feedback

HOSTILE = [
    None,
    "",
    "   \n\t ",
    "word " * 5000,
    "🎉🙂🚀",
    "<script>alert(1)</script>",
    "<b>bold</b> & more",
    "asdkjh qwe zzz",
    "\x00\x07",
    "١٢٣",
    0,
    -1,
    3.5,
    float("nan"),
    float("inf"),
    True,
    [],
    {},
    ["x", None],
    {"a": object()},
    object(),
]


# ------------------------------------------------------------------ Feedback
def test_feedback_says_what_is_right_what_is_missing_and_a_hint():
    fb = Feedback(False, ["Step B is misplaced."], correct=1, total=2, right=["Step A is right."], hint="Look at B.")
    assert str(fb) == "1 of 2 correct so far.\n- Step B is misplaced.\nHint: Look at B."
    html = fb.to_html()
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "Right so far:" in html and "Step A is right." in html and "Still to do:" in html and "Look at B." in html
    assert not fb and Feedback(True)


def test_feedback_html_escapes_every_text():
    fb = Feedback(False, ["<img src=x onerror=alert(1)>"], right=["<b>x</b>"], hint="<script>")
    html = fb.to_html()
    assert "<img" not in html and "<script>" not in html and "&lt;img" in html and "&lt;script&gt;" in html


def test_feedback_html_wraps_between_words_and_has_contrast():
    html = Feedback(True).to_html()
    assert "word-break:normal" in html and "break-all" not in html
    from infoview.views.common import contrast_ratio

    assert contrast_ratio("#0b6e4f", "#ffffff") >= 4.5 and contrast_ratio("#7a4f00", "#ffffff") >= 4.5


# ------------------------------------------------------------------ free text
RULES = [
    ex.TextRule(
        "question",
        lambda t: t.rstrip().endswith("?"),
        "It is a question.",
        "End with a question mark.",
        hint="A question ends with ?",
    ),
    ex.TextRule(
        "name", lambda t: "Kenji" in t, "It greets Kenji.", "Greet Kenji by name.", hint="Start with Hi Kenji."
    ),
]


def test_text_right_wrong_partly_blank():
    assert ex.check_text("Hi Kenji, could we talk?", RULES).ok
    wrong = ex.check_text("Hello.", RULES)
    assert not wrong and wrong.correct == 0 and wrong.messages == ["End with a question mark.", "Greet Kenji by name."]
    assert wrong.hint == "A question ends with ?"
    partly = ex.check_text("Hi Kenji.", RULES)
    assert (
        partly.correct == 1
        and partly.right == ["It greets Kenji."]
        and partly.messages == ["End with a question mark."]
    )
    assert ex.check_text("  \n ", RULES, blank="Write it first.").messages == ["Write it first."]
    assert "keep it under 10" in ex.check_text("word " * 50, RULES, max_words=10).messages[0]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_text_never_raises(value):
    fb = ex.check_text(value, RULES)
    assert isinstance(fb, Feedback) and not fb.ok


def test_clean_text_drops_control_characters_and_caps_length():
    assert ex.clean_text("a\x00b\u200bc") == "abc"  # \u200b is a format character (category Cf)
    assert ex.clean_text("e\u0301") == "é"
    assert len(ex.clean_text("x" * 10**6)) == ex.MAX_ANSWER_CHARS


# ------------------------------------------------------------------ labels
ITEMS = [{"id": "a", "text": "Coffee?", "ok": "yes"}, {"id": "b", "text": "Job?", "ok": "no"}]


def _labels(answers):
    return ex.check_labels(
        ITEMS,
        answers,
        expected=lambda i: i["ok"],
        choices=("yes", "no"),
        describe=lambda i: i["text"],
        hint=lambda i: "Think.",
    )


def test_labels_right_wrong_partly_blank():
    assert _labels({"a": "yes", "b": "no"}).ok
    wrong = _labels({"a": "no", "b": "yes"})
    assert wrong.correct == 0 and wrong.messages == [
        "Look again at Coffee? Hint: Think.",
        "Look again at Job? Hint: Think.",
    ]
    partly = _labels({"a": "yes", "b": "yes"})
    assert partly.correct == 1 and partly.right == ["Coffee?: yes"]
    assert _labels({}).messages == ["Not answered yet: Coffee?", "Not answered yet: Job?"]
    assert "is not one of the choices" in _labels({"a": "maybe"}).messages[0]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_labels_never_raise(value):
    assert not _labels(value).ok
    assert not _labels({"a": value, "b": value}).ok


def _multi(answers):
    items = [{"id": "A", "breaks": {"x", "y"}}, {"id": "B", "breaks": set()}]
    return ex.check_multilabels(
        items,
        answers,
        expected=lambda i: i["breaks"],
        labels={"x": "X", "y": "Y", "z": "Z"},
        describe=lambda i: f"Message {i['id']}",
        missed_hint=lambda i, label: f"look for {label}",
    )


def test_multilabels_right_wrong_partly_blank():
    assert _multi({"A": ["x", "y"], "B": []}).ok
    assert _multi({"A": "x, y"}).ok  # one string separated by commas
    partly = _multi({"A": ["x"], "B": ["z"]})
    assert partly.correct == 0 and "Message A: 1 of 2 found." in partly.messages
    assert "  - still missing one: look for y" in partly.messages
    assert "  - it does not break z (Z): look again." in partly.messages
    assert _multi({"A": ["x", "y"], "B": ["z"]}).correct == 1
    assert _multi({}).messages == ["Nothing chosen yet: for each item, tick every label that applies."]
    assert "'nonsense' is not one of the labels." in str(_multi({"A": ["nonsense"]}))


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_multilabels_never_raise(value):
    assert not _multi(value).ok
    assert not _multi({"A": value, "B": value}).ok


# ------------------------------------------------------------------ order
STEPS = {"A": "hello", "B": "ask", "C": "thanks", "D": "bye"}
BEFORE = [("A", "B"), ("A", "C"), ("B", "D"), ("C", "D")]


def _valid(order):
    pos = {s: i for i, s in enumerate(order)}
    return all(pos[a] < pos[b] for a, b in BEFORE)


def test_order_accepts_every_order_that_keeps_the_constraints():
    for perm in itertools.permutations("ABCD"):
        fb = ex.check_order("".join(perm), STEPS, BEFORE)
        assert fb.ok == _valid(perm), perm
    assert ex.check_order("ABCD", STEPS, BEFORE).ok and ex.check_order("ACBD", STEPS, BEFORE).ok


def test_order_wrong_partly_blank_repeated_unknown():
    fb = ex.check_order("DCBA", STEPS, BEFORE)
    assert fb.correct == 0 and fb.messages[0] == "“bye” comes after “thanks” and “ask”."  # in the learner's order
    partly = ex.check_order("BACD", STEPS, BEFORE)
    assert partly.correct == 3 and partly.messages == ["“ask” comes after “hello”."]
    assert "Nothing there yet" in ex.check_order("", STEPS, BEFORE).messages[0]
    assert "Still to place: D." in ex.check_order("ABC", STEPS, BEFORE).messages
    assert "Step A appears more than once." in ex.check_order("AABCD", STEPS, BEFORE).messages
    assert "'X' is not one of the steps" in ex.check_order("ABCDX", STEPS, BEFORE).messages[0]
    assert ex.check_order(["a", "b", "c", "d"], STEPS, BEFORE).ok  # a list, any case


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_order_never_raises(value):
    assert not ex.check_order(value, STEPS, BEFORE).ok


def test_phase_order_accepts_every_valid_order_of_the_conversation():
    constraints = conversation.phase_order_constraints()
    steps = "ABCDEFG"
    right = ["".join(p) for p in itertools.permutations(steps) if all(p.index(a) < p.index(b) for a, b in constraints)]
    assert "CAEDGBF" in right and "CEADGBF" in right  # notes permission before or after the first question
    for perm in itertools.permutations(steps):
        order = "".join(perm)
        assert conversation.check_phase_order(order).ok == (order in right), order
    fb = conversation.check_phase_order("BCAEDGF")
    assert fb.messages[0].startswith("Step B,") and "Next steps" in fb.messages[0]


# ------------------------------------------------------------------ single choice and numbers
OPTIONS = ["Send more", "Write shorter", "Attach a CV"]


def test_choice_right_wrong_blank():
    assert ex.check_choice("Write shorter", OPTIONS, "Write shorter", why="Short works.").ok
    assert str(ex.check_choice(2, OPTIONS, "Write shorter", why="Short works.")) == "Right. Short works."
    wrong = ex.check_choice(1, OPTIONS, "Write shorter", why="", wrong={"Send more": "More of the same."})
    assert not wrong and wrong.messages == ["More of the same."]
    assert ex.check_choice("", OPTIONS, "Write shorter", why="").messages == [
        "Nothing chosen yet: pick one of the options."
    ]
    assert ex.check_choice(9, OPTIONS, "Write shorter", why="").messages == ["Choose a number from 1 to 3."]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_choice_never_raises(value):
    assert not ex.check_choice(value, OPTIONS, "Write shorter", why="").ok


@pytest.mark.parametrize(
    "text, number",
    [
        ("0.6", 0.6),
        ("60%", 60.0),
        (" 60 % ", 60.0),
        ("0,6", 0.6),
        ("5", 5.0),
        (".5", 0.5),
        ("1e2", 100.0),
        ("−3", -3.0),
        (7, 7.0),
    ],
)
def test_parse_number_reads_what_people_type(text, number):
    assert ex.parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["six", "", "nan", "inf", "-inf", "1e999", "6 0", "0.6.1", "½", None, True, "🎉"])
def test_parse_number_refuses_what_is_not_a_number(text):
    assert ex.parse_number(text) is None


def test_number_right_wrong_blank():
    assert ex.check_number("60%", 0.6, percent=True).ok and ex.check_number(0.6, 0.6).ok
    wrong = ex.check_number("0.5", 0.6, what="the rate", wrong=lambda n: "Count contacts." if n == 0.5 else None)
    assert not wrong and wrong.messages == ["Count contacts."]
    assert ex.check_number("0.9", 0.6, what="the rate").messages == ["The rate is not right yet; count again."]
    assert ex.check_number("  ", 0.6).messages == ["Fill in the number first."]
    assert "as a number" in ex.check_number("lots", 0.6).messages[0]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_number_never_raises(value):
    assert not ex.check_number(value, 0.6).ok


# ------------------------------------------------------------------ the course's exercises
RIGHT_ANSWERS = {
    "requests": {"answers": {"r1": "advice", "r2": "job_ask", "r3": "advice", "r4": "job_ask", "r5": "advice"}},
    "channels": {
        "answers": {"c1": "warm", "c2": "alumni", "c3": "cold", "c4": "event", "c5": "referral", "c6": "cold"}
    },
    "target_order": {
        "order": [
            "Puddlejump Games",
            "Kestrelwood Biologics",
            "Riverbend Community Health",
            "Lanternway Youth Network",
            "Pemberly Freight",
        ]
    },
    "rewrite": {
        "text": "Hi Kenji,\n\nAs a fellow Westbrook alum, I was glad to find your profile. Your work on route "
        "planning at Contoso Logistics is the kind of supply-chain analytics I hope to move into. Would "
        "you be open to a 20-minute phone or video call, whenever suits you, to share your advice?\n\n"
        "Thank you,\nAlex"
    },
    "spot": {
        "answers": {
            "A": ["connection_first", "job_ask"],
            "C": ["personalization"],
            "B": ["about_them", "format_flexibility", "personalization", "question_ask", "time_ask"],
        }
    },
    "question_list": {"chosen": ["sm01", "tr01", "in02", "ad01", "re01", "as09", "nx01", "nx02"]},
    "open_questions": {
        "answers": {
            "c1": "What do you enjoy most about working here?",
            "c2": "Where do you see the industry growing in the next few years?",
            "c3": "How did your studies prepare you for this job, and what else mattered?",
            "c4": "Which skills would you learn first if you were starting out?",
        }
    },
    "phase_order": {"order": "CEADGBF"},
    "listening": {"chosen": ["a", "c", "e"]},
    "three_b_seven": {"next_contact": "2026-04-08", "follow_up": "2026-04-14"},
    "thank_you": {
        "text": "Hi Priya,\n\nThank you for your time yesterday. Your advice to build one small project with "
        "the city's open transit data and write up what I find was exactly what I needed. I have "
        "already downloaded last year's ridership data, and I will send you the write-up by 27 "
        "March.\n\nThank you again,\nSam"
    },
    "reply_rate": {"rate": "60%", "denominator": "5"},
}


def test_every_exercise_in_the_catalogue_has_a_check_and_a_worked_answer():
    ids = [e["id"] for e in ex.catalogue()]
    assert len(ids) == len(set(ids))
    stage_ids = [e["id"] for e in ex.catalogue() if isinstance(e["stage"], int)]
    assert len(stage_ids) == 14  # two per stage
    assert sorted({e["stage"] for e in ex.catalogue() if isinstance(e["stage"], int)}) == [0, 1, 2, 3, 4, 5, 6]
    # the lessons between the stages: their awkward moments (one per scenario), the introduction, the update
    lessons = {e["id"]: e["lesson"] for e in ex.catalogue() if not isinstance(e["stage"], int)}
    assert set(lessons.values()) == {"1b", "3b", "4b"}
    assert {"introduction", "keep_in_touch", "moment_decline", "moment_visa"} <= set(lessons)
    for e in ex.catalogue():
        assert e["kind"] in ("text", "labels", "order", "choice", "number") and e["title"]
        assert ex.worked_answer(e["id"]), e["id"]
        assert e["id"] in course_exercises.exercise_fields(), e["id"]


def test_the_course_right_answers_pass():
    from infoview.outcomes import action_options, advice
    from infoview.start import numbers

    answers = dict(RIGHT_ANSWERS)
    for e in ex.catalogue():
        if e["id"].startswith("moment_"):
            answers[e["id"]] = {"choice": e["answer"][0]}
        elif e["id"] in ("introduction", "keep_in_touch"):
            answers[e["id"]] = {"text": e["worked_answer"].split("\n\nWhy:")[0]}
    answers["evidence"] = {"answers": {f["id"]: f["use"] for f in numbers()}}
    good = next(a for a in advice() if a["metric"] == "reply_rate")["action"]
    answers["action"] = {"choice": action_options("reply_rate").index(good) + 1}
    for eid in (e["id"] for e in ex.catalogue()):
        fb = course_exercises.check_exercise(eid, **answers[eid])
        assert fb.ok, (eid, str(fb))


@pytest.mark.parametrize("eid", [e["id"] for e in ex.catalogue()])
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_the_course_checks_never_raise_on_hostile_input(eid, value):
    fields = course_exercises.exercise_fields()[eid]
    fb = course_exercises.check_exercise(eid, **{f: value for f in fields})
    assert isinstance(fb, Feedback) and not fb.ok
    assert fb.messages or fb.head  # always says something


def test_check_exercise_refuses_an_unknown_id():
    with pytest.raises(ex.ContentError, match="No check for exercise 'nope'"):
        course_exercises.check_exercise("nope", x=1)


@pytest.mark.parametrize(
    "question",
    [
        "Why?",
        "How?",
        "What?",
        "Would you say the industry is growing?",
        "Could you tell me if the industry is growing?",
        "Is the industry growing",
        "What is your favourite colour of banana?",
    ],
)
def test_open_questions_refuse_short_closed_and_off_topic_rewrites(question):
    fb = prep.check_open_questions({"c2": question})
    line = next(m for m in fb.messages if m.startswith("c2"))
    assert not fb.ok and fb.correct == 0, line


def test_open_questions_accept_polite_open_requests():
    fb = prep.check_open_questions(
        {
            "c2": "Would you say more about where the industry is growing?",
            "c1": "Could you tell me what makes a good day at work here?",
        }
    )
    assert fb.correct == 2, str(fb)


def test_stage_modules_redirect_to_the_exercise_checks():
    from infoview import contacts, conversation, followup, outcomes, outreach, prep, start

    assert conversation.check_phase_order("CEADGBF").ok
    assert start.check_requests(RIGHT_ANSWERS["requests"]["answers"]).ok
    assert contacts.check_channels(RIGHT_ANSWERS["channels"]["answers"]).ok
    assert prep.check_open_questions(RIGHT_ANSWERS["open_questions"]["answers"]).ok
    assert outreach.check_spot_the_problems(RIGHT_ANSWERS["spot"]["answers"]).ok
    assert followup.check_3b7_exercise("2026-04-08", "2026-04-14").ok
    assert isinstance(outcomes.check_reply_rate_answer(0.6, 5), Feedback)  # stage 6 returns Feedback, not str
    assert isinstance(outcomes.check_action("reply_rate", 1), Feedback)
    for module in (start, contacts, conversation, followup, outreach, prep):
        assert "Feedback" not in vars(module) or vars(module)["Feedback"] is Feedback
    assert "def check_labels" not in inspect.getsource(start)


# ------------------------------------------------------------------ solutions policy
def _course_dir(tmp_path, setting):
    folder = tmp_path / "content"
    folder.mkdir(parents=True)
    (folder / "course.toml").write_text(f'[course]\nsolutions = "{setting}"\n', encoding="utf-8")
    return folder


def test_solutions_policy_default_never_always(tmp_path):
    assert ex.solutions_policy() == "after-attempt"
    assert ex.solutions_policy(_course_dir(tmp_path / "a", "always")) == "always"
    never = _course_dir(tmp_path / "n", "never")
    assert ex.solutions_policy(never) == "never" and ex.worked_answer("phase_order", never) == ""
    with pytest.raises(ex.ContentError, match="expected one of after-attempt, never, always"):
        ex.solutions_policy(_course_dir(tmp_path / "b", "sometimes"))
