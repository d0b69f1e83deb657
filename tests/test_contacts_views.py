"""Stage 1 views, driven as a learner would: set values, click buttons, read the state."""

from __future__ import annotations

import datetime as dt

import pytest

from infoview.tracker import Tracker
from infoview.views.contacts import ContactLoader, ContactPicker, TargetList, channel_quiz

CONNECTIONS = (
    'Notes:\n"Some e-mail addresses are missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    'Ada,Byron,https://www.linkedin.com/in/ada-example,,"Analytical, Ltd",Data Analyst,30 May 2025\n'
    ",,,,,,01 Jun 2024\n"
    "<script>alert(1)</script>,Hopper,https://www.linkedin.com/in/grace-example,,<b>Navy</b> Labs,Engineer,02 Jan 2016\n"
    "Alan,Turing,https://www.linkedin.com/in/alan-example,,Ashgrove State University,Lecturer,12 Dec 2024\n"
)


def _upload(data: bytes, name: str = "Connections.csv") -> tuple[dict]:
    return (
        {
            "name": name,
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 3, 16, tzinfo=dt.timezone.utc),
        },
    )


@pytest.fixture
def filled(tracker):
    loader = ContactLoader(tracker)
    loader.upload.value = _upload(CONNECTIONS.encode())
    return tracker


# ------------------------------------------------------------ ContactLoader
def test_loader_imports_an_upload_and_reports_hidden_rows(tracker):
    changed = []
    loader = ContactLoader(tracker, on_change=lambda: changed.append(1))
    loader.school.value = "Ashgrove State"
    loader.upload.value = _upload(CONNECTIONS.encode())
    assert loader.notice.kind == "ok"
    assert loader.notice.text.startswith(
        "Read 3 contact(s) from Connections.csv (LinkedIn connections export). "
        "Left out 1 row(s): 1 with no name (hidden profiles"
    )
    assert "Added 3 contact(s), skipped 0." in loader.notice.text
    assert "Channels (a guess; change them in the contact picker): 1 alumni, 2 warm." in loader.notice.text
    assert tracker.count()["contacts"] == 3 and changed == [1]
    assert loader.upload.value == ()  # ready for the next file
    loader.upload.value = _upload(CONNECTIONS.encode())
    assert "Added 0 contact(s), skipped 3. Skipped: 3 duplicate (same profile URL)." in loader.notice.text


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "Connections.csv is empty."),
        (b"PK\x03\x04rest-of-a-zip", "Connections.csv is a ZIP file, such as an Excel workbook"),
        (b"CONVERSATION ID,CONVERSATION TITLE,FROM,TO,DATE,CONTENT\n1,,a,b,c,d\n", "LinkedIn's messages.csv"),
        (
            "First Name,Last Name,Company,Position,Connected On\nZoë,N,Café,B,30 May 2024\n".encode("latin-1"),
            "not UTF-8 text",
        ),
    ],
)
def test_loader_shows_bad_files_in_plain_words_and_stores_nothing(tracker, data, fragment):
    tracker.add_contact(first_name="Existing", last_name="Person")
    loader = ContactLoader(tracker)
    loader.upload.value = _upload(data)
    assert loader.notice.kind == "error"
    assert fragment in loader.notice.text
    assert "Traceback" not in loader.notice.value
    assert tracker.count() == {"contacts": 1, "interactions": 0, "notes": 0}


def test_loader_sample_button_and_removal(tracker):
    loader = ContactLoader(tracker)
    loader.sample_button.click()
    assert loader.notice.kind == "ok" and "These people are fictional" in loader.notice.text
    n = tracker.count()["contacts"]
    assert n > 100 and {c["source"] for c in tracker.contact_list()} == {"sample"}
    loader.remove_button.click()
    assert loader.notice.text == f"Removed {n} sample contact(s)."
    assert tracker.count()["contacts"] == 0
    loader.remove_button.click()
    assert loader.notice.kind == "info"


def test_loader_escapes_names_in_the_notice(tracker):
    data = (
        "First Name,Last Name,Company,Position,Connected On\n<img src=x onerror=alert(1)>,X,Acme,Analyst,30 May 2024\n"
    ).encode()
    loader = ContactLoader(tracker)
    loader.upload.value = _upload(data, name="<b>evil</b>.csv")
    assert "<b>evil</b>" not in loader.notice.value and "&lt;b&gt;evil&lt;/b&gt;.csv" in loader.notice.value


# --------------------------------------------------------------- TargetList
def test_target_list_uses_the_sample_when_empty_and_says_so(tracker):
    view = TargetList(tracker)
    assert view.data.is_sample and view.source_note.kind == "info"
    assert "fictional sample learner" in view.source_note.text
    assert len(view.table) > 10 and view.tracker is not tracker


