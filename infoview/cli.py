"""The ``infoview`` command.

Each stage module that offers commands defines ``register_cli(subparsers)``, which adds
its sub-commands and sets ``func`` (called with the parsed arguments, returning the exit
code). Modules not written yet are skipped. Errors a user can act on are printed as one
plain sentence on stderr with exit code 2 (1 is kept for "the check found problems").
"""

from __future__ import annotations

import argparse
import importlib
import sys

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
    "infoview.hub",
)


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
        return int(args.func(args) or 0)
    except (TrackerError, ContentError, ValueError, FileNotFoundError, PermissionError) as exc:
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
