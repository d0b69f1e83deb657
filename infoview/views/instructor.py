"""The instructor's console: one tool per task, no terminal (``notebooks/instructor/instructor_console.ipynb``).

Each class is a thin view over :mod:`infoview.instructor`; a test builds one, sets ``.value`` on
its inputs and clicks its button. Downloads are ``<a download>`` links with a ``data:`` address,
which work alike in JupyterLab and in app mode (Voila); every name a file or folder brings is
escaped before it reaches the page.
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path

import ipywidgets as widgets

from .. import handin, hub, instructor
from ..content import ContentError
from ..files import human_size
from ..paths import curriculum_root, data_dir
from .common import Notice, esc, guarded, html_table
from .exercises import BrokenExercise, exercise

__all__ = [
    "ContentPreviewer",
    "StudentVersionMaker",
    "ClassReportBuilder",
    "ContentFolderStarter",
    "download_link",
]


def _wide() -> widgets.Layout:
    """A layout of its own for each widget: a shared one would hide them all when one is hidden."""
    return widgets.Layout(width="100%", max_width="46em")


_LABELS = {"description_width": "12em"}
#: At most this many changes listed per file; the rest are counted.
_SHOWN_CHANGES = 12


def download_link(data: bytes, filename: str, label: str, mime: str = "application/zip") -> str:
    """An HTML link that downloads ``data`` as ``filename`` (a ``data:`` address: no server round trip).

    >>> download_link(b"hi", "a<b>.txt", "Download", "text/plain")[:60]
    '<a class="infoview-download" download="a&lt;b&gt;.txt" href='
    """
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="infoview-download" download="{esc(filename)}" href="data:{mime};base64,{payload}" '
        f'style="font-weight:600;color:#0b5394;text-decoration:underline">⬇ {esc(label)} '
        f"({esc(filename)}, {human_size(len(data))})</a>"
    )


def _status_list(kind: str, heading: str, sentences: list[str]) -> str:
    """A status box (role=status) holding one sentence per line."""
    colours = {"error": ("#a4161a", "#fdecea"), "ok": ("#0b6e4f", "#e8f5ee"), "warning": ("#8a5a00", "#fff6e0")}
    fg, bg = colours[kind]
    items = "".join(f"<li>{esc(s)}</li>" for s in sentences)
    return (
        f'<div class="infoview-notice infoview-{kind}" role="status" style="color:{fg};background:{bg};'
        f'border-left:4px solid {fg};padding:6px 10px;margin:4px 0"><b>{esc(heading)}</b>'
        f'<ul style="margin:4px 0 0 1.2em;padding:0">{items}</ul></div>'
    )


def _uploaded(upload: widgets.FileUpload) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file chosen in a FileUpload (ipywidgets 8 gives dicts or objects)."""
    out = []
    for item in upload.value or ():
        name = item["name"] if isinstance(item, dict) else item.name
        content = item["content"] if isinstance(item, dict) else item.content
        out.append((str(name), bytes(content)))
    return out


def _root(root) -> Path:
    found = Path(root) if root is not None else curriculum_root()
    return found if found is not None else Path.cwd()


