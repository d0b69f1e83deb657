"""Where a learner's data and the curriculum's content live.

A learner's tracker is found, in this order:

1. ``$INFOVIEW_DB`` when it is set;
2. ``infoview-data/tracker.sqlite`` in the curriculum folder, the folder that holds
   ``notebooks/`` and ``data/content/`` (found from the current folder upwards, so any
   notebook or sub-folder works);
3. ``~/infoview-data/tracker.sqlite``.

``$INFOVIEW_TODAY`` (``YYYY-MM-DD``) pins "today" so that lessons, tests and demos show
the same due dates on every run; unset, today is the real date.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

__all__ = [
    "curriculum_root",
    "data_dir",
    "default_db_path",
    "today",
    "sample_data_dir",
    "parse_date",
]

_PACKAGE_DIR = Path(__file__).resolve().parent


def _is_curriculum_root(folder: Path) -> bool:
    return (folder / "notebooks").is_dir() and (folder / "data" / "content").is_dir()


def curriculum_root(start: str | os.PathLike | None = None) -> Path | None:
    """The curriculum folder above ``start`` (default: the current folder), or None.

    Falls back to the folder the package sits in (an editable install from a clone).
    """
    here = Path(start) if start is not None else Path.cwd()
    here = here.resolve()
    for folder in (here, *here.parents):
        if _is_curriculum_root(folder):
            return folder
    if _is_curriculum_root(_PACKAGE_DIR.parent):
        return _PACKAGE_DIR.parent
    return None


def data_dir(start: str | os.PathLike | None = None) -> Path:
    """The folder for a learner's own files: tracker, briefs, backups, exports."""
    db = os.environ.get("INFOVIEW_DB")
    if db:
        return Path(db).expanduser().resolve().parent
    root = curriculum_root(start)
    base = root if root is not None else Path.home()
    return base / "infoview-data"


def default_db_path(start: str | os.PathLike | None = None) -> Path:
    """The tracker file this session uses (see the module docstring for the order)."""
    db = os.environ.get("INFOVIEW_DB")
    if db:
        return Path(db).expanduser().resolve()
    return data_dir(start) / "tracker.sqlite"


def sample_data_dir() -> Path:
    """The committed synthetic sample data (``data/`` in the curriculum folder)."""
    root = curriculum_root()
    if root is None:
        raise FileNotFoundError(
            "Could not find the curriculum folder (the one holding notebooks/ and data/content/). "
            "Start Jupyter from inside the infoview folder."
        )
    return root / "data"


def today() -> _dt.date:
    """Today's date, or ``$INFOVIEW_TODAY`` when set (for reproducible lessons and tests).

    >>> import os; os.environ["INFOVIEW_TODAY"] = "2026-03-16"; today()
    datetime.date(2026, 3, 16)
    >>> del os.environ["INFOVIEW_TODAY"]
    """
    pinned = os.environ.get("INFOVIEW_TODAY", "").strip()
    if pinned:
        try:
            return _dt.date.fromisoformat(pinned)
        except ValueError:
            raise ValueError(
                f"INFOVIEW_TODAY is {pinned!r}; expected a date written YYYY-MM-DD, e.g. 2026-03-16."
            ) from None
    return _dt.date.today()


def parse_date(value, what: str = "date") -> _dt.date:
    """A date from a date, datetime, pandas Timestamp or ``YYYY-MM-DD`` text (time part ignored).

    Raises ValueError naming ``what`` and the expected form.

    >>> parse_date("2026-03-16T09:30:00"), parse_date(_dt.datetime(2026, 3, 16, 9, 30))
    (datetime.date(2026, 3, 16), datetime.date(2026, 3, 16))
    >>> parse_date("next friday", "meeting date")
    Traceback (most recent call last):
    ...
    ValueError: The meeting date 'next friday' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-16.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas Timestamp
        return value.date()
    text = "" if value is None else str(value).strip()
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"The {what} {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-16.") from None
