"""Write the lessons that sit between the stages (01b, 03b, 04b, 04c) and the glossary (99).

Then execute them: ``.venv/bin/python tools/execute_notebooks.py notebooks/01b_*.ipynb ...``.
Kept as a script so the lesson text can be reviewed as plain Markdown in a diff. Every lesson
follows the template: questions, objectives, time, short steps with one tool each, an exercise
with feedback, key points, a backup reminder and a "Next" link.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent

BACKUP = """> **Before you leave:** on Binder your session ends after about 10 idle minutes and what you
> entered goes with it. Download a backup with the **Backup** tool in
> [Start here](00_start_here.ipynb) and keep the file; restore it there next time.
> Words you do not know? See the [glossary](99_glossary.ipynb)."""


def header(title: str, questions: list[str], objectives: list[str], teaching: int, exercises: int) -> str:
    q = "\n".join(f"- {x}" for x in questions)
    o = "\n".join(f"{i}. {x}" for i, x in enumerate(objectives, 1))
    return (
        f"# {title}\n\n**Questions**\n{q}\n\n**Objectives**: by the end you can\n{o}\n\n"
        f"**Time:** teaching {teaching} min, exercises {exercises} min"
    )


def solution(text: str):
    """A worked solution for instructors, removed from the student version (tagged 'solution')."""
    return new_markdown_cell(
        "<details><summary>Worked solution (instructors: this cell is removed from the student "
        f"version)</summary>\n\n{text}\n</details>",
        metadata={"tags": ["solution"]},
    )


def footer(points: list[str], next_name: str, next_title: str) -> str:
    p = "\n".join(f"- {x}" for x in points)
    return f"## Key points\n\n{p}\n\n{BACKUP}\n\n**Next:** [{next_title}]({next_name}.ipynb)"


LESSONS: dict[str, list] = {}

LESSONS["01b_finding_people"] = [
    new_markdown_cell(
        header(
            "1b. Finding people, and asking your own network for an introduction",
            [
                "Where do I find people to talk to, beyond the contacts I already have?",
                "What do I say at an event, and afterwards?",
                "How do I ask someone I know to introduce me, so that it is easy for them?",
            ],
            [
                "Use alumni search, associations and team pages to find people whose work you can name.",
                "Open and close a conversation at an event, and follow up within two days.",
                "Write an introduction request with lines your contact can forward as they are, and report back afterwards.",
                "Adjust the method to who you are: a first-timer, an international student, a career changer, a veteran.",
            ],
            15,
            25,
        )
    ),
    new_markdown_cell("""## Where the people are

Notebook 01 turned your own connections into a list. Most of the people worth asking are one step
further out:

- **Alumni.** Your school's page on LinkedIn has an *Alumni* tab that filters graduates by employer,
  job and place. Your career centre may run an alumni database or mentoring platform too. A shared
  school is a reason to write ("Fellow alum"), and such requests tend to get more replies than cold
  ones (this course assumes 35-60% against 15-30% for cold requests, an assumption: see notebook 01).
- **Professional associations.** Member directories, local chapters, volunteers at events.
- **Team pages, blogs and talks.** An employer's team page, engineering blog or conference talks
  name people and say what they work on, which gives you something specific to mention.

Tick each step as you do it; your ticks are kept in your tracker."""),
    new_code_cell("from infoview.views.situations import FindingPeopleChecklist\nFindingPeopleChecklist()"),
    new_markdown_cell("""## At an event

You do not need a speech. Ask about them first; your 30-second introduction (notebook 03b) comes
when they ask about you. Before you part, ask whether you may write to them, and do it within two
days while they remember you."""),
    new_code_cell("from infoview.views.situations import event_tips\nevent_tips()"),
    new_markdown_cell("""## Exercise 1: after the event, and a question about visas

Two moments: following up after an event, and (for international students, though anyone may try
it) asking about visa sponsorship tactfully. Choose a moment, pick what you would do and press
**Check**; after your first try, **Show a good answer** gives words you could use."""),
    new_code_cell('from infoview.views.situations import WhatWouldYouSay\nWhatWouldYouSay("01b")'),
    solution(
        "After the event: the first reply (write within two days, name the event and what you talked "
        "about, ask for 20 minutes). Visas: the first reply (late in the conversation, as a question about "
        "the organisation; check the facts with the international office)."
    ),
    new_markdown_cell("""## Asking someone you know for an introduction

