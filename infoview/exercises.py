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

The catalogue of exercises (id, stage, kind, title and the worked answer an instructor can
edit) is ``data/content/exercises.toml``; whether learners may see worked answers is the
``solutions`` setting of ``course.toml`` (:func:`solutions_policy`). The per-exercise checks
at the end of this module put a stage's content and one of the kinds together.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from typing import Any, Callable, Iterable, Mapping, Sequence

from .content import ContentError, load_toml

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
    "catalogue",
    "exercise_info",
    "stage_exercises",
    "worked_answer",
    "check_exercise",
    "stages",
    "StageProgress",
    "progress",
    "completion_counts",
    "check_completion_counts",
    "cohort_completion",
    "exercise_fields",
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


def _short(text: str, limit: int = 60) -> str:
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
            fb.messages.append(f"{_short(given, 40)!r} is not {what} (use one of {', '.join(choices)}): {quote}")
        elif given != expected(item):
            fb.messages.append(f"Look again at {quote} Hint: {hint(item)}")
        else:
            fb.correct += 1
            fb.right.append(f"{quote}: {given}")
    fb.ok = fb.correct == fb.total
    return fb


def _as_choice_set(value: Any) -> list[str]:
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
    if not any(_as_choice_set(answers.get(i["id"])) for i in items):
        fb.messages.append(blank)
        return fb
    for item in items:
        want = set(expected(item))
        chosen, unknown = set(), []
        for g in _as_choice_set(answers.get(item["id"])):
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
            fb.messages.append(f"  - {_short(g, 40)!r} is not {what}.")
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
        fb.messages.append(f"{_short(g, 20)!r} is not one of the steps ({', '.join(sorted(ids))}).")
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


def catalogue(content_dir=None) -> list[dict[str, Any]]:
    """Every exercise of the course, in order (``data/content/exercises.toml``).

    >>> [e["id"] for e in catalogue() if e["stage"] == 0]
    ['requests', 'evidence']
    """
    out = []
    for e in load_toml("exercises", content_dir).get("exercise", []):
        if not isinstance(e, Mapping) or "id" not in e or "stage" not in e:
            raise ContentError("exercises.toml: every [[exercise]] needs an id and a stage.")
        out.append({"title": "", "kind": "", "worked_answer": "", **e})
    return out


def exercise_info(exercise_id: str, content_dir=None) -> dict[str, Any]:
    """One exercise's catalogue entry."""
    for e in catalogue(content_dir):
        if e["id"] == exercise_id:
            return e
    raise ContentError(f"exercises.toml has no exercise {exercise_id!r}.")


def stage_exercises(stage: int, content_dir=None) -> list[dict[str, Any]]:
    """The exercises of one stage, in order."""
    return [e for e in catalogue(content_dir) if int(e["stage"]) == int(stage)]


def worked_answer(exercise_id: str, content_dir=None) -> str:
    """The worked answer an instructor wrote for an exercise; "" when ``solutions = "never"``."""
    if solutions_policy(content_dir) == "never":
        return ""
    return str(exercise_info(exercise_id, content_dir).get("worked_answer", "")).strip()


# ------------------------------------------------------------------ stages and progress
def stages(content_dir=None) -> list[dict[str, Any]]:
    """The course's stages in order: number, title and notebook file (``exercises.toml``).

    >>> [s["notebook"] for s in stages()][:2]
    ['00_start_here.ipynb', '01_sourcing_contacts.ipynb']
    """
    out = []
    for s in load_toml("exercises", content_dir).get("stage", []):
        if not isinstance(s, Mapping) or not {"stage", "title", "notebook"} <= set(s):
            raise ContentError("exercises.toml: every [[stage]] needs a stage, a title and a notebook.")
        out.append({"stage": int(s["stage"]), "title": str(s["title"]), "notebook": str(s["notebook"])})
    return sorted(out, key=lambda s: s["stage"])


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _activity(tracker, stage: int) -> str:
    """What the learner has done with a stage's tools, from the tracker (empty for stage 0 and 6)."""
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
    return ""


