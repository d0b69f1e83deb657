"""The outreach reviewer judged on a labelled corpus, and one test per class of wording.

The corpus (``tests/data/outreach_corpus``, synthetic) holds good messages and messages that
break known rules, written as learners write them. The quality targets (issue 14) are
asserted here; ``benchmarks/bench_reviewer.py`` prints the full table and every miss.
This is a quality test, not a timed one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infoview.outreach import apply_rewrite, load_rules, review
from infoview.review_eval import evaluate, load_corpus
from infoview.review_text import Rewrite, highlight_segments, plain_text, sentences
from infoview.review_text import apply_rewrite as apply_text_rewrite

CORPUS = Path(__file__).parent / "data" / "outreach_corpus"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def scores(corpus):
    return evaluate(corpus)


def test_corpus_is_big_varied_and_about_a_third_good(corpus):
    assert len(corpus) >= 300
    good = sum(m.good for m in corpus)
    assert 0.28 <= good / len(corpus) <= 0.45, good
    channels = {m.channel for m in corpus}
    assert {"email", "inmail", "connection_note", "connection_note_premium"} <= channels
    texts = [m.text for m in corpus]
    assert any("\u2019" in t for t in texts) and any("'" in t for t in texts)
    assert any("<p>" in t for t in texts) and any("https://" in t for t in texts)
    assert any(t.lstrip().startswith(("Dear Dr.", "Dear Prof.", "Dear Ms.", "Dear Mr.")) for t in texts)
    assert any("\n- " in t or "\n* " in t for t in texts)
    known = set(load_rules().severity)
    for m in corpus:
        assert m.expect <= known, (m.id, m.expect - known)


def test_job_ask_precision_and_recall_meet_the_targets(scores):
    s = scores.scores["job_ask"]
    assert s.tp >= 90
    assert s.precision >= 0.97, scores.misses
    assert s.recall >= 0.95, scores.misses


def test_every_error_rule_is_precise(scores):
    rules = load_rules()
    for name, s in scores.scores.items():
        if rules.severity.get(name) == "error" and s.tp + s.fp:
            assert s.precision >= 0.95, (name, [m for m in scores.misses if m[1] == name])


def test_good_messages_are_clean(scores):
    assert scores.good_total >= 100
    assert scores.clean_share >= 0.95, [m for m in scores.misses if m[2] == "false alarm"]


# ------------------------------------------------------------------ job asks, class by class
FRAME = (
    "Hi Nora,\n\nTom Walsh suggested I write about your work on the Keystone fraud models. {ask} "
    "Could you spare 20 minutes for a call or video chat, whenever suits you?\n\nThanks,\nPriya"
)


def job_asks(sentence: str) -> bool:
    return "job_ask" in review(FRAME.format(ask=sentence)).rules


@pytest.mark.parametrize(
    "sentence",
    [
        # let me know if ... hiring / openings
        "Also, please let me know if your team is hiring.",
        "Do tell me if Keystone is hiring this year.",
        "If you hear of any openings in analytics, could you tell me?",
        # keep me in mind
        "Please keep me in mind if anything comes up.",
        "Do bear me in mind for junior roles.",
        "Could you keep me on your radar?",
        "Please think of me if a spot opens up.",
        # put me in touch with the people who hire
        "Could you put me in touch with your recruiter?",
        "Would you connect me with the hiring manager?",
        "Could you point me to your HR team?",
        # roles I could apply to
        "Are there any roles I could apply to?",
        "Which positions at Keystone should I apply for?",
        # land a role
        "I'm hoping to land a role on your team.",
        "Your advice would help me secure a position with your firm.",
        # a good word, a referral
        "Would it be no trouble to put in a good word for me?",
        "Could you say a good word about me to the hiring team?",
        "Would an internal referral be possible?",
        "I'd be grateful if you don't mind referring me for the open analyst role.",
        # CV for review
        "I've attached my CV for your review.",
        "Please find my resume attached.",
        "My CV is below for your consideration.",
        # considered for
        "I'd love to be considered for the graduate role.",
        "Would you consider me for the internship?",
        # wanting in: found by the freer-worded batches
        "I would love to be part of your team.",
        "Could you help me break into Keystone?",
        "I'm available to start immediately if your team needs analysts.",
        "Do you know whether Keystone takes on interns?",
        "I'm hoping you could help me get hired at Keystone.",
        "Could I send you my resume?",
        "Do you have any roles coming up in your team?",
        "Do you know anyone who is hiring analysts?",
        "Would your team have room for a junior analyst this year?",
        "I'd love the chance to work under you on that team.",
        "I'm looking to join a team like yours at Keystone.",
        "Could you forward this to whoever handles hiring?",
        "Could you keep an eye out for my application for the analyst post?",
        "Would you hire a career changer like me?",
        "Could you pass my details on to the hiring manager?",
    ],
)
def test_polite_and_indirect_job_asks_are_found(sentence):
    assert job_asks(sentence), review(FRAME.format(ask=sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "I don't suppose there are any openings on your team?",
        "If you don't mind, could you refer me?",
        "I'm not sure whether your team is hiring, but could you refer me if so?",
        "I don't want to be pushy, but would you refer me?",
        "No pressure at all, but please keep me in mind for openings.",
        "Not to be forward, but is your team hiring?",
        "If it's not too much trouble, could you pass along my CV to your team lead?",
        "I know you're not hiring, but could you keep me in mind?",
    ],
)
def test_a_negation_in_a_politeness_formula_does_not_hide_the_ask(sentence):
    assert job_asks(sentence), review(FRAME.format(ask=sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm not asking for a job.",
        "I'm not asking you to hire me or refer me.",
        "This is not a request for a referral.",
        "I'm not looking for a referral; your view would help most.",
        "Rather than asking about openings, could I ask how you started?",
        "I haven't applied for the analyst role, and this is not about it.",
        "I know your team isn't hiring right now, and that's fine.",
        "No referral needed, of course.",
        "I'm not after a job.",
    ],
)
def test_a_negation_that_governs_the_ask_clears_it(sentence):
    assert not job_asks(sentence), review(FRAME.format(ask=sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "How did you land your first role in fraud analytics?",
        "What do hiring managers like you look for in a portfolio?",
        "Your post about hiring juniors was brilliant.",
        "How did your team decide to hire someone from a bootcamp?",
        "Your talk on how referral programmes skew hiring was eye-opening.",
        "I'm happy in my current job.",
        "How did you get hired at Keystone after your bootcamp?",
        "Would there be room for a quick question about your path?",
        "What is it like to work at Keystone?",
        "I'd love to hear what it's like to work on your team.",
        "Which books would you recommend to someone new to fraud analytics?",
        "I often refer to your post on fraud rings.",
    ],
)
def test_job_words_without_an_ask_are_fine(sentence):
    assert not job_asks(sentence), review(FRAME.format(ask=sentence))


# ------------------------------------------------------------------ personalization
@pytest.mark.parametrize(
    "phrase",
    [
        "Your talk on open banking stayed with me.",
        "Your post about discovery interviews stayed with me.",
        "Your story about launching the Kids app stayed with me.",
        "Your take on open banking stayed with me.",
        "Your work on fraud models stayed with me.",
        "Your move into product stayed with me.",
        "Your recent interview about pricing stayed with me.",
        "The Atlas payments platform stayed with me.",
        "Project Harbor stayed with me.",
    ],
)
def test_something_specific_in_its_common_forms(phrase):
    text = f"Hi Lee,\n\nTom Walsh suggested I write. {phrase} Could you spare 20 minutes for a call or video chat, whenever suits you?"
    assert "personalization" not in review(text).rules, review(text)
    contact = {"first_name": "Lee", "company": "Orbital Freight", "position": "Engineer"}
    assert "personalization" not in review(text, contact=contact).rules


def test_generic_praise_is_not_specific():
    text = "Hi Lee,\n\nTom Walsh suggested I write. You seem to have had a great career. Could you spare 20 minutes for a call or video, whenever suits you?"
    assert [f.severity for f in review(text).findings if f.rule == "personalization"] == ["warning"]


# ------------------------------------------------------------------ the false alarms
@pytest.mark.parametrize(
    "greeting",
    [
        "Dear Dr. Okafor",
        "Dear Ms. Okafor",
        "Dear Prof. Okafor",
        "Dear Mr. J. R. Okafor",
        "Hello Mx. Okafor",
        "Dear Dr Okafor",
    ],
)
def test_titles_and_initials_do_not_split_the_greeting(greeting):
    text = (
        f"{greeting},\n\nTom Walsh suggested I reach out. Your research on malaria diagnostics is inspiring. "
        "Could you spare 15 minutes for a call or a coffee, whichever is easier for you?"
    )
    r = review(text)
    assert "connection_first" not in r.rules and "personalization" not in r.rules, r


def test_a_request_question_is_the_ask_even_when_the_time_follows():
    text = (
        "Hi Dana,\n\nI read your post about your team's roadmap. Could I ask you a few questions about how your "
        "team decides what to build? A 15-minute phone call or a coffee, whichever suits you, would be wonderful."
    )
    assert "question_ask" not in review(text).rules
    # a wh-question is not the ask: the statement after it still is
    text2 = (
        "Hi Dana,\n\nI read your post about your team's roadmap. How did you get into product? "
        "I'd love a 15-minute call or coffee, whichever suits you."
    )
    assert "question_ask" in review(text2).rules


def test_html_from_a_mail_program_is_read_as_text_and_highlights_land_on_the_original():
    text = (
        "<p>Hi Nora,</p><p>Tom Walsh suggested I reach out. Your work on the Keystone fraud models is fascinating. "
        "Could you refer me? Could you spare 20 minutes for a call or video chat, whenever suits you?</p>"
    )
    r = review(text)
    assert r.rules - {"too_short", "interest"} == {"markup", "job_ask"}
    f = next(f for f in r.findings if f.rule == "job_ask")
    assert text[f.span[0] : f.span[1]] == "Could you refer me"
    assert r.word_count == len(plain_text(text).text.split())


# ------------------------------------------------------------------ channels
def test_connection_note_limits_follow_the_channel():
    note = (
        "Hi Aisha, Jonah Reyes suggested I connect. "
        + "Your work on the Atlas platform is inspiring. " * 4
        + "Could you spare 15 minutes for a call or video, whenever suits you?"
    )
    assert 200 < len(note) <= 300
    free = review(note, channel="connection_note")
    f = next(f for f in free.findings if f.rule == "connection_note")
    assert f.severity == "error" and "200" in f.message and note[f.span[0] : f.span[1]] == note[200:]
    assert "connection_note" not in review(note, channel="connection_note_premium").rules
    assert "connection_note" not in review(note, channel="inmail").rules
    assert "connection_note" not in review(note, channel="email").rules
    assert "connection_note" not in review(note).rules
    source = load_rules().get("connection_note", "source")
    assert "2026" in source and "200" in source and "300" in source


# ------------------------------------------------------------------ rewrites
def test_rewrites_fix_mechanical_problems_and_the_learner_can_edit_after():
    text = "Hi Ana, we met at PyData. Could you refer me for the analyst role? Could we meet for an hour, by phone or video?"
    r = review(text)
    labels = {w.rule: w for w in r.rewrites}
    job = apply_rewrite(text, labels["job_ask"])
    assert "refer me" not in job and "advise" in job
    assert "job_ask" not in review(job).rules
    timed = apply_rewrite(text, labels["time_ask"])
    assert "for 20 minutes, by phone" in timed
    hyphen = review("Hi Ana, we met at PyData. Could we set up a 45-minute call or video chat?")
    assert "a 20-minute call" in apply_rewrite(hyphen.text, hyphen.rewrites[0])
    statement = review("Hi Ana, we met at PyData. Please keep me in mind for roles. Could we talk for 20 minutes?")
    removed = apply_rewrite(statement.text, statement.rewrites[0])
    assert removed == "Hi Ana, we met at PyData. Could we talk for 20 minutes?"


def test_a_rewrite_that_no_longer_fits_changes_nothing():
    assert apply_text_rewrite("short", Rewrite("time_ask", 3, 40, "x", "")) == "short"


# ------------------------------------------------------------------ text plumbing
def test_sentences_know_greetings_signoffs_signatures_bullets_and_urls():
    text = (
        "Hi Nora,\nI met Mr. J. R. Smith at the U.S. expo. Ms. Lee said hi.\n- point one\n"
        "- see https://x.com/a?b=1\n\nKind regards,\nSam Lee\nsam@example.com"
    )
    got = [(s.kind, s.text) for s in sentences(text)]
    assert got == [
        ("greeting", "Hi Nora,"),
        ("sentence", "I met Mr. J. R. Smith at the U.S. expo."),
        ("sentence", "Ms. Lee said hi."),
        ("bullet", "- point one"),
        ("bullet", "- see https://x.com/a?b=1"),
        ("signoff", "Kind regards,"),
        ("signature", "Sam Lee"),
        ("signature", "sam@example.com"),
    ]
    for s in sentences(text):
        assert text[s.start : s.end] == s.text


def test_plain_text_maps_every_character_back():
    html = "<div>Dear Dr.&nbsp;Okafor,</div><div><br></div><p>Tom &amp; I met.<br>Thanks,</p><style>p{}</style>"
    p = plain_text(html)
    assert p.text == "Dear Dr. Okafor,\nTom & I met.\nThanks,"
    i = p.text.index("Okafor")
    assert html[slice(*p.original_span(i, i + 6))] == "Okafor"
    i = p.text.index("&")
    assert html[slice(*p.original_span(i, i + 1))] == "&amp;"
    assert plain_text("Hi Ana <ana@example.com>, I <3 it").text == "Hi Ana <ana@example.com>, I <3 it"


def test_highlight_segments_cover_the_text_and_number_overlaps():
    text = "Hi Ana, could you refer me for the role?"
    parts = highlight_segments(text, [(8, 26, "error"), (18, 26, "warning"), (0, 0, "tip"), (30, 99, "tip")])
    assert "".join(p.text for p in parts) == text
    assert [(p.text, p.marks, p.severity) for p in parts] == [
        ("Hi Ana, ", (), ""),
        ("could you ", (1,), "error"),
        ("refer me", (1, 2), "error"),
        (" for", (), ""),
        (" the role?", (4,), "tip"),
    ]


@pytest.mark.parametrize(
    "opening",
    [
        "Mr. Dubois, my professor, advised me to write to you.",
        "Your former intern, Beth Cole, speaks warmly of your mentoring at Keystone.",
        "Ruth Ellery passed on your details.",
        "We're both in the Product Folks Slack.",
        "We were in the same Data Science Bootcamp cohort.",
        "Ana Ruiz mentioned that you moved into fraud analytics.",
    ],
)
def test_connections_in_their_common_forms(opening):
    text = (
        f"Hi Nora,\n\n{opening} Your work on the Keystone fraud models is fascinating. "
        "Could you spare 20 minutes for a call or video chat, whenever suits you?"
    )
    assert "connection_first" not in review(text).rules, review(text)


@pytest.mark.parametrize("greeting", ["Mr. Delgado,", "Maria,", "Dear Ms. Okafor,", "Hello Prof. Lee,"])
def test_a_greeting_by_title_or_bare_name_names_them(greeting):
    text = (
        f"{greeting}\n\nTom Walsh suggested I reach out. Your work on the Keystone fraud models is fascinating. "
        "Could you spare 20 minutes for a call or video chat, whenever suits you?"
    )
    assert "personalization" not in review(text).rules, review(text)


@pytest.mark.parametrize(
    "offer",
    [
        "by phone or visio, at the moment you prefer",
        "online or in person",
        "by phone or online",
        "whenever it is convenient for you",
        "or would you rather answer by e-mail",
    ],
)
def test_flexibility_in_its_common_forms(offer):
    text = (
        "Hi Nora,\n\nTom Walsh suggested I reach out. Your work on the Keystone fraud models is fascinating. "
        f"Could you spare 20 minutes, {offer}?"
    )
    assert "format_flexibility" not in review(text).rules, review(text)


# A list of job asks written in wordings none of the rules had seen (the reviewer found 1 of
# 15 at first), and advice sentences that use the same words without asking: each stands for
# a class the rules now cover (recruiting, intakes, headcount, work for me, a reference ...).
UNSEEN_JOB_ASKS = [
    "Is your department taking applications at the moment?",
    "Could you let me know when the next graduate intake opens?",
    "I'd be thrilled to be considered if anything suitable turns up.",
    "Would you be able to flag my name to the people making hiring decisions?",
    "Could you check whether there is headcount for a junior analyst?",
    "Would you have any work for a freelance designer like me?",
    "I'm keen to get a foot in at Keystone, could you help?",
    "Is there an entry-level path into your team that I could try for?",
    "Would you mind passing my portfolio to your design lead?",
    "If you need an extra pair of hands, I'm available.",
    "Could you let me know if a graduate role comes up?",
    "I'd really value a recommendation from you for the analyst opening.",
    "Is Keystone recruiting this autumn?",
    "Could you put a word in for me?",
    "Would you be willing to be a reference for me?",
]
SAME_WORDS_NO_ASK = [
    "What did your path into your company look like?",
    "I'd love to hear how your team handles the graduate intake.",
    "Your post on headcount planning was great, and your team's headcount in 2025 doubled.",
    "If anything comes up in your week, no worries at all.",
    "If something comes up, we can always move the call.",
    "What do you look for when your team is taking applications?",
    "Would you recommend getting a foot in through contracting?",
    "Could you share your thoughts on the role of data in hiring?",
    "How did you find your way into fraud analytics?",
    "What was your route into the industry?",
    "Which skills would you look for in a new hire?",
    "What would make an application stand out to you?",
    "How did you decide when to leave your last job?",
    "I'd love your advice on what roles to target next year.",
    "Could you tell me how you were recruited into Keystone?",
    "Was it hard to get hired without a degree?",
    "I'd be happy to share my notes from the talk if useful.",
    "Would you be open to sharing how referrals work on your team?",
    "What is the best way into the field for a career changer?",
    "Do you know anyone else I could learn from?",
]


# A second list in unseen wording (4 of 15 found by the patterns at first): most are now found
# by the contextual check (a job word that is not theirs, in a request about the writer or their
# team, and not an advice question), the rest by patterns for their class.
UNSEEN_JOB_ASKS_2 = [
    "Would you be happy to introduce me to whoever is hiring for the analyst team?",
    "Is there any possibility of a summer placement in your lab?",
    "Any openings for a data person on your side?",
    "I'd welcome the opportunity to interview with your team.",
    "Could you help me land something at Keystone?",
    "Would your company sponsor a visa for a role like yours?",
    "I would be grateful for any leads on jobs at Keystone.",
    "If you could share my CV internally, that would mean a lot.",
    "Are you guys hiring at all?",
    "Let me know if there's anything going at Keystone.",
    "Would you consider taking me on as an apprentice?",
    "I'm currently job-seeking and would value a referral.",
    "Could I shadow your team with a view to joining it?",
    "I'm applying for your analyst vacancy and would love your backing.",
    "Would you be willing to submit my name for the open role?",
]
SAME_WORDS_NO_ASK_2 = [
    "How did your team decide to open an office in Leeds?",
    "What do you wish you had known before your first job?",
    "I'd love to hear about your interview with the Guardian.",
    "Which parts of your role do you enjoy most?",
    "How did you go about landing clients in your first year?",
    "What does a typical week look like in your position?",
    "I'm curious what skills helped you most when you applied to Keystone.",
    "Would you share how you made the jump into fraud analytics?",
    "Any advice on building a portfolio for fraud analytics?",
    "How did your manager support you when you joined?",
    "Would you be open to sharing how referrals work on your team?",
    "Hi Ana, what do you want in a new hire on your team?",
]


@pytest.mark.parametrize("sentence", UNSEEN_JOB_ASKS + UNSEEN_JOB_ASKS_2)
def test_job_asks_in_unseen_wording(sentence):
    assert job_asks(sentence), review(FRAME.format(ask=sentence))


@pytest.mark.parametrize("sentence", SAME_WORDS_NO_ASK + SAME_WORDS_NO_ASK_2)
def test_the_same_words_in_advice_questions_are_fine(sentence):
    assert not job_asks(sentence), review(FRAME.format(ask=sentence))


def test_sign_offs_and_signatures_are_not_job_asks_but_a_postscript_is_read():
    base = (
        "Hi Nora,\n\nTom Walsh suggested I write about your work on the Keystone fraud models. "
        "Could you spare 20 minutes by phone or video, whenever suits you?\n\n"
    )
    assert "job_ask" not in review(base + "Thank you for your consideration,\nSam").rules
    assert "job_ask" not in review(base + "Best,\nSam Lee\nData analyst | Open to work").rules
    assert "job_ask" in review(base + "Best,\nSam\nP.S. Is your team hiring?").rules
    assert "job_ask" in review(base + "Best,\nSam\n\nPS: please keep me in mind for roles").rules
    assert "job_ask" in review(base.replace("Could you", "I've attached my CV for your consideration. Could you")).rules


def test_a_greeting_line_is_only_the_greeting():
    assert [s.kind for s in sentences("Hi Ana,\nCould we talk?")] == ["greeting", "sentence"]
    assert [s.kind for s in sentences("Dear Dr. Okafor,")] == ["greeting"]
    for line in (
        "Hi Ana, is Contoso hiring any analysts?",
        "Hi there, hope you're well!",
        "Hi Ana. Could you refer me?",
    ):
        assert "greeting" not in [s.kind for s in sentences(line)], line


def test_cli_review_checks_the_channel(tmp_path, capsys):
    from infoview.cli import main as cli_main

    note = tmp_path / "note.txt"
    note.write_text(
        "Hi Aisha, Jonah Reyes suggested I connect. "
        + "Your work on the Atlas platform is inspiring. " * 4
        + "Could you spare 15 minutes for a call or video, whenever suits you?"
    )
    assert cli_main(["review", str(note), "--channel", "connection_note"]) == 1
    assert "connection_note" in capsys.readouterr().out
    assert cli_main(["review", str(note), "--channel", "connection_note_premium"]) == 0


@pytest.mark.parametrize(
    "content, says",
    [
        ("[[message]]\nid = 'a'\n", "needs an id and a text"),
        ("[[message]]\nid = 'a'\ntext = 'Hi'\nexpect = 'job_ask'\n", "list of rule ids"),
        ("[[message]\n", "not valid TOML"),
        ("[[message]]\nid = 'a'\ntext = 'Hi'\nchannel = 'fax'\n", "not one of"),
    ],
)
def test_a_bad_corpus_file_gets_one_clear_sentence(tmp_path, content, says):
    (tmp_path / "mine.toml").write_text(content)
    with pytest.raises(ValueError, match=says):
        load_corpus(tmp_path)
    with pytest.raises(ValueError, match="not a folder"):
        load_corpus(tmp_path / "missing")


def test_the_contextual_check_can_be_switched_off():
    text = FRAME.format(ask="Is there any possibility of a summer placement in your lab?")
    assert "job_ask" in review(text).rules
    off = {"job_ask": {"context_job_words": "", "patterns": []}}
    assert "job_ask" not in review(text, rules=off).rules
