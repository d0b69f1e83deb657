"""Stage 3: the question bank, selection against the time budget, list editing, the brief."""

from __future__ import annotations

import shutil

import pytest

from infoview import prep
from infoview.content import ContentError
from infoview.prep import Question

TIARA = {"Trends", "Insights", "Advice", "Resources", "Assignments"}
TAG_SETS = [
    None,
    [],
    ["student"],
    ["career_changer"],
    ["veteran"],
    ["technical"],
    ["student", "technical"],
    ["veteran", "career_changer", "technical", "student"],
]


@pytest.fixture(scope="module")
def bank():
    return prep.load_question_bank()


# ------------------------------------------------------------------ the bank
def test_bank_has_at_least_70_questions_in_every_category_and_phase(bank):
    assert len(bank) >= 70
    assert {q.category for q in bank} == TIARA
    assert {q.phase for q in bank} == {"small_talk", "qa", "next_steps"}
    assert len({q.id for q in bank}) == len(bank)
    assert all(0 < q.minutes <= 10 for q in bank)


def test_bank_has_the_closing_asks_as_next_steps(bank):
    closing = [q for q in bank if "closing" in q.tags]
    texts = " ".join(q.text.lower() for q in closing)
    assert all(q.phase == "next_steps" for q in closing)
    assert "who else" in texts and "mention your name" in texts


def test_bank_questions_are_open_except_the_closing_permission_ask(bank):
    closed = [q.id for q in bank if prep.is_closed_question(q.text)]
    assert closed == ["nx02"]  # "May I mention your name?" is a yes/no ask by nature


def test_tiara_source_is_cited():
    assert "2-Hour Job Search" in prep.load_settings()["tiara_source"]


def _custom_bank(tmp_path, rows: str):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "questions.csv").write_text(rows, encoding="utf-8")
    return folder


def test_bank_missing_column_names_the_file_and_line(tmp_path):
    folder = _custom_bank(tmp_path, "id,text,category,phase,minutes\nq1,Why?,Trends,qa,2\n")
    with pytest.raises(ContentError, match=r"questions\.csv, line 1: missing column\(s\) tags"):
        prep.load_question_bank(folder)


def test_bank_unknown_category_names_the_line(tmp_path):
    folder = _custom_bank(
        tmp_path, "id,text,category,phase,minutes,tags\nq1,Why?,Trends,qa,2,any\nq2,How?,Gossip,qa,2,any\n"
    )
    with pytest.raises(ContentError, match=r"questions\.csv, line 3: unknown category 'Gossip'.*TIARA"):
        prep.load_question_bank(folder)


@pytest.mark.parametrize("minutes", ["two", "0", "-1", "45", ""])
def test_bank_bad_minutes_names_the_line(tmp_path, minutes):
    folder = _custom_bank(tmp_path, f"id,text,category,phase,minutes,tags\nq1,Why?,Trends,qa,{minutes},any\n")
    with pytest.raises(ContentError, match=r"line 2: minutes"):
        prep.load_question_bank(folder)


def test_bank_unknown_phase_and_duplicate_id(tmp_path):
    folder = _custom_bank(tmp_path, "id,text,category,phase,minutes,tags\nq1,Why?,Trends,lunch,2,any\n")
    with pytest.raises(ContentError, match=r"line 2: unknown phase 'lunch'"):
        prep.load_question_bank(folder)
    (folder / "questions.csv").write_text(
        "id,text,category,phase,minutes,tags\nq1,Why?,Trends,qa,2,any\nq1,How?,Advice,qa,2,any\n", encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"line 3: id 'q1' is used twice \(first on line 2\)"):
        prep.load_question_bank(folder)


def test_instructor_bank_replaces_the_default(tmp_path, root):
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(root / "data/content/questions.csv", folder / "questions.csv")
    with open(folder / "questions.csv", "a", encoding="utf-8") as fh:
        fh.write("my01,What is the first thing you check each morning?,Insights,qa,2,any\n")
    assert "my01" in {q.id for q in prep.load_question_bank(folder)}


