"""The content an instructor edits: rules, thresholds, questions, templates, cadences.

Content files live in ``data/content/`` of the curriculum folder. An instructor can point
infoview at a folder of their own with ``$INFOVIEW_CONTENT`` (or ``content_dir=``): a TOML
file there is merged over the default one key by key, so it only needs the keys it changes;
a CSV file there replaces the default table whole. A malformed file raises
:class:`ContentError` naming the file, the line and the problem.

Every loader in the stage modules takes the content folder as ``content_dir=`` (None: the
instructor's ``$INFOVIEW_CONTENT`` if set, over the defaults) and is called ``load_...``:
``contacts.load_settings``, ``outreach.load_rules``, ``prep.load_question_bank``... Content
read on every keystroke is compiled once through :func:`load_cached`. :func:`check_folder`
reads an instructor's folder the way the loaders will (``infoview check-content``).

>>> rules = load_toml("outreach_rules")   # doctest: +SKIP
"""

from __future__ import annotations

import copy
import csv
import io
import os
import time
import tomllib
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .paths import curriculum_root

__all__ = [
    "ContentError",
    "default_content_dir",
    "content_dirs",
    "load_toml",
    "load_csv",
    "merge",
    "check_kinds",
    "load_toml_file",
    "load_cached",
    "check_folder",
]


class ContentError(ValueError):
    """A content file is missing or malformed; the message names the file and line."""


def default_content_dir() -> Path:
    root = curriculum_root()
    if root is None:
        raise ContentError(
            "Could not find infoview's content folder (data/content/ beside notebooks/). "
            "Start Jupyter from inside the infoview folder, or set INFOVIEW_CONTENT to your own content folder."
        )
    return root / "data" / "content"


def content_dirs(content_dir: str | os.PathLike | None = None) -> list[Path]:
    """The content folders in order of precedence, the instructor's first."""
    dirs: list[Path] = []
    override = content_dir if content_dir is not None else os.environ.get("INFOVIEW_CONTENT")
    if override:
        folder = Path(override).expanduser()
        if not folder.is_dir():
            raise ContentError(f"The content folder {folder} does not exist (from INFOVIEW_CONTENT or content_dir=).")
        dirs.append(folder)
    default = default_content_dir()
    if not dirs or dirs[0].resolve() != default.resolve():
        dirs.append(default)
    return dirs


def merge(base: dict, override: dict) -> dict:
    """Deep-merge ``override`` over ``base`` (tables merge, other values replace).

    >>> merge({"a": {"x": 1, "y": 2}, "b": 1}, {"a": {"y": 3}})
    {'a': {'x': 1, 'y': 3}, 'b': 1}
    """
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


#: Parsed content files by path and text: a tool re-reads its settings on every click, and
#: parsing was a third of a click's time. Reading the small file is cheap and keys the cache by
#: what it says, so an instructor's edit is seen at once. Callers get copies, never these dicts.
_PARSED: dict[tuple[str, str], dict] = {}


def _read_toml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8.") from None
    key = (str(path), text)
    if key not in _PARSED:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            # tomllib's message already says "(at line N, column M)".
            raise ContentError(f"{path}: {exc}. Check the TOML syntax on that line.") from None
        if len(_PARSED) >= 256:  # content folders come and go in an instructor's preview
            _PARSED.clear()
        _PARSED[key] = data
    return _PARSED[key]


def load_toml(name: str, content_dir: str | os.PathLike | None = None) -> dict[str, Any]:
    """Load ``NAME.toml``: the default file with the instructor's file merged over it."""
    filename = name if name.endswith(".toml") else f"{name}.toml"
    found = [d / filename for d in content_dirs(content_dir) if (d / filename).is_file()]
    if not found:
        raise ContentError(f"No content file {filename} in {', '.join(str(d) for d in content_dirs(content_dir))}.")
    data: dict = {}
    for i, path in enumerate(reversed(found)):  # default first, instructor's last wins
        layer = _read_toml(path)
        if i:  # an instructor's file: each value it overrides must be of the default's kind
            check_kinds(data, layer, path)
        data = merge(data, layer)
    return data


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text in quotes"
    if isinstance(value, list):
        return "a list in [ ]"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def check_kinds(default: dict, override: dict, path: Path | str, where: tuple = ()) -> None:
    """Raise ContentError when ``override`` gives a key a different kind of value than ``default``.

    New keys are allowed (an extra template, say). The message names the file and the key
    (TOML keeps no line numbers once parsed; the key is enough to find it).

    >>> check_kinds({"min": 1}, {"min": "1"}, "prep.toml")
    Traceback (most recent call last):
    ...
    infoview.content.ContentError: prep.toml: min must be a number like the default (1), not text in quotes ('1').
    """
    for key, value in override.items():
        if key not in default:
            continue
        base = default[key]
        if isinstance(base, dict) and isinstance(value, dict):
            check_kinds(base, value, path, (*where, key))
            continue
        if _kind(base) != _kind(value):
            name = ".".join((*where, key))
            raise ContentError(
                f"{path}: {name} must be {_kind(base)} like the default ({base!r}), not {_kind(value)} ({value!r})."
            )


def load_toml_file(path: str | os.PathLike) -> dict[str, Any]:
    """Load one TOML file (an instructor's ``--rules FILE``), with the same error messages."""
    path = Path(path)
    if not path.is_file():
        raise ContentError(f"{path}: no such file.")
    return copy.deepcopy(_read_toml(path))


