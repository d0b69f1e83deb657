"""Checking a backup file before it is restored, and restoring it without risking the tracker.

A backup is a file a learner (or anyone) hands the program, so it is untrusted. Before a
byte of the tracker changes, :func:`check_backup` requires that the file is

* an infoview tracker (the SQLite header and infoview's ``application_id``) of a schema
  version this infoview knows;
* exactly that version's schema: the same tables with the same columns (declared types,
  defaults, NOT NULL, keys) and definitions, the same indexes, and no trigger or view. The
  expected schema is derived by running the tracker's own migrations on an empty database,
  so it can never drift from what a fresh :class:`~infoview.tracker.Tracker` creates;
* whole: ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` pass, and every
  stored value has the type its column declares (a text column holds text, and the
  columns the tracker reads back as JSON or dates hold JSON or dates).

Anything else is refused with one sentence naming what was found (a trigger, a view, an
extra table, a changed column, a newer version, ...).

:func:`restore_into` then copies the backup table by table, naming every column, into a
fresh file made by the migrations (so nothing from the backup but its rows is kept), and
swaps that fresh copy into the tracker with SQLite's online backup, which writes it in one
transaction: a crash at any moment leaves the old tracker whole or the new one whole. (A
file rename is not used because other notebooks may hold the tracker open, and SQLite
would pair the renamed file with the old one's write-ahead log.)

>>> import tempfile, pathlib
>>> from infoview.tracker import Tracker
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> t = Tracker(folder / "t.sqlite"); _ = t.add_contact(first_name="Ada")
>>> _ = t.conn.execute("CREATE VIEW everyone AS SELECT * FROM contacts"); t.close()
>>> check_backup(folder / "t.sqlite")
Traceback (most recent call last):
...
infoview.tracker.TrackerError: t.sqlite cannot be restored: it contains a view (everyone), which no infoview backup has.
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import tracker as _tracker
from .tracker import TrackerError

__all__ = ["check_backup", "expected_schema", "inspect_backup", "restore", "restore_into", "stored_tables", "Schema"]

#: Columns whose text the tracker parses when it reads them back.
JSON_COLUMNS = {("notes", "body"), ("settings", "value"), ("roleplay_scores", "scores")}
DATE_COLUMNS = {
    ("contacts", "connected_on"),
    ("interactions", "occurred_on"),
    ("notes", "occurred_on"),
    ("roleplay_scores", "occurred_on"),
}

# What a value of each declared type may be (typeof() in SQLite); NULL only where the column allows it.
_ALLOWED_TYPES = {"TEXT": ("text",), "INTEGER": ("integer",), "REAL": ("real", "integer")}


@dataclass
class Schema:
    """The objects in a SQLite file's ``sqlite_master``, in comparable form."""

    tables: dict[str, tuple] = field(default_factory=dict)  # name -> ((column facts), normalised SQL)
    indexes: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (table, normalised SQL)
    triggers: dict[str, str] = field(default_factory=dict)  # name -> table
    views: list[str] = field(default_factory=list)


def _normalise_sql(sql: str | None) -> str:
    return " ".join((sql or "").split()).replace("( ", "(").replace(" )", ")")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_of(conn: sqlite3.Connection) -> Schema:
    """Read ``conn``'s schema: tables with their columns, indexes, triggers and views."""
    schema = Schema()
    for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if kind == "table":
            columns = tuple(
                (r[1], (r[2] or "").upper(), bool(r[3]), r[4], r[5], r[6])  # name, type, notnull, default, pk, hidden
                for r in conn.execute(f"PRAGMA table_xinfo({_quote(name)})")
            )
            schema.tables[name] = (columns, _normalise_sql(sql))
        elif kind == "index":
            schema.indexes[name] = (table, _normalise_sql(sql))
        elif kind == "trigger":
            schema.triggers[name] = table
        elif kind == "view":
            schema.views.append(name)
    return schema


_EXPECTED: dict[tuple, Schema] = {}


