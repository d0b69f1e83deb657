"""Stage 1, sourcing contacts: import your network, choose target employers, pick whom to approach.

The file readers (LinkedIn ``Connections.csv``, Google Contacts CSV, vCard) live in a
private module and are re-exported here; this module adds the command line.

>>> df = read_linkedin(b"First Name,Last Name,Company,Position,Connected On\\nAda,Byron,Analytical Ltd,Analyst,30 May 2024\\n")
>>> df.loc[0, "first_name"], df.attrs["skipped_hidden"]
('Ada', 0)
"""
from __future__ import annotations

import argparse

from ._contact_files import (
    COLUMNS,
    ContactsFile,
    load_contacts,
    parse_connected_on,
    read_contacts,
    read_google_contacts,
    read_linkedin,
    read_vcard,
)

__all__ = [
    "COLUMNS",
    "ContactsFile",
    "load_contacts",
    "parse_connected_on",
    "read_contacts",
    "read_google_contacts",
    "read_linkedin",
    "read_vcard",
    "import_contacts",
    "register_cli",
]


def import_contacts(source, tracker, *, channel: str | None = None, format: str | None = None):
    """Read a contact file and add its people to ``tracker`` in one transaction.

    The file is read completely before anything is written, so a bad file leaves the
    tracker as it was. Duplicates (same profile URL, or same name and company) are skipped.

    Returns
    -------
    (ContactsFile, ImportResult)
        What was read (with rows left out of the file) and what was added or skipped.
    """
    from .tracker import CHANNELS, TrackerError

    if channel is not None and channel not in CHANNELS:
        raise TrackerError(f"Unknown channel {channel!r}; use one of: {', '.join(CHANNELS)}.")
    read = load_contacts(source, format)
    result = tracker.add_contacts(read.frame, source=read.format, channel=channel)
    return read, result


def _cmd_import(args: argparse.Namespace) -> int:
    from .tracker import Tracker

    fmt = None if args.format == "auto" else args.format
    read = load_contacts(args.path, fmt)  # before the tracker is opened: bad input changes nothing
    tracker = Tracker(args.db)
    try:
        result = tracker.add_contacts(read.frame, source=read.format, channel=args.channel)
    finally:
        tracker.close()
    print(read.summary())
    print(result.summary())
    channel = args.channel or "cold"
    print(f"New contacts have the channel '{channel}'" + ("" if args.channel else " (the default; set each "
          "contact's channel in notebook 01, or import again with --channel)") + f". Tracker: {tracker.path}")
    return 0


def register_cli(sub) -> None:
    from .cli import add_db_argument
    from .tracker import CHANNELS

    p = sub.add_parser(
        "import-contacts",
        help="add the people in a LinkedIn Connections.csv (or Google Contacts CSV, vCard) to your tracker",
        description="Add the people in a contact export to your tracker, skipping people already there "
        "(same profile URL, or same name and company). Nothing is stored when the file cannot be read.",
    )
    p.add_argument("path", metavar="PATH", help="Connections.csv from LinkedIn's data download, or a .csv/.vcf")
    add_db_argument(p)
    p.add_argument("--channel", choices=CHANNELS, help="how you know these people (default: cold)")
    p.add_argument("--format", choices=("auto", "linkedin", "google", "vcard"), default="auto",
                   help="the file's format (default: recognise it)")
    p.set_defaults(func=_cmd_import)
