"""Reading contact exports (LinkedIn, Google Contacts, vCard) and the import-contacts command."""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile

import pytest

from infoview.cli import main as cli_main
from infoview.contacts import (
    COLUMNS,
    load_contacts,
    parse_connected_on,
    read_contacts,
    read_google_contacts,
    read_linkedin,
    read_vcard,
)
from infoview.tracker import Tracker

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    'their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
HEADER_2024 = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROWS_2024 = (
    "Ada,Byron,https://www.linkedin.com/in/ada-byron-example,,\"Analytical, Ltd\",Data Analyst,30 May 2024\n"
    ",,,,,,01 Jun 2024\n"
    "Grace,Hopper ,https://www.linkedin.com/in/grace-example,grace@example.com,Navy Labs ,\"Lead \"\"Compiler\"\" Engineer\",02 Jan 2023\n"
)
CONNECTIONS_2024 = PREAMBLE + HEADER_2024 + ROWS_2024
CONNECTIONS_2018 = (
    "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    "Ada,Byron,,Analytical Ltd,Analyst,\"1/8/18, 6:14 PM\"\n"
    "Alan,Turing,alan@example.com,\"Bletchley, Park\",Cryptanalyst,\"12/24/17, 11:02 AM\"\n"
)


# --------------------------------------------------------------- LinkedIn
def test_2024_export_with_preamble_url_bom_and_crlf():
    data = ("\ufeff" + CONNECTIONS_2024).replace("\n", "\r\n").encode("utf-8")
    df = read_linkedin(data)
    assert list(df.columns) == list(COLUMNS)
    assert df["first_name"].tolist() == ["Ada", "Grace"]
    assert df["last_name"].tolist() == ["Byron", "Hopper"]  # trailing space stripped
    assert df.loc[0, "company"] == "Analytical, Ltd"  # quoted comma
    assert df.loc[1, "position"] == 'Lead "Compiler" Engineer'  # doubled quotes
    assert df.loc[1, "company"] == "Navy Labs"
    assert df.loc[1, "email"] == "grace@example.com"
    assert df.loc[0, "email"] == ""
    assert df.loc[0, "url"] == "https://www.linkedin.com/in/ada-byron-example"
    assert df["connected_on"].tolist() == [dt.date(2024, 5, 30), dt.date(2023, 1, 2)]
    assert df.attrs["skipped_hidden"] == 1
    assert df.attrs["skipped"][0][0] == 6  # the line as an editor numbers it
    assert df.attrs["format"] == "linkedin"


def test_2018_export_without_preamble_or_url():
    df = read_linkedin(CONNECTIONS_2018.encode())
    assert df["url"].tolist() == ["", ""]
    assert df["connected_on"].tolist() == [dt.date(2018, 1, 8), dt.date(2017, 12, 24)]
    assert df.loc[1, "company"] == "Bletchley, Park"
    assert df.attrs["skipped_hidden"] == 0


def test_header_without_preamble_but_with_url():
    df = read_linkedin((HEADER_2024 + ROWS_2024).encode())
    assert len(df) == 2 and df.attrs["skipped_hidden"] == 1


def test_path_text_file_object_and_binary_file_object(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS_2024, encoding="utf-8")
    for source in (path, str(path), io.BytesIO(CONNECTIONS_2024.encode()), io.StringIO(CONNECTIONS_2024),
                   {"name": "Connections.csv", "content": memoryview(CONNECTIONS_2024.encode())}):
        df = read_linkedin(source)
        assert df["first_name"].tolist() == ["Ada", "Grace"], source


def test_empty_and_whitespace_rows_are_ignored_and_unicode_names_kept():
    text = HEADER_2024 + "\n  \nZoë,Ñúñez,,,Café Öl,Barista,15 Feb 2025\n\n"
    df = read_linkedin(text.encode())
    assert df.loc[0, "first_name"] == "Zoë" and df.loc[0, "company"] == "Café Öl"
    assert df.attrs["skipped_hidden"] == 0


def test_unreadable_date_is_kept_blank_and_listed():
    text = HEADER_2024 + "Ada,Byron,,,Acme,Analyst,sometime\nBo,Li,,,Acme,Analyst,\n"
    df = read_linkedin(text.encode())
    assert df["connected_on"].tolist() == [None, None]
    assert df.attrs["undated"] == [2]  # the blank one is not "unreadable"


