"""The ``infoview`` command: every sub-command's arguments and its few lines of output.

Each stage module offers plain functions (``backup_file``, ``import_contacts``,
``review``, ``due``...); this module imports them and wires them to sub-commands, so the
stages never know about the command line. Errors a user can act on are printed as one
plain sentence on stderr with exit code 2 (1 is kept for "the check found problems"); no
command ever shows a traceback. Every path a command is given is checked first for what the
command does with it (:data:`PATH_ARGUMENTS`), so a folder where a file goes, a path inside a
file or a read-only folder is named before any work is done; any OSError later (a full disk)
is one sentence too.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

from . import cohort, contacts, followup, hub, outreach, prep, sample, start, workshop
from .content import ContentError
from .files import check_path, describe_os_error
from .paths import parse_date, today
from .tracker import CHANNELS, Tracker, TrackerError


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="DB", help="tracker file (default: $INFOVIEW_DB or infoview-data/tracker.sqlite)"
    )


# ------------------------------------------------------------------ stage 0: backup and restore
def _cmd_backup(args: argparse.Namespace) -> int:
    out = start.backup_file(args.db, args.out)
    print(f"Backed up your tracker to {out}. Keep this file: restore it with 'infoview restore {out}'.")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    counts, safety = start.restore_file(args.source, args.db)
    print(
        f"Restored {counts['contacts']} contact(s), {counts['interactions']} interaction(s) and "
        f"{counts['notes']} note(s) from {args.source}."
    )
    if safety is not None:
        print(f"Your previous data was saved first to {safety}.")
    return 0


def _add_start(sub) -> None:
    p = sub.add_parser("backup", help="write your whole tracker to one file you can download and keep")
    p.add_argument("out", nargs="?", metavar="OUT", help="file or folder (default: infoview-data/backups/)")
    add_db_argument(p)
    p.set_defaults(func=_cmd_backup)

    p = sub.add_parser("restore", help="load a backup file into your tracker (your current data is backed up first)")
    p.add_argument("source", metavar="IN", help="a file made by 'infoview backup' or the notebook's backup button")
    add_db_argument(p)
    p.set_defaults(func=_cmd_restore)


# ------------------------------------------------------------------ stage 1: importing contacts
def _cmd_import(args: argparse.Namespace) -> int:
    fmt = None if args.format == "auto" else args.format
    read = contacts.load_contacts(args.path, fmt)  # before the tracker is opened: bad input changes nothing
    tracker = Tracker(args.db)
    try:
        _, result = contacts.import_contacts(read, tracker, channel=args.channel, school_keywords=args.school or None)
        added = contacts.added_channels(tracker, result)
    finally:
        tracker.close()
    print(read.summary())
    print(result.summary())
    if result.added:
        how = "as you chose" if args.channel else "guessed; change them in notebook 01"
        print("Channels of the new contacts (" + how + "): " + ", ".join(f"{n} {c}" for c, n in added.items()) + ".")
    print(f"Tracker: {tracker.path}")
    return 0


def _add_contacts(sub) -> None:
    p = sub.add_parser(
        "import-contacts",
        help="add the people in a LinkedIn Connections.csv (or Google Contacts CSV, vCard) to your tracker",
        description="Add the people in a contact export to your tracker, skipping people already there "
        "(same profile URL, or same name and company). Nothing is stored when the file cannot be read.",
    )
    p.add_argument("path", metavar="PATH", help="Connections.csv from LinkedIn's data download, or a .csv/.vcf")
    add_db_argument(p)
    p.add_argument(
        "--channel",
        choices=CHANNELS,
        help="how you know these people (default: guessed: 'warm', or 'alumni' for --school matches)",
    )
    p.add_argument(
        "--school",
        action="append",
        metavar="KEYWORD",
        help="your school's name: people whose company or position contains it start as 'alumni' (repeatable)",
    )
    p.add_argument(
        "--format",
        choices=("auto", "linkedin", "google", "vcard"),
        default="auto",
        help="the file's format (default: recognise it)",
    )
    p.set_defaults(func=_cmd_import)


# ------------------------------------------------------------------ stage 2: reviewing a message
def _cmd_review(args: argparse.Namespace) -> int:
    text = outreach.read_message_file(args.file)
    result = outreach.review(text, rules=args.rules, channel=args.channel)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.summary())
        for f in result.findings:
            print(f"  {f.severity:<7} [{f.rule}] {f.message}")
            excerpt = f.excerpt(result.text)
            if excerpt and not result.is_whole(f):
                print(f'          at: "{excerpt}"')
    return 0 if result.ok else 1


def _add_outreach(sub) -> None:
    p = sub.add_parser(
        "review",
        help="review an outreach message (a text file) against the stage-2 rules",
        description="Review an outreach message. Exit code 0: ready to send; 1: errors found; "
        "2: the file could not be read.",
    )
    p.add_argument("file", metavar="FILE", help="the message as a plain-text file ('-' reads standard input)")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--rules", metavar="FILE", help="your own outreach_rules.toml, merged over the defaults")
    p.add_argument(
        "--channel",
        choices=outreach.CHANNELS,
        default=None,
        help="where you will send it: a LinkedIn connection note is checked against its character limit",
    )
    p.set_defaults(func=_cmd_review)


# ------------------------------------------------------------------ stage 3: questions and the brief
def _cmd_brief(args: argparse.Namespace) -> int:
    tracker = Tracker(args.db)
    try:
        inputs = prep.brief_inputs(tracker, args.contact_id, args.minutes)
    finally:
        tracker.close()
    files = inputs.write(out_dir=args.out)
    if inputs.proposed:
        print(f"No saved question list for this contact: proposed {len(inputs.questions)} questions.")
    print(f"Wrote {files.html}\nWrote {files.markdown}")
    return 0


def _cmd_questions(args: argparse.Namespace) -> int:
    bank = prep.load_question_bank()
    tags = [t for t in (args.tags or "").split(",") if t.strip()]
    chosen = prep.select_questions(bank, args.minutes, tags=tags, seed=args.seed)
    for q in chosen:
        print(f"{q.id:6} {prep.minutes_text(q.minutes):>4} min  {q.category:<11} {q.text}")
    print(prep.budget(chosen, args.minutes))
    return 0


def _add_prep(sub) -> None:
    p = sub.add_parser("brief", help="write the interview brief (HTML and Markdown) for a contact")
    p.add_argument("contact_id", metavar="CONTACT_ID", type=int, help="the contact's id in the tracker")
    p.add_argument("--minutes", type=float, default=None, help="meeting length (default: the saved list's, or 20)")
    p.add_argument("--out", default=None, help="folder (default: infoview-data/briefs/)")
    add_db_argument(p)
    p.set_defaults(func=_cmd_brief)

    p = sub.add_parser("questions", help="propose a question list that fits a meeting length")
    p.add_argument("--minutes", type=float, default=20, help="meeting length in minutes (default 20)")
    p.add_argument("--tags", default="", help="comma-separated audience tags, e.g. student,technical")
    p.add_argument("--seed", type=int, default=0, help="vary the choice among equally good questions")
    p.set_defaults(func=_cmd_questions)


# ------------------------------------------------------------------ stage 5: follow-ups
def _cmd_followups(args: argparse.Namespace) -> int:
    day = parse_date(args.today, "--today date") if args.today else today()
    settings = followup.load_settings()
    tracker = Tracker(args.db)
    try:
        actions = followup.due(tracker, day, settings=settings)
        coming = (
            followup.due(tracker, day, settings=settings, within_days=settings["calendar_within_days"])
            if args.ics
            else []
        )
    finally:
        tracker.close()
    for warning in actions.warnings:
        print(f"Note: {warning}", file=sys.stderr)
    print(actions.summary())
    if actions:
        print(followup.format_table(actions))
    if args.ics:
        out = followup.write_ics(args.ics, coming, calendar_name=settings["calendar_name"])
        print(
            f"Wrote {len(coming)} event(s) (due now or in the next {settings['calendar_within_days']} days) to {out}; "
            "import it into your calendar (importing it again updates the same events)."
        )
    return 0


def _add_followup(sub) -> None:
    p = sub.add_parser(
        "followups", help="list the follow-ups due (3B7, thank-yous, keep in touch) and export a calendar"
    )
    add_db_argument(p)
    p.add_argument("--today", metavar="DATE", help="the day to plan for, YYYY-MM-DD (default: today)")
    p.add_argument("--ics", metavar="OUT", help="also write the due actions to this calendar (.ics) file")
    p.set_defaults(func=_cmd_followups)


# ------------------------------------------------------------------ stage 6: summaries and the class report
def _cmd_export(args: argparse.Namespace) -> int:
    if not args.anonymized:
        raise ValueError(
            "only --anonymized exports are available here; for a full copy of your tracker use 'infoview backup'."
        )
    tracker = Tracker(args.db)
    try:
        out = cohort.export_anonymized(tracker, args.out)
    finally:
        tracker.close()
    print(f"Wrote your anonymised summary (counts and dates only, no names or notes) to {out}.")
    return 0


def _cmd_cohort_report(args: argparse.Namespace) -> int:
    out, agg = cohort.write_cohort_report(args.folder, args.out)
    print(f"Wrote the cohort report for {len(agg.summaries)} learner(s) to {out}.")
    for name, why in agg.skipped:
        print(f"Skipped {name}: {why}.")
    return 0


def _cmd_sample_cohort(args: argparse.Namespace) -> int:
    n, report = cohort.write_sample_cohort(args.events, args.out_dir, args.report)
    print(f"Wrote {n} sample learner summaries and the report {report}.")
    return 0


def _add_outcomes(sub) -> None:
    p = sub.add_parser("export", help="write an anonymised summary of your outcomes for your instructor (JSON)")
    p.add_argument(
        "--anonymized",
        "--anonymised",
        action="store_true",
        required=False,
        help="counts and dates only: no names, e-mails, companies or notes",
    )
    p.add_argument("out", metavar="OUT", help="file (or folder) to write")
    add_db_argument(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("cohort-report", help="combine learners' anonymised summaries into one HTML report")
    p.add_argument("folder", metavar="DIR", help="folder of summaries made by 'infoview export --anonymized'")
    p.add_argument("--out", default="cohort_report.html", help="HTML file to write (default: cohort_report.html)")
    p.set_defaults(func=_cmd_cohort_report)

    p = sub.add_parser("sample-cohort", help="regenerate data/sample/cohort/ and its report from cohort_events.csv")
    p.add_argument("--events", default=None, help="cohort events CSV (default: data/sample/cohort_events.csv)")
    p.add_argument("--out-dir", default=None, help="folder for the summaries (default: data/sample/cohort/)")
    p.add_argument("--report", default=None, help="report file (default: data/sample/cohort_report.html)")
    p.set_defaults(func=_cmd_sample_cohort)


# ------------------------------------------------------------------ the sample data
def _cmd_sample_data(args: argparse.Namespace) -> int:
    params = sample.load_parameters(args.params) if args.params else None
    files = sample.generate(args.out, args.seed, params)
    print(f"Wrote {len(files)} synthetic sample file(s):")
    for path in files:
        print(f"  {path}")
    return 0


def _add_sample(sub) -> None:
    p = sub.add_parser("sample-data", help="regenerate the synthetic sample data (fictional people only)")
    p.add_argument("--out", metavar="DIR", help="folder to write into (default: data/sample/)")
    p.add_argument("--seed", type=int, metavar="N", help="random seed (default: the one in sample_parameters.toml)")
    p.add_argument(
        "--params",
        metavar="FILE",
        help="a parameters file with the keys to change (merged over data/content/sample_parameters.toml)",
    )
    p.set_defaults(func=_cmd_sample_data)


# ------------------------------------------------------------------ the instructor's tools
def _cmd_check_content(args: argparse.Namespace) -> int:
    results = workshop.check_content(args.folder)
    for name, status, message in results:
        print(f"{status.upper():8} {name}: {message}")
    errors = sum(status == "error" for _, status, _ in results)
    print(f"{errors} file(s) with errors." if errors else "Your content folder is ready: set INFOVIEW_CONTENT to it.")
    return 1 if errors else 0


def _cmd_student_version(args: argparse.Namespace) -> int:
    removed = workshop.student_version(args.out_dir, args.notebooks)
    for name, count in removed.items():
        print(f"{name}: {count} solution cell(s) removed")
    print(f"Wrote {len(removed)} student notebook(s) to {args.out_dir}; share that folder with your learners.")
    return 0


def _add_workshop(sub) -> None:
    p = sub.add_parser(
        "student-version",
        help="write the notebooks without their worked solutions (cells tagged 'solution'), for learners",
    )
    p.add_argument("out_dir", metavar="OUT_DIR", help="folder to write the student notebooks to (created if needed)")
    p.add_argument("--notebooks", metavar="DIR", help="the instructor's notebooks folder (default: notebooks/)")
    p.set_defaults(func=_cmd_student_version)

    p = sub.add_parser(
        "check-content",
        help="read an instructor's content folder as the notebooks will, and name any file or line with a problem",
    )
    p.add_argument("folder", metavar="DIR", help="your content folder (the one INFOVIEW_CONTENT will point to)")
    p.set_defaults(func=_cmd_check_content)


# ------------------------------------------------------------------ a class on a hub: collecting summaries
def _cmd_collect(args: argparse.Namespace) -> int:
    if args.homes is None and args.exchange is None:
        raise ValueError(
            "say where to collect from: the learners' home folders (HOMES, e.g. /home), "
            "an exchange folder (--exchange DIR), or both."
        )
    written = 0
    if args.exchange is not None:
        result = hub.collect_exchange(args.exchange, args.out)
        written += len(result.written)
        print("From the exchange folder: " + result.summary())
    if args.homes is not None:
        result = hub.collect(args.homes, args.out)
        written += len(result.written)
        print(result.summary())
        if not result.written:
            print(
                f"No learner tracker was found under {args.homes} (looked for {' and '.join(hub.TRACKER_PATTERNS)} "
                "in each learner's folder)."
            )
    if written:
        print(f"The summaries are in {args.out}; next: infoview cohort-report {args.out} --out cohort_report.html")
    return 0


def _add_hub(sub) -> None:
    p = sub.add_parser(
        "collect",
        help="instructors on a hub: write each learner's anonymised summary (no names or notes) into one folder",
    )
    p.add_argument(
        "homes", nargs="?", metavar="HOMES", help="the folder holding the learners' home folders (e.g. /home)"
    )
    p.add_argument(
        "--exchange",
        metavar="DIR",
        help="also (or instead) take the summaries learners handed in to this exchange folder ($INFOVIEW_EXCHANGE)",
    )
    p.add_argument(
        "--out",
        default="summaries",
        metavar="DIR",
        help="folder for the summaries (default: summaries); collecting again replaces each learner's file",
    )
    p.set_defaults(func=_cmd_collect)


# Sub-command groups in the order they appear in --help.
_COMMAND_GROUPS = (
    _add_start,
    _add_contacts,
    _add_outreach,
    _add_prep,
    _add_followup,
    _add_outcomes,
    _add_sample,
    _add_workshop,
    _add_hub,
)


#: What each command does with each path it takes (roles: :data:`infoview.files.PATH_ROLES`).
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
    "collect": {"homes": "in-dir", "exchange": "in-dir", "out": "out-dir"},
}


#: A command's own check of its paths, in its own words, run before the shared one.
OWN_PATH_CHECKS = {"collect": lambda args: hub.check_out(args.out)}


def check_paths(args: argparse.Namespace) -> None:
    """Check each path argument of the parsed command for its role; OSError or ValueError if unfit."""
    own = OWN_PATH_CHECKS.get(args.command)
    if own is not None:
        own(args)
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
    for add_commands in _COMMAND_GROUPS:
        add_commands(sub)
    return parser


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
