"""Stage 6, tracking outcomes: the pipeline in numbers, its charts, and anonymised cohort summaries.

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

import argparse
import base64
import datetime as _dt
import html
import io
import json
import math
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from .content import load_toml
from .paths import today as _today
from .tracker import CHANNELS, INTERACTION_KINDS, Tracker

__all__ = [
    "STAGES",
    "STAGE_LABELS",
    "NOT_ENOUGH",
    "SUMMARY_SCHEMA",
    "Events",
    "Rate",
    "FollowUpLift",
    "ChartResult",
    "CohortAggregate",
    "events_table",
    "settings",
    "wilson_interval",
    "per_contact",
    "funnel",
    "reply_rate",
    "reply_rates",
    "reply_delays",
    "delay_labels",
    "follow_up_lift",
    "weekly_activity",
    "referrals_per_meeting",
    "referral_expectation",
    "all_metrics",
    "funnel_chart",
    "reply_rate_chart",
    "delay_chart",
    "activity_chart",
    "cumulative_chart",
    "CHART_NAMES",
    "chart",
    "all_charts",
    "summarize",
    "export_anonymized",
    "aggregate_cohort",
    "cohort_report_html",
    "write_cohort_report",
    "cohort_summaries_from_events",
    "write_sample_cohort",
    "check_reply_rate_answer",
    "funnel_table",
    "delay_table",
    "check_action",
    "action_options",
    "advice",
    "advice_table",
    "describe_action_exercise",
    "exercise_table",
    "learner_or_sample",
    "demo_events",
    "register_cli",
]

#: Funnel stages in order (DOMAIN.md, stage 6).
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
SUMMARY_SCHEMA = "infoview-outcomes-summary/1"

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
CHANNEL_COLOURS = {
    "warm": OKABE_ITO["orange"],
    "alumni": OKABE_ITO["blue"],
    "cold": OKABE_ITO["grey"],
    "event": OKABE_ITO["green"],
    "referral": OKABE_ITO["purple"],
}
SHORT_CHANNEL = {"warm": "Warm", "alumni": "Alumni/shared", "cold": "Cold", "event": "Event", "referral": "Referral"}


# --------------------------------------------------------------------------- settings
def settings(content_dir=None) -> dict[str, Any]:
    """The stage-6 content (``outcomes.toml``) with its defaults checked.

    >>> s = settings(); s["min_contacts"], s["booster_days"], s["curmudgeon_days"]
    (5, 3, 7)
    """
    data = load_toml("outcomes", content_dir)
    for key in ("min_contacts", "booster_days", "curmudgeon_days", "weekly_goal"):
        value = data.get(key)
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"outcomes.toml: {key} must be a whole number of at least 0, not {value!r}.")
    unknown = [k for k in data.get("activity_kinds", []) if k not in INTERACTION_KINDS]
    if unknown:
        raise ValueError(f"outcomes.toml: activity_kinds has unknown kind(s) {', '.join(unknown)}.")
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
    """Read contacts and events straight from SQLite into typed columns.

    A plain cursor (no Row objects) and columns built directly: this is as quick as
    reading the rows at all, which the benchmark checks (benchmarks/bench_outcomes.py).
    """
    import numpy as np
    import pandas as pd

    cur = tracker.conn.cursor()
    cur.row_factory = None
    rows = cur.execute("SELECT id, channel FROM contacts ORDER BY id").fetchall()
    ids, chans = zip(*rows) if rows else ((), ())
    contacts = pd.DataFrame(
        {
            "contact_id": np.fromiter(ids, dtype=np.int64, count=len(rows)),
            "channel": pd.Categorical(chans, categories=CHANNELS),
        }
    )
    # SQLite turns kinds into codes and ISO dates into day numbers: no strings cross over
    kind_case = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(INTERACTION_KINDS))
    rows = cur.execute(
        f"SELECT contact_id, CASE kind {kind_case} END, CAST(julianday(occurred_on) - 2440587.5 AS INTEGER) "
        "FROM interactions"
    ).fetchall()
    cur.close()
    flat = np.fromiter((v for row in rows for v in row), dtype=np.int64, count=3 * len(rows)).reshape(-1, 3)
    cid = flat[:, 0]
    pos = pd.Index(contacts["contact_id"]).get_indexer(cid)
    channel_codes = contacts["channel"].cat.codes.to_numpy()[pos]
    events = pd.DataFrame(
        {
            "contact_id": cid,
            "channel": pd.Categorical.from_codes(channel_codes, categories=CHANNELS),
            "kind": pd.Categorical.from_codes(flat[:, 1], categories=INTERACTION_KINDS),
            "occurred_on": flat[:, 2].astype("datetime64[D]").astype("datetime64[ns]"),
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
    config = config if config is not None else settings(content_dir)
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


def _pct(x: float) -> str:
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
            f"{_pct(self.value)} ({self.numerator} of {self.denominator} {self.denominator_label}; "
            f"95% interval {_pct(low)}-{_pct(high)})"
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
    """Business days from ``start`` to ``end`` (arrays of datetime64; NaT gives NaN)."""
    import numpy as np

    start = np.asarray(start, dtype="datetime64[D]")
    end = np.asarray(end, dtype="datetime64[D]")
    ok = ~(np.isnat(start) | np.isnat(end))
    out = np.full(start.shape, np.nan)
    if ok.any():
        holidays = [str(h) for h in config.get("holidays", [])]
        out[ok] = np.busday_count(start[ok], end[ok], holidays=holidays)
    return out


def _codes(kinds: Iterable[str]) -> list[int]:
    return [INTERACTION_KINDS.index(k) for k in kinds]


def _arrays(ev: Events) -> dict[str, Any]:
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
    import numpy as np

    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[(days == _NO_DAY) | (days == -_NO_DAY)] = np.datetime64("NaT")
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
    a = _arrays(ev)
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
            conv, text = counts[i] / prev, f"{_pct(counts[i] / prev)} of {prev}"
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
        return (
            f"Follow-ups added {self.second.numerator} replies to the {self.first.numerator} that came after a "
            f"first message: {self.lift:.0%} more replies."
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
    a = _arrays(ev)
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


# -------------------------------------------------------------------------- charts
class ChartResult(NamedTuple):
    """A chart and its one-sentence text alternative: ``fig, alt = chart`` or ``chart.figure``."""

    figure: Any
    alt: str

    @property
    def title(self) -> str:
        return " ".join(self.figure.axes[0].get_title(loc="left").split())

    def png(self, dpi: int = 100) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        return buf.getvalue()

    def __repr__(self) -> str:
        return f"<chart: {self.alt}>"

    def show(self) -> None:
        """In a notebook: the chart (its ``alt`` attribute read by screen readers), then the text
        alternative as a paragraph that wraps between words, for everyone."""
        from IPython.display import display

        display(self)
        line = "Text alternative: " + self.alt
        display(
            {
                "text/plain": line,
                "text/html": f'<p class="infoview-alt" style="max-width:46em;color:#1a1a1a;'
                f'overflow-wrap:break-word;word-break:normal">{html.escape(line)}</p>',
            },
            raw=True,
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The <img> carries the text alternative as its alt attribute (WCAG 1.1.1); no separate
        # image/png copy, which would double every notebook's size and the page an app sends.
        png = self.png()
        img = (
            f'<img class="infoview-chart" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" '
            f'alt="{html.escape(self.alt, quote=True)}" style="max-width:100%;height:auto">'
        )
        return {"text/html": img, "text/plain": self.alt}, {"image/png": {"alt": self.alt}}


def _figure(width: float = 7.0, height: float = 3.8):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _set_title(ax, text: str, width: int = 62) -> None:
    """A left-aligned title, wrapped so a long finding is never cut off at the figure's edge."""
    import textwrap

    ax.set_title("\n".join(textwrap.wrap(text, width)), loc="left")


