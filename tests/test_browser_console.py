"""The instructor's console in a real browser, in JupyterLab and in app mode (Voila): an instructor
does every task of docs/instructors.md's first part without a terminal.

In each mode the instructor previews a content folder with one overridden and one broken file (and
sees the override and the problem sentence), downloads the student versions (a zip of the lesson
notebooks without solution cells), uploads the 40 sample summaries plus two bad files and sees the
report with the 40 learners, per-stage completion and both bad files named; in JupyterLab they also
start a content folder of their own. axe-core checks the page. The servers, browser and the
curriculum copy are test_browser.py's (its fixtures, imported here).

Run only these: ``.venv/bin/python -m pytest tests/test_browser_console.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
import test_browser
from test_browser import (
    _ALL_PROMPTS_DONE,
    _MODEL_ERRORS,
    _PLAIN_ERROR,
    _VOILA_CODE_VISIBLE,
    CHROMIUM,
    ROOT,
    SCREENSHOTS,
    ConsoleLog,
    _new_page,
    _shutdown_sessions,
    own_a11y_violations,
)

from infoview import workshop

# test_browser.py's fixtures, used here by name (one Lab, one Voila and one Chromium per module).
lab, voila, browser, curriculum_copy, axe_script = (
    test_browser.lab,
    test_browser.voila,
    test_browser.browser,
    test_browser.curriculum_copy,
    test_browser.axe_script,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's Chromium is not installed at {CHROMIUM}"),
]

CONSOLE = "instructor/instructor_console.ipynb"
COHORT = sorted((ROOT / "data" / "sample" / "cohort").glob("*.json"))
OVERRIDE = ("outreach_rules.toml", "[length]\nmax_words = 90\n")
BROKEN = ("followup.toml", '[thank_you]\nwithin_hours = "soon"\n')
BAD_FILES = {
    "truncated.json": COHORT[0].read_bytes()[:150],
    "other-course.json": json.dumps({"schema": "another-tool/1", "learner_id": "x"}).encode(),
}


@pytest.fixture(scope="module")
def summaries(tmp_path_factory) -> tuple[list[Path], dict]:
    """The 40 sample summaries with known exercise counts in place of their synthetic ones (so the
    sentence to look for is exact), the two bad files, and the completion they should show for stage 0."""
    folder = tmp_path_factory.mktemp("hand-ins")
    paths = []
    for i, source in enumerate(COHORT):
        data = json.loads(source.read_bytes())
        solved = 2 if i % 4 == 0 else 0
        data["exercises"] = {"0": {"exercises": 2, "tried": 2 if i % 2 == 0 else 0, "solved": solved, "revealed": 0}}
        path = folder / source.name
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    for name, raw in BAD_FILES.items():
        (folder / name).write_bytes(raw)
        paths.append(folder / name)
    expected = "Stage 0 (Start here): 10 of 40 learners solved all 2 exercises, 20 tried at least one"
    return paths, expected


@pytest.fixture(scope="module")
def content_folder(curriculum_copy) -> Path:
    """An instructor's folder beside the notebooks (as if edited in Lab's editor): one file overridden, one broken."""
    folder = curriculum_copy / "my-course"
    folder.mkdir(exist_ok=True)
    for name, text in (OVERRIDE, BROKEN):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _content_zip(tmp_path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (OVERRIDE, BROKEN):
            archive.writestr(f"spring-course/{name}", text)
    path = tmp_path / "spring-course.zip"
    path.write_bytes(buffer.getvalue())
    return path


def _choose_files(page, button: str, paths: list[str]) -> None:
    """Choose files in a FileUpload as a person does: its button opens the browser's file chooser
    (ipywidgets keeps the file input out of the page, so there is no input to fill)."""
    with page.expect_file_chooser() as chooser:
        page.locator(button).click()
    chooser.value.set_files(paths)


def _wait_text(page, selector: str, pattern: str, timeout: int = 60000):
    locator = page.locator(selector).filter(has_text=re.compile(pattern))
    locator.first.wait_for(timeout=timeout)
    return locator.first


# ------------------------------------------------------------------ what the instructor does, in either mode
def _preview(page, choose) -> None:
    tool = ".infoview-content-preview"
    choose()
    page.locator(f"{tool} .infoview-preview").click()
    _wait_text(page, f"{tool} .infoview-overrides", r"changes length\.max_words: 75 → 90")
    problem = _wait_text(page, f'{tool} [role="status"]', r"followup\.toml: thank_you\.within_hours must be a number")
    assert "problem(s) to fix" in problem.inner_text()
    # Each stage's exercises as learners will see them, built with the folder (stage 0 first).
    page.locator(f"{tool} .infoview-exercise").first.wait_for()
    assert page.locator(f"{tool} .infoview-exercise").count() == 2


def _student_versions(page, tmp_path: Path) -> None:
    tool = ".infoview-student-versions-tool"
    page.locator(".infoview-student-versions").click()
    link = page.locator(f"{tool} a.infoview-download")
    link.wait_for(timeout=60000)
    assert link.get_attribute("download") == "student-notebooks.zip"
    assert "Download the student versions" in link.inner_text()
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "student-notebooks.zip"
    info.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = sorted(archive.namelist())
        expected = sorted(f"student-notebooks/{p.name}" for p in workshop.stage_notebooks(ROOT / "notebooks"))
        assert names == expected
        for name in names:
            nb = nbformat.reads(archive.read(name).decode("utf-8"), as_version=4)
            assert not any(workshop.is_solution(c) for c in nb.cells), f"{name} keeps a solution cell"
            assert nb.metadata["infoview"]["student_version"] is True


def _class_report(page, tmp_path: Path, summaries) -> None:
    paths, completion = summaries
    tool = ".infoview-class-report"
    _choose_files(page, f"{tool} .widget-upload", [str(p) for p in paths])
    page.locator(f"{tool} .infoview-report-upload").click()
    _wait_text(
        page,
        f"{tool} .infoview-notice",
        r"Report built from 42 file\(s\) uploaded: 40 learner\(s\) counted, 2 file\(s\) skipped\.",
        timeout=120000,
    )
    summary = page.locator(f"{tool} .infoview-completion").inner_text()
    assert completion in summary
    skipped = page.locator(f'{tool} [role="status"]').filter(has_text="Files skipped").inner_text()
    assert "truncated.json was skipped: not valid JSON" in skipped
    assert "other-course.json was skipped: not an infoview outcomes summary" in skipped
    frame = page.frame_locator(f"{tool} iframe.infoview-report-frame")
    assert "40 learner summaries; 2 file(s) skipped" in frame.locator("body").inner_text(timeout=30000)
    # The download link works from the keyboard.
    link = page.locator(f"{tool} a.infoview-download")
    assert link.get_attribute("download") == "class_report.html"
    link.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    saved = tmp_path / "class_report.html"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "40 learner summaries; 2 file(s) skipped" in text and "truncated.json" in text


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"console-{name}.png"), full_page=True)


def _accessible(page, axe_script, where: str) -> None:
    own = own_a11y_violations(page, axe_script)
    assert not own, f"the console ({where}): serious or critical accessibility violations: {own}"


@contextlib.contextmanager
def _console_page(browser, mode: str):
    """A fresh browser context on which every console error is collected; a screenshot if the test fails."""
    context, page = _new_page(browser)
    console = ConsoleLog(page)
    try:
        yield page
        assert not console.real_errors(), console.real_errors()
    except BaseException:
        _screenshot(page, f"{mode}-FAILED")
        raise
    finally:
        context.close()


def _every_task(page, mode: str, choose, tmp_path: Path, summaries, axe_script) -> None:
    """Preview, student versions and the class report, as in docs/instructors.md's first part."""
    _preview(page, choose)
    _student_versions(page, tmp_path)
    _class_report(page, tmp_path, summaries)
    _accessible(page, axe_script, f"{mode}, with its results")
    _screenshot(page, mode)