def test_target_list_scores_save_sort_and_highlight(filled):
    view = TargetList(filled)
    assert not view.data.is_sample and view.source_note.text == ""
    assert set(view.rows) == {"Analytical, Ltd", "<b>Navy</b> Labs", "Ashgrove State University"}
    view.set_scores("<b>Navy</b> Labs", advocacy="N", motivation=3, posting=1)
    view.set_scores("Analytical, Ltd", advocacy="Y", motivation=3, posting=1)
    view.save_button.click()
    assert view.notice.kind == "ok", view.notice.text
    assert view.table["employer"].tolist() == ["Analytical, Ltd", "<b>Navy</b> Labs", "Ashgrove State University"]
    assert view.table["top"].tolist() == [True, True, True]
    saved = {t["employer"]: (t["advocacy"], t["motivation"], t["posting"]) for t in filled.target_list()}
    assert saved == {"Analytical, Ltd": (1, 3, 1), "<b>Navy</b> Labs": (0, 3, 1)}
    assert "Contact these first: Analytical, Ltd, <b>Navy</b> Labs, Ashgrove State University." in view.notice.text
    html = "".join(
        c.value
        for row in view.rows_box.children
        for c in getattr(row, "children", [row])
        if isinstance(c.value, str) and "<" in c.value
    )
    assert "&lt;b&gt;Navy&lt;/b&gt; Labs" in html and "<b>Navy</b>" not in html
    assert "background:#fff3c4" in html  # the top rows are highlighted
    # a fresh view reads the saved scores back
    again = TargetList(filled)
    assert again.rows["<b>Navy</b> Labs"][1].value == 3


def test_target_list_add_employer_and_reject_blank_or_duplicate(filled):
    view = TargetList(filled)
    view.new_employer.value = "  Delta   Corp "
    view.add_button.click()
    assert view.notice.text == "Added Delta Corp. Give it scores, then Save and sort."
    assert "Delta Corp" in view.rows
    assert filled.target_list()[0]["added_by_learner"] == 1
    view.set_scores("Delta Corp", motivation=2, posting=3)
    view.save_button.click()
    assert view.table.iloc[0]["employer"] == "Delta Corp"
    view.new_employer.value = "delta corp"
    view.add_button.click()
    assert view.notice.text == "delta corp is already on your list."
    view.new_employer.value = "   "
    view.add_button.click()
    assert view.notice.kind == "warning"


def test_target_list_find_box_keeps_unsaved_edits(filled):
    view = TargetList(filled)
    view.set_scores("Analytical, Ltd", motivation=2)
    view.find.value = "navy"
    assert len(view.rows_box.children) == 2  # header + one row
    view.find.value = ""
    assert view.rows["Analytical, Ltd"][1].value == 2


def test_target_list_caps_rows_shown(filled):
    view = TargetList(filled)
    view.max_rows = 1
    view._render()
    assert len(view.rows_box.children) == 3  # header, one row, "showing the first 1 of 3"
    assert "Showing the first 1 of 3 employers" in view.rows_box.children[-1].value


# ------------------------------------------------------------ ContactPicker
def test_picker_filters_and_saves_identified_with_channel(filled):
    view = ContactPicker(filled)
    assert view.count.value == "Showing 3 of 3 contact(s)."
    view.keyword.value = "analyst"
    assert [label for label, _ in view.choices.options] == ["Ada Byron (Analytical, Ltd): Data Analyst [warm]"]
    view.keyword.value = ""
    view.age.value = (None, 2)  # connected in the last 2 years
    assert view.count.value == "Showing 2 of 3 contact(s)."
    view.age.value = (None, None)
    view.employer.value = "<b>Navy</b> Labs"
    ((grace_label, grace_id),) = view.choices.options
    view.choices.value = (grace_id,)
    view.new_channel.value = "event"
    view.save_button.click()
    assert view.notice.kind == "ok"
    assert view.notice.text.startswith(
        "Saved 1 contact(s) as identified: <script>alert(1)</script> Hopper (<b>Navy</b> Labs)."
    )
    assert "&lt;script&gt;" in view.notice.value and "<script>" not in view.notice.value
    assert filled.contact(grace_id)["channel"] == "event"
    assert [(e["contact_id"], e["kind"], e["occurred_on"]) for e in filled.interaction_list()] == [
        (grace_id, "identified", "2026-03-16")
    ]
    assert view.choices.options[0][0].endswith("[event] ✓ identified")
    view.channel.value = "event"
    view.employer.value = view.ANY
    assert view.count.value == "Showing 1 of 3 contact(s)."


def test_picker_nothing_chosen_and_already_identified(filled):
    view = ContactPicker(filled)
    view.save_button.click()
    assert view.notice.kind == "warning" and "Choose one or more contacts" in view.notice.text
    ids = [v for _, v in view.choices.options][:2]
    view.choices.value = tuple(ids)
    view.save_button.click()
    view.choices.value = tuple(ids)
    view.save_button.click()
    assert view.notice.text == "Saved 0 contact(s) as identified. 2 already were (their first date is kept)."
    assert len(filled.interaction_list()) == 2


def test_picker_on_the_sample_says_nothing_is_saved(tracker):
    view = ContactPicker(tracker)
    assert view.data.is_sample and "fictional sample learner" in view.source_note.text
    view.choices.value = (view.choices.options[0][1],)
    view.save_button.click()
    assert view.notice.text.endswith("(The sample is not saved.)")
    assert tracker.count()["contacts"] == 0


