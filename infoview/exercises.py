"""Exercises: the kinds the curriculum uses, the feedback every check returns, and the catalogue.

Every exercise in the notebooks is one of five kinds, each checked by a pure function here:

- **free text** checked by a rule set (:func:`check_text`; the message rewrite uses the
  outreach reviewer, the open questions their own rules);
- **labels**: several items, each given one label (:func:`check_labels`) or several
  (:func:`check_multilabels`);
- **order**: items put in order, where every order that keeps the constraints is right
  (:func:`check_order`), not only one string;
- **single choice** (:func:`check_choice`);
- **a number** (:func:`parse_number`, :func:`check_number`).

Each check returns a :class:`Feedback`: what is right, what is still missing, and a hint.
None of them raises on what a learner can type: blank, whitespace, 5,000 words, emoji,
HTML or nonsense all get feedback.

Every exercise is content: an ``[[exercise]]`` entry of ``data/content/exercises.toml``, which
an instructor's ``exercises.toml`` is merged over entry by entry (:func:`catalogue_entries`: the
same id changes the fields it sets, a new id adds an exercise). How an entry is written and
checked is :mod:`infoview.exercise_content`. ``exercises.toml`` also lists the lessons in order
(:func:`stages`: the stages by number, the lessons between them by id, "1b"), which progress
(:func:`progress`, :func:`completion_counts`) and the cohort report use. Whether learners may
see worked answers is ``course.toml``'s ``solutions`` setting (:func:`solutions_policy`).

Why one module: the stages import the kinds' checks and :class:`Feedback` from here, and the
catalogue, the lessons and progress are one reading of ``exercises.toml`` by lesson id; the
entry schema, the part that grows, is already apart (:mod:`infoview.exercise_content`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from typing import Any, Callable, Iterable, Mapping, Sequence

from .content import ContentError, content_dirs, load_toml, load_toml_file, merge

__all__ = [
    "Feedback",
    "TextRule",
    "clean_text",
    "check_text",
    "check_labels",
    "check_multilabels",
    "check_order",
    "check_choice",
    "parse_number",
    "check_number",
    "SOLUTION_POLICIES",
    "solutions_policy",
    "lesson_id",
    "lesson_sort_key",
    "catalogue",
    "catalogue_entries",
    "moment_entries",
    "exercise_files",
    "exercise_info",
    "stage_exercises",
    "worked_answer",
    "stages",
    "StageProgress",
    "progress",
    "completion_counts",
    "LESSON_ID_PATTERN",
    "check_completion_counts",
    "cohort_completion",
    "shorten",
    "choice_set",
    "quote_describer",
]

#: Far above any real answer (5,000 words is about 30,000 characters); longer input is cut
#: here before any rule looks at it, so a pasted book cannot slow a check down.
MAX_ANSWER_CHARS = 60_000

#: Foreground colours on white with a contrast of at least 4.5:1 (WCAG 2.1 AA):
#: #0b6e4f is 6.3:1, #7a4f00 is 7.0:1.
_OK_COLOUR, _TODO_COLOUR = "#0b6e4f", "#7a4f00"


@dataclass
class Feedback:
    """What every exercise check returns.

    ``ok``: solved. ``messages``: what is still missing or wrong, one per point. ``right``:
    what is already right. ``hint``: where to look next. ``correct`` of ``total`` counts the
    parts right so far. ``head`` is the first line; by default "All correct." or "N of M
    correct so far." (or "Not yet:" when there is no count). A check whose first message is
    its own summary passes ``head=""``. ``bool()`` is ``ok``.

    >>> fb = Feedback(False, ["Step B comes after step D."], correct=5, total=7, hint="Start with the thanks.")
    >>> print(fb)
    5 of 7 correct so far.
    - Step B comes after step D.
    Hint: Start with the thanks.
    """

    ok: bool
    messages: list[str] = field(default_factory=list)
    correct: int = 0
    total: int = 0
    head: str | None = None
    right: list[str] = field(default_factory=list)
    hint: str = ""

    def heading(self) -> str:
        if self.head is not None:
            return self.head
        if self.ok:
            return "All correct."
        return f"{self.correct} of {self.total} correct so far." if self.total else "Not yet:"

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        head = self.heading()
        lines = [head] if head else []
        lines += [f"- {m}" for m in self.messages] if head else list(self.messages)
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    __repr__ = __str__

    def to_html(self) -> str:
        """The feedback as escaped HTML, announced to screen readers (``role="status"``)."""
        colour = _OK_COLOUR if self.ok else _TODO_COLOUR
        head = self.heading()
        parts = [
            f'<div class="infoview-feedback" role="status" aria-live="polite" '
            f'style="color:{colour};background:#ffffff;padding:4px 8px;overflow-wrap:break-word;word-break:normal">'
        ]
        if head:
            parts.append(f"<b>{'✔ ' if self.ok else ''}{escape(head)}</b>")
        if self.right and not self.ok:
            parts.append(
                "<div>Right so far:</div><ul>" + "".join(f"<li>{escape(r)}</li>" for r in self.right) + "</ul>"
            )
        if self.messages:
            if self.right and not self.ok:
                parts.append("<div>Still to do:</div>")
            parts.append("<ul>" + "".join(f"<li>{escape(m.strip())}</li>" for m in self.messages) + "</ul>")
        if self.hint:
            parts.append(f"<div><b>Hint:</b> {escape(self.hint)}</div>")
        return "".join(parts) + "</div>"

    def _repr_html_(self) -> str:
        return self.to_html()


# ------------------------------------------------------------------ input cleaning
def clean_text(value: Any, max_chars: int = MAX_ANSWER_CHARS) -> str:
    """Any value a learner can type, as text a rule can read: ``None`` is blank, control
    characters go, the text is NFC-normalised and cut at ``max_chars``.

    >>> clean_text(None), clean_text("  a\\x00b  "), len(clean_text("x" * 10**6))
    ('', 'ab', 60000)
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = unicodedata.normalize("NFC", text[: max_chars * 2])
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return text[:max_chars].strip()


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ------------------------------------------------------------------ free text
@dataclass(frozen=True)
class TextRule:
    """One thing a free-text answer must do.

    ``passes(text)`` decides; ``right`` is said when it passes, ``missing`` when it does
    not, ``hint`` (optional) where to look.
    """

    id: str
    passes: Callable[[str], bool]
    right: str
    missing: str
    hint: str = ""


