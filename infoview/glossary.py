"""The course's glossary: plain words for every term it uses (``data/content/glossary.toml``).

>>> entry = lookup("wilson")
>>> entry["term"], entry["see"]
('Wilson interval', '06_tracking_outcomes')
"""

from __future__ import annotations

from typing import Any

from .content import ContentError, load_toml

__all__ = ["terms", "lookup", "search"]


def terms(content_dir=None) -> list[dict[str, str]]:
    """Every entry (``term``, ``plain``, ``see``, ``source``), sorted by term, case ignored.
    An entry without a term or a plain definition is refused naming it."""
    out = []
    for i, item in enumerate(load_toml("glossary", content_dir).get("term", []), 1):
        if not str(item.get("term", "")).strip() or not str(item.get("plain", "")).strip():
            raise ContentError(f"glossary.toml: entry {i} ({item.get('term', '?')!r}) needs term and plain.")
        out.append({k: str(item.get(k, "")) for k in ("term", "plain", "see", "source")})
    return sorted(out, key=lambda e: e["term"].lower().lstrip("."))


def search(text: Any, content_dir=None) -> list[dict[str, str]]:
    """Entries whose term or definition contains ``text`` (case ignored); all of them for blank.

    >>> [e["term"] for e in search("business day")]
    ['business day', '3B7', 'Booster']
    """
    needle = " ".join(("" if text is None else str(text)).split()).lower()[:200]
    found = terms(content_dir)
    if not needle:
        return found
    first = [e for e in found if needle in e["term"].lower()]
    return first + [e for e in found if e not in first and needle in e["plain"].lower()]


def lookup(text: Any, content_dir=None) -> dict[str, str] | None:
    """The best entry for ``text`` (a term match before a definition match), or None."""
    found = search(text, content_dir)
    return found[0] if found and str(text or "").strip() else None
