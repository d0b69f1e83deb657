"""Test environment for the whole repository (tests/, infoview/ doctests, notebooks/).

No test ever touches a learner's real tracker, and "today" is pinned. This file sits at the
repository root so that its hooks also apply to the notebooks nbval runs: pytest_configure
runs before any kernel starts, and each notebook's kernel copies os.environ when it starts.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
#: The day the committed sample learner's story is "today" (data/README.md).
SAMPLE_TODAY = "2026-03-16"

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="infoview-tests-"))

try:
    from hypothesis import settings as _hypothesis_settings
except ImportError:  # the runtime-only environment (tests/test_binder.py) has no hypothesis
    pass
else:
    # `python3 run.py test` (and so CI) sets INFOVIEW_TEST_GATE: the property tests then draw the
    # same examples every run, so a change lands or fails on its own merits, not on a lucky draw.
    # Run pytest directly to search with fresh examples (and --hypothesis-seed=N to repeat one).
    _hypothesis_settings.register_profile("gate", derandomize=True, database=None, print_blob=True)
    if os.environ.get("INFOVIEW_TEST_GATE"):
        _hypothesis_settings.load_profile("gate")


def pytest_configure(config):
    os.environ["INFOVIEW_DB"] = str(_SESSION_DIR / "session-tracker.sqlite")
    os.environ["INFOVIEW_TODAY"] = SAMPLE_TODAY
    os.environ.pop("INFOVIEW_CONTENT", None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a notebook's kernel starts, point it at a fresh tracker of its own.

    nbval starts one kernel per notebook when its first cell is set up; the kernel copies
    os.environ then. A fresh file per notebook keeps each notebook's output independent of
    which notebooks ran before it.
    """
    notebook = getattr(item, "parent", None)
    if notebook is None or not str(getattr(notebook, "path", "")).endswith(".ipynb"):
        return
    if getattr(notebook, "_infoview_env_set", False):
        return
    notebook._infoview_env_set = True
    os.environ["INFOVIEW_DB"] = str(_SESSION_DIR / f"{Path(str(notebook.path)).stem}.sqlite")
    os.environ["INFOVIEW_TODAY"] = SAMPLE_TODAY
    os.environ.pop("INFOVIEW_CONTENT", None)


def pytest_unconfigure(config):
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)
