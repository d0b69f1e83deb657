"""The instructor's console as a library: what each tool of ``notebooks/instructor/instructor_console.ipynb`` does.

An instructor, like a learner, should need no terminal. Each task of the instructors' guide is
one function here, and a thin view in :mod:`infoview.views.instructor` puts a button on it:

- :func:`preview_content`: what an instructor's content folder changes (per file, the keys or
  entries it overrides, adds or leaves out; files infoview does not read), every problem
  :func:`infoview.workshop.check_content` finds, and the stages with their exercises;
- :func:`student_versions_zip`: the lesson notebooks without their solution cells, as one zip;
- :func:`class_report`: the class report from learners' summaries, uploaded (bytes, untrusted)
  or collected in a folder: the report's HTML, per-stage exercise completion, and every file
  skipped with the reason;
- :func:`new_content_folder`: a copy of the default content to edit, optionally with the worked
  career-changers example; :func:`content_zip` and :func:`unpack_content_zip` carry a content
  folder to and from an instructor's own computer (app mode has no file editor).

Uploaded files are untrusted: sizes and counts are limited before anything is parsed, a zip is
read member by member with the same limits (no member is written outside its folder, none is
unpacked twice), and each file that cannot be used is named with one sentence saying why.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from .cohort import CohortAggregate, aggregate_cohort, cohort_report_html
from .content import ContentError, default_content_dir, load_toml, read_csv_file
from .exercises import catalogue, cohort_completion, stages
from .paths import curriculum_root, data_dir
from .summary_schema import MAX_FILE_BYTES, latest_per_learner, parse_summary, summary_problem
from .workshop import check_content, student_notebooks

__all__ = [
    "Change",
    "FileChanges",
    "ContentPreview",
    "preview_content",
    "content_files",
    "content_folders",
    "student_versions_zip",
    "ClassReport",
    "read_uploads",
    "class_report",
    "new_content_folder",
    "content_zip",
    "unpack_content_zip",
    "example_folder",
    "MAX_UPLOAD_FILES",
    "MAX_UPLOAD_BYTES",
    "MAX_CONTENT_FILE_BYTES",
]

#: At most this many summaries in one upload (a class of 200 hands in 200; a zip counts its members).
MAX_UPLOAD_FILES = 1000
#: At most this many bytes in one upload, counted after unzipping (40 summaries are about 120 KB).
MAX_UPLOAD_BYTES = 50_000_000
#: A content file is a few KB; the largest default is about 40 KB.
MAX_CONTENT_FILE_BYTES = 2_000_000
_MAX_CONTENT_ZIP_MEMBERS = 200
#: The keys that name an entry of a list of tables ([[request]] id = ...), in the order tried.
_ENTRY_KEYS = ("id", "term", "title", "name")


# ------------------------------------------------------------------ preview of a content folder
@dataclass
class Change:
    """One key or entry whose value a content file changes: ``key`` (``length.max_words``,
    ``request[r3].text``), the default value and the folder's."""

    key: str
    default: Any
    value: Any

    @property
    def text(self) -> str:
        return f"{self.key}: {_short(self.default)} → {_short(self.value)}"


@dataclass
class FileChanges:
    """What one file of a content folder does.

    ``kind``: "toml" or "csv" (a content file infoview reads), "unknown" (a .toml or .csv file
    infoview does not read, such as a misspelt name), "other" (not a content file), "folder".
    ``status``: check_content's "ok", "error" or "warning", or "ignored".
    """

    name: str
    kind: str
    status: str
    message: str
    overridden: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changes_something(self) -> bool:
        return bool(self.overridden or self.added or self.removed)


@dataclass
class ContentPreview:
    """:func:`preview_content`'s answer. ``problems``: one sentence each, naming the file.
    ``stages``: each stage as learners will meet it (``stage``, ``title``, ``notebook``,
    ``exercises``: catalogue entries with ``id``, ``title``, ``kind``)."""

    folder: Path
    files: list[FileChanges]
    problems: list[str]
    stages: list[dict[str, Any]]

    def file(self, name: str) -> FileChanges:
        return next(f for f in self.files if f.name == name)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry_key(items: list) -> str | None:
    """The key that names each table of a list of tables, or None (compare by position)."""
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for key in _ENTRY_KEYS:
        if all(key in i for i in items):
            return key
    return None


