"""Stage 2: the outreach message reviewer, templates, exercises and the `infoview review` CLI.

Every rule has messages that must trigger it and messages that must not, written the way
people really write them.
"""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview import outreach
from infoview.cli import main as cli_main
from infoview.outreach import (
    check_rewrite,
    check_spot_the_problems,
    example_messages,
    load_rules,
    render_template,
    review,
    suggest_subject,
    templates,
)
from infoview.review_text import plain_text

# The lesson's good example (referral, 48 words): ready to send with no findings.
GOOD = example_messages()["pair"][0]["good"]
MARIA = {
    "first_name": "Maria",
    "last_name": "Lopez",
    "company": "Northwind Analytics",
    "position": "Senior Data Scientist",
    "channel": "referral",
}


def rules_of(text, **kw):
    return review(text, **kw).rules


def assert_triggers(rule, messages, **kw):
    for m in messages:
        assert rule in rules_of(m, **kw), f"{rule} should flag: {m!r}\n{review(m, **kw)}"


def assert_silent(rule, messages, **kw):
    for m in messages:
        assert rule not in rules_of(m, **kw), f"{rule} should not flag: {m!r}\n{review(m, **kw)}"


# --------------------------------------------------------------------------- a good message
def test_good_message_is_ready_with_no_findings():
    r = review(GOOD, contact=MARIA)
    assert r.ok
    assert r.findings == []
    assert r.word_count == len(GOOD.split()) == 48
    assert r.max_words == 75
    assert r.summary() == "Ready to send: 48 of 75 words; 0 errors, 0 warnings, 0 tips."


def test_findings_are_sorted_errors_first_and_spans_point_inside_text():
    bad = example_messages()["pair"][0]["bad"]
    r = review(bad)
    ranks = [outreach.SEVERITIES.index(f.severity) for f in r.findings]
    assert ranks == sorted(ranks)
    for f in r.findings:
        assert 0 <= f.span[0] <= f.span[1] <= len(bad)
        assert f.message and (f.message[0].isupper() or f.message[0] in '"0123456789')
        assert f.message.count(". ") <= 2  # one or two sentences


# --------------------------------------------------------------------------- length
LONG_80 = ("Hi Sam, " + "I would really like to hear more about the work you do every day. " * 6).strip()


def test_length_triggers():
    msgs = [
        LONG_80,
        GOOD + " " + "Thanks again for reading this far. " * 6,
        "word " * 76,
        example_messages()["pair"][0]["bad"],
        "Hi Kim,\n\n" + "I'm a career changer with ten years in retail and a passion for learning. " * 7,
    ]
    assert_triggers("length", msgs)


def test_length_does_not_trigger():
    msgs = [
        GOOD,
        "word " * 75,
        "Hi Kim, would you have 20 minutes for a call?",
        example_messages()["pair"][1]["good"],
        example_messages()["rewrite"]["solution"],
    ]
    assert_silent("length", msgs)


def test_length_points_at_words_past_the_limit():
    text = " ".join(f"w{i}" for i in range(80))
    f = next(f for f in review(text).findings if f.rule == "length")
    assert text[f.span[0] :].startswith("w75")
    assert "80 words; keep it under 75" in f.message


