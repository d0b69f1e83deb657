"""Exercises as content: how an ``[[exercise]]`` entry of ``exercises.toml`` is written, what is
wrong with one, and the definition built from it with its check.

An entry says an exercise's id, lesson, kind, title and prompt, its items, options or answer
boxes, the accepted answers (a label per item, the right options, order constraints or accepted
orders, a number with its tolerance, the rule set for free text), hints, feedback and its worked
answer. :func:`entry_problems` and :func:`check_catalogue` name every problem in one sentence,
with its file, entry and field; :func:`build_definition` turns a usable entry into an
:class:`ExerciseDefinition` and :func:`check_definition` checks an answer with the kinds of
:mod:`infoview.exercises`. Names of what needs code (a computed check, a rule set, a stage's data)
are given by the caller (:mod:`infoview.course_exercises`), so this module stays in the core.

Why one module: the validation, the building and the check all read the same fields of one
entry schema; kept together, a field added to the schema is added to all three in one place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from .content import ContentError
from .exercises import (
    Feedback,
    TextRule,
    _as_sequence,
    catalogue_entries,
    check_choice,
    check_labels,
    check_multilabels,
    check_number,
    check_order,
    check_text,
    choice_set,
    clean_text,
    exercise_files,
    lesson_id,
    shorten,
    stages,
)

__all__ = [
    "KINDS",
    "TEXT_RULES",
    "ExerciseItem",
    "ExerciseOption",
    "AnswerField",
    "ExerciseDefinition",
    "entry_problems",
    "catalogue_problems",
    "check_catalogue",
    "build_definition",
    "definition_problems",
    "text_rules",
    "check_multichoice",
    "check_definition",
]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


#: The kinds an exercise entry may have; ``labels`` and ``choice`` take ``multi = true`` for
#: several labels per item or several options.
KINDS = ("text", "labels", "order", "choice", "number")

#: The rules a content-defined text exercise may list (``rules = [{rule = "min_words", value = 20}, ...]``).
TEXT_RULES = ("min_words", "max_words", "mention_any", "must_not_contain", "ends_with_question")

#: Entry fields every kind accepts, and those each kind adds.
_COMMON_FIELDS = {"id", "stage", "lesson", "kind", "title", "prompt", "show", "feedback", "worked_answer", "check"}
_KIND_FIELDS = {
    "text": {"fields", "fields_from", "rules"},
    "number": {"fields"},
    "labels": {"items", "items_from", "labels", "labels_from", "multi", "item_name", "what"},
    "order": {"items", "items_from", "before", "orders", "positions"},
    "choice": {"options", "options_from", "answer", "multi", "question"},
}
#: Further fields a computed check reads from its entry (``minutes``: the meeting the list must fit).
_CHECK_FIELDS = {"question_list": {"minutes"}}


@dataclass(frozen=True)
class ExerciseItem:
    """One item of a labels or order exercise: ``answer`` is its label (a tuple of labels with ``multi``)."""

    id: str
    text: str
    name: str = ""
    answer: Any = ""
    hint: str = ""
    quote: str = ""


@dataclass(frozen=True)
class ExerciseOption:
    """One option of a choice exercise, with the feedback given when it is chosen."""

    id: str
    text: str
    feedback: str = ""
    preset: bool = False


@dataclass(frozen=True)
class AnswerField:
    """One answer box of a text or number exercise. A number field carries its ``value`` and ``tolerance``."""

    id: str
    label: str
    multiline: bool = False
    start: str = ""
    placeholder: str = ""
    value: float | None = None
    tolerance: float = 0.0
    percent: bool = False


@dataclass(frozen=True)
class ExerciseDefinition:
    """Everything the library needs to show and check one exercise, built from its entry in
    ``exercises.toml`` (:func:`build_definition`). ``check`` names a check the library computes
    (the answer depends on a table, a date or scores); ``rules`` names a rule set or lists
    content-defined text rules."""

    id: str
    lesson: str
    kind: str
    title: str
    prompt: str = ""
    multi: bool = False
    items: tuple[ExerciseItem, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    options: tuple[ExerciseOption, ...] = ()
    answer: tuple[str, ...] = ()
    before: tuple[tuple[str, str], ...] = ()
    orders: tuple[tuple[str, ...], ...] = ()
    positions: int = 0
    fields: tuple[AnswerField, ...] = ()
    pack: bool = False
    rules: Any = None
    check: str = ""
    show: str = ""
    question: str = "Your answer"
    what: str = "one of the choices"
    right: str = ""
    not_yet: str = ""
    worked_answer: str = ""

    @property
    def answer_keys(self) -> tuple[str, ...]:
        """The keywords the answer is given with (what :func:`check_definition` reads)."""
        if self.kind == "labels":
            return ("answers",)
        if self.kind == "order":
            return ("order",)
        if self.kind == "choice":
            return ("chosen",) if self.multi else ("choice",)
        if self.kind == "text" and self.pack:
            return ("answers",)
        return tuple(f.id for f in self.fields)


def _where(file: str, entry: Mapping, position: int) -> str:
    eid = entry.get("id") if isinstance(entry, Mapping) else None
    name = f"{eid!r}" if isinstance(eid, str) and eid.strip() else f"number {position}"
    return f"{file}, exercise {name}"


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


def entry_problems(
    entry: Any,
    position: int,
    *,
    file: str = "exercises.toml",
    lessons: Iterable[str] = (),
    names: Mapping[str, Iterable[str]] | None = None,
) -> list[str]:
    """Every problem of one ``[[exercise]]`` entry, one sentence each naming the file, the entry
    (its id, or its position from 1 when it has none) and the field. ``lessons``: the known
    lesson ids; ``names``: the names the library knows, by kind of name (``check``, ``rules``,
    ``items_from``, ``options_from``, ``fields_from``, ``show``). Empty when the entry is usable.

    >>> entry_problems({"id": "x", "stage": 2, "kind": "quiz", "title": "T", "prompt": "P"}, 1, lessons=["2"])
    ["exercises.toml, exercise 'x', field 'kind': 'quiz' is not a kind of exercise; use one of text, labels, order, choice, number."]
    """
    names = names or {}
    if not isinstance(entry, Mapping):
        return [
            f"{file}, exercise number {position}: an [[exercise]] must be a table of fields, not {type(entry).__name__}."
        ]
    where = _where(file, entry, position)
    out: list[str] = []

    def bad(field_name: str, sentence: str) -> None:
        out.append(f"{where}, field {field_name!r}: {sentence}")

    if not _text(entry.get("id")):
        bad("id", 'every exercise needs an id (text in quotes, e.g. id = "my_exercise").')
    lesson = entry.get("lesson", entry.get("stage"))
    lesson_key = "lesson" if "lesson" in entry else "stage"
    known = [str(x) for x in lessons]
    if lesson_id(lesson) == "":
        bad(lesson_key, 'every exercise needs the lesson it belongs to (e.g. stage = 2 or lesson = "1b").')
    elif known and lesson_id(lesson) not in known:
        bad(lesson_key, f"{lesson!r} is not a lesson of the course; use one of {', '.join(known)}.")
    kind = entry.get("kind")
    if kind not in KINDS:
        bad("kind", f"{kind!r} is not a kind of exercise; use one of {', '.join(KINDS)}.")
        return out
    for key in ("title", "prompt"):
        if not _text(entry.get(key)):
            bad(key, f"the {key} is missing or empty; write it as text in quotes.")
    allowed = _COMMON_FIELDS | _KIND_FIELDS[kind] | _CHECK_FIELDS.get(str(entry.get("check")), set())
    for key in entry:
        if key not in allowed:
            bad(key, f"a {kind} exercise does not use this field; the fields are: {', '.join(sorted(allowed))}.")
    for key in ("check", "show", "rules", "items_from", "options_from", "fields_from", "labels_from"):
        value = entry.get(key)
        if key == "rules" and not isinstance(value, str):
            continue
        if value is not None and (not isinstance(value, str) or value not in set(names.get(key, ()))):
            choices = ", ".join(sorted(names.get(key, ()))) or "none"
            what = "rule set" if key == "rules" else "name"
            bad(key, f"{value!r} is not a {what} the library knows; use one of: {choices}.")
    fb = entry.get("feedback")
    if fb is not None and (
        not isinstance(fb, Mapping)
        or not set(fb) <= {"right", "not_yet"}
        or not all(isinstance(v, str) for v in fb.values())
    ):
        bad("feedback", 'write it as a table of text: feedback = { right = "...", not_yet = "..." }.')
    if "multi" in entry and not isinstance(entry["multi"], bool):
        bad("multi", "write true or false.")
    computed = bool(entry.get("check"))
    if computed:
        for key in ("items", "options", "answer", "before", "orders", "labels"):
            if key in entry and key != "labels":
                bad(
                    key,
                    "this exercise's answer is computed by its check, so it takes its items from the "
                    "stage's content file; change them there.",
                )
        return out
    checker = _KIND_CHECKS[kind]
    checker(entry, bad, names)
    return out


def _check_text_entry(entry: Mapping, bad, names) -> None:
    _check_fields(entry, bad, names, number=False)
    rules = entry.get("rules")
    if rules is None:
        bad(
            "rules",
            'a text exercise needs a rule set: the name of one, or a list such as [{rule = "min_words", value = 20}].',
        )
        return
    if isinstance(rules, str):
        return
    if not isinstance(rules, list) or not rules:
        bad("rules", "write a rule set's name in quotes, or a list of rules in [ ].")
        return
    for n, rule in enumerate(rules, 1):
        if not isinstance(rule, Mapping) or rule.get("rule") not in TEXT_RULES:
            got = rule.get("rule") if isinstance(rule, Mapping) else rule
            bad("rules", f"rule {n}: {got!r} is not a text rule; use one of {', '.join(TEXT_RULES)}.")
            continue
        name, value = rule["rule"], rule.get("value")
        if name in ("min_words", "max_words") and not (
            isinstance(value, int) and not isinstance(value, bool) and value > 0
        ):
            bad("rules", f"rule {n} ({name}): value must be a whole number above 0, not {value!r}.")
        if name in ("mention_any", "must_not_contain") and not (
            isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
        ):
            bad("rules", f"rule {n} ({name}): value must be a list of words or phrases in quotes.")
        for key in ("message", "right"):
            if key in rule and not isinstance(rule[key], str):
                bad("rules", f"rule {n} ({name}): {key} must be text in quotes.")


def _check_fields(entry: Mapping, bad, names, *, number: bool) -> None:
    if entry.get("fields_from") and "fields" not in entry:
        return
    fields = entry.get("fields")
    if not isinstance(fields, list) or not fields:
        bad("fields", 'list the answer boxes: fields = [{id = "...", label = "..."}].')
        return
    seen = set()
    for n, f in enumerate(fields, 1):
        if not isinstance(f, Mapping) or not _text(f.get("id")) or not _text(f.get("label")):
            bad("fields", f"answer box {n} needs an id and a label (text in quotes).")
            continue
        if f["id"] in seen:
            bad("fields", f"answer box {n}: the id {f['id']!r} is used twice.")
        seen.add(f["id"])
        start = f.get("start_from")
        if start is not None and start not in set(names.get("start_from", ())):
            choices = ", ".join(sorted(names.get("start_from", ()))) or "none"
            bad(
                "fields",
                f"answer box {f['id']!r}: start_from {start!r} is not a name the library knows; use one of: {choices}.",
            )
        if number:
            if not _is_number(f.get("value")):
                bad("fields", f"answer box {f['id']!r}: value must be the right number, not {f.get('value')!r}.")
            if "tolerance" in f and not (_is_number(f["tolerance"]) and f["tolerance"] >= 0):
                bad(
                    "fields",
                    f"answer box {f['id']!r}: tolerance must be a number of 0 or more, not {f['tolerance']!r}.",
                )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_number_entry(entry: Mapping, bad, names) -> None:
    _check_fields(entry, bad, names, number=True)


def _item_ids(entry: Mapping, bad, *, need_text: bool = True) -> list[str] | None:
    if entry.get("items_from") and "items" not in entry:
        return None  # the items come from a stage's content file, checked there
    items = entry.get("items")
    if not isinstance(items, list) or not items:
        bad("items", 'list the items: items = [{id = "a", text = "..."}, ...] (or items_from = a source\'s name).')
        return []
    ids = []
    for n, item in enumerate(items, 1):
        if (
            not isinstance(item, Mapping)
            or not _text(str(item.get("id", "")))
            or (need_text and not _text(item.get("text")))
        ):
            bad("items", f"item {n} needs an id and a text.")
            continue
        if str(item["id"]) in ids:
            bad("items", f"item {n}: the id {item['id']!r} is used twice.")
        ids.append(str(item["id"]))
    return ids


def _check_labels_entry(entry: Mapping, bad, names) -> None:
    if entry.get("labels_from") and "labels" not in entry:
        return
    labels = entry.get("labels")
    if not isinstance(labels, Mapping) or not labels or not all(isinstance(v, str) for v in labels.values()):
        bad("labels", 'list the labels to choose from: labels = { advice = "Asks for advice", ... }.')
        labels = {}
    ids = _item_ids(entry, bad)
    if ids is None or not labels:
        return
    multi = entry.get("multi") is True
    for item in _as_list(entry.get("items")):
        if not isinstance(item, Mapping):
            continue
        answer = item.get("answer")
        given = answer if isinstance(answer, list) else [answer]
        if (multi and not isinstance(answer, list)) or (not multi and not isinstance(answer, str)):
            bad(
                "items",
                f"item {item.get('id')!r}: answer must be "
                + ("a list of labels in [ ]." if multi else "one label in quotes."),
            )
            continue
        for g in given:
            if g not in labels:
                bad(
                    "items",
                    f"item {item.get('id')!r}: its answer {g!r} is not one of the labels ({', '.join(labels)}).",
                )


def _check_order_entry(entry: Mapping, bad, names) -> None:
    ids = _item_ids(entry, bad)
    if ids is None:
        return
    known = {i.upper() for i in ids}
    before, orders = entry.get("before"), entry.get("orders")
    if before is None and orders is None:
        bad(
            "before",
            'an order exercise needs before = [["a", "b"], ...] (a comes before b) or orders = [...] '
            "(every accepted order).",
        )
    if before is not None:
        if not isinstance(before, list) or not all(isinstance(p, list) and len(p) == 2 for p in before):
            bad("before", 'write pairs of item ids: before = [["a", "b"], ...].')
        else:
            for a, b in before:
                for x in (a, b):
                    if str(x).upper() not in known:
                        bad("before", f"{x!r} is not one of the items ({', '.join(ids)}).")
    if orders is not None:
        if not isinstance(orders, list) or not orders:
            bad("orders", "list every accepted order, each as a list of item ids.")
        else:
            for n, order in enumerate(orders, 1):
                seq = [str(x).upper() for x in order] if isinstance(order, list) else []
                if sorted(seq) != sorted(known):
                    bad("orders", f"order {n} must name every item once ({', '.join(ids)}).")
    if "positions" in entry:
        bad("positions", "only an exercise with a computed check may ask for fewer positions than items.")


def _check_choice_entry(entry: Mapping, bad, names) -> None:
    if entry.get("options_from") and "options" not in entry:
        return
    options = entry.get("options")
    ids: list[str] = []
    if not isinstance(options, list) or len(options) < 2:
        bad("options", 'list at least two options: options = [{id = "a", text = "...", feedback = "..."}, ...].')
        return
    for n, o in enumerate(options, 1):
        if not isinstance(o, Mapping) or not _text(str(o.get("id", ""))) or not _text(o.get("text")):
            bad("options", f"option {n} needs an id and a text.")
            continue
        if str(o["id"]) in ids:
            bad("options", f"option {n}: the id {o['id']!r} is used twice.")
        ids.append(str(o["id"]))
        if "feedback" in o and not isinstance(o["feedback"], str):
            bad("options", f"option {o['id']!r}: feedback must be text in quotes.")
    answer = entry.get("answer")
    multi = entry.get("multi") is True
    if answer is None:
        bad("answer", 'say which option is right: answer = "a"' + (' or a list ["a", "c"].' if multi else "."))
        return
    given = answer if isinstance(answer, list) else [answer]
    if not isinstance(answer, (str, list)):
        bad("answer", "write the right option's id in quotes, or a list of ids in [ ].")
        return
    for g in given:
        if str(g) not in ids:
            bad("answer", f"{g!r} is not one of the options ({', '.join(ids)}).")


_KIND_CHECKS = {
    "text": _check_text_entry,
    "number": _check_number_entry,
    "labels": _check_labels_entry,
    "order": _check_order_entry,
    "choice": _check_choice_entry,
}


def catalogue_problems(entries: Sequence[Any], *, file: str = "exercises.toml", **kwargs) -> list[str]:
    """Every problem of a list of exercise entries (:func:`entry_problems`), and ids used twice."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(entries, 1):
        out += entry_problems(entry, n, file=file, **kwargs)
        eid = entry.get("id") if isinstance(entry, Mapping) else None
        if isinstance(eid, str) and eid.strip():
            if eid in seen:
                out.append(
                    f"{file}, exercise {eid!r}, field 'id': exercises number {seen[eid]} and {n} both use this id."
                )
            seen.setdefault(eid, n)
    return out


