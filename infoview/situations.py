"""The situations between the stages: what learners meet that the stage tools do not cover.

- **An introduction from your own network** (:func:`draft_introduction_request`): a short
  note to the introducer plus a few lines they can forward unchanged, the forwardable part
  reviewed by the stage-2 rules that apply to it (:func:`review_forwardable`), and the note
  that reports back to the introducer afterwards (:func:`draft_report_back`).
- **Confirming a meeting across time zones** (:func:`plan_meeting`): the time in both zones
  (IANA names through :mod:`zoneinfo`; the ``tzdata`` package supplies the zone data where the
  operating system has none), the day to confirm, the confirmation text and an ``.ics`` invite
  (:func:`meeting_ics`, written with ``icalendar`` as stage 5 does).
- **The first two minutes** (:func:`build_introduction`, :func:`check_introduction`): a
  30-second "tell me about yourself", and **the last five** (:func:`last_five`).
- **The awkward moments** (:func:`scenarios`, :func:`check_scenario`): a decline, a
  reschedule, a no-show, the resume request, a screening turn, a referral offer.
- **Keeping in touch** (:func:`draft_update`, :func:`check_update`): the update that tells
  them what you did with their advice.
- **Finding people** (:func:`finding_checklist`): alumni search, associations, team pages,
  events.

Everything a learner is judged by comes from ``data/content/situations.toml`` and
``awkward_moments.toml``, each rule with its source or labelled an assumption.
"""

from __future__ import annotations

import datetime as _dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any

from . import outreach
from .content import ContentError, load_toml
from .exercises import Feedback
from .paths import parse_date

__all__ = [
    "load_situations",
    "IntroductionRequest",
    "draft_introduction_request",
    "review_forwardable",
    "draft_report_back",
    "Meeting",
    "check_zone",
    "plan_meeting",
    "confirmation_text",
    "meeting_ics",
    "etiquette",
    "intro_word_limit",
    "build_introduction",
    "check_introduction",
    "last_five",
    "Scenario",
    "scenarios",
    "check_scenario",
    "draft_update",
    "check_update",
    "finding_checklist",
    "event_lines",
    "learner_notes",
]

_MAX_FIELD = 2_000  # characters kept of any one typed field: far above a real answer


def load_situations(content_dir=None) -> dict[str, Any]:
    """``situations.toml`` (the instructor's file merged over the default)."""
    return load_toml("situations", content_dir)


def _clean(value: Any) -> str:
    """A typed field as one tidy line of text (None is blank; whitespace runs become one space)."""
    text = "" if value is None else str(value)
    return " ".join(text.split())[:_MAX_FIELD]


def _words(text: str) -> int:
    return len(text.split())


# ------------------------------------------------------------------ introductions
@dataclass(frozen=True)
class IntroductionRequest:
    """The two parts of an introduction request: ``note`` to the introducer, and
    ``forwardable``, the lines they can send on as they are."""

    note: str
    forwardable: str

    def __str__(self) -> str:
        return f"{self.note}\n\n---\n{self.forwardable}"