def _diff(default: Any, mine: Any, where: str, out: FileChanges) -> None:
    """Record in ``out`` how ``mine`` (an instructor's value) differs from ``default`` at ``where``."""
    if isinstance(default, dict) and isinstance(mine, dict):
        for key, value in mine.items():
            path = f"{where}.{key}" if where else str(key)
            if key not in default:
                out.added.append(path)
            else:
                _diff(default[key], value, path, out)
        return
    if isinstance(default, list) and isinstance(mine, list) and default != mine:
        key = _entry_key(default + mine)
        if key is not None:
            # A list of tables replaces the default list whole: name each entry kept, changed, new or gone.
            base = {str(d[key]): d for d in default}
            names = [str(m[key]) for m in mine]
            for m in mine:
                name = f"{where}[{m[key]}]"
                if str(m[key]) in base:
                    _diff(base[str(m[key])], m, name, out)
                else:
                    out.added.append(name)
            out.removed += [f"{where}[{name}]" for name in base if name not in names]
            return
    if default != mine:
        out.overridden.append(Change(where, default, mine))


def _csv_diff(default_path: Path, path: Path, out: FileChanges) -> None:
    default, mine = read_csv_file(default_path), read_csv_file(path)
    columns = [c for c in (default[0] if default else {}) if c != "_line"]
    key = "id" if "id" in columns else (columns[0] if columns else None)
    if key is None:
        return
    base = {row.get(key, ""): row for row in default}
    ids = {row.get(key, "") for row in mine}
    for row in mine:
        ident = row.get(key, "")
        if ident not in base:
            out.added.append(f"{key} {ident}")
            continue
        for column, value in row.items():
            if column != "_line" and base[ident].get(column, "") != value:
                out.overridden.append(Change(f"{key} {ident}: {column}", base[ident].get(column, ""), value))
    out.removed += [f"{key} {ident}" for ident in base if ident not in ids]


def content_files() -> list[str]:
    """The names of the content files infoview reads (``data/content/``)."""
    return sorted(p.name for p in default_content_dir().iterdir() if p.suffix in (".toml", ".csv"))


def _sentence(name: str, message: str, folder: Path) -> str:
    """One sentence naming the file, without the folder's full path (the instructor chose it)."""
    for prefix in {str(folder.resolve()), str(folder)}:
        message = message.replace(prefix + os.sep, "")
    message = message.strip()
    if not message.startswith(name):
        message = f"{name}: {message}"
    return message if message.endswith((".", "?", "!")) else message + "."


def preview_content(folder: str | os.PathLike) -> ContentPreview:
    """What an instructor's content folder changes, every problem in it, and the course it makes.

    >>> p = preview_content(example_folder())
    >>> [c.text for c in p.file("outreach_rules.toml").overridden if c.key == "length.max_words"]
    ['length.max_words: 75 → 100']
    >>> p.problems, p.stages[0]["exercises"][0]["id"]
    ([], 'requests')
    """
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder; choose the folder that holds your .toml and .csv files.")
    checked = {name: (status, message) for name, status, message in check_content(folder)}
    defaults = default_content_dir()
    files: list[FileChanges] = []
    problems: list[str] = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith("."):
            continue  # .ipynb_checkpoints, .DS_Store: a file manager's, not the instructor's
        if path.is_dir():
            files.append(
                FileChanges(name, "folder", "ignored", "a folder: infoview reads only the files directly here.")
            )
            continue
        if name not in checked:
            files.append(FileChanges(name, "other", "ignored", "not a content file: infoview does not read it."))
            continue
        status, message = checked[name]
        known = (defaults / name).is_file()
        entry = FileChanges(name, path.suffix.lstrip(".") if known else "unknown", status, message)
        files.append(entry)
        if status != "ok":
            problems.append(_sentence(name, message, folder))
        if not known:
            continue
        try:
            if path.suffix == ".toml":
                _diff(load_toml(path.stem, defaults), load_toml(path.stem, folder), "", entry)
            else:
                _csv_diff(defaults / name, path, entry)
        except (ContentError, ValueError) as exc:
            if status == "ok":  # check_content read it, so this cannot happen; say so if it does
                problems.append(_sentence(name, str(exc), folder))
    listed = {f.name for f in files}
    problems += [
        _sentence(name, message, folder)
        for name, (status, message) in checked.items()
        if name not in listed and status != "ok"
    ]
    course: list[dict[str, Any]] = []
    try:
        if any(p.startswith("exercises.toml") for p in problems):  # a broken exercises file: no course to show
            raise ContentError("exercises.toml has problems (listed above).")
        exercises = catalogue(folder)
        for stage in stages(folder):
            mine = [e for e in exercises if e["lesson"] == stage["id"]]  # a stage ("2") or a lesson ("1b")
            course.append({**stage, "exercises": mine})
    except (ContentError, ValueError, KeyError, TypeError) as exc:
        sentence = _sentence("exercises.toml", str(exc), folder)
        if not any(p.startswith("exercises.toml") for p in problems):
            problems.append(sentence)
    return ContentPreview(folder, files, problems, course)


