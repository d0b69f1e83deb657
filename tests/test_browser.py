"""Every notebook in a real browser: JupyterLab and Voila, driven in Debian's Chromium.

For each notebook in ``notebooks/`` (new ones are picked up automatically) the Lab test
opens it, clears and runs all cells, waits until every code cell's prompt reads ``[n]:``,
asserts there is no error output and no uncaught browser console error (known noise is
filtered by name, see ``NOISE``), then uses the notebook's main tool as a learner would
(``INTERACTIONS``, keyed by notebook stem). A notebook without a registered interaction
still gets the run-all and no-errors check, and each notebook starts from an empty tracker
(the tools then say they show the sample). The Voila test renders each notebook as an app
for a learner whose tracker holds the sample learner's ten weeks, and checks that no code is
visible, that the widgets respond, and that what the learner saves lands in the tracker file
the server was given (``INFOVIEW_DB``).

One Lab server, one Voila server and one Chromium serve the whole session. They run on
copies of the notebooks in a temporary folder (so nothing can save over the committed
ones), with a throw-away tracker and "today" pinned to the sample learner's 2026-03-16.
Artifacts (git-ignored) go to ``test-artifacts/``: a screenshot per notebook and app,
the servers' logs, and ``browser-timings.json`` (seconds from opening a notebook to the
run finishing and to its widget responding).

Run only these: ``.venv/bin/python -m pytest tests/test_browser.py``.
Set ``INFOVIEW_BROWSER_NOTEBOOKS=DIR`` to run them over another notebooks folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SAMPLE_TODAY = "2026-03-16"
CHROMIUM = "/usr/bin/chromium"
# TESTING.md: the flags that make Debian's Chromium start quietly in a container as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
NOTEBOOKS_SOURCE = Path(os.environ.get("INFOVIEW_BROWSER_NOTEBOOKS") or ROOT / "notebooks")
NOTEBOOKS = sorted(p.name for p in NOTEBOOKS_SOURCE.glob("*.ipynb"))

#: Console errors that are not the curriculum's fault, each with why it is harmless. Only
#: errors are collected (Voila's webpack "Unsatisfied version" line is a warning). Each
#: notebook's record in browser-timings.json counts what was filtered, by name.
NOISE = {
    # Re-opening a notebook saved with live widgets: its stored views point at models of a
    # kernel that is gone; the views are replaced when the cells run again.
    "widget model not found": re.compile(r"widget model not found|Could not find model|model .* not found", re.I),
    # Fonts and icon sets fetched from a CDN; the test machine has no internet.
    "font/CDN": re.compile(r"font-?awesome|fonts\.googleapis|cdn\.jsdelivr|unpkg\.com|\.woff2?\b|\.ttf\b", re.I),
    # Reloading an app page: the old page asks Voila to shut its kernel down as it unloads and the
    # server answers 403 (no XSRF cookie on that beacon); the kernel is culled anyway.
    "voila shutdown on reload": re.compile(r"/voila/api/shutdown/"),
    # Any resource the browser could not fetch because the machine is offline.
    "offline": re.compile(r"net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_REFUSED|ADDRESS_UNREACHABLE)"),
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"Debian's Chromium is not installed at {CHROMIUM} (python3 run.py test installs it with apt-get)",
    ),
]


# --------------------------------------------------------------------------------------
# What a learner does with each notebook's main tool
# --------------------------------------------------------------------------------------


@dataclass
class Interaction:
    """One learner action on a notebook's main widget, and the visible response to wait for.

    ``run(page)`` performs the action and returns once the response is on screen (it
    raises, via Playwright's waits, when the response never comes). ``writes_tracker``
    says the action saves something, which the Voila test checks lands in the tracker.
    """

    describe: str
    run: Callable
    writes_tracker: bool = False


INTERACTIONS: dict[str, Interaction] = {}


def interaction(stem: str, describe: str, writes_tracker: bool = False):
    def register(fn):
        INTERACTIONS[stem] = Interaction(describe, fn, writes_tracker)
        return fn

    return register


def _text_of(locator) -> str:
    return " ".join(locator.all_inner_texts())


def _wait_text_change(page, locator, before: str, timeout_ms: int = 15000) -> str:
    """Poll until the locator's text differs from ``before``; return the new text."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        now = _text_of(locator)
        if now != before:
            return now
        page.wait_for_timeout(100)
    raise AssertionError(
        f"the widget did not respond within {timeout_ms / 1000:.0f} s; its text stayed {before[:200]!r}"
    )


def _wait_text_match(page, locator, pattern: re.Pattern, timeout_ms: int = 15000) -> re.Match:
    """Poll until the locator's text matches ``pattern``; return the match.

    A widget's answer can arrive as several model updates that render frames apart, so a test
    waits for the text it expects rather than for the first change."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        now = _text_of(locator)
        found = pattern.search(now)
        if found or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert found, (
        f"the widget did not show {pattern.pattern!r} within {timeout_ms / 1000:.0f} s; it shows {now[:300]!r}"
    )
    return found


@interaction(
    "00_start_here",
    "answer the advice-or-job-ask exercise's first item, click Check, see feedback; make a backup and download it",
)
def _start_here(page):
    quiz = page.locator(".infoview-exercise-requests")
    quiz.get_by_label("Request 1:").select_option(label="Asks for advice (an informational interview)")
    quiz.locator(".infoview-exercise-check").click()
    _wait_text_match(page, quiz, re.compile(r"\b1 of \d+ correct"))
    # The backup drill: make a backup, download it, and it is a real tracker file.
    page.locator(".infoview-backup").click()
    link = page.locator("a[download]", has_text="Download")
    with page.expect_download() as download:
        link.click()
    saved = Path(download.value.path())
    assert saved.read_bytes()[:16] == b"SQLite format 3\x00", "the downloaded backup is not a tracker file"


@interaction(
    "01_sourcing_contacts",
    "upload the sample LinkedIn export, see the import reported; save and sort the target list",
    writes_tracker=True,
)
def _sourcing(page):
    loader = page.locator(".widget-vbox", has=page.locator(".infoview-contacts-upload")).last
    # ipywidgets 8 makes the <input type=file> only when the button is clicked: answer the file chooser.
    with page.expect_file_chooser() as chooser:
        loader.locator(".infoview-contacts-upload").click()
    chooser.value.set_files(str(ROOT / "data/sample/Connections.csv"))
    report = loader.locator(".infoview-notice", has_text=re.compile(r"Added \d+ contact"))
    report.wait_for()
    assert re.search(r"Added [1-9]\d* contact", report.inner_text()) or "skipped" in report.inner_text(), (
        report.inner_text()
    )
    targets = page.locator(".widget-vbox", has=page.locator(".infoview-targets-save")).last
    targets.locator(".infoview-targets-save").click()
    targets.locator(".infoview-notice", has_text="Contact these first").wait_for()


_WORD_COUNT = re.compile(r"\b(\d+) of (\d+) words")


@interaction(
    "02_crafting_outreach",
    "composer: type a job-ask message, see the review flag it with the word count "
    "and mark it in the text; apply the one-click advice rewrite; rewrite it and see the review change; "
    "log it as sent",
    writes_tracker=True,
)
def _crafting(page):
    composer = page.locator(".widget-vbox", has=page.locator(".infoview-message")).last
    feedback = composer.locator(".infoview-feedback")
    message = composer.locator(".infoview-message textarea")
    before = _text_of(feedback)
    message.fill("Hi, are there any openings on your team? I have attached my resume.")
    first = _wait_text_change(page, feedback, before)
    assert _WORD_COUNT.search(first), f"no word count in the review: {first[:300]!r}"
    # the writer's view: the job ask is marked where it is, with a legend and a numbered symbol
    marked = composer.locator(".infoview-marked mark.infoview-hl-error", has_text="openings")
    marked.first.wait_for()
    assert re.search(r"\u2716\d", marked.first.inner_text()), marked.first.inner_text()
    assert "Error" in composer.locator(".infoview-legend").first.inner_text()
    style = marked.first.evaluate(
        "e => getComputedStyle(e).textDecorationLine + ' ' + getComputedStyle(e).textDecorationStyle"
    )
    assert "underline" in style and "wavy" in style, style  # not colour alone
    # a one-click fix turns the job-ask question into an advice question; the learner can edit after
    composer.locator(".infoview-rewrite", has_text="advice").first.click()
    deadline = time.monotonic() + 15
    while "advise" not in message.input_value() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert "what would you advise" in message.input_value().lower(), message.input_value()
    assert "openings" not in message.input_value()
    message.fill(
        "Hi Dana, we met at the Lakeside alumni evening last month. Your work on transit data at your "
        "organisation is exactly the kind of problem I hope to work on. Could I ask you a few questions "
        "about how you got into the field, in a 20-minute call or over coffee, whenever suits you?"
    )
    first_count = _WORD_COUNT.search(first).group(1)
    _wait_text_match(page, feedback, re.compile(rf"\b(?!{first_count}\b)\d+ of \d+ words"))
    composer.locator(".infoview-log-sent").click()
    composer.locator(".infoview-notice", has_text=re.compile(r"Logged|Already logged")).wait_for()


_BUDGET = re.compile(r"[\d.]+ of [\d.]+ minutes")


@interaction(
    "03_preparing",
    "question builder: add my own question, see it listed and the time budget grow, save the list",
    writes_tracker=True,
)
def _preparing(page):
    builder = page.locator(".widget-vbox", has=page.locator(".infoview-propose")).last
    budget_before = _BUDGET.search(_text_of(builder))
    assert budget_before, "the question builder shows no time budget"
    question = "What surprised you most in your first year in this role?"
    builder.locator('input[placeholder="Your own question"]').fill(question)
    # By its text: the accessible name also carries the icon font's glyph.
    builder.locator("button.widget-button", has_text=re.compile(r"^\s*Add\s*$")).click()
    builder.locator(".widget-select select option", has_text=question).wait_for(state="attached")
    # The list and the budget label are separate widgets; their updates can render a few frames apart.
    deadline = time.monotonic() + 15
    while True:
        budget_after = _BUDGET.search(_text_of(builder))
        if budget_after and budget_after.group(0) != budget_before.group(0) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert budget_after and budget_after.group(0) != budget_before.group(0), (
        f"the time budget did not change within 15 s: {budget_before.group(0)!r}"
    )
    builder.locator(".infoview-save-questions").click()
    builder.locator(".infoview-notice", has_text="Saved").wait_for()


@interaction(
    "05_follow_up",
    "today's follow-ups: click Done on the first action, see it confirmed and leave the list",
    writes_tracker=True,
)
def _follow_up(page):
    done = page.locator(".infoview-done")
    done.first.wait_for()
    before = done.count()
    done.first.click()
    page.locator(".infoview-notice", has_text="Done:").first.wait_for()
    deadline = time.monotonic() + 15
    while done.count() != before - 1 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert done.count() == before - 1, f"the list still has {done.count()} actions after Done (had {before})"


@interaction(
    "04_the_conversation",
    "notes form: type advice and a suggested name, save, see the saved notes",
    writes_tracker=True,
)
def _conversation(page):
    form = page.locator(".widget-vbox", has=page.locator(".infoview-save-notes")).last
    advice = "Build one small project with open transit data and write up what you find."
    form.locator('textarea[placeholder="What they would do in your place"]').fill(advice)
    form.locator('textarea[placeholder^="One per line, e.g. Priya"]').fill("Robin Okafor (Example Transit Lab)")
    form.locator(".infoview-save-notes").click()
    form.locator(".infoview-notice").filter(has_text=re.compile(r"\S")).first.wait_for()
    form.get_by_text(advice, exact=False).last.wait_for()
    assert "infoview-error" not in form.inner_html(), _text_of(form.locator(".infoview-notice"))


@interaction(
    "06_tracking_outcomes",
    "dashboard: untick a channel filter, see the chart redrawn and the numbers change; "
    "set a weekly goal of 9, see the goal result update (saved in the tracker)",
    writes_tracker=True,
)
def _outcomes(page):
    dashboard = (
        page.locator(".widget-vbox", has=page.locator("img.infoview-chart"))
        .filter(has=page.locator(".widget-checkbox"))
        .last
    )
    chart = dashboard.locator("img.infoview-chart").first
    chart.wait_for()
    assert len(chart.get_attribute("alt") or "") > 20, "the chart has no text alternative as its alt attribute"
    src_before = chart.get_attribute("src")
    text_before = _text_of(dashboard)
    dashboard.locator(".widget-checkbox input[type=checkbox]:not([disabled])").first.uncheck()
    deadline = time.monotonic() + 20
    while chart.get_attribute("src") == src_before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert chart.get_attribute("src") != src_before, "the chart was not redrawn after the filter changed"
    _wait_text_change(page, dashboard, text_before)
    # The weekly goal (saved in the learner's own tracker; the sample is left alone).
    goal = dashboard.locator(".widget-inline-hbox", has_text="Weekly goal").locator("input")
    goal.fill("9")
    goal.press("Enter")
    _wait_text_match(page, dashboard, re.compile(r"Weekly goal \(9 messages\)\s*met in \d+ of \d+ full weeks"))


@interaction(
    "01b_finding_people",
    "tick a finding-people step, see the progress saved; draft an introduction request and review the lines to forward",
    writes_tracker=True,
)
def _finding_people(page):
    checklist = page.locator(".infoview-checklist").last
    checklist.locator(".widget-checkbox input[type=checkbox]").first.check()
    _wait_text_match(page, checklist, re.compile(r"\b1 of \d+ done"))
    drafter = page.locator(".widget-vbox", has=page.locator(".infoview-draft-intro")).last
    drafter.locator('input[placeholder^="e.g. Ana"]').fill("Ana")
    drafter.locator('input[placeholder="e.g. Sam Lee"]').fill("Sam Lee")
    drafter.locator('input[placeholder^="e.g. how data teams"]').fill("how data teams decide what to build")
    drafter.locator(".infoview-draft-intro").click()
    drafter.locator(".infoview-notice", has_text="Drafted").wait_for()
    drafter.locator(".infoview-check").click()
    _wait_text_match(page, drafter, re.compile(r"Ready to send: \d+ of \d+ words"))


@interaction(
    "03b_meeting_logistics",
    "meeting planner: a time on their clock in London, see both times and the "
    "confirmation day, save the .ics invite; check the 30-second introduction",
)
def _meeting(page):
    planner = page.locator(".widget-vbox", has=page.locator(".infoview-plan-meeting")).last
    planner.locator('input[placeholder="e.g. 2026-03-20"]').fill("2026-03-10")
    planner.locator('input[placeholder="e.g. 14:30"]').fill("14:00")
    planner.locator('input[placeholder="e.g. Europe/London"]').fill("America/New_York")
    planner.locator('input[placeholder="e.g. America/Chicago"]').fill("Europe/London")
    planner.locator(".infoview-plan-meeting").click()
    _wait_text_match(page, planner, re.compile(r"10:00 \(EDT\) for you = Tuesday 10 March, 14:00 \(GMT\) for them"))
    planner.locator(".infoview-export-ics").click()
    planner.locator(".infoview-notice", has_text=re.compile(r"Saved meeting-2026-03-10-1400\.ics")).wait_for()
    builder = (
        page.locator(".widget-vbox", has=page.locator("textarea"))
        .filter(has=page.locator("button", has_text="Build"))
        .last
    )
    builder.locator(".infoview-check").click()
    _wait_text_match(page, builder, re.compile(r"Attempts: 1"))


@interaction(
    "04b_when_things_go_wrong",
    "what would you say?: choose a reply, check it, see its feedback and then "
    "a good answer; draft a keep-in-touch update and check it",
)
def _awkward(page):
    moment = page.locator(".widget-vbox", has=page.locator(".widget-radio-box")).first
    moment.locator(".widget-radio-box input[type=radio]").first.check()
    moment.locator(".infoview-check").click()
    _wait_text_match(page, moment, re.compile(r"Good: gracious"))
    moment.locator(".infoview-show-answer").click()
    _wait_text_match(page, moment, re.compile(r"What you might say"))
    update = (
        page.locator(".widget-vbox", has=page.locator("button", has_text="Draft"))
        .filter(has=page.locator('input[placeholder^="e.g. talk to your data"]'))
        .last
    )
    update.locator('input[placeholder^="e.g. talk to your data"]').fill("talk to your data engineers")
    update.locator('input[placeholder^="e.g. spoke to Sam"]').fill("spoke to Sam Lee last week")
    update.locator("input").first.fill("Priya")
    update.locator("button", has_text="Draft").click()
    update.locator(".infoview-check").click()
    _wait_text_match(page, update, re.compile(r"All correct"))


@interaction(
    "04c_role_play",
    "draw a card, start the round timer and see it count down, score the round and save it",
    writes_tracker=True,
)
def _role_play(page):
    deck = page.locator(".widget-vbox", has=page.locator(".infoview-draw-card")).last
    deck.locator(".infoview-draw-card").click()
    _wait_text_match(page, deck, re.compile(r"Partner, you play:"))
    timer = page.locator(".widget-vbox", has=page.locator(".infoview-timer-start")).last
    timer.locator(".infoview-timer-start").click()
    # The kernel thread redraws the countdown with no further click.
    _wait_text_match(page, timer, re.compile(r"07:5\d"), timeout_ms=20000)
    rubric = page.locator(".widget-vbox", has=page.locator(".infoview-save-rubric")).last
    scores = rubric.locator(".infoview-score select")
    for i in range(scores.count()):
        scores.nth(i).select_option(label="3")
    rubric.locator(".infoview-save-rubric").click()
    rubric.locator(".infoview-notice", has_text="Saved.").wait_for()
    _wait_text_match(page, rubric, re.compile(r"3\.0"))


@interaction("99_glossary", "type a word, see the matching term and its plain definition")
def _glossary(page):
    box = page.locator(".widget-vbox", has=page.locator(".infoview-glossary-query")).last
    box.locator(".infoview-glossary-query input").fill("wilson")
    _wait_text_match(page, box, re.compile(r"1 term\(s\)\.\s*Wilson interval"))


# --------------------------------------------------------------------------------------
# Servers and browser
# --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}; see {log}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s; see {log}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop a server we started, by its own PID, and any kernels it left behind (by theirs)."""
    if proc.poll() is not None:
        return
    try:
        import psutil

        children = psutil.Process(proc.pid).children(recursive=True)
    except Exception:  # psutil missing or the process already gone
        children = []
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    for child in children:
        try:
            if child.is_running():
                child.kill()
        except Exception:
            pass


@dataclass
class Server:
    url: str
    db: Path
    log: Path
    proc: subprocess.Popen


def _server_env(home: Path, db: Path) -> dict:
    env = dict(os.environ)
    env.update(
        INFOVIEW_DB=str(db),
        INFOVIEW_TODAY=SAMPLE_TODAY,
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("INFOVIEW_CONTENT", None)
    # Notebook 06's "Hand in" writes here (infoview.handin): each server has an exchange folder of its own.
    exchange = home / "exchange"
    exchange.mkdir(exist_ok=True)
    env["INFOVIEW_EXCHANGE"] = str(exchange)
    return env


def _lab_settings(settings: Path) -> None:
    files = {
        # No news/update toast over the notebook.
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        # Never save over the notebooks (they are copies anyway).
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        # Keep every cell in the DOM so the prompts of cells below the fold can be read.
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for rel, value in files.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@pytest.fixture(scope="session")
def curriculum_copy(tmp_path_factory) -> Path:
    """A folder laid out like the curriculum, holding copies of the notebooks.

    ``data/`` is a link to the real one, so the kernels find the content and sample files.
    """
    folder = tmp_path_factory.mktemp("browser-curriculum")
    shutil.copytree(NOTEBOOKS_SOURCE, folder / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (folder / "data").symlink_to(ROOT / "data", target_is_directory=True)
    return folder


@pytest.fixture(scope="session")
def lab(tmp_path_factory, curriculum_copy) -> Server:
    home = tmp_path_factory.mktemp("lab-home")
    _lab_settings(home / "settings")
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "jupyterlab.log"
    db = home / "tracker.sqlite"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={curriculum_copy}",
        "--expose-app-in-browser",
        "--allow-root",
        "--LabApp.news_url=",
        "--ServerApp.open_browser=False",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env=_server_env(home, db), cwd=curriculum_copy
        )
    try:
        _wait_http(f"http://127.0.0.1:{port}/api/status", proc, log)
        yield Server(f"http://127.0.0.1:{port}", db, log, proc)
    finally:
        _stop(proc)


def _voila_server(home: Path, curriculum_copy: Path, log_name: str, seed: bool):
    """Voila on the copied notebooks folder with its own tracker; yields the Server, then stops it."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / log_name
    db = home / "tracker.sqlite"
    if seed:
        _seed_with_sample_learner(db)
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(curriculum_copy / "notebooks"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=True",
        # Voila keeps a page's kernel after the page closes; stop it once nobody is connected.
        "--MappingKernelManager.cull_idle_timeout=5",
        "--MappingKernelManager.cull_interval=2",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env=_server_env(home, db), cwd=curriculum_copy / "notebooks"
        )
    try:
        _wait_http(f"http://127.0.0.1:{port}/", proc, log)
        yield Server(f"http://127.0.0.1:{port}", db, log, proc)
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def voila(tmp_path_factory, curriculum_copy) -> Server:
    """App mode for a learner whose tracker holds the sample learner's ten weeks."""
    yield from _voila_server(tmp_path_factory.mktemp("voila-home"), curriculum_copy, "voila.log", seed=True)


#: One Playwright and one Chromium for the whole session, shared with other modules that use this
#: fixture (tests/test_browser_console.py): the sync API allows one Playwright per thread. The last
#: user closes it.
_SHARED_BROWSER: dict = {}


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not _SHARED_BROWSER:
        pw = sync_api.sync_playwright().start()
        try:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except BaseException:
            pw.stop()
            raise
        _SHARED_BROWSER.update(playwright=pw, chromium=chromium, users=0)
    _SHARED_BROWSER["users"] += 1
    try:
        yield _SHARED_BROWSER["chromium"]
    finally:
        _SHARED_BROWSER["users"] -= 1
        if not _SHARED_BROWSER["users"]:
            shared = dict(_SHARED_BROWSER)
            _SHARED_BROWSER.clear()
            try:
                shared["chromium"].close()
            finally:
                shared["playwright"].stop()


@pytest.fixture(scope="session")
def timings(request):
    """Seconds per notebook, written to test-artifacts/browser-timings.json and printed at the end."""
    results: dict[str, dict] = {}
    yield results
    if not results:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser-timings.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    lines = ["", "browser timings (s): notebook | mode | open->run done | open->widget responded | interaction"]
    for key in sorted(results):
        r = results[key]
        responded = "-" if r.get("open_to_widget_response_s") is None else f"{r['open_to_widget_response_s']:.1f}"
        lines.append(
            f"  {key:<32} {r.get('open_to_ready_s', 0):6.1f} {responded:>6}  {r.get('interaction') or '(none registered)'}"
        )
    # Printed past pytest's capture, so the table shows in every run's output.
    with capture.global_and_fixture_disabled():
        print("\n".join(lines), flush=True)


class ConsoleLog:
    """Collects a page's console errors and uncaught exceptions."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            location = msg.location.get("url", "") if isinstance(msg.location, dict) else ""
            self.errors.append(f"{msg.text} ({location})" if location else msg.text)

    def real_errors(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in NOISE.values())]

    def noise_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for error in self.errors:
            for label, pattern in NOISE.items():
                if pattern.search(error):
                    counts[label] = counts.get(label, 0) + 1
                    break
        return counts


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    context.set_default_timeout(20000)
    return context, context.new_page()


# --------------------------------------------------------------------------------------
# JupyterLab
# --------------------------------------------------------------------------------------

# infoview shows a learner-actionable error (TrackerError, ContentError, NameError) in a
# notebook as one sentence in a role="alert" box instead of a traceback (infoview/_notebook.py);
# for these tests it is an error all the same.
_PLAIN_ERROR = '.jp-OutputArea-output .infoview-error[role="alert"]'

_ALL_PROMPTS_DONE = (
    r"""
() => {
  const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt')];
  if (prompts.length === 0) return false;
  const errors = [...document.querySelectorAll(
      '.jp-NotebookPanel .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
      .filter(e => /Traceback|Error\b/.test(e.textContent));
  if (errors.length || document.querySelector('.jp-NotebookPanel """
    + _PLAIN_ERROR
    + r"""')) return 'error';
  return prompts.every(p => /^\[\d+\]:$/.test(p.textContent.trim())) ? 'done' : false;
}
"""
)

_MODEL_ERRORS = r"""
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const found = [];
  const cells = panel.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (const out of cell.outputs.toJSON()) {
      if (out.output_type === 'error') found.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      else if (out.output_type === 'stream' && out.name === 'stderr' && /Traceback/.test(out.text))
        found.push(`cell ${i}: traceback on stderr: ${String(out.text).slice(0, 300)}`);
      else if (out.data && /infoview-error" role="alert"/.test(String(out.data['text/html'] || '')))
        found.push(`cell ${i}: ${new DOMParser().parseFromString(String(out.data['text/html']), 'text/html')
                                    .body.textContent.trim().slice(0, 300)}`);
    }
  }
  return found;
}
"""


def _shutdown_sessions(context, base_url: str) -> None:
    """Stop the kernels this page started (TESTING.md: DELETE needs the _xsrf cookie echoed)."""
    xsrf = next((c["value"] for c in context.cookies() if c["name"] == "_xsrf"), "")
    request = context.request
    response = request.get(f"{base_url}/api/sessions")
    if not response.ok:
        return
    for session in response.json():
        stopped = request.delete(f"{base_url}/api/sessions/{session['id']}", headers={"X-XSRFToken": xsrf})
        assert stopped.ok, f"could not stop the kernel of {session['path']}: HTTP {stopped.status}"


class Visit:
    """One notebook opened in a fresh browser context: its page, console log and timings."""

    def __init__(self, browser, mode: str, stem: str, timings: dict):
        self.mode, self.stem = mode, stem
        self.context, self.page = _new_page(browser)
        self.console = ConsoleLog(self.page)
        self.record = {"mode": mode, "interaction": None, "open_to_widget_response_s": None}
        timings[f"{mode}/{stem}"] = self.record
        self.started = time.monotonic()

    def ready(self) -> None:
        self.record["open_to_ready_s"] = round(time.monotonic() - self.started, 2)

    def interact(self) -> Interaction | None:
        """Use the notebook's main widget, if one is registered, and time the response."""
        action = INTERACTIONS.get(self.stem)
        if action is None:
            warnings.warn(
                f"{self.stem}: no learner interaction registered in tests/test_browser.py INTERACTIONS; "
                "only run-all and the error checks ran",
                stacklevel=2,
            )
        else:
            self.record["interaction"] = action.describe
            notices = self.page.locator(".infoview-notice.infoview-error")
            errors_before = notices.count()
            action.run(self.page)
            self.record["open_to_widget_response_s"] = round(time.monotonic() - self.started, 2)
            # A tool that failed says so in its status line (views.common.guarded), not a traceback.
            assert notices.count() <= errors_before, (
                f"{self.stem}: a tool reported an error: {notices.all_inner_texts()}"
            )
        return action

    def finish(self) -> None:
        self.screenshot()
        self.record["console_noise_filtered"] = self.console.noise_counts()
        real = self.console.real_errors()
        assert not real, f"{self.stem} ({self.mode}): browser console errors: {real}"

    def screenshot(self, suffix: str = "") -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # Lab scrolls its own panel, so a full-page shot is the viewport there (TESTING.md).
        self.page.screenshot(
            path=str(SCREENSHOTS / f"{self.mode}-{self.stem}{suffix}.png"), full_page=self.mode == "voila"
        )

    def __enter__(self) -> "Visit":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self.screenshot("-FAILED")
        finally:
            self.context.close()


def _run_all_in_lab(page, base_url: str, name: str, workspace: str) -> str:
    """Open ``notebooks/name`` in JupyterLab, clear its outputs, run all cells; 'done' or 'error'."""
    # A workspace of its own, so Lab does not re-open the previous notebook.
    page.goto(f"{base_url}/lab/workspaces/{workspace}/tree/notebooks/{name}")
    page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"ipykernel\) \| Idle")).first.wait_for(timeout=90000)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
        "&& window.jupyterapp.shell.currentWidget.content"
    )
    # Clear the stored outputs first, so "[n]:" everywhere means this run finished.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell "
        ".jp-InputArea-prompt')].some(p => /\\d/.test(p.textContent))"
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    return page.wait_for_function(_ALL_PROMPTS_DONE, timeout=120000, polling=200).json_value()


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[Path(n).stem for n in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(name, lab, browser, timings, axe_script):
    with Visit(browser, "lab", Path(name).stem, timings) as visit:
        page = visit.page
        try:
            state = _run_all_in_lab(page, lab.url, name, visit.stem)
            visit.ready()
            errors = page.evaluate(_MODEL_ERRORS)
            assert state == "done" and not errors, f"{name} raised while running all cells: {errors}"
            own = own_a11y_violations(page, axe_script)
            assert not own, f"{name} (JupyterLab): serious or critical accessibility violations: {own}"
            if visit.interact() is not None:
                errors = page.evaluate(_MODEL_ERRORS)
                assert not errors, f"{name}: using the widget produced an error: {errors}"
            visit.finish()
        finally:
            _shutdown_sessions(visit.context, lab.url)
            # Each notebook starts from an empty tracker, as under nbval, whatever ran before it.
            for suffix in ("", "-wal", "-shm"):
                Path(f"{lab.db}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------------------
# Voila (app mode: the tools without code)
# --------------------------------------------------------------------------------------


def _tracker_fingerprint(db: Path) -> str:
    """A digest of every row in the tracker file: it changes when anything is saved or replaced."""
    import hashlib
    import sqlite3

    if not db.exists():
        return ""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        digest = hashlib.sha256()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr((table, row)).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def _seed_with_sample_learner(db: Path) -> None:
    """Give the app-mode tracker the sample learner's ten weeks, as if the learner had done stages 1-5.

    With data in their own tracker the tools work on it (not on the sample), so what a
    learner saves in app mode must land in this file.
    """
    from infoview import backup_check
    from infoview.sample import sample_tracker
    from infoview.tracker import Tracker

    sample = sample_tracker()
    backup = sample.backup(db.parent / "sample-learner.infoview-backup")
    sample.close()
    tracker = Tracker(db)
    try:
        backup_check.restore(tracker, backup)
    finally:
        tracker.close()


_VOILA_CODE_VISIBLE = r"""
() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, .highlight')]
        .filter(e => e.offsetParent !== null).length
"""


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[Path(n).stem for n in NOTEBOOKS])
def test_notebook_runs_as_app_in_voila(name, voila, browser, timings, axe_script):
    with Visit(browser, "voila", Path(name).stem, timings) as visit:
        page = visit.page
        # Voila streams the page while the cells run: do not wait for its load event (on a busy
        # machine it comes after every cell), wait for a widget view, which means the kernel is live.
        page.goto(f"{voila.url}/voila/render/{name}", wait_until="commit")
        page.locator(".jupyter-widgets, .widget-box, .jp-OutputArea-output").first.wait_for(timeout=90000)
        page.wait_for_load_state("networkidle")
        visit.ready()
        body = page.inner_text("body")
        for sign in ("Traceback", "There was an error when executing cell"):
            assert sign not in body, f"{name} shows an error in app mode:\n{body[:3000]}"
        plain = page.locator(_PLAIN_ERROR.replace(".jp-OutputArea-output ", ""))
        assert plain.count() == 0, f"{name} shows an error in app mode: {plain.all_inner_texts()}"
        assert page.evaluate(_VOILA_CODE_VISIBLE) == 0, f"{name}: code is visible in app mode"
        assert "from infoview" not in body, f"{name}: code is visible in app mode"
        assert "For coders" not in body, f"{name}: the optional notes for coders show in app mode"
        own = own_a11y_violations(page, axe_script)
        assert not own, f"{name} (app mode): serious or critical accessibility violations: {own}"
        before = _tracker_fingerprint(voila.db)
        action = visit.interact()
        if action is not None and action.writes_tracker:
            assert _tracker_fingerprint(voila.db) != before, (
                f"{name}: the learner's action in app mode was not saved in the tracker file {voila.db}"
            )
        visit.finish()


# --------------------------------------------------------------------------------------
# Accessibility: axe-core on every notebook, in JupyterLab and in app mode
# --------------------------------------------------------------------------------------

#: Serious or critical axe violations that belong to JupyterLab, Voila or a widget library, not
#: to this project's notebooks: (rule id, a regex on the offending element's selector), each
#: with its upstream issue. Anything else serious or critical fails the test.
UPSTREAM_A11Y = [
    # JupyterLab's toolbar web components put aria-pressed on <jp-button role="none">:
    # jupyterlab/jupyterlab#16891.
    ("aria-allowed-attr", re.compile(r"jp-button|jp-toolbar|jp-ToolbarButtonComponent")),
    # CodeMirror's editable div (role=textbox) has no accessible name: jupyter/notebook#6671.
    ("aria-input-field-name", re.compile(r"cm-content")),
    # The notebook's windowed list (role=feed) holds cells without role=article: jupyterlab/jupyterlab#16890.
    ("aria-required-children", re.compile(r"jp-WindowedPanel-viewport|role=\"?feed")),
    # The collapse-heading toggle has no text: jupyterlab/jupyterlab#16890.
    ("button-name", re.compile(r"jp-collapseHeadingButton")),
    # JupyterLab's own chrome colours (status bar, toolbar, file browser): jupyterlab/jupyterlab#9399.
    (
        "color-contrast",
        re.compile(
            r"\.jp-StatusBar|\.jp-Toolbar|\.jp-DirListing|\.jp-SideBar|\.lm-TabBar|\.jp-InputPrompt|"
            r"\.jp-OutputPrompt|\.jp-InputArea-prompt|\.jp-OutputArea-prompt|\.cm-|\.jp-Notebook-footer|"
            r"\.jp-MainMenu|\.lm-MenuBar|#jp-top-panel|\.jp-Dialog"
        ),
    ),
    # ipywidgets' range slider (noUiSlider) gives its handles no accessible name: leongersen/noUiSlider#1223.
    ("aria-input-field-name", re.compile(r"noUi-handle")),
    ("scrollable-region-focusable", re.compile(r"\.jp-WindowedPanel|\.jp-DirListing|\.lm-")),
]


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core 4 from npm (TESTING.md), installed once into test-artifacts/."""
    target = ARTIFACTS / "axe"
    script = target / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed, so axe-core cannot be fetched")
        target.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--prefix", str(target), "axe-core@4", "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not script.exists():
            pytest.skip(f"could not install axe-core with npm: {done.stderr[-500:]}")
    return script


def own_a11y_violations(page, axe_script: Path) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations on the page that are not on the upstream allow-list."""
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            context = target + " " + node.get("html", "")[:300]
            if any(rule == violation["id"] and pattern.search(context) for rule, pattern in UPSTREAM_A11Y):
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {target} {node.get('html', '')[:160]}")
    return found


# --------------------------------------------------------------------------------------
# App mode: a learner does every exercise, wrong then right, by keyboard and mouse
# --------------------------------------------------------------------------------------


def _exercise_plan(eid: str) -> tuple[list, re.Pattern, list]:
    """(steps of a specific wrong answer, the feedback it must get, steps of a right answer).

    A step is ("select", label, option), ("tick", label, item) / ("untick", label, item) with
    ``item`` the item's id or None, ("radio", option) or ("type", label, text).
    """
    from infoview import exercises as ex
    from infoview.contacts import sort_targets, target_exercise
    from infoview.conversation import conversation_steps, listening_exercise
    from infoview.outcomes import advice
    from infoview.outreach import example_messages, rule_labels
    from infoview.prep import closed_examples, exercise_list, load_question_bank
    from infoview.start import EVIDENCE_CHOICES, numbers, requests_exercise
    from infoview.tracker import CHANNEL_LABELS

    def labels_plan(items, prefix, choices, key):
        right = [("select", f"{prefix} {n}:", choices[item[key]]) for n, item in enumerate(items, 1)]
        first = items[0][key]
        wrong_label = next(label for value, label in choices.items() if value != first)
        return [("select", f"{prefix} 1:", wrong_label)], re.compile(r"Look again at"), right

    if eid == "requests":
        choices = {"advice": "Asks for advice (an informational interview)", "job_ask": "A job ask"}
        return labels_plan(requests_exercise(), "Request", choices, "kind")
    if eid == "evidence":
        return labels_plan(numbers(), "Figure", EVIDENCE_CHOICES, "use")
    if eid == "channels":
        return labels_plan(ex.load_toml("sourcing").get("channel_example", []), "Contact", CHANNEL_LABELS, "channel")
    if eid == "target_order":
        top = sort_targets(target_exercise())["employer"].tolist()[:5]
        wrong = [("select", "Position 1:", top[1]), ("select", "Position 2:", top[0])]
        return (
            wrong,
            re.compile(r"Position 1: .+ comes before"),
            [("select", f"Position {n}:", e) for n, e in enumerate(top, 1)],
        )
    if eid == "phase_order":
        text = {s["id"]: f"{s['id']}: {s['text']}" for s in conversation_steps()}
        order = lambda letters: [("select", f"Position {n}:", text[c]) for n, c in enumerate(letters, 1)]  # noqa: E731
        return order("ACEDGBF"), re.compile(r"Step A, .+ comes after step\(s\) C"), order("CEADGBF")
    if eid == "spot":
        labels = rule_labels()
        right = []
        for spot in example_messages().get("spot", []):
            right += [("tick", f"{labels.get(r, r)} ({r})", spot["id"]) for r in spot["breaks"]]
        first = example_messages()["spot"][0]
        return (
            [("tick", f"{labels.get(first['breaks'][0])} ({first['breaks'][0]})", first["id"])],
            re.compile(r"Message A: 1 of 2 found"),
            right,
        )
    if eid == "question_list":
        bank = {q.id: q for q in load_question_bank()}
        label = lambda qid: f"{qid} · {bank[qid].category} · {bank[qid].minutes:g} min · {bank[qid].text}"  # noqa: E731
        good = ["sm01", "tr01", "in02", "ad01", "re01", "as09", "nx01", "nx02"]
        right = [("untick", label(q), None) for q in exercise_list() if q not in good]
        right += [("tick", label(q), None) for q in good]
        return [], re.compile(r"\d of \d correct so far"), right  # the preset list is the wrong answer
    if eid == "open_questions":
        first = closed_examples()[0]
        rewrites = ex.exercise_info("open_questions")["worked_answer"].splitlines()
        right = [("type", f"Open version of: {e['text']}", r) for e, r in zip(closed_examples(), rewrites)]
        return (
            [("type", f"Open version of: {first['text']}", "Why?")],
            re.compile(r"write a whole question of at least \d+ words"),
            right,
        )
    if eid == "listening":
        responses = listening_exercise()["response"]
        label = {r["id"]: f"({r['id']}) {r['text']}" for r in responses}
        return (
            [("tick", label["b"], None)],
            re.compile(r"\(b\) is not active listening"),
            [("untick", label["b"], None)] + [("tick", label[r["id"]], None) for r in responses if r["active"]],
        )
    if eid == "three_b_seven":
        return (
            [("type", "Day 3 (contact a second person):", "2026-04-07"), ("type", "Day 7 (nudge once):", "2026-04-14")],
            re.compile(r"skips the weekend but not the holiday"),
            [("type", "Day 3 (contact a second person):", "2026-04-08")],
        )
    if eid == "rewrite":
        worked = ex.exercise_info("rewrite")["worked_answer"].split("\n\nWhy:")[0]
        return [], re.compile(r"That is still the original message"), [("type", "Your message", worked)]
    if eid == "thank_you":
        return [], re.compile(r"Not yet:"), [("type", "Your note", ex.exercise_info("thank_you")["worked_answer"])]
    if eid == "reply_rate":
        return (
            [("type", "Reply rate (e.g. 0.5 or 50%):", "50%"), ("type", "Out of how many contacts:", "6")],
            re.compile(r"not everyone you identified"),
            [("type", "Reply rate (e.g. 0.5 or 50%):", "60%"), ("type", "Out of how many contacts:", "5")],
        )
    if eid == "action":
        item = next(a for a in advice() if a["metric"] == "reply_rate")
        return ([("radio", item["distractors"][0])], re.compile(r"Not the best choice"), [("radio", item["action"])])
    if eid.startswith("moment_"):  # an awkward moment: a reply not marked good, then one that is
        e = ex.exercise_info(eid)
        bad = next(o for o in e["options"] if o["id"] not in e["answer"])
        good = next(o for o in e["options"] if o["id"] in e["answer"])
        return [("radio", bad["text"])], re.compile(re.escape(bad["feedback"][:40])), [("radio", good["text"])]
    if eid in ("introduction", "keep_in_touch"):
        e = ex.exercise_info(eid)
        label = e["fields"][0]["label"]
        wrong, says = {
            "introduction": ("I'm Jo.", r"Say what you hope to learn"),
            "keep_in_touch": ("Hi, any openings on your team?", r"Ask for nothing"),
        }[eid]
        return [("type", label, wrong)], re.compile(says), [("type", label, e["worked_answer"].split("\n\nWhy:")[0])]
    raise AssertionError(f"no browser plan for exercise {eid!r}: add one to _exercise_plan")


def _do(page, box, step) -> None:
    """One learner step: text by keyboard (focus, select all, type), choices by mouse."""
    kind = step[0]
    if kind == "type":
        field = box.get_by_label(step[1], exact=True)
        field.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.insert_text(step[2])
        page.keyboard.press("Tab")  # leave the box, as a learner moving on to the next control does
        # A learner's pause before the next control. ipywidgets holds a model's state update back
        # while an earlier one awaits the kernel (its message throttle) but sends a button's click at
        # once, so a click a few milliseconds after typing could reach the kernel before the typed
        # value (seen once in CI on 06: "Fill in both answers" after both were typed).
        page.wait_for_timeout(400)
    elif kind == "select":
        box.get_by_label(step[1], exact=True).select_option(label=step[2])
    elif kind in ("tick", "untick"):
        scope = box.locator(f".infoview-item-{step[2]}") if step[2] else box
        checkbox = scope.get_by_label(step[1], exact=True)
        checkbox.set_checked(kind == "tick")
    elif kind == "radio":
        box.get_by_label(step[1], exact=True).check()
    else:
        raise AssertionError(step)


_SOLVED = re.compile(r"All correct|Correct|Ready to send|Right\.|All problems spotted|It fits")


@pytest.fixture(scope="session")
def voila_fresh(tmp_path_factory, curriculum_copy) -> Server:
    """App mode for a learner who has done nothing yet (an empty tracker): every answer is hidden."""
    yield from _voila_server(
        tmp_path_factory.mktemp("voila-fresh-home"), curriculum_copy, "voila-exercises.log", seed=False
    )


def _open_app(page, url: str) -> None:
    page.goto(url, wait_until="commit")  # Voila streams the page while its cells run
    page.locator(".infoview-exercise").first.wait_for(timeout=90000)
    page.wait_for_load_state("networkidle")


def _shown_exercises(name: str) -> list[str]:
    """The exercises a notebook shows when it opens: every one of a stage; in a lesson between the
    stages, its tools' exercises and the first moment of its "what would you say?" picker."""
    from infoview import exercises as ex

    lesson = next(s for s in ex.stages() if s["notebook"] == name)
    ids = [e["id"] for e in ex.stage_exercises(lesson["id"])]
    first_moment = next((i for i in ids if i.startswith("moment_")), None)
    return [i for i in ids if not i.startswith("moment_") or i == first_moment]


#: The notebooks with exercises: the stages and the lessons between them (not the role-play or the glossary).
_EXERCISE_NOTEBOOKS = [pytest.param(n, id=Path(n).stem) for n in NOTEBOOKS if _shown_exercises(n)]


@pytest.mark.parametrize("name", _EXERCISE_NOTEBOOKS)
def test_a_learner_does_every_exercise_in_app_mode(name, voila_fresh, browser, timings):
    from infoview import exercises as ex

    lesson = next(s for s in ex.stages() if s["notebook"] == name)
    stage = lesson["stage"]
    ids = _shown_exercises(name)
    total = len(ex.stage_exercises(lesson["id"]))
    with Visit(browser, "app-exercises", Path(name).stem, timings) as visit:
        page = visit.page
        _open_app(page, f"{voila_fresh.url}/voila/render/{name}")
        visit.ready()
        for eid in ids:
            box = page.locator(f".infoview-exercise-{eid}")
            box.scroll_into_view_if_needed()
            show = box.locator(".infoview-exercise-show")
            assert not show.is_visible(), f"{eid}: the worked answer is offered before a try"
            assert box.locator(".infoview-worked").count() == 0
            wrong, wrong_feedback, right = _exercise_plan(eid)
            for step in wrong:
                _do(page, box, step)
            # Keyboard: focus the Check button and press Enter.
            box.locator(".infoview-exercise-check").focus()
            page.keyboard.press("Enter")
            feedback = box.locator(".infoview-exercise-feedback")
            _wait_text_match(page, feedback, wrong_feedback)
            assert not _SOLVED.search(_text_of(feedback).split("\n")[0]), f"{eid}: a wrong answer was praised"
            assert box.locator('.infoview-exercise-feedback [role="status"]').count() == 1
            _wait_text_match(page, box.locator(".infoview-attempts"), re.compile(r"Attempts: 1\b"))
            show.wait_for(state="visible")  # offered after the first try
            for step in right:
                _do(page, box, step)
            box.locator(".infoview-exercise-check").click()  # mouse
            _wait_text_match(page, feedback, _SOLVED)
            _wait_text_match(page, box.locator(".infoview-attempts"), re.compile(r"Attempts: 2 · solved"))
            show.click()
            _wait_text_match(page, box.locator(".infoview-exercise-worked"), re.compile(r"Worked answer"))
        visit.record["open_to_widget_response_s"] = round(time.monotonic() - visit.started, 2)
        visit.record["interaction"] = f"every exercise of stage {stage}, wrong then right, then reload"
        # A reload: the attempts, "solved" and the offer of the worked answer come back from the tracker.
        _open_app(page, f"{voila_fresh.url}/voila/render/{name}")
        for eid in ids:
            box = page.locator(f".infoview-exercise-{eid}")
            _wait_text_match(page, box.locator(".infoview-attempts"), re.compile(r"Attempts: 2 · solved"))
            assert box.locator(".infoview-exercise-show").is_visible()
        progress = page.locator(".infoview-progress").last
        what = f"Stage {stage}" if isinstance(stage, int) else f"Lesson {stage}"
        _wait_text_match(page, progress, re.compile(rf"{what}: {len(ids)}/{total} exercises"))
        visit.finish()


# --------------------------------------------------------------------------------------
# Notebook 06: a learner shares their summary without a terminal (issue 17)
# --------------------------------------------------------------------------------------

_LEARNER_ID = re.compile(rb'"learner_id": "[^"]*"')


def _exported(db: Path, out: Path) -> bytes:
    """What ``infoview export --anonymized`` writes for the server's tracker (same date and content)."""
    env = _server_env(out.parent, db)
    done = subprocess.run(
        [sys.executable, "-m", "infoview", "export", "--anonymized", str(out), "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def _share_and_check(page, server: Server, axe_script: Path, tmp: Path, label: str) -> None:
    share = page.locator(".infoview-share")
    prepare = share.locator(".infoview-share-prepare")
    prepare.scroll_into_view_if_needed()
    prepare.click()
    _wait_text_match(page, share, re.compile(r"Prepared your summary"))
    what = share.locator(".infoview-share-what")
    _wait_text_match(page, what, re.compile(r"contact\(s\) on your list; \d+ written to"))
    assert "Not included: names, e-mail addresses" in _text_of(what)
    what.locator("details summary").click()  # the file itself, folded until asked for
    what.locator("pre").wait_for(state="visible")
    own = own_a11y_violations(page, axe_script)
    assert not own, f"06 share tool ({label}): serious or critical accessibility violations: {own}"
    link = share.locator("a[download]")
    assert re.fullmatch(r"infoview-summary-learner-[0-9a-f]{12}\.json", link.get_attribute("download") or "")
    link.focus()  # keyboard: the link is focusable and Enter downloads
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    got = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == link.get_attribute("download")
    expected = _exported(server.db, tmp / f"{label}-exported.json")
    assert _LEARNER_ID.sub(b'"learner_id": ""', got) == _LEARNER_ID.sub(b'"learner_id": ""', expected), (
        f"{label}: the downloaded summary differs from 'infoview export --anonymized' beyond its learner id"
    )
    assert _LEARNER_ID.search(got).group(0) == _LEARNER_ID.search(expected).group(0)  # the id kept in the tracker
    # The exchange folder this server was given: Hand in writes the same bytes there.
    share.locator(".infoview-share-hand-in").click()
    status = share.locator(".infoview-share-status [role=status]")
    _wait_text_match(page, status, re.compile(r"Handed in as learner-[0-9a-f]{12}\.json"))
    handed = server.db.parent / "exchange"  # the server's home: _server_env made it beside the tracker
    (file,) = [p for p in handed.iterdir() if not p.name.startswith(".")]
    assert file.read_bytes() == got


def test_a_learner_shares_their_summary_from_06_in_jupyterlab(lab, browser, timings, axe_script, tmp_path):
    name = "06_tracking_outcomes.ipynb"
    _seed_with_sample_learner(lab.db)  # a learner with their own ten weeks, so it is theirs, not the sample
    with Visit(browser, "lab-share", "06_tracking_outcomes", timings) as visit:
        try:
            state = _run_all_in_lab(visit.page, lab.url, name, "share-06")
            visit.ready()
            assert state == "done", f"{name} raised while running all cells"
            visit.record["interaction"] = "share: prepare, open the file, download by keyboard, hand in"
            _share_and_check(visit.page, lab, axe_script, tmp_path, "lab")
            visit.record["open_to_widget_response_s"] = round(time.monotonic() - visit.started, 2)
            visit.finish()
        finally:
            _shutdown_sessions(visit.context, lab.url)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{lab.db}{suffix}").unlink(missing_ok=True)
            for handed in (lab.db.parent / "exchange").iterdir():
                handed.unlink()


def test_a_learner_shares_their_summary_from_06_in_app_mode(voila, browser, timings, axe_script, tmp_path):
    with Visit(browser, "voila-share", "06_tracking_outcomes", timings) as visit:
        page = visit.page
        page.goto(f"{voila.url}/voila/render/06_tracking_outcomes.ipynb", wait_until="commit")
        page.locator(".infoview-share-prepare").wait_for(timeout=90000)
        page.wait_for_load_state("networkidle")
        visit.ready()
        assert "If you prefer a terminal" not in page.inner_text("body")  # no command in app mode
        visit.record["interaction"] = "share: prepare, open the file, download by keyboard, hand in"
        _share_and_check(page, voila, axe_script, tmp_path, "voila")
        visit.record["open_to_widget_response_s"] = round(time.monotonic() - visit.started, 2)
        visit.finish()
