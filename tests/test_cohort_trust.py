"""A folder of learners' summaries is untrusted: each file is checked against one declared schema
(size, nesting, shape, consistency); bad ones are skipped and listed; the report is always written;
a learner exported twice counts once."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview import cohort
from infoview import outcomes as o
from infoview import summary_schema as ss
from infoview.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "sample" / "cohort").glob("*.json"))


@pytest.fixture
def good() -> dict:
    return json.loads(SAMPLES[0].read_text(encoding="utf-8"))


def _channel_with_replies(data: dict) -> str:
    return next(name for name, ch in data["channels"].items() if ch["replied"] > 0)


def _variants(good: dict) -> dict[str, tuple[object, str]]:
    """name -> (file content, a phrase its reason must contain)."""

    def change(fn):
        data = copy.deepcopy(good)
        fn(data)
        return json.dumps(data)

    ch = _channel_with_replies(good)
    return {
        "channel_replies_over_contacted.json": (
            change(lambda d: d["channels"][ch].update(replied=d["channels"][ch]["contacted"] + 3)),
            f"channel '{ch}': replied",
        ),
        "overall_replies_over_contacted.json": (
            change(lambda d: d["funnel"].update(replied=d["funnel"]["contacted"] + 1)),
            "overall: replied",
        ),
        "met_over_replied.json": (change(lambda d: d["funnel"].update(met=d["funnel"]["replied"] + 1)), "met"),
        "channels_do_not_add_up.json": (
            change(lambda d: d["funnel"].update(identified=d["funnel"]["identified"] + 7)),
            "add up to",
        ),
        "more_delays_than_replies.json": (
            change(lambda d: d["channels"][ch].update(delays_business_days=[1] * (d["channels"][ch]["replied"] + 1))),
            "more reply delays",
        ),
        "follow_up_replies_over_messages.json": (
            change(lambda d: d["follow_up"].update(replies_after_first=d["follow_up"]["first_messages"] + 1)),
            "replies after first messages",
        ),
        "negative.json": (change(lambda d: d["funnel"].update(opportunity=-1)), "outside 0 to"),
        "huge_count.json": (change(lambda d: d["funnel"].update(identified=10**30)), "outside 0 to"),
        "text_count.json": (change(lambda d: d["channels"][ch].update(replied="two")), "not a whole number"),
        "bool_count.json": (change(lambda d: d["funnel"].update(met=True)), "not a whole number"),
        "delay_of_a_billion.json": (
            change(lambda d: d["channels"][ch].update(delays_business_days=[10**9])),
            "outside 0 to 260",
        ),
        "unknown_channel.json": (change(lambda d: d["channels"].update(linkedin=d["channels"][ch])), "'linkedin'"),
        "unknown_key.json": (change(lambda d: d.update(name="Ada Byron")), "'name'"),
        "html_id.json": (change(lambda d: d.update(learner_id="<script>x</script>")), "not an id"),
        "week_twice.json": (
            change(lambda d: d["weekly_messages"].append(d["weekly_messages"][0])),
            "a week appears twice",
        ),
        "future_week.json": (
            change(lambda d: d["weekly_messages"].append({"week": "2099-01-05", "messages": 1})),
            "after the summary",
        ),
        "bad_date.json": (change(lambda d: d.update(as_of="2026-02-30")), "not a real day"),
        "missing_funnel.json": (change(lambda d: d.pop("funnel")), "lacks 'funnel'"),
        "nan.json": (json.dumps(good).replace('"meetings": 3', '"meetings": NaN'), "NaN"),
        "other_schema.json": (json.dumps({"schema": "something-else/1"}), "not an infoview outcomes summary"),
        "list.json": ("[1, 2, 3]", "not an object"),
        "deep_list.json": ("[" * 200_000 + "]" * 200_000, "nested 200000 levels deep"),
        "deep_inside.json": (json.dumps(good)[:-1] + ', "x": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}", "nested"),
        "big.json": (json.dumps({**good, "pad": "x" * 2_000_000}), "larger than any summary"),
        "empty.json": ("", "not valid JSON"),
        "latin1.json": ("caf\xe9".encode("latin-1"), "not UTF-8"),
    }


def _write_folder(folder: Path, good: dict) -> dict[str, str]:
    folder.mkdir()
    for p in SAMPLES[:3]:
        (folder / p.name).write_bytes(p.read_bytes())
    expected = {}
    for name, (content, reason) in _variants(good).items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        expected[name] = reason
    (folder / "a-subfolder").mkdir()
    expected["a-subfolder"] = "a folder"
    os.mkfifo(folder / "a-pipe.json")
    expected["a-pipe.json"] = "not a regular file"
    (folder / "dangling.json").symlink_to(folder / "nowhere.json")
    expected["dangling.json"] = "not a regular file"
    return expected


def test_the_report_is_written_whatever_the_folder_holds_listing_what_it_skipped(tmp_path, good, capsys):
    folder = tmp_path / "cohort"
    expected = _write_folder(folder, good)
    out = tmp_path / "report.html"
    assert cli_main(["cohort-report", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "for 3 learner(s)" in printed
    agg = cohort.aggregate_cohort(folder)
    reasons = dict(agg.skipped)
    assert set(reasons) == set(expected)
    for name, phrase in expected.items():
        assert phrase in reasons[name], (name, reasons[name])
        assert f"Skipped {name}:" in printed
    html = out.read_text(encoding="utf-8")
    assert "Files skipped" in html and "channel_replies_over_contacted.json" in html
    assert "<script>x" not in html


def test_one_summary_with_more_replies_than_contacts_no_longer_stops_the_report(tmp_path, good):
    """The issue's case: it raised 'math domain error' and no report was written."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    bad = copy.deepcopy(good)
    ch = _channel_with_replies(bad)
    bad["channels"][ch]["replied"] = bad["channels"][ch]["contacted"] + 5
    bad["learner_id"] = "L-bad"
    (folder / "bad.json").write_text(json.dumps(bad))
    (folder / "good.json").write_text(json.dumps(good))
    out, agg = cohort.write_cohort_report(folder, tmp_path / "r.html")
    assert out.exists() and len(agg.summaries) == 1 and agg.skipped[0][0] == "bad.json"


