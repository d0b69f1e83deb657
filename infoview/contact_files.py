"""Reading the contact files learners bring: LinkedIn, Google Contacts, vCard.

The public names are re-exported by :mod:`infoview.contacts`; this module holds the file
handling so that the stage-1 logic there stays short. Every reader returns a DataFrame
with the columns :data:`COLUMNS` (``connected_on`` a :class:`datetime.date` or None), and
raises :class:`ValueError` with a plain-words message (what the file is, what was
expected, what to do) for anything else.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .files import human_size, what_bytes_are

__all__ = [
    "COLUMNS",
    "ContactsFile",
    "load_contacts",
    "read_contacts",
    "read_linkedin",
    "read_google_contacts",
    "read_vcard",
]

#: The columns every reader returns, in this order.
COLUMNS = ("first_name", "last_name", "url", "email", "company", "position", "connected_on")

# LinkedIn caps a member at 30,000 connections; at ~150 bytes a row that is under 5 MB.
# Anything far bigger is not a contact export, and reading it would only fill memory.
MAX_BYTES = 25 * 1024 * 1024

LINKEDIN_EXPECTED = (
    "LinkedIn's Connections.csv (from Settings > Data privacy > Get a copy of your data), whose header "
    "line reads: First Name, Last Name, URL, Email Address, Company, Position, Connected On"
)
ANY_EXPECTED = "a contact export: LinkedIn's Connections.csv, a Google Contacts CSV, or a vCard file (.vcf)"

_LINKEDIN_REQUIRED = ("first name", "last name", "company", "position", "connected on")
_LINKEDIN_COLUMNS = {
    "first name": "first_name",
    "last name": "last_name",
    "url": "url",
    "email address": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected_on",
}
# Google Contacts: the 2020s header first, then the older "Given Name" one.
_GOOGLE_COLUMNS = {
    "first_name": ("first name", "given name"),
    "last_name": ("last name", "family name"),
    "company": ("organization name", "organization 1 - name"),
    "position": ("organization title", "organization 1 - title"),
    "email": ("e-mail 1 - value",),
    "url": ("website 1 - value",),
}
_GOOGLE_MARKERS = (
    "middle name",
    "given name",
    "family name",
    "e-mail 1 - value",
    "organization 1 - name",
    "organization name",
    "file as",
)
# How many rows may come before the header (LinkedIn's preamble is three).
_HEADER_SEARCH_ROWS = 20


@dataclass
class ContactsFile:
    """What a reader found: the contacts, the format, and each row it left out with why.

    ``skipped`` holds ``(line, reason)`` pairs; line numbers count from 1 as an editor shows them.
    """

    frame: Any
    format: str
    name: str = "the file"
    skipped: list[tuple[int, str]] = field(default_factory=list)
    undated: list[int] = field(default_factory=list)

    @property
    def skipped_hidden(self) -> int:
        """Rows with no name: LinkedIn writes only the date for members who hide their profile."""
        return sum(1 for _, why in self.skipped if why == HIDDEN_REASON)

    def summary(self) -> str:
        label = FORMAT_LABELS.get(self.format, self.format)
        text = f"Read {len(self.frame)} contact(s) from {self.name} ({label})."
        if self.skipped:
            reasons: dict[str, int] = {}
            for _, why in self.skipped:
                reasons[why] = reasons.get(why, 0) + 1
            text += (
                f" Left out {len(self.skipped)} row(s): "
                + "; ".join(f"{n} {why}" for why, n in sorted(reasons.items()))
                + "."
            )
        if self.undated:
            text += f" {len(self.undated)} connection date(s) could not be read and were left blank."
        return text


HIDDEN_REASON = "with no name (hidden profiles: LinkedIn exports only their connection date)"
FORMAT_LABELS = {
    "linkedin": "LinkedIn connections export",
    "google": "Google Contacts export",
    "vcard": "vCard file",
}


# --------------------------------------------------------------------- input
def _raw_input(source: Any) -> tuple[bytes | str, str]:
    """The contents of a path, bytes, a file object or a FileUpload entry, and a name for messages."""
    if isinstance(source, dict) and "content" in source:  # an ipywidgets FileUpload value entry
        return bytes(source["content"]), str(source.get("name") or "the uploaded file")
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "the uploaded file"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source).expanduser()
        if path.is_dir():
            raise ValueError(f"{path} is a folder; choose the file inside it (e.g. Connections.csv).")
        if not path.exists():
            raise FileNotFoundError(f"There is no file at {path}; check the name and the folder.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValueError(_too_big(path.name, size))
        return path.read_bytes(), path.name
    if hasattr(source, "read"):
        data = source.read(MAX_BYTES + 1)
        name = Path(str(getattr(source, "name", "") or "the file")).name
        return data, name
    raise TypeError(f"Expected a file path, bytes or an open file; got {type(source).__name__}.")


def _too_big(name: str, size: int) -> str:
    return (
        f"{name} is {human_size(size)}, far bigger than any contact export (a LinkedIn "
        f"Connections.csv is at most a few MB). Check that you chose the right file."
    )


def _decode(source: Any) -> tuple[str, str]:
    """Text and a display name from any accepted input; ValueError for non-text files."""
    data, name = _raw_input(source)
    if isinstance(data, str):
        return data.lstrip("\ufeff"), name
    if len(data) > MAX_BYTES:
        raise ValueError(_too_big(name, len(data)))
    if not data.strip():
        raise ValueError(f"{name} is empty. Expected {ANY_EXPECTED}.")
    what = what_bytes_are(data)
    if what is not None:
        hint = ""
        if "ZIP" in what or "Excel" in what:
            hint = (
                " If you opened the export in Excel, save it again with File > Save As > "
                "'CSV UTF-8 (comma delimited)', or use the original Connections.csv from the download."
            )
        raise ValueError(f"{name} is {what}. Expected {ANY_EXPECTED}.{hint}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), name
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(
            f"{name} is not UTF-8 text: byte 0x{data[exc.start]:02X} on line {line} is from another encoding "
            "(probably Windows Latin-1, which Excel uses when it saves 'CSV'). LinkedIn and Google export UTF-8: "
            "use the original file, or save it with 'CSV UTF-8'."
        ) from None


# ----------------------------------------------------------------------- CSV
def _norm(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).lower()


def _csv_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """All rows with the line each starts on; a file cut off inside quotes is reported as such."""
    for strict in (True, False):
        reader = csv.reader(io.StringIO(text, newline=""), strict=strict)
        rows: list[tuple[int, list[str]]] = []
        start = 1
        try:
            for row in reader:
                rows.append((start, row))
                start = reader.line_num + 1
        except csv.Error as exc:
            if "unexpected end of data" in str(exc) or "EOF" in str(exc):
                raise ValueError(
                    f"{name} ends in the middle of line {start} (a quoted cell is never closed): the file looks "
                    "cut off. Download or copy it again."
                ) from None
            continue  # other oddities: read again the forgiving way
        return rows
    return rows


def _first_nonempty(rows: list[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    for line, row in rows:
        if any(c.strip() for c in row):
            return line, row
    return None


def _find_header(rows, wanted: Callable[[set[str]], bool]) -> int | None:
    """Index into ``rows`` of the first row (among the first few) whose cells satisfy ``wanted``."""
    for i, (_, row) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if wanted({_norm(c) for c in row}):
            return i
    return None


def _is_linkedin(cells: set[str]) -> bool:
    return "first name" in cells and "last name" in cells and "connected on" in cells


def _is_google(cells: set[str]) -> bool:
    return bool(cells & set(_GOOGLE_MARKERS)) and (
        ("first name" in cells or "given name" in cells) and "connected on" not in cells
    )


def _describe_csv(rows, name: str, expected: str) -> str:
    """Why a CSV is not the expected export, in plain words."""
    first = _first_nonempty(rows)
    if first is None:
        return f"{name} has no rows, only blank lines. Expected {expected}."
    line, row = first
    cells = {_norm(c) for c in row}
    if "conversation id" in cells or {"from", "to", "content"} <= cells:
        return (
            f"{name} is LinkedIn's messages.csv (your message history), not your connections: choose "
            f"Connections.csv from the same download. Expected {expected}."
        )
    if {"from", "to", "sent at"} <= cells or "direction" in cells and "from" in cells:
        return (
            f"{name} is LinkedIn's Invitations.csv (invitations sent and received), not your connections: "
            f"choose Connections.csv from the same download. Expected {expected}."
        )
    if _is_google(cells):
        return (
            f"{name} is a Google Contacts export, not LinkedIn's Connections.csv. "
            "Use read_google_contacts, or the 'any contact file' option, to read it."
        )
    joined = ",".join(row)
    early = [r for _, r in rows[:_HEADER_SEARCH_ROWS]]
    for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if any(f"first name{sep}" in ",".join(r).lower().replace(f" {sep}", sep) for r in early):
            return (
                f"{name} separates its columns with {label}, not commas (a spreadsheet saved it with other "
                f"settings). Expected {expected}. Use the original file, or save it as 'CSV UTF-8 (comma "
                "delimited)'."
            )
    for r in early:
        have = {_norm(c) for c in r}
        if "first name" in have:
            missing = [c.title() for c in _LINKEDIN_REQUIRED if c not in have]
            return (
                f"{name} has a 'First Name' column but no {', '.join(missing)} column. Expected {expected}. "
                "If you edited the file, put those columns back, or use the original export."
            )
    snippet = joined.strip()[:60]
    return f"{name} does not look like a contact export: its first line (line {line}) reads {snippet!r}. Expected {expected}."


def _row_cells(line: int, row: list[str], width: int, name: str, is_last: bool, ends_cleanly: bool) -> list[str] | None:
    """The row's cells stripped and fitted to the header, or None for a blank row."""
    cells = [c.strip() for c in row]
    if not any(cells):
        return None
    if len(cells) < width:
        if is_last and not ends_cleanly:
            raise ValueError(
                f"{name} stops in the middle of line {line} ({len(cells)} of {width} columns): the file looks cut "
                "off. Download or copy it again."
            )
        raise ValueError(
            f"{name}, line {line}: {len(cells)} cells where the header has {width} columns. If you edited the "
            "file, check that line, or use the original export."
        )
    if len(cells) > width:
        if any(cells[width:]):
            raise ValueError(
                f"{name}, line {line}: {len(cells)} cells where the header has {width} columns; a comma inside a "
                'name or company must be in double quotes ("Acme, Inc.").'
            )
        cells = cells[:width]
    return cells