def _fill(prompt: str, entry: Mapping) -> str:
    """``{minutes}`` in a prompt is the entry's ``minutes``; other braces are kept as written."""
    return re.sub(
        r"\{(\w+)\}",
        lambda m: str(entry[m.group(1)]) if isinstance(entry.get(m.group(1)), (int, float, str)) else m.group(0),
        prompt,
    )


def build_definition(
    entry: Mapping[str, Any],
    *,
    items: Sequence[Mapping[str, Any]] | None = None,
    options: Sequence[Mapping[str, Any]] | None = None,
    fields: Sequence[Mapping[str, Any]] | None = None,
    labels: Sequence[Mapping[str, Any]] | None = None,
) -> ExerciseDefinition:
    """An exercise's definition from its (valid, :func:`entry_problems`) entry. ``items``,
    ``options``, ``fields`` and ``labels`` are what its ``*_from`` names give, when the entry does not list
    them itself.

    >>> d = build_definition({"id": "q", "stage": 1, "kind": "choice", "title": "T", "prompt": "Pick",
    ...     "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B", "feedback": "Yes."}], "answer": "b"})
    >>> d.lesson, d.answer, check_definition(d, {"choice": "b"}).messages
    ('1', ('b',), ['Right. Yes.'])
    """
    multi = entry.get("multi") is True
    item_rows = entry.get("items") if "items" in entry else (items or [])
    option_rows = entry.get("options") if "options" in entry else (options or [])
    field_rows = entry.get("fields") if "fields" in entry else (fields or [])
    name = str(entry.get("item_name", "")).strip()
    built_items = []
    for n, i in enumerate(item_rows, 1):
        answer = i.get("answer", "")
        text = str(i.get("text", ""))
        built_items.append(
            ExerciseItem(
                id=str(i["id"]),
                text=text,
                name=str(i.get("name") or (f"{name} {n}" if name else str(i["id"]))),
                answer=tuple(str(a) for a in answer)
                if isinstance(answer, (list, tuple, set, frozenset))
                else str(answer),
                hint=str(i.get("hint", "")),
                quote=str(i.get("quote") or f"\u201c{shorten(text, 50)}\u201d"),
            )
        )
    answer = entry.get("answer", ())
    built_options = tuple(
        ExerciseOption(str(o["id"]), str(o["text"]), str(o.get("feedback", "")), bool(o.get("preset", False)))
        for o in option_rows
    )
    built_fields = tuple(
        AnswerField(
            id=str(f["id"]),
            label=str(f["label"]),
            multiline=bool(f.get("multiline", False)),
            start=str(f.get("start", "")),
            placeholder=str(f.get("placeholder", "")),
            value=float(f["value"]) if _is_number(f.get("value")) else None,
            tolerance=float(f.get("tolerance", 0.005)),
            percent=bool(f.get("percent", False)),
        )
        for f in field_rows
    )
    feedback = entry.get("feedback") or {}
    if "labels" in entry or labels is None:
        labels = dict(entry.get("labels") or {})
    else:
        labels = {str(row["id"]): str(row["text"]) for row in labels}
    return ExerciseDefinition(
        id=str(entry["id"]),
        lesson=lesson_id(entry.get("lesson", entry.get("stage"))),
        kind=str(entry["kind"]),
        title=str(entry.get("title", "")),
        prompt=_fill(str(entry.get("prompt", "")).strip(), entry),
        multi=multi,
        items=tuple(built_items),
        labels=tuple((str(k), str(v)) for k, v in labels.items()),
        options=built_options,
        answer=tuple(str(a) for a in answer) if isinstance(answer, list) else ((str(answer),) if answer != () else ()),
        before=tuple((str(a), str(b)) for a, b in entry.get("before", []) or []),
        orders=tuple(tuple(str(x).upper() for x in o) for o in entry.get("orders", []) or []),
        positions=int(entry.get("positions", 0) or 0),
        fields=built_fields,
        pack=entry.get("kind") == "text" and (len(built_fields) > 1 or bool(entry.get("fields_from"))),
        rules=entry.get("rules"),
        check=str(entry.get("check", "") or ""),
        show=str(entry.get("show", "") or ""),
        question=str(entry.get("question", "Your answer")),
        what=str(entry.get("what", "one of the choices")),
        right=str(feedback.get("right", "")),
        not_yet=str(feedback.get("not_yet", "")),
        worked_answer=str(entry.get("worked_answer", "")).strip(),
    )


