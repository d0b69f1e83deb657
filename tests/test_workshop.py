"""Student versions (solutions removed) and the exercise/solution structure of every lesson."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from infoview import cli, workshop

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = workshop.stage_notebooks(ROOT / "notebooks")
STAGE_NOTEBOOKS = [p for p in NOTEBOOKS if p.name[:2] in {"01", "02", "03", "04", "05", "06"}]
SAMPLE_TODAY = "2026-03-16"


def _ids(paths):
    return [p.stem for p in paths]


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    workshop.student_version(out, ROOT / "notebooks")
    return out


def _nb(cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


# ---------------------------------------------------------------- the library, on hand-built notebooks


def test_strip_solutions_removes_only_tagged_cells_and_keeps_the_rest_as_they_are():
    exercise = nbformat.v4.new_code_cell("answer = ''", execution_count=3)
    exercise.outputs = [nbformat.v4.new_output("stream", name="stdout", text="Still missing: an answer\n")]
    solution = nbformat.v4.new_code_cell("answer = 'worked'", metadata={"tags": ["solution", "x"]}, execution_count=4)
    solution.outputs = [nbformat.v4.new_output("stream", name="stdout", text="All correct\n")]
    prose = nbformat.v4.new_markdown_cell("Worked answer", metadata={"tags": ["solution"]})
    other_tag = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solutions-hint"]})
    nb = _nb([nbformat.v4.new_markdown_cell("## Exercise 1"), exercise, solution, prose, other_tag])

    student, removed = workshop.strip_solutions(nb)

    assert removed == 2
    assert [c.source for c in student.cells] == ["## Exercise 1", "answer = ''", "x = 1"]
    # The exercise keeps its stored output and count; the original notebook is untouched.
    assert student.cells[1].outputs[0]["text"] == "Still missing: an answer\n"
    assert student.cells[1].execution_count == 3
    assert len(nb.cells) == 5
    assert student.metadata["infoview"]["student_version"] is True
    nbformat.validate(student)


def test_outline_counts_exercises_and_solutions_and_reads_the_time():
    nb = _nb(
        [
            nbformat.v4.new_markdown_cell("# 9 · A lesson\n\n**Time:** teaching 20 min · exercises 40 min"),
            nbformat.v4.new_markdown_cell("## Exercise 1 · Spot the job ask\n\ntext\n\n### Exercise 2: rewrite"),
            nbformat.v4.new_markdown_cell("Not an exercise: see Exercise 3 later"),
            nbformat.v4.new_markdown_cell("## Exercise 9 (solution prose)", metadata={"tags": ["solution"]}),
            nbformat.v4.new_code_cell("check()", metadata={"tags": ["solution"]}),
        ]
    )
    out = workshop.outline(_write(nb))
    assert out.title == "9 · A lesson"
    assert out.time == "teaching 20 min · exercises 40 min"
    assert out.exercises == ["Exercise 1 · Spot the job ask", "Exercise 2: rewrite"]
    assert out.solution_cells == 2
    assert "2 exercise(s), 2 solution cell(s)" in out.summary()


def _write(nb, folder=None) -> Path:
    import tempfile

    folder = Path(folder or tempfile.mkdtemp(prefix="infoview-outline-"))
    path = folder / "09_lesson.ipynb"
    nbformat.write(nb, path)
    return path


def test_student_version_refuses_to_overwrite_the_instructors_notebooks(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    _write(_nb([nbformat.v4.new_code_cell("1", metadata={"tags": ["solution"]})]), source)
    with pytest.raises(ValueError, match="delete your solutions"):
        workshop.student_version(source, source)
    assert workshop.is_solution(nbformat.read(source / "09_lesson.ipynb", 4).cells[0])


def test_student_version_says_so_when_there_are_no_notebooks(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="No lesson notebooks"):
        workshop.student_version(tmp_path / "out", tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="not a folder"):
        workshop.student_version(tmp_path / "out", tmp_path / "missing")


def test_cli_student_version_writes_and_reports(tmp_path, capsys):
    source = tmp_path / "notebooks"
    source.mkdir()
    _write(
        _nb([nbformat.v4.new_code_cell("a = 1"), nbformat.v4.new_code_cell("2", metadata={"tags": ["solution"]})]),
        source,
    )

    assert cli.main(["student-version", str(tmp_path / "out"), "--notebooks", str(source)]) == 0
    printed = capsys.readouterr().out
    assert "09_lesson.ipynb: 1 solution cell(s) removed" in printed
    assert "Wrote 1 student notebook(s)" in printed
    assert [c.source for c in nbformat.read(tmp_path / "out" / "09_lesson.ipynb", 4).cells] == ["a = 1"]

    assert cli.main(["student-version", str(source), "--notebooks", str(source)]) == 2
    assert "delete your solutions" in capsys.readouterr().err


# ---------------------------------------------------------------- the curriculum's own notebooks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_solution_cell_survives_in_the_student_version(path, student_dir):
    original = nbformat.read(path, as_version=4)
    student = nbformat.read(student_dir / path.name, as_version=4)
    solutions = [c for c in original.cells if workshop.is_solution(c)]
    assert not any(workshop.is_solution(c) for c in student.cells)
    assert len(student.cells) == len(original.cells) - len(solutions)
    kept_sources = [c.source for c in student.cells]
    for cell in solutions:
        assert cell.source not in kept_sources, f"a solution's text survives in {path.name}: {cell.source[:80]!r}"
    # Everything else is kept as it was, outputs included.
    assert kept_sources == [c.source for c in original.cells if not workshop.is_solution(c)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_worked_solution_prose_is_tagged_so_it_is_removed_too(path):
    untagged = [
        i
        for i, c in enumerate(nbformat.read(path, as_version=4).cells)
        if "worked solution" in c.source.lower() and not workshop.is_solution(c)
    ]
    assert not untagged, (
        f"{path.name}: cell(s) {untagged} say 'worked solution' but are not tagged 'solution', "
        "so the student version would still show them"
    )


#: The lessons between the stages (01b, 03b, 04b, 04c: issue 15) are not in exercises.toml's catalogue;
#: their exercises are the situation widgets, with a worked solution in a cell tagged 'solution'.
MAIN_STAGE_NOTEBOOKS = [p for p in STAGE_NOTEBOOKS if p.name[2] == "_"]
SUB_LESSONS = [p for p in STAGE_NOTEBOOKS if p.name[2] != "_"]


@pytest.mark.parametrize("path", SUB_LESSONS, ids=_ids(SUB_LESSONS))
def test_each_lesson_between_the_stages_has_two_exercises_and_no_answer_before_a_try(path):
    """As in the stages: a good answer is shown by the exercise's widget after a try
    (infoview.views.situations), never in a cell a learner can open first."""
    out = workshop.outline(path)
    assert len(out.exercises) >= 2, (
        f"{path.name} needs at least two exercises (markdown headings 'Exercise ...'): {out.exercises}"
    )
    assert out.solution_cells == 0, f"{path.name}: a solution cell would show the answer before a try"
    assert out.time, f"{path.name} should state its time (teaching / exercises minutes) at the top"


@pytest.mark.parametrize("path", MAIN_STAGE_NOTEBOOKS, ids=_ids(MAIN_STAGE_NOTEBOOKS))
def test_each_stage_has_two_exercise_widgets_with_worked_answers_in_the_content(path):
    """Worked answers are content (exercises.toml) the widget shows after a try, not notebook cells."""
    from infoview import exercises

    out = workshop.outline(path)
    assert len(out.exercises) >= 2, (
        f"{path.name} needs at least two exercises (markdown headings 'Exercise ...'): {out.exercises}"
    )
    ids = [e["id"] for e in exercises.stage_exercises(int(path.name[:2]))]
    assert len(ids) == len(out.exercises), (ids, out.exercises)
    code = "\n".join(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code")
    for eid in ids:
        assert f'exercise("{eid}")' in code, f"{path.name} does not show exercise {eid!r} as a widget"
        assert exercises.worked_answer(eid), f"exercise {eid!r} has no worked answer in exercises.toml"
    assert out.solution_cells == 0, f"{path.name}: a solution cell would show the answer before a try"
    assert out.time, f"{path.name} should state its time (teaching / exercises minutes) at the top"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_worked_answer_or_verdict_is_visible_before_a_try(path):
    from infoview import exercises

    nb = nbformat.read(path, 4)
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells])
    shown = "\n".join(c.source for c in nb.cells) + outputs
    for e in exercises.catalogue():
        telling = max(e["worked_answer"].splitlines(), key=len)[:70]  # its most distinctive line
        assert telling not in shown, f"{path.name} shows the worked answer of {e['id']!r}"
    assert "worked solution" not in shown.lower()
    for verdict in ("All correct", "Correct!", "Ready to send: no errors", "All problems spotted", "Right."):
        assert verdict not in outputs, f"{path.name} shows a solution verdict ({verdict!r})"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_student_notebooks_run_top_to_bottom_with_blank_exercises(path, student_dir, tmp_path, monkeypatch):
    """With the solutions gone the exercises are blank: they must give feedback, not errors."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    monkeypatch.setenv("INFOVIEW_DB", str(tmp_path / "fresh-tracker.sqlite"))
    monkeypatch.setenv("INFOVIEW_TODAY", SAMPLE_TODAY)
    nb = nbformat.read(student_dir / path.name, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(student_dir)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        # infoview shows tracker, content and NameErrors as one sentence (infoview/_notebook.py): quote it.
        plain = [
            o["data"]["text/html"]
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if 'role="alert"' in str(o.get("data", {}).get("text/html", ""))
        ]
        pytest.fail(f"the student version of {path.name} stops with an error: {str(exc)[-1500:]} {plain}")
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    stderr = [
        o.text
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "stream" and o.name == "stderr"
    ]
    assert not any("Traceback" in t for t in stderr), stderr
    # Every exercise, left blank, still shows something: feedback or the tool to answer with.
    silent = [title for title, outputs in _exercise_sections(nb) if not outputs]
    assert not silent, f"{path.name}: these exercises show nothing when left blank: {silent}"


def _exercise_sections(nb):
    """(exercise heading, outputs of the code cells under it) for each exercise in a notebook."""
    import re

    sections, current = [], None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.match(r"\s{0,3}#{1,6}\s", cell.source):
            heading = cell.source.lstrip().splitlines()[0].lstrip("#").strip()
            current = [heading, []] if re.match(r"(Exercise|Challenge)\b", heading, re.I) else None
            if current is not None:
                sections.append(current)
        elif cell.cell_type == "code" and current is not None:
            current[1].extend(cell.get("outputs", []))
    return [tuple(s) for s in sections]


def test_all_six_stage_notebooks_are_there():
    # a stage may have lessons after it (03b_, 04c_): each stage number once
    stages = sorted({p.name[:2] for p in STAGE_NOTEBOOKS})
    assert stages == ["01", "02", "03", "04", "05", "06"], f"stage notebooks found: {stages}"


def test_the_start_page_lists_every_lesson_and_each_links_to_the_next():
    """exercises.toml lists every lesson notebook in order: the stages, the lessons between them
    (01b, 03b, 04b, 04c, by their ids "1b"...) and the glossary (a page without exercises). The
    start page links each; each ends with a link to the next and shows its own progress."""
    import re

    from infoview import exercises

    lessons = exercises.stages()
    names = [s["notebook"] for s in lessons]
    assert names == [p.name for p in NOTEBOOKS]
    assert [s["id"] for s in lessons if s["kind"] == "lesson"] == ["1b", "3b", "4b", "4c"]
    start = nbformat.read(ROOT / "notebooks" / names[0], 4)
    start_md = "\n".join(c.source for c in start.cells if c.cell_type == "markdown")
    for name in names[1:]:
        assert f"]({name})" in start_md, f"the start page does not link {name}"
    assert any("ProgressPanel()" in c.source for c in start.cells if c.cell_type == "code")
    for i, lesson in enumerate(lessons):
        name = lesson["notebook"]
        nb = nbformat.read(ROOT / "notebooks" / name, 4)
        last = nb.cells[-1]
        target = names[i + 1] if i + 1 < len(names) else names[0]
        assert last.cell_type == "markdown" and re.search(rf"\]\({re.escape(target)}\)", last.source), (
            name,
            last.source,
        )
        if lesson["kind"] != "page":
            want = f"ProgressPanel(stage={lesson['stage']!r})".replace("'", '"')  # stage=2, stage="1b"
            assert any(want in c.source for c in nb.cells), name


def test_every_exercise_of_a_lesson_between_the_stages_is_shown_by_its_notebook():
    """The lessons' exercises are catalogue exercises: the awkward moments through WhatWouldYouSay(lesson),
    the introduction and the update through their tools; each notebook shows the tools for all of them."""
    from infoview import exercises, situations

    shows = {
        "introduction": "IntroductionBuilder()",
        "keep_in_touch": "KeepInTouchDrafter()",
    }
    for lesson in (s for s in exercises.stages() if s["kind"] == "lesson"):
        code = "\n".join(
            c.source for c in nbformat.read(ROOT / "notebooks" / lesson["notebook"], 4).cells if c.cell_type == "code"
        )
        for e in exercises.stage_exercises(lesson["id"]):
            if e["id"].startswith("moment_"):
                scenario = next(s for s in situations.scenarios() if f"moment_{s.id}" == e["id"])
                assert f'WhatWouldYouSay("{scenario.lesson}")' in code, (lesson["notebook"], e["id"])
            else:
                assert shows[e["id"]] in code, (lesson["notebook"], e["id"])
