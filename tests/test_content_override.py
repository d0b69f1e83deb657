"""An instructor's content folder (INFOVIEW_CONTENT) changes what the library and notebooks show,
and every notebook runs with the career-changers example folder of docs/instructors.md.

Missing keys fall back to the defaults in data/content/, and a malformed file gets a
message naming the file and the line.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from infoview import content
from infoview.content import ContentError, load_toml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TODAY = "2026-03-16"

# 82 words: over the default limit (75, Dalton 2nd ed.), under an instructor's 100 (1st ed.).
EIGHTY_TWO_WORDS = (
    "Hi Dana, we met at the Lakeside alumni evening in February and your talk about transit data stayed "
    "with me. Your team at Example Transit Lab works on exactly the questions I hope to work on, and I "
    "would value your advice on how you moved into the field and what you would learn first in my place. "
    "Could we talk for 20 minutes by phone or video in the next few weeks, at a time that suits you? "
    "Thank you, Sam"
)


@pytest.fixture
def instructor_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "my-course"
    folder.mkdir()
    monkeypatch.setenv("INFOVIEW_CONTENT", str(folder))
    return folder


def test_the_example_message_is_between_the_two_limits():
    from infoview.outreach import review

    assert review(EIGHTY_TWO_WORDS).word_count == 82


def test_a_custom_course_name_shows_and_the_audience_falls_back(instructor_folder):
    default = load_toml("course", content.default_content_dir())["course"]
    (instructor_folder / "course.toml").write_text('[course]\nname = "Career Switch Lab, spring 2026"\n')

    course = load_toml("course")["course"]

    assert course["name"] == "Career Switch Lab, spring 2026"
    assert course["audience"] == default["audience"]  # not in the instructor's file: the default
    assert default["name"] != course["name"]


def test_a_changed_word_limit_changes_the_review(instructor_folder, monkeypatch):
    from infoview.outreach import review

    monkeypatch.delenv("INFOVIEW_CONTENT")
    default = review(EIGHTY_TWO_WORDS)
    assert default.max_words == 75
    assert "length" in {f.rule for f in default.findings}

    monkeypatch.setenv("INFOVIEW_CONTENT", str(instructor_folder))
    (instructor_folder / "outreach_rules.toml").write_text(
        "[length]\nmax_words = 100\n"
        'source = "Dalton, The 2-Hour Job Search, 1st ed. (2012): the 5-Point Email, under 100 words."\n'
    )
    adapted = review(EIGHTY_TWO_WORDS)

    assert adapted.max_words == 100
    assert "length" not in {f.rule for f in adapted.findings}
    # Every other rule kept its default: the same findings apart from length.
    assert {f.rule for f in adapted.findings} == {f.rule for f in default.findings} - {"length"}


def test_a_malformed_file_names_the_file_and_the_line(instructor_folder):
    bad = instructor_folder / "course.toml"
    bad.write_text('# my course\n[course]\nname = "Career Switch Lab\naudience = "adults"\n')

    with pytest.raises(ContentError) as caught:
        load_toml("course")

    message = str(caught.value)
    assert str(bad) in message
    assert "line 3" in message


def test_a_wrong_value_type_in_the_word_limit_is_explained_not_a_traceback(instructor_folder):
    from infoview.outreach import review

    (instructor_folder / "outreach_rules.toml").write_text('[length]\nmax_words = "seventy"\n')
    with pytest.raises(ContentError) as caught:
        review("Hi, could we talk?")
    assert "max_words" in str(caught.value)


def test_a_missing_content_folder_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path / "nowhere"))
    with pytest.raises(ContentError, match="nowhere.*does not exist"):
        load_toml("course")


def test_a_question_bank_line_with_an_unknown_category_is_named(instructor_folder):
    from infoview.prep import load_question_bank

    (instructor_folder / "questions.csv").write_text(
        "id,text,category,phase,minutes,tags\n"
        "cc01,What surprised you most?,Insights,qa,2,any\n"
        "cc02,Where is the field going?,Gossip,qa,2,any\n"
    )
    with pytest.raises(ContentError) as caught:
        load_question_bank()
    assert "questions.csv, line 3" in str(caught.value)
    assert "Gossip" in str(caught.value)


@pytest.mark.slow
def test_an_instructors_folder_changes_what_notebook_00_shows(instructor_folder, tmp_path, monkeypatch):
    """Run the start notebook as a learner would, with the instructor's examples and figures."""
    from nbclient import NotebookClient

    (instructor_folder / "start.toml").write_text(
        "[[request]]\n"
        'id = "r1"\n'
        'text = "After twelve years as a nurse, I am curious how you moved into health informatics. Could we talk for 20 minutes?"\n'
        'kind = "advice"\n'
        'why = "A curious question about their path and a small time ask."\n'
        "\n[[request]]\n"
        'id = "r2"\n'
        'text = "Is your hospital hiring informatics analysts? I have attached my CV."\n'
        'kind = "job_ask"\n'
        'why = "It asks about openings."\n'
    )
    (instructor_folder / "numbers.toml").write_text(
        "[[figure]]\n"
        'id = "local_survey"\n'
        'claim = "In our 2025 alumni survey, 31 of 88 career changers found their new role through someone they met."\n'
        'source = "Example College alumni survey (2025, n = 88)"\n'
        'reliability = "Medium: self-selected respondents."\n'
        'use = "data"\n'
    )
    (instructor_folder / "course.toml").write_text(
        '[course]\nname = "Career Switch Lab, spring 2026"\ninstructor = "A. Example"\n'
    )
    monkeypatch.setenv("INFOVIEW_DB", str(tmp_path / "tracker.sqlite"))
    monkeypatch.setenv("INFOVIEW_TODAY", SAMPLE_TODAY)
    nb = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()

    shown = json.dumps([c.get("outputs", []) for c in nb.cells]) + json.dumps(nb.metadata.get("widgets", {}))
    assert "Career Switch Lab, spring 2026" in shown  # their course name heads the notebook
    assert "Anyone exploring a career" in shown  # the audience they left out: the default
    assert "After twelve years as a nurse" in shown  # the quiz uses the instructor's requests
    assert "31 of 88 career changers" in shown  # the figures table uses their figures
    assert "Granovetter" not in shown.split("Key points")[0]  # their list replaced the default list
    assert "Northwind Labs. Are there any openings" not in shown


