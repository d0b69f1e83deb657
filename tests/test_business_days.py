"""One business-day calendar: stage 5 (follow-up) and stage 6 (outcomes) count alike, from one
holidays list (calendar.toml), with a weekend send counted from the next business day."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview import business_days as bd
from infoview import followup as fu
from infoview import outcomes as o
from infoview.tracker import Tracker

D = dt.date.fromisoformat
START = D("2026-01-01")
_days = st.integers(min_value=0, max_value=120).map(lambda n: START + dt.timedelta(days=n))


def stage6(rows, today, holidays):
    config = {**o.load_settings(), "holidays": sorted(holidays)}
    ev = o.events_table(
        pd.DataFrame(rows, columns=["contact_id", "channel", "kind", "occurred_on"]), today=today, config=config
    )
    return o.reply_delays(ev).set_index("contact_id").loc[1]


def stage5_nudge(sent, holidays):
    """The first day stage 5's due list, read from a tracker as a learner's is, shows the nudge."""
    s = {**fu.load_settings(), "holidays": frozenset(holidays)}
    t = Tracker(":memory:")
    cid = t.add_contact(first_name="Ada", company="Analytical Ltd", channel="cold")
    t.log(cid, "outreach_sent", on=sent)
    try:
        for n in range(40):
            day = sent + dt.timedelta(days=n)
            nudges = [a for a in fu.due(t, day, settings=s) if a.kind == "nudge"]
            if nudges:
                assert nudges[0].due == day
                return day
    finally:
        t.close()
    raise AssertionError("no nudge within 40 days")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(sent=_days, holidays=st.lists(_days, max_size=12, unique=True))
def test_stage_5_nudges_on_the_first_day_stage_6_calls_the_contact_a_non_responder(sent, holidays):
    nudge = stage5_nudge(sent, holidays)
    rows = [(1, "cold", "outreach_sent", sent.isoformat())]
    # every day from the send to a week past the nudge: waiting before it, Curmudgeon from it on
    day = sent
    while day <= nudge + dt.timedelta(days=7):
        label = stage6(rows, day, holidays)["label"]
        assert label == ("curmudgeon" if day >= nudge else "waiting"), (sent, day, nudge, label)
        day += dt.timedelta(days=1)
    assert nudge == fu.plan_3b7(sent, holidays=holidays)["follow_up"] == bd.add_business_days(sent, 7, holidays)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(sent=_days, wait=st.integers(min_value=0, max_value=30), holidays=st.lists(_days, max_size=12, unique=True))
def test_both_stages_count_the_same_reply_delay(sent, wait, holidays):
    replied = sent + dt.timedelta(days=wait)
    rows = [(1, "cold", "outreach_sent", sent.isoformat()), (1, "cold", "replied", replied.isoformat())]
    row = stage6(rows, replied + dt.timedelta(days=3), holidays)
    counted = fu.business_days_between(sent, replied, holidays)
    assert row["delay_business_days"] == counted == bd.business_days_between(sent, replied, holidays)
    assert row["label"] == ("booster" if counted <= o.load_settings()["booster_days"] else "obligate")


def test_the_issues_saturday_send():
    """Saturday 7 March 2026: the nudge is due on Wednesday 18 March, the first Curmudgeon day in
    stage 6; a Thursday reply is 3 business days (a Booster) in both stages."""
    sat = D("2026-03-07")
    assert stage5_nudge(sat, []) == D("2026-03-18")
    rows = [(1, "cold", "outreach_sent", "2026-03-07")]
    assert stage6(rows, D("2026-03-17"), [])["label"] == "waiting"
    assert stage6(rows, D("2026-03-18"), [])["label"] == "curmudgeon"
    rows.append((1, "cold", "replied", "2026-03-12"))
    assert (
        stage6(rows, D("2026-03-16"), [])["delay_business_days"] == 3 == fu.business_days_between(sat, D("2026-03-12"))
    )
    assert stage6(rows, D("2026-03-16"), [])["label"] == "booster"


def test_one_holidays_list_in_calendar_toml_reaches_both_stages(tmp_path, monkeypatch):
    (tmp_path / "calendar.toml").write_text('[business_days]\nholidays = ["2026-03-10"]\n')
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    assert fu.load_settings()["holidays"] == frozenset({D("2026-03-10")})
    assert o.load_settings()["holidays"] == [D("2026-03-10")]
    assert fu.plan_3b7(D("2026-03-05"))["next_contact"] == D("2026-03-11")
    ev = o.events_table(
        pd.DataFrame(
            {
                "contact_id": [1, 1],
                "channel": "cold",
                "kind": ["outreach_sent", "replied"],
                "occurred_on": ["2026-03-09", "2026-03-12"],
            }
        ),
        today=D("2026-03-16"),
    )
    assert o.reply_delays(ev)["delay_business_days"].iloc[0] == 2  # Wed and Thu; Tue 10 is off


def test_a_bad_holiday_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "calendar.toml").write_text('[business_days]\nholidays = ["Christmas"]\n')
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    with pytest.raises(ValueError, match=r"calendar.toml, \[business_days\] holidays: 'Christmas' is not a date"):
        bd.holidays()


def test_array_and_scalar_counts_agree_on_the_far_ends():
    import numpy as np

    starts = np.array(["2026-03-07", "2026-03-05", "9999-12-30", "2026-03-09"], dtype="datetime64[D]")
    ends = np.array(["2026-03-08", "2026-03-16", "9999-12-31", "NaT"], dtype="datetime64[D]")
    got = bd.business_days_between_arrays(starts, ends)
    assert got[:3].tolist() == [0, 7, 1] and np.isnan(got[3])
    assert bd.business_days_between("9999-12-30", "9999-12-31") == 1


def test_booster_and_curmudgeon_days_are_the_3b7_days_set_once(tmp_path):
    """Stage 6's labels read stage 5's 3B7 days: an instructor who changes them once changes both
    stages, and an outcomes.toml that sets other values is refused in one sentence."""
    from infoview import followup, workshop

    (tmp_path / "followup.toml").write_text(
        "[three_b_seven]\nsecond_contact_business_days = 2\nnudge_business_days = 5\n"
    )
    settings = o.load_settings(tmp_path)
    assert (settings["booster_days"], settings["curmudgeon_days"]) == (2, 5)
    f = followup.load_settings(tmp_path)
    assert (f["second_contact_days"], f["nudge_days"]) == (2, 5)
    (tmp_path / "outcomes.toml").write_text("curmudgeon_days = 7\n")
    with pytest.raises(ValueError, match="set the 3B7 days once"):
        o.load_settings(tmp_path)
    results = {name: (state, message) for name, state, message in workshop.check_content(tmp_path)}
    assert results["outcomes.toml"][0] == "error" and "followup.toml" in results["outcomes.toml"][1]