def draft_introduction_request(
    *,
    introducer: Any,
    contact: Any,
    organisation: Any = "",
    topic: Any,
    about_you: Any = "",
    your_name: Any = "",
    minutes: int | None = None,
    content_dir=None,
) -> IntroductionRequest:
    """Draft a request to someone you know for an introduction to ``contact``.

    >>> r = draft_introduction_request(introducer="Ana", contact="Sam Lee", organisation="Northwind",
    ...     topic="how data teams work", about_you="I'm finishing a statistics degree", your_name="Jo")
    >>> r.note.splitlines()[0]
    'Hi Ana,'
    >>> "20 minutes" in r.forwardable and r.forwardable.rstrip().endswith("Jo")
    True
    """
    settings = load_situations(content_dir)["introduction"]
    minutes = int(minutes or settings["minutes"])
    introducer, contact, organisation = _clean(introducer), _clean(contact), _clean(organisation)
    topic, about_you, your_name = _clean(topic), _clean(about_you).rstrip("."), _clean(your_name)
    missing = [
        label
        for label, value in (
            ("the introducer's name", introducer),
            ("the contact's name", contact),
            ("what you want to learn", topic),
        )
        if not value
    ]
    if missing:
        raise ValueError(f"Please fill in {', '.join(missing)}: the request needs them.")
    first = contact.split()[0]
    at = f" at {organisation}" if organisation else ""
    note = (
        f"Hi {introducer},\n\n"
        f"I'm exploring {topic} and would love to hear {first}'s advice. Would you be willing to "
        f"introduce me to {contact}{at}? I've put a few lines below that you can forward as they are. "
        f"No worries at all if it isn't a good time.\n\n"
        f"Thank you,\n{your_name}".rstrip()
    )
    opening = f"{about_you}, and I'm exploring {topic}." if about_you else f"I'm exploring {topic}."
    forwardable = (
        f"{opening} I'd be grateful for {minutes} minutes of {first}'s advice on "
        f"how they got into this work and what they would do in my place. Would a short call, "
        f"video chat or coffee in the next few weeks work, at a time that suits them?\n\n"
        f"{your_name}"
    ).rstrip()
    return IntroductionRequest(note, forwardable)


def review_forwardable(text: Any, *, content_dir=None, rules=None):
    """Review the forwardable part with the stage-2 rules that apply to it.

    Returns an :class:`infoview.outreach.Review` holding only the findings of the rules named
    in ``situations.toml`` ``[introduction] applicable_rules``: the introducer supplies the
    connection and the name, so those rules do not judge this text.

    >>> review_forwardable("Can you get me a job at your company?").ok
    False
    """
    result = outreach.review(text, rules=rules)
    keep = set(load_situations(content_dir)["introduction"]["applicable_rules"])
    result.findings = [f for f in result.findings if f.rule in keep]
    return result


def draft_report_back(*, introducer: Any, contact: Any, learned: Any, next_step: Any = "", your_name: Any = "") -> str:
    """The note that tells the introducer how the conversation went.

    >>> print(draft_report_back(introducer="Ana", contact="Sam", learned="how their team hires", your_name="Jo"))
    Hi Ana,
    <BLANKLINE>
    Thank you again for introducing me to Sam. We spoke this week and I learned how their team hires. I'm grateful you made it happen.
    <BLANKLINE>
    Best,
    Jo
    """
    introducer, contact, learned = _clean(introducer), _clean(contact), _clean(learned).rstrip(".")
    next_step, your_name = _clean(next_step).rstrip("."), _clean(your_name)
    if not introducer or not contact or not learned:
        raise ValueError("Please fill in who introduced you, who you met and one thing you learned.")
    step = f" Next I'm going to {next_step[0].lower() + next_step[1:]}." if next_step else ""
    return (
        f"Hi {introducer},\n\nThank you again for introducing me to {contact}. We spoke this week and "
        f"I learned {learned}.{step} I'm grateful you made it happen.\n\nBest,\n{your_name}"
    ).rstrip()


# ------------------------------------------------------------------ meetings
@dataclass(frozen=True)
class Meeting:
    """A planned meeting: its start in UTC and in both parties' zones, its length, and the
    day to send the confirmation."""

    start_utc: _dt.datetime
    minutes: int
    your_zone: str
    their_zone: str
    confirm_on: _dt.date

    @property
    def yours(self) -> _dt.datetime:
        return self.start_utc.astimezone(zoneinfo.ZoneInfo(self.your_zone))

    @property
    def theirs(self) -> _dt.datetime:
        return self.start_utc.astimezone(zoneinfo.ZoneInfo(self.their_zone))

    @staticmethod
    def _when(moment: _dt.datetime) -> str:
        return f"{moment:%A %d %B, %H:%M} ({moment.tzname()})"

    def summary(self) -> str:
        """Both local times in one line.

        >>> m = plan_meeting("2026-03-10", "09:30", "America/New_York", "Europe/London", in_zone="yours")
        >>> m.summary()
        'Tuesday 10 March, 09:30 (EDT) for you = Tuesday 10 March, 13:30 (GMT) for them; 20 minutes.'
        """
        return f"{self._when(self.yours)} for you = {self._when(self.theirs)} for them; {self.minutes} minutes."


