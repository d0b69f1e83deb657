"""Stage 3 views, driven as a learner would: set values, click buttons, read the state."""

from __future__ import annotations

import pytest

from infoview import prep, session
from infoview.tracker import Tracker
from infoview.views import prep as views


@pytest.fixture
def people(tracker):
    ada = tracker.add_contact(first_name="Ada", last_name="Byron", company="Analytical Ltd", position="Engineer")
    sam = tracker.add_contact(first_name="<script>alert(1)</script>", last_name="Sam")  # no company or position
    return tracker, ada, sam


def test_chooser_lists_contacts_and_prefers_a_scheduled_meeting(people):
    tracker, ada, sam = people
    tracker.log(sam, "meeting_scheduled", on="2026-03-10")
    chooser = views.ContactChooser(tracker)
    assert [v for _, v in chooser.dropdown.options] == [ada, sam]
    assert chooser.value == sam and not chooser.using_sample and chooser.notice.kind == ""
    assert views.ContactChooser(tracker, ada).value == ada


def test_empty_tracker_uses_the_sample_and_says_so(tracker, monkeypatch):
    sample = Tracker(":memory:")
    sample.add_contact(first_name="Sample", last_name="Person", company="Fictional Co")
    monkeypatch.setattr(session, "_SHARED_SAMPLE", [sample])
    chooser = views.ContactChooser(tracker)
    assert chooser.using_sample and chooser.tracker is sample
    assert chooser.notice.kind == "info" and "sample learner" in chooser.notice.text
    builder = views.QuestionBuilder(tracker)
    assert builder.tracker is sample and "sample learner" in builder.chooser.notice.text


def test_empty_tracker_with_the_real_sample():
    pytest.importorskip("infoview.sample")
    session._SHARED_SAMPLE.clear()
    try:
        chooser = views.ContactChooser()
        assert chooser.using_sample and len(chooser.dropdown.options) > 10
        assert views.ContactChooser().tracker is chooser.tracker  # one sample shared by all tools
    finally:
        session._SHARED_SAMPLE.clear()


def test_research_checklist_saves_and_reloads(people):
    tracker, ada, sam = people
    view = views.ResearchChecklist(tracker, ada)
    assert len(view.boxes) == len(prep.research_items())
    view.boxes["company_basics"].value = True
    view.boxes["person_path"].value = True
    view.notes.value = "<b>Founded</b> 1843"
    view.save_button.click()
    assert view.notice.kind == "ok" and "2 of 8 items" in view.notice.text
    body = tracker.latest_note(ada, "research")["body"]
    assert body == {
        "items": {**{k: False for k in view.boxes}, "company_basics": True, "person_path": True},
        "notes": "<b>Founded</b> 1843",
    }
    view.chooser.value = sam
    assert not any(b.value for b in view.boxes.values()) and view.notes.value == ""
    view.chooser.value = ada
    assert view.boxes["person_path"].value and view.notes.value == "<b>Founded</b> 1843"
    view.save_button.click()
    assert len(tracker.notes(ada, "research")) == 1  # saving again replaces, never piles up
    assert "<script>" not in view.chooser.notice.value


def test_objectives_validate_and_save(people):
    tracker, ada, _ = people
    view = views.Objectives(tracker, ada)
    assert len(view.fields) == 3 and view.fields[0].placeholder.startswith("e.g.")
    view.save_button.click()
    assert view.notice.kind == "error" and "at least one objective" in view.notice.text
    assert tracker.latest_note(ada, "objectives") is None
    view.fields[0].value = "Learn how engines are tested"
    view.fields[2].value = "  Find a group to join "
    view.save_button.click()
    assert view.notice.kind == "ok"
    assert tracker.latest_note(ada, "objectives")["body"] == {
        "objectives": ["Learn how engines are tested", "Find a group to join"]
    }


def test_question_builder_proposes_a_list_that_fits(people):
    tracker, ada, _ = people
    view = views.QuestionBuilder(tracker, ada)
    assert view.questions and not view.budget.over and view.bar.bar_style == "success"
    assert view.minutes.value == 20 and "Proposed" in view.notice.text
    assert len(view.listing.options) == len(view.questions)
    assert view.problems.value == ""
    view.minutes.value = 30
    view.propose_button.click()
    assert view.budget.meeting_minutes == 30 and not view.budget.over
    assert view.budget.used > 18
    view.tag_boxes["veteran"].value = True
    view.propose_button.click()
    assert any("veteran" in q.tags for q in view.questions)