def expected_schema(version: int) -> Schema:
    """The schema a tracker at ``version`` has: the migrations up to it, run on an empty database."""
    key = (version, tuple(_tracker.MIGRATIONS[:version]))
    if key not in _EXPECTED:
        conn = sqlite3.connect(":memory:")
        try:
            _create_schema(conn, version)
            conn.commit()
            _EXPECTED[key] = schema_of(conn)
        finally:
            conn.close()
    return _EXPECTED[key]


def _create_schema(conn: sqlite3.Connection, version: int) -> None:
    for step in _tracker.MIGRATIONS[:version]:
        for statement in _tracker._split_sql(step):
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {_tracker.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {int(version)}")


def stored_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of a tracker that hold its data, read from the file's own schema.

    SQLite's internal tables (``sqlite_sequence``, the AUTOINCREMENT counters) are left out."""
    return [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
        )
    ]


def holds_anything(conn: sqlite3.Connection) -> bool:
    """True when any data table of the tracker has a row (contacts, targets, settings, ...)."""
    return any(
        conn.execute(f"SELECT 1 FROM {_quote(name)} LIMIT 1").fetchone() is not None for name in stored_tables(conn)
    )


def _columns_difference(table: str, found: tuple, expected: tuple) -> str:
    """One phrase naming how ``table``'s columns differ from infoview's."""
    got = {c[0]: c for c in found}
    want = {c[0]: c for c in expected}
    extra = [n for n in got if n not in want]
    missing = [n for n in want if n not in got]
    if extra:
        return f"its {table} table has column(s) infoview does not use ({', '.join(extra)})"
    if missing:
        return f"its {table} table lacks the column(s) {', '.join(missing)}"
    for name, facts in want.items():
        other = got[name]
        if other[1] != facts[1]:
            return f"the column {table}.{name} is declared {other[1] or 'without a type'}, not {facts[1]}"
        if other[2:] != facts[2:]:
            return f"the column {table}.{name} has other constraints than infoview's (NOT NULL, default or key)"
    if [c[0] for c in found] != [c[0] for c in expected]:
        return f"its {table} table has its columns in another order than infoview's"
    return f"its {table} table is defined with other rules than infoview's (CHECK, REFERENCES or UNIQUE)"


def _schema_problem(found: Schema, expected: Schema) -> str | None:
    """The first way ``found`` differs from ``expected``, as a phrase; None when they match."""
    if found.triggers:
        name, table = sorted(found.triggers.items())[0]
        return f"it contains a trigger ({name} on {table}), which no infoview backup has"
    if found.views:
        return f"it contains a view ({', '.join(sorted(found.views))}), which no infoview backup has"
    extra = sorted(set(found.tables) - set(expected.tables))
    if extra:
        return f"it has table(s) infoview does not use ({', '.join(extra)})"
    missing = sorted(set(expected.tables) - set(found.tables) - {"sqlite_sequence"})
    if missing:
        return f"it lacks infoview's table(s) {', '.join(missing)}"
    for name, (columns, sql) in expected.tables.items():
        if name not in found.tables:
            continue  # sqlite_sequence appears with the first row; its absence is harmless
        if found.tables[name] != (columns, sql):
            return _columns_difference(name, found.tables[name][0], columns)
    unknown = sorted(set(found.indexes) - set(expected.indexes))
    if unknown:
        name = unknown[0]
        return f"it has an index infoview does not create ({name} on {found.indexes[name][0]})"
    for name, facts in expected.indexes.items():
        if found.indexes.get(name) != facts:
            return f"its index {name} is missing or defined differently from infoview's"
    return None


