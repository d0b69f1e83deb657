"""Files in plain words: naming a file that is clearly not what was asked for (from its first
bytes), a size, and what went wrong with a path (one sentence for any OSError)."""

from __future__ import annotations

import codecs
import errno
import os
from pathlib import Path
from typing import Any

__all__ = ["check_path", "decode_text", "describe_os_error", "human_size", "well_formed", "what_bytes_are"]


def what_bytes_are(head: bytes) -> str | None:
    """A plain-words name for a file that is clearly not text, or None."""
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP file, such as an Excel workbook (.xlsx) or LinkedIn's whole zipped download"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old-style Excel or Office file (.xls)"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(b"SQLite format 3"):
        return "a database file (perhaps an infoview backup, which is restored in notebook 00)"
    if head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        return "an image"
    if b"\x00" in head[:8192] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file, not text"
    return None


def decode_text(data: bytes) -> str:
    """Text from a file's bytes, the same way for every reader (the contact importer, the message
    review): UTF-32 or UTF-16 when a byte-order mark says so (Notepad's "Unicode" is UTF-16), else
    UTF-8 with or without a mark. UnicodeDecodeError for anything else: never a guessed encoding.

    >>> decode_text("Hi Ada".encode("utf-16")), decode_text(b"\\xef\\xbb\\xbfHi")
    ('Hi Ada', 'Hi')
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def human_size(size: int) -> str:
    """A file size in the units a learner's file browser shows (decimal, like macOS and most web pages).

    >>> human_size(512), human_size(2_400), human_size(999_700), human_size(26_214_400)
    ('512 bytes', '2 KB', '1.0 MB', '26.2 MB')
    """
    if size < 1000:
        return f"{size} bytes"
    if size < 999_500:  # so that nothing reads "1000 KB"
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


def well_formed(value: Any) -> Any:
    """``value`` with every string made storable: a surrogate pair pasted as two halves becomes its
    character, and a lone half (which UTF-8, and so SQLite, refuses) becomes U+FFFD.
    Dicts and lists are repaired all the way down; other values pass through.

    A browser can send such halves when a paste cut an emoji in two.

    >>> pair, lone = chr(0xD83D) + chr(0xDE00), chr(0xD800)
    >>> well_formed("ok " + pair) == "ok \N{GRINNING FACE}", well_formed({"a": ["x" + lone]})
    (True, {'a': ['x\ufffd']})
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {well_formed(k): well_formed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [well_formed(v) for v in value]
    return value


def describe_os_error(exc: OSError, path: Any = None) -> str:
    """One sentence saying what went wrong with a file or folder, and what to do.

    >>> describe_os_error(IsADirectoryError(errno.EISDIR, "Is a directory", "out"))
    'out is a folder; give the name of a file instead (in that folder, say).'
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device", "b.sqlite"))
    'The disk is full: b.sqlite could not be written. Free some space and try again; nothing half-written was kept.'
    """
    name = exc.filename if exc.filename not in (None, "") else path
    where = str(name) if name not in (None, "") else "the file"
    code = exc.errno
    if code == errno.EISDIR:
        return f"{where} is a folder; give the name of a file instead (in that folder, say)."
    if code == errno.ENOTDIR:
        return f"{where}: part of this path is a file, not a folder; choose a path inside a folder."
    if code == errno.EEXIST:
        return f"{where} already exists as a file, where a folder is needed; choose another name or move the file."
    if code == errno.ENOENT:
        return f"{where}: no such file or folder; check the name and the folder it is in."
    if code in (errno.EACCES, errno.EPERM):
        return f"No permission to use {where}; choose a file or folder of your own."
    if code == errno.EROFS:
        return f"{where} is on a read-only disk; choose a folder you can write to."
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return (
            f"The disk is full: {where} could not be written. Free some space and try again; "
            "nothing half-written was kept."
        )
    if code == errno.ENAMETOOLONG:
        return f"The name {where[:60]}... is too long for this computer; choose a shorter one."
    if code == errno.ELOOP:
        return f"{where} is a link that points back at itself; choose another path."
    reason = exc.strerror or exc.__class__.__name__
    return f"{where} could not be used ({reason})."


#: What a command does with a path it is given: read a file, read a folder, write a file, write
#: into a folder, or write a file or into a folder (a backup, an export).
PATH_ROLES = ("in-file", "in-dir", "out-file", "out-dir", "out-any")


def check_path(path: Any, role: str) -> None:
    """Raise OSError (with the right errno, for :func:`describe_os_error`) when ``path`` cannot
    serve as ``role`` (see :data:`PATH_ROLES`); checked before a command does any work, so a
    bad output path does not cost a minute's computing first.

    >>> import tempfile; folder = tempfile.mkdtemp()
    >>> check_path(folder, "out-file")
    Traceback (most recent call last):
    ...
    IsADirectoryError: [Errno 21] Is a directory: '...'
    """
    if role not in PATH_ROLES:
        raise ValueError(f"unknown path role {role!r}")
    text = os.fspath(path)
    if "\x00" in text:
        raise ValueError(f"The path {text!r} contains a NUL character; type the name again.")
    p = Path(text)
    if role.startswith("in-"):
        if not p.exists():  # each command says this in its own words (and names what it expected)
            return
        if role == "in-file" and p.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), text)
        if role == "in-file" and not p.is_file():  # a device or pipe (/dev/zero) never ends
            raise ValueError(f"{text} is not a regular file (it is a device or a pipe); give a saved file.")
        if role == "in-dir" and not p.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), text)
        if not os.access(p, os.R_OK | (os.X_OK if role == "in-dir" else 0)):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), text)
        return
    if p.exists():
        if not p.is_dir() and not p.is_file():  # replacing /dev/null with a file would break the computer
            raise ValueError(f"{text} is a device or a pipe, not a file; give the name of a file to write.")
        if role == "out-file" and p.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), text)
        if role == "out-dir" and not p.is_dir():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), text)
        target = p if p.is_dir() else p.parent
    else:
        target = p.parent
    # The nearest folder that exists must be a folder we may write to (the rest is created).
    while not target.exists() and target != target.parent:
        target = target.parent
    if not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), text)
    if not os.access(target, os.W_OK | os.X_OK):
        code = errno.EROFS if _read_only_mount(target) else errno.EACCES
        raise OSError(code, os.strerror(code), text)
    if p.exists() and not p.is_dir() and not os.access(p, os.W_OK):
        code = errno.EROFS if _read_only_mount(p) else errno.EACCES
        raise OSError(code, os.strerror(code), text)


def _read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False
