"""The instructor's console as a library (infoview.instructor): preview, student versions, class report, new folder."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview import instructor, workshop
from infoview.summary_schema import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
COHORT = sorted((ROOT / "data" / "sample" / "cohort").glob("*.json"))
EXAMPLE = ROOT / "docs" / "examples" / "career-changers"


def _sample_uploads() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in COHORT]


def _zip(members: dict[str, bytes]) -> bytes:
    """A zip holding ``members`` by their exact names, NUL bytes included: a crafted zip can hold
    any name (``ZipInfo(name)`` would cut it at the NUL, and on Python 3.11 an empty name fails)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo("member")
            info.filename = name
            archive.writestr(info, data)
    return buffer.getvalue()


@pytest.fixture
def course(tmp_path) -> Path:
    """A content folder with one overridden file, one broken file, a misspelt one and a note."""
    folder = tmp_path / "my-course"
    folder.mkdir()
    (folder / "outreach_rules.toml").write_text("[length]\nmax_words = 90\n", encoding="utf-8")
    (folder / "followup.toml").write_text('[thank_you]\nwithin_hours = "soon"\n', encoding="utf-8")
    (folder / "outreach_rule.toml").write_text("x = 1\n", encoding="utf-8")
    (folder / "notes.txt").write_text("for me\n", encoding="utf-8")
    return folder


# ------------------------------------------------------------------ preview
def test_preview_names_the_overridden_key_and_the_broken_file_and_key(course):
    followup = (ROOT / "data" / "content" / "followup.toml").read_text()
    assert "[thank_you]" in followup and "within_hours" in followup, "the fixture's broken key must be a real one"

    preview = instructor.preview_content(course)

    rules = preview.file("outreach_rules.toml")
    assert (rules.kind, rules.status) == ("toml", "ok")
    assert [(c.key, c.default, c.value) for c in rules.overridden] == [("length.max_words", 75, 90)]
    assert rules.overridden[0].text == "length.max_words: 75 → 90"
    broken = preview.file("followup.toml")
    assert broken.status == "error" and not broken.changes_something
    problem = next(p for p in preview.problems if p.startswith("followup.toml"))
    assert "thank_you.within_hours" in problem and "a number" in problem
    assert str(course) not in problem, "the sentence names the file, not the instructor's whole path"
    assert problem.endswith(".") and problem.count("\n") == 0
    misspelt = preview.file("outreach_rule.toml")
    assert (misspelt.kind, misspelt.status) == ("unknown", "warning")
    assert any(p.startswith("outreach_rule.toml: infoview does not read") for p in preview.problems)
    assert preview.file("notes.txt").kind == "other" and preview.file("notes.txt").status == "ignored"
    assert len(preview.problems) == 2
    # The course it makes: every stage with its exercises, even with a broken follow-up file.
    # The stages and the lessons between them (issue 17a: lessons by id); each has its exercises but the
    # role-play (practice with a partner, scored in its rubric) and the glossary (a page).
    assert [s["stage"] for s in preview.stages] == [0, 1, "1b", 2, 3, "3b", 4, "4b", "4c", 5, 6, "glossary"]
    assert [s["id"] for s in preview.stages if not s["exercises"]] == ["4c", "glossary"]


def test_preview_of_the_worked_example_lists_entries_changed_added_and_left_out():
    preview = instructor.preview_content(EXAMPLE)
    assert preview.problems == []
    assert preview.file("templates.toml").added == ["template.bridge"]
    start = preview.file("start.toml")
    assert any(c.key == "request[r1].text" for c in start.overridden)
    questions = preview.file("questions.csv")
    assert {"id cc01", "id cc06"} <= set(questions.added)
    assert questions.removed, "the example drops the student and veteran questions"
    assert any(c.key.startswith("id ") and c.key.endswith(": tags") for c in questions.overridden)
    assert preview.file("README.md").status == "ignored"


def test_preview_of_a_syntax_error_says_where(tmp_path):
    (tmp_path / "course.toml").write_text('[course]\nname = "unclosed\n', encoding="utf-8")
    preview = instructor.preview_content(tmp_path)
    assert len(preview.problems) == 1
    assert preview.problems[0].startswith("course.toml: ") and "line 2" in preview.problems[0]


def test_preview_of_an_empty_folder_and_of_a_missing_one(tmp_path):
    preview = instructor.preview_content(tmp_path)
    assert preview.files == [] and len(preview.problems) == 1 and "every default applies" in preview.problems[0]
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        instructor.preview_content(tmp_path / "nowhere")


