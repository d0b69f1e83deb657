"""Stage 3 views: research checklist, objectives, question builder and the interview brief.

Each view picks a contact from the learner's tracker; when the tracker has no contacts yet
it uses the sample learner's (and says so). Work saved on the sample lasts until the
notebook's kernel stops.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .. import prep
from ..session import Session, shared
from ..tracker import Tracker
from .common import Notice, esc, guarded, screen_reader_label

__all__ = ["ContactChooser", "ResearchChecklist", "Objectives", "QuestionBuilder", "BriefMaker"]

SAMPLE_MESSAGE = (
    "Your tracker has no contacts yet, so this tool shows the sample learner's contacts. "
    "What you save here lasts until you close the notebook; add your own contacts in notebook 01."
)


class ContactChooser(widgets.VBox):
    """A dropdown of the tracker's contacts. ``value`` is the chosen contact's id (or None)."""

    def __init__(self, tracker: Tracker | Session | None = None, contact_id: int | None = None):
        session = tracker if isinstance(tracker, Session) else shared(tracker)
        self.tracker, self.using_sample = session.current()
        self.dropdown = widgets.Dropdown(
            description="Contact", layout=widgets.Layout(width="32em"), style={"description_width": "5em"}
        )
        self.notice = Notice()
        self.refresh(contact_id)
        if self.using_sample:
            self.notice.show("info", SAMPLE_MESSAGE)
        elif not self.dropdown.options:
            self.notice.show("info", "Your tracker has no contacts yet: add some in notebook 01 first.")
        super().__init__(children=[self.dropdown, self.notice])

    def refresh(self, contact_id: int | None = None) -> None:
        contacts = self.tracker.contact_list()
        # Dropdown labels are shown as text, never as HTML.
        self.dropdown.options = [(f"{Tracker.display_name(c)} #{c['id']}", c["id"]) for c in contacts]
        ids = [c["id"] for c in contacts]
        if contact_id in ids:
            self.dropdown.value = contact_id
        elif ids and self.dropdown.value is None:
            self.dropdown.value = prep.preferred_contact(self.tracker, ids)

    @property
    def value(self) -> int | None:
        return self.dropdown.value

    @value.setter
    def value(self, contact_id: int) -> None:
        self.dropdown.value = contact_id

    def contact(self) -> dict[str, Any]:
        if self.value is None:
            raise ValueError("Choose a contact first (your tracker has none yet).")
        return self.tracker.contact(self.value)

    def observe_contact(self, callback) -> None:
        self.dropdown.observe(lambda change: callback(), names="value")


def _chooser_for(tracker, contact_id, chooser: ContactChooser | None) -> ContactChooser:
    return chooser if chooser is not None else ContactChooser(tracker, contact_id)


class ResearchChecklist(widgets.VBox):
    """What to find out about the company, the industry and the person, with notes; saved
    to the tracker as the contact's "research" note."""

    def __init__(
        self,
        tracker: Tracker | None = None,
        contact_id: int | None = None,
        *,
        chooser: ContactChooser | None = None,
        content_dir=None,
    ):
        self.chooser = _chooser_for(tracker, contact_id, chooser)
        self.tracker = self.chooser.tracker
        self.items = prep.research_items(content_dir)
        areas = prep.load_settings(content_dir).get("research_areas", {})
        self.boxes: dict[str, widgets.Checkbox] = {}
        rows: list[widgets.Widget] = []
        current_area = None
        for item in self.items:
            if item["area"] != current_area:
                current_area = item["area"]
                rows.append(widgets.HTML(f"<b>{esc(areas.get(current_area, current_area))}</b>"))
            box = widgets.Checkbox(description=item["label"], indent=False, layout=widgets.Layout(width="auto"))
            self.boxes[item["id"]] = box
            rows.append(box)
            rows.append(
                widgets.HTML(
                    f'<div style="color:#555;margin:-4px 0 4px 1.8em;font-size:90%">{esc(item["guidance"])}</div>'
                )
            )
        self.notes = widgets.Textarea(
            placeholder="What you found: facts, names, questions it raises...",
            layout=widgets.Layout(width="40em", height="7em"),
        )
        self.save_button = widgets.Button(description="Save research", icon="save", button_style="primary")
        self.save_button.add_class("infoview-save-research")
        self.notice = Notice()
        self.save_button.on_click(self._on_save)
        self.chooser.observe_contact(self.load)
        super().__init__(
            children=[self.chooser, *rows, widgets.HTML("<b>Notes</b>"), self.notes, self.save_button, self.notice]
        )
        self.load()

    def body(self) -> dict[str, Any]:
        return {"items": {k: bool(b.value) for k, b in self.boxes.items()}, "notes": self.notes.value}

    @guarded()
    def load(self) -> None:
        self.notice.clear()
        note = self.tracker.latest_note(self.chooser.value, "research") if self.chooser.value is not None else None
        body = (note or {}).get("body") or {}
        done = body.get("items") or {}
        for key, box in self.boxes.items():
            box.value = bool(done.get(key))
        self.notes.value = str(body.get("notes") or "")

    @guarded()
    def _on_save(self, _button=None) -> None:
        contact = self.chooser.contact()
        body = self.body()
        self.tracker.save_note(contact["id"], "research", body)
        done = sum(body["items"].values())
        self.notice.show(
            "ok", f"Saved your research on {Tracker.display_name(contact)}: {done} of {len(self.boxes)} items done."
        )


