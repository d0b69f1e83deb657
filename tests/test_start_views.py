"""Stage 0 views driven as a learner would: backup, restore, and the quizzes."""

from __future__ import annotations

import base64

from infoview import start
from infoview.tracker import Tracker
from infoview.views.start import BackupRestore, evidence_quiz, requests_quiz


def _upload(view, name, content: bytes):
    view.upload.value = (
        {
            "name": name,
            "type": "",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": __import__("datetime").datetime(2026, 3, 16, tzinfo=__import__("datetime").timezone.utc),
        },
    )


def test_backup_button_makes_a_file_and_a_download_link(tmp_path):
    t = Tracker(tmp_path / "t.sqlite")
    t.add_contact(first_name="Ada", last_name="<b>Byron</b>")
    view = BackupRestore(t, backups_dir=tmp_path / "backups")
    assert "1 contact(s)" in view.where.value
    view.backup_button.click()
    assert view.notice.kind == "ok"
    files = list((tmp_path / "backups").glob("infoview-backup-*.sqlite"))
    assert len(files) == 1
    payload = view.download.value.split("base64,")[1].split('"')[0]
    assert base64.b64decode(payload) == files[0].read_bytes()


def test_restore_from_upload_replaces_data_and_keeps_a_safety_copy(tmp_path):
    src = Tracker(tmp_path / "src.sqlite")
    src.add_contact(first_name="Ada")
    src.add_contact(first_name="Grace")
    backup = src.backup(tmp_path / "b.sqlite")
    dest = Tracker(tmp_path / "dest.sqlite")
    dest.add_contact(first_name="Before")
    view = BackupRestore(dest, backups_dir=tmp_path / "backups")
    view.restore_button.click()
    assert view.notice.kind == "warning" and "Choose a backup file first" in view.notice.text
    _upload(view, "b.sqlite", backup.read_bytes())
    view.restore_button.click()
    assert view.notice.kind == "ok", view.notice.text
    assert "Restored 2 contact(s)" in view.notice.text
    assert [c["first_name"] for c in dest.contact_list()] == ["Ada", "Grace"]
    assert list((tmp_path / "backups").glob("before-restore-*.sqlite"))
    assert "2 contact(s)" in view.where.value


def test_restore_of_a_wrong_file_shows_a_message_and_keeps_data(tmp_path):
    dest = Tracker(tmp_path / "dest.sqlite")
    dest.add_contact(first_name="Before")
    view = BackupRestore(dest, backups_dir=tmp_path / "backups")
    _upload(view, "Connections.csv", b"First Name,Last Name,URL\n<script>x</script>,B,C\n")
    view.restore_button.click()
    assert view.notice.kind == "error"
    assert "Connections.csv is not an infoview backup: it is a text file" in view.notice.text
    assert "<script>" not in view.notice.value  # escaped
    assert [c["first_name"] for c in dest.contact_list()] == ["Before"]


def test_quizzes_give_feedback_when_checked():
    quiz = requests_quiz()
    quiz.check_button.click()
    assert quiz.result is not None and quiz.result.correct == 0 and "Not answered yet" in quiz.feedback.value
    for item in start.requests_exercise():
        quiz.dropdowns[item["id"]].value = item["kind"]
    quiz.check_button.click()
    assert quiz.result.ok and "All correct" in quiz.feedback.value

    ev = evidence_quiz()
    ev.dropdowns["adler_85"].value = "data"
    ev.check_button.click()
    assert not ev.result.ok and "Lou Adler" in ev.feedback.value