_SKIP_DIRS = {"notebooks", "infoview", "tests", "benchmarks", "binder", "tools", "node_modules", "__pycache__"}


def _looks_like_content(folder: Path, names: set[str]) -> bool:
    try:
        return any(p.name in names for p in folder.iterdir() if p.is_file())
    except OSError:
        return False


def content_folders(root: str | os.PathLike | None = None) -> list[Path]:
    """Folders near the curriculum that hold at least one content file: for a chooser.

    Looks in the curriculum folder and one level below it (``docs/examples/*``, a folder made
    with :func:`new_content_folder`), in unpacked uploads, and at ``$INFOVIEW_CONTENT``.
    The defaults themselves (``data/content``) are left out: there is nothing to compare them with.
    """
    base = Path(root) if root is not None else curriculum_root()
    names = set(content_files())
    candidates: list[Path] = []
    if base is not None:
        for child in sorted(base.iterdir()):
            if not child.is_dir() or child.is_symlink() or child.name.startswith(".") or child.name in _SKIP_DIRS:
                continue
            candidates.append(child)
            try:
                candidates += sorted(c for c in child.iterdir() if c.is_dir() and not c.name.startswith("."))
            except OSError:
                continue
        candidates += sorted((base / "docs" / "examples").glob("*"))
    uploads = data_dir() / "content-uploads"
    if uploads.is_dir():
        candidates += sorted(uploads.iterdir())
    if os.environ.get("INFOVIEW_CONTENT"):
        candidates.append(Path(os.environ["INFOVIEW_CONTENT"]).expanduser())
    default = default_content_dir().resolve()
    found: list[Path] = []
    for folder in candidates:
        if (
            folder.is_dir()
            and folder.resolve() != default
            and folder not in found
            and _looks_like_content(folder, names)
        ):
            found.append(folder)
    return found


# ------------------------------------------------------------------ student versions
def student_versions_zip(notebooks_dir: str | os.PathLike | None = None) -> tuple[bytes, dict[str, int]]:
    """Every lesson notebook without its solution cells, in one zip (``student-notebooks/NAME``).

    The same notebooks ``infoview student-version`` writes, byte for byte. Returns the zip's
    bytes and ``{notebook file name: solution cells removed}``.
    """
    removed: dict[str, int] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text, count in student_notebooks(notebooks_dir):
            archive.writestr(f"student-notebooks/{name}", text)
            removed[name] = count
    return buffer.getvalue(), removed


