"""Role-play views: draw a card, run the round timer, score the round with the rubric.

The timer needs no JavaScript: a kernel thread redraws it twice a second while it runs, so
it behaves the same in JupyterLab and Voila. Tests call :meth:`RoundTimer.tick` with their own
clock instead of waiting.
"""

from __future__ import annotations

import random
import threading
import time
from typing import Any, Callable

import ipywidgets as widgets

from .. import roleplay
from ..tracker import Tracker
from .common import LazyTracker, Notice, esc, guarded, html_table

__all__ = ["CardDeck", "RoundTimer", "ListenerRubric"]

_COLOURS = {"ready": "#1f4e79", "running": "#1f4e79", "paused": "#1f4e79", "warning": "#7a4f00", "finished": "#a4161a"}


class CardDeck(widgets.VBox):
    """Draw a scenario card; every card comes up once before any repeats. ``card`` is the last drawn."""

    def __init__(self, rng: random.Random | None = None):
        self.rng = rng or random.Random()
        self.drawn: list[str] = []
        self.card: roleplay.Card | None = None
        self.draw_button = widgets.Button(description="Draw a card", icon="random", button_style="primary")
        self.draw_button.add_class("infoview-draw-card")
        self.draw_button.on_click(lambda _b: self.draw())
        self.face = widgets.HTML('<div role="status" aria-live="polite">No card yet: press Draw a card.</div>')
        self.notice = Notice()
        self._listeners: list[Callable[[roleplay.Card], None]] = []
        super().__init__(children=[self.draw_button, self.face, self.notice])

    def on_draw(self, callback: Callable[[roleplay.Card], None]) -> None:
        self._listeners.append(callback)

    @guarded()
    def draw(self) -> None:
        if len(self.drawn) >= len(roleplay.cards()):
            self.drawn = []  # every card has been played: shuffle the deck again
        self.card = roleplay.draw_card(self.rng, exclude=self.drawn)
        self.drawn.append(self.card.id)
        c = self.card
        self.face.value = (
            f'<div role="status" aria-live="polite" style="border:2px solid #1f4e79;padding:8px 12px;max-width:48em">'
            f"<h4 style='margin:0 0 6px'>{esc(c.title)}</h4>"
            f"<p><b>Partner, you play:</b> {esc(c.contact)}</p>"
            f"<p><b>The twist:</b> {esc(c.twist)}</p>"
            f"<p><b>Asker, you practise:</b> {esc(c.practise)}</p>"
            f"<p style='font-size:smaller'><i>Basis: {esc(c.source)}</i></p></div>"
        )
        for callback in self._listeners:
            callback(c)


class RoundTimer(widgets.VBox):
    """A countdown for one round: Start, Pause, Reset; a warning colour near the end."""

    def __init__(
        self,
        seconds: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.5,
        background: bool = True,
    ):
        total, warn = roleplay.round_seconds()
        self.countdown = roleplay.Countdown(seconds or total, warn_seconds=warn, clock=clock)
        self.interval, self.background = interval, background
        self.display_box = widgets.HTML()
        self.display_box.add_class("infoview-timer")
        # The words live apart from the clock and change only with the state, so a screen
        # reader announces "Nearly time" once, not the clock twice a second.
        self.state_box = widgets.HTML('<div role="status" aria-live="polite"></div>')
        self._shown_state = ""
        self.start_button = widgets.Button(description="Start", icon="play", button_style="primary")
        self.pause_button = widgets.Button(description="Pause", icon="pause")
        self.reset_button = widgets.Button(description="Reset", icon="refresh")
        self.start_button.on_click(lambda _b: self.start())
        self.start_button.add_class("infoview-timer-start")
        self.pause_button.on_click(lambda _b: self.pause())
        self.reset_button.on_click(lambda _b: self.reset())
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        super().__init__(
            children=[
                self.display_box,
                self.state_box,
                widgets.HBox([self.start_button, self.pause_button, self.reset_button]),
            ]
        )
        self.tick()

    @property
    def state(self) -> str:
        return self.countdown.state()

    def tick(self) -> str:
        """Redraw from the countdown; returns its state."""
        state = self.countdown.state()
        words = {
            "ready": "Ready",
            "running": "Time left",
            "paused": "Paused",
            "warning": "Nearly time: start closing",
            "finished": "Time is up: close and thank them",
        }[state]
        colour = _COLOURS[state]
        # role="timer" is not announced by itself; the words below say what the colour means.
        self.display_box.value = (
            f'<div role="timer" aria-live="off" style="font-size:2em;font-weight:600;color:{colour}">'
            f"{esc(self.countdown.label())}</div>"
        )
        if state != self._shown_state:
            self._shown_state = state
            self.state_box.value = f'<div role="status" aria-live="polite" style="color:{colour}">{esc(words)}</div>'
        return state

    def start(self) -> None:
        self.countdown.start()
        self.tick()
        if self.background and (self._thread is None or not self._thread.is_alive()):
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="infoview-round-timer", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            if self.tick() in ("finished", "paused", "ready"):
                return

    def pause(self) -> None:
        self.countdown.pause()
        self._stop.set()
        self.tick()

    def reset(self) -> None:
        self._stop.set()
        self.countdown.reset()
        self.tick()

    def close(self) -> None:
        self._stop.set()
        super().close()


