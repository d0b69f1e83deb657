"""Execute notebooks in place the way the tests run them (fresh tracker, pinned date).

    .venv/bin/python tools/execute_notebooks.py notebooks/02_crafting_outreach.ipynb [...]
    .venv/bin/python tools/execute_notebooks.py            # every notebook

Committed notebooks must be executed (strict nbval compares their stored outputs).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TODAY = "2026-03-16"  # keep in step with tests/conftest.py


def execute(path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="infoview-exec-") as tmp:
        os.environ["INFOVIEW_DB"] = str(Path(tmp) / "tracker.sqlite")
        os.environ["INFOVIEW_TODAY"] = SAMPLE_TODAY
        os.environ.pop("INFOVIEW_CONTENT", None)
        nb = nbformat.read(path, as_version=4)
        # No saved widget state: it is a snapshot of dead widgets (up to 0.7 MB a notebook) that
        # only works once the cell is run again anyway.
        client = NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            store_widget_state=False,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)  # timings from earlier runs
        nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
    for p in paths:
        execute(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
