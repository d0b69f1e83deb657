"""Synthetic sample data: a LinkedIn export, one learner's tracker history, a class cohort.

Everything here is made up: fictional people and employers, ``example.com`` addresses,
profile URLs ending in ``-example``. The rates that drive the histories (replies by channel,
reply delays, meetings, referrals) are assumptions from one editable file,
``data/content/sample_parameters.toml``, each with its source or the word "assumption".

The generated files are committed under ``data/sample/`` and regenerated, identically, with::

    python -m infoview.sample             # or: infoview sample-data [--out DIR] [--seed N]

Notebooks and tests use :func:`sample_tracker`, an in-memory tracker holding the sample
learner's ten weeks (2026-01-05 to 2026-03-13), seen on :data:`SAMPLE_TODAY`.

Why one module (about 900 lines): the export, the learner and the cohort are drawn from one
set of parameters and one seeded random stream per part, so that regenerating them gives
the committed files byte for byte; the fictional people of the export are the learner's
contacts.

>>> t = sample_tracker()
>>> 35 <= t.count()["contacts"] <= 50
True
>>> SAMPLE_TODAY.isoformat()
'2026-03-16'
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import hashlib
import io
import json
import math
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import ContentError, load_toml, load_toml_file, merge
from .paths import sample_data_dir
from .tracker import CONTACT_FIELDS, INTERACTION_KINDS, Tracker

__all__ = [
    "SAMPLE_TODAY",
    "SAMPLE_START",
    "SAMPLE_END",
    "sample_tracker",
    "sample_dir",
    "load_parameters",
    "connections_rows",
    "write_connections",
    "learner_history",
    "cohort_events",
    "generate",
]

#: The sample learner's "today" (tests and notebooks pin ``INFOVIEW_TODAY`` to it).
SAMPLE_TODAY = _dt.date(2026, 3, 16)
#: First and last day of the sample learner's history.
SAMPLE_START = _dt.date(2026, 1, 5)
SAMPLE_END = _dt.date(2026, 3, 13)

CONNECTIONS_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
# LinkedIn's own preamble (2024 exports); the links in it are LinkedIn help pages, not profiles.
CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    "download their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
LEARNER_CONTACT_COLUMNS = ["id", *CONTACT_FIELDS]
LEARNER_INTERACTION_COLUMNS = ["id", "contact_id", "kind", "occurred_on", "detail"]
COHORT_COLUMNS = ["learner_id", "contact_key", "channel", "kind", "occurred_on"]

# Month abbreviations as LinkedIn writes them, independent of the machine's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KIND_ORDER = {kind: i for i, kind in enumerate(INTERACTION_KINDS)}

# --------------------------------------------------------------------------- vocabulary
# Fictional people are random pairs from these lists; fictional employers below. The lists
# are sample vocabulary, not rules, so they live here rather than in a content file.
FIRST_NAMES = (
    "Aaliyah",
    "Abebe",
    "Adaeze",
    "Aditi",
    "Ahmed",
    "Aiko",
    "Alejandro",
    "Ama",
    "Amara",
    "Ana",
    "Andrei",
    "Anjali",
    "Anneke",
    "Aroha",
    "Arjun",
    "Astrid",
    "Ayesha",
    "Bao",
    "Beatriz",
    "Ben",
    "Bilal",
    "Bongani",
    "Camila",
    "Chen",
    "Chiara",
    "Chidi",
    "Chloé",
    "Claire",
    "Connor",
    "Daniela",
    "Darius",
    "Deepa",
    "Diego",
    "Dmitri",
    "Efua",
    "Elif",
    "Emeka",
    "Emma",
    "Esther",
    "Ewan",
    "Fatima",
    "Felipe",
    "Femi",
    "Freya",
    "Gabriel",
    "Grace",
    "Hana",
    "Hannah",
    "Hassan",
    "Hiroshi",
    "Inês",
    "Ingrid",
    "Isabel",
    "Jamal",
    "Javier",
    "Ji-woo",
    "Jin",
    "João",
    "Jonas",
    "José",
    "Kai",
    "Kalani",
    "Kavya",
    "Kenji",
    "Kofi",
    "Kwame",
    "Laila",
    "Lakshmi",
    "Lauren",
    "Leilani",
    "Liam",
    "Linh",
    "Luca",
    "Lucia",
    "Mahina",
    "Mai",
    "Malik",
    "Marcus",
    "Maren",
    "Mariam",
    "Mateo",
    "Megan",
    "Mei",
    "Min-jun",
    "Mohammed",
    "Nadia",
    "Naveen",
    "Nia",
    "Nikhil",
    "Nkechi",
    "Noor",
    "Olga",
    "Oluwaseun",
    "Omar",
    "Owen",
    "Patrick",
    "Paulo",
    "Priya",
    "Rachel",
    "Rafael",
    "Rana",
    "Ravi",
    "Rosa",
    "Ruth",
    "Sade",
    "Samir",
    "Sana",
    "Santiago",
    "Sara",
    "Seo-yeon",
    "Siobhan",
    "Sipho",
    "Sofia",
    "Søren",
    "Sunita",
    "Tane",
    "Tariq",
    "Thandiwe",
    "Tomas",
    "Tuan",
    "Tunde",
    "Tyler",
    "Valentina",
    "Wei",
    "Yara",
    "Yuki",
    "Yusuf",
    "Zainab",
    "Zara",
    "Zhen",
    "Zoë",
)
LAST_NAMES = (
    "Abara",
    "Adeyemi",
    "Ahmadi",
    "Al-Sayed",
    "Alvarez",
    "Andersen",
    "Antwi",
    "Asante",
    "Bakshi",
    "Banerjee",
    "Barros",
    "Becker",
    "Begay",
    "Bennett",
    "Bianchi",
    "Byrne",
    "Castillo",
    "Chaudhry",
    "Chen",
    "Costa",
    "Dang",
    "Delgado",
    "Demir",
    "Diallo",
    "Dubois",
    "Eriksen",
    "Espinoza",
    "Farah",
    "Fischer",
    "Fonseca",
    "Gallagher",
    "Garcia",
    "Ghosh",
    "Gomez",
    "Gupta",
    "Haddad",
    "Hakimi",
    "Hansen",
    "Herrera",
    "Hoang",
    "Hughes",
    "Ibrahim",
    "Ito",
    "Iyer",
    "Jansen",
    "Jovanovic",
    "Kaur",
    "Kealoha",
    "Khan",
    "Kim",
    "Kowalski",
    "Kuznetsova",
    "Lam",
    "Larsen",
    "Le",
    "Lee",
    "Lindqvist",
    "Lopez",
    "MacLeod",
    "Mahlangu",
    "Maldonado",
    "Mensah",
    "Mishra",
    "Molina",
    "Murphy",
    "Nakamura",
    "Nascimento",
    "Ndlovu",
    "Nguyen",
    "Novak",
    "Nwosu",
    "Obi",
    "O'Connor",
    "Okafor",
    "Oliveira",
    "Osei",
    "Park",
    "Patel",
    "Pereira",
    "Petrov",
    "Quispe",
    "Rahman",
    "Ramos",
    "Reddy",
    "Rossi",
    "Sato",
    "Schmidt",
    "Sharma",
    "Silva",
    "Singh",
    "Sokolov",
    "Suzuki",
    "Tanaka",
    "Teo",
    "Torres",
    "Tran",
    "Tupou",
    "Turner",
    "van der Berg",
    "Vargas",
    "Vasquez",
    "Walsh",
    "Wang",
    "Watanabe",
    "Weber",
    "Whaanga",
    "Wiśniewska",
    "Wu",
    "Yamamoto",
    "Yazzie",
    "Yilmaz",
    "Zhang",
    "Zhou",
    "Zulu",
)

# (employer, industry). Invented names; "Acme, Inc." and two others carry commas on purpose.
EMPLOYERS = (
    ("Acme, Inc.", "tech"),
    ("Brightloom Software", "tech"),
    ("Quillfeather Labs", "tech"),
    ("Tessellate Data", "tech"),
    ("Copperleaf Robotics", "tech"),
    ("Lumenfold AI", "tech"),
    ("Puddlejump Games", "media"),
    ("Riverbend Community Health", "health"),
    ("Cedar Valley Clinics", "health"),
    ("Meridian Vale Health Partners, PC", "health"),
    ("Kestrelwood Biologics", "health"),
    ("Granite Ledger Bank", "finance"),
    ("Tallowmere Capital", "finance"),
    ("Fernwick Mutual Insurance", "finance"),
    ("Oakhollow Credit Union", "finance"),
    ("Harbor & Pine, LLP", "consulting"),
    ("Bramblecourt Consulting", "consulting"),
    ("Wrenfield Design Studio", "consulting"),
    ("Open Shelf Literacy Fund", "nonprofit"),
    ("Green Commons Alliance", "nonprofit"),
    ("Lanternway Youth Network", "nonprofit"),
    ("Ashgrove State University", "education"),
    ("Millbrook Community College", "education"),
    ("Northgate Learning Trust", "education"),
    ("City of Port Alden", "public"),
    ("Larkspur County Transit Authority", "public"),
    ("Juniper & Vale, Ltd.", "consumer"),
    ("Saltmarsh Outfitters", "consumer"),
    ("Marigold Grocers Co-op", "consumer"),
    ("Foxglove Media", "media"),
    ("Sunridge Renewables", "energy"),
    ("Bellwether Grid Services", "energy"),
    ("Thistledown Analytics", "tech"),
    ("Silverbirch Hospice", "health"),
    ("Quarry Lane Architects", "consulting"),
    ("Pemberly Freight", "logistics"),
    ("Hollowell Public Library", "public"),
)

POSITIONS = {
    "tech": (
        "Software Engineer",
        "Senior Software Engineer",
        "Data Analyst",
        "Product Manager",
        "UX Researcher",
        "Engineering Manager",
        "Data Scientist",
        "Technical Recruiter",
        "Customer Success Manager",
        "QA Engineer",
    ),
    "health": (
        "Registered Nurse",
        "Clinical Data Manager",
        "Health Informatics Analyst",
        "Program Coordinator",
        "Practice Manager",
        "Research Associate",
        "Biostatistician",
        "Patient Experience Lead",
    ),
    "finance": (
        "Financial Analyst",
        "Risk Analyst",
        "Relationship Manager",
        "Compliance Officer",
        "Data Engineer",
        "Branch Manager",
        "Actuarial Analyst",
        "Product Owner",
    ),
    "consulting": (
        "Consultant",
        "Senior Consultant",
        "Associate",
        "Project Manager",
        "Business Analyst",
        "Principal",
        "Designer",
        "Office Manager",
    ),
    "nonprofit": (
        "Program Manager",
        "Development Director",
        "Volunteer Coordinator",
        "Grants Officer",
        "Communications Lead",
        "Operations Manager",
        "Evaluation Specialist",
        "Executive Director",
    ),
    "education": (
        "Academic Advisor",
        "Career Counselor",
        "Lecturer",
        "Instructional Designer",
        "Institutional Research Analyst",
        "Admissions Officer",
        "Associate Professor",
        "Department Administrator",
    ),
    "public": (
        "Policy Analyst",
        "Transportation Planner",
        "GIS Analyst",
        "Budget Analyst",
        "Communications Officer",
        "Program Specialist",
        "Transit Data Analyst",
    ),
    "consumer": (
        "Merchandising Analyst",
        "Marketing Manager",
        "Brand Strategist",
        "Supply Chain Analyst",
        "Store Manager",
        "E-commerce Manager",
        "Category Buyer",
    ),
    "media": (
        "Game Designer",
        "Content Producer",
        "Producer",
        "Community Manager",
        "Video Editor",
        "Audience Analyst",
        "Marketing Manager",
    ),
    "logistics": (
        "Logistics Coordinator",
        "Supply Chain Analyst",
        "Operations Manager",
        "Fleet Planner",
        "Data Analyst",
        "Customer Service Lead",
    ),
    "energy": (
        "Energy Analyst",
        "Project Engineer",
        "Field Operations Manager",
        "Sustainability Consultant",
        "Grid Data Scientist",
    ),
}
# One position with quotes in it, so the export has doubled quotes as real ones do.
QUOTED_POSITION = 'Head of People ("Chief Culture Officer")'

FIELDS = {
    "tech": "software",
    "health": "health care",
    "finance": "financial services",
    "consulting": "consulting",
    "nonprofit": "the non-profit sector",
    "education": "higher education",
    "public": "the public sector",
    "consumer": "consumer brands",
    "energy": "energy",
    "media": "media and games",
    "logistics": "logistics",
}

# Meeting-notes phrases. {company}, {field} and {first} are filled in per meeting.
INSIGHTS = (
    "Most of the work at {company} is cleaning and explaining data, not modelling it.",
    "Hiring at {company} is slow in summer; teams plan new roles in the spring.",
    "In {field}, people who can explain numbers to non-specialists stand out.",
    "{company} is reorganising around small product teams this year.",
    "Career changers do well at {company} when they bring domain knowledge.",
    "The busiest season in {field} is the last quarter; avoid asking for time then.",
    "{first} said the job titles in {field} vary a lot; read the duties, not the title.",
    "Many roles at {company} are filled by people someone on the team already knows.",
    "Regulation is changing how {field} handles data; privacy skills are in demand.",
    "Remote roles exist at {company}, but new starters spend the first months on site.",
)
ADVICE = (
    "Build one small project with public data and write it up in plain words.",
    "Learn SQL well before anything fancier.",
    "Join the local professional group and volunteer for one event.",
    "Keep messages short and specific; mention something you read about their work.",
    "Talk to someone in operations too, not only people with the title you want.",
    "Write down what you learn after each conversation; patterns show up after five or six.",
    "Take a short course in {field} basics so you can use the vocabulary.",
    "Follow up with what you did with the advice; people remember that.",
    "Look at the job descriptions at {company} and list the skills that repeat.",
    "Ask each person who else you should talk to, and whether you may mention them.",
)
RESOURCES = (
    "A weekly newsletter on {field} that {first} reads.",
    "The {company} engineering and design blog.",
    "A free introductory course on SQL.",
    "The annual industry report on {field} (public summary).",
    "A local meetup for people working in {field}.",
    "A book on data storytelling {first} recommended.",
    "The professional association's student membership.",
    "",
)
PROMISES = (
    "Send {first} the link to my project write-up",
    "Read the report {first} mentioned and share one takeaway",
    "Tell {first} how the meetup went",
    "Send a short summary of what I learned",
    "Share the article on {field} we discussed",
    "Let {first} know once I have finished the SQL course",
)
OFFERS = (
    "Happy to look at my project write-up.",
    "Open to another chat in a couple of months.",
    "Will forward the team's next event invitation.",
    "Offered to answer questions by email.",
    "",
)
OPPORTUNITY_DETAILS = (
    "told me about an opening before it was posted",
    "invited me to apply for a short project",
    "asked me to a team's showcase day",
)


# ------------------------------------------------------------------------------ helpers
def _span(value) -> tuple[int, int]:
    low, high = value
    return int(low), int(high)


def _add_business_days(day: _dt.date, n: int) -> _dt.date:
    """``n`` business days (Mon-Fri) after ``day``; ``n = 0`` returns ``day``.

    >>> _add_business_days(_dt.date(2026, 3, 13), 1)   # Friday -> Monday
    datetime.date(2026, 3, 16)
    """
    while n > 0:
        day += _dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _linkedin_date(day: _dt.date) -> str:
    """``DD Mon YYYY`` as LinkedIn writes ``Connected On``.

    >>> _linkedin_date(_dt.date(2024, 5, 3))
    '03 May 2024'
    """
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


_FOLD = str.maketrans({"ø": "o", "ł": "l", "ś": "s", "æ": "ae", "ß": "ss", "'": ""})


def _slug(*parts: str) -> str:
    """ASCII, lower-case, dash-separated.

    >>> _slug("Søren", "O'Connor")
    'soren-oconnor'
    """
    text = " ".join(parts).lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = "".join(ch if ch.isalnum() else "-" for ch in text)
    return "-".join(p for p in out.split("-") if p)


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p < limit:
            return k
        k += 1


def sample_dir() -> Path:
    """``data/sample/`` in the curriculum folder."""
    return sample_data_dir() / "sample"


def load_parameters(path: str | Path | None = None, content_dir=None) -> dict[str, Any]:
    """The sample parameters: ``sample_parameters.toml`` from the content folder, with ``path`` merged over it.

    A file given as ``path`` needs only the keys it changes.
    """
    params = load_toml("sample_parameters", content_dir)
    if path is not None:
        params = merge(params, load_toml_file(path))
    return params


def _rng(seed: int, part: str) -> random.Random:
    # One stream per part, so changing the cohort's parameters leaves the learner unchanged.
    # A str seed is hashed with SHA-512: the same on every platform.
    return random.Random(f"{int(seed)}:{part}")


# ----------------------------------------------------------------------- people
@dataclass
class _Person:
    first: str
    last: str
    company: str
    industry: str
    position: str
    url: str = ""
    email: str = ""
    connected_on: _dt.date | None = None


class _NameBook:
    """Hands out fictional names and URLs, never the same person twice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[tuple[str, str]] = set()
        self.slugs: set[str] = set()

    def name(self) -> tuple[str, str]:
        while True:
            pair = (self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES))
            if pair not in self.used:
                self.used.add(pair)
                return pair

    def url(self, first: str, last: str) -> str:
        base = _slug(first, last)
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return f"https://www.linkedin.com/in/{slug}-example"

    @staticmethod
    def email(first: str, last: str) -> str:
        return f"{_slug(first).replace('-', '')}.{_slug(last).replace('-', '')}@example.com"

    def person(self, employers: list[tuple[str, str]], industry: str | None = None) -> _Person:
        first, last = self.name()
        pool = [e for e in employers if e[1] == industry] if industry else []
        company, ind = self.rng.choice(pool or employers)
        return _Person(first, last, company, ind, self.rng.choice(POSITIONS[ind]))