def check_text(
    text: Any, rules: Sequence[TextRule], *, blank: str = "Nothing written yet.", max_words: int | None = None
) -> Feedback:
    """Check a free-text answer against ``rules``, in order (the first failing rule's hint is given).

    >>> rules = [TextRule("q", lambda t: t.endswith("?"), "It is a question.", "End it with a question mark.")]
    >>> check_text("What changed?", rules).ok, check_text("  ", rules).messages
    (True, ['Nothing written yet.'])
    """
    answer = clean_text(text)
    fb = Feedback(ok=False, total=len(rules))
    if not answer:
        fb.messages.append(blank)
        return fb
    words = len(answer.split())
    if max_words is not None and words > max_words:
        fb.messages.append(f"That is {words} words; keep it under {max_words}.")
        return fb
    for rule in rules:
        try:
            passed = bool(rule.passes(answer))
        except (ValueError, TypeError):
            passed = False
        if passed:
            fb.correct += 1
            fb.right.append(rule.right)
        else:
            fb.messages.append(rule.missing)
            fb.hint = fb.hint or rule.hint
    fb.ok = fb.correct == fb.total
    return fb


# ------------------------------------------------------------------ labels
def check_labels(items, answers, *, expected, choices, describe, hint, what: str = "one of the choices") -> Feedback:
    """Check a labelling exercise: for each item the learner picked one of ``choices``.

    ``expected(item)`` is the right label, ``describe(item)`` how the item is quoted in a
    message and ``hint(item)`` what to look at when the label is wrong. Blank answers say
    "Not answered yet", never an error.

    >>> items = [{"id": "a", "text": "Coffee?", "ok": "yes"}]
    >>> fb = check_labels(items, {"a": "no"}, expected=lambda i: i["ok"], choices=("yes", "no"),
    ...                   describe=lambda i: i["text"], hint=lambda i: "It asks for advice.")
    >>> fb.correct, fb.messages
    (0, ['Look again at Coffee? Hint: It asks for advice.'])
    """
    answers = answers if isinstance(answers, Mapping) else {}
    fb = Feedback(ok=False, total=len(items))
    for item in items:
        given = clean_text(answers.get(item["id"], ""), 200)
        quote = describe(item)
        if not given:
            fb.messages.append(f"Not answered yet: {quote}")
        elif given not in choices:
            fb.messages.append(f"{shorten(given, 40)!r} is not {what} (use one of {', '.join(choices)}): {quote}")
        elif given != expected(item):
            fb.messages.append(f"Look again at {quote} Hint: {hint(item)}")
        else:
            fb.correct += 1
            fb.right.append(f"{quote}: {given}")
    fb.ok = fb.correct == fb.total
    return fb


