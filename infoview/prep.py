"""Stage 3, preparing: the question bank, a question list that fits the time, and the brief.

The questions live in ``data/content/questions.csv`` and the rules (meeting lengths, the
minutes kept free, phase shares, the research checklist) in ``data/content/prep.toml``, both
editable by an instructor. Questions follow TIARA (Trends, Insights, Advice, Resources,
Assignments; Dalton, *The 2-Hour Job Search*).

Why one module (about 950 lines): the question bank, the list a learner builds from it, the
brief and the stage's exercises all read ``prep.toml``'s one schema (categories, phases,
meeting lengths, the minutes kept free) and share :class:`Question` and :func:`budget`;
the brief is where the list, the research and the objectives meet.

>>> bank = load_question_bank()
>>> chosen = select_questions(bank, 20)
>>> budget(chosen, 20).over
False
>>> [q.id for q in chosen if q.phase == "next_steps"]
['nx01', 'nx02']
"""

from __future__ import annotations

import html
import math
import os
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .content import ContentError, content_dirs, load_csv, load_toml
from .exercises import Feedback, choice_set, clean_text, exercise_info, shorten
from .files import well_formed
from .paths import data_dir, today
from .tracker import CHANNEL_LABELS

__all__ = [
    "Question",
    "Budget",
    "BriefFiles",
    "load_settings",
    "research_items",
    "load_question_bank",
    "select_questions",
    "audience_tags",
    "budget",
    "minutes_text",
    "clock_text",
    "swap_question",
    "swap_candidates",
    "move_question",
    "remove_question",
    "add_own_question",
    "list_problems",
    "clean_objectives",
    "questions_from_ids",
    "render_brief",
    "write_brief",
    "BriefInputs",
    "brief_inputs",
    "preferred_contact",
    "render_brief_body",
    "safe_filename",
    "is_closed_question",
    "check_question_list",
    "check_open_questions",
    "closed_examples",
    "Table",
    "bank_table",
    "bank_summary",
    "exercise_list",
    "closed_examples_table",
    "check_question_list_exercise",
]

QUESTION_COLUMNS = ("id", "text", "category", "phase", "minutes", "tags")


@dataclass(frozen=True)
class Question:
    """One question: its TIARA ``category``, ``phase`` and estimated ``minutes`` to answer."""

    id: str
    text: str
    category: str
    phase: str
    minutes: float
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The shape stored in the tracker's "question_list" note."""
        return {
            "id": self.id,
            "text": self.text,
            "category": self.category,
            "phase": self.phase,
            "minutes": self.minutes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Question":
        return cls(
            id=str(data["id"]),
            text=str(data["text"]),
            category=str(data["category"]),
            phase=str(data.get("phase") or "qa"),
            minutes=float(data["minutes"]),
            tags=tuple(data.get("tags") or ()),
        )


@dataclass(frozen=True)
class Budget:
    """Minutes a list uses against the meeting: ``limit`` is the length minus the buffer."""

    meeting_minutes: float
    buffer: float
    used: float
    by_phase: dict[str, float] = field(default_factory=dict)

    @property
    def limit(self) -> float:
        return self.meeting_minutes - self.buffer

    @property
    def remaining(self) -> float:
        return self.limit - self.used

    @property
    def over(self) -> bool:
        return self.used > self.limit + 1e-9

    def __str__(self) -> str:
        if self.over:
            return (
                f"{minutes_text(self.used)} of {minutes_text(self.limit)} minutes: {minutes_text(-self.remaining)} over "
                f"(a {minutes_text(self.meeting_minutes)}-minute meeting keeps {minutes_text(self.buffer)} free)."
            )
        return (
            f"{minutes_text(self.used)} of {minutes_text(self.limit)} minutes used, {minutes_text(self.remaining)} left "
            f"(a {minutes_text(self.meeting_minutes)}-minute meeting keeps {minutes_text(self.buffer)} free)."
        )


@dataclass(frozen=True)
class BriefFiles:
    html: Path
    markdown: Path


def minutes_text(minutes: float) -> str:
    """Minutes without a needless ``.0``.

    >>> minutes_text(2.0), minutes_text(2.5)
    ('2', '2.5')
    """
    return f"{minutes:g}"


# ------------------------------------------------------------------ content
def load_settings(content_dir=None) -> dict[str, Any]:
    """``prep.toml`` (the instructor's keys merged over the defaults)."""
    return load_toml("prep", content_dir)


def research_items(content_dir=None) -> list[dict[str, str]]:
    """The research checklist: dicts with id, area, label and guidance."""
    return list(load_settings(content_dir).get("research", []))


def _parse_minutes(raw: str, where: str, max_minutes: float) -> float:
    try:
        minutes = float(raw)
    except ValueError:
        raise ContentError(f"{where}: minutes {raw!r} is not a number; write e.g. 2 or 2.5.") from None
    if not (0 < minutes <= max_minutes):
        raise ContentError(f"{where}: minutes {raw!r} must be more than 0 and at most {minutes_text(max_minutes)}.")
    return minutes


def load_question_bank(content_dir=None) -> list[Question]:
    """Read and check ``questions.csv``; a bad row raises ContentError naming file and line.

    >>> bank = load_question_bank()
    >>> len(bank) >= 70, sorted({q.category for q in bank})[0]
    (True, 'Advice')
    """
    conf = load_settings(content_dir)
    categories = conf["categories"]
    phases = conf["phases"]
    max_minutes = float(conf["meeting"]["max_question_minutes"])
    rows = load_csv("questions", required=QUESTION_COLUMNS, content_dir=content_dir)
    path = _bank_path(content_dir)
    bank: list[Question] = []
    seen: dict[str, str] = {}
    for row in rows:
        where = f"{path}, line {row['_line']}"
        qid = row["id"]
        if not qid:
            raise ContentError(f"{where}: the id is empty; give every question a short unique id like tr01.")
        if qid in seen:
            raise ContentError(f"{where}: id {qid!r} is used twice (first on line {seen[qid]}); ids must be unique.")
        seen[qid] = row["_line"]
        if not row["text"]:
            raise ContentError(f"{where}: the question text is empty.")
        if row["category"] not in categories:
            raise ContentError(
                f"{where}: unknown category {row['category']!r}; use one of {', '.join(categories)} (TIARA)."
            )
        if row["phase"] not in phases:
            raise ContentError(f"{where}: unknown phase {row['phase']!r}; use one of {', '.join(phases)}.")
        minutes = _parse_minutes(row["minutes"], where, max_minutes)
        tags = tuple(t.strip() for t in row["tags"].split(";") if t.strip())
        bank.append(Question(qid, row["text"], row["category"], row["phase"], minutes, tags))
    if not bank:
        raise ContentError(f"{path}: the question bank has no questions.")
    return bank


def _bank_path(content_dir=None) -> Path:
    for folder in content_dirs(content_dir):
        if (folder / "questions.csv").is_file():
            return folder / "questions.csv"
    return Path("questions.csv")  # pragma: no cover - load_csv raised already


def _closing(bank: Sequence[Question], conf: Mapping[str, Any]) -> list[Question]:
    tag = conf["selection"]["closing_tag"]
    return [q for q in bank if tag in q.tags]


# ------------------------------------------------------------------ selection
_WORD = re.compile(r"[a-z']+")
_STOP = frozenset(
    "a an and are as at be but by for from how i in into is it its learn me more my of on or "
    "out the their this to what which who why with work would you your want about find get".split()
)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP}


