"""Stage 2 views: drive the composer and the message reviewer by setting values and clicking."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from infoview import outreach
from infoview.outreach import example_messages
from infoview.session import Session
from infoview.views.outreach import Composer, MessageReviewer, mailto_link, review_html

# The lesson's good example (referral, 48 words): ready to send with no findings.
GOOD = example_messages()["pair"][0]["good"]


@pytest.fixture
def people(tracker):
    dana = tracker.add_contact(first_name="Dana", last_name="Ortiz", company="Contoso", channel="warm")
    maria = tracker.add_contact(
        first_name="Maria",
        last_name="Lopez",
        company="Northwind Analytics",
        position="Senior Data Scientist",
        email="maria.lopez@example.com",
        channel="referral",
        referred_by=dana,
    )
    return tracker, dana, maria


def choose(composer, contact_id):
    composer.contact.value = contact_id
    return composer


def test_contacts_not_yet_contacted_come_first_and_referrer_is_filled_in(people):
    tracker, dana, maria = people
    tracker.log(dana, "outreach_sent", on="2026-03-02")
    c = Composer(tracker)
    assert c.contact.options[0] == ("Maria Lopez (Northwind Analytics) · referral", maria)
    assert c.contact.options[1][0].endswith("· contacted")
    assert not c.using_sample and c.source.value == ""
    assert c.template.value == "referral"
    assert c.connection.description == "Referred by" and c.connection.value == "Dana Ortiz"
    assert c.text.value.startswith("Hi Maria,\n\nDana Ortiz suggested I reach out to you.")
    assert c.subject.value == "Referred by Dana Ortiz: your advice"


def test_findings_update_and_ready_state_flips_as_the_text_changes(people):
    tracker, _, maria = people
    c = choose(Composer(tracker), maria)
    assert not c.ready  # template blanks left
    assert "placeholder" in c.review.rules
    assert "Not ready yet" in c.feedback.value

    c.text.value = GOOD
    assert c.ready
    assert c.review.word_count == 48
    assert "✔ Ready to send" in c.feedback.value and "48 of 75 words" in c.feedback.value

    c.text.value = GOOD.replace("Would you be open to", "Could you refer me for any openings, or")
    assert not c.ready
    assert "job_ask" in c.review.rules
    assert "could you refer me" in c.feedback.value.lower()
    assert "Error" in c.feedback.value


def test_filling_fields_completes_the_template_and_keeps_own_edits(people):
    tracker, _, maria = people
    c = choose(Composer(tracker), maria)
    c.your_name.value = "Jordan Patel"
    c.field.value = "data science"
    c.specific.value = "churn forecasting"
    assert "[" not in c.text.value
    assert c.ready, str(c.review)
    assert c.subject.value == "Referred by Dana Ortiz: data science"

    c.text.value = c.text.value + "\nP.S. Loved the talk."
    edited = c.text.value
    c.field.value = "analytics"
    assert c.text.value == edited  # the learner's edits are kept
    assert "edits are kept" in c.notice.text
    c.fill_button.click()
    assert "analytics" in c.text.value and "P.S." not in c.text.value


def test_subject_is_reviewed_too(people):
    tracker, _, maria = people
    c = choose(Composer(tracker), maria)
    c.text.value = GOOD
    assert c.ready and c.review.subject == "Referred by Dana Ortiz: your advice"
    c.subject.value = "Fellow [school] alum: data careers"
    assert not c.ready
    assert [f.message for f in c.review.errors] == ["Fill in [school] in the subject line before sending."]
    c.subject.value = "Job application: analyst position"
    assert c.ready and "subject" in c.review.rules
    assert c.review.word_count == 48


def test_log_as_sent_writes_to_the_tracker_once(people):
    tracker, _, maria = people
    c = choose(Composer(tracker), maria)
    c.text.value = GOOD
    c.log_button.click()
    sent = [i for i in tracker.interaction_list(maria) if i["kind"] == "outreach_sent"]
    assert [(i["occurred_on"], i["detail"]) for i in sent] == [("2026-03-16", "Referred by Dana Ortiz: your advice")]
    assert c.notice.kind == "ok"
    assert c.notice.text == "Logged: outreach sent to Maria Lopez (Northwind Analytics) on 2026-03-16."
    c.log_button.click()
    assert len([i for i in tracker.interaction_list(maria) if i["kind"] == "outreach_sent"]) == 1
    assert "Already logged" in c.notice.text


def test_log_refuses_an_empty_message_and_warns_when_not_ready(people):
    tracker, _, maria = people
    c = choose(Composer(tracker), maria)
    c.text.value = ""
    c.log_button.click()
    assert c.notice.kind == "warning" and tracker.interaction_list(maria) == []
    c.text.value = "Hi Maria, can I have a job?"
    c.log_button.click()
    assert "still lists" in c.notice.text and len(tracker.interaction_list(maria)) == 1


def test_mailto_link_is_encoded_and_escaped(people):
    tracker, dana, maria = people
    c = choose(Composer(tracker), maria)
    c.subject.value = 'Q&A: "data" <careers>'
    c.text.value = "Hi Maria,\nline two & more?"
    html = c.mailto.value
    assert 'href="mailto:maria.lopez@example.com?subject=Q%26A%3A%20%22data%22%20%3Ccareers%3E&amp;body=' in html
    assert "%0D%0A" in html and "<careers>" not in html
    href = mailto_link("a@example.com", "s", "x\ny")
    assert unquote(href.split("body=")[1]) == "x\r\ny"
    choose(c, dana)
    c.text.value = "Hi Dana"
    assert "No e-mail address for Dana Ortiz (Contoso)" in c.mailto.value


def test_copy_shows_the_text_ready_to_select(people):
    tracker, _, maria = people
    c = choose(Composer(tracker), maria)
    c.text.value = GOOD
    c.copy_button.click()
    assert c.copy_box.layout.display is None
    assert c.copy_box.value.startswith("Subject: Referred by Dana Ortiz: your advice\n\nHi Maria,")
    assert "Ctrl+A" in c.notice.text


def test_html_in_contact_name_and_message_is_escaped(tracker):
    evil = tracker.add_contact(
        first_name='<script>alert("x")</script>',
        last_name="<b>Bold</b>",
        company="<img src=x onerror=alert(1)>",
        email="evil@example.com",
        channel="cold",
    )
    c = choose(Composer(tracker), evil)
    c.text.value = "<script>alert(1)</script> Hello <b>there</b>"
    c.log_button.click()
    widgets_html = [c.feedback.value, c.mailto.value, c.notice.value, c.source.value]
    for html in widgets_html:
        assert "<script" not in html and "<img" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;" in c.feedback.value
    assert "&lt;script&gt;" in c.notice.value
    assert "markup" in c.review.rules


def test_empty_tracker_uses_the_sample_and_says_so(tracker):
    c = Composer(tracker)
    assert c.using_sample
    assert "sample learner" in c.source.value
    assert len(c.contact.options) == 42
    first = c.current_contact
    c.text.value = "Hi " + first["first_name"] + ", could we talk for 20 minutes?"
    c.log_button.click()
    assert "not saved to your tracker" in c.notice.text
    assert tracker.interaction_list() == []  # the learner's own tracker is untouched


def test_a_big_tracker_shows_picked_contacts_first_and_find_narrows_the_list(tracker):
    from infoview.views import outreach as view

    ids = tracker.add_contacts(
        [
            {"first_name": f"Person{i}", "last_name": "Example", "company": f"Company {i % 7}"}
            for i in range(view.MAX_OPTIONS + 50)
        ]
    ).added
    tracker.log(ids[123], "identified", on="2026-03-10")
    c = Composer(tracker)
    assert c.find.layout.display is None
    assert len(c.contact.options) == view.MAX_OPTIONS
    assert c.find.description == f"Find ({view.MAX_OPTIONS} of {view.MAX_OPTIONS + 50})"
    assert c.contact.value == ids[123]  # picked in notebook 01, not contacted yet: first
    c.find.value = "person24"
    assert [label for label, _ in c.contact.options] == [
        "Person24 Example (Company 3) · cold",
        "Person240 Example (Company 2) · cold",
        "Person241 Example (Company 3) · cold",
        "Person242 Example (Company 4) · cold",
        "Person243 Example (Company 5) · cold",
        "Person244 Example (Company 6) · cold",
        "Person245 Example (Company 0) · cold",
        "Person246 Example (Company 1) · cold",
        "Person247 Example (Company 2) · cold",
        "Person248 Example (Company 3) · cold",
        "Person249 Example (Company 4) · cold",
    ]
    assert c.current_contact["first_name"] == "Person24"
    assert c.text.value.startswith("Hi Person24,")
    c.find.value = "nobody"
    assert c.contact.value is None and "no contact matches 'nobody'" in c.contact.options[0][0]


def test_connection_box_shows_only_for_templates_that_use_it(people):
    tracker, _, maria = people
    c = choose(Composer(tracker), maria)
    c.template.value = "cold"
    assert c.connection.layout.display == "none"
    assert c.your_name.layout.display is None and c.field.layout.display is None and c.subject.layout.display is None
    c.template.value = "event"
    assert c.connection.layout.display is None and c.connection.description == "Event"
    warm = tracker.add_contact(first_name="Sam", company="Contoso", channel="warm")
    c.refresh()
    assert c.contact.value == maria  # the chosen contact stays chosen
    choose(c, warm)
    assert c.template.value == "warm" and c.connection.description == "How you know them"
    c.connection.value = "our time at Contoso"
    assert "I hope all is well since our time at Contoso." in c.text.value


def test_no_contacts_anywhere_still_works(tracker):
    c = Composer(Session(tracker, sample=False))
    assert c.contact.value is None and "no contacts yet" in c.contact.options[0][0]
    c.template.value = "cold"
    c.text.value = GOOD
    assert c.review.word_count == 48
    c.log_button.click()
    assert c.notice.kind == "error" and "Choose a contact" in c.notice.text


def test_contact_without_company_gets_a_clear_finding(tracker):
    lee = tracker.add_contact(first_name="Lee", channel="event")
    c = choose(Composer(tracker), lee)
    c.text.value = "Hi Lee, great to meet you at PyData. Could we talk for 20 minutes, whenever suits you?"
    msgs = [f.message for f in c.review.findings if f.rule == "personalization"]
    assert msgs == [
        "Say something specific about their work: a project, their path, a post. It shows this is not a mass e-mail."
    ]


def test_message_reviewer_updates_live():
    r = MessageReviewer(contact={"first_name": "Maria", "company": "Northwind Analytics"})
    assert not r.ready and "no message yet" in r.feedback.value
    r.text.value = GOOD
    assert r.ready and "Ready to send" in r.feedback.value
    r.text.value = "Dear Sir or Madam, I want a job."
    assert not r.ready and {"personalization", "job_ask"} <= r.review.rules
    assert repr(r) == "MessageReviewer()"


def test_review_html_lists_every_finding_escaped():
    review = outreach.review('Hi <b>"you"</b>, a job?')
    html = review_html(review)
    assert html.count('class="infoview-finding') == len(review.findings)
    assert '<b>"you"' not in html


# --------------------------------------------------------------------------- the writer's view
from infoview.views.outreach import HIGHLIGHT_STYLE  # noqa: E402


def _contrast(fg: str, bg: str) -> float:
    def lum(hex_colour: str) -> float:
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_highlights_are_readable_and_not_colour_alone():
    from infoview.views.outreach import _SEVERITY_STYLE

    symbols, lines = set(), set()
    for sev, (fg, bg, line, symbol) in HIGHLIGHT_STYLE.items():
        assert _contrast(fg, bg) >= 4.5, sev
        assert _contrast(_SEVERITY_STYLE[sev][0], bg) >= 4.5, sev  # the numbered symbol on the mark
        symbols.add(symbol), lines.add(line)
    assert len(symbols) == len(lines) == len(HIGHLIGHT_STYLE)


def test_the_reviewer_marks_each_finding_in_place_escaped_and_numbered():
    m = MessageReviewer("Hi <b>Ana</b>, could you refer me for the role? Could we meet for an hour?")
    html = m.marked.value
    assert "<b>" not in html and "&lt;b&gt;" in html and "&lt;/b&gt;" in html
    assert 'class="infoview-legend"' in html and "Error" in html and "Warning" in html
    marks = html.count('<mark class="infoview-hl')
    assert marks >= 2 and "infoview-hl-error" in html
    numbered = [f for f in m.review.findings if not m.review.is_whole(f)]
    for n in range(1, len(numbered) + 1):
        assert f"finding {n}" in html or f',{n}"' in html or f" {n}," in html
    # each marked finding in the list carries the same number as its mark
    assert m.feedback.value.count('class="infoview-ref"') == len(numbered)
    # the marked text reads as the message (tags removed, nothing lost)
    import re

    plain = re.sub(r"<sup[^>]*>.*?</sup>", "", html.split('class="infoview-marked"', 1)[1].split(">", 1)[1])
    plain = (
        re.sub(r"<[^>]+>", "", plain)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
    )
    assert plain.startswith(m.text.value)


def test_one_click_rewrites_apply_and_can_then_be_edited():
    m = MessageReviewer("Hi Ana, we met at PyData. Could you refer me? Could we meet for an hour, by phone or video?")
    shown = [b for b in m.fixes.buttons if b.layout.display is None]
    assert len(shown) == 2 and "advice" in shown[0].description.lower() and "20 minutes" in shown[1].description
    shown[1].click()
    assert "for 20 minutes, by phone" in m.text.value and "time_ask" not in m.review.rules
    m.fixes.buttons[0].click()
    assert "refer me" not in m.text.value and "job_ask" not in m.review.rules
    assert all(b.layout.display == "none" for b in m.fixes.buttons)
    m.text.value = m.text.value + " Thanks!"  # the learner edits after
    assert m.text.value.endswith("Thanks!")


def test_composer_marks_the_message_below_the_subject_line(people):
    tracker, dana, maria = people
    c = choose(Composer(tracker), maria)
    c.subject.value = "Referred by Dana: data careers"
    c.text.value = "Hi Maria, could we meet for an hour? Dana Ortiz suggested I write."
    mark = '<mark class="infoview-hl'
    assert mark in c.marked.value and "Subject:" not in c.marked.value
    fix = next(b for b in c.fixes.buttons if "20 minutes" in b.description)
    fix.click()
    assert c.text.value == "Hi Maria, could we meet for 20 minutes? Dana Ortiz suggested I write."


def test_composer_channel_checks_the_connection_note_limit(people):
    tracker, dana, maria = people
    c = choose(Composer(tracker), maria)
    assert [v for _, v in c.channel.options] == list(outreach.CHANNELS)
    c.text.value = GOOD.strip()
    assert "connection_note" not in c.review.rules
    c.channel.value = "connection_note"
    assert "connection_note" in c.review.rules and c.subject.layout.display == "none"
    assert "of 200 characters" in c.feedback.value
    c.channel.value = "connection_note_premium"
    assert "of 300 characters" in c.feedback.value
    c.channel.value = "email"
    assert "connection_note" not in c.review.rules and c.subject.layout.display is None