def choice_set(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p for p in re.split(r"[,;\s]+", value) if p]
    if isinstance(value, Mapping):
        return [str(k) for k, v in value.items() if v]
    try:
        return [clean_text(v, 200) for v in value if clean_text(v, 200)]
    except TypeError:
        return [clean_text(value, 200)]


def check_multilabels(
    items,
    answers,
    *,
    expected,
    labels: Mapping[str, str],
    describe,
    missed_hint,
    extra_hint=None,
    normalize=None,
    what: str = "one of the labels",
    blank: str = "Nothing chosen yet: for each item, tick every label that applies.",
) -> Feedback:
    """Check a labelling exercise where each item carries any number of ``labels`` (id -> text).

    ``answers`` maps an item id to the labels chosen (a list, a set, or one string separated
    by commas). ``expected(item)`` is the set of right labels; ``missed_hint(item, label)``
    what to look at for a label left out; ``extra_hint(item, label)`` for one that does not
    apply. ``normalize(text)`` turns a typed label into an id (or None); ``what`` names a valid
    label in the message for one that is not. An item is right when its set is exactly right.

    >>> items = [{"id": "A", "breaks": {"x"}}]
    >>> fb = check_multilabels(items, {"A": ["x", "y"]}, expected=lambda i: i["breaks"], labels={"x": "X", "y": "Y"},
    ...                        describe=lambda i: f"Message {i['id']}", missed_hint=lambda i, l: l)
    >>> fb.ok, fb.messages
    (False, ['Message A: 1 of 1 found.', '  - it does not break y (Y): look again.'])
    """
    answers = answers if isinstance(answers, Mapping) else {}
    normalize = normalize or (lambda t: t if t in labels else None)
    fb = Feedback(ok=False, total=len(items))
    if not any(choice_set(answers.get(i["id"])) for i in items):
        fb.messages.append(blank)
        return fb
    for item in items:
        want = set(expected(item))
        chosen, unknown = set(), []
        for g in choice_set(answers.get(item["id"])):
            key = normalize(g)
            (chosen.add(key) if key else unknown.append(g))
        quote = describe(item)
        found, missed, extra = want & chosen, want - chosen, chosen - want
        if not missed and not extra and not unknown:
            fb.correct += 1
            fb.right.append(f"{quote}: right ({', '.join(sorted(want)) or 'none of them'}).")
            continue
        if found:
            fb.right.append(f"{quote}: {', '.join(sorted(found))} found.")
        fb.messages.append(f"{quote}: {len(found)} of {len(want)} found.")
        for label in sorted(missed):
            fb.messages.append(f"  - still missing one: {missed_hint(item, label)}")
        for label in sorted(extra):
            why = extra_hint(item, label) if extra_hint else "look again."
            fb.messages.append(f"  - it does not break {label} ({labels.get(label, label)}): {why}")
        for g in unknown:
            fb.messages.append(f"  - {shorten(g, 40)!r} is not {what}.")
    fb.ok = fb.correct == fb.total
    return fb


# ------------------------------------------------------------------ order
def _as_sequence(order: Any, ids: Iterable[str]) -> list[str]:
    """The learner's order as a list of upper-case ids; one string of letters is read letter by letter."""
    if order is None:
        return []
    if isinstance(order, str):
        known = {i.upper() for i in ids}
        if all(len(i) == 1 for i in known):
            return [c.upper() for c in order if c.isalnum()]
        return [p.strip().upper() for p in re.split(r"[,;>\n]+", order) if p.strip()]
    try:
        return [clean_text(x, 200).upper() for x in order if clean_text(x, 200)]
    except TypeError:
        return []


