"""The session: whose data a lesson's tools work on, the learner's tracker or the sample learner's.

This is the one place that decides. A learner who has not loaded anything yet still sees
every tool working: on the fictional sample learner (:func:`infoview.sample.sample_tracker`,
an in-memory tracker, so nothing done there is saved). As soon as their own tracker holds
what a tool needs, the tool uses it instead. What a tool needs:

==============  ===============================================  ======================
``needs``       the learner's tracker is used once it holds       used by
==============  ===============================================  ======================
"contacts"      at least one contact                             stages 1-4, the composer
"anything"      any contact, interaction or note                 stage 5 (follow-ups)
"interactions"  at least one logged interaction                  stage 6 (outcomes)
"work"          anything, an exercise tried or a role-play       stage 6 (sharing with
                round scored                                     the instructor)
==============  ===============================================  ======================

A :class:`Session` checks again on every use (``session.tracker``, ``session.is_sample``),
so a lesson switches to the learner's data the moment it arrives. A view that decides
once, when it is built, calls :meth:`Session.current`. ``Session(tracker, sample=False)``
never shows the sample (a test, or a tool that must write to the learner's file).

Stage 3 and 4 tools share one session per kernel (:func:`shared`): research saved in one
tool shows up in the brief another tool writes, even on the sample.

>>> from infoview.tracker import Tracker
>>> s = Session(Tracker(":memory:"))
>>> s.is_sample, s.tracker.count()["contacts"] > 0
(True, True)
>>> own = Tracker(":memory:"); _ = own.add_contact(first_name="Ada", last_name="Byron")
>>> Session(own).current() == (own, False)
True
"""

from __future__ import annotations

from typing import Callable

from .paths import default_db_path
from .sample import sample_tracker
from .tracker import Tracker

__all__ = ["NEEDS", "Session", "has", "shared", "shared_sample", "learner_tracker"]

#: What a tool may need from the learner's tracker before it stops showing the sample.
NEEDS = ("anything", "contacts", "interactions", "work")


def has(tracker: Tracker, needs: str) -> bool:
    """Whether ``tracker`` holds what a tool ``needs`` (one of :data:`NEEDS`).

    >>> has(Tracker(":memory:"), "anything")
    False
    """
    if needs not in NEEDS:
        raise ValueError(f"needs must be one of {', '.join(NEEDS)}, not {needs!r}")
    counts = tracker.count()
    if needs == "work":  # a learner who only did exercises still has progress to hand in
        return any(counts.values()) or bool(tracker.exercise_progress()) or bool(tracker.roleplay_scores())
    if needs == "anything":
        return any(counts.values())
    return counts[needs] > 0


class Session:
    """The learner's tracker, or the sample learner's while theirs lacks what a tool needs.

    Parameters
    ----------
    tracker
        The learner's tracker (default: a new connection to the usual file,
        :func:`infoview.paths.default_db_path`).
    needs
        "contacts", "anything" or "interactions" (see the module's table).
    sample
        Where the sample comes from: None makes one fresh sample tracker for this session,
        when first needed; a Tracker or a function returning one uses that; False never
        shows the sample.
    notes
        Optional sentences to say which data is shown: ``{"sample": ..., "own": ...}``, each
        may use ``{n}``, the number of contacts shown. They are the session's ``note`` and repr.
    """

    def __init__(
        self,
        tracker: Tracker | None = None,
        *,
        needs: str = "contacts",
        sample: Tracker | Callable[[], Tracker] | bool | None = None,
        notes: dict[str, str] | None = None,
    ):
        if needs not in NEEDS:
            raise ValueError(f"needs must be one of {', '.join(NEEDS)}, not {needs!r}")
        self.own = tracker if tracker is not None else Tracker()
        self.needs = needs
        self._sample_source = sample
        self._sample: Tracker | None = sample if isinstance(sample, Tracker) else None
        self.notes = dict(notes or {})

    @classmethod
    def of(cls, tracker_or_session: "Tracker | Session | None" = None, **kwargs) -> "Session":
        """``tracker_or_session`` when it is already a Session (a notebook passes one to every tool), else a new one."""
        if isinstance(tracker_or_session, Session):
            return tracker_or_session
        return cls(tracker_or_session, **kwargs)

    @property
    def uses_sample(self) -> bool:
        """Whether this session may show the sample at all."""
        return self._sample_source is not False

    @property
    def is_sample(self) -> bool:
        """True while the learner's tracker lacks what the tools need (checked on every use)."""
        return self.uses_sample and not has(self.own, self.needs)

    @property
    def sample(self) -> Tracker:
        """The sample learner's tracker this session shows (made on first use)."""
        if self._sample is None:
            source = self._sample_source
            self._sample = source() if callable(source) else sample_tracker()
        return self._sample

    @property
    def tracker(self) -> Tracker:
        """The tracker to work on now: the learner's, or the sample."""
        return self.sample if self.is_sample else self.own

    def current(self) -> tuple[Tracker, bool]:
        """``(tracker, is_sample)`` decided once, for a view that keeps its choice."""
        is_sample = self.is_sample
        return (self.sample if is_sample else self.own), is_sample

    def contacts_frame(self):
        """The contacts of the tracker in use, as a DataFrame (:meth:`Tracker.contacts`)."""
        return self.tracker.contacts_frame()

    @property
    def note(self) -> str:
        """The sentence saying which data is shown (from ``notes``), or a plain default."""
        tracker, is_sample = self.current()
        key = "sample" if is_sample else "own"
        n = tracker.count()["contacts"]
        default = (
            "The fictional sample learner's data ({n} contacts); nothing changed here is saved."
            if is_sample
            else "Your tracker: {n} contact(s)."
        )
        return self.notes.get(key, default).format(n=n)

    def __repr__(self) -> str:
        return self.note


# ----------------------------------------------------------- one per kernel
_LEARNER_TRACKERS: dict[str, Tracker] = {}
_SHARED_SAMPLE: list[Tracker] = []


def learner_tracker() -> Tracker:
    """This kernel's connection to the learner's tracker file, opened once per file."""
    key = str(default_db_path())
    if key not in _LEARNER_TRACKERS:
        _LEARNER_TRACKERS[key] = Tracker(key)
    return _LEARNER_TRACKERS[key]


def shared_sample() -> Tracker:
    """The one sample tracker every :func:`shared` session in this kernel shows."""
    if not _SHARED_SAMPLE:
        _SHARED_SAMPLE.append(sample_tracker())
    return _SHARED_SAMPLE[0]


def shared(tracker: Tracker | None = None, *, needs: str = "contacts") -> Session:
    """A session on ``tracker`` (default: :func:`learner_tracker`) whose sample is :func:`shared_sample`.

    Stage 3 and 4 tools use it, so what one tool saves on the sample the next one shows
    (it lasts until the kernel stops).
    """
    return Session(tracker if tracker is not None else learner_tracker(), needs=needs, sample=shared_sample)
