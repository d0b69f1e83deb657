"""Stage 1 views: load your contacts, build your LAMP target list, pick whom to approach.

Each is a thin VBox over :mod:`infoview.contacts`. When your tracker has no contacts, the
target list and the picker show the fictional sample learner and say so.
"""

from __future__ import annotations

import weakref
from typing import Callable

import ipywidgets as widgets

from .. import contacts
from ..session import Session
from ..tracker import CHANNEL_LABELS, CHANNELS, Tracker
from .common import Notice, esc, guarded, screen_reader_label
from .exercises import exercise

__all__ = ["ContactLoader", "TargetList", "ContactPicker", "channel_quiz"]

_HIGHLIGHT = "background:#fff3c4;font-weight:600"

#: Target lists and pickers on screen, so that loading contacts refreshes them at once.
_LIVE: "weakref.WeakSet[_LessonView]" = weakref.WeakSet()


def _same_tracker(a: Tracker, b: Tracker) -> bool:
    return a is b or (not a.in_memory and not b.in_memory and a.path == b.path)


def refresh_views(tracker: Tracker) -> int:
    """Refresh every live target list and picker that works on ``tracker``; returns how many."""
    n = 0
    for view in list(_LIVE):
        if _same_tracker(view.data.own, tracker):
            view.refresh()
            n += 1
    return n


class _LessonView(widgets.VBox):
    """A view over the stage-1 session (:func:`infoview.contacts.lesson_data`): the learner's contacts, or the sample while empty."""

    def _start(self, tracker) -> None:
        self.data = contacts.lesson_data(tracker)
        self.source_note = Notice()
        _LIVE.add(self)

    @property
    def tracker(self) -> Tracker:
        return self.data.tracker

    def _show_source(self) -> None:
        if self.data.is_sample:
            self.source_note.show("info", self.data.note)
        else:
            self.source_note.clear()


class ContactLoader(widgets.VBox):
    """Upload LinkedIn's Connections.csv (or a Google Contacts CSV or .vcf), or use the sample.

    The file is imported into your tracker as soon as it is chosen; problems are explained
    in the status line and nothing is stored from a file that cannot be read.
    """

    def __init__(self, tracker: Tracker | None = None, on_change: Callable[[], None] | None = None):
        self.tracker = tracker if tracker is not None else Tracker()
        self.on_change = on_change
        self.last = None  # (ContactsFile, ImportResult) of the latest import, for tests and the curious
        self.intro = widgets.HTML(
            "<b>Load your contacts.</b> In LinkedIn: Me &gt; Settings &amp; Privacy &gt; Data privacy &gt; "
            "Get a copy of your data &gt; Connections. Unzip the download and choose <code>Connections.csv</code>. "
            "It stays on this computer, in your tracker file."
        )
        self.school = widgets.Text(
            placeholder="Your school's name (optional)",
            description="School:",
            layout=widgets.Layout(width="28em"),
        )
        self.upload = widgets.FileUpload(accept=".csv,.vcf", multiple=False, description="Choose file")
        self.sample_button = widgets.Button(description="Use the sample contacts", icon="users")
        self.remove_button = widgets.Button(description="Remove the sample contacts", icon="trash")
        self.notice = Notice()
        self.upload.add_class("infoview-contacts-upload")
        self.sample_button.add_class("infoview-contacts-sample")
        self.upload.observe(self._on_upload, names="value")
        self.sample_button.on_click(self._on_sample)
        self.remove_button.on_click(self._on_remove)
        super().__init__(
            children=[
                self.intro,
                self.school,
                widgets.HBox([self.upload, self.sample_button, self.remove_button]),
                self.notice,
            ]
        )

    def _keywords(self) -> list[str] | None:
        text = self.school.value.strip()
        return [text] if text else None

    def _report(self, read, result) -> None:
        self.last = (read, result)
        channels = contacts.added_channels(self.tracker, result)
        text = f"{read.summary()} {result.summary()}"
        if channels:
            text += (
                " Channels (a guess; change them in the contact picker): "
                + ", ".join(f"{n} {c}" for c, n in channels.items())
                + "."
            )
        self.notice.show("ok", text)
        self._changed()

    def _changed(self) -> None:
        refresh_views(self.tracker)
        if self.on_change is not None:
            self.on_change()

    @guarded()
    def _on_upload(self, change=None) -> None:
        files = self.upload.value
        if not files:
            return
        entry = files[0]
        self.notice.show("info", f"Reading {entry.get('name', 'your file')}...")
        try:
            read, result = contacts.import_contacts(entry, self.tracker, school_keywords=self._keywords())
        finally:
            self.upload.value = ()  # the same file can be chosen again after fixing it
        self._report(read, result)

    @guarded()
    def _on_sample(self, _button=None) -> None:
        read, result = contacts.import_sample(self.tracker)
        self._report(read, result)
        self.notice.show(
            "ok",
            self.notice.text + " These people are fictional; remove them with "
            "'Remove the sample contacts' when you load your own.",
        )

    @guarded()
    def _on_remove(self, _button=None) -> None:
        n = contacts.remove_sample_contacts(self.tracker)
        self.notice.show(
            "ok" if n else "info",
            f"Removed {n} sample contact(s)." if n else "There are no sample contacts in your tracker.",
        )
        self._changed()


