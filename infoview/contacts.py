"""Stage 1, sourcing contacts: import your network, choose target employers, pick whom to approach.

The file readers (LinkedIn ``Connections.csv``, Google Contacts CSV, vCard) live in a
private module and are re-exported here. This module adds the target-list method (LAMP:
List, Advocacy, Motivation, Posting; Dalton, *The 2-Hour Job Search*), the channel a
contact came through, filters for choosing whom to approach, three charts, the checks for
the notebook's exercises and the ``import-contacts`` command. Every default (list size,
top 5, score ranges, channel guesses) is in ``data/content/sourcing.toml``.

>>> df = read_linkedin(b"First Name,Last Name,Company,Position,Connected On\\nAda,Byron,Analytical Ltd,Analyst,30 May 2024\\n")
>>> df.loc[0, "first_name"], df.attrs["skipped_hidden"]
('Ada', 0)
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Iterable, Mapping

from .charts import CHANNEL_COLOURS, OKABE_ITO, ChartResult, figure
from .contact_files import (
    COLUMNS,
    ContactsFile,
    load_contacts,
    parse_connected_on,
    read_contacts,
    read_google_contacts,
    read_linkedin,
    read_vcard,
)
from .content import load_toml
from .exercises import Feedback, check_labels, choice_set, clean_text, quote_describer, shorten
from .paths import sample_data_dir
from .paths import today as _today
from .session import Session
from .tracker import CHANNEL_LABELS, CHANNELS, TrackerError

__all__ = [
    "COLUMNS",
    "ContactsFile",
    "load_contacts",
    "parse_connected_on",
    "read_contacts",
    "read_google_contacts",
    "read_linkedin",
    "read_vcard",
    "load_settings",
    "employer_key",
    "guess_channel",
    "guess_channels",
    "clean_scores",
    "employers_from_contacts",
    "sort_targets",
    "target_table",
    "save_target",
    "check_target_list",
    "target_exercise",
    "check_target_order",
    "channel_examples",
    "check_channels",
    "filter_contacts",
    "lesson_data",
    "lesson_targets",
    "save_target_edits",
    "identified_ids",
    "added_channels",
    "LESSON_NOTES",
    "sample_connections_path",
    "import_sample",
    "remove_sample_contacts",
    "identify",
    "employer_chart",
    "channel_chart",
    "warmth",
    "warmth_chart",
    "import_contacts",
]


def load_settings(content_dir=None) -> dict[str, Any]:
    """Stage 1's content: target-list size and scales, channel guesses, exercises (``sourcing.toml``)."""
    return load_toml("sourcing", content_dir)


def employer_key(name: Any) -> str:
    """An employer name folded for comparison (case and spacing ignored).

    >>> employer_key("  Acme,  Inc. ") == employer_key("acme, inc.")
    True
    """
    return " ".join(str(name or "").split()).casefold()


# ------------------------------------------------------------------ channels
def guess_channel(
    company: str = "", position: str = "", *, school_keywords: Iterable[str] | None = None, content_dir=None
) -> str:
    """A default channel for an imported connection; the learner sets the real one.

    A LinkedIn export says nothing about how you know someone, so this is only a guess:
    "alumni" when one of your school keywords appears in their company or position (they
    work at your school), else the import default from ``sourcing.toml`` ("warm": they
    are in your own network).

    >>> guess_channel("Ashgrove State University", "Lecturer", school_keywords=["Ashgrove State"])
    'alumni'
    >>> guess_channel("Pemberly Freight", "Analyst", school_keywords=["Ashgrove State"])
    'warm'
    """
    return _channel_guesser(school_keywords, content_dir)(company, position)


def _channel_guesser(school_keywords: Iterable[str] | None, content_dir=None):
    """:func:`guess_channel` with the content file read once (an import guesses thousands of rows)."""
    cfg = load_settings(content_dir)["channels"]
    keywords = cfg.get("school_keywords", []) if school_keywords is None else school_keywords
    folded = [k.strip().casefold() for k in keywords if k.strip()]
    default = cfg.get("import_default", "warm")

    def guess(company: str = "", position: str = "") -> str:
        text = f"{company or ''} {position or ''}".casefold()
        return "alumni" if any(k in text for k in folded) else default

    return guess