A warm introduction is the strongest start you can have, and the person introducing you is doing
you a favour. Make it one click for them:

1. a short **note to them**: who you would like to meet, why, and that no is fine;
2. a few **lines they can forward** as they are: who you are, what you want to learn, a small time
   ask (20 minutes) and flexibility on format.

The lines to forward are checked by the message rules of notebook 02 that apply to them (no job ask,
a question, a small time ask, short). The rules about a stranger's message (your connection first,
their name) do not apply: your friend supplies the connection.

## Exercise 2: your introduction request

Fill in the fields, press **Draft the request**, rewrite both parts in your own words, then press
**Review the lines to forward** until the review says they are ready to send.

Afterwards, **report back** to whoever introduced you: introducers rarely hear how it went, and
those who do are glad to introduce you again (a practice, not a measured finding)."""),
    new_code_cell("from infoview.views.situations import IntroductionRequestDrafter\nIntroductionRequestDrafter()"),
    solution(
        "A request that passes: the note says who, why and that no is fine; the lines to forward say who "
        "you are, what you want to learn, ask for 20 minutes with a question, and offer phone, video or "
        "coffee at a time that suits them. No job, referral or resume ask."
    ),
    new_markdown_cell("""## Different learners, the same method

The method is the same for everyone; a few adjustments help:"""),
    new_code_cell("from infoview.views.situations import learner_tips\nlearner_tips()"),
    new_markdown_cell(
        footer(
            [
                "Alumni search, associations and team pages give you people whose work you can name.",
                "At an event, ask about them first; write within two days, naming what you talked about.",
                "Make an introduction one click for your friend: a short note plus lines to forward.",
                "Report back to whoever introduced you.",
                "Adjust to who you are, and ask about visa sponsorship as a question about the organisation.",
            ],
            "02_crafting_outreach",
            "2. Crafting outreach",
        )
    ),
]

LESSONS["03b_meeting_logistics"] = [
    new_markdown_cell(
        header(
            "3b. The meeting: times, invites, the first two minutes and the last five",
            [
                "How do I agree a time when we live in different time zones?",
                "What do I send before the meeting, and when?",
                'What do I say when they ask "So, tell me about yourself"?',
                "How do I end well?",
            ],
            [
                "Turn a time on their clock into yours, even when the clocks change on different dates.",
                "Send a confirmation the day before, with an invite file (.ics) their calendar opens.",
                "Give a 30-second introduction that ends by handing the conversation back.",
                "Close with names, thanks and a promise to report back.",
            ],
            20,
            20,
        )
    ),
    new_markdown_cell("""## Replies take days

Between sending a request (notebook 02) and meeting someone there are usually **days or weeks**:
people reply late, and 3B7 (notebook 05) tells you when to nudge. Prepare (notebook 03) while you
wait, and come back here once someone has said yes."""),
    new_markdown_cell("""## Agreeing a time across time zones

Write the time on **their** clock when they chose it, and check what it is on yours. Countries
change their clocks on different dates (the USA in early March, the UK and the EU at the end of
March), so the gap between two places changes for a few weeks a year; the tool knows the rules
(from the IANA time zone database).

Fill in the meeting, press **Plan**, and read both times. The confirmation is written for the day
before the meeting; **Save invite (.ics)** writes a calendar file in your `infoview-data` folder
that Google Calendar, Outlook and Apple Calendar open, with a reminder the day before."""),
    new_code_cell("from infoview.views.situations import MeetingPlanner\nMeetingPlanner()"),
    new_markdown_cell("""## Exercise 1: the day before