def _is_frame_with(data, *columns) -> bool:
    import pandas as pd

    return isinstance(data, pd.DataFrame) and all(c in data.columns for c in columns)


def funnel_chart(data, *, who: str = "") -> ChartResult:
    """Horizontal bars: contacts at each stage; the title names the biggest drop.

    ``data``: anything :func:`funnel` accepts, or a funnel DataFrame already computed.
    """
    f = data if _is_frame_with(data, "stage", "count") else funnel(data)
    fig, ax = _figure()
    labels = f["label"].tolist()[::-1]
    counts = f["count"].tolist()[::-1]
    bars = ax.barh(labels, counts, color=OKABE_ITO["blue"])
    ax.bar_label(bars, padding=3)
    ax.set_xlabel("Contacts (count)")
    ax.set_ylabel("Stage reached")
    drops = [(i, f["conversion"].iloc[i]) for i in range(1, len(f)) if not math.isnan(f["conversion"].iloc[i])]
    if f["count"].iloc[0] == 0:
        title = "No contacts yet: add some to see your funnel"
    elif drops:
        i, conv = min(drops, key=lambda d: d[1])
        title = f"Biggest drop: {f['label'].iloc[i - 1]} to {f['label'].iloc[i].lower()} ({_pct(conv)} went on)"
    else:
        title = f"{f['count'].iloc[0]} contacts identified; too few yet to compare stages"
    _set_title(ax, who + title, width=48)  # the long stage names leave less room
    parts = ", ".join(f"{lab.lower()} {c}" for lab, c in zip(f["label"], f["count"]))
    alt = f"Bar chart of contacts reaching each stage: {parts}."
    return ChartResult(fig, alt)


def reply_rate_chart(data, *, who: str = "") -> ChartResult:
    """Bars of reply rate per channel with 95% Wilson intervals; channels under the threshold are marked."""
    import numpy as np

    r = data if _is_frame_with(data, "channel", "rate", "contacted") else reply_rates(data)
    if (r["contacted"] > 0).any():  # channels nobody was written to (or filtered out) carry no bar
        r = r[r["contacted"] > 0].reset_index(drop=True)
    fig, ax = _figure()
    x = np.arange(len(r))
    heights = np.nan_to_num(r["rate"].to_numpy(dtype=float) * 100)
    colours = [CHANNEL_COLOURS[c] for c in r["channel"]]
    ax.bar(x, heights, color=colours)
    enough = r["enough"].to_numpy(dtype=bool)
    lows = r["low"].to_numpy(dtype=float) * 100
    highs = r["high"].to_numpy(dtype=float) * 100
    if enough.any():
        ax.errorbar(
            x[enough],
            heights[enough],
            yerr=np.clip([heights[enough] - lows[enough], highs[enough] - heights[enough]], 0, None),
            fmt="none",
            ecolor=OKABE_ITO["black"],
            capsize=4,
            linewidth=1,
        )
    for xi, ok, n in zip(x, enough, r["contacted"]):
        if not ok:
            ax.annotate("too few", (xi, 2), ha="center", va="bottom", fontsize=8)
    # the count behind each bar sits under its name
    ax.set_xticks(x, [f"{lab}\nn={n}" for lab, n in zip(r["label"], r["contacted"])])
    ax.set_ylim(0, 100)
    ax.set_ylabel("Reply rate (% of contacts written to)")
    ax.set_xlabel("Channel (bars: 95% interval)")
    if enough.any():
        shown_rates = np.where(enough, r["rate"].to_numpy(dtype=float), -1)
        best = np.flatnonzero(np.isclose(shown_rates, shown_rates.max()))
        names = " and ".join(r["label"].iloc[best])
        title = f"{names} contacts replied most often ({heights[best[0]]:.0f}%)"
        shown = "; ".join(
            f"{lab.lower()} {h:.0f}% of {n}" if ok else f"{lab.lower()} too few ({n})"
            for lab, h, n, ok in zip(r["label"], heights, r["contacted"], enough)
        )
        alt = f"Bar chart of reply rate by channel with 95% intervals: {shown}."
    else:
        title = f"Not enough data yet: fewer than {int(_min_n_of(data))} contacts written to in every channel"
        alt = "Bar chart of reply rate by channel: no channel has enough contacts yet to show a rate."
    _set_title(ax, who + title)
    return ChartResult(fig, alt)