# ------------------------------------------------------------------ JupyterLab
def test_the_console_in_jupyterlab(lab, browser, axe_script, content_folder, summaries, tmp_path):
    with _console_page(browser, "lab") as page:
        try:
            page.goto(f"{lab.url}/lab/workspaces/console/tree/notebooks/{CONSOLE}")
            page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"ipykernel\) \| Idle")).first.wait_for(
                timeout=90000
            )
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget")
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            state = page.wait_for_function(_ALL_PROMPTS_DONE, timeout=120000, polling=200).json_value()
            assert state == "done" and not page.evaluate(_MODEL_ERRORS)
            _accessible(page, axe_script, "JupyterLab")

            # Start a folder of one's own, from the worked example.
            starter = ".infoview-new-content-tool"
            page.locator(f"{starter} .widget-text input").fill("spring-changers")
            page.locator(f"{starter} .widget-checkbox input").check()
            page.locator(".infoview-new-content").click()
            _wait_text(page, f"{starter} .infoview-notice", r"Made spring-changers with 20 content files")
            made = content_folder.parent / "spring-changers"
            assert (made / "course.toml").read_text().startswith("# Worked example")
            assert len(list(made.glob("*.toml"))) + len(list(made.glob("*.csv"))) == 20

            # Preview the instructor's folder, chosen from the folders found.
            def choose():
                page.locator(".infoview-content-preview .widget-dropdown select").first.select_option(label="my-course")
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.infoview-content-preview .widget-text input')]"
                    ".some(i => i.value === 'my-course')"
                )

            _every_task(page, "lab", choose, tmp_path, summaries, axe_script)
            assert not page.evaluate(_MODEL_ERRORS)
        finally:
            _shutdown_sessions(page.context, lab.url)


