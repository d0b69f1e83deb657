"""Stage 6, tracking outcomes: the pipeline in numbers.

Stage 6 is three modules, one role each: this one computes the metrics (and checks the
lesson's exercises on them); :mod:`infoview.outcome_charts` draws them; :mod:`infoview.cohort`
writes a learner's anonymised summary and the instructor's class report.

Why one module (about 950 lines): every metric here reads one :class:`Events` table under
the counting rules below, and shares its cached integer arrays; splitting the metrics would
scatter those rules. The lesson's two exercises are checked on the same metrics (they move
to :mod:`infoview.exercises` with the other exercise checks).

Every metric reads an *events table*: one row per dated event (``contact_id``, ``channel``,
``kind``, ``occurred_on``) plus the list of contacts, so that a contact without any event
still counts as identified. :func:`events_table` builds it from a
:class:`~infoview.tracker.Tracker`, from a DataFrame of events (for instance the sample
cohort's ``cohort_events.csv``: ``learner_id, contact_key, channel, kind, occurred_on``) or
passes an :class:`Events` through, so every function here accepts any of the three.

How messy histories are read (the same rule everywhere):

* **A later stage implies the earlier ones.** A contact counts at every funnel stage up to
  the furthest one its history shows: a reply logged without any outreach still counts as
  contacted (the learner must have written to them), a meeting counts as a reply. So the
  funnel never grows from one stage to the next and no conversion exceeds 100%.
* **Order does not matter.** Events are read by date, never by row order.
* **Two messages on the same day are one touch.** Two on different days are a first and a
  second touch (the second acts as a follow-up).
* **Contacts with no events** are identified and nothing more.
* A reply dated before any recorded message has no measurable delay: it is labelled
  "delay unknown" and left out of the delay histogram and the follow-up lift.

Every rate carries its denominator and says ``"not enough data"`` instead of a number when
the denominator is below ``min_contacts`` (5, from ``data/content/outcomes.toml``).

>>> ev = demo_events()
>>> funnel(ev)[["stage", "count"]].values.tolist()[:3]
[['identified', 8], ['contacted', 7], ['replied', 5]]
>>> print(reply_rate(ev).text)
71% (5 of 7 contacts you wrote to; 95% interval 36%-92%)
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from .business_days import business_days_between_arrays
from .business_days import holidays as calendar_holidays
from .content import ContentError, load_toml
from .exercises import Feedback, check_choice, clean_text, parse_number, shorten
from .paths import today as _today
from .session import Session
from .tracker import CHANNELS, INTERACTION_KINDS, Tracker

__all__ = [
    "STAGES",
    "STAGE_LABELS",
    "NOT_ENOUGH",
    "Events",
    "Rate",
    "FollowUpLift",
    "events_table",
    "load_settings",
    "wilson_interval",
    "percent",
    "event_arrays",
    "per_contact",
    "funnel",
    "reply_rate",
    "reply_rates",
    "reply_delays",
    "delay_labels",
    "follow_up_lift",
    "stage_reached_on",
    "weekly_activity",
    "referrals_per_meeting",
    "referral_expectation",
    "all_metrics",
    "metric_rows",
    "learner_numbers",
    "check_reply_rate_answer",
    "funnel_table",
    "delay_table",
    "check_action",
    "action_options",
    "advice",
    "advice_table",
    "describe_action_exercise",
    "exercise_table",
    "lesson_events",
    "demo_events",
]

#: Funnel stages in order (the stage-6 funnel of the curriculum: README.md, "The curriculum").
STAGES = ("identified", "contacted", "replied", "met", "thanked", "referral", "opportunity")
STAGE_LABELS = {
    "identified": "Identified",
    "contacted": "Contacted",
    "replied": "Replied",
    "met": "Met",
    "thanked": "Thanked",
    "referral": "Referral or next contact",
    "opportunity": "Opportunity",
}
#: The furthest funnel stage (index into STAGES) each kind of event shows a contact reached.
KIND_STAGE = {
    "identified": 0,
    "outreach_sent": 1,
    "follow_up_sent": 1,
    "update_sent": 1,
    "replied": 2,
    "meeting_scheduled": 2,
    "meeting_held": 3,
    "thank_you_sent": 4,
    "referral_received": 5,
    "opportunity": 6,
}
#: Messages the learner sends to ask for a conversation (a "touch").
TOUCH_KINDS = ("outreach_sent", "follow_up_sent")
#: Events that show the contact answered; the earliest one dates the reply.
REPLY_KINDS = ("replied", "meeting_scheduled", "meeting_held", "referral_received", "opportunity")

NOT_ENOUGH = "not enough data"

SHORT_CHANNEL = {"warm": "Warm", "alumni": "Alumni/shared", "cold": "Cold", "event": "Event", "referral": "Referral"}


# --------------------------------------------------------------------------- settings
def load_settings(content_dir=None) -> dict[str, Any]:
    """The stage-6 content (``outcomes.toml``) with its defaults checked.

    >>> s = load_settings(); s["min_contacts"], s["booster_days"], s["curmudgeon_days"]
    (5, 3, 7)
    """
    data = load_toml("outcomes", content_dir)
    # Booster and Curmudgeon are the 3B7 days (followup.toml), so stages 5 and 6 cannot disagree.
    try:
        three_b_seven = load_toml("followup", content_dir).get("three_b_seven", {})
    except (ContentError, ValueError):  # a broken followup.toml is reported as its own file's problem
        three_b_seven = load_toml("followup").get("three_b_seven", {})
    for key, in_3b7 in (("booster_days", "second_contact_business_days"), ("curmudgeon_days", "nudge_business_days")):
        if key in data and data[key] != three_b_seven.get(in_3b7):
            raise ValueError(
                f"outcomes.toml: {key} = {data[key]!r} differs from followup.toml's {in_3b7} = "
                f"{three_b_seven.get(in_3b7)!r}; set the 3B7 days once, in followup.toml [three_b_seven], "
                "so the follow-up list and the outcome labels agree."
            )
        data[key] = three_b_seven.get(in_3b7)
    for key in ("min_contacts", "booster_days", "curmudgeon_days", "weekly_goal"):
        value = data.get(key)
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"outcomes.toml: {key} must be a whole number of at least 0, not {value!r}.")
    unknown = [k for k in data.get("activity_kinds", []) if k not in INTERACTION_KINDS]
    if unknown:
        raise ValueError(f"outcomes.toml: activity_kinds has unknown kind(s) {', '.join(unknown)}.")
    data["holidays"] = sorted(calendar_holidays(content_dir))  # the one calendar, shared with stage 5
    return data


# ------------------------------------------------------------------------ events table
@dataclass
class Events:
    """Contacts and their dated events, ready for the metrics.

    ``contacts``: one row per contact (``contact_id``, ``channel``). ``events``: one row per
    event (``contact_id``, ``channel``, ``kind``, ``occurred_on`` as datetime64). ``today``:
    the day "no reply yet" is measured to. ``source`` says where the data came from.
    """

    contacts: Any
    events: Any
    today: _dt.date
    config: dict
    source: str = "events"
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def min_n(self) -> int:
        return int(self.config["min_contacts"])

    def filter(self, start=None, end=None, channels: Iterable[str] | None = None) -> "Events":
        """A copy restricted to events between ``start`` and ``end`` (inclusive) and to ``channels``.

        "No reply yet" is then measured to ``end`` when that is before today.
        """
        import pandas as pd

        contacts, events, today = self.contacts, self.events, self.today
        if channels is not None:
            channels = list(channels)
            contacts = contacts[contacts["channel"].isin(channels)]
            events = events[events["channel"].isin(channels)]
        if start is not None:
            events = events[events["occurred_on"] >= pd.Timestamp(start)]
        if end is not None:
            events = events[events["occurred_on"] <= pd.Timestamp(end)]
            today = min(today, pd.Timestamp(end).date())
        return Events(contacts, events, today, self.config, self.source)

    def filter_weeks(self, first_week, last_week, channels: Iterable[str] | None = None) -> "Events":
        """:meth:`filter` to whole weeks: from the Monday ``first_week`` to the Sunday ending ``last_week``."""
        return self.filter(start=first_week, end=last_week + _dt.timedelta(days=6), channels=channels)

    def __len__(self) -> int:
        return len(self.events)


def _clean_events(df, config: dict):
    """Check and normalise an events DataFrame; raise ValueError naming the first bad row."""
    import pandas as pd

    df = df.copy()
    if "contact_id" not in df.columns:
        if "contact_key" not in df.columns:
            raise ValueError(
                "The events table needs a contact_id (or contact_key) column; it has: "
                + ", ".join(map(str, df.columns))
                + "."
            )
        key = df["contact_key"].astype(str)
        if "learner_id" in df.columns:  # a cohort file: contacts are per learner
            key = df["learner_id"].astype(str) + "/" + key
        df["contact_id"] = key
    missing = [c for c in ("kind", "occurred_on") if c not in df.columns]
    if missing:
        raise ValueError(f"The events table is missing column(s) {', '.join(missing)}.")
    if "channel" not in df.columns:
        df["channel"] = "cold"
    df["channel"] = df["channel"].fillna("cold").astype(str).str.strip()
    bad_channel = ~df["channel"].isin(CHANNELS)
    if bad_channel.any():
        i = bad_channel.to_numpy().nonzero()[0][0]
        raise ValueError(f"Row {i + 1}: unknown channel {df['channel'].iloc[i]!r}; use one of {', '.join(CHANNELS)}.")
    df["kind"] = df["kind"].astype(str).str.strip()
    bad_kind = ~df["kind"].isin(INTERACTION_KINDS)
    if bad_kind.any():
        i = bad_kind.to_numpy().nonzero()[0][0]
        raise ValueError(
            f"Row {i + 1}: unknown event kind {df['kind'].iloc[i]!r}; use one of {', '.join(INTERACTION_KINDS)}."
        )
    dates = pd.to_datetime(df["occurred_on"], errors="coerce", format="mixed")
    if dates.isna().any():
        i = dates.isna().to_numpy().nonzero()[0][0]
        raise ValueError(f"Row {i + 1}: {df['occurred_on'].iloc[i]!r} is not a date; write it as YYYY-MM-DD.")
    df["occurred_on"] = dates.dt.normalize().astype("datetime64[ns]")
    df["kind"] = pd.Categorical(df["kind"], categories=INTERACTION_KINDS)
    df["channel"] = pd.Categorical(df["channel"], categories=CHANNELS)
    return df[["contact_id", "channel", "kind", "occurred_on"]].reset_index(drop=True)


def _events_from_tracker(tracker: Tracker):
    """Contacts and events from a tracker, in typed columns.

    Events come from :meth:`Tracker.history` (plain tuples); the columns are built directly
    from them, which is as quick as reading the rows at all (benchmarks/bench_outcomes.py).
    """
    import numpy as np
    import pandas as pd

    cur = tracker.conn.cursor()
    cur.row_factory = None
    rows = cur.execute("SELECT id, channel FROM contacts ORDER BY id").fetchall()
    cur.close()
    ids, chans = zip(*rows) if rows else ((), ())
    contacts = pd.DataFrame(
        {
            "contact_id": np.fromiter(ids, dtype=np.int64, count=len(rows)),
            "channel": pd.Categorical(chans, categories=CHANNELS),
        }
    )
    history = tracker.history()
    n = len(history)
    # Kinds become codes and ISO dates day numbers through small lookups (a few hundred
    # distinct days): no per-row parsing.
    kind_code = {k: i for i, k in enumerate(INTERACTION_KINDS)}
    day_number: dict[str, int] = {}

    def day(text: str) -> int:
        if text not in day_number:
            day_number[text] = int(np.datetime64(text, "D").astype(np.int64))
        return day_number[text]

    cid = np.fromiter((row[0] for row in history), dtype=np.int64, count=n)
    days = np.fromiter((day(row[1]) for row in history), dtype=np.int64, count=n)
    kinds = np.fromiter((kind_code[row[3]] for row in history), dtype=np.int64, count=n)
    pos = pd.Index(contacts["contact_id"]).get_indexer(cid)
    channel_codes = contacts["channel"].cat.codes.to_numpy()[pos]
    events = pd.DataFrame(
        {
            "contact_id": cid,
            "channel": pd.Categorical.from_codes(channel_codes, categories=CHANNELS),
            "kind": pd.Categorical.from_codes(kinds, categories=INTERACTION_KINDS),
            "occurred_on": days.astype("datetime64[D]").astype("datetime64[ns]"),
        }
    )
    return contacts, events


def events_table(source, *, contacts=None, today=None, content_dir=None, config=None) -> Events:
    """Build an :class:`Events` from a Tracker, an events DataFrame, a CSV path, or an Events.

    Parameters
    ----------
    source:
        A :class:`~infoview.tracker.Tracker`, a DataFrame of events, the path of an events CSV,
        or an :class:`Events` (returned as is).
    contacts:
        Optional DataFrame (``contact_id``, ``channel``) of all contacts, so that contacts with
        no events count as identified. From a tracker they are read automatically; from events
        alone every contact with an event is one.
    today:
        The day "no reply yet" is measured to; default :func:`infoview.paths.today`.

    >>> import pandas as pd
    >>> ev = events_table(pd.DataFrame({"contact_id": [1, 1], "channel": "warm",
    ...     "kind": ["replied", "outreach_sent"], "occurred_on": ["2026-03-04", "2026-03-02"]}))
    >>> len(ev.contacts), len(ev.events)
    (1, 2)
    """
    import pandas as pd

    if isinstance(source, Events):
        return source
    config = config if config is not None else load_settings(content_dir)
    day = today if today is not None else _today()
    if isinstance(day, str):
        day = _dt.date.fromisoformat(day)
    if isinstance(source, Tracker):
        contact_df, events = _events_from_tracker(source)
        label = "tracker"
    else:
        if isinstance(source, (str, os.PathLike)):
            source = pd.read_csv(source, dtype=str, keep_default_na=False)
        if not isinstance(source, pd.DataFrame):
            raise ValueError(f"Expected a Tracker or a table of events, not {type(source).__name__}.")
        events = _clean_events(source, config)
        if contacts is None:
            contact_df = events.drop_duplicates("contact_id", keep="last")[["contact_id", "channel"]]
        else:
            contact_df = pd.DataFrame(contacts)
            if "contact_id" not in contact_df.columns and "id" in contact_df.columns:
                contact_df = contact_df.rename(columns={"id": "contact_id"})
            contact_df = contact_df[["contact_id", "channel"]]
            # events of contacts missing from the list still count
            extra = events.loc[~events["contact_id"].isin(contact_df["contact_id"]), ["contact_id", "channel"]]
            contact_df = pd.concat([contact_df, extra.drop_duplicates("contact_id")], ignore_index=True)
        label = "events"
    contact_df = contact_df.drop_duplicates("contact_id").reset_index(drop=True)
    return Events(contact_df, events.reset_index(drop=True), day, config, label)


# ---------------------------------------------------------------------------- rates
def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a proportion (Wilson 1927); stays inside 0-1 for small n.

    >>> [round(x, 4) for x in wilson_interval(5, 10)]
    [0.2366, 0.7634]
    >>> [round(x, 4) for x in wilson_interval(0, 10)]
    [0.0, 0.2775]
    """
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # The interval always contains p: rounding gave a high of 0.9999999999999999 for 6 of 6.
    return (max(0.0, min(centre - half, p)), min(1.0, max(centre + half, p)))