What do you send the day before? Choose, press **Check**, and compare with a good answer after
your first try."""),
    new_code_cell('from infoview.views.situations import WhatWouldYouSay\nWhatWouldYouSay("03b")'),
    solution(
        "The first reply: a short confirmation with both times, how you will meet, the length, and an "
        "easy way to change it."
    ),
    new_markdown_cell("""## Video, phone or in person"""),
    new_code_cell("from infoview.views.situations import etiquette_tips\netiquette_tips()"),
    new_markdown_cell("""## The first two minutes: "So, tell me about yourself"

They will ask, usually early. Have **30 seconds** ready (about 75 words at a speaking pace of
150 words a minute, an assumption) in three parts: who you are now, what brought you here, what
you hope to learn from them, and then **hand it back with a question**. It is a way in, not a pitch.

## Exercise 2: your 30-second introduction

Fill in the parts, press **Build**, make it sound like you, and press **Check**.
After your first try you can compare it with a good answer."""),
    new_code_cell("from infoview.views.situations import IntroductionBuilder\nIntroductionBuilder()"),
    solution(
        "For example: \"I'm a final-year chemistry student; a lab internship got me into data. I'm hoping "
        "to learn how analysts in pharma spend their day. Could I start by asking how you got into your "
        'role?" (39 words: present, past, what you want to learn, a question back.)'
    ),
    new_markdown_cell("""## The last five minutes"""),
    new_code_cell("from infoview.views.situations import last_five_tips\nlast_five_tips()"),
    new_markdown_cell(
        footer(
            [
                "Replies take days: prepare while you wait.",
                "Write the time on their clock and check yours: the gap changes when clocks change.",
                "Confirm the day before, with both times and how you will meet; attach the .ics invite.",
                "Have a 30-second introduction that ends with a question back to them.",
                "In the last five minutes: ask for names, ask to mention theirs, thank them for something specific, promise to report back.",
            ],
            "04_the_conversation",
            "4. The conversation",
        )
    ),
]

LESSONS["04b_when_things_go_wrong"] = [
    new_markdown_cell(
        header(
            "4b. When things go wrong, and when they go right",
            [
                "What do I say when they decline, reschedule or do not turn up?",
                "What if they ask for my resume, start screening me, or offer to refer me?",
                "How does a referral come, if I never ask for one?",
                "What do I write to keep in touch?",
            ],
            [
                "Answer six awkward moments gracefully.",
                "Explain how advocates come to offer referrals, and accept one well.",
                "Write a keep-in-touch update that says what you did with their advice.",
            ],
            15,
            25,
        )
    ),
    new_markdown_cell("""## Exercise 1: what would you say?

Real conversations do not follow the plan. Choose a moment, read what happened, pick the reply you
would give and press **Check**. Each reply gets its own feedback; after your first try,
**Show a good answer** gives words you could use and the reason behind them."""),
    new_code_cell('from infoview.views.situations import WhatWouldYouSay\nWhatWouldYouSay("04b")'),
    solution(
        "In every moment the first reply is the good one: thank and ask once for a name (decline); offer "
        "two or three times in their zone (reschedule); wait about 15 minutes and send a friendly note "
        "(no-show); accept and ask what to highlight (resume); answer briefly and steer back "
        "(screening); accept with thanks and make it easy (referral offer)."
    ),
    new_markdown_cell("""## How a referral comes, without asking

You never ask for a job or a referral in an informational interview. Referrals still happen: they
come from **advocates**, people who got to know you, saw what you did with their advice, and
*offer* to help when a role opens (Dalton, *The 2-Hour Job Search*, 2020). Often that is weeks or
months after the meeting, which is why keeping in touch matters. When the offer comes, accept it
well: thank them, make it easy (your resume and two lines they can forward), and ask what to read
first. How often a conversation leads to a referral has not been published; the course's charts
use an assumed range (10-40% per meeting, labelled as such)."""),
    new_markdown_cell("""## Keeping in touch: the update

An update tells them **what you did with their advice** and what came of it, thanks them, and asks
for nothing. Notebook 05 tells you when one is due.

## Exercise 2: your update

Fill in the parts, press **Draft**, make it yours, and press **Check**."""),
    new_code_cell("from infoview.views.situations import KeepInTouchDrafter\nKeepInTouchDrafter()"),
    solution(
        'See the example under **Show a good answer**: their advice ("you suggested ..."), what you did '
        '("I did: ..."), what came of it, thanks, and no ask.'
    ),
    new_markdown_cell(
        footer(
            [
                "A decline: thank them, ask once for a name, move on.",
                "A reschedule: offer two or three times in their time zone.",
                "A no-show: assume a mix-up; one friendly note the same day.",
                "Resume requests and referral offers: they offered, so accept gracefully and make it easy.",
                "A screening turn: answer briefly, say you are exploring, steer back to learning.",
                "Referrals come later, from advocates; updates that say what you did with their advice make advocates.",
            ],
            "04c_role_play",
            "4c. Role-play in pairs",
        )
    ),
]