def test_a_broken_exercises_file_is_a_problem_and_leaves_the_course_empty(tmp_path):
    (tmp_path / "exercises.toml").write_text("[[exercise]]\ntitle = 'no id'\n", encoding="utf-8")
    preview = instructor.preview_content(tmp_path)
    assert preview.stages == []
    assert len([p for p in preview.problems if p.startswith("exercises.toml")]) == 1


# ------------------------------------------------------------------ new content folder
def test_a_new_folder_is_a_copy_of_the_defaults_that_changes_nothing(tmp_path):
    target = tmp_path / "class-a"
    written = instructor.new_content_folder(target)
    assert written == instructor.content_files()
    for name in written:
        assert (target / name).read_bytes() == (ROOT / "data" / "content" / name).read_bytes()
    preview = instructor.preview_content(target)
    assert preview.problems == []
    assert not any(f.changes_something for f in preview.files)


def test_a_new_folder_with_the_example_carries_its_changes(tmp_path):
    target = tmp_path / "changers"
    instructor.new_content_folder(target, with_example=True)
    assert (target / "course.toml").read_text() == (EXAMPLE / "course.toml").read_text()
    preview = instructor.preview_content(target)
    assert preview.problems == []
    assert [c.value for c in preview.file("outreach_rules.toml").overridden if c.key == "length.max_words"] == [100]
    assert preview.file("prep.toml").changes_something is False


def test_a_new_folder_never_overwrites(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "course.toml").write_text("# mine\n")
    with pytest.raises(ValueError, match="already holds files"):
        instructor.new_content_folder(tmp_path / "taken")
    assert (tmp_path / "taken" / "course.toml").read_text() == "# mine\n"
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ValueError, match="is a file"):
        instructor.new_content_folder(tmp_path / "a-file")
    (tmp_path / "empty").mkdir()
    assert instructor.new_content_folder(tmp_path / "empty")


def test_content_folders_finds_new_folders_and_the_example_but_not_the_defaults(tmp_path):
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "data").symlink_to(ROOT / "data", target_is_directory=True)
    (root / "docs" / "examples").mkdir(parents=True)
    (root / "docs" / "examples" / "career-changers").symlink_to(EXAMPLE, target_is_directory=True)
    instructor.new_content_folder(root / "my-course")
    instructor.new_content_folder(root / "terms" / "spring")
    (root / "unrelated").mkdir()
    (root / "unrelated" / "x.txt").write_text("x")
    found = [p.relative_to(root).as_posix() for p in instructor.content_folders(root)]
    assert found == ["my-course", "terms/spring", "docs/examples/career-changers"]


def test_a_content_folder_goes_to_a_zip_and_back(tmp_path):
    instructor.new_content_folder(tmp_path / "mine", with_example=True)
    data = instructor.content_zip(tmp_path / "mine")
    folder, left_out = instructor.unpack_content_zip(data, "mine.zip", tmp_path / "uploads")
    assert left_out == []
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in (tmp_path / "mine").iterdir())
    again, _ = instructor.unpack_content_zip(data, "mine.zip", tmp_path / "uploads")
    assert again != folder and again.name == "mine-2", "an earlier upload is never written over"


def test_an_uploaded_content_zip_cannot_write_outside_its_folder(tmp_path):
    data = _zip(
        {
            "../evil.toml": b"x = 1\n",
            "sub/deeper/questions.csv": b"id\n",
            "course.toml": b"[course]\nname = 'Mine'\n",
            "__MACOSX/._course.toml": b"\x00",
        }
    )
    folder, left_out = instructor.unpack_content_zip(data, "../../x<y>.zip", tmp_path / "uploads")
    assert folder.parent == tmp_path / "uploads" and ".." not in folder.name and "<" not in folder.name
    assert [p.name for p in folder.iterdir()] == ["course.toml"]
    assert not (tmp_path / "evil.toml").exists() and not (tmp_path / "uploads" / "evil.toml").exists()
    assert len(left_out) == 2 and all("was left out" in s for s in left_out)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"plain text", "is not a readable zip file"), (_zip({"sub/a/b.toml": b""}), "holds no files to preview")],
)
def test_a_bad_content_zip_gets_one_sentence(tmp_path, data, message):
    with pytest.raises(ValueError, match=message):
        instructor.unpack_content_zip(data, "c.zip", tmp_path / "uploads")
    assert not (tmp_path / "uploads").exists() or not list((tmp_path / "uploads").iterdir())


