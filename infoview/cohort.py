"""Stage 6 for the instructor: one learner's anonymised summary, and the class report built from many.

A learner exports :func:`summarize`'s numbers (``infoview export --anonymized``, or notebook
06's "Share with your instructor", both through :func:`anonymized_bytes`): counts, delays and
weekly activity per channel and stage, per-stage exercise counts, the role-play rubric's
rounds and means, and a random id kept in their tracker; no names, e-mails, companies, notes
or free text. The instructor collects the files in one folder and
:func:`write_cohort_report` reads them all (a file that is not a valid summary is skipped
and named, never charted), aggregates them (:func:`aggregate_cohort`) and writes one
self-contained HTML page.

>>> SUMMARY_SCHEMA
'infoview-outcomes-summary/1'
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import html
import json
import math
import os
import re
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .charts import OKABE_ITO, ChartResult, figure, set_title
from .exercises import cohort_completion, completion_counts
from .outcome_charts import delay_chart, funnel_chart, reply_rate_chart
from .outcomes import (
    NOT_ENOUGH,
    SHORT_CHANNEL,
    STAGE_LABELS,
    STAGES,
    Rate,
    events_table,
    follow_up_lift,
    learner_numbers,
    load_settings,
    per_contact,
    percent,
    weekly_activity,
)
from .paths import sample_data_dir
from .roleplay import rubric, rubric_summary
from .summary_schema import SUMMARY_SCHEMA, latest_per_learner, read_summary_files, summary_problem
from .tracker import CHANNELS, Tracker

__all__ = [
    "SUMMARY_SCHEMA",
    "CohortAggregate",
    "summarize",
    "LEARNER_ID_SETTING",
    "learner_id_of",
    "summary_json",
    "anonymized_bytes",
    "export_anonymized",
    "cohort_rubric",
    "aggregate_cohort",
    "comparison_rows",
    "cohort_report_html",
    "write_cohort_report",
    "SAMPLE_COHORT_TODAY",
    "sample_exercise_counts",
    "sample_cohort_paths",
    "sample_cohort",
    "cohort_summaries_from_events",
    "write_sample_cohort",
]


# ------------------------------------------------------------ anonymised summaries
#: The tracker setting that keeps the learner's pseudonymous id (random, made on the first export).
LEARNER_ID_SETTING = "summary_learner_id"
_LEARNER_ID = re.compile(r"learner-[0-9a-f]{12}")


def _new_learner_id() -> str:
    return "learner-" + secrets.token_hex(6)


def learner_id_of(tracker: Tracker) -> str:
    """The learner's pseudonymous id: random (nothing about them is in it), made on the first
    export and kept in their tracker, so a second hand-in replaces the first instead of counting
    them twice (and a restored backup keeps it). A tracker that cannot be written gets a fresh id.

    >>> t = Tracker(":memory:"); learner_id_of(t) == learner_id_of(t)
    True
    """
    kept = tracker.setting(LEARNER_ID_SETTING, None)
    if isinstance(kept, str) and _LEARNER_ID.fullmatch(kept):
        return kept
    new = _new_learner_id()
    try:
        tracker.set_setting(LEARNER_ID_SETTING, new)
    except sqlite3.Error:  # a read-only tracker still exports, with an id of the moment
        pass
    return new


def summarize(source, learner_id: str | None = None, goal: int | None = None) -> dict[str, Any]:
    """One learner's anonymised summary: counts and delays per channel and stage, weekly activity.

    Holds no names, e-mails, URLs, companies, notes or free text: only numbers, dates of
    weeks, channel and stage ids, and a random learner id (``secrets``) unless one is given.

    >>> from infoview.outcomes import demo_events
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
        extra["exercises"] = completion_counts(source)
        extra["roleplay"] = _roleplay_counts(source)
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


def _roleplay_counts(tracker: Tracker) -> dict[str, Any]:
    """The role-play rubric as numbers only: rounds scored, and per criterion id its rounds and
    mean score (no card, no names, no listener's comment)."""
    rows = tracker.roleplay_scores()
    return {
        "rounds": len(rows),
        "criteria": {r["id"]: {"rounds": r["rounds"], "mean": r["mean"]} for r in rubric_summary(rows)},
    }


def summary_json(summary: dict[str, Any]) -> bytes:
    """A summary as the bytes of its file: JSON, keys sorted, one-space indent, UTF-8, a final newline.

    >>> summary_json({"b": 1, "a": [2]}).decode().splitlines()
    ['{', ' "a": [', '  2', ' ],', ' "b": 1', '}']
    """
    return (json.dumps(summary, indent=1, sort_keys=True) + "\n").encode("utf-8")


def anonymized_bytes(source, learner_id: str | None = None) -> bytes:
    """The exact bytes ``infoview export --anonymized`` writes for ``source`` (a tracker: its kept
    pseudonymous id, :func:`learner_id_of`, unless ``learner_id`` is given). The notebook's
    "Share with your instructor" tool hands in these same bytes, so the two cannot drift."""
    if learner_id is None and isinstance(source, Tracker):
        learner_id = learner_id_of(source)
    return summary_json(summarize(source, learner_id))