# ------------------------------------------------------------------ the class report
@dataclass
class ClassReport:
    """:func:`class_report`'s answer: the report page, how many learners it counts, per stage the
    exercise completion (rows of :func:`infoview.exercises.cohort_completion` with the stage's
    ``title``), and every file skipped as (name, why)."""

    html: str
    learners: int
    completion: list[dict[str, Any]]
    skipped: list[tuple[str, str]]
    aggregate: CohortAggregate

    def completion_sentences(self) -> list[str]:
        """Per stage or lesson, one sentence: how many learners solved, tried, and opened a worked answer."""
        lines = []
        for r in self.completion:
            what = "Stage" if str(r["stage"]).isdigit() else "Lesson"
            head = f"{what} {r['stage']} ({r['title']})"
            if not r["exercises"]:
                lines.append(f"{head}: no exercises to count.")
                continue
            n = r["exercises"]
            lines.append(
                f"{head}: {r['all_solved']} of {r['learners']} learners solved "
                f"{'all ' + str(n) + ' exercises' if n > 1 else 'the exercise'}, {r['tried']} tried at least one, "
                f"{r['revealed']} opened a worked answer."
            )
        return lines

    def skipped_sentences(self) -> list[str]:
        """One sentence per skipped file: its name and why."""
        return [f"{name} was skipped: {why}." for name, why in self.skipped]


def _display_name(name: Any) -> str:
    text = " ".join(str(name or "unnamed file").split()) or "unnamed file"
    return text if len(text) <= 120 else text[:119] + "…"


def _is_folder(member: zipfile.ZipInfo) -> bool:
    """A zip member that is a folder. Not ``ZipInfo.is_dir``: a crafted name starting with a NUL
    byte is read as "" and Python 3.11's ``is_dir`` raises IndexError on it."""
    return member.filename.endswith("/")


