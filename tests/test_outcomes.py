"""Stage 6 metrics, charts, anonymised export and cohort report, on hand-built histories."""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pytest

from infoview import cohort as co
from infoview import outcome_charts as oc
from infoview import outcomes as o
from infoview.tracker import Tracker

TODAY = dt.date(2026, 3, 16)  # a Monday


def table(rows, columns=("contact_id", "channel", "kind", "occurred_on")):
    return pd.DataFrame(rows, columns=list(columns))


def channel_history(channel: str, contacted: int, replied: int, start="2026-02-02", offset=0):
    """``contacted`` contacts of one channel written to on ``start``, the first ``replied`` answering 2 days later."""
    rows = []
    for i in range(contacted):
        cid = f"{channel}{offset + i}"
        rows.append((cid, channel, "outreach_sent", start))
        if i < replied:
            rows.append((cid, channel, "replied", str(pd.Timestamp(start) + pd.Timedelta(days=2))[:10]))
    return rows


@pytest.fixture
def demo():
    return o.demo_events()


# ------------------------------------------------------------------ events table
def test_events_table_from_tracker_counts_contacts_without_events(tracker):
    a = tracker.add_contact(first_name="A", channel="warm")
    tracker.add_contact(first_name="B", channel="cold")  # no events at all
    tracker.log(a, "outreach_sent", on="2026-03-02")
    ev = o.events_table(tracker, today=TODAY)
    assert len(ev.contacts) == 2 and len(ev.events) == 1
    assert ev.events["channel"].tolist() == ["warm"]
    f = o.funnel(ev).set_index("stage")["count"]
    assert f["identified"] == 2 and f["contacted"] == 1 and f["replied"] == 0


def test_events_table_reads_cohort_columns_and_rejects_bad_rows():
    df = table(
        [("L1", "k1", "warm", "outreach_sent", "2026-03-02"), ("L2", "k1", "cold", "replied", "2026-03-03")],
        ("learner_id", "contact_key", "channel", "kind", "occurred_on"),
    )
    ev = o.events_table(df, today=TODAY)
    assert sorted(ev.contacts["contact_id"]) == ["L1/k1", "L2/k1"]  # same key, different learners
    with pytest.raises(ValueError, match="Row 2: unknown event kind 'called'"):
        o.events_table(table([(1, "warm", "replied", "2026-03-02"), (1, "warm", "called", "2026-03-02")]))
    with pytest.raises(ValueError, match="not a date"):
        o.events_table(table([(1, "warm", "replied", "soon")]))
    with pytest.raises(ValueError, match="unknown channel 'linkedin'"):
        o.events_table(table([(1, "linkedin", "replied", "2026-03-02")]))


def test_contacts_argument_adds_contacts_without_events():
    ev = o.events_table(
        table([(1, "warm", "outreach_sent", "2026-03-02")]),
        contacts=pd.DataFrame({"contact_id": [1, 2, 3], "channel": ["warm", "cold", "cold"]}),
        today=TODAY,
    )
    assert o.funnel(ev).set_index("stage")["count"]["identified"] == 3


# ----------------------------------------------------------------------- funnel
def test_funnel_on_messy_history(demo):
    f = o.funnel(demo).set_index("stage")
    assert f["count"].tolist() == [8, 7, 5, 1, 1, 1, 0]
    # a reply without a recorded outreach counts as contacted; a duplicate outreach counts once
    assert f.loc["contacted", "conversion"] == pytest.approx(7 / 8)
    assert f.loc["replied", "denominator"] == 7 and f.loc["replied", "conversion"] == pytest.approx(5 / 7)
    # below 5 at the stage before: no rate, a clear flag
    assert math.isnan(f.loc["thanked", "conversion"])
    assert f.loc["thanked", "conversion_text"] == "not enough data (1 at the stage before)"


def test_funnel_is_independent_of_row_order(demo):
    shuffled = demo.events.sample(frac=1, random_state=3)
    ev = o.events_table(shuffled, today=TODAY)
    pd.testing.assert_frame_equal(o.funnel(ev), o.funnel(demo))
    assert o.per_contact(ev)["label"].sort_index().tolist() == o.per_contact(demo)["label"].sort_index().tolist()


