"""Running the curriculum as a workshop: student versions of the notebooks and lesson outlines.

An instructor keeps one set of notebooks, with worked solutions in cells tagged
``solution``. :func:`student_version` writes copies without those cells, for learners:

    infoview student-version student-notebooks/

The cells are removed with :mod:`nbformat` (already installed with Jupyter) rather than
nbconvert's ``TagRemovePreprocessor``: every other cell is kept exactly as it is (its
source, outputs, id and metadata), the result is validated, and there is no exporter
configuration to get wrong. The equivalent nbconvert command, for instructors who prefer
it, is in ``docs/instructors.md``.

:func:`outline` reads a lesson's title, stated time, exercises and solution cells, which
the tests use to check that every stage notebook has exercises and worked solutions.

:func:`check_content` reads an instructor's content folder the way the notebooks will, so
a typo is found before the class rather than during it:

    infoview check-content my-course/
"""

from __future__ import annotations

import argparse
import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "SOLUTION_TAG",
    "Outline",
    "is_solution",
    "outline",
    "strip_solutions",
    "student_version",
    "stage_notebooks",
    "check_content",
    "register_cli",
]

#: Cells whose metadata has this tag hold a worked solution and are left out for learners.
SOLUTION_TAG = "solution"

# A markdown heading that starts an exercise ("## Exercise 1 · Advice, or a job ask?").
_EXERCISE_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(?:Exercise|Challenge)\b[^\n]*", re.IGNORECASE | re.MULTILINE)
# "**Time:** teaching 15 min · exercises 15 min" (also "Time: ..." and "**Time**: ...").
_TIME_LINE = re.compile(r"^\W{0,4}Time\W{0,2}:\W{0,2}\s*([^\n]+)", re.MULTILINE)
_NOTEBOOK_NAME = re.compile(r"^\d\d_.+\.ipynb$")


def is_solution(cell) -> bool:
    """True when a notebook cell is tagged as a worked solution.

    >>> is_solution({"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": ""})
    True
    >>> is_solution({"cell_type": "code", "metadata": {}, "source": ""})
    False
    """
    return SOLUTION_TAG in (cell.get("metadata", {}).get("tags") or [])


def strip_solutions(notebook):
    """A copy of ``notebook`` (an nbformat node) without its solution cells, and how many were removed.

    Only the tagged cells go (with their outputs); every other cell is kept as it is.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("## Exercise 1"),
    ...     nbformat.v4.new_code_cell("answer = ''"),
    ...     nbformat.v4.new_code_cell("answer = 'worked'", metadata={"tags": ["solution"]})])
    >>> student, removed = strip_solutions(nb)
    >>> removed, [c.source for c in student.cells]
    (1, ['## Exercise 1', "answer = ''"])
    """
    student = copy.deepcopy(notebook)
    kept = [cell for cell in student.cells if not is_solution(cell)]
    removed = len(student.cells) - len(kept)
    student.cells = kept
    student.metadata.setdefault("infoview", {})["student_version"] = True
    return student, removed


@dataclass
class Outline:
    """What a lesson notebook contains, as an instructor plans a session around it."""

    path: Path
    title: str
    time: str
    exercises: list[str] = field(default_factory=list)
    solution_cells: int = 0
    code_cells: int = 0

    def summary(self) -> str:
        return (
            f"{self.path.name}: {len(self.exercises)} exercise(s), {self.solution_cells} solution cell(s); "
            f"time: {self.time or 'not stated'}"
        )


def outline(path: str | os.PathLike) -> Outline:
    """Title, stated time, exercise headings and solution-cell count of one notebook."""
    import nbformat

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    title, time_text, exercises = "", "", []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        source = cell.source
        if not title:
            first = next((line for line in source.splitlines() if line.strip()), "")
            title = first.lstrip("#").strip()
        if not time_text:
            found = _TIME_LINE.search(source)
            time_text = found.group(1).strip() if found else ""
        if not is_solution(cell):
            exercises += [m.group(0).lstrip().lstrip("#").strip() for m in _EXERCISE_HEADING.finditer(source)]
    return Outline(
        path=path,
        title=title,
        time=time_text,
        exercises=exercises,
        solution_cells=sum(is_solution(c) for c in notebook.cells),
        code_cells=sum(c.cell_type == "code" for c in notebook.cells),
    )


def _notebooks_dir(notebooks_dir: str | os.PathLike | None) -> Path:
    if notebooks_dir is not None:
        folder = Path(notebooks_dir)
    else:
        from .paths import curriculum_root

        root = curriculum_root()
        if root is None:
            raise FileNotFoundError(
                "Could not find the curriculum's notebooks/ folder; run this from inside the infoview folder "
                "or pass the notebooks folder."
            )
        folder = root / "notebooks"
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of notebooks.")
    return folder


def stage_notebooks(notebooks_dir: str | os.PathLike | None = None) -> list[Path]:
    """The curriculum's lesson notebooks (``NN_name.ipynb``), in order."""
    folder = _notebooks_dir(notebooks_dir)
    return sorted(p for p in folder.glob("*.ipynb") if _NOTEBOOK_NAME.match(p.name))