# --------------------------------------------------------------------------- job_ask
JOB_ASKS = [
    "Hi Ana, are there any openings on your team right now?",
    "Hi Ana, could you refer me for the analyst role?",
    "Hi Ana, would you mind passing my resume along to your recruiter?",
    "Hi Ana, I'd love to be considered for the data engineer position.",
    "Hi Ana, are you hiring for junior designers this spring?",
    "Hi Ana, if you could put in a good word for me with the hiring team that would be amazing.",
    "Hi Ana, I'm looking for a job in marketing and hoped you could help.",
    "Hi Ana, I've attached my resume for your reference.",
    "Hi Ana, is Contoso hiring any analysts?",
    "Hi Ana, I applied for the UX researcher role last week and wanted to follow up.",
    "Hi Ana, I'm not sure how this works, but could you refer me?",
    "Hi Ana, could you forward my CV to the hiring manager?",
    "Hi Ana, I'd be grateful for an employee referral for the open role.",
    "Hi Ana, do you know of any roles that might suit me?",
    "Hi Ana, could you help me get my foot in the door at Acme?",
    "Hi Ana, please keep me in mind if something opens up.",
    "Hi Ana, is your team looking for interns this summer?",
    "Hi Ana, I'm interested in the open Data Analyst role on your team.",
    "Hi Ana, can you connect me with the recruiter for this position?",
    "Hi Ana, I'm hoping you could recommend me for the role.",
    "Hi Ana, are there any opportunities at Acme for someone like me?",
    "Hi Ana, I am seeking employment in your organization.",
    "Hi Ana, I'd love to join your team.",
    "Dear Sir or Madam, I want a job.",
    "Hi Ana, I would like a position at Fabrikam.",
    "Hi Ana, I need an internship with your group this summer.",
]
NOT_JOB_ASKS = [
    "Hi Ana, I'm not asking for a job, just 20 minutes of your advice.",
    "Hi Ana, I'm not looking for a referral; I'd value your view of the field.",
    "Hi Ana, Dana referred me to you. Could we talk for 20 minutes about your path into design?",
    "Hi Ana, how did you choose between agency and in-house roles?",
    "Hi Ana, this isn't a job request: I'm trying to understand what product managers do day to day.",
    "Hi Ana, I'd love to hear how you moved into data science from teaching.",
    GOOD,
    "Hi Ana, I'm curious what skills matter most for people in your role.",
    "Hi Ana, this is not a request for a referral.",
    "Hi Ana, I'm not asking you to refer me.",
    "Hi Ana, how did you land your first role in UX?",
    "Hi Ana, what do hiring managers look for in a portfolio?",
    "Hi Ana, I'm not job hunting yet; I want to understand the field first.",
    "Hi Ana, I don't want to ask for a job, only your perspective.",
    "Hi Ana, I am not seeking employment; I want to learn.",
    "Hi Ana, would you be open to a 20-minute call?",
    "Hi Ana, could you introduce me to someone in your marketing group?",
    "Hi Ana, what do you want in a new hire on your team?",
    "Hi Ana, what was your first job at Fabrikam like?",
]


def test_job_ask_triggers_in_the_forms_people_write():
    assert_triggers("job_ask", JOB_ASKS)


def test_job_ask_ignores_negations_and_advice():
    assert_silent("job_ask", NOT_JOB_ASKS)


def test_job_ask_finding_quotes_the_words_and_spans_them():
    text = "Hi Ana, could you refer me for the analyst role?"
    f = next(f for f in review(text).findings if f.rule == "job_ask")
    assert f.severity == "error"
    assert text[f.span[0] : f.span[1]].lower() == "could you refer me"
    assert '"could you refer me"' in f.message


# --------------------------------------------------------------------------- connection_first
def test_connection_first_triggers():
    msgs = [
        "Hi Maria,\n\nMy name is Sam and I study economics. Would you have 20 minutes for a call?",
        "Hi Maria, I hope this finds you well. Dana Ortiz suggested I contact you. Could we talk for 20 minutes?",
        "Hello! I'm a junior developer exploring platform work. Would you be open to a quick call?",
        "Dear Mr. Chen, I am writing to ask for 20 minutes of your time. Are you free next week?",
        "Hi Lee, hope you are doing well! I saw your post about platform engineering. A quick call?",
    ]
    assert_triggers("connection_first", msgs)


def test_connection_first_later_is_a_warning_missing_is_an_error():
    later = review("Hi Lee, hope you are well. I read your article on observability. Could we talk for 20 minutes?")
    missing = review("Hi Lee, I am a student. Could we talk for 20 minutes?")
    assert [f.severity for f in later.findings if f.rule == "connection_first"] == ["warning"]
    assert [f.severity for f in missing.findings if f.rule == "connection_first"] == ["error"]


def test_connection_first_does_not_trigger():
    msgs = [
        GOOD,
        "Hi Kenji,\nAs a fellow Westbrook alum, I was glad to find your profile.",
        "Hi Rosa, I enjoyed your talk at UX Camp on research ops. Could we talk for 20 minutes?",
        "Hi Omar, we met at the Data Futures meetup last Thursday. Coffee sometime?",
        "Hello Priya, I came across your profile on LinkedIn while researching product roles.",
        "Hi Ben, Alex Kim gave me your name and said you know the energy sector well.",
        "Hi Sam, I hope all is well since our time at Contoso.",
        "Hi Sam, we worked together on the Globex launch in 2022.",
    ]
    assert_silent("connection_first", msgs)