def _score_options(scale: dict) -> list[tuple[str, int]]:
    labels = scale.get("labels", {})
    return [(f"{v} {labels.get(str(v), '')}".strip(), v) for v in range(int(scale["max"]), int(scale["min"]) - 1, -1)]


class _TargetRow:
    """One employer's row of the target list: its name, three score dropdowns and contact count."""

    def __init__(self, employer: str, scores: tuple[widgets.Dropdown, widgets.Dropdown, widgets.Dropdown]):
        self.employer, self.scores = employer, scores
        self.name, self.count = widgets.HTML(), widgets.HTML()
        self.box = widgets.HBox([self.name, *scores, self.count])

    def reset(self, r) -> None:
        """Set the dropdowns to the stored scores (an unchanged value sends nothing to the browser)."""
        adv, mot, post = self.scores
        adv.value, mot.value, post.value = r.advocacy, int(r.motivation), int(r.posting)

    def show(self, r, style: str) -> None:
        mark = " ★" if r.top else ""
        self.name.value = f"<div style='width:21em;{style}'>{r.rank}.{mark} {esc(r.employer)}</div>"
        self.count.value = f"{r.contacts} ({r.warm_contacts})"

    def close(self) -> None:
        for w in (self.name, self.count, *self.scores, self.box):
            w.close()