# ------------------------------------------------------------------ selection
@pytest.mark.parametrize("minutes", [20, 30])
@pytest.mark.parametrize("tags", TAG_SETS)
def test_selection_fits_covers_tiara_and_closes(bank, minutes, tags):
    for seed in range(15):
        chosen = prep.select_questions(bank, minutes, tags=tags, seed=seed)
        b = prep.budget(chosen, minutes)
        assert not b.over and b.used <= minutes - 2, (seed, b)
        assert len({q.category for q in chosen}) >= 3
        assert len({q.category for q in chosen if q.phase == "qa"}) >= 3
        ids = [q.id for q in chosen]
        assert "nx01" in ids and "nx02" in ids
        assert chosen[0].phase == "small_talk"
        phases = [q.phase for q in chosen]
        assert phases == sorted(phases, key=["small_talk", "qa", "next_steps"].index)
        assert len(set(ids)) == len(ids)
        assert prep.list_problems(chosen, minutes, bank=bank) == []


def test_selection_respects_tags(bank):
    chosen = prep.select_questions(bank, 30, tags=["veteran"])
    assert all("any" in q.tags or "veteran" in q.tags for q in chosen)
    assert any("veteran" in q.tags for q in chosen)
    plain = prep.select_questions(bank, 30)
    assert not any(set(q.tags) - {"any", "closing"} and "any" not in q.tags for q in plain)


def test_selection_prefers_questions_matching_objectives(bank):
    chosen = prep.select_questions(bank, 20, objectives=["Which certifications or courses are worth it"])
    assert "ad12" in [q.id for q in chosen]


def test_selection_is_deterministic_per_seed_and_varies_across_seeds(bank):
    a = [q.id for q in prep.select_questions(bank, 20, seed=1)]
    assert a == [q.id for q in prep.select_questions(bank, 20, seed=1)]
    assert len({tuple(q.id for q in prep.select_questions(bank, 20, seed=s)) for s in range(5)}) > 1


def test_selection_longer_meeting_gets_more_questions(bank):
    assert len(prep.select_questions(bank, 30)) > len(prep.select_questions(bank, 20))


def test_selection_bad_input(bank):
    with pytest.raises(ValueError, match="No question is tagged astronaut"):
        prep.select_questions(bank, 20, tags=["astronaut"])
    with pytest.raises(ValueError, match="leaves no time"):
        prep.select_questions(bank, 2)
    with pytest.raises(ValueError, match="not a number of minutes"):
        prep.select_questions(bank, "twenty")
    with pytest.raises(ValueError, match="cannot even hold the closing asks"):
        prep.select_questions(bank, 3)


# ------------------------------------------------------------------ budget and editing
def test_budget_used_remaining_over():
    qs = [Question("a", "What?", "Trends", "qa", 10), Question("b", "How?", "Advice", "qa", 8)]
    b = prep.budget(qs, 20)
    assert (b.used, b.limit, b.remaining, b.over) == (18.0, 18.0, 0.0, False)
    b = prep.budget(qs + [Question("c", "Why?", "Advice", "qa", 0.5)], 20)
    assert b.over and b.remaining == -0.5
    assert "0.5 over" in str(b)
    assert prep.budget([], 30).remaining == 28
    assert prep.budget([q.to_dict() for q in qs], 20).used == 18


@pytest.mark.parametrize("minutes", [20, 30])
def test_swap_keeps_category_and_budget(bank, minutes):
    for seed in range(5):
        chosen = prep.select_questions(bank, minutes, seed=seed)
        for index in range(len(chosen)):
            try:
                after = prep.swap_question(chosen, index, bank, minutes)
            except ValueError as exc:
                assert "fits the time left" in str(exc)
                continue
            assert after[index].category == chosen[index].category
            assert after[index].phase == chosen[index].phase
            assert after[index].id != chosen[index].id
            assert after[index].id not in {q.id for q in chosen}
            assert not prep.budget(after, minutes).over


def test_swap_cycles_and_named_replacement(bank):
    chosen = prep.select_questions(bank, 20)
    i = next(k for k, q in enumerate(chosen) if q.category == "Resources" and q.phase == "qa")
    seen = {chosen[i].id}
    current = chosen
    for _ in range(3):
        current = prep.swap_question(current, i, bank, 20)
        seen.add(current[i].id)
    assert len(seen) == 4
    with pytest.raises(ValueError, match="cannot replace this question"):
        prep.swap_question(chosen, i, bank, 20, replacement_id="tr01")