def _employers(params: dict, rng: random.Random) -> list[tuple[str, str]]:
    n = int(params["connections"]["employers"])
    if n > len(EMPLOYERS):
        raise ValueError(f"connections.employers is {n}; the fictional list in sample.py has {len(EMPLOYERS)}.")
    return rng.sample(list(EMPLOYERS), n)


def _connections_people(params: dict, seed: int) -> tuple[list[_Person], list[tuple[str, str]], _NameBook]:
    """The named people in the export (hidden rows excluded), in export order."""
    conf = params["connections"]
    rng = _rng(seed, "connections")
    employers = _employers(params, rng)
    book = _NameBook(rng)
    a = float(conf["employer_concentration"])
    weights = [1.0 / (rank + 1) ** a for rank in range(len(employers))]
    first_day, last_day = conf["first_connected"], conf["last_connected"]
    span = (last_day - first_day).days
    named = int(conf["people"]) - int(conf["hidden_profiles"])
    people = []
    for _ in range(named):
        company, industry = rng.choices(employers, weights=weights)[0]
        first, last = book.name()
        person = _Person(first, last, company, industry, rng.choice(POSITIONS[industry]))
        person.url = book.url(first, last)
        person.connected_on = first_day + _dt.timedelta(days=int(span * rng.random() ** float(conf["recent_skew"])))
        people.append(person)
    for person in rng.sample(people, int(conf["emails_shown"])):
        person.email = book.email(person.first, person.last)
    nonprofit = [p for p in people if p.industry == "nonprofit"] or people
    rng.choice(nonprofit).position = QUOTED_POSITION
    for person in rng.sample(people, int(conf["no_company"])):
        person.company, person.industry, person.position = "", "", ""
    people.sort(key=lambda p: (-p.connected_on.toordinal(), p.last, p.first))
    return people, employers, book


