"""Exercise widgets: one class per kind, each with its inputs, a Check button, announced feedback,
an attempt count, and a worked answer that appears only as ``course.toml`` allows.

The checking is :func:`infoview.course_exercises.check_exercise`; these classes only gather the
answer, show the :class:`~infoview.exercises.Feedback` and record the attempt in the tracker.
A notebook shows an exercise with one call, ``exercise("phase_order")``; a test builds one,
sets ``.value`` on its inputs and clicks ``check_button``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Sequence

import ipywidgets as widgets

from .. import contacts, conversation, course_exercises, exercises, followup, outcomes, outreach, prep, start
from ..tracker import CHANNEL_LABELS, CHANNELS, Tracker, TrackerError
from .common import WRAP, Notice, esc, guarded, html_table

__all__ = [
    "ExerciseWidget",
    "TextExercise",
    "NumberExercise",
    "LabelExercise",
    "OrderExercise",
    "ChoiceExercise",
    "Field",
    "exercise",
    "ProgressPanel",
]

_WIDE = widgets.Layout(width="100%", max_width="46em")
_LABEL_STYLE = {"description_width": "initial"}


def _intro_html(text: str) -> str:
    return (
        f'<div class="infoview-exercise-text" style="{WRAP};font-family:inherit;color:#1a1a1a;'
        f'background:#f6f8fa;border-left:3px solid #57606a;padding:6px 10px;margin:4px 0">{esc(text)}</div>'
    )


class ExerciseWidget(widgets.VBox):
    """The parts every exercise shares. Subclasses build ``self.inputs`` and say how to read them (``values``).

    ``tracker``: where attempts are recorded (default: the learner's tracker; ``record=False``
    records nothing). The attempt count and "solved" come back from the tracker, so they show
    again after a reload.
    """

    kind = ""

    def __init__(
        self,
        exercise_id: str,
        *,
        intro: str | None = None,
        intro_html: str = "",
        tracker: Tracker | None = None,
        content_dir=None,
        record: bool = True,
    ):
        info = exercises.exercise_info(exercise_id, content_dir)
        self.exercise_id, self.content_dir = exercise_id, content_dir
        self.policy = exercises.solutions_policy(content_dir)
        self.notice = Notice()
        self.tracker = tracker
        self.record = record
        self.attempts, self.solved, self.revealed = 0, False, False
        self.result: exercises.Feedback | None = None
        self._load_progress()
        self.title = widgets.HTML(
            f'<h4 style="margin:4px 0" id="infoview-ex-{esc(exercise_id)}">Exercise: {esc(info["title"])}</h4>'
        )
        self.intro = widgets.HTML(intro_html or (_intro_html(intro) if intro else ""))
        self.check_button = widgets.Button(
            description="Check", icon="check", button_style="primary", tooltip=f"Check my answer to: {info['title']}"
        )
        self.check_button.add_class("infoview-exercise-check")
        self.feedback = widgets.HTML()
        self.feedback.add_class("infoview-exercise-feedback")
        self.attempts_label = widgets.HTML()
        self.show_button = widgets.Button(
            description="Show a worked answer", icon="eye", tooltip="Show a worked answer to this exercise"
        )
        self.show_button.add_class("infoview-exercise-show")
        self.worked = widgets.HTML()
        self.worked.add_class("infoview-exercise-worked")
        self.check_button.on_click(self._on_check)
        self.show_button.on_click(self._on_show)
        self.inputs: list[widgets.Widget] = self._build()
        self._render_status("")
        super().__init__(
            children=[
                self.title,
                self.intro,
                *self.inputs,
                widgets.HBox([self.check_button, self.attempts_label]),
                self.feedback,
                self.show_button,
                self.worked,
                self.notice,
            ]
        )
        self.add_class("infoview-exercise")
        self.add_class(f"infoview-exercise-{exercise_id}")

    # -------------------------------------------------------------- for subclasses
    def _build(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        """The answer as the exercise's check takes it (keyword arguments)."""
        raise NotImplementedError

    # -------------------------------------------------------------- progress
    def _open_tracker(self) -> Tracker | None:
        if not self.record:
            return None
        if self.tracker is None:
            self.tracker = Tracker()
        return self.tracker

    def _load_progress(self) -> None:
        try:
            tracker = self._open_tracker()
            row = tracker.exercise_progress().get(self.exercise_id) if tracker is not None else None
        except (TrackerError, OSError, ValueError, sqlite3.Error) as exc:
            self.record = False
            self.notice.show("warning", f"Your progress cannot be saved here ({exc}); the exercise still works.")
            return
        if row:
            self.attempts, self.solved, self.revealed = int(row["attempts"]), bool(row["solved"]), bool(row["revealed"])

    def _save(self, what: str) -> None:
        try:
            tracker = self._open_tracker()
            if tracker is None:
                return
            if what == "attempt":
                tracker.record_attempt(self.exercise_id, solved=bool(self.result))
            else:
                tracker.record_reveal(self.exercise_id)
        except (TrackerError, OSError, ValueError, sqlite3.Error) as exc:
            self.notice.show("warning", f"Checked, but your progress could not be saved ({exc}).")

    # -------------------------------------------------------------- display
    def answer_shown(self) -> bool:
        """Whether the "Show a worked answer" control is offered now."""
        if self.policy == "never" or not exercises.worked_answer(self.exercise_id, self.content_dir):
            return False
        return self.policy == "always" or self.attempts > 0

    def _render_status(self, feedback_html: str) -> None:
        # The live region is always in the page, so a screen reader announces what is put in it.
        self.feedback.value = feedback_html or '<div class="infoview-feedback" role="status" aria-live="polite"></div>'
        if self.attempts:
            state = " · solved ✔" if self.solved else ""
            self.attempts_label.value = (
                f'<span class="infoview-attempts" style="color:#3d4650;margin-left:8px">'
                f"Attempts: {self.attempts}{state}</span>"
            )
        else:
            self.attempts_label.value = ""
        self.show_button.layout.display = None if self.answer_shown() else "none"

    @guarded()
    def _on_check(self, _button=None) -> None:
        self.result = course_exercises.check_exercise(self.exercise_id, self.content_dir, **self.values())
        self.attempts += 1
        self.solved = self.solved or self.result.ok
        self._save("attempt")
        self._render_status(self.result.to_html())

    @guarded()
    def _on_show(self, _button=None) -> None:
        if not self.answer_shown():
            return
        text = exercises.worked_answer(self.exercise_id, self.content_dir)
        self.revealed = True
        self._save("reveal")
        self.worked.value = (
            f'<div class="infoview-worked" role="region" aria-label="Worked answer" '
            f'style="{WRAP};color:#1a1a1a;background:#f4f6f8;border-left:3px solid #1f4e79;'
            f'padding:6px 10px;margin:4px 0"><b>Worked answer</b>\n{esc(text)}</div>'
        )


