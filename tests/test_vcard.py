"""vCard per RFC 6350 (escapes, groups, folding, charsets, preferences), and duplicates found across
sources by a normalised profile URL and e-mail."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.cli import main as cli_main
from infoview.contacts import load_contacts
from infoview.tracker import Tracker, normalize_email, normalize_url

APPLE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\nN:Byron;Ada;;;\r\nFN:Ada Byron\r\n"
    "ORG:Analytical\\, Ltd\\;R&D;Engines\r\nTITLE:Head of\\nData\r\n"
    "item1.EMAIL;type=INTERNET;type=HOME:ada@home.example\r\n"
    "item2.EMAIL;type=INTERNET;type=WORK;type=pref:Ada.Byron@Analytical.example\r\n"
    "item3.URL;type=pref:https\\://www.example.org/ada\r\nitem3.X-ABLabel:_$!<HomePage>!$_\r\n"
    "item4.URL:https\\://www.linkedin.com/in/ada-byron-example/\r\nitem4.X-ABLabel:LinkedIn\r\n"
    "NOTE:met at\\, the \\\\ meetup\r\nEND:VCARD\r\n"
)
LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Byron,https://www.linkedin.com/in/ada-byron-example,,Analytical Ltd,Head of Data,30 May 2024\n"
)


def test_apples_escaped_url_group_and_preferences(tmp_path):
    read = load_contacts(APPLE.encode(), "vcard")
    row = read.frame.iloc[0]
    assert row["url"] == "https://www.linkedin.com/in/ada-byron-example/"  # no backslash; the LinkedIn URL wins
    assert row["email"] == "Ada.Byron@Analytical.example"  # type=pref wins over the first
    assert row["company"] == "Analytical, Ltd;R&D"  # escaped comma and semicolon stay in the name
    assert row["position"] == "Head of\nData"


@pytest.mark.parametrize("first", ["linkedin", "vcard"])
def test_the_same_person_from_linkedin_and_from_apple_is_one_contact(tmp_path, capsys, first):
    """The issue's case: the vCard kept 'https\\://' and the person became two contacts."""
    files = {"linkedin": tmp_path / "Connections.csv", "vcard": tmp_path / "contacts.vcf"}
    files["linkedin"].write_text(LINKEDIN)
    files["vcard"].write_text(APPLE)
    db = tmp_path / "t.sqlite"
    second = "vcard" if first == "linkedin" else "linkedin"
    assert cli_main(["import-contacts", str(files[first]), "--db", str(db)]) == 0
    assert cli_main(["import-contacts", str(files[second]), "--db", str(db)]) == 0
    assert "Skipped: 1 duplicate (same profile URL)" in capsys.readouterr().out
    assert Tracker(db).count()["contacts"] == 1


def test_the_same_e_mail_across_sources_is_one_contact(tmp_path, capsys):
    google = (
        "First Name,Last Name,E-mail 1 - Value,Organization 1 - Name\n"
        "Ada,Lovelace,ada.byron@analytical.example,Analytical Ltd\n"
    )
    (tmp_path / "google.csv").write_text(google)
    (tmp_path / "c.vcf").write_text(APPLE.replace("item4.URL", "X-NOTHING").replace("item3.URL", "X-NOTHING"))
    db = tmp_path / "t.sqlite"
    assert cli_main(["import-contacts", str(tmp_path / "c.vcf"), "--db", str(db)]) == 0
    assert cli_main(["import-contacts", str(tmp_path / "google.csv"), "--db", str(db)]) == 0
    assert "duplicate (same e-mail)" in capsys.readouterr().out
    assert Tracker(db).count()["contacts"] == 1


def test_folding_groups_and_charsets_of_older_phones():
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:N\xfa\xf1ez;Zo\xeb\r\n"
        b"ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Caf=C3=A9 =C3=96l =\r\nand more\r\n"
        b"EMAIL;PREF;INTERNET:zoe@example.org\r\nEMAIL;INTERNET:other@example.org\r\n"
        b"TITLE:Barista with a very long title that a phone folds in the middle of a charac\xc3\r\n \xa8ter\r\n"
        b"URL:http://m.linkedin.com/in/zoe\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nEMAIL;PREF=1:grace@example.org\r\n"
        b'ORG;X-LABEL="a:b;c":Navy Labs\r\nEND:VCARD\r\n'
    )
    df = load_contacts(data, "vcard").frame
    assert df[["first_name", "last_name", "company", "email"]].values.tolist() == [
        ["Zoë", "Núñez", "Café Öl and more", "zoe@example.org"],
        ["Grace", "Hopper", "Navy Labs", "grace@example.org"],
    ]
    assert df.loc[0, "position"].endswith("charac\u00e8ter")  # a fold inside a UTF-8 character
    assert normalize_url(df.loc[0, "url"]) == "linkedin.com/in/zoe"


def test_a_bad_charset_or_a_cut_off_card_is_one_sentence():
    with pytest.raises(ValueError, match="line 2 of the vCard is not UTF-8"):
        load_contacts(b"BEGIN:VCARD\r\nN:B\xe9;A\r\nEND:VCARD\r\n", "vcard")
    with pytest.raises(ValueError, match="has no 'END:VCARD'"):
        load_contacts(b"BEGIN:VCARD\r\nN:B;A\r\n", "vcard")
    df = load_contacts(b"BEGIN:VCARD\r\nN;CHARSET=no-such-charset;ENCODING=QP:B=E9;A\r\nEND:VCARD\r\n", "vcard").frame
    assert len(df) == 1  # decoded with replacement, not an error


def test_url_and_email_normalisation_meet_across_sources():
    same = [
        "https://www.linkedin.com/in/ada-byron/",
        "http://linkedin.com/in/Ada-Byron",
        "https\\://uk.linkedin.com/in/ada-byron?trk=x",
        "linkedin.com/in/ada-byron#about",
        "HTTPS://M.LINKEDIN.COM/in/ada%2Dbyron",
    ]
    assert len({normalize_url(u) for u in same}) == 1
    assert normalize_email(" mailto:Ada@Example.ORG") == normalize_email("ada@example.org")


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(str.strip)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


@settings(max_examples=80, deadline=None)
@given(family=_text, given_name=_text, org=_text, title=_text, fold_at=st.integers(1, 30))
def test_any_escaped_and_folded_card_reads_back_as_written(family, given_name, org, title, fold_at):
    line = f"TITLE:{_escape(title)}"
    folded = "\r\n ".join(line[i : i + fold_at] for i in range(0, len(line), fold_at))
    card = f"BEGIN:VCARD\r\nVERSION:4.0\r\nN:{_escape(family)};{_escape(given_name)};;;\r\nORG:{_escape(org)}\r\n{folded}\r\nEND:VCARD\r\n"
    row = load_contacts(card.encode(), "vcard").frame.iloc[0]
    assert row["first_name"] == given_name.strip() and row["last_name"] == family.strip()
    assert row["company"] == org.strip() and row["position"] == title.strip()