# --------------------------------------------------------------------------- question_ask
def test_question_ask_triggers():
    msgs = [
        "Hi Ana, we met at PyData. I would like to get 20 minutes of your time next week.",
        "Hi Ana, we met at PyData. Please let me know if you have 20 minutes for a call.",
        "Hi Ana, we met at PyData. I'd love to have a quick chat sometime.",
        "Hi Ana, we met at PyData. Looking forward to hearing from you.",
        "Hi Ana, we met at PyData. I'd be grateful for 20 minutes of your time on a call. Thanks!",
    ]
    assert_triggers("question_ask", msgs)


def test_question_ask_does_not_trigger():
    msgs = [
        GOOD,
        "Hi Ana, we met at PyData. Could you spare 20 minutes next week?",
        "Hi Ana, we met at PyData. Would a quick call on Thursday work for you?",
        "Hi Ana, we met at PyData. Are you open to a 15-minute chat?",
        "Hi Ana, we met at PyData. Do you have 20 minutes for a call, whenever suits you?  ",
    ]
    assert_silent("question_ask", msgs)


def test_question_ask_with_no_question_at_all_says_so():
    f = next(
        f
        for f in review("Hi Ana, we met at PyData. Looking forward to hearing from you.").findings
        if f.rule == "question_ask"
    )
    assert "no question" in f.message


# --------------------------------------------------------------------------- time_ask
def test_time_ask_triggers_when_missing_or_long():
    msgs = [
        "Hi Ana, could I pick your brain sometime about your career?",
        "Hi Ana, would you be willing to meet for an hour next week?",
        "Hi Ana, could we set up a 45-minute call?",
        "Hi Ana, do you have 30-60 minutes free this month?",
        "Hi Ana, would you have some time to talk about your work?",
        "Hi Ana, could we meet for 2 hours over lunch?",
    ]
    assert_triggers("time_ask", msgs)


def test_time_ask_does_not_trigger_on_small_concrete_asks():
    msgs = [
        "Hi Ana, could you spare 20 minutes next week?",
        "Hi Ana, would you be open to a quick call?",
        "Hi Ana, do you have 15-20 minutes for a phone call?",
        "Hi Ana, could we talk for twenty minutes on Zoom?",
        "Hi Ana, would half an hour on Friday work?",
        "Hi Ana, might you have a few minutes for a short chat?",
        "Hi Ana, I spent 45 minutes on your blog last night. Could we talk for 20 minutes?",
        "Hi Ana, I loved your hour-long talk at PyData. Do you have 15 minutes for a call?",
        "Hi Ana, having read your article, could we talk for 20 minutes?",
        GOOD,
    ]
    assert_silent("time_ask", msgs)
    assert "time_ask" in rules_of("Hi Ana, I spent an hour on your blog.")  # the story is not an ask
    assert "time_ask" in rules_of("Hi Ana, I read your post; could we meet for an hour?")  # the same sentence asks


def test_time_ask_long_names_the_minutes():
    f = next(f for f in review("Hi Ana, could we meet for an hour?").findings if f.rule == "time_ask")
    assert "60 minutes" in f.message and "30 or less" in f.message
    assert "Hi Ana, could we meet for an hour?"[f.span[0] : f.span[1]] == "an hour"


# --------------------------------------------------------------------------- personalization
def test_personalization_triggers():
    msgs = [
        "Dear Sir or Madam, could we talk for 20 minutes?",
        "Hi there! Could we talk for 20 minutes?",
        "To whom it may concern, could we talk for 20 minutes?",
        "Hello, I am a student. Could we talk for 20 minutes?",
        "Dear Hiring Manager, could we talk for 20 minutes about your work?",
    ]
    assert_triggers("personalization", msgs)


def test_personalization_with_contact_wants_their_name_and_company_or_role():
    assert "personalization" in rules_of("Hi Marie, your work at Northwind looks great.", contact=MARIA)  # wrong name
    no_specific = review("Hi Maria, Dana suggested I write. Could we talk for 20 minutes?", contact=MARIA)
    assert [f.severity for f in no_specific.findings if f.rule == "personalization"] == ["warning"]
    assert "Northwind Analytics" in no_specific.findings[0].message or any(
        "Northwind Analytics" in f.message for f in no_specific.findings
    )
    assert_silent(
        "personalization",
        [
            GOOD,
            "Hi Maria, Dana suggested I write about Northwind's forecasting team.",
            "Dear Ms. Lopez, your data science talk was great.",
            "Hi Maria, how did you become a data scientist?",
            "Maria, your move to Northwind Analytics caught my eye.",
        ],
        contact=MARIA,
    )