def test_an_empty_or_all_bad_folder_still_gets_a_report(tmp_path, good):
    for content in ([], ["[" * 5000]):
        folder = tmp_path / f"c{len(content)}"
        folder.mkdir()
        for i, text in enumerate(content):
            (folder / f"{i}.json").write_text(text)
        out, agg = cohort.write_cohort_report(folder, folder.with_suffix(".html"))
        assert out.exists() and agg.summaries == [] and len(agg.skipped) == len(content)
        assert "0 learner summaries" in out.read_text(encoding="utf-8")


def test_a_learner_exported_twice_counts_once_the_latest_kept_the_other_listed(tmp_path, good):
    folder = tmp_path / "cohort"
    folder.mkdir()
    older = copy.deepcopy(good)
    older["as_of"] = "2026-03-02"
    older["weekly_messages"] = [w for w in older["weekly_messages"] if w["week"] <= "2026-03-02"]
    (folder / "export-monday.json").write_text(json.dumps(good))
    (folder / "export-earlier.json").write_text(json.dumps(older))
    # the same export saved twice: the later file wins
    other = json.loads(SAMPLES[1].read_text())
    (folder / "b-first.json").write_text(json.dumps(other))
    (folder / "b-second.json").write_text(json.dumps(other))
    os.utime(folder / "b-first.json", (2_000_000_000, 2_000_000_000))
    os.utime(folder / "b-second.json", (1_000_000_000, 1_000_000_000))
    agg = cohort.aggregate_cohort(folder)
    assert len(agg.summaries) == 2
    assert sorted(agg.learners["learner_id"]) == sorted([good["learner_id"], other["learner_id"]])
    assert agg.learners.set_index("learner_id").loc[good["learner_id"], "contacted"] == good["funnel"]["contacted"]
    reasons = dict(agg.skipped)
    assert set(reasons) == {"export-earlier.json", "b-second.json"}
    assert f"an older export of learner {good['learner_id']} (export-monday.json" in reasons["export-earlier.json"]
    assert "(b-first.json" in reasons["b-second.json"]
    html = cohort.cohort_report_html(agg)
    assert "export-earlier.json" in html and "b-second.json" in html
    funnel = agg.funnel.set_index("stage")["count"]
    assert funnel["identified"] == good["funnel"]["identified"] + other["funnel"]["identified"]


def test_every_committed_sample_summary_passes_and_stages_agree():
    assert ss.STAGES == o.STAGES and ss.SUMMARY_SCHEMA == cohort.SUMMARY_SCHEMA
    for path in SAMPLES:
        assert ss.summary_problem(path.read_bytes()) is None, path.name
    s = cohort.summarize(o.demo_events(), learner_id="learner-demo")
    assert ss.summary_problem(s) is None
    assert ss.summary_problem(json.dumps(s).encode()) is None


def _mutations(good: dict):
    """Any value anywhere in a summary replaced by any JSON value."""
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append(path + [k])
                walk(v, path + [k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                paths.append(path + [i])
                walk(v, path + [i])

    walk(good, [])
    json_values = st.recursive(
        st.none()
        | st.booleans()
        | st.integers(min_value=-(10**20), max_value=10**20)
        | st.floats(allow_nan=False)
        | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=6,
    )
    return st.lists(st.tuples(st.sampled_from(paths), json_values), min_size=1, max_size=3)


def test_any_mutated_summary_is_used_or_skipped_never_an_error(good):
    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_mutations(good))
    def check(changes):
        data = copy.deepcopy(good)
        for path, value in changes:
            node = data
            try:
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue
        agg = cohort.aggregate_cohort([good, data])
        assert 1 <= len(agg.summaries) <= 2
        assert len(set(agg.learners["learner_id"])) == len(agg.summaries)  # nobody counted twice
        assert len(agg.summaries) + len(agg.skipped) == 2
        rates = agg.reply_rates
        assert (rates["replied"] <= rates["contacted"]).all()

    check()
