"""Test set-up: no test ever touches a learner's real tracker, and "today" is pinned.

pytest_configure runs before nbval starts notebook kernels, and kernels inherit this
environment, so executed notebooks use a throw-away tracker and the sample's date too.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The day the committed sample learner's story is "today" (data/README.md).
SAMPLE_TODAY = "2026-03-16"

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="infoview-tests-"))


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


def pytest_unconfigure(config):
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_tracker(tmp_path, monkeypatch):
    """Each test gets its own empty tracker file as the default."""
    monkeypatch.setenv("INFOVIEW_DB", str(tmp_path / "tracker.sqlite"))
    monkeypatch.setenv("INFOVIEW_TODAY", SAMPLE_TODAY)
    monkeypatch.delenv("INFOVIEW_CONTENT", raising=False)
    yield


@pytest.fixture
def tracker(tmp_path):
    from infoview.tracker import Tracker

    t = Tracker(tmp_path / "tracker.sqlite")
    yield t
    t.close()


@pytest.fixture
def root() -> Path:
    return ROOT