def budget(questions: Iterable[Question | Mapping], minutes: float, content_dir=None) -> Budget:
    """Minutes used by ``questions`` against a meeting of ``minutes`` (minus the buffer).

    >>> b = budget([Question("x", "Why?", "Trends", "qa", 3)], 20)
    >>> b.used, b.limit, b.remaining, b.over
    (3.0, 18.0, 15.0, False)
    """
    conf = load_settings(content_dir)
    items = [_as_question(q) for q in questions]
    by_phase: dict[str, float] = {p: 0.0 for p in conf["phases"]}
    for q in items:
        by_phase[q.phase] = by_phase.get(q.phase, 0.0) + q.minutes
    return Budget(
        float(minutes), float(conf["meeting"]["buffer_minutes"]), float(sum(q.minutes for q in items)), by_phase
    )


def _as_question(q: Question | Mapping) -> Question:
    return q if isinstance(q, Question) else Question.from_dict(q)


def _check_minutes(minutes: Any, conf: Mapping[str, Any]) -> float:
    try:
        value = float(minutes)
    except (TypeError, ValueError):
        raise ValueError(f"The meeting length {minutes!r} is not a number of minutes; use e.g. 20 or 30.") from None
    longest = float(conf["meeting"].get("max_meeting_minutes", 120))
    if not math.isfinite(value) or value > longest:
        raise ValueError(
            f"A {minutes!r}-minute meeting is not something to plan questions for; an informational "
            f"interview is 15-30 minutes (this tool plans up to {minutes_text(longest)})."
        )
    buffer = float(conf["meeting"]["buffer_minutes"])
    if value <= buffer:
        raise ValueError(
            f"A {minutes_text(value)}-minute meeting leaves no time for questions (we keep {minutes_text(buffer)} "
            f"minutes free); ask for {' or '.join(str(x) for x in conf['meeting']['lengths'])} minutes."
        )
    return value


def audience_tags(bank: Sequence[Question], content_dir=None) -> list[str]:
    """The tags a learner can ask questions for (``student``, ``technical``...): every tag in the
    bank except the general and closing ones, sorted.

    >>> "student" in audience_tags(load_question_bank())
    True
    """
    selection = load_settings(content_dir)["selection"]
    return sorted({t for q in bank for t in q.tags} - {selection["general_tag"], selection["closing_tag"]})


