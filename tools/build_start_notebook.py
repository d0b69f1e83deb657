"""Write notebooks/00_start_here.ipynb from this source (then execute it with execute_notebooks.py).

Kept as a script so the lesson text can be reviewed as plain Python/Markdown in a diff.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent

cells = [
    new_markdown_cell("""# 0 · Start here: what an informational interview is, and how this course works

**Questions**
- What is an informational interview, and what is it *not*?
- What does the evidence really say about networking and jobs?
- Where is my work kept, and how do I keep it safe?

**Objectives** — by the end you can:
1. tell an advice request from a job ask;
2. say which networking statistics are data and which are only claims;
3. back up your tracker and restore it on your next visit.

**Time:** teaching 15 min · exercises 15 min

> **How to use these notebooks.** Click a grey code cell and press **Shift + Enter** to run it
> (or use ▶ in the toolbar). You never need to write code: each tool appears below the cell
> that makes it. If a tool looks blank, run the cells above it first."""),
    new_markdown_cell("""Run the next cell to load the course's tools; it also shows which course this is."""),
    new_code_cell("""from infoview import start
from infoview.views.start import requests_quiz, evidence_quiz, BackupRestore
start.welcome()"""),
    new_markdown_cell("""## What an informational interview is

A short conversation — usually **20 to 30 minutes**, by phone, video or over coffee — in which you ask
someone who does the work you are curious about for **insight and advice**: what their job is really
like, where their field is going, what they would do in your place, and who else you should talk to.

It is **not** a job interview and **not** a request for a job, a referral or to pass on your resume.
You are in the driver's seat and the goal is learning. Help often follows — people who got to know you
sometimes offer to introduce you or tell you about an opening — but you do not ask for it.

The course follows one path, and each notebook is one step of it:

| # | Notebook | What you do | What you leave with |
|---|---|---|---|
| 0 | `00_start_here` | learn the idea, check the evidence, set up your tracker | a backed-up tracker |
| 1 | `01_sourcing_contacts` | list people from your network, cold sources and events; rank employers | a target list and people to approach |
| 2 | `02_crafting_outreach` | write a short, personal request for advice | a message that passes the review |
| 3 | `03_preparing` | research, set objectives, choose questions that fit the time | a one-page interview brief |
| 4 | `04_the_conversation` | rehearse, hold the conversation, take notes | structured notes and new names |
| 5 | `05_follow_up` | thank, keep in touch, follow up when there is no reply | a follow-up plan in your calendar |
| 6 | `06_tracking_outcomes` | see your own numbers and what to change | charts of what works for you |"""),
    new_markdown_cell("""## Exercise 1 · Advice, or a job ask?

Read each request and choose what it is. Then click **Check my answers**: you will see which ones to look at again, with a hint."""),
    new_code_cell("""requests_quiz()"""),
    new_markdown_cell(
        """<details><summary>Worked solution (instructors: this cell is removed from the student version)</summary>

Requests 1, 3 and 5 ask for advice and a little time; 2 and 4 ask for a job or a referral. The cell below checks the worked answers.
</details>""",
        metadata={"tags": ["solution"]},
    ),
    new_code_cell(
        """start.check_requests({"r1": "advice", "r2": "job_ask", "r3": "advice", "r4": "job_ask", "r5": "advice"})""",
        metadata={"tags": ["solution"]},
    ),
    new_markdown_cell("""## The honest numbers

You will hear many figures about networking. Here are the ones this course may quote, each with its
source and how far it can be trusted:"""),
    new_code_cell("""start.numbers_table(styled=True)"""),
    new_markdown_cell("""**Why "85% of jobs are filled through networking" is not data.** It comes from a 2016 LinkedIn post
that summarised about 3,000 people who chose to answer an online poll. People who answer such a poll
are not a sample of job seekers, and nobody checked how any of them were hired. A second "85%" (the
American Staffing Association's 2017 poll) measured what people *believe*, not how they were hired.
The careful studies say something more useful: personal contacts matter a lot (Granovetter), and
*moderately weak* ties — acquaintances, alumni, people you met once — lead to the most job moves
(Rajkumar et al., a randomised study of 20 million people). That is exactly who informational
interviews reach.

No study has measured how often an informational interview leads to a referral. Where this course
needs that number (the sample data, the charts in notebook 6) it uses an **assumed range of 10–40%
per meeting** and says so."""),
    new_markdown_cell("""## Exercise 2 · Data, belief, claim or assumption?

For each figure, choose how you could use it in a conversation or a cover letter."""),
    new_code_cell("""evidence_quiz()"""),
    new_code_cell(
        """start.check_evidence({f["id"]: f["use"] for f in start.numbers()})""", metadata={"tags": ["solution"]}
    ),
    new_markdown_cell("""## Where your work is kept

Everything you enter in these notebooks — contacts, messages logged, notes, follow-ups — is saved in one
file, your **tracker**, in the `infoview-data` folder beside the notebooks. It never leaves this
machine: the people in it did not agree to be in anyone else's files.

**On Binder your session disappears after about 10 idle minutes, and your tracker with it.** Before you
leave, click **Make a backup**, then the download link. Next time, choose that file with **Choose
backup** and click **Restore it**. Restoring never loses data: whatever was in the tracker is saved as
a backup first."""),
    new_code_cell("""BackupRestore()"""),
    new_markdown_cell("""## Key points

- An informational interview asks for **advice and insight**, for 20–30 minutes, never for a job.
- Quote networking figures with their source; treat "85% of jobs…" as a claim to question, not data.
- Moderately weak ties — acquaintances, alumni, event contacts — are where informational interviews pay off.
- Your tracker is one file on this machine: **back it up before you leave a Binder session.**

Next: **`01_sourcing_contacts`** — who to talk to."""),
]

nb = new_notebook(
    cells=cells,
    metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    },
)
nbformat.write(nb, ROOT / "notebooks" / "00_start_here.ipynb")
print("wrote notebooks/00_start_here.ipynb")
