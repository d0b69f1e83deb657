"""`infoview review` reads a message file in every encoding the contact importer reads (one decoder,
infoview.files.decode_text), and refuses the rest in one sentence."""

from __future__ import annotations

import codecs

import pytest

from infoview.cli import main as cli_main
from infoview.contacts import load_contacts
from infoview.files import decode_text

MESSAGE = (
    "Hi Zoë, I'm a student exploring data roles at Café Öl. Your talk on dashboards stayed with me. "
    "Could we talk for 20 minutes next week? Best, Ada\n"
)
CSV = "First Name,Last Name,Company,Position,Connected On\nZoë,Núñez,Café Öl,Barista,30 May 2024\n"

ENCODINGS = {
    "UTF-8": lambda t: t.encode("utf-8"),
    "UTF-8 with BOM (Notepad 'UTF-8 with BOM', Excel 'CSV UTF-8')": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "UTF-16 LE with BOM (Notepad 'Unicode')": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "UTF-16 BE with BOM (Notepad 'Unicode big endian')": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "UTF-32 with BOM": lambda t: t.encode("utf-32"),
    "CRLF line ends": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_review_and_import_read_the_same_encodings(tmp_path, capsys, encoding):
    encode = ENCODINGS[encoding]
    message = tmp_path / "message.txt"
    message.write_bytes(encode(MESSAGE))
    code = cli_main(["review", str(message), "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and not err, err
    (tmp_path / "plain.txt").write_text(MESSAGE, encoding="utf-8")
    assert cli_main(["review", str(tmp_path / "plain.txt"), "--json"]) == code
    assert out == capsys.readouterr().out  # the same review, word for word, as the plain UTF-8 file
    read = load_contacts(encode(CSV))
    assert read.frame.loc[0, "first_name"] == "Zoë" and read.frame.loc[0, "company"] == "Café Öl"
    assert decode_text(encode(MESSAGE)).replace("\r\n", "\n") == MESSAGE


@pytest.mark.parametrize(
    "data, phrase",
    [
        ("Café".encode("latin-1"), "is not UTF-8 text"),
        (b"\x00\x01\x02binary\xff\xfe", "is not a text file"),
        (b"%PDF-1.4 \x00\x00", "is not a text file"),
        (codecs.BOM_UTF16_LE + b"\x41", "not UTF-8 text"),  # a UTF-16 file cut in half a character
    ],
)
def test_review_refuses_what_the_importer_refuses_in_one_sentence(tmp_path, capsys, data, phrase):
    path = tmp_path / "m.txt"
    path.write_bytes(data)
    assert cli_main(["review", str(path)]) == 2
    err = capsys.readouterr().err
    assert phrase in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
