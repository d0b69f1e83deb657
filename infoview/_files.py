"""Naming a file that is clearly not what was asked for, in plain words, from its first bytes."""
from __future__ import annotations

__all__ = ["what_bytes_are"]


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