def test_channel_quiz_checks_answers():
    quiz = channel_quiz()
    assert len(quiz.dropdowns) == 6
    quiz.check_button.click()
    assert "0 of 6 correct so far." in quiz.feedback.value
    from infoview.contacts import channel_examples

    for example in channel_examples():
        quiz.dropdowns[example["id"]].value = example["channel"]
    quiz.check_button.click()
    assert quiz.result.ok and "All correct." in quiz.feedback.value


def test_target_list_builds_widgets_only_for_rows_shown(tracker):
    tracker.add_contacts(
        [{"first_name": f"P{i}", "last_name": "X", "company": f"Employer {i:03d}"} for i in range(200)], channel="cold"
    )
    view = TargetList(tracker)
    assert len(view.table) == 200 and len(view.rows) == view.max_rows == 60
    view.set_scores("Employer 199", advocacy="Y", motivation=3, posting=3)  # reached through Find
    assert view.find.value == "Employer 199" and len(view.rows) == 61
    view.save_button.click()
    assert view.notice.text.startswith("Saved 1 employer(s). Contact these first: Employer 199, Employer 000")
    assert view.table.iloc[0]["employer"] == "Employer 199"


def test_views_switch_from_the_sample_to_the_learners_contacts_when_loaded(tracker):
    targets, picker = TargetList(tracker), ContactPicker(tracker)
    assert targets.data.is_sample and picker.data.is_sample and targets.source_note.kind == "info"
    sample_employers = set(targets.table["employer"])
    loader = ContactLoader(tracker)
    loader.upload.value = _upload(CONNECTIONS.encode())
    assert not targets.data.is_sample and targets.source_note.text == ""
    assert set(targets.table["employer"]) == {"Analytical, Ltd", "<b>Navy</b> Labs", "Ashgrove State University"}
    assert set(targets.table["employer"]) != sample_employers
    assert picker.count.value == "Showing 3 of 3 contact(s)." and picker.tracker is tracker
    other = ContactPicker(Tracker(":memory:"))  # another tracker's view is left alone
    assert other.data.is_sample


def test_target_list_summary_says_what_is_left(filled):
    view = TargetList(filled)
    assert "Still to do:" in view.summary.value
    assert "add 37 more" in view.summary.value
    assert "<b>Contact these first:" in view.summary.value
    assert "correct so far" not in view.summary.value


def test_target_list_remove_an_added_employer_or_clear_scores(filled):
    view = TargetList(filled)
    view.new_employer.value = "Typo Corp"
    view.add_button.click()
    view.new_employer.value = "typo  corp"
    view.remove_button.click()
    assert view.notice.text == "Removed Typo Corp from your list."
    assert "Typo Corp" not in set(view.table["employer"]) and filled.target_list() == []
    view.set_scores("Analytical, Ltd", motivation=3)
    view.save_button.click()
    view.new_employer.value = "Analytical, Ltd"
    view.remove_button.click()
    assert (
        view.notice.text
        == "Cleared the scores of Analytical, Ltd; it stays on the list because you have contacts there."
    )
    assert not view.table.set_index("employer").loc["Analytical, Ltd", "scored"]
    view.new_employer.value = "<b>Navy</b> Labs"
    view.remove_button.click()
    assert view.notice.kind == "info" and "comes from your contacts" in view.notice.text
    view.new_employer.value = "Nowhere Inc"
    view.remove_button.click()
    assert view.notice.text == "Nowhere Inc is not on your list."
    view.new_employer.value = ""
    view.remove_button.click()
    assert view.notice.kind == "warning"


def test_target_list_redraws_reuse_each_rows_widgets_and_a_refresh_drops_unsaved_edits(filled):
    """A click redraws the list by updating the rows' widgets, not by making new ones (making ~200
    widgets per click was most of its time on a hub); a refresh still shows the stored scores."""
    view = TargetList(filled)
    before = {employer: [id(w) for w in row] for employer, row in view.rows.items()}
    view.set_scores("Analytical, Ltd", motivation=2)
    view.new_employer.value = "Delta Corp"
    view.add_button.click()
    assert set(view.rows) == set(before) | {"Delta Corp"}
    assert {e: [id(w) for w in view.rows[e]] for e in before} == before
    # "Add" refreshes from the tracker: the unsaved Motivation 2 is gone, as before.
    assert view.rows["Analytical, Ltd"][1].value == int(
        view.table.set_index("employer").loc["Analytical, Ltd", "motivation"]
    )
    assert view.rows["Analytical, Ltd"][1].value != 2
    # The names shown follow the new order and stay escaped.
    names = [row.children[0].value for row in view.rows_box.children[1:]]
    assert any("Delta Corp" in n for n in names)
    assert all("<b>Navy</b>" not in n for n in names)
    # An employer that leaves the list takes its widgets with it.
    view.new_employer.value = "Delta Corp"
    view.remove_button.click()
    assert "Delta Corp" not in view.rows
    assert "Delta Corp" not in view._row_widgets