def check_order(
    order: Any,
    items: Mapping[str, str],
    before: Iterable[tuple[str, str]],
    *,
    explain: Callable[[list[str], str], str] | None = None,
) -> Feedback:
    """Check an ordering: every order that keeps the constraints ``before`` (pairs (a, b):
    a comes before b) is right, not only one.

    ``items`` maps an id to its text. ``explain(firsts, b)`` says why b comes after the steps
    ``firsts`` (default: quotes them); one message per misplaced step. Repeated, unknown and
    missing ids get their own message. ``correct`` of ``total`` counts the constraints kept.

    >>> items = {"A": "hello", "B": "ask", "C": "thanks"}
    >>> check_order("ABC", items, [("A", "B"), ("A", "C")]).ok, check_order("ACB", items, [("A", "B"), ("A", "C")]).ok
    (True, True)
    >>> check_order("BCA", items, [("A", "B"), ("A", "C")]).messages
    ['“ask” comes after “hello”.', '“thanks” comes after “hello”.']
    """
    ids = {str(k).upper(): v for k, v in items.items()}
    rules = [(str(a).upper(), str(b).upper()) for a, b in before]
    given = _as_sequence(order, ids)
    fb = Feedback(ok=False, total=len(rules))
    if not given:
        fb.messages.append(f"Nothing there yet: put all of {', '.join(sorted(ids))} in the order you would do them.")
        return fb
    unknown = [g for g in dict.fromkeys(given) if g not in ids]
    repeated = sorted({g for g in given if g in ids and given.count(g) > 1})
    missing = [i for i in sorted(ids) if i not in given]
    for g in unknown:
        fb.messages.append(f"{shorten(g, 20)!r} is not one of the steps ({', '.join(sorted(ids))}).")
    for g in repeated:
        fb.messages.append(f"Step {g} appears more than once.")
    if missing:
        fb.messages.append(f"Still to place: {', '.join(missing)}.")
    position = {}
    for i, g in enumerate(given):
        position.setdefault(g, i)
    explain = explain or (
        lambda firsts, b: (
            f"\u201c{ids[b]}\u201d comes after " + " and ".join(f"\u201c{ids[a]}\u201d" for a in firsts) + "."
        )
    )
    broken: dict[str, list[str]] = {}
    for a, b in rules:
        if a in position and b in position and position[a] < position[b]:
            fb.correct += 1
        elif a in position and b in position:
            broken.setdefault(b, []).append(a)
    for b in sorted(broken, key=position.get):
        fb.messages.append(explain(sorted(broken[b], key=position.get), b))
    fb.ok = not fb.messages and fb.correct == fb.total
    return fb


# ------------------------------------------------------------------ single choice
def check_choice(
    choice: Any,
    options: Sequence[str],
    right: str,
    *,
    why: str,
    wrong: Mapping[str, str] | None = None,
    blank: str = "Nothing chosen yet: pick one of the options.",
) -> Feedback:
    """Check a single choice among ``options`` (the option's text, or its number from 1).

    ``why`` is said when right; ``wrong[option]`` (optional) when that option is chosen.

    >>> check_choice(2, ["a", "b"], "b", why="B helps.").ok
    True
    >>> print(check_choice("7", ["a", "b"], "b", why=""))
    Choose a number from 1 to 2.
    """
    fb = Feedback(ok=False, total=1, head="")  # one choice: its message is the summary
    if isinstance(choice, bool):
        choice = None
    if isinstance(choice, float) and math.isfinite(choice) and choice == int(choice):
        choice = int(choice)
    if isinstance(choice, str):
        choice = clean_text(choice, 2000)
        if choice.isdecimal() and choice.isascii():
            choice = int(choice)
    if choice is None or choice == "":
        fb.messages.append(blank)
        return fb
    if isinstance(choice, int):
        if not 1 <= choice <= len(options):
            fb.messages.append(f"Choose a number from 1 to {len(options)}.")
            return fb
        choice = options[choice - 1]
    if not isinstance(choice, str) or choice not in options:
        fb.messages.append("That is not one of the options; pick one of them.")
        return fb
    if choice == right:
        fb.ok, fb.correct = True, 1
        fb.right.append(f"Right. {why}".strip())
        fb.messages = [f"Right. {why}".strip()]
        return fb
    fb.messages.append((wrong or {}).get(choice) or "Not the best choice: it does not address the cause. Try another.")
    return fb