def definition_problems(d: ExerciseDefinition, *, file: str = "exercises.toml") -> list[str]:
    """What does not fit in a built definition, whose items or options may come from a stage's
    content file (``items_from``): an answer naming a label or option that does not exist, no
    items, an answer box without a right number.

    >>> d = build_definition({"id": "q", "stage": 1, "kind": "labels", "title": "T", "prompt": "P",
    ...     "labels": {"yes": "Yes"}}, items=[{"id": "a", "text": "A", "answer": "maybe"}])
    >>> definition_problems(d)
    ["exercises.toml, exercise 'q', field 'items': item 'a' has the answer 'maybe', which is not one of the labels (yes)."]
    """
    out: list[str] = []
    where = f"{file}, exercise {d.id!r}"
    labels = [k for k, _ in d.labels]
    if d.kind in ("labels", "order") and not d.items:
        out.append(f"{where}, field 'items': there are no items to show.")
    if d.kind == "choice" and len(d.options) < 2:
        out.append(f"{where}, field 'options': there are fewer than two options to choose from.")
    if d.kind == "labels" and not d.check:
        for item in d.items:
            for answer in item.answer if isinstance(item.answer, tuple) else (item.answer,):
                if answer not in labels:
                    out.append(
                        f"{where}, field 'items': item {item.id!r} has the answer {answer!r}, "
                        f"which is not one of the labels ({', '.join(labels)})."
                    )
    if d.kind == "choice" and not d.check:
        ids = [o.id for o in d.options]
        out += [
            f"{where}, field 'answer': {a!r} is not one of the options ({', '.join(ids)})."
            for a in d.answer
            if a not in ids
        ]
    if d.kind in ("text", "number") and not d.fields:
        out.append(f"{where}, field 'fields': there are no answer boxes.")
    return out


