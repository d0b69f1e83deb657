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
    'Ada,Byron,https://www.linkedin.com/in/ada-byron-example,,"Analytical, Ltd",Data Analyst,30 May 2024\n'
    ",,,,,,01 Jun 2024\n"
    'Grace,Hopper ,https://www.linkedin.com/in/grace-example,grace@example.com,Navy Labs ,"Lead ""Compiler"" Engineer",02 Jan 2023\n'
)
CONNECTIONS_2024 = PREAMBLE + HEADER_2024 + ROWS_2024
CONNECTIONS_2018 = (
    "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    'Ada,Byron,,Analytical Ltd,Analyst,"1/8/18, 6:14 PM"\n'
    'Alan,Turing,alan@example.com,"Bletchley, Park",Cryptanalyst,"12/24/17, 11:02 AM"\n'
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
    for source in (
        path,
        str(path),
        io.BytesIO(CONNECTIONS_2024.encode()),
        io.StringIO(CONNECTIONS_2024),
        {"name": "Connections.csv", "content": memoryview(CONNECTIONS_2024.encode())},
    ):
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
    assert got.summary().startswith(
        "Read 2 contact(s) from the uploaded file (LinkedIn connections export). Left out 1 row(s): 1 with no name (hidden profiles"
    )


# ------------------------------------------------------------ bad inputs
MESSAGES_CSV = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
    "2-abc,,Ada Byron,https://www.linkedin.com/in/ada,Me,https://www.linkedin.com/in/me,2025-06-01 14:03:22 UTC,,Hi,INBOX\n"
)
INVITATIONS_CSV = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    'Ada Byron,Me,"1/29/26, 2:37 PM",,INCOMING,https://www.linkedin.com/in/ada,https://www.linkedin.com/in/me\n'
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
    "latin-1": (
        (HEADER_2024 + "Zoë,Núñez,,,Café,Barista,15 Feb 2025\n").encode("latin-1"),
        ["not UTF-8 text", "byte 0xEB on line 2", "CSV UTF-8"],
    ),
    "semicolons": (
        HEADER_2024.replace(",", ";").encode() + b"Ada;Byron;;;Acme;Analyst;30 May 2024\n",
        ["separates its columns with semicolons, not commas", "CSV UTF-8 (comma delimited)"],
    ),
    "tabs": (
        HEADER_2024.replace(",", "\t").encode() + b"Ada\tByron\t\t\tAcme\tAnalyst\t30 May 2024\n",
        ["separates its columns with tabs"],
    ),
    "truncated mid-row": (
        (HEADER_2024 + "Ada,Byron,https://www.linkedin.com/in/ada,,Acme").encode(),
        ["stops in the middle of line 2", "cut off"],
    ),
    "truncated in quotes": (
        (HEADER_2024 + 'Ada,Byron,,,"Acme, In').encode(),
        ["ends in the middle of line 2", "cut off"],
    ),
    "missing columns": (
        b"First Name,Last Name,Email\nAda,Byron,ada@example.com\n",
        ["has a 'First Name' column but no Company, Position, Connected On column"],
    ),
    "some other csv": (b"date,amount\n2024-01-01,3\n", ["does not look like a contact export", "'date,amount'"]),
    "unquoted comma": (
        (HEADER_2024 + "Ada,Byron,,,Acme, Inc.,Analyst,30 May 2024\n").encode(),
        ["line 2: 8 cells where the header has 7 columns", "double quotes"],
    ),
    "vcard given to read_linkedin": (
        b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n",
        ["The uploaded file is a vCard file (.vcf), not a CSV"],
    ),
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


def test_file_names_keep_their_case_in_messages(tmp_path):
    path = tmp_path / "messages.csv"
    path.write_text(MESSAGES_CSV)
    with pytest.raises(ValueError, match=r"^messages.csv is LinkedIn's messages.csv"):
        read_linkedin(path)
    with pytest.raises(ValueError, match=r"^The uploaded file is LinkedIn's messages.csv"):
        read_linkedin(MESSAGES_CSV.encode())


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="There is no file at"):
        read_linkedin(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="is a folder"):
        read_linkedin(tmp_path)


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    import infoview.contact_files as cf

    monkeypatch.setattr(cf, "MAX_BYTES", 100)
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS_2024)
    with pytest.raises(ValueError, match=r"far bigger than any contact export"):
        read_linkedin(path)


