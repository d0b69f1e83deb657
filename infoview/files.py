"""Naming a file that is clearly not what was asked for, in plain words, from its first bytes."""

from __future__ import annotations

from typing import Any

__all__ = ["human_size", "well_formed", "what_bytes_are"]


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
