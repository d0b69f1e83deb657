"""The code's style is checked like everything else: ruff (configured in pyproject.toml) lints and formats."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["ruff check", "ruff format --check"])
def test_ruff(command, root):
    result = subprocess.run([sys.executable, "-m", "ruff", *command, "."], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, f"ruff {' '.join(command)} found problems:\n{result.stdout}{result.stderr}"
