"""The honest privacy notes a learner reads before entering real contacts (``privacy.toml``).

On a learner's own computer or a school's hub the tracker stays in their copy of the course;
on Binder it sits on a shared cloud server for the session. The notes say so, and recommend the
sample data on Binder. Notebook 00 shows the ``start`` note, the contact import step the
``import`` note.

>>> "Binder" in privacy_note("import")
True
"""

from __future__ import annotations

from .content import load_toml

__all__ = ["privacy_note"]


def privacy_note(where: str = "start", content_dir=None) -> str:
    """The note for ``where`` (``"start"`` or ``"import"``), from ``privacy.toml``."""
    notes = load_toml("privacy", content_dir)
    if where not in notes:
        raise ValueError(f"No privacy note {where!r}; there are {', '.join(sorted(notes))}.")
    return str(notes[where]["text"])