def test_narrow_space_before_pm_and_spreadsheet_rewritten_dates():
    assert parse_connected_on("1/29/26, 2:37\u202fPM") == dt.date(2026, 1, 29)
    assert parse_connected_on("2024-05-30") == dt.date(2024, 5, 30)
    assert parse_connected_on("5/30/2024") == dt.date(2024, 5, 30)
    assert parse_connected_on("31 Feb 2024") is None


def test_trailing_empty_cells_are_tolerated():
    text = "First Name,Last Name,Company,Position,Connected On,\nAda,Byron,Acme,Analyst,30 May 2024,\n"
    assert read_linkedin(text.encode())["company"].tolist() == ["Acme"]


def test_summary_counts_hidden_profiles():
    got = load_contacts(CONNECTIONS_2024.encode())
    assert got.skipped_hidden == 1
    assert got.summary().startswith("Read 2 contact(s) from the uploaded file (LinkedIn connections export). Left out 1 row(s): 1 with no name (hidden profiles")


# ------------------------------------------------------------ bad inputs
MESSAGES_CSV = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
    "2-abc,,Ada Byron,https://www.linkedin.com/in/ada,Me,https://www.linkedin.com/in/me,2025-06-01 14:03:22 UTC,,Hi,INBOX\n"
)
INVITATIONS_CSV = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    "Ada Byron,Me,\"1/29/26, 2:37 PM\",,INCOMING,https://www.linkedin.com/in/ada,https://www.linkedin.com/in/me\n"
)


def _xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


BAD_INPUTS = {
    "messages": (MESSAGES_CSV.encode(), ["messages.csv", "not your connections", "Connections.csv"]),
    "invitations": (INVITATIONS_CSV.encode(), ["Invitations.csv", "not your connections", "Connections.csv"]),
    "xlsx": (_xlsx_bytes(), ["ZIP file", "Excel workbook", "CSV UTF-8", "Connections.csv"]),
    "empty": (b"", ["is empty", "Connections.csv"]),
    "blank lines": (b"\r\n\n  \n", ["is empty"]),
    "binary": (bytes(range(256)) * 4, ["binary file", "Connections.csv"]),
    "pdf": (b"%PDF-1.7\n...", ["PDF document"]),
    "latin-1": ((HEADER_2024 + "Zoë,Núñez,,,Café,Barista,15 Feb 2025\n").encode("latin-1"),
                ["not UTF-8 text", "byte 0xEB on line 2", "CSV UTF-8"]),
    "semicolons": (HEADER_2024.replace(",", ";").encode() + b"Ada;Byron;;;Acme;Analyst;30 May 2024\n",
                   ["separates its columns with semicolons, not commas", "CSV UTF-8 (comma delimited)"]),
    "tabs": (HEADER_2024.replace(",", "\t").encode() + b"Ada\tByron\t\t\tAcme\tAnalyst\t30 May 2024\n",
             ["separates its columns with tabs"]),
    "truncated mid-row": ((HEADER_2024 + "Ada,Byron,https://www.linkedin.com/in/ada,,Acme").encode(),
                          ["stops in the middle of line 2", "cut off"]),
    "truncated in quotes": ((HEADER_2024 + 'Ada,Byron,,,"Acme, In').encode(),
                            ["ends in the middle of line 2", "cut off"]),
    "missing columns": (b"First Name,Last Name,Email\nAda,Byron,ada@example.com\n",
                        ["has a 'First Name' column but no Company, Position, Connected On column"]),
    "some other csv": (b"date,amount\n2024-01-01,3\n", ["does not look like a contact export", "'date,amount'"]),
    "unquoted comma": ((HEADER_2024 + "Ada,Byron,,,Acme, Inc.,Analyst,30 May 2024\n").encode(),
                       ["line 2: 8 cells where the header has 7 columns", "double quotes"]),
    "vcard given to read_linkedin": (b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n", ["The uploaded file is a vCard file (.vcf), not a CSV"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_says_what_it_found_and_what_was_expected(case):
    data, fragments = BAD_INPUTS[case]
    with pytest.raises(ValueError) as info:
        read_linkedin(data)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, (case, message)
    assert "Traceback" not in message


def test_google_export_given_to_read_linkedin_points_to_the_google_reader():
    with pytest.raises(ValueError, match="Google Contacts export, not LinkedIn's Connections.csv"):
        read_linkedin(GOOGLE_CSV.encode())


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="There is no file at"):
        read_linkedin(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="is a folder"):
        read_linkedin(tmp_path)


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    import infoview._contact_files as cf

    monkeypatch.setattr(cf, "MAX_BYTES", 100)
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS_2024)
    with pytest.raises(ValueError, match=r"far bigger than any contact export"):
        read_linkedin(path)