def test_personalization_does_not_trigger_without_contact():
    msgs = [
        GOOD,
        "Hi Omar, your talk at Data Futures on pricing models was great.",
        "Dear Dr. Osei, I read your paper on soil carbon.",
        "Hello Priya,\nYour move from consulting into product caught my eye.",
        "Hi Lee, you wrote about platform teams last month.",
    ]
    assert_silent("personalization", msgs)


def test_contact_without_company_falls_back_to_role_then_their_work():
    no_company = {"first_name": "Lee", "last_name": "Park", "company": "", "position": ""}
    assert "personalization" in rules_of("Hi Lee, could we talk for 20 minutes?", contact=no_company)
    assert "personalization" not in rules_of("Hi Lee, your post on platform teams was great.", contact=no_company)
    role_only = {"first_name": "Lee", "company": "", "position": "Platform Engineer"}
    assert "personalization" not in rules_of("Hi Lee, how did you get into platform engineering?", contact=role_only)


# --------------------------------------------------------------------------- about_them
def test_about_them_triggers():
    msgs = [
        "Hi Ana, I am a student and I love data. I think my skills fit. Can you help me?",
        "Hi Ana, I'm graduating in May and I'm very interested in supply chain. I'd love your advice.",
        "Hi Ana, my name is Sam. I studied economics and I want to learn more about your field.",
        "I'm writing because I'm curious and I have questions for you.",
        example_messages()["pair"][0]["bad"],
    ]
    assert_triggers("about_them", msgs)


def test_about_them_does_not_trigger():
    msgs = [
        GOOD,
        "Hi Ana, your work on pricing is great. Would you share how you got there?",
        "Hi Ana, I loved your talk. Would you have 20 minutes for your advice?",
        "Hi Ana, could we talk?",  # too few pronouns to judge
        example_messages()["pair"][2]["good"],
    ]
    assert_silent("about_them", msgs)


def test_about_them_message_gives_counts():
    f = next(f for f in review("I think I can help me with my plan, you know.").findings if f.rule == "about_them")
    assert f.message.startswith("4 words about you (I, me, my) and 1 about them")


# --------------------------------------------------------------------------- format_flexibility
def test_format_flexibility_triggers():
    msgs = [
        "Hi Ana, could we talk for 20 minutes?",
        "Hi Ana, would you have 20 minutes for a Zoom call on Tuesday at 3pm?",
        "Hi Ana, could I come to your office for 20 minutes?",
        "Hi Ana, would a quick call work?",
        "Hi Ana, I'd be grateful for 20 minutes of your time.",
    ]
    assert_triggers("format_flexibility", msgs)


def test_format_flexibility_does_not_trigger():
    msgs = [
        GOOD,
        "Hi Ana, could we talk for 20 minutes by phone or video?",
        "Hi Ana, would 20 minutes work, whatever time suits you?",
        "Hi Ana, would 20 minutes over coffee or a call work?",
        "Hi Ana, could we talk for 20 minutes at your convenience?",
        "Hi Ana, I'm flexible on timing; could we talk for 20 minutes?",
    ]
    assert_silent("format_flexibility", msgs)


# --------------------------------------------------------------------------- interest (tip)
def test_interest_tips_narrow_and_broad():
    msgs = [
        "Hi Ana, could we talk?",
        "Hi Ana, your team looks great.",
        "Hi Ana, I love the field.",
        "Hi Ana, great post!",
        "Hi Ana, would you share your advice?",
    ]
    assert_triggers("interest", msgs)
    assert_silent(
        "interest",
        [
            GOOD,
            "Hi Ana, your team at Acme does the design work I hope to move into.",
            "Hi Ana, your company is a leader in the industry.",
            "Hi Ana, the field of UX research at Lumen Health interests me.",
            example_messages()["rewrite"]["solution"],
        ],
    )
    assert all(f.severity == "tip" for f in review("Hi Ana, could we talk?").findings if f.rule == "interest")


# --------------------------------------------------------------------------- placeholders, markup
def test_placeholder_triggers_and_not():
    assert_triggers(
        "placeholder",
        [
            "Hi [first name], could we talk?",
            "Hi {first_name}, could we talk?",
            "Hi Ana, your work at <company> is great.",
            "Hi Ana, your work at XXX is great.",
            render_template("cold", {"first_name": "Ana"}),
        ],
    )
    assert_silent(
        "placeholder",
        [
            GOOD,
            "Hi Ana (she/her), could we talk?",
            "Hi Ana, 3 < 4 and 5 > 2.",
            "Hi Ana, I loved the talk :)",
            "Hi Ana, see example.com/page?x=1",
        ],
    )