def guess_channels(contacts, *, school_keywords: Iterable[str] | None = None, content_dir=None) -> list[str]:
    """:func:`guess_channel` for every row of a contacts DataFrame."""
    guess = _channel_guesser(school_keywords, content_dir)
    return [guess(c, p) for c, p in zip(contacts["company"], contacts["position"])]


# --------------------------------------------------------------- target list
ADVOCACY_VALUES = {
    "y": True,
    "yes": True,
    "true": True,
    "1": True,
    "n": False,
    "no": False,
    "false": False,
    "0": False,
    "": False,
}


def clean_scores(advocacy: Any, motivation: Any, posting: Any, content_dir=None) -> tuple[bool, int, int]:
    """LAMP scores checked against the ranges in ``sourcing.toml``; ValueError in plain words.

    >>> clean_scores("Y", "3", 1)
    (True, 3, 1)
    >>> clean_scores("maybe", 3, 1)
    Traceback (most recent call last):
    ...
    ValueError: Advocacy is Y or N (is someone there who could speak up for you?); got 'maybe'.
    """
    cfg = load_settings(content_dir)["target_list"]
    if isinstance(advocacy, str):
        key = advocacy.strip().lower()
        if key not in ADVOCACY_VALUES:
            raise ValueError(f"Advocacy is Y or N (is someone there who could speak up for you?); got {advocacy!r}.")
        adv = ADVOCACY_VALUES[key]
    else:
        adv = bool(advocacy)
    out = []
    for name, value in (("motivation", motivation), ("posting", posting)):
        scale = cfg[name]
        lo, hi = int(scale["min"]), int(scale["max"])
        meaning = "; ".join(f"{k} = {v}" for k, v in sorted(scale.get("labels", {}).items(), reverse=True))
        try:
            number = int(str(value).strip())
        except ValueError:
            number = None
        if number is None or not lo <= number <= hi:
            raise ValueError(f"{name.title()} is a whole number from {lo} to {hi} ({meaning}); got {value!r}.")
        out.append(number)
    return adv, out[0], out[1]


def employers_from_contacts(contacts, content_dir=None):
    """Employers in a contacts DataFrame with how many contacts (and warm ones) you have at each.

    Spellings that differ only in case or spacing count as one employer (the first
    spelling seen is shown). Contacts without a company are left out.
    """
    import pandas as pd

    warm = set(load_settings(content_dir)["channels"]["warm"])
    default = load_settings(content_dir)["channels"].get("import_default", "warm")
    counts: dict[str, list] = {}
    if contacts is not None and len(contacts):
        channels = contacts["channel"] if "channel" in contacts else [default] * len(contacts)
        for company, channel in zip(contacts["company"], channels):
            key = employer_key(company)
            if not key:
                continue
            entry = counts.setdefault(key, [" ".join(str(company).split()), 0, 0])
            entry[1] += 1
            entry[2] += channel in warm
    df = pd.DataFrame(list(counts.values()), columns=["employer", "contacts", "warm_contacts"])
    df = df.astype({"contacts": int, "warm_contacts": int})
    return df.sort_values(["contacts", "employer"], ascending=[False, True], key=_sort_key).reset_index(drop=True)


def _sort_key(col):
    return col.str.casefold() if col.dtype == object or str(col.dtype).startswith(("str", "string")) else col


TARGET_COLUMNS = (
    "rank",
    "employer",
    "advocacy",
    "motivation",
    "posting",
    "contacts",
    "warm_contacts",
    "scored",
    "added_by_learner",
    "top",
)


def sort_targets(table, content_dir=None):
    """Sort a target list the LAMP way and number it; the top ``top`` rows are flagged.

    Motivation first (highest first), then Posting, then Advocacy (Y before N); ties go to
    the employer with more warm contacts, then more contacts, then by name, so the order is stable.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"employer": ["B", "A", "C"], "advocacy": ["Y", "N", "Y"],
    ...                   "motivation": [2, 3, 3], "posting": [3, 1, 1]})
    >>> sort_targets(t)["employer"].tolist()
    ['C', 'A', 'B']
    """
    cfg = load_settings(content_dir)["target_list"]
    df = table.copy()
    df["_adv"] = df["advocacy"].map(lambda v: 1 if str(v).upper() == "Y" else 0)
    df["_name"] = df["employer"].map(employer_key)
    keys = [("_adv" if k == "advocacy" else k) for k in cfg.get("sort_by", ["motivation", "posting", "advocacy"])]
    # Ties (e.g. employers not scored yet): more warm contacts, more contacts, then the name.
    keys += [k for k in ("warm_contacts", "contacts") if k in df.columns]
    df = df.sort_values([*keys, "_name"], ascending=[False] * len(keys) + [True], kind="stable")
    df = df.drop(columns=["_adv", "_name"]).reset_index(drop=True)
    df["rank"] = range(1, len(df) + 1)
    df["top"] = df["rank"] <= int(cfg["top"])
    return df[[c for c in TARGET_COLUMNS if c in df.columns] + [c for c in df.columns if c not in TARGET_COLUMNS]]


