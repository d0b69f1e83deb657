"""Write notebooks/01_sourcing_contacts.ipynb from this source (then execute it with execute_notebooks.py).

Kept as a script so the lesson text can be reviewed as plain Python/Markdown in a diff.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell as code
from nbformat.v4 import new_markdown_cell as md
from nbformat.v4 import new_notebook

ROOT = Path(__file__).resolve().parent.parent

cells = [
    md("""# 1 · Sourcing contacts: who to talk to

**Questions**
- Where do the people for informational interviews come from?
- With so many possible employers, where do I start?
- Whom exactly will I contact first?

**Objectives** — by the end you can:
1. name the three ways in (your network and referrals, cold contacting, groups and events) and tell which one a contact came through;
2. load your LinkedIn connections into your tracker and see where your network is;
3. build a target list of employers, score it the LAMP way and pick the top 5;
4. choose the first people to approach and save them in your tracker.

**Time:** teaching 20 min · exercises 20 min

> Click a grey code cell and press **Shift + Enter** to run it. You never need to change code: every tool is
> a form with buttons. Your work is saved in your tracker (see notebook 00 for backups)."""),
    md("""## Three ways in

The article this course grew from names three ways to find people to talk to:

1. **Your network and referrals.** Start with people you already know — friends, family, classmates,
   colleagues — and the people *they* suggest. A name they give you ("Noor said I should talk to you")
   opens doors.
2. **Cold contacting.** When nobody can introduce you, find professionals yourself on LinkedIn or on a
   company's website, and send a short, polite message asking to learn from them.
3. **Professional groups and events.** Meetups, seminars, conferences, career fairs: meet people in person,
   then ask for a conversation later.

Your tracker records each contact's **channel**: `warm` (your network), `referral` (someone suggested
them), `alumni` (a shared affiliation: the same school or group — half-way between warm and cold),
`cold` and `event`. Why bother? People answer warmer approaches more often. No study gives one number
for informational-interview requests, so this course works with **assumptions** (not findings): about
15–30% of cold requests get a reply, 35–60% with a shared affiliation, 60–85% with a warm introduction.
And the careful evidence says *moderately weak* ties — acquaintances, alumni, people met once — lead to
the most job moves (Rajkumar et al., *Science*, 2022)."""),
    md("""## Exercise 1 · Which channel?

Choose the channel each contact came through, then click **Check my answers**."""),
    code("""from infoview import contacts
from infoview.views.contacts import ContactLoader, TargetList, ContactPicker, channel_quiz"""),
    code("""channel_quiz()"""),
    md(
        """<details><summary>Worked solution (instructors: this cell and the next are removed from the student version)</summary>

A former manager is your own network (warm); an alumni-directory find is a shared affiliation (alumni);
LinkedIn searches and company web pages are cold; a meetup is an event; a name suggested after an
interview is a referral.
</details>""",
        metadata={"tags": ["solution"]},
    ),
    code(
        """contacts.check_channels({"c1": "warm", "c2": "alumni", "c3": "cold", "c4": "event", "c5": "referral", "c6": "cold"})""",
        metadata={"tags": ["solution"]},
    ),
    md("""## Step 1 · Load your contacts

Your LinkedIn connections are the quickest start. In LinkedIn: **Me › Settings & Privacy › Data privacy ›
Get a copy of your data**, tick **Connections**, and download the file LinkedIn e-mails you (it can take
a few minutes). Unzip it and choose **`Connections.csv`** below. A Google Contacts export (CSV) or a
`.vcf` file works too.

If you type your school's name first, people who work there start as `alumni`; everyone else starts
as `warm` (they are in your network). That is only a first guess — you set each person's real channel
in Step 4. No file yet? Click **Use the sample contacts** to practise with about 150 fictional people, and
remove them later with one click.

