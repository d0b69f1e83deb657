"""Stage 6 for the learner: handing in the anonymised summary, without a terminal.

What is handed in is :func:`infoview.cohort.anonymized_bytes`, the very bytes
``infoview export --anonymized`` writes, so the notebook's tool and the command cannot drift.
Before anything leaves, :func:`describe_summary` says in plain words what the file holds,
with the numbers taken from the summary itself, and what it does not hold; every sentence
and its basis come from ``privacy.toml`` (``[share.*]``), which an instructor may reword.

**The exchange folder** (optional, on a hub; like nbgrader's exchange). The instructor makes
one folder every learner's server can write to, and sets ``INFOVIEW_EXCHANGE`` to its path in
the learners' environment (Zero to JupyterHub: ``singleuser.extraEnv``; The Littlest
JupyterHub: ``c.Spawner.environment``). Give it mode ``1733`` (``chmod 1733``): learners can
create files in it but cannot list it, and the sticky bit stops anyone replacing a file that is
not theirs. :func:`hand_in` writes the learner's summary there as ``LEARNER_ID.json`` (their
pseudonymous id, :func:`infoview.cohort.learner_id_of`), replacing their earlier one
atomically: the bytes go to a new hidden file first (created exclusively, never through a
link), then are renamed over the old one, so the instructor never reads half a file. It never
lists or reads the folder, and a link planted under the learner's file name is replaced, never
followed. The instructor then runs ``infoview cohort-report EXCHANGE`` or ``infoview collect
--exchange EXCHANGE --out summaries/``. Without the variable, or with a folder that is
missing or not writable, the tool says so in one sentence and the download still works.

>>> exchange_folder({})
>>> exchange_folder({"INFOVIEW_EXCHANGE": "/srv/infoview-exchange"})
PosixPath('/srv/infoview-exchange')
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .content import ContentError, load_toml
from .exercises import lesson_sort_key
from .files import describe_os_error
from .outcomes import SHORT_CHANNEL, STAGES
from .summary_schema import summary_problem

__all__ = [
    "EXCHANGE_ENV",
    "SAMPLE_LEARNER_ID",
    "Line",
    "SummaryDescription",
    "HandInError",
    "share_texts",
    "describe_summary",
    "download_name",
    "exchange_folder",
    "check_exchange",
    "hand_in",
]

#: The environment variable an instructor sets to the exchange folder's path.
EXCHANGE_ENV = "INFOVIEW_EXCHANGE"
#: The sentences of ``privacy.toml``'s ``[share]`` table, each with ``text`` and ``source``.
SHARE_KEYS = (
    "own",
    "sample",
    "funnel",
    "channels",
    "messages",
    "delays",
    "meetings",
    "exercises",
    "no_exercises",
    "roleplay",
    "no_roleplay",
    "learner_id",
    "not_included",
    "download",
    "exchange",
)
#: The id the sample learner's summary carries (never handed in).
SAMPLE_LEARNER_ID = "sample-learner"


class HandInError(ValueError):
    """The summary could not be handed in; the message is one sentence saying why and what to do."""


@dataclass(frozen=True)
class Line:
    """One sentence a learner reads, and its basis (from ``privacy.toml``)."""

    text: str
    source: str


@dataclass(frozen=True)
class SummaryDescription:
    """What a summary holds, in plain words: ``heading``, one ``lines`` entry per part, the
    ``not_included`` statement, and ``numbers``, the values the sentences were filled from."""

    heading: Line
    lines: tuple[Line, ...]
    not_included: Line
    numbers: dict[str, Any]

    def text(self) -> str:
        return "\n".join([self.heading.text, *(f"- {line.text}" for line in self.lines), self.not_included.text])


def share_texts(content_dir=None) -> dict[str, Line]:
    """The ``[share.*]`` sentences of ``privacy.toml``; ContentError naming the first one missing or empty."""
    table = load_toml("privacy", content_dir).get("share")
    if not isinstance(table, Mapping):
        raise ContentError("privacy.toml has no [share] table: the 'Share with your instructor' tool reads it.")
    out = {}
    for key in SHARE_KEYS:
        item = table.get(key)
        if not isinstance(item, Mapping) or not all(str(item.get(f, "")).strip() for f in ("text", "source")):
            raise ContentError(f"privacy.toml: [share.{key}] needs a text and a source.")
        out[key] = Line(str(item["text"]).strip(), str(item["source"]).strip())
    return out


def _fill(line: Line, key: str, numbers: Mapping[str, Any]) -> Line:
    try:
        return Line(line.text.format(**numbers), line.source)
    except (KeyError, IndexError, ValueError) as exc:
        raise ContentError(f"privacy.toml: [share.{key}] uses a name the summary does not give ({exc}).") from None


def _numbers(summary: Mapping[str, Any]) -> dict[str, Any]:
    """Every number the sentences may use, read from the summary itself."""
    funnel, channels = summary["funnel"], summary["channels"]
    weekly = summary.get("weekly_messages", [])
    follow = summary.get("follow_up", {})
    numbers: dict[str, Any] = {
        **{stage: funnel[stage] for stage in STAGES},
        "as_of": summary["as_of"],
        "learner_id": summary["learner_id"],
        "channels": "; ".join(
            f"{SHORT_CHANNEL.get(name, name)}: {ch['contacted']} written to, {ch['replied']} replied"
            for name, ch in channels.items()
        ),
        "messages": sum(int(w.get("messages", 0)) for w in weekly),
        "weeks": len(weekly),
        "weekly_goal": summary.get("weekly_goal", ""),
        "delays": sum(len(ch.get("delays_business_days", [])) for ch in channels.values()),
        "meetings": summary.get("meetings", 0),
        "referrals": summary.get("referrals", 0),
        **{
            k: follow.get(k, 0)
            for k in ("first_messages", "replies_after_first", "second_messages", "replies_after_second")
        },
    }
    exercises = summary.get("exercises") or {}
    numbers["exercises"] = "; ".join(
        f"{'stage' if stage.isdigit() else 'lesson'} {stage}: {c['solved']} / {c['tried']} / {c['revealed']} of "
        f"{c['exercises']}"
        for stage, c in sorted(exercises.items(), key=lambda item: lesson_sort_key(item[0]))  # 1, 1b, 2, ...
    )
    roleplay = summary.get("roleplay") or {}
    numbers["rounds"] = roleplay.get("rounds", 0)
    numbers["criteria"] = "; ".join(
        f"{cid} {c['mean']:.2f} ({c['rounds']} rounds)"
        for cid, c in (roleplay.get("criteria") or {}).items()
        if c.get("rounds")
    )
    return numbers


def describe_summary(summary: Mapping[str, Any], *, sample: bool = False, content_dir=None) -> SummaryDescription:
    """What ``summary`` holds, in plain words for the learner, with its own numbers.

    >>> from infoview.outcomes import demo_events
    >>> from infoview.cohort import summarize
    >>> d = describe_summary(summarize(demo_events(), learner_id="learner-demo"))
    >>> d.numbers["replied"], d.lines[0].text.split(";")[2]
    (5, ' 5 replied')
    """
    why = summary_problem(dict(summary))
    if why:
        raise ValueError(f"This is not a summary that can be shared: {why}.")
    texts = share_texts(content_dir)
    numbers = _numbers(summary)
    keys = ["funnel", "channels", "messages", "delays", "meetings"]
    keys.append("exercises" if numbers["exercises"] else "no_exercises")
    keys.append("roleplay" if numbers["criteria"] else "no_roleplay")
    if not sample:
        keys.append("learner_id")
    head = "sample" if sample else "own"
    return SummaryDescription(
        heading=_fill(texts[head], head, numbers),
        lines=tuple(_fill(texts[k], k, numbers) for k in keys),
        not_included=_fill(texts["not_included"], "not_included", numbers),
        numbers=numbers,
    )


def download_name(summary: Mapping[str, Any], *, sample: bool = False) -> str:
    """The file name a downloaded summary gets (an instructor collecting files by hand can tell them apart).

    >>> download_name({"learner_id": "learner-0123456789ab"}), download_name({}, sample=True)
    ('infoview-summary-learner-0123456789ab.json', 'infoview-summary-sample-learner.json')
    """
    return f"infoview-summary-{SAMPLE_LEARNER_ID if sample else summary['learner_id']}.json"


def exchange_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """The exchange folder the instructor configured (``$INFOVIEW_EXCHANGE``), or None."""
    value = (os.environ if environ is None else environ).get(EXCHANGE_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _cannot_write(folder: Path) -> HandInError:
    return HandInError(
        f"You cannot write to the exchange folder {folder}: ask your instructor to make it writable for "
        "learners, and download your file meanwhile."
    )


def check_exchange(folder: str | os.PathLike | None) -> Path:
    """The exchange folder, checked without listing it; HandInError in one sentence when it cannot take a file."""
    if folder is None:
        raise HandInError(
            "No exchange folder is set up for this course, so there is nowhere to hand in here: "
            "download the file and send it to your instructor the way they asked."
        )
    folder = Path(folder)
    if not folder.exists():
        raise HandInError(
            f"The exchange folder {folder} does not exist: ask your instructor to create it, "
            "and download your file meanwhile."
        )
    if not folder.is_dir():
        raise HandInError(
            f"The exchange folder {folder} is not a folder: tell your instructor, and download your file meanwhile."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _cannot_write(folder)
    return folder


def hand_in(data: bytes, folder: str | os.PathLike | None = None) -> Path:
    """Write the summary ``data`` (the bytes of :func:`infoview.cohort.anonymized_bytes`) into the
    exchange folder (default: :func:`exchange_folder`) as ``LEARNER_ID.json``, replacing the
    learner's earlier one atomically. Returns the file's path; HandInError in one sentence otherwise.

    >>> import tempfile; from infoview.cohort import anonymized_bytes; from infoview.tracker import Tracker
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = hand_in(anonymized_bytes(Tracker(":memory:")), folder)
    >>> path.name.startswith("learner-"), [p.name for p in folder.iterdir()] == [path.name]
    (True, True)
    """
    why = summary_problem(bytes(data))
    if why:
        raise HandInError(f"This file is not a summary that can be handed in ({why}).")
    learner_id = json.loads(data)["learner_id"]
    if learner_id == SAMPLE_LEARNER_ID:
        raise HandInError("This is the sample learner's summary, not yours, so it is not handed in.")
    folder = check_exchange(folder if folder is not None else exchange_folder())
    target = folder / f"{learner_id}.json"
    partial = folder / f".{learner_id}.{secrets.token_hex(8)}.partial"  # hidden: the report passes it over
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(partial, flags, 0o644)
    except PermissionError:
        raise _cannot_write(folder) from None
    except OSError as exc:
        raise HandInError(f"Not handed in: {describe_os_error(exc, folder)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)  # the instructor reads it, whatever the learner's umask
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)  # a rename: a link at ``target`` is replaced, never followed
    except PermissionError:
        _discard(partial)
        raise HandInError(
            "A file under your learner id in the exchange folder belongs to someone else, so yours was not "
            "handed in: download your file and tell your instructor."
        ) from None
    except OSError as exc:
        _discard(partial)
        raise HandInError(f"Not handed in: {describe_os_error(exc, folder)}") from None
    except BaseException:
        _discard(partial)
        raise
    return target


def _discard(path: Path) -> None:
    """Remove our own half-written file (best effort: the report passes hidden files over anyway)."""
    try:
        path.unlink()
    except OSError:
        pass
