"""Role-play in pairs: scenario cards, a round timer and the listener's rubric.

One learner asks for advice; a partner plays the contact from a drawn card (the Booster, the
busy Curmudgeon, the one who asks for a resume, ...); a listener scores the asker with the
rubric, and the scores and comments go into the tracker (:meth:`Tracker.add_roleplay_score`).
Cards, rubric lines and timings live in ``data/content/roleplay.toml``.

The timer is logic here (:class:`Countdown`, driven by any clock) and a thin widget in
:mod:`infoview.views.roleplay` that redraws it from a kernel thread, so it needs no
JavaScript and works the same in JupyterLab and Voila.

>>> c = Countdown(90, clock=iter([0, 0, 30, 50, 100]).__next__)
>>> c.start(); c.label(), c.label(), c.finished
('01:30', '01:00', False)
>>> c.finished
True
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from statistics import mean
from typing import Any, Callable, Iterable, Mapping

from .content import ContentError, load_toml

__all__ = [
    "Card",
    "cards",
    "draw_card",
    "Criterion",
    "rubric",
    "check_scores",
    "save_rubric",
    "rubric_summary",
    "round_seconds",
    "Countdown",
]


@dataclass(frozen=True)
class Card:
    """A scenario card: what the partner plays, the twist, what the asker practises."""

    id: str
    title: str
    contact: str
    twist: str
    practise: str
    source: str


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    text: str


def _settings(content_dir=None) -> dict[str, Any]:
    return load_toml("roleplay", content_dir)


def cards(content_dir=None) -> list[Card]:
    """The cards in file order; a card missing a field is refused naming it."""
    out = []
    for item in _settings(content_dir).get("card", []):
        missing = [k for k in ("id", "title", "contact", "twist", "practise") if not str(item.get(k, "")).strip()]
        if missing:
            raise ContentError(f"roleplay.toml: card {item.get('id', '?')!r} lacks {', '.join(missing)}.")
        out.append(
            Card(
                str(item["id"]), item["title"], item["contact"], item["twist"], item["practise"], item.get("source", "")
            )
        )
    if not out:
        raise ContentError("roleplay.toml has no [[card]]: add at least one.")
    return out


def draw_card(rng: random.Random | None = None, *, exclude: Iterable[str] = (), content_dir=None) -> Card:
    """A random card, avoiding the ids in ``exclude`` until every card has been drawn.

    >>> rng = random.Random(1)
    >>> seen = set()
    >>> for _ in range(len(cards())):
    ...     seen.add(draw_card(rng, exclude=seen).id)
    >>> len(seen) == len(cards())
    True
    """
    deck = cards(content_dir)
    left = [c for c in deck if c.id not in set(exclude)] or deck
    return (rng or random).choice(left)


def rubric(content_dir=None) -> tuple[list[Criterion], int, int]:
    """The rubric's criteria and its scale (low, high)."""
    r = _settings(content_dir)["rubric"]
    low, high = int(r["low"]), int(r["high"])
    if low >= high:
        raise ContentError(f"roleplay.toml: [rubric] low ({low}) must be below high ({high}).")
    crit = [Criterion(str(c["id"]), c["label"], c["text"]) for c in r.get("criterion", [])]
    if not crit:
        raise ContentError("roleplay.toml: [rubric] has no criterion.")
    return crit, low, high


def check_scores(scores: Mapping[str, Any], content_dir=None) -> dict[str, int]:
    """The scores as whole numbers on the scale, one per criterion; ValueError in one sentence
    naming what is wrong. A criterion left blank (None or "") is an error, so nothing half-scored
    is stored.

    >>> check_scores({"opening": 4, "introduction": "3", "questions": 2, "listening": 3, "awkward": 4, "closing": 1})["introduction"]
    3
    >>> check_scores({"opening": 5})
    Traceback (most recent call last):
    ...
    ValueError: Opening: 5 is not a score from 1 to 4.
    """
    crit, low, high = rubric(content_dir)
    out: dict[str, int] = {}
    for c in crit:
        value = scores.get(c.id) if isinstance(scores, Mapping) else None
        if value is None or str(value).strip() == "":
            raise ValueError(f"{c.label}: give a score from {low} to {high}.")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(f"{c.label}: {str(value)[:20]!r} is not a score from {low} to {high}.") from None
        if isinstance(value, bool) or not low <= number <= high:
            raise ValueError(f"{c.label}: {value} is not a score from {low} to {high}.")
        out[c.id] = number
    return out