# ------------------------------------------------------------------ student versions
def test_student_versions_zip_holds_the_same_notebooks_as_the_command(tmp_path):
    data, removed = instructor.student_versions_zip(ROOT / "notebooks")
    workshop.student_version(tmp_path / "out", ROOT / "notebooks")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == [f"student-notebooks/{p.name}" for p in workshop.stage_notebooks(ROOT / "notebooks")]
        for name in names:
            assert archive.read(name) == (tmp_path / "out" / Path(name).name).read_bytes()
    assert set(removed) == {Path(n).name for n in names}
    assert not any("instructor" in n for n in names), "the instructor's console is not handed to learners"


def test_student_versions_zip_leaves_out_solution_cells(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("## Exercise 1"),
            nbformat.v4.new_code_cell("answer = 'worked'", metadata={"tags": ["solution"]}),
        ]
    )
    nbformat.write(nb, tmp_path / "01_lesson.ipynb")
    nbformat.write(nb, tmp_path / "not_a_lesson.ipynb")
    data, removed = instructor.student_versions_zip(tmp_path)
    assert removed == {"01_lesson.ipynb": 1}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        student = nbformat.reads(archive.read("student-notebooks/01_lesson.ipynb").decode(), as_version=4)
    assert [c.source for c in student.cells] == ["## Exercise 1"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="No lesson notebooks"):
        instructor.student_versions_zip(tmp_path / "empty")


# ------------------------------------------------------------------ the class report
def _with_progress(raw: bytes, i: int) -> bytes:
    """A sample summary with exercise counts (the committed sample predates them): learner i solved
    both of stage 0's exercises when i is even, tried one when i % 3 == 1."""
    data = json.loads(raw)
    data["exercises"] = {
        "0": {
            "exercises": 2,
            "tried": 2 if i % 2 == 0 else int(i % 3 == 1),
            "solved": 2 if i % 2 == 0 else 0,
            "revealed": int(i % 5 == 0),
        }
    }
    return json.dumps(data).encode()


def test_the_class_report_from_40_uploads_and_two_bad_files():
    uploads = [(n, _with_progress(raw, i)) for i, (n, raw) in enumerate(_sample_uploads())]
    uploads += [("notes.txt", b"Dear instructor, here is my summary"), ("empty.json", b"")]
    report = instructor.class_report(uploads)
    assert report.learners == 40
    assert [name for name, _ in report.skipped] == ["notes.txt", "empty.json"]
    assert report.skipped_sentences()[0] == "notes.txt was skipped: not valid JSON (line 1: Expecting value)."
    row = report.completion[0]
    assert (row["stage"], row["title"], row["learners"]) == (0, "Start here", 40)
    assert row["all_solved"] == 20 and row["tried"] == 20 + sum(1 for i in range(40) if i % 2 and i % 3 == 1)
    assert row["revealed"] == 8
    assert report.completion_sentences()[0] == (
        f"Stage 0 (Start here): 20 of 40 learners solved all 2 exercises, {row['tried']} tried at least one, "
        "8 opened a worked answer."
    )
    assert "40 learner summaries; 2 file(s) skipped" in report.html
    assert "notes.txt" in report.html and "<h2>Exercises completed per stage</h2>" in report.html


def test_the_class_report_from_a_collected_folder():
    report = instructor.class_report(COHORT[0].parent)
    assert (report.learners, report.skipped) == (40, [])
    # The sample summaries carry synthetic exercise progress (cohort.sample_exercise_counts): a row
    # per lesson in course order, each counting all 40 learners, and a sentence per lesson.
    summaries = [json.loads(p.read_bytes()) for p in COHORT]
    assert [str(r["stage"]) for r in report.completion] == list(summaries[0]["exercises"])
    for row in report.completion:
        key = str(row["stage"])
        assert row["learners"] == 40
        assert row["tried"] == sum(s["exercises"][key]["tried"] > 0 for s in summaries)
        assert row["all_solved"] == sum(
            s["exercises"][key]["exercises"] > 0 and s["exercises"][key]["solved"] == s["exercises"][key]["exercises"]
            for s in summaries
        )
    sentences = report.completion_sentences()
    assert sentences[0].startswith("Stage 0 (Start here): ") and "of 40 learners solved all 2 exercises" in sentences[0]
    assert "Lesson 4c (Role-play in pairs): no exercises to count." in sentences
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        instructor.class_report(COHORT[0].parent / "nowhere")