def test_markup_triggers_and_not():
    assert_triggers(
        "markup",
        [
            "Hi <b>Ana</b>",
            "<script>alert(1)</script> Hi Ana",
            "Hi Ana,<br>could we talk?",
            '<a href="https://example.com">my site</a>',
            "<p>Hi Ana</p>",
        ],
    )
    assert_silent(
        "markup", [GOOD, "Hi Ana <ana@example.com>, hello", "I <3 your work", "3 < 4 > 2", "Hi Ana -> could we talk?"]
    )


# --------------------------------------------------------------------------- subject and characters
def test_subject_line_is_read_and_checked():
    text = "Subject: Referred by Dana Ortiz: data careers\n" + GOOD
    r = review(text, contact=MARIA)
    assert r.subject == "Referred by Dana Ortiz: data careers"
    assert r.word_count == len(GOOD.split())
    assert r.ok and "subject" not in r.rules
    assert r.body_span == (text.index("Hi Maria"), len(text.rstrip()))
    blank = review("Subject: Fellow [school] alum\n" + GOOD, contact=MARIA)
    assert [(f.rule, f.severity) for f in blank.findings] == [("placeholder", "error")]
    assert blank.text[slice(*blank.findings[0].span)] == "[school]"
    for subject in (
        "Job application - analyst position",
        "Looking for a referral",
        "Question about open positions at your company and a request for your advice please",
    ):
        assert "subject" in review(f"Subject: {subject}\n{GOOD}").rules


def test_characters_tip_only_for_cold_contacts():
    long_text = GOOD + " " + "Your team's recent launch looked great too. " * 4
    cold = dict(MARIA, channel="cold")
    assert "characters" in rules_of(long_text, contact=cold)
    assert "characters" not in rules_of(long_text, contact=MARIA)
    assert "characters" not in rules_of(GOOD[:300], contact=cold)


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("text", ["", "   \n\t ", None])
def test_empty_message_gets_one_clear_error(text):
    r = review(text)
    assert not r.ok
    assert [f.rule for f in r.findings] == ["empty"]
    assert "no message yet" in r.findings[0].message
    assert r.word_count == 0


def test_a_long_message_is_fully_reviewed_with_bounded_findings():
    text = "Could you refer me for any openings on your team? I'd love a job. " * 140
    r = review(text)
    assert r.word_count == 1960  # under the 2,000-word review limit: every check runs
    assert sum(f.rule == "job_ask" for f in r.findings) == outreach.MAX_FINDINGS_PER_RULE
    assert "length" in r.rules and "question_ask" not in r.rules


def test_a_whole_document_gets_one_finding_saying_so():
    """Speed is in benchmarks/bench_outreach.py; here, what a learner sees after pasting a document."""
    text = "Subject: my thesis\n" + ("Could you refer me for any openings on your team? I'd love a job. " * 400)
    r = review(text)
    assert r.word_count == 5600 and r.subject == "my thesis"
    assert [(f.rule, f.severity) for f in r.findings] == [("length", "error")]
    assert r.findings[0].message.startswith("5,600 words: this looks like a whole document, not a message")
    start, end = r.findings[0].span
    body_start = len("Subject: my thesis\n")
    assert len(text[body_start:start].split()) == 75 and end == len(text.rstrip())  # the words past the limit
    # The limit follows the instructor's: at twice their max_words when that is higher.
    assert review(text, rules={"length": {"max_words": 3000}}).rules >= {"job_ask"}
    assert [f.rule for f in review(text, rules={"length": {"review_max_words": 6000}}).findings].count("job_ask") > 0


@pytest.mark.parametrize(
    "text",
    [
        "Hola Ana, me encantaría hablar contigo durante veinte minutos sobre tu trabajo en la empresa. ¿Tienes tiempo?",
        "Bonjour Ana, je suis étudiant et j'aimerais beaucoup échanger avec vous pendant vingt minutes sur votre parcours.",
        "您好，我是一名学生，想请教您关于数据科学行业的一些问题，可以占用您二十分钟吗？",
    ],
)
def test_non_english_message_says_which_checks_apply(text):
    r = review(text)
    assert "language_check" in r.rules
    f = next(f for f in r.findings if f.rule == "language_check")
    assert "English" in f.message and "Still checked" in f.message
    assert not {"job_ask", "about_them", "format_flexibility", "connection_first"} & r.rules


