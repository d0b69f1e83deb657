"""Pieces every view shares: escaping, a status line, and callbacks that never show a traceback."""

from __future__ import annotations

import functools
import html
import logging
from typing import Any, Callable

import ipywidgets as widgets

from ..content import ContentError
from ..tracker import Tracker, TrackerError

__all__ = [
    "esc",
    "Notice",
    "guarded",
    "html_table",
    "contrast_ratio",
    "WRAP",
    "text",
    "screen_reader_label",
    "LazyTracker",
]

log = logging.getLogger("infoview.views")

_STYLES = {
    "ok": ("#0b6e4f", "#e8f5ee", "✔"),
    "info": ("#1f4e79", "#eaf1f8", "ℹ"),
    "warning": ("#8a5a00", "#fff6e0", "!"),
    "error": ("#a4161a", "#fdecea", "✖"),
}


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (AA asks 4.5:1 for body text).

    >>> round(contrast_ratio("#000000", "#ffffff"), 1), round(contrast_ratio("#777777", "#ffffff"), 2)
    (21.0, 4.48)
    """

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


#: Text a learner reads wraps at spaces, never inside a word. JupyterLab styles printed output
#: ``word-break: break-all`` ("degree i / n economics"); ``break-word`` only splits a word
#: longer than the whole line, such as a long URL.
WRAP = "white-space:pre-wrap;overflow-wrap:break-word;word-break:normal"


class _Text(str):
    """A text shown in a notebook as a paragraph that wraps between words (a printed text would not)."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return f'<div class="infoview-text" style="{WRAP};font-family:inherit;color:#1a1a1a">{esc(self)}</div>'


def text(value: Any) -> _Text:
    """Show ``value`` (any text, or anything with a text form) as a paragraph that wraps between words.

    >>> text("degree in economics")._repr_html_()
    '<div class="infoview-text" style="white-space:pre-wrap;overflow-wrap:break-word;word-break:normal;font-family:inherit;color:#1a1a1a">degree in economics</div>'
    """
    return _Text("" if value is None else str(value))


def screen_reader_label(widget, label: str):
    """Give a control that sits under a visible column heading a label only screen readers read.

    The widget's own ``<label for=...>`` carries the text at zero width, so the table stays as
    it is and the control is named (WCAG 4.1.2; axe's select-name and label rules).
    """
    widget.description = label
    widget.style.description_width = "0px"
    return widget


def esc(value: Any) -> str:
    """Escape any learner-typed value for widget HTML.

    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape("" if value is None else str(value), quote=True)


class Notice(widgets.HTML):
    """A one-message status line. ``kind`` and ``text`` stay readable for tests."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.kind = ""
        self.text = ""

    def show(self, kind: str, text: str) -> None:
        if kind not in _STYLES:
            raise ValueError(f"unknown notice kind {kind!r}")
        self.kind, self.text = kind, text
        fg, bg, icon = _STYLES[kind]
        self.value = (
            f'<div class="infoview-notice infoview-{kind}" role="status" '
            f'style="color:{fg};background:{bg};border-left:4px solid {fg};padding:6px 10px;margin:4px 0">'
            f"{icon} {esc(text)}</div>"
        )

    def clear(self) -> None:
        self.kind, self.text, self.value = "", "", ""


def guarded(notice_attr: str = "notice") -> Callable:
    """Decorate a view method used as a callback: errors go to the view's Notice, not a traceback.

    Expected problems (ValueError, TrackerError, ContentError, OSError) show their own
    message; anything else shows a short apology and is logged for the instructor.
    """

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (ValueError, TrackerError, ContentError, OSError) as exc:
                getattr(self, notice_attr).show("error", str(exc))
            except Exception as exc:  # never a traceback in front of a learner
                log.exception("unexpected error in %s", method.__qualname__)
                getattr(self, notice_attr).show(
                    "error",
                    f"Something went wrong ({type(exc).__name__}: {exc}). Nothing you saved was changed; "
                    "tell your instructor if it happens again.",
                )
            return None

        return wrapper

    return decorate


def html_table(headers: list[str], rows: list[list[Any]], *, highlight: set[int] | None = None) -> str:
    """A small escaped HTML table; rows whose index is in ``highlight`` are emphasised."""
    highlight = highlight or set()
    head = "".join(f'<th style="text-align:left;padding:2px 8px">{esc(h)}</th>' for h in headers)
    body = []
    for i, row in enumerate(rows):
        style = ' style="background:#fff3c4;font-weight:600"' if i in highlight else ""
        cells = "".join(f'<td style="padding:2px 8px">{esc(c)}</td>' for c in row)
        body.append(f"<tr{style}>{cells}</tr>")
    return f'<table class="infoview-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


class LazyTracker:
    """For a view that opens the learner's tracker only when it first needs it (so a broken
    tracker file shows in the view's Notice from a guarded callback, not when the view is made).
    The view sets ``self._tracker`` (None for the learner's own) before using :meth:`tracker`."""

    _tracker = None

    def tracker(self):
        if self._tracker is None:
            self._tracker = Tracker()
        return self._tracker