def test_no_files_is_one_sentence():
    with pytest.raises(ValueError, match="No files were chosen"):
        instructor.class_report([])


def _summary(**changes) -> dict:
    data = json.loads(COHORT[0].read_bytes())
    data.update(changes)
    return data


BAD_UPLOADS = [
    ("text.json", b"hello", "not valid JSON (line 1: Expecting value)"),
    ("latin1.json", '{"é": 1}'.encode("latin-1"), "not UTF-8 text"),
    ("huge.json", b" " * (MAX_FILE_BYTES + 1), f"it is {MAX_FILE_BYTES + 1:,} bytes, larger than any summary"),
    ("deep.json", b"[" * 50 + b"]" * 50, "it is nested 50 levels deep"),
    ("list.json", b"[1, 2]", "not a summary (the JSON is not an object)"),
    ("other.json", json.dumps({"schema": "someone-else/2"}).encode(), "not an infoview outcomes summary"),
    ("shape.json", json.dumps(_summary(meetings="three")).encode(), 'meetings is "three", not a whole number'),
    ("extra.json", json.dumps(_summary(name="Ada")).encode(), "has a key a summary does not have ('name')"),
    ("bad.zip", b"PK\x03\x04 but broken", "it is not a readable zip file"),
    ("nested.zip", _zip({"inner.zip": _zip({"a.json": b"{}"})}), "a zip inside a zip"),
]


@pytest.mark.parametrize(("name", "raw", "why"), BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS])
def test_each_kind_of_bad_upload_gets_its_one_sentence(name, raw, why):
    usable, skipped = instructor.read_uploads([(name, raw), (COHORT[1].name, COHORT[1].read_bytes())])
    assert len(usable) == 1
    assert len(skipped) == 1
    skipped_name, reason = skipped[0]
    assert skipped_name.startswith(name)
    assert why in reason
    assert "\n" not in reason and "Traceback" not in reason


def test_duplicates_count_once_and_an_older_export_is_named():
    raw = COHORT[0].read_bytes()
    older = json.loads(raw)
    older["as_of"] = "2026-03-01"
    older["weekly_messages"] = [w for w in older["weekly_messages"] if w["week"] <= "2026-03-01"]
    report = instructor.class_report([("a.json", raw), ("a (1).json", raw), ("old.json", json.dumps(older).encode())])
    assert report.learners == 1
    assert dict(report.skipped) == {
        "a (1).json": "the same file as a.json, uploaded twice (counted once)",
        "old.json": f"an older export of learner {older['learner_id']} (a.json, dated {json.loads(raw)['as_of']}, is used)",
    }


def test_a_zip_of_summaries_is_read_member_by_member():
    members = {f"summaries/{p.name}": p.read_bytes() for p in COHORT[:5]}
    members["summaries/readme.txt"] = b"hand-in"
    members["__MACOSX/summaries/._x.json"] = b"\x00\x05"
    members["summaries/.hidden.json"] = b"x"
    report = instructor.class_report([("class.zip", _zip(members))])
    assert report.learners == 5
    assert report.skipped == [("class.zip/summaries/readme.txt", "not valid JSON (line 1: Expecting value)")]


