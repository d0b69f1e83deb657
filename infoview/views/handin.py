"""Stage 6 view: "Share with your instructor", the learner's hand-in without a terminal.

"Prepare my summary" makes the anonymised summary (:func:`infoview.cohort.anonymized_bytes`,
the bytes ``infoview export --anonymized`` writes) and shows what it holds in plain words,
what it does not hold, and the file itself (folded away). A download link carries those bytes
(an ``<a download>`` with a ``data:`` address: it works in JupyterLab and in Voila alike). When
the instructor set up an exchange folder (:mod:`infoview.handin`), "Hand in" writes the same
bytes there. While the learner's tracker holds no work yet the tool shows the sample
learner's summary and says so; that one is never handed in.
"""

from __future__ import annotations

import base64
import json
import os

import ipywidgets as widgets

from .. import cohort, handin
from ..session import Session
from ..tracker import Tracker
from .common import Notice, esc, guarded

__all__ = ["ShareWithInstructor"]


class ShareWithInstructor(widgets.VBox):
    """Prepare, read, download and (on a hub with an exchange folder) hand in the anonymised summary.

    ``exchange``: the exchange folder; by default ``$INFOVIEW_EXCHANGE`` (None: no Hand in button).
    After Prepare, ``data`` holds the file's bytes, ``summary`` the parsed summary,
    ``description`` its :class:`~infoview.handin.SummaryDescription` and ``is_sample`` whose it is.
    """

    def __init__(
        self,
        tracker: Tracker | Session | None = None,
        *,
        exchange: str | os.PathLike | None = None,
        content_dir=None,
    ):
        self._source = tracker
        self._session: Session | None = None
        self.content_dir = content_dir
        self.exchange = exchange if exchange is not None else handin.exchange_folder()
        self.data: bytes | None = None
        self.summary: dict | None = None
        self.description: handin.SummaryDescription | None = None
        self.is_sample = False
        self.handed_in = None

        self.prepare_button = widgets.Button(
            description="Prepare my summary", button_style="primary", icon="file-text", tooltip="Prepare my summary"
        )
        self.prepare_button.add_class("infoview-share-prepare")
        self.notice = Notice()
        self.what = widgets.HTML()
        self.what.add_class("infoview-share-what")
        self.download = widgets.HTML()
        self.download.add_class("infoview-share-download")
        self.hand_in_button = widgets.Button(
            description="Hand in", button_style="success", icon="upload", tooltip="Hand in", disabled=True
        )
        self.hand_in_button.add_class("infoview-share-hand-in")
        if self.exchange is None:
            self.hand_in_button.layout.display = "none"
        self.status = Notice()
        self.status.add_class("infoview-share-status")

        self.prepare_button.on_click(self._on_prepare)
        self.hand_in_button.on_click(self._on_hand_in)
        super().__init__(
            children=[
                self.prepare_button,
                self.notice,
                self.what,
                widgets.HBox([self.download, self.hand_in_button]),
                self.status,
            ]
        )
        self.add_class("infoview-share")

    # ---------------------------------------------------------------- prepare
    def _current(self):
        if self._session is None:  # opened on the first click: a broken tracker is one sentence, not a traceback
            self._session = Session.of(self._source, needs="work")
        return self._session.current()

    @guarded()
    def _on_prepare(self, _button=None) -> None:
        self.data = self.summary = self.description = None
        self.what.value = self.download.value = ""
        self.hand_in_button.disabled = True
        self.status.clear()
        tracker, self.is_sample = self._current()
        learner_id = handin.SAMPLE_LEARNER_ID if self.is_sample else None
        data = cohort.anonymized_bytes(tracker, learner_id=learner_id)
        summary = json.loads(data)
        description = handin.describe_summary(summary, sample=self.is_sample, content_dir=self.content_dir)
        texts = handin.share_texts(self.content_dir)
        self.data, self.summary, self.description = data, summary, description
        items = "".join(f"<li>{esc(line.text)}</li>" for line in description.lines)
        send = texts["download"].text
        if self.exchange is not None and not self.is_sample:
            send += " " + texts["exchange"].text
        self.what.value = (
            f"<div class='infoview-share-description'><p>{esc(description.heading.text)}</p><ul>{items}</ul>"
            f"<p><b>{esc(description.not_included.text)}</b></p>"
            "<details><summary>Show the file itself (JSON)</summary>"
            f"<pre tabindex='0' role='region' aria-label='The summary file' "
            f"style='max-height:20em;overflow:auto;white-space:pre'>{esc(data.decode('utf-8'))}</pre></details>"
            f"<p>{esc(send)}</p></div>"
        )
        name = handin.download_name(summary, sample=self.is_sample)
        payload = base64.b64encode(data).decode("ascii")
        self.download.value = (
            f'<a download="{esc(name)}" href="data:application/json;base64,{payload}" '
            f'style="font-weight:600">⬇ Download {"the sample summary" if self.is_sample else "my summary"} '
            f"({esc(name)})</a>"
        )
        self.hand_in_button.disabled = self.is_sample
        whose = "the sample learner's summary" if self.is_sample else "your summary"
        self.notice.show("ok", f"Prepared {whose}: read what it holds below, then download it.")

    # ---------------------------------------------------------------- hand in
    @guarded("status")
    def _on_hand_in(self, _button=None) -> None:
        if self.data is None:
            self.status.show("info", "Press Prepare my summary first, to see what will be handed in.")
            return
        try:
            path = handin.hand_in(self.data, self.exchange)
        except handin.HandInError as exc:
            self.status.show("error", str(exc))
            return
        self.handed_in = path
        self.status.show(
            "ok", f"Handed in as {path.name}: your instructor will find it there. Hand in again later to replace it."
        )