def select_questions(
    bank: Sequence[Question],
    minutes: float,
    *,
    tags: Iterable[str] | None = None,
    objectives: Iterable[str] | None = None,
    seed: int = 0,
    content_dir=None,
) -> list[Question]:
    """Propose a balanced question list that fits a meeting of ``minutes``.

    The list opens with one small-talk question, goes round the TIARA categories in
    their order (one question per category per round, so every category that fits is
    covered before any gets a second), and ends with the closing asks. Questions tagged
    for everyone are eligible, plus those carrying one of ``tags`` (e.g. ``["student"]``),
    which are preferred, as are questions sharing words with the learner's
    ``objectives``. ``seed`` varies the choice among equally good questions. The total
    never exceeds the meeting length minus the buffer.

    Raises ValueError for a meeting too short for the closing asks or an unknown tag.
    """
    conf = load_settings(content_dir)
    meeting = _check_minutes(minutes, conf)
    limit = meeting - float(conf["meeting"]["buffer_minutes"])
    general = conf["selection"]["general_tag"]
    wanted = {t.strip() for t in (tags or ()) if t and t.strip()} - {general}
    known_tags = {t for q in bank for t in q.tags}
    unknown = wanted - known_tags
    if unknown:
        raise ValueError(
            f"No question is tagged {', '.join(sorted(unknown))}; known tags: {', '.join(sorted(known_tags))}."
        )
    eligible = [q for q in bank if general in q.tags or wanted & set(q.tags)]
    rng = random.Random(seed)
    goal_words = set().union(*(_words(o) for o in (objectives or ()) if o)) if objectives else set()
    jitter = {q.id: rng.random() for q in eligible}

    def rank(q: Question) -> tuple:
        # Best first: shares words with the objectives, suits the learner's tags, then random.
        return (-len(_words(q.text) & goal_words), -len(wanted & set(q.tags)), jitter[q.id])

    closing = _closing(eligible, conf)
    closing_minutes = sum(q.minutes for q in closing)
    if closing_minutes > limit:
        raise ValueError(f"A {minutes_text(meeting)}-minute meeting cannot even hold the closing asks; ask for longer.")
    share = conf["phase_share"]
    remaining = limit - closing_minutes

    opener: list[Question] = []
    small_budget = limit * float(share["small_talk"])
    for q in sorted((q for q in eligible if q.phase == "small_talk"), key=rank):
        if q.minutes <= min(small_budget, remaining):
            opener.append(q)
            remaining -= q.minutes
            break

    extra_close: list[Question] = []
    close_budget = limit * float(share["next_steps"]) - closing_minutes
    for q in sorted((q for q in eligible if q.phase == "next_steps" and q not in closing), key=rank):
        if q.minutes <= min(close_budget, remaining):
            extra_close.append(q)
            close_budget -= q.minutes
            remaining -= q.minutes

    pools = {
        c: sorted((q for q in eligible if q.phase == "qa" and q.category == c), key=rank) for c in conf["categories"]
    }
    picked: list[Question] = []
    progress = True
    while progress:
        progress = False
        for category in conf["categories"]:
            fit = next((q for q in pools[category] if q.minutes <= remaining + 1e-9), None)
            if fit is not None:
                pools[category].remove(fit)
                picked.append(fit)
                remaining -= fit.minutes
                progress = True
    order = {c: i for i, c in enumerate(conf["categories"])}
    picked.sort(key=lambda q: order[q.category])  # stable: TIARA order, best first within
    closing_order = {q.id: i for i, q in enumerate(bank)}
    ending = sorted(closing, key=lambda q: closing_order[q.id]) + extra_close
    return opener + picked + ending


def questions_from_ids(ids: Iterable[str], bank: Sequence[Question] | None = None) -> tuple[list[Question], list[str]]:
    """The bank's questions for ``ids`` in that order, and the ids not found.

    >>> found, unknown = questions_from_ids(["tr01", "zz9"])
    >>> [q.id for q in found], unknown
    (['tr01'], ['zz9'])
    """
    bank = load_question_bank() if bank is None else bank
    by_id = {q.id.lower(): q for q in bank}
    found, unknown = [], []
    for raw in ids:
        key = str(raw).strip().lower()
        if not key:
            continue
        if key in by_id:
            found.append(by_id[key])
        else:
            unknown.append(str(raw).strip())
    return found, unknown


# ------------------------------------------------------------------ editing
def _check_index(questions: Sequence, index: int) -> None:
    if not questions:
        raise ValueError("The list is empty: propose a list or add a question first.")
    if index is None or not (0 <= int(index) < len(questions)):
        raise ValueError(f"Choose a question in the list first (1 to {len(questions)}).")


def swap_candidates(
    questions: Sequence[Question], index: int, bank: Sequence[Question], minutes: float, content_dir=None
) -> list[Question]:
    """Bank questions that could replace ``questions[index]``: same category and phase,
    not already in the list, and keeping the list within the budget."""
    _check_index(questions, index)
    current = questions[index]
    b = budget(questions, minutes, content_dir)
    room = max(b.remaining, 0.0) + current.minutes
    in_list = {q.id for q in questions}
    start = next((i for i, q in enumerate(bank) if q.id == current.id), -1) + 1
    rotated = list(bank[start:]) + list(bank[:start])  # repeated swaps walk through the bank
    return [
        q
        for q in rotated
        if q.category == current.category
        and q.phase == current.phase
        and q.id not in in_list
        and q.minutes <= room + 1e-9
    ]


