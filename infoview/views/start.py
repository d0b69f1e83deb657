"""Stage 0 views: where your data lives with backup and restore; the two warm-up quizzes are exercise widgets."""

from __future__ import annotations

import base64
import datetime as _dt
import tempfile
from pathlib import Path

import ipywidgets as widgets

from .. import backup_check, start
from ..files import human_size
from ..paths import data_dir
from ..tracker import Tracker
from .common import Notice, esc, guarded
from .exercises import exercise

__all__ = ["BackupRestore", "evidence_quiz", "requests_quiz"]

#: Above this size the backup is offered as a file path, not an in-page download link.
_MAX_LINK_BYTES = 20 * 1024 * 1024


class BackupRestore(widgets.VBox):
    """Shows where the tracker is, makes a downloadable backup, restores an uploaded one.

    On Binder a session vanishes after about ten idle minutes: download a backup before you
    leave and upload it on your next visit.
    """

    def __init__(self, tracker: Tracker | None = None, backups_dir: str | Path | None = None):
        self.tracker = tracker if tracker is not None else Tracker()
        self.backups_dir = Path(backups_dir) if backups_dir is not None else data_dir() / "backups"
        self.where = widgets.HTML()
        self.backup_button = widgets.Button(description="Make a backup", icon="download", button_style="primary")
        self.download = widgets.HTML()
        self.upload = widgets.FileUpload(accept=".sqlite,.db,.infoview", multiple=False, description="Choose backup")
        self.restore_button = widgets.Button(description="Restore it", icon="upload", button_style="danger")
        self.notice = Notice()
        self.backup_button.on_click(self._on_backup)
        self.restore_button.on_click(self._on_restore)
        self.backup_button.add_class("infoview-backup")
        self.restore_button.add_class("infoview-restore")
        super().__init__(
            children=[
                self.where,
                widgets.HBox([self.backup_button, self.download]),
                widgets.HBox([self.upload, self.restore_button]),
                self.notice,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        counts = self.tracker.count()
        self.where.value = (
            f"<b>Your tracker:</b> <code>{esc(self.tracker.path)}</code><br>"
            f"It holds {counts['contacts']} contact(s), {counts['interactions']} interaction(s) "
            f"and {counts['notes']} note(s)."
        )

    @guarded()
    def _on_backup(self, _button=None) -> None:
        stamp = _dt.datetime.now().strftime("%Y-%m-%d-%H%M")
        path = self.tracker.backup(self.backups_dir / f"infoview-backup-{stamp}.sqlite")
        self.last_backup = path
        size = path.stat().st_size
        if size <= _MAX_LINK_BYTES:
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
            self.download.value = (
                f'<a download="{esc(path.name)}" href="data:application/octet-stream;base64,{payload}" '
                f'style="font-weight:600">⬇ Download {esc(path.name)}</a>'
            )
        else:
            self.download.value = f"Saved as <code>{esc(path)}</code>; download it from the file browser."
        self.notice.show(
            "ok",
            f"Backup made ({human_size(size)}). Download it and keep it: it is your only copy if this session ends.",
        )

    @guarded()
    def _on_restore(self, _button=None) -> None:
        files = self.upload.value
        if not files:
            self.notice.show(
                "warning", "Choose a backup file first (the 'Choose backup' button), then click 'Restore it'."
            )
            return
        item = files[0]
        content = item["content"] if isinstance(item, dict) else item.content
        name = item["name"] if isinstance(item, dict) else item.name
        with tempfile.TemporaryDirectory(prefix="infoview-restore-") as tmp:
            source = Path(tmp) / Path(str(name)).name
            source.write_bytes(bytes(content))
            counts = start.inspect_backup(source)
            safety = backup_check.restore(self.tracker, source, safety_dir=self.backups_dir)
        message = (
            f"Restored {counts['contacts']} contact(s), {counts['interactions']} interaction(s) and "
            f"{counts['notes']} note(s) from {name}."
        )
        if safety is not None:
            message += f" Your previous data was saved first as {safety.name} in {safety.parent}."
        self.notice.show("ok", message)
        self.upload.value = ()
        self.refresh()


def evidence_quiz(content_dir=None):
    """Exercise: which figures can you quote as data? (:func:`infoview.views.exercises.exercise`)."""
    return exercise("evidence", content_dir=content_dir)


def requests_quiz(content_dir=None):
    """Exercise: is each request an informational interview or a job ask?"""
    return exercise("requests", content_dir=content_dir)