def percent(x: float) -> str:
    return f"{100 * x:.0f}%"


@dataclass
class Rate:
    """A rate that knows its denominator and refuses to speak below ``min_n``.

    >>> r = Rate("reply rate", 3, 4, "contacts you wrote to")
    >>> r.enough, r.value, r.text
    (False, None, 'not enough data: 4 contacts you wrote to (need at least 5)')
    >>> print(Rate("reply rate", 18, 25, "contacts you wrote to").text)
    72% (18 of 25 contacts you wrote to; 95% interval 52%-86%)
    """

    name: str
    numerator: int
    denominator: int
    denominator_label: str
    min_n: int = 5
    z: float = 1.96
    proportion: bool = True  # False: a ratio like "referrals per meeting", which may exceed 1
    unit: str = ""

    @property
    def enough(self) -> bool:
        return self.denominator >= self.min_n and self.denominator > 0

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.enough else None

    @property
    def interval(self) -> tuple[float, float] | None:
        if not (self.enough and self.proportion):
            return None
        return wilson_interval(self.numerator, self.denominator, self.z)

    @property
    def text(self) -> str:
        if not self.enough:
            return f"{NOT_ENOUGH}: {self.denominator} {self.denominator_label} (need at least {self.min_n})"
        if not self.proportion:
            return f"{self.value:.2f} {self.unit} ({self.numerator} from {self.denominator} {self.denominator_label})".replace(
                "  ", " "
            )
        low, high = self.interval
        return (
            f"{percent(self.value)} ({self.numerator} of {self.denominator} {self.denominator_label}; "
            f"95% interval {percent(low)}-{percent(high)})"
        )

    def __str__(self) -> str:
        return self.text

    def as_dict(self) -> dict[str, Any]:
        interval = self.interval
        return {
            "name": self.name,
            "numerator": int(self.numerator),
            "denominator": int(self.denominator),
            "denominator_label": self.denominator_label,
            "value": self.value,
            "low": interval[0] if interval else None,
            "high": interval[1] if interval else None,
            "enough": self.enough,
            "text": self.text,
        }


