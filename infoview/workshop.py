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

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    business_days,
    contacts,
    conversation,
    course_exercises,
    exercises,
    followup,
    glossary,
    handin,
    outcomes,
    outreach,
    prep,
    privacy,
    roleplay,
    situations,
    start,
)
from .content import check_folder
from .paths import curriculum_root

__all__ = [
    "SOLUTION_TAG",
    "Outline",
    "is_solution",
    "outline",
    "strip_solutions",
    "student_version",
    "student_notebooks",
    "stage_notebooks",
    "check_content",
    "content_checks",
]

#: Cells whose metadata has this tag hold a worked solution and are left out for learners.
SOLUTION_TAG = "solution"

# A markdown heading that starts an exercise ("## Exercise 1 · Advice, or a job ask?").
_EXERCISE_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(?:Exercise|Challenge)\b[^\n]*", re.IGNORECASE | re.MULTILINE)
# "**Time:** teaching 15 min · exercises 15 min" (also "Time: ..." and "**Time**: ...").
_TIME_LINE = re.compile(r"^\W{0,4}Time\W{0,2}:\W{0,2}\s*([^\n]+)", re.MULTILINE)
# ``NN_name`` for a stage, ``NNb_name`` for a lesson that sits after stage NN (03b_..., 04c_...).
_NOTEBOOK_NAME = re.compile(r"^\d\d[a-z]?_.+\.ipynb$")


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

    source = _notebooks_dir(notebooks_dir)
    out = Path(out_dir)
    if out.resolve() == source.resolve():
        raise ValueError(
            f"{out} is the folder the notebooks are read from; writing there would delete your solutions. "
            "Choose another folder, e.g. student-notebooks/."
        )
    versions = student_notebooks(source)
    out.mkdir(parents=True, exist_ok=True)
    removed: dict[str, int] = {}
    for name, text, count in versions:
        (out / name).write_text(text, encoding="utf-8")
        removed[name] = count
    return removed


def student_notebooks(notebooks_dir: str | os.PathLike | None = None) -> list[tuple[str, str, int]]:
    """Every lesson notebook without its solution cells: (file name, the notebook's text as
    ``nbformat.write`` would save it, solution cells removed). What :func:`student_version` writes
    and the instructor's console zips, so the two are the same bytes."""
    import nbformat

    source = _notebooks_dir(notebooks_dir)
    notebooks = stage_notebooks(source)
    if not notebooks:
        raise FileNotFoundError(f"No lesson notebooks (NN_name.ipynb) in {source}.")
    versions = []
    for path in notebooks:
        student, count = strip_solutions(nbformat.read(path, as_version=4))
        nbformat.validate(student)
        text = nbformat.writes(student)
        versions.append((path.name, text if text.endswith("\n") else text + "\n", count))
    return versions


def content_checks() -> dict[str, list]:
    """The loaders that check each content file more deeply than its syntax, by file name."""
    return {
        "outreach_rules.toml": [outreach.load_rules],
        "templates.toml": [outreach.templates],
        "example_messages.toml": [outreach.example_messages, course_exercises.check_content],
        "questions.csv": [prep.load_question_bank],
        "prep.toml": [prep.load_settings, prep.load_question_bank],
        "start.toml": [start.requests_exercise, course_exercises.check_content],
        "numbers.toml": [start.numbers, course_exercises.check_content],
        "sourcing.toml": [contacts.load_settings, course_exercises.check_content],
        "conversation.toml": [conversation.load_settings, course_exercises.check_content],
        "followup.toml": [followup.load_settings],
        "outcomes.toml": [outcomes.load_settings],
        "calendar.toml": [business_days.holidays],
        "situations.toml": [situations.load_situations, situations.intro_word_limit, situations.finding_checklist],
        "roleplay.toml": [roleplay.cards, roleplay.rubric, roleplay.round_seconds],
        "glossary.toml": [glossary.terms],
        "privacy.toml": [privacy.privacy_note, handin.share_texts],
        "course.toml": [exercises.solutions_policy],
        "exercises.toml": [course_exercises.check_content],
        "awkward_moments.toml": [situations.scenarios, course_exercises.check_content],
    }


def check_content(folder: str | os.PathLike) -> list[tuple[str, str, str]]:
    """Read every file of an instructor's content folder as infoview will (:func:`infoview.content.check_folder`).

    Returns one ``(file name, "ok" | "error" | "warning", message)`` per file. A file
    infoview does not read (a typo in its name, say) is a warning: it would be ignored.
    """
    return check_folder(folder, content_checks())
