"""The learner's hand-in (issue 17, part 2): the exact bytes of ``infoview export --anonymized``,
the plain-words description of them, the role-play numbers in the summary, and the exchange folder."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest

from infoview import cohort, handin, roleplay
from infoview.cli import main as cli_main
from infoview.content import load_toml
from infoview.handin import HandInError
from infoview.sample import sample_tracker
from infoview.summary_schema import summary_problem
from infoview.tracker import Tracker

NOBODY = 65534


def _learner_tracker(path) -> Tracker:
    """A tracker with outreach, exercise progress and two scored role-play rounds, with personal text everywhere."""
    t = Tracker(path)
    a = t.add_contact(first_name="Wilhelmina", last_name="Zork", company="Quokka Ltd", channel="alumni")
    b = t.add_contact(first_name="Barnaby", last_name="Pangolin", company="Zebu Inc", channel="cold")
    t.log(a, "outreach_sent", on="2026-03-02", detail="Hyperspace courier message")
    t.log(a, "replied", on="2026-03-04")
    t.log(a, "meeting_held", on="2026-03-09")
    t.log(b, "outreach_sent", on="2026-03-03")
    t.add_note(a, "meeting_notes", {"insights": "Peculiar insight"})
    t.record_attempt("rewrite", solved=True)
    t.record_attempt("requests", solved=False)
    t.record_reveal("requests")
    crit = [c.id for c in roleplay.rubric()[0]]
    card = next(c for c in roleplay.cards() if c.id == "screener")
    roleplay.save_rubric(t, card, {c: 4 for c in crit}, speaker="Ada", listener="Bo", comment="Mumbled the opening")
    roleplay.save_rubric(t, card, {c: 1 + i % 2 for i, c in enumerate(crit)}, comment="Grizzled ask")
    return t


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "tracker.sqlite"
    _learner_tracker(path).close()
    return path


# ------------------------------------------------------------------ the bytes, one function for both ways
def test_the_bytes_equal_infoview_export_and_the_learner_id_is_kept(db, tmp_path):
    out = tmp_path / "exported.json"
    assert cli_main(["export", "--anonymized", str(out), "--db", str(db)]) == 0
    with Tracker(db) as t:
        mine = cohort.anonymized_bytes(t)
        again = cohort.anonymized_bytes(t)
    assert mine == out.read_bytes()  # the same bytes, learner id included: it is kept in the tracker
    assert again == mine
    assert re.fullmatch(r"learner-[0-9a-f]{12}", json.loads(mine)["learner_id"])
    # A tracker made elsewhere from the same history differs only in its own random id.
    other = tmp_path / "other.sqlite"
    _learner_tracker(other).close()
    with Tracker(other) as t:
        theirs = cohort.anonymized_bytes(t)
    a, b = json.loads(mine), json.loads(theirs)
    assert a.pop("learner_id") != b.pop("learner_id") and a == b


def test_an_explicit_learner_id_is_used_and_not_kept(db):
    with Tracker(db) as t:
        data = json.loads(cohort.anonymized_bytes(t, learner_id="learner-given"))
        assert data["learner_id"] == "learner-given"
        assert t.setting(cohort.LEARNER_ID_SETTING) is None


def test_the_summary_holds_no_personal_text_and_the_rubric_as_numbers(db):
    with Tracker(db) as t:
        text = cohort.anonymized_bytes(t).decode("utf-8")
        rows = t.roleplay_scores()
    for word in (
        "Wilhelmina",
        "Zork",
        "Quokka",
        "Barnaby",
        "Pangolin",
        "Zebu",
        "Hyperspace",
        "Peculiar",
        "Ada",
        "Mumbled",
        "Grizzled",
        rows[0]["card"],
        "rewrite",
    ):
        assert word.lower() not in text.lower(), word
    data = json.loads(text)
    assert summary_problem(data) is None
    crit = [c.id for c in roleplay.rubric()[0]]
    assert data["roleplay"]["rounds"] == 2
    for i, c in enumerate(crit):
        assert data["roleplay"]["criteria"][c] == {"rounds": 2, "mean": (4 + 1 + i % 2) / 2}
    assert data["exercises"]["0"]["revealed"] == 1 and data["exercises"]["2"]["solved"] >= 1


def test_old_summaries_without_rubric_numbers_are_still_read_and_bad_ones_refused(db, tmp_path):
    with Tracker(db) as t:
        data = json.loads(cohort.anonymized_bytes(t))
    old = {k: v for k, v in data.items() if k not in ("roleplay", "exercises")}
    assert summary_problem(old) is None
    more = json.loads(json.dumps(data))
    more["roleplay"]["criteria"]["opening"]["rounds"] = 3
    assert "more than the 2 played" in summary_problem(more)
    nomean = json.loads(json.dumps(data))
    nomean["roleplay"]["criteria"]["opening"]["mean"] = None
    assert "mean score" in summary_problem(nomean)
    text = json.loads(json.dumps(data))
    text["roleplay"]["criteria"]["Mumbled the <b>opening</b>"] = {"rounds": 1, "mean": 2}
    assert summary_problem(text) is not None
    folder = tmp_path / "cohort"
    folder.mkdir()
    (folder / "a.json").write_bytes(cohort.summary_json(data))
    (folder / "old.json").write_bytes(cohort.summary_json(dict(old, learner_id="learner-old")))
    report, agg = cohort.write_cohort_report(folder, tmp_path / "report.html")
    assert agg.skipped == [] and len(agg.summaries) == 2
    rows = {r["id"]: r for r in cohort.cohort_rubric(agg.summaries)}
    assert rows["opening"]["learners"] == 1 and rows["opening"]["rounds"] == 2
    assert rows["opening"]["mean"] == data["roleplay"]["criteria"]["opening"]["mean"]
    html = report.read_text(encoding="utf-8")
    assert "Role-play rubric" in html and f"<td>{rows['opening']['label']}</td><td>1</td><td>2</td>" in html


# ------------------------------------------------------------------ the description
def test_the_descriptions_numbers_are_the_summarys(db):
    with Tracker(db) as t:
        data = json.loads(cohort.anonymized_bytes(t))
    d = handin.describe_summary(data)
    n = d.numbers
    for stage, count in data["funnel"].items():
        assert n[stage] == count
    assert n["messages"] == sum(w["messages"] for w in data["weekly_messages"]) == 2
    assert n["weeks"] == len(data["weekly_messages"])
    assert n["delays"] == sum(len(c["delays_business_days"]) for c in data["channels"].values()) == 1
    assert (n["meetings"], n["referrals"]) == (data["meetings"], data["referrals"]) == (1, 0)
    assert n["rounds"] == 2 and n["learner_id"] == data["learner_id"]
    funnel = d.lines[0].text
    assert funnel.startswith("2 contact(s) on your list; 2 written to; 1 replied; 1 met;")
    text = d.text()
    assert "2 message(s) sent over" in text and "1 conversation(s) held" in text
    assert data["learner_id"] in text
    assert "stage 0: 0 / 1 / 1 of 2" in text  # solved / tried / revealed of the stage's exercises
    assert "opening 2.50 (2 rounds)" in text
    assert d.not_included.text.startswith("Not included: names, e-mail addresses")


def test_every_sentence_comes_from_privacy_toml_with_its_basis(db, tmp_path):
    share = load_toml("privacy")["share"]
    with Tracker(db) as t:
        data = json.loads(cohort.anonymized_bytes(t))
    d = handin.describe_summary(data)
    for line in (d.heading, *d.lines, d.not_included):
        assert line.source in {item["source"] for item in share.values()}
        templates = [item["text"] for item in share.values() if item["source"] == line.source]
        assert any(re.fullmatch(re.sub(r"\\\{\w+\\\}", ".*", re.escape(tpl)), line.text, re.S) for tpl in templates)
    # An instructor rewords one sentence in their own content folder: the tool says theirs.
    own = tmp_path / "content"
    own.mkdir()
    (own / "privacy.toml").write_text(
        '[share.meetings]\ntext = "Talks: {meetings}."\nsource = "Our class handbook."\n', encoding="utf-8"
    )
    d2 = handin.describe_summary(data, content_dir=own)
    assert "Talks: 1." in [line.text for line in d2.lines]
    (own / "privacy.toml").write_text('[share.meetings]\ntext = "Talks: {nonsense}."\nsource = "x"\n')
    with pytest.raises(ValueError, match=r"\[share.meetings\] uses a name"):
        handin.describe_summary(data, content_dir=own)
    (own / "privacy.toml").write_text('[share.meetings]\ntext = ""\nsource = "x"\n')
    from infoview.workshop import check_content

    verdict = {name: (status, msg) for name, status, msg in check_content(own)}
    assert verdict["privacy.toml"][0] == "error" and "[share.meetings]" in verdict["privacy.toml"][1]


def test_the_sample_learners_summary_says_so_and_is_never_handed_in(tmp_path):
    sample = sample_tracker()
    data = cohort.anonymized_bytes(sample, learner_id=handin.SAMPLE_LEARNER_ID)
    d = handin.describe_summary(json.loads(data), sample=True)
    assert "sample learner" in d.heading.text and "nothing to share yet" in d.heading.text
    assert d.numbers["identified"] == json.loads(data)["funnel"]["identified"] > 10
    assert not any("random learner id" in line.text for line in d.lines)
    assert handin.download_name(json.loads(data), sample=True) == "infoview-summary-sample-learner.json"
    with pytest.raises(HandInError, match="sample learner"):
        handin.hand_in(data, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_summary_is_refused_in_one_sentence(tmp_path):
    with pytest.raises(ValueError, match="not a summary that can be shared"):
        handin.describe_summary({"schema": "x"})
    with pytest.raises(HandInError, match="not a summary that can be handed in"):
        handin.hand_in(b"{not json", tmp_path)


# ------------------------------------------------------------------ the exchange folder
def test_the_exchange_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(handin.EXCHANGE_ENV, raising=False)
    assert handin.exchange_folder() is None
    monkeypatch.setenv(handin.EXCHANGE_ENV, str(tmp_path))
    assert handin.exchange_folder() == tmp_path
    monkeypatch.setenv(handin.EXCHANGE_ENV, "   ")
    assert handin.exchange_folder() is None


def test_hand_in_writes_then_replaces_atomically_without_listing(db, tmp_path, monkeypatch):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    (exchange / "learner-000000000000.json").write_text("someone else's", encoding="utf-8")

    def no_listing(*args, **kwargs):
        raise AssertionError("the hand-in listed the exchange folder")

    monkeypatch.setattr(os, "listdir", no_listing)
    monkeypatch.setattr(os, "scandir", no_listing)
    monkeypatch.setattr(Path, "iterdir", no_listing)
    monkeypatch.setattr(Path, "glob", no_listing)
    with Tracker(db) as t:
        first = cohort.anonymized_bytes(t)
        path = handin.hand_in(first, exchange)
        assert path == exchange / f"{t.setting(cohort.LEARNER_ID_SETTING)}.json"
        assert path.read_bytes() == first and (path.stat().st_mode & 0o777) == 0o644
        t.log(t.add_contact(first_name="New", channel="warm"), "outreach_sent", on="2026-03-10")
        second = cohort.anonymized_bytes(t)
    assert second != first
    assert handin.hand_in(second, exchange) == path
    monkeypatch.undo()
    assert sorted(p.name for p in exchange.iterdir()) == sorted([path.name, "learner-000000000000.json"])
    assert path.read_bytes() == second
    assert (exchange / "learner-000000000000.json").read_text(encoding="utf-8") == "someone else's"


def test_a_missing_or_unconfigured_exchange_folder_is_one_sentence(db, tmp_path, monkeypatch):
    monkeypatch.delenv(handin.EXCHANGE_ENV, raising=False)
    with Tracker(db) as t:
        data = cohort.anonymized_bytes(t)
    with pytest.raises(HandInError, match="No exchange folder is set up") as none:
        handin.hand_in(data)
    with pytest.raises(HandInError, match="does not exist: ask your instructor") as missing:
        handin.hand_in(data, tmp_path / "nowhere")
    (tmp_path / "file").write_text("x")
    with pytest.raises(HandInError, match="is not a folder") as not_dir:
        handin.hand_in(data, tmp_path / "file")
    for exc in (none, missing, not_dir):
        message = str(exc.value)
        assert message.count(". ") == 0 and message.endswith(".") and "Traceback" not in message
    assert not (tmp_path / "nowhere").exists()


def test_a_link_planted_in_the_exchange_folder_is_replaced_not_followed(db, tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("the instructor's own file", encoding="utf-8")
    with Tracker(db) as t:
        data = cohort.anonymized_bytes(t)
        target = exchange / f"{cohort.learner_id_of(t)}.json"
    target.symlink_to(victim)
    path = handin.hand_in(data, exchange)
    assert path == target and not target.is_symlink() and target.read_bytes() == data
    assert victim.read_text(encoding="utf-8") == "the instructor's own file"
    # A dangling link at that name does not create its target either.
    target.unlink()
    target.symlink_to(tmp_path / "created-through-a-link.json")
    handin.hand_in(data, exchange)
    assert not (tmp_path / "created-through-a-link.json").exists() and not target.is_symlink()


def _hand_in_as_nobody(data: bytes, folder: Path) -> str:
    """Run hand_in in a forked child as 'nobody' (root ignores file modes); returns 'OK <path>' or the error."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                result = f"OK {handin.hand_in(data, folder)}"
            except HandInError as exc:
                result = f"ERROR {exc}"
            except BaseException as exc:
                result = f"CRASH {type(exc).__name__}: {exc}"
            os.write(write, result.encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        out = fh.read().decode()
    os.waitpid(pid, 0)
    return out


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0, reason="needs root to run as another user")
def test_on_a_hub_a_learner_cannot_write_an_unwritable_folder_nor_replace_anothers_file(db):
    with Tracker(db) as t:
        data = cohort.anonymized_bytes(t)
        learner_id = cohort.learner_id_of(t)
    base = Path(tempfile.mkdtemp())
    try:
        base.chmod(0o755)
        locked = base / "locked"
        locked.mkdir(mode=0o755)
        result = _hand_in_as_nobody(data, locked)
        assert result.startswith("ERROR You cannot write to the exchange folder"), result
        assert list(locked.iterdir()) == []
        # The documented set-up: mode 1733, learners write but cannot list, the sticky bit guards each file.
        exchange = base / "exchange"
        exchange.mkdir()
        exchange.chmod(0o1733)
        result = _hand_in_as_nobody(data, exchange)
        assert result == f"OK {exchange / (learner_id + '.json')}", result
        assert (exchange / f"{learner_id}.json").read_bytes() == data
        assert _hand_in_as_nobody(data, exchange).startswith("OK ")  # their own file: replaced
        # A file of that name owned by someone else is never replaced, and nothing half-written stays.
        (exchange / f"{learner_id}.json").unlink()
        (exchange / f"{learner_id}.json").write_text("another user's file", encoding="utf-8")
        result = _hand_in_as_nobody(data, exchange)
        assert result.startswith("ERROR A file under your learner id in the exchange folder belongs to someone else")
        assert (exchange / f"{learner_id}.json").read_text(encoding="utf-8") == "another user's file"
        assert [p.name for p in exchange.iterdir()] == [f"{learner_id}.json"]
    finally:
        import shutil

        shutil.rmtree(base)


