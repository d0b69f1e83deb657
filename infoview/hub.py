"""Collecting a class's anonymised summaries on a JupyterHub, without e-mail.

On a hub whose learners' home folders sit on one disk (a single machine with
``SimpleLocalProcessSpawner`` or The Littlest JupyterHub, or Kubernetes with NFS home
folders mounted in an instructor's server), the instructor runs::

    infoview collect /home --out summaries/
    infoview cohort-report summaries/ --out cohort_report.html

``collect`` looks in each learner's folder for their tracker (``infoview-data/tracker.sqlite``
in the copy nbgitpuller made, or in the home folder itself), reads it without writing to it,
and writes only the anonymised summary of :func:`infoview.outcomes.summarize` (counts and
weeks; no names, notes or text). A learner's summary keeps the same pseudonymous id from one
collection to the next (a keyed hash of their folder, the key kept in the output folder), so
collecting again replaces their file instead of adding a second one, and the id says nothing
about who they are to anyone without that key.

When the instructor set up an exchange folder instead (:mod:`infoview.handin`: learners press
"Hand in" in notebook 06), ``infoview cohort-report EXCHANGE`` reads it as it is, or
``infoview collect --exchange EXCHANGE --out summaries/`` copies the checked summaries out
of it (:func:`collect_exchange`), beside any collected from home folders. Learner ids differ
between the two ways (a kept random id against a keyed hash of the folder), so use one way
per class, or a learner who did both is counted twice.

Every tracker is untrusted input: links, folders, other programs' databases, damaged or newer
files are skipped with one sentence saying why, and nothing in the learner's folder changes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .cohort import aggregate_cohort, summarize, summary_json
from .summary_schema import latest_per_learner, read_summary_files
from .tracker import APPLICATION_ID, SCHEMA_VERSION, Tracker, TrackerError

_SQLITE_MAGIC = b"SQLite format 3\x00"

__all__ = ["CollectResult", "find_trackers", "check_out", "collect", "collect_exchange", "TRACKER_PATTERNS"]

#: Where a learner's tracker is looked for, relative to their home folder.
TRACKER_PATTERNS = ("infoview-data/tracker.sqlite", "*/infoview-data/tracker.sqlite")
#: A tracker holds a few MB; anything far larger is not one a class produced.
MAX_TRACKER_BYTES = 256 * 1024 * 1024
KEY_FILE = ".infoview-collect-key"


@dataclass
class CollectResult:
    """``written``: summary files; ``skipped``: (learner folder and path, reason) pairs."""

    written: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def summary(self) -> str:
        text = f"Collected {len(self.written)} anonymised summar{'y' if len(self.written) == 1 else 'ies'}."
        if self.skipped:
            text += f" Skipped {len(self.skipped)}: " + "; ".join(f"{where}: {why}" for where, why in self.skipped)
        return text


def find_trackers(homes: str | os.PathLike) -> list[tuple[str, Path]]:
    """(``learner/relative/path``, path) of each tracker under the learners' folders in ``homes``.

    Folders that are links are not followed (a learner could point one at another's files).
    """
    homes = Path(homes)
    if not homes.is_dir():
        raise FileNotFoundError(f"{homes} is not a folder of learners' home folders.")
    found = []
    for home in sorted(homes.iterdir()):
        if home.is_symlink() or not home.is_dir() or home.name.startswith("."):
            continue
        seen = set()
        for pattern in TRACKER_PATTERNS:
            for path in sorted(home.glob(pattern)):
                rel = path.relative_to(homes).as_posix()
                if rel not in seen:
                    seen.add(rel)
                    found.append((rel, path))
    return found


def _why_not_readable(homes: Path, path: Path) -> str | None:
    """Why ``path`` must not be read (a link anywhere below ``homes``, not a file, too large), or None."""
    here = path
    while here != homes and homes in here.parents:
        if here.is_symlink():
            return "it is reached through a link; only the learner's own files are read"
        here = here.parent
    if not path.is_file():
        return "it is not a regular file"
    if path.stat().st_size > MAX_TRACKER_BYTES:
        return f"it is larger than {MAX_TRACKER_BYTES // (1024 * 1024)} MB, far more than a tracker holds"
    return None


def _key(out: Path) -> bytes:
    path = out / KEY_FILE
    if path.is_file():
        return path.read_bytes()
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def _pseudonym(key: bytes, rel: str) -> str:
    return "learner-" + hmac.new(key, rel.encode("utf-8"), hashlib.sha256).hexdigest()[:12]


def _summary_of(path: Path, learner_id: str, scratch: Path) -> dict:
    """The anonymised summary of the tracker at ``path``, read from a snapshot (the original is
    opened read-only and never changed, even when it is an older schema)."""
    with open(path, "rb") as fh:
        head = fh.read(len(_SQLITE_MAGIC))
    if head != _SQLITE_MAGIC:
        raise TrackerError("it is empty" if not head else "it is not a SQLite file, so not an infoview tracker")
    snapshot = scratch / "snapshot.sqlite"
    snapshot.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = src.execute("PRAGMA application_id").fetchone()[0]
            version = src.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise TrackerError("it is a SQLite database from another program, not an infoview tracker")
            if version > SCHEMA_VERSION:
                raise TrackerError(
                    f"it was written by a newer infoview (schema {version}; this one reads up to "
                    f"{SCHEMA_VERSION}): update infoview and collect again"
                )
            dest = sqlite3.connect(str(snapshot))
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
        with sqlite3.connect(str(snapshot)) as check:
            verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise TrackerError(f"it is damaged ({verdict[:80]})")
    except sqlite3.DatabaseError as exc:
        raise TrackerError(f"it is not a readable SQLite file ({exc})") from None
    with Tracker(snapshot) as tracker:
        summary = summarize(tracker, learner_id=learner_id)
    skipped = aggregate_cohort([summary]).skipped  # the same check 'cohort-report' applies
    if skipped:
        raise TrackerError(f"its summary would be refused by the cohort report ({skipped[0][1]})")
    return summary


def check_out(out: str | os.PathLike) -> None:
    """Raise ValueError, in one sentence, when ``out`` cannot be the summaries' folder: a file
    is there, or the pseudonym key's name is taken by something that is not a file."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file; the summaries go into a folder (it is made if missing).")
    if (out / KEY_FILE).exists() and not (out / KEY_FILE).is_file():
        raise ValueError(f"{out / KEY_FILE} is not a file; move it away, it holds the key of the pseudonyms.")


def collect(homes: str | os.PathLike, out: str | os.PathLike) -> CollectResult:
    """Write one anonymised summary per learner tracker found under ``homes`` into ``out``.

    >>> import tempfile; from pathlib import Path
    >>> base = Path(tempfile.mkdtemp())
    >>> t = Tracker(base / "homes" / "ada" / "infoview" / "infoview-data" / "tracker.sqlite")
    >>> _ = t.add_contact(first_name="Sam", last_name="Example", company="Example Ltd"); t.close()
    >>> result = collect(base / "homes", base / "summaries")
    >>> len(result.written), result.skipped
    (1, [])
    >>> text = result.written[0].read_text(); "Sam" in text or "Example" in text or "homes/" in text
    False
    """
    homes, out = Path(homes), Path(out)
    trackers = find_trackers(homes)
    check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    key = _key(out)
    result = CollectResult()
    with tempfile.TemporaryDirectory(prefix="infoview-collect-") as tmp:
        for rel, path in trackers:
            why = _why_not_readable(homes, path)
            if why is None:
                learner_id = _pseudonym(key, rel)
                try:
                    summary = _summary_of(path, learner_id, Path(tmp))
                except (TrackerError, OSError) as exc:
                    why = str(exc).rstrip(".")
                else:
                    result.written.append(_write_summary(out, summary))
                    continue
            result.skipped.append((rel, why))
    return result


def _write_summary(out: Path, summary: dict) -> Path:
    target = out / f"{summary['learner_id']}.json"
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(summary_json(summary))
    os.replace(partial, target)
    return target


def collect_exchange(exchange: str | os.PathLike, out: str | os.PathLike) -> CollectResult:
    """Copy the summaries learners handed in to the exchange folder (:mod:`infoview.handin`) into
    ``out``, each checked as the cohort report checks it: one per learner id (the latest), links,
    folders and files that are not valid summaries skipped with the reason. Nothing in the
    exchange folder changes.

    >>> import tempfile; from infoview.handin import hand_in; from infoview.cohort import anonymized_bytes
    >>> base = Path(tempfile.mkdtemp()); (base / "exchange").mkdir()
    >>> _ = hand_in(anonymized_bytes(Tracker(":memory:")), base / "exchange")
    >>> (base / "exchange" / "notes.txt").write_text("not a summary")
    13
    >>> result = collect_exchange(base / "exchange", base / "summaries")
    >>> len(result.written), result.skipped[0][0]
    (1, 'notes.txt')
    """
    exchange, out = Path(exchange), Path(out)
    if not exchange.is_dir():
        raise FileNotFoundError(f"{exchange} is not a folder: give the exchange folder learners hand in to.")
    check_out(out)
    if out.resolve() == exchange.resolve():
        raise ValueError(f"{out} is the exchange folder itself; collect into another folder, e.g. summaries/.")
    usable, skipped = read_summary_files(exchange)
    kept, older = latest_per_learner(usable)
    out.mkdir(parents=True, exist_ok=True)
    return CollectResult(written=[_write_summary(out, s) for s in kept], skipped=skipped + older)