@dataclass
class StageProgress:
    """One stage's progress: exercises solved of its total, tried, worked answers opened, and activity."""

    stage: int
    title: str
    notebook: str
    solved: int
    total: int
    tried: int = 0
    revealed: int = 0
    activity: str = ""

    def text(self) -> str:
        """E.g. "Stage 2: 2/2 exercises, 1 message logged"."""
        return f"Stage {self.stage}: {self.solved}/{self.total} exercises" + (
            f", {self.activity}" if self.activity else ""
        )


def progress(tracker, content_dir=None) -> list[StageProgress]:
    """Every stage's progress for the learner whose tracker this is.

    >>> from infoview.tracker import Tracker
    >>> t = Tracker(":memory:"); _ = t.record_attempt("phase_order", solved=True)
    >>> [p.text() for p in progress(t)][4]
    "Stage 4: 1/2 exercises, 0 meetings' notes"
    """
    done = tracker.exercise_progress()
    out = []
    for st in stages(content_dir):
        ids = [e["id"] for e in stage_exercises(st["stage"], content_dir)]
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
    """Per stage, counts only (no answers, no text): for the anonymised export.

    >>> from infoview.tracker import Tracker
    >>> completion_counts(Tracker(":memory:"))["2"]
    {'exercises': 2, 'tried': 0, 'solved': 0, 'revealed': 0}
    """
    return {
        str(p.stage): {"exercises": p.total, "tried": p.tried, "solved": p.solved, "revealed": p.revealed}
        for p in progress(tracker, content_dir)
    }


def check_completion_counts(data: Any) -> str | None:
    """Why a summary's ``exercises`` section (:func:`completion_counts`) is unusable, or None.

    >>> check_completion_counts({"2": {"exercises": 2, "tried": 1, "solved": 3, "revealed": 0}})
    'stage 2: more exercises solved or tried than it has'
    """
    if not isinstance(data, Mapping):
        return "the exercises section is not an object"
    for stage, row in data.items():
        if not (isinstance(stage, str) and stage.isdigit() and len(stage) <= 3) or not isinstance(row, Mapping):
            return f"the exercises section has an entry {str(stage)[:20]!r} that is not a stage number"
        values = [row.get(k) for k in ("exercises", "tried", "solved", "revealed")]
        if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1000 for v in values):
            return f"stage {stage}: exercise counts are not whole numbers between 0 and 1000"
        total, tried, solved, revealed = values
        if max(tried, solved, revealed) > total:
            return f"stage {stage}: more exercises solved or tried than it has"
    return None


