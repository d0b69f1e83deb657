"""The instructor's console views, driven as an instructor would: set values, click."""

from __future__ import annotations

import base64
import datetime
import html
import io
import re
import zipfile
from pathlib import Path

import pytest

from infoview import instructor
from infoview.tracker import Tracker
from infoview.views.instructor import ClassReportBuilder, ContentFolderStarter, ContentPreviewer, StudentVersionMaker

ROOT = Path(__file__).resolve().parent.parent
COHORT = sorted((ROOT / "data" / "sample" / "cohort").glob("*.json"))


def _upload(*files: tuple[str, bytes]) -> tuple[dict, ...]:
    """What ipywidgets' FileUpload holds after a browser upload."""
    return tuple(
        {
            "name": name,
            "type": "",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime.datetime(2026, 3, 16, tzinfo=datetime.timezone.utc),
        }
        for name, data in files
    )


def _download(link_html: str) -> tuple[str, bytes]:
    name = re.search(r'download="([^"]+)"', link_html).group(1)
    payload = re.search(r'href="data:[^;]+;base64,([^"]+)"', link_html).group(1)
    return html.unescape(name), base64.b64decode(payload)


@pytest.fixture
def course_root(tmp_path) -> Path:
    """A curriculum-like folder with an instructor's folder: one file overridden, one broken."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "data").symlink_to(ROOT / "data", target_is_directory=True)
    folder = root / "my-course"
    folder.mkdir()
    (folder / "outreach_rules.toml").write_text("[length]\nmax_words = 90\n", encoding="utf-8")
    (folder / "followup.toml").write_text('[thank_you]\nwithin_hours = "soon"\n', encoding="utf-8")
    return root


def test_preview_shows_the_override_the_problem_and_the_exercises(course_root):
    tool = ContentPreviewer(root=course_root)
    assert "my-course" in [label for label, _ in tool.found.options]
    tool.found.value = str(course_root / "my-course")
    assert tool.folder.value == "my-course"
    tool.preview_button.click()

    assert tool.notice.kind == "warning" and "1 problem(s)" in tool.notice.text
    assert 'role="status"' in tool.problems.value
    assert "followup.toml: thank_you.within_hours must be a number" in tool.problems.value
    assert "changes length.max_words: 75 → 90" in tool.changes.value
    assert "Start here" in tool.course.value
    # Stage 0's exercises as learners see them; nothing is recorded in a tracker.
    assert [w.exercise_id for w in tool.exercises.children] == ["requests", "evidence"]
    assert all(w.record is False for w in tool.exercises.children)
    tool.stage.value = 4
    assert [w.exercise_id for w in tool.exercises.children] == ["phase_order", "listening"]
    # Stage 5 reads the broken file: its exercise shows the problem where a learner would meet it.
    tool.stage.value = 5
    broken = [w.text for w in tool.exercises.children if not hasattr(w, "exercise_id")]
    assert broken and all(
        "cannot be shown with this folder: followup.toml: thank_you.within_hours" in b for b in broken
    )


def test_the_preview_builds_exercises_from_the_folder(tmp_path):
    folder = tmp_path / "changers"
    instructor.new_content_folder(folder, with_example=True)
    tool = ContentPreviewer(root=tmp_path)
    tool.folder.value = str(folder)
    tool.preview_button.click()
    requests = tool.exercises.children[0]
    assert "After eight years in retail management" in "".join(
        getattr(child, "value", "") or "" for child in _walk(requests)
    )


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_a_zip_upload_is_unpacked_and_previewed(tmp_path):
    data = instructor.content_zip(ROOT / "docs" / "examples" / "career-changers")
    tool = ContentPreviewer(root=tmp_path, uploads_dir=tmp_path / "uploads")
    tool.upload.value = _upload(("career-changers.zip", data))
    assert tool.upload.value == ()
    assert Path(tool.folder.value) == tmp_path / "uploads" / "career-changers"
    tool.preview_button.click()
    assert tool.notice.kind == "ok" and "5 file(s) change the defaults; 0 problem(s)" in tool.notice.text
    tool.upload.value = _upload(("notes.zip", b"not a zip"))
    assert tool.notice.kind == "error" and tool.notice.text == (
        "notes.zip is not a readable zip file; zip your content folder and upload that."
    )


def test_no_folder_chosen_or_a_missing_one_is_one_sentence(tmp_path):
    tool = ContentPreviewer(root=tmp_path)
    tool.preview_button.click()
    assert tool.notice.kind == "error" and tool.notice.text.startswith("Choose a content folder first")
    tool.folder.value = "nowhere"
    tool.preview_button.click()
    assert tool.notice.kind == "error" and "is not a folder" in tool.notice.text


def test_names_from_the_folder_are_escaped(tmp_path):
    folder = tmp_path / "<b>x"
    folder.mkdir()
    (folder / '<img src=x onerror="alert(1)">.toml').write_text("a = 1\n")
    tool = ContentPreviewer(root=tmp_path)
    tool.folder.value = str(folder)
    tool.preview_button.click()
    shown = tool.problems.value + tool.changes.value + tool.notice.value
    assert "<img src=x" not in shown and "&lt;img src=x" in shown and "<b>x" not in shown


def test_student_versions_download_holds_the_notebooks_without_solutions():
    tool = StudentVersionMaker(notebooks_dir=ROOT / "notebooks")
    tool.make_button.click()
    name, data = _download(tool.download.value)
    assert name == "student-notebooks.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert len(archive.namelist()) == len(tool.removed) >= 12
        assert all('"solution"' not in archive.read(n).decode() for n in archive.namelist())
    assert tool.notice.kind == "ok" and tool.notice.text.startswith(f"{len(tool.removed)} notebooks")


def test_the_class_report_from_40_uploads_and_two_bad_files():
    tool = ClassReportBuilder()
    files = [(p.name, p.read_bytes()) for p in COHORT] + [("notes.txt", b"hi"), ("<i>broken</i>.json", b"{")]
    tool.upload.value = _upload(*files)
    tool.from_upload.click()
    assert tool.notice.kind == "ok"
    assert tool.notice.text == "Report built from 42 file(s) uploaded: 40 learner(s) counted, 2 file(s) skipped."
    assert "notes.txt was skipped: not valid JSON" in tool.summary.value
    assert "&lt;i&gt;broken&lt;/i&gt;.json was skipped" in tool.summary.value and "<i>broken" not in tool.summary.value
    assert 'role="status"' in tool.summary.value
    name, data = _download(tool.download.value)
    assert name == "class_report.html" and data.decode() == tool.report.html
    assert "<iframe" in tool.view.value and " sandbox " in tool.view.value
    srcdoc = re.search(r'srcdoc="([^"]*)"', tool.view.value).group(1)
    assert html.unescape(srcdoc) == tool.report.html


def test_the_class_report_shows_completion_per_stage(tmp_path):
    import json

    data = json.loads(COHORT[0].read_bytes())
    data["exercises"] = {"2": {"exercises": 2, "tried": 2, "solved": 2, "revealed": 1}}
    (tmp_path / "a.json").write_text(json.dumps(data))
    tool = ClassReportBuilder(root=tmp_path)
    tool.folder.value = "."
    tool.from_folder.click()
    assert "Stage 2 (Crafting your approach): 1 of 1 learners solved all 2 exercises" in tool.summary.value


def test_building_with_nothing_chosen_says_what_to_do(tmp_path):
    tool = ClassReportBuilder(root=tmp_path)
    tool.from_upload.click()
    assert tool.notice.kind == "warning" and "Choose the learners' summary files" in tool.notice.text
    tool.from_folder.click()
    assert tool.notice.kind == "error" and tool.notice.text == "Type the folder the summaries are in first."
    tool.folder.value = "missing"
    tool.from_folder.click()
    assert tool.notice.kind == "error" and "is not a folder" in tool.notice.text


def test_collect_from_learners_homes_then_report(tmp_path):
    for learner in ("ada", "bo"):
        t = Tracker(tmp_path / "homes" / learner / "infoview" / "infoview-data" / "tracker.sqlite")
        t.add_contact(first_name="Sam", last_name="Example", company="Example Ltd")
        t.close()
    (tmp_path / "homes" / "cy").mkdir()
    tool = ClassReportBuilder(root=tmp_path / "course")
    tool.homes.value = str(tmp_path / "homes")
    tool.collect_button.click()
    assert tool.notice.kind == "ok", tool.notice.text
    # Beside the instructor's tracker (INFOVIEW_DB's folder here), not in the course folder git sees.
    assert tool.notice.text.startswith(f"Report built from 2 summaries collected into {tmp_path / 'summaries'}")
    assert (tmp_path / "summaries" / ".infoview-collect-key").is_file()
    assert not (tmp_path / "course").exists()
    assert "Sam" not in tool.report.html and "Example Ltd" not in tool.report.html


def test_start_a_new_folder_then_refuse_to_overwrite_it(tmp_path):
    tool = ContentFolderStarter(root=tmp_path)
    tool.name.value = "spring"
    tool.with_example.value = True
    tool.start_button.click()
    assert tool.notice.kind == "ok" and tool.notice.text.startswith("Made spring with 20 content files")
    assert (tmp_path / "spring" / "course.toml").read_text().startswith("# Worked example")
    name, data = _download(tool.download.value)
    assert name == "spring.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "spring/course.toml" in archive.namelist()
    before = (tmp_path / "spring" / "course.toml").read_bytes()
    tool.with_example.value = False
    tool.start_button.click()
    assert tool.notice.kind == "error" and "already holds files" in tool.notice.text
    assert (tmp_path / "spring" / "course.toml").read_bytes() == before


def test_no_two_parts_share_a_layout():
    """Hiding one part (the stage chooser before a preview) must not hide another that shares its layout."""
    for tool in (ContentPreviewer(), StudentVersionMaker(), ClassReportBuilder(), ContentFolderStarter()):
        parts = [w for w in _walk(tool) if hasattr(w, "layout")]
        layouts = [id(w.layout) for w in parts]
        assert len(layouts) == len(set(layouts)), type(tool).__name__
        tool.close()


def test_the_folder_list_starts_on_its_prompt_and_keeps_a_choice_when_refreshed(course_root):
    tool = ContentPreviewer(root=course_root)
    assert (tool.found.index, tool.found.value) == (0, "")
    tool.found.value = str(course_root / "my-course")
    tool.find_button.click()
    assert tool.found.value == str(course_root / "my-course")


def test_on_a_hub_with_an_exchange_folder_the_report_starts_from_it(tmp_path, monkeypatch):
    """Learners hand in to the exchange folder (INFOVIEW_EXCHANGE); the instructor's report tool
    starts with that folder, so one press builds the report from what was handed in."""
    import shutil

    exchange = tmp_path / "exchange"
    exchange.mkdir()
    for path in COHORT[:3]:
        shutil.copy(path, exchange / path.name)
    monkeypatch.setenv("INFOVIEW_EXCHANGE", str(exchange))
    tool = ClassReportBuilder(root=tmp_path)
    assert tool.folder.value == str(exchange)
    tool.from_folder.click()
    assert tool.notice.text == "Report built from the folder exchange: 3 learner(s) counted, 0 file(s) skipped."
    monkeypatch.delenv("INFOVIEW_EXCHANGE")
    assert ClassReportBuilder(root=tmp_path).folder.value == ""