def load_csv(
    name: str,
    required: Iterable[str] = (),
    content_dir: str | os.PathLike | None = None,
) -> list[dict[str, str]]:
    """Load ``NAME.csv`` as a list of rows (dicts), checking the required columns.

    Each row carries its 1-based file line number under the key ``"_line"`` so that
    later validation can name the line.
    """
    filename = name if name.endswith(".csv") else f"{name}.csv"
    for folder in content_dirs(content_dir):
        path = folder / filename
        if path.is_file():
            return read_csv_file(path, required)
    raise ContentError(f"No content file {filename} in {', '.join(str(d) for d in content_dirs(content_dir))}.")


def read_csv_file(path: str | os.PathLike, required: Iterable[str] = ()) -> list[dict[str, str]]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        raise ContentError(
            f"{path}, line 1: missing column(s) {', '.join(missing)}; the header must have {', '.join(required)}."
        )
    rows = []
    for row in reader:
        if None in row:
            raise ContentError(
                f"{path}, line {reader.line_num}: more cells than the header has columns; quote cells that contain commas."
            )
        clean = {k: (v or "").strip() for k, v in row.items()}
        if not any(clean.values()):
            continue
        clean["_line"] = str(reader.line_num)
        rows.append(clean)
    return rows


# ------------------------------------------------------------------ compiled once
_CACHE: dict[tuple, tuple[tuple, Any]] = {}
_CHECKED: dict[tuple, float] = {}
#: Cached content files are looked at again (for an instructor's edits) at most this often.
_RECHECK_SECONDS = 1.0


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def load_cached(
    name: str,
    build: Callable[[dict, "str | os.PathLike | None"], Any],
    content_dir: str | os.PathLike | None = None,
    *,
    extra_file: str | os.PathLike | None = None,
) -> Any:
    """``build(data, extra_file)`` for content file ``NAME.toml``, cached until a file it reads changes.

    ``data`` is :func:`load_toml`'s result, with ``extra_file`` (a further TOML file, such as
    ``infoview review --rules FILE``) merged over it when given. For content compiled on
    every keystroke: a later call with the same arguments returns the same object, and the
    files are looked at again at most once a second, so an instructor's edit is picked up.
    ``build`` should be a module-level function (it is part of the cache key).
    """
    try:
        here = os.getcwd()
    except OSError:  # the current folder was deleted
        here = ""
    key = (
        name,
        build,
        None if content_dir is None else str(content_dir),
        os.environ.get("INFOVIEW_CONTENT", ""),
        here,
        None if extra_file is None else str(extra_file),
    )
    hit = _CACHE.get(key)
    now = time.monotonic()
    if hit is not None and now - _CHECKED.get(key, 0.0) < _RECHECK_SECONDS:
        return hit[1]
    filename = name if name.endswith(".toml") else f"{name}.toml"
    paths = [d / filename for d in content_dirs(content_dir)]
    if extra_file is not None:
        paths.append(Path(extra_file))
    stamp = tuple((str(p), _mtime(p)) for p in paths)
    _CHECKED[key] = now
    if hit is not None and hit[0] == stamp:
        return hit[1]
    data = load_toml(name, content_dir)
    if extra_file is not None:
        data = merge(data, load_toml_file(extra_file))
    built = build(data, extra_file)
    _CACHE[key] = (stamp, built)
    return built


# ------------------------------------------------------------------ an instructor's folder
def check_folder(
    folder: str | os.PathLike, checks: Mapping[str, Iterable[Callable[..., Any]]] | None = None
) -> list[tuple[str, str, str]]:
    """Read every file of an instructor's content folder as infoview will.

    Each ``.toml`` or ``.csv`` file is read and merged over the default as the notebooks
    would; then each loader in ``checks[file name]`` is called with ``content_dir=folder``
    for the deeper checks (a question's category, a cadence's tier). Returns one
    ``(file name, "ok" | "error" | "warning", message)`` per file. A file infoview does not
    read (a typo in its name, say) is a warning: it would be ignored.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder; give the folder that holds your .toml and .csv files.")
    checks = checks or {}
    known = {p.name for p in default_content_dir().iterdir() if p.suffix in (".toml", ".csv")}
    results: list[tuple[str, str, str]] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".toml", ".csv")):
        if path.name not in known:
            results.append(
                (
                    path.name,
                    "warning",
                    f"infoview does not read a file called {path.name}; "
                    f"the content files are: {', '.join(sorted(known))}.",
                )
            )
            continue
        try:
            if path.suffix == ".toml":
                load_toml(path.stem, folder)
            else:
                load_csv(path.stem, content_dir=folder)
            for check in checks.get(path.name, ()):
                check(content_dir=folder)
        except (ContentError, ValueError, KeyError, TypeError) as exc:
            results.append((path.name, "error", str(exc)))
        else:
            how_used = (
                "merged over the default: tables key by key, a list replaces the default list"
                if path.suffix == ".toml"
                else "replaces the default table whole"
            )
            results.append((path.name, "ok", f"reads correctly ({how_used})."))
    if not results:
        results.append((str(folder), "warning", "no .toml or .csv files here, so every default applies."))
    return results