def swap_question(
    questions: Sequence[Question],
    index: int,
    bank: Sequence[Question],
    minutes: float,
    *,
    replacement_id: str | None = None,
    content_dir=None,
) -> list[Question]:
    """A new list with ``questions[index]`` replaced by another question of the same category
    that still fits (the next one in the bank, or ``replacement_id``).

    >>> bank = load_question_bank()
    >>> before = select_questions(bank, 20)
    >>> after = swap_question(before, 1, bank, 20)
    >>> after[1].category == before[1].category and after[1].id != before[1].id
    True
    """
    questions = [_as_question(q) for q in questions]
    candidates = swap_candidates(questions, index, bank, minutes, content_dir)
    current = questions[index]
    if replacement_id is not None:
        chosen = next((q for q in candidates if q.id == replacement_id), None)
        if chosen is None:
            raise ValueError(
                f"{replacement_id!r} cannot replace this question: it must be another "
                f"{current.category} question not yet in the list that fits the time left."
            )
    elif not candidates:
        raise ValueError(f"No other {current.category} question fits the time left; remove a question first.")
    else:
        chosen = candidates[0]
    out = list(questions)
    out[index] = chosen
    return out


def move_question(questions: Sequence[Question], index: int, offset: int) -> list[Question]:
    """A new list with ``questions[index]`` moved ``offset`` places (-1 = up, 1 = down)."""
    _check_index(questions, index)
    target = int(index) + int(offset)
    if not 0 <= target < len(questions):
        raise ValueError(
            "That question is already at the top." if offset < 0 else "That question is already at the bottom."
        )
    out = list(questions)
    out.insert(target, out.pop(int(index)))
    return out


def remove_question(questions: Sequence[Question], index: int) -> list[Question]:
    _check_index(questions, index)
    out = list(questions)
    del out[int(index)]
    return out


def add_own_question(
    questions: Sequence[Question], text: str, category: str, minutes: Any, *, phase: str = "qa", content_dir=None
) -> list[Question]:
    """A new list with the learner's own question added (before the next-steps questions).

    >>> new = add_own_question([], "How do you <b>plan</b> a week?", "Insights", 2)
    >>> new[0].id, new[0].text
    ('own-1', 'How do you <b>plan</b> a week?')
    """
    conf = load_settings(content_dir)
    text = " ".join(str(text or "").split())
    if not text:
        raise ValueError("Write your question first.")
    if category not in conf["categories"]:
        raise ValueError(f"Choose a category for your question: {', '.join(conf['categories'])}.")
    if phase not in conf["phases"]:
        raise ValueError(f"Unknown phase {phase!r}; use one of {', '.join(conf['phases'])}.")
    max_minutes = float(conf["meeting"]["max_question_minutes"])
    try:
        value = float(minutes)
    except (TypeError, ValueError):
        value = -1.0
    if not 0 < value <= max_minutes:
        raise ValueError(f"Estimate the minutes to answer as a number above 0 and at most {minutes_text(max_minutes)}.")
    used = {q.id for q in questions}
    n = 1
    while f"own-{n}" in used:
        n += 1
    new = Question(f"own-{n}", text, category, phase, value, ("own",))
    out = list(questions)
    position = len(out)
    if phase != "next_steps":
        position = next((i for i, q in enumerate(out) if q.phase == "next_steps"), len(out))
    out.insert(position, new)
    return out


def list_problems(
    questions: Sequence[Question | Mapping], minutes: float, *, bank: Sequence[Question] | None = None, content_dir=None
) -> list[tuple[str, str]]:
    """What is wrong with a list, as (severity, message): over the budget, closing asks
    missing, too few TIARA categories, no opener, phases out of order. Empty when fine."""
    conf = load_settings(content_dir)
    items = [_as_question(q) for q in questions]
    if not items:
        return [("error", "The list is empty: propose a list or add questions.")]
    bank = load_question_bank(content_dir) if bank is None else bank
    problems: list[tuple[str, str]] = []
    b = budget(items, minutes, content_dir)
    if b.over:
        problems.append(("error", f"Over time: {b} Remove or swap a question."))
    ids = {q.id for q in items}
    missing = [q for q in _closing(bank, conf) if q.id not in ids]
    for q in missing:
        problems.append(("warning", f"Closing ask missing: \u201c{q.text}\u201d ({q.id})."))
    covered = {q.category for q in items if q.phase == "qa"}
    need = int(conf["selection"]["min_categories"])
    if len(covered) < need:
        left = [c for c in conf["categories"] if c not in covered]
        problems.append(
            (
                "warning",
                f"Your questions cover {len(covered)} TIARA categor{'y' if len(covered) == 1 else 'ies'}"
                f"; cover at least {need}. Not yet asked: {', '.join(left)}.",
            )
        )
    if not any(q.phase == "small_talk" for q in items):
        problems.append(("tip", "Start with a small-talk question to warm up."))
    rank = {p: i for i, p in enumerate(conf["phases"])}
    phase_ranks = [rank.get(q.phase, 1) for q in items]
    if phase_ranks != sorted(phase_ranks):
        problems.append(("tip", "Keep the phases in order: small talk, then questions, then next steps."))
    return problems


def clean_objectives(objectives: Iterable[str] | None, content_dir=None) -> list[str]:
    """The learner's objectives without blanks, checked against the 1-3 rule.

    >>> clean_objectives(["  Learn what analysts do ", ""])
    ['Learn what analysts do']
    """
    conf = load_settings(content_dir)["objectives"]
    out = [" ".join(str(o).split()) for o in (objectives or ()) if o and str(o).strip()]
    if len(out) < conf["min"]:
        raise ValueError("Write at least one objective: what do you want to learn from this conversation?")
    if len(out) > conf["max"]:
        raise ValueError(f"Keep to {conf['max']} objectives at most; a 20-30 minute conversation cannot cover more.")
    return out