Your contacts stay in your tracker file on this machine; they are people who did not agree to be in
anyone else's files."""),
    code("""ContactLoader()"""),
    md("""## Step 2 · See where your network is

While your tracker is empty, the charts and tools below use a fictional **sample learner** and say so.
The tools switch to your own contacts as soon as you load them; run a chart's cell again to redraw it."""),
    code("""data = contacts.lesson_data()
data"""),
    code("""contacts.employer_chart(data)"""),
    code("""contacts.channel_chart(data)"""),
    md("""Look for clusters: an employer where you already know several people is a good place to ask for
advice — and to ask "who else should I talk to?"."""),
    md("""## Step 3 · The target list (LAMP)

Steve Dalton's *The 2-Hour Job Search* starts not with people but with **employers**:

- **L**ist about **40** employers you could imagine working for — dream employers, ones where people you
  know work, ones with postings, and ones like them.
- **A**dvocacy (first edition: **A**lumni): **Y** if someone there could speak up for you, **N** if not yet.
- **M**otivation: your gut feeling, **3** for a dream employer down to **0** for no real interest.
- **P**osting: **3** if there is a relevant job posting now, **2** a related one, **1** none (and here **0** =
  not checked yet).

Sort by **Motivation**, then **Posting**, then **Advocacy**, and start with the **top 5**. Motivation
comes first because you will only keep going where you really want to be.
(The list size, top 5 and scales are in `data/content/sourcing.toml`: your instructor may change them.)"""),
    md("""## Exercise 2 · Who comes first?

Here are seven scored employers (fictional):"""),
    code("""contacts.target_exercise()"""),
    md("""Type the **five** employers you would contact first, best first, between the quotes, then run the cell.
The check tells you which positions to look at again and which score decides."""),
    code("""my_top5 = ["", "", "", "", ""]
contacts.check_target_order(my_top5)"""),
    md(
        """<details><summary>Worked solution (instructors: this cell is removed from the student version)</summary>

Motivation 3 first: Puddlejump Games and Kestrelwood Biologics (Motivation 3, Posting 3) before
Riverbend Community Health (Motivation 3, Posting 1); Puddlejump first because it has Advocacy Y. Then
Motivation 2: Lanternway Youth Network (Posting 2, Y) and Pemberly Freight (Posting 2, N). Tallowmere
Capital has a relevant posting but Motivation 1, so it comes last.
</details>""",
        metadata={"tags": ["solution"]},
    ),
    code(
        """contacts.check_target_order(["Puddlejump Games", "Kestrelwood Biologics", "Riverbend Community Health",
                           "Lanternway Youth Network", "Pemberly Freight"])""",
        metadata={"tags": ["solution"]},
    ),
    md("""Now your own list. Employers come from your contacts; add the ones you want that are missing (type a
name and **Remove** to take one you added off again). Set
Advocacy, Motivation and Posting, then **Save and sort**: the top 5 are highlighted (★), and the summary
says what is still missing. Are the top 5 the ones you would really contact first? If not, your
Motivation scores may not say what you feel — change them."""),
    code("""TargetList(data)"""),
    md("""How many of your target employers can you reach through someone you know? Employers with no contact
yet are where cold messages, alumni directories and events come in."""),
    code("""contacts.warmth_chart(contacts.lesson_targets(data))"""),
    md("""## Step 4 · Choose whom to approach

Filter your contacts by employer (start with your top 5), by a word in their position, by channel or by
how long ago you connected. Select one or more people (Ctrl or Shift + click), set their real channel,
and click **Save as identified**: your tracker records the date, and stage 2 will help you write to them."""),
    code("""ContactPicker(data)"""),
    md("""## Key points

- Three ways in: **your network and referrals**, **cold contacting** (LinkedIn, company sites), **groups and
  events**. Warmer channels get more replies; moderately weak ties are where interviews pay off.
- Start from employers: **about 40**, scored **LAMP** — sorted by Motivation, then Posting, then Advocacy —
  and contact the **top 5** first.
- A LinkedIn export cannot tell how you know someone: **you** set each contact's channel.
- Save the people you choose as **identified**; the next notebook helps you write to them.

Next: **`02_crafting_outreach`** — writing the request."""),
]
nb = new_notebook(
    cells=cells,
    metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    },
)
nbformat.write(nb, ROOT / "notebooks" / "01_sourcing_contacts.ipynb")