def test_swap_refuses_when_nothing_fits():
    tight_bank = [Question("a", "What?", "Trends", "qa", 3), Question("b", "Why?", "Trends", "qa", 5)]
    with pytest.raises(ValueError, match="No other Trends question fits"):
        prep.swap_question([tight_bank[0], Question("c", "How?", "Advice", "qa", 15)], 0, tight_bank, 20)


def test_move_remove_and_errors(bank):
    qs = prep.select_questions(bank, 20)
    moved = prep.move_question(qs, 2, -1)
    assert moved[1] == qs[2] and moved[2] == qs[1]
    assert prep.move_question(moved, 1, 1) == qs
    with pytest.raises(ValueError, match="already at the top"):
        prep.move_question(qs, 0, -1)
    with pytest.raises(ValueError, match="already at the bottom"):
        prep.move_question(qs, len(qs) - 1, 1)
    with pytest.raises(ValueError, match="Choose a question"):
        prep.move_question(qs, 99, 1)
    assert len(prep.remove_question(qs, 0)) == len(qs) - 1
    with pytest.raises(ValueError, match="list is empty"):
        prep.remove_question([], 0)


def test_add_own_question_goes_before_next_steps_and_validates(bank):
    qs = prep.select_questions(bank, 30)
    out = prep.add_own_question(qs, "  How do you  <b>plan</b> a week? ", "Insights", "2.5")
    new = next(q for q in out if q.id == "own-1")
    assert new.text == "How do you <b>plan</b> a week?" and new.minutes == 2.5
    assert out.index(new) == next(i for i, q in enumerate(qs) if q.phase == "next_steps")
    assert prep.add_own_question(out, "Another?", "Advice", 1)[-3].id == "own-2" or "own-2" in {
        q.id for q in prep.add_own_question(out, "Another?", "Advice", 1)
    }
    assert prep.budget(out, 30).over  # the budget reports it; adding is not refused
    assert prep.list_problems(out, 30, bank=bank)[0][0] == "error"
    for text, cat, minutes, message in [
        ("", "Advice", 2, "Write your question"),
        ("Why?", "Gossip", 2, "Choose a category"),
        ("Why?", "Advice", "x", "Estimate the minutes"),
        ("Why?", "Advice", 0, "Estimate the minutes"),
        ("Why?", "Advice", 60, "at most 10"),
    ]:
        with pytest.raises(ValueError, match=message):
            prep.add_own_question(qs, text, cat, minutes)


def test_list_problems_names_what_is_missing(bank):
    only_trends = [q for q in bank if q.category == "Trends" and q.phase == "qa"][:2]
    problems = dict((m.split(":")[0], s) for s, m in prep.list_problems(only_trends, 20, bank=bank))
    text = " ".join(m for _, m in prep.list_problems(only_trends, 20, bank=bank))
    assert "Closing ask missing" in problems and "Who else" in text
    assert "cover at least 3" in text and "Insights" in text
    assert "small-talk" in text
    assert prep.list_problems([], 20) == [("error", "The list is empty: propose a list or add questions.")]


def test_objectives_rule():
    assert prep.clean_objectives([" a  b ", "", None, "c"]) == ["a b", "c"]
    with pytest.raises(ValueError, match="at least one objective"):
        prep.clean_objectives(["", "  "])
    with pytest.raises(ValueError, match="3 objectives at most"):
        prep.clean_objectives(["a", "b", "c", "d"])


# ------------------------------------------------------------------ exercises
def test_check_question_list_feedback(bank):
    fb = prep.check_question_list([], 20)
    assert not fb.ok and "empty" in fb.messages[0]
    ex = prep.load_settings()["exercise_list"]
    fb = prep.check_question_list(ex["question_ids"], ex["minutes"])
    text = " ".join(fb.messages)
    assert not fb.ok and "Over time" in text and "Closing ask missing" in text and "TIARA" in text
    good = ["sm01", "tr01", "in02", "ad01", "re01", "as09", "nx01", "nx02"]
    fb = prep.check_question_list(good, 20)
    assert fb.ok, fb.messages
    fb = prep.check_question_list(good + ["zz1"], 20)
    assert not fb.ok and "'zz1' is not a question id" in fb.messages[0]
    fb = prep.check_question_list(list(reversed(good)), 20)
    assert not fb.ok and any("phases in order" in m for m in fb.messages)


