"""Stage 0, start here: your tracker file, backing it up and restoring it, and the honest numbers.

The backup and restore logic itself is in :mod:`infoview.tracker` (backup) and
:mod:`infoview.backup_check` (the checked restore); this module adds the
command-line and notebook entry points, the evidence table the first lesson shows and the
checks for its two exercises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .backup_check import inspect_backup, restore
from .content import load_toml
from .tracker import Tracker

__all__ = [
    "course",
    "welcome",
    "numbers",
    "EVIDENCE_CHOICES",
    "check_evidence",
    "requests_exercise",
    "check_requests",
    "Feedback",
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


@dataclass
class Feedback:
    """What every exercise check returns: ``ok`` and a message per point still to fix.

    ``head`` is the first line; by default "All correct." or "N of M correct so far." (or
    "Not yet:" when there is no count). A check whose first message is its own summary
    passes ``head=""``. Shown as text, or in a notebook as a coloured list; ``bool()`` is ``ok``.
    """

    ok: bool
    messages: list[str] = field(default_factory=list)
    correct: int = 0
    total: int = 0
    head: str | None = None

    def heading(self) -> str:
        if self.head is not None:
            return self.head
        if self.ok:
            return "All correct."
        return f"{self.correct} of {self.total} correct so far." if self.total else "Not yet:"

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        head = self.heading()
        if not head:  # the check's own first message is its summary
            return "\n".join(self.messages)
        return "\n".join([head, *(f"- {m}" for m in self.messages)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from html import escape

        colour = "#0b6e4f" if self.ok else "#8a5a00"
        head = self.heading()
        items = "".join(f"<li>{escape(m.strip())}</li>" for m in self.messages)
        return (
            f'<div style="color:{colour}">'
            + (f"<b>{'✔ ' if self.ok else ''}{escape(head)}</b>" if head else "")
            + (f"<ul>{items}</ul>" if items else "")
            + "</div>"
        )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_labels(items, answers, *, expected, choices, describe, hint, what: str = "one of the choices") -> Feedback:
    """Check a labelling exercise: for each item the learner picked one of ``choices``.

    ``expected(item)`` is the right label, ``describe(item)`` how the item is quoted in a
    message and ``hint(item)`` what to look at when the label is wrong. Blank answers say
    "Not answered yet", never an error.

    >>> items = [{"id": "a", "text": "Coffee?", "ok": "yes"}]
    >>> fb = check_labels(items, {"a": "no"}, expected=lambda i: i["ok"], choices=("yes", "no"),
    ...                   describe=lambda i: i["text"], hint=lambda i: "It asks for advice.")
    >>> fb.correct, fb.messages
    (0, ['Look again at Coffee? Hint: It asks for advice.'])
    """
    fb = Feedback(ok=False, total=len(items))
    for item in items:
        given = (answers or {}).get(item["id"], "")
        quote = describe(item)
        if not given:
            fb.messages.append(f"Not answered yet: {quote}")
        elif given not in choices:
            fb.messages.append(f"{given!r} is not {what} (use one of {', '.join(choices)}): {quote}")
        elif given != expected(item):
            fb.messages.append(f"Look again at {quote} Hint: {hint(item)}")
        else:
            fb.correct += 1
    fb.ok = fb.correct == fb.total
    return fb


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


def check_evidence(answers: dict[str, str], content_dir=None) -> Feedback:
    """Check how a learner classified each figure (id -> one of :data:`EVIDENCE_CHOICES`).

    >>> check_evidence({}).ok
    False
    >>> right = {f["id"]: f["use"] for f in numbers()}
    >>> check_evidence(right).ok
    True
    """
    return check_labels(
        numbers(content_dir),
        answers,
        expected=lambda f: f["use"],
        choices=tuple(EVIDENCE_CHOICES),
        describe=lambda f: _short(f["claim"]),
        hint=lambda f: f"Its source: {f['source']}.",
    )


def requests_exercise(content_dir=None) -> list[dict]:
    """The example requests for the "advice or job ask?" exercise (``data/content/start.toml``)."""
    return list(load_toml("start", content_dir).get("request", []))


def check_requests(answers: dict[str, str], content_dir=None) -> Feedback:
    """Check the learner's labels ("advice" or "job_ask") for each example request.

    >>> fb = check_requests({"r1": "advice"})
    >>> fb.correct, fb.ok
    (1, False)
    """
    return check_labels(
        requests_exercise(content_dir),
        answers,
        expected=lambda r: r["kind"],
        choices=("advice", "job_ask"),
        describe=lambda r: f"\u201c{_short(r['text'], 50)}\u201d",
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