# --------------------------------------------------------------------- per contact
def _busdays(start, end, config: dict):
    """Business days from ``start`` to ``end`` (arrays of datetime64; NaT gives NaN), counted by
    the one calendar stage 5 uses too (:mod:`infoview.business_days`)."""
    return business_days_between_arrays(start, end, config.get("holidays", ()))


def _codes(kinds: Iterable[str]) -> list[int]:
    return [INTERACTION_KINDS.index(k) for k in kinds]


def event_arrays(ev: Events) -> dict[str, Any]:
    """Each event as integers: its contact's row in ``ev.contacts``, its kind code, its day number."""
    import numpy as np
    import pandas as pd

    if "arrays" not in ev._cache:
        e = ev.events
        kind = e["kind"]
        if not (isinstance(kind.dtype, pd.CategoricalDtype) and tuple(kind.cat.categories) == INTERACTION_KINDS):
            kind = pd.Categorical(kind, categories=INTERACTION_KINDS)
        else:
            kind = kind.array
        ev._cache["arrays"] = {
            "pos": pd.Index(ev.contacts["contact_id"]).get_indexer(e["contact_id"]),
            "code": np.asarray(kind.codes, dtype=np.int64),
            "day": e["occurred_on"].to_numpy().astype("datetime64[D]").astype(np.int64),
        }
    return ev._cache["arrays"]