class ListenerRubric(widgets.VBox, LazyTracker):
    """The listener scores the asker on each rubric line (1-4) with a comment; Save stores it in
    the tracker, and the table below shows the mean per line over every round saved."""

    def __init__(self, tracker: Tracker | None = None, deck: CardDeck | None = None):
        self._tracker = tracker
        criteria, low, high = roleplay.rubric()
        self.card = widgets.Dropdown(
            options=[(c.title, c.id) for c in roleplay.cards()],
            description="Card played",
            style={"description_width": "120px"},
        )
        if deck is not None:
            deck.on_draw(lambda c: setattr(self.card, "value", c.id))
        self.speaker = widgets.Text(
            description="Asker", placeholder="first name or initials", style={"description_width": "120px"}
        )
        self.listener = widgets.Text(
            description="Listener", placeholder="first name or initials", style={"description_width": "120px"}
        )
        options = [("choose", None)] + [(str(n), n) for n in range(low, high + 1)]
        self.scores = {
            c.id: widgets.Dropdown(
                options=options,
                value=None,
                description=c.label,
                description_allow_html=False,
                style={"description_width": "200px"},
                tooltip=c.text,
            )
            for c in criteria
        }
        for w in self.scores.values():
            w.add_class("infoview-score")
        hints = widgets.HTML(
            "<ul style='font-size:smaller'>"
            + "".join(f"<li><b>{esc(c.label)}:</b> {esc(c.text)}</li>" for c in criteria)
            + "</ul>"
            f"<p style='font-size:smaller'>{low} = not yet, {high} = did it well.</p>"
        )
        self.comment = widgets.Textarea(
            description="Comment",
            placeholder="one thing that worked, one to try next time",
            style={"description_width": "120px"},
            layout=widgets.Layout(width="95%"),
        )
        self.save_button = widgets.Button(description="Save scores", icon="save", button_style="primary")
        self.save_button.add_class("infoview-save-rubric")
        self.save_button.on_click(lambda _b: self.save())
        self.table = widgets.HTML()
        self.notice = Notice()
        super().__init__(
            children=[
                self.card,
                self.speaker,
                self.listener,
                hints,
                *self.scores.values(),
                self.comment,
                self.save_button,
                self.notice,
                self.table,
            ]
        )
        self.refresh()

    @guarded()
    def save(self) -> None:
        roleplay.save_rubric(
            self.tracker(),
            self.card.value,
            {k: w.value for k, w in self.scores.items()},
            speaker=self.speaker.value,
            listener=self.listener.value,
            comment=self.comment.value,
        )
        rounds = len(self.tracker().roleplay_scores())
        self.notice.show("ok", f"Saved. {rounds} round(s) scored so far; swap roles and draw a new card.")
        for w in self.scores.values():
            w.value = None
        self.comment.value = ""
        self.refresh()

    @guarded()
    def refresh(self) -> None:
        rows = roleplay.rubric_summary(self.tracker().roleplay_scores())
        self.table.value = html_table(
            ["Rubric line", "Rounds", "Mean score"],
            [[r["label"], r["rounds"], "" if r["mean"] is None else f"{r['mean']:.1f}"] for r in rows],
        )

    def summary(self) -> list[dict[str, Any]]:
        return roleplay.rubric_summary(self.tracker().roleplay_scores())