# ------------------------------------------------------------------ the instructor's side
def test_the_exchange_folder_is_a_source_for_collect_and_the_cohort_report(db, tmp_path, capsys):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    with Tracker(db) as t:
        mine = handin.hand_in(cohort.anonymized_bytes(t), exchange)
    other = tmp_path / "other.sqlite"
    with _learner_tracker(other) as t:
        theirs = handin.hand_in(cohort.anonymized_bytes(t), exchange)
    (exchange / "sneaky.json").symlink_to(mine)  # a learner's link to someone's file is never read
    (exchange / ".learner-x.0123.partial").write_text("half")  # a hand-in under way is passed over
    out = tmp_path / "summaries"
    assert cli_main(["collect", "--exchange", str(exchange), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Collected 2 anonymised summaries" in printed and "sneaky.json: not a regular file (a link" in printed
    assert sorted(p.name for p in out.iterdir()) == sorted([mine.name, theirs.name])
    assert (out / mine.name).read_bytes() == mine.read_bytes()
    assert cli_main(["cohort-report", str(exchange), "--out", str(tmp_path / "r.html")]) == 0
    assert "for 2 learner(s)" in capsys.readouterr().out
    assert cli_main(["collect", "--out", str(out)]) == 2
    assert "say where to collect from" in capsys.readouterr().err
