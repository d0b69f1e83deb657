"""Stage 6 view: the outcomes dashboard (filters, charts with text alternatives, cohort, due list)."""

from __future__ import annotations

import base64
import datetime as _dt

import ipywidgets as widgets

from .. import cohort, followup, outcome_charts, outcomes
from ..session import Session
from ..tracker import CHANNELS, Tracker
from .common import Notice, esc, guarded, html_table

__all__ = ["OutcomesDashboard", "ActionQuiz"]

_TAB_TITLES = {
    "funnel": "Funnel",
    "reply_rates": "Reply rates",
    "delays": "Reply delays",
    "activity": "Weekly activity",
    "cumulative": "Over time",
}
CHART_TABS = tuple((name, _TAB_TITLES[name]) for name in outcome_charts.CHART_NAMES)


class OutcomesDashboard(widgets.VBox):
    """Your numbers and charts, with date-range and channel filters, the sample cohort, and what is due.

    Uses the learner's tracker when it holds any interaction, the sample learner otherwise
    (and says which). Only the chart on the open tab is drawn when a filter moves; the
    others are drawn when their tab is opened, so moving a filter stays quick.
    """

    def __init__(self, tracker: Tracker | Session | None = None, *, today: _dt.date | None = None):
        session = Session.of(tracker, needs="interactions")
        self.tracker, self.using_sample = session.current()
        self.own_tracker = session.own
        self.events = outcomes.events_table(self.tracker, today=today)
        self.notice = Notice()
        self.source = widgets.HTML()
        n = len(self.events.contacts)
        if self.using_sample:
            self.source_text = (
                f"Your tracker has no interactions yet, so this shows the sample learner "
                f"({n} fictional contacts). Log your own outreach to see yours."
            )
        else:
            self.source_text = f"This shows your tracker: {n} contacts, {len(self.events)} interactions."
        self.source.value = f"<p><b>{esc(self.source_text)}</b></p>"

        weeks = outcomes.weekly_activity(self.events)["week_start"]
        # short labels keep the slider's readout whole; the year only when the weeks span two
        fmt = "%d %b" if len({d.year for d in weeks}) <= 1 else "%d %b %y"
        options = [(d.strftime(fmt), d.date()) for d in weeks] or [("(no dates)", self.events.today)]
        self.date_range = widgets.SelectionRangeSlider(
            options=options,
            index=(0, len(options) - 1),
            description="Weeks",
            continuous_update=False,
            layout=widgets.Layout(width="640px"),
            style={"description_width": "initial"},
        )
        present = set(self.events.contacts["channel"])
        self.channel_boxes = {
            ch: widgets.Checkbox(
                value=True,
                description=outcomes.SHORT_CHANNEL[ch],
                indent=False,
                disabled=ch not in present,
                layout=widgets.Layout(width="130px"),
            )
            for ch in CHANNELS
        }
        saved_goal = self.tracker.setting("weekly_goal", None)
        self.goal = widgets.BoundedIntText(
            value=int(saved_goal or self.events.config["weekly_goal"]),
            min=1,
            max=200,
            description="Weekly goal (messages)",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="240px"),
        )
        self.metrics = widgets.HTML()
        # HTML <img>, not widgets.Image: the image must carry its text alternative as alt (WCAG 1.1.1).
        self.images = {key: widgets.HTML(layout=widgets.Layout(max_width="720px")) for key, _ in CHART_TABS}
        self.pngs: dict[str, bytes] = {}
        self.alts = {key: widgets.HTML() for key, _ in CHART_TABS}
        self.titles: dict[str, str] = {}
        self.alt_texts: dict[str, str] = {}
        self._stale = {key for key, _ in CHART_TABS}
        self.tabs = widgets.Tab(
            children=[widgets.VBox([self.images[k], self.alts[k]]) for k, _ in CHART_TABS],
            titles=[label for _, label in CHART_TABS],
        )
        self.compare = widgets.HTML()
        self.due = widgets.HTML()
        self.filtered = self.events

        self.date_range.observe(self._on_filter, names="value")
        for box in self.channel_boxes.values():
            box.observe(self._on_filter, names="value")
        self.goal.observe(self._on_goal, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        super().__init__(
            children=[
                self.source,
                widgets.HTML("<b>Show</b>"),
                self.date_range,
                widgets.HBox([widgets.Label("Channels:"), *self.channel_boxes.values()]),
                self.goal,
                self.notice,
                self.metrics,
                self.tabs,
                widgets.HTML("<h4>Your numbers vs the sample cohort</h4>"),
                self.compare,
                widgets.HTML("<h4>Due now (from stage 5)</h4>"),
                self.due,
            ]
        )
        self.add_class("infoview-outcomes")
        self._apply_filters()
        self._show_compare()
        self._show_due()

    # ---------------------------------------------------------------- filters
    @property
    def selected_channels(self) -> list[str]:
        return [ch for ch, box in self.channel_boxes.items() if box.value and not box.disabled]

    @guarded()
    def _on_filter(self, change=None) -> None:
        self._apply_filters()

    @guarded()
    def _on_goal(self, change=None) -> None:
        if not self.using_sample:  # the sample is not the learner's to change
            self.own_tracker.set_setting("weekly_goal", int(self.goal.value))
        self._stale.add("activity")
        self._show_metrics()
        self._draw_visible()

    @guarded()
    def _on_tab(self, change=None) -> None:
        self._draw_visible()

    def _apply_filters(self) -> None:
        first_week, last_week = self.date_range.value
        channels = self.selected_channels
        self.filtered = self.events.filter_weeks(first_week, last_week, channels)
        if not channels:
            self.notice.show("info", "No channel is ticked: tick at least one to see numbers.")
        else:
            self.notice.clear()
        self._stale = {key for key, _ in CHART_TABS}
        self._show_metrics()
        self._draw_visible()

    # ---------------------------------------------------------------- drawing
    def visible_chart(self) -> str:
        return CHART_TABS[self.tabs.selected_index or 0][0]

    def _draw_visible(self) -> None:
        self.draw(self.visible_chart())

    def draw(self, key: str) -> None:
        """Draw one chart (if its data changed since it was last drawn)."""
        if key not in self._stale:
            return
        chart = outcome_charts.chart(key, self.filtered, int(self.goal.value))
        self.titles[key] = chart.title
        self.alt_texts[key] = chart.alt
        self.pngs[key] = chart.png(dpi=80)
        self.images[key].value = (
            f'<img class="infoview-chart" src="data:image/png;base64,'
            f'{base64.b64encode(self.pngs[key]).decode("ascii")}" alt="{esc(chart.alt)}" '
            f'style="max-width:100%;height:auto">'
        )
        chart.figure.clear()  # the PNG is all we keep
        self.alts[key].value = f"<p style='max-width:720px'><i>Text alternative:</i> {esc(chart.alt)}</p>"
        self._stale.discard(key)

    def _show_metrics(self) -> None:
        rows = outcomes.metric_rows(self.filtered, int(self.goal.value))
        self.metric_rows = rows
        self.metrics.value = html_table(["Number", "Value (and what it is out of)"], rows)

    def _show_compare(self) -> None:
        agg = cohort.sample_cohort()
        if agg is None or not agg.summaries:
            self.compare.value = "<p>The sample cohort is not available in this copy of the course.</p>"
            self.compare_rows = []
            return
        rows = cohort.comparison_rows(self.events, agg)
        self.compare_rows = rows
        who = "The sample learner" if self.using_sample else "You"
        self.compare.value = (
            html_table(["Number", who, f"Sample cohort median ({len(agg.summaries)} learners)"], rows)
            + "<p><small>The middle half: a quarter of the cohort is below it and a quarter above.</small></p>"
        )

    def _show_due(self) -> None:
        actions = followup.due(self.tracker, self.events.today)
        self.due_actions = actions
        rows = [[a.due.isoformat(), a.name + (f" ({a.company})" if a.company else ""), a.label] for a in actions[:10]]
        more = f"<p>... and {len(actions) - 10} more: see notebook 05.</p>" if len(actions) > 10 else ""
        table = html_table(["Due", "Contact", "Action"], rows) if rows else ""
        self.due.value = f"<p>{esc(actions.summary())}</p>{table}{more}"


class ActionQuiz(widgets.VBox):
    """Exercise 2 as a widget: pick the action that helps most for a low metric."""

    def __init__(self, metric: str = "reply_rate"):
        self.metric = metric
        self.choice = widgets.RadioButtons(
            options=outcomes.action_options(metric), value=None, layout=widgets.Layout(width="760px")
        )
        self.check = widgets.Button(description="Check", button_style="primary")
        self.notice = Notice()
        self.check.on_click(self._on_check)
        label = {a["metric"]: a["label"] for a in outcomes.advice()}[metric]
        super().__init__(
            children=[
                widgets.HTML(f"<b>{esc(label)}</b>: what would you change first?"),
                self.choice,
                self.check,
                self.notice,
            ]
        )

    @guarded()
    def _on_check(self, _button=None) -> None:
        fb = outcomes.check_action(self.metric, self.choice.value)
        self.notice.show("ok" if fb.ok else "info", str(fb))
