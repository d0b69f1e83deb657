"""Nothing committed looks like a real person's contact details, and learner data stays out of git.

Learners' contacts are personal data about third parties. Every committed file under
``data/``, ``notebooks/`` and ``docs/`` is scanned for

- e-mail addresses outside the reserved example domains (RFC 2606 / RFC 6761:
  ``example.com``, ``example.org``, ``example.net``, ``*.example``, ``*.test``, ``*.invalid``);
- phone numbers: NANP numbers written with separators (``(415) 555-2671``, ``415.555.2671``,
  ``+1 415 555 2671``) and international numbers starting with ``+`` (8 to 15 digits), except
  the fictional NANP range 555-0100 to 555-0199;
- LinkedIn profile URLs (``linkedin.com/in/<slug>``) whose slug does not end in ``-example``
  (the sample generator's rule for fictional people).

A failure names the file and line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("data", "notebooks", "docs")

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![\w-])")
ALLOWED_EMAIL_DOMAIN = re.compile(r"(^|\.)(example\.(com|org|net)|example|test|invalid|localhost)$", re.I)

_SEP = r"[ .\-\u00a0]"
NANP = re.compile(
    rf"(?<![\w.+\-/])(?:\+?1{_SEP})?(?:\(\d{{3}}\)\s?|\d{{3}}{_SEP})(\d{{3}}){_SEP}(\d{{4}})(?![\w\-/]|\.\d)"
)
INTERNATIONAL = re.compile(rf"(?<![\w+])\+\d{{1,3}}(?:{_SEP}?\(?\d{{1,5}}\)?)(?:{_SEP}\d{{2,5}}){{1,5}}(?![\w\-])")

LINKEDIN = re.compile(r"linkedin\.com/in/([A-Za-z0-9_%\-]+)", re.I)
FAKE_SLUG = re.compile(r"-example$", re.I)

# Lines that are machine data, not prose: inline images in notebooks.
_IMAGE_LINE = re.compile(r'^\s*"image/[a-z+.-]+":\s*"')


def _fictional_nanp(exchange: str, line: str) -> bool:
    return exchange == "555" and 100 <= int(line) <= 199


def findings(text: str) -> list[tuple[int, str, str]]:
    """(line number, kind, match) for every suspicious item in ``text``.

    >>> findings("write to ada@example.com or call (415) 555-0142")
    []
    >>> [f[1] for f in findings("bo@gmail.com, +44 20 7946 0958, 415-867-5309, linkedin.com/in/bo-chen")]
    ['e-mail address', 'phone number', 'phone number', 'LinkedIn profile URL']
    >>> findings("2026-03-16, id 1234-5678-9012, version 3.11.2, 555-0123")
    []
    """
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _IMAGE_LINE.match(line):
            continue
        for m in EMAIL.finditer(line):
            if not ALLOWED_EMAIL_DOMAIN.search(m.group(1)):
                out.append((number, "e-mail address", m.group(0)))
        for m in NANP.finditer(line):
            if not _fictional_nanp(m.group(1), m.group(2)):
                out.append((number, "phone number", m.group(0)))
        for m in INTERNATIONAL.finditer(line):
            if sum(c.isdigit() for c in m.group(0)) >= 8 and not NANP.search(m.group(0)):
                out.append((number, "phone number", m.group(0)))
        for m in LINKEDIN.finditer(line):
            if not FAKE_SLUG.search(m.group(1)):
                out.append((number, "LinkedIn profile URL", m.group(0)))
    return out


def tracked_files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing is committed to scan")
    listed = subprocess.run(["git", "ls-files", "-z", "--", *SCANNED], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / p for p in listed.stdout.decode().split("\0") if p]


def test_the_patterns_catch_real_looking_details_and_pass_fictional_ones():
    assert findings("Reach me at jane.doe@university.edu") == [(1, "e-mail address", "jane.doe@university.edu")]
    assert findings("ada.byron@example.com, bo@mail.example.org, cy@sample.example, dee@x.test") == []
    for phone in (
        "(415) 867-5309",
        "415-867-5309",
        "415.867.5309",
        "+1 415 867 5309",
        "+44 20 7946 0958",
        "+33 1 42 68 53 00",
        "+49 (30) 1234 5678",
    ):
        assert [f[1] for f in findings(f"call {phone} today")] == ["phone number"], phone
    for not_phone in (
        "2026-03-16",
        "2026-03-16 14:03:22 UTC",
        "id 3f2a-1234-5678",
        "10.0.0.1",
        "1/29/26, 2:37 PM",
        "(415) 555-0100",
        "555-0199",
        "ratio 1.30x",
        "+0.3 s",
        "+70 MiB",
        "0x7f3a2b1c",
        "12345678",
        "ISBN 978-0-307-26367-3",
    ):
        assert findings(not_phone) == [], not_phone
    assert findings("https://www.linkedin.com/in/ada-byron-example") == []
    assert findings("https://www.linkedin.com/in/ada-byron-4a1b2c3/")[0][1] == "LinkedIn profile URL"


def test_no_committed_file_holds_real_looking_contact_details():
    files = tracked_files()
    names = {str(p.relative_to(ROOT)) for p in files}
    # The scan must see the files that matter (an empty listing would pass silently).
    assert "data/sample/Connections.csv" in names and any(n.startswith("notebooks/") for n in names), sorted(names)[:5]
    problems = []
    for path in files:
        if not path.is_file():
            continue  # deleted in the working tree, not yet committed
        raw = path.read_bytes()
        if b"\0" in raw[:4096]:
            continue  # binary (an image, a SQLite file): nothing a person typed
        text = raw.decode("utf-8", errors="replace")
        for number, kind, match in findings(text):
            problems.append(f"{path.relative_to(ROOT)}:{number}: {kind} {match!r}")
    assert not problems, "Committed files must only hold fictional contact details:\n" + "\n".join(problems)


def _ignored(relative: str) -> bool:
    result = subprocess.run(["git", "check-ignore", "-q", "--no-index", relative], cwd=ROOT)
    return result.returncode == 0


@pytest.mark.parametrize(
    "relative",
    [
        "infoview-data/tracker.sqlite",
        "infoview-data/briefs/ada-byron.html",
        "infoview-data/backups/before-restore-20260316-101500-000000.sqlite",
        "infoview-data/followups.ics",
        "notebooks/infoview-data/tracker.sqlite",
        "my-tracker.sqlite",
        "my-tracker.sqlite-wal",
        "my-tracker.sqlite-shm",
        "infoview-backup-2026-03-16.sqlite",
        "backups/before-restore-20260316-101500-000000.sqlite",
    ],
)
def test_gitignore_keeps_learner_data_and_backups_out(relative):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    assert _ignored(relative), f".gitignore must cover {relative} (a learner's data or a backup of it)"