# ------------------------------------------------------------------ text and numbers
@dataclass(frozen=True)
class Field:
    """One answer box: its key in the check, the label a screen reader reads, and its start."""

    key: str
    label: str
    multiline: bool = False
    value: str = ""
    placeholder: str = ""


class TextExercise(ExerciseWidget):
    """Free text: one box or several (``fields``); ``pack`` puts several under one keyword (a dict)."""

    kind = "text"

    def __init__(self, exercise_id: str, fields: Sequence[Field], *, pack: str | None = None, **kwargs):
        self.fields, self.pack = list(fields), pack
        super().__init__(exercise_id, **kwargs)

    def _build(self) -> list[widgets.Widget]:
        self.boxes: dict[str, widgets.Widget] = {}
        rows = []
        for f in self.fields:
            cls = widgets.Textarea if f.multiline else widgets.Text
            box = cls(
                value=f.value,
                placeholder=f.placeholder,
                description=f.label,
                style=_LABEL_STYLE,
                layout=widgets.Layout(width="100%", max_width="46em", height="12em" if f.multiline else None),
            )
            box.add_class("infoview-exercise-input")
            self.boxes[f.key] = box
            rows.append(box)
        return rows

    def values(self) -> dict[str, Any]:
        answers = {k: b.value for k, b in self.boxes.items()}
        return {self.pack: answers} if self.pack else answers


class NumberExercise(TextExercise):
    """One or more numbers (or dates) typed in boxes; whatever is typed gets feedback, never an error."""

    kind = "number"