# ---------------------------------------------------------------- the worked example in docs/instructors.md

CAREER_CHANGERS = ROOT / "docs" / "examples" / "career-changers"
DANA = {
    "first_name": "Dana",
    "last_name": "Reyes",
    "company": "Example Transit Lab",
    "position": "Data Analyst",
    "channel": "cold",
}


def test_the_career_changers_folder_reads_cleanly():
    from infoview.workshop import check_content

    results = check_content(CAREER_CHANGERS)
    assert {name for name, _, _ in results} == {
        "course.toml",
        "outreach_rules.toml",
        "questions.csv",
        "start.toml",
        "templates.toml",
    }
    assert all(status == "ok" for _, status, _ in results), results


def test_the_career_changers_folder_changes_course_rules_templates_questions_and_examples(monkeypatch):
    from infoview import outreach, prep, start

    monkeypatch.setenv("INFOVIEW_CONTENT", str(CAREER_CHANGERS))
    assert load_toml("course")["course"]["name"].startswith("Changing careers")
    assert load_toml("course")["course"]["instructor"] == ""  # not in their file: the default

    # A longer limit (Dalton 1st ed.): the 82-word message passes the length rule.
    assert outreach.review(EIGHTY_TWO_WORDS).max_words == 100

    # The new template, beside the defaults, fills into a message that is ready to send.
    defaults = set(outreach.templates(content.default_content_dir()))
    assert {"referral", "alumni", "cold", "event"} <= defaults
    assert set(outreach.templates()) == defaults | {"bridge"}
    message = outreach.render_template(
        "bridge", DANA, field="transit analytics", specific="your ridership dashboards", your_name="Sam"
    )
    result = outreach.review(message, contact=DANA)
    assert result.ok, [(f.rule, f.message) for f in result.findings]

    # Their question bank: no student or veteran questions, the career-changer ones open to all, six new.
    bank = prep.load_question_bank()
    tags = {t for q in bank for t in q.tags}
    assert not tags & {"student", "veteran", "career_changer"}
    assert {f"cc0{i}" for i in range(1, 7)} <= {q.id for q in bank}
    chosen = prep.select_questions(bank, 20)
    assert sum(q.minutes for q in chosen) <= 18 and any(
        q.id.startswith("cc") or q.id in {"tr11", "in11"} for q in chosen
    )

    # Notebook 00's exercise uses their five requests.
    requests = start.requests_exercise()
    assert len(requests) == 5 and "retail management" in requests[0]["text"]
    assert start.check_requests({r["id"]: r["kind"] for r in requests}).ok