def save_rubric(
    tracker,
    card: Card | str,
    scores: Mapping[str, Any],
    *,
    speaker: str = "",
    listener: str = "",
    comment: str = "",
    on: Any = None,
    content_dir=None,
) -> int:
    """Check ``scores`` and store them with the comment; returns the stored row's id."""
    card_id = card.id if isinstance(card, Card) else str(card)
    if card_id not in {c.id for c in cards(content_dir)}:
        raise ValueError(f"No card {card_id!r}; draw a card first.")
    checked = check_scores(scores, content_dir)
    return tracker.add_roleplay_score(
        card_id, checked, speaker=speaker, listener=listener, comment=str(comment or "")[:5000], on=on
    )


def rubric_summary(rows: Iterable[Mapping[str, Any]], content_dir=None) -> list[dict[str, Any]]:
    """Per criterion: its label, how many rounds scored it and the mean score (None if none).

    >>> rubric_summary([{"scores": {"opening": 2}}, {"scores": {"opening": 4}}])[0]
    {'id': 'opening', 'label': 'Opening', 'rounds': 2, 'mean': 3.0}
    """
    crit, _, _ = rubric(content_dir)
    rows = list(rows)
    out = []
    for c in crit:
        values = [r["scores"][c.id] for r in rows if isinstance(r.get("scores"), Mapping) and c.id in r["scores"]]
        out.append(
            {
                "id": c.id,
                "label": c.label,
                "rounds": len(values),
                "mean": round(float(mean(values)), 2) if values else None,
            }
        )
    return out


def round_seconds(content_dir=None) -> tuple[int, int]:
    """(seconds per round, warn when this many are left) from the content file."""
    t = _settings(content_dir)["timer"]
    return int(round(float(t["round_minutes"]) * 60)), int(t["warn_seconds"])


class Countdown:
    """A pausable countdown on any clock (``time.monotonic`` by default; tests pass their own).

    >>> ticks = iter([0, 10, 50, 70]).__next__
    >>> c = Countdown(60, clock=ticks)
    >>> c.start(); c.pause(); c.remaining()     # 10 s ran before the pause
    50.0
    >>> c.start(); c.remaining()                 # restarted at 50; read at 70
    30.0
    """

    def __init__(self, seconds: float, *, warn_seconds: float = 0, clock: Callable[[], float] = time.monotonic):
        if not seconds > 0:
            raise ValueError("A countdown needs a positive number of seconds.")
        self.total = float(seconds)
        self.warn_seconds = float(warn_seconds)
        self._clock = clock
        self._left = self.total
        self._started_at: float | None = None

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def start(self) -> None:
        if self._started_at is None and self._left > 0:
            self._started_at = self._clock()

    def pause(self) -> None:
        if self._started_at is not None:
            self._left = max(0.0, self._left - (self._clock() - self._started_at))
            self._started_at = None

    def reset(self, seconds: float | None = None) -> None:
        if seconds is not None:
            if not seconds > 0:
                raise ValueError("A countdown needs a positive number of seconds.")
            self.total = float(seconds)
        self._left, self._started_at = self.total, None

    def remaining(self) -> float:
        if self._started_at is None:
            return self._left
        left = max(0.0, self._left - (self._clock() - self._started_at))
        if left == 0:  # stop at zero, so a later start does not run again
            self._left, self._started_at = 0.0, None
        return left

    @property
    def finished(self) -> bool:
        return self.remaining() <= 0

    def state(self) -> str:
        """'ready', 'running', 'paused', 'warning' (running, little left) or 'finished'."""
        left = self.remaining()
        if left <= 0:
            return "finished"
        if not self.running:
            return "ready" if left == self.total else "paused"
        return "warning" if left <= self.warn_seconds else "running"

    def label(self) -> str:
        """The time left as MM:SS, rounded up (so 0:00 shows only when the time is up)."""
        left = self.remaining()
        whole = int(left) + (left % 1 > 0)
        return f"{whole // 60:02d}:{whole % 60:02d}"
