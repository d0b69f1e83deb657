"""The course's exercises by id: each entry of ``data/content/exercises.toml`` made into an
:class:`~infoview.exercises.ExerciseDefinition`, and checked.

An exercise is content (:mod:`infoview.exercises` says how an entry is written and checks the
kinds an instructor can write without code). What truly needs code is here, by name, for an
entry to refer to:

- ``check``: the exercises whose right answer is computed from a stage's data (the 3B7 dates
  from a calendar, a reply rate from a table, the target order from scores, ...);
- ``rules``: the rule sets that read free text (the outreach reviewer, the open questions, the
  thank-you note, the keep-in-touch update, the 30-second introduction);
- ``items_from`` / ``options_from`` / ``fields_from`` / ``start_from``: a stage's data used as an
  exercise's items (the example requests, the question bank...), so they are written once, in
  that stage's content file, where an instructor's content folder overrides them;
- ``show``: what is shown under the prompt from a stage's data (the message to rewrite, a table).

This sits in the outer ring beside the views and the CLI: it gathers every stage's pieces, so
no stage has to know another's.

>>> check_exercise("phase_order", order="CEADGBF").ok
True
>>> definition("requests").items[0].answer
'advice'
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from .contacts import channel_examples, check_target_order, target_exercise
from .content import ContentError
from .conversation import check_listening, check_phase_order, conversation_steps, listening_exercise
from .exercise_content import (
    ExerciseDefinition,
    build_definition,
    check_catalogue,
    check_definition,
    definition_problems,
    entry_problems,
)
from .exercises import Feedback, catalogue, catalogue_entries, shorten, stages
from .followup import (
    check_3b7_exercise,
    check_thank_you_exercise,
    describe_3b7_exercise,
    describe_thank_you_exercise,
)
from .followup import exercise as followup_exercise
from .outcomes import action_options, advice, check_action, check_reply_rate_answer, exercise_table
from .outreach import (
    check_rewrite,
    check_spot_the_problems,
    describe_rewrite_exercise,
    example_messages,
    rule_labels,
    spot_rule_ids,
)
from .prep import check_open_questions, check_question_list_exercise, closed_examples, exercise_list, load_question_bank
from .situations import check_introduction, check_update, scenarios
from .start import numbers, requests_exercise

__all__ = [
    "CHECKS",
    "RULE_SETS",
    "SOURCES",
    "STARTS",
    "SHOWS",
    "TABLES",
    "known_names",
    "definition",
    "check_exercise",
    "exercise_fields",
    "show_text",
    "show_table",
    "check_content",
]

#: Checks whose right answer is computed: name -> check(*answer, content_dir=...) (the answer by its keywords).
CHECKS: dict[str, Callable[..., Feedback]] = {
    "target_order": check_target_order,
    "spot": check_spot_the_problems,
    "question_list": check_question_list_exercise,
    "phase_order": check_phase_order,
    "listening": check_listening,
    "three_b_seven": check_3b7_exercise,
    # The reply-rate exercise's table is fixed; the advice is the reply rate's.
    "reply_rate": lambda rate, denominator, content_dir=None: check_reply_rate_answer(rate, denominator),
    "action": lambda choice, content_dir=None: check_action("reply_rate", choice, content_dir),
}

#: Rule sets for free text: name -> check(answer, content_dir=...) (the answer: one text, or a dict by box id).
RULE_SETS: dict[str, Callable[..., Feedback]] = {
    "outreach": check_rewrite,
    "open_questions": check_open_questions,
    "thank_you": check_thank_you_exercise,
    "keep_in_touch": check_update,
    "introduction": check_introduction,
}


def _quoted(rows, answer_key: str, limit: int):
    """Example rows of a stage's file (id, text, why) as labelled items, quoted up to ``limit`` characters."""
    return [
        {
            "id": r["id"],
            "text": r["text"],
            "answer": r[answer_key],
            "hint": r["why"],
            "quote": f"\u201c{shorten(r['text'], limit)}\u201d",
        }
        for r in rows
    ]


def _figures(content_dir=None):
    return [
        {
            "id": f["id"],
            "text": f"{f['claim']} ({f['source']})",
            "answer": f["use"],
            "hint": f"Its source: {f['source']}.",
            "quote": shorten(f["claim"]),
        }
        for f in numbers(content_dir)
    ]


def _employers(content_dir=None):
    return [{"id": e, "text": e} for e in target_exercise(content_dir)["employer"]]