_NO_DAY = 2**40  # "no such date" in integer-day arrays (far beyond any real day number)


def _days_to_dates(days):
    """Integer day numbers as ``datetime64[ns]``, the ``±_NO_DAY`` sentinels as NaT.

    Only real day numbers are ever cast: a sentinel lies far outside the range of
    ``datetime64[ns]`` (years 1678-2262), and numpy 2.5 raises ``OverflowError`` on such a
    cast where older versions overflowed silently.

    >>> import numpy as np
    >>> _days_to_dates(np.array([0, _NO_DAY, -_NO_DAY, 20_000])).astype(str).tolist()
    ['1970-01-01T00:00:00.000000000', 'NaT', 'NaT', '2024-10-04T00:00:00.000000000']
    """
    import numpy as np

    days = np.asarray(days, dtype=np.int64)
    real = (days != _NO_DAY) & (days != -_NO_DAY)
    out = np.full(days.shape, np.datetime64("NaT", "ns"))
    out[real] = days[real].astype("datetime64[D]").astype("datetime64[ns]")
    return out


def per_contact(source) -> Any:
    """One row per contact: how far it got, its touches, its first reply and its label.

    Columns: ``channel``, ``stage`` (index into :data:`STAGES`), ``first_touch``,
    ``second_touch`` (the first message on a later day), ``last_touch``, ``first_reply``
    (first sign of an answer on or after the first touch), ``delay_business_days``,
    ``label`` (booster, obligate, curmudgeon, waiting, unknown, not_contacted),
    ``meetings`` (days with a meeting held), ``referrals``.
    """
    import numpy as np
    import pandas as pd

    ev = events_table(source)
    if "per_contact" in ev._cache:
        return ev._cache["per_contact"]
    cfg = ev.config
    a = event_arrays(ev)
    pos, code, day = a["pos"], a["code"], a["day"]
    n = len(ev.contacts)

    stage_of_code = np.array([KIND_STAGE[k] for k in INTERACTION_KINDS])
    stage = np.zeros(n, dtype=np.int64)
    np.maximum.at(stage, pos, stage_of_code[code])

    touch = np.isin(code, _codes(TOUCH_KINDS))
    first = np.full(n, _NO_DAY)
    np.minimum.at(first, pos[touch], day[touch])
    later = touch & (day > first[pos])  # a message on a later day than the first
    second = np.full(n, _NO_DAY)
    np.minimum.at(second, pos[later], day[later])
    last = np.full(n, -_NO_DAY)
    np.maximum.at(last, pos[touch], day[touch])

    answer = np.isin(code, _codes(REPLY_KINDS)) & (day >= first[pos])
    reply = np.full(n, _NO_DAY)
    np.minimum.at(reply, pos[answer], day[answer])
    last_any = np.full(n, -_NO_DAY)
    np.maximum.at(last_any, pos, day)

    out = pd.DataFrame(index=pd.Index(ev.contacts["contact_id"].to_numpy(), name="contact_id"))
    out["channel"] = ev.contacts["channel"].to_numpy()
    out["stage"] = stage
    out["first_touch"] = _days_to_dates(first)
    out["second_touch"] = _days_to_dates(second)
    out["last_touch"] = _days_to_dates(last)
    out["first_reply"] = _days_to_dates(reply)
    out["delay_business_days"] = _busdays(out["first_touch"].to_numpy(), out["first_reply"].to_numpy(), cfg)

    # No reply yet: business days since the last message (or the last event of any kind
    # when the contact was reached another way, e.g. only an update logged).
    since = np.where(last != -_NO_DAY, last, last_any)
    today64 = np.full(n, np.datetime64(ev.today, "D"))
    waited = _busdays(_days_to_dates(since), today64, cfg)

    replied = stage >= 2
    contacted = stage >= 1
    delay = out["delay_business_days"].to_numpy()
    label = np.full(n, "not_contacted", dtype=object)
    label[contacted & ~replied] = "waiting"
    label[contacted & ~replied & (waited >= cfg["curmudgeon_days"])] = "curmudgeon"
    label[replied] = "unknown"
    label[replied & (delay <= cfg["booster_days"])] = "booster"
    label[replied & (delay > cfg["booster_days"])] = "obligate"
    out["label"] = label
    met = code == INTERACTION_KINDS.index("meeting_held")
    met_days = np.unique(pos[met] * (1 << 32) + day[met])  # one meeting per contact and day
    out["meetings"] = np.bincount((met_days >> 32).astype(np.int64), minlength=n)[:n] if len(met_days) else 0
    ref = code == INTERACTION_KINDS.index("referral_received")
    out["referrals"] = np.bincount(pos[ref], minlength=n)[:n]
    ev._cache["per_contact"] = out
    return out


