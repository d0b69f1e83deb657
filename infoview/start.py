"""Stage 0, start here: your tracker file, backing it up and restoring it, and the honest numbers.

The backup and restore logic itself is in :mod:`infoview.tracker`; this module adds the
command-line and notebook entry points and the evidence table the first lesson shows.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .content import load_toml
from .tracker import Tracker, inspect_backup

__all__ = ["numbers", "backup_file", "restore_file", "register_cli"]


def numbers(content_dir=None) -> list[dict]:
    """The networking statistics the curriculum may quote, each with its source and reliability.

    Loaded from ``data/content/numbers.toml`` so an instructor can add local figures.
    """
    data = load_toml("numbers", content_dir)
    return list(data.get("figure", []))


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
        safety = tracker.restore(source)
    finally:
        tracker.close()
    return counts, safety


def _cmd_backup(args: argparse.Namespace) -> int:
    out = backup_file(args.db, args.out)
    print(f"Backed up your tracker to {out}. Keep this file: restore it with 'infoview restore {out}'.")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    counts, safety = restore_file(args.source, args.db)
    print(
        f"Restored {counts['contacts']} contact(s), {counts['interactions']} interaction(s) and "
        f"{counts['notes']} note(s) from {args.source}."
    )
    if safety is not None:
        print(f"Your previous data was saved first to {safety}.")
    return 0


def register_cli(sub) -> None:
    from .cli import add_db_argument

    p = sub.add_parser("backup", help="write your whole tracker to one file you can download and keep")
    p.add_argument("out", nargs="?", metavar="OUT", help="file or folder (default: infoview-data/backups/)")
    add_db_argument(p)
    p.set_defaults(func=_cmd_backup)

    p = sub.add_parser("restore", help="load a backup file into your tracker (your current data is backed up first)")
    p.add_argument("source", metavar="IN", help="a file made by 'infoview backup' or the notebook's backup button")
    add_db_argument(p)
    p.set_defaults(func=_cmd_restore)
