"""The course's exercises by id: each id of ``data/content/exercises.toml`` with its answer fields
and the check in its stage's module (the kinds and the feedback are in :mod:`infoview.exercises`).

This sits in the outer ring beside the views and the CLI: it gathers every stage's check, so
no stage has to know another's.

>>> check_exercise("phase_order", order="CEADGBF").ok
True
"""

from __future__ import annotations

from typing import Any, Callable

from .contacts import check_channels, check_target_order
from .content import ContentError
from .conversation import check_listening, check_phase_order
from .exercises import Feedback
from .followup import check_3b7_exercise, check_thank_you_exercise
from .outcomes import check_action, check_reply_rate_answer
from .outreach import check_rewrite, check_spot_the_problems
from .prep import check_open_questions, check_question_list_exercise
from .start import check_evidence, check_requests

__all__ = ["check_exercise", "exercise_fields"]

#: Exercise id -> (the names of its answer fields, its check).
_CHECKS: dict[str, tuple[tuple[str, ...], Callable[..., Feedback]]] = {
    "requests": (("answers",), check_requests),
    "evidence": (("answers",), check_evidence),
    "channels": (("answers",), check_channels),
    "target_order": (("order",), check_target_order),
    "rewrite": (("text",), check_rewrite),
    "spot": (("answers",), check_spot_the_problems),
    "question_list": (("chosen",), check_question_list_exercise),
    "open_questions": (("answers",), check_open_questions),
    "phase_order": (("order",), check_phase_order),
    "listening": (("chosen",), check_listening),
    "three_b_seven": (("next_contact", "follow_up"), check_3b7_exercise),
    "thank_you": (("text",), check_thank_you_exercise),
    "reply_rate": (
        ("rate", "denominator"),
        lambda rate, denominator, content_dir=None: check_reply_rate_answer(rate, denominator),
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