# ------------------------------------------------------------------ checking a definition
def text_rules(specs: Sequence[Mapping[str, Any]]) -> list[TextRule]:
    """Content-defined text rules (``[{rule = "min_words", value = 20}, ...]``) as :class:`TextRule`.

    >>> rules = text_rules([{"rule": "ends_with_question"}, {"rule": "mention_any", "value": ["advice"]}])
    >>> check_text("Any advice?", rules).ok, check_text("Hello.", rules).messages
    (True, ['End with a question (a "?").', 'Mention at least one of: advice.'])
    """
    out = []
    for n, spec in enumerate(specs, 1):
        name, value = spec["rule"], spec.get("value")
        if name == "min_words":
            rule = (
                lambda t, v=int(value): len(t.split()) >= v,
                f"At least {value} words.",
                f"Write at least {value} words.",
            )
        elif name == "max_words":
            rule = (
                lambda t, v=int(value): len(t.split()) <= v,
                f"At most {value} words.",
                f"Keep it to {value} words or fewer.",
            )
        elif name == "mention_any":
            words = [str(w).strip() for w in value]
            rule = (
                lambda t, ws=tuple(words): any(_mentions(t, w) for w in ws),
                f"Mentions {' / '.join(words)}.",
                f"Mention at least one of: {', '.join(words)}.",
            )
        elif name == "must_not_contain":
            words = [str(w).strip() for w in value]
            rule = (
                lambda t, ws=tuple(words): not any(_mentions(t, w) for w in ws),
                f"Leaves out {', '.join(words)}.",
                f"Leave out: {', '.join(words)}.",
            )
        else:  # ends_with_question
            rule = (lambda t: t.rstrip().endswith("?"), "Ends with a question.", 'End with a question (a "?").')
        passes, right, missing = rule
        out.append(
            TextRule(
                f"{n}:{name}",
                passes,
                str(spec.get("right") or right),
                str(spec.get("message") or missing),
                str(spec.get("hint", "")),
            )
        )
    return out