_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")


def check_zone(name: Any) -> str:
    """Return the IANA zone name, or raise ValueError in one sentence.

    >>> check_zone(" Europe/Paris ")
    'Europe/Paris'
    >>> check_zone("Mars/Olympus")
    Traceback (most recent call last):
    ...
    ValueError: 'Mars/Olympus' is not a time zone name; choose one from the list, e.g. Europe/London or America/Chicago.
    """
    text = _clean(name)
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file path
        raise ValueError(
            f"{text[:60]!r} is not a time zone name; choose one from the list, e.g. Europe/London or America/Chicago."
        ) from None
    return text


def plan_meeting(
    day: Any,
    time: Any,
    your_zone: Any,
    their_zone: Any,
    *,
    minutes: int | None = None,
    in_zone: str = "theirs",
    content_dir=None,
) -> Meeting:
    """Plan a meeting from a date, a time (``HH:MM``) and two IANA zone names.

    ``in_zone`` says whose clock ``time`` is on: ``"theirs"`` (the usual case: they chose it)
    or ``"yours"``. A time that does not exist on that day (skipped by a daylight-saving
    change) is refused; an ambiguous one (repeated) is read as the first.

    >>> m = plan_meeting("2026-03-10", "14:00", "Asia/Tokyo", "Europe/Berlin")
    >>> m.yours.strftime("%Y-%m-%d %H:%M"), m.confirm_on.isoformat()
    ('2026-03-10 22:00', '2026-03-09')
    """

    settings = load_situations(content_dir)["meeting"]
    mine, other = check_zone(your_zone), check_zone(their_zone)
    date = parse_date(day, what="meeting date") if not isinstance(day, _dt.date) else day
    if isinstance(date, _dt.datetime):
        date = date.date()
    m = _TIME.match("" if time is None else str(time))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError(f"{_clean(time)[:20]!r} is not a time; write it as HH:MM on a 24-hour clock, e.g. 14:30.")
    if in_zone not in ("theirs", "yours"):
        raise ValueError("in_zone must be 'theirs' or 'yours'.")
    zone = zoneinfo.ZoneInfo(other if in_zone == "theirs" else mine)
    local = _dt.datetime(date.year, date.month, date.day, int(m.group(1)), int(m.group(2)), tzinfo=zone)
    # A wall time skipped by a daylight-saving change does not survive a round trip through UTC.
    round_trip = local.astimezone(_dt.timezone.utc).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(
            f"{local:%H:%M} does not exist on {date:%d %B %Y} in {zone.key} (the clocks change that "
            "night); choose another time."
        )
    length = int(minutes or settings["default_minutes"])
    if not 5 <= length <= 240:
        raise ValueError(f"{length} minutes is not a meeting length; choose 5 to 240 minutes.")
    confirm = date - _dt.timedelta(days=int(settings["confirm_days_before"]))
    return Meeting(local.astimezone(_dt.timezone.utc), length, mine, other, confirm)


def confirmation_text(meeting: Meeting, *, name: Any, how: Any = "", your_name: Any = "") -> str:
    """The confirmation to send on ``meeting.confirm_on``: both times, the length and how you meet.

    >>> m = plan_meeting("2026-03-10", "09:30", "America/New_York", "Europe/London", in_zone="yours")
    >>> print(confirmation_text(m, name="Sam", how="I'll call you on +44 20 7946 0000", your_name="Jo"))
    Hi Sam,
    <BLANKLINE>
    Looking forward to our chat tomorrow: Tuesday 10 March, 13:30 (GMT) your time (09:30 EDT for me), for 20 minutes. I'll call you on +44 20 7946 0000. If anything has changed, just let me know.
    <BLANKLINE>
    Thanks,
    Jo
    """
    name, how, your_name = _clean(name), _clean(how).rstrip("."), _clean(your_name)
    if not name:
        raise ValueError("Please fill in the name of the person you are meeting.")
    when = "tomorrow" if (meeting.theirs.date() - meeting.confirm_on).days == 1 else f"on {meeting.theirs:%A}"
    how_line = f" {how}." if how else ""
    return (
        f"Hi {name},\n\nLooking forward to our chat {when}: {Meeting._when(meeting.theirs)} your time "
        f"({meeting.yours:%H:%M} {meeting.yours.tzname()} for me), for {meeting.minutes} minutes.{how_line} "
        f"If anything has changed, just let me know.\n\nThanks,\n{your_name}"
    ).rstrip()