def test_html_and_script_are_treated_as_text():
    text = '<script>alert("x")</script> Hi <b>Ana</b>, could we talk for 20 minutes?'
    contact = {"first_name": "<img src=x onerror=alert(1)>", "company": "<b>Acme</b>"}
    r = review(text, contact=contact)
    assert "markup" in r.rules
    assert r.text == text
    review("Hi Ana", contact={"first_name": None, "company": 3})  # odd values do not raise
    review("Hi Ana " * 100, contact={"first_name": ["A"], "company": {"x": 1}, "channel": ["cold"]})
    stray = review("word " * 80, rules={"length": {"message": "Too {long"}})
    assert [f.message for f in stray.findings if f.rule == "length"] == ["Too {long"]


@pytest.mark.parametrize("value", [12345, b"bytes", ["a", "list"], "\x00\x01 binary-ish", "?" * 1000, "a" * 100000])
def test_review_never_raises(value):
    r = review(value)
    assert isinstance(r.word_count, int)


# --------------------------------------------------------------------------- rules overrides
def test_rules_dict_and_file_override(tmp_path):
    msg = "Hi Ana, " + "your work is great and " * 18
    assert "length" in review(msg).rules
    assert "length" not in review(msg, rules={"length": {"max_words": 100}}).rules
    custom = tmp_path / "my_rules.toml"
    custom.write_text('[length]\nmax_words = 150\n\n[format_flexibility]\nseverity = "off"\n', encoding="utf-8")
    r = review(msg + " could we talk?", rules=str(custom))
    assert r.max_words == 150 and "length" not in r.rules and "format_flexibility" not in r.rules
    assert "time_ask" in r.rules  # everything else still from the defaults


def test_instructor_content_folder_changes_rules(tmp_path, monkeypatch):
    (tmp_path / "outreach_rules.toml").write_text("[length]\nmax_words = 100\n", encoding="utf-8")
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    assert review("word " * 90).max_words == 100


