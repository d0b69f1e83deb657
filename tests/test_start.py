"""Stage 0 library: the evidence table and the two warm-up exercise checks."""

from infoview import start


def test_numbers_have_source_reliability_and_flag_the_85_percent_claim():
    figures = start.numbers()
    assert len(figures) >= 8
    for f in figures:
        assert f["source"] and f["reliability"] and f["use"] in start.EVIDENCE_CHOICES
    adler = next(f for f in figures if f["id"] == "adler_85")
    assert adler["use"] == "claim_to_question"
    assert "Not a measurement" in adler["reliability"]
    assert start.numbers_table().shape == (len(figures), 3)


def test_check_evidence_says_what_is_missing_and_what_is_wrong():
    right = {f["id"]: f["use"] for f in start.numbers()}
    assert start.check_evidence(right).ok
    wrong = dict(right, adler_85="data")
    del wrong["pew_2015"]
    fb = start.check_evidence(wrong)
    assert not fb.ok and fb.correct == len(right) - 2
    text = str(fb)
    assert "Not answered yet: Recent US job seekers" in text
    assert "Look again at" in text and "Lou Adler" in text
    assert "is not one of the choices" in str(start.check_evidence({"adler_85": "maybe"}))


def test_check_requests_blank_and_partial_answers_are_friendly():
    blank = start.check_requests({})
    assert not blank.ok and blank.correct == 0
    assert all(m.startswith("Not answered yet") for m in blank.messages)
    answers = {r["id"]: r["kind"] for r in start.requests_exercise()}
    assert start.check_requests(answers).ok
    answers["r2"] = "advice"
    fb = start.check_requests(answers)
    assert not fb.ok and "openings" in str(fb)
    assert "<" not in start.Feedback(False, ["<b>x</b>"])._repr_html_().split("<ul>")[1].split("</ul>")[0].replace(
        "<li>", ""
    ).replace("</li>", "")