def export_anonymized(source, out, learner_id: str | None = None) -> Path:
    """Write :func:`anonymized_bytes` to ``out`` (a file, or a folder to put one in, named by the learner id)."""
    data = anonymized_bytes(source, learner_id)
    out = Path(out)
    if out.is_dir():
        out = out / f"{json.loads(data)['learner_id']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def _check_summary(data: Any) -> str | None:
    """Why ``data`` is not a usable summary, or None (see :mod:`infoview.summary_schema`)."""
    return summary_problem(data)


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
    usable, skipped = read_summary_files(folder)
    summaries, older = latest_per_learner(usable)
    return summaries, skipped + older


def aggregate_cohort(folder_or_summaries, content_dir=None) -> CohortAggregate:
    """Combine learners' anonymised summaries (a folder of JSON files, or a list of dicts).

    Unreadable or foreign files are skipped and listed with the reason in ``skipped``.
    """
    import numpy as np
    import pandas as pd

    cfg = load_settings(content_dir)
    min_n, z = cfg["min_contacts"], cfg.get("interval_z", 1.96)
    if isinstance(folder_or_summaries, (str, os.PathLike)):
        folder = Path(folder_or_summaries)
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder} is not a folder of learner summaries.")
        summaries, skipped = _read_summaries(folder)
    else:
        usable, skipped = [], []
        for i, data in enumerate(folder_or_summaries):
            why = _check_summary(data)
            if why:
                skipped.append((f"item {i + 1}", why))
            else:
                usable.append((f"item {i + 1}", float(i), data))
        summaries, older = latest_per_learner(usable)
        skipped += older
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
                    f"{percent(counts[i] / prev)} of {prev}"
                    if ok
                    else ("" if prev is None else f"{NOT_ENOUGH} ({prev})")
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


def cohort_rubric(summaries, content_dir=None) -> list[dict[str, Any]]:
    """Per rubric line, over the learners whose summary scored it: learners, rounds and the mean
    score of all their rounds (each learner's mean weighted by their rounds). Lines of the
    current rubric come first, in its order, labelled; ids it no longer has follow as they are.

    >>> cohort_rubric([{"roleplay": {"rounds": 2, "criteria": {"opening": {"rounds": 2, "mean": 3.0}}}},
    ...                {"roleplay": {"rounds": 1, "criteria": {"opening": {"rounds": 1, "mean": 1.5}}}}, {}])[0]
    {'id': 'opening', 'label': 'Opening', 'learners': 2, 'rounds': 3, 'mean': 2.5}
    """
    rows: dict[str, dict[str, Any]] = {}
    for s in summaries:
        for cid, c in ((s.get("roleplay") or {}).get("criteria") or {}).items():
            if not c.get("rounds"):
                continue
            r = rows.setdefault(cid, {"id": cid, "label": cid, "learners": 0, "rounds": 0, "total": 0.0})
            r["learners"] += 1
            r["rounds"] += c["rounds"]
            r["total"] += c["mean"] * c["rounds"]
    order = {}
    for i, crit in enumerate(rubric(content_dir)[0]):
        order[crit.id] = i
        if crit.id in rows:
            rows[crit.id]["label"] = crit.label
    out = []
    for cid in sorted(rows, key=lambda k: (order.get(k, len(order)), k)):
        r = rows[cid]
        total = r.pop("total")
        out.append({**r, "mean": round(total / r["rounds"], 2)})
    return out


#: The numbers a learner is compared on, with their labels and formats.
COMPARISON = (
    ("contacted", "Contacts written to", "{:.0f}"),
    ("reply_rate", "Reply rate", "{:.0%}"),
    ("meetings", "Meetings held", "{:.0f}"),
    ("referrals", "Referrals or next contacts", "{:.0f}"),
    ("messages_per_week", "Messages per week (average)", "{:.1f}"),
)


def comparison_rows(source, agg: CohortAggregate) -> list[list[str]]:
    """One learner beside a cohort: [number, the learner's value, the cohort's median and middle half] rows."""
    mine = learner_numbers(source)
    rows = []
    for key, label, fmt in COMPARISON:
        sp = agg.spread(key)
        you = mine[key]
        you_text = NOT_ENOUGH if you is None else fmt.format(you)
        if sp["n"]:
            cohort = f"{fmt.format(sp['median'])} (middle half {fmt.format(sp['p25'])} to {fmt.format(sp['p75'])})"
        else:
            cohort = NOT_ENOUGH
        rows.append([label, you_text, cohort])
    return rows


def _spread_chart(agg: CohortAggregate) -> ChartResult:
    import numpy as np

    s = agg.learners["reply_rate"].dropna().to_numpy() * 100
    fig, ax = figure()
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
    set_title(ax, title)
    return ChartResult(fig, alt)


