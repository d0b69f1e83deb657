"""The one declared shape of a learner's anonymised outcomes summary, and its checks.

An instructor's folder of summaries holds files from many hands (exported twice, edited,
truncated, or from another program), so each file is checked before a number of it is
counted, in three steps:

1. **Size and nesting**: at most :data:`MAX_FILE_BYTES` and :data:`MAX_DEPTH` levels of
   nesting (a real summary is about 3 KB and 4 levels deep), checked on the text before
   it is parsed, so no file can exhaust memory or recursion.
2. **Shape** (:data:`SCHEMA`, JSON Schema 2020-12, checked with ``jsonschema``): every key,
   type and bound; no unknown keys anywhere.
3. **Consistency**, which a schema cannot say: per channel and overall, each funnel stage
   holds at most the contacts of the stage before (replies <= contacted, met <= replied,
   ...); the channels add up to the funnel; there are no more reply delays than replies and
   no more labels than contacts written to; follow-up replies <= messages; weeks are
   distinct and not after the summary's date.

:func:`summary_problem` returns why a summary cannot be used (one phrase), or None.

>>> summary_problem({"schema": "infoview-outcomes-summary/1"})
"it lacks 'learner_id'"
>>> summary_problem(b"[" * 100_000)
'it is nested 100000 levels deep (a summary has at most 6)'
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .exercises import LESSON_ID_PATTERN, check_completion_counts
from .outcomes import STAGES
from .tracker import CHANNELS

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "SCHEMA",
    "latest_per_learner",
    "parse_summary",
    "read_summary_files",
    "summary_problem",
]

#: The ``schema`` value every summary carries (written by :func:`infoview.cohort.summarize`).
SUMMARY_SCHEMA = "infoview-outcomes-summary/1"
LABELS = ("booster", "obligate", "curmudgeon", "waiting", "unknown")

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 6
#: 260 business days is a year: a reply later than that is a typo, and a delay of a billion
#: days once asked the histogram for a billion bins.
MAX_DELAY_BUSINESS_DAYS = 260
MAX_WEEKLY_MESSAGES = 1000
MAX_COUNT = 1_000_000
MAX_WEEKS = 10 * 53
#: An instructor sets the rubric's scale in roleplay.toml (1 to 4 by default); no scale needs more.
MAX_RUBRIC_SCORE = 100

_COUNT = {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}
EXERCISE_COUNTS = ("exercises", "tried", "solved", "revealed")
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "infoview anonymised outcomes summary",
    "type": "object",
    "required": ["schema", "learner_id", "as_of", "funnel", "channels", "weekly_messages"],
    "additionalProperties": False,
    "properties": {
        "schema": {"const": SUMMARY_SCHEMA},
        "learner_id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"^[A-Za-z0-9._-]+$"},
        "as_of": _DATE,
        "funnel": {
            "type": "object",
            "required": list(STAGES),
            "additionalProperties": False,
            "properties": {s: _COUNT for s in STAGES},
        },
        "channels": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                ch: {
                    "type": "object",
                    "required": ["contacts", *STAGES[1:]],
                    "additionalProperties": False,
                    "properties": {
                        "contacts": _COUNT,
                        **{s: _COUNT for s in STAGES[1:]},
                        "delays_business_days": {
                            "type": "array",
                            "maxItems": MAX_COUNT,
                            "items": {"type": "integer", "minimum": 0, "maximum": MAX_DELAY_BUSINESS_DAYS},
                        },
                        "labels": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {k: _COUNT for k in LABELS},
                        },
                    },
                }
                for ch in CHANNELS
            },
        },
        "follow_up": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                k: _COUNT for k in ("first_messages", "replies_after_first", "second_messages", "replies_after_second")
            },
        },
        "meetings": _COUNT,
        "referrals": _COUNT,
        # Per stage or lesson ("2", "1b"), exercise counts only (no answers): infoview.exercises.completion_counts.
        "exercises": {
            "type": "object",
            "maxProperties": 100,
            "propertyNames": {"pattern": f"^({LESSON_ID_PATTERN})$"},
            "additionalProperties": {
                "type": "object",
                "required": list(EXERCISE_COUNTS),
                "additionalProperties": False,
                "properties": {k: {"type": "integer", "minimum": 0, "maximum": 1000} for k in EXERCISE_COUNTS},
            },
        },
        # The role-play rubric (lesson 4c), numbers only: rounds scored, per criterion id its
        # rounds and mean score (no card, names or comments): infoview.cohort.summarize.
        "roleplay": {
            "type": "object",
            "required": ["rounds", "criteria"],
            "additionalProperties": False,
            "properties": {
                "rounds": _COUNT,
                "criteria": {
                    "type": "object",
                    "maxProperties": 50,
                    "propertyNames": {"pattern": r"^[A-Za-z0-9_-]{1,40}$"},
                    "additionalProperties": {
                        "type": "object",
                        "required": ["rounds", "mean"],
                        "additionalProperties": False,
                        "properties": {
                            "rounds": _COUNT,
                            "mean": {"type": ["number", "null"], "minimum": 0, "maximum": MAX_RUBRIC_SCORE},
                        },
                    },
                },
            },
        },
        "weekly_goal": {"type": "integer", "minimum": 0, "maximum": MAX_WEEKLY_MESSAGES},
        "weekly_messages": {
            "type": "array",
            "maxItems": MAX_WEEKS,
            "items": {
                "type": "object",
                "required": ["week", "messages"],
                "additionalProperties": False,
                "properties": {
                    "week": _DATE,
                    "messages": {"type": "integer", "minimum": 0, "maximum": MAX_WEEKLY_MESSAGES},
                },
            },
        },
    },
}
Draft202012Validator.check_schema(SCHEMA)
_VALIDATOR = Draft202012Validator(SCHEMA)


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, without parsing (no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_summary(raw: bytes) -> tuple[Any, str | None]:
    """The JSON in ``raw`` (a file's bytes), or None and why it cannot be read."""
    if len(raw) > MAX_FILE_BYTES:
        return None, f"it is {len(raw):,} bytes, larger than any summary (at most {MAX_FILE_BYTES:,})"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    depth = _depth(text)
    if depth > MAX_DEPTH:
        return None, f"it is nested {depth} levels deep (a summary has at most {MAX_DEPTH})"
    try:
        return json.loads(text, parse_constant=_no_constant), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON (line {exc.lineno}: {exc.msg})"
    except ValueError as exc:
        return None, str(exc)


def _no_constant(name: str):
    raise ValueError(f"not valid JSON ({name} is not a number JSON allows)")


def _where(path) -> str:
    parts = [f"[{p + 1}]" if isinstance(p, int) else str(p) for p in path]
    return " → ".join(parts) if parts else "the top level"


def _shape_problem(data: Any) -> str | None:
    error = best_match(_VALIDATOR.iter_errors(data))
    if error is None:
        return None
    where = _where(error.absolute_path)
    v, value = error.validator, error.instance
    short = (
        json.dumps(value)[:40] if isinstance(value, (int, float, str, bool)) or value is None else type(value).__name__
    )
    if v == "required":
        missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
        return f"it lacks {missing[0]!r}" + ("" if where == "the top level" else f" in {where}")
    if v == "additionalProperties":
        extra = sorted(k for k in value if k not in error.schema.get("properties", {}))
        return f"{where} has a key a summary does not have ({str(extra[0])[:30]!r})"
    if v == "const":
        return f"not an infoview outcomes summary (schema {short}, expected {SUMMARY_SCHEMA!r})"
    if v == "type":
        want = {"integer": "a whole number", "object": "an object", "array": "a list", "string": "text"}
        return f"{where} is {short}, not {want.get(error.validator_value, error.validator_value)}"
    if v in ("minimum", "maximum"):
        return f"{where} is {short}, outside {_bounds(error.schema)}"
    if v in ("maxItems", "minProperties"):
        return f"{where} has too many or too few entries"
    if v in ("pattern", "minLength", "maxLength"):
        what = (
            "a date written YYYY-MM-DD"
            if error.schema.get("pattern", "").startswith("^\\d")
            else "an id of letters, digits, '.', '_' or '-' (at most 64)"
        )
        return f"{where} is {short}, not {what}"
    return f"{where}: {error.message[:80]}"


def _bounds(schema: dict) -> str:
    return f"{schema.get('minimum', 0)} to {schema.get('maximum'):,}"


def _consistency_problem(data: dict) -> str | None:
    funnel, channels = data["funnel"], data["channels"]
    tables = [("overall", funnel)] + [
        (f"channel {name!r}", {"identified": ch["contacts"], **{s: ch[s] for s in STAGES[1:]}})
        for name, ch in channels.items()
    ]
    for where, counts in tables:
        for earlier, later in zip(STAGES, STAGES[1:]):
            if counts[later] > counts[earlier]:
                return f"{where}: {later} ({counts[later]}) is more than {earlier} ({counts[earlier]}); each stage keeps or loses contacts"
    complete = set(channels) == set(CHANNELS)
    for stage in STAGES:
        key = "contacts" if stage == "identified" else stage
        total = sum(ch[key] for ch in channels.values())
        if total > funnel[stage] or (complete and total != funnel[stage]):
            return f"the channels' {stage} counts add up to {total}, but the funnel says {funnel[stage]}"
    for name, ch in channels.items():
        if len(ch.get("delays_business_days", [])) > ch["replied"]:
            return f"channel {name!r} has more reply delays ({len(ch['delays_business_days'])}) than replies ({ch['replied']})"
        labelled = sum(ch.get("labels", {}).values())
        if labelled > ch["contacted"]:
            return f"channel {name!r} labels {labelled} contacts but wrote to {ch['contacted']}"
    fu = data.get("follow_up", {})
    if fu.get("replies_after_first", 0) > fu.get("first_messages", 0):
        return "more replies after first messages than first messages"
    if fu.get("replies_after_second", 0) > fu.get("second_messages", 0):
        return "more replies after second messages than second messages"
    if fu.get("second_messages", 0) > fu.get("first_messages", 0):
        return "more second messages than first messages"
    if "exercises" in data:
        problem = check_completion_counts(data["exercises"])
        if problem:
            return problem
    if "roleplay" in data:
        problem = _roleplay_problem(data["roleplay"])
        if problem:
            return problem
    try:
        as_of = _dt.date.fromisoformat(data["as_of"])
        weeks = [_dt.date.fromisoformat(w["week"]) for w in data["weekly_messages"]]
    except ValueError:
        return "a date in it is not a real day (YYYY-MM-DD)"
    if len(set(weeks)) != len(weeks):
        return "a week appears twice in weekly_messages"
    if any(w > as_of for w in weeks):
        return f"a week in weekly_messages is after the summary's date ({data['as_of']})"
    return None


def _roleplay_problem(roleplay: dict) -> str | None:
    for cid, c in roleplay["criteria"].items():
        if c["rounds"] > roleplay["rounds"]:
            return (
                f"role-play line {cid!r} was scored in {c['rounds']} rounds, more than the {roleplay['rounds']} played"
            )
        if (c["mean"] is None) != (c["rounds"] == 0):
            return f"role-play line {cid!r} has a mean score without rounds, or rounds without a mean"
    return None


def summary_problem(data: Any) -> str | None:
    """Why ``data`` (parsed JSON, or a file's raw bytes) cannot be used as a summary; None when it can."""
    if isinstance(data, (bytes, bytearray)):
        data, why = parse_summary(bytes(data))
        if why:
            return why
    if not isinstance(data, dict):
        return "not a summary (the JSON is not an object)"
    if "schema" in data and data["schema"] != SUMMARY_SCHEMA:
        return f"not an infoview outcomes summary (schema {str(data['schema'])[:40]!r}, expected {SUMMARY_SCHEMA!r})"
    return _shape_problem(data) or _consistency_problem(data)


def read_summary_files(folder: Path) -> tuple[list[tuple[str, float, dict]], list[tuple[str, str]]]:
    """Every entry of ``folder`` checked: (name, modified time, summary) for the usable ones and
    (name, why) for the rest. Hidden files are passed over; folders, links to nowhere, devices and
    pipes are listed as skipped (a pipe is never opened: reading it would wait forever), and so are
    links, which are never followed (learners may write to the folder: see :mod:`infoview.handin`)."""
    usable, skipped = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        try:
            if path.is_symlink():  # in a folder learners write to, a link could point at anyone's file
                skipped.append(
                    (path.name, "not a regular file (a link: summaries are read only from files of their own)")
                )
                continue
            if path.is_dir():
                skipped.append((path.name, "a folder, not a summary file"))
                continue
            if not path.is_file():
                skipped.append((path.name, "not a regular file (a device, a pipe or a broken link)"))
                continue
            with open(path, "rb") as fh:
                raw = fh.read(MAX_FILE_BYTES + 1)
            modified = os.stat(path).st_mtime
        except OSError as exc:
            skipped.append((path.name, f"could not be read ({exc.strerror or exc})"))
            continue
        data, why = parse_summary(raw)
        why = why or summary_problem(data)
        if why:
            skipped.append((path.name, why))
        else:
            usable.append((path.name, modified, data))
    return usable, skipped


def latest_per_learner(items: list[tuple[str, float, dict]]) -> tuple[list[dict], list[tuple[str, str]]]:
    """One summary per learner id, the latest export (by its ``as_of`` date, then the file's time,
    then its name); the others listed as (name, why) so an instructor sees what was left out.

    >>> a = {"learner_id": "L-1", "as_of": "2026-03-01"}; b = {"learner_id": "L-1", "as_of": "2026-03-09"}
    >>> latest_per_learner([("a.json", 5.0, a), ("b.json", 1.0, b)])
    ([{'learner_id': 'L-1', 'as_of': '2026-03-09'}], [('a.json', 'an older export of learner L-1 (b.json, dated 2026-03-09, is used)')])
    """
    groups: dict[str, list[tuple[str, float, dict]]] = {}
    for item in items:
        groups.setdefault(str(item[2]["learner_id"]), []).append(item)
    kept, dropped = [], []
    for learner, group in groups.items():
        group.sort(key=lambda it: (it[2]["as_of"], it[1], it[0]))
        newest = group[-1]
        kept.append(newest[2])
        for name, _, _ in group[:-1]:
            dropped.append(
                (name, f"an older export of learner {learner} ({newest[0]}, dated {newest[2]['as_of']}, is used)")
            )
    return kept, sorted(dropped)
