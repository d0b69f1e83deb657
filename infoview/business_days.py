"""One business-day calendar for every stage: stage 5's reminders and stage 6's delays and labels.

**Business days** are Monday to Friday, except the holidays in ``calendar.toml``
(``[business_days] holidays``; an instructor's copy may add their region's). This module is
the only place holidays are read, so the stages cannot drift apart.

**Counting rule.** A message sent on a day off counts from the next business day: a
Saturday send is counted as if sent on Monday. "*N* business days after" a message is then
the *N*-th business day after that day, and the delay of a reply is the number of business
days after it up to and including the reply's day. So:

* sent Thursday 5 March 2026, no reply: the 7th business day is Monday 16 March; that day
  stage 5 nudges and stage 6 first labels the contact a Curmudgeon (non-responder);
* sent Saturday 7 March (counted from Monday 9): nudge on Wednesday 18 March;
  a reply on Thursday 12 March is a 3-business-day delay (a Booster);
* a reply on the send day, or on the weekend before the counted day, is a delay of 0.

>>> import datetime as dt
>>> add_business_days(dt.date(2026, 3, 7), 7)       # Saturday: counted from Monday
datetime.date(2026, 3, 18)
>>> business_days_between("2026-03-07", "2026-03-12")
3
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable

from .content import ContentError, load_toml
from .paths import parse_date

__all__ = [
    "add_business_days",
    "business_days_between",
    "business_days_between_arrays",
    "counted_from",
    "holidays",
    "is_business_day",
]

#: Keys an instructor's older content folder may still hold; they join the same one set.
_LEGACY = (("followup", ("business_days", "holidays")), ("outcomes", ("holidays",)))


def _parse(raw: Any, where: str) -> _dt.date:
    try:
        return parse_date(raw, "holiday")
    except ValueError:
        raise ContentError(f"{where} holidays: {raw!r} is not a date; write YYYY-MM-DD, e.g. 2026-12-25.") from None


def holidays(content_dir=None) -> frozenset[_dt.date]:
    """The days off besides weekends: ``calendar.toml``'s list (and, for instructors' older
    folders, ``followup.toml [business_days]`` and ``outcomes.toml`` lists, which were the two
    places before there was one)."""
    days: set[_dt.date] = set()
    for raw in load_toml("calendar", content_dir).get("business_days", {}).get("holidays", []):
        days.add(_parse(raw, "calendar.toml, [business_days]"))
    for name, keys in _LEGACY:
        try:
            node: Any = load_toml(name, content_dir)
        except ContentError:  # that file's own stage (and check-content) reports it under its name
            continue
        for key in keys:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        for raw in node or []:
            days.add(_parse(raw, f"{name}.toml"))
    return frozenset(days)


def _days_off(off: Iterable[Any]) -> frozenset[_dt.date]:
    return frozenset(parse_date(h, "holiday") for h in (off or ()))


def is_business_day(day: _dt.date, holidays: Iterable[Any] = ()) -> bool:
    return day.weekday() < 5 and day not in _days_off(holidays)


def counted_from(day: Any, holidays: Iterable[Any] = ()) -> _dt.date:
    """The day a message sent on ``day`` counts from: ``day`` itself, or the next business day.

    >>> counted_from("2026-03-08")   # Sunday
    datetime.date(2026, 3, 9)
    """
    d, days_off = parse_date(day, "start date"), _days_off(holidays)
    while d.weekday() >= 5 or d in days_off:
        d += _dt.timedelta(days=1)
    return d


def add_business_days(start: Any, days: int, holidays: Iterable[Any] = ()) -> _dt.date:
    """The ``days``-th business day after the day ``start`` counts from (see the module docstring).

    >>> add_business_days("2026-03-06", 1, ["2026-03-09"])   # Friday, Monday off -> Tuesday
    datetime.date(2026, 3, 10)
    """
    days = int(days)
    if days < 0:
        raise ValueError(f"Business days to add must be 0 or more, not {days}.")
    days_off = _days_off(holidays)
    day = counted_from(start, days_off)
    while days:
        day += _dt.timedelta(days=1)
        if day.weekday() < 5 and day not in days_off:
            days -= 1
    return day


def business_days_between(start: Any, end: Any, holidays: Iterable[Any] = ()) -> int:
    """Business days after the day ``start`` counts from, up to and including ``end`` (0 when
    ``end`` comes before that day; negative, counted back, when ``end`` is before ``start``).

    >>> business_days_between("2026-03-05", "2026-03-10")   # Thu -> next Tue
    3
    """
    a, b = parse_date(start, "start date"), parse_date(end, "end date")
    days_off = _days_off(holidays)
    if b < a:
        return -_count_after(b, a, days_off)
    return _count_after(counted_from(a, days_off), b, days_off)


def _count_after(a: _dt.date, b: _dt.date, days_off: frozenset[_dt.date]) -> int:
    """Business days d with a < d <= b."""
    if b <= a:
        return 0
    import numpy as np

    one = np.timedelta64(1, "D")  # numpy dates: 31 December 9999 has a next day there
    return int(
        np.busday_count(
            np.datetime64(a, "D") + one, np.datetime64(b, "D") + one, holidays=sorted(h.isoformat() for h in days_off)
        )
    )


def business_days_between_arrays(start, end, holidays: Iterable[Any] = ()):
    """:func:`business_days_between` for arrays of datetime64 (NaT gives NaN; ``end`` before
    ``start`` gives 0, as no reply or wait can be counted back)."""
    import numpy as np

    start = np.asarray(start, dtype="datetime64[D]")
    end = np.asarray(end, dtype="datetime64[D]")
    ok = ~(np.isnat(start) | np.isnat(end))
    out = np.full(start.shape, np.nan)
    if ok.any():
        days_off = sorted(h.isoformat() for h in _days_off(holidays))
        anchor = np.busday_offset(start[ok], 0, roll="forward", holidays=days_off)
        one = np.timedelta64(1, "D")
        out[ok] = np.maximum(np.busday_count(anchor + one, end[ok] + one, holidays=days_off), 0)
    return out