def target_table(contacts=None, saved: Iterable[dict] = (), content_dir=None):
    """The learner's target list: saved employers plus those derived from the contacts, sorted.

    Parameters
    ----------
    contacts:
        A contacts DataFrame (company, and channel when known), or None.
    saved:
        Rows from :meth:`Tracker.target_list` (the learner's scores and added employers).

    Returns
    -------
    pandas.DataFrame
        One row per employer: rank, employer, advocacy ("Y"/"N"), motivation, posting,
        contacts, warm_contacts, scored (saved by the learner), added_by_learner, top.
        Employers not scored yet get Motivation and Posting 0 and an Advocacy guess
        (Y when you have a warm contact there).
    """
    import pandas as pd

    found = employers_from_contacts(contacts, content_dir)
    by_key = {employer_key(e): row for e, row in zip(found["employer"], found.itertuples(index=False))}
    rows = []
    seen = set()
    for t in saved:
        key = employer_key(t["employer"])
        seen.add(key)
        known = by_key.get(key)
        rows.append(
            {
                "employer": t["employer"],
                "advocacy": "Y" if t.get("advocacy") else "N",
                "motivation": int(t.get("motivation") or 0),
                "posting": int(t.get("posting") or 0),
                "contacts": known.contacts if known else 0,
                "warm_contacts": known.warm_contacts if known else 0,
                "scored": True,
                "added_by_learner": bool(t.get("added_by_learner")),
            }
        )
    for key, known in by_key.items():
        if key in seen:
            continue
        rows.append(
            {
                "employer": known.employer,
                "advocacy": "Y" if known.warm_contacts else "N",
                "motivation": 0,
                "posting": 0,
                "contacts": known.contacts,
                "warm_contacts": known.warm_contacts,
                "scored": False,
                "added_by_learner": False,
            }
        )
    columns = [
        "employer",
        "advocacy",
        "motivation",
        "posting",
        "contacts",
        "warm_contacts",
        "scored",
        "added_by_learner",
    ]
    return sort_targets(pd.DataFrame(rows, columns=columns), content_dir)


def save_target(
    tracker,
    employer: str,
    advocacy: Any = "N",
    motivation: Any = 0,
    posting: Any = 0,
    *,
    added_by_learner: bool = False,
    content_dir=None,
) -> None:
    """Check the scores, then add or update one employer on the tracker's target list."""
    name = " ".join(str(employer or "").split())
    if not name:
        raise ValueError("Type the employer's name first.")
    adv, mot, post = clean_scores(advocacy, motivation, posting, content_dir)
    existing = {employer_key(t["employer"]): t for t in tracker.target_list()}
    was_added = bool(existing.get(employer_key(name), {}).get("added_by_learner"))
    tracker.save_target(
        name, advocacy=int(adv), motivation=mot, posting=post, added_by_learner=added_by_learner or was_added
    )


def save_target_edits(tracker, table, edits: Mapping[str, tuple[Any, Any, Any]], content_dir=None) -> int:
    """Save the scores a learner edited on the target list, in one transaction; returns how many were saved.

    ``table`` is the list as shown (:func:`target_table`); ``edits`` maps an employer to its
    (advocacy, motivation, posting) as the learner left them, for the rows they could edit.
    An employer is saved when its scores changed, or when it was scored already (so a
    saved list keeps every score the learner confirmed); others stay unsaved suggestions.
    """
    scored = set(table.loc[table["scored"], "employer"])
    changed = 0
    with tracker.transaction():
        for r in table.itertuples(index=False):
            if r.employer not in edits:  # never shown, so never edited
                continue
            adv, mot, post = edits[r.employer]
            if r.employer in scored or (adv, mot, post) != (r.advocacy, r.motivation, r.posting):
                save_target(tracker, r.employer, adv, mot, post, content_dir=content_dir)
                changed += 1
    return changed


