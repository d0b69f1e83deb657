"""Stage 6 charts: the learner's funnel, reply rates, reply delays and weekly activity.

Each chart reads the same numbers as :mod:`infoview.outcomes` (so a chart never disagrees
with the table beside it), says its finding in the title, and is a
:class:`~infoview.charts.ChartResult` carrying a one-sentence text alternative.

>>> from infoview.outcomes import demo_events
>>> chart("funnel", demo_events()).alt.split(":")[0]
'Bar chart of contacts reaching each stage'
"""

from __future__ import annotations

import math

from .charts import CHANNEL_COLOURS, OKABE_ITO, ChartResult, figure, set_title
from .outcomes import (
    Events,
    event_arrays,
    events_table,
    funnel,
    load_settings,
    per_contact,
    percent,
    reply_delays,
    reply_rates,
    stage_reached_on,
    weekly_activity,
)
from .tracker import INTERACTION_KINDS

__all__ = [
    "funnel_chart",
    "reply_rate_chart",
    "delay_chart",
    "activity_chart",
    "cumulative_chart",
    "CHART_NAMES",
    "chart",
    "all_charts",
]


def _is_frame_with(data, *columns) -> bool:
    import pandas as pd

    return isinstance(data, pd.DataFrame) and all(c in data.columns for c in columns)


def funnel_chart(data, *, who: str = "") -> ChartResult:
    """Horizontal bars: contacts at each stage; the title names the biggest drop.

    ``data``: anything :func:`funnel` accepts, or a funnel DataFrame already computed.
    """
    f = data if _is_frame_with(data, "stage", "count") else funnel(data)
    fig, ax = figure()
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
        title = f"Biggest drop: {f['label'].iloc[i - 1]} to {f['label'].iloc[i].lower()} ({percent(conv)} went on)"
    else:
        title = f"{f['count'].iloc[0]} contacts identified; too few yet to compare stages"
    set_title(ax, who + title, width=48)  # the long stage names leave less room
    parts = ", ".join(f"{lab.lower()} {c}" for lab, c in zip(f["label"], f["count"]))
    alt = f"Bar chart of contacts reaching each stage: {parts}."
    return ChartResult(fig, alt)


def reply_rate_chart(data, *, who: str = "") -> ChartResult:
    """Bars of reply rate per channel with 95% Wilson intervals; channels under the threshold are marked."""
    import numpy as np

    r = data if _is_frame_with(data, "channel", "rate", "contacted") else reply_rates(data)
    if (r["contacted"] > 0).any():  # channels nobody was written to (or filtered out) carry no bar
        r = r[r["contacted"] > 0].reset_index(drop=True)
    fig, ax = figure()
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
    set_title(ax, who + title)
    return ChartResult(fig, alt)


def _min_n_of(data) -> int:
    if isinstance(data, Events):
        return data.min_n
    try:
        return int(load_settings()["min_contacts"])
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
    cfg = load_settings()
    b, c = cfg["booster_days"], cfg["curmudgeon_days"]
    fig, ax = figure()
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
            title = f"Most replies came within {b} business days ({percent(share)})"
        else:
            title = f"Most replies took longer than {b} business days ({percent(1 - share)})"
        alt = (
            f"Histogram of {n} reply delays: {quick} within {b} business days, {int((delays > c).sum())} after "
            f"{c}, median {np.median(delays):.0f} business days."
        )
    set_title(ax, who + title)
    return ChartResult(fig, alt)


def activity_chart(data, goal: int | None = None, *, who: str = "") -> ChartResult:
    """Messages sent per week as bars, with the weekly goal as a line."""
    import numpy as np

    w = data if _is_frame_with(data, "week_start", "messages") else weekly_activity(data, goal)
    fig, ax = figure()
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
    set_title(ax, who + title)
    return ChartResult(fig, alt)


def cumulative_chart(data, *, who: str = "") -> ChartResult:
    """Running totals over time: contacts written to, meetings held, referrals received."""
    import numpy as np

    ev = events_table(data)
    e = ev.events
    code = event_arrays(ev)["code"]
    series = {
        "Contacts written to": per_contact(ev)["first_touch"].dropna(),
        "Meetings held": e.loc[code == INTERACTION_KINDS.index("meeting_held"), "occurred_on"],
        # Contacts, dated by when each first reached the stage: the count the funnel shows
        # (a contact who reached an opportunity without a logged referral counts in both).
        "Referrals or next contacts": stage_reached_on(ev, "referral").dropna(),
    }
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["purple"]]
    styles = ["-", "--", ":"]
    fig, ax = figure()
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
    set_title(ax, who + title)
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