def test_funnel_of_empty_tracker(tracker):
    f = o.funnel(tracker)
    assert f["count"].tolist() == [0] * 7
    assert f["conversion_text"].iloc[1].startswith("not enough data")


# ------------------------------------------------------------------ reply rates
def test_wilson_interval_known_values():
    assert o.wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert o.wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert o.wilson_interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
    # Newcombe (1998), table I, example: 81/263 -> 0.2553 to 0.3662
    assert o.wilson_interval(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)
    assert all(math.isnan(x) for x in o.wilson_interval(0, 0))


def test_reply_rates_by_channel_with_denominators_and_threshold():
    rows = channel_history("warm", 10, 6) + channel_history("cold", 20, 4) + channel_history("alumni", 4, 3)
    r = o.reply_rates(o.events_table(table(rows), today=TODAY)).set_index("channel")
    assert r.loc["warm", ["contacted", "replied"]].tolist() == [10, 6]
    assert r.loc["warm", "rate"] == pytest.approx(0.6)
    assert (r.loc["warm", "low"], r.loc["warm", "high"]) == pytest.approx(o.wilson_interval(6, 10))
    assert r.loc["cold", "rate"] == pytest.approx(0.2)
    assert r.loc["warm", "text"] == "60% (6 of 10 warm contacts you wrote to; 95% interval 31%-83%)"
    # 4 alumni contacts: below the threshold of 5
    assert not r.loc["alumni", "enough"] and math.isnan(r.loc["alumni", "rate"])
    assert r.loc["alumni", "text"] == "not enough data: 4 alumni/shared contacts you wrote to (need at least 5)"
    assert r.loc["event", "contacted"] == 0


def test_threshold_boundary_five_contacts():
    five = o.events_table(table(channel_history("cold", 5, 1)), today=TODAY)
    four = o.events_table(table(channel_history("cold", 4, 1)), today=TODAY)
    assert o.reply_rate(five).value == pytest.approx(0.2)
    assert o.reply_rate(four).value is None and o.reply_rate(four).text.startswith("not enough data")


def test_threshold_comes_from_content(tmp_path, monkeypatch):
    (tmp_path / "outcomes.toml").write_text("min_contacts = 3\n")
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    four = o.events_table(table(channel_history("cold", 4, 1)), today=TODAY)
    assert o.reply_rate(four).value == pytest.approx(0.25)


# ------------------------------------------------------------------------ delays
def test_delay_labels_on_messy_history(demo):
    d = o.reply_delays(demo).set_index("contact_id")
    assert d["label"].to_dict() == {
        1: "booster",
        2: "unknown",
        3: "obligate",
        4: "curmudgeon",
        5: "obligate",
        6: "waiting",
        7: "booster",
    }
    assert d.loc[1, "delay_business_days"] == 1
    assert d.loc[3, "delay_business_days"] == 9  # Mon 2 Mar -> Fri 13 Mar, logged out of order
    assert d.loc[5, "delay_business_days"] == 8  # measured from the first message, not the follow-up
    assert math.isnan(d.loc[2, "delay_business_days"])
    assert o.delay_labels(demo) == {"booster": 2, "obligate": 2, "curmudgeon": 1, "waiting": 1, "unknown": 1}


def test_booster_and_curmudgeon_boundaries_across_weekends():
    rows = [
        ("fri3", "cold", "outreach_sent", "2026-02-27"),
        ("fri3", "cold", "replied", "2026-03-04"),  # Fri -> Wed: 3
        ("fri4", "cold", "outreach_sent", "2026-02-27"),
        ("fri4", "cold", "replied", "2026-03-05"),  # Fri -> Thu: 4
        ("w7", "cold", "outreach_sent", "2026-03-05"),  # Thu 5 Mar -> Mon 16 Mar: 7 business days, window over
        ("w6", "cold", "outreach_sent", "2026-03-06"),  # Fri 6 Mar -> Mon 16 Mar: 6, still waiting
        ("nudged", "cold", "outreach_sent", "2026-02-02"),
        ("nudged", "cold", "follow_up_sent", "2026-03-10"),
    ]
    d = o.reply_delays(o.events_table(table(rows), today=TODAY)).set_index("contact_id")["label"]
    assert d.to_dict() == {
        "fri3": "booster",
        "fri4": "obligate",
        "w7": "curmudgeon",
        "w6": "waiting",
        "nudged": "waiting",
    }  # measured from the last message