def _spot_messages(content_dir=None):
    return [
        {"id": s["id"], "name": f"Message {s['id']}", "text": str(s["message"]).strip()}
        for s in example_messages(content_dir).get("spot", [])
    ]


def _question_bank(content_dir=None):
    preset = set(exercise_list(content_dir))
    return [
        {"id": q.id, "text": f"{q.id} · {q.category} · {q.minutes:g} min · {q.text}", "preset": q.id in preset}
        for q in load_question_bank(content_dir)
    ]


def _closed_questions(content_dir=None):
    return [
        {"id": e["id"], "label": f"Open version of: {e['text']}", "placeholder": "What ...? How ...? Which ...?"}
        for e in closed_examples(content_dir)
    ]


def _steps(content_dir=None):
    return [{"id": s["id"], "text": s["text"]} for s in conversation_steps(content_dir)]


def _listening_replies(content_dir=None):
    return [{"id": r["id"], "text": f"({r['id']}) {r['text']}"} for r in listening_exercise(content_dir)["response"]]


def _actions(content_dir=None):
    return [{"id": str(n), "text": text} for n, text in enumerate(action_options("reply_rate", content_dir), 1)]


def _moment(scenario_id: str):
    """The options of one awkward moment (``awkward_moments.toml``), each with its feedback."""

    def options(content_dir=None):
        found = {s.id: s for s in scenarios(content_dir)}
        if scenario_id not in found:
            raise ContentError(f"awkward_moments.toml has no scenario {scenario_id!r}.")
        s = found[scenario_id]
        return [{"id": chr(97 + i), "text": t, "feedback": s.feedback[i]} for i, t in enumerate(s.options)]

    return options


#: A stage's data used as an exercise's items, options or answer boxes: name -> loader(content_dir).
SOURCES: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "start.requests": lambda content_dir=None: _quoted(requests_exercise(content_dir), "kind", 50),
    "start.numbers": _figures,
    "sourcing.channel_examples": lambda content_dir=None: _quoted(channel_examples(content_dir), "channel", 60),
    "sourcing.target_employers": _employers,
    "outreach.spot_messages": _spot_messages,
    "prep.question_bank": _question_bank,
    "prep.closed_questions": _closed_questions,
    "conversation.steps": _steps,
    "conversation.listening_replies": _listening_replies,
    "outcomes.reply_rate_actions": _actions,
    "outreach.spot_rules": lambda content_dir=None: [
        {"id": r, "text": rule_labels().get(r, r)} for r in spot_rule_ids(content_dir)
    ],
}

#: The text an answer box starts with: name -> loader(content_dir).
STARTS: dict[str, Callable[..., str]] = {
    "outreach.rewrite_message": lambda content_dir=None: str(
        example_messages(content_dir).get("rewrite", {}).get("message", "")
    ).strip(),
    "followup.thank_you_note": lambda content_dir=None: str(
        followup_exercise("thank_you", content_dir).get("weak_note", "")
    ).strip(),
}

#: Text shown under the prompt from a stage's data: name -> loader(content_dir).
SHOWS: dict[str, Callable[..., str]] = {
    "outreach.rewrite": describe_rewrite_exercise,
    "followup.three_b_seven": describe_3b7_exercise,
    "followup.thank_you": describe_thank_you_exercise,
    "conversation.listening": lambda content_dir=None: str(listening_exercise(content_dir).get("situation", "")),
    "outcomes.reply_rate_situation": lambda content_dir=None: next(
        (a.get("situation", "") for a in advice(content_dir) if a["metric"] == "reply_rate"), ""
    ),
}


def _target_table(content_dir=None):
    return (
        ["Employer", "Advocacy", "Motivation", "Posting"],
        [[r.employer, r.advocacy, r.motivation, r.posting] for r in target_exercise(content_dir).itertuples()],
    )


def _history_table(content_dir=None):
    rows = [[r.contact_id, r.channel, r.kind.replace("_", " "), r.occurred_on] for r in exercise_table().itertuples()]
    return ["Contact", "Channel", "What happened", "On"], rows


#: A table shown under the prompt: name -> loader(content_dir) giving (headers, rows).
TABLES: dict[str, Callable[..., tuple[list[str], list[list[Any]]]]] = {
    "sourcing.target_table": _target_table,
    "outcomes.reply_rate_history": _history_table,
}


def _scenario_ids(content_dir=None) -> list[str]:
    try:
        return [f"situations.moment.{s.id}" for s in scenarios(content_dir)]
    except ContentError:
        return []


