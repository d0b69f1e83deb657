"""Fixtures for the unit tests (the environment hooks are in the root conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The day the committed sample learner's story is "today" (data/README.md).
SAMPLE_TODAY = "2026-03-16"


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