def _value_problem(conn: sqlite3.Connection, expected: Schema) -> str | None:
    """The first stored value the tracker could not read back, as a phrase; None when all are fine."""
    for table, (columns, _sql) in expected.tables.items():
        if table.startswith("sqlite_"):
            continue
        t = _quote(table)
        for name, decl, notnull, _default, _pk, _hidden in columns:
            c = _quote(name)
            allowed = _ALLOWED_TYPES.get(decl)
            if allowed:
                kinds = ", ".join(f"'{k}'" for k in allowed + (() if notnull else ("null",)))
                n = conn.execute(f"SELECT count(*) FROM {t} WHERE typeof({c}) NOT IN ({kinds})").fetchone()[0]
                if n:
                    return f"{n} value(s) in {table}.{name} are not of its type {decl}"
            if (table, name) in JSON_COLUMNS:
                n = conn.execute(f"SELECT count(*) FROM {t} WHERE {c} IS NOT NULL AND NOT json_valid({c})").fetchone()[
                    0
                ]
                if n:
                    return f"{n} value(s) in {table}.{name} are not the JSON infoview writes"
            if (table, name) in DATE_COLUMNS:
                n = conn.execute(
                    f"SELECT count(*) FROM {t} WHERE {c} IS NOT NULL AND "
                    f"(length({c}) != 10 OR date({c}) IS NULL OR date({c}) != {c})"
                ).fetchone()[0]
                if n:
                    return f"{n} value(s) in {table}.{name} are not dates written YYYY-MM-DD"
    return None


def _open_read_only(source: Path) -> sqlite3.Connection:
    # immutable=1: never create a -wal or -shm beside the upload, never replay one found there.
    uri = "file:" + _uri_path(source) + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True)


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(Path(path).resolve()))


def check_backup(source: str | os.PathLike) -> dict[str, Any]:
    """Check that ``source`` is a restorable infoview backup; return its schema version and counts.

    Raises :class:`~infoview.tracker.TrackerError` with one sentence naming what was found
    when it is not (see the module docstring for what is required)."""
    source = Path(source)
    if not source.is_file():
        raise TrackerError(f"{source} does not exist or is not a file.")
    _tracker._check_sqlite_header(source, purpose="backup")
    name = source.name
    try:
        src = _open_read_only(source)
    except sqlite3.Error as exc:
        raise TrackerError(f"{name} could not be read: {exc}.") from None
    try:
        app_id = src.execute("PRAGMA application_id").fetchone()[0]
        version = src.execute("PRAGMA user_version").fetchone()[0]
        if app_id != _tracker.APPLICATION_ID:
            raise TrackerError(f"{name} is not an infoview backup: it is a SQLite database from another program.")
        if version > _tracker.SCHEMA_VERSION:
            raise TrackerError(
                f"{name} was made by a newer infoview (schema {version}; this one reads up to "
                f"{_tracker.SCHEMA_VERSION}). Update infoview, then restore it."
            )
        if version < 1:
            raise TrackerError(
                f"{name} cannot be restored: it is marked as infoview's but holds no tracker (schema {version})."
            )
        check = src.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in check] != ["ok"]:
            raise TrackerError(f"{name} is damaged ({check[0][0]}); it cannot be restored.")
        expected = expected_schema(version)
        problem = _schema_problem(schema_of(src), expected)
        if problem is None:
            orphans = src.execute("PRAGMA foreign_key_check").fetchall()
            if orphans:
                problem = f"{len(orphans)} row(s) in {orphans[0][0]} point at a {orphans[0][2]} row that is not in it"
        if problem is None:
            problem = _value_problem(src, expected)
        if problem is not None:
            raise TrackerError(f"{name} cannot be restored: {problem}.")
        counts = {
            t: src.execute(f"SELECT count(*) FROM {_quote(t)}").fetchone()[0]
            for t in ("contacts", "interactions", "notes")
        }
    except sqlite3.DatabaseError as exc:
        raise TrackerError(f"{name} is not a readable infoview backup ({exc}).") from None
    finally:
        src.close()
    return {"schema_version": version, **counts}


def _copy_table(dest: sqlite3.Connection, table: str, columns: list[str]) -> None:
    """Copy one table's rows from the attached backup ``src``, every column named (inside SQLite:
    Python never holds the rows, so a 10 MB backup copies in a fraction of a second)."""
    names = ", ".join(_quote(c) for c in columns)
    dest.execute(f"INSERT INTO main.{_quote(table)} ({names}) SELECT {names} FROM src.{_quote(table)} ORDER BY rowid")


