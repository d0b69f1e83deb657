"""The glossary as a search box: type a word, see the plain definitions that match."""

from __future__ import annotations

import ipywidgets as widgets

from .. import glossary
from .common import esc

__all__ = ["GlossarySearch"]


class GlossarySearch(widgets.VBox):
    """A search box over the glossary; every term is listed while the box is empty."""

    def __init__(self, content_dir=None):
        self._content_dir = content_dir
        self.query = widgets.Text(
            description="Look up",
            placeholder="e.g. denominator, 3B7, .ics",
            continuous_update=True,
            layout=widgets.Layout(width="60%"),
        )
        self.query.add_class("infoview-glossary-query")
        self.results = widgets.HTML()
        self.query.observe(lambda _c: self.refresh(), names="value")
        super().__init__(children=[self.query, self.results])
        self.refresh()

    def refresh(self) -> None:
        found = glossary.search(self.query.value, self._content_dir)
        self.found = [e["term"] for e in found]
        if not found:
            self.results.value = (
                f'<div role="status">No term matches {esc(self.query.value[:80])!s}; try a shorter word.</div>'
            )
            return
        items = "".join(
            f"<dt><b>{esc(e['term'])}</b></dt><dd>{esc(e['plain'])}"
            f"<br><small>Taught in <a href='{esc(e['see'])}.ipynb'>{esc(e['see'])}</a>. Source: {esc(e['source'])}</small></dd>"
            for e in found
        )
        self.results.value = f'<div role="status" aria-live="polite">{len(found)} term(s).</div><dl>{items}</dl>'