def test_holidays_from_content_skip_business_days(tmp_path, monkeypatch):
    (tmp_path / "outcomes.toml").write_text('holidays = ["2026-03-03"]\n')
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    rows = [(1, "cold", "outreach_sent", "2026-03-02"), (1, "cold", "replied", "2026-03-06")]
    d = o.reply_delays(o.events_table(table(rows), today=TODAY))
    assert d["delay_business_days"].iloc[0] == 3 and d["label"].iloc[0] == "booster"


# ---------------------------------------------------------------- follow-up lift
def test_follow_up_lift_known_answer():
    rows = []
    for i in range(10):  # 10 first messages on Mon 2 Feb
        rows.append((i, "cold", "outreach_sent", "2026-02-02"))
    for i in range(3):  # 3 answer the first message
        rows.append((i, "cold", "replied", "2026-02-04"))
    for i in range(3, 10):  # 7 get a follow-up, 2 of them answer after it
        rows.append((i, "cold", "follow_up_sent", "2026-02-11"))
    rows += [(3, "cold", "replied", "2026-02-12"), (4, "cold", "replied", "2026-02-16")]
    rows.append((99, "cold", "replied", "2026-02-03"))  # no recorded message: left out of the lift
    rows += [
        (98, "cold", "replied", "2026-02-03"),
        (98, "cold", "outreach_sent", "2026-02-05"),
    ]  # reply first: left out
    lift = o.follow_up_lift(o.events_table(table(rows), today=TODAY))
    assert (lift.first.numerator, lift.first.denominator) == (3, 10)
    assert (lift.second.numerator, lift.second.denominator) == (2, 7)
    assert lift.lift == pytest.approx(2 / 3)
    assert lift.text == (
        "Replies after a first message: 3 of 10 contacts you wrote to; after a second message: 2 of 7 "
        "contacts who got a second message. Follow-ups added 2 replies to the 3: 67% more replies."
    )


def test_two_outreach_events_on_different_days_are_two_touches():
    rows = [(i, "warm", "outreach_sent", "2026-02-02") for i in range(5)]
    rows += [(i, "warm", "outreach_sent", "2026-02-12") for i in range(5)]  # a second outreach acts as a follow-up
    rows += [(0, "warm", "replied", "2026-02-13"), (1, "warm", "replied", "2026-02-03")]
    lift = o.follow_up_lift(o.events_table(table(rows), today=TODAY))
    assert (lift.first.numerator, lift.second.denominator, lift.second.numerator) == (1, 5, 1)


def test_follow_up_lift_not_enough_data(demo):
    lift = o.follow_up_lift(demo)
    assert lift.lift is None
    assert "not enough data" in lift.text and "1 second" in lift.text


# -------------------------------------------------------------- weekly activity
def test_weekly_activity_against_goal(demo):
    w = o.weekly_activity(demo, goal=2)
    assert w["week_start"].dt.strftime("%m-%d").tolist() == [
        "01-26",
        "02-02",
        "02-09",
        "02-16",
        "02-23",
        "03-02",
        "03-09",
        "03-16",
    ]
    assert w["messages"].tolist() == [0, 3, 1, 0, 0, 2, 1, 0]  # the duplicate outreach counts once
    assert w["met"].tolist() == [False, True, False, False, False, True, False, False]
    assert w["complete"].tolist() == [True] * 7 + [False]
    assert o.weekly_activity(demo)["goal"].iloc[0] == 5  # default from outcomes.toml


def test_weekly_activity_empty(tracker):
    assert o.weekly_activity(tracker).empty