def _locked(data: bytes) -> bytes:
    """A zip whose members say they are encrypted (bit 0 of the flags, in the local and central headers)."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        while at != -1:
            raw[at + offset] |= 0x1
            at = raw.find(signature, at + 4)
    return bytes(raw)


def test_a_password_protected_or_oversized_zip_member_is_skipped_unread():
    locked = _locked(_zip({"locked.json": COHORT[0].read_bytes()}))
    usable, skipped = instructor.read_uploads([("l.zip", locked)])
    assert usable == [] and skipped == [
        ("l.zip/locked.json", "it is protected by a password; zip the summaries without one")
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.json", b" " * (MAX_FILE_BYTES + 10))
    usable, skipped = instructor.read_uploads([("z.zip", buffer.getvalue())])
    assert usable == []
    assert dict(skipped)["z.zip/big.json"].startswith(f"it is {MAX_FILE_BYTES + 10:,} bytes")


def test_upload_limits_on_count_and_total_size(monkeypatch):
    monkeypatch.setattr(instructor, "MAX_UPLOAD_FILES", 3)
    usable, skipped = instructor.read_uploads(_sample_uploads()[:5])
    assert (
        len(usable) == 3
        and [why for _, why in skipped] == ["more than 3 files at once; upload the rest separately"] * 2
    )
    monkeypatch.setattr(instructor, "MAX_UPLOAD_FILES", 1000)
    monkeypatch.setattr(instructor, "MAX_UPLOAD_BYTES", 10_000)
    usable, skipped = instructor.read_uploads(_sample_uploads()[:10])
    assert 0 < len(usable) < 10 and all("over" in why and "MB" in why for _, why in skipped)


def test_a_hostile_file_name_is_escaped_in_the_report():
    name = '<img src=x onerror="alert(1)">.json'
    report = instructor.class_report([(name, b"nope"), (COHORT[0].name, COHORT[0].read_bytes())])
    assert report.skipped[0][0] == name
    assert "<img src=x" not in report.html and "&lt;img src=x" in report.html


# ------------------------------------------------------------------ the console notebook
CONSOLE = ROOT / "notebooks" / "instructor" / "instructor_console.ipynb"


def test_the_console_notebook_is_outside_the_learners_sequence():
    from infoview.exercises import stages

    assert CONSOLE.is_file()
    assert CONSOLE not in workshop.stage_notebooks(ROOT / "notebooks")
    assert CONSOLE.name not in {s["notebook"] for s in stages()}
    start_page = (ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert "instructor_console" not in start_page


def test_the_console_notebook_has_one_short_cell_per_tool():
    nb = nbformat.read(CONSOLE, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    tools = ["ContentFolderStarter", "ContentPreviewer", "StudentVersionMaker", "ClassReportBuilder"]
    assert [next(t for t in tools if t in source) for source in code] == tools
    assert all(len(source.strip().splitlines()) <= 3 for source in code)
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code"), "committed executed"


# ------------------------------------------------------------------ any bytes, any names


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=200), st.binary(max_size=400)), max_size=6))
def test_any_upload_is_counted_or_skipped_with_one_line_each(files):
    usable, skipped = instructor.read_uploads(files)
    assert len(usable) + len(skipped) <= len(files)
    for name, why in skipped:
        assert isinstance(why, str) and why and "\n" not in why
        assert len(name) <= 120 and "\n" not in name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=6))
def test_no_member_name_writes_outside_the_new_folder(tmp_path, names):
    data = _zip({name: b"x = 1\n" for name in names})
    base = tmp_path / "uploads"
    before = set(tmp_path.rglob("*"))
    try:
        folder, left_out = instructor.unpack_content_zip(data, "c.zip", base)
    except ValueError as exc:
        assert "\n" not in str(exc)
        assert set(tmp_path.rglob("*")) == before
        return
    written = set(tmp_path.rglob("*")) - before
    assert all(p == base or p == folder or p.parent == folder for p in written), written
    assert all(p.is_file() for p in folder.iterdir())


def test_the_example_is_found_from_a_course_copy_without_docs(tmp_path, monkeypatch):
    copy = tmp_path / "copy"
    (copy / "notebooks").mkdir(parents=True)
    (copy / "data").symlink_to(ROOT / "data", target_is_directory=True)
    monkeypatch.chdir(copy / "notebooks")
    assert instructor.example_folder() == EXAMPLE
    instructor.new_content_folder(copy / "mine", with_example=True)
    assert (copy / "mine" / "course.toml").read_bytes() == (EXAMPLE / "course.toml").read_bytes()


@pytest.mark.parametrize("name", ["\x00", "\x00course.toml", "a\x00b.toml"])
def test_a_member_name_with_a_nul_byte_is_left_out_or_cut_not_a_crash(tmp_path, name):
    """Python reads a zip member's name up to a NUL byte; a name that starts with one is read as ""
    (Python 3.11's ZipInfo.is_dir raised IndexError on it, found by the property test above)."""
    data = _zip({name: b"x = 1\n", "course.toml": b'[course]\nname = "A"\n'})
    folder, left_out = instructor.unpack_content_zip(data, "c.zip", tmp_path / "uploads")
    assert (folder / "course.toml").read_bytes() == b'[course]\nname = "A"\n'
    assert all(p.parent == folder for p in folder.iterdir())
    # The class report's reader of a zip of summaries: every member is skipped with its reason.
    usable, skipped = instructor.read_uploads([("s.zip", data)])
    assert usable == [] and len(skipped) == 2 and all(why and "\n" not in why for _, why in skipped)