class TargetList(_LessonView):
    """Your target employers with editable LAMP scores, sorted the way the method says.

    Employers come from your contacts plus the ones you add. Change Advocacy, Motivation
    and Posting, then "Save and sort": the list is stored in your tracker, sorted by
    Motivation, then Posting, then Advocacy, and the top employers are highlighted.
    """

    def __init__(self, tracker: "Tracker | Session | None" = None, content_dir=None):
        self.content_dir = content_dir
        self._start(tracker)
        cfg = contacts.load_settings(content_dir)["target_list"]
        self.top = int(cfg["top"])
        self._motivation_options = _score_options(cfg["motivation"])
        self._posting_options = _score_options(cfg["posting"])
        self.rows_box = widgets.VBox()
        self.max_rows = int(cfg.get("max_rows", 60))
        self.find = widgets.Text(placeholder="part of a name", description="Find:", layout=widgets.Layout(width="20em"))
        self.find.observe(self._on_find, names="value")
        self.rows: dict[str, tuple[widgets.Dropdown, widgets.Dropdown, widgets.Dropdown]] = {}
        # Every row's widgets, made once per employer and reused by each redraw: making ~200
        # widgets per click was most of a click's time, and on a hub most of every learner's wait.
        self._row_widgets: dict[str, _TargetRow] = {}
        self._header = widgets.HTML(
            "<div style='display:flex;gap:8px;font-weight:600'><span style='width:21em'>Employer</span>"
            "<span style='width:6em'>Advocacy</span><span style='width:16em'>Motivation</span>"
            "<span style='width:16em'>Posting</span><span>Contacts (warm)</span></div>"
        )
        self._more = widgets.HTML()
        self.new_employer = widgets.Text(
            placeholder="An employer you want on the list", description="Add:", layout=widgets.Layout(width="28em")
        )
        self.add_button = widgets.Button(description="Add employer", icon="plus")
        self.remove_button = widgets.Button(
            description="Remove", icon="trash", tooltip="Take the employer typed in the box off your list"
        )
        self.save_button = widgets.Button(description="Save and sort", icon="sort-amount-desc", button_style="primary")
        self.save_button.add_class("infoview-targets-save")
        self.summary = widgets.HTML()
        self.notice = Notice()
        self.add_button.on_click(self._on_add)
        self.remove_button.on_click(self._on_remove)
        self.save_button.on_click(self._on_save)
        self.table = None
        super().__init__(
            children=[
                self.source_note,
                widgets.HTML(f"<b>Your target list</b> ({esc(cfg['source'])})"),
                self.find,
                self.rows_box,
                widgets.HBox([self.new_employer, self.add_button, self.remove_button]),
                self.save_button,
                self.summary,
                self.notice,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        """Re-read the list from the tracker, sorted, and redraw it (unsaved changes are dropped)."""
        self._show_source()
        self.table = contacts.target_table(self.tracker.contacts_frame(), self.tracker.target_list(), self.content_dir)
        self.rows = {}  # employer -> its three dropdowns, for the rows shown since this refresh
        listed = set(self.table["employer"])
        for employer in [e for e in self._row_widgets if e not in listed]:
            self._row_widgets.pop(employer).close()
        self._render()
        self.summary.value = self._summary_html()

    def _summary_html(self) -> str:
        if not len(self.table):
            return "<i>No employers yet: load contacts above or add employers here.</i>"
        fb = contacts.check_target_list(self.table, self.content_dir)
        *todo, first = fb.messages
        head = "✔ Your list is long enough and every employer is scored." if fb.ok else "<b>Still to do:</b>"
        items = "".join(f"<li>{esc(m)}</li>" for m in todo)
        return f"<div>{head}{f'<ul>{items}</ul>' if items else ''}<b>{esc(first)}</b></div>"

    def _render(self) -> None:
        """Show the rows matching the Find box, at most ``max_rows`` (widgets are kept, so edits survive)."""
        words = self.find.value.casefold().split()
        shown = [r for r in self.table.itertuples(index=False) if all(w in r.employer.casefold() for w in words)]
        lines = [self._header]
        for r in shown[: self.max_rows]:
            row = self._row_widgets.get(r.employer)
            if row is None:
                row = self._row_widgets[r.employer] = _TargetRow(r.employer, self._score_widgets(r))
            if r.employer not in self.rows:  # first shown since the refresh: the stored scores
                row.reset(r)
                self.rows[r.employer] = row.scores
            row.show(r, _HIGHLIGHT if r.top else "")
            lines.append(row.box)
        if len(shown) > self.max_rows:
            self._more.value = (
                f"<i>Showing the first {self.max_rows} of {len(shown)} employers; type in Find to reach the others.</i>"
            )
            lines.append(self._more)
        self.rows_box.children = lines

    def _score_widgets(self, r) -> tuple[widgets.Dropdown, widgets.Dropdown, widgets.Dropdown]:
        adv = widgets.Dropdown(options=[("Y", "Y"), ("N", "N")], value=r.advocacy, layout=widgets.Layout(width="6em"))
        mot = widgets.Dropdown(
            options=self._motivation_options, value=int(r.motivation), layout=widgets.Layout(width="16em")
        )
        post = widgets.Dropdown(
            options=self._posting_options, value=int(r.posting), layout=widgets.Layout(width="16em")
        )
        for widget, score in ((adv, "Advocacy"), (mot, "Motivation"), (post, "Posting")):
            screen_reader_label(widget, f"{score} of {r.employer}")
        return adv, mot, post

    @guarded()
    def _on_find(self, change=None) -> None:
        self._render()

    def set_scores(
        self, employer: str, advocacy: str | None = None, motivation: int | None = None, posting: int | None = None
    ) -> None:
        """Change one row's scores as a learner would with the dropdowns (for tests and demos)."""
        if employer not in self.rows:
            self.find.value = employer  # show it, as a learner would by typing in Find
        adv, mot, post = self.rows[employer]
        if advocacy is not None:
            adv.value = advocacy
        if motivation is not None:
            mot.value = motivation
        if posting is not None:
            post.value = posting

    @guarded()
    def _on_save(self, _button=None) -> None:
        edits = {employer: tuple(w.value for w in widgets_) for employer, widgets_ in self.rows.items()}
        changed = contacts.save_target_edits(self.tracker, self.table, edits, self.content_dir)
        self.refresh()
        top = ", ".join(self.table.loc[self.table["top"], "employer"])
        where = " (in the sample only: not saved)" if self.data.is_sample else ""
        self.notice.show("ok", f"Saved {changed} employer(s){where}. Contact these first: {top}.")

    @guarded()
    def _on_add(self, _button=None) -> None:
        name = " ".join(self.new_employer.value.split())
        if not name:
            self.notice.show("warning", "Type the employer's name in the box first.")
            return
        known = {contacts.employer_key(e) for e in self.table["employer"]}
        if contacts.employer_key(name) in known:
            self.notice.show("info", f"{name} is already on your list.")
            return
        contacts.save_target(self.tracker, name, "N", 0, 0, added_by_learner=True, content_dir=self.content_dir)
        self.new_employer.value = ""
        self.refresh()
        self.notice.show("ok", f"Added {name}. Give it scores, then Save and sort.")

    @guarded()
    def _on_remove(self, _button=None) -> None:
        name = " ".join(self.new_employer.value.split())
        if not name:
            self.notice.show("warning", "Type the name of the employer to remove in the box first.")
            return
        saved = {contacts.employer_key(t["employer"]): t["employer"] for t in self.tracker.target_list()}
        key = contacts.employer_key(name)
        if key not in saved:
            known = key in {contacts.employer_key(e) for e in self.table["employer"]}
            self.notice.show(
                "info",
                f"{name} comes from your contacts and has no scores yet; it stays on the list "
                "while you have contacts there."
                if known
                else f"{name} is not on your list.",
            )
            return
        self.tracker.delete_target(saved[key])
        self.new_employer.value = ""
        self.refresh()
        still = key in {contacts.employer_key(e) for e in self.table["employer"]}
        self.notice.show(
            "ok",
            f"Cleared the scores of {saved[key]}; it stays on the list because you have contacts there."
            if still
            else f"Removed {saved[key]} from your list.",
        )


class ContactPicker(_LessonView):
    """Filter your contacts, choose whom to approach, set their channel, save them as "identified"."""

    ANY = "__any__"

    def __init__(self, tracker: "Tracker | Session | None" = None, content_dir=None):
        self.content_dir = content_dir
        self._start(tracker)
        ages = contacts.load_settings(content_dir)["picker"]["age_choices"]
        age_options = [("Any time", (None, None))]
        age_options += [(f"In the last {n} year{'s' if n != 1 else ''}", (None, n)) for n in ages]
        age_options += [(f"More than {n} year{'s' if n != 1 else ''} ago", (n, None)) for n in ages]
        self.employer = widgets.Dropdown(description="Employer:", layout=widgets.Layout(width="24em"))
        self.keyword = widgets.Text(
            description="Position:", placeholder="e.g. analyst", layout=widgets.Layout(width="24em")
        )
        self.channel = widgets.Dropdown(
            description="Channel:",
            options=[("Any channel", self.ANY)] + [(CHANNEL_LABELS[c], c) for c in CHANNELS],
            layout=widgets.Layout(width="24em"),
        )
        self.age = widgets.Dropdown(
            description="Connected:", options=age_options, value=(None, None), layout=widgets.Layout(width="24em")
        )
        self.count = widgets.HTML()
        self.choices = widgets.SelectMultiple(rows=10, layout=widgets.Layout(width="46em"), description="Contacts:")
        self.new_channel = widgets.Dropdown(
            description="Their channel:",
            options=[("Keep each one's channel", self.ANY)] + [(CHANNEL_LABELS[c], c) for c in CHANNELS],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="30em"),
        )
        self.save_button = widgets.Button(description="Save as identified", icon="check", button_style="primary")
        self.save_button.add_class("infoview-picker-save")
        self.notice = Notice()
        for w in (self.employer, self.keyword, self.channel, self.age):
            w.observe(self._on_filter, names="value")
        self.save_button.on_click(self._on_save)
        self.frame = None
        self.shown = None
        super().__init__(
            children=[
                self.source_note,
                widgets.HBox([self.employer, self.keyword]),
                widgets.HBox([self.channel, self.age]),
                self.count,
                self.choices,
                widgets.HBox([self.new_channel, self.save_button]),
                self.notice,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        """Reload the contacts from the tracker and re-apply the filters."""
        self._show_source()
        self.frame = self.tracker.contacts_frame()
        employers = contacts.employers_from_contacts(self.frame, self.content_dir)["employer"].tolist()
        current = self.employer.value
        self.employer.options = [("Any employer", self.ANY)] + [(e, e) for e in sorted(employers, key=str.casefold)]
        self.employer.value = current if current in employers else self.ANY
        self._apply()

    def _apply(self) -> None:
        lo, hi = self.age.value
        self.shown = contacts.filter_contacts(
            self.frame,
            employer=None if self.employer.value == self.ANY else self.employer.value,
            keyword=self.keyword.value,
            channel=None if self.channel.value == self.ANY else self.channel.value,
            min_years=lo,
            max_years=hi,
        )
        identified = contacts.identified_ids(self.tracker)
        options = []
        for r in self.shown.itertuples(index=False):
            name = Tracker.display_name({"first_name": r.first_name, "last_name": r.last_name, "company": r.company})
            mark = " ✓ identified" if r.id in identified else ""
            label = f"{name}: {r.position or 'position unknown'} [{r.channel}]{mark}"
            options.append((label, int(r.id)))
        self.choices.options = options
        self.count.value = f"Showing {len(self.shown)} of {len(self.frame)} contact(s)."

    @guarded()
    def _on_filter(self, change=None) -> None:
        self._apply()

    @guarded()
    def _on_save(self, _button=None) -> None:
        chosen = list(self.choices.value)
        if not chosen:
            self.notice.show(
                "warning", "Choose one or more contacts in the list first (Ctrl or Shift + click to choose several)."
            )
            return
        channel = None if self.new_channel.value == self.ANY else self.new_channel.value
        done = contacts.identify(self.tracker, chosen, channel=channel)
        names = ", ".join(Tracker.display_name(self.tracker.contact(i)) for i in done["identified"])
        text = f"Saved {len(done['identified'])} contact(s) as identified"
        text += f": {names}." if names else "."
        if done["already"]:
            text += f" {len(done['already'])} already were (their first date is kept)."
        if channel:
            text += f" Channel set to {channel}."
        if self.data.is_sample:
            text += " (The sample is not saved.)"
        self.refresh()
        self.notice.show("ok", text)


def channel_quiz(content_dir=None):
    """Exercise "which channel?": a dropdown per example contact, a Check button and feedback."""
    return exercise("channels", content_dir=content_dir)
