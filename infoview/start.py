"""Stage 0, start here: your tracker file, backing it up and restoring it, and the honest numbers.

The backup and restore logic itself is in :mod:`infoview.tracker` (backup) and
:mod:`infoview.backup_check` (the checked restore); this module adds the
command-line and notebook entry points, the evidence table the first lesson shows and the
checks for its two exercises (built on :mod:`infoview.exercises`).
"""

from __future__ import annotations

from pathlib import Path

from .backup_check import inspect_backup, restore
from .content import load_toml
from .exercises import Feedback, check_labels, quote_describer, shorten
from .tracker import Tracker

__all__ = [
    "course",
    "welcome",
    "numbers",
    "EVIDENCE_CHOICES",
    "check_evidence",
    "requests_exercise",
    "check_requests",
    "backup_file",
    "restore_file",
]

#: How a figure may be used, as the evidence exercise offers it.
EVIDENCE_CHOICES = {
    "data": "Quote it as data (with its source)",
    "belief": "A belief people hold, not how they were hired",
    "claim_to_question": "A claim to question: not a measurement",
    "assumption": "No published figure: only an assumption",
}


def course(content_dir=None) -> dict:
    """The course's name, audience and instructor (``data/content/course.toml``).

    >>> sorted(course())
    ['audience', 'instructor', 'name']
    """
    data = load_toml("course", content_dir).get("course", {})
    return {key: str(data.get(key, "") or "") for key in ("name", "audience", "instructor")}


def welcome(content_dir=None):
    """A heading naming the course, its audience and instructor, for the start notebook."""
    from html import escape

    from IPython.display import HTML

    c = course(content_dir)
    lines = [f"<h3 style='margin:0'>{escape(c['name'])}</h3>"]
    if c["audience"]:
        lines.append(f"<div><b>For:</b> {escape(c['audience'])}</div>")
    if c["instructor"]:
        lines.append(f"<div><b>Instructor:</b> {escape(c['instructor'])}</div>")
    return HTML("<div class='infoview-course'>" + "".join(lines) + "</div>")


def numbers(content_dir=None) -> list[dict]:
    """The networking statistics the curriculum may quote, each with its source and reliability.

    Loaded from ``data/content/numbers.toml`` so an instructor can add local figures.

    >>> [f["id"] for f in numbers() if f["use"] == "claim_to_question"]
    ['adler_85']
    """
    data = load_toml("numbers", content_dir)
    return list(data.get("figure", []))


def numbers_table(content_dir=None, styled: bool = False):
    """The figures as a DataFrame: claim, source, how far to trust it.

    ``styled=True`` gives a left-aligned table without the index for a notebook (with a
    fixed element id, so the stored output is the same on every run).
    """
    import pandas as pd

    rows = [
        {"Claim": f["claim"], "Source": f["source"], "How far to trust it": f["reliability"]}
        for f in numbers(content_dir)
    ]
    df = pd.DataFrame(rows)
    if not styled:
        return df
    return (
        df.style.hide(axis="index")
        .set_uuid("infoview-numbers")
        .set_properties(**{"text-align": "left", "vertical-align": "top"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )


def check_evidence(answers, content_dir=None) -> Feedback:
    """Stage 0, "data, belief, claim or assumption?": how each networking figure may be used.

    >>> from infoview.start import numbers
    >>> check_evidence({f["id"]: f["use"] for f in numbers()}).ok
    True
    """

    return check_labels(
        numbers(content_dir),
        answers,
        expected=lambda f: f["use"],
        choices=tuple(EVIDENCE_CHOICES),
        describe=lambda f: shorten(f["claim"]),
        hint=lambda f: f"Its source: {f['source']}.",
    )


def requests_exercise(content_dir=None) -> list[dict]:
    """The example requests for the "advice or job ask?" exercise (``data/content/start.toml``)."""
    return list(load_toml("start", content_dir).get("request", []))


def check_requests(answers, content_dir=None) -> Feedback:
    """Stage 0, "advice, or a job ask?": a label ("advice" or "job_ask") for each example request.

    >>> fb = check_requests({"r1": "advice"})
    >>> fb.correct, fb.ok
    (1, False)
    """
    items = list(load_toml("start", content_dir).get("request", []))
    return check_labels(
        items,
        answers,
        expected=lambda r: r["kind"],
        choices=("advice", "job_ask"),
        describe=quote_describer(50),
        hint=lambda r: r["why"],
    )


def backup_file(db=None, out=None) -> Path:
    """Back up the tracker ``db`` to ``out`` (default: ``backups/`` beside the tracker)."""
    tracker = Tracker(db)
    try:
        if out is None:
            out = (Path.cwd() if tracker.in_memory else Path(tracker.path).parent) / "backups"
        return tracker.backup(out)
    finally:
        tracker.close()


def restore_file(source, db=None) -> tuple[dict, Path | None]:
    """Restore ``source`` into the tracker ``db``; returns the backup's counts and the safety copy."""
    counts = inspect_backup(source)
    tracker = Tracker(db)
    try:
        safety = restore(tracker, source)
    finally:
        tracker.close()
    return counts, safety