# ------------------------------------------------------------------ numbers
def parse_number(value: Any) -> float | None:
    """A number typed by a learner ("0.6", "60%", "60 %", "0,6", 3), or None when it is not one.

    >>> parse_number("60 %"), parse_number("0,6"), parse_number("six"), parse_number("inf")
    (60.0, 0.6, None, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = clean_text(value, 100).replace("\u2212", "-").rstrip("%").strip()
        if re.fullmatch(r"-?\d+,\d+", text):
            text = text.replace(",", ".")
        if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
            return None
        number = float(text)
    return number if math.isfinite(number) else None


def check_number(
    value: Any,
    expected: float,
    *,
    tolerance: float = 0.005,
    percent: bool = False,
    what: str = "the number",
    wrong: Callable[[float], str | None] | None = None,
) -> Feedback:
    """Check one number; with ``percent`` a value above 1 is read as a percentage (60 -> 0.6).

    ``wrong(number)`` may say why a particular wrong number is wrong.

    >>> check_number("60%", 0.6, percent=True).ok, check_number("", 0.6).messages
    (True, ['Fill in the number first.'])
    """
    fb = Feedback(ok=False, total=1)
    if clean_text(value, 100) == "" and not isinstance(value, (int, float)):
        fb.messages.append("Fill in the number first.")
        return fb
    number = parse_number(value)
    if number is None:
        fb.messages.append(f"Write {what} as a number, e.g. 0.6 or 60%.")
        return fb
    if percent and number > 1:
        number /= 100
    if abs(number - expected) <= tolerance:
        fb.ok, fb.correct = True, 1
        fb.right.append(f"{what.capitalize()} is right.")
        return fb
    fb.messages.append((wrong(number) if wrong else None) or f"{what.capitalize()} is not right yet; count again.")
    return fb


def lesson_id(value: Any) -> str:
    """A lesson's id as text: stage 2 is ``"2"``, the lesson after stage 1 is ``"1b"``.

    >>> lesson_id(2), lesson_id(" 1B "), lesson_id(True)
    ('2', '1b', '')
    """
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip().lower()


# ------------------------------------------------------------------ catalogue and solutions
#: What the ``solutions`` setting of ``course.toml`` may say.
SOLUTION_POLICIES = ("after-attempt", "never", "always")


def solutions_policy(content_dir=None) -> str:
    """When learners may see worked answers: ``course.toml``'s ``[course] solutions``.

    >>> solutions_policy()
    'after-attempt'
    """
    value = str(load_toml("course", content_dir).get("course", {}).get("solutions", "after-attempt")).strip()
    if value not in SOLUTION_POLICIES:
        raise ContentError(f"course.toml: solutions = {value!r}; expected one of {', '.join(SOLUTION_POLICIES)}.")
    return value


def exercise_files(content_dir=None) -> list[tuple[str, dict]]:
    """``exercises.toml`` of each content folder, the default first: (file path, its data)."""
    out = []
    for folder in reversed(content_dirs(content_dir)):
        path = folder / "exercises.toml"
        if path.is_file():
            out.append((str(path), load_toml_file(path)))
    if not out:
        raise ContentError("No content file exercises.toml in the content folders.")
    return out


def moment_entries(content_dir=None) -> list[dict[str, Any]]:
    """Each "what would you say?" moment of ``awkward_moments.toml`` as an exercise entry (id
    ``moment_<its id>``, a choice where every reply marked good is right), so a scenario an
    instructor writes there is an exercise of its lesson; ``exercises.toml`` may change its fields
    by that id like any other. A file that cannot be read gives none (check-content names it).

    >>> [e["id"] for e in moment_entries() if e["lesson"] == "1b"]
    ['moment_event_follow_up', 'moment_visa']
    """
    try:
        scenarios = load_toml("awkward_moments", content_dir).get("scenario", [])
    except ContentError:
        return []
    out = []
    for sc in scenarios if isinstance(scenarios, list) else []:
        if not isinstance(sc, Mapping) or not isinstance(sc.get("id"), str):
            continue
        opts = [o for o in sc.get("option", []) if isinstance(o, Mapping)]
        letters = [chr(97 + i) for i in range(len(opts))]
        out.append(
            {
                "id": f"moment_{sc['id']}",
                "lesson": lesson_id(sc.get("lesson", "04b")).lstrip("0") or "0",
                "kind": "choice",
                "title": f"What would you say? {sc.get('title', '')}",
                "prompt": f"{sc.get('situation', '')}\n\nWhat would you say?",
                "question": "Your reply",
                "options": [
                    {"id": c, "text": f"{c}) {o.get('text', '')}", "feedback": str(o.get("feedback", ""))}
                    for c, o in zip(letters, opts)
                ],
                "answer": [c for c, o in zip(letters, opts) if o.get("good") is True],
                "worked_answer": f"What you might say:\n{sc.get('model', '')}\n\nWhy: {sc.get('basis', '')}",
            }
        )
    return out


def catalogue_entries(content_dir=None) -> list[Any]:
    """The ``[[exercise]]`` entries as written, merged by id: an entry in an instructor's
    ``exercises.toml`` whose id is a default exercise's changes only the fields it sets; one
    with a new id adds an exercise (after the default ones and the awkward moments,
    :func:`moment_entries`). Nothing is checked here
    (:func:`check_catalogue` does)."""
    entries: list[Any] = []
    by_id: dict[str, int] = {}
    files = exercise_files(content_dir)  # the default first, then the awkward moments, then an instructor's
    for i, (_path, data) in enumerate([files[0], ("", {"exercise": moment_entries(content_dir)}), *files[1:]]):
        layer = data.get("exercise", [])
        for entry in layer if isinstance(layer, list) else [layer]:
            eid = entry.get("id") if isinstance(entry, Mapping) else None
            if i and isinstance(eid, str) and eid in by_id:
                entries[by_id[eid]] = merge(entries[by_id[eid]], entry)
                continue
            if isinstance(eid, str) and eid not in by_id:
                by_id[eid] = len(entries)
            entries.append(entry)
    return entries


def catalogue(content_dir=None) -> list[dict[str, Any]]:
    """Every exercise of the course, in order (``data/content/exercises.toml``, with an
    instructor's entries merged by id). An entry without a usable id or lesson is left out
    here (``infoview check-content`` names it).

    >>> [e["id"] for e in catalogue() if e["stage"] == 0]
    ['requests', 'evidence']
    """
    out = []
    for e in catalogue_entries(content_dir):
        lesson = lesson_id(e.get("lesson", e.get("stage"))) if isinstance(e, Mapping) else ""
        if not lesson or not (isinstance(e.get("id"), str) and e["id"].strip()):
            continue
        out.append({"title": "", "kind": "", "worked_answer": "", **e, "stage": _stage_key(lesson), "lesson": lesson})
    return out


def _stage_key(lesson: str) -> int | str:
    """A stage's number as an int (old trackers and summaries use them), any other lesson id as text."""
    return int(lesson) if lesson.isdecimal() and len(lesson) <= 3 else lesson


def exercise_info(exercise_id: str, content_dir=None) -> dict[str, Any]:
    """One exercise's catalogue entry."""
    for e in catalogue(content_dir):
        if e["id"] == exercise_id:
            return e
    raise ContentError(f"exercises.toml has no exercise {exercise_id!r}.")


def stage_exercises(stage: int | str, content_dir=None) -> list[dict[str, Any]]:
    """The exercises of one stage or lesson (``2``, ``"2"`` or ``"1b"``), in order."""
    return [e for e in catalogue(content_dir) if e["lesson"] == lesson_id(stage)]


def worked_answer(exercise_id: str, content_dir=None) -> str:
    """The worked answer an instructor wrote for an exercise; "" when ``solutions = "never"``."""
    if solutions_policy(content_dir) == "never":
        return ""
    return str(exercise_info(exercise_id, content_dir).get("worked_answer", "")).strip()


# ------------------------------------------------------------------ stages, lessons and progress
def stages(content_dir=None) -> list[dict[str, Any]]:
    """The course's lessons in order: the stages (``stage = 2``), the lessons between them
    (``lesson = "1b"``) and pages without exercises (``page = true``), from ``exercises.toml``.
    Each has ``id`` (text: ``"2"``, ``"1b"``), ``stage`` (the stage's number as an int, else the
    id), ``kind`` ("stage", "lesson" or "page"), ``title`` and ``notebook``.

    >>> [s["notebook"] for s in stages()][:3]
    ['00_start_here.ipynb', '01_sourcing_contacts.ipynb', '01b_finding_people.ipynb']
    >>> [s["id"] for s in stages() if s["kind"] == "lesson"]
    ['1b', '3b', '4b', '4c']
    """
    out = []
    rows = load_toml("exercises", content_dir).get("stage", [])
    for n, s in enumerate(rows if isinstance(rows, list) else [], 1):
        lesson = lesson_id(s.get("lesson", s.get("stage"))) if isinstance(s, Mapping) else ""
        if not lesson or not isinstance(s.get("title"), str) or not isinstance(s.get("notebook"), str):
            raise ContentError(
                f"exercises.toml, lesson number {n}: every [[stage]] needs a stage (or lesson) id, a title and a notebook."
            )
        kind = "page" if s.get("page") is True else ("stage" if lesson.isdecimal() else "lesson")
        out.append(
            {"id": lesson, "stage": _stage_key(lesson), "kind": kind, "title": s["title"], "notebook": s["notebook"]}
        )
    ids = [s["id"] for s in out]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise ContentError(f"exercises.toml: the lesson id(s) {', '.join(twice)} are used by more than one [[stage]].")
    return out


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _activity(tracker, stage: int | str) -> str:
    """What the learner has done with a stage's tools, from the tracker (empty where there is none)."""
    if stage == 1:
        return _plural(tracker.count()["contacts"], "contact", "contacts")
    kinds = {
        2: ("outreach_sent", "message logged", "messages logged"),
        5: ("thank_you_sent", "thank-you logged", "thank-yous logged"),
    }
    if stage in kinds:
        kind, one, many = kinds[stage]
        return _plural(sum(e["kind"] == kind for e in tracker.interaction_list()), one, many)
    notes = {
        3: ("question_list", "question list saved", "question lists saved"),
        4: ("meeting_notes", "meeting's notes", "meetings' notes"),
    }
    if stage in notes:
        kind, one, many = notes[stage]
        return _plural(len(tracker.notes(kind=kind)), one, many)
    if stage == "4c":
        return _plural(len(tracker.roleplay_scores()), "role-play round scored", "role-play rounds scored")
    return ""


@dataclass
class StageProgress:
    """One lesson's progress: exercises solved of its total, tried, worked answers opened, and activity.
    ``stage`` is a stage's number (an int) or a lesson's id ("1b")."""

    stage: int | str
    title: str
    notebook: str
    solved: int
    total: int
    tried: int = 0
    revealed: int = 0
    activity: str = ""

    @property
    def id(self) -> str:
        return lesson_id(self.stage)

    def text(self) -> str:
        """E.g. "Stage 2: 2/2 exercises, 1 message logged" or "Lesson 1b: 0/2 exercises"."""
        name = f"Stage {self.stage}" if isinstance(self.stage, int) else f"Lesson {self.stage}"
        if not self.total and self.activity:  # a lesson of practice only (the role-play)
            return f"{name}: {self.activity}"
        return f"{name}: {self.solved}/{self.total} exercises" + (f", {self.activity}" if self.activity else "")


def progress(tracker, content_dir=None) -> list[StageProgress]:
    """Every lesson's progress (stages and the lessons between them; not pages such as the
    glossary) for the learner whose tracker this is.

    >>> from infoview.tracker import Tracker
    >>> t = Tracker(":memory:"); _ = t.record_attempt("phase_order", solved=True)
    >>> [p.text() for p in progress(t) if p.stage == 4]
    ["Stage 4: 1/2 exercises, 0 meetings' notes"]
    """
    done = tracker.exercise_progress()
    entries = catalogue(content_dir)
    out = []
    for st in stages(content_dir):
        if st["kind"] == "page":
            continue
        ids = [e["id"] for e in entries if e["lesson"] == st["id"]]
        rows = [done[i] for i in ids if i in done]
        out.append(
            StageProgress(
                st["stage"],
                st["title"],
                st["notebook"],
                solved=sum(r["solved"] for r in rows),
                total=len(ids),
                tried=sum(r["attempts"] > 0 for r in rows),
                revealed=sum(r["revealed"] for r in rows),
                activity=_activity(tracker, st["stage"]),
            )
        )
    return out


def completion_counts(tracker, content_dir=None) -> dict[str, dict[str, int]]:
    """Per lesson (by its id: "2", "1b"), counts only (no answers, no text): for the anonymised export.

    >>> from infoview.tracker import Tracker
    >>> completion_counts(Tracker(":memory:"))["2"]
    {'exercises': 2, 'tried': 0, 'solved': 0, 'revealed': 0}
    """
    return {
        p.id: {"exercises": p.total, "tried": p.tried, "solved": p.solved, "revealed": p.revealed}
        for p in progress(tracker, content_dir)
    }


#: A lesson id in a summary: a stage's number ("2") or a lesson's id ("1b", "4c").
LESSON_ID_PATTERN = r"[0-9]{1,3}[a-z]?|[a-z][a-z0-9_]{0,19}"


def check_completion_counts(data: Any) -> str | None:
    """Why a summary's ``exercises`` section (:func:`completion_counts`) is unusable, or None.

    >>> check_completion_counts({"2": {"exercises": 2, "tried": 1, "solved": 3, "revealed": 0}})
    'stage 2: more exercises solved or tried than it has'
    >>> check_completion_counts({"1b": {"exercises": 2, "tried": 1, "solved": 1, "revealed": 0}}) is None
    True
    """
    if not isinstance(data, Mapping):
        return "the exercises section is not an object"
    for stage, row in data.items():
        if not (isinstance(stage, str) and re.fullmatch(LESSON_ID_PATTERN, stage)) or not isinstance(row, Mapping):
            return f"the exercises section has an entry {str(stage)[:20]!r} that is not a stage number or lesson id"
        values = [row.get(k) for k in ("exercises", "tried", "solved", "revealed")]
        if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1000 for v in values):
            return f"stage {stage}: exercise counts are not whole numbers between 0 and 1000"
        total, tried, solved, revealed = values
        if max(tried, solved, revealed) > total:
            return f"stage {stage}: more exercises solved or tried than it has"
    return None