@pytest.mark.parametrize(
    "text",
    [
        "Do you like it?",
        "Is the field growing?",
        "Can I ask about pay?",
        "Would a degree help?",
        "Should I learn SQL?",
        "Did you enjoy it?",
    ],
)
def test_closed_questions_detected(text):
    assert prep.is_closed_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "What do you enjoy?",
        "How did you start?",
        "Why this field?",
        "Could you tell me about your week?",
        "Would you describe a typical day?",
        "Which skills matter most?",
        "Tell me about your path.",
    ],
)
def test_open_questions_not_flagged(text):
    assert not prep.is_closed_question(text)


def test_check_open_questions_says_which_are_still_closed():
    assert "Nothing written yet" in prep.check_open_questions(None).messages[0]
    assert "Nothing written yet" in prep.check_open_questions({"c1": "  "}).messages[0]
    fb = prep.check_open_questions(
        {
            "c1": "What do you enjoy most about working here?",
            "c2": "Is the industry growing?",
            "c3": "Do you think a master's degree matters?",
            "c4": "Which skills would you learn first",
        }
    )
    text = "\n".join(fb.messages)
    assert fb.correct == 1 and not fb.ok
    assert "c2" in text and "this is the original" in text
    assert "c3" in text and "still closed" in text and "\u201cDo\u201d" in text
    assert "c4" in text and "question mark" in text
    fb = prep.check_open_questions(
        [
            "What do you enjoy here?",
            "Where is the industry growing?",
            "How did you prepare for this job?",
            "Which skills matter first?",
        ]
    )
    assert fb.ok


# ------------------------------------------------------------------ the brief
def test_brief_escapes_learner_and_contact_text(bank):
    contact = {
        "id": 3,
        "first_name": "<script>alert(1)</script>",
        "last_name": "O'Neil & Co",
        "company": "<img src=x onerror=alert(2)>",
        "position": "Lead | *analyst*",
        "channel": "cold",
    }
    research = {"items": {"company_basics": True}, "notes": "<b>bold</b>\nsecond line"}
    qs = prep.add_own_question(prep.select_questions(bank, 20), "<script>evil()</script>?", "Advice", 1)
    page, md = prep.render_brief(contact, research, ["<i>learn</i>"], qs, 20, learner="<u>me</u>")
    for doc in (page, md):
        assert "<script>" not in doc and "<img" not in doc and "<b>bold" not in doc and "<i>" not in doc
        assert "<u>" not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;evil()&lt;/script&gt;" in md
    assert "Lead \\| \\*analyst\\*" in md  # no broken table cell or emphasis
    assert "@media print" in page and "@page" in page
    assert "&#9745;" in page and "- [x]" in md


def test_brief_contents_in_order_with_times_and_closing_asks(bank):
    qs = prep.select_questions(bank, 20)
    page, md = prep.render_brief(
        {
            "first_name": "Ada",
            "last_name": "Byron",
            "company": "Analytical Ltd",
            "position": "Engineer",
            "channel": "alumni",
        },
        {"items": {}, "notes": "Founded 1843."},
        ["Learn how they test engines"],
        qs,
        20,
    )
    table = page[page.index("<h2>Questions") :]
    positions = [table.index(q.text.replace("'", "&#x27;")) for q in qs]
    assert positions == sorted(positions)
    assert "0:00&ndash;2:00" in page and "| 1 | 0:00-2:00 |" in md
    for text in (
        "Ada Byron",
        "Engineer at Analytical Ltd",
        "Founded 1843.",
        "Learn how they test engines",
        "Who else do you think I should talk to?",
        "May I mention your name",
        "permission",
    ):
        assert text in page and text in md
    assert "18 of 18 minutes used" in page


def test_brief_without_company_or_position_says_not_recorded():
    page, md = prep.render_brief({"first_name": "Sam"}, None, None, [], 30)
    assert "not recorded at not recorded" in page and "not recorded at not recorded" in md
    assert "No questions yet" in page and "None written yet" in md


def test_write_brief_safe_filename_under_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("INFOVIEW_DB", str(tmp_path / "t.sqlite"))
    files = prep.write_brief({"id": 5, "first_name": "../../etc", "last_name": "Zoë"}, None, ["x"], [], 20)
    assert files.html == tmp_path / "briefs" / "brief-etc-zoe-5.html"
    assert files.html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert files.markdown.read_text(encoding="utf-8").startswith("# Informational interview brief")
    assert not list((tmp_path / "briefs").glob("*.partial"))
    assert prep.safe_filename({}) == "brief-contact"