def connections_rows(params: dict | None = None, seed: int | None = None) -> list[list[str]]:
    """The rows of the sample ``Connections.csv`` (header excluded), newest connection first.

    Hidden profiles are rows with only ``Connected On``; a few cells keep a trailing space.
    """
    params = params or load_parameters()
    seed = int(params["seed"] if seed is None else seed)
    conf = params["connections"]
    people, _, _ = _connections_people(params, seed)
    rng = _rng(seed, "connections-layout")
    rows = [[p.first, p.last, p.url, p.email, p.company, p.position, _linkedin_date(p.connected_on)] for p in people]
    for row in rng.sample(rows, int(conf["trailing_spaces"])):
        col = rng.choice([0, 1, 5])
        if row[col]:
            row[col] += " "
    first_day, last_day = conf["first_connected"], conf["last_connected"]
    for _ in range(int(conf["hidden_profiles"])):
        day = first_day + _dt.timedelta(days=rng.randrange((last_day - first_day).days))
        rows.insert(rng.randrange(len(rows) + 1), ["", "", "", "", "", "", _linkedin_date(day)])
    # Keep the export's newest-first order with the hidden rows in place.
    rows.sort(key=lambda r: -_dt.datetime.strptime(r[6], "%d %b %Y").toordinal())
    return rows