def check_target_list(table, content_dir=None):
    """Feedback on the learner's own target list: size, scores still missing, the top 5.

    Returns an :class:`infoview.exercises.Feedback` whose messages say what is still to do.
    """
    cfg = load_settings(content_dir)["target_list"]
    size, top = int(cfg["size"]), int(cfg["top"])
    n = 0 if table is None else len(table)
    fb = Feedback(ok=False, total=2)
    if n == 0:
        fb.messages.append(f"Your target list is empty. Load your contacts or add employers; aim for about {size}.")
        return fb
    if n >= size:
        fb.correct += 1
    else:
        fb.messages.append(
            f"Your list has {n} employer(s); the method asks for about {size}: add {size - n} more "
            "(dream employers, ones with postings, ones where people you know work)."
        )
    unscored = int((~table["scored"]).sum()) if "scored" in table else 0
    if unscored == 0:
        fb.correct += 1
    else:
        fb.messages.append(
            f"{unscored} employer(s) have no scores yet: give each a Motivation (and Posting) score, then save."
        )
    fb.messages.append(f"Contact these first: {', '.join(sort_targets(table, content_dir)['employer'][:top])}.")
    fb.ok = fb.correct == fb.total
    return fb


# ---------------------------------------------------------------- exercises
def target_exercise(content_dir=None):
    """The "who comes first?" exercise's employers with their LAMP scores, as a DataFrame in the file's order."""
    import pandas as pd

    df = pd.DataFrame(
        load_settings(content_dir).get("exercise_employer", []),
        columns=["employer", "advocacy", "motivation", "posting"],
    )
    df.index = range(1, len(df) + 1)  # numbered from 1 for people, not programs
    return df


def _why_first(a: Mapping, b: Mapping, keys: list[str]) -> str:
    """Why employer ``a`` sorts before ``b``, naming the first score that differs."""
    same = []
    for k in keys:
        if a[k] != b[k]:
            tie = f"the same {' and '.join(same)}, then " if same else ""
            return f"{a['employer']} comes before {b['employer']}: {tie}a higher {k.title()} ({a[k]} vs {b[k]})."
        same.append(k.title())
    return f"{b['employer']} is already placed higher up; each employer goes in one position."


def check_target_order(order, content_dir=None) -> Feedback:
    """Stage 1, "who comes first?": the five employers to contact first, best first.

    Employers that tie on every score may come in either order.

    >>> from infoview.contacts import sort_targets, target_exercise
    >>> check_target_order(sort_targets(target_exercise())["employer"][:5].tolist()).ok
    True
    """

    cfg = load_settings(content_dir)["target_list"]
    top = int(cfg["top"])
    keys = list(cfg.get("sort_by", ["motivation", "posting", "advocacy"]))
    ranked = sort_targets(target_exercise(content_dir), content_dir).to_dict("records")
    by_key = {employer_key(r["employer"]): r for r in ranked}
    if isinstance(order, str):
        order = [p for p in re.split(r"[,;\n]+", order)]
    given = choice_set(order) if not isinstance(order, str) else order
    given = [clean_text(g, 200) for g in given if clean_text(g, 200)]
    fb = Feedback(ok=False, total=top)
    if not given:
        fb.messages.append(f"Not answered yet: list the {top} employers you would contact first, best first.")
        return fb
    unknown = [g for g in given if employer_key(g) not in by_key]
    if unknown:
        fb.messages.append(
            f"Not on the exercise list: {', '.join(shorten(u, 40) for u in unknown)}. Choose names from the table."
        )
    picked = [by_key[employer_key(g)] for g in given if employer_key(g) in by_key][:top]
    score = lambda r: tuple(r[k] for k in keys)  # noqa: E731 - ties share a rank
    for i, expected in enumerate(ranked[:top]):
        if i >= len(picked):
            fb.messages.append(f"Position {i + 1} is still empty.")
        elif score(picked[i]) == score(expected) and picked.count(picked[i]) == 1:
            fb.correct += 1
            fb.right.append(f"Position {i + 1}: {picked[i]['employer']}.")
        else:
            fb.messages.append(f"Position {i + 1}: {_why_first(expected, picked[i], keys)}")
    fb.ok = fb.correct == fb.total and not unknown
    return fb