def meeting_ics(
    meeting: Meeting, *, summary: Any, description: Any = "", location: Any = "", stamp: _dt.datetime | None = None
) -> bytes:
    """The meeting as an ``.ics`` invite (RFC 5545), times in UTC so every calendar shows them
    in its own zone; a reminder the day before. The UID comes from the start and summary, so
    exporting the same meeting again updates it instead of duplicating it.

    >>> from icalendar import Calendar
    >>> m = plan_meeting("2026-03-10", "09:30", "America/New_York", "Europe/London", in_zone="yours")
    >>> ev = Calendar.from_ical(meeting_ics(m, summary="Chat with Sam")).walk("VEVENT")[0]
    >>> ev.decoded("dtstart").isoformat(), ev.decoded("dtend").isoformat()
    ('2026-03-10T13:30:00+00:00', '2026-03-10T13:50:00+00:00')
    """
    import hashlib

    from icalendar import Alarm, Calendar, Event

    title = _clean(summary) or "Informational interview"
    stamp = stamp or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//infoview//meetings//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    ev = Event()
    key = hashlib.sha1(f"{meeting.start_utc.isoformat()}|{title}".encode()).hexdigest()[:16]
    ev.add("uid", f"meeting-{key}@infoview")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", meeting.start_utc)
    ev.add("dtend", meeting.start_utc + _dt.timedelta(minutes=meeting.minutes))
    ev.add("summary", title)
    text = "" if description is None else str(description)[:_MAX_FIELD]
    ev.add("description", (text + "\n\n" if text else "") + meeting.summary())
    if _clean(location):
        ev.add("location", _clean(location))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Confirm tomorrow's meeting: {title}")
    alarm.add("trigger", _dt.timedelta(days=-1))
    ev.add_component(alarm)
    cal.add_component(ev)
    return cal.to_ical()


def etiquette(content_dir=None) -> list[dict[str, str]]:
    """Video, phone and in-person advice, each with its source."""
    return list(load_situations(content_dir).get("etiquette", []))


# ------------------------------------------------------------------ first two minutes
def intro_word_limit(content_dir=None) -> int:
    """Words that fit the 30-second introduction at the content file's speaking rate.

    >>> intro_word_limit()
    75
    """
    s = load_situations(content_dir)["first_two_minutes"]
    return round(s["seconds"] * s["words_per_minute"] / 60)


def build_introduction(*, present: Any, past: Any = "", learn: Any, question: Any = "") -> str:
    """A 30-second introduction: now, how you got here, what you want to learn, a question back.

    >>> build_introduction(present="I'm a final-year chemistry student", past="a lab internship got me into data",
    ...                    learn="how analysts in pharma spend their day")
    "I'm a final-year chemistry student; a lab internship got me into data. I'm hoping to learn how analysts in pharma spend their day. Could I start by asking how you got into your role?"
    """
    present, past = _clean(present).rstrip("."), _clean(past).rstrip(".")
    learn, question = _clean(learn).rstrip("."), _clean(question)
    if not present or not learn:
        raise ValueError("Please fill in who you are now and what you want to learn: the introduction needs both.")
    middle = f"; {past[0].lower() + past[1:]}" if past else ""
    question = question or "Could I start by asking how you got into your role?"
    if not question.endswith("?"):
        question += "?"
    return f"{present}{middle}. I'm hoping to learn {learn}. {question}"


