"""Stage 5, follow-up: thank-yous, 3B7 for people who have not replied, keeping in touch.

Everything here reads the learner's tracker and says what is due:

* :func:`plan_3b7` and the business-day helpers: when to contact a second person at the
  same employer (3 business days) and when to nudge once (7 business days);
* :func:`due`: every action due by a day, from the tracker's history (3B7 steps, thank-yous
  owed, keep-in-touch updates, promises from meeting notes), minus those marked done or
  snoozed (:func:`mark_done`, :func:`snooze`);
* :func:`draft_thank_you` and :func:`review_thank_you`: a short, specific thank-you note;
* :func:`to_ics` / :func:`write_ics`: the due list as a calendar file (RFC 5545).

Timings, cadences, holidays and the reviewer's word lists come from
``data/content/followup.toml`` (see :func:`load_settings`), each with its source.

Why one module (about 1,100 lines): every part reads the same checked settings and the same
action keys. A due action's key (``contact:kind:date``) is what Done and Snooze store and
what the calendar file uses as its UID, so the due list, its states and the ``.ics`` export
must change together; the thank-you drafter and reviewer share the settings' word lists.
Each rule family of :func:`due` is its own short function.

>>> import datetime as dt
>>> plan_3b7(dt.date(2026, 3, 5))           # a Thursday
{'next_contact': datetime.date(2026, 3, 10), 'follow_up': datetime.date(2026, 3, 16)}
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from . import business_days as calendar
from . import outreach  # stage 2's job-ask rule checks thank-you notes too
from .content import ContentError, load_toml
from .exercises import Feedback, clean_text
from .paths import parse_date
from .paths import today as _today
from .tracker import CHANNEL_LABELS

__all__ = [
    "ACTION_KINDS",
    "ACTION_LABELS",
    "DueAction",
    "DueList",
    "Feedback",
    "Finding",
    "ThankYouReview",
    "add_business_days",
    "business_days_between",
    "cadence_table",
    "cadence_tiers",
    "check_3b7_answer",
    "check_3b7_exercise",
    "check_thank_you",
    "check_thank_you_exercise",
    "describe_3b7",
    "describe_3b7_exercise",
    "describe_thank_you_exercise",
    "draft_thank_you",
    "due",
    "due_frame",
    "exercise",
    "format_table",
    "load_settings",
    "mark_done",
    "meetings",
    "plan_3b7",
    "review_thank_you",
    "snooze",
    "thank_you_timing",
    "to_ics",
    "write_ics",
]

#: Kinds of due action, in the order a day's list shows them.
ACTION_KINDS = ("thank_you", "promised", "nudge", "second_contact", "keep_in_touch")
ACTION_LABELS = {
    "thank_you": "Send a thank-you",
    "promised": "Do what you promised",
    "nudge": "Nudge once (3B7, day 7)",
    "second_contact": "Contact a second person there (3B7, day 3)",
    "keep_in_touch": "Keep in touch: send an update",
}
#: The interaction that marking an action done logs, where one applies.
DONE_INTERACTION = {"thank_you": "thank_you_sent", "nudge": "follow_up_sent", "keep_in_touch": "update_sent"}
STATE_NOTE = "followup_state"
MEETING_NOTE = "meeting_notes"

# Evidence that a contact answered; any of these stops the 3B7 steps.
_ANSWERED = ("replied", "meeting_scheduled", "meeting_held", "thank_you_sent", "referral_received")


# --------------------------------------------------------------------- settings
def _positive_int(section: Mapping, key: str, where: str) -> int:
    value = section.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ContentError(f"followup.toml, [{where}] {key} = {value!r}: expected a whole number of days (0 or more).")
    return value


def load_settings(content_dir=None, *, holidays: Iterable[Any] | None = None, raw: bool = False) -> dict[str, Any]:
    """The follow-up settings from ``followup.toml`` (an instructor's copy merged over the default).

    Returns a dict with checked values: ``thank_you_days``, ``second_contact_days``,
    ``nudge_days``, ``stop_after_days``, ``tiers`` (name -> days), ``channel_cadence``
    (channel -> days), ``promised_days``, ``snooze_days``, ``holidays`` (a frozenset of
    dates), ``calendar_name``, ``calendar_filename``, and the raw ``review`` and ``draft``
    tables. ``holidays=`` adds dates to the file's list; ``raw=True`` also returns the whole
    file under ``"raw"``.

    >>> s = load_settings()
    >>> s["thank_you_days"], s["second_contact_days"], s["nudge_days"], s["channel_cadence"]["cold"]
    (1, 3, 7, 30)
    """
    data = load_toml("followup", content_dir)
    thank = data.get("thank_you", {})
    hours = thank.get("within_hours", 24)
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours <= 0:
        raise ContentError(f"followup.toml, [thank_you] within_hours = {hours!r}: expected a number of hours above 0.")
    tbs = data.get("three_b_seven", {})
    kit = data.get("keep_in_touch", {})
    tiers = dict(kit.get("tiers", {}))
    for name, days in tiers.items():
        if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
            raise ContentError(
                f"followup.toml, [keep_in_touch] tiers.{name} = {days!r}: expected a whole number of days above 0."
            )
    channel_cadence = {}
    for channel, tier in dict(kit.get("channel_tier", {})).items():
        if tier not in tiers:
            raise ContentError(
                f"followup.toml, [keep_in_touch] channel_tier.{channel} = {tier!r}: not a tier; use one of {', '.join(tiers)}."
            )
        channel_cadence[channel] = tiers[tier]
    days_off = set(calendar.holidays(content_dir))  # the one calendar (calendar.toml), shared with stage 6
    for raw in holidays or []:
        try:
            days_off.add(parse_date(raw, "holiday"))
        except ValueError:
            raise ContentError(f"holidays: {raw!r} is not a date; write YYYY-MM-DD.") from None
    cal = data.get("calendar", {})
    out = {
        "thank_you_days": max(1, math.ceil(hours / 24)),
        "thank_you_range_hours": list(thank.get("range_hours", [24, 168])),
        "second_contact_days": _positive_int(tbs, "second_contact_business_days", "three_b_seven"),
        "nudge_days": _positive_int(tbs, "nudge_business_days", "three_b_seven"),
        "stop_after_days": _positive_int(tbs, "stop_after_days", "three_b_seven"),
        "tiers": tiers,
        "channel_cadence": channel_cadence,
        "default_cadence": tiers.get("close", min(tiers.values(), default=30)),
        "promised_days": _positive_int(data.get("promised", {}), "default_days", "promised"),
        "snooze_days": _positive_int(data.get("snooze", {}), "default_days", "snooze"),
        "holidays": frozenset(days_off),
        "calendar_name": str(cal.get("name", "Follow-ups")),
        "calendar_filename": str(cal.get("filename", "followups.ics")),
        "calendar_within_days": _positive_int(cal, "within_days", "calendar") if "within_days" in cal else 14,
        "review": dict(data.get("thank_you_review", {})),
        "draft": dict(data.get("thank_you_draft", {})),
        "sources": {
            "thank_you": thank.get("source", ""),
            "thank_you_range": thank.get("range_source", ""),
            "three_b_seven": tbs.get("source", ""),
            "keep_in_touch": kit.get("source", ""),
        },
    }
    if raw:
        out["raw"] = data
    return out


# ---------------------------------------------------------------- business days
# One calendar for every stage (infoview/business_days.py: the counting rule and holidays).
add_business_days = calendar.add_business_days
business_days_between = calendar.business_days_between


def _holiday_set(holidays: Iterable[Any]) -> frozenset[_dt.date]:
    return frozenset(parse_date(h, "holiday") for h in (holidays or ()))


def plan_3b7(sent_on: Any, holidays: Iterable[Any] = (), *, settings: Mapping[str, Any] | None = None) -> dict:
    """The 3B7 dates for an outreach sent on ``sent_on``.

    Returns ``{"next_contact": date, "follow_up": date}``: with no reply after 3 business
    days, contact a second person at the same employer; after 7, nudge the first person
    once (Dalton, *The 2-Hour Job Search*, 2nd ed.). Weekends and ``holidays`` (plus the
    content file's holiday list) are skipped.

    >>> import datetime as dt
    >>> plan_3b7(dt.date(2026, 3, 5), holidays=[dt.date(2026, 3, 6)])
    {'next_contact': datetime.date(2026, 3, 11), 'follow_up': datetime.date(2026, 3, 17)}
    """
    s = settings if settings is not None else load_settings()
    off = set(s["holidays"]) | set(_holiday_set(holidays))
    return {
        "next_contact": add_business_days(sent_on, s["second_contact_days"], off),
        "follow_up": add_business_days(sent_on, s["nudge_days"], off),
    }


def describe_3b7(sent_on: Any, holidays: Iterable[Any] = ()) -> str:
    """:func:`plan_3b7` in one sentence, for a lesson.

    >>> print(describe_3b7("2026-03-12"))
    Sent on Thursday 12 March 2026: if nobody has replied, contact a second person at the same employer on Tuesday 17 March (day 3) and nudge the first person once on Monday 23 March (day 7).
    """
    sent = parse_date(sent_on, "sending date")
    plan = plan_3b7(sent, holidays)

    def day(d: _dt.date) -> str:
        return f"{d.strftime('%A')} {d.day} {d.strftime('%B')}"

    return (
        f"Sent on {day(sent)} {sent.year}: if nobody has replied, contact a second person at the same employer "
        f"on {day(plan['next_contact'])} (day 3) and nudge the first person once on {day(plan['follow_up'])} (day 7)."
    )


# ---------------------------------------------------------------- due actions
@dataclass(frozen=True)
class DueAction:
    """One thing to do for one contact, due on ``due``.

    ``key`` is stable for the same action (contact, kind, and the event it comes from), so
    marking it done or snoozing it sticks, and calendar UIDs do not change between exports.
    """

    key: str
    contact_id: int
    name: str
    company: str
    kind: str
    text: str
    due: _dt.date
    days_overdue: int
    since: _dt.date | None = None  # the event the action follows from (outreach, meeting...)
    snoozed: bool = False

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.kind]

    def as_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["label"] = self.label
        return row


class DueList(list):
    """A list of :class:`DueAction`, plus ``warnings``: problems found in the history (in plain words)."""

    def __init__(self, actions: Iterable[DueAction] = (), warnings: Iterable[str] = (), today: _dt.date | None = None):
        super().__init__(actions)
        self.warnings = list(warnings)
        self.today = today

    def summary(self) -> str:
        """One friendly sentence: how many actions are due, or that nothing is."""
        when = f" by {self.today.isoformat()}" if self.today else ""
        if not self:
            return f"Nothing due{when}. Well done: you are up to date with your follow-ups."
        overdue = sum(a.days_overdue > 0 for a in self)
        text = f"{len(self)} follow-up(s) due{when}"
        return text + (f", {overdue} of them overdue." if overdue else ".")


def _company_key(company: str) -> str:
    return " ".join((company or "").lower().split())


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _state_by_key(tracker) -> dict[str, dict]:
    """The latest done/snoozed state per action key (later notes win)."""
    states: dict[str, dict] = {}
    for note in tracker.notes(kind=STATE_NOTE):
        body = note.get("body")
        if isinstance(body, dict) and body.get("key"):
            states[str(body["key"])] = body
    return states


def _name(contact: Mapping[str, Any]) -> str:
    name = f"{contact.get('first_name') or ''} {contact.get('last_name') or ''}".strip()
    return name or f"Contact {contact.get('id')}"


def due(tracker, today: Any = None, *, settings: Mapping[str, Any] | None = None, within_days: int = 0) -> DueList:
    """Every follow-up action due by ``today`` (default: :func:`infoview.paths.today`).

    From each contact's history:

    * 3B7 for unanswered outreach: a second person at the same employer 3 business days
      after the first outreach (unless someone else there has been contacted), and
      one nudge at 7 (unless a follow-up or a second outreach was already sent); neither
      once they replied (a reply, meeting, thank-you or referral counts, whatever its date);
      dropped ``stop_after_days`` after falling due;
    * a thank-you after each meeting held without a thank-you sent on or after it, due
      ``thank_you.within_hours`` later;
    * keep-in-touch updates for people you have met: the contact's own ``cadence_days``,
      else the default for their channel, counted from the last interaction with them;
    * promises in ``meeting_notes`` notes (their due date, else ``promised.default_days``
      after the meeting).

    Actions marked done are left out; snoozed ones move to their new date. Events dated
    after ``today`` are ignored with a warning (in ``result.warnings``), as are other
    inconsistencies; nothing here raises on a messy history. ``within_days`` also lists
    actions due that many days after ``today`` (for a calendar of what is coming).
    """
    s = settings if settings is not None else load_settings()
    day = parse_date(today if today is not None else _today(), "date")
    horizon = day + _dt.timedelta(days=int(within_days))
    warnings: list[str] = []
    contacts = {c["id"]: c for c in tracker.contact_list()}
    events = _dated_events(tracker, contacts, day, warnings)
    outreach_by_company = _outreach_by_company(contacts, events)
    candidates: list[_Candidate] = []
    for cid, contact in contacts.items():
        history = _History(cid, contact, sorted(events.get(cid, [])))
        candidates += _three_b_seven(history, outreach_by_company, s, day, warnings)
        candidates += _thank_yous(history, s, warnings)
        candidates += _keep_in_touch(history, s)
    candidates += _promises(tracker, contacts, s, day, warnings)
    return _due_list(tracker, candidates, contacts, day, horizon, warnings)


# One action to consider: (key, contact id, kind, text, due date, the event it follows from).
_Candidate = tuple[str, int, str, str, _dt.date, "_dt.date | None"]


@dataclass
class _History:
    """One contact's dated events, oldest first, and the dates of each kind."""

    cid: int
    contact: Mapping[str, Any]
    events: list[tuple[_dt.date, int, str]]
    by_kind: dict[str, list[_dt.date]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for when, _, kind in self.events:
            self.by_kind.setdefault(kind, []).append(when)

    @property
    def name(self) -> str:
        return _name(self.contact)


def _dated_events(tracker, contacts, day: _dt.date, warnings: list[str]) -> dict[int, list[tuple[_dt.date, int, str]]]:
    """Each contact's events from :meth:`Tracker.history` as (date, id, kind); unreadable or future dates are warned about and left out."""
    events: dict[int, list[tuple[_dt.date, int, str]]] = {cid: [] for cid in contacts}
    for cid, occurred_on, event_id, kind in tracker.history():
        try:
            when = parse_date(occurred_on, "event date")
        except ValueError:
            warnings.append(f"An event for {_name(contacts.get(cid, {}))} has no valid date; it was ignored.")
            continue
        if when > day:
            warnings.append(
                f"{_name(contacts[cid])}: '{kind.replace('_', ' ')}' is dated {when.isoformat()}, "
                f"after {day.isoformat()}; it was ignored. Check the date."
            )
            continue
        events.setdefault(cid, []).append((when, event_id, kind))
    return events


def _outreach_by_company(contacts, events) -> dict[str, list[tuple[_dt.date, int]]]:
    """Who was contacted at each employer, and when (for the 3B7 second-person step)."""
    by_company: dict[str, list[tuple[_dt.date, int]]] = {}
    for cid, evs in events.items():
        company = _company_key(contacts[cid].get("company", "")) if cid in contacts else ""
        if company:
            for when, _, kind in evs:
                if kind == "outreach_sent":
                    by_company.setdefault(company, []).append((when, cid))
    return by_company


def _three_b_seven(
    h: _History, outreach_by_company, s: Mapping[str, Any], day: _dt.date, warnings: list[str]
) -> list[_Candidate]:
    """3B7 for unanswered outreach: a second person at the employer, then one nudge."""
    outreach = h.by_kind.get("outreach_sent", [])
    if not outreach:
        return []
    cid, name, company = h.cid, h.name, h.contact.get("company") or ""
    answered = [d for k in _ANSWERED for d in h.by_kind.get(k, [])]
    first = outreach[0]
    if answered and min(answered) < first:
        warnings.append(
            f"{name}: a reply or meeting is dated {min(answered).isoformat()}, before the first outreach "
            f"({first.isoformat()}). Check the dates; no 3B7 reminders are shown for them."
        )
    if answered:
        return []
    out: list[_Candidate] = []
    plan = plan_3b7(first, settings=s)
    stop = _dt.timedelta(days=s["stop_after_days"])
    # Anyone else at the employer already contacted (before or after) fulfils this step.
    others = [other for _, other in outreach_by_company.get(_company_key(company), []) if other != cid]
    if not others and plan["next_contact"] + stop >= day:
        where = f"at {company}" if company else "at the same organisation"
        out.append(
            (
                f"{cid}:second_contact:{first.isoformat()}",
                cid,
                "second_contact",
                f"No reply from {name} after {s['second_contact_days']} business days: contact a second person {where}.",
                plan["next_contact"],
                first,
            )
        )
    touched_again = [d for d in h.by_kind.get("follow_up_sent", []) if d >= first] + outreach[1:]
    if not touched_again and plan["follow_up"] + stop >= day:
        out.append(
            (
                f"{cid}:nudge:{first.isoformat()}",
                cid,
                "nudge",
                f"No reply from {name} after {s['nudge_days']} business days: send one short, friendly nudge.",
                plan["follow_up"],
                first,
            )
        )
    return out


def _thank_yous(h: _History, s: Mapping[str, Any], warnings: list[str]) -> list[_Candidate]:
    """A thank-you for each meeting held without a thank-you sent on or after it."""
    cid, name = h.cid, h.name
    outreach = h.by_kind.get("outreach_sent", [])
    meetings_held = h.by_kind.get("meeting_held", [])
    thanks = sorted(h.by_kind.get("thank_you_sent", []))
    if outreach and meetings_held and min(meetings_held) < outreach[0]:
        warnings.append(f"{name}: a meeting is dated before the first outreach; check the dates.")
    out: list[_Candidate] = []
    for met in meetings_held:
        match = next((t for t in thanks if t >= met), None)
        if match is not None:
            thanks.remove(match)
            continue
        if any(t < met for t in thanks):
            warnings.append(
                f"{name}: a thank-you is dated before the meeting of {met.isoformat()}; it does not count for it."
            )
        out.append(
            (
                f"{cid}:thank_you:{met.isoformat()}",
                cid,
                "thank_you",
                f"Thank {name} for the meeting on {met.isoformat()}: name one piece of advice and what you will do with it.",
                met + _dt.timedelta(days=s["thank_you_days"]),
                met,
            )
        )
    return out


def _keep_in_touch(h: _History, s: Mapping[str, Any]) -> list[_Candidate]:
    """After a meeting: an update every ``cadence_days`` (the contact's own, else their channel's), from the last interaction."""
    if not h.by_kind.get("meeting_held"):
        return []
    contact = h.contact
    cadence = contact.get("cadence_days") or s["channel_cadence"].get(contact.get("channel"), s["default_cadence"])
    last = max(when for when, _, _ in h.events)
    return [
        (
            f"{h.cid}:keep_in_touch:{last.isoformat()}",
            h.cid,
            "keep_in_touch",
            f"Keep in touch with {h.name}: tell them what you did with their advice (every {cadence} days).",
            last + _dt.timedelta(days=int(cadence)),
            last,
        )
    ]


def _promises(tracker, contacts, s: Mapping[str, Any], day: _dt.date, warnings: list[str]) -> list[_Candidate]:
    """Promises written in meeting notes: due on their date, else ``promised_days`` after the meeting."""
    out: list[_Candidate] = []
    promise_keys: dict[str, int] = {}
    for note in tracker.notes(kind=MEETING_NOTE):
        cid = note.get("contact_id")
        body = note.get("body")
        if cid not in contacts or not isinstance(body, dict):
            continue
        name = _name(contacts[cid])
        try:
            met = parse_date(body.get("meeting_on") or note.get("occurred_on"), "meeting date")
        except ValueError:
            warnings.append(f"{name}: meeting notes without a valid meeting date; promises are counted from today.")
            met = day
        promised = body.get("promised") or []
        if isinstance(promised, str):
            promised = [{"text": promised}]
        for item in promised:
            if isinstance(item, str):
                item = {"text": item}
            text = " ".join(str((item or {}).get("text") or "").split())
            if not text:
                continue
            try:
                due_on = (
                    parse_date(item["due"], "promise date")
                    if item.get("due")
                    else met + _dt.timedelta(days=s["promised_days"])
                )
            except ValueError:
                warnings.append(
                    f"{name}: the promise {text!r} has an unreadable due date; it is due {s['promised_days']} days after the meeting."
                )
                due_on = met + _dt.timedelta(days=s["promised_days"])
            # The same promise written twice for one meeting is two actions: the second gets
            # "#2" so each has its own Done state and calendar UID (the first keeps its key).
            key = f"{cid}:promised:{met.isoformat()}:{_short_hash(text)}"
            promise_keys[key] = promise_keys.get(key, 0) + 1
            if promise_keys[key] > 1:
                key += f"#{promise_keys[key]}"
            out.append((key, cid, "promised", f"You promised {name}: {text}", due_on, met))
    return out


def _due_list(
    tracker, candidates: list[_Candidate], contacts, day: _dt.date, horizon: _dt.date, warnings: list[str]
) -> DueList:
    """The candidates minus those marked done, snoozed ones moved, those due by ``horizon``, sorted."""
    states = _state_by_key(tracker)
    actions = []
    seen_keys: set[str] = set()
    for key, cid, kind, text, due_on, since in candidates:
        # One action per key: the same event logged twice (a double click) is one thing to do,
        # with one Done state and one calendar UID.
        if key in seen_keys:
            continue
        seen_keys.add(key)
        state = states.get(key)
        snoozed = False
        if state is not None:
            if state.get("status") == "done":
                continue
            if state.get("status") == "snoozed" and state.get("until"):
                try:
                    until = parse_date(state["until"], "snooze date")
                except ValueError:
                    until = due_on
                if until > due_on:
                    due_on, snoozed = until, True
        if due_on > horizon:
            continue
        contact = contacts[cid]
        actions.append(
            DueAction(
                key=key,
                contact_id=cid,
                name=_name(contact),
                company=contact.get("company") or "",
                kind=kind,
                text=text,
                due=due_on,
                days_overdue=max(0, (day - due_on).days),
                since=since,
                snoozed=snoozed,
            )
        )
    actions.sort(key=lambda a: (a.due, ACTION_KINDS.index(a.kind), a.name.lower(), a.key))
    return DueList(actions, warnings, today=day)


def due_frame(tracker, today: Any = None, **kwargs):
    """:func:`due` as a pandas DataFrame, one row per action (empty, with the columns, when nothing is due)."""
    import pandas as pd

    columns = [
        "due",
        "days_overdue",
        "contact_id",
        "name",
        "company",
        "kind",
        "label",
        "text",
        "key",
        "since",
        "snoozed",
    ]
    actions = due(tracker, today, **kwargs)
    return pd.DataFrame([a.as_row() for a in actions], columns=columns)


# ----------------------------------------------------------- done and snoozed
def _save_state(tracker, action: DueAction, status: str, until: _dt.date | None, on: _dt.date) -> int:
    body = {"key": action.key, "status": status, "until": until.isoformat() if until else None}
    return tracker.add_note(action.contact_id, STATE_NOTE, body, on=on)


def mark_done(tracker, action: DueAction, on: Any = None) -> str | None:
    """Mark ``action`` done on ``on`` (default today).

    Logs the interaction it stands for (thank-you sent, follow-up sent, update sent) when
    one applies, and records the action as done, both in one transaction. Returns the
    interaction kind logged, or None.
    """
    when = parse_date(on if on is not None else _today(), "date")
    kind = DONE_INTERACTION.get(action.kind)
    with tracker.transaction():
        if kind is not None:
            tracker.log(action.contact_id, kind, on=when, detail=f"follow-up: {action.kind}")
        _save_state(tracker, action, "done", None, when)
    return kind


def snooze(
    tracker, action: DueAction, days: int | None = None, *, on: Any = None, settings: Mapping[str, Any] | None = None
) -> _dt.date:
    """Move ``action`` to ``days`` days after ``on`` (default today; days default from the content file).

    Returns the new due date.
    """
    if days is None:
        days = (settings if settings is not None else load_settings())["snooze_days"]
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValueError(f"Snooze for a whole number of days, not {days!r}.") from None
    if days < 1:
        raise ValueError(f"Snooze for at least 1 day (you asked for {days}).")
    when = parse_date(on if on is not None else _today(), "date")
    until = when + _dt.timedelta(days=days)
    _save_state(tracker, action, "snoozed", until, when)
    return until


def thank_you_timing(settings: Mapping[str, Any] | None = None) -> str:
    """The thank-you timing setting and the range career centres advise, in one sentence each.

    >>> print(thank_you_timing())
    Send your thank-you within 24 hours of the meeting (Yale Office of Career Strategy: send a thank-you note within 24 hours of an informational interview.)
    Career centres advise anything from 24 hours to 1 week (168 hours); an instructor can change the setting in followup.toml.
    """
    s = settings if settings is not None else load_settings(raw=True)
    raw = s["raw"]["thank_you"]
    low, high = raw.get("range_hours", [24, 168])

    def span(hours: float) -> str:
        if hours % 168 == 0:
            return f"{int(hours // 168)} week" + ("s" if hours > 168 else "")
        if hours % 24 == 0 and hours > 24:
            return f"{int(hours // 24)} days"
        return f"{hours:g} hours"

    return (
        f"Send your thank-you within {span(raw.get('within_hours', 24))} of the meeting ({raw.get('source', '').strip()})\n"
        f"Career centres advise anything from {span(low)} to {span(high)} ({high:g} hours); "
        "an instructor can change the setting in followup.toml."
    )


def cadence_table(settings: Mapping[str, Any] | None = None):
    """Keep-in-touch cadence per channel after a first meeting: a DataFrame (channel, tier, days)."""
    import pandas as pd

    s = settings if settings is not None else load_settings(raw=True)
    tiers = s["raw"]["keep_in_touch"].get("channel_tier", {})
    rows = [
        {"channel": CHANNEL_LABELS.get(ch, ch), "tier": tier, "every (days)": s["tiers"][tier]}
        for ch, tier in tiers.items()
    ]
    return pd.DataFrame(rows, columns=["channel", "tier", "every (days)"]).set_index("channel")


def cadence_tiers(settings: Mapping[str, Any] | None = None):
    """Every keep-in-touch tier (30 / 90 / 180 days by default), who belongs in it, and the
    channels that start there: a DataFrame indexed by tier. Unlike :func:`cadence_table`
    (per channel), it shows a tier no channel starts in, so the text's three tiers and the
    table agree.

    >>> cadence_tiers()["every (days)"].to_dict()
    {'close': 30, 'regular': 90, 'distant': 180}
    """
    import pandas as pd

    s = settings if settings is not None else load_settings(raw=True)
    kit = s["raw"]["keep_in_touch"]
    starts = kit.get("channel_tier", {})
    use = kit.get("tier_use", {})
    rows = [
        {
            "tier": tier,
            "every (days)": days,
            "who": use.get(tier, ""),
            "starts here": ", ".join(CHANNEL_LABELS.get(ch, ch) for ch, t in starts.items() if t == tier) or "nobody",
        }
        for tier, days in s["tiers"].items()
    ]
    return pd.DataFrame(rows, columns=["tier", "every (days)", "who", "starts here"]).set_index("tier")


def exercise(name: str, content_dir=None) -> dict[str, Any]:
    """An exercise's data from ``followup.toml`` (``"3b7"`` or ``"thank_you"``), so instructors can change it."""
    data = load_toml("followup", content_dir)
    key = f"exercise_{name}"
    if key not in data:
        raise ContentError(f"followup.toml has no [{key}] table; add one or use the default file.")
    return dict(data[key])


# ------------------------------------------------------------ thank-you notes
def meetings(tracker) -> list[dict[str, Any]]:
    """Meetings held, newest first: ``{"contact": dict, "meeting_on": date, "notes": dict}``.

    Each ``meeting_held`` event is matched with the ``meeting_notes`` note for that contact
    and date (else their latest notes); notes without a logged meeting are included too.
    """
    contacts = {c["id"]: c for c in tracker.contact_list()}
    notes_by: dict[tuple[int, str], dict] = {}
    latest: dict[int, dict] = {}
    for note in tracker.notes(kind=MEETING_NOTE):
        body = note.get("body") if isinstance(note.get("body"), dict) else {}
        cid = note.get("contact_id")
        if cid not in contacts:
            continue
        notes_by[(cid, str(body.get("meeting_on") or note.get("occurred_on") or ""))] = body
        latest[cid] = body
    found: dict[tuple[int, str], dict] = {}
    for cid, occurred_on, _, kind in tracker.history():
        if kind == "meeting_held" and cid in contacts:
            key = (cid, occurred_on)
            found[key] = notes_by.get(key) or latest.get(cid) or {}
    for key, body in notes_by.items():
        found.setdefault(key, body)
    out = []
    for (cid, on), body in found.items():
        try:
            when = parse_date(on, "meeting date")
        except ValueError:
            when = None
        out.append({"contact": contacts[cid], "meeting_on": when, "notes": body})
    out.sort(key=lambda m: (m["meeting_on"] or _dt.date.min, m["contact"]["id"]), reverse=True)
    return out


def _first_sentence(text: str, max_words: int = 25) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    first = re.split(r"(?<=[.!?;])\s+|\n", text)[0].rstrip(".;!? ")
    words = first.split()
    return " ".join(words[:max_words]) + ("..." if len(words) > max_words else "")


def _as_action(text: str) -> str:
    """A promise as the end of "I will ...": drop a leading "I will", lower the first letter."""
    t = _first_sentence(text).strip()
    t = re.sub(r"^(?:i\s+will|i'll|i\s+am\s+going\s+to|i'm\s+going\s+to|to)\s+", "", t, flags=re.I)
    if len(t) > 1 and t[0].isupper() and not t[1].isupper():
        t = t[0].lower() + t[1:]
    return t


def _notes_body(meeting_notes: Any) -> dict:
    if isinstance(meeting_notes, Mapping) and isinstance(meeting_notes.get("body"), Mapping):
        return dict(meeting_notes["body"])
    return dict(meeting_notes or {})


def draft_thank_you(
    contact: Mapping[str, Any], meeting_notes: Any, learner_name: str = "", *, settings: Mapping[str, Any] | None = None
) -> str:
    """A short thank-you draft naming one piece of their advice and what you will do with it.

    ``meeting_notes`` is a ``meeting_notes`` body (or the note holding it). The advice is the
    first sentence of the notes' advice (else insights, else resources); the plan is the
    first promise. A missing piece is left as a [bracketed gap] that the reviewer flags.

    >>> print(draft_thank_you({"first_name": "Ada"}, {"meeting_on": "2026-03-10",
    ...       "advice": "Talk to the data team first. Then apply.",
    ...       "promised": [{"text": "Read the team's blog", "due": "2026-03-20"}]}, "Sam"))
    Dear Ada,
    <BLANKLINE>
    Thank you for taking the time to talk with me on Tuesday 10 March. Your advice, "Talk to the data team first", was the most useful thing I heard. As a first step, I will read the team's blog.
    <BLANKLINE>
    I will let you know how it goes. Thank you again for your time and generosity.
    <BLANKLINE>
    Best wishes,
    Sam
    """
    s = settings if settings is not None else load_settings()
    t = s["draft"]
    body = _notes_body(meeting_notes)
    first_name = (contact.get("first_name") or contact.get("last_name") or "").strip() or "[their name]"
    try:
        met = parse_date(body.get("meeting_on"), "meeting date")
        meeting_day = f"{met.strftime('%A')} {met.day} {met.strftime('%B')}"
    except ValueError:
        meeting_day = "[the day you met]"
    advice = ""
    for field_name in ("advice", "insights", "resources"):
        advice = _first_sentence(body.get(field_name, ""))
        if advice:
            break
    promised = body.get("promised") or []
    if isinstance(promised, str):
        promised = [{"text": promised}]
    action = ""
    for item in promised:
        action = _as_action(item.get("text", "") if isinstance(item, Mapping) else str(item))
        if action:
            break
    if action and contact.get("first_name"):  # "tell Naveen how it went" reads "tell you how it went" to Naveen
        action = re.sub(rf"\b{re.escape(contact['first_name'].strip())}\b", "you", action)
    values = {"first_name": first_name, "meeting_day": meeting_day, "learner_name": learner_name}
    sentences = [t["thanks"].format(**values)]
    sentences.append(t["advice"].format(advice=advice) if advice else t["no_advice"] + ".")
    sentences.append(t["action"].format(action=action) if action else "As a first step, I will " + t["no_action"] + ".")
    lines = [t["greeting"].format(**values), "", " ".join(sentences), "", t["closing"], "", t["sign_off"]]
    if learner_name.strip():
        lines.append(learner_name.strip())
    return "\n".join(lines)


@dataclass(frozen=True)
class Finding:
    """One problem or tip the thank-you reviewer found: a stable ``rule`` id, a ``severity``
    ("error", "warning" or "tip"), a ``message`` and where it applies (character offsets)."""

    rule: str
    severity: str
    message: str
    start: int = 0
    end: int = 0


@dataclass
class ThankYouReview:
    """What :func:`review_thank_you` found. ``ok`` is True when there are no errors."""

    findings: list[Finding] = field(default_factory=list)
    word_count: int = 0

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_html(self) -> str:
        """The findings as escaped HTML (for the drafter's live review)."""
        colours = {"error": "#a4161a", "warning": "#8a5a00", "tip": "#1f4e79"}
        head = f"<b>{'Ready to send' if self.ok else 'Not ready yet'}</b> ({self.word_count} words)"
        items = "".join(
            f'<li style="color:{colours.get(f.severity, "#333")}">{html.escape(f.severity)}: {html.escape(f.message)}</li>'
            for f in self.findings
        )
        return f'<div class="infoview-review">{head}<ul>{items}</ul></div>'


_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9']+")
_STOP = frozenset(
    "a an and are as at be but by do for from have i in is it its me my of on or our so that the their them they "
    "this to was we what when which who will with you your about more less than just very into also can should "
    "would could get".split()
)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "") if len(w) > 2 and w.lower() not in _STOP}


def _job_ask_findings(text: str) -> list[Finding]:
    """Job-ask findings from stage 2's reviewer: one job-ask rule for the whole course."""
    found = []
    for f in getattr(outreach.review(text), "findings", []):
        if getattr(f, "rule", "") == "job_ask":
            start, end = getattr(f, "span", None) or (0, 0)
            found.append(
                Finding("job_ask", "error", str(getattr(f, "message", "Do not ask for a job.")), int(start), int(end))
            )
    return found


def review_thank_you(
    text: str,
    *,
    contact: Mapping[str, Any] | None = None,
    meeting_notes: Any = None,
    settings: Mapping[str, Any] | None = None,
) -> ThankYouReview:
    """Review a thank-you note: length, a thank-you, specific advice, what you will do, no job ask.

    Rule ids: ``empty``, ``placeholder``, ``length``, ``thanks``, ``specific``, ``next_step``,
    ``job_ask``, ``name``. With ``meeting_notes``, ``specific`` checks that the note uses
    words from the advice (or insights or resources) you wrote down; without, it looks
    for phrases like "you suggested". Thresholds and phrases: ``[thank_you_review]`` in
    ``followup.toml``.

    >>> review_thank_you("").rules
    {'empty'}
    >>> r = review_thank_you("Dear Ada, thank you for your time on Tuesday. You suggested I talk to the data "
    ...     "team before applying anywhere, so I will write to two of them this week and tell you how it goes. "
    ...     "Thank you again, Sam", contact={"first_name": "Ada"})
    >>> r.ok, sorted(r.rules)
    (True, [])
    """
    s = settings if settings is not None else load_settings()
    rv = s["review"]
    text = "" if text is None else str(text)
    words = _WORD.findall(text)
    review = ThankYouReview(word_count=len(words))
    add = review.findings.append
    if not text.strip():
        add(Finding("empty", "error", "The note is empty: start with 'Thank you' and name one thing they told you."))
        return review
    for m in re.finditer(r"\[[^\]]*\]", text):
        add(Finding("placeholder", "error", f"Fill in the gap {m.group(0)} with your own words.", m.start(), m.end()))
    max_words, min_words = int(rv.get("max_words", 150)), int(rv.get("min_words", 25))
    if len(words) > max_words:
        add(
            Finding(
                "length",
                "error",
                f"{len(words)} words: keep a thank-you under {max_words}. Cut everything but the thanks, the advice and your next step.",
            )
        )
    elif len(words) < min_words:
        add(
            Finding(
                "length",
                "warning",
                f"Only {len(words)} words: add the piece of advice you are acting on (aim for {min_words}-{max_words}).",
            )
        )
    lowered = text.lower()
    if "thank" not in lowered and "grateful" not in lowered:
        add(Finding("thanks", "error", "Say thank you in so many words, near the start."))
    body = _notes_body(meeting_notes) if meeting_notes else {}
    noted = " ".join(str(body.get(k) or "") for k in ("advice", "insights", "resources"))
    specific_phrase = any(p in lowered for p in rv.get("specific_phrases", []))
    if noted.strip():
        # Specific = the note reuses most of one sentence from the notes, not a stray common word.
        need = int(rv.get("specific_min_shared_words", 3))
        written = _content_words(text)
        sentences = [_content_words(x) for x in re.split(r"(?<=[.!?;])\s+|\n", noted) if x.strip()]
        if not any(words and len(words & written) >= min(need, len(words)) for words in sentences):
            add(
                Finding(
                    "specific",
                    "error",
                    "Name one specific piece of their advice: use the words from your notes (for example: "
                    f'"{_first_sentence(noted, 12)}").',
                )
            )
    elif not specific_phrase and '"' not in text and "“" not in text:
        add(
            Finding(
                "specific",
                "error",
                'Name one specific thing they told you ("You suggested...", "Your advice to..."), '
                "so they know you listened.",
            )
        )
    if not any(p in lowered for p in rv.get("action_phrases", [])):
        add(
            Finding(
                "next_step",
                "warning",
                'Say what you will do with their advice ("I will...", "I have already..."): it is what they most want to hear.',
            )
        )
    review.findings.extend(_job_ask_findings(text))
    if contact is not None:
        first = (contact.get("first_name") or "").strip()
        if first and first.lower() not in lowered:
            add(Finding("name", "warning", f"Greet them by name ({first})."))
    return review


# ----------------------------------------------------------- exercise checks
def _explain_date(answer: _dt.date, right: _dt.date, sent: _dt.date, n: int, off: frozenset) -> str:
    plain = sent + _dt.timedelta(days=n)
    weekend_only = add_business_days(sent, n)
    if answer == plain:
        return f"{answer.isoformat()} counts {n} calendar days; count business days (skip Saturdays and Sundays)."
    if answer == weekend_only and weekend_only != right:
        skipped = sorted(h for h in off if sent < h <= right)
        return (
            f"{answer.isoformat()} skips the weekend but not the holiday "
            f"({', '.join(h.isoformat() for h in skipped)}); holidays are not business days."
        )
    if answer.weekday() >= 5:
        return f"{answer.isoformat()} is a {answer.strftime('%A')}: a reminder never falls on a weekend."
    counted = business_days_between(sent, answer, off)
    return f"{answer.isoformat()} is {counted} business day(s) after {sent.isoformat()}; you need {n}."


def check_3b7_answer(sent_on: Any, next_contact: Any, follow_up: Any, holidays: Iterable[Any] = ()) -> Feedback:
    """Check a learner's 3B7 dates for an outreach sent on ``sent_on``; say which date is wrong and why.

    Blank answers get a friendly hint, not an error.

    >>> check_3b7_answer("2026-04-02", "", "").ok
    False
    >>> print(check_3b7_answer("2026-04-02", "2026-04-07", "2026-04-13", holidays=["2026-04-03"]))
    Not yet:
    - Day 3: 2026-04-07 skips the weekend but not the holiday (2026-04-03); holidays are not business days.
    - Day 7: 2026-04-13 skips the weekend but not the holiday (2026-04-03); holidays are not business days.
    """
    sent = parse_date(sent_on, "sending date")
    s = load_settings()
    off = frozenset(_holiday_set(holidays))
    plan = plan_3b7(sent, holidays=off, settings={**s, "holidays": frozenset()})
    messages, ok = [], True
    for label, value, right, n in (
        ("Day 3", next_contact, plan["next_contact"], s["second_contact_days"]),
        ("Day 7", follow_up, plan["follow_up"], s["nudge_days"]),
    ):
        if value is None or str(value).strip() in ("", "..."):
            ok = False
            messages.append(f"{label}: fill in a date written YYYY-MM-DD ({n} business days after {sent.isoformat()}).")
            continue
        try:
            answer = parse_date(value, "answer")
        except ValueError as exc:
            ok = False
            messages.append(f"{label}: {exc}")
            continue
        if answer == right:
            messages.append(f"{label}: {answer.isoformat()} ({answer.strftime('%A')}) is right.")
        else:
            ok = False
            messages.append(f"{label}: {_explain_date(answer, right, sent, n, off)}")
    if ok:
        return Feedback(True, messages, head="Correct!")
    return Feedback(False, [m for m in messages if "is right" not in m] or messages, head="Not yet:")


def check_thank_you(text: str, meeting_notes: Any = None, contact: Mapping[str, Any] | None = None) -> Feedback:
    """Exercise check: is this thank-you ready? Lists what is still missing (errors and warnings)."""
    if not str(text or "").strip():
        return Feedback(False, ["Write your note first."], head="Not yet:")
    review = review_thank_you(text, contact=contact, meeting_notes=meeting_notes)
    todo = [f.message for f in review.findings if f.severity in ("error", "warning")]
    if not todo:
        return Feedback(
            True,
            [f"{review.word_count} words, thanks them, names specific advice and your next step."],
            head="Correct!",
        )
    return Feedback(False, todo, head="Not yet:")


def check_3b7_exercise(next_contact="", follow_up="", content_dir=None) -> Feedback:
    """Stage 5, "3B7 around a holiday": the two dates of the exercise in ``followup.toml``."""

    ex = exercise("3b7", content_dir)
    fb = check_3b7_answer(
        ex["sent_on"], clean_text(next_contact, 100), clean_text(follow_up, 100), holidays=ex.get("holidays", [])
    )
    return fb


def describe_3b7_exercise(content_dir=None) -> str:
    """The exercise-1 question in words, from the content file."""
    ex = exercise("3b7", content_dir)
    sent = parse_date(ex["sent_on"], "sending date")
    off = [parse_date(h, "holiday") for h in ex.get("holidays", [])]
    days_off = ", ".join(f"{d.strftime('%A')} {d.isoformat()}" for d in off) or "none"
    return (
        f"You sent an outreach message on {sent.strftime('%A')} {sent.isoformat()}. Holidays: {days_off}.\n"
        "On which date is day 3 (contact a second person) and day 7 (nudge once)?"
    )


def describe_thank_you_exercise(content_dir=None) -> str:
    """The exercise-2 meeting notes and the weak note, from the content file."""
    ex = exercise("thank_you", content_dir)
    notes = ex.get("meeting_notes", {})
    promised = "; ".join(p.get("text", "") for p in notes.get("promised", []) if isinstance(p, Mapping))
    lines = [f"Your notes from the meeting with {ex.get('contact_first_name', '')} on {notes.get('meeting_on', '')}:"]
    for label, value in (
        ("Insights", notes.get("insights")),
        ("Advice", notes.get("advice")),
        ("Resources", notes.get("resources")),
        ("You promised", promised),
    ):
        if value:
            lines.append(f"  {label}: {value}")
    lines += ["", "The note you wrote in a hurry:", "", ex.get("weak_note", "")]
    return "\n".join(lines)


def check_thank_you_exercise(note="", content_dir=None) -> Feedback:
    """Stage 5, "make a thank-you specific": is the improved note specific?"""

    ex = exercise("thank_you", content_dir)
    text = clean_text(note)
    if not text:
        return Feedback(False, ["Write your improved note in the box, then click Check."], head="Not yet:")
    rv = review_thank_you(
        text, contact={"first_name": ex.get("contact_first_name", "")}, meeting_notes=ex.get("meeting_notes")
    )
    todo = [f.message for f in rv.findings if f.severity in ("error", "warning")]
    if not todo:
        return Feedback(
            True, [f"{rv.word_count} words, thanks them, names specific advice and your next step."], head="Correct!"
        )
    return Feedback(False, todo, head="Not yet:")


# ------------------------------------------------------------------- calendar
def _uid(key: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", key)
    return f"{safe}@infoview"


def to_ics(
    actions: Sequence[DueAction], *, calendar_name: str | None = None, stamp: _dt.datetime | None = None
) -> bytes:
    """The actions as an iCalendar file (RFC 5545): one all-day event per action.

    All-day VEVENTs, not VTODOs: Google Calendar and Outlook import events but drop or
    mishandle to-dos, so an event is the form all three common calendars (Google, Outlook,
    Apple) show. Each UID comes from the action's key (contact, kind, the event it follows),
    so importing a later export updates the same events instead of duplicating them. The
    icalendar library escapes commas, semicolons and newlines and folds long lines.

    >>> from icalendar import Calendar
    >>> a = DueAction("7:nudge:2026-03-02", 7, "Lee, Jo", "", "nudge", "Nudge once", _dt.date(2026, 3, 11), 0)
    >>> ev = Calendar.from_ical(to_ics([a])).walk("VEVENT")[0]
    >>> str(ev["uid"]), str(ev["summary"]), ev.decoded("dtstart")
    ('7-nudge-2026-03-02@infoview', 'Nudge once (3B7, day 7): Lee, Jo', datetime.date(2026, 3, 11))
    """
    from icalendar import Calendar, Event

    name = calendar_name or load_settings()["calendar_name"]
    stamp = stamp or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//infoview//follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for a in actions:
        ev = Event()
        ev.add("uid", _uid(a.key))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", a.due)
        ev.add("dtend", a.due + _dt.timedelta(days=1))  # all-day: DTEND is exclusive
        ev.add("summary", f"{a.label}: {a.name}")
        description = a.text + (f"\nOrganisation: {a.company}" if a.company else "")
        ev.add("description", description)
        ev.add("transp", "TRANSPARENT")  # a reminder, not busy time
        ev.add("categories", ["infoview", a.kind])
        cal.add_component(ev)
    return cal.to_ical()


def write_ics(path: Any, actions: Sequence[DueAction], **kwargs) -> Path:
    """Write :func:`to_ics` to ``path`` (folders created); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_ics(actions, **kwargs))
    return path


# ----------------------------------------------------------------------- CLI
def format_table(actions: Sequence[DueAction]) -> str:
    """The due list as a plain-text table (the CLI's output)."""
    today = getattr(actions, "today", None)
    rows = [("Due", "Overdue", "Contact", "Action")]
    for a in actions:
        overdue = f"{a.days_overdue} d" if a.days_overdue else "due today" if a.due == today else "coming"
        contact = a.name + (f" ({a.company})" if a.company else "")
        rows.append((a.due.isoformat(), overdue, contact.replace("\n", " "), a.label))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = []
    for r in rows:
        lines.append("  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3])
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * max(len(r[3]) for r in rows))
    return "\n".join(lines)
