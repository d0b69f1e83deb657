"""The claims and inconsistencies issue 15 lists, checked where they live (content and library):
each claim keeps its source's scope or says it is an assumption, and the numbers the course
shows twice agree."""

from __future__ import annotations

import re

import pytest

from infoview import outcome_charts
from infoview import outcomes as o
from infoview.content import load_toml
from infoview.followup import cadence_table, cadence_tiers, load_settings


def _figures():
    return {f["id"]: f for f in load_toml("numbers")["figure"]}


def test_warm_versus_cold_is_an_assumption_not_credited_to_sources_that_did_not_measure_it():
    for advice in load_toml("outcomes")["advice"]:
        why = advice["why"]
        if re.search(r"\bwarm\b.*\bcold\b|\bcold\b.*\bwarm\b", why):
            assert "assum" in why, why
            # Dalton and Boomerang may be cited only for what they measured or advised
            sentence = why.split("short messages")[0]
            assert "Dalton" not in sentence and "Boomerang" not in sentence, why


def test_the_inmail_figure_keeps_recruiter():
    rule = load_toml("outreach_rules")["characters"]
    for text in (rule["source"], rule["message"]):
        if "InMail" in text:
            assert "recruiter InMail" in text, text


def test_rajkumar_is_not_applied_to_informational_interviews():
    assert "not informational interviews" in _figures()["rajkumar_2022"]["reliability"]


def test_milkman_67_percent_is_reconciled_with_the_assumed_cold_rate():
    milkman = _figures()["milkman_2012"]["reliability"]
    low, high = load_toml("sample_parameters")["reply_rate"]["cold"]["range"]  # the assumption it is set against
    assert "upper bound" in milkman and f"{low * 100:.0f}-{high * 100:.0f}%" in milkman
    assert "assumption" in milkman


def test_the_running_totals_and_the_funnel_count_the_same_referrals():
    from infoview.sample import sample_tracker

    ev = o.events_table(sample_tracker())
    funnel = o.funnel(ev).set_index("stage")["count"]
    chart = outcome_charts.cumulative_chart(ev)
    assert f"{funnel['referral']} referrals or next contacts" in chart.alt
    assert f"{funnel['contacted']} contacts written to" in chart.alt
    # the sample has a contact who reached an opportunity without a logged referral: counted in both
    events = ev.events
    logged = events.loc[events["kind"] == "referral_received", "contact_id"].nunique()
    assert funnel["referral"] > logged


def test_stage_reached_on_dates_each_contact_once():
    rows = [
        (1, "warm", "outreach_sent", "2026-02-02"),
        (1, "warm", "opportunity", "2026-02-20"),
        (2, "warm", "outreach_sent", "2026-02-02"),
        (2, "warm", "referral_received", "2026-02-10"),
        (2, "warm", "referral_received", "2026-02-12"),
    ]
    import pandas as pd

    table = pd.DataFrame(rows, columns=["contact_id", "channel", "kind", "occurred_on"])
    reached = o.stage_reached_on(table, "referral")
    assert reached.dropna().dt.strftime("%Y-%m-%d").to_dict() == {1: "2026-02-20", 2: "2026-02-10"}
    with pytest.raises(ValueError, match="No funnel stage"):
        o.stage_reached_on(table, "hired")


def test_the_follow_up_lift_shows_its_denominators():
    from infoview.sample import sample_tracker

    lift = o.follow_up_lift(sample_tracker())
    assert lift.lift is not None
    assert f"{lift.first.numerator} of {lift.first.denominator}" in lift.text
    assert f"{lift.second.numerator} of {lift.second.denominator}" in lift.text


def test_every_keep_in_touch_tier_is_in_the_tier_table():
    tiers = load_settings(raw=True)["tiers"]
    table = cadence_tiers()
    assert table["every (days)"].to_dict() == tiers and len(tiers) == 3
    assert set(cadence_table()["tier"]) < set(table.index)  # the per-channel table shows only tiers channels start in
    assert table.loc["distant", "starts here"] == "nobody" and table["who"].str.len().min() > 10


@pytest.mark.parametrize("name", ["situations", "awkward_moments", "roleplay", "glossary", "privacy"])
def test_every_new_content_claim_has_a_source_or_is_labelled(name):
    """Every table with learner-facing text in the files issue 15 adds names a source or basis."""
    data = load_toml(name)

    def tables(node, where=""):
        if isinstance(node, dict):
            if any(k in node for k in ("text", "plain", "situation", "contact")):
                yield where, node
            for k, v in node.items():
                yield from tables(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from tables(v, f"{where}[{i}]")

    unsourced = []
    for where, table in tables(data):
        has = any(k.endswith("source") or k == "basis" for k in table)
        # list items under a sourced parent (checklist steps, last-five lines, options) inherit its source
        parent_ok = re.search(r"\.(checklist|at_event|last_five|option|criterion)\[", where) or where.startswith(
            (".last_five", ".finding_people", ".rubric")
        )
        if not has and not parent_ok and "option" not in where:
            unsourced.append(where)
    assert not unsourced, f"{name}.toml: no source or basis for {unsourced}"