# ------------------------------------------------------------------ app mode
def test_the_console_in_app_mode(voila, browser, axe_script, summaries, tmp_path):
    with _console_page(browser, "voila") as page:
        page.goto(f"{voila.url}/voila/render/{CONSOLE}", wait_until="commit")
        page.locator(".infoview-class-report").wait_for(timeout=90000)
        page.wait_for_load_state("networkidle")
        body = page.inner_text("body")
        assert "Traceback" not in body and page.locator(_PLAIN_ERROR.replace(".jp-OutputArea-output ", "")).count() == 0
        assert page.evaluate(_VOILA_CODE_VISIBLE) == 0 and "from infoview" not in body
        _accessible(page, axe_script, "app mode")

        # Start a folder of one's own from the worked example; with no file editor in app mode, the
        # instructor downloads it as a zip to edit on their computer.
        starter = ".infoview-new-content-tool"
        page.locator(f"{starter} .widget-text input").fill("app-changers")
        page.locator(f"{starter} .widget-checkbox input").check()
        page.locator(".infoview-new-content").click()
        _wait_text(page, f"{starter} .infoview-notice", r"Made app-changers with 20 content files")
        link = page.locator(f"{starter} a.infoview-download")
        assert link.get_attribute("download") == "app-changers.zip"
        with page.expect_download() as info:
            link.click()
        saved = tmp_path / "app-changers.zip"
        info.value.save_as(saved)
        with zipfile.ZipFile(saved) as archive:
            names = archive.namelist()
            assert len([n for n in names if n.endswith((".toml", ".csv"))]) == 20
            course = next(n for n in names if n.endswith("course.toml"))
            assert archive.read(course).decode("utf-8").startswith("# Worked example")

        # In app mode there is no file editor: the instructor uploads their folder as a zip.
        zipped = _content_zip(tmp_path)

        def choose():
            _choose_files(page, ".infoview-content-preview .widget-upload", [str(zipped)])
            _wait_text(page, ".infoview-content-preview .infoview-notice", r"Unpacked spring-course\.zip into")

        _every_task(page, "voila", choose, tmp_path, summaries, axe_script)