def channel_examples(content_dir=None) -> list[dict]:
    """The "which channel?" exercise's contacts to classify (``sourcing.toml``)."""
    return list(load_settings(content_dir).get("channel_example", []))


def check_channels(answers, content_dir=None) -> Feedback:
    """Stage 1, "which channel?": the channel of each example contact (id -> channel).

    >>> fb = check_channels({"c1": "warm", "c2": "cold"})
    >>> fb.correct, fb.ok
    (1, False)
    """

    items = list(load_toml("sourcing", content_dir).get("channel_example", []))
    return check_labels(
        items,
        answers,
        expected=lambda i: i["channel"],
        choices=CHANNELS,
        describe=quote_describer(60),
        hint=lambda i: i["why"],
        what="a channel",
    )


# ------------------------------------------------------------------ filters
def filter_contacts(
    contacts,
    *,
    employer: str | Iterable[str] | None = None,
    keyword: str = "",
    channel: str | Iterable[str] | None = None,
    max_years: float | None = None,
    min_years: float | None = None,
    today: _dt.date | None = None,
):
    """The contacts that match every filter given (None or "" means "any").

    Parameters
    ----------
    employer:
        One employer or several (case and spacing ignored).
    keyword:
        Words that must all appear in the position (case ignored), e.g. ``"data analyst"``.
    channel:
        One channel or several.
    max_years, min_years:
        Connected within the last ``max_years`` years / at least ``min_years`` years ago
        (contacts without a connection date are left out when either is set).

    >>> import pandas as pd, datetime as dt
    >>> df = pd.DataFrame({"company": ["Acme", "Beta"], "position": ["Data Analyst", "Nurse"],
    ...                    "channel": ["warm", "cold"], "connected_on": [dt.date(2025, 1, 1), dt.date(2015, 1, 1)]})
    >>> filter_contacts(df, keyword="analyst")["company"].tolist()
    ['Acme']
    >>> filter_contacts(df, max_years=2, today=dt.date(2026, 3, 16))["company"].tolist()
    ['Acme']
    """
    import pandas as pd

    mask = pd.Series(True, index=contacts.index)
    if employer:
        wanted = {employer_key(employer)} if isinstance(employer, str) else {employer_key(e) for e in employer}
        mask &= contacts["company"].map(employer_key).isin(wanted)
    words = str(keyword or "").casefold().split()
    if words:
        positions = contacts["position"].fillna("").astype(str).str.casefold()
        for word in words:
            mask &= positions.str.contains(word, regex=False)
    if channel:
        wanted = {channel} if isinstance(channel, str) else set(channel)
        mask &= contacts["channel"].isin(wanted)
    if max_years is not None or min_years is not None:
        now = today or _today()
        ages = contacts["connected_on"].map(lambda d: None if d is None or d != d else (now - d).days / 365.25)
        known = ages.notna()
        mask &= known
        if max_years is not None:
            mask &= known & (ages.where(known, 0) <= float(max_years))
        if min_years is not None:
            mask &= known & (ages.where(known, 0) >= float(min_years))
    return contacts[mask]


# ----------------------------------------------------- the learner or the sample
def sample_connections_path():
    """The committed fictional ``data/sample/Connections.csv``."""
    return sample_data_dir() / "sample" / "Connections.csv"


#: What the stage-1 tools say about the data they show (see :class:`infoview.session.Session`).
LESSON_NOTES = {
    "sample": (
        "Your tracker has no contacts yet, so this shows the fictional sample learner ({n} contacts); "
        "nothing you change here is saved. The tools switch to your contacts as soon as you load "
        "them; the charts are redrawn the next time you open this lesson."
    ),
    "own": "Using your tracker: {n} contact(s).",
}


def lesson_data(tracker=None) -> Session:
    """The session stage 1 works on: the learner's tracker (default: this session's), or the sample while it has no contacts.

    The sample learner (:func:`infoview.sample.sample_tracker`) is an in-memory tracker
    with about 40 contacts from every channel. It is checked again on every use, so tools
    and charts switch to the learner's contacts as soon as they are loaded (and back to the
    sample if they are all removed). Pass the result to each tool so that they all work on
    the same data.
    """
    if isinstance(tracker, Session):  # already chosen (a notebook passes one to every tool)
        return tracker
    return Session(tracker, needs="contacts", notes=LESSON_NOTES)


def lesson_targets(data, content_dir=None):
    """The target list (:func:`target_table`) of the tracker a lesson session works on."""
    tracker = data.tracker
    return target_table(tracker.contacts_frame(), tracker.target_list(), content_dir)