def write_connections(out: str | Path, params: dict | None = None, seed: int | None = None) -> Path:
    """Write the sample ``Connections.csv`` (LinkedIn 2024 format, preamble included)."""
    out = Path(out)
    buf = io.StringIO()
    buf.write(CONNECTIONS_PREAMBLE)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CONNECTIONS_HEADER)
    writer.writerows(connections_rows(params, seed))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue().encode("utf-8"))
    return out


# --------------------------------------------------------------- one contact's story
@dataclass
class _Outcome:
    events: list[tuple[str, _dt.date, str]] = field(default_factory=list)
    held_on: _dt.date | None = None
    meeting: str = ""
    referral_on: _dt.date | None = None
    referral_names: int = 0


class _Simulator:
    """Draws contacts' histories from the parameters; shared by the learner and the cohort."""

    def __init__(self, params: dict, rng: random.Random, end: _dt.date):
        self.p = params
        self.rng = rng
        self.end = end

    def delay(self) -> int:
        conf = self.p["reply_delay"]
        while True:  # truncated lognormal, rounded to whole business days
            days = max(1, int(self.rng.lognormvariate(float(conf["mu"]), float(conf["sigma"])) + 0.5))
            if days <= int(conf["max_business_days"]):
                return days

    def chain(self, channel: str, sent_on: _dt.date, skill: float = 1.0, opportunities: bool = True) -> _Outcome:
        """One contact's events from the first message on, cut at the window's end."""
        p, rng = self.p, self.rng
        out = _Outcome(events=[("outreach_sent", sent_on, "")])
        target = min(0.95, float(p["reply_rate"][channel]["value"]) * skill)
        lift, nudged = float(p["follow_up"]["lift"]), float(p["follow_up"]["sent_probability"])
        # First touch p1, second touch p2. With a nudge the reply rate is p1 * (1 + lift)
        # (p1 + (1 - p1) * p2); averaged over the share of learners who send it, it is target.
        p1 = target / (1 + nudged * lift)
        p2 = p1 * lift / (1 - p1)
        nudge_on = _add_business_days(sent_on, int(p["follow_up"]["after_business_days"]))
        replied_on = _add_business_days(sent_on, self.delay()) if rng.random() < p1 else None
        if (replied_on is None or replied_on > nudge_on) and rng.random() < nudged:
            out.events.append(("follow_up_sent", nudge_on, ""))
            if replied_on is None and rng.random() < p2:
                replied_on = _add_business_days(nudge_on, self.delay())
        if replied_on is None:
            return self._cut(out)
        meet = p["meeting"]
        scheduled = rng.random() < float(meet["scheduled_given_reply"])
        out.events.append(("replied", replied_on, "agreed to talk" if scheduled else "replied with advice by email"))
        if not scheduled:
            return self._cut(out)
        out.meeting = f"{rng.choice(meet['formats'])}, {rng.choice(meet['minutes'])} min"
        scheduled_on = _add_business_days(replied_on, rng.randint(*_span(meet["schedule_after_reply_business_days"])))
        out.events.append(("meeting_scheduled", scheduled_on, out.meeting))
        if rng.random() >= float(meet["held_given_reply"]) / float(meet["scheduled_given_reply"]):
            return self._cut(out)
        held_on = _add_business_days(scheduled_on, rng.randint(*_span(meet["held_after_schedule_business_days"])))
        out.held_on = held_on
        out.events.append(("meeting_held", held_on, out.meeting))
        thanks_on = held_on + _dt.timedelta(days=rng.randint(*_span(p["thank_you"]["after_days"])))
        out.events.append(("thank_you_sent", thanks_on, "email"))
        if rng.random() < float(p["referral"]["per_meeting"]):
            out.referral_on = held_on + _dt.timedelta(days=rng.randint(0, 3))
            out.referral_names = rng.randint(*_span(p["referral"]["names_per_referral"]))
            out.events.append(("referral_received", out.referral_on, ""))
        if rng.random() < float(p["update"]["per_meeting"]):
            update_on = held_on + _dt.timedelta(days=rng.randint(*_span(p["update"]["after_days"])))
            out.events.append(("update_sent", update_on, "told them what I did with their advice"))
        if opportunities and rng.random() < float(p["opportunity"]["per_meeting"]):
            chance_on = held_on + _dt.timedelta(days=rng.randint(*_span(p["opportunity"]["after_days"])))
            out.events.append(("opportunity", chance_on, rng.choice(OPPORTUNITY_DETAILS)))
        return self._cut(out)

    def _cut(self, out: _Outcome) -> _Outcome:
        out.events = [e for e in out.events if e[1] <= self.end]
        if out.held_on is not None and out.held_on > self.end:
            out.held_on = None
        if out.referral_on is not None and out.referral_on > self.end:
            out.referral_on, out.referral_names = None, 0
        return out

    def referral_outreach(self, referred_on: _dt.date) -> _dt.date:
        return _add_business_days(
            referred_on, self.rng.randint(*_span(self.p["referral"]["outreach_after_business_days"]))
        )