def known_names(content_dir=None) -> dict[str, list[str]]:
    """The names an exercise entry may use, by field."""
    sources = [*SOURCES, *_scenario_ids(content_dir)]
    return {
        "check": list(CHECKS),
        "rules": list(RULE_SETS),
        "items_from": sources,
        "options_from": sources,
        "fields_from": sources,
        "labels_from": sources,
        "start_from": list(STARTS),
        "show": [*SHOWS, *TABLES],
    }


def _source(name: str, content_dir=None) -> list[dict[str, Any]]:
    if name.startswith("situations.moment."):
        return _moment(name.removeprefix("situations.moment."))(content_dir)
    return SOURCES[name](content_dir)


def _entry(exercise_id: str, content_dir=None) -> tuple[int, Mapping[str, Any]]:
    for n, e in enumerate(catalogue_entries(content_dir), 1):
        if isinstance(e, Mapping) and e.get("id") == exercise_id:
            return n, e
    known = [e["id"] for e in catalogue(content_dir)]
    raise ContentError(f"No check for exercise {exercise_id!r}; known: {', '.join(known)}.")


def definition(exercise_id: str, content_dir=None) -> ExerciseDefinition:
    """One exercise's definition, from its entry and the stage data it names. A broken entry
    raises :class:`ContentError` with every problem, one sentence per line."""
    n, entry = _entry(exercise_id, content_dir)
    problems = entry_problems(entry, n, lessons=[s["id"] for s in stages(content_dir)], names=known_names(content_dir))
    if problems:
        raise ContentError("\n".join(problems))
    fields = _source(entry["fields_from"], content_dir) if entry.get("fields_from") else None
    rows = entry.get("fields") if "fields" in entry else fields
    if rows:
        rows = [
            {**f, "start": STARTS[f["start_from"]](content_dir)}
            if isinstance(f, Mapping) and f.get("start_from")
            else f
            for f in rows
        ]
    d = build_definition(
        {**entry, **({"fields": rows} if rows is not None else {})},
        items=_source(entry["items_from"], content_dir) if entry.get("items_from") else None,
        options=_source(entry["options_from"], content_dir) if entry.get("options_from") else None,
        labels=_source(entry["labels_from"], content_dir) if entry.get("labels_from") else None,
    )
    problems = definition_problems(d)
    if problems:
        raise ContentError("\n".join(problems))
    return d


def exercise_fields(content_dir=None) -> dict[str, tuple[str, ...]]:
    """Each exercise's answer keywords, by exercise id (what :func:`check_exercise` takes)."""
    out = {}
    for e in catalogue(content_dir):
        try:
            out[e["id"]] = definition(e["id"], content_dir).answer_keys
        except ContentError:
            continue
    return out


def check_exercise(exercise_id: str, content_dir=None, **values: Any) -> Feedback:
    """Check one exercise of the catalogue by its id, with its answer as keywords
    (:attr:`~infoview.exercises.ExerciseDefinition.answer_keys`).

    >>> check_exercise("phase_order", order="CEADGBF").ok
    True
    """
    d = definition(exercise_id, content_dir)
    if d.check:
        return CHECKS[d.check](*(values.get(k) for k in d.answer_keys), content_dir=content_dir)
    rule_sets = {name: (lambda answer, _f=fn: _f(answer, content_dir=content_dir)) for name, fn in RULE_SETS.items()}
    return check_definition(d, values, rule_sets=rule_sets)


def show_text(d: ExerciseDefinition, content_dir=None) -> str:
    """The text an exercise shows under its prompt (its ``show``), or ""."""
    return str(SHOWS[d.show](content_dir=content_dir)) if d.show in SHOWS else ""


def show_table(d: ExerciseDefinition, content_dir=None) -> tuple[list[str], list[list[Any]]] | None:
    """The table an exercise shows under its prompt (its ``show``), or None."""
    return TABLES[d.show](content_dir=content_dir) if d.show in TABLES else None


def check_content(content_dir=None) -> None:
    """``infoview check-content``'s check of the exercises: every entry and lesson, every problem
    named by file, entry and field (one sentence per line of the :class:`ContentError`)."""
    check_catalogue(content_dir, names=known_names(content_dir))
    problems = []
    for e in catalogue(content_dir):
        try:
            definition(e["id"], content_dir)
        except ContentError as exc:
            problems.append(str(exc))
        except (KeyError, ValueError, TypeError) as exc:
            problems.append(f"exercises.toml, exercise {e['id']!r}: its stage data cannot be read ({exc}).")
    if problems:
        raise ContentError("\n".join(problems))