def _min_n_of(data) -> int:
    if isinstance(data, Events):
        return data.min_n
    try:
        return int(settings()["min_contacts"])
    except Exception:  # content missing: the documented default
        return 5


def delay_chart(data, *, who: str = "") -> ChartResult:
    """Histogram of reply delays in business days, with the 3- and 7-business-day marks."""
    import numpy as np
    import pandas as pd

    if isinstance(data, pd.Series):
        delays = data.dropna().to_numpy(dtype=float)
    elif _is_frame_with(data, "delay_business_days"):
        delays = data["delay_business_days"].dropna().to_numpy(dtype=float)
    else:
        delays = reply_delays(data)["delay_business_days"].dropna().to_numpy(dtype=float)
    cfg = settings()
    b, c = cfg["booster_days"], cfg["curmudgeon_days"]
    fig, ax = _figure()
    top = int(max(delays.max() if len(delays) else 0, c + 3))
    ax.hist(delays, bins=np.arange(-0.5, top + 1.5, 1), color=OKABE_ITO["sky"], edgecolor="white")
    ax.axvline(b + 0.5, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1.5)
    ax.axvline(c + 0.5, color=OKABE_ITO["black"], linestyle=":", linewidth=1.5)
    ymax = ax.get_ylim()[1]
    ax.text(b + 0.6, ymax * 0.95, f"{b} business days", va="top", fontsize=8, color=OKABE_ITO["vermillion"])
    ax.text(c + 0.6, ymax * 0.95, f"{c} business days (3B7 nudge)", va="top", fontsize=8)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Reply delay after your first message (business days)")
    ax.set_ylabel("Replies (count)")
    n = len(delays)
    quick = int((delays <= b).sum())
    if n == 0:
        title = "No replies with a measurable delay yet"
        alt = "Histogram of reply delays: no replies with a recorded first message yet."
    elif n < _min_n_of(data):
        title = f"Only {n} replies so far: too few to describe a pattern"
        alt = f"Histogram of {n} reply delays in business days, with marks at {b} and {c} days."
    else:
        share = quick / n
        if share >= 0.5:
            title = f"Most replies came within {b} business days ({_pct(share)})"
        else:
            title = f"Most replies took longer than {b} business days ({_pct(1 - share)})"
        alt = (
            f"Histogram of {n} reply delays: {quick} within {b} business days, {int((delays > c).sum())} after "
            f"{c}, median {np.median(delays):.0f} business days."
        )
    _set_title(ax, who + title)
    return ChartResult(fig, alt)