def test_referrals_per_meeting():
    rows = []
    for i in range(6):
        rows += [(i, "warm", "outreach_sent", "2026-02-02"), (i, "warm", "meeting_held", "2026-02-10")]
    rows += [
        (0, "warm", "referral_received", "2026-02-12"),
        (0, "warm", "referral_received", "2026-02-13"),
        (1, "warm", "referral_received", "2026-02-12"),
    ]
    r = o.referrals_per_meeting(o.events_table(table(rows), today=TODAY))
    assert (r.numerator, r.denominator, r.value) == (3, 6, 0.5)
    assert r.text == "0.50 referrals or next contacts per meeting (3 from 6 meetings held)"
    few = o.referrals_per_meeting(o.demo_events())
    assert few.value is None and few.text == "not enough data: 1 meetings held (need at least 5)"


def test_referral_expectation_is_a_stated_range():
    e = o.referral_expectation(20)
    assert (e["low"], e["high"]) == pytest.approx((2, 8))
    assert "assumption" in e["text"] and "no published figure" in e["text"]


# ----------------------------------------------------------------------- charts
@pytest.fixture
def rich():
    rows = channel_history("warm", 10, 7) + channel_history("cold", 20, 4, start="2026-02-09")
    rows += [
        ("warm0", "warm", "meeting_held", "2026-02-10"),
        ("warm1", "warm", "meeting_held", "2026-02-11"),
        ("warm0", "warm", "referral_received", "2026-02-12"),
    ]
    return o.events_table(table(rows), today=TODAY)


def test_funnel_chart_data_labels_title_alt(rich):
    fig, alt = oc.funnel_chart(rich)
    ax = fig.axes[0]
    heights = [p.get_width() for p in ax.patches]
    assert heights == [0, 1, 1, 2, 11, 30, 30]  # drawn bottom-up: opportunity first
    assert heights == o.funnel(rich)["count"].tolist()[::-1]
    assert ax.get_xlabel() == "Contacts (count)"
    assert ax.get_title(loc="left") == "Biggest drop: Replied to met (18% went on)"
    assert alt.startswith("Bar chart of contacts reaching each stage: identified 30, contacted 30, replied 11")
    assert alt.endswith(".") and alt.count(". ") == 0


def test_reply_rate_chart_heights_intervals_and_title(rich):
    chart = oc.reply_rate_chart(rich)
    ax = chart.figure.axes[0]
    heights = [round(p.get_height(), 6) for p in ax.patches]
    assert heights == [70.0, 20.0]  # channels nobody was written to get no bar
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Warm\nn=10", "Cold\nn=20"]
    assert chart.title == "Warm contacts replied most often (70%)"
    assert "%" in ax.get_ylabel() and ax.get_xlabel().startswith("Channel")
    assert chart.alt == "Bar chart of reply rate by channel with 95% intervals: warm 70% of 10; cold 20% of 20."
    # the error bars are the Wilson interval
    segs = [c for c in ax.collections if hasattr(c, "get_segments")][0].get_segments()
    low, high = o.wilson_interval(7, 10)
    assert segs[0][0][1] == pytest.approx(low * 100) and segs[0][1][1] == pytest.approx(high * 100)


def test_reply_rate_chart_names_every_channel_in_a_tie():
    rows = channel_history("warm", 5, 3) + channel_history("alumni", 5, 3) + channel_history("cold", 5, 1)
    chart = oc.reply_rate_chart(o.events_table(table(rows), today=TODAY))
    assert chart.title == "Warm and Alumni/shared contacts replied most often (60%)"


def test_reply_rate_chart_without_enough_data(demo):
    chart = oc.reply_rate_chart(demo)
    assert chart.title.startswith("Not enough data yet")
    assert "no channel has enough" in chart.alt


def test_delay_chart_marks_and_counts(rich):
    chart = oc.delay_chart(rich)
    ax = chart.figure.axes[0]
    counts = {round(p.get_x() + p.get_width() / 2): p.get_height() for p in ax.patches if p.get_height()}
    assert counts == {2: 11}  # every reply came 2 days later (Mon -> Wed)
    vlines = sorted(line.get_xdata()[0] for line in ax.lines)
    assert vlines == [3.5, 7.5]
    assert chart.title == "Most replies came within 3 business days (100%)"
    assert ax.get_xlabel() == "Reply delay after your first message (business days)"
    assert chart.alt.startswith("Histogram of 11 reply delays: 11 within 3 business days")