def fresh_copy(source: Path, out: Path, version: int, page_size: int | None = None) -> None:
    """Write ``out``: an empty tracker of ``version`` made by the migrations, then ``source``'s rows,
    copied table by table with every column named. Checked with ``foreign_key_check`` before it is used."""
    if out.exists():
        out.unlink()
    dest = sqlite3.connect("file:" + _uri_path(out), uri=True, isolation_level=None)
    try:
        if page_size:
            dest.execute(f"PRAGMA page_size = {int(page_size)}")
        dest.execute("PRAGMA journal_mode = OFF")  # a scratch file: a crash just leaves debris
        dest.execute("ATTACH DATABASE ? AS src", ("file:" + _uri_path(source) + "?mode=ro&immutable=1",))
        dest.execute("BEGIN")
        _create_schema(dest, version)
        for table, (columns, _sql) in expected_schema(version).tables.items():
            _copy_table(dest, table, [c[0] for c in columns if not c[5]])
        if dest.execute("PRAGMA main.foreign_key_check").fetchone() is not None:  # pragma: no cover - checked before
            raise TrackerError(f"{source.name} cannot be restored: some rows point at rows that are not in it.")
        dest.execute("COMMIT")
        dest.execute("DETACH DATABASE src")
    finally:
        dest.close()


def restore_into(tracker, source: Path, scratch: Path, version: int) -> None:
    """Replace ``tracker``'s contents with the backup ``source``, atomically.

    The caller has run :func:`check_backup` (which gave ``version``) and made any safety copy;
    ``scratch`` is a path for the fresh copy, removed afterwards."""
    page_size = tracker.conn.execute("PRAGMA page_size").fetchone()[0]
    try:
        fresh_copy(source, scratch, version, page_size)
        fresh = sqlite3.connect(str(scratch))
        try:
            # One write transaction on the tracker: readers see the old data or the new, never a mix.
            fresh.backup(tracker.conn)
        finally:
            fresh.close()
    finally:
        for leftover in (scratch, scratch.with_name(scratch.name + "-journal")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
    if not tracker.in_memory:
        tracker.conn.execute("PRAGMA journal_mode = WAL")
    tracker._migrate()  # an older backup is brought up to this version


def inspect_backup(source: str | os.PathLike) -> dict[str, Any]:
    """Check that ``source`` is a restorable infoview backup; return its counts.

    Raises TrackerError saying what the file is, or what was found in it, when it is not one
    (see :func:`check_backup`).
    """
    return check_backup(source)


def restore(
    tracker: _tracker.Tracker, source: str | os.PathLike, *, safety_dir: str | os.PathLike | None = None
) -> Path | None:
    """Replace ``tracker``'s data with the backup ``source``.

    The file is checked first and refused, with nothing changed, unless it is exactly an
    infoview tracker (see :func:`check_backup`). When the tracker holds anything at
    all (any row in any of its tables), it is first backed up in full to ``safety_dir``
    (default: ``backups/`` beside the tracker); that file's path is returned (None when
    there was nothing to save). The swap is one transaction: a crash leaves the old data whole.
    """
    source = Path(source)
    version = check_backup(source)["schema_version"]
    base = Path.cwd() if tracker.in_memory else Path(tracker.path).parent
    _tracker._remove_stale_partials(base)  # a killed restore's scratch copy
    safety: Path | None = None
    if holds_anything(tracker.conn):
        folder = Path(safety_dir) if safety_dir is not None else base / "backups"
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        try:
            safety = _tracker.backup(tracker, folder / f"before-restore-{stamp}.sqlite")
        except TrackerError as exc:
            reason = getattr(exc, "reason", "Writing failed")
            raise TrackerError(
                f"{reason}: nothing was restored, because the safety copy of your data could not be "
                f"made in {folder}; your tracker is unchanged, free some space and try again."
            ) from None
    name = "tracker" if tracker.in_memory else Path(tracker.path).name
    scratch = base / f"{name}.restoring-{os.getpid()}.sqlite.partial"
    try:
        restore_into(tracker, source, scratch, version)
    except (sqlite3.Error, OSError) as exc:
        if tracker.conn.in_transaction:
            tracker.conn.execute("ROLLBACK")
        raise TrackerError(
            f"{_tracker._write_failure(exc)}: the restore stopped and your tracker is as it was"
            + (f" (its safety copy is {safety})" if safety else "")
            + "; free some space and try again."
        ) from None
    return safety