def activity_chart(data, goal: int | None = None, *, who: str = "") -> ChartResult:
    """Messages sent per week as bars, with the weekly goal as a line."""
    import numpy as np

    w = data if _is_frame_with(data, "week_start", "messages") else weekly_activity(data, goal)
    fig, ax = _figure()
    if len(w):
        complete = w["complete"] if "complete" in w.columns else w["met"] | True
        colours = [
            OKABE_ITO["green"] if m else (OKABE_ITO["orange"] if c else OKABE_ITO["grey"])
            for m, c in zip(w["met"], complete)
        ]
        import matplotlib.dates as mdates

        # a date axis (not one label per bar) stays readable and quick for years of weeks
        ax.bar(
            w["week_start"].to_numpy() + np.timedelta64(3, "D"),
            w["messages"].to_numpy(),
            width=np.timedelta64(5, "D"),
            color=colours,
        )
        locator = mdates.AutoDateLocator(maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        g = int(w["goal"].iloc[0])
        ax.axhline(g, color=OKABE_ITO["black"], linestyle="--", linewidth=1.2, label=f"Goal: {g} a week")
        ax.legend(loc="upper right", frameon=False)
        full = int(complete.sum())
        met = int((w["met"] & complete).sum())
        title = f"You met your goal of {g} messages in {met} of {full} full weeks"
        alt = (
            f"Bar chart of messages sent per week over {len(w)} weeks against a goal of {g}: "
            f"goal met in {met} of {full} full weeks, {int(w['messages'].sum())} messages in all."
        )
    else:
        title, alt = "No messages recorded yet", "Bar chart of weekly messages: nothing recorded yet."
    ax.set_xlabel("Week (bars centred mid-week)")
    ax.set_ylabel("Messages sent (count per week)")
    _set_title(ax, who + title)
    return ChartResult(fig, alt)


def cumulative_chart(data, *, who: str = "") -> ChartResult:
    """Running totals over time: contacts written to, meetings held, referrals received."""
    import numpy as np

    ev = events_table(data)
    e = ev.events
    code = _arrays(ev)["code"]
    series = {
        "Contacts written to": per_contact(ev)["first_touch"].dropna(),
        "Meetings held": e.loc[code == INTERACTION_KINDS.index("meeting_held"), "occurred_on"],
        "Referrals or next contacts": e.loc[code == INTERACTION_KINDS.index("referral_received"), "occurred_on"],
    }
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["purple"]]
    styles = ["-", "--", ":"]
    fig, ax = _figure()
    totals = {}
    for (name, dates), colour, style in zip(series.items(), colours, styles):
        d = np.sort(dates.to_numpy())
        totals[name] = len(d)
        if len(d):
            ax.step(
                d, np.arange(1, len(d) + 1), where="post", color=colour, linestyle=style, label=f"{name} ({len(d)})"
            )
    if any(totals.values()):
        ax.legend(loc="upper left", frameon=False)
        import matplotlib.dates as mdates

        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        end = e["occurred_on"].max()
        c, m, r = totals.values()
        title = f"By {end:%d %b %Y}: {c} contacts written to, {m} meetings, {r} referrals"
        alt = f"Line chart of running totals up to {end:%d %B %Y}: {c} contacts written to, {m} meetings held, {r} referrals or next contacts."
    else:
        title, alt = "Nothing recorded yet", "Line chart of running totals: nothing recorded yet."
    ax.set_xlabel("Date")
    ax.set_ylabel("Running total (count)")
    _set_title(ax, who + title)
    return ChartResult(fig, alt)


#: The dashboard's charts, in tab order.
CHART_NAMES = ("funnel", "reply_rates", "delays", "activity", "cumulative")


def chart(name: str, source, goal: int | None = None) -> ChartResult:
    """One of the five charts by name (:data:`CHART_NAMES`); ``goal`` is for ``activity``."""
    makers = {
        "funnel": funnel_chart,
        "reply_rates": reply_rate_chart,
        "delays": delay_chart,
        "cumulative": cumulative_chart,
    }
    if name == "activity":
        return activity_chart(source, goal)
    if name not in makers:
        raise ValueError(f"No chart called {name!r}; choose one of {', '.join(CHART_NAMES)}.")
    return makers[name](source)


def all_charts(source, goal: int | None = None) -> dict[str, ChartResult]:
    """The five charts, keyed by :data:`CHART_NAMES`."""
    ev = events_table(source)
    return {name: chart(name, ev, goal) for name in CHART_NAMES}


# ------------------------------------------------------------ anonymised summaries
def _new_learner_id() -> str:
    return "learner-" + secrets.token_hex(6)


def summarize(source, learner_id: str | None = None, goal: int | None = None) -> dict[str, Any]:
    """One learner's anonymised summary: counts and delays per channel and stage, weekly activity.

    Holds no names, e-mails, URLs, companies, notes or free text: only numbers, dates of
    weeks, channel and stage ids, and a random learner id (``secrets``) unless one is given.

    >>> s = summarize(demo_events(), learner_id="learner-demo")
    >>> s["funnel"]["replied"], s["channels"]["warm"]["replied"]
    (5, 3)
    """
    ev = events_table(source)
    if goal is None and isinstance(source, Tracker):
        goal = source.setting("weekly_goal", None)
    pc = per_contact(ev)
    stage = pc["stage"].to_numpy()
    channels = {}
    for ch in CHANNELS:
        sub = pc[pc["channel"] == ch]
        delays = sub["delay_business_days"].dropna()
        channels[ch] = {
            "contacts": int(len(sub)),
            **{name: int((sub["stage"] >= i).sum()) for i, name in enumerate(STAGES) if i},
            "delays_business_days": sorted(int(d) for d in delays),
            "labels": {
                k: int((sub["label"] == k).sum()) for k in ("booster", "obligate", "curmudgeon", "waiting", "unknown")
            },
        }
    lift = follow_up_lift(ev)
    weekly = weekly_activity(ev, goal)
    extra = {}
    if isinstance(source, Tracker):  # per-stage exercise counts only: no answers, no text
        from .exercises import completion_counts

        extra["exercises"] = completion_counts(source)
    return {
        **extra,
        "schema": SUMMARY_SCHEMA,
        "learner_id": learner_id or _new_learner_id(),
        "as_of": ev.today.isoformat(),
        "funnel": {name: int((stage >= i).sum()) for i, name in enumerate(STAGES)},
        "channels": channels,
        "follow_up": {
            "first_messages": lift.first.denominator,
            "replies_after_first": lift.first.numerator,
            "second_messages": lift.second.denominator,
            "replies_after_second": lift.second.numerator,
        },
        "meetings": int(pc["meetings"].sum()),
        "referrals": int(pc["referrals"].sum()),
        "weekly_goal": int(weekly["goal"].iloc[0])
        if len(weekly)
        else int(goal if goal is not None else ev.config["weekly_goal"]),
        "weekly_messages": [
            {"week": w.date().isoformat(), "messages": int(m)} for w, m in zip(weekly["week_start"], weekly["messages"])
        ],
    }