def test_bad_rules_give_content_errors(tmp_path):
    from infoview.content import ContentError

    with pytest.raises(ContentError, match=r"\[length\].*severity"):
        load_rules({"length": {"severity": "fatal"}})
    with pytest.raises(ContentError, match=r"\[connection_first\]: later_severity 'loud'"):
        load_rules({"connection_first": {"later_severity": "loud"}})
    with pytest.raises(ContentError, match="job_ask.*not a valid regular expression"):
        load_rules({"job_ask": {"patterns": ["(unclosed"]}})
    for bad, message in [
        ({"length": {"max_words": "seventy"}}, r"\[length\] max_words: expected a whole number, got 'seventy'"),
        ({"job_ask": {"patterns": "refer me"}}, r"\[job_ask\] patterns: expected a list"),
        ({"about_them": {"them_words": 5}}, r"\[about_them\] them_words: expected a list"),
        ({"time_ask": {"word_minutes": {"ten": "x"}}}, r"\[time_ask.word_minutes\] 'ten': expected a whole number"),
        ({"language_check": {"min_english_share": "a"}}, r"\[language_check\] min_english_share: expected a number"),
        ({"length": "short"}, r"length must be a table"),
    ]:
        with pytest.raises(ContentError, match=message):
            load_rules(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("[length\nmax_words = 3", encoding="utf-8")
    with pytest.raises(ContentError, match="broken.toml"):
        load_rules(str(broken))


def test_default_rules_are_cached_and_document_their_edition():
    assert load_rules() is load_rules()
    assert "2nd ed." in load_rules().edition
    data = load_rules().data
    for name in (
        "length",
        "job_ask",
        "connection_first",
        "question_ask",
        "time_ask",
        "personalization",
        "about_them",
        "format_flexibility",
        "interest",
        "subject",
        "characters",
    ):
        assert data[name]["source"], name
    assert {a["max_words"] for a in data["length"]["alternatives"]} == {100, 150}


def test_review_of_150_words_is_under_a_millisecond():
    text = (GOOD + " ") * 3
    review(text)
    runs = []
    for _ in range(30):
        start = time.perf_counter()
        review(text)
        runs.append(time.perf_counter() - start)
    # the 1 ms target is measured by benchmarks/bench_outreach.py; here only a guard against
    # a slow regression that survives a loaded CI machine (the fastest of 30 runs)
    assert min(runs) < 0.003


# --------------------------------------------------------------------------- templates and subjects
def test_every_template_filled_in_is_ready_to_send():
    fields = dict(
        your_name="Sam Lee",
        specific="churn forecasting",
        field="data science",
        referrer="Dana Ortiz",
        school="Westbrook University",
        event="the PyData meetup",
        shared="our time at Contoso",
    )
    assert set(templates()) >= {"referral", "alumni", "cold", "event", "warm"}
    for name in templates():
        r = review(render_template(name, MARIA, **fields), contact=MARIA)
        assert r.ok and not r.warnings, (name, str(r))


def test_template_blanks_stay_visible():
    text = render_template("referral", {"first_name": "Ana"})
    assert text.startswith("Hi Ana,")
    assert "[referrer]" in text and "[your name]" in text
    assert not review(text).ok


def test_render_template_keeps_html_and_braces_in_values_as_text():
    text = render_template("Hi {first_name}, {company}", {"first_name": "<b>{company}</b>", "company": "A&B"})
    assert text == "Hi <b>{company}</b>, A&B"


def test_suggest_subject_follows_northeastern_patterns():
    assert (
        suggest_subject({"channel": "referral"}, "data careers", referrer="Dana Ortiz")
        == "Referred by Dana Ortiz: data careers"
    )
    assert (
        suggest_subject({"channel": "alumni"}, "UX research", school="Westbrook")
        == "Fellow Westbrook alum: UX research"
    )
    assert suggest_subject({"channel": "event"}, "pricing", event="PyData") == "Great to meet you at PyData: pricing"
    assert suggest_subject({"company": "Acme"}, "", "cold") == "Your work at Acme: your advice"
    assert suggest_subject(None, "x", "alumni") == "Fellow [school] alum: x"


# --------------------------------------------------------------------------- exercises
def test_check_rewrite_feedback():
    ex = example_messages()["rewrite"]
    blank = check_rewrite("   ")
    assert not blank and "Nothing to check yet" in str(blank)
    same = check_rewrite(ex["message"])
    assert not same and "still the original" in str(same)
    partly = check_rewrite(ex["message"].replace("Hello,", "Hi Kenji,"))
    assert not partly and "still to fix" in str(partly)
    assert "be considered for" in str(partly)
    done = check_rewrite(ex["solution"])
    assert done and str(done).startswith("Ready to send")


def test_spot_examples_break_exactly_the_rules_listed():
    for spot in example_messages()["spot"]:
        found = {f.rule for f in review(spot["message"]).findings if f.severity != "tip"}
        assert found == set(spot["breaks"]), spot["id"]
        assert set(spot["hints"]) == set(spot["breaks"])


def test_check_spot_the_problems_feedback():
    spots = example_messages()["spot"]
    right = {s["id"]: list(s["breaks"]) for s in spots}
    assert check_spot_the_problems(right)
    blank = check_spot_the_problems({"A": [], "B": [], "C": []})
    assert not blank and "Nothing to check yet" in str(blank) and "job_ask" in str(blank)
    assert check_spot_the_problems(right).correct == 3 and check_spot_the_problems({"A": ["job_ask"]}).correct == 0
    assert not check_spot_the_problems(None)
    partial = check_spot_the_problems({"A": "job_ask, length", "B": ["Too long"], "C": ["nonsense"]})
    text = str(partial)
    assert not partial
    assert "Message A: 1 of 2 found." in text
    assert "it does not break length" in text
    assert "'nonsense' is not a rule id" in text
    assert spots[0]["hints"]["connection_first"] in text


# --------------------------------------------------------------------------- CLI
def test_cli_review_exit_codes_and_json(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert cli_main(["review", str(good)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ready to send: 48 of 75 words")

    bad = tmp_path / "bad.txt"
    bad.write_text("Hi there, could you refer me for any openings?", encoding="utf-8")
    assert cli_main(["review", str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["word_count"] == 9
    job = [f for f in data["findings"] if f["rule"] == "job_ask"]
    assert [(f["severity"], f["start"], f["end"]) for f in job] == [("error", 10, 28), ("error", 33, 45)]
    assert [f["rule"] for f in data["findings"]].count("job_ask") == 2


def test_cli_review_rules_file(tmp_path, capsys):
    msg = tmp_path / "m.txt"
    msg.write_text(GOOD + " " + "More words here. " * 10, encoding="utf-8")
    assert cli_main(["review", str(msg)]) == 1
    rules = tmp_path / "r.toml"
    rules.write_text("[length]\nmax_words = 150\n", encoding="utf-8")
    capsys.readouterr()
    assert cli_main(["review", str(msg), "--rules", str(rules)]) == 0


def test_cli_review_reads_standard_input(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD))
    assert cli_main(["review", "-"]) == 0
    assert capsys.readouterr().out.startswith("Ready to send: 48 of 75 words")


def test_cli_review_missing_rules_file_exits_2(tmp_path, capsys):
    msg = tmp_path / "m.txt"
    msg.write_text(GOOD, encoding="utf-8")
    assert cli_main(["review", str(msg), "--rules", str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml: no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "no such file"),
        (b"\xff\xfe\x00\x00binary", "not a text file"),
        (b"caf\xe9 latin-1", "not UTF-8"),
        ("dir", "is a folder"),
    ],
)
def test_cli_review_unreadable_input_exits_2(tmp_path, capsys, content, expected):
    path = tmp_path / "msg.txt"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    assert cli_main(["review", str(path)]) == 2
    assert expected in capsys.readouterr().err


# --------------------------------------------------------------------------- lesson displays
def test_side_by_side_shows_each_pair_reviewed_and_escaped():
    shown = outreach.side_by_side()
    text = repr(shown)
    assert text.count("Before: Not ready to send") == 3 and text.count("After: Ready to send") == 3
    html = shown._repr_html_()
    assert html.count("<pre") == 6 and "Dear Sir or Madam" in html
    one = outreach.side_by_side(1)
    assert repr(one).startswith("Respect their time")


def test_side_by_side_escapes_instructor_text(tmp_path, monkeypatch):
    (tmp_path / "example_messages.toml").write_text(
        '[[pair]]\nlesson = "<b>x</b>"\nwhy = "y"\nbad = "<script>1</script>"\ngood = "Hi"\n', encoding="utf-8"
    )
    monkeypatch.setenv("INFOVIEW_CONTENT", str(tmp_path))
    html = outreach.side_by_side()._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>x" not in html


def test_rules_table_names_the_edition_and_alternatives():
    text = repr(outreach.rules_table())
    assert text.startswith("Defaults follow Steve Dalton, The 2-Hour Job Search, 2nd ed. (2020)")
    assert "100 words: Dalton" in text and "150 words: Duke" in text
    assert "job_ask" in text and "format_flexibility" in text
    assert "subject" in outreach.rules_table()._repr_html_()


def test_exercise_descriptions():
    rewrite = outreach.describe_rewrite_exercise()
    assert rewrite.startswith("To: Kenji Watanabe, Supply Chain Analyst at Contoso Logistics")
    assert "- error:" in rewrite
    spot = outreach.describe_spot_exercise()
    assert spot.count("--- Message") == 3 and "format_flexibility" in spot


# --------------------------------------------------------------------------- any text at all

_PIECES = st.sampled_from(
    [
        "Hi Ana,",
        "Subject: x\n",
        "could you refer me",
        "20 minutes",
        "?",
        "\n",
        " ",
        "<b>",
        "{field}",
        "[name]",
        "I",
        "you",
        "not",
        "an hour",
        "您好",
        "é",
        "\u2019",
        ".",
        ",",
    ]
)
_TEXT = st.one_of(st.text(max_size=400), st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join))


@given(
    text=_TEXT,
    first=st.one_of(st.none(), st.text(max_size=12)),
    company=st.one_of(st.none(), st.text(max_size=12)),
    channel=st.sampled_from(["cold", "warm", "alumni", None]),
)
@settings(max_examples=300, deadline=None)
def test_review_never_raises_counts_words_and_points_inside_the_text(text, first, company, channel):
    contact = {"first_name": first, "company": company, "channel": channel}
    r = review(text, contact=contact)
    # words of the body as the rules read it: pasted HTML's tags are not words (text without
    # tags is counted exactly as len(body.split()))
    body = text[r.body_span[0] :]
    assert r.word_count == len(plain_text(body).text.split())
    assert r.ok == (not r.errors)
    for f in r.findings:
        assert 0 <= f.span[0] <= f.span[1] <= len(text)
        assert f.severity in outreach.SEVERITIES and f.message


def test_cli_refuses_a_file_far_too_big_for_a_message_without_reading_it(tmp_path, capsys):
    from infoview.cli import main

    big = tmp_path / "export.csv"
    with open(big, "wb") as fh:
        fh.truncate(3_000_000)  # sparse: the size is what counts
    assert main(["review", str(big)]) == 2
    err = capsys.readouterr().err
    assert "is 3.0 MB; an outreach message is a few hundred words" in err
