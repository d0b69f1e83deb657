"""One learner's data through every stage, through the library's public functions.

contact list -> target list -> message -> brief -> notes -> follow-ups -> calendar -> outcomes
-> anonymised export -> backup and restore. Each step reads what the step before stored.
"""

from __future__ import annotations

import datetime as dt
import json

from icalendar import Calendar

from infoview import cohort, contacts, conversation, followup, outcomes, outreach, prep
from infoview.paths import sample_data_dir
from infoview.tracker import Tracker

D = dt.date


def test_one_learner_through_all_stages(tmp_path):
    t = Tracker(tmp_path / "tracker.sqlite")

    # Stage 1: import the LinkedIn export, rank employers, choose whom to approach.
    read, result = contacts.import_contacts(sample_data_dir() / "sample" / "Connections.csv", t)
    assert len(result.added) == 147 and read.skipped_hidden == 3
    people = t.contacts_frame()
    ada = int(people.iloc[0]["id"])
    company = people.iloc[0]["company"]
    contacts.save_target(t, company, advocacy="Y", motivation=3, posting=2)
    table = contacts.target_table(t.contacts_frame(), t.target_list())
    assert table.iloc[0]["employer"] == company  # the only motivated employer ranks first
    assert contacts.identify(t, [ada], channel="alumni", on="2026-03-02")["identified"] == [ada]

    # Stage 2: a reviewed message, then logged as sent.
    person = t.contact(ada)
    bad = outreach.review("Hi, are there any openings on your team? I've attached my resume.", contact=person)
    assert not bad.ok and "job_ask" in {f.rule for f in bad.findings}
    good_text = (
        f"Hi {person['first_name']}, as a fellow Lakeside alum I noticed your work as {person['position']} at "
        f"{person['company']}. I am exploring the field and would value your advice, not a job. "
        "Could you spare 20 minutes for a quick call or video chat in the next two weeks, whenever suits you? "
        "I'd love to hear how your team approaches its work."
    )
    good = outreach.review(good_text, contact=person)
    assert good.ok, [f"{f.rule}: {f.message}" for f in good.findings if f.severity == "error"]
    t.log(ada, "outreach_sent", on="2026-03-02")

    # Stage 5 (3B7): no reply yet, so on Monday 16 March both steps are due.
    kinds = {a.kind for a in followup.due(t, D(2026, 3, 16)) if a.contact_id == ada}
    assert len(kinds) == 2, kinds

    # They reply; stage 3: a brief with questions that fit 20 minutes.
    t.log(ada, "replied", on="2026-03-04")
    assert not [a for a in followup.due(t, D(2026, 3, 16)) if a.contact_id == ada]
    bank = prep.load_question_bank()
    questions = prep.select_questions(bank, 20)
    assert prep.budget(questions, 20).used <= 20
    files = prep.write_brief(
        person,
        {"notes": "<script>alert(1)</script> read their blog"},
        ["How teams hire juniors"],
        questions,
        20,
        out_dir=tmp_path / "briefs",
    )
    page = files.html.read_text()
    assert person["first_name"] in page and "&lt;script&gt;" in page and "<script>alert" not in page

    # Stage 4: notes after the meeting; a suggested name becomes a referral contact.
    notes = conversation.notes_from_form(
        "2026-03-09",
        insights="Teams hire from internships",
        advice="Build a small portfolio project",
        names_text="Jordan Example",
        promised_text="Send my portfolio link | 2026-03-13",
    )
    saved = conversation.save_meeting_notes(t, ada, notes, today=D(2026, 3, 16))
    assert saved.logged_meeting and len(saved.new_contacts) == 1
    referral = t.contact(saved.new_contacts[0])
    assert referral["channel"] == "referral" and referral["referred_by"] == ada

    # Stage 5: the thank-you and the promise are due; a draft names the advice; calendar export.
    due = [a for a in followup.due(t, D(2026, 3, 16)) if a.contact_id == ada]
    assert {"thank_you", "promised"} <= {a.kind for a in due}, [a.kind for a in due]
    thank_you = next(a for a in due if a.kind == "thank_you")
    draft = followup.draft_thank_you(person, notes.to_body())
    assert "portfolio" in draft.lower()
    cal = Calendar.from_ical(followup.to_ics(due))
    assert len(cal.walk("VEVENT")) == len(due)
    assert followup.mark_done(t, thank_you, on="2026-03-16") == "thank_you_sent"
    assert "thank_you" not in {a.kind for a in followup.due(t, D(2026, 3, 16)) if a.contact_id == ada}

    # Stage 6: the funnel counts this contact at every stage it reached.
    f = outcomes.funnel(t).set_index("stage")["count"]
    assert f["identified"] >= 2 and f["contacted"] == 1 and f["replied"] == 1 and f["met"] == 1 and f["thanked"] == 1

    # Anonymised export for the instructor holds none of the personal fields.
    out = tmp_path / "summary.json"
    cohort.export_anonymized(t, out)
    text = out.read_text()
    json.loads(text)
    for value in (
        person["first_name"],
        person["last_name"],
        person["company"],
        person["url"],
        "portfolio",
        referral["first_name"],
    ):
        if value:
            assert value not in text, value

    # Backup and restore bring everything back.
    backup = t.backup(tmp_path / "backup.sqlite")
    fresh = Tracker(tmp_path / "new-machine.sqlite")
    fresh.restore(backup)
    assert fresh.count() == t.count()
    assert fresh.latest_note(ada, "meeting_notes")["body"]["advice"] == "Build a small portfolio project"