def export_anonymized(source, out, learner_id: str | None = None) -> Path:
    """Write :func:`summarize`'s result as JSON to ``out`` (a file, or a folder to put one in)."""
    summary = summarize(source, learner_id)
    out = Path(out)
    if out.is_dir():
        out = out / f"{summary['learner_id']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out


def _check_summary(data: Any) -> str | None:
    """Why ``data`` is not a usable summary, or None when it is."""
    if not isinstance(data, dict):
        return "not a summary (the JSON is not an object)"
    if data.get("schema") != SUMMARY_SCHEMA:
        return f"not an infoview outcomes summary (schema {data.get('schema')!r}, expected {SUMMARY_SCHEMA!r})"
    for key in ("learner_id", "funnel", "channels", "weekly_messages"):
        if key not in data:
            return f"the summary has no {key!r}"
    if not all(isinstance(data["funnel"].get(s), int) for s in STAGES):
        return "the funnel counts are missing or not whole numbers"
    if not isinstance(data["channels"], dict) or not all(isinstance(v, dict) for v in data["channels"].values()):
        return "the channels section is malformed"
    return _check_summary_numbers(data)


#: Bounds a real summary stays within; a file outside them is skipped, not charted (a delay of
#: a billion days once asked the histogram for a billion bins). 260 business days is a year.
_MAX_DELAY_BUSINESS_DAYS = 260
_MAX_WEEKLY_MESSAGES = 1000
_MAX_COUNT = 1_000_000


def _count_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_COUNT


def _check_summary_numbers(data: dict) -> str | None:
    """Why the numbers in a summary are impossible, or None."""
    funnel = data["funnel"]
    counts = [funnel[s] for s in STAGES]
    if not all(_count_ok(c) for c in counts):
        return "a funnel count is negative or impossibly large"
    if any(later > earlier for earlier, later in zip(counts, counts[1:])):
        return "the funnel grows from one stage to the next (each stage can only keep or lose contacts)"
    for name, channel in data["channels"].items():
        if name not in CHANNELS:
            return f"unknown channel {str(name)[:30]!r}"
        for key, value in channel.items():
            if key == "delays_business_days":
                if not isinstance(value, list) or not all(
                    isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= _MAX_DELAY_BUSINESS_DAYS for d in value
                ):
                    return (
                        f"channel {name!r} has a reply delay that is not a whole number of business days "
                        f"between 0 and {_MAX_DELAY_BUSINESS_DAYS}"
                    )
            elif key == "labels":
                if not isinstance(value, dict) or not all(_count_ok(v) for v in value.values()):
                    return f"channel {name!r} has label counts that are not whole numbers"
            elif not _count_ok(value):
                return f"channel {name!r}: {str(key)[:30]!r} is not a whole, non-negative count"
    weekly = data["weekly_messages"]
    if not isinstance(weekly, list):
        return "weekly_messages is not a list"
    for row in weekly:
        if not isinstance(row, dict):
            return "a weekly_messages entry is not an object"
        m = row.get("messages")
        if not (isinstance(m, int) and not isinstance(m, bool) and 0 <= m <= _MAX_WEEKLY_MESSAGES):
            return f"a week's message count is not a whole number between 0 and {_MAX_WEEKLY_MESSAGES}"
        try:
            _dt.date.fromisoformat(str(row.get("week")))
        except ValueError:
            return f"a week {str(row.get('week'))[:20]!r} is not a date (YYYY-MM-DD)"
    for key in ("meetings", "referrals"):
        if key in data and not _count_ok(data[key]):
            return f"{key!r} is not a whole, non-negative count"
    if "exercises" in data:
        from .exercises import check_completion_counts

        return check_completion_counts(data["exercises"])
    return None


@dataclass
class CohortAggregate:
    """Many learners' summaries combined, with the files that could not be used.

    ``learners``: one row per learner (``learner_id``, ``contacted``, ``replied``,
    ``reply_rate`` (NaN below ``min_contacts``), ``meetings``, ``referrals``,
    ``messages_per_week``, ``median_delay``). ``funnel`` and ``reply_rates`` pool everyone.
    ``skipped``: (file name, reason) pairs.
    """

    summaries: list
    skipped: list
    learners: Any
    funnel: Any
    reply_rates: Any
    delays: Any
    min_n: int

    def spread(self, column: str) -> dict[str, float | int]:
        """Quartiles of one per-learner column over learners with a value."""
        s = self.learners[column].dropna()
        if s.empty:
            return {"n": 0, "p25": math.nan, "median": math.nan, "p75": math.nan}
        q = s.quantile([0.25, 0.5, 0.75]).to_numpy()
        return {"n": int(len(s)), "p25": float(q[0]), "median": float(q[1]), "p75": float(q[2])}


def _read_summaries(folder: Path) -> tuple[list, list]:
    summaries, skipped = [], []
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            skipped.append((path.name, "not UTF-8 text"))
            continue
        except json.JSONDecodeError as exc:
            skipped.append((path.name, f"not valid JSON (line {exc.lineno}: {exc.msg})"))
            continue
        except OSError as exc:
            skipped.append((path.name, f"could not be read ({exc.strerror})"))
            continue
        why = _check_summary(data)
        if why:
            skipped.append((path.name, why))
        else:
            summaries.append(data)
    return summaries, skipped