# ------------------------------------------------------------------ labels
class LabelExercise(ExerciseWidget):
    """Several items, each given one label (a dropdown) or, with ``multi``, any number (checkboxes)."""

    kind = "labels"

    def __init__(
        self,
        exercise_id: str,
        items: Sequence[tuple[str, str, str]],
        choices: dict[str, str],
        *,
        multi: bool = False,
        **kwargs,
    ):
        """``items``: (id, short name read by a screen reader, full text); ``choices``: value -> label."""
        self.items, self.choices, self.multi = list(items), dict(choices), multi
        super().__init__(exercise_id, **kwargs)

    def _build(self) -> list[widgets.Widget]:
        self.dropdowns: dict[str, widgets.Dropdown] = {}
        self.checkboxes: dict[str, dict[str, widgets.Checkbox]] = {}
        rows = []
        for item_id, name, text in self.items:
            prompt = widgets.HTML(f'<div style="{WRAP};margin-top:6px"><b>{esc(name)}.</b> {esc(text)}</div>')
            if self.multi:
                boxes = {
                    value: widgets.Checkbox(
                        value=False, description=f"{label} ({value})", indent=False, layout=widgets.Layout(width="auto")
                    )
                    for value, label in self.choices.items()
                }
                self.checkboxes[item_id] = boxes
                group = widgets.VBox(list(boxes.values()), layout=widgets.Layout(margin="0 0 0 1em"))
                rows.append(widgets.VBox([prompt, group]))
                rows[-1].add_class(f"infoview-item-{item_id}")
            else:
                options = [("— choose —", "")] + [(label, value) for value, label in self.choices.items()]
                dd = widgets.Dropdown(
                    options=options,
                    value="",
                    description=f"{name}:",
                    style=_LABEL_STYLE,
                    layout=widgets.Layout(width="auto", max_width="46em"),
                )
                self.dropdowns[item_id] = dd
                rows.append(widgets.VBox([prompt, dd]))
                rows[-1].add_class(f"infoview-item-{item_id}")
        return rows

    def values(self) -> dict[str, Any]:
        if self.multi:
            return {"answers": {i: [v for v, cb in boxes.items() if cb.value] for i, boxes in self.checkboxes.items()}}
        return {"answers": {i: dd.value for i, dd in self.dropdowns.items() if dd.value}}


# ------------------------------------------------------------------ order
class OrderExercise(ExerciseWidget):
    """Put items in order: one dropdown per position, each offering every item (keyboard: Tab and arrows)."""

    kind = "order"

    def __init__(self, exercise_id: str, items: Sequence[tuple[str, str]], *, positions: int | None = None, **kwargs):
        """``items``: (id, text); ``positions``: how many to place (default: all)."""
        self.items, self.positions = list(items), positions or len(items)
        super().__init__(exercise_id, **kwargs)

    def _build(self) -> list[widgets.Widget]:
        options = [("— choose —", "")] + [(f"{i}: {t}" if i != t else t, i) for i, t in self.items]
        self.slots = [
            widgets.Dropdown(
                options=options,
                value="",
                description=f"Position {n}:",
                style=_LABEL_STYLE,
                layout=widgets.Layout(width="auto", max_width="46em"),
            )
            for n in range(1, self.positions + 1)
        ]
        return list(self.slots)

    def values(self) -> dict[str, Any]:
        return {"order": [s.value for s in self.slots if s.value]}


# ------------------------------------------------------------------ choice
class ChoiceExercise(ExerciseWidget):
    """One option (radio buttons), or with ``multi`` every option that applies (checkboxes)."""

    kind = "choice"

    def __init__(
        self,
        exercise_id: str,
        options: Sequence[tuple[str, str]],
        *,
        multi: bool = False,
        question: str = "Your answer",
        preset: Sequence[str] = (),
        **kwargs,
    ):
        """``options``: (value, label). ``preset``: values ticked at the start (``multi`` only)."""
        self.options, self.multi, self.question, self.preset = list(options), multi, question, set(preset)
        super().__init__(exercise_id, **kwargs)

    def _build(self) -> list[widgets.Widget]:
        if self.multi:
            self.boxes = {
                v: widgets.Checkbox(
                    value=v in self.preset, description=label, indent=False, layout=widgets.Layout(width="auto")
                )
                for v, label in self.options
            }
            legend = widgets.HTML(f"<b>{esc(self.question)}</b>")
            return [
                legend,
                widgets.VBox(list(self.boxes.values()), layout=widgets.Layout(max_height="24em", overflow="auto")),
            ]
        self.radio = widgets.RadioButtons(
            options=[(label, v) for v, label in self.options],
            value=None,
            description=self.question,
            style=_LABEL_STYLE,
            layout=_WIDE,
        )
        return [self.radio]

    def values(self) -> dict[str, Any]:
        if self.multi:
            return {"chosen": [v for v, cb in self.boxes.items() if cb.value]}
        return {"choice": self.radio.value or ""}


