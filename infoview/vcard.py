"""Reading vCard files (RFC 6350, and the 2.1/3.0 files phones and Apple Contacts still write).

Why by hand: the one widely used Python library, ``vobject``, keeps the backslash of Apple's
``item1.URL:https\\://www.linkedin.com/in/...`` (so the same person imported from LinkedIn and
from a vCard became two contacts) and stops at the first malformed line, which would refuse a
whole address book for one bad card. The rules needed are few:

* **folding** (RFC 6350 3.2): a line break followed by a space or tab continues the line;
  vCard 2.1's quoted-printable values continue after a line ending in ``=`` instead;
* **content lines** (3.3): ``group.NAME;PARAM=value,value:value``; a parameter value may be
  quoted and hold ``:`` or ``;``; the group (``item1.``) is dropped;
* **escapes** (3.4): ``\\\\``, ``\\,``, ``\\;``, ``\\n`` (and ``\\:``, which Apple writes);
  structured values (N, ORG) split on unescaped ``;``;
* **charsets**: a 2.1 ``ENCODING=QUOTED-PRINTABLE`` value is decoded with its ``CHARSET``
  (an unknown charset falls back to UTF-8 with replacement, never an error);
* **preference**: of several EMAIL or URL lines the one marked ``PREF`` (or ``TYPE=pref``)
  wins; among URLs a LinkedIn profile is preferred, as that is what duplicates are found by.

>>> card = read_cards("BEGIN:VCARD\\nN:Byron;Ada\\nitem1.URL:https\\\\://www.linkedin.com/in/ada\\nEND:VCARD\\n")
>>> card[0][1]["URL"]
'https://www.linkedin.com/in/ada'
"""

from __future__ import annotations

import codecs
import quopri
import re

__all__ = ["decode_vcard", "looks_like_vcard", "read_cards", "split_structured", "unescape"]

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_CHARSET = re.compile(rb";\s*CHARSET\s*=\s*\"?([A-Za-z0-9._:-]+)", re.IGNORECASE)


def looks_like_vcard(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:11].upper() == b"BEGIN:VCARD"


def decode_vcard(data: bytes) -> str:
    """A vCard file's text. Folding is undone on the bytes first (RFC 6350 3.2 allows a fold inside
    a multi-byte character); a line that is not UTF-8 is decoded with its own ``CHARSET``
    parameter (vCard 2.1). ValueError names the line when neither works.

    >>> decode_vcard(b"BEGIN:VCARD\\r\\nFN;CHARSET=ISO-8859-1:Zo\\xeb\\r\\nNOTE:caf\\xc3\\r\\n \\xa9\\r\\nEND:VCARD\\r\\n")
    'BEGIN:VCARD\\nFN;CHARSET=ISO-8859-1:Zoë\\nNOTE:café\\nEND:VCARD\\n'
    """
    try:
        return data.decode("utf-8-sig")  # the usual case: line numbers stay the file's own
    except UnicodeDecodeError:
        pass
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    data = re.sub(rb"\n[ \t]", b"", data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        m = _CHARSET.search(line.split(b":", 1)[0])
        try:
            if m is None:
                raise LookupError
            lines.append(line.decode(m.group(1).decode("ascii"), "replace"))
        except LookupError:
            raise ValueError(
                f"line {number} of the vCard is not UTF-8 and names no charset it is written in; "
                "export the contacts again as vCard 3.0 or 4.0 (UTF-8)."
            ) from None
    return "\n".join(lines)


def unescape(value: str) -> str:
    """A text value with its escapes undone.

    >>> unescape(r"Analytical\\, Ltd\\nR\\&D \\\\ https\\://x")
    'Analytical, Ltd\\nR&D \\\\ https://x'
    """
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_structured(value: str, sep: str = ";") -> list[str]:
    """Split on separators that are not escaped, then unescape each part.

    >>> split_structured(r"Byron;Ada\\;Augusta;;")
    ['Byron', 'Ada;Augusta', '', '']
    """
    parts, current, i = [], [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append(unescape("".join(current)))
    return parts


def _split_line(line: str) -> tuple[str, list[str], str] | None:
    """(NAME, [params], raw value) of a content line, or None when it has no unquoted ':'."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, value = line[:i], line[i + 1 :]
            pieces, current, q = [], [], False
            for c in head:
                if c == '"':
                    q = not q
                elif c == ";" and not q:
                    pieces.append("".join(current))
                    current = []
                    continue
                current.append(c)
            pieces.append("".join(current))
            name = pieces[0].strip().split(".")[-1].upper()  # "item1.URL" -> "URL"
            return name, [p.strip() for p in pieces[1:]], value
    return None


def _params(raw: list[str]) -> dict[str, set[str]]:
    """Parameters by upper-case name; a bare 2.1 parameter (``;PREF``, ``;INTERNET``) is a TYPE."""
    out: dict[str, set[str]] = {}
    for p in raw:
        name, eq, values = p.partition("=")
        if not eq:
            name, values = "TYPE", name
        for v in values.split(","):
            out.setdefault(name.strip().upper(), set()).add(v.strip().strip('"').upper())
    return out


def _decode_qp(value: str, charset: str) -> str:
    data = quopri.decodestring(value.encode("utf-8", "replace"))
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    return data.decode(charset, "replace")


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of the physical line each starts on."""
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(physical, start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif lines and lines[-1][1].endswith("=") and "QUOTED-PRINTABLE" in lines[-1][1].split(":", 1)[0].upper():
            lines[-1] = (lines[-1][0], lines[-1][1][:-1] + raw)  # a quoted-printable soft line break
        else:
            lines.append((number, raw))
    return lines


def _rank(name: str, params: dict[str, set[str]], value: str) -> tuple:
    preferred = "PREF" in params.get("TYPE", set()) or "PREF" in params
    linkedin = name == "URL" and "linkedin.com/" in value.lower()
    return (not linkedin, not preferred)


def read_cards(text: str) -> list[tuple[int, dict[str, str], bool]]:
    """Every card as (line it starts on, {NAME: unescaped value}, ended properly?).

    Structured values (N, ORG) are kept raw for :func:`split_structured`; of repeated
    EMAIL and URL lines the preferred one is kept, of others the first.
    """
    cards: list[tuple[int, dict[str, str], bool]] = []
    card: dict[str, tuple[tuple, str]] | None = None
    start = 0
    for number, line in _unfold(text):
        parsed = _split_line(line.strip())
        if parsed is None:
            continue
        name, raw_params, value = parsed
        params = _params(raw_params)
        if params.get("ENCODING", set()) & {"QUOTED-PRINTABLE", "QP"}:
            value = _decode_qp(value, next(iter(params.get("CHARSET", {"UTF-8"}))))
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                cards.append((start, _values(card), False))
            card, start = {}, number
            continue
        if card is None:
            continue
        if name == "END" and value.strip().upper() == "VCARD":
            cards.append((start, _values(card), True))
            card = None
            continue
        text_value = value if name in ("N", "ORG", "ADR") else unescape(value)
        rank = _rank(name, params, text_value)
        if name not in card or rank < card[name][0]:
            card[name] = (rank, text_value)
    if card is not None:
        cards.append((start, _values(card), False))
    return cards


def _values(card: dict[str, tuple[tuple, str]]) -> dict[str, str]:
    return {k: v for k, (_, v) in card.items()}
