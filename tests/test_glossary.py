"""The glossary covers the course's jargon in plain words, each entry with a source, and points
at a notebook that exists; the privacy notes say the true thing about Binder."""

from __future__ import annotations

from pathlib import Path

import pytest

from infoview import glossary
from infoview.content import ContentError

ROOT = Path(__file__).resolve().parent.parent

# Every term the issue and the notebooks use without a gloss.
REQUIRED = [
    "Wilson interval",
    "denominator",
    "cadence",
    ".ics",
    "3B7",
    "LAMP",
    "TIARA",
    "Booster",
    "Obligate",
    "Curmudgeon",
    "funnel",
    "referral",
    "InMail",
    "assumption",
    "advocate",
    "business day",
    "time zone",
]


@pytest.mark.parametrize("term", REQUIRED)
def test_every_required_term_has_a_plain_entry(term):
    entry = glossary.lookup(term)
    assert entry is not None and term.lower() in entry["term"].lower(), term
    assert len(entry["plain"].split()) >= 8 and entry["source"]


def test_every_entry_points_at_a_notebook_that_exists():
    names = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    for entry in glossary.terms():
        assert entry["see"] in names, entry


def test_referral_gets_all_three_meanings():
    plain = glossary.lookup("referral")["plain"]
    assert "(1)" in plain and "(2)" in plain and "(3)" in plain and "Never ask" in plain


def test_search_finds_terms_before_definitions_and_never_raises():
    assert glossary.search("wilson")[0]["term"] == "Wilson interval"
    for typed in (None, "", "   ", "<script>", "x" * 5000, "🙂"):
        assert isinstance(glossary.search(typed), list)
    assert glossary.lookup("") is None and glossary.lookup("zzzz-nothing") is None


def test_an_instructors_entry_without_a_definition_is_refused(tmp_path):
    (tmp_path / "glossary.toml").write_text('[[term]]\nterm = "x"\n')
    with pytest.raises(ContentError, match="needs term and plain"):
        glossary.terms(tmp_path)


def test_the_privacy_notes_are_honest_about_binder():
    from infoview.privacy import privacy_note

    start, upload = privacy_note("start"), privacy_note("import")
    for note in (start, upload):
        assert "Binder" in note and "server" in note and "sample" in note
    assert "never leaves" not in start
    with pytest.raises(ValueError):
        privacy_note("nowhere")