def check_introduction(text: Any, content_dir=None) -> Feedback:
    """Feedback on a 30-second introduction: short enough, says what you want to learn, hands back.

    >>> check_introduction("I'm Jo, a chemistry student hoping to learn how analysts work. How did you start?").ok
    True
    >>> print(check_introduction("I'm Jo."))
    1 of 3 correct so far.
    - Say what you hope to learn from them (e.g. "I'm hoping to learn ...").
    - End by handing the conversation back with a question ("?").
    """
    raw = "" if text is None else str(text)
    limit = intro_word_limit(content_dir)
    words = _words(raw)
    checks = [
        (
            0 < words <= limit,
            f"Keep it to about 30 seconds: {words} words, the limit is {limit}."
            if words
            else "Write your introduction first.",
        ),
        (
            bool(re.search(r"\b(learn|understand|hear|curious|explor|advice|find out)", raw, re.I)),
            'Say what you hope to learn from them (e.g. "I\'m hoping to learn ...").',
        ),
        (raw.rstrip().endswith("?"), 'End by handing the conversation back with a question ("?").'),
    ]
    messages = [msg for ok, msg in checks if not ok]
    return Feedback(not messages, messages, correct=len(checks) - len(messages), total=len(checks))


def last_five(content_dir=None) -> list[str]:
    """The last five minutes, in order."""
    return [item["text"] for item in load_situations(content_dir).get("last_five", [])]


# ------------------------------------------------------------------ awkward moments
@dataclass(frozen=True)
class Scenario:
    """One "what would you say?" moment: the options, which are good, feedback per option."""

    id: str
    title: str
    situation: str
    options: tuple[str, ...]
    good: frozenset[int]
    feedback: tuple[str, ...]
    model: str
    basis: str
    lesson: str = ""


def scenarios(content_dir=None, lesson: str | None = None) -> list[Scenario]:
    """The scenarios of ``awkward_moments.toml``, in file order (only ``lesson``'s when given).
    A scenario with fewer than two options or no good one is refused with a ContentError naming it."""
    out = []
    for item in load_toml("awkward_moments", content_dir).get("scenario", []):
        opts = item.get("option", [])
        sid = item.get("id", "?")
        if len(opts) < 2 or not any(o.get("good") for o in opts):
            raise ContentError(
                f"awkward_moments.toml: scenario {sid!r} needs at least two options and one good = true."
            )
        out.append(
            Scenario(
                sid,
                item["title"],
                item["situation"],
                tuple(o["text"] for o in opts),
                frozenset(i for i, o in enumerate(opts) if o.get("good")),
                tuple(o["feedback"] for o in opts),
                item.get("model", ""),
                item.get("basis", ""),
                str(item.get("lesson", "")),
            )
        )
    return [x for x in out if lesson is None or x.lesson == lesson]


def check_scenario(scenario: Scenario | str, choice: Any, content_dir=None) -> Feedback:
    """Feedback for choosing option ``choice`` (its index, or its letter ``a``, ``b``, ...).

    >>> print(check_scenario("resume", "b"))
    Not yet:
    - Not quite: the rule is that you do not ask. When they offer, refusing turns down their help.
    >>> check_scenario("resume", 0).ok
    True
    """
    if isinstance(scenario, str):
        found = {s.id: s for s in scenarios(content_dir)}
        if scenario not in found:
            raise ValueError(f"No scenario {scenario!r}; there are {', '.join(found)}.")
        scenario = found[scenario]
    index = _choice_index(choice, len(scenario.options))
    if index is None:
        letters = ", ".join(chr(97 + i) for i in range(len(scenario.options)))
        return Feedback(False, [f"Choose one of the replies ({letters})."])
    ok = index in scenario.good
    return Feedback(ok, [scenario.feedback[index]], head="" if ok else None)


def _choice_index(choice: Any, count: int) -> int | None:
    if isinstance(choice, bool) or choice is None:
        return None
    if isinstance(choice, int):
        return choice if 0 <= choice < count else None
    text = str(choice).strip().lower().rstrip(").")
    if len(text) == 1 and "a" <= text <= "z":
        index = ord(text) - 97
        return index if index < count else None
    return None