# ------------------------------------------------------------------- the sample learner
@dataclass
class _Contact:
    key: int
    person: _Person
    channel: str
    source: str
    identified_on: _dt.date
    identified_detail: str = ""
    sent_on: _dt.date | None = None
    referred_by: int | None = None
    outcome: _Outcome = field(default_factory=_Outcome)
    cadence_days: int | None = None


def learner_history(params: dict | None = None, seed: int | None = None) -> dict[str, list]:
    """The sample learner's tracker: ``{"contacts": [...], "interactions": [...], "notes": [...]}``.

    Rows are dicts with the columns of ``contacts.csv`` / ``interactions.csv`` and the notes
    of ``notes.json``; ids start at 1 in the order a fresh tracker assigns them.
    """
    params = params or load_parameters()
    seed = int(params["seed"] if seed is None else seed)
    conf = params["learner"]
    start, end = params["window"]["start"], params["window"]["end"]
    people, employers, book = _connections_people(params, seed)
    rng = _rng(seed, "learner")
    book.rng = rng
    sim = _Simulator(params, rng, end)

    # Who the learner picks from their connections, and by which channel.
    picked = rng.sample(
        [p for p in people if p.company],
        int(conf["warm"]) + int(conf["alumni"]) + int(conf["cold"]) + int(conf["identified_only"]),
    )
    channels = ["warm"] * int(conf["warm"]) + ["alumni"] * int(conf["alumni"]) + ["cold"] * int(conf["cold"])
    channels += [rng.choice(("warm", "alumni", "cold")) for _ in range(int(conf["identified_only"]))]
    contacts: list[_Contact] = []
    for person, channel in zip(picked, channels):
        contacts.append(_Contact(len(contacts), person, channel, "linkedin", start, "from Connections.csv"))
    to_contact = contacts[: len(contacts) - int(conf["identified_only"])]
    rng.shuffle(to_contact)
    ahead = _span(conf["identified_ahead_days"])
    queue: list[_Contact] = []
    for week in range(((end - start).days // 7) + 1):
        monday = start + _dt.timedelta(weeks=week)
        for _ in range(rng.randint(*_span(conf["weekly_outreach"]))):
            if not to_contact:
                break
            c = to_contact.pop(0)
            c.sent_on = min(end, monday + _dt.timedelta(days=rng.randint(0, 4)))
            c.identified_on = max(start, c.sent_on - _dt.timedelta(days=rng.randint(*ahead)))
            queue.append(c)
    for c in contacts:  # never written to: picked on some day in the window
        if c.sent_on is None:
            c.identified_on = start + _dt.timedelta(days=rng.randrange((end - start).days + 1))
    for event in conf.get("events", []):
        for _ in range(int(event["people"])):
            person = book.person(employers)
            person.email = book.email(person.first, person.last)
            c = _Contact(len(contacts), person, "event", "event", event["on"], f"met at {event['name']}")
            c.sent_on = _add_business_days(event["on"], rng.randint(1, 3))
            contacts.append(c)
            queue.append(c)
    queue.sort(key=lambda c: (c.sent_on, c.key))

    # Each story in turn; referrals join the queue as they appear.
    i = 0
    while i < len(queue):
        c = queue[i]
        i += 1
        if c.sent_on is None or c.sent_on > end:
            continue
        c.outcome = sim.chain(c.channel, c.sent_on, opportunities=False)
        for _ in range(c.outcome.referral_names):
            person = book.person(employers, c.person.industry)
            person.email = book.email(person.first, person.last)
            ref = _Contact(
                len(contacts),
                person,
                "referral",
                "referral",
                c.outcome.referral_on,
                f"suggested by {c.person.first} {c.person.last}",
                referred_by=c.key,
            )
            ref.sent_on = sim.referral_outreach(c.outcome.referral_on)
            contacts.append(ref)
            queue.append(ref)
        if c.outcome.referral_names:
            names = [f"{r.person.first} {r.person.last}" for r in contacts if r.referred_by == c.key]
            c.outcome.events = [
                (k, d, ("suggested: " + ", ".join(names)) if k == "referral_received" else det)
                for k, d, det in c.outcome.events
            ]

    met = sorted((c for c in contacts if c.outcome.held_on), key=lambda c: (c.outcome.held_on, c.key))
    _story_owed_thank_yous(met, int(conf["owed_thank_yous"]))
    _story_opportunities(met, int(conf["opportunities"]), params, rng, end)
    cadences = _span(conf["cadence_days"])
    for c in met:
        if rng.random() < 0.3:
            c.cadence_days = rng.choice(cadences)
    notes_by_key = {c.key: _meeting_notes(c, contacts, conf, rng) for c in met}
    kept = []  # promises the learner has already kept: (contact key, meeting day, text, done on)
    for c in met:
        for promise in notes_by_key[c.key]["promised"]:
            due = _dt.date.fromisoformat(promise["due"])
            done = max(c.outcome.held_on + _dt.timedelta(days=1), due + _dt.timedelta(days=rng.randint(-3, 2)))
            if rng.random() < float(conf["promises_kept"]) and done <= end:
                kept.append((c.key, c.outcome.held_on, promise["text"], done))
    return _number(contacts, notes_by_key, kept)


def _story_owed_thank_yous(met: list[_Contact], owed: int) -> None:
    """The latest meetings' thank-yous are not sent yet (stage 5 shows them as due)."""
    missing = [c for c in met if not any(k == "thank_you_sent" for k, _, _ in c.outcome.events)]
    for c in reversed(met):
        if len(missing) >= owed:
            break
        if c not in missing:
            c.outcome.events = [e for e in c.outcome.events if e[0] != "thank_you_sent"]
            missing.append(c)


def _story_opportunities(met: list[_Contact], count: int, params: dict, rng: random.Random, end: _dt.date) -> None:
    low, high = _span(params["opportunity"]["after_days"])
    eligible = [c for c in met if (end - c.outcome.held_on).days >= low]
    for c in rng.sample(eligible, min(count, len(eligible))):
        days = rng.randint(low, min(high, (end - c.outcome.held_on).days))
        c.outcome.events.append(
            ("opportunity", c.outcome.held_on + _dt.timedelta(days=days), rng.choice(OPPORTUNITY_DETAILS))
        )


def _meeting_notes(c: _Contact, contacts: list[_Contact], conf: dict, rng: random.Random) -> dict:
    fill = {"company": c.person.company, "field": FIELDS.get(c.person.industry, "this field"), "first": c.person.first}
    names = [f"{r.person.first} {r.person.last}" for r in contacts if r.referred_by == c.key]
    promised = []
    due_low, due_high = _span(conf["promised_due_days"])
    for text in rng.sample(PROMISES, rng.randint(*_span(conf["promised_per_meeting"]))):
        due = c.outcome.held_on + _dt.timedelta(days=rng.randint(due_low, due_high))
        promised.append({"text": text.format(**fill), "due": due.isoformat()})
    offered = rng.choice(OFFERS)
    if names:
        offered = f"Will introduce me to {' and '.join(names)}; I may mention {c.person.first}'s name."
    return {
        "meeting_on": c.outcome.held_on.isoformat(),
        "insights": rng.choice(INSIGHTS).format(**fill),
        "advice": rng.choice(ADVICE).format(**fill),
        "resources": rng.choice(RESOURCES).format(**fill),
        "names_suggested": names,
        "promised": promised,
        "offered": offered,
    }


def _promise_key(contact_id: int, meeting_on: _dt.date, text: str) -> str:
    """The key stage 5 (:mod:`infoview.followup`) gives a promise from meeting notes."""
    return f"{contact_id}:promised:{meeting_on.isoformat()}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def _number(
    contacts: list[_Contact], notes_by_key: dict[int, dict], kept: list[tuple[int, _dt.date, str, _dt.date]]
) -> dict[str, list]:
    """Ids in the order a fresh tracker gives them: contacts by the day they were identified."""
    ordered = sorted(contacts, key=lambda c: (c.identified_on, c.key))
    ids = {c.key: n for n, c in enumerate(ordered, start=1)}
    rows, events = [], []
    for c in ordered:
        p = c.person
        rows.append(
            {
                "id": ids[c.key],
                "first_name": p.first,
                "last_name": p.last,
                "company": p.company,
                "position": p.position,
                "email": p.email,
                "url": p.url,
                "connected_on": p.connected_on.isoformat() if p.connected_on else "",
                "channel": c.channel,
                "source": c.source,
                "referred_by": ids[c.referred_by] if c.referred_by is not None else "",
                "cadence_days": c.cadence_days or "",
            }
        )
        events.append((c.identified_on, ids[c.key], "identified", c.identified_detail))
        for kind, day, detail in c.outcome.events:
            if kind == "outreach_sent":
                detail = "email" if p.email else "LinkedIn message"
            events.append((day, ids[c.key], kind, detail))
    events.sort(key=lambda e: (e[0], e[1], _KIND_ORDER[e[2]]))
    interactions = [
        {"id": n, "contact_id": cid, "kind": kind, "occurred_on": day.isoformat(), "detail": detail}
        for n, (day, cid, kind, detail) in enumerate(events, start=1)
    ]
    # Meeting notes, and a "followup_state" note (stage 5's "done" mark) per promise kept.
    unnumbered = [(body["meeting_on"], 0, ids[k], "meeting_notes", body) for k, body in notes_by_key.items()]
    for key, meeting_on, text, done_on in kept:
        state = {"key": _promise_key(ids[key], meeting_on, text), "status": "done", "until": None}
        unnumbered.append((done_on.isoformat(), 1, ids[key], "followup_state", state))
    unnumbered.sort(key=lambda x: (x[0], x[1], x[2], json.dumps(x[4], sort_keys=True)))
    notes = [
        {"id": n, "contact_id": cid, "kind": kind, "occurred_on": day, "body": body}
        for n, (day, _, cid, kind, body) in enumerate(unnumbered, start=1)
    ]
    return {"contacts": rows, "interactions": interactions, "notes": notes}


def _csv_text(columns: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_learner(folder: str | Path, params: dict | None = None, seed: int | None = None) -> list[Path]:
    """Write ``contacts.csv``, ``interactions.csv`` and ``notes.json`` into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    history = learner_history(params, seed)
    files = {
        "contacts.csv": _csv_text(LEARNER_CONTACT_COLUMNS, history["contacts"]),
        "interactions.csv": _csv_text(LEARNER_INTERACTION_COLUMNS, history["interactions"]),
        "notes.json": (json.dumps(history["notes"], indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    }
    out = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out


# --------------------------------------------------------------------------- loading
@functools.lru_cache(maxsize=4)
def _read_learner(folder: str) -> tuple[list[dict], list[dict], list[dict]]:
    base = Path(folder)
    for name in ("contacts.csv", "interactions.csv", "notes.json"):
        if not (base / name).is_file():
            raise FileNotFoundError(
                f"The sample learner's {name} is missing from {base}; regenerate it with 'python -m infoview.sample'."
            )
    with open(base / "contacts.csv", encoding="utf-8", newline="") as fh:
        contacts = list(csv.DictReader(fh))
    with open(base / "interactions.csv", encoding="utf-8", newline="") as fh:
        interactions = list(csv.DictReader(fh))
    notes = json.loads((base / "notes.json").read_text(encoding="utf-8"))
    return contacts, interactions, notes


def sample_tracker(folder: str | Path | None = None) -> Tracker:
    """A fresh in-memory :class:`~infoview.tracker.Tracker` holding the sample learner's history.

    Loaded from the committed ``data/sample/learner/`` files in one transaction. Each call
    returns a new tracker, so changing it never touches the files or other callers. Its
    setting ``"sample_learner"`` is True, so a tool can say it is showing the sample.
    """
    base = Path(folder) if folder is not None else sample_dir() / "learner"
    contacts, interactions, notes = _read_learner(str(base.resolve()))
    t = Tracker(":memory:")
    ids: dict[str, int] = {}
    with t.transaction():
        for row in contacts:
            fields = {k: (row[k] if row[k] != "" else None) for k in CONTACT_FIELDS}
            if fields["referred_by"] is not None:
                fields["referred_by"] = ids[fields["referred_by"]]
            ids[row["id"]] = t.add_contact(**fields)
        t.log_many(
            {
                "contact_id": ids[e["contact_id"]],
                "kind": e["kind"],
                "occurred_on": e["occurred_on"],
                "detail": e["detail"],
            }
            for e in interactions
        )
        for note in notes:
            t.add_note(ids[str(note["contact_id"])], note["kind"], note["body"], on=note["occurred_on"])
        t.set_setting("sample_learner", True)
    return t


# ------------------------------------------------------------------------- the cohort
def cohort_events(params: dict | None = None, seed: int | None = None) -> list[dict]:
    """Anonymised event rows for a class of learners (columns :data:`COHORT_COLUMNS`).

    Learners differ in weekly activity, skill (a multiplier on reply rates), channel mix,
    start week, and whether they stall partway; all from ``[cohort]`` in the parameters.
    """
    params = params or load_parameters()
    seed = int(params["seed"] if seed is None else seed)
    conf = params["cohort"]
    start, end = params["window"]["start"], params["window"]["end"]
    rng = _rng(seed, "cohort")
    sim = _Simulator(params, rng, end)
    weeks = (end - start).days // 7 + 1
    mix = conf["channel_mix"]
    channel_names = sorted(mix)
    ahead = _span(params["learner"]["identified_ahead_days"])
    rows: list[dict] = []
    seen_ids: set[str] = set()
    for _ in range(int(conf["learners"])):
        learner_id = f"L-{rng.getrandbits(24):06x}"
        while learner_id in seen_ids:
            learner_id = f"L-{rng.getrandbits(24):06x}"
        seen_ids.add(learner_id)
        rate = float(conf["weekly_outreach_median"]) * math.exp(float(conf["weekly_outreach_sigma"]) * rng.gauss(0, 1))
        skill = rng.uniform(*conf["skill"])
        first_week = rng.randint(*_span(conf["start_delay_weeks"]))
        last_week = weeks
        if rng.random() < float(conf["stall_probability"]):
            last_week = min(weeks, first_week + rng.randint(*_span(conf["stall_after_weeks"])))
        weights = [float(mix[c]) * rng.gammavariate(4.0, 1.0) for c in channel_names]
        stories: list[tuple[int, str, list[tuple[str, _dt.date]]]] = []
        pending: list[tuple[str, _dt.date, _dt.date]] = []  # channel, identified, first message
        for week in range(first_week, last_week):
            monday = start + _dt.timedelta(weeks=week)
            for _ in range(_poisson(rng, rate)):
                channel = rng.choices(channel_names, weights=weights)[0]
                sent = min(end, monday + _dt.timedelta(days=rng.randint(0, 4)))
                identified = max(start, sent - _dt.timedelta(days=rng.randint(*ahead)))
                pending.append((channel, identified, sent))
        j = 0
        while j < len(pending):
            channel, identified, sent = pending[j]
            j += 1
            events = [("identified", identified)]
            if rng.random() >= float(conf["identified_only_share"]):
                outcome = sim.chain(channel, sent, skill=skill)
                events += [(k, d) for k, d, _ in outcome.events]
                for _ in range(outcome.referral_names):
                    referred = outcome.referral_on
                    if last_week == weeks or referred < start + _dt.timedelta(weeks=last_week):
                        pending.append(("referral", referred, sim.referral_outreach(referred)))
            stories.append((len(stories) + 1, channel, events))
        for key, channel, events in stories:
            for kind, day in sorted(events, key=lambda e: (e[1], _KIND_ORDER[e[0]])):
                rows.append(
                    {
                        "learner_id": learner_id,
                        "contact_key": key,
                        "channel": channel,
                        "kind": kind,
                        "occurred_on": day.isoformat(),
                    }
                )
    return rows


def write_cohort(out: str | Path, params: dict | None = None, seed: int | None = None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_csv_text(COHORT_COLUMNS, cohort_events(params, seed)))
    return out


# ------------------------------------------------------------------------ everything
def generate(out_dir: str | Path | None = None, seed: int | None = None, params: dict | None = None) -> list[Path]:
    """Write every sample file into ``out_dir`` (default ``data/sample/``); returns their paths."""
    params = params or load_parameters()
    out = Path(out_dir) if out_dir is not None else sample_dir()
    try:
        files = [write_connections(out / "Connections.csv", params, seed)]
        files += write_learner(out / "learner", params, seed)
        files.append(write_cohort(out / "cohort_events.csv", params, seed))
    except KeyError as exc:
        raise ContentError(
            f"The sample parameters have no {exc.args[0]!r}; data/content/sample_parameters.toml lists every key."
        ) from None
    except ContentError:
        raise
    except (TypeError, ValueError) as exc:
        raise ContentError(
            f"A sample parameter has a value that does not fit ({exc}); compare with data/content/sample_parameters.toml."
        ) from None
    _read_learner.cache_clear()
    return files


if __name__ == "__main__":  # pragma: no cover
    # ``python -m infoview.sample [--out DIR] [--seed N]`` is ``python -m infoview sample-data ...``.
    import runpy
    import sys

    sys.argv = ["infoview", "sample-data", *sys.argv[1:]]
    runpy.run_module("infoview", run_name="__main__")