def _mentions(text: str, phrase: str) -> bool:
    """Whether ``phrase`` appears as whole words (case ignored)."""
    return re.search(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)", text.lower()) is not None


def check_multichoice(chosen: Any, options: Sequence[ExerciseOption], right: Iterable[str]) -> Feedback:
    """Check a choice of several options: each option is right when ticked exactly if it is in ``right``.

    >>> opts = [ExerciseOption("a", "A", "A listens."), ExerciseOption("b", "B", "B talks.")]
    >>> check_multichoice(["b"], opts, ["a"]).messages
    ['You left out A: A listens.', 'B is not right: B talks.']
    """
    want = set(right)
    picked = set(choice_set(chosen))
    fb = Feedback(ok=False, total=len(options))
    if not picked:
        fb.messages.append("Nothing chosen yet: tick every option that applies.")
        return fb
    ids = {o.id for o in options}
    for p in sorted(picked - ids):
        fb.messages.append(f"{shorten(p, 20)!r} is not one of the options.")
    for o in options:
        if (o.id in picked) == (o.id in want):
            fb.correct += 1
            fb.right.append(f"{shorten(o.text, 60)}: {'ticked' if o.id in want else 'left out'}, right.")
        elif o.id in want:
            fb.messages.append(f"You left out {shorten(o.text, 60)}" + (f": {o.feedback}" if o.feedback else "."))
        else:
            fb.messages.append(f"{shorten(o.text, 60)} is not right" + (f": {o.feedback}" if o.feedback else "."))
    fb.ok = fb.correct == fb.total and picked <= ids
    return fb