LESSONS["04c_role_play"] = [
    new_markdown_cell(
        header(
            "4c. Role-play in pairs",
            ["How do I practise a conversation before the real one?", "How do I give a partner useful feedback?"],
            [
                "Hold an 8-minute practice conversation with a partner playing a contact from a card.",
                "Score a round with the listener's rubric and write one comment that helps.",
            ],
            5,
            35,
        )
    ),
    new_markdown_cell("""## How it works

Work in pairs (or threes, with a listener). In each round:

1. the **partner** draws a card and reads it silently: it says who to play and the twist to add;
2. the **asker** opens, introduces themselves in 30 seconds, asks their questions and closes;
3. the **timer** runs for one round (8 minutes, an assumption an instructor can change) and warns
   when it is time to close;
4. the **listener** (or the partner) scores the asker on each rubric line and writes a comment;
   **Save scores** keeps them in your tracker;
5. swap roles and draw a new card. Each card comes up once before any repeats.

The Booster, Obligate and Curmudgeon are Steve Dalton's contact types (*The 2-Hour Job Search*,
2020); the other cards come from this course's awkward moments (notebook 04b)."""),
    new_markdown_cell("""## Exercise 1: a round

Partner: press **Draw a card** and read it to yourself. Asker: press **Start** and begin."""),
    new_code_cell("from infoview.views.roleplay import CardDeck, RoundTimer, ListenerRubric\ndeck = CardDeck()\ndeck"),
    new_code_cell("RoundTimer()"),
    new_markdown_cell("""## Exercise 2: the listener's rubric

After each round, score each line from 1 (not yet) to 4 (did it well) and write one
thing that worked and one to try next time. The table shows the average per line over every round
you saved, so you can see what improves."""),
    new_code_cell("ListenerRubric(deck=deck)"),
    solution(
        'There is no single right score. A useful comment names one moment that worked ("you reflected '
        'back what she said about the move from sales") and one thing to try ("close when the timer '
        'warns").'
    ),
    new_markdown_cell(
        footer(
            [
                "Practise before the real conversation: a short round with a partner playing a contact.",
                "Each card has a twist; handling it gracefully is the point.",
                "Score with the rubric and write one helpful comment; swap roles every round.",
            ],
            "05_follow_up",
            "5. Follow-up",
        )
    ),
]

LESSONS["99_glossary"] = [
    new_markdown_cell("""# Glossary

Plain words for every term the course uses, with where it is taught and its source. Type a word in
the box to narrow the list.

**Time:** as long as you need.

Words you may meet first: **denominator** (the number you divide by), **Wilson interval** (how
sure a rate is), **cadence** (how often you get in touch), **.ics** (a calendar file)."""),
    new_code_cell("from infoview.views.glossary import GlossarySearch\nGlossarySearch()"),
    new_markdown_cell(
        footer(
            [
                "Every term has a plain definition and a source; an assumption is labelled as one.",
                '"Referral" has three meanings in this course; the glossary lists them.',
            ],
            "00_start_here",
            "0. Start here",
        )
    ),
]


def build(names=None) -> list[Path]:
    written = []
    for name, cells in LESSONS.items():
        if names and name not in names:
            continue
        nb = new_notebook(
            cells=cells,
            metadata={
                "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                "language_info": {"name": "python"},
            },
        )
        path = ROOT / "notebooks" / f"{name}.ipynb"
        nbformat.write(nb, path)
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    for p in build(sys.argv[1:]):
        print(p.relative_to(ROOT))
