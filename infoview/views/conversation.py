"""Stage 4 views: rehearse the question list against the clock; take structured notes.

The timer is read each time you press a button (no background thread): press Next as you
move on, or "Check time" to see where you are.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from .. import conversation, prep
from ..paths import today
from ..tracker import Tracker
from .common import Notice, esc, guarded
from .prep import ContactChooser

__all__ = ["PracticeRun", "MeetingNotesForm"]


def _checklist_html(title: str, items: list[str]) -> str:
    return (
        f"<b>{esc(title)}</b><ul style='margin:2px 0 6px 1.2em'>"
        + "".join(f"<li>{esc(t)}</li>" for t in items)
        + "</ul>"
    )


class PracticeRun(widgets.VBox):
    """The contact's question list one question at a time, with the time against the plan.

    Uses the saved question list (notebook 03); without one, a proposed list for the
    default meeting length. ``clock`` (seconds) is for tests.
    """

    def __init__(
        self,
        tracker: Tracker | None = None,
        contact_id: int | None = None,
        *,
        chooser: ContactChooser | None = None,
        clock: Callable[[], float] | None = None,
        content_dir=None,
    ):
        self.chooser = chooser if chooser is not None else ContactChooser(tracker, contact_id)
        self.tracker = self.chooser.tracker
        self.clock = clock
        self.content_dir = content_dir
        self.run: conversation.PracticeRun | None = None
        self.source = widgets.HTML()
        self.reminder = widgets.HTML()
        self.question = widgets.HTML()
        self.timer = widgets.HTML()
        self.phases = widgets.HTML()
        self.start_button = widgets.Button(description="Start", icon="play", button_style="primary")
        self.back_button = widgets.Button(description="Back", icon="arrow-left")
        self.next_button = widgets.Button(description="Next", icon="arrow-right", button_style="primary")
        self.check_button = widgets.Button(description="Check time", icon="clock-o")
        self.finish_button = widgets.Button(description="Finish", icon="stop")
        for b, name in (
            (self.start_button, "start"),
            (self.back_button, "back"),
            (self.next_button, "next"),
            (self.finish_button, "finish"),
            (self.check_button, "check"),
        ):
            b.add_class(f"infoview-practice-{name}")
        self.notice = Notice()
        self.start_button.on_click(self._on_start)
        self.next_button.on_click(self._on_next)
        self.back_button.on_click(self._on_back)
        self.finish_button.on_click(self._on_finish)
        self.check_button.on_click(lambda b: self._render())
        self.chooser.observe_contact(self.load)
        super().__init__(
            children=[
                self.chooser,
                self.source,
                self.reminder,
                self.question,
                self.timer,
                self.phases,
                widgets.HBox(
                    [self.start_button, self.back_button, self.next_button, self.check_button, self.finish_button]
                ),
                self.notice,
            ]
        )
        self.load()

    @guarded()
    def load(self) -> None:
        self.notice.clear()
        self.run = None
        if self.chooser.value is None:
            self.source.value = "Choose a contact first."
            self._render()
            return
        inputs = prep.brief_inputs(self.tracker, self.chooser.value, content_dir=self.content_dir)
        self.run = conversation.PracticeRun(
            inputs.questions, inputs.minutes, clock=self.clock, content_dir=self.content_dir
        )
        where = "a proposed list (save your own in notebook 03)" if inputs.proposed else "your saved list"
        self.source.value = (
            f"Practising {len(inputs.questions)} questions from {esc(where)} for a "
            f"{prep.minutes_text(inputs.minutes)}-minute meeting with "
            f"<b>{esc(Tracker.display_name(inputs.contact))}</b>."
        )
        self._render()

    def _render(self) -> None:
        run = self.run
        if run is None:
            self.question.value = self.timer.value = self.phases.value = self.reminder.value = ""
            return
        q = run.current
        if not run.started:
            self.reminder.value = _checklist_html("At the start", conversation.checklist("opening", self.content_dir))
        elif run.finished or (q is not None and q.phase == "next_steps"):
            self.reminder.value = _checklist_html(
                "Before you leave", conversation.checklist("closing", self.content_dir)
            )
        else:
            self.reminder.value = ""
        if q is not None:
            self.question.value = (
                f'<div style="font-size:1.3em;margin:8px 0">{esc(q.text)}</div>'
                f'<div style="color:#555">{esc(q.category)} \u00b7 about '
                f"{prep.minutes_text(q.minutes)} min</div>"
            )
        elif run.finished:
            self.question.value = "<div style='font-size:1.2em;margin:8px 0'>Done. How did the timing go?</div>"
        else:
            self.question.value = ""
        colour = "#a4161a" if run.over or any(p.over for p in run.phase_status()) else "#0b6e4f"
        self.timer.value = f'<div style="color:{colour};font-weight:600">{esc(run.describe())}</div>'
        rows = "".join(
            f"<tr><td>{esc(p.label)}</td><td>{conversation.fmt_seconds(p.elapsed)}</td><td>{conversation.fmt_seconds(p.planned)}</td>"
            f"<td>{'over' if p.over else ''}</td></tr>"
            for p in run.phase_status()
        )
        self.phases.value = (
            (
                "<table class='infoview-table'><tr><th>Phase</th><th>Elapsed</th><th>Planned</th>"
                f"<th></th></tr>{rows}</table>"
            )
            if run.started
            else ""
        )
        self.back_button.disabled = not run.started

    def _need_run(self) -> conversation.PracticeRun:
        if self.run is None:
            raise ValueError("Choose a contact with a question list first.")
        return self.run

    @guarded()
    def _on_start(self, _button=None) -> None:
        self._need_run().start()
        self.notice.clear()
        self._render()

    @guarded()
    def _on_next(self, _button=None) -> None:
        run = self._need_run()
        run.next()
        self._render()
        if run.finished:
            self._finished_notice()

    @guarded()
    def _on_back(self, _button=None) -> None:
        self._need_run().back()
        self.notice.clear()
        self._render()

    @guarded()
    def _on_finish(self, _button=None) -> None:
        run = self._need_run()
        if not run.started:
            raise ValueError("Press Start first.")
        run.finish()
        self._render()
        self._finished_notice()

    def _finished_notice(self) -> None:
        run = self._need_run()
        long = [row for row in run.summary() if row["over"]]
        if run.over:
            self.notice.show(
                "warning",
                f"Over time by {conversation.fmt_seconds(run.elapsed() - run.limit)}: cut a question "
                "or shorten your answers' follow-ups.",
            )
        elif long:
            self.notice.show("info", f"On time overall; {len(long)} question(s) ran long.")
        else:
            self.notice.show("ok", "On time. Well done.")


class MeetingNotesForm(widgets.VBox):
    """Notes after a meeting, saved against the contact and date; names suggested become
    referral contacts."""

    def __init__(
        self,
        tracker: Tracker | None = None,
        contact_id: int | None = None,
        *,
        chooser: ContactChooser | None = None,
        content_dir=None,
    ):
        self.chooser = chooser if chooser is not None else ContactChooser(tracker, contact_id)
        self.tracker = self.chooser.tracker
        self.content_dir = content_dir
        wide = widgets.Layout(width="44em", height="5em")
        style = {"description_width": "9em"}
        self.meeting_on = widgets.DatePicker(description="Meeting date", value=today(), style=style)
        self.insights = widgets.Textarea(
            description="Insights", placeholder="What the work and the field are really like", layout=wide, style=style
        )
        self.advice = widgets.Textarea(
            description="Advice", placeholder="What they would do in your place", layout=wide, style=style
        )
        self.resources = widgets.Textarea(
            description="Resources", placeholder="Groups, events, reading they mentioned", layout=wide, style=style
        )
        self.names = widgets.Textarea(
            description="Names suggested",
            placeholder="One per line, e.g. Priya Shah (Northwind Labs)",
            layout=wide,
            style=style,
        )
        self.promised = widgets.Textarea(
            description="I promised to",
            placeholder="One per line; add a due date, e.g. Send my portfolio by 2026-03-20",
            layout=wide,
            style=style,
        )
        self.offered = widgets.Textarea(
            description="They offered", placeholder="An introduction, a review, a visit...", layout=wide, style=style
        )
        self.save_button = widgets.Button(description="Save notes", icon="save", button_style="primary")
        self.schedule_button = widgets.Button(
            description="Log as scheduled", icon="calendar", tooltip="For a meeting still to come"
        )
        self.save_button.add_class("infoview-save-notes")
        self.notice = Notice()
        self.saved = widgets.HTML()
        self.result: conversation.SaveResult | None = None
        self.save_button.on_click(self._on_save)
        self.schedule_button.on_click(self._on_schedule)
        self.chooser.observe_contact(self.load)
        super().__init__(
            children=[
                self.chooser,
                self.meeting_on,
                self.insights,
                self.advice,
                self.resources,
                self.names,
                self.promised,
                self.offered,
                widgets.HBox([self.save_button, self.schedule_button]),
                self.notice,
                self.saved,
            ]
        )
        self.load()

    @property
    def text_fields(self) -> list[widgets.Textarea]:
        return [self.insights, self.advice, self.resources, self.names, self.promised, self.offered]

    @guarded()
    def load(self) -> None:
        """Show the contact's latest notes (to review or correct them), else an empty form."""
        self.notice.clear()
        self.result = None
        note = self.tracker.latest_note(self.chooser.value, "meeting_notes") if self.chooser.value is not None else None
        if note is None:
            for f in self.text_fields:
                f.value = ""
            self.meeting_on.value = today()
            self.saved.value = ""
            return
        notes = conversation.MeetingNotes.from_body(note["body"] or {})
        self.meeting_on.value = notes.meeting_on or today()
        self.insights.value, self.advice.value = notes.insights, notes.advice
        self.resources.value, self.offered.value = notes.resources, notes.offered
        self.names.value = "\n".join(notes.names_suggested)
        self.promised.value = "\n".join(p["text"] + (f" by {p['due']}" if p.get("due") else "") for p in notes.promised)
        self.saved.value = "<b>Saved notes:</b>" + conversation.notes_html(notes)
        self.notice.show(
            "info",
            f"These are your notes from {notes.meeting_on}; change them and save, "
            "or pick another date for a new meeting.",
        )

    @guarded()
    def _on_save(self, _button=None) -> None:
        contact = self.chooser.contact()
        notes = conversation.notes_from_form(
            self.meeting_on.value,
            self.insights.value,
            self.advice.value,
            self.resources.value,
            self.names.value,
            self.promised.value,
            self.offered.value,
        )
        result = conversation.save_meeting_notes(self.tracker, contact["id"], notes, content_dir=self.content_dir)
        self.result = result
        self.chooser.refresh(contact["id"])  # the referral contacts appear in the list
        self.saved.value = "<b>Saved notes:</b>" + conversation.notes_html(notes)
        text = result.message()
        if result.warnings:
            self.notice.show("warning", " ".join(result.warnings) + " " + text)
        else:
            self.notice.show("ok", text)

    @guarded()
    def _on_schedule(self, _button=None) -> None:
        contact = self.chooser.contact()
        if conversation.schedule_meeting(self.tracker, contact["id"], self.meeting_on.value):
            self.notice.show(
                "ok",
                f"Logged a meeting with {Tracker.display_name(contact)} scheduled for "
                f"{self.meeting_on.value}. Come back after it to write your notes.",
            )
        else:
            self.notice.show("info", f"A meeting on {self.meeting_on.value} was already logged as scheduled.")
