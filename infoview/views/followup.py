"""Stage 5 views: today's follow-ups (done, snooze, calendar export) and the thank-you drafter."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import ipywidgets as widgets

from .. import followup
from ..paths import data_dir, parse_date
from ..paths import today as _today
from ..session import Session
from ..tracker import INTERACTION_LABELS, Tracker
from .common import Notice, esc, guarded

__all__ = ["TodaysFollowups", "ThankYouDrafter"]

_SAMPLE_NOTE = (
    "Your tracker has nothing in it yet, so this shows the sample learner's history (as of {day}). "
    "Changes here are not saved; log your own outreach and meetings to see yours."
)


class TodaysFollowups(widgets.VBox):
    """Every follow-up due today, each with Done and Snooze buttons, and a calendar export.

    ``rows`` holds ``(action, done_button, snooze_button)`` for the list on screen.
    """

    def __init__(self, tracker: Tracker | Session | None = None, today: Any = None):
        self.settings = followup.load_settings()
        self.tracker, self.using_sample = Session.of(tracker, needs="anything").current()
        self.today = parse_date(today, "date") if today is not None else _today()
        self.source = widgets.HTML()
        self.summary = widgets.HTML()
        self.list_box = widgets.VBox()
        self.warnings_box = widgets.HTML()
        self.snooze_days = widgets.BoundedIntText(
            value=self.settings["snooze_days"],
            min=1,
            max=365,
            description="Snooze for",
            style={"description_width": "auto"},
            layout=widgets.Layout(width="160px"),
        )
        self.export_button = widgets.Button(
            description="Export calendar",
            icon="calendar",
            button_style="primary",
            tooltip="Write the due and coming follow-ups to an .ics file",
        )
        self.export_button.add_class("infoview-export-ics")
        self.export_button.on_click(self._on_export)
        self.notice = Notice()
        self.rows: list[tuple[followup.DueAction, widgets.Button, widgets.Button]] = []
        self.actions: followup.DueList = followup.DueList()
        super().__init__(
            children=[
                self.source,
                self.summary,
                self.list_box,
                self.warnings_box,
                widgets.HBox([self.snooze_days, widgets.HTML("days"), self.export_button]),
                self.notice,
            ]
        )
        if self.using_sample:
            self.source.value = f"<i>{esc(_SAMPLE_NOTE.format(day=self.today.isoformat()))}</i>"
        self.refresh()

    def refresh(self) -> None:
        """Recompute the due list from the tracker and redraw it."""
        self.actions = followup.due(self.tracker, self.today, settings=self.settings)
        self.summary.value = f"<b>{esc(self.actions.summary())}</b>"
        self.rows = []
        boxes = []
        for action in self.actions:
            done = widgets.Button(
                description="Done",
                icon="check",
                button_style="primary",
                layout=widgets.Layout(width="90px"),
                tooltip=f"Mark done: {action.label}",
            )
            later = widgets.Button(
                description="Snooze",
                icon="clock-o",
                layout=widgets.Layout(width="90px"),
                tooltip="Move it later by the number of days below",
            )
            done.add_class("infoview-done")
            later.add_class("infoview-snooze")
            done.on_click(lambda _b, a=action: self._on_done(a))
            later.on_click(lambda _b, a=action: self._on_snooze(a))
            if action.days_overdue:
                when = f"{action.days_overdue} day(s) overdue"
            elif action.due == self.today:
                when = "due today"
            else:
                when = f"due {action.due.isoformat()}"
            when += " (snoozed)" if action.snoozed else ""
            colour = "#a4161a" if action.days_overdue > 7 else "#8a5a00" if action.days_overdue else "#1f4e79"
            company = f" ({esc(action.company)})" if action.company else ""
            text = widgets.HTML(
                f'<div style="min-width:420px"><b>{esc(action.label)}</b>: {esc(action.name)}{company} '
                f'<span style="color:{colour}">{esc(action.due.isoformat())}, {esc(when)}</span><br>'
                f"<small>{esc(action.text)}</small></div>"
            )
            self.rows.append((action, done, later))
            boxes.append(widgets.HBox([text, done, later]))
        self.list_box.children = tuple(boxes)
        if self.actions.warnings:
            items = "".join(f"<li>{esc(w)}</li>" for w in self.actions.warnings)
            self.warnings_box.value = f"<details><summary>Check these dates ({len(self.actions.warnings)})</summary><ul>{items}</ul></details>"
        else:
            self.warnings_box.value = ""

    @guarded()
    def _on_done(self, action: followup.DueAction) -> None:
        logged = followup.mark_done(self.tracker, action, on=self.today)
        self.refresh()
        what = f"; logged '{INTERACTION_LABELS[logged]}' on {self.today.isoformat()}" if logged else ""
        self.notice.show("ok", f"Done: {action.label} for {action.name}{what}.")

    @guarded()
    def _on_snooze(self, action: followup.DueAction) -> None:
        until = followup.snooze(self.tracker, action, self.snooze_days.value, on=self.today, settings=self.settings)
        self.refresh()
        self.notice.show("info", f"Snoozed: {action.label} for {action.name} comes back on {until.isoformat()}.")

    @guarded()
    def _on_export(self, _button=None) -> None:
        ahead = self.settings["calendar_within_days"]
        actions = followup.due(self.tracker, self.today, settings=self.settings, within_days=ahead)
        path = followup.write_ics(
            data_dir() / self.settings["calendar_filename"], actions, calendar_name=self.settings["calendar_name"]
        )
        self.last_export = path
        self.notice.show(
            "ok",
            f"Saved {len(actions)} event(s) (due now or in the next {ahead} days) to {path}. Import it into Google "
            "Calendar, Outlook or Apple Calendar; importing a newer export updates the same events.",
        )


class ThankYouDrafter(widgets.VBox):
    """Choose a meeting, get a short draft from its notes, edit it and watch the review update."""

    def __init__(self, tracker: Tracker | Session | None = None, learner_name: str = ""):
        self.settings = followup.load_settings()
        self.tracker, self.using_sample = Session.of(tracker, needs="anything").current()
        self.meetings = followup.meetings(self.tracker)
        self.source = widgets.HTML()
        self.meeting = widgets.Dropdown(
            options=[(self._meeting_label(m), i) for i, m in enumerate(self.meetings)],
            description="Meeting",
            style={"description_width": "auto"},
            layout=widgets.Layout(width="480px"),
        )
        self.learner_name = widgets.Text(
            value=learner_name,
            description="Your name",
            placeholder="to sign the note",
            style={"description_width": "auto"},
        )
        self.draft_button = widgets.Button(description="Draft it", icon="pencil", button_style="primary")
        self.text = widgets.Textarea(
            layout=widgets.Layout(width="100%", height="220px"),
            placeholder="Your thank-you note appears here; edit it freely.",
        )
        self.review = widgets.HTML()
        self.log_button = widgets.Button(
            description="Log thank-you sent",
            icon="check",
            button_style="primary",
            tooltip="Record in your tracker that you sent it today",
        )
        self.notice = Notice()
        self.draft_button.add_class("infoview-draft")
        self.log_button.add_class("infoview-log-thanks")
        self.draft_button.on_click(self._on_draft)
        self.log_button.on_click(self._on_log)
        self.text.observe(self._on_text, names="value")
        self.meeting.observe(self._on_meeting, names="value")
        super().__init__(
            children=[
                self.source,
                widgets.HBox([self.meeting, self.learner_name, self.draft_button]),
                self.text,
                self.review,
                self.log_button,
                self.notice,
            ]
        )
        if self.using_sample:
            self.source.value = f"<i>{esc(_SAMPLE_NOTE.format(day=_today().isoformat()))}</i>"
        if self.meetings:
            self._on_draft()
        else:
            self.draft_button.disabled = self.log_button.disabled = True
            self.notice.show(
                "info",
                "No meetings yet. Log a meeting and your notes (stage 4); then come back to draft the thank-you.",
            )
            self._on_text()

    @staticmethod
    def _meeting_label(m: dict) -> str:
        when = m["meeting_on"].isoformat() if m["meeting_on"] else "date unknown"
        return f"{Tracker.display_name(m['contact'])}, {when}"

    @property
    def current(self) -> dict | None:
        return self.meetings[self.meeting.value] if self.meetings and self.meeting.value is not None else None

    def _on_meeting(self, _change=None) -> None:
        self._on_draft()

    @guarded()
    def _on_draft(self, _button=None) -> None:
        m = self.current
        if m is None:
            return
        self.text.value = followup.draft_thank_you(
            m["contact"], m["notes"], self.learner_name.value, settings=self.settings
        )
        if not m["notes"]:
            self.notice.show(
                "warning", "There are no notes for this meeting, so fill in the [bracketed] gaps yourself."
            )
        else:
            self.notice.clear()

    @guarded()
    def _on_text(self, _change=None) -> None:
        m = self.current
        review = followup.review_thank_you(
            self.text.value,
            contact=m["contact"] if m else None,
            meeting_notes=m["notes"] if m else None,
            settings=self.settings,
        )
        self.last_review = review
        self.review.value = review.to_html()

    @guarded()
    def _on_log(self, _button=None) -> None:
        m = self.current
        if m is None:
            return
        day: _dt.date = _today()
        self.tracker.log(m["contact"]["id"], "thank_you_sent", on=day, detail="from the thank-you drafter")
        saved = " (in the sample, not saved)" if self.using_sample else ""
        self.notice.show(
            "ok", f"Logged: thank-you sent to {Tracker.display_name(m['contact'])} on {day.isoformat()}{saved}."
        )