# ------------------------------------------------------- Google and vCard
GOOGLE_CSV = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Nickname,File As,Labels,E-mail 1 - Label,"
    "E-mail 1 - Value,Organization Name,Organization Title,Website 1 - Label,Website 1 - Value\n"
    'Ada,Augusta,Byron,,,,* myContacts,* Work,ada@example.com,"Analytical, Ltd",Analyst,Profile,https://example.com/ada\n'
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
    assert df.to_dict("records") == [
        {
            "first_name": "Ada",
            "last_name": "Byron",
            "url": "https://example.com/ada",
            "email": "ada@example.com",
            "company": "Analytical, Ltd",
            "position": "Analyst",
            "connected_on": None,
        }
    ]
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
    assert df.attrs["skipped"] == [(21, "with no name")]  # the line an editor shows (the folded URL is two)


def test_vcard_cut_off_and_not_a_vcard():
    with pytest.raises(ValueError, match=r"line 1 has no 'END:VCARD'.*cut off"):
        read_vcard(b"BEGIN:VCARD\nFN:Ada Byron\n")
    with pytest.raises(ValueError, match="no 'BEGIN:VCARD' line"):
        read_vcard(HEADER_2024.encode())


@pytest.mark.parametrize(
    "data, fmt, n",
    [
        (CONNECTIONS_2024, "linkedin", 2),
        (CONNECTIONS_2018, "linkedin", 2),
        (GOOGLE_CSV, "google", 1),
        (GOOGLE_OLD_CSV, "google", 2),
        (VCARD, "vcard", 3),
    ],
)
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
            ("Ada", "warm", "linkedin", "2024-05-30"),
            ("Grace", "warm", "linkedin", "2023-01-02"),
        ]
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
    assert db.read_bytes() == before
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
    run = subprocess.run(
        [sys.executable, "-m", "infoview", "import-contacts", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Read 3 contact(s) from contacts.vcf (vCard file)" in run.stdout
    bad = _write(tmp_path, "messages.csv", MESSAGES_CSV.encode())
    run = subprocess.run(
        [sys.executable, "-m", "infoview", "import-contacts", str(bad), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2 and "messages.csv (your message history)" in run.stderr
    assert "Traceback" not in run.stderr


# ======================================================= stage 1: target list
import pandas as pd  # noqa: E402

from infoview import contacts as lib  # noqa: E402


def _contacts_frame():
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5],
            "first_name": ["Ada", "Alan", "Grace", "Zoë", "Kwame"],
            "last_name": ["Byron", "Turing", "Hopper", "Núñez", "Mensah"],
            "company": ["Acme", "acme ", "Beta Labs", "Gamma", ""],
            "position": ["Data Analyst", "Senior data analyst", "Nurse", "Analyst, Research", "Student"],
            "channel": ["warm", "cold", "cold", "alumni", "warm"],
            "connected_on": [dt.date(2025, 6, 1), dt.date(2016, 1, 1), dt.date(2024, 3, 16), None, dt.date(2026, 1, 1)],
        }
    )


def test_rules_have_dalton_defaults_with_sources():
    cfg = lib.load_settings()["target_list"]
    assert (cfg["size"], cfg["top"]) == (40, 5)
    assert cfg["sort_by"] == ["motivation", "posting", "advocacy"]
    assert (cfg["motivation"]["min"], cfg["motivation"]["max"]) == (0, 3)
    for part in (cfg, cfg["advocacy"], cfg["motivation"], cfg["posting"], lib.load_settings()["channels"]):
        assert "Dalton" in part["source"] or "article" in part["source"]


def test_employers_from_contacts_merges_spellings_and_counts_warm():
    found = lib.employers_from_contacts(_contacts_frame())
    assert found.values.tolist() == [["Acme", 2, 1], ["Beta Labs", 1, 0], ["Gamma", 1, 1]]


def test_sort_motivation_then_posting_then_advocacy():
    t = pd.DataFrame(
        {
            "employer": ["LowM", "HighM-N", "HighM-Y", "HighM-HighP", "MidM"],
            "advocacy": ["Y", "N", "Y", "N", "Y"],
            "motivation": [1, 3, 3, 3, 2],
            "posting": [3, 1, 1, 3, 3],
        }
    )
    out = lib.sort_targets(t)
    assert out["employer"].tolist() == ["HighM-HighP", "HighM-Y", "HighM-N", "MidM", "LowM"]
    assert out["rank"].tolist() == [1, 2, 3, 4, 5]
    assert out["top"].tolist() == [True] * 5


def test_top_five_flag_and_ties_broken_by_warm_contacts_then_name():
    t = pd.DataFrame(
        {
            "employer": list("GFEDCBA"),
            "advocacy": ["N"] * 7,
            "motivation": [0] * 7,
            "posting": [0] * 7,
            "contacts": [1, 1, 1, 1, 1, 1, 3],
            "warm_contacts": [0, 0, 0, 0, 0, 2, 0],
        }
    )
    out = lib.sort_targets(t)
    assert out["employer"].tolist() == ["B", "A", "C", "D", "E", "F", "G"]
    assert out["top"].tolist() == [True] * 5 + [False] * 2


def test_target_table_merges_saved_scores_with_derived_employers():
    saved = [
        {"employer": "BETA LABS", "advocacy": 1, "motivation": 3, "posting": 2, "added_by_learner": 0},
        {"employer": "Delta Corp", "advocacy": 0, "motivation": 2, "posting": 3, "added_by_learner": 1},
    ]
    t = lib.target_table(_contacts_frame(), saved)
    assert t["employer"].tolist() == ["BETA LABS", "Delta Corp", "Acme", "Gamma"]
    beta = t.iloc[0]
    assert (beta.advocacy, beta.contacts, beta.scored, beta.added_by_learner) == ("Y", 1, True, False)
    delta = t.iloc[1]
    assert (delta.contacts, delta.warm_contacts, delta.added_by_learner) == (0, 0, True)
    acme = t.iloc[2]  # not scored: Motivation/Posting 0, Advocacy guessed from a warm contact
    assert (acme.advocacy, acme.motivation, acme.posting, acme.scored) == ("Y", 0, 0, False)


@pytest.mark.parametrize(
    "args, message",
    [
        (("maybe", 3, 1), "Advocacy is Y or N"),
        (("Y", 4, 1), "Motivation is a whole number from 0 to 3 (3 = Dream employer"),
        (("Y", -1, 1), "Motivation is a whole number from 0 to 3"),
        (("Y", "lots", 1), "got 'lots'"),
        (("N", 2, 9), "Posting is a whole number from 0 to 3 (3 = A relevant posting"),
    ],
)
def test_clean_scores_rejects_out_of_range(args, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        lib.clean_scores(*args)


@pytest.mark.parametrize(
    "args, expected",
    [
        (("y", "3", "1"), (True, 3, 1)),
        (("No", 0, 0), (False, 0, 0)),
        ((True, 2, 3), (True, 2, 3)),
        ((0, 1, 2), (False, 1, 2)),
    ],
)
def test_clean_scores_accepts(args, expected):
    assert lib.clean_scores(*args) == expected


def test_save_target_validates_and_keeps_added_by_learner(tracker):
    lib.save_target(tracker, "  Delta   Corp ", "Y", 2, 1, added_by_learner=True)
    lib.save_target(tracker, "delta corp", "N", 3, 3)
    (row,) = tracker.target_list()
    assert (row["employer"], row["advocacy"], row["motivation"], row["posting"], row["added_by_learner"]) == (
        "Delta Corp",
        0,
        3,
        3,
        1,
    )
    with pytest.raises(ValueError, match="Type the employer's name"):
        lib.save_target(tracker, "  ")
    with pytest.raises(ValueError, match="Motivation"):
        lib.save_target(tracker, "X", "Y", 7, 1)
    assert len(tracker.target_list()) == 1


def test_check_target_list_feedback():
    fb = lib.check_target_list(lib.target_table(_contacts_frame(), []))
    assert not fb.ok
    assert fb.messages[0].startswith("Your list has 3 employer(s); the method asks for about 40: add 37 more")
    assert fb.messages[1].startswith("3 employer(s) have no scores yet")
    assert fb.messages[2] == "Contact these first: Acme, Gamma, Beta Labs."
    full = pd.DataFrame(
        {
            "employer": [f"E{i:02d}" for i in range(40)],
            "advocacy": ["Y"] * 40,
            "motivation": [1] * 40,
            "posting": [1] * 40,
            "scored": [True] * 40,
        }
    )
    fb = lib.check_target_list(lib.sort_targets(full))
    assert fb.ok and fb.messages == ["Contact these first: E00, E01, E02, E03, E04."]
    assert "empty" in lib.check_target_list(None).messages[0]


# ------------------------------------------------------------- exercises
RIGHT_TOP5 = [
    "Puddlejump Games",
    "Kestrelwood Biologics",
    "Riverbend Community Health",
    "Lanternway Youth Network",
    "Pemberly Freight",
]


def test_exercise_answer_is_the_lamp_order():
    assert lib.sort_targets(lib.target_exercise())["employer"][:5].tolist() == RIGHT_TOP5
    fb = lib.check_target_order(RIGHT_TOP5)
    assert fb.ok and fb.correct == 5 and fb.messages == []
    assert lib.check_target_order([n.upper() + " " for n in RIGHT_TOP5]).ok  # case and spacing ignored


def test_exercise_feedback_names_the_deciding_score():
    swapped = [
        "Kestrelwood Biologics",
        "Puddlejump Games",
        "Riverbend Community Health",
        "Tallowmere Capital",
        "Pemberly Freight",
    ]
    fb = lib.check_target_order(swapped)
    assert not fb.ok and fb.correct == 2
    assert fb.messages[0] == (
        "Position 1: Puddlejump Games comes before Kestrelwood Biologics: the same Motivation "
        "and Posting, then a higher Advocacy (Y vs N)."
    )
    assert fb.messages[2] == (
        "Position 4: Lanternway Youth Network comes before Tallowmere Capital: a higher Motivation (2 vs 1)."
    )


def test_exercise_blank_short_and_unknown_answers_get_friendly_feedback():
    assert lib.check_target_order(None).messages == [
        "Not answered yet: list the 5 employers you would contact first, best first."
    ]
    assert lib.check_target_order(["", "  "]).messages[0].startswith("Not answered yet")
    fb = lib.check_target_order(["Puddlejump Games", "Initech"])
    assert fb.messages[0] == "Not on the exercise list: Initech. Choose names from the table."
    assert "Position 3 is still empty." in fb.messages


def test_channel_exercise():
    answers = {e["id"]: e["channel"] for e in lib.channel_examples()}
    assert len(answers) == 6 and set(answers.values()) == {"warm", "alumni", "cold", "event", "referral"}
    assert lib.check_channels(answers).ok
    fb = lib.check_channels({**answers, "c3": "warm", "c4": "party"})
    assert fb.correct == 4 and not fb.ok
    assert any("Hint: No shared connection" in m for m in fb.messages)
    assert any("'party' is not a channel" in m for m in fb.messages)
    assert lib.check_channels({}).messages[0].startswith("Not answered yet")


# ------------------------------------------------------------ channels
def test_guess_channel_is_a_default_from_keywords():
    assert lib.guess_channel("Ashgrove State University", "", school_keywords=["ashgrove state"]) == "alumni"
    assert (
        lib.guess_channel("Acme", "Alumni relations at Ashgrove State", school_keywords=["Ashgrove State"]) == "alumni"
    )
    assert lib.guess_channel("Acme", "Analyst", school_keywords=["Ashgrove State"]) == "warm"
    assert lib.guess_channel("Acme", "Analyst", school_keywords=[" "]) == "warm"
    assert lib.guess_channel("Acme", "Analyst") == "warm"  # no keywords in the default content


def test_import_guesses_channels_unless_one_is_given(tmp_path):
    t = Tracker(":memory:")
    text = (
        HEADER_2024 + "Ada,Byron,,,Ashgrove State University,Lecturer,30 May 2024\nBo,Li,,,Acme,Analyst,30 May 2024\n"
    )
    read, result = lib.import_contacts(text.encode(), t, school_keywords=["Ashgrove"])
    assert [c["channel"] for c in t.contact_list()] == ["alumni", "warm"]
    assert read.format == "linkedin" and len(result.added) == 2
    t2 = Tracker(":memory:")
    lib.import_contacts(text.encode(), t2, channel="event", source="fair")
    assert {(c["channel"], c["source"]) for c in t2.contact_list()} == {("event", "fair")}


def test_cli_school_option_and_channel_breakdown(tmp_path, capsys):
    path = _write(
        tmp_path,
        "Connections.csv",
        (
            HEADER_2024 + "Ada,Byron,,,Ashgrove State University,Lecturer,30 May 2024\n"
            "Bo,Li,,,Acme,Analyst,30 May 2024\n"
        ).encode(),
    )
    assert cli_main(["import-contacts", str(path), "--db", str(tmp_path / "t.sqlite"), "--school", "Ashgrove"]) == 0
    assert (
        "Channels of the new contacts (guessed; change them in notebook 01): 1 alumni, 1 warm."
        in capsys.readouterr().out
    )


# -------------------------------------------------------------- filters
def test_filter_by_employer_keyword_channel_and_age():
    df = _contacts_frame()
    today = dt.date(2026, 3, 16)
    assert lib.filter_contacts(df, employer="ACME")["first_name"].tolist() == ["Ada", "Alan"]
    assert lib.filter_contacts(df, employer=["acme", "Gamma"])["first_name"].tolist() == ["Ada", "Alan", "Zoë"]
    assert lib.filter_contacts(df, keyword="data analyst")["first_name"].tolist() == ["Ada", "Alan"]
    assert lib.filter_contacts(df, keyword="ANALYST")["first_name"].tolist() == ["Ada", "Alan", "Zoë"]
    assert lib.filter_contacts(df, channel="cold")["first_name"].tolist() == ["Alan", "Grace"]
    assert lib.filter_contacts(df, channel=["alumni", "warm"])["first_name"].tolist() == ["Ada", "Zoë", "Kwame"]
    assert lib.filter_contacts(df, max_years=1, today=today)["first_name"].tolist() == ["Ada", "Kwame"]
    assert lib.filter_contacts(df, min_years=2, today=today)["first_name"].tolist() == ["Alan"]
    assert lib.filter_contacts(df, min_years=1, max_years=5, today=today)["first_name"].tolist() == ["Grace"]
    assert lib.filter_contacts(df, keyword="analyst", channel="cold", employer="Acme")["first_name"].tolist() == [
        "Alan"
    ]
    assert len(lib.filter_contacts(df)) == 5  # no filter: everyone, undated included
    assert lib.filter_contacts(df, keyword="pilot").empty


def test_age_filter_uses_pinned_today():
    df = _contacts_frame()  # INFOVIEW_TODAY is 2026-03-16 in tests
    assert lib.filter_contacts(df, max_years=1)["first_name"].tolist() == ["Ada", "Kwame"]


# ----------------------------------------------- identify and the sample
def test_identify_logs_once_and_sets_channel(tracker):
    a = tracker.add_contact(first_name="Ada", last_name="Byron", company="Acme", channel="warm")
    b = tracker.add_contact(first_name="Bo", last_name="Li", company="Beta")
    done = lib.identify(tracker, [a, b], channel="alumni", on="2026-03-10")
    assert done == {"identified": [a, b], "already": []}
    again = lib.identify(tracker, [a], channel="event")
    assert again == {"identified": [], "already": [a]}
    assert tracker.contact(a)["channel"] == "event"
    events = tracker.interaction_list()
    assert [(e["contact_id"], e["kind"], e["occurred_on"]) for e in events] == [
        (a, "identified", "2026-03-10"),
        (b, "identified", "2026-03-10"),
    ]
    with pytest.raises(Exception, match="Unknown channel"):
        lib.identify(tracker, [a], channel="friend")


def test_identify_is_all_or_nothing(tracker):
    a = tracker.add_contact(first_name="Ada", last_name="Byron")
    with pytest.raises(Exception, match="No contact with id 999"):
        lib.identify(tracker, [a, 999], channel="cold")
    assert tracker.interaction_list() == [] and tracker.contact(a)["channel"] == "cold"


def test_sample_import_and_removal(tracker):
    kept = tracker.add_contact(first_name="Mine", last_name="Own", company="Acme")
    read, result = lib.import_sample(tracker)
    assert read.format == "linkedin" and len(result.added) == len(read.frame) > 100
    assert read.skipped_hidden >= 1
    assert lib.remove_sample_contacts(tracker) == len(result.added)
    assert [c["id"] for c in tracker.contact_list()] == [kept]


def test_lesson_data_uses_the_sample_only_while_the_tracker_is_empty(tracker):
    data = lib.lesson_data(tracker)
    assert data.is_sample and data.tracker is not tracker and data.tracker is data.tracker
    assert "fictional sample learner" in data.note and "nothing you change here is saved" in data.note
    assert lib.lesson_data(data) is data
    ada = tracker.add_contact(first_name="Ada", last_name="Byron", company="Acme")
    assert not data.is_sample and data.tracker is tracker  # the same object follows the tracker
    assert data.note == "Using your tracker: 1 contact(s)." and repr(data) == data.note
    assert lib.lesson_targets(data)["employer"].tolist() == ["Acme"]
    tracker.delete_contact(ada)
    assert data.is_sample


# --------------------------------------------------------------- charts
def test_employer_chart_data_labels_and_alt():
    chart = lib.employer_chart(_contacts_frame(), top_n=2)
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Beta Labs", "Acme"]
    assert [p.get_width() for p in ax.patches] == [1, 2]
    assert ax.get_xlabel() == "Contacts (count)"
    assert chart.title == "Your biggest cluster: Acme, 2 of 4 contacts (50%)"
    assert chart.alt == "Bar chart of your contacts at the 2 employers where you know most people: Acme 2, Beta Labs 1."
    empty = lib.employer_chart(_contacts_frame().iloc[0:0])
    assert empty.title == "No contacts with an employer yet"


def test_channel_chart_counts_every_channel():
    chart = lib.channel_chart(_contacts_frame())
    assert chart.alt == "Bar chart of contacts by channel: warm 2, alumni 1, cold 2, event 0, referral 0."
    assert chart.title == "Your biggest channel is warm: 2 of 5 contacts (40%)"
    ax = chart.figure.axes[0]
    assert sorted(p.get_width() for p in ax.patches) == [0, 0, 1, 2, 2]


def test_warmth_counts_and_chart():
    saved = [{"employer": "Delta Corp", "advocacy": 0, "motivation": 3, "posting": 3, "added_by_learner": 1}]
    table = lib.target_table(_contacts_frame(), saved)
    assert lib.warmth(table) == {"top": {"warm": 2, "cold": 1, "none": 1}, "all": {"warm": 2, "cold": 1, "none": 1}}
    chart = lib.warmth_chart(table)
    assert chart.title == "2 of 4 target employers have a warm way in; 2 of your top 4"
    assert chart.alt == (
        "Stacked bar chart of target employers: of the top 4, 2 have a warm way in, 1 only cold "
        "contacts and 1 no contact yet; of the whole list of 4, 2 have a warm way in, 1 only cold "
        "contacts and 1 no contact yet."
    )
    assert chart.figure.axes[0].get_xlabel() == "Share of employers (%)"


def test_an_instructors_content_folder_changes_the_method(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "sourcing.toml").write_text(
        "[target_list]\nsize = 20\ntop = 3\n[target_list.motivation]\nmax = 5\n"
        '[channels]\nschool_keywords = ["Lakeside"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("INFOVIEW_CONTENT", str(folder))
    table = lib.target_table(_contacts_frame(), [])
    assert table["top"].tolist() == [True, True, True]
    assert "about 20" in lib.check_target_list(table).messages[0]
    assert lib.clean_scores("Y", 5, 1) == (True, 5, 1)  # the instructor's wider scale
    assert lib.guess_channel("Lakeside College", "") == "alumni"
    assert lib.load_settings()["target_list"]["sort_by"] == ["motivation", "posting", "advocacy"]  # defaults kept
    assert len(lib.check_target_order(RIGHT_TOP5).messages) == 0  # top 3 now: the first three still right