def _check_order_definition(d: ExerciseDefinition, order: Any) -> Feedback:
    items = {i.id: i.text for i in d.items}
    if d.before:
        return check_order(order, items, d.before)
    # accepted orders only: every pair all of them agree on is a constraint
    accepted = [list(o) for o in d.orders]
    pairs = [
        (a, b)
        for a in items
        for b in items
        if a != b
        and all(o.index(a.upper()) < o.index(b.upper()) for o in accepted if a.upper() in o and b.upper() in o)
    ]
    fb = check_order(order, items, pairs)
    given = _as_sequence(order, items)
    if not fb.ok and given in accepted:
        fb.ok, fb.messages = True, []
    return fb


def check_definition(
    d: ExerciseDefinition, answer: Mapping[str, Any], *, rule_sets: Mapping[str, Callable[..., Feedback]] | None = None
) -> Feedback:
    """Check an answer (by :attr:`ExerciseDefinition.answer_keys`) against a content-defined
    exercise. Exercises with a computed ``check`` are checked by their stage's module instead
    (:func:`infoview.course_exercises.check_exercise`). Never raises on what a learner types.
    """
    answer = answer if isinstance(answer, Mapping) else {}
    if d.kind == "labels" and d.multi:
        labels = dict(d.labels)
        fb = check_multilabels(
            [{"id": i.id, "item": i} for i in d.items],
            answer.get("answers"),
            expected=lambda r: set(r["item"].answer),
            labels=labels,
            describe=lambda r: r["item"].quote,
            missed_hint=lambda r, label: r["item"].hint or labels.get(label, label),
            what=f"one of the labels ({', '.join(labels)})",
        )
    elif d.kind == "labels":
        fb = check_labels(
            [{"id": i.id, "item": i} for i in d.items],
            answer.get("answers"),
            expected=lambda r: r["item"].answer,
            choices=tuple(k for k, _ in d.labels),
            describe=lambda r: r["item"].quote,
            hint=lambda r: r["item"].hint or "look again.",
            what=d.what,
        )
    elif d.kind == "order":
        fb = _check_order_definition(d, answer.get("order"))
    elif d.kind == "choice" and d.multi:
        fb = check_multichoice(answer.get("chosen"), d.options, d.answer)
    elif d.kind == "choice":
        texts = {o.id: o.text for o in d.options}
        value = answer.get("choice")
        if isinstance(value, str) and value in texts:
            value = texts[value]
        # one right option, or several that are each right (answer = ["a", "c"] without multi)
        chosen = next((o for o in d.options if value in (o.id, o.text)), None)
        right = chosen if chosen and chosen.id in d.answer else next((o for o in d.options if o.id in d.answer), None)
        fb = check_choice(
            value,
            [o.text for o in d.options],
            right.text if right else "",
            why=(right.feedback if right else "") or d.right,
            wrong={o.text: o.feedback for o in d.options if o.feedback},
        )
        if fb.ok:
            return fb
    elif d.kind == "number":
        parts = [
            check_number(
                answer.get(f.id),
                f.value if f.value is not None else math.nan,
                tolerance=f.tolerance,
                percent=f.percent,
                what=f.label.rstrip(":"),
            )
            for f in d.fields
        ]
        fb = Feedback(ok=all(p.ok for p in parts), total=len(parts), correct=sum(p.ok for p in parts))
        for p in parts:
            fb.right += p.right
            fb.messages += p.messages
    else:  # text
        values = answer.get("answers") if d.pack else answer.get(d.fields[0].id if d.fields else "text")
        if isinstance(d.rules, str):
            fb = (rule_sets or {})[d.rules](values)
        else:
            text = "\n".join(clean_text(v) for v in values.values()) if isinstance(values, Mapping) else values
            fb = check_text(text, text_rules(d.rules or []))
    if fb.ok and d.right:
        fb.messages.append(d.right)
    elif not fb.ok and d.not_yet and not fb.hint:
        fb.hint = d.not_yet
    return fb