def _activity_distribution_chart(agg: CohortAggregate, goal: int) -> ChartResult:
    import numpy as np

    m = agg.learners["messages_per_week"].dropna().to_numpy()
    fig, ax = figure()
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
    set_title(ax, title)
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
    cfg = load_settings(content_dir)
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
    completion = cohort_completion(agg.summaries)
    if completion:
        parts.append(
            _table(
                [
                    "Stage or lesson",
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
    parts.append("<h2>Role-play rubric (lesson 4c)</h2>")
    rubric_rows = cohort_rubric(agg.summaries, content_dir)
    if rubric_rows:
        parts.append(
            _table(
                ["Rubric line", "Learners reporting", "Rounds scored", "Mean score (all rounds)"],
                [
                    [r["label"], r["learners"], r["rounds"], "" if r["mean"] is None else f"{r['mean']:.2f}"]
                    for r in rubric_rows
                ],
            )
        )
    else:
        parts.append("<p class='muted'>No summary carries role-play rubric scores yet.</p>")
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


def sample_cohort_paths() -> tuple[Path, Path, Path]:
    """The committed sample cohort: its events CSV, its folder of summaries and its report."""
    base = sample_data_dir() / "sample"
    return base / "cohort_events.csv", base / "cohort", base / "cohort_report.html"


@functools.lru_cache(maxsize=1)
def sample_cohort() -> CohortAggregate | None:
    """The committed sample cohort's summaries, aggregated once per session (None when absent)."""
    try:
        folder = sample_cohort_paths()[1]
    except FileNotFoundError:
        return None
    if not folder.is_dir():
        return None
    return aggregate_cohort(folder)


def cohort_summaries_from_events(events_csv=None) -> list[dict[str, Any]]:
    """One summary per learner in a cohort events CSV (learner ids kept; ``as_of`` 2026-03-16)."""
    import pandas as pd

    events_csv = Path(events_csv) if events_csv is not None else sample_cohort_paths()[0]
    df = pd.read_csv(events_csv, dtype=str, keep_default_na=False)
    if "learner_id" not in df.columns:
        raise ValueError(
            f"{events_csv.name} has no learner_id column; expected learner_id, contact_key, channel, kind, occurred_on."
        )
    config = load_settings()
    empty = completion_counts(Tracker(":memory:"))  # each lesson's exercises, nothing tried
    out = []
    for learner, rows in df.groupby("learner_id", sort=True):
        ev = events_table(rows.drop(columns=["learner_id"]), today=SAMPLE_COHORT_TODAY, config=config)
        summary = summarize(ev, learner_id=str(learner))
        out.append({"exercises": sample_exercise_counts(str(learner), empty), **summary})
    return out


def sample_exercise_counts(learner_id: str, lessons: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Synthetic exercise progress for one learner of the sample cohort (no real learner's):
    ``lessons`` in course order, as :func:`infoview.exercises.completion_counts` gives them.

    The same learner id always gives the same counts (a seed made from the id). Most learners
    work through the lessons in order and stop somewhere; a few skip one; some exercises are
    tried without being solved, and some worked answers opened.

    >>> lessons = {"0": {"exercises": 2, "tried": 0, "solved": 0, "revealed": 0},
    ...            "4c": {"exercises": 0, "tried": 0, "solved": 0, "revealed": 0}}
    >>> counts = sample_exercise_counts("L-000001", lessons)
    >>> counts == sample_exercise_counts("L-000001", lessons), counts["4c"]["tried"]
    (True, 0)
    """
    import hashlib
    import random

    rng = random.Random(int.from_bytes(hashlib.sha256(learner_id.encode("utf-8")).digest()[:8], "big"))
    reach = len(lessons) if rng.random() < 0.45 else rng.randint(1, len(lessons))  # lessons reached
    out = {}
    for i, (lesson, counts) in enumerate(lessons.items()):
        total = int(counts["exercises"])
        tried = solved = revealed = 0
        if total and i < reach and rng.random() > 0.08:  # a few skip a lesson they reached
            tried = total if i < reach - 1 else rng.randint(1, total)
            solved = max(0, tried - (rng.random() < 0.25) - (rng.random() < 0.1))
            revealed = min(tried, sum(rng.random() < 0.3 for _ in range(tried)))
        out[lesson] = {"exercises": total, "tried": tried, "solved": solved, "revealed": revealed}
    return out


def write_sample_cohort(events_csv=None, out_dir=None, report=None) -> tuple[int, Path]:
    """Regenerate ``data/sample/cohort/*.json`` and ``cohort_report.html`` from the events CSV."""
    default_csv, default_dir, default_report = sample_cohort_paths()
    out_dir = Path(out_dir) if out_dir is not None else default_dir
    report = Path(report) if report is not None else default_report
    summaries = cohort_summaries_from_events(events_csv or default_csv)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.json"):
        old.unlink()
    for s in summaries:
        (out_dir / f"{s['learner_id']}.json").write_bytes(summary_json(s))
    write_cohort_report(out_dir, report)
    return len(summaries), report
