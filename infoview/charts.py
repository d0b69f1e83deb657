"""Charts, shared by every stage: the colour-blind-safe palette, one figure helper, and a chart
that carries its text alternative.

Every chart a lesson shows is a :class:`ChartResult`: the figure and a one-sentence ``alt``
that says what the chart shows (screen readers get it as the image's alt text, and
``show()`` shows it as a paragraph under the chart). matplotlib is imported only when a figure is drawn,
so ``import infoview`` stays fast.

>>> OKABE_ITO["blue"], CHANNEL_COLOURS["warm"] == OKABE_ITO["orange"]
('#0072B2', True)
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any, NamedTuple

__all__ = ["OKABE_ITO", "CHANNEL_COLOURS", "ChartResult", "figure", "set_title"]

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
CHANNEL_COLOURS = {
    "warm": OKABE_ITO["orange"],
    "alumni": OKABE_ITO["blue"],
    "cold": OKABE_ITO["grey"],
    "event": OKABE_ITO["green"],
    "referral": OKABE_ITO["purple"],
}


class ChartResult(NamedTuple):
    """A chart and its one-sentence text alternative: ``fig, alt = chart`` or ``chart.figure``."""

    figure: Any
    alt: str

    @property
    def title(self) -> str:
        return " ".join(self.figure.axes[0].get_title(loc="left").split())

    def png(self, dpi: int = 100) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        return buf.getvalue()

    def __repr__(self) -> str:
        return f"<chart: {self.alt}>"

    def show(self) -> None:
        """In a notebook: the chart (its ``alt`` attribute read by screen readers), then the text
        alternative as a paragraph that wraps between words, for everyone."""
        from IPython.display import display

        display(self)
        line = "Text alternative: " + self.alt
        display(
            {
                "text/plain": line,
                "text/html": f'<p class="infoview-alt" style="max-width:46em;color:#1a1a1a;'
                f'overflow-wrap:break-word;word-break:normal">{html.escape(line)}</p>',
            },
            raw=True,
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The <img> carries the text alternative as its alt attribute (WCAG 1.1.1); no separate
        # image/png copy, which would double every notebook's size and the page an app sends.
        png = self.png()
        img = (
            f'<img class="infoview-chart" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" '
            f'alt="{html.escape(self.alt, quote=True)}" style="max-width:100%;height:auto">'
        )
        return {"text/html": img, "text/plain": self.alt}, {"image/png": {"alt": self.alt}}


def figure(width: float = 7.0, height: float = 3.8):
    """A matplotlib figure and its one axes, sized in inches, with the top and right spines hidden.

    Made with ``Figure`` rather than pyplot, so nothing is drawn twice and no global state is kept.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def set_title(ax, text: str, width: int = 62) -> None:
    """A left-aligned title, wrapped so a long finding is never cut off at the figure's edge."""
    import textwrap

    ax.set_title("\n".join(textwrap.wrap(text, width)), loc="left")