class Objectives(widgets.VBox):
    """One to three things the learner wants to learn; saved as the "objectives" note."""

    def __init__(
        self,
        tracker: Tracker | None = None,
        contact_id: int | None = None,
        *,
        chooser: ContactChooser | None = None,
        content_dir=None,
    ):
        self.chooser = _chooser_for(tracker, contact_id, chooser)
        self.tracker = self.chooser.tracker
        self.content_dir = content_dir
        conf = prep.load_settings(content_dir)["objectives"]
        examples = list(conf.get("examples", []))
        self.fields = [
            widgets.Text(
                description=f"{i + 1}.",
                placeholder=f"e.g. {examples[i]}" if i < len(examples) else "",
                layout=widgets.Layout(width="44em"),
                style={"description_width": "2em"},
            )
            for i in range(int(conf["max"]))
        ]
        self.save_button = widgets.Button(description="Save objectives", icon="save", button_style="primary")
        self.save_button.add_class("infoview-save-objectives")
        self.notice = Notice()
        self.save_button.on_click(self._on_save)
        self.chooser.observe_contact(self.load)
        super().__init__(
            children=[
                self.chooser,
                widgets.HTML("<b>What do I want to learn from this conversation?</b>"),
                *self.fields,
                self.save_button,
                self.notice,
            ]
        )
        self.load()

    @property
    def objectives(self) -> list[str]:
        return [f.value for f in self.fields]

    @guarded()
    def load(self) -> None:
        self.notice.clear()
        note = self.tracker.latest_note(self.chooser.value, "objectives") if self.chooser.value is not None else None
        saved = ((note or {}).get("body") or {}).get("objectives", [])
        for i, f in enumerate(self.fields):
            f.value = saved[i] if i < len(saved) else ""

    @guarded()
    def _on_save(self, _button=None) -> None:
        contact = self.chooser.contact()
        cleaned = prep.clean_objectives(self.objectives, self.content_dir)
        self.tracker.save_note(contact["id"], "objectives", {"objectives": cleaned})
        self.notice.show("ok", f"Saved {len(cleaned)} objective(s) for {Tracker.display_name(contact)}.")


