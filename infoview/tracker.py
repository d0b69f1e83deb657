"""The learner's tracker: one SQLite file holding contacts, interactions and notes.

Every stage writes here and stage 6 reads it back. The file is created on first use
(see :mod:`infoview.paths` for where). It is safe to have two notebooks open on it at
once (WAL mode, a busy timeout), and every multi-row write is one transaction, so an
interrupted import leaves all of it or none of it.

Why one module (about 800 lines): the schema, its migrations, the reads and writes, and
the backup all guard the same file. Restoring a backup is in :mod:`infoview.backup_check`
(``backup_check.restore(tracker, file)``), which checks the file against the schema these
migrations make.

>>> t = Tracker(":memory:")
>>> ada = t.add_contact(first_name="Ada", last_name="Byron", company="Analytical Ltd", channel="alumni")
>>> _ = t.log(ada, "outreach_sent", on="2026-01-05")
>>> t.count()
{'contacts': 1, 'interactions': 1, 'notes': 0}
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .files import well_formed, what_bytes_are
from .paths import default_db_path, parse_date, today

__all__ = [
    "Tracker",
    "TrackerError",
    "ImportResult",
    "CHANNELS",
    "CHANNEL_LABELS",
    "INTERACTION_KINDS",
    "INTERACTION_LABELS",
    "CONTACT_FIELDS",
    "SCHEMA_VERSION",
    "backup",
]

#: How a learner came to a contact. "referral" is someone a previous contact suggested.
CHANNELS = ("warm", "alumni", "cold", "event", "referral")
CHANNEL_LABELS = {
    "warm": "Your network (friends, family, colleagues)",
    "alumni": "Shared affiliation (alumni, a group)",
    "cold": "Cold (LinkedIn, company site)",
    "event": "Met at an event",
    "referral": "Referred by a contact",
}

#: Dated events in a contact's history, in funnel order. Stable ids: stored in the file.
INTERACTION_KINDS = (
    "identified",
    "outreach_sent",
    "follow_up_sent",
    "replied",
    "meeting_scheduled",
    "meeting_held",
    "thank_you_sent",
    "referral_received",
    "update_sent",
    "opportunity",
)
INTERACTION_LABELS = {
    "identified": "Identified",
    "outreach_sent": "Outreach sent",
    "follow_up_sent": "Follow-up sent",
    "replied": "Replied",
    "meeting_scheduled": "Meeting scheduled",
    "meeting_held": "Meeting held",
    "thank_you_sent": "Thank-you sent",
    "referral_received": "Referral or next contact received",
    "update_sent": "Update sent",
    "opportunity": "Opportunity",
}

CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "position",
    "email",
    "url",
    "connected_on",
    "channel",
    "source",
    "referred_by",
    "cadence_days",
)

#: Written into every tracker and backup file, so restore can tell ours from any SQLite file.
APPLICATION_ID = 0x49564557  # "IVEW"

_KINDS_SQL = ", ".join(f"'{k}'" for k in INTERACTION_KINDS)
_CHANNELS_SQL = ", ".join(f"'{c}'" for c in CHANNELS)

# Forward migrations: MIGRATIONS[i] takes a file from version i to i + 1.
# AUTOINCREMENT: an id is never given again after its row is deleted, so a form still open on a
# deleted contact cannot save onto the next one added, and a calendar UID (keyed by ids) stays one person's.
MIGRATIONS: list[str] = [
    f"""
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        position TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        connected_on TEXT,
        channel TEXT NOT NULL DEFAULT 'cold' CHECK (channel IN ({_CHANNELS_SQL})),
        source TEXT NOT NULL DEFAULT 'manual',
        referred_by INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
        cadence_days INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
        created_at TEXT NOT NULL
    );
    CREATE INDEX contacts_url ON contacts(url);
    CREATE INDEX contacts_name ON contacts(first_name COLLATE NOCASE, last_name COLLATE NOCASE);
    CREATE TABLE interactions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ({_KINDS_SQL})),
        occurred_on TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX interactions_contact ON interactions(contact_id, occurred_on);
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        occurred_on TEXT,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX notes_contact ON notes(contact_id, kind);
    CREATE TABLE targets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        employer TEXT NOT NULL UNIQUE COLLATE NOCASE,
        advocacy INTEGER NOT NULL DEFAULT 0,
        motivation INTEGER NOT NULL DEFAULT 0,
        posting INTEGER NOT NULL DEFAULT 0,
        added_by_learner INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # Step "roleplay rubric" (issue 15): the listener's rubric scores from the stage-4 role-play.
    # A new table only, so an existing tracker upgrades with nothing else touched. ``scores`` is
    # a JSON object {criterion id: 1..4}, so an instructor's own rubric needs no new column.
    # (Issue 12's exercise progress is the next step; the two are independent.)
    """
    CREATE TABLE roleplay_scores (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        card TEXT NOT NULL,
        speaker TEXT NOT NULL DEFAULT '',
        listener TEXT NOT NULL DEFAULT '',
        scores TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        occurred_on TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    # 3: the learner's exercises: how often each was checked, whether it is solved and whether
    # its worked answer was shown. One row per exercise id (the ids of data/content/exercises.toml).
    """
    CREATE TABLE exercise_progress (
        exercise_id TEXT PRIMARY KEY,
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        solved INTEGER NOT NULL DEFAULT 0 CHECK (solved IN (0, 1)),
        revealed INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
        first_tried_at TEXT,
        last_tried_at TEXT,
        solved_at TEXT,
        revealed_at TEXT
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class TrackerError(Exception):
    """A problem a learner can act on; the message says what was wrong and what to do."""


@dataclass
class ImportResult:
    """What :meth:`Tracker.add_contacts` did: the new ids and each skipped row with its reason."""

    added: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"Added {len(self.added)} contact(s), skipped {len(self.skipped)}."
        if self.skipped:
            reasons: dict[str, int] = {}
            for _, reason in self.skipped:
                reasons[reason] = reasons.get(reason, 0) + 1
            text += " Skipped: " + "; ".join(f"{n} {why}" for why, n in sorted(reasons.items()))
            text += "."
        return text


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _iso_date(value: Any, what: str = "date") -> str:
    """An ISO date string from anything :func:`infoview.paths.parse_date` reads; TrackerError otherwise."""
    if value is None or value == "":
        raise TrackerError(f"The {what} is missing; give a date like 2026-03-16.")
    try:
        return parse_date(value, what).isoformat()
    except ValueError as exc:
        raise TrackerError(str(exc)) from None


def normalize_url(url: str) -> str:
    r"""A profile URL reduced for duplicate checks across sources: no scheme, ``www.``/``m.``/country
    sub-domain of LinkedIn, query, fragment, escapes (``https\://`` from an Apple vCard), percent
    escapes or trailing slash; lower case.

    >>> normalize_url("https://www.linkedin.com/in/ada-byron/?trk=x")
    'linkedin.com/in/ada-byron'
    >>> normalize_url("https\\://uk.linkedin.com/in/Ada-Byron%C3%A9") == normalize_url("linkedin.com/in/ada-byroné/")
    True
    """
    from urllib.parse import unquote

    u = unquote((url or "").strip().replace("\\", "")).lower()
    u = re.sub(r"^[a-z][a-z0-9+.-]*://", "", u)
    u = u.split("?", 1)[0].split("#", 1)[0]
    u = re.sub(r"^(www\.|m\.)", "", u)
    u = re.sub(r"^[a-z]{2,3}\.linkedin\.com/", "linkedin.com/", u)  # uk.linkedin.com, de.linkedin.com
    return u.rstrip("/")


def normalize_email(email: str) -> str:
    """An e-mail address reduced for duplicate checks: no ``mailto:``, spaces or case.

    >>> normalize_email(" MAILTO:Ada.Byron@Example.org ")
    'ada.byron@example.org'
    """
    e = "".join((email or "").split()).lower()
    return e[7:] if e.startswith("mailto:") else e


def _name_key(first: str, last: str, company: str) -> tuple[str, str, str]:
    return (
        " ".join((first or "").lower().split()),
        " ".join((last or "").lower().split()),
        " ".join((company or "").lower().split()),
    )


class Tracker:
    """A learner's tracker file.

    Parameters
    ----------
    path:
        The SQLite file; default :func:`infoview.paths.default_db_path`. ``":memory:"``
        gives a throw-away tracker (the sample learner, tests).
    """

    def __init__(self, path: str | os.PathLike | None = None, *, timeout_seconds: float = 30.0):
        self.path = Path(default_db_path()) if path is None else (path if path == ":memory:" else Path(path))
        self.in_memory = self.path == ":memory:"
        if not self.in_memory:
            if self.path.exists() and self.path.is_dir():
                raise TrackerError(f"{self.path} is a folder; the tracker must be a file.")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # The header is read only after SQLite has refused the file: opening and closing a file
            # that another connection of this process holds would drop that connection's POSIX
            # locks, and another process could then delete the write-ahead log under it.
        try:
            self.conn = sqlite3.connect(
                str(self.path), timeout=timeout_seconds, isolation_level=None, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout_seconds * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._check_owner()  # before anything writes: never convert another program's file
            if not self.in_memory:
                self._enable_wal(timeout_seconds)
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(AttributeError):
                self.conn.close()
            if not self.in_memory and self.path.is_file() and self.path.stat().st_size > 0:
                _check_sqlite_header(self.path, purpose="tracker")
            if isinstance(exc, sqlite3.OperationalError) and _write_failure(exc) != f"Writing failed ({exc})":
                raise TrackerError(
                    f"{_write_failure(exc)}: the tracker {self.path} could not be opened, as SQLite "
                    "needs a little room beside it. It is as it was; free some space and try again."
                ) from None
            raise TrackerError(f"{self.path} could not be opened as an infoview tracker: {exc}.") from None

    # ----------------------------------------------------------------- plumbing
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Tracker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Tracker({str(self.path)!r})"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored, or (on any error) none of it."""
        if self.conn.in_transaction:  # nested: join the outer transaction
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
            if not self.in_memory:
                # Keep the main file complete: a learner may download or copy tracker.sqlite
                # alone while a notebook holds it open (WAL keeps commits in the -wal file
                # until a checkpoint). PASSIVE never blocks; about 1 ms per write.
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _enable_wal(self, timeout_seconds: float) -> None:
        """Switch to WAL, retrying: SQLite answers SQLITE_BUSY to this pragma without calling
        the busy handler while another process is converting a brand-new file."""
        deadline = time.monotonic() + timeout_seconds
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _check_owner(self) -> None:
        """Refuse a file that is another program's database or from a newer infoview."""
        # Tables first: they and the application_id are committed together, so seeing the
        # tables means seeing the id (another process may be creating this file right now).
        has_tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.schema_version()
        if has_tables and app_id != APPLICATION_ID:
            raise TrackerError(
                f"{self.path} is a SQLite file but not an infoview tracker; choose another file or remove it."
            )
        if version > SCHEMA_VERSION:
            raise TrackerError(
                f"{self.path} was written by a newer infoview (schema {version}; this one reads up to "
                f"{SCHEMA_VERSION}). Update infoview to open it."
            )

    def _migrate(self) -> None:
        self._check_owner()
        for target in range(self.schema_version(), SCHEMA_VERSION):
            with self.transaction() as conn:
                # Two notebooks opening a new file at once: re-read inside the write lock,
                # so a step another process has just applied is not applied twice.
                if conn.execute("PRAGMA user_version").fetchone()[0] > target:
                    continue
                for statement in _split_sql(MIGRATIONS[target]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {target + 1}")

    # ----------------------------------------------------------------- contacts
    def add_contact(self, **fields: Any) -> int:
        """Add one contact; returns its id. Unknown fields raise a TrackerError."""
        row = self._clean_contact(fields)
        with self.transaction() as conn:
            return self._insert_contact(conn, row)

    def _clean_contact(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        unknown = set(fields) - set(CONTACT_FIELDS)
        if unknown:
            raise TrackerError(
                f"Unknown contact field(s): {', '.join(sorted(unknown))}. Known: {', '.join(CONTACT_FIELDS)}."
            )
        row: dict[str, Any] = {}
        for key in ("first_name", "last_name", "company", "position", "email", "url"):
            value = fields.get(key)
            row[key] = (
                ""
                if value is None or (isinstance(value, float) and value != value)
                else well_formed(str(value)).strip()
            )
        connected = fields.get("connected_on")
        row["connected_on"] = (
            None
            if connected is None
            or connected == ""
            or (isinstance(connected, float) and connected != connected)
            or str(connected) == "NaT"
            else _iso_date(connected, "connection date")
        )
        channel = fields.get("channel") or "cold"
        if channel not in CHANNELS:
            raise TrackerError(f"Unknown channel {channel!r}; use one of: {', '.join(CHANNELS)}.")
        row["channel"] = channel
        row["source"] = well_formed(str(fields.get("source") or "manual"))
        row["referred_by"] = fields.get("referred_by")
        cadence = fields.get("cadence_days")
        if cadence is not None:
            try:
                cadence = int(cadence)
            except (TypeError, ValueError):
                raise TrackerError(f"The keep-in-touch cadence {cadence!r} must be a whole number of days.") from None
            if cadence <= 0:
                raise TrackerError("The keep-in-touch cadence must be at least 1 day.")
        row["cadence_days"] = cadence
        if not (row["first_name"] or row["last_name"]):
            raise TrackerError("A contact needs a first or last name.")
        return row

    def _insert_contact(self, conn: sqlite3.Connection, row: Mapping[str, Any]) -> int:
        cur = conn.execute(
            "INSERT INTO contacts (first_name, last_name, company, position, email, url, connected_on, channel, "
            "source, referred_by, cadence_days, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                row["first_name"],
                row["last_name"],
                row["company"],
                row["position"],
                row["email"],
                row["url"],
                row["connected_on"],
                row["channel"],
                row["source"],
                row["referred_by"],
                row["cadence_days"],
                _now(),
            ),
        )
        return int(cur.lastrowid)

    def add_contacts(
        self, rows: Iterable[Mapping[str, Any]], *, source: str = "import", channel: str | None = None
    ) -> ImportResult:
        """Add many contacts in one transaction, skipping duplicates.

        A row is a duplicate when its profile URL or its e-mail matches a stored or earlier row's
        (both normalised, so the same person from LinkedIn and from a vCard is one contact), or,
        when it has no URL, its first name, last name and company match (ignoring case and spacing).
        ``rows`` may be a list of dicts or a DataFrame (its records are used).
        """
        if hasattr(rows, "to_dict"):
            rows = rows.to_dict("records")  # type: ignore[union-attr]
        result = ImportResult()
        with self.transaction() as conn:
            urls = {normalize_url(r[0]) for r in conn.execute("SELECT url FROM contacts WHERE url <> ''")}
            emails = {normalize_email(r[0]) for r in conn.execute("SELECT email FROM contacts WHERE email <> ''")}
            names = {
                _name_key(r[0], r[1], r[2]) for r in conn.execute("SELECT first_name, last_name, company FROM contacts")
            }
            for index, raw in enumerate(rows):
                fields = {k: v for k, v in dict(raw).items() if k in CONTACT_FIELDS}
                fields.setdefault("source", source)
                if channel is not None:
                    fields["channel"] = channel
                try:
                    row = self._clean_contact(fields)
                except TrackerError as exc:
                    result.skipped.append((index, f"invalid ({exc})"))
                    continue
                url_key = normalize_url(row["url"])
                name_key = _name_key(row["first_name"], row["last_name"], row["company"])
                email_key = normalize_email(row["email"])
                if url_key and url_key in urls:
                    result.skipped.append((index, "duplicate (same profile URL)"))
                    continue
                if not url_key and name_key in names:
                    result.skipped.append((index, "duplicate (same name and company)"))
                    continue
                if email_key and email_key in emails:
                    result.skipped.append((index, "duplicate (same e-mail)"))
                    continue
                result.added.append(self._insert_contact(conn, row))
                if url_key:
                    urls.add(url_key)
                if email_key:
                    emails.add(email_key)
                names.add(name_key)
        return result

    def update_contact(self, contact_id: int, **fields: Any) -> None:
        current = self.contact(contact_id)
        merged = {k: current[k] for k in CONTACT_FIELDS}
        merged.update(fields)
        row = self._clean_contact(merged)
        with self.transaction() as conn:
            conn.execute(
                "UPDATE contacts SET " + ", ".join(f"{k} = ?" for k in row) + " WHERE id = ?",
                (*row.values(), contact_id),
            )

    def delete_contact(self, contact_id: int) -> None:
        """Remove a contact with its interactions and notes."""
        self.contact(contact_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))

    def contact(self, contact_id: int) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM contacts WHERE id = ?", (int(contact_id),)).fetchone()
        if row is None:
            raise TrackerError(f"No contact with id {contact_id} in this tracker.")
        return dict(row)

    def contact_list(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM contacts ORDER BY id")]

    def contacts_frame(self):
        """All contacts as a DataFrame (``connected_on`` as dates)."""
        import pandas as pd

        df = pd.read_sql_query("SELECT * FROM contacts ORDER BY id", self.conn)
        df["connected_on"] = pd.to_datetime(df["connected_on"], errors="coerce").dt.date
        return df

    @staticmethod
    def display_name(contact: Mapping[str, Any]) -> str:
        name = f"{contact.get('first_name', '')} {contact.get('last_name', '')}".strip()
        company = contact.get("company") or ""
        return f"{name} ({company})" if company else name

    # ------------------------------------------------------------- interactions
    def log(self, contact_id: int, kind: str, on: Any = None, detail: str = "") -> int:
        """Record a dated event (``kind`` from :data:`INTERACTION_KINDS`) for a contact."""
        self._check_kind(kind)
        self.contact(contact_id)
        occurred = _iso_date(on if on is not None else today(), "event date")
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO interactions (contact_id, kind, occurred_on, detail, created_at) VALUES (?,?,?,?,?)",
                (int(contact_id), kind, occurred, well_formed(str(detail or "")), _now()),
            )
            return int(cur.lastrowid)

    def log_many(self, events: Iterable[Mapping[str, Any]]) -> int:
        """Record many events in one transaction; each has contact_id, kind, occurred_on, detail."""
        prepared = []
        for ev in events:
            self._check_kind(ev["kind"])
            prepared.append(
                (
                    int(ev["contact_id"]),
                    ev["kind"],
                    _iso_date(ev["occurred_on"], "event date"),
                    well_formed(str(ev.get("detail") or "")),
                    _now(),
                )
            )
        with self.transaction() as conn:
            try:
                conn.executemany(
                    "INSERT INTO interactions (contact_id, kind, occurred_on, detail, created_at) VALUES (?,?,?,?,?)",
                    prepared,
                )
            except sqlite3.IntegrityError:
                raise TrackerError(
                    "An event names a contact that is not in this tracker; nothing was stored."
                ) from None
        return len(prepared)

    @staticmethod
    def _check_kind(kind: str) -> None:
        if kind not in INTERACTION_KINDS:
            raise TrackerError(f"Unknown interaction {kind!r}; use one of: {', '.join(INTERACTION_KINDS)}.")

    def delete_interaction(self, interaction_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM interactions WHERE id = ?", (int(interaction_id),))

    def interaction_list(self, contact_id: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM interactions"
        args: tuple = ()
        if contact_id is not None:
            sql += " WHERE contact_id = ?"
            args = (int(contact_id),)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY occurred_on, id", args)]

    def history(self, contact_id: int | None = None) -> list[tuple[int, str, int, str]]:
        """Every logged event as ``(contact_id, occurred_on, id, kind)``, oldest first (same day: logged first).

        The one read of contacts' histories every stage builds on: follow-ups group it per
        contact, outcomes turn it into columns, the composer and the contact picker ask which
        kinds a contact has. ``occurred_on`` is ISO text. Plain tuples, so reading 100,000
        events costs no more than reading the rows at all. ``contact_id`` limits it to one contact.

        >>> t = Tracker(":memory:"); c = t.add_contact(first_name="Ada", last_name="Byron")
        >>> _ = t.log(c, "replied", on="2026-03-04"); _ = t.log(c, "outreach_sent", on="2026-03-02")
        >>> [(day, kind) for _, day, _, kind in t.history()]
        [('2026-03-02', 'outreach_sent'), ('2026-03-04', 'replied')]
        """
        sql = "SELECT contact_id, occurred_on, id, kind FROM interactions"
        args: tuple = ()
        if contact_id is not None:
            sql += " WHERE contact_id = ?"
            args = (int(contact_id),)
        cur = self.conn.cursor()
        cur.row_factory = None
        try:
            return cur.execute(sql + " ORDER BY occurred_on, id", args).fetchall()
        finally:
            cur.close()

    def interactions_frame(self, contact_id: int | None = None):
        """Interactions as a DataFrame, with each contact's channel; ``occurred_on`` as datetime64."""
        import pandas as pd

        sql = (
            "SELECT i.id, i.contact_id, i.kind, i.occurred_on, i.detail, c.channel "
            "FROM interactions i JOIN contacts c ON c.id = i.contact_id"
        )
        args: tuple = ()
        if contact_id is not None:
            sql += " WHERE i.contact_id = ?"
            args = (int(contact_id),)
        df = pd.read_sql_query(sql + " ORDER BY i.occurred_on, i.id", self.conn, params=args)
        df["occurred_on"] = pd.to_datetime(df["occurred_on"])
        return df

    # -------------------------------------------------------------------- notes
    def add_note(self, contact_id: int | None, kind: str, body: Any, on: Any = None) -> int:
        """Store a note (text, or any JSON-able dict/list) about a contact, or a general one."""
        if contact_id is not None:
            self.contact(contact_id)
        occurred = None if on is None else _iso_date(on, "note date")
        now = _now()
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO notes (contact_id, kind, occurred_on, body, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                (contact_id, str(kind), occurred, json.dumps(well_formed(body), ensure_ascii=False), now, now),
            )
            return int(cur.lastrowid)

    def update_note(self, note_id: int, body: Any) -> None:
        with self.transaction() as conn:
            cur = conn.execute(
                "UPDATE notes SET body = ?, updated_at = ? WHERE id = ?",
                (json.dumps(well_formed(body), ensure_ascii=False), _now(), int(note_id)),
            )
            if cur.rowcount == 0:
                raise TrackerError(f"No note with id {note_id}.")

    def notes(self, contact_id: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        """Notes, oldest first, each a dict whose ``body`` is decoded from JSON."""
        clauses, args = [], []
        if contact_id is not None:
            clauses.append("contact_id = ?")
            args.append(int(contact_id))
        if kind is not None:
            clauses.append("kind = ?")
            args.append(kind)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        out = []
        for r in self.conn.execute(f"SELECT * FROM notes{where} ORDER BY id", args):
            d = dict(r)
            d["body"] = json.loads(d["body"])
            out.append(d)
        return out

    def latest_note(self, contact_id: int | None, kind: str) -> dict[str, Any] | None:
        found = self.notes(contact_id, kind)
        if contact_id is None:
            found = [n for n in found if n["contact_id"] is None]
        return found[-1] if found else None

    def save_note(self, contact_id: int | None, kind: str, body: Any, on: Any = None) -> int:
        """Replace the latest note of this kind for the contact (or add one): for forms saved repeatedly."""
        existing = self.latest_note(contact_id, kind)
        if existing is None:
            return self.add_note(contact_id, kind, body, on=on)
        self.update_note(existing["id"], body)
        return existing["id"]

    # ------------------------------------------------------------------ targets
    def save_target(
        self, employer: str, *, advocacy: int = 0, motivation: int = 0, posting: int = 0, added_by_learner: bool = False
    ) -> None:
        """Add or update one employer on the target list (LAMP scores)."""
        name = " ".join(well_formed(str(employer or "")).split())
        if not name:
            raise TrackerError("An employer on the target list needs a name.")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO targets (employer, advocacy, motivation, posting, added_by_learner, created_at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(employer) DO UPDATE SET advocacy = excluded.advocacy, "
                "motivation = excluded.motivation, posting = excluded.posting",
                (name, int(advocacy), int(motivation), int(posting), int(bool(added_by_learner)), _now()),
            )

    def target_list(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM targets ORDER BY id")]

    def delete_target(self, employer: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM targets WHERE employer = ?", (employer,))

    # ----------------------------------------------------------------- settings
    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(well_formed(value))),
            )

    # ---------------------------------------------------------------- exercises
    @staticmethod
    def _exercise_id(exercise_id: Any) -> str:
        text = str(exercise_id or "").strip()
        if not text or len(text) > 100:
            raise ValueError(f"{text[:40]!r} is not an exercise id (1 to 100 characters expected).")
        return text

    def record_attempt(self, exercise_id: str, solved: bool) -> dict[str, Any]:
        """Count one Check of an exercise; once solved it stays solved. Returns the exercise's row."""
        eid, now = self._exercise_id(exercise_id), _now()
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO exercise_progress (exercise_id, attempts, solved, first_tried_at, last_tried_at, solved_at) "
                "VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT(exercise_id) DO UPDATE SET attempts = attempts + 1, "
                "solved = max(solved, excluded.solved), last_tried_at = excluded.last_tried_at, "
                "first_tried_at = coalesce(first_tried_at, excluded.first_tried_at), "
                "solved_at = coalesce(solved_at, excluded.solved_at)",
                (eid, int(bool(solved)), now, now, now if solved else None),
            )
        return self.exercise_progress()[eid]

    def record_reveal(self, exercise_id: str) -> dict[str, Any]:
        """Note that the learner opened an exercise's worked answer (the first time is kept)."""
        eid, now = self._exercise_id(exercise_id), _now()
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO exercise_progress (exercise_id, revealed, revealed_at) VALUES (?, 1, ?) "
                "ON CONFLICT(exercise_id) DO UPDATE SET revealed = 1, revealed_at = coalesce(revealed_at, excluded.revealed_at)",
                (eid, now),
            )
        return self.exercise_progress()[eid]

    def exercise_progress(self) -> dict[str, dict[str, Any]]:
        """Every exercise the learner has tried or opened, by exercise id."""
        rows = self.conn.execute("SELECT * FROM exercise_progress ORDER BY exercise_id")
        return {
            r["exercise_id"]: {**dict(r), "solved": bool(r["solved"]), "revealed": bool(r["revealed"])} for r in rows
        }

    # ------------------------------------------------------------ role-play rubric
    def add_roleplay_score(
        self,
        card: str,
        scores: Mapping[str, int],
        *,
        speaker: str = "",
        listener: str = "",
        comment: str = "",
        on: Any = None,
    ) -> int:
        """Store one listener's rubric for one round; returns its id. ``scores`` maps a
        criterion id to a whole number (checked by :func:`infoview.roleplay.check_scores`)."""
        if not str(card).strip():
            raise TrackerError("A rubric needs the card that was played.")
        if not isinstance(scores, Mapping) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in scores.values()
        ):
            raise TrackerError("Rubric scores must be whole numbers, one per criterion.")
        row = (
            str(card),
            well_formed(str(speaker or "")),
            well_formed(str(listener or "")),
            json.dumps({str(k): v for k, v in scores.items()}),
            well_formed(str(comment or "")),
            _iso_date(on if on is not None else today(), "round date"),
            _now(),
        )
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO roleplay_scores (card, speaker, listener, scores, comment, occurred_on, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid)

    def roleplay_scores(self) -> list[dict[str, Any]]:
        """Every stored rubric, oldest first, ``scores`` as a dict."""
        rows = [dict(r) for r in self.conn.execute("SELECT * FROM roleplay_scores ORDER BY id")]
        for r in rows:
            r["scores"] = json.loads(r["scores"])
        return rows

    def delete_roleplay_score(self, score_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM roleplay_scores WHERE id = ?", (int(score_id),))

    # ------------------------------------------------------------------ summary
    def count(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contacts", "interactions", "notes")
        }

    def is_empty(self) -> bool:
        return not any(self.count().values())

    # ---------------------------------------------------------- backup (restore: infoview.backup_check)
    def backup(self, out: str | os.PathLike) -> Path:
        """Write the whole tracker to one portable file (safe while the tracker is in use)."""
        return backup(self, out)


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _describe_bytes(head: bytes) -> str:
    """A plain-words guess at what a file is, for error messages."""
    if not head:
        return "an empty file"
    what = what_bytes_are(head)
    if what:
        return what
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if b"\x00" in head or controls > len(head) // 10:
        return "a binary file"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head.decode("latin-1")
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes any byte
            return "a binary file"
    first = text.strip().splitlines()[0][:60] if text.strip() else ""
    return f"a text file starting {first!r}" if first else "a text file"


def _check_sqlite_header(path: Path, purpose: str) -> None:
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(_SQLITE_MAGIC):
        what = _describe_bytes(head)
        if purpose == "backup":
            raise TrackerError(
                f"{path.name} is not an infoview backup: it is {what}. Choose a file made by 'Make a backup' or 'infoview backup'."
            )
        raise TrackerError(
            f"{path} is not an infoview tracker: it is {what}. Choose another file, or move this one away."
        )


#: A backup still being written is minutes old at most; an older ``.partial`` is a killed one's debris.
_STALE_PARTIAL_SECONDS = 600


def _remove_stale_partials(folder: Path) -> None:
    """Delete ``*.sqlite.partial`` files a killed backup or restore left in ``folder``.

    Only old ones (a young one may be another notebook's backup being written right now), and
    only SQLite files or empty ones (the folder may be a Downloads folder holding anyone's files)."""
    cutoff = time.time() - _STALE_PARTIAL_SECONDS
    for debris in folder.glob("*.sqlite.partial"):
        try:
            if debris.stat().st_mtime >= cutoff:
                continue
            with open(debris, "rb") as f:
                head = f.read(len(_SQLITE_MAGIC))
            if head in (b"", _SQLITE_MAGIC):
                debris.unlink()
        except OSError:  # gone already, or not ours to remove: it does no harm
            pass


def backup(tracker: Tracker, out: str | os.PathLike) -> Path:
    """Copy ``tracker`` into the single file ``out`` (overwritten if it exists).

    The copy is a plain SQLite file (no WAL side files), marked as infoview's.
    """
    out = Path(out)
    if out.is_dir():
        out = out / f"infoview-backup-{_dt.date.today().isoformat()}.sqlite"
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(out.parent)
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            tracker.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            dest.commit()
        finally:
            dest.close()
        os.replace(tmp, out)  # never leave a half-written backup under the real name
    except (sqlite3.Error, OSError) as exc:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        failure = TrackerError(
            f"{_write_failure(exc)}: the backup {out} could not be written, and nothing of it "
            "was kept. Your tracker is unchanged; free some space or choose another folder."
        )
        failure.reason = _write_failure(exc)
        raise failure from None
    return out


def _write_failure(exc: BaseException) -> str:
    """The start of a sentence saying why a file could not be written (disk full, read-only, ...)."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code in (28, 27, 122) or "full" in text or "too large" in text:  # ENOSPC, EFBIG, EDQUOT
        return "The disk is full"
    if "disk i/o error" in text:  # SQLite's word for a write refused past a file-size limit, among others
        return "The disk is full or failing"
    if code == 30 or "readonly" in text or "read-only" in text:  # EROFS
        return "The disk is read-only"
    if code in (13, 1):
        return "No permission"
    return f"Writing failed ({exc})"