def import_sample(tracker, content_dir=None):
    """Add the fictional sample connections to ``tracker`` (source "sample", so they can be removed)."""
    keywords = load_settings(content_dir).get("sample", {}).get("school_keywords", [])
    return import_contacts(
        sample_connections_path(), tracker, school_keywords=keywords, source="sample", content_dir=content_dir
    )


def remove_sample_contacts(tracker) -> int:
    """Delete every contact the sample added (with their events); returns how many."""
    ids = [c["id"] for c in tracker.contact_list() if c["source"] == "sample"]
    with tracker.transaction():
        for contact_id in ids:
            tracker.delete_contact(contact_id)
    return len(ids)


def added_channels(tracker, result) -> dict[str, int]:
    """How many contacts an import added per channel (channel -> count, sorted by channel)."""
    counts: dict[str, int] = {}
    for contact_id in result.added:
        channel = tracker.contact(contact_id)["channel"]
        counts[channel] = counts.get(channel, 0) + 1
    return dict(sorted(counts.items()))


def identified_ids(tracker) -> set[int]:
    """The contacts the learner has chosen to approach (an "identified" event in their history)."""
    return {contact_id for contact_id, _, _, kind in tracker.history() if kind == "identified"}


def identify(tracker, contact_ids: Iterable[int], *, channel: str | None = None, on: Any = None) -> dict[str, list]:
    """Mark contacts as chosen to approach: log "identified" and (optionally) set their channel.

    One transaction. A contact already identified keeps its first date (only its channel
    changes). Returns ``{"identified": [...], "already": [...]}`` (ids).
    """
    if channel is not None and channel not in CHANNELS:
        raise TrackerError(f"Unknown channel {channel!r}; use one of: {', '.join(CHANNELS)}.")
    done: dict[str, list] = {"identified": [], "already": []}
    with tracker.transaction():
        for contact_id in contact_ids:
            current = tracker.contact(contact_id)
            if channel is not None and current["channel"] != channel:
                tracker.update_contact(contact_id, channel=channel)
            if any(kind == "identified" for *_, kind in tracker.history(contact_id)):
                done["already"].append(contact_id)
            else:
                tracker.log(contact_id, "identified", on=on)
                done["identified"].append(contact_id)
    return done


# ------------------------------------------------------------------- charts
def _contacts_frame(data):
    return data.contacts_frame() if isinstance(data, Session) else data


def _wrap(title: str, width: int = 64) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(title, width))


def employer_chart(contacts, top_n: int | None = None, content_dir=None):
    """Horizontal bars: your contacts at the employers where you know most people.

    Returns a ``ChartResult`` (``figure``, ``alt``: a one-sentence text alternative).
    """
    df = _contacts_frame(contacts)
    n = int(top_n or load_settings(content_dir)["charts"]["top_employers"])
    found = employers_from_contacts(df, content_dir).head(n)
    total = 0 if df is None else int((df["company"].map(employer_key) != "").sum())
    fig, ax = figure(7.0, 0.35 * max(len(found), 3) + 1.2)
    bars = ax.barh(found["employer"].tolist()[::-1], found["contacts"].tolist()[::-1], color=OKABE_ITO["blue"])
    ax.bar_label(bars, padding=3)
    ax.set_xlabel("Contacts (count)")
    ax.set_ylabel("Employer")
    if len(found):
        first = found.iloc[0]
        share = first["contacts"] / total
        title = _wrap(
            f"Your biggest cluster: {first['employer']}, {first['contacts']} of {total} contacts ({share:.0%})"
        )
        parts = ", ".join(f"{e} {c}" for e, c in zip(found["employer"], found["contacts"]))
        alt = f"Bar chart of your contacts at the {len(found)} employers where you know most people: {parts}."
    else:
        title = "No contacts with an employer yet"
        alt = "Bar chart of contacts by employer: there are no contacts with an employer yet."
    ax.set_title(title, loc="left")
    return ChartResult(fig, alt)