# ------------------------------------------------------- Google and vCard
GOOGLE_CSV = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Nickname,File As,Labels,E-mail 1 - Label,"
    "E-mail 1 - Value,Organization Name,Organization Title,Website 1 - Label,Website 1 - Value\n"
    "Ada,Augusta,Byron,,,,* myContacts,* Work,ada@example.com,\"Analytical, Ltd\",Analyst,Profile,https://example.com/ada\n"
    ",,,,,,* myContacts,* Home,someone@example.com,,,,\n"
)
GOOGLE_OLD_CSV = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\n"
    "Alan Turing,Alan,,Turing,,* My Contacts,* Work,alan@example.com,,Bletchley Park,Cryptanalyst\n"
    "Grace Hopper,,,,,* My Contacts,,,,Navy Labs,Admiral\n"
)


def test_google_contacts_new_header():
    df = read_google_contacts(GOOGLE_CSV.encode())
    assert df.to_dict("records") == [{
        "first_name": "Ada", "last_name": "Byron", "url": "https://example.com/ada", "email": "ada@example.com",
        "company": "Analytical, Ltd", "position": "Analyst", "connected_on": None,
    }]
    assert df.attrs["skipped"] == [(3, "with no name")]


def test_google_contacts_old_header_and_full_name_fallback():
    df = read_google_contacts(GOOGLE_OLD_CSV.encode())
    assert df[["first_name", "last_name", "company", "position"]].values.tolist() == [
        ["Alan", "Turing", "Bletchley Park", "Cryptanalyst"],
        ["Grace", "Hopper", "Navy Labs", "Admiral"],
    ]


def test_linkedin_file_given_to_google_reader_is_explained():
    with pytest.raises(ValueError, match="Google Contacts CSV"):
        read_google_contacts(MESSAGES_CSV.encode())


VCARD = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Byron\r\nN:Byron;Ada;;;\r\n"
    "ORG:Analytical\\, Ltd;Research\r\nTITLE:Data Analyst\r\n"
    "item1.EMAIL;TYPE=work:ada@example.com\r\nEMAIL:other@example.com\r\n"
    "URL:https://example.com/ada-byron-with-a-very-long-path-that-gets-\r\n folded\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nORG:Bletchley Park\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:N=C3=BA=C3=B1ez;Zo=C3=AB\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:nobody@example.com\r\nEND:VCARD\r\n"
)


def test_vcard_basics_folding_escapes_groups_and_fn_fallback():
    df = read_vcard(VCARD.encode())
    assert df[["first_name", "last_name", "company", "position", "email"]].values.tolist() == [
        ["Ada", "Byron", "Analytical, Ltd", "Data Analyst", "ada@example.com"],
        ["Alan", "Turing", "Bletchley Park", "", ""],
        ["Zoë", "Núñez", "", "", ""],
    ]
    assert df.loc[0, "url"] == "https://example.com/ada-byron-with-a-very-long-path-that-gets-folded"
    assert df.attrs["skipped"] == [(20, "with no name")]


def test_vcard_cut_off_and_not_a_vcard():
    with pytest.raises(ValueError, match=r"line 1 has no 'END:VCARD'.*cut off"):
        read_vcard(b"BEGIN:VCARD\nFN:Ada Byron\n")
    with pytest.raises(ValueError, match="no 'BEGIN:VCARD' line"):
        read_vcard(HEADER_2024.encode())


