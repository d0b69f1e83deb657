"""The ``infoview`` command.

Each stage module that offers commands defines ``register_cli(subparsers)``, which adds
its sub-commands and sets ``func`` (called with the parsed arguments, returning the exit
code). Modules not written yet are skipped. Errors a user can act on are printed as one
plain sentence on stderr with exit code 2 (1 is kept for "the check found problems"); no
command ever shows a traceback. Every path a command is given is checked first for what the
command does with it (:data:`PATH_ARGUMENTS`), so a folder where a file goes, a path inside a
file or a read-only folder is named before any work is done; any OSError later (a full disk)
is one sentence too.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys

from ._files import check_path, describe_os_error
from .content import ContentError
from .tracker import TrackerError

# Modules that add sub-commands, in the order they appear in --help.
CLI_MODULES = (
    "infoview.start",
    "infoview.contacts",
    "infoview.outreach",
    "infoview.prep",
    "infoview.conversation",
    "infoview.followup",
    "infoview.outcomes",
    "infoview.sample",
    "infoview.workshop",
)


#: What each command does with each path it takes (roles: :data:`infoview._files.PATH_ROLES`).
#: ``--db`` is the tracker, written in place. A test checks every path argument is listed.
PATH_ARGUMENTS = {
    "import-contacts": {"path": "in-file", "db": "out-file"},
    "review": {"file": "in-file", "rules": "in-file"},
    "brief": {"out": "out-dir", "db": "out-file"},
    "followups": {"ics": "out-file", "db": "out-file"},
    "export": {"out": "out-any", "db": "out-file"},
    "cohort-report": {"folder": "in-dir", "out": "out-file"},
    "sample-cohort": {"events": "in-file", "out_dir": "out-dir", "report": "out-file"},
    "sample-data": {"out": "out-dir", "params": "in-file"},
    "backup": {"out": "out-any", "db": "out-file"},
    "restore": {"source": "in-file", "db": "out-file"},
    "student-version": {"out_dir": "out-dir", "notebooks": "in-dir"},
    "check-content": {"folder": "in-dir"},
}


def check_paths(args: argparse.Namespace) -> None:
    """Check each path argument of the parsed command for its role; OSError or ValueError if unfit."""
    for dest, role in PATH_ARGUMENTS.get(args.command, {}).items():
        value = getattr(args, dest, None)
        if value is None or (dest == "file" and value == "-"):  # '-' is standard input
            continue
        check_path(value, role)


def _sqlite_sentence(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "The disk is full: the tracker could not be written. Your tracker is as it was; free some space and try again."
    if "readonly" in text or "read-only" in text:
        return "The tracker is on a read-only disk or file; choose a tracker (--db) you can write to."
    if "disk i/o error" in text:
        return (
            "The tracker could not be written (a disk error: the disk may be full or failing). "
            "Your tracker is as it was; free some space and try again."
        )
    if "unable to open" in text:
        return "The tracker file could not be opened; check that its folder exists and is yours (--db)."
    return f"The tracker could not be read or written ({exc}); your last saved data is unchanged."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infoview",
        description="Helpers for the informational-interview curriculum: import contacts, review messages, "
        "plan follow-ups, back up and export your tracker.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in CLI_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that stage is not written yet
                continue
            raise
        register = getattr(module, "register_cli", None)
        if register is not None:
            register(sub)
    return parser


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="DB", help="tracker file (default: $INFOVIEW_DB or infoview-data/tracker.sqlite)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        check_paths(args)
        return int(args.func(args) or 0)
    except OSError as exc:
        # An OSError made with a message of ours (no errno) says what to do already.
        text = str(exc) if exc.errno is None else describe_os_error(exc)
        print(f"infoview {args.command}: {text}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(f"infoview {args.command}: {_sqlite_sentence(exc)}", file=sys.stderr)
        return 2
    except (TrackerError, ContentError, ValueError) as exc:
        print(f"infoview {args.command}: {exc}", file=sys.stderr)
        return 2
    except OverflowError as exc:  # e.g. --today 9999-12-31 plus a look-ahead window
        print(
            f"infoview {args.command}: a date or number is out of range ({exc}); use a date between 2000 and 2100.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print(f"infoview {args.command}: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one sentence, never a traceback (the tests fail on this text)
        print(
            f"infoview {args.command}: stopped on an unexpected problem ({type(exc).__name__}: {exc}); "
            "please report it with the command you ran.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