class QuestionBuilder(widgets.VBox):
    """Propose a question list that fits the meeting, then swap, reorder, remove and add
    your own, watching the time budget; saved as the "question_list" note."""

    def __init__(
        self,
        tracker: Tracker | None = None,
        contact_id: int | None = None,
        *,
        chooser: ContactChooser | None = None,
        content_dir=None,
    ):
        self.chooser = _chooser_for(tracker, contact_id, chooser)
        self.tracker = self.chooser.tracker
        self.content_dir = content_dir
        self.conf = prep.load_settings(content_dir)
        self.bank = prep.load_question_bank(content_dir)
        self.questions: list[prep.Question] = []
        self._seed = 0
        self.edited = False  # True once the learner changed or loaded a list: then never replaced silently
        lengths = [int(x) for x in self.conf["meeting"]["lengths"]]
        self.minutes = widgets.ToggleButtons(
            options=[(f"{m} minutes", m) for m in lengths],
            value=int(self.conf["meeting"]["default_length"]),
            description="Meeting",
            style={"description_width": "5em"},
        )
        special = prep.audience_tags(self.bank, content_dir)
        self.tag_boxes = {
            t: widgets.Checkbox(description=t.replace("_", " "), indent=False, layout=widgets.Layout(width="auto"))
            for t in special
        }
        self.propose_button = widgets.Button(description="Propose a list", icon="magic", button_style="primary")
        self.propose_button.add_class("infoview-propose")
        self.listing = widgets.Select(options=[], rows=12, layout=widgets.Layout(width="100%", max_width="72em"))
        screen_reader_label(self.listing, "Your question list")
        self.swap_button = widgets.Button(
            description="Swap", icon="exchange", tooltip="Another question, same category"
        )
        self.up_button = widgets.Button(description="Move up", icon="arrow-up")
        self.down_button = widgets.Button(description="Move down", icon="arrow-down")
        self.remove_button = widgets.Button(description="Remove", icon="trash")
        self.own_text = widgets.Text(placeholder="Your own question", layout=widgets.Layout(width="30em"))
        self.own_category = widgets.Dropdown(
            options=self.conf["categories"], value=self.conf["categories"][0], layout=widgets.Layout(width="10em")
        )
        screen_reader_label(self.own_category, "Category of your own question")
        screen_reader_label(self.own_text, "Your own question")
        self.own_minutes = widgets.BoundedFloatText(
            value=2,
            min=0.5,
            step=0.5,
            max=float(self.conf["meeting"]["max_question_minutes"]),
            description="min",
            layout=widgets.Layout(width="8em"),
            style={"description_width": "2.5em"},
        )
        self.add_button = widgets.Button(description="Add", icon="plus")
        self.bar = widgets.FloatProgress(
            min=0, max=1, value=0, bar_style="success", layout=widgets.Layout(width="30em")
        )
        self.budget_label = widgets.HTML()
        self.problems = widgets.HTML()
        self.save_button = widgets.Button(description="Save list", icon="save", button_style="primary")
        self.save_button.add_class("infoview-save-questions")
        self.notice = Notice()

        self.propose_button.on_click(self._on_propose)
        self.swap_button.on_click(self._on_swap)
        self.up_button.on_click(lambda b: self._on_move(-1))
        self.down_button.on_click(lambda b: self._on_move(1))
        self.remove_button.on_click(self._on_remove)
        self.add_button.on_click(self._on_add)
        self.save_button.on_click(self._on_save)
        self.minutes.observe(self._on_settings, names="value")
        for box in self.tag_boxes.values():
            box.observe(self._on_settings, names="value")
        self.chooser.observe_contact(self.load)
        super().__init__(
            children=[
                self.chooser,
                self.minutes,
                widgets.HBox([widgets.HTML("Also for:"), *self.tag_boxes.values()]),
                self.propose_button,
                self.listing,
                widgets.HBox([self.swap_button, self.up_button, self.down_button, self.remove_button]),
                widgets.HBox([self.own_text, self.own_category, self.own_minutes, self.add_button]),
                widgets.HBox([self.bar, self.budget_label]),
                self.problems,
                self.save_button,
                self.notice,
            ]
        )
        self.load()

    # -------------------------------------------------------------- state
    @property
    def tags(self) -> list[str]:
        return [t for t, box in self.tag_boxes.items() if box.value]

    @property
    def budget(self) -> prep.Budget:
        return prep.budget(self.questions, self.minutes.value, self.content_dir)

    def _objectives(self) -> list[str]:
        if self.chooser.value is None:
            return []
        note = self.tracker.latest_note(self.chooser.value, "objectives")
        return ((note or {}).get("body") or {}).get("objectives", [])

    def _set(self, questions: list[prep.Question], select: int | None = None, *, edited: bool = True) -> None:
        self.questions = list(questions)
        self.edited = edited
        self._render(select)

    def _render(self, select: int | None = None) -> None:
        labels = self.conf["phase_labels"]
        start = 0.0
        options = []
        for i, q in enumerate(self.questions):
            options.append(
                (
                    f"{i + 1}. {prep.clock_text(start)} {labels.get(q.phase, q.phase)} \u00b7 {q.category} "
                    f"\u00b7 {prep.minutes_text(q.minutes)} min \u2014 {q.text}",
                    i,
                )
            )
            start += q.minutes
        self.listing.options = options
        if select is not None and options:
            self.listing.value = max(0, min(select, len(options) - 1))
        b = self.budget
        self.bar.max = max(b.limit, 0.001)
        self.bar.value = min(b.used, b.limit)
        self.bar.bar_style = "warning" if b.over else "success"
        colour = "#a4161a" if b.over else "#0b6e4f"
        self.budget_label.value = f'<span style="color:{colour};font-weight:600">{esc(str(b))}</span>'
        problems = prep.list_problems(self.questions, self.minutes.value, bank=self.bank, content_dir=self.content_dir)
        self.problems.value = "".join(
            f'<div class="infoview-{sev}">{"✖" if sev == "error" else "!" if sev == "warning" else "ℹ"} '
            f"{esc(msg)}</div>"
            for sev, msg in problems
        )

    @property
    def selected(self) -> int | None:
        return self.listing.value

    # -------------------------------------------------------------- callbacks
    @guarded()
    def load(self) -> None:
        self.notice.clear()
        saved, minutes = ([], None)
        if self.chooser.value is not None:
            saved, minutes = prep.saved_questions(self.tracker, self.chooser.value)
        if saved:
            self.edited = True  # the saved list is the learner's: a length change must not replace it
            if minutes:
                if int(minutes) not in [v for _, v in self.minutes.options]:  # an instructor's other length
                    self.minutes.options = [*self.minutes.options, (f"{int(minutes)} minutes", int(minutes))]
                self.minutes.value = int(minutes)
            self._set(saved, 0)
            self.notice.show("info", f"Loaded your saved list of {len(saved)} questions.")
        else:
            self._propose()
            self.notice.show(
                "info",
                f"Proposed {len(self.questions)} questions for {self.minutes.value} minutes "
                "(not saved yet): swap, reorder or add your own, then save.",
            )

    def _propose(self) -> None:
        chosen = prep.select_questions(
            self.bank,
            self.minutes.value,
            tags=self.tags,
            objectives=self._objectives(),
            seed=self._seed,
            content_dir=self.content_dir,
        )
        self._set(chosen, 0, edited=False)

    @guarded()
    def _on_settings(self, _change=None) -> None:
        """A new length or audience: a fresh proposal follows it; an edited list is kept."""
        if self.edited:
            self._render(self.selected)
            self.notice.show(
                "info",
                f'Your list is kept as it is ({self.budget}). Press "Propose a list" '
                f"for a new one that fits {self.minutes.value} minutes.",
            )
        else:
            self._propose()
            self.notice.show(
                "info", f"Proposed {len(self.questions)} questions for {self.minutes.value} minutes (not saved yet)."
            )

    @guarded()
    def _on_propose(self, _button=None) -> None:
        self._seed += 1
        self._propose()
        self.notice.show("ok", f"Proposed {len(self.questions)} questions that fit {self.minutes.value} minutes.")

    @guarded()
    def _on_swap(self, _button=None) -> None:
        index = self.selected
        old = self.questions[index] if index is not None and index < len(self.questions) else None
        self._set(
            prep.swap_question(self.questions, index, self.bank, self.minutes.value, content_dir=self.content_dir),
            index,
        )
        self.notice.show("ok", f"Swapped question {index + 1} for another {old.category} question.")

    @guarded()
    def _on_move(self, offset: int) -> None:
        index = self.selected
        self._set(prep.move_question(self.questions, index, offset), index + offset)
        self.notice.clear()

    @guarded()
    def _on_remove(self, _button=None) -> None:
        index = self.selected
        self._set(prep.remove_question(self.questions, index), index)
        self.notice.show("ok", "Removed the question.")

    @guarded()
    def _on_add(self, _button=None) -> None:
        before = {q.id for q in self.questions}
        new_list = prep.add_own_question(
            self.questions,
            self.own_text.value,
            self.own_category.value,
            self.own_minutes.value,
            content_dir=self.content_dir,
        )
        index = next(i for i, q in enumerate(new_list) if q.id not in before)
        self._set(new_list, index)
        self.own_text.value = ""
        b = self.budget
        if b.over:
            self.notice.show("warning", f"Added your question, but the list is now over time: {b}")
        else:
            self.notice.show("ok", "Added your question.")

    @guarded()
    def _on_save(self, _button=None) -> None:
        contact = self.chooser.contact()
        if not self.questions:
            raise ValueError("The list is empty: propose a list or add questions before saving.")
        self.tracker.save_note(
            contact["id"],
            "question_list",
            {"minutes": self.minutes.value, "questions": [q.to_dict() for q in self.questions]},
        )
        b = self.budget
        kind, extra = ("warning", f" It is over time: {b}") if b.over else ("ok", "")
        self.notice.show(kind, f"Saved {len(self.questions)} questions for {Tracker.display_name(contact)}.{extra}")