def cohort_completion(summaries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per stage, over the learners whose summary carries exercise counts: how many solved every
    exercise, tried at least one, and opened at least one worked answer.

    >>> cohort_completion([{"exercises": {"0": {"exercises": 2, "tried": 2, "solved": 2, "revealed": 1}}},
    ...                    {"exercises": {"0": {"exercises": 2, "tried": 1, "solved": 0, "revealed": 0}}}, {}])
    [{'stage': 0, 'exercises': 2, 'learners': 2, 'all_solved': 1, 'tried': 2, 'revealed': 1}]
    """
    rows: dict[int, dict[str, Any]] = {}
    for s in summaries:
        for stage, c in (s.get("exercises") or {}).items():
            r = rows.setdefault(
                int(stage),
                {
                    "stage": int(stage),
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
    return [rows[k] for k in sorted(rows)]


# ------------------------------------------------------------------ the course's exercises
# Each puts one stage's content together with one of the kinds above. The stage modules
# keep their old names as redirects to these.
def _describe_quote(limit: int) -> Callable[[Mapping], str]:
    return lambda item: f"\u201c{_short(item['text'], limit)}\u201d"


def check_requests(answers, content_dir=None) -> Feedback:
    """Stage 0, "advice, or a job ask?": a label ("advice" or "job_ask") for each example request.

    >>> fb = check_requests({"r1": "advice"})
    >>> fb.correct, fb.ok
    (1, False)
    """
    items = list(load_toml("start", content_dir).get("request", []))
    return check_labels(
        items,
        answers,
        expected=lambda r: r["kind"],
        choices=("advice", "job_ask"),
        describe=_describe_quote(50),
        hint=lambda r: r["why"],
    )


def check_evidence(answers, content_dir=None) -> Feedback:
    """Stage 0, "data, belief, claim or assumption?": how each networking figure may be used.

    >>> from infoview.start import numbers
    >>> check_evidence({f["id"]: f["use"] for f in numbers()}).ok
    True
    """
    from .start import EVIDENCE_CHOICES, numbers

    return check_labels(
        numbers(content_dir),
        answers,
        expected=lambda f: f["use"],
        choices=tuple(EVIDENCE_CHOICES),
        describe=lambda f: _short(f["claim"]),
        hint=lambda f: f"Its source: {f['source']}.",
    )


def check_channels(answers, content_dir=None) -> Feedback:
    """Stage 1, "which channel?": the channel of each example contact (id -> channel).

    >>> fb = check_channels({"c1": "warm", "c2": "cold"})
    >>> fb.correct, fb.ok
    (1, False)
    """
    from .tracker import CHANNELS

    items = list(load_toml("sourcing", content_dir).get("channel_example", []))
    return check_labels(
        items,
        answers,
        expected=lambda i: i["channel"],
        choices=CHANNELS,
        describe=_describe_quote(60),
        hint=lambda i: i["why"],
        what="a channel",
    )


def phase_order_constraints(content_dir=None) -> list[tuple[str, str]]:
    """Stage 4's ordering constraints: every step of an earlier phase comes before every step
    of a later one, plus each step's ``after`` list in ``conversation.toml``."""
    conv = load_toml("conversation", content_dir)
    phases = list(load_toml("prep", content_dir).get("phases", []))
    rank = {p: i for i, p in enumerate(phases)}
    steps = list(conv.get("step", []))
    pairs = []
    for a in steps:
        for b in steps:
            if rank.get(a["phase"], 0) < rank.get(b["phase"], 0):
                pairs.append((a["id"].upper(), b["id"].upper()))
        for first in a.get("after", []):
            pair = (str(first).upper(), a["id"].upper())
            if pair not in pairs:
                pairs.append(pair)
    return pairs


def check_phase_order(order, content_dir=None) -> Feedback:
    """Stage 4, "in what order?": the learner's order of the conversation steps (letters).

    Every order that keeps the phases and the steps' ``after`` constraints is right.

    >>> check_phase_order("CAEDGBF").ok, check_phase_order("CEADGBF").ok
    (True, True)
    >>> check_phase_order("ACEDGBF").ok
    False
    """
    conv = load_toml("conversation", content_dir)
    steps = {s["id"].upper(): s for s in conv.get("step", [])}
    labels = load_toml("prep", content_dir).get("phase_labels", {})

    def explain(firsts: list[str], b: str) -> str:
        sb = steps[b]
        later = [a for a in firsts if steps[a]["phase"] != sb["phase"]]
        if later:
            quoted = ", ".join(f"{a} ({labels.get(steps[a]['phase'], steps[a]['phase'])})" for a in later)
            return (
                f"Step {b}, \u201c{sb['text']}\u201d ({labels.get(sb['phase'], sb['phase'])}), comes after "
                f"step(s) {quoted}: the phases go small talk, questions, next steps."
            )
        why = sb.get("why_after", "")
        return (
            f"Step {b}, \u201c{sb['text']}\u201d, comes after step(s) {', '.join(firsts)}: the order within "
            f"its phase matters here." + (f" {why}" if why else "")
        )

    fb = check_order(
        order, {k: s["text"] for k, s in steps.items()}, phase_order_constraints(content_dir), explain=explain
    )
    if not fb.ok and fb.correct:
        fb.hint = "Small talk first (thanks, the time, permission for notes), then your questions, then next steps."
    return fb


def check_listening(chosen, content_dir=None) -> Feedback:
    """Stage 4, "which replies show active listening?": the letters of the replies chosen.

    >>> check_listening("ace").ok, check_listening("ab").correct
    (True, 3)
    """
    ex = dict(load_toml("conversation", content_dir)["listening"])
    responses = {r["id"].lower(): r for r in ex["response"]}
    if isinstance(chosen, str):
        picked = {c.lower() for c in clean_text(chosen, 200) if c.isalnum()}
    else:
        picked = {p.lower() for p in _as_choice_set(chosen)}
    fb = Feedback(ok=False, total=len(responses))
    if not picked:
        fb.messages.append("Nothing chosen yet: tick every reply that shows active listening.")
        return fb
    for p in sorted(picked - set(responses)):
        fb.messages.append(f"{_short(p, 20)!r} is not one of the replies ({', '.join(sorted(responses))}).")
    for rid, r in sorted(responses.items()):
        if (rid in picked) == bool(r["active"]):
            fb.correct += 1
            fb.right.append(f"({rid}) {'is' if r['active'] else 'is not'} active listening.")
        elif r["active"]:
            fb.messages.append(f"You left out ({rid}): {r['why']}")
        else:
            fb.messages.append(f"({rid}) is not active listening: {r['why']}")
    fb.ok = fb.correct == fb.total and picked <= set(responses)
    return fb


def check_open_questions(rewrites, content_dir=None) -> Feedback:
    """Stage 3, "open questions": the learner's open rewrite of each closed example question.

    A rewrite is right when it is a whole question (``min_words``), keeps to the example's
    topic (``topic`` words), is not closed (:func:`infoview.prep.is_closed_question`: "Would
    you say ...?" is closed), and differs from the original. ``rewrites`` is a dict by id or a
    list in order.

    >>> fb = check_open_questions({"c1": "What do you enjoy most about working here?"})
    >>> fb.correct, fb.total
    (1, 4)
    >>> [m[:40] for m in check_open_questions({"c2": "Why?"}).messages if m.startswith("c2")]
    ['c2 (“Is the industry growing?”): write a']
    """
    from .prep import is_closed_question

    conf = load_toml("prep", content_dir).get("open_questions", {})
    min_words = int(conf.get("min_words", 4))
    examples = list(load_toml("prep", content_dir).get("closed_example", []))
    if isinstance(rewrites, Mapping):
        given = {e["id"]: rewrites.get(e["id"]) for e in examples}
    elif isinstance(rewrites, (list, tuple)):
        given = {e["id"]: (rewrites[i] if i < len(rewrites) else "") for i, e in enumerate(examples)}
    else:
        given = {}
    fb = Feedback(ok=False, total=len(examples))
    if not any(clean_text(v) for v in given.values()):
        fb.messages.append("Nothing written yet: rewrite each question so it cannot be answered with yes or no.")
        return fb
    for ex in examples:
        text = " ".join(clean_text(given.get(ex["id"]), 2000).split())
        words = re.findall(r"[\w']+", text.lower())
        label = f"{ex['id']} (\u201c{ex['text']}\u201d)"
        topic = [t.lower() for t in ex.get("topic", [])]
        if not text:
            fb.messages.append(f"{label}: not rewritten yet.")
        elif text.lower().rstrip("?") == ex["text"].lower().rstrip("?"):
            fb.messages.append(f"{label}: this is the original; rewrite it. Hint: {ex['hint']}")
        elif len(words) < min_words:
            fb.messages.append(
                f"{label}: write a whole question of at least {min_words} words, so they know what "
                f"you want to hear about. Hint: {ex['hint']}"
            )
        elif topic and not any(w.startswith(t) for w in words for t in topic):
            fb.messages.append(f"{label}: keep to the question's topic ({', '.join(topic)}). Hint: {ex['hint']}")
        elif is_closed_question(text, content_dir):
            first = text.split()[0]
            fb.messages.append(
                f"{label}: still closed, it starts with \u201c{_short(first, 20)}\u201d and can be "
                f"answered yes or no. Hint: {ex['hint']}"
            )
        elif not text.endswith("?"):
            fb.messages.append(f"{label}: end it with a question mark.")
        else:
            fb.correct += 1
            fb.right.append(f"{label}: open.")
    fb.ok = fb.correct == fb.total
    return fb


def check_rewrite(text, content_dir=None, rules=None) -> Feedback:
    """Stage 2, "rewrite a message": ready when the outreach reviewer finds no errors.

    Says which problems are still there, most important first; blank answers get a hint.
    The reviewer is used only through :func:`infoview.outreach.review`.
    """
    from .outreach import example_messages, review

    ex = example_messages(content_dir).get("rewrite", {})
    contact = dict(ex.get("contact", {}))
    answer = clean_text(text)
    if not answer:
        return Feedback(
            False,
            ["Nothing to check yet: write your message in the box, then click Check."],
            head="",
            hint="Start from Alex's message and fix the first error the review lists.",
        )
    if " ".join(answer.split()) == " ".join(str(ex.get("message", "")).split()):
        return Feedback(
            False,
            ["That is still the original message. Change it, starting with the first error the review lists."],
            head="",
        )
    result = review(answer, contact=contact, rules=rules)
    if result.ok:
        lines = [f"Ready to send: no errors in {result.word_count} words. Well done."]
        optional = result.warnings + result.tips
        if optional:
            lines.append("Optional polish:")
            lines += [f"  - {f.message}" for f in optional]
        return Feedback(True, lines, head="")
    lines = [f"Not yet: {len(result.errors)} thing(s) still to fix ({result.word_count} words)."]
    lines += [f"  - {f.message}" for f in result.errors]
    if result.warnings:
        lines.append("Then consider:")
        lines += [f"  - {f.message}" for f in result.warnings]
    return Feedback(False, lines, head="")


def spot_rule_ids(content_dir=None) -> list[str]:
    """The rule ids the "spot the problems" exercise offers."""
    from .outreach import example_messages, rule_labels

    return list(example_messages(content_dir).get("spot_rule_ids") or sorted(rule_labels()))


def check_spot_the_problems(answers, content_dir=None) -> Feedback:
    """Stage 2, "spot the problems": the rules each example message breaks (message id -> rule ids).

    >>> check_spot_the_problems({"A": ["connection_first", "job_ask"]}).correct
    1
    """
    from .outreach import example_messages, rule_labels

    labels = rule_labels()

    def normalize(answer: str) -> str | None:
        key = re.sub(r"[\s-]+", "_", answer.strip().lower())
        if key in labels:
            return key
        return next((r for r, lab in labels.items() if key == re.sub(r"[\s-]+", "_", lab.lower())), None)

    spots = list(example_messages(content_dir).get("spot", []))
    fb = check_multilabels(
        spots,
        answers,
        expected=lambda s: set(s.get("breaks", [])),
        labels=labels,
        describe=lambda s: f"Message {s['id']}",
        normalize=normalize,
        what=f"a rule id; use one of: {', '.join(spot_rule_ids(content_dir))}",
        blank=f"Nothing to check yet: for each message, tick the rules it breaks ({', '.join(spot_rule_ids(content_dir))}).",
        missed_hint=lambda s, rule: s.get("hints", {}).get(rule, labels.get(rule, rule)),
    )
    if fb.ok:
        fb.messages.append("All problems spotted. Now you can see them in your own messages too.")
    return fb


def check_target_order(order, content_dir=None) -> Feedback:
    """Stage 1, "who comes first?": the five employers to contact first, best first.

    Employers that tie on every score may come in either order.

    >>> from infoview.contacts import sort_targets, target_exercise
    >>> check_target_order(sort_targets(target_exercise())["employer"][:5].tolist()).ok
    True
    """
    from .contacts import employer_key, sort_targets, target_exercise
    from .contacts import load_settings as sourcing_rules

    cfg = sourcing_rules(content_dir)["target_list"]
    top = int(cfg["top"])
    keys = list(cfg.get("sort_by", ["motivation", "posting", "advocacy"]))
    ranked = sort_targets(target_exercise(content_dir), content_dir).to_dict("records")
    by_key = {employer_key(r["employer"]): r for r in ranked}
    if isinstance(order, str):
        order = [p for p in re.split(r"[,;\n]+", order)]
    given = _as_choice_set(order) if not isinstance(order, str) else order
    given = [clean_text(g, 200) for g in given if clean_text(g, 200)]
    fb = Feedback(ok=False, total=top)
    if not given:
        fb.messages.append(f"Not answered yet: list the {top} employers you would contact first, best first.")
        return fb
    unknown = [g for g in given if employer_key(g) not in by_key]
    if unknown:
        fb.messages.append(
            f"Not on the exercise list: {', '.join(_short(u, 40) for u in unknown)}. Choose names from the table."
        )
    picked = [by_key[employer_key(g)] for g in given if employer_key(g) in by_key][:top]
    score = lambda r: tuple(r[k] for k in keys)  # noqa: E731 - ties share a rank
    for i, expected in enumerate(ranked[:top]):
        if i >= len(picked):
            fb.messages.append(f"Position {i + 1} is still empty.")
        elif score(picked[i]) == score(expected) and picked.count(picked[i]) == 1:
            fb.correct += 1
            fb.right.append(f"Position {i + 1}: {picked[i]['employer']}.")
        else:
            fb.messages.append(f"Position {i + 1}: {_why_first(expected, picked[i], keys)}")
    fb.ok = fb.correct == fb.total and not unknown
    return fb


def _why_first(a: Mapping, b: Mapping, keys: list[str]) -> str:
    """Why employer ``a`` sorts before ``b``, naming the first score that differs."""
    same = []
    for k in keys:
        if a[k] != b[k]:
            tie = f"the same {' and '.join(same)}, then " if same else ""
            return f"{a['employer']} comes before {b['employer']}: {tie}a higher {k.title()} ({a[k]} vs {b[k]})."
        same.append(k.title())
    return f"{b['employer']} is already placed higher up; each employer goes in one position."


def check_3b7(next_contact, follow_up=None, content_dir=None) -> Feedback:
    """Stage 5, "3B7 around a holiday": the two dates of the exercise in ``followup.toml``."""
    from .followup import check_3b7_answer, exercise

    ex = exercise("3b7", content_dir)
    fb = check_3b7_answer(
        ex["sent_on"], clean_text(next_contact, 100), clean_text(follow_up, 100), holidays=ex.get("holidays", [])
    )
    return fb


def check_thank_you_note(note, content_dir=None) -> Feedback:
    """Stage 5, "make a thank-you specific": is the improved note specific?"""
    from .followup import exercise, review_thank_you

    ex = exercise("thank_you", content_dir)
    text = clean_text(note)
    if not text:
        return Feedback(False, ["Write your improved note in the box, then click Check."], head="Not yet:")
    rv = review_thank_you(
        text, contact={"first_name": ex.get("contact_first_name", "")}, meeting_notes=ex.get("meeting_notes")
    )
    todo = [f.message for f in rv.findings if f.severity in ("error", "warning")]
    if not todo:
        return Feedback(
            True, [f"{rv.word_count} words, thanks them, names specific advice and your next step."], head="Correct!"
        )
    return Feedback(False, todo, head="Not yet:")


def check_reply_rate(rate, denominator, events=None) -> Feedback:
    """Stage 6, "a reply rate and its denominator": the rate (0.6 or 60%) and how many contacts it is out of.

    >>> check_reply_rate("60%", "5").ok, check_reply_rate("", "").ok
    (True, False)
    """
    from .outcomes import events_table, exercise_table, reply_rate

    fb = Feedback(ok=False, total=2)
    if clean_text(rate, 100) == "" or clean_text(denominator, 100) == "":
        fb.messages.append("Fill in both answers: the reply rate and how many contacts it is out of.")
        return fb
    rate_f, denom_f = parse_number(rate), parse_number(denominator)
    if rate_f is None or denom_f is None or denom_f != int(denom_f) or denom_f < 0:
        fb.messages.append("Write the rate as a number (0.6 or 60%) and the denominator as a whole number of contacts.")
        return fb
    ev = events_table(events if events is not None else exercise_table())
    truth = reply_rate(ev)
    if int(denom_f) == truth.denominator:
        fb.correct += 1
        fb.right.append(f"The denominator: {truth.denominator} contacts you wrote to.")
    elif int(denom_f) == len(ev.contacts):
        fb.messages.append(
            "The denominator is the contacts you wrote to, not everyone you identified: one contact "
            "was never written to."
        )
    else:
        fb.messages.append(
            "Count every contact whose history shows you reached them, including the one whose reply "
            "was logged without a message (a reply means you wrote)."
        )
    expected = truth.numerator / truth.denominator
    if rate_f > 1:
        rate_f /= 100
    if abs(rate_f - expected) <= 0.005:
        fb.correct += 1
        fb.right.append(f"The rate: {truth.numerator} of {truth.denominator} contacts replied.")
    else:
        fb.messages.append(
            "Check who replied: count contacts, not events (one contact replied twice), and a meeting "
            "held means they replied even if no reply was logged."
        )
    fb.ok = fb.correct == fb.total
    if fb.ok:
        fb.head = f"Correct: {truth.numerator} of {truth.denominator} contacts replied, a reply rate of {expected:.0%}."
    return fb


def check_action(metric, choice, content_dir=None) -> Feedback:
    """Stage 6, "pick the change that helps most": the action chosen for a low ``metric``
    (its text or its number from 1 in :func:`infoview.outcomes.action_options`)."""
    from .outcomes import action_options, advice

    items = {a["metric"]: a for a in advice(content_dir)}
    if not metric:
        return Feedback(False, [f"Pick the metric that is low: one of {', '.join(items)}."], total=1, head="")
    if metric not in items:
        return Feedback(
            False,
            [f"{_short(str(metric), 40)!r} is not one of the metrics here; pick one of {', '.join(items)}."],
            total=1,
            head="",
        )
    a = items[metric]
    wrong = {
        d: f"Not the best choice for '{a['label']}': it does not address why the number is low. Try another."
        for d in a.get("distractors", [])
    }
    return check_choice(
        choice,
        action_options(metric, content_dir),
        a["action"],
        why=a["why"],
        wrong=wrong,
        blank=f"Pick one of the actions listed for '{a['label']}'.",
    )


def check_question_list(chosen, content_dir=None) -> Feedback:
    """Stage 3, "does this list fit?": the question ids chosen from the bank, for the
    meeting length of the exercise (``minutes`` in ``exercises.toml``, default 20)."""
    from .prep import check_question_list as check

    minutes = float(exercise_info("question_list", content_dir).get("minutes", 20))
    return check(_as_choice_set(chosen), minutes, content_dir)


#: Exercise id -> (the names of its answer fields, its check).
_CHECKS: dict[str, tuple[tuple[str, ...], Callable[..., Feedback]]] = {
    "requests": (("answers",), check_requests),
    "evidence": (("answers",), check_evidence),
    "channels": (("answers",), check_channels),
    "target_order": (("order",), check_target_order),
    "rewrite": (("text",), check_rewrite),
    "spot": (("answers",), check_spot_the_problems),
    "question_list": (("chosen",), check_question_list),
    "open_questions": (("answers",), check_open_questions),
    "phase_order": (("order",), check_phase_order),
    "listening": (("chosen",), check_listening),
    "three_b_seven": (("next_contact", "follow_up"), check_3b7),
    "thank_you": (("text",), check_thank_you_note),
    "reply_rate": (
        ("rate", "denominator"),
        lambda rate, denominator, content_dir=None: check_reply_rate(rate, denominator),
    ),
    "action": (("choice",), lambda choice, content_dir=None: check_action("reply_rate", choice, content_dir)),
}


def exercise_fields() -> dict[str, tuple[str, ...]]:
    """Each exercise's answer fields, by exercise id (what :func:`check_exercise` takes)."""
    return {eid: fields for eid, (fields, _) in _CHECKS.items()}


def check_exercise(exercise_id: str, content_dir=None, **values: Any) -> Feedback:
    """Check one exercise of the catalogue by its id, with its answer fields as keywords.

    >>> check_exercise("phase_order", order="CEADGBF").ok
    True
    """
    if exercise_id not in _CHECKS:
        raise ContentError(f"No check for exercise {exercise_id!r}; known: {', '.join(_CHECKS)}.")
    fields, check = _CHECKS[exercise_id]
    return check(*(values.get(f) for f in fields), content_dir=content_dir)