# ------------------------------------------------------------------ keeping in touch
def draft_update(
    *, name: Any, advice: Any, action: Any, result: Any = "", next_step: Any = "", your_name: Any = ""
) -> str:
    """A keep-in-touch update: their advice, what you did with it, what came of it, what next.

    >>> print(draft_update(name="Priya", advice="talk to your data engineers", action="spoke to Sam Lee",
    ...                    your_name="Jordan"))
    Hi Priya,
    <BLANKLINE>
    When we spoke you suggested I talk to your data engineers. I did: I spoke to Sam Lee. Thank you again for pointing me there.
    <BLANKLINE>
    Best wishes,
    Jordan
    """
    name, advice, action = _clean(name), _clean(advice).rstrip("."), _clean(action).rstrip(".")
    result, next_step, your_name = _clean(result).rstrip("."), _clean(next_step).rstrip("."), _clean(your_name)
    if not name or not advice or not action:
        raise ValueError("Please fill in their name, their advice and what you did with it.")
    lower = lambda s: s[0].lower() + s[1:]  # noqa: E731 - mid-sentence
    parts = [f"When we spoke you suggested I {lower(advice)}.", f"I did: I {lower(action)}."]
    if result:
        parts.append(f"{result[0].upper() + result[1:]}.")
    parts.append("Thank you again for pointing me there.")
    if next_step:
        parts.append(f"Next I'm going to {lower(next_step)}, and I'll let you know how it goes.")
    return f"Hi {name},\n\n{' '.join(parts)}\n\nBest wishes,\n{your_name}".rstrip()


def check_update(text: Any, content_dir=None) -> Feedback:
    """Feedback on a keep-in-touch update: short, names their advice and what you did, thanks
    them, asks for no job (the stage-2 job-ask rule).

    >>> check_update(load_situations()["keep_in_touch"]["example"]).ok
    True
    >>> check_update("Hi, any openings on your team?").ok
    False
    """
    raw = "" if text is None else str(text)
    limit = int(load_situations(content_dir)["keep_in_touch"]["max_words"])
    words = _words(raw)
    job_ask = any(f.rule == "job_ask" for f in outreach.review(raw).findings) if words else False
    checks = [
        (
            0 < words <= limit,
            f"Keep it short: {words} words, at most {limit}." if words else "Write your update first.",
        ),
        (
            bool(
                re.search(
                    r"\b(you (suggested|said|mentioned|recommended|advised)|your (advice|suggestion|tip))", raw, re.I
                )
            ),
            'Name the advice they gave you ("you suggested ...").',
        ),
        (
            bool(
                re.search(
                    r"\bI (did|have|went|tried|started|spoke|talked|applied|read|met|signed|finished|joined)\b|\bI've\b",
                    raw,
                )
            ),
            'Say what you did with it ("I did: ...").',
        ),
        (bool(re.search(r"\bthank", raw, re.I)), "Thank them."),
        (not job_ask and bool(words), "Ask for nothing: no job, referral or resume request in an update."),
    ]
    messages = [msg for ok, msg in checks if not ok]
    return Feedback(not messages, messages, correct=len(checks) - len(messages), total=len(checks))


# ------------------------------------------------------------------ finding people
def finding_checklist(content_dir=None) -> list[dict[str, str]]:
    """The finding-people checklist: ``id`` and ``text`` per item, in order."""
    items = load_situations(content_dir).get("finding_people", {}).get("checklist", [])
    return [{"id": str(i["id"]), "text": str(i["text"])} for i in items]


def event_lines(content_dir=None) -> list[str]:
    """What to say at an event and after it."""
    return [i["text"] for i in load_situations(content_dir).get("finding_people", {}).get("at_event", [])]


def learner_notes(content_dir=None) -> list[dict[str, str]]:
    """Adjustments for different learners (``who``, ``text``, ``source``)."""
    return [
        {k: str(i.get(k, "")) for k in ("who", "text", "source")}
        for i in load_situations(content_dir).get("learner", [])
    ]