# ------------------------------------------------------------------ the course's exercises
def exercise(
    exercise_id: str, *, tracker: Tracker | None = None, content_dir=None, record: bool = True
) -> ExerciseWidget:
    """The widget for one exercise of the course, by its id in ``data/content/exercises.toml``.

    >>> w = exercise("phase_order", record=False)
    >>> for slot, step in zip(w.slots, "CEADGBF"):
    ...     slot.value = step
    >>> w.check_button.click(); w.result.ok, w.attempts
    (True, 1)
    """
    kw = {"tracker": tracker, "content_dir": content_dir, "record": record}
    build = _BUILDERS.get(exercise_id)
    if build is None:
        raise ValueError(f"No exercise called {exercise_id!r}; the exercises are: {', '.join(_BUILDERS)}.")
    return build(kw)


def _requests(kw):
    items = [(r["id"], f"Request {n}", r["text"]) for n, r in enumerate(start.requests_exercise(kw["content_dir"]), 1)]
    choices = {"advice": "Asks for advice (an informational interview)", "job_ask": "A job ask"}
    return LabelExercise("requests", items, choices, **kw)


def _evidence(kw):
    items = [
        (f["id"], f"Figure {n}", f"{f['claim']} ({f['source']})")
        for n, f in enumerate(start.numbers(kw["content_dir"]), 1)
    ]
    return LabelExercise("evidence", items, start.EVIDENCE_CHOICES, **kw)


def _channels(kw):
    items = [
        (e["id"], f"Contact {n}", e["text"]) for n, e in enumerate(contacts.channel_examples(kw["content_dir"]), 1)
    ]
    return LabelExercise("channels", items, {c: CHANNEL_LABELS[c] for c in CHANNELS}, **kw)


def _target_order(kw):
    table = contacts.target_exercise(kw["content_dir"])
    top = int(contacts.load_settings(kw["content_dir"])["target_list"]["top"])
    rows = [[r.employer, r.advocacy, r.motivation, r.posting] for r in table.itertuples()]
    intro = (
        "<p>Seven scored employers (fictional). Choose the five you would contact first, best first.</p>"
        + html_table(["Employer", "Advocacy", "Motivation", "Posting"], rows)
    )
    return OrderExercise("target_order", [(r[0], r[0]) for r in rows], positions=top, intro_html=intro, **kw)


def _rewrite(kw):
    original = str(outreach.example_messages(kw["content_dir"]).get("rewrite", {}).get("message", "")).strip()
    return TextExercise(
        "rewrite",
        [Field("text", "Your message", multiline=True, value=original)],
        intro=outreach.describe_rewrite_exercise(kw["content_dir"]),
        **kw,
    )


def _spot(kw):
    labels = outreach.rule_labels()
    items = [
        (s["id"], f"Message {s['id']}", str(s["message"]).strip())
        for s in outreach.example_messages(kw["content_dir"]).get("spot", [])
    ]
    choices = {r: labels.get(r, r) for r in outreach.spot_rule_ids(kw["content_dir"])}
    return LabelExercise("spot", items, choices, multi=True, **kw)


def _question_list(kw):
    bank = prep.load_question_bank(kw["content_dir"])
    minutes = exercises.exercise_info("question_list", kw["content_dir"]).get("minutes", 20)
    options = [(q.id, f"{q.id} · {q.category} · {q.minutes:g} min · {q.text}") for q in bank]
    intro = (
        f"A learner ticked the questions below for a {minutes}-minute meeting. Check the list, then repair it "
        "so that it fits the time, covers at least three TIARA categories, opens with small talk and ends "
        "with the closing asks."
    )
    return ChoiceExercise(
        "question_list",
        options,
        multi=True,
        question="Questions in the list",
        preset=prep.exercise_list(kw["content_dir"]),
        intro=intro,
        **kw,
    )


def _open_questions(kw):
    fields = [
        Field(e["id"], f"Open version of: {e['text']}", placeholder="What ...? How ...? Which ...?")
        for e in prep.closed_examples(kw["content_dir"])
    ]
    intro = "Rewrite each closed question as an open one: a whole question that cannot be answered with yes or no."
    return TextExercise("open_questions", fields, pack="answers", intro=intro, **kw)