def test_activity_chart_bars_and_goal(demo):
    chart = oc.activity_chart(demo, goal=2)
    ax = chart.figure.axes[0]
    assert [p.get_height() for p in ax.patches] == [0, 3, 1, 0, 0, 2, 1, 0]
    assert ax.lines[0].get_ydata()[0] == 2
    assert chart.title == "You met your goal of 2 messages in 2 of 7 full weeks"  # today's week is still running
    assert chart.alt == (
        "Bar chart of messages sent per week over 8 weeks against a goal of 2: goal met in 2 of 7 "
        "full weeks, 7 messages in all."
    )


def test_cumulative_chart_totals(rich):
    chart = oc.cumulative_chart(rich)
    ax = chart.figure.axes[0]
    finals = [line.get_ydata()[-1] for line in ax.lines]
    assert finals == [30, 2, 1]
    assert chart.title == "By 12 Feb 2026: 30 contacts written to, 2 meetings, 1 referrals"
    assert ax.get_ylabel() == "Running total (count)"


def test_chart_result_unpacks_and_renders_png(demo):
    chart = oc.funnel_chart(demo)
    fig, alt = chart
    assert fig is chart.figure and alt == chart.alt
    assert chart.png()[:8] == b"\x89PNG\r\n\x1a\n"
    bundle, meta = chart._repr_mimebundle_()
    assert bundle["text/plain"] == alt and meta["image/png"]["alt"] == alt
    import html as _html

    assert f'alt="{_html.escape(alt, quote=True)}"' in bundle["text/html"]  # the <img> itself carries the alt text
    assert bundle["text/html"].startswith('<img class="infoview-chart" src="data:image/png;base64,')


def test_all_charts_on_empty_tracker_do_not_fail(tracker):
    charts = oc.all_charts(tracker)
    assert set(charts) == {"funnel", "reply_rates", "delays", "activity", "cumulative"}
    assert charts["cumulative"].title == "Nothing recorded yet"
    assert charts["funnel"].title == "No contacts yet: add some to see your funnel"


# --------------------------------------------------------------------- privacy
PERSONAL = {
    "first_name": "Zebediah",
    "last_name": "Quuxworth",
    "company": "Frobnitz Marmalade Ltd",
    "position": "Chief Llama Officer",
    "email": "zebediah.q@example.com",
    "url": "https://www.linkedin.com/in/zebediah-quuxworth-7781",
}


def test_anonymized_export_holds_no_personal_field(tmp_path):
    from infoview.cli import main

    db = tmp_path / "t.sqlite"
    t = Tracker(db)
    cid = t.add_contact(channel="alumni", **PERSONAL)
    t.log(cid, "outreach_sent", on="2026-03-02", detail="Sent via Hyperspace Courier")
    t.log(cid, "replied", on="2026-03-03", detail="Said Quokka project is hiring")
    t.add_note(cid, "meeting_notes", {"insights": "Peculiar Pangolin insight", "names_suggested": ["Wilhelmina Zork"]})
    t.close()
    out = tmp_path / "summary.json"
    assert main(["export", "--anonymized", str(out), "--db", str(db)]) == 0
    text = out.read_text()
    summary = json.loads(text)
    assert summary["funnel"]["replied"] == 1 and summary["channels"]["alumni"]["delays_business_days"] == [1]
    secrets_ = list(PERSONAL.values()) + ["Hyperspace", "Quokka", "Pangolin", "Wilhelmina", "Zork", "linkedin", "@"]
    for value in secrets_:
        for piece in [value, *value.split()]:
            assert piece.lower() not in text.lower(), piece
    assert summary["learner_id"].startswith("learner-") and len(summary["learner_id"]) == 20


def test_export_without_flag_explains(tmp_path, capsys):
    from infoview.cli import main

    assert main(["export", str(tmp_path / "x.json"), "--db", str(tmp_path / "t.sqlite")]) == 2
    assert "--anonymized" in capsys.readouterr().err