def test_brief_inputs_use_saved_notes_or_propose(tracker, tmp_path):
    cid = tracker.add_contact(first_name="Lin", last_name="Wu", company="Northwind Labs")
    inputs = prep.brief_inputs(tracker, cid)
    assert inputs.proposed and inputs.minutes == 20 and not prep.budget(inputs.questions, 20).over
    qs = inputs.questions
    tracker.save_note(cid, "objectives", {"objectives": ["Learn about QA roles"]})
    tracker.save_note(cid, "research", {"items": {"person_path": True}, "notes": "Met at PyCon"})
    tracker.save_note(cid, "question_list", {"minutes": 30, "questions": [q.to_dict() for q in qs[:3]]})
    inputs = prep.brief_inputs(tracker, cid)
    assert not inputs.proposed and [q.id for q in inputs.questions] == [q.id for q in qs[:3]]
    files = inputs.write(out_dir=tmp_path)
    text = files.markdown.read_text(encoding="utf-8")
    assert "Learn about QA roles" in text and "Met at PyCon" in text and "Meeting: 30 minutes" in text
    assert "Met at PyCon" in inputs.body() and inputs.render()[1] == text


def test_cli_questions_and_brief(tracker, tmp_path, capsys):
    from infoview.cli import main

    assert main(["questions", "--minutes", "30", "--tags", "student"]) == 0
    out = capsys.readouterr().out
    assert "nx01" in out and "of 28 minutes" in out
    cid = tracker.add_contact(first_name="Lin", last_name="Wu")
    assert main(["brief", str(cid), "--db", str(tracker.path), "--out", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b" / f"brief-lin-wu-{cid}.html").is_file()
    assert main(["brief", "999", "--db", str(tracker.path)]) == 2
    assert "No contact with id 999" in capsys.readouterr().err
    assert main(["questions", "--tags", "astronaut"]) == 2


# ------------------------------------------------------------------ instructors and any input
def test_instructor_prep_settings_change_the_budget(tmp_path, monkeypatch, bank):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "prep.toml").write_text("[meeting]\nbuffer_minutes = 5\nlengths = [15, 20, 30]\n", encoding="utf-8")
    monkeypatch.setenv("INFOVIEW_CONTENT", str(folder))
    assert prep.load_settings()["meeting"]["lengths"] == [15, 20, 30]
    assert prep.load_settings()["meeting"]["default_length"] == 20  # missing keys fall back to the defaults
    chosen = prep.select_questions(bank, 20)
    assert prep.budget(chosen, 20).limit == 15 and prep.budget(chosen, 20).used <= 15
    assert "nx01" in [q.id for q in chosen]


def test_selection_fits_any_length_seed_and_audience(bank):
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    audiences = ["student", "career_changer", "veteran", "technical"]

    @hypothesis.settings(max_examples=60, deadline=None)
    @hypothesis.given(
        minutes=st.integers(min_value=5, max_value=90),
        seed=st.integers(0, 10_000),
        tags=st.lists(st.sampled_from(audiences), unique=True),
    )
    def check(minutes, seed, tags):
        chosen = prep.select_questions(bank, minutes, tags=tags, seed=seed)
        assert not prep.budget(chosen, minutes).over
        assert {"nx01", "nx02"} <= {q.id for q in chosen}
        if minutes >= 15:
            assert len({q.category for q in chosen if q.phase == "qa"}) >= 3

    check()


def test_bank_table_shows_whole_questions_escaped():
    table = prep.bank_table("assignments")
    assert len(table) == 9 and set(table.column("category")) == {"Assignments"}
    longest = max(table.column("question"), key=len)
    assert longest in repr(table) and longest.replace("'", "&#x27;") in table._repr_html_()
    assert prep.Table(["q"], [["<script>x</script>"]])._repr_html_().count("&lt;script&gt;") == 1
    assert list(prep.bank_table(ids=["nx02", "sm01"]).to_frame()["id"]) == ["nx02", "sm01"]
    assert list(prep.bank_summary().index) == ["Trends", "Insights", "Advice", "Resources", "Assignments"]