# Connection dates: LinkedIn has written "30 May 2024" since about 2021 and "1/8/18, 6:14 PM"
# before; a spreadsheet may have rewritten them as ISO or US dates.
_DATE_FORMATS = (
    "%d %b %Y",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%y",
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d %B %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
)


def parse_connected_on(value: str) -> _dt.date | None:
    """A LinkedIn "Connected On" cell as a date, or None when it is blank or unreadable.

    >>> parse_connected_on("30 May 2024")
    datetime.date(2024, 5, 30)
    >>> parse_connected_on("1/8/18, 6:14 PM")
    datetime.date(2018, 1, 8)
    >>> parse_connected_on("") is None
    True
    """
    text = " ".join(value.replace("\u202f", " ").replace("\xa0", " ").split())
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _frame(records: dict[str, list]):
    import pandas as pd

    df = pd.DataFrame({c: records[c] for c in COLUMNS}, columns=list(COLUMNS))
    df["connected_on"] = df["connected_on"].astype(object)
    return df


def _finish(result: ContactsFile):
    result.frame.attrs.update(
        format=result.format,
        skipped_hidden=result.skipped_hidden,
        skipped=list(result.skipped),
        undated=list(result.undated),
    )
    return result


def _load_linkedin_text(text: str, name: str) -> ContactsFile:
    rows = _csv_rows(text, name)
    h = _find_header(rows, _is_linkedin)
    if h is None:
        raise ValueError(_describe_csv(rows, name, LINKEDIN_EXPECTED))
    header = [_norm(c) for c in rows[h][1]]
    while header and not header[-1]:  # trailing commas on the header line
        header.pop()
    missing = [c.title() for c in _LINKEDIN_REQUIRED if c not in header]
    if missing:
        raise ValueError(f"{name}'s header lacks {', '.join(missing)}. Expected {LINKEDIN_EXPECTED}.")
    index = {_LINKEDIN_COLUMNS[c]: i for i, c in enumerate(header) if c in _LINKEDIN_COLUMNS}
    records: dict[str, list] = {c: [] for c in COLUMNS}
    skipped: list[tuple[int, str]] = []
    undated: list[int] = []
    dates: dict[str, _dt.date | None] = {}
    body = rows[h + 1 :]
    ends_cleanly = text.endswith(("\n", "\r"))
    width = len(header)
    text_columns = [c for c in COLUMNS if c != "connected_on"]
    for k, (line, row) in enumerate(body):
        cells = _row_cells(line, row, width, name, k == len(body) - 1, ends_cleanly)
        if cells is None:
            continue
        if not (cells[index["first_name"]] or cells[index["last_name"]]):
            skipped.append((line, HIDDEN_REASON))
            continue
        for col in text_columns:
            records[col].append(cells[index[col]] if col in index else "")
        raw_date = cells[index["connected_on"]]
        if raw_date not in dates:
            dates[raw_date] = parse_connected_on(raw_date)
        when = dates[raw_date]
        if when is None and raw_date:
            undated.append(line)
        records["connected_on"].append(when)
    return _finish(ContactsFile(_frame(records), "linkedin", name, skipped, undated))