def check_catalogue(content_dir=None, names: Mapping[str, Iterable[str]] | None = None) -> None:
    """Raise :class:`ContentError` listing every problem of the exercise entries and lessons,
    one sentence per line, each naming the file, the entry and the field."""
    problems = []
    files = exercise_files(content_dir)
    lessons = [s["id"] for s in stages(content_dir)]
    by_id: dict[str, str] = {}
    for path, data in files:
        for entry in data.get("exercise", []) if isinstance(data.get("exercise", []), list) else []:
            if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
                by_id[entry["id"]] = Path(path).name if path == files[0][0] else path
    # duplicate ids within one file
    for path, data in files:
        layer = data.get("exercise", [])
        if not isinstance(layer, list):
            problems.append(f"{path}: write each exercise as an [[exercise]] table.")
            continue
        seen: dict[str, int] = {}
        for n, entry in enumerate(layer, 1):
            eid = entry.get("id") if isinstance(entry, Mapping) else None
            if isinstance(eid, str) and eid in seen:
                problems.append(
                    f"{path}, exercise {eid!r}, field 'id': exercises number {seen[eid]} and {n} both use this id."
                )
            elif isinstance(eid, str):
                seen[eid] = n
    for n, entry in enumerate(catalogue_entries(content_dir), 1):
        eid = entry.get("id") if isinstance(entry, Mapping) else None
        file = by_id.get(eid, files[-1][0]) if isinstance(eid, str) else files[-1][0]
        if isinstance(eid, str) and eid.startswith("moment_") and eid not in by_id:
            file = "awkward_moments.toml"
        problems += entry_problems(entry, n, file=file, lessons=lessons, names=names)
    if problems:
        raise ContentError("\n".join(problems))