@pytest.mark.parametrize("data, fmt, n", [
    (CONNECTIONS_2024, "linkedin", 2),
    (CONNECTIONS_2018, "linkedin", 2),
    (GOOGLE_CSV, "google", 1),
    (GOOGLE_OLD_CSV, "google", 2),
    (VCARD, "vcard", 3),
])
def test_read_contacts_sniffs_the_format(data, fmt, n):
    df = read_contacts(data.encode())
    assert df.attrs["format"] == fmt and len(df) == n


def test_read_contacts_unknown_format_message():
    with pytest.raises(ValueError) as info:
        read_contacts(b"date,amount\n2024-01-01,3\n")
    assert "LinkedIn's Connections.csv, a Google Contacts CSV, or a vCard file" in str(info.value)
    with pytest.raises(ValueError, match="messages.csv"):
        read_contacts(MESSAGES_CSV.encode())


# ------------------------------------------------------------------ CLI
def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_cli_imports_then_skips_duplicates(tmp_path, capsys):
    db = tmp_path / "t.sqlite"
    path = _write(tmp_path, "Connections.csv", CONNECTIONS_2024.encode())
    assert cli_main(["import-contacts", str(path), "--db", str(db), "--channel", "warm"]) == 0
    out = capsys.readouterr().out
    assert "Read 2 contact(s) from Connections.csv" in out
    assert "1 with no name (hidden profiles" in out
    assert "Added 2 contact(s), skipped 0." in out
    with Tracker(db) as t:
        rows = t.contact_list()
        assert [(r["first_name"], r["channel"], r["source"], r["connected_on"]) for r in rows] == [
            ("Ada", "warm", "linkedin", "2024-05-30"), ("Grace", "warm", "linkedin", "2023-01-02")]
    assert cli_main(["import-contacts", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Added 0 contact(s), skipped 2. Skipped: 2 duplicate (same profile URL)." in out


def test_cli_duplicates_without_url_use_name_and_company(tmp_path, capsys):
    db = tmp_path / "t.sqlite"
    path = _write(tmp_path, "old.csv", CONNECTIONS_2018.encode())
    assert cli_main(["import-contacts", str(path), "--db", str(db)]) == 0
    assert cli_main(["import-contacts", str(path), "--db", str(db)]) == 0
    assert "skipped 2. Skipped: 2 duplicate (same name and company)." in capsys.readouterr().out


@pytest.mark.parametrize("case", ["messages", "xlsx", "empty", "latin-1", "truncated mid-row", "semicolons"])
def test_cli_bad_input_exits_2_and_leaves_tracker_unchanged(tmp_path, capsys, case):
    db = tmp_path / "t.sqlite"
    with Tracker(db) as t:
        t.add_contact(first_name="Existing", last_name="Person", company="Acme")
    before = db.read_bytes()
    data, fragments = BAD_INPUTS[case]
    path = _write(tmp_path, "Connections.csv", data)
    assert cli_main(["import-contacts", str(path), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("infoview import-contacts: ")
    for fragment in fragments:
        assert fragment.replace("the uploaded file", "Connections.csv") in err
    with Tracker(db) as t:
        assert [r["first_name"] for r in t.contact_list()] == ["Existing"]
        assert t.count() == {"contacts": 1, "interactions": 0, "notes": 0}


def test_cli_bad_input_creates_no_tracker(tmp_path):
    db = tmp_path / "t.sqlite"
    path = _write(tmp_path, "x.csv", b"")
    assert cli_main(["import-contacts", str(path), "--db", str(db)]) == 2
    assert not db.exists()


@pytest.mark.slow
def test_cli_in_a_subprocess(tmp_path):
    db = tmp_path / "t.sqlite"
    path = _write(tmp_path, "contacts.vcf", VCARD.encode())
    run = subprocess.run([sys.executable, "-m", "infoview", "import-contacts", str(path), "--db", str(db)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Read 3 contact(s) from contacts.vcf (vCard file)" in run.stdout
    bad = _write(tmp_path, "messages.csv", MESSAGES_CSV.encode())
    run = subprocess.run([sys.executable, "-m", "infoview", "import-contacts", str(bad), "--db", str(db)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "messages.csv (your message history)" in run.stderr
    assert "Traceback" not in run.stderr