class BriefMaker(widgets.VBox):
    """Writes the one-page interview brief (HTML and Markdown) and shows it."""

    def __init__(
        self,
        tracker: Tracker | None = None,
        contact_id: int | None = None,
        *,
        chooser: ContactChooser | None = None,
        content_dir=None,
        out_dir=None,
    ):
        self.chooser = _chooser_for(tracker, contact_id, chooser)
        self.tracker = self.chooser.tracker
        self.content_dir = content_dir
        self.out_dir = out_dir
        self.learner = widgets.Text(
            description="Your name",
            placeholder="optional, printed on the brief",
            style={"description_width": "6em"},
            layout=widgets.Layout(width="30em"),
        )
        self.make_button = widgets.Button(description="Make the brief", icon="file-text", button_style="primary")
        self.make_button.add_class("infoview-make-brief")
        self.notice = Notice()
        self.paths = widgets.HTML()
        self.preview = widgets.HTML()
        self.files: prep.BriefFiles | None = None
        self.make_button.on_click(self._on_make)
        self.chooser.observe_contact(self._clear)
        super().__init__(children=[self.chooser, self.learner, self.make_button, self.notice, self.paths, self.preview])

    def _clear(self) -> None:
        self.notice.clear()
        self.paths.value = ""
        self.preview.value = ""
        self.files = None

    @guarded()
    def _on_make(self, _button=None) -> None:
        contact = self.chooser.contact()
        inputs = prep.brief_inputs(self.tracker, contact["id"], content_dir=self.content_dir)
        learner = self.learner.value.strip()
        files = inputs.write(learner, out_dir=self.out_dir, content_dir=self.content_dir)
        self.files = files
        body = inputs.body(learner, self.content_dir)
        self.preview.value = f'<div style="border:1px solid #ccc;padding:8px 14px;max-width:52em">{body}</div>'
        self.paths.value = (
            f"Saved: <code>{esc(files.html)}</code> (open it and print it) and <code>{esc(files.markdown)}</code>"
        )
        missing = [
            what for what, value in (("objectives", inputs.objectives), ("research", inputs.research)) if not value
        ]
        if inputs.proposed:
            self.notice.show(
                "info",
                f"Brief made for {Tracker.display_name(contact)} with a proposed question list "
                "(you have not saved one yet).",
            )
        elif missing:
            self.notice.show(
                "info", f"Brief made for {Tracker.display_name(contact)}; still empty: {', '.join(missing)}."
            )
        else:
            self.notice.show("ok", f"Brief made for {Tracker.display_name(contact)}.")