# ------------------------------------------------------------------------- metrics
def stage_reached_on(source, stage: str) -> Any:
    """Per contact, the date of the first event showing it reached ``stage`` (a name in
    :data:`STAGES`) or a later one; NaT for contacts that never did. The number of dates is
    the funnel's count for that stage.

    >>> s = stage_reached_on(demo_events(), "replied")
    >>> int(s.notna().sum()) == int(funnel(demo_events()).set_index("stage").loc["replied", "count"])
    True
    """
    if stage not in STAGES:
        raise ValueError(f"No funnel stage {stage!r}; use one of {', '.join(STAGES)}.")
    ev = events_table(source)
    e = ev.events
    at_or_after = [kind for kind, index in KIND_STAGE.items() if index >= STAGES.index(stage)]
    reached = e.loc[e["kind"].isin(at_or_after)].groupby("contact_id")["occurred_on"].min()
    return reached.reindex(per_contact(ev).index)


def funnel(source) -> Any:
    """Contacts reaching each stage, and the conversion from the stage before.

    A contact counts at every stage up to the furthest its history shows (see the module
    notes). ``conversion`` is ``count / previous count`` and ``None`` (with
    ``conversion_text`` "not enough data") when the previous stage has fewer than
    ``min_contacts`` contacts. The denominator of each conversion is the previous count.

    >>> f = funnel(demo_events())
    >>> f.loc[f.stage == "replied", ["count", "denominator", "conversion_text"]].values.tolist()
    [[5, 7, '71% of 7']]
    """
    import pandas as pd

    ev = events_table(source)
    stage = per_contact(ev)["stage"].to_numpy()
    counts = [int((stage >= i).sum()) for i in range(len(STAGES))]
    rows = []
    for i, name in enumerate(STAGES):
        prev = counts[i - 1] if i else None
        if prev is None:
            conv, text = None, f"all {counts[0]} contacts"
        elif prev < ev.min_n:
            conv, text = None, f"{NOT_ENOUGH} ({prev} at the stage before)"
        else:
            conv, text = counts[i] / prev, f"{percent(counts[i] / prev)} of {prev}"
        rows.append(
            {
                "stage": name,
                "label": STAGE_LABELS[name],
                "count": counts[i],
                "denominator": prev,
                "conversion": conv,
                "conversion_text": text,
            }
        )
    df = pd.DataFrame(rows)
    df["conversion"] = df["conversion"].astype(float)
    df["denominator"] = df["denominator"].astype("Int64")
    return df


def reply_rate(source, channel: str | None = None) -> Rate:
    """Share of contacts you wrote to who answered (any channel, or one).

    The denominator is every contact whose history shows they were contacted.
    """
    ev = events_table(source)
    pc = per_contact(ev)
    if channel is not None:
        pc = pc[pc["channel"] == channel]
    contacted = int((pc["stage"] >= 1).sum())
    replied = int((pc["stage"] >= 2).sum())
    label = "contacts you wrote to" if channel is None else f"{SHORT_CHANNEL[channel].lower()} contacts you wrote to"
    return Rate("reply rate", replied, contacted, label, ev.min_n, ev.config.get("interval_z", 1.96))


def reply_rates(source) -> Any:
    """Reply rate per channel with its 95% Wilson interval and the count behind it.

    Columns: ``channel``, ``label``, ``contacted`` (the denominator), ``replied``, ``rate``,
    ``low``, ``high``, ``enough``, ``text``. Rates below ``min_contacts`` are NaN.
    """
    import pandas as pd

    ev = events_table(source)
    rows = []
    for ch in CHANNELS:
        r = reply_rate(ev, ch)
        interval = r.interval or (math.nan, math.nan)
        rows.append(
            {
                "channel": ch,
                "label": SHORT_CHANNEL[ch],
                "contacted": r.denominator,
                "replied": r.numerator,
                "rate": r.value if r.enough else math.nan,
                "low": interval[0],
                "high": interval[1],
                "enough": r.enough,
                "text": r.text,
            }
        )
    return pd.DataFrame(rows)


def reply_delays(source) -> Any:
    """Per contacted contact: first message, first reply, delay in business days and label.

    Labels (``outcomes.toml``): booster (delay <= 3 business days), obligate (later),
    curmudgeon (no reply 7 or more business days after the last message, as of today),
    waiting (no reply, window still open), unknown (a reply with no message recorded before it).
    """
    pc = per_contact(source)
    pc = pc[pc["stage"] >= 1]
    return pc[["channel", "first_touch", "first_reply", "delay_business_days", "label"]].reset_index()


def delay_labels(source) -> dict[str, int]:
    """How many contacted contacts carry each label (all labels present, zeros included)."""
    counts = reply_delays(source)["label"].value_counts()
    return {k: int(counts.get(k, 0)) for k in ("booster", "obligate", "curmudgeon", "waiting", "unknown")}