def _load_google_text(text: str, name: str) -> ContactsFile:
    rows = _csv_rows(text, name)
    h = _find_header(rows, _is_google)
    if h is None:
        raise ValueError(_describe_csv(rows, name, "a Google Contacts CSV (Google Contacts > Export > Google CSV)"))
    header = [_norm(c) for c in rows[h][1]]
    index: dict[str, int] = {}
    for col, names in _GOOGLE_COLUMNS.items():
        for n in names:
            if n in header:
                index[col] = header.index(n)
                break
    full_name = header.index("name") if "name" in header else None
    records: dict[str, list] = {c: [] for c in COLUMNS}
    skipped: list[tuple[int, str]] = []
    body = rows[h + 1 :]
    ends_cleanly = text.endswith(("\n", "\r"))
    for k, (line, row) in enumerate(body):
        cells = _row_cells(line, row, len(header), name, k == len(body) - 1, ends_cleanly)
        if cells is None:
            continue
        got = {col: cells[i] for col, i in index.items()}
        if not (got.get("first_name") or got.get("last_name")) and full_name is not None and cells[full_name]:
            first, _, last = cells[full_name].partition(" ")
            got["first_name"], got["last_name"] = first, last.strip()
        if not (got.get("first_name") or got.get("last_name")):
            skipped.append((line, "with no name"))
            continue
        for col in COLUMNS:
            records[col].append(None if col == "connected_on" else got.get(col, ""))
    return _finish(ContactsFile(_frame(records), "google", name, skipped))