def test_question_builder_edit_and_budget_warning(people):
    tracker, ada, _ = people
    view = views.QuestionBuilder(tracker, ada)
    first, second = view.questions[1], view.questions[2]
    view.listing.value = 2
    view.up_button.click()
    assert view.questions[1] == second and view.questions[2] == first and view.listing.value == 1
    view.listing.value = 0
    view.up_button.click()
    assert view.notice.kind == "error" and "already at the top" in view.notice.text
    view.listing.value = 1
    old = view.questions[1]
    view.swap_button.click()
    assert view.questions[1].category == old.category and view.questions[1].id != old.id
    assert not view.budget.over and view.notice.kind == "ok"
    n = len(view.questions)
    view.listing.value = 1
    view.remove_button.click()
    assert len(view.questions) == n - 1
    # Add own questions until over time: the bar turns to a warning, nothing is refused.
    view.own_text.value = ""
    view.add_button.click()
    assert view.notice.kind == "error" and "Write your question" in view.notice.text
    view.own_text.value = "How do you <b>plan</b> your week?"
    view.own_category.value = "Insights"
    view.own_minutes.value = 8
    view.add_button.click()
    assert view.budget.over and view.bar.bar_style == "warning"
    assert view.notice.kind == "warning" and "over time" in view.notice.text
    assert "Over time" in view.problems.value and "<b>plan" not in view.problems.value
    assert any(q.text == "How do you <b>plan</b> your week?" for q in view.questions)
    view.save_button.click()
    assert view.notice.kind == "warning"
    saved = tracker.latest_note(ada, "question_list")["body"]
    assert saved["minutes"] == 20 and [q["id"] for q in saved["questions"]] == [q.id for q in view.questions]


def test_question_builder_reloads_a_saved_list(people):
    tracker, ada, sam = people
    bank = prep.load_question_bank()
    chosen = prep.select_questions(bank, 30, seed=3)[:4]
    tracker.save_note(ada, "question_list", {"minutes": 30, "questions": [q.to_dict() for q in chosen]})
    view = views.QuestionBuilder(tracker, sam)
    view.chooser.value = ada
    assert [q.id for q in view.questions] == [q.id for q in chosen] and view.minutes.value == 30
    assert "Loaded your saved list" in view.notice.text
    assert "Closing ask missing" in view.problems.value


def test_question_builder_uses_saved_objectives(people):
    tracker, ada, _ = people
    tracker.save_note(ada, "objectives", {"objectives": ["Which certifications or courses are worth it"]})
    view = views.QuestionBuilder(tracker, ada)
    assert "ad12" in [q.id for q in view.questions]


def test_brief_maker_writes_files_and_shows_escaped_brief(people, tmp_path):
    tracker, ada, sam = people
    view = views.BriefMaker(tracker, sam, out_dir=tmp_path)
    view.learner.value = "<i>Me</i>"
    view.make_button.click()
    assert view.notice.kind == "info" and "proposed question list" in view.notice.text
    assert view.files.html.is_file() and view.files.markdown.is_file()
    assert view.files.html.parent == tmp_path
    assert "<script>alert" not in view.preview.value and "&lt;script&gt;" in view.preview.value
    assert "not recorded at not recorded" in view.preview.value and "<i>Me" not in view.preview.value
    assert str(view.files.html) in view.paths.value
    html_text = view.files.html.read_text(encoding="utf-8")
    assert "<script>alert" not in html_text and "@media print" in html_text
    # With everything saved the brief is complete.
    views.Objectives(tracker, ada).fields[0].value = "x"  # typing alone saves nothing
    tracker.save_note(ada, "objectives", {"objectives": ["Learn about test rigs"]})
    tracker.save_note(ada, "research", {"items": {"company_basics": True}, "notes": "Makes engines"})
    tracker.save_note(
        ada,
        "question_list",
        {
            "minutes": 20,
            "questions": [prep.Question("tr01", "What changes do you expect?", "Trends", "qa", 3).to_dict()],
        },
    )
    view.chooser.value = ada
    assert view.preview.value == "" and view.files is None
    view.make_button.click()
    assert view.notice.kind == "ok"
    assert "Learn about test rigs" in view.preview.value and "Makes engines" in view.preview.value


def test_brief_maker_default_folder_is_the_data_folder(people, tmp_path, monkeypatch):
    tracker, ada, _ = people
    monkeypatch.setenv("INFOVIEW_DB", str(tmp_path / "learner" / "tracker.sqlite"))
    view = views.BriefMaker(tracker, ada)
    view.make_button.click()
    assert view.files.html.parent == tmp_path / "learner" / "briefs"


def test_question_builder_follows_length_and_audience_until_edited(people):
    tracker, ada, _ = people
    view = views.QuestionBuilder(tracker, ada)
    assert not view.edited
    twenty = len(view.questions)
    view.minutes.value = 30  # a fresh proposal follows the new length
    assert len(view.questions) > twenty and not view.budget.over and view.budget.meeting_minutes == 30
    view.tag_boxes["student"].value = True
    assert any("student" in q.tags for q in view.questions) and "Proposed" in view.notice.text
    view.listing.value = 1
    view.remove_button.click()
    assert view.edited
    kept = list(view.questions)
    view.minutes.value = 20  # an edited list is kept; the budget says it is now over
    assert view.questions == kept and view.budget.over and view.bar.bar_style == "warning"
    assert "Your list is kept" in view.notice.text and "Propose a list" in view.notice.text
    view.propose_button.click()
    assert not view.edited and not view.budget.over


def test_question_builder_saved_length_outside_the_toggle(people):
    tracker, ada, _ = people
    chosen = prep.select_questions(prep.load_question_bank(), 45)
    tracker.save_note(ada, "question_list", {"minutes": 45, "questions": [q.to_dict() for q in chosen]})
    view = views.QuestionBuilder(tracker, ada)
    assert view.minutes.value == 45 and [q.id for q in view.questions] == [q.id for q in chosen]
    assert not view.budget.over