@dataclass
class FollowUpLift:
    """Replies after the first message vs after the second.

    ``first``: replies before any second message, over contacts with a recorded first message.
    ``second``: replies on or after the second message, over contacts who got one.
    ``lift``: extra replies the second message brought, relative to the first's replies.
    """

    first: Rate
    second: Rate
    min_n: int

    @property
    def lift(self) -> float | None:
        if not (self.first.enough and self.second.enough) or self.first.numerator == 0:
            return None
        return self.second.numerator / self.first.numerator

    @property
    def text(self) -> str:
        if self.lift is None:
            why = (
                "no replies to first messages yet"
                if self.first.enough and self.second.enough
                else (f"{self.first.denominator} first and {self.second.denominator} second messages")
            )
            return f"Follow-up lift: {NOT_ENOUGH} ({why}; need at least {self.min_n} of each)."
        # Each count with its denominator first ("always read the denominator"), then the lift.
        return (
            f"Replies after a first message: {self.first.numerator} of {self.first.denominator} "
            f"{self.first.denominator_label}; after a second message: {self.second.numerator} of "
            f"{self.second.denominator} {self.second.denominator_label}. Follow-ups added "
            f"{self.second.numerator} replies to the {self.first.numerator}: {self.lift:.0%} more replies."
        )


def follow_up_lift(source) -> FollowUpLift:
    """Replies after the first touch vs after the second.

    Denominators: contacts with a recorded first message, and those with a second one. A
    contact whose only reply is dated before any recorded message is left out of both.
    """
    ev = events_table(source)
    pc = per_contact(ev)
    z = ev.config.get("interval_z", 1.96)
    # a reply dated before every recorded message cannot be attributed to a touch: left out
    touched = pc[pc["first_touch"].notna() & (pc["label"] != "unknown")]
    reply = touched["first_reply"]
    second = touched["second_touch"]
    after_first = int((reply.notna() & (second.isna() | (reply < second))).sum())
    got_second = touched[second.notna()]
    after_second = int((got_second["first_reply"] >= got_second["second_touch"]).sum())
    return FollowUpLift(
        Rate("replies after the first message", after_first, len(touched), "contacts you wrote to", ev.min_n, z),
        Rate(
            "replies after a second message",
            after_second,
            len(got_second),
            "contacts who got a second message",
            ev.min_n,
            z,
        ),
        ev.min_n,
    )