# ------------------------------------------------------------------ the brief
def clock_text(minutes: float) -> str:
    """Minutes as m:ss.

    >>> clock_text(2.5)
    '2:30'
    """
    seconds = int(round(minutes * 60))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _md(text: Any) -> str:
    """Text safe in Markdown: HTML characters escaped (Markdown viewers render raw HTML), and
    characters that would start a table cell, emphasis or a link escaped."""
    value = html.escape("" if text is None else str(text), quote=False)
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", " ".join(value.split()))


def _brief_data(contact, research, objectives, questions, minutes, learner, content_dir):
    conf = load_settings(content_dir)
    contact = dict(contact or {})
    name = f"{contact.get('first_name') or ''} {contact.get('last_name') or ''}".strip() or "Unnamed contact"
    research = dict(research or {})
    if isinstance(objectives, Mapping):
        objectives = objectives.get("objectives", [])
    items = [_as_question(q) for q in (questions or [])]
    conv = load_toml("conversation", content_dir)
    start = 0.0
    rows = []
    for q in items:
        rows.append((q, clock_text(start), clock_text(start + q.minutes)))
        start += q.minutes
    return {
        "name": name,
        "position": contact.get("position") or "not recorded",
        "company": contact.get("company") or "not recorded",
        "channel": CHANNEL_LABELS.get(contact.get("channel") or "", "not recorded"),
        "email": contact.get("email") or "",
        "url": contact.get("url") or "",
        "learner": learner or "",
        "research": [(item, bool((research.get("items") or {}).get(item["id"]))) for item in conf.get("research", [])],
        "areas": conf.get("research_areas", {}),
        "notes": str(research.get("notes") or ""),
        "objectives": [str(o) for o in (objectives or []) if str(o).strip()],
        "rows": rows,
        "budget": budget(items, minutes, content_dir),
        "phase_labels": conf["phase_labels"],
        "opening": [c["text"] for c in conv.get("opening", [])],
        "closing": [c["text"] for c in conv.get("closing", [])],
        "prepared": today().isoformat(),
    }


# Scoped to the brief, so the same rules style the printed page and the notebook preview.
_BRIEF_CSS = """
.infoview-brief { line-height: 1.35; color: #111; }
.infoview-brief h1 { font-size: 1.35em; margin: 0 0 .2em; }
.infoview-brief h2 { font-size: 1.05em; margin: .8em 0 .3em; border-bottom: 1px solid #999; }
.infoview-brief p { margin: .15em 0; }
.infoview-brief table { border-collapse: collapse; width: 100%; }
.infoview-brief th, .infoview-brief td { text-align: left; padding: 1px 6px; vertical-align: top;
  border-bottom: 1px solid #ddd; line-height: 1.3; }
.infoview-brief td.time { white-space: nowrap; } .infoview-brief .meta { color: #444; }
.infoview-brief .phase td { background: #eee; font-weight: 600; }
.infoview-brief .over { color: #a4161a; font-weight: 600; }
.infoview-brief ul, .infoview-brief ol { margin: .2em 0 .2em 1.3em; padding: 0; }
.infoview-brief li { margin: 0; }
.infoview-brief ul.research { list-style: none; margin-left: 0; columns: 2; column-gap: 2em; }
.infoview-brief ul.research li { break-inside: avoid; }
.infoview-brief .boxes { display: flex; gap: 1.5em; } .infoview-brief .boxes > div { flex: 1; }
"""

_PAGE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 11pt; max-width: 48em;
       margin: 1.5em auto; }