def test_check_content_names_the_bad_file_and_line_and_flags_unknown_files(tmp_path):
    from infoview.workshop import check_content

    (tmp_path / "course.toml").write_text('[course]\nname = "Spring class"\n')
    (tmp_path / "outreach_rules.toml").write_text("[length]\nmax_words = \n")
    (tmp_path / "outreach_rule.toml").write_text("[length]\nmax_words = 100\n")

    results = {name: (status, message) for name, status, message in check_content(tmp_path)}

    assert results["course.toml"][0] == "ok"
    assert results["outreach_rules.toml"][0] == "error"
    assert "outreach_rules.toml" in results["outreach_rules.toml"][1] and "line 2" in results["outreach_rules.toml"][1]
    assert results["outreach_rule.toml"][0] == "warning"
    assert "does not read" in results["outreach_rule.toml"][1]


def test_check_content_uses_each_stages_own_checks(tmp_path):
    from infoview.workshop import check_content

    (tmp_path / "followup.toml").write_text('[thank_you]\nwithin_hours = "24"\n')  # a quoted number
    (tmp_path / "outcomes.toml").write_text("min_contacts = 3\n")  # fine

    results = {name: (status, message) for name, status, message in check_content(tmp_path)}

    assert results["followup.toml"][0] == "error" and "within_hours" in results["followup.toml"][1]
    assert results["outcomes.toml"][0] == "ok"


def test_cli_check_content_exits_1_on_errors(tmp_path, capsys):
    from infoview import cli

    assert cli.main(["check-content", str(CAREER_CHANGERS)]) == 0
    assert "ready" in capsys.readouterr().out
    (tmp_path / "prep.toml").write_text("[meeting\nlengths = [20]\n")
    assert cli.main(["check-content", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "ERROR" in out and "prep.toml" in out and "line 1" in out
    assert cli.main(["check-content", str(tmp_path / "missing")]) == 2


# What each notebook must show under the career-changers folder (notebooks not listed must
# simply run: they read none of the files the example changes, or show them only in widgets).
CAREER_CHANGERS_SHOWN = {
    # course.toml's name; start.toml's requests are shown only in the exercise widget (the
    # instructor-folder test above reads them from the notebook's widget state)
    "00_start_here": ("Changing careers",),
    "02_crafting_outreach": ("of 100 words",),  # outreach_rules.toml: the reviews use the 100-word limit
    "03_preparing": ("cc06",),  # questions.csv: their bank, with their own questions
}
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_runs_with_the_career_changers_folder(path, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("INFOVIEW_CONTENT", str(CAREER_CHANGERS))
    monkeypatch.setenv("INFOVIEW_DB", str(tmp_path / "tracker.sqlite"))
    monkeypatch.setenv("INFOVIEW_TODAY", SAMPLE_TODAY)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = json.dumps(outputs)
    for expected in CAREER_CHANGERS_SHOWN.get(path.stem, ()):
        assert expected in shown, f"{path.name} does not show the instructor's content ({expected!r})"


def test_an_edited_content_file_is_read_again_even_at_the_same_size(tmp_path):
    """Parsed files are kept between clicks, keyed by what the file says: an instructor's edit of
    the same length is seen at once, and a caller changing what it got changes nothing kept."""
    (tmp_path / "course.toml").write_text('[course]\nname = "Class A"\n', encoding="utf-8")
    first = load_toml("course", tmp_path)
    assert first["course"]["name"] == "Class A"
    first["course"]["name"] = "changed by a caller"
    assert load_toml("course", tmp_path)["course"]["name"] == "Class A"
    (tmp_path / "course.toml").write_text('[course]\nname = "Class B"\n', encoding="utf-8")
    assert load_toml("course", tmp_path)["course"]["name"] == "Class B"