# ------------------------------------------------------------------ 1. preview a content folder
class ContentPreviewer(widgets.VBox):
    """Choose a content folder (from the folders found, by its path, or as an uploaded zip) and
    preview it: what each file overrides, every problem, and each stage's exercises as learners see them."""

    def __init__(self, root=None, uploads_dir=None):
        self.root = _root(root)
        self.uploads_dir = uploads_dir
        self.found = widgets.Dropdown(description="Folders found", style=_LABELS, layout=_wide())
        self.find_button = widgets.Button(
            description="Look again", icon="refresh", tooltip="Look for content folders again"
        )
        self.folder = widgets.Text(
            description="Content folder",
            placeholder="e.g. docs/examples/career-changers",
            style=_LABELS,
            layout=_wide(),
        )
        self.upload = widgets.FileUpload(accept=".zip", multiple=False, description="Upload a zip")
        self.preview_button = widgets.Button(description="Preview", icon="eye", button_style="primary")
        self.notice = Notice()
        self.problems = widgets.HTML()
        self.changes = widgets.HTML()
        self.course = widgets.HTML()
        self.stage = widgets.Dropdown(description="Exercises of", style=_LABELS, layout=_wide())
        self.stage.layout.display = "none"
        self.exercises = widgets.VBox()
        self.preview: instructor.ContentPreview | None = None
        self.find_button.on_click(self._on_find)
        self.found.observe(self._on_found, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.preview_button.on_click(self._on_preview)
        self.stage.observe(self._on_stage, names="value")
        self.preview_button.add_class("infoview-preview")
        self.add_class("infoview-content-preview")
        super().__init__(
            children=[
                widgets.HBox([self.found, self.find_button]),
                self.folder,
                widgets.HTML('<span style="color:#3d4650">or upload your folder as one zip file:</span>'),
                self.upload,
                self.preview_button,
                self.notice,
                self.problems,
                self.changes,
                self.course,
                self.stage,
                self.exercises,
            ]
        )
        self._on_find()

    def _label(self, folder: Path) -> str:
        try:
            return str(folder.relative_to(self.root))
        except ValueError:
            return str(folder)

    @guarded()
    def _on_find(self, _button=None) -> None:
        folders = instructor.content_folders(self.root)
        before = self.found.value
        self.found.options = [("(choose a folder)", "")] + [(self._label(f), str(f)) for f in folders]
        self.found.value = before if before in {str(f) for f in folders} else ""

    def _on_found(self, change) -> None:
        if change["new"]:
            self.folder.value = self._label(Path(change["new"]))

    @guarded()
    def _on_upload(self, change=None) -> None:
        files = _uploaded(self.upload)
        if not files:
            return
        name, data = files[0]
        into = self.uploads_dir
        folder, left_out = instructor.unpack_content_zip(data, name, into)
        self.upload.value = ()
        self._on_find()
        self.folder.value = str(folder)
        self.notice.show(
            "ok", f"Unpacked {name} into {folder}. Click Preview." + (f" {' '.join(left_out)}" if left_out else "")
        )

    def chosen(self) -> Path:
        text = self.folder.value.strip()
        if not text:
            raise ValueError(
                "Choose a content folder first: pick one from the list, type its path, or upload a zip of it."
            )
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.root / path

    @guarded()
    def _on_preview(self, _button=None) -> None:
        self.problems.value = self.changes.value = self.course.value = ""
        self.exercises.children = ()
        preview = instructor.preview_content(self.chosen())
        self.preview = preview
        if preview.problems:
            self.problems.value = _status_list(
                "error", f"{len(preview.problems)} problem(s) to fix before the class:", preview.problems
            )
        changing = [f for f in preview.files if f.changes_something]
        self.notice.show(
            "warning" if preview.problems else "ok",
            f"{self._label(preview.folder)}: {len(changing)} file(s) change the defaults; "
            f"{len(preview.problems)} problem(s) found.",
        )
        self.changes.value = self._changes_html(preview)
        self.course.value = self._course_html(preview)
        options = [(f"{s['stage']}. {s['title']}", s["stage"]) for s in preview.stages]
        self.stage.layout.display = None if options else "none"
        self.stage.unobserve(self._on_stage, names="value")
        self.stage.options = options
        self.stage.value = options[0][1] if options else None
        self.stage.observe(self._on_stage, names="value")
        self._show_stage()

    def _changes_html(self, preview: instructor.ContentPreview) -> str:
        rows = []
        for f in preview.files:
            lines = [f"changes {c.text}" for c in f.overridden]
            lines += [f"adds {key}" for key in f.added] + [f"leaves out {key}" for key in f.removed]
            if len(lines) > _SHOWN_CHANGES:
                lines = lines[:_SHOWN_CHANGES] + [f"… and {len(lines) - _SHOWN_CHANGES} more"]
            if not lines:
                lines = [
                    "the same as the default: no effect"
                    if f.status == "ok"
                    else ("not read: " + f.message if f.status in ("error", "warning") else f.message)
                ]
            status = {"ok": "reads correctly", "error": "ERROR", "warning": "warning", "ignored": "ignored"}[f.status]
            rows.append((f.name, status, lines))
        if not rows:
            return "<p>The folder is empty: every default applies.</p>"
        body = "".join(
            f'<tr><td style="padding:2px 8px;vertical-align:top"><code>{esc(name)}</code></td>'
            f'<td style="padding:2px 8px;vertical-align:top">{esc(status)}</td>'
            f'<td style="padding:2px 8px"><ul style="margin:0;padding-left:1.1em">'
            + "".join(f"<li>{esc(line)}</li>" for line in lines)
            + "</ul></td></tr>"
            for name, status, lines in rows
        )
        return (
            '<h4 style="margin:8px 0 4px">What each file changes</h4>'
            '<table class="infoview-table infoview-overrides"><thead><tr>'
            '<th style="text-align:left;padding:2px 8px">File</th><th style="text-align:left;padding:2px 8px">Read</th>'
            '<th style="text-align:left;padding:2px 8px">Changes to the defaults</th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def _course_html(self, preview: instructor.ContentPreview) -> str:
        if not preview.stages:
            return ""
        rows = [
            [f"{s['stage']}. {s['title']}", s["notebook"], "; ".join(e["title"] or e["id"] for e in s["exercises"])]
            for s in preview.stages
        ]
        return '<h4 style="margin:8px 0 4px">The course with this folder</h4>' + html_table(
            ["Stage", "Notebook", "Exercises"], rows
        )

    def _on_stage(self, change=None) -> None:
        self._show_stage()

    def _show_stage(self) -> None:
        """Build the chosen stage's exercises with the folder, as learners will see them (nothing is recorded)."""
        if self.preview is None or self.stage.value is None:
            self.exercises.children = ()
            return
        stage = next(s for s in self.preview.stages if s["stage"] == self.stage.value)
        shown = []
        for e in stage["exercises"]:
            try:
                w = exercise(e["id"], content_dir=self.preview.folder, record=False)
                if isinstance(w, BrokenExercise):  # its entry or its stage data cannot be used with this folder
                    raise ContentError(w.problem)
                shown.append(w)
            except Exception as exc:  # one broken exercise must not hide the others
                notice = Notice()
                why = str(exc).replace(f"{self.preview.folder}{os.sep}", "")
                notice.show("error", f"Exercise {e['id']} cannot be shown with this folder: {why}")
                shown.append(notice)
        self.exercises.children = tuple(shown)


# ------------------------------------------------------------------ 2. student versions
class StudentVersionMaker(widgets.VBox):
    """One click: the lesson notebooks without their solution cells, as a zip to download."""

    def __init__(self, notebooks_dir=None):
        self.notebooks_dir = notebooks_dir
        self.make_button = widgets.Button(
            description="Make student versions", icon="file-archive-o", button_style="primary"
        )
        self.make_button.layout.width = "auto"
        self.download = widgets.HTML()
        self.notice = Notice()
        self.data = b""
        self.removed: dict[str, int] = {}
        self.make_button.on_click(self._on_make)
        self.make_button.add_class("infoview-student-versions")
        self.add_class("infoview-student-versions-tool")
        super().__init__(children=[widgets.HBox([self.make_button, self.download]), self.notice])

    @guarded()
    def _on_make(self, _button=None) -> None:
        self.data, self.removed = instructor.student_versions_zip(self.notebooks_dir)
        self.download.value = download_link(self.data, "student-notebooks.zip", "Download the student versions")
        cells = sum(self.removed.values())
        self.notice.show(
            "ok",
            f"{len(self.removed)} notebooks, {cells} solution cell(s) left out. Download the zip and hand it out, "
            "or unzip it into the notebooks folder of your class's copy of the course.",
        )


# ------------------------------------------------------------------ 3. the class report
class ClassReportBuilder(widgets.VBox):
    """The class report from summaries learners hand in (uploaded files or a zip of them), from a
    folder they were collected into, or collected here from learners' home folders on a hub."""

    def __init__(self, content_dir=None, root=None):
        self.content_dir = content_dir
        self.root = _root(root)
        self.upload = widgets.FileUpload(accept=".json,.zip", multiple=True, description="Choose summaries")
        self.upload.layout.width = "auto"
        self.from_upload = widgets.Button(
            description="Build from the chosen files", icon="bar-chart", button_style="primary"
        )
        # On a hub with an exchange folder (docs/instructors.md section 4), that is where summaries arrive.
        exchange = handin.exchange_folder()
        self.folder = widgets.Text(
            value=str(exchange) if exchange is not None else "",
            description="Summaries folder",
            placeholder="e.g. summaries (a folder of .json files)",
            style=_LABELS,
            layout=_wide(),
        )
        self.from_folder = widgets.Button(description="Build from this folder", icon="folder-open")
        self.homes = widgets.Text(
            description="Learners' homes", placeholder="on a JupyterHub, e.g. /home", style=_LABELS, layout=_wide()
        )
        self.collect_button = widgets.Button(description="Collect and build", icon="download")
        for button in (self.from_upload, self.from_folder, self.collect_button):
            button.layout.width = "auto"
        self.notice = Notice()
        self.summary = widgets.HTML()
        self.download = widgets.HTML()
        self.view = widgets.HTML()
        self.report: instructor.ClassReport | None = None
        self.from_upload.on_click(self._on_upload)
        self.from_folder.on_click(self._on_folder)
        self.collect_button.on_click(self._on_collect)
        self.from_upload.add_class("infoview-report-upload")
        self.add_class("infoview-class-report")
        super().__init__(
            children=[
                widgets.HBox([self.upload, self.from_upload]),
                widgets.HBox([self.folder, self.from_folder]),
                widgets.HBox([self.homes, self.collect_button]),
                self.notice,
                self.summary,
                self.download,
                self.view,
            ]
        )

    def _path(self, text: str, what: str) -> Path:
        text = text.strip()
        if not text:
            raise ValueError(f"Type the {what} first.")
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.root / path

    @guarded()
    def _on_upload(self, _button=None) -> None:
        files = _uploaded(self.upload)
        if not files:
            self.notice.show("warning", "Choose the learners' summary files (.json) or one .zip of them first.")
            return
        self._show(instructor.class_report(files, self.content_dir), f"{len(files)} file(s) uploaded")

    @guarded()
    def _on_folder(self, _button=None) -> None:
        folder = self._path(self.folder.value, "folder the summaries are in")
        self._show(instructor.class_report(folder, self.content_dir), f"the folder {folder.name}")

    @guarded()
    def _on_collect(self, _button=None) -> None:
        homes = self._path(self.homes.value, "folder that holds the learners' home folders")
        # By default beside the instructor's own tracker (infoview-data/, which git ignores): the
        # folder holds the key of the learners' pseudonyms, which must not be committed with the course.
        out = self._path(self.folder.value, "folder") if self.folder.value.strip() else data_dir() / "summaries"
        result = hub.collect(homes, out)
        self.folder.value = str(out)
        report = instructor.class_report(out, self.content_dir)
        report.skipped = [*result.skipped, *report.skipped]
        self._show(report, f"{len(result.written)} summaries collected into {out}")

    def _show(self, report: instructor.ClassReport, source: str) -> None:
        self.report = report
        kind = "ok" if report.learners else "warning"
        self.notice.show(
            kind,
            f"Report built from {source}: {report.learners} learner(s) counted, {len(report.skipped)} file(s) skipped.",
        )
        parts = []
        if report.completion:
            parts.append('<h4 style="margin:8px 0 4px">Exercises completed per stage</h4>')
            parts.append(
                '<ul class="infoview-completion">'
                + "".join(f"<li>{esc(line)}</li>" for line in report.completion_sentences())
                + "</ul>"
            )
        else:
            parts.append(
                "<p>No summary carries exercise progress (they were exported before the exercises were tracked).</p>"
            )
        if report.skipped:
            parts.append(_status_list("warning", "Files skipped:", report.skipped_sentences()))
        self.summary.value = "".join(parts)
        self.download.value = download_link(
            report.html.encode("utf-8"), "class_report.html", "Download the class report", "text/html"
        )
        # The report is a whole page: shown in a frame of its own, with no scripts (sandbox).
        self.view.value = (
            f'<iframe class="infoview-report-frame" title="Class report" sandbox srcdoc="{html.escape(report.html, quote=True)}" '
            'style="width:100%;height:900px;border:1px solid #8c959f"></iframe>'
        )


# ------------------------------------------------------------------ 4. a new content folder
class ContentFolderStarter(widgets.VBox):
    """Start a content folder of your own: a copy of the defaults, optionally with the worked
    career-changers example, to edit in JupyterLab or (as a zip) on your computer."""

    def __init__(self, root=None):
        self.root = _root(root)
        self.name = widgets.Text(value="my-course", description="New folder", style=_LABELS, layout=_wide())
        self.with_example = widgets.Checkbox(
            value=False, description="Start from the worked career-changers example", indent=False
        )
        self.start_button = widgets.Button(description="Start the folder", icon="plus", button_style="primary")
        self.download = widgets.HTML()
        self.notice = Notice()
        self.created: Path | None = None
        self.start_button.on_click(self._on_start)
        self.start_button.add_class("infoview-new-content")
        self.add_class("infoview-new-content-tool")
        super().__init__(
            children=[self.name, self.with_example, widgets.HBox([self.start_button, self.download]), self.notice]
        )

    @guarded()
    def _on_start(self, _button=None) -> None:
        text = self.name.value.strip()
        if not text:
            raise ValueError("Type a name for the new folder first, e.g. my-course.")
        target = Path(text).expanduser()
        target = target if target.is_absolute() else self.root / target
        files = instructor.new_content_folder(target, with_example=self.with_example.value)
        self.created = target
        self.download.value = download_link(
            instructor.content_zip(target), f"{target.name}.zip", "Download it as a zip"
        )
        where = target.relative_to(self.root) if target.is_relative_to(self.root) else target
        self.notice.show(
            "ok",
            f"Made {where} with {len(files)} content files. Edit them in JupyterLab's file browser, or download the zip, "
            "edit it on your computer and upload it in the preview tool above; then preview it.",
        )