@page { size: A4; margin: 10mm 12mm; }
@media print { body { font-size: 8.5pt; margin: 0; max-width: none; }
  .infoview-brief { line-height: 1.25; } .infoview-brief h2 { break-after: avoid; margin-top: .6em; }
  .infoview-brief tr { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
"""


def render_brief_body(contact, research, objectives, questions, minutes, learner=None, content_dir=None) -> str:
    """The brief as an HTML fragment (for showing inside a notebook); all text escaped."""
    d = _brief_data(contact, research, objectives, questions, minutes, learner, content_dir)
    e = html.escape
    out = [
        f'<article class="infoview-brief"><style>{_BRIEF_CSS}</style><h1>Informational interview brief: {e(d["name"])}</h1>'
    ]
    meta = f"{e(d['position'])} at {e(d['company'])} &middot; {e(d['channel'])}"
    out.append(f'<p class="meta">{meta}</p>')
    contact_line = " &middot; ".join(e(x) for x in (d["email"], d["url"]) if x)
    if contact_line:
        out.append(f'<p class="meta">{contact_line}</p>')
    who = f" by {e(d['learner'])}" if d["learner"] else ""
    out.append(
        f'<p class="meta">Meeting: {minutes_text(d["budget"].meeting_minutes)} minutes &middot; prepared{who} '
        f"on {e(d['prepared'])}</p>"
    )
    out.append("<h2>Objectives</h2>")
    if d["objectives"]:
        out.append("<ol>" + "".join(f"<li>{e(o)}</li>" for o in d["objectives"]) + "</ol>")
    else:
        out.append("<p>None written yet: what do you want to learn from this conversation?</p>")
    out.append('<h2>Research</h2><ul class="research">')
    for item, done in d["research"]:
        mark = "&#9745;" if done else "&#9744;"
        area = d["areas"].get(item.get("area", ""), item.get("area", ""))
        out.append(f"<li>{mark} {e(area)}: {e(item['label'])}</li>")
    out.append("</ul>")
    notes = e(d["notes"]).replace("\n", "<br>") if d["notes"].strip() else "No research notes yet."
    out.append(f"<p><b>Notes:</b> {notes}</p>")
    out.append(
        '<div class="boxes"><div><h2>At the start</h2><ul>'
        + "".join(f"<li>{e(t)}</li>" for t in d["opening"])
        + "</ul></div>"
    )
    out.append(
        "<div><h2>Before you leave</h2><ul>" + "".join(f"<li>{e(t)}</li>" for t in d["closing"]) + "</ul></div></div>"
    )
    out.append("<h2>Questions</h2>")
    if d["rows"]:
        out.append(
            "<table><thead><tr><th>#</th><th>Time</th><th>Category</th><th>Question</th><th>Min</th>"
            "</tr></thead><tbody>"
        )
        phase = None
        for i, (q, t0, t1) in enumerate(d["rows"], 1):
            if q.phase != phase:
                phase = q.phase
                label = d["phase_labels"].get(phase, phase)
                out.append(
                    f'<tr class="phase"><td colspan="5">{e(label)} '
                    f"({minutes_text(d['budget'].by_phase.get(phase, 0))} min)</td></tr>"
                )
            out.append(
                f'<tr><td>{i}</td><td class="time">{t0}&ndash;{t1}</td>'
                f"<td>{e(q.category)}</td><td>{e(q.text)}</td>"
                f"<td>{minutes_text(q.minutes)}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>No questions yet: build a list with the question builder.</p>")
    cls = ' class="over"' if d["budget"].over else ""
    out.append(f"<p{cls}>Time: {e(str(d['budget']))}</p></article>")
    return "\n".join(out)


def render_brief(contact, research, objectives, questions, minutes, learner=None, content_dir=None) -> tuple[str, str]:
    """The one-page brief as (HTML document with print CSS, Markdown). Every learner and
    contact text is escaped; missing company or position read "not recorded".

    >>> page, md = render_brief({"first_name": "<script>x</script>"}, None, ["Learn"], [], 20)
    >>> "<script>" in page or "<script>" in md
    False
    >>> "not recorded" in page
    True
    """
    d = _brief_data(contact, research, objectives, questions, minutes, learner, content_dir)
    body = render_brief_body(contact, research, objectives, questions, minutes, learner, content_dir)
    doc = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Brief: {html.escape(d['name'])}</title><style>{_PAGE_CSS}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )
    md = [
        f"# Informational interview brief: {_md(d['name'])}",
        "",
        f"{_md(d['position'])} at {_md(d['company'])} · {_md(d['channel'])}",
    ]
    if d["email"] or d["url"]:
        md.append("")
        md.append(" · ".join(_md(x) for x in (d["email"], d["url"]) if x))
    who = f" by {_md(d['learner'])}" if d["learner"] else ""
    md += [
        "",
        f"Meeting: {minutes_text(d['budget'].meeting_minutes)} minutes · prepared{who} on {d['prepared']}",
        "",
        "## Objectives",
        "",
    ]
    md += [f"{i}. {_md(o)}" for i, o in enumerate(d["objectives"], 1)] or ["None written yet."]
    md += ["", "## Research", ""]
    for item, done in d["research"]:
        area = d["areas"].get(item.get("area", ""), item.get("area", ""))
        md.append(f"- [{'x' if done else ' '}] {_md(area)}: {_md(item['label'])}")
    md += [
        "",
        f"**Notes:** {_md(d['notes']) if d['notes'].strip() else 'No research notes yet.'}",
        "",
        "## At the start",
        "",
    ] + [f"- {_md(t)}" for t in d["opening"]]
    md += ["", "## Before you leave", ""] + [f"- {_md(t)}" for t in d["closing"]]
    md += ["", "## Questions", ""]
    if d["rows"]:
        md += ["| # | Time | Phase | Category | Question | Min |", "|---|---|---|---|---|---|"]
        for i, (q, t0, t1) in enumerate(d["rows"], 1):
            label = d["phase_labels"].get(q.phase, q.phase)
            md.append(
                f"| {i} | {t0}-{t1} | {_md(label)} | {_md(q.category)} | {_md(q.text)} | {minutes_text(q.minutes)} |"
            )
    else:
        md.append("No questions yet.")
    md += ["", f"Time: {_md(str(d['budget']))}", ""]
    return doc, "\n".join(md)


def safe_filename(contact: Mapping[str, Any] | None) -> str:
    """A file name stem from the contact's name and id: ASCII letters, digits and dashes.

    >>> safe_filename({"id": 7, "first_name": "Zoë", "last_name": "../O'Neil <x>"})
    'brief-zoe-o-neil-x-7'
    """
    contact = contact or {}
    raw = f"{contact.get('first_name') or ''} {contact.get('last_name') or ''}"
    ascii_name = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:40].strip("-") or "contact"
    suffix = f"-{int(contact['id'])}" if contact.get("id") is not None else ""
    return f"brief-{slug}{suffix}"


def write_brief(
    contact, research, objectives, questions, minutes, learner=None, *, out_dir=None, content_dir=None
) -> BriefFiles:
    """Write the brief as HTML and Markdown under ``data_dir()/briefs`` (or ``out_dir``)."""
    folder = Path(out_dir) if out_dir is not None else data_dir() / "briefs"
    folder.mkdir(parents=True, exist_ok=True)
    page, md = render_brief(contact, research, objectives, questions, minutes, learner, content_dir)
    stem = safe_filename(contact)
    paths = BriefFiles(folder / f"{stem}.html", folder / f"{stem}.md")
    for path, text in ((paths.html, page), (paths.markdown, md)):
        tmp = path.with_name(path.name + ".partial")
        tmp.write_text(well_formed(text), encoding="utf-8")  # unsaved form text may hold half an emoji
        os.replace(tmp, path)
    return paths


def preferred_contact(tracker, ids: Sequence[int]) -> int:
    """The contact a stage-3 tool starts on: someone the learner is about to meet.

    The contact of the latest "meeting scheduled" event, else of the latest reply, when
    they are among ``ids``; else the first of ``ids``.
    """
    history = tracker.history()
    for kind in ("meeting_scheduled", "replied"):
        latest = next((cid for cid, _, _, k in reversed(history) if k == kind), None)
        if latest is not None and latest in ids:
            return latest
    return ids[0]


def saved_questions(tracker, contact_id) -> tuple[list[Question], float | None]:
    """The contact's saved question list and meeting length, or ([], None)."""
    note = tracker.latest_note(contact_id, "question_list")
    if not note:
        return [], None
    body = note["body"] or {}
    return [Question.from_dict(q) for q in body.get("questions", [])], body.get("minutes")


@dataclass
class BriefInputs:
    """What a contact's brief is made from (see :func:`brief_inputs`)."""

    contact: dict[str, Any]
    research: dict[str, Any] | None
    objectives: list[str]
    questions: list[Question]
    minutes: float
    proposed: bool

    def render(self, learner=None, content_dir=None) -> tuple[str, str]:
        return render_brief(
            self.contact, self.research, self.objectives, self.questions, self.minutes, learner, content_dir
        )

    def body(self, learner=None, content_dir=None) -> str:
        return render_brief_body(
            self.contact, self.research, self.objectives, self.questions, self.minutes, learner, content_dir
        )

    def write(self, learner=None, *, out_dir=None, content_dir=None) -> BriefFiles:
        return write_brief(
            self.contact,
            self.research,
            self.objectives,
            self.questions,
            self.minutes,
            learner,
            out_dir=out_dir,
            content_dir=content_dir,
        )


def brief_inputs(tracker, contact_id: int, minutes: float | None = None, content_dir=None) -> BriefInputs:
    """Everything the tracker holds for a contact's brief: the saved research, objectives
    and question list. Without a saved list, one is proposed (``proposed=True``) for
    ``minutes`` (default: the saved length, else prep.toml's default length)."""
    contact = tracker.contact(contact_id)
    research = (tracker.latest_note(contact_id, "research") or {}).get("body")
    objectives = ((tracker.latest_note(contact_id, "objectives") or {}).get("body") or {}).get("objectives", [])
    questions, saved_minutes = saved_questions(tracker, contact_id)
    length = minutes or saved_minutes or load_settings(content_dir)["meeting"]["default_length"]
    proposed = not questions
    if proposed:
        questions = select_questions(
            load_question_bank(content_dir), length, objectives=objectives, content_dir=content_dir
        )
    return BriefInputs(contact, research, list(objectives), questions, float(length), proposed)


# ------------------------------------------------------------------ exercises
def is_closed_question(text: str, content_dir=None) -> bool:
    """True when a question invites a yes or no (starts with is/do/can/... and is not a
    polite open request such as "Could you tell me ...").

    >>> is_closed_question("Do you like it here?"), is_closed_question("What do you like about it?")
    (True, False)
    >>> is_closed_question("Could you walk me through a typical day?")
    False
    >>> is_closed_question("Would you say the industry is growing?"), is_closed_question("Could you tell me if it grows?")
    (True, True)
    """
    conf = load_settings(content_dir)["open_questions"]
    words = re.findall(r"[a-z']+", str(text or "").lower().replace("\u2019", "'"))
    if not words:
        return False
    if words[0] not in conf["closed_starters"]:
        return False
    polite = set(conf["polite_open_verbs"])
    if not (len(words) > 2 and words[1] == "you" and words[2] in polite):
        return True
    # A polite request ("Could you tell me ...") is open unless what follows asks for a yes or
    # a no: "... tell me if ...", "Would you say (that) the industry is growing?".
    rest = [w for w in words[3:] if w not in ("me", "us")]
    nxt = rest[0] if rest else ""
    if nxt in conf.get("closed_after_verb", []):
        return True
    if words[2] in conf.get("verbs_needing_question_word", []):
        return nxt not in conf.get("question_words", [])
    return False


def closed_examples(content_dir=None) -> list[dict[str, str]]:
    """The closed questions exercise 2 asks the learner to rewrite."""
    return list(load_settings(content_dir).get("closed_example", []))


def check_question_list_exercise(chosen, content_dir=None) -> Feedback:
    """Stage 3, "does this list fit?": the question ids chosen from the bank, for the
    meeting length of the exercise (``minutes`` in ``exercises.toml``, default 20)."""

    minutes = float(exercise_info("question_list", content_dir).get("minutes", 20))
    return check_question_list(choice_set(chosen), minutes, content_dir)


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
                f"{label}: still closed, it starts with \u201c{shorten(first, 20)}\u201d and can be "
                f"answered yes or no. Hint: {ex['hint']}"
            )
        elif not text.endswith("?"):
            fb.messages.append(f"{label}: end it with a question mark.")
        else:
            fb.correct += 1
            fb.right.append(f"{label}: open.")
    fb.ok = fb.correct == fb.total
    return fb


def check_question_list(
    answer: Iterable[str | Question | Mapping] | None, minutes: float = 20, content_dir=None
) -> Feedback:
    """Exercise 1: does this list (question ids from the bank) fit ``minutes`` and cover
    at least three TIARA categories, with an opener and the closing asks?

    >>> check_question_list([]).ok
    False
    >>> bank = load_question_bank()
    >>> check_question_list([q.id for q in select_questions(bank, 20)], 20).ok
    True
    """
    bank = load_question_bank(content_dir)
    items: list[Question] = []
    unknown: list[str] = []
    for a in answer or []:
        if isinstance(a, (Question, Mapping)):
            items.append(_as_question(a))
        else:
            found, missing = questions_from_ids([a], bank)
            items += found
            unknown += missing
    checks = ["fits the time", "closing asks", "TIARA categories", "opener", "order"]
    fb = Feedback(ok=False, total=len(checks))
    if not items and not unknown:
        fb.messages.append("Your list is empty: choose questions from the bank.")
        return fb
    for u in unknown:
        fb.messages.append(f"{u!r} is not a question id in the bank; check the spelling (ids look like tr01).")
    problems = list_problems(items, minutes, bank=bank, content_dir=content_dir)
    fb.messages += [m for _, m in problems]
    failed = set()
    for sev, msg in problems:
        failed.add(
            "fits the time"
            if msg.startswith("Over time")
            else "closing asks"
            if msg.startswith("Closing")
            else "TIARA categories"
            if "TIARA" in msg
            else "opener"
            if "small-talk" in msg
            else "order"
        )
    fb.correct = fb.total - len(failed)
    fb.ok = not failed and not unknown
    if fb.ok:
        fb.messages.append(f"It fits: {budget(items, minutes, content_dir)}")
    return fb


# ------------------------------------------------------------------ notebook helpers
class Table:
    """A small read-only table that shows every cell in full in a notebook (pandas would
    cut long questions short). ``to_frame()`` gives a DataFrame.

    >>> Table(["id", "question"], [["tr01", "What changes?"]])
    id    question
    tr01  What changes?
    """

    def __init__(self, columns: Sequence[str], rows: Iterable[Sequence[Any]]):
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)

    def __repr__(self) -> str:
        cells = [self.columns] + [[_cell(v) for v in r] for r in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]
        return "\n".join("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells)

    def _repr_html_(self) -> str:
        e = html.escape
        head = "".join(f'<th style="text-align:left">{e(c)}</th>' for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f'<td style="text-align:left">{e(_cell(v))}</td>' for v in r) + "</tr>" for r in self.rows
        )
        return f'<table class="infoview-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(value: Any) -> str:
    return minutes_text(value) if isinstance(value, float) else str(value)


