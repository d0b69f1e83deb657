"""Stage 4, the conversation: a practice run against the clock, and the notes afterwards.

The practice run shows a question list one question at a time and keeps the elapsed time
per question and per phase against the plan. It reads the time from a clock you pass in
(``time.monotonic`` by default), so it is pure and testable:

>>> from infoview.prep import Question
>>> now = [0.0]
>>> run = PracticeRun([Question("a", "How did you start?", "Insights", "small_talk", 2),
...                    Question("b", "What changes?", "Trends", "qa", 3)], 20, clock=lambda: now[0])
>>> run.start(); now[0] = 150; run.next()
>>> run.current.id, fmt_seconds(run.spent(0)), run.phase_status()[0].over
('b', '2:30', True)

Meeting notes (insights, advice, resources, names suggested, promises, offers) are saved
to the tracker with :func:`save_meeting_notes`, which also logs the meeting and turns the
names suggested into new "referral" contacts. Notes are stored as typed; any HTML in them
is only text, escaped wherever it is shown.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from .content import load_toml
from .exercises import Feedback, check_order, choice_set, clean_text, shorten
from .paths import parse_date
from .paths import today as _today
from .prep import Question, budget
from .prep import load_settings as load_prep_settings

__all__ = [
    "PracticeRun",
    "PhaseStatus",
    "MeetingNotes",
    "SaveResult",
    "load_settings",
    "checklist",
    "Listing",
    "steps_listing",
    "listening_listing",
    "fmt_seconds",
    "parse_names",
    "parse_promised",
    "notes_from_form",
    "check_notes",
    "save_meeting_notes",
    "schedule_meeting",
    "notes_html",
    "conversation_steps",
    "check_phase_order",
    "listening_exercise",
    "check_listening",
    "phase_order_constraints",
]


def load_settings(content_dir=None) -> dict[str, Any]:
    """``conversation.toml`` (the instructor's keys merged over the defaults)."""
    return load_toml("conversation", content_dir)


class Listing(list):
    """A list of texts that shows itself as a titled bullet list in a notebook.

    >>> Listing(["Thank them"], title="At the start")
    At the start
    - Thank them
    """

    def __init__(self, items: Iterable[str] = (), title: str = ""):
        super().__init__(items)
        self.title = title

    def __repr__(self) -> str:
        return "\n".join(([self.title] if self.title else []) + [f"- {t}" for t in self])

    def _repr_html_(self) -> str:
        head = f"<b>{html.escape(self.title)}</b>" if self.title else ""
        return head + "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in self) + "</ul>"


_CHECKLIST_TITLES = {"opening": "At the start", "closing": "Before you leave"}


def checklist(which: str, content_dir=None) -> Listing:
    """The ``"opening"`` or ``"closing"`` checklist, as texts.

    >>> any("permission" in t for t in checklist("opening"))
    True
    """
    if which not in _CHECKLIST_TITLES:
        raise ValueError("The checklist is either 'opening' or 'closing'.")
    return Listing((item["text"] for item in load_settings(content_dir).get(which, [])), _CHECKLIST_TITLES[which])


def fmt_seconds(seconds: float) -> str:
    """Seconds as m:ss (negative as -m:ss).

    >>> fmt_seconds(75), fmt_seconds(3600), fmt_seconds(-5)
    ('1:15', '60:00', '-0:05')
    """
    sign = "-" if seconds < 0 else ""
    whole = int(round(abs(seconds)))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


# ------------------------------------------------------------------ practice run
@dataclass(frozen=True)
class PhaseStatus:
    phase: str
    label: str
    planned: float  # seconds
    elapsed: float  # seconds
    over: bool


class PracticeRun:
    """Rehearse a question list: one question at a time, time kept per question and phase.

    Parameters
    ----------
    questions:
        The list, in order (:class:`~infoview.prep.Question` or their dicts).
    minutes:
        The meeting length; the time limit is the length minus prep.toml's buffer.
    clock:
        A function returning seconds (default ``time.monotonic``); tests pass a fake one.
    """

    def __init__(
        self,
        questions: Sequence[Question | Mapping],
        minutes: float,
        *,
        clock: Callable[[], float] | None = None,
        content_dir=None,
    ):
        self.questions = [q if isinstance(q, Question) else Question.from_dict(q) for q in questions]
        if not self.questions:
            raise ValueError("There are no questions to practise: build and save a question list first (notebook 03).")
        self.minutes = float(minutes)
        self.clock = clock or time.monotonic
        self._budget = budget(self.questions, self.minutes, content_dir)
        prep_conf = load_prep_settings(content_dir)
        self._labels = prep_conf["phase_labels"]
        self._phases = [p for p in prep_conf["phases"] if any(q.phase == p for q in self.questions)]
        self.tolerance = float(load_settings(content_dir)["practice"]["tolerance"])
        self.reset()

    def reset(self) -> None:
        self.index = 0
        self.started = False
        self.finished = False
        self._spent = [0.0] * len(self.questions)
        self._entered: float | None = None

    # -- moving
    def _leave(self) -> None:
        if self._entered is not None:
            self._spent[self.index] += max(0.0, self.clock() - self._entered)
            self._entered = None

    def start(self) -> None:
        """Start (or restart) the clock on the first question."""
        self.reset()
        self.started = True
        self._entered = self.clock()

    def next(self) -> None:
        """Go to the next question (starting the run if needed); after the last, finish."""
        if not self.started:
            self.start()
            return
        if self.finished:
            return
        self._leave()
        if self.index + 1 >= len(self.questions):
            self.finished = True
            return
        self.index += 1
        self._entered = self.clock()

    def back(self) -> None:
        """Go back one question (from the end, back to the last question)."""
        if not self.started:
            return
        self._leave()
        if self.finished:
            self.finished = False
        elif self.index > 0:
            self.index -= 1
        self._entered = self.clock()

    def finish(self) -> None:
        self._leave()
        self.finished = self.started

    # -- reading
    @property
    def current(self) -> Question | None:
        return None if not self.started or self.finished else self.questions[self.index]

    @property
    def limit(self) -> float:
        """Seconds available for questions (meeting minus buffer)."""
        return self._budget.limit * 60

    def spent(self, index: int) -> float:
        """Seconds spent on question ``index`` so far (including the running one)."""
        running = (self.clock() - self._entered) if (self._entered is not None and index == self.index) else 0.0
        return self._spent[index] + max(0.0, running)

    def elapsed(self) -> float:
        return sum(self.spent(i) for i in range(len(self.questions)))

    def phase_status(self) -> list[PhaseStatus]:
        """Planned and elapsed seconds per phase, in phase order; ``over`` beyond the tolerance."""
        out = []
        for phase in self._phases:
            idx = [i for i, q in enumerate(self.questions) if q.phase == phase]
            planned = sum(self.questions[i].minutes for i in idx) * 60
            elapsed = sum(self.spent(i) for i in idx)
            out.append(
                PhaseStatus(
                    phase, self._labels.get(phase, phase), planned, elapsed, elapsed > planned * (1 + self.tolerance)
                )
            )
        return out

    @property
    def over(self) -> bool:
        return self.elapsed() > self.limit

    def describe(self) -> str:
        """One line for the timer display."""
        total = f"{fmt_seconds(self.elapsed())} of {fmt_seconds(self.limit)}"
        if not self.started:
            return (
                f"{len(self.questions)} questions, {fmt_seconds(self.limit)} planned. Press Start when you are ready."
            )
        if self.finished:
            verdict = "over time" if self.over else "on time"
            return f"Finished: {total} ({verdict})."
        q = self.questions[self.index]
        phase = next(p for p in self.phase_status() if p.phase == q.phase)
        return (
            f"Question {self.index + 1} of {len(self.questions)} \u00b7 {phase.label} "
            f"{fmt_seconds(phase.elapsed)} of {fmt_seconds(phase.planned)} \u00b7 this question "
            f"{fmt_seconds(self.spent(self.index))} of {fmt_seconds(q.minutes * 60)} \u00b7 total {total}"
        )

    def summary(self) -> list[dict[str, Any]]:
        """Per question: planned and spent seconds, and whether it ran over."""
        return [
            {
                "id": q.id,
                "text": q.text,
                "phase": q.phase,
                "planned": q.minutes * 60,
                "spent": self.spent(i),
                "over": self.spent(i) > q.minutes * 60 * (1 + self.tolerance),
            }
            for i, q in enumerate(self.questions)
        ]


# ------------------------------------------------------------------ notes
_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
_CONNECTOR = re.compile(r"(?:\s*(?:[|:;,\-\u2013\u2014(]|\bby\b|\bdue\b|\bbefore\b|\bon\b)\s*)+$", re.I)
_LEADING = re.compile(r"^\s*(?:[|:;,\-\u2013\u2014)]\s*)+")


def _lines(text: str) -> list[tuple[int, str]]:
    return [
        (n, _BULLET.sub("", line).strip()) for n, line in enumerate(str(text or "").splitlines(), 1) if line.strip()
    ]


def parse_names(text: str) -> list[str]:
    """Names suggested, one per line (bullets stripped, repeats dropped).

    >>> parse_names("- Priya Shah (Northwind)\\n\\npriya shah (northwind)\\n2. Tom Lee")
    ['Priya Shah (Northwind)', 'Tom Lee']
    """
    out, seen = [], set()
    for _, line in _lines(text):
        key = " ".join(line.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(" ".join(line.split()))
    return out


def parse_promised(text: str) -> list[dict[str, Any]]:
    """Promised actions, one per line, each with an optional due date written YYYY-MM-DD.

    >>> parse_promised("Send my portfolio by 2026-03-20\\nRead their blog")
    [{'text': 'Send my portfolio', 'due': '2026-03-20'}, {'text': 'Read their blog', 'due': None}]
    """
    out = []
    for n, line in _lines(text):
        found = _DATE.search(line)
        due = None
        if found:
            try:
                due = _dt.date(int(found[1]), int(found[2]), int(found[3])).isoformat()
            except ValueError:
                raise ValueError(
                    f"Promised actions, line {n}: {found[0]} is not a real date; "
                    "write it as YYYY-MM-DD, e.g. 2026-03-20."
                ) from None
            before, after = line[: found.start()], line[found.end() :]
            line = (_CONNECTOR.sub("", before) + " " + _LEADING.sub("", after)).strip()
            line = " ".join(_CONNECTOR.sub("", line).split())
        if not line:
            raise ValueError(f"Promised actions, line {n}: a date but no action; write what you will do.")
        out.append({"text": line, "due": due})
    return out


@dataclass
class MeetingNotes:
    """What you learned in one meeting (the tracker's "meeting_notes" note body)."""

    meeting_on: _dt.date | None
    insights: str = ""
    advice: str = ""
    resources: str = ""
    names_suggested: list[str] = field(default_factory=list)
    promised: list[dict[str, Any]] = field(default_factory=list)
    offered: str = ""

    TEXT_FIELDS = ("insights", "advice", "resources", "offered")

    def to_body(self) -> dict[str, Any]:
        return {
            "meeting_on": self.meeting_on.isoformat() if self.meeting_on else None,
            "insights": self.insights,
            "advice": self.advice,
            "resources": self.resources,
            "names_suggested": list(self.names_suggested),
            "promised": [{"text": p["text"], "due": p.get("due")} for p in self.promised],
            "offered": self.offered,
        }

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> "MeetingNotes":
        on = body.get("meeting_on")
        return cls(
            meeting_on=_dt.date.fromisoformat(on) if on else None,
            insights=str(body.get("insights") or ""),
            advice=str(body.get("advice") or ""),
            resources=str(body.get("resources") or ""),
            names_suggested=list(body.get("names_suggested") or []),
            promised=[dict(p) for p in body.get("promised") or [] if isinstance(p, Mapping)],
            offered=str(body.get("offered") or ""),
        )

    def is_empty(self) -> bool:
        return not (
            any(str(getattr(self, f)).strip() for f in self.TEXT_FIELDS) or self.names_suggested or self.promised
        )


def _as_day(value: Any) -> _dt.date | None:
    """A date from a date, datetime or ISO string; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, "meeting date")


def notes_from_form(
    meeting_on, insights="", advice="", resources="", names_text="", promised_text="", offered=""
) -> MeetingNotes:
    """Notes from the form's fields (names and promises one per line).

    Raises ValueError naming the line of a bad due date.
    """
    meeting_on = _as_day(meeting_on)
    return MeetingNotes(
        meeting_on,
        str(insights or "").strip(),
        str(advice or "").strip(),
        str(resources or "").strip(),
        parse_names(names_text),
        parse_promised(promised_text),
        str(offered or "").strip(),
    )


def _first_outreach(tracker, contact_id: int) -> _dt.date | None:
    days = [
        occurred_on
        for _, occurred_on, _, kind in tracker.history(contact_id)
        if kind in ("outreach_sent", "follow_up_sent")
    ]
    return _dt.date.fromisoformat(min(days)) if days else None


def check_notes(
    tracker, contact_id: int, notes: MeetingNotes, *, today: _dt.date | None = None, content_dir=None
) -> list[str]:
    """Check notes before saving: errors raise ValueError, doubts come back as warnings."""
    day = today or _today()
    notes.meeting_on = _as_day(notes.meeting_on)
    if notes.meeting_on is None:
        raise ValueError("Choose the date of the meeting.")
    if notes.meeting_on > day:
        raise ValueError(
            f"The meeting date {notes.meeting_on.isoformat()} is after today ({day.isoformat()}). Notes are for a "
            'meeting that has happened; for a meeting still to come, use "Log as scheduled".'
        )
    limit = int(load_settings(content_dir)["notes"]["max_text_chars"])
    for name in MeetingNotes.TEXT_FIELDS:
        if len(getattr(notes, name)) > limit:
            raise ValueError(f"The {name} field is longer than {limit:,} characters; keep the main points.")
    warnings = []
    first = _first_outreach(tracker, contact_id)
    if first is not None and notes.meeting_on < first:
        warnings.append(
            f"The meeting date {notes.meeting_on.isoformat()} is before your first message to this contact "
            f"({first.isoformat()}). Check the date; the notes were saved as entered."
        )
    for p in notes.promised:
        if p.get("due") and p["due"] < notes.meeting_on.isoformat():
            warnings.append(
                f"The promise \u201c{p['text']}\u201d is due {p['due']}, before the meeting; check the date."
            )
    if notes.is_empty():
        warnings.append(
            "Your notes are empty apart from the date: write down insights and advice while you remember them."
        )
    return warnings


@dataclass
class SaveResult:
    note_id: int
    logged_meeting: bool
    new_contacts: list[int] = field(default_factory=list)
    skipped_names: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def message(self) -> str:
        parts = ["Notes saved."]
        parts.append("Meeting logged." if self.logged_meeting else "The meeting on that date was already logged.")
        if self.new_contacts:
            parts.append(f"Added {len(self.new_contacts)} referral contact(s).")
        for name, why in self.skipped_names:
            parts.append(f"Skipped {name}: {why}.")
        return " ".join(parts)


def _split_name(entry: str) -> dict[str, str]:
    """A suggested name as contact fields: "First Last (Company)" or "First Last, Company".

    >>> _split_name("Priya van Dijk (Northwind Labs)")
    {'first_name': 'Priya', 'last_name': 'van Dijk', 'company': 'Northwind Labs'}
    """
    company = ""
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", entry)
    if m:
        entry, company = m[1], m[2]
    elif "," in entry:
        entry, company = entry.split(",", 1)
    elif re.search(r"\s+at\s+", entry):
        entry, company = re.split(r"\s+at\s+", entry, maxsplit=1)
    words = entry.split()
    return {"first_name": words[0] if words else "", "last_name": " ".join(words[1:]), "company": company.strip()}


def save_meeting_notes(
    tracker, contact_id: int, notes: MeetingNotes, *, today: _dt.date | None = None, content_dir=None
) -> SaveResult:
    """Store the notes for ``contact_id`` and what follows from them, in one transaction.

    - the "meeting_notes" note for that meeting date (saving again for the same date replaces it);
    - a ``meeting_held`` event on that date, logged once per date;
    - each name suggested becomes a contact with channel "referral", ``referred_by`` the
      contact, an ``identified`` event on the meeting date; names already in the tracker
      are skipped; a ``referral_received`` event is logged once per date when names were given.
    """
    contact = tracker.contact(contact_id)
    warnings = check_notes(tracker, contact_id, notes, today=today, content_dir=content_dir)
    on = notes.meeting_on.isoformat()
    body = notes.to_body()
    with tracker.transaction():
        same_day = [n for n in tracker.notes(contact_id, "meeting_notes") if (n["body"] or {}).get("meeting_on") == on]
        if same_day:
            note_id = same_day[-1]["id"]
            tracker.update_note(note_id, body)
        else:
            note_id = tracker.add_note(contact_id, "meeting_notes", body, on=on)
        events = [(occurred_on, kind) for _, occurred_on, _, kind in tracker.history(contact_id)]
        logged = (on, "meeting_held") not in events
        if logged:
            tracker.log(contact_id, "meeting_held", on=on)
        result = SaveResult(note_id, logged, warnings=warnings)
        rows = []
        names_only = {(str(c["first_name"]).lower(), str(c["last_name"]).lower()) for c in tracker.contact_list()}
        for entry in notes.names_suggested:
            fields = _split_name(entry)
            if not (fields["first_name"] or fields["last_name"]):
                result.skipped_names.append((entry, "no name"))
                continue
            if _same_person(fields, contact):
                result.skipped_names.append((entry, "that is the person you met"))
                continue
            if not fields["company"] and (fields["first_name"].lower(), fields["last_name"].lower()) in names_only:
                result.skipped_names.append((entry, "already in your tracker"))
                continue
            rows.append({**fields, "channel": "referral", "source": "referral", "referred_by": contact_id})
        if rows:
            imported = tracker.add_contacts(rows, source="referral", channel="referral")
            result.new_contacts = list(imported.added)
            for index, reason in imported.skipped:
                result.skipped_names.append(
                    (
                        f"{rows[index]['first_name']} {rows[index]['last_name']}".strip(),
                        "already in your tracker" if reason.startswith("duplicate") else reason,
                    )
                )
            referrer = f"{contact['first_name']} {contact['last_name']}".strip()
            for new_id in result.new_contacts:
                tracker.log(new_id, "identified", on=on, detail=f"referred by {referrer}")
        if notes.names_suggested and (on, "referral_received") not in events:
            tracker.log(contact_id, "referral_received", on=on, detail=f"{len(notes.names_suggested)} name(s)")
    return result


def _same_person(fields: Mapping[str, str], contact: Mapping[str, Any]) -> bool:
    return (fields["first_name"].lower(), fields["last_name"].lower()) == (
        str(contact.get("first_name") or "").lower(),
        str(contact.get("last_name") or "").lower(),
    )


def schedule_meeting(tracker, contact_id: int, on: _dt.date | str | None) -> bool:
    """Log a ``meeting_scheduled`` event dated the day of the meeting (future dates welcome).

    Returns False when that meeting was already logged as scheduled.
    """
    if on in (None, ""):
        raise ValueError("Choose the date of the meeting.")
    day = on.isoformat() if isinstance(on, _dt.date) else _dt.date.fromisoformat(str(on).strip()).isoformat()
    if any(
        kind == "meeting_scheduled" and occurred_on == day for _, occurred_on, _, kind in tracker.history(contact_id)
    ):
        return False
    tracker.log(contact_id, "meeting_scheduled", on=day)
    return True


def notes_html(notes: MeetingNotes | Mapping[str, Any]) -> str:
    """The notes as escaped HTML (whatever the learner typed shows as text, never as markup).

    >>> notes_html({"meeting_on": "2026-03-02", "advice": "<script>x</script>"})
    '<div class="infoview-notes"><b>Meeting on 2026-03-02</b><p><b>Advice:</b> &lt;script&gt;x&lt;/script&gt;</p></div>'
    """
    n = notes if isinstance(notes, MeetingNotes) else MeetingNotes.from_body(notes)
    e = html.escape
    parts = [f'<div class="infoview-notes"><b>Meeting on {e(n.meeting_on.isoformat() if n.meeting_on else "?")}</b>']
    for label, value in (
        ("Insights", n.insights),
        ("Advice", n.advice),
        ("Resources", n.resources),
        ("They offered", n.offered),
    ):
        if value:
            parts.append(f"<p><b>{label}:</b> {e(value).replace(chr(10), '<br>')}</p>")
    if n.names_suggested:
        parts.append(
            "<p><b>Names suggested:</b></p><ul>" + "".join(f"<li>{e(x)}</li>" for x in n.names_suggested) + "</ul>"
        )
    if n.promised:
        items = "".join(
            f"<li>{e(p['text'])}" + (f" (by {e(p['due'])})" if p.get("due") else "") + "</li>" for p in n.promised
        )
        parts.append(f"<p><b>I promised:</b></p><ul>{items}</ul>")
    return "".join(parts) + "</div>"


# ------------------------------------------------------------------ exercises
def conversation_steps(content_dir=None) -> list[dict[str, Any]]:
    """Exercise 1's steps, in the (shuffled) order the content file lists them."""
    return list(load_settings(content_dir).get("step", []))


def phase_order_constraints(content_dir=None) -> list[tuple[str, str]]:
    """Stage 4's ordering constraints: every step of an earlier phase comes before every step
    of a later one, plus each step's ``after`` list in ``conversation.toml``."""
    conv = load_toml("conversation", content_dir)
    phases = list(load_toml("prep", content_dir).get("phases", []))
    rank = {p: i for i, p in enumerate(phases)}
    steps = list(conv.get("step", []))
    pairs = []
    for a in steps:
        for b in steps:
            if rank.get(a["phase"], 0) < rank.get(b["phase"], 0):
                pairs.append((a["id"].upper(), b["id"].upper()))
        for first in a.get("after", []):
            pair = (str(first).upper(), a["id"].upper())
            if pair not in pairs:
                pairs.append(pair)
    return pairs


def check_phase_order(order, content_dir=None) -> Feedback:
    """Stage 4, "in what order?": the learner's order of the conversation steps (letters).

    Every order that keeps the phases and the steps' ``after`` constraints is right.

    >>> check_phase_order("CAEDGBF").ok, check_phase_order("CEADGBF").ok
    (True, True)
    >>> check_phase_order("ACEDGBF").ok
    False
    """
    conv = load_toml("conversation", content_dir)
    steps = {s["id"].upper(): s for s in conv.get("step", [])}
    labels = load_toml("prep", content_dir).get("phase_labels", {})

    def explain(firsts: list[str], b: str) -> str:
        sb = steps[b]
        later = [a for a in firsts if steps[a]["phase"] != sb["phase"]]
        if later:
            quoted = ", ".join(f"{a} ({labels.get(steps[a]['phase'], steps[a]['phase'])})" for a in later)
            return (
                f"Step {b}, \u201c{sb['text']}\u201d ({labels.get(sb['phase'], sb['phase'])}), comes after "
                f"step(s) {quoted}: the phases go small talk, questions, next steps."
            )
        why = sb.get("why_after", "")
        return (
            f"Step {b}, \u201c{sb['text']}\u201d, comes after step(s) {', '.join(firsts)}: the order within "
            f"its phase matters here." + (f" {why}" if why else "")
        )

    fb = check_order(
        order, {k: s["text"] for k, s in steps.items()}, phase_order_constraints(content_dir), explain=explain
    )
    if not fb.ok and fb.correct:
        fb.hint = "Small talk first (thanks, the time, permission for notes), then your questions, then next steps."
    return fb


def steps_listing(content_dir=None) -> Listing:
    """Exercise 1's steps, lettered, for the notebook."""
    return Listing(
        (f"{s['id']}: {s['text']}" for s in conversation_steps(content_dir)), "Steps of a conversation (not in order)"
    )


def listening_exercise(content_dir=None) -> dict[str, Any]:
    """Exercise 2's situation and responses."""
    return dict(load_settings(content_dir)["listening"])


def listening_listing(content_dir=None) -> Listing:
    """Exercise 2's situation and the replies to choose from, for the notebook."""
    ex = listening_exercise(content_dir)
    return Listing((f"({r['id']}) {r['text']}" for r in ex["response"]), ex["situation"])


def check_listening(chosen, content_dir=None) -> Feedback:
    """Stage 4, "which replies show active listening?": the letters of the replies chosen.

    >>> check_listening("ace").ok, check_listening("ab").correct
    (True, 3)
    """
    ex = dict(load_toml("conversation", content_dir)["listening"])
    responses = {r["id"].lower(): r for r in ex["response"]}
    if isinstance(chosen, str):
        picked = {c.lower() for c in clean_text(chosen, 200) if c.isalnum()}
    else:
        picked = {p.lower() for p in choice_set(chosen)}
    fb = Feedback(ok=False, total=len(responses))
    if not picked:
        fb.messages.append("Nothing chosen yet: tick every reply that shows active listening.")
        return fb
    for p in sorted(picked - set(responses)):
        fb.messages.append(f"{shorten(p, 20)!r} is not one of the replies ({', '.join(sorted(responses))}).")
    for rid, r in sorted(responses.items()):
        if (rid in picked) == bool(r["active"]):
            fb.correct += 1
            fb.right.append(f"({rid}) {'is' if r['active'] else 'is not'} active listening.")
        elif r["active"]:
            fb.messages.append(f"You left out ({rid}): {r['why']}")
        else:
            fb.messages.append(f"({rid}) is not active listening: {r['why']}")
    fb.ok = fb.correct == fb.total and picked <= set(responses)
    return fb
