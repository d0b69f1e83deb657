"""infoview collect: learners' anonymised summaries gathered from their home folders (no hub needed).

The end-to-end run on a real JupyterHub is in tests/test_hub.py."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from infoview import cohort, hub
from infoview.cli import main
from infoview.tracker import Tracker

PERSONAL = ("Robin", "Quillfeather", "Larkspur Analytics", "robin@example.com", "met at the fair")


def learner(homes, name, contacts=2, folder="infoview"):
    path = (
        homes / name / folder / "infoview-data" / "tracker.sqlite"
        if folder
        else homes / name / "infoview-data" / "tracker.sqlite"
    )
    with Tracker(path) as t:
        for i in range(contacts):
            cid = t.add_contact(
                first_name=PERSONAL[0],
                last_name=f"{PERSONAL[1]}{i}",
                company=PERSONAL[2],
                email=PERSONAL[3],
                channel="warm",
            )
            t.add_note(cid, "meeting", PERSONAL[4], on="2026-03-05")
            t.log(cid, "outreach_sent", on="2026-03-02")
            if i == 0:
                t.log(cid, "replied", on="2026-03-04")
    return path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_collect_writes_one_anonymised_summary_per_learner_and_the_report_reads_them(tmp_path):
    homes, out = tmp_path / "homes", tmp_path / "summaries"
    paths = [learner(homes, "ada", 3), learner(homes, "grace", 1), learner(homes, "alan", 2, folder=None)]
    before = [digest(p) for p in paths]
    result = hub.collect(homes, out)
    assert result.skipped == []
    assert len(result.written) == 3
    data = [json.loads(p.read_text()) for p in sorted(out.glob("*.json"))]
    assert sorted(d["funnel"]["identified"] for d in data) == [1, 2, 3]
    assert sorted(d["funnel"]["replied"] for d in data) == [1, 1, 1]
    text = "\n".join(p.read_text() for p in out.glob("*.json"))
    for word in (*PERSONAL, "ada", "grace", "alan", str(homes)):
        assert word not in text.replace("learner-", "")  # the pseudonym is hex, never a name
    assert [digest(p) for p in paths] == before  # learners' files are read, never written
    agg = cohort.aggregate_cohort(out)
    assert len(agg.summaries) == 3 and agg.skipped == []


def test_collecting_again_replaces_each_learners_file_with_the_same_pseudonym(tmp_path):
    homes, out = tmp_path / "homes", tmp_path / "summaries"
    path = learner(homes, "ada", 1)
    first = hub.collect(homes, out).written
    with Tracker(path) as t:
        t.add_contact(first_name="Kim", last_name="Example", channel="cold")
    second = hub.collect(homes, out).written
    assert first == second
    assert json.loads(second[0].read_text())["funnel"]["identified"] == 2
    assert len(list(out.glob("*.json"))) == 1
    # Another output folder has another key: the ids cannot be matched across classes.
    assert hub.collect(homes, tmp_path / "other").written[0].name != second[0].name


def test_untrusted_files_are_skipped_with_a_reason_and_nothing_is_lost(tmp_path):
    homes, out = tmp_path / "homes", tmp_path / "summaries"
    learner(homes, "ada", 1)
    text = homes / "bob" / "infoview" / "infoview-data" / "tracker.sqlite"
    text.parent.mkdir(parents=True)
    text.write_text("name,email\nRobin,robin@example.com\n")
    other = homes / "cy" / "infoview-data" / "tracker.sqlite"
    other.parent.mkdir(parents=True)
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    # A learner pointing a link at another learner's tracker must not count them twice.
    (homes / "eve" / "infoview" / "infoview-data").mkdir(parents=True)
    (homes / "eve" / "infoview" / "infoview-data" / "tracker.sqlite").symlink_to(
        homes / "ada" / "infoview" / "infoview-data" / "tracker.sqlite"
    )
    (homes / "mallory").symlink_to(homes / "ada")
    folder = homes / "dan" / "infoview" / "infoview-data" / "tracker.sqlite"
    folder.mkdir(parents=True)
    newer = learner(homes, "fay", 1)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 999")
    con.close()
    result = hub.collect(homes, out)
    assert len(result.written) == 1
    reasons = dict(result.skipped)
    assert set(reasons) == {
        "bob/infoview/infoview-data/tracker.sqlite",
        "cy/infoview-data/tracker.sqlite",
        "eve/infoview/infoview-data/tracker.sqlite",
        "dan/infoview/infoview-data/tracker.sqlite",
        "fay/infoview/infoview-data/tracker.sqlite",
    }
    assert "not a SQLite file" in reasons["bob/infoview/infoview-data/tracker.sqlite"]
    assert "another program" in reasons["cy/infoview-data/tracker.sqlite"]
    assert "link" in reasons["eve/infoview/infoview-data/tracker.sqlite"]
    assert "not a regular file" in reasons["dan/infoview/infoview-data/tracker.sqlite"]
    assert "newer infoview" in reasons["fay/infoview/infoview-data/tracker.sqlite"]
    assert text.read_text().startswith("name,email")  # untouched
    for why in reasons.values():
        assert "Traceback" not in why and "\n" not in why


def test_cli_collect_then_cohort_report(tmp_path, capsys):
    homes, out = tmp_path / "homes", tmp_path / "summaries"
    learner(homes, "ada", 2)
    learner(homes, "grace", 1)
    assert main(["collect", str(homes), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Collected 2 anonymised summaries." in said and f"infoview cohort-report {out}" in said
    report = tmp_path / "report.html"
    assert main(["cohort-report", str(out), "--out", str(report)]) == 0
    assert "2 learner(s)" in capsys.readouterr().out
    assert "Robin" not in report.read_text()


def test_cli_collect_names_a_missing_folder_in_one_sentence(tmp_path, capsys):
    assert main(["collect", str(tmp_path / "nowhere"), "--out", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "is not a folder of learners' home folders" in err and "Traceback" not in err


def test_cli_collect_with_no_trackers_says_where_it_looked(tmp_path, capsys):
    (tmp_path / "homes" / "ada").mkdir(parents=True)
    assert main(["collect", str(tmp_path / "homes"), "--out", str(tmp_path / "s")]) == 0
    assert "No learner tracker was found" in capsys.readouterr().out


@pytest.mark.parametrize("junk", [b"", b"\x00" * 4096, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_damaged_files_are_skipped(tmp_path, junk):
    homes = tmp_path / "homes"
    path = homes / "ada" / "infoview" / "infoview-data" / "tracker.sqlite"
    path.parent.mkdir(parents=True)
    path.write_bytes(junk)
    result = hub.collect(homes, tmp_path / "s")
    assert result.written == [] and len(result.skipped) == 1
    assert path.read_bytes() == junk


def test_cli_collect_into_a_file_says_what_was_expected(tmp_path, capsys):
    learner(tmp_path / "homes", "ada", 1)
    (tmp_path / "out.json").write_text("{}")
    assert main(["collect", str(tmp_path / "homes"), "--out", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert "is a file; the summaries go into a folder" in err and "Traceback" not in err
    assert (tmp_path / "out.json").read_text() == "{}"
    (tmp_path / "s" / hub.KEY_FILE).mkdir(parents=True)
    assert main(["collect", str(tmp_path / "homes"), "--out", str(tmp_path / "s")]) == 2
    assert "holds the key" in capsys.readouterr().err