def _phase_order(kw):
    items = [(s["id"], s["text"]) for s in conversation.conversation_steps(kw["content_dir"])]
    intro = "Seven steps of a conversation, mixed up. Choose the step for each position, first to last."
    return OrderExercise("phase_order", items, intro=intro, **kw)


def _listening(kw):
    data = conversation.listening_exercise(kw["content_dir"])
    options = [(r["id"], f"({r['id']}) {r['text']}") for r in data["response"]]
    return ChoiceExercise(
        "listening",
        options,
        multi=True,
        question="Tick every reply that shows active listening",
        intro=data["situation"],
        **kw,
    )


def _three_b_seven(kw):
    fields = [
        Field("next_contact", "Day 3 (contact a second person):", placeholder="YYYY-MM-DD"),
        Field("follow_up", "Day 7 (nudge once):", placeholder="YYYY-MM-DD"),
    ]
    return NumberExercise("three_b_seven", fields, intro=followup.describe_3b7_exercise(), **kw)


def _thank_you(kw):
    weak = str(followup.exercise("thank_you", kw["content_dir"]).get("weak_note", "")).strip()
    return TextExercise(
        "thank_you",
        [Field("text", "Your note", multiline=True, value=weak)],
        intro=followup.describe_thank_you_exercise(),
        **kw,
    )


def _reply_rate(kw):
    table = outcomes.exercise_table()
    rows = [[r.contact_id, r.channel, r.kind.replace("_", " "), r.occurred_on] for r in table.itertuples()]
    intro = (
        "<p>A small, messy history of six contacts (A to F). Work out the reply rate and how many contacts "
        "it is out of.</p>" + html_table(["Contact", "Channel", "What happened", "On"], rows)
    )
    fields = [Field("rate", "Reply rate (e.g. 0.5 or 50%):"), Field("denominator", "Out of how many contacts:")]
    return NumberExercise("reply_rate", fields, intro_html=intro, **kw)


def _action(kw):
    situation = next(
        (a.get("situation", "") for a in outcomes.advice(kw["content_dir"]) if a["metric"] == "reply_rate"), ""
    )
    options = [(str(n), text) for n, text in enumerate(outcomes.action_options("reply_rate", kw["content_dir"]), 1)]
    return ChoiceExercise("action", options, question="What would you change first?", intro=situation, **kw)


_BUILDERS = {
    "requests": _requests,
    "evidence": _evidence,
    "channels": _channels,
    "target_order": _target_order,
    "rewrite": _rewrite,
    "spot": _spot,
    "question_list": _question_list,
    "open_questions": _open_questions,
    "phase_order": _phase_order,
    "listening": _listening,
    "three_b_seven": _three_b_seven,
    "thank_you": _thank_you,
    "reply_rate": _reply_rate,
    "action": _action,
}


# ------------------------------------------------------------------ progress
class ProgressPanel(widgets.VBox):
    """The learner's progress per stage ("Stage 2: 2/2 exercises, 1 message logged"), with a Refresh button.

    ``stage``: show only that stage (the end of a stage notebook); default: every stage.
    """

    def __init__(self, stage: int | None = None, *, tracker: Tracker | None = None, content_dir=None):
        self.stage, self.content_dir = stage, content_dir
        self.tracker = tracker
        self.notice = Notice()
        self.table = widgets.HTML()
        self.table.add_class("infoview-progress")
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh", tooltip="Refresh my progress")
        self.refresh_button.on_click(self._on_refresh)
        self.lines: list[str] = []
        super().__init__(children=[self.table, self.refresh_button, self.notice])
        self.refresh()

    def refresh(self) -> None:
        try:
            if self.tracker is None:
                self.tracker = Tracker()
            rows = exercises.progress(self.tracker, self.content_dir)
        except (TrackerError, OSError, sqlite3.Error) as exc:
            self.notice.show("warning", f"Your progress cannot be read ({exc}).")
            return
        if self.stage is not None:
            rows = [r for r in rows if r.stage == self.stage]
        self.lines = [r.text() for r in rows]
        items = "".join(
            f"<li>{esc(line)}{' ✔' if r.total and r.solved == r.total else ''}</li>"
            for line, r in zip(self.lines, rows)
        )
        self.table.value = (
            f'<div role="status" aria-live="polite" style="color:#1a1a1a"><b>Your progress</b><ul>{items}</ul></div>'
        )

    @guarded()
    def _on_refresh(self, _button=None) -> None:
        self.refresh()