def _zip_members(name: str, raw: bytes, budget: list[int]):
    """(name, bytes) of each summary in a zip, or (name, why) for what cannot be read: yields
    (name, bytes or None, why or None). ``budget``: bytes still allowed, shared over the upload."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [m for m in archive.infolist() if not _is_folder(m)]
    except (zipfile.BadZipFile, ValueError, EOFError):
        yield name, None, "it is not a readable zip file (expected summaries as .json files, or a .zip of them)"
        return
    if len(members) > MAX_UPLOAD_FILES:
        yield name, None, f"the zip holds {len(members):,} files, more than the {MAX_UPLOAD_FILES:,} a class hands in"
        return
    for member in members:
        inner = f"{name}/{member.filename}"
        parts = PurePosixPath(member.filename).parts
        if not parts:  # a crafted name that is empty, or starts with a NUL byte (read as "")
            yield inner, None, "it has no file name; zip the summaries as they were downloaded"
            continue
        if "__MACOSX" in parts or parts[-1].startswith("."):
            continue  # a Mac's resource forks and hidden files, as a folder's hidden files are passed over
        if member.filename.lower().endswith(".zip"):
            yield inner, None, "a zip inside a zip; upload the summaries or one zip of them"
        elif member.flag_bits & 0x1:
            yield inner, None, "it is protected by a password; zip the summaries without one"
        elif member.file_size > MAX_FILE_BYTES:
            yield inner, None, f"it is {member.file_size:,} bytes, larger than any summary (at most {MAX_FILE_BYTES:,})"
        elif member.file_size > budget[0]:
            yield (
                inner,
                None,
                f"the upload is over {MAX_UPLOAD_BYTES // 1_000_000} MB unzipped; upload fewer files at once",
            )
        else:
            try:
                with archive.open(member) as fh:
                    data = fh.read(MAX_FILE_BYTES + 1)  # never more than the limit, whatever the header claims
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error) as exc:
                yield inner, None, f"it could not be unzipped ({str(exc)[:80] or type(exc).__name__})"
                continue
            budget[0] -= len(data)
            yield inner, data, None


def read_uploads(files: Iterable[tuple[str, bytes]]) -> tuple[list[tuple[str, float, dict]], list[tuple[str, str]]]:
    """Check uploaded files (name, bytes): (name, order, summary) for the usable ones and (name, why)
    for the rest. A zip's members are read as files; a file uploaded twice is counted once.

    >>> ok, bad = read_uploads([("a.json", b"not json"), ("b.txt", b"{}")])
    >>> ok, bad
    ([], [('a.json', 'not valid JSON (line 1: Expecting value)'), ('b.txt', "it lacks 'schema'")])
    """
    usable: list[tuple[str, float, dict]] = []
    skipped: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    budget = [MAX_UPLOAD_BYTES]
    count = 0

    def one(name: str, raw: bytes) -> None:
        nonlocal count
        count += 1
        if count > MAX_UPLOAD_FILES:
            skipped.append((name, f"more than {MAX_UPLOAD_FILES:,} files at once; upload the rest separately"))
            return
        digest = hashlib.sha256(raw).hexdigest()
        if digest in seen:
            skipped.append((name, f"the same file as {seen[digest]}, uploaded twice (counted once)"))
            return
        seen[digest] = name
        data, why = parse_summary(raw)
        why = why or summary_problem(data)
        if why:
            skipped.append((name, why))
        else:
            usable.append((name, float(count), data))

    for name, raw in files:
        name, raw = _display_name(name), bytes(raw)
        if raw.startswith(b"PK\x03\x04") or name.lower().endswith(".zip"):
            for inner, data, why in _zip_members(name, raw, budget):
                if why:
                    skipped.append((inner, why))
                else:
                    one(inner, data)
            continue
        if len(raw) > budget[0]:
            skipped.append((name, f"the upload is over {MAX_UPLOAD_BYTES // 1_000_000} MB; upload fewer files at once"))
            continue
        budget[0] -= min(len(raw), MAX_FILE_BYTES + 1)
        one(name, raw)
    return usable, skipped


def class_report(source, content_dir=None, title: str = "Class report: informational interviews") -> ClassReport:
    """The class report from learners' summaries: ``source`` is a folder of collected summaries
    (``infoview collect``'s output, a shared folder) or uploaded files as (name, bytes) pairs.

    >>> from infoview.cohort import sample_cohort_paths
    >>> r = class_report(sample_cohort_paths()[1])
    >>> r.learners, r.skipped, "40 learner summaries" in r.html
    (40, [], True)
    """
    if isinstance(source, (str, os.PathLike)):
        folder = Path(source).expanduser()
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder} is not a folder; give the folder the summaries were collected into.")
        agg = aggregate_cohort(folder, content_dir)
    else:
        files = list(source)
        if not files:
            raise ValueError("No files were chosen: choose the learners' summary files (.json), or one .zip of them.")
        usable, skipped = read_uploads(files)
        summaries, older = latest_per_learner(usable)
        agg = aggregate_cohort(summaries, content_dir)
        agg.skipped = skipped + older + agg.skipped
    try:
        titles = {s["stage"]: s["title"] for s in stages(content_dir)}
    except ContentError:
        titles = {}
    completion = [
        {**row, "title": titles.get(row["stage"], f"Stage {row['stage']}")} for row in cohort_completion(agg.summaries)
    ]
    return ClassReport(
        cohort_report_html(agg, title=title, content_dir=content_dir),
        len(agg.summaries),
        completion,
        list(agg.skipped),
        agg,
    )


# ------------------------------------------------------------------ a new content folder
def example_folder() -> Path:
    """The worked example's content folder: ``docs/examples/career-changers`` of the course folder,
    or of the clone infoview runs from (a course folder copied without ``docs/`` still has it)."""
    for root in (curriculum_root(), curriculum_root(Path(__file__).parent)):
        folder = root / "docs" / "examples" / "career-changers" if root is not None else None
        if folder is not None and folder.is_dir():
            return folder
    raise FileNotFoundError(
        "The worked career-changers example (docs/examples/career-changers) is not in this copy of the course."
    )


_README = """# {name}: content for your class

This folder holds a copy of infoview's content files{example}. Change what your class needs
(open a file in JupyterLab's file browser; in app mode, download the folder as a zip, edit it
on your computer and upload it in the instructor's console), then preview it in the console.

Delete the files you do not change: infoview uses its own defaults for every file and key that
is not here, so later corrections to the defaults still reach your class.
"""


def new_content_folder(target: str | os.PathLike, with_example: bool = False) -> list[str]:
    """Copy every default content file into ``target`` (made if missing) and return their names.

    With ``with_example`` the worked career-changers example's files replace their copies. Refuses
    a ``target`` that is a file or a folder that already holds anything, so nothing is overwritten.
    """
    target = Path(target).expanduser()
    if target.exists() and not target.is_dir():
        raise ValueError(f"{target} is a file; choose a name for a new folder.")
    if target.is_dir() and any(target.iterdir()):
        raise ValueError(f"{target} already holds files; choose a new folder name (nothing was changed).")
    sources = {name: default_content_dir() / name for name in content_files()}
    if with_example:
        example = example_folder()
        sources.update({p.name: p for p in example.iterdir() if p.suffix in (".toml", ".csv")})
    target.mkdir(parents=True, exist_ok=True)
    for name, source in sorted(sources.items()):
        shutil.copyfile(source, target / name)
    note = " with the worked career-changers example's changes" if with_example else ""
    (target / "README.md").write_text(_README.format(name=target.name, example=note), encoding="utf-8")
    return sorted(sources)


def content_zip(folder: str | os.PathLike) -> bytes:
    """The files of a content folder (not its sub-folders or hidden files) as a zip, inside a folder of its name."""
    folder = Path(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                archive.write(path, f"{folder.name}/{path.name}")
    return buffer.getvalue()


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def unpack_content_zip(raw: bytes, name: str, into: str | os.PathLike | None = None) -> tuple[Path, list[str]]:
    """Unpack an uploaded zip of a content folder into a new folder under ``into`` (default
    ``infoview-data/content-uploads``); returns the folder and what was left out, one sentence each.

    Only files are unpacked, each into the one new folder (a single top folder in the zip is
    dropped; no path leaves the folder); sub-folders, hidden files and oversized files are left
    out. An existing folder is never written into: a new name is chosen.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(bytes(raw)))
        members = [m for m in archive.infolist() if not _is_folder(m)]
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise ValueError(
            f"{_display_name(name)} is not a readable zip file; zip your content folder and upload that."
        ) from None
    if len(members) > _MAX_CONTENT_ZIP_MEMBERS:
        raise ValueError(f"{_display_name(name)} holds {len(members)} files; a content folder has about 20.")
    tops = {PurePosixPath(m.filename).parts[0] for m in members if len(PurePosixPath(m.filename).parts) > 1}
    strip = len(tops) == 1 and all(len(PurePosixPath(m.filename).parts) > 1 for m in members)
    base = Path(into) if into is not None else data_dir() / "content-uploads"
    stem = _SAFE_NAME.sub("-", PurePosixPath(str(name)).stem).strip("-.") or "content"
    target, n = base / stem, 1
    while target.exists():
        n += 1
        target = base / f"{stem}-{n}"
    left_out: list[str] = []
    files: list[tuple[str, bytes]] = []
    for member in members:
        parts = PurePosixPath(member.filename.replace("\\", "/")).parts[1 if strip else 0 :]
        shown = _display_name(member.filename)
        if "__MACOSX" in parts or (parts and parts[-1].startswith(".") and parts[-1] != ".."):
            continue  # a Mac's resource forks and hidden files
        if len(parts) != 1 or parts[0] in ("", "..") or PurePosixPath(member.filename).is_absolute():
            left_out.append(
                f"{shown} was left out: it is inside a sub-folder, and infoview reads only the folder's own files."
            )
        elif member.flag_bits & 0x1:
            left_out.append(f"{shown} was left out: it is protected by a password.")
        elif member.file_size > MAX_CONTENT_FILE_BYTES:
            left_out.append(f"{shown} was left out: it is {member.file_size:,} bytes, far larger than a content file.")
        else:
            try:
                with archive.open(member) as fh:
                    data = fh.read(MAX_CONTENT_FILE_BYTES + 1)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error):
                left_out.append(f"{shown} was left out: it could not be unzipped.")
                continue
            if len(data) > MAX_CONTENT_FILE_BYTES:
                left_out.append(f"{shown} was left out: it is larger than {MAX_CONTENT_FILE_BYTES:,} bytes.")
            elif parts[0] in {f for f, _ in files}:
                left_out.append(f"{shown} was left out: the zip holds two files of that name.")
            else:
                files.append((parts[0], data))
    if not files:
        raise ValueError(
            f"{_display_name(name)} holds no files to preview; zip the folder that holds your .toml and .csv files."
        )
    target.mkdir(parents=True)
    for filename, data in files:
        (target / filename).write_bytes(data)
    return target, left_out