def bank_table(category: str | None = None, ids: Iterable[str] | None = None, content_dir=None) -> Table:
    """The question bank (or some of it) as a table to read in a notebook.

    >>> bank_table(ids=["tr01", "nx01"]).column("id")
    ['tr01', 'nx01']
    """
    bank = load_question_bank(content_dir)
    if ids is not None:
        bank, _ = questions_from_ids(ids, bank)
    if category is not None:
        bank = [q for q in bank if q.category.lower() == str(category).lower()]
    labels = load_settings(content_dir)["phase_labels"]
    return Table(
        ["id", "phase", "category", "minutes", "question", "for"],
        [
            [
                q.id,
                labels.get(q.phase, q.phase),
                q.category,
                q.minutes,
                q.text,
                ", ".join(t.replace("_", " ") for t in q.tags),
            ]
            for q in bank
        ],
    )


def bank_summary(content_dir=None):
    """How many questions the bank holds per TIARA category and phase."""
    import pandas as pd

    conf = load_settings(content_dir)
    table = bank_table(content_dir=content_dir).to_frame()
    counts = pd.crosstab(table["category"], table["phase"]).reindex(conf["categories"], fill_value=0)
    order = [conf["phase_labels"][p] for p in conf["phases"] if conf["phase_labels"][p] in counts.columns]
    counts = counts[order]
    counts.columns.name = None
    return counts


def exercise_list(content_dir=None) -> list[str]:
    """The question ids of exercise 1's list (prep.toml, ``[exercise_list]``)."""
    return list(load_settings(content_dir)["exercise_list"]["question_ids"])


def closed_examples_table(content_dir=None) -> Table:
    """Exercise 2's closed questions as a small table."""
    return Table(["id", "closed question"], [[e["id"], e["text"]] for e in closed_examples(content_dir)])
