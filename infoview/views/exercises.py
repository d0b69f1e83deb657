"""Exercise widgets: one class per kind, each with its inputs, a Check button, announced feedback,
an attempt count, and a worked answer that appears only as ``course.toml`` allows.

The checking is :func:`infoview.course_exercises.check_exercise`; these classes only gather the
answer, show the :class:`~infoview.exercises.Feedback` and record the attempt in the tracker.
A notebook shows an exercise with one call, ``exercise("phase_order")``; a test builds one,
sets ``.value`` on its inputs and clicks ``check_button``.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Sequence

import ipywidgets as widgets

from .. import course_exercises, exercise_content, exercises
from ..content import ContentError, default_content_dir
from ..tracker import Tracker, TrackerError
from .common import WRAP, Notice, esc, guarded, html_table

__all__ = [
    "ExerciseWidget",
    "TextExercise",
    "NumberExercise",
    "LabelExercise",
    "OrderExercise",
    "ChoiceExercise",
    "exercise",
    "build_exercise",
    "BrokenExercise",
    "AddedExercises",
    "ProgressPanel",
]

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
class TextExercise(ExerciseWidget):
    """Free text: one box or several (``fields``); ``pack`` puts several under one keyword (a dict)."""

    kind = "text"

    def __init__(
        self, exercise_id: str, fields: Sequence[exercise_content.AnswerField], *, pack: str | None = None, **kwargs
    ):
        self.fields, self.pack = list(fields), pack
        super().__init__(exercise_id, **kwargs)

    def _build(self) -> list[widgets.Widget]:
        self.boxes: dict[str, widgets.Widget] = {}
        rows = []
        for f in self.fields:
            cls = widgets.Textarea if f.multiline else widgets.Text
            box = cls(
                value=f.start,
                placeholder=f.placeholder,
                description=f.label,
                style=_LABEL_STYLE,
                layout=widgets.Layout(width="100%", max_width="46em", height="12em" if f.multiline else None),
            )
            box.add_class("infoview-exercise-input")
            self.boxes[f.id] = box
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
            # No max width: a radio option's label does not wrap in ipywidgets (a wrapped one overlaps
            # the next option and takes its clicks), so long replies get the whole line.
            layout=widgets.Layout(width="100%"),
        )
        return [self.radio]

    def values(self) -> dict[str, Any]:
        if self.multi:
            return {"chosen": [v for v, cb in self.boxes.items() if cb.value]}
        return {"choice": self.radio.value or ""}


# ------------------------------------------------------------------ the course's exercises
class BrokenExercise(widgets.VBox):
    """What a notebook shows for an exercise whose entry cannot be used: its id and what is wrong,
    in plain sentences (``infoview check-content`` names the same problems), never a traceback."""

    def __init__(self, exercise_id: str, problem: str):
        self.exercise_id, self.problem = exercise_id, problem
        self.notice = Notice()
        first = problem.splitlines()[0] if problem.strip() else "its entry cannot be read."
        more = len(problem.splitlines()) - 1
        self.notice.show(
            "warning",
            f"The exercise {exercise_id!r} cannot be shown: {first}"
            + (
                f" ({more} more problem{'s' if more > 1 else ''}: run check-content on the content folder.)"
                if more
                else ""
            ),
        )
        super().__init__(children=[self.notice])
        self.add_class("infoview-exercise-broken")


def _prompt_html(d: exercise_content.ExerciseDefinition, content_dir) -> str:
    """The prompt (escaped plain text), what its ``show`` names under it, and its table."""
    text = "\n\n".join(t for t in (d.prompt, course_exercises.show_text(d, content_dir)) if t.strip())
    table = course_exercises.show_table(d, content_dir)
    return (_intro_html(text) if text else "") + (html_table(*table) if table else "")


def build_exercise(d: exercise_content.ExerciseDefinition, **kw) -> ExerciseWidget:
    """The widget for an exercise definition, whatever its kind (the one path for every exercise)."""
    kw["intro_html"] = _prompt_html(d, kw.get("content_dir"))
    if d.kind == "labels":
        return LabelExercise(d.id, [(i.id, i.name, i.text) for i in d.items], dict(d.labels), multi=d.multi, **kw)
    if d.kind == "order":
        return OrderExercise(d.id, [(i.id, i.text) for i in d.items], positions=d.positions or None, **kw)
    if d.kind == "choice":
        preset = [o.id for o in d.options if o.preset]
        options = [(o.id, o.text) for o in d.options]
        return ChoiceExercise(d.id, options, multi=d.multi, question=d.question, preset=preset, **kw)
    cls = NumberExercise if d.kind == "number" else TextExercise
    return cls(d.id, d.fields, pack="answers" if d.pack else None, **kw)


def exercise(
    exercise_id: str, *, tracker: Tracker | None = None, content_dir=None, record: bool = True
) -> ExerciseWidget | BrokenExercise:
    """The widget for one exercise of the course, by its id in ``exercises.toml`` (an
    instructor's content folder may change it or add new ones). An entry that cannot be used
    gives a :class:`BrokenExercise` saying why in one sentence.

    >>> w = exercise("phase_order", record=False)
    >>> for slot, step in zip(w.slots, "CEADGBF"):
    ...     slot.value = step
    >>> w.check_button.click(); w.result.ok, w.attempts
    (True, 1)
    """
    try:
        known = [e["id"] for e in exercises.catalogue(content_dir)]
    except ContentError as exc:  # exercises.toml itself cannot be read
        return BrokenExercise(exercise_id, str(exc))
    if exercise_id not in known:
        raise ValueError(f"No exercise called {exercise_id!r}; the exercises are: {', '.join(known)}.")
    try:
        d = course_exercises.definition(exercise_id, content_dir)
        return build_exercise(d, tracker=tracker, content_dir=content_dir, record=record)
    except (ContentError, KeyError, TypeError, ValueError) as exc:
        return BrokenExercise(exercise_id, str(exc))


class AddedExercises(widgets.VBox):
    """The exercises an instructor added to a lesson in their content folder (ids that are not in
    the default ``exercises.toml``), each as its widget, under one heading; nothing when there are
    none. Every lesson notebook shows one before its progress, so an exercise added in content
    alone reaches learners without editing a notebook."""

    def __init__(self, stage: int | str, *, tracker: Tracker | None = None, content_dir=None, record: bool = True):
        self.stage = exercises.lesson_id(stage)
        try:
            defaults = {e["id"] for e in exercises.catalogue(default_content_dir())}
            ids = [
                e["id"]
                for e in exercises.stage_exercises(self.stage, content_dir)
                if e["id"] not in defaults and not e["id"].startswith("moment_")  # moments: in their picker
            ]
        except ContentError as exc:
            super().__init__(children=[BrokenExercise(f"lesson {self.stage}", str(exc))])
            self.exercises = []
            return
        self.exercises = []
        for eid in ids:
            w = exercise(eid, tracker=tracker, content_dir=content_dir, record=record)
            tracker = getattr(w, "tracker", None) or tracker  # one tracker for all of them
            self.exercises.append(w)
        heading = widgets.HTML('<h3 style="margin:8px 0 4px">More exercises from your instructor</h3>')
        super().__init__(children=[heading, *self.exercises] if self.exercises else [])
        self.add_class("infoview-added-exercises")


# ------------------------------------------------------------------ progress
class ProgressPanel(widgets.VBox):
    """The learner's progress per stage and lesson ("Stage 2: 2/2 exercises, 1 message logged",
    "Lesson 1b: 1/2 exercises"), with a Refresh button.

    ``stage``: show only that stage or lesson (``2`` or ``"1b"``: the end of its notebook);
    default: every stage and lesson.
    """

    def __init__(self, stage: int | str | None = None, *, tracker: Tracker | None = None, content_dir=None):
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
            rows = [r for r in rows if r.id == exercises.lesson_id(self.stage)]
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