def student_version(out_dir: str | os.PathLike, notebooks_dir: str | os.PathLike | None = None) -> dict[str, int]:
    """Write every lesson notebook to ``out_dir`` without its solution cells.

    Returns ``{notebook file name: solution cells removed}``. Refuses to write into the
    folder it reads from, so an instructor's solutions are never overwritten.
    """
    import nbformat

    source = _notebooks_dir(notebooks_dir)
    out = Path(out_dir)
    if out.resolve() == source.resolve():
        raise ValueError(
            f"{out} is the folder the notebooks are read from; writing there would delete your solutions. "
            "Choose another folder, e.g. student-notebooks/."
        )
    notebooks = stage_notebooks(source)
    if not notebooks:
        raise FileNotFoundError(f"No lesson notebooks (NN_name.ipynb) in {source}.")
    out.mkdir(parents=True, exist_ok=True)
    removed: dict[str, int] = {}
    for path in notebooks:
        student, count = strip_solutions(nbformat.read(path, as_version=4))
        nbformat.validate(student)
        nbformat.write(student, out / path.name)
        removed[path.name] = count
    return removed


def _validators() -> dict[str, list]:
    """Deeper checks per content file, from the stage modules that read it (those present)."""
    import importlib

    wanted = {
        "outreach_rules.toml": [("infoview.outreach", "load_rules", "env")],
        "templates.toml": [("infoview.outreach", "templates", "dir")],
        "example_messages.toml": [("infoview.outreach", "example_messages", "dir")],
        "questions.csv": [("infoview.prep", "load_question_bank", "dir")],
        "prep.toml": [("infoview.prep", "settings", "dir"), ("infoview.prep", "load_question_bank", "dir")],
        "start.toml": [("infoview.start", "requests_exercise", "dir")],
        "numbers.toml": [("infoview.start", "numbers", "dir")],
        "sourcing.toml": [("infoview.contacts", "rules", "dir")],
        "conversation.toml": [("infoview.conversation", "settings", "dir")],
        "followup.toml": [("infoview.followup", "load_settings", "dir")],
        "outcomes.toml": [("infoview.outcomes", "settings", "dir")],
        "course.toml": [("infoview.exercises", "solutions_policy", "dir")],
        "exercises.toml": [("infoview.exercises", "catalogue", "dir")],
    }
    found: dict[str, list] = {}
    for filename, checks in wanted.items():
        for module_name, function, how in checks:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            if hasattr(module, function):
                found.setdefault(filename, []).append((getattr(module, function), how))
    return found


def check_content(folder: str | os.PathLike) -> list[tuple[str, str, str]]:
    """Read every file of an instructor's content folder as infoview will.

    Returns one ``(file name, "ok" | "error" | "warning", message)`` per file. A file
    infoview does not read (a typo in its name, say) is a warning: it would be ignored.
    """
    from .content import ContentError, default_content_dir, load_csv, load_toml

    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder; give the folder that holds your .toml and .csv files.")
    known = {p.name for p in default_content_dir().iterdir() if p.suffix in (".toml", ".csv")}
    validators = _validators()
    results: list[tuple[str, str, str]] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".toml", ".csv")):
        if path.name not in known:
            results.append(
                (
                    path.name,
                    "warning",
                    f"infoview does not read a file called {path.name}; "
                    f"the content files are: {', '.join(sorted(known))}.",
                )
            )
            continue
        try:
            if path.suffix == ".toml":
                load_toml(path.stem, folder)
            else:
                load_csv(path.stem, content_dir=folder)
            for check, how in validators.get(path.name, []):
                if how == "dir":
                    check(content_dir=folder)
                else:  # this loader reads $INFOVIEW_CONTENT itself
                    saved = os.environ.get("INFOVIEW_CONTENT")
                    os.environ["INFOVIEW_CONTENT"] = str(folder)
                    try:
                        check()
                    finally:
                        if saved is None:
                            os.environ.pop("INFOVIEW_CONTENT", None)
                        else:
                            os.environ["INFOVIEW_CONTENT"] = saved
        except (ContentError, ValueError, KeyError, TypeError) as exc:
            results.append((path.name, "error", str(exc)))
        else:
            how_used = (
                "merged over the default: tables key by key, a list replaces the default list"
                if path.suffix == ".toml"
                else "replaces the default table whole"
            )
            results.append((path.name, "ok", f"reads correctly ({how_used})."))
    if not results:
        results.append((str(folder), "warning", "no .toml or .csv files here, so every default applies."))
    return results


def _cmd_check_content(args: argparse.Namespace) -> int:
    results = check_content(args.folder)
    for name, status, message in results:
        print(f"{status.upper():8} {name}: {message}")
    errors = sum(status == "error" for _, status, _ in results)
    print(f"{errors} file(s) with errors." if errors else "Your content folder is ready: set INFOVIEW_CONTENT to it.")
    return 1 if errors else 0


def _cmd_student_version(args: argparse.Namespace) -> int:
    removed = student_version(args.out_dir, args.notebooks)
    for name, count in removed.items():
        print(f"{name}: {count} solution cell(s) removed")
    print(f"Wrote {len(removed)} student notebook(s) to {args.out_dir}; share that folder with your learners.")
    return 0


def register_cli(sub) -> None:
    p = sub.add_parser(
        "student-version",
        help="write the notebooks without their worked solutions (cells tagged 'solution'), for learners",
    )
    p.add_argument("out_dir", metavar="OUT_DIR", help="folder to write the student notebooks to (created if needed)")
    p.add_argument("--notebooks", metavar="DIR", help="the instructor's notebooks folder (default: notebooks/)")
    p.set_defaults(func=_cmd_student_version)

    p = sub.add_parser(
        "check-content",
        help="read an instructor's content folder as the notebooks will, and name any file or line with a problem",
    )
    p.add_argument("folder", metavar="DIR", help="your content folder (the one INFOVIEW_CONTENT will point to)")
    p.set_defaults(func=_cmd_check_content)