# --------------------------------------------------------------------- vCard
_VCARD_ESCAPES = re.compile(r"\\([\\,;nN])")


def _vcard_unescape(value: str) -> str:
    return _VCARD_ESCAPES.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _vcard_split(value: str, sep: str = ";") -> list[str]:
    """Split a structured value on unescaped separators, then unescape each part."""
    parts, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append(_vcard_unescape("".join(current)))
            current = []
        else:
            current.append(ch)
    parts.append(_vcard_unescape("".join(current)))
    return parts


def _load_vcard_text(text: str, name: str) -> ContactsFile:
    # RFC 6350 3.2: a line break followed by one space or tab continues the previous line.
    unfolded = re.sub(r"\r?\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = unfolded.split("\n")
    records: dict[str, list] = {c: [] for c in COLUMNS}
    skipped: list[tuple[int, str]] = []
    card: dict[str, str] | None = None
    card_start = 0
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        prop, sep, value = line.partition(":")
        if not sep:
            continue
        head = prop.split(";")
        key = head[0].split(".")[-1].upper()  # drop a group prefix like "item1."
        params = {p.split("=", 1)[0].upper(): p.split("=", 1)[-1].upper() for p in head[1:]}
        if params.get("ENCODING") in ("QUOTED-PRINTABLE", "QP"):  # vCard 2.1 exports
            charset = params.get("CHARSET", "UTF-8")
            value = quopri.decodestring(value.encode("ascii", "replace")).decode(charset, "replace")
        if key == "BEGIN" and value.strip().upper() == "VCARD":
            card, card_start, seen_any = {}, number, True
            continue
        if card is None:
            continue
        if key == "END" and value.strip().upper() == "VCARD":
            family, given = "", ""
            if "N" in card:
                parts = _vcard_split(card["N"]) + ["", ""]
                family, given = parts[0].strip(), parts[1].strip()
            if not (family or given) and card.get("FN"):
                given, _, family = _vcard_unescape(card["FN"]).strip().partition(" ")
            if not (family or given):
                skipped.append((card_start, "with no name"))
            else:
                records["first_name"].append(given)
                records["last_name"].append(family.strip())
                records["company"].append(_vcard_split(card.get("ORG", ""))[0].strip())
                records["position"].append(_vcard_unescape(card.get("TITLE", "")).strip())
                records["email"].append(_vcard_unescape(card.get("EMAIL", "")).strip())
                records["url"].append(_vcard_unescape(card.get("URL", "")).strip())
                records["connected_on"].append(None)
            card = None
            continue
        card.setdefault(key, value)  # the first EMAIL, URL... is the preferred one often enough
    if not seen_any:
        raise ValueError(f"{name} has no 'BEGIN:VCARD' line, so it is not a vCard file. Expected {ANY_EXPECTED}.")
    if card is not None:
        raise ValueError(
            f"{name}: the contact that starts on line {card_start} has no 'END:VCARD': the file looks cut off. "
            "Export it again."
        )
    return _finish(ContactsFile(_frame(records), "vcard", name, skipped))


# -------------------------------------------------------------------- public
def _looks_like_vcard(text: str) -> bool:
    return text.lstrip()[:11].upper() == "BEGIN:VCARD"


def load_contacts(source: Any, format: str | None = None) -> ContactsFile:
    """Read a contact file and report what was read and what was left out.

    Parameters
    ----------
    source:
        A path, the file's bytes (a notebook upload), an open file, or a FileUpload entry.
    format:
        ``"linkedin"``, ``"google"`` or ``"vcard"``; None sniffs it from the contents.

    Returns
    -------
    ContactsFile
        ``.frame`` (the DataFrame), ``.format``, ``.skipped`` [(line, reason)], ``.skipped_hidden``.

    >>> got = load_contacts(b"First Name,Last Name,Company,Position,Connected On\\nAda,Byron,Analytical Ltd,Analyst,30 May 2024\\n,,,,01 Jun 2024\\n")
    >>> got.format, len(got.frame), got.skipped_hidden
    ('linkedin', 1, 1)
    """
    try:
        return _load(source, format)
    except ValueError as exc:  # messages may start with "the uploaded file": a sentence needs a capital
        message = str(exc)
        if message.startswith(("the uploaded file", "the file")):
            message = message[:1].upper() + message[1:]
        raise type(exc)(message) from None


def _load(source: Any, format: str | None) -> ContactsFile:
    text, name = _decode(source)
    if format is None:
        if _looks_like_vcard(text):
            format = "vcard"
        else:
            rows = _csv_rows(text, name)
            if _find_header(rows, _is_linkedin) is not None:
                format = "linkedin"
            elif _find_header(rows, _is_google) is not None:
                format = "google"
            else:
                raise ValueError(_describe_csv(rows, name, ANY_EXPECTED))
    loaders = {"linkedin": _load_linkedin_text, "google": _load_google_text, "vcard": _load_vcard_text}
    if format not in loaders:
        raise ValueError(f"Unknown contact format {format!r}; use one of: {', '.join(loaders)}.")
    if format != "vcard" and _looks_like_vcard(text):
        raise ValueError(f"{name} is a vCard file (.vcf), not a CSV. Use read_vcard, or read_contacts, to read it.")
    return loaders[format](text, name)


def read_linkedin(path_or_file: Any):
    """Read a LinkedIn ``Connections.csv`` export into a DataFrame.

    Every variant LinkedIn has written is read: with or without the "Notes:" preamble,
    with or without the URL column, ``30 May 2024`` and ``1/8/18, 6:14 PM`` dates, a
    UTF-8 byte-order mark, quoted commas, doubled quotes, trailing spaces, CRLF lines.
    Rows with only a date (members who hide their profile) are left out and counted.

    Parameters
    ----------
    path_or_file:
        A path, the file's bytes (a notebook upload gives bytes) or an open file.

    Returns
    -------
    pandas.DataFrame
        Columns ``first_name, last_name, url, email, company, position, connected_on``
        (a :class:`datetime.date`, or None). ``df.attrs`` holds ``skipped_hidden`` (a
        count), ``skipped`` ([(line, reason)]) and ``undated`` (lines whose date was unreadable).

    Raises
    ------
    ValueError
        When the file is not a connections export; the message says what it is instead.

    Examples
    --------
    >>> text = 'Notes:\\n"Some e-mail addresses are missing."\\n\\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\\nAda,Byron,https://www.linkedin.com/in/ada,,"Analytical, Ltd",Analyst ,30 May 2024\\n'
    >>> df = read_linkedin(text.encode())
    >>> df.loc[0, "company"], df.loc[0, "position"], df.loc[0, "connected_on"]
    ('Analytical, Ltd', 'Analyst', datetime.date(2024, 5, 30))
    """
    return load_contacts(path_or_file, "linkedin").frame


def read_google_contacts(path_or_file: Any):
    """Read a Google Contacts CSV export (new or older header) into the same columns.

    ``connected_on`` is None (Google has no such date). Rows with no name are left out and
    listed in ``df.attrs["skipped"]``.

    >>> df = read_google_contacts(b"First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Value\\nAda,,Byron,Analytical Ltd,Analyst,ada@example.com\\n")
    >>> df.loc[0, ["first_name", "company", "email"]].tolist()
    ['Ada', 'Analytical Ltd', 'ada@example.com']
    """
    return load_contacts(path_or_file, "google").frame


def read_vcard(path_or_file: Any):
    """Read a vCard file (RFC 6350 basics: N/FN, ORG, TITLE, EMAIL, URL; folded lines).

    >>> df = read_vcard(b"BEGIN:VCARD\\r\\nVERSION:4.0\\r\\nFN:Ada Byron\\r\\nN:Byron;Ada;;;\\r\\nORG:Analytical\\\\, Ltd;R&D\\r\\nEND:VCARD\\r\\n")
    >>> df.loc[0, ["first_name", "last_name", "company"]].tolist()
    ['Ada', 'Byron', 'Analytical, Ltd']
    """
    return load_contacts(path_or_file, "vcard").frame


def read_contacts(path_or_bytes: Any):
    """Read any supported contact file (LinkedIn, Google Contacts CSV, vCard), sniffing which.

    ``df.attrs["format"]`` says which it was. Anything else raises ValueError naming what it found.
    """
    return load_contacts(path_or_bytes).frame