def lesson_sort_key(lesson: Any) -> tuple:
    """Stages and lessons in course order: 1, "1b", 2, ..., then other ids by name.

    >>> sorted(["2", "1b", "10", "1", "glossary"], key=lesson_sort_key)
    ['1', '1b', '2', '10', 'glossary']
    """
    text = lesson_id(lesson)
    found = re.fullmatch(r"(\d+)([a-z]?)", text)
    return (0, int(found.group(1)), found.group(2)) if found else (1, 0, text)


def cohort_completion(summaries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per stage or lesson, over the learners whose summary carries exercise counts: how many
    solved every exercise, tried at least one, and opened at least one worked answer. A stage is
    given by its number (an int), a lesson by its id ("1b"), in course order.

    >>> cohort_completion([{"exercises": {"0": {"exercises": 2, "tried": 2, "solved": 2, "revealed": 1}}},
    ...                    {"exercises": {"0": {"exercises": 2, "tried": 1, "solved": 0, "revealed": 0}}}, {}])
    [{'stage': 0, 'exercises': 2, 'learners': 2, 'all_solved': 1, 'tried': 2, 'revealed': 1}]
    """
    rows: dict[str, dict[str, Any]] = {}
    for s in summaries:
        for stage, c in (s.get("exercises") or {}).items():
            key = lesson_id(stage)
            r = rows.setdefault(
                key,
                {
                    "stage": _stage_key(key),
                    "exercises": c["exercises"],
                    "learners": 0,
                    "all_solved": 0,
                    "tried": 0,
                    "revealed": 0,
                },
            )
            r["exercises"] = max(r["exercises"], c["exercises"])
            r["learners"] += 1
            r["all_solved"] += int(c["exercises"] > 0 and c["solved"] >= c["exercises"])
            r["tried"] += int(c["tried"] > 0)
            r["revealed"] += int(c["revealed"] > 0)
    return [rows[k] for k in sorted(rows, key=lesson_sort_key)]


# ------------------------------------------------------------------ helpers for the stages' exercises
def quote_describer(limit: int) -> Callable[[Mapping], str]:
    return lambda item: f"\u201c{shorten(item['text'], limit)}\u201d"
