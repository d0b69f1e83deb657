""" "Share with your instructor" (notebook 06), driven as a learner would: Prepare, read, download, hand in."""

from __future__ import annotations

import base64
import html
import json
import re

import pytest

from infoview import cohort, handin
from infoview.cli import main as cli_main
from infoview.tracker import Tracker
from infoview.views.handin import ShareWithInstructor


@pytest.fixture
def own(tracker):
    a = tracker.add_contact(first_name="<script>alert(1)</script>", company="Evil & Co", channel="warm")
    tracker.log(a, "outreach_sent", on="2026-03-02")
    tracker.log(a, "replied", on="2026-03-03")
    tracker.record_attempt("rewrite", solved=True)
    return tracker


def _downloaded(view: ShareWithInstructor) -> tuple[str, bytes]:
    found = re.search(r'<a download="([^"]+)" href="data:application/json;base64,([^"]+)"', view.download.value)
    assert found, view.download.value
    return html.unescape(found.group(1)), base64.b64decode(found.group(2))


def test_prepare_shows_the_numbers_the_not_included_statement_and_the_file(own, tmp_path, monkeypatch):
    monkeypatch.delenv(handin.EXCHANGE_ENV, raising=False)
    view = ShareWithInstructor(own)
    assert view.hand_in_button.layout.display == "none"  # no exchange folder: download only
    assert view.what.value == "" and view.download.value == ""
    view.prepare_button.click()
    assert view.notice.kind == "ok" and not view.is_sample
    name, data = _downloaded(view)
    assert data == view.data
    out = tmp_path / "exported.json"
    assert cli_main(["export", "--anonymized", str(out), "--db", str(own.path)]) == 0
    assert data == out.read_bytes()  # byte for byte, learner id included (kept in the tracker)
    assert name == f"infoview-summary-{json.loads(data)['learner_id']}.json"
    shown = html.unescape(view.what.value)
    for line in (view.description.heading, *view.description.lines, view.description.not_included):
        assert line.text in shown
    assert "1 contact(s) on your list; 1 written to; 1 replied;" in shown
    assert "Not included: names, e-mail addresses" in shown
    assert "<details><summary>Show the file itself (JSON)</summary>" in view.what.value
    assert html.escape(data.decode("utf-8"), quote=True) in view.what.value
    assert "<script>" not in view.what.value + view.download.value and "Evil" not in shown
    assert "hand-in folder" not in shown  # the exchange sentence only when there is one


def test_an_empty_tracker_shows_the_sample_learners_summary_and_cannot_hand_it_in(tracker, tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    view = ShareWithInstructor(tracker, exchange=exchange)
    view.prepare_button.click()
    assert view.is_sample and view.hand_in_button.disabled
    assert "the sample learner's summary" in view.notice.text
    assert "sample learner" in html.unescape(view.what.value)
    name, data = _downloaded(view)
    assert name == "infoview-summary-sample-learner.json" and json.loads(data)["learner_id"] == "sample-learner"
    assert "Download the sample summary" in view.download.value
    assert json.loads(data)["funnel"] == view.summary["funnel"] and view.summary["funnel"]["identified"] > 10
    view.hand_in_button.click()  # a click that slipped through is refused too
    assert view.status.kind == "error" and "sample learner" in view.status.text
    assert list(exchange.iterdir()) == []
    assert tracker.setting(cohort.LEARNER_ID_SETTING) is None  # nothing written to the learner's tracker


def test_hand_in_writes_the_prepared_bytes_and_replaces_them(own, tmp_path, monkeypatch):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    monkeypatch.setenv(handin.EXCHANGE_ENV, str(exchange))
    view = ShareWithInstructor(own)
    assert view.hand_in_button.layout.display != "none" and view.hand_in_button.disabled
    view.prepare_button.click()
    assert "hand-in folder on this hub" in view.what.value
    assert not view.hand_in_button.disabled
    view.hand_in_button.click()
    assert view.status.kind == "ok" and view.status.text.startswith("Handed in as learner-")
    assert 'role="status"' in view.status.value
    (path,) = exchange.iterdir()
    assert path.read_bytes() == view.data
    own.log(own.add_contact(first_name="Second", channel="cold"), "outreach_sent", on="2026-03-09")
    view.prepare_button.click()
    view.hand_in_button.click()
    (again,) = exchange.iterdir()
    assert again == path and json.loads(again.read_bytes())["funnel"]["contacted"] == 2


def test_a_missing_exchange_folder_is_one_sentence_and_the_download_still_works(own, tmp_path):
    view = ShareWithInstructor(own, exchange=tmp_path / "not-made-yet")
    view.prepare_button.click()
    view.hand_in_button.click()
    assert view.status.kind == "error"
    assert view.status.text.startswith("The exchange folder") and "does not exist" in view.status.text
    assert "Traceback" not in view.status.value and view.status.text.count(". ") == 0
    assert _downloaded(view)[1] == view.data


def test_hand_in_before_prepare_says_what_to_do(own, tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    view = ShareWithInstructor(own, exchange=exchange)
    view.hand_in_button.click()
    assert view.status.kind == "info" and "Prepare my summary" in view.status.text
    assert list(exchange.iterdir()) == []


@pytest.mark.parametrize("bad", [b"this is not a database at all" * 40, b"SQLite format 3\x00" + b"\x00" * 400])
def test_an_unreadable_tracker_is_one_sentence_never_a_traceback(tmp_path, monkeypatch, bad):
    db = tmp_path / "broken.sqlite"
    db.write_bytes(bad)
    monkeypatch.setenv("INFOVIEW_DB", str(db))
    view = ShareWithInstructor()  # building it does not open the tracker
    view.prepare_button.click()
    assert view.notice.kind == "error" and view.notice.text
    assert "Traceback" not in view.notice.value and view.download.value == "" and view.data is None
    assert db.read_bytes() == bad  # nothing written over the learner's file


def test_the_learners_own_tracker_by_default(tmp_path, monkeypatch):
    db = tmp_path / "mine.sqlite"
    monkeypatch.setenv("INFOVIEW_DB", str(db))
    with Tracker(db) as t:
        t.log(t.add_contact(first_name="Ada", channel="event"), "outreach_sent", on="2026-03-02")
    view = ShareWithInstructor()
    view.prepare_button.click()
    assert not view.is_sample and view.summary["channels"]["event"]["contacted"] == 1