def test_learner_ids_are_random(demo):
    assert co.summarize(demo)["learner_id"] != co.summarize(demo)["learner_id"]


# ---------------------------------------------------------------------- cohort
def _write_cohort(folder, n=6):
    folder.mkdir()
    for i in range(n):
        rows = channel_history("warm", 6 + i, 3 + i % 3) + channel_history("cold", 10, i, offset=100)
        s = co.summarize(o.events_table(table(rows), today=TODAY), learner_id=f"learner-{i:02d}")
        (folder / f"learner-{i:02d}.json").write_text(json.dumps(s))


def test_aggregate_cohort_skips_and_lists_bad_files(tmp_path):
    folder = tmp_path / "cohort"
    _write_cohort(folder)
    (folder / "broken.json").write_text('{"schema": ')
    (folder / "other.json").write_text(json.dumps({"schema": "something-else/1"}))
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00\x01")
    agg = co.aggregate_cohort(folder)
    assert len(agg.summaries) == 6
    reasons = dict(agg.skipped)
    assert set(reasons) == {"broken.json", "other.json", "binary.json"}
    assert reasons["broken.json"].startswith("not valid JSON (line 1")
    assert "not an infoview outcomes summary" in reasons["other.json"]
    assert reasons["binary.json"] == "not UTF-8 text"
    f = agg.funnel.set_index("stage")["count"]
    assert f["identified"] == sum(6 + i + 10 for i in range(6))
    warm = agg.reply_rates.set_index("channel").loc["warm"]
    assert (warm["contacted"], warm["replied"]) == (sum(6 + i for i in range(6)), sum(3 + i % 3 for i in range(6)))
    assert agg.learners["reply_rate"].iloc[0] == pytest.approx(3 / 16)
    assert agg.spread("contacted")["median"] == pytest.approx(18.5)


def test_aggregate_cohort_from_list_and_missing_folder(tmp_path):
    s = co.summarize(o.demo_events(), learner_id="x")
    agg = co.aggregate_cohort([s, {"nope": 1}])
    assert len(agg.summaries) == 1 and agg.skipped[0][0] == "item 2"
    with pytest.raises(FileNotFoundError):
        co.aggregate_cohort(tmp_path / "missing")


def test_cohort_report_is_self_contained_and_escaped(tmp_path):
    from infoview.cli import main

    folder = tmp_path / "cohort"
    _write_cohort(folder)
    (folder / "<i>evil.json").write_text("not json")
    out = tmp_path / "report.html"
    assert main(["cohort-report", str(folder), "--out", str(out)]) == 0
    text = out.read_text()
    assert "&lt;i&gt;evil.json" in text and "<i>evil" not in text
    assert text.count('src="data:image/png;base64,') == 5
    assert "http://" not in text and "https://" not in text  # nothing fetched from elsewhere
    for heading in ("Class funnel", "Reply rates by channel", "Spread across learners", "Activity"):
        assert f"<h2>{heading}</h2>" in text
    assert "no published figure" in text.lower() or "No study publishes" in text


# ---------------------------------------------------------------- sample cohort
def test_committed_sample_cohort_matches_the_events(root):
    events = root / "data" / "sample" / "cohort_events.csv"
    folder = root / "data" / "sample" / "cohort"
    if not events.exists() or not folder.exists():
        pytest.skip("the sample cohort is not committed yet")
    expected = {s["learner_id"]: s for s in co.cohort_summaries_from_events(events)}
    committed = {p.stem: json.loads(p.read_text()) for p in folder.glob("*.json")}
    assert committed == expected, "run 'infoview sample-cohort' to regenerate data/sample/cohort/"
    assert (root / "data" / "sample" / "cohort_report.html").exists()


