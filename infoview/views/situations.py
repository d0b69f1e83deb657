"""Views for the situations between the stages (see :mod:`infoview.situations`).

Each tool is a VBox a notebook displays and a test drives by setting ``.value`` and clicking.
The lessons' exercises (the 30-second introduction, the awkward moments, the keep-in-touch
update) are exercises of the catalogue (``exercises.toml``), built by the same widget as the
stages' (:func:`infoview.views.exercises.exercise`): a Check button, feedback in a
``role="status"`` box, an attempt count and progress saved in the tracker, and a worked answer
that appears only after a first attempt.
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from .. import situations
from ..paths import data_dir
from ..tracker import Tracker
from .common import LazyTracker, Notice, esc, guarded
from .exercises import BrokenExercise, exercise

__all__ = [
    "IntroductionRequestDrafter",
    "MeetingPlanner",
    "IntroductionBuilder",
    "WhatWouldYouSay",
    "KeepInTouchDrafter",
    "FindingPeopleChecklist",
    "tips",
    "Listing",
    "event_tips",
    "etiquette_tips",
    "last_five_tips",
    "learner_tips",
]

_WIDE = widgets.Layout(width="95%")
_STYLE = {"description_width": "200px"}


def _text(description: str, placeholder: str = "") -> widgets.Text:
    return widgets.Text(description=description, placeholder=placeholder, style=_STYLE, layout=_WIDE)


def _area(description: str, rows: int = 7) -> widgets.Textarea:
    return widgets.Textarea(
        description=description, style=_STYLE, layout=widgets.Layout(width="95%", height=f"{rows * 1.6}em")
    )


def _zone_box(zones: list[str], description: str, placeholder: str) -> widgets.Combobox:
    """A time zone typed or picked from the list (any text is allowed; the planner checks it)."""
    return widgets.Combobox(
        options=zones, description=description, placeholder=placeholder, ensure_option=False, style=_STYLE, layout=_WIDE
    )


def tips(items: list[str], title: str = "") -> widgets.HTML:
    """A short escaped list (the last five minutes, what to say at an event)."""
    head = f"<b>{esc(title)}</b>" if title else ""
    return widgets.HTML(head + "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")


class Listing:
    """A short list shown as HTML in a notebook and as plain text elsewhere (same every run,
    so strict nbval compares it). The HTML leaves the title out: the lesson's heading above
    the list already says it."""

    def __init__(self, title: str, items: list[tuple[str, str]], note: str = ""):
        self.title, self.items, self.note = title, items, note

    def _repr_html_(self) -> str:
        rows = "".join(f"<li>{f'<b>{esc(k)}:</b> ' if k else ''}{esc(v)}</li>" for k, v in self.items)
        note = f"<p style='font-size:smaller'><i>{esc(self.note)}</i></p>" if self.note else ""
        return f'<ul aria-label="{esc(self.title)}">{rows}</ul>{note}'

    def __repr__(self) -> str:
        lines = [self.title] + [f"- {k + ': ' if k else ''}{v}" for k, v in self.items]
        return "\n".join(lines + ([self.note] if self.note else []))


def event_tips(content_dir=None) -> Listing:
    return Listing(
        "At an event, and after it",
        [("", t) for t in situations.event_lines(content_dir)],
        "Basis: " + situations.load_situations(content_dir)["finding_people"]["source"],
    )


def etiquette_tips(content_dir=None) -> Listing:
    items = situations.etiquette(content_dir)
    return Listing(
        "Video, phone or in person",
        [(e["format"].capitalize(), e["text"]) for e in items],
        "Basis: " + " ".join(dict.fromkeys(e["source"] for e in items)),
    )


def last_five_tips(content_dir=None) -> Listing:
    return Listing(
        "The last five minutes",
        [("", t) for t in situations.last_five(content_dir)],
        "Basis: this course's stage-4 closing checklist (DOMAIN.md, stage 4) and practice.",
    )


def learner_tips(content_dir=None) -> Listing:
    notes = situations.learner_notes(content_dir)
    return Listing("Different learners, the same method", [(n["who"], f"{n['text']} ({n['source']})") for n in notes])


# ------------------------------------------------------------------ introductions
class IntroductionRequestDrafter(widgets.VBox):
    """Draft a request to someone you know for an introduction, review its forwardable part
    with the stage-2 rules that apply, and draft the report-back to the introducer."""

    def __init__(self):
        self.introducer = _text("Who you know", "e.g. Ana (your former manager)")
        self.contact = _text("Who you want to meet", "e.g. Sam Lee")
        self.organisation = _text("Their organisation", "e.g. Northwind Labs")
        self.topic = _text("What you want to learn", "e.g. how data teams decide what to build")
        self.about_you = _text("One line about you", "e.g. I'm finishing a statistics degree")
        self.your_name = _text("Your name")
        self.draft_button = widgets.Button(description="Draft the request", icon="pencil", button_style="primary")
        self.draft_button.on_click(lambda _b: self._on_draft())
        self.draft_button.add_class("infoview-draft-intro")
        self.note = _area("Note to them", 7)
        self.forwardable = _area("Lines to forward", 6)
        self.review_button = widgets.Button(description="Review the lines to forward", icon="check")
        self.review_button.add_class("infoview-check")
        self.review_button.on_click(lambda _b: self._on_review())
        self.review_box = widgets.HTML('<div role="status" aria-live="polite"></div>')
        self.learned = _text("One thing you learned", "e.g. how their team hires graduates")
        self.next_step = _text("What you will do next", "e.g. read the blog post Sam suggested")
        self.report_button = widgets.Button(description="Draft the report-back", icon="reply")
        self.report_button.on_click(lambda _b: self._on_report())
        self.report = _area("Report-back", 6)
        self.notice = Notice()
        super().__init__(
            children=[
                self.introducer,
                self.contact,
                self.organisation,
                self.topic,
                self.about_you,
                self.your_name,
                self.draft_button,
                self.note,
                self.forwardable,
                self.review_button,
                self.review_box,
                widgets.HTML("<b>After the meeting: tell them how it went</b>"),
                self.learned,
                self.next_step,
                self.report_button,
                self.report,
                self.notice,
            ]
        )
        self.review = None

    @guarded()
    def _on_draft(self) -> None:
        request = situations.draft_introduction_request(
            introducer=self.introducer.value,
            contact=self.contact.value,
            organisation=self.organisation.value,
            topic=self.topic.value,
            about_you=self.about_you.value,
            your_name=self.your_name.value,
        )
        self.note.value, self.forwardable.value = request.note, request.forwardable
        self.notice.show("ok", "Drafted. Edit both parts in your own words, then review the lines to forward.")

    @guarded()
    def _on_review(self) -> None:
        self.review = situations.review_forwardable(self.forwardable.value)
        items = "".join(f"<li>{esc(f.severity)}: {esc(f.message)}</li>" for f in self.review.findings)
        colour = "#0b6e4f" if self.review.ok else "#7a4f00"
        self.review_box.value = (
            f'<div role="status" aria-live="polite" style="color:{colour}">'
            f"<b>{esc(self.review.summary())}</b><ul>{items}</ul></div>"
        )

    @guarded()
    def _on_report(self) -> None:
        self.report.value = situations.draft_report_back(
            introducer=self.introducer.value,
            contact=self.contact.value,
            learned=self.learned.value,
            next_step=self.next_step.value,
            your_name=self.your_name.value,
        )
        self.notice.show("ok", "Drafted. Send it together with your thank-you.")


# ------------------------------------------------------------------ meetings
class MeetingPlanner(widgets.VBox):
    """A meeting across time zones: both local times, the day to confirm, the confirmation
    text and an .ics invite saved beside the tracker."""

    def __init__(self, out_dir: Any = None):
        zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
        self._out_dir = out_dir
        self.day = _text("Date (YYYY-MM-DD)", "e.g. 2026-03-20")
        self.time = _text("Time (HH:MM, 24-hour)", "e.g. 14:30")
        self.whose = widgets.Dropdown(
            options=[("their clock", "theirs"), ("your clock", "yours")], description="That time is on", style=_STYLE
        )
        self.your_zone = _zone_box(zones, "Your time zone", "e.g. Europe/London")
        self.their_zone = _zone_box(zones, "Their time zone", "e.g. America/Chicago")
        self.minutes = widgets.BoundedIntText(
            value=int(situations.load_situations()["meeting"]["default_minutes"]),
            min=5,
            max=240,
            description="Minutes",
            style=_STYLE,
        )
        self.name = _text("Their first name")
        self.how = _text("How you will meet", "e.g. Video: the link is in the invite")
        self.your_name = _text("Your name")
        self.plan_button = widgets.Button(description="Plan", icon="clock-o", button_style="primary")
        self.plan_button.on_click(lambda _b: self._on_plan())
        self.plan_button.add_class("infoview-plan-meeting")
        self.summary = widgets.HTML('<div role="status" aria-live="polite"></div>')
        self.confirmation = _area("Confirmation", 7)
        self.save_button = widgets.Button(description="Save invite (.ics)", icon="calendar", disabled=True)
        self.save_button.add_class("infoview-export-ics")
        self.save_button.on_click(lambda _b: self._on_save())
        self.notice = Notice()
        self.meeting: situations.Meeting | None = None
        self.saved_path = None
        super().__init__(
            children=[
                self.day,
                self.time,
                self.whose,
                self.your_zone,
                self.their_zone,
                self.minutes,
                self.name,
                self.how,
                self.your_name,
                self.plan_button,
                self.summary,
                self.confirmation,
                self.save_button,
                self.notice,
            ]
        )

    @guarded()
    def _on_plan(self) -> None:
        self.meeting = situations.plan_meeting(
            self.day.value,
            self.time.value,
            self.your_zone.value,
            self.their_zone.value,
            minutes=self.minutes.value,
            in_zone=self.whose.value,
        )
        self.summary.value = (
            f'<div role="status" aria-live="polite"><b>{esc(self.meeting.summary())}</b><br>'
            f"Send the confirmation on {esc(self.meeting.confirm_on.strftime('%A %d %B'))}.</div>"
        )
        self.confirmation.value = situations.confirmation_text(
            self.meeting, name=self.name.value or "there", how=self.how.value, your_name=self.your_name.value
        )
        self.save_button.disabled = False
        self.notice.clear()

    @guarded()
    def _on_save(self) -> None:
        if self.meeting is None:
            raise ValueError("Press Plan first: the invite needs the meeting's time.")
        who = self.name.value.strip() or "your contact"
        raw = situations.meeting_ics(
            self.meeting,
            summary=f"Informational interview with {who}",
            description=self.confirmation.value,
            location=self.how.value,
        )
        folder = data_dir() if self._out_dir is None else self._out_dir
        path = Path(folder) / f"meeting-{self.meeting.theirs:%Y-%m-%d-%H%M}.ics"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        self.saved_path = path
        self.notice.show(
            "ok",
            f"Saved {path.name} in {path.parent}. Open it to add the meeting to your calendar, "
            "or attach it to your confirmation.",
        )


# ------------------------------------------------------------------ exercises of the catalogue
class _CatalogueExercise:
    """A lesson tool around one exercise of the catalogue (``exercises.toml``), built by
    :func:`infoview.views.exercises.exercise`: its Check button, feedback, attempt count saved
    in the tracker, and a worked answer after a first try, as in the stages."""

    def _exercise(self, exercise_id: str, *, tracker=None, content_dir=None, record: bool = True):
        w = exercise(exercise_id, tracker=tracker, content_dir=content_dir, record=record)
        if isinstance(w, BrokenExercise):
            return w
        w.check_button.add_class("infoview-check")
        w.show_button.add_class("infoview-show-answer")
        return w

    @property
    def check_button(self) -> widgets.Button:
        return self.exercise.check_button

    @property
    def answer_button(self) -> widgets.Button:
        return self.exercise.show_button

    @property
    def result(self):
        return self.exercise.result

    @property
    def attempts(self) -> int:
        return self.exercise.attempts


# ------------------------------------------------------------------ first two minutes
class IntroductionBuilder(widgets.VBox, _CatalogueExercise):
    """Build a 30-second introduction from three parts, edit it, and check it (exercise "introduction")."""

    def __init__(self, *, tracker: Tracker | None = None, content_dir=None, record: bool = True):
        self.present = _text("Who you are now", "e.g. I'm a final-year chemistry student")
        self.past = _text("What brought you here", "e.g. a lab internship got me into data")
        self.learn = _text("What you want to learn", "e.g. how analysts in pharma spend their day")
        self.question = _text("Your question back", "e.g. How did you get into your role?")
        self.build_button = widgets.Button(description="Build", icon="wrench")
        self.build_button.on_click(lambda _b: self._on_build())
        self.notice = Notice()
        self.exercise = self._exercise("introduction", tracker=tracker, content_dir=content_dir, record=record)
        super().__init__(
            children=[self.present, self.past, self.learn, self.question, self.build_button, self.exercise, self.notice]
        )

    @property
    def text(self) -> widgets.Textarea:
        return self.exercise.boxes["text"]

    @guarded()
    def _on_build(self) -> None:
        self.text.value = situations.build_introduction(
            present=self.present.value, past=self.past.value, learn=self.learn.value, question=self.question.value
        )


# ------------------------------------------------------------------ awkward moments
class WhatWouldYouSay(widgets.VBox, _CatalogueExercise):
    """One awkward moment at a time: choose a moment, then a reply, check it, see a good answer
    after trying. Each moment is an exercise of the catalogue (``moment_<id>``, from
    ``awkward_moments.toml``) with its own attempts and progress."""

    def __init__(self, lesson: str | None = None, content_dir=None, *, tracker: Tracker | None = None, record=True):
        self.all = situations.scenarios(content_dir, lesson)
        if not self.all:
            raise ValueError(f"No scenarios for lesson {lesson!r} in awkward_moments.toml.")
        self.content_dir, self.record, self.tracker = content_dir, record, tracker
        self.picker = widgets.Dropdown(
            options=[(s.title, s.id) for s in self.all], description="Moment", style={"description_width": "80px"}
        )
        self.built: dict[str, widgets.Widget] = {}
        self.holder = widgets.VBox()
        self.notice = Notice()
        self.picker.observe(lambda _c: self._show(), names="value")
        super().__init__(children=[self.picker, self.holder, self.notice])
        self._show()

    @property
    def scenario(self) -> situations.Scenario:
        return next(s for s in self.all if s.id == self.picker.value)

    @property
    def choice(self) -> widgets.RadioButtons:
        return self.exercise.radio

    def _show(self) -> None:
        sid = self.scenario.id
        if sid not in self.built:
            w = self._exercise(f"moment_{sid}", tracker=self.tracker, content_dir=self.content_dir, record=self.record)
            self.tracker = getattr(w, "tracker", None) or self.tracker  # one tracker for every moment
            self.built[sid] = w
        self.exercise = self.built[sid]
        self.holder.children = [self.exercise]


# ------------------------------------------------------------------ keeping in touch
class KeepInTouchDrafter(widgets.VBox, _CatalogueExercise):
    """Draft a keep-in-touch update from its parts, edit it, and check it (exercise "keep_in_touch")."""

    def __init__(self, *, tracker: Tracker | None = None, content_dir=None, record: bool = True):
        self.name = _text("Their first name")
        self.advice = _text("Their advice", "e.g. talk to your data engineers")
        self.action = _text("What you did", "e.g. spoke to Sam Lee last week")
        self.result_text = _text("What came of it", "e.g. I have started the cloud course")
        self.next_step = _text("What you will do next", "e.g. finish the course by May")
        self.your_name = _text("Your name")
        self.draft_button = widgets.Button(description="Draft", icon="pencil")
        self.draft_button.on_click(lambda _b: self._on_draft())
        self.notice = Notice()
        self.exercise = self._exercise("keep_in_touch", tracker=tracker, content_dir=content_dir, record=record)
        super().__init__(
            children=[
                self.name,
                self.advice,
                self.action,
                self.result_text,
                self.next_step,
                self.your_name,
                self.draft_button,
                self.exercise,
                self.notice,
            ]
        )

    @property
    def text(self) -> widgets.Textarea:
        return self.exercise.boxes["text"]

    @guarded()
    def _on_draft(self) -> None:
        self.text.value = situations.draft_update(
            name=self.name.value,
            advice=self.advice.value,
            action=self.action.value,
            result=self.result_text.value,
            next_step=self.next_step.value,
            your_name=self.your_name.value,
        )


# ------------------------------------------------------------------ finding people
class FindingPeopleChecklist(widgets.VBox, LazyTracker):
    """The finding-people steps as checkboxes; ticks are kept in the tracker's settings."""

    SETTING = "finding_people_done"

    def __init__(self, tracker: Tracker | None = None):
        self._tracker = tracker
        self.items = situations.finding_checklist()
        self.boxes = {
            i["id"]: widgets.Checkbox(description=i["text"], value=False, indent=False, layout=_WIDE)
            for i in self.items
        }
        self.progress = widgets.HTML()
        self.notice = Notice()
        super().__init__(children=[*self.boxes.values(), self.progress, self.notice])
        self.add_class("infoview-checklist")
        self._load()
        for box in self.boxes.values():
            box.observe(lambda _c: self._on_change(), names="value")

    @guarded()
    def _load(self) -> None:
        done = self.tracker().setting(self.SETTING, [])
        for key, box in self.boxes.items():
            box.value = key in (done if isinstance(done, list) else [])
        self._show_progress()

    def _show_progress(self) -> None:
        ticked = sum(b.value for b in self.boxes.values())
        self.progress.value = f'<div role="status">{ticked} of {len(self.boxes)} done.</div>'

    @guarded()
    def _on_change(self) -> None:
        self._show_progress()
        self.tracker().set_setting(self.SETTING, [k for k, b in self.boxes.items() if b.value])