def weekly_activity(source, goal: int | None = None) -> Any:
    """Messages sent per week (Monday to Sunday) against the weekly goal.

    Weeks run from the first event's week to today's (or the last event's, if later), zero
    weeks included. Columns: ``week_start``, ``messages``, ``goal``, ``met``, ``complete``
    (False for the week still running on ``today``, which is shown but not judged). Activity is the
    kinds in ``activity_kinds`` (outreach and follow-ups by default); the same message logged
    twice for a contact on one day counts once.
    """
    import numpy as np
    import pandas as pd

    ev = events_table(source)
    goal = int(ev.config["weekly_goal"] if goal is None else goal)
    if ev.events.empty:
        return pd.DataFrame(
            {"week_start": pd.Series([], dtype="datetime64[ns]"), "messages": [], "goal": [], "met": [], "complete": []}
        )
    a = event_arrays(ev)
    day = a["day"]
    week = day - (day + 3) % 7  # day 0 (1 Jan 1970) was a Thursday: this is each day's Monday
    today = np.datetime64(ev.today, "D").astype(np.int64)
    first, last = int(week.min()), max(int(week.max()), int(today - (today + 3) % 7))
    active = np.isin(a["code"], _codes(ev.config.get("activity_kinds", TOUCH_KINDS)))
    # the same message logged twice for a contact on one day counts once
    keys = np.unique(np.stack([a["pos"][active], a["code"][active], day[active]]), axis=1)
    counts = np.bincount((keys[2] - (keys[2] + 3) % 7 - first) // 7, minlength=(last - first) // 7 + 1)
    weeks = np.arange(first, last + 1, 7).astype("datetime64[D]").astype("datetime64[ns]")
    df = pd.DataFrame({"week_start": weeks, "messages": counts.astype(int)})
    df["goal"] = goal
    df["met"] = df["messages"] >= goal
    # the week holding today is still running: it is shown but not judged
    df["complete"] = (df["week_start"] + pd.Timedelta(days=7)) <= pd.Timestamp(ev.today)
    return df


def referrals_per_meeting(source) -> Rate:
    """Referrals or next contacts received per meeting held (denominator: meetings held)."""
    ev = events_table(source)
    pc = per_contact(ev)
    return Rate(
        "referrals per meeting",
        int(pc["referrals"].sum()),
        int(pc["meetings"].sum()),
        "meetings held",
        ev.min_n,
        proportion=False,
        unit="referrals or next contacts per meeting",
    )


def referral_expectation(meetings: int, content_dir=None) -> dict[str, Any]:
    """The assumed range of referrals from ``meetings`` meetings (no published figure exists).

    >>> referral_expectation(10)["text"]
    'From 10 meetings, expect roughly 1 to 4 referrals or next contacts (an assumption: 10%-40% per meeting; no published figure).'
    """
    a = load_toml("outcomes", content_dir)["referral_assumption"]
    low, high = meetings * a["low"], meetings * a["high"]
    return {
        "meetings": meetings,
        "low": low,
        "high": high,
        "source": a["source"],
        "text": (
            f"From {meetings} meetings, expect roughly {low:.0f} to {high:.0f} referrals or next contacts "
            f"(an assumption: {a['low']:.0%}-{a['high']:.0%} per meeting; no published figure)."
        ),
    }


def all_metrics(source, goal: int | None = None) -> dict[str, Any]:
    """Every metric at once (the dashboard and the benchmark use this)."""
    ev = events_table(source)
    return {
        "funnel": funnel(ev),
        "reply_rate": reply_rate(ev),
        "reply_rates": reply_rates(ev),
        "delays": reply_delays(ev),
        "delay_labels": delay_labels(ev),
        "follow_up": follow_up_lift(ev),
        "weekly": weekly_activity(ev, goal),
        "referrals_per_meeting": referrals_per_meeting(ev),
    }


def metric_rows(source, goal: int) -> list[list[str]]:
    """The dashboard's table of the learner's numbers: [name, value and what it is out of] rows.

    >>> metric_rows(demo_events(), 5)[0]
    ['Reply rate', '71% (5 of 7 contacts you wrote to; 95% interval 36%-92%)']
    """
    ev = events_table(source)
    rate = reply_rate(ev)
    lift = follow_up_lift(ev)
    per_meeting = referrals_per_meeting(ev)
    labels = delay_labels(ev)
    weekly = weekly_activity(ev, goal)
    full = weekly[weekly["complete"]] if len(weekly) else weekly
    return [
        ["Reply rate", rate.text],
        ["Follow-ups", lift.text],
        ["Referrals per meeting", per_meeting.text],
        [
            "How contacts answered",
            ", ".join(f"{v} {k}" for k, v in labels.items())
            + " (booster: within 3 business days; curmudgeon: no reply 7 business days after your last message)",
        ],
        [
            f"Weekly goal ({goal} messages)",
            f"met in {int(full['met'].sum())} of {len(full)} full weeks" if len(full) else NOT_ENOUGH,
        ],
    ]


def learner_numbers(source) -> dict[str, float | None]:
    """One learner's headline numbers, on the same footing as a cohort's (see :mod:`infoview.cohort`).

    ``reply_rate`` and ``messages_per_week`` are None when there is nothing to divide by.

    >>> learner_numbers(demo_events())["contacted"], learner_numbers(demo_events())["meetings"]
    (7, 1)
    """
    ev = events_table(source)
    pc = per_contact(ev)
    contacted = int((pc["stage"] >= 1).sum())
    rate = reply_rate(ev)
    weekly = weekly_activity(ev)
    return {
        "contacted": contacted,
        "reply_rate": rate.value,
        "meetings": int(pc["meetings"].sum()),
        "referrals": int(pc["referrals"].sum()),
        "messages_per_week": float(weekly["messages"].mean()) if len(weekly) else None,
    }


# -------------------------------------------------------------------- exercises
def advice(content_dir=None) -> list[dict[str, Any]]:
    """What to change when a number is low (``outcomes.toml``, ``[[advice]]``)."""
    return list(load_toml("outcomes", content_dir).get("advice", []))


def check_reply_rate_answer(rate, denominator, events=None) -> Feedback:
    """Stage 6, "a reply rate and its denominator": the rate (0.6 or 60%) and how many contacts it is out of.

    >>> check_reply_rate_answer("60%", "5").ok, check_reply_rate_answer("", "").ok
    (True, False)
    """

    fb = Feedback(ok=False, total=2)
    if clean_text(rate, 100) == "" or clean_text(denominator, 100) == "":
        fb.messages.append("Fill in both answers: the reply rate and how many contacts it is out of.")
        return fb
    rate_f, denom_f = parse_number(rate), parse_number(denominator)
    if rate_f is None or denom_f is None or denom_f != int(denom_f) or denom_f < 0:
        fb.messages.append("Write the rate as a number (0.6 or 60%) and the denominator as a whole number of contacts.")
        return fb
    ev = events_table(events if events is not None else exercise_table())
    truth = reply_rate(ev)
    if int(denom_f) == truth.denominator:
        fb.correct += 1
        fb.right.append(f"The denominator: {truth.denominator} contacts you wrote to.")
    elif int(denom_f) == len(ev.contacts):
        fb.messages.append(
            "The denominator is the contacts you wrote to, not everyone you identified: one contact "
            "was never written to."
        )
    else:
        fb.messages.append(
            "Count every contact whose history shows you reached them, including the one whose reply "
            "was logged without a message (a reply means you wrote)."
        )
    expected = truth.numerator / truth.denominator
    if rate_f > 1:
        rate_f /= 100
    if abs(rate_f - expected) <= 0.005:
        fb.correct += 1
        fb.right.append(f"The rate: {truth.numerator} of {truth.denominator} contacts replied.")
    else:
        fb.messages.append(
            "Check who replied: count contacts, not events (one contact replied twice), and a meeting "
            "held means they replied even if no reply was logged."
        )
    fb.ok = fb.correct == fb.total
    if fb.ok:
        fb.head = f"Correct: {truth.numerator} of {truth.denominator} contacts replied, a reply rate of {expected:.0%}."
    return fb


def exercise_table():
    """The small history used in exercise 1 (fictional contacts A-F)."""
    import pandas as pd

    rows = [
        ("A", "alumni", "outreach_sent", "2026-02-02"),
        ("A", "alumni", "replied", "2026-02-03"),
        ("A", "alumni", "replied", "2026-02-05"),
        ("B", "cold", "outreach_sent", "2026-02-02"),
        ("B", "cold", "follow_up_sent", "2026-02-11"),
        ("C", "warm", "replied", "2026-02-04"),
        ("D", "cold", "outreach_sent", "2026-02-03"),
        ("E", "event", "outreach_sent", "2026-02-04"),
        ("E", "event", "meeting_held", "2026-02-12"),
        ("F", "cold", "identified", "2026-02-01"),
    ]
    return pd.DataFrame(rows, columns=["contact_id", "channel", "kind", "occurred_on"])


def action_options(metric: str, content_dir=None) -> list[str]:
    """The actions offered for a low ``metric``: the right one and the distractors, in a fixed order.

    >>> len(action_options("reply_rate"))
    3
    """
    items = {a["metric"]: a for a in advice(content_dir)}
    if metric not in items:
        raise ValueError(f"{metric!r} is not one of the metrics here; pick one of {', '.join(items)}.")
    a = items[metric]
    return sorted([a["action"], *a.get("distractors", [])])


def describe_action_exercise(metric: str = "reply_rate", content_dir=None) -> str:
    """Exercise 2's situation and its numbered choices."""
    items = {a["metric"]: a for a in advice(content_dir)}
    situation = items.get(metric, {}).get("situation", "")
    lines = [situation, "What would you change first?"]
    lines += [f"  {i}. {text}" for i, text in enumerate(action_options(metric, content_dir), 1)]
    return "\n".join(line for line in lines if line)


def advice_table(content_dir=None):
    """What to change when a number is low, as a table (from ``outcomes.toml``)."""
    import pandas as pd

    return (
        pd.DataFrame([{"When": a["label"], "Change first": a["action"], "Why": a["why"]} for a in advice(content_dir)])
        .style.hide(axis="index")
        .set_properties(**{"text-align": "left"})
        .set_uuid("advice")
    )


def check_action(metric, choice, content_dir=None) -> Feedback:
    """Stage 6, "pick the change that helps most": the action chosen for a low ``metric``
    (its text or its number from 1 in :func:`infoview.outcomes.action_options`)."""

    items = {a["metric"]: a for a in advice(content_dir)}
    if not metric:
        return Feedback(False, [f"Pick the metric that is low: one of {', '.join(items)}."], total=1, head="")
    if metric not in items:
        return Feedback(
            False,
            [f"{shorten(str(metric), 40)!r} is not one of the metrics here; pick one of {', '.join(items)}."],
            total=1,
            head="",
        )
    a = items[metric]
    wrong = {
        d: f"Not the best choice for '{a['label']}': it does not address why the number is low. Try another."
        for d in a.get("distractors", [])
    }
    return check_choice(
        choice,
        action_options(metric, content_dir),
        a["action"],
        why=a["why"],
        wrong=wrong,
        blank=f"Pick one of the actions listed for '{a['label']}'.",
    )


def lesson_events(tracker: Tracker | Session | None = None, today=None) -> Events:
    """The lesson's events: the learner's once their tracker has interactions, else the sample learner's.

    Which one is decided by :class:`infoview.session.Session` (``needs="interactions"``);
    the returned :class:`Events` says which in ``.source`` (a sentence to show).
    """
    source, is_sample = Session.of(tracker, needs="interactions").current()
    if not is_sample:
        ev = events_table(source, today=today)
        ev.source = f"Your tracker: {len(ev.contacts)} contacts, {len(ev.events)} interactions."
        return ev
    try:
        ev = events_table(source, today=today)
    finally:
        source.close()
    first, last = ev.events["occurred_on"].min(), ev.events["occurred_on"].max()
    ev.source = (
        f"Your tracker has no interactions yet, so these are the sample learner's numbers "
        f"({len(ev.contacts)} fictional contacts, {first:%d %b} to {last:%d %b %Y})."
    )
    return ev


def demo_events():
    """A tiny hand-made history (used by the doctests): 8 contacts, messy on purpose."""
    import pandas as pd

    rows = [
        (1, "warm", "outreach_sent", "2026-03-02"),
        (1, "warm", "replied", "2026-03-03"),
        (1, "warm", "meeting_held", "2026-03-06"),
        (1, "warm", "thank_you_sent", "2026-03-06"),
        (1, "warm", "referral_received", "2026-03-09"),
        (2, "warm", "replied", "2026-03-05"),  # reply without a recorded outreach
        (3, "warm", "replied", "2026-03-13"),
        (3, "warm", "outreach_sent", "2026-03-02"),  # out of order
        (4, "alumni", "outreach_sent", "2026-02-02"),
        (4, "alumni", "outreach_sent", "2026-02-02"),  # duplicate
        (5, "alumni", "outreach_sent", "2026-02-02"),
        (5, "alumni", "follow_up_sent", "2026-02-11"),
        (5, "alumni", "replied", "2026-02-12"),
        (6, "cold", "outreach_sent", "2026-03-12"),
        (7, "cold", "outreach_sent", "2026-02-02"),
        (7, "cold", "replied", "2026-02-04"),
        (8, "cold", "identified", "2026-02-01"),
    ]
    df = pd.DataFrame(rows, columns=["contact_id", "channel", "kind", "occurred_on"])
    return events_table(df, today=_dt.date(2026, 3, 16))


# ------------------------------------------------------------------ tables for the notebook
def _styled_table(rows: list[dict[str, Any]], uuid: str):
    """A left-aligned table without the index, with a fixed element id (the same stored output on every run)."""
    import pandas as pd

    return (
        pd.DataFrame(rows)
        .style.hide(axis="index")
        .set_uuid(uuid)
        .set_properties(**{"text-align": "left"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )


def funnel_table(source):
    """The funnel (:func:`funnel`) as a formatted table: stage, contacts, and the share of the stage before.

    >>> funnel_table(demo_events()).data.columns.tolist()
    ['Stage', 'Contacts', 'Of the stage before']
    """
    f = funnel(source)
    return _styled_table(
        [{"Stage": r.label, "Contacts": r.count, "Of the stage before": r.conversion_text} for r in f.itertuples()],
        "funnel",
    )


def delay_table(source, content_dir=None):
    """How many contacted contacts carry each reply-delay label (:func:`delay_labels`), as a formatted table.

    >>> delay_table(demo_events()).data.columns.tolist()
    ['How they answered', 'Contacts']
    """
    labels = load_toml("outcomes", content_dir).get("labels", {})
    return _styled_table(
        [{"How they answered": labels.get(k, k), "Contacts": n} for k, n in delay_labels(source).items()], "delays"
    )