# -------------------------------------------------------------------- exercises
def test_check_reply_rate_answer_feedback():
    assert str(o.check_reply_rate_answer(0.6, 5)).startswith("Correct: 3 of 5")
    assert o.check_reply_rate_answer(0.6, 5).ok and not o.check_reply_rate_answer(0.8, 5).ok
    assert o.check_reply_rate_answer(0.8, 5).correct == 1  # the denominator is right, the rate is not
    assert str(o.check_reply_rate_answer("60%", 5)).startswith("Correct")
    assert "not everyone you identified" in str(o.check_reply_rate_answer(0.5, 6))
    assert "count contacts, not events" in str(o.check_reply_rate_answer(0.8, 5))
    assert "a meeting held" in str(o.check_reply_rate_answer(0.4, 5))
    assert "including the one whose reply was logged" in str(o.check_reply_rate_answer(0.5, 4))
    assert "Fill in both" in str(o.check_reply_rate_answer(None, 5))
    assert "Write the rate as a number" in str(o.check_reply_rate_answer("lots", 5))
    assert str(o.check_reply_rate_answer(" 60 ", "5")).startswith("Correct")
    # Not a number a learner means: each is asked for again, never marked correct, never an error.
    for rate, denominator in [
        (float("nan"), 5),
        (0.6, float("inf")),
        (0.6, float("nan")),
        (float("inf"), 5),
        (0.6, 5.5),
        (0.6, "5.5"),
        ("nan", 5),
        (0.6, "-inf"),
    ]:
        assert "Write the rate as a number" in str(o.check_reply_rate_answer(rate, denominator)), (rate, denominator)


def test_check_action_feedback():
    items = {a["metric"]: a for a in o.advice()}
    assert str(o.check_action("reply_rate", items["reply_rate"]["action"])).startswith("Right.")
    assert str(o.check_action("reply_rate", items["reply_rate"]["distractors"][0])).startswith("Not the best choice")
    assert str(o.check_action(None, None)).startswith("Pick the metric")
    assert str(o.check_action("reply_rate", "")).startswith("Pick one of the actions")
    assert "not one of the metrics" in str(o.check_action("mood", "x"))
    options = o.action_options("meetings")
    right = options.index(items["meetings"]["action"]) + 1
    assert str(o.check_action("meetings", right)).startswith("Right.")
    assert str(o.check_action("meetings", 9)) == "Choose a number from 1 to 3."
    assert o.check_action("meetings", right).ok and not o.check_action("meetings", 9).ok


def test_lesson_events_says_which(tracker):
    ev = o.lesson_events(tracker)
    assert ev.source.startswith("Your tracker has no interactions yet, so these are the sample learner's numbers")
    cid = tracker.add_contact(first_name="A")
    tracker.log(cid, "outreach_sent", on="2026-03-02")
    assert o.lesson_events(tracker).source == "Your tracker: 1 contacts, 1 interactions."


def test_sample_cohort_command_writes_summaries_and_report(tmp_path, root):
    from infoview.cli import main

    events = tmp_path / "events.csv"
    rows = [("L-a", str(i), "warm", "outreach_sent", "2026-03-02") for i in range(6)]
    rows += [("L-b", "1", "cold", "outreach_sent", "2026-03-02"), ("L-b", "1", "cold", "replied", "2026-03-03")]
    table(rows, ("learner_id", "contact_key", "channel", "kind", "occurred_on")).to_csv(events, index=False)
    out, report = tmp_path / "cohort", tmp_path / "report.html"
    assert main(["sample-cohort", "--events", str(events), "--out-dir", str(out), "--report", str(report)]) == 0
    assert sorted(p.name for p in out.glob("*.json")) == ["L-a.json", "L-b.json"]
    b = json.loads((out / "L-b.json").read_text())
    assert b["as_of"] == "2026-03-16" and b["channels"]["cold"]["delays_business_days"] == [1]
    assert "2 learner summaries" in report.read_text()


def test_export_into_a_folder_names_the_file_by_learner_id(tmp_path, demo):
    path = co.export_anonymized(demo, tmp_path, learner_id="learner-abc")
    assert path.name == "learner-abc.json" and json.loads(path.read_text())["learner_id"] == "learner-abc"


def test_chart_by_name(demo):
    assert oc.chart("activity", demo, goal=2).title.startswith("You met your goal of 2")
    with pytest.raises(ValueError, match="No chart called 'pie'"):
        oc.chart("pie", demo)