def aggregate_cohort(folder_or_summaries, content_dir=None) -> CohortAggregate:
    """Combine learners' anonymised summaries (a folder of JSON files, or a list of dicts).

    Unreadable or foreign files are skipped and listed with the reason in ``skipped``.
    """
    import numpy as np
    import pandas as pd

    cfg = settings(content_dir)
    min_n, z = cfg["min_contacts"], cfg.get("interval_z", 1.96)
    if isinstance(folder_or_summaries, (str, os.PathLike)):
        folder = Path(folder_or_summaries)
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder} is not a folder of learner summaries.")
        summaries, skipped = _read_summaries(folder)
    else:
        summaries, skipped = [], []
        for i, data in enumerate(folder_or_summaries):
            why = _check_summary(data)
            if why:
                skipped.append((f"item {i + 1}", why))
            else:
                summaries.append(data)
    rows, delays = [], []
    for s in summaries:
        weekly = [w.get("messages", 0) for w in s["weekly_messages"]]
        learner_delays = [d for ch in s["channels"].values() for d in ch.get("delays_business_days", [])]
        contacted, replied = s["funnel"]["contacted"], s["funnel"]["replied"]
        rows.append(
            {
                "learner_id": str(s["learner_id"]),
                "contacts": s["funnel"]["identified"],
                "contacted": contacted,
                "replied": replied,
                "reply_rate": replied / contacted if contacted >= min_n else math.nan,
                "meetings": int(s.get("meetings", 0)),
                "referrals": int(s.get("referrals", 0)),
                "messages_per_week": float(np.mean(weekly)) if weekly else math.nan,
                "weeks": len(weekly),
                "median_delay": float(np.median(learner_delays)) if learner_delays else math.nan,
            }
        )
        delays.extend(learner_delays)
    learners = pd.DataFrame(
        rows,
        columns=[
            "learner_id",
            "contacts",
            "contacted",
            "replied",
            "reply_rate",
            "meetings",
            "referrals",
            "messages_per_week",
            "weeks",
            "median_delay",
        ],
    )
    counts = [sum(s["funnel"][st] for s in summaries) for st in STAGES]
    f_rows = []
    for i, st in enumerate(STAGES):
        prev = counts[i - 1] if i else None
        ok = prev is not None and prev >= min_n
        f_rows.append(
            {
                "stage": st,
                "label": STAGE_LABELS[st],
                "count": counts[i],
                "denominator": prev,
                "conversion": counts[i] / prev if ok else math.nan,
                "conversion_text": (
                    f"{_pct(counts[i] / prev)} of {prev}" if ok else ("" if prev is None else f"{NOT_ENOUGH} ({prev})")
                ),
            }
        )
    r_rows = []
    for ch in CHANNELS:
        n = sum(s["channels"].get(ch, {}).get("contacted", 0) for s in summaries)
        k = sum(s["channels"].get(ch, {}).get("replied", 0) for s in summaries)
        rate = Rate("reply rate", k, n, f"{SHORT_CHANNEL[ch].lower()} contacts written to", min_n, z)
        interval = rate.interval or (math.nan, math.nan)
        r_rows.append(
            {
                "channel": ch,
                "label": SHORT_CHANNEL[ch],
                "contacted": n,
                "replied": k,
                "rate": rate.value if rate.enough else math.nan,
                "low": interval[0],
                "high": interval[1],
                "enough": rate.enough,
                "text": rate.text,
            }
        )
    return CohortAggregate(
        summaries,
        skipped,
        learners,
        pd.DataFrame(f_rows),
        pd.DataFrame(r_rows),
        pd.Series(delays, dtype=float, name="delay_business_days"),
        min_n,
    )


def _spread_chart(agg: CohortAggregate) -> ChartResult:
    import numpy as np

    s = agg.learners["reply_rate"].dropna().to_numpy() * 100
    fig, ax = _figure()
    if len(s):
        ax.boxplot(
            s, orientation="horizontal", widths=0.5, showfliers=False, medianprops={"color": OKABE_ITO["vermillion"]}
        )
        jitter = np.random.default_rng(0).uniform(-0.15, 0.15, len(s))  # fixed seed: the same picture every run
        ax.scatter(s, 1 + jitter, s=12, color=OKABE_ITO["blue"], alpha=0.6)
        q1, med, q3 = np.percentile(s, [25, 50, 75])
        title = f"Half the learners had reply rates between {q1:.0f}% and {q3:.0f}% (median {med:.0f}%)"
        alt = (
            f"Box plot of reply rates of {len(s)} learners with at least {agg.min_n} contacts written to: "
            f"middle half {q1:.0f}%-{q3:.0f}%, median {med:.0f}%, range {s.min():.0f}%-{s.max():.0f}%."
        )
    else:
        title = "No learner has written to enough contacts yet"
        alt = "Box plot of learners' reply rates: no learner has enough data yet."
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.set_xlabel("Reply rate per learner (% of contacts written to)")
    ax.set_ylabel("Learners")
    _set_title(ax, title)
    return ChartResult(fig, alt)


def _activity_distribution_chart(agg: CohortAggregate, goal: int) -> ChartResult:
    import numpy as np

    m = agg.learners["messages_per_week"].dropna().to_numpy()
    fig, ax = _figure()
    if len(m):
        ax.hist(m, bins=np.arange(0, max(m.max(), goal) + 2, 1), color=OKABE_ITO["green"], edgecolor="white")
        ax.axvline(goal, color=OKABE_ITO["black"], linestyle="--", linewidth=1.2, label=f"Default goal: {goal} a week")
        ax.legend(loc="upper right", frameon=False)
        at_goal = int((m >= goal).sum())
        title = f"{at_goal} of {len(m)} learners averaged at least {goal} messages a week"
        alt = (
            f"Histogram of average messages per week for {len(m)} learners: median {np.median(m):.1f}, "
            f"{at_goal} at or above the goal of {goal}."
        )
    else:
        title, alt = "No activity recorded", "Histogram of learners' weekly activity: nothing recorded."
    ax.set_xlabel("Average messages sent per week (count)")
    ax.set_ylabel("Learners (count)")
    _set_title(ax, title)
    return ChartResult(fig, alt)


