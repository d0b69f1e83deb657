"""The outcomes dashboard, driven the way a learner would: filters, goal, tabs."""

from __future__ import annotations

import datetime as dt

import pytest

from infoview.views.common import esc
from infoview.views.outcomes import CHART_TABS, ActionQuiz, OutcomesDashboard


@pytest.fixture
def own(tracker):
    """A learner's own tracker: 12 warm and 12 cold contacts over four weeks."""
    for i in range(24):
        channel = "warm" if i < 12 else "cold"
        cid = tracker.add_contact(first_name=f"P{i}", company="Example Co", channel=channel)
        sent = dt.date(2026, 2, 2) + dt.timedelta(days=7 * (i % 4))
        tracker.log(cid, "outreach_sent", on=sent)
        if (channel == "warm" and i % 3) or (channel == "cold" and i % 6 == 0):
            tracker.log(cid, "replied", on=sent + dt.timedelta(days=1))
    return tracker


def test_empty_tracker_shows_the_sample_and_says_so(tracker):
    dash = OutcomesDashboard(tracker)
    assert dash.using_sample
    assert "sample learner" in dash.source.value
    assert dash.titles["funnel"].startswith("Biggest drop")
    assert dash.pngs["funnel"][:4] == b"\x89PNG"
    assert f'alt="{esc(dash.alt_texts["funnel"])}"' in dash.images["funnel"].value  # the <img> carries its alt text
    # only the open tab is drawn; others wait until opened
    assert set(dash.titles) == {"funnel"}


def test_own_tracker_is_used_when_it_has_data(own):
    dash = OutcomesDashboard(own)
    assert not dash.using_sample
    assert dash.source_text == "This shows your tracker: 24 contacts, 34 interactions."
    assert dash.metric_rows[0] == ["Reply rate", "42% (10 of 24 contacts you wrote to; 95% interval 24%-61%)"]


def test_channel_filter_redraws_charts(own):
    dash = OutcomesDashboard(own)
    dash.tabs.selected_index = 1  # reply rate by channel
    before_png, before_alt = dash.pngs["reply_rates"], dash.alt_texts["reply_rates"]
    assert dash.titles["reply_rates"] == "Warm contacts replied most often (67%)"
    dash.channel_boxes["warm"].value = False
    assert dash.filtered.contacts["channel"].unique().tolist() == ["cold"]
    assert dash.titles["reply_rates"] == "Cold contacts replied most often (17%)"
    assert dash.pngs["reply_rates"] != before_png and dash.alt_texts["reply_rates"] != before_alt
    assert dash.metric_rows[0][1].startswith("17% (2 of 12 contacts you wrote to")


def test_date_range_filter_redraws_and_other_tabs_follow(own):
    dash = OutcomesDashboard(own)
    first = dash.titles["funnel"]
    weeks = [value for _, value in dash.date_range.options]
    dash.date_range.value = (weeks[0], weeks[1])  # the first two weeks only
    assert dash.filtered.events["occurred_on"].max() <= dash.filtered.events["occurred_on"].min() + dt.timedelta(
        days=13
    )
    assert dash.titles["funnel"] != first or dash.alt_texts["funnel"] != first
    assert "contacted 12" in dash.alt_texts["funnel"]  # 6 a week
    dash.tabs.selected_index = 4
    assert dash.alt_texts["cumulative"].startswith("Line chart of running totals up to 10 February 2026: 12 contacts")


def test_unticking_every_channel_explains(own):
    dash = OutcomesDashboard(own)
    for box in dash.channel_boxes.values():
        box.value = False
    assert dash.notice.kind == "info" and "tick at least one" in dash.notice.text
    assert dash.alt_texts["funnel"].startswith("Bar chart of contacts reaching each stage: identified 0")


def test_weekly_goal_is_saved_and_redrawn(own):
    dash = OutcomesDashboard(own)
    dash.tabs.selected_index = 3
    assert dash.titles["activity"].startswith("You met your goal of 5 messages")
    dash.goal.value = 7
    assert dash.titles["activity"].startswith("You met your goal of 7 messages in 0 of")
    assert dash.metric_rows[-1] == [
        "Weekly goal (7 messages)",
        "met in 0 of 6 full weeks",
    ]  # 2 Feb to 9 Mar; 16 Mar is running
    assert own.setting("weekly_goal") == 7
    assert OutcomesDashboard(own).goal.value == 7


def test_goal_on_the_sample_is_not_saved(tracker):
    dash = OutcomesDashboard(tracker)
    dash.goal.value = 9
    assert tracker.setting("weekly_goal") is None


def test_every_tab_draws_with_alt_text(own):
    dash = OutcomesDashboard(own)
    for i, (key, _) in enumerate(CHART_TABS):
        dash.tabs.selected_index = i
        assert dash.pngs[key][:4] == b"\x89PNG"
        assert dash.alt_texts[key].endswith(".")
        assert "Text alternative" in dash.alts[key].value


def test_cohort_comparison_and_due_list(own):
    dash = OutcomesDashboard(own)
    labels = [row[0] for row in dash.compare_rows]
    assert labels == [
        "Contacts written to",
        "Reply rate",
        "Meetings held",
        "Referrals or next contacts",
        "Messages per week (average)",
    ]
    assert dash.compare_rows[1][1] == "42%" and "middle half" in dash.compare_rows[1][2]
    # stage 5's planner: unanswered outreach older than 7 business days is due a nudge
    assert dash.due_actions is not None and len(dash.due_actions) > 0
    assert "due" in dash.due.value.lower()


def test_names_are_escaped_in_the_due_list(tracker):
    cid = tracker.add_contact(first_name="<b>Bold</b>", company="<script>x</script>", channel="cold")
    tracker.log(cid, "outreach_sent", on="2026-03-04")  # 3B7: a nudge is due on 13 March
    dash = OutcomesDashboard(tracker)
    assert "<script>" not in dash.due.value and "&lt;b&gt;Bold" in dash.due.value


def test_action_quiz_feedback():
    quiz = ActionQuiz("reply_rate")
    quiz.check.click()
    assert quiz.notice.kind == "info" and quiz.notice.text.startswith("Pick one")
    from infoview.outcomes import advice

    right = {a["metric"]: a for a in advice()}["reply_rate"]["action"]
    quiz.choice.value = right
    quiz.check.click()
    assert quiz.notice.kind == "ok" and quiz.notice.text.startswith("Right.")
