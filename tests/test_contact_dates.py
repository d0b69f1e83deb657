"""A contacts file's date convention is decided from the file: rows that can only be read one way
settle day-first or month-first; when nothing settles it, ambiguous dates are left blank and
counted in the import summary, never guessed."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.cli import main as cli_main
from infoview.contacts import load_contacts
from infoview.tracker import Tracker

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _file(tmp_path, dates, name="Connections.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(f'P{i},Person,,,Co {i},Analyst,"{d}"\n' for i, d in enumerate(dates)))
    return path


def test_a_day_first_file_is_read_day_first_throughout(tmp_path):
    """The issue's case: '05/03/2024' was stored as 3 May while '13/03/2024' was left blank."""
    read = load_contacts(_file(tmp_path, ["05/03/2024", "13/03/2024", "28/02/2024"]))
    assert read.frame["connected_on"].tolist() == [dt.date(2024, 3, 5), dt.date(2024, 3, 13), dt.date(2024, 2, 28)]
    assert read.undated == [] and read.ambiguous == []
    assert "read as day/month/year, as 13/03/2024 in the same file shows" in read.summary()


def test_a_month_first_file_is_read_month_first(tmp_path):
    read = load_contacts(_file(tmp_path, ["05/03/2024", "03/13/2024", "2/1/24"]))
    assert read.frame["connected_on"].tolist() == [dt.date(2024, 5, 3), dt.date(2024, 3, 13), dt.date(2024, 2, 1)]
    assert "month/day/year" in read.summary()


def test_an_undecidable_file_leaves_ambiguous_dates_blank_and_says_how_many(tmp_path, capsys):
    dates = (
        ["05/03/2024"]
        + ["0%d/0%d/2024" % (1 + i % 9, 1 + (i + 1) % 9) for i in range(11)]
        + ["30 May 2024", "07/07/2024"]
    )
    path = _file(tmp_path, dates)
    read = load_contacts(path)
    got = read.frame["connected_on"].tolist()
    assert got[-2:] == [dt.date(2024, 5, 30), dt.date(2024, 7, 7)]  # unambiguous ones are read
    n = sum(1 for d in dates[:-2] if d[:2] != d[3:5])
    assert sum(v is None for v in got) == n == len(read.ambiguous) == 12
    assert f"{n} dates were ambiguous (05/03/2024): left blank" in read.summary()
    db = tmp_path / "t.sqlite"
    assert cli_main(["import-contacts", str(path), "--db", str(db)]) == 0
    assert "12 dates were ambiguous (05/03/2024): left blank" in capsys.readouterr().out
    assert sum(c["connected_on"] is None for c in Tracker(db).contact_list()) == 12


def test_a_file_that_writes_dates_both_ways_reads_only_what_is_certain(tmp_path):
    read = load_contacts(_file(tmp_path, ["13/03/2024", "03/14/2024", "05/03/2024"]))
    assert read.frame["connected_on"].tolist() == [dt.date(2024, 3, 13), dt.date(2024, 3, 14), None]
    assert "the file writes dates both ways" in read.summary()


def test_linkedins_old_us_form_still_reads_month_first(tmp_path):
    read = load_contacts(_file(tmp_path, ["1/8/18, 6:14 PM", "2/3/19, 9:05 AM"]))
    assert read.frame["connected_on"].tolist() == [dt.date(2018, 1, 8), dt.date(2019, 2, 3)]
    assert "ambiguous" not in read.summary()


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), min_size=1, max_size=25),
    day_first=st.booleans(),
    sep=st.sampled_from("/.-"),
)
def test_any_file_in_one_convention_is_read_right_or_left_blank_never_misread(tmp_path_factory, days, day_first, sep):
    def write(d):
        a, b = (d.day, d.month) if day_first else (d.month, d.day)
        return f"{a:02d}{sep}{b:02d}{sep}{d.year}"

    read = load_contacts(_file(tmp_path_factory.mktemp("d"), [write(d) for d in days]))
    got = read.frame["connected_on"].tolist()
    settles = any(d.day > 12 for d in days)
    for want, value in zip(days, got):
        if value is not None:
            assert value == want  # never the other reading
        else:
            assert not settles and want.day <= 12 and want.day != want.month
    assert len(read.ambiguous) == sum(v is None for v in got)