def _img(chart: ChartResult) -> str:
    data = base64.b64encode(chart.png(dpi=110)).decode("ascii")
    alt = html.escape(chart.alt, quote=True)
    chart.figure.clear()
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">'
        f"<figcaption>{html.escape(chart.alt)}</figcaption></figure>"
    )


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_REPORT_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0 1rem} th,td{padding:.25rem .7rem;text-align:left;border-bottom:1px solid #eee}
th{background:#f3f5f8} td:not(:first-child){font-variant-numeric:tabular-nums}
figure{margin:1rem 0} img{width:100%;max-width:770px;height:auto} figcaption{font-size:.9rem;color:#444}
.note{background:#fff6e0;border-left:4px solid #8a5a00;padding:.5rem .8rem} .muted{color:#555;font-size:.9rem}
"""


def cohort_report_html(
    agg: CohortAggregate, title: str = "Cohort report: informational interviews", content_dir=None
) -> str:
    """A self-contained HTML report (charts embedded as PNG, all text escaped)."""
    cfg = settings(content_dir)
    goal = int(cfg["weekly_goal"])
    e = html.escape
    n = len(agg.summaries)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(title)}</title><style>{_REPORT_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p class='muted'>{n} learner summaries; {len(agg.skipped)} file(s) skipped. Rates from fewer than "
        f"{agg.min_n} contacts are shown as &ldquo;{NOT_ENOUGH}&rdquo;. Summaries hold counts only: no names, "
        "e-mails, companies or notes.</p>",
    ]
    if agg.skipped:
        parts.append("<h2>Files skipped</h2>")
        parts.append(_table(["File", "Why"], [[name, why] for name, why in agg.skipped]))
    parts.append("<h2>Class funnel</h2>")
    parts.append(_img(funnel_chart(agg.funnel, who="")))
    parts.append(
        _table(
            ["Stage", "Contacts", "Went on from the stage before"],
            [[r.label, r.count, r.conversion_text] for r in agg.funnel.itertuples()],
        )
    )
    parts.append("<h2>Reply rates by channel</h2>")
    parts.append(_img(reply_rate_chart(agg.reply_rates, who="")))
    parts.append(
        _table(
            ["Channel", "Written to", "Replied", "Reply rate (95% interval)"],
            [[r.label, r.contacted, r.replied, r.text] for r in agg.reply_rates.itertuples()],
        )
    )
    parts.append("<h2>Spread across learners</h2>")
    parts.append(_img(_spread_chart(agg)))
    rows = []
    for col, label, fmt in (
        ("contacted", "Contacts written to", "{:.0f}"),
        ("reply_rate", "Reply rate", "{:.0%}"),
        ("meetings", "Meetings held", "{:.0f}"),
        ("referrals", "Referrals or next contacts", "{:.0f}"),
        ("median_delay", "Median reply delay (business days)", "{:.1f}"),
    ):
        sp = agg.spread(col)
        if sp["n"]:
            rows.append([label, sp["n"], fmt.format(sp["p25"]), fmt.format(sp["median"]), fmt.format(sp["p75"])])
        else:
            rows.append([label, 0, NOT_ENOUGH, NOT_ENOUGH, NOT_ENOUGH])
    parts.append(_table(["Per learner", "Learners", "25th percentile", "Median", "75th percentile"], rows))
    parts.append("<h2>Exercises completed per stage</h2>")
    from .exercises import cohort_completion

    completion = cohort_completion(agg.summaries)
    if completion:
        parts.append(
            _table(
                [
                    "Stage",
                    "Exercises",
                    "Learners reporting",
                    "Solved every exercise",
                    "Tried at least one",
                    "Opened a worked answer",
                ],
                [
                    [r["stage"], r["exercises"], r["learners"], r["all_solved"], r["tried"], r["revealed"]]
                    for r in completion
                ],
            )
        )
    else:
        parts.append("<p class='muted'>No summary carries exercise progress yet (exported before this version).</p>")
    parts.append("<h2>Reply delays</h2>")
    parts.append(_img(delay_chart(agg.delays, who="")))
    parts.append("<h2>Activity</h2>")
    parts.append(_img(_activity_distribution_chart(agg, goal)))
    a = cfg["referral_assumption"]
    meetings = int(agg.learners["meetings"].sum()) if n else 0
    referrals = int(agg.learners["referrals"].sum()) if n else 0
    parts.append("<h2>Honest numbers</h2>")
    parts.append(
        f"<p class='note'>No study publishes how often an informational interview leads to a referral or next "
        f"contact. This class recorded {referrals} from {meetings} meetings. For planning, the curriculum assumes "
        f"{a['low']:.0%}-{a['high']:.0%} per meeting ({e(a['source'])}).</p>"
    )
    parts.append("</body></html>\n")
    return "".join(parts)


def write_cohort_report(folder_or_summaries, out, content_dir=None) -> tuple[Path, CohortAggregate]:
    """Aggregate the summaries and write the HTML report to ``out``."""
    agg = aggregate_cohort(folder_or_summaries, content_dir)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(cohort_report_html(agg, content_dir=content_dir), encoding="utf-8")
    return out, agg


# ------------------------------------------------------------------ sample cohort
SAMPLE_COHORT_TODAY = _dt.date(2026, 3, 16)  # the sample learner's "today" (data/README.md)


def _sample_paths() -> tuple[Path, Path, Path]:
    from .paths import sample_data_dir

    base = sample_data_dir() / "sample"
    return base / "cohort_events.csv", base / "cohort", base / "cohort_report.html"


def cohort_summaries_from_events(events_csv=None) -> list[dict[str, Any]]:
    """One summary per learner in a cohort events CSV (learner ids kept; ``as_of`` 2026-03-16)."""
    import pandas as pd

    events_csv = Path(events_csv) if events_csv is not None else _sample_paths()[0]
    df = pd.read_csv(events_csv, dtype=str, keep_default_na=False)
    if "learner_id" not in df.columns:
        raise ValueError(
            f"{events_csv.name} has no learner_id column; expected learner_id, contact_key, channel, kind, occurred_on."
        )
    config = settings()
    out = []
    for learner, rows in df.groupby("learner_id", sort=True):
        ev = events_table(rows.drop(columns=["learner_id"]), today=SAMPLE_COHORT_TODAY, config=config)
        out.append(summarize(ev, learner_id=str(learner)))
    return out


def write_sample_cohort(events_csv=None, out_dir=None, report=None) -> tuple[int, Path]:
    """Regenerate ``data/sample/cohort/*.json`` and ``cohort_report.html`` from the events CSV."""
    default_csv, default_dir, default_report = _sample_paths()
    out_dir = Path(out_dir) if out_dir is not None else default_dir
    report = Path(report) if report is not None else default_report
    summaries = cohort_summaries_from_events(events_csv or default_csv)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.json"):
        old.unlink()
    for s in summaries:
        (out_dir / f"{s['learner_id']}.json").write_text(
            json.dumps(s, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    write_cohort_report(out_dir, report)
    return len(summaries), report


# -------------------------------------------------------------------- exercises
def advice(content_dir=None) -> list[dict[str, Any]]:
    """What to change when a number is low (``outcomes.toml``, ``[[advice]]``)."""
    return list(load_toml("outcomes", content_dir).get("advice", []))


def check_reply_rate_answer(rate: Any, denominator: Any, events=None):
    """Exercise 1, a reply rate worked out by hand: see :func:`infoview.exercises.check_reply_rate`."""
    from .exercises import check_reply_rate

    return check_reply_rate(rate, denominator, events)


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


def check_action(metric: str | None, choice: Any, content_dir=None):
    """Exercise 2, the action chosen for a low metric: see :func:`infoview.exercises.check_action`."""
    from .exercises import check_action as check

    return check(metric, choice, content_dir)


def learner_or_sample(tracker: Tracker | None = None, today=None) -> Events:
    """The learner's data when their tracker has interactions, else the sample learner's.

    The returned :class:`Events` says which in ``.source`` (a sentence to show).
    """
    from .sample import tracker_or_sample

    source, is_sample = tracker_or_sample(tracker, needs="interactions")
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


# --------------------------------------------------------------------------- CLI
def _cmd_export(args: argparse.Namespace) -> int:
    if not args.anonymized:
        raise ValueError(
            "only --anonymized exports are available here; for a full copy of your tracker use 'infoview backup'."
        )
    tracker = Tracker(args.db)
    try:
        out = export_anonymized(tracker, args.out)
    finally:
        tracker.close()
    print(f"Wrote your anonymised summary (counts and dates only, no names or notes) to {out}.")
    return 0


def _cmd_cohort_report(args: argparse.Namespace) -> int:
    out, agg = write_cohort_report(args.folder, args.out)
    print(f"Wrote the cohort report for {len(agg.summaries)} learner(s) to {out}.")
    for name, why in agg.skipped:
        print(f"Skipped {name}: {why}.")
    return 0


def _cmd_sample_cohort(args: argparse.Namespace) -> int:
    n, report = write_sample_cohort(args.events, args.out_dir, args.report)
    print(f"Wrote {n} sample learner summaries and the report {report}.")
    return 0


def register_cli(sub) -> None:
    from .cli import add_db_argument

    p = sub.add_parser("export", help="write an anonymised summary of your outcomes for your instructor (JSON)")
    p.add_argument(
        "--anonymized",
        "--anonymised",
        action="store_true",
        required=False,
        help="counts and dates only: no names, e-mails, companies or notes",
    )
    p.add_argument("out", metavar="OUT", help="file (or folder) to write")
    add_db_argument(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("cohort-report", help="combine learners' anonymised summaries into one HTML report")
    p.add_argument("folder", metavar="DIR", help="folder of summaries made by 'infoview export --anonymized'")
    p.add_argument("--out", default="cohort_report.html", help="HTML file to write (default: cohort_report.html)")
    p.set_defaults(func=_cmd_cohort_report)

    p = sub.add_parser("sample-cohort", help="regenerate data/sample/cohort/ and its report from cohort_events.csv")
    p.add_argument("--events", default=None, help="cohort events CSV (default: data/sample/cohort_events.csv)")
    p.add_argument("--out-dir", default=None, help="folder for the summaries (default: data/sample/cohort/)")
    p.add_argument("--report", default=None, help="report file (default: data/sample/cohort_report.html)")
    p.set_defaults(func=_cmd_sample_cohort)


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