def channel_chart(contacts, content_dir=None):
    """Bars: how many of your contacts came through each channel (warm, alumni, cold, event, referral)."""

    df = _contacts_frame(contacts)
    counts = [int((df["channel"] == c).sum()) if df is not None and len(df) else 0 for c in CHANNELS]
    total = sum(counts)
    fig, ax = figure(7.0, 3.2)
    labels = [CHANNEL_LABELS[c].split(" (")[0] for c in CHANNELS]
    bars = ax.barh(labels[::-1], counts[::-1], color=[CHANNEL_COLOURS[c] for c in CHANNELS][::-1])
    ax.bar_label(bars, padding=3)
    ax.set_xlabel("Contacts (count)")
    ax.set_ylabel("Channel")
    if total:
        best = max(range(len(CHANNELS)), key=lambda i: counts[i])
        title = (
            f"Your biggest channel is {CHANNELS[best]}: {counts[best]} of {total} contacts ({counts[best] / total:.0%})"
        )
    else:
        title = "No contacts yet"
    ax.set_title(title, loc="left")
    alt = "Bar chart of contacts by channel: " + ", ".join(f"{c} {n}" for c, n in zip(CHANNELS, counts)) + "."
    return ChartResult(fig, alt)


def warmth(table) -> dict[str, dict[str, int]]:
    """How many target employers have a warm way in, only cold contacts, or no contact yet.

    Counted for the top of the list and for the whole list.
    """

    def count(rows) -> dict[str, int]:
        warm = int((rows["warm_contacts"] > 0).sum())
        cold = int(((rows["contacts"] > 0) & (rows["warm_contacts"] == 0)).sum())
        return {"warm": warm, "cold": cold, "none": int(len(rows) - warm - cold)}

    return {"top": count(table[table["top"]]), "all": count(table)}


def warmth_chart(table, content_dir=None):
    """Stacked bars: the share of your top employers and of the whole list with a warm way in."""
    counts = warmth(table)
    n_top = sum(counts["top"].values())
    rows = [("Whole list", counts["all"]), (f"Top {n_top}", counts["top"])]
    parts = [
        ("warm", "Warm way in", OKABE_ITO["orange"]),
        ("cold", "Cold contacts only", OKABE_ITO["grey"]),
        ("none", "No contact yet", OKABE_ITO["sky"]),
    ]
    n_all = sum(counts["all"].values())
    fig, ax = figure(7.0, 2.6)
    left = [0.0, 0.0]
    for key, label, colour in parts:
        shares = [100 * r[key] / max(sum(r.values()), 1) for _, r in rows]
        ax.barh([name for name, _ in rows], shares, left=left, color=colour, label=label, edgecolor="white")
        left = [a + b for a, b in zip(left, shares)]
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of employers (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=3, frameon=False)
    if n_all:
        title = (
            f"{counts['all']['warm']} of {n_all} target employers have a warm way in; "
            f"{counts['top']['warm']} of your top {n_top}"
        )
    else:
        title = "Your target list is empty"
    ax.set_title(title, loc="left")
    alt = (
        "Stacked bar chart of target employers: "
        + "; ".join(
            f"of the {name.lower().replace('whole list', f'whole list of {n_all}')}, {r['warm']} have a warm way in, "
            f"{r['cold']} only cold contacts and {r['none']} no contact yet"
            for name, r in rows[::-1]
        )
        + "."
    )
    return ChartResult(fig, alt)


def import_contacts(
    file,
    tracker,
    *,
    channel: str | None = None,
    format: str | None = None,
    school_keywords: Iterable[str] | None = None,
    source: str | None = None,
    content_dir=None,
):
    """Read a contact file and add its people to ``tracker`` in one transaction.

    The file is read completely before anything is written, so a bad file leaves the
    tracker as it was. Duplicates (same profile URL, or same name and company) are skipped.
    Without ``channel`` each contact gets a guessed channel (:func:`guess_channel`).
    ``file`` is anything :func:`load_contacts` reads, or a :class:`ContactsFile` already read;
    ``source`` labels the contacts in the tracker (default: the file's format).

    Returns
    -------
    (ContactsFile, ImportResult)
        What was read (with rows left out of the file) and what was added or skipped.
    """
    if channel is not None and channel not in CHANNELS:
        raise TrackerError(f"Unknown channel {channel!r}; use one of: {', '.join(CHANNELS)}.")
    read = file if isinstance(file, ContactsFile) else load_contacts(file, format)
    frame = read.frame
    if channel is None:
        frame = frame.assign(channel=guess_channels(frame, school_keywords=school_keywords, content_dir=content_dir))
    result = tracker.add_contacts(frame, source=source or read.format, channel=channel)
    return read, result
