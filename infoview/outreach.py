"""Stage 2, crafting the approach: review an outreach message, suggest a subject, fill a template.

:func:`review` checks a message against the rules in ``data/content/outreach_rules.toml``
(by default Steve Dalton's 6-Point Email from *The 2-Hour Job Search*, 2nd ed., 2020, plus
the article's advice on time and format). Every threshold, word list and pattern lives in
that file with its source, so an instructor changes the rules without touching this code.

Why one module (about 1,100 lines): the review rules, their compiled content and the
findings they produce are one unit: each rule reads the compiled :class:`Rules` and writes
findings with spans into the same text, and the composer's templates and subjects use the
same content. The message-file reader and the composer's contact order sit at the end.

>>> r = review("Hi Ana, Dana Ortiz suggested I contact you. Could you spare 20 minutes for a call?")
>>> r.word_count, r.ok
(16, True)
>>> [f.rule for f in r.warnings]
['personalization', 'format_flexibility']
>>> review("I'd love a job at your company.").ok
False

The checks are written for English. They never raise on any text: an empty message, a
5,000-word paste, another language or HTML each get a finding that says what is wrong.
"""

from __future__ import annotations

import html as _html
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import review_text
from .content import ContentError, load_cached, load_toml, merge
from .exercises import Feedback, check_multilabels, clean_text
from .files import decode_text, human_size
from .paths import parse_date
from .review_text import Rewrite

__all__ = [
    "Finding",
    "Review",
    "Rules",
    "Feedback",
    "SEVERITIES",
    "CHANNELS",
    "Rewrite",
    "review",
    "apply_rewrite",
    "load_rules",
    "rule_labels",
    "suggest_subject",
    "templates",
    "render_template",
    "example_messages",
    "side_by_side",
    "rules_table",
    "describe_rewrite_exercise",
    "describe_spot_exercise",
    "check_rewrite",
    "check_spot_the_problems",
    "read_message_file",
    "contact_choices",
    "log_outreach",
    "spot_rule_ids",
]

#: Severities in the order they are shown. Only errors stop a message being ready to send.
SEVERITIES = ("error", "warning", "tip")
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
#: At most this many findings of one rule (a 5,000-word paste could otherwise list hundreds).
MAX_FINDINGS_PER_RULE = 5

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)*")
_SUBJECT = re.compile(r"\A\s*subject\s*:[ \t]*([^\n]*)(?:\n|\Z)", re.IGNORECASE)
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")
_QUESTION_END = re.compile(r"[?\uFF1F][\"'\u201D\u2019)]*\s*\Z")


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Finding:
    """One problem (or tip) in a message.

    ``span`` is the ``(start, end)`` character range of the text it applies to, in the
    text given to :func:`review` (the whole text when it is about the message as a whole).
    """

    rule: str
    severity: str
    message: str
    span: tuple[int, int]

    def excerpt(self, text: str, width: int = 60) -> str:
        """The part of ``text`` this finding points at, shortened to ``width`` characters."""
        piece = " ".join(text[self.span[0] : self.span[1]].split())
        return piece if len(piece) <= width else piece[: width - 1] + "\u2026"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "start": self.span[0],
            "end": self.span[1],
        }


@dataclass
class Review:
    """The result of :func:`review`: findings (errors first), the word count and the limit."""

    text: str
    findings: list[Finding]
    word_count: int
    max_words: int
    subject: str | None = None
    #: The (start, end) of the message body (after any subject line): findings about the
    #: message as a whole point here.
    body_span: tuple[int, int] = (0, 0)
    #: One-click fixes for findings whose fix is mechanical (see :func:`apply_rewrite`).
    rewrites: list[Rewrite] = field(default_factory=list)
    #: The channel the message was reviewed for (None: not given).
    channel: str | None = None

    def is_whole(self, finding: Finding) -> bool:
        """True when ``finding`` is about the whole message, not one place in it."""
        return finding.span == self.body_span or finding.span == (0, len(self.text))

    @property
    def ok(self) -> bool:
        """True when there are no errors: the message is ready to send."""
        return not any(f.severity == "error" for f in self.findings)

    def of(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.of("warning")

    @property
    def tips(self) -> list[Finding]:
        return self.of("tip")

    @property
    def rules(self) -> set[str]:
        """The ids of the rules with at least one finding."""
        return {f.rule for f in self.findings}

    def summary(self) -> str:
        """One line: ready or not, and the counts."""
        counts = ", ".join(f"{len(self.of(s))} {s}{'s' if len(self.of(s)) != 1 else ''}" for s in SEVERITIES)
        state = "Ready to send" if self.ok else "Not ready to send"
        return f"{state}: {self.word_count} of {self.max_words} words; {counts}."

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "word_count": self.word_count,
            "max_words": self.max_words,
            "subject": self.subject,
            "findings": [f.to_dict() for f in self.findings],
        }

    def __str__(self) -> str:
        lines = [self.summary()]
        for f in self.findings:
            lines.append(f"- {f.severity}: {f.message}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- rules
def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation of ``words`` shaped as a trie ("ab|ac" becomes "a(?:b|c)").

    Python's regex engine tries the alternatives of a flat list one by one at every position;
    a trie tries one letter at a time, so 150 anchor stems cost about as much as a few.

    >>> _trie_pattern(["job", "join", "role", "hir", "hire"])
    '(?:(?:hir(?:e)?|jo(?:b|in)|role))'
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if "" in node:  # a word may end here, or go on
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return "(?:" + build(trie) + ")"


def _compile_one(pattern: Any, where: str) -> re.Pattern | None:
    """One case-insensitive pattern (None when blank)."""
    if not pattern:
        return None
    if not isinstance(pattern, str):
        raise ContentError(f"outreach rules, {where}: expected a pattern as text, got {pattern!r}.")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ContentError(
            f"outreach rules, {where}: the pattern {pattern!r} is not a valid regular expression ({exc})."
        ) from None


#: A pattern that can only match where a word starts: \b first, maybe after lookbehinds.
_WORD_START = re.compile(r"(?:\(\?<![^()]*\))*\\b")


def _compile(patterns: Iterable[str], where: str) -> re.Pattern | None:
    """One case-insensitive alternation of ``patterns`` (None when the list is empty)."""
    patterns = list(patterns)
    parts = []
    for p in patterns:
        if not isinstance(p, str):
            raise ContentError(f"outreach rules, {where}: every pattern must be text, got {p!r}.")
        try:
            re.compile(p)
        except re.error as exc:
            raise ContentError(
                f"outreach rules, {where}: the pattern {p!r} is not a valid regular expression ({exc})."
            ) from None
        parts.append(f"(?:{p})")
    if not parts:
        return None
    body = "|".join(parts)
    if all(_WORD_START.match(p) for p in patterns):
        # Only try the alternatives where a word starts: several times faster on long text.
        body = r"(?<!\w)(?=\w)(?:" + body + ")"
    return re.compile(body, re.IGNORECASE)


def _words_pattern(words: Iterable[str]) -> re.Pattern | None:
    words = sorted({str(w).strip().lower() for w in words if str(w).strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'])", re.IGNORECASE)


def _stems_in(pattern: str, stems: Iterable[str]) -> frozenset[str]:
    """The anchor stems that start a word of ``pattern``'s text ("part" in "part of", not in "department")."""
    text = re.sub(r"\\[a-zA-Z]", " ", pattern.lower())  # \b, \s, \w are not letters of a word
    return frozenset(s for s in stems if re.search(r"(?<![a-z\u00e0-\u024f])" + re.escape(s), text))


class Rules:
    """Outreach rules loaded from TOML data, with every pattern compiled once.

    Build one with :func:`load_rules`; pass it as ``rules=`` to :func:`review` when you
    review many messages with custom rules (the default rules are cached already).
    """

    def __init__(self, data: Mapping[str, Any], origin: str = "outreach_rules.toml"):
        self.data = dict(data)
        self.origin = origin
        self.edition = str(self.data.get("edition", ""))
        self.severity: dict[str, str] = {}
        for name, section in self.data.items():
            if name not in ("edition", "language") and not isinstance(section, dict):
                raise ContentError(f"{origin}: {name} must be a table ([{name}] with its keys), not {section!r}.")
            if isinstance(section, dict) and "severity" in section:
                sev = str(section["severity"]).lower()
                if sev not in (*SEVERITIES, "off"):
                    raise ContentError(
                        f"{origin}, [{name}]: severity {section['severity']!r} is not one of error, warning, tip, off."
                    )
                self.severity[name] = sev
                for key, value in section.items():
                    if key.endswith("_severity") and str(value).lower() not in (*SEVERITIES, "off"):
                        raise ContentError(
                            f"{origin}, [{name}]: {key} {value!r} is not one of error, warning, tip, off."
                        )
        self.max_words = self._int("length", "max_words")
        self.min_words = self._int("too_short", "min_words")
        #: Past this many words the text is not a message (a whole document pasted by mistake):
        #: only the length is reported, so the review stays instant.
        self.review_max_words = max(self._int("length", "review_max_words"), 2 * self.max_words)
        self.placeholder = _compile(self._list("placeholder", "patterns"), "[placeholder] patterns")
        self.markup = _compile(self._list("markup", "patterns"), "[markup] patterns")
        self.english_words = frozenset(str(w).lower() for w in self._list("language_check", "english_words"))
        self.language_min_words = self._int("language_check", "min_words")
        self.min_english_share = self._float("language_check", "min_english_share")
        self.job = _compile(self._list("job_ask", "patterns"), "[job_ask] patterns")
        anchors = sorted(
            {str(a).lower() for a in self._list("job_ask", "anchors") if str(a).strip()}, key=len, reverse=True
        )
        # Each pattern with the anchor stems its text holds: only the patterns whose stems occur
        # in a message are tried on it (a pattern holding none is always tried).
        self.job_sources = [(str(p), _stems_in(str(p), anchors)) for p in self._list("job_ask", "patterns")]
        self._job_subsets: dict[tuple[int, ...], re.Pattern | None] = {}
        self._job_by_stems: dict[frozenset[str], re.Pattern | None] = {}
        self.job_anchor = re.compile(r"(?<!\w)" + _trie_pattern(anchors), re.IGNORECASE) if anchors else None
        self.negation = _words_pattern(self._list("job_ask", "negations"))
        self.negation_window = self._int("job_ask", "negation_window_words")
        self.politeness = _compile(self._list("job_ask", "politeness_formulas"), "[job_ask] politeness_formulas")
        self.scope_breaks = _words_pattern(self._list("job_ask", "scope_breaks"))
        self.advice_question = str(self.get("job_ask", "rewrite_question", "") or "")
        self.context = {
            key: _compile_one(self.get("job_ask", f"context_{key}", ""), f"[job_ask] context_{key}")
            for key in ("job_words", "not_theirs", "advice", "request", "writer")
        }
        self.connection = _compile(self._list("connection_first", "patterns"), "[connection_first] patterns")
        self.ask = _compile(self._list("question_ask", "ask_patterns"), "[question_ask] ask_patterns")
        self.request_question = _compile(
            self._list("question_ask", "request_question_patterns"), "[question_ask] request_question_patterns"
        )
        self.max_minutes = self._int("time_ask", "max_minutes")
        self.small_ask = _compile(self._list("time_ask", "small_ask_patterns"), "[time_ask] small_ask_patterns")
        self.narrative = _compile(self._list("time_ask", "narrative_patterns"), "[time_ask] narrative_patterns")
        self.vague = _compile(self._list("time_ask", "vague_patterns"), "[time_ask] vague_patterns")
        self.word_minutes = self._minutes_table()
        self.duration = self._duration_pattern()
        pers = self.section("personalization")
        self.generic_greetings = frozenset(
            str(g).lower().strip() for g in self._list("personalization", "generic_greetings")
        )
        self.generic_title_words = frozenset(
            str(g).lower() for g in self._list("personalization", "generic_title_words")
        )
        try:
            self.greeting = re.compile(
                str(pers.get("greeting_pattern", r"^\s*(?:hi|hello|dear)\b[ \t,]*([^\n,]*)")), re.IGNORECASE
            )
        except re.error as exc:
            raise ContentError(
                f"{origin}, [personalization] greeting_pattern: not a valid regular expression ({exc})."
            ) from None
        self.specific = _compile(
            self._list("personalization", "specific_patterns"), "[personalization] specific_patterns"
        )
        self.them_words = frozenset(str(w).lower() for w in self._list("about_them", "them_words"))
        self.me_words = frozenset(str(w).lower() for w in self._list("about_them", "me_words"))
        self.min_pronouns = self._int("about_them", "min_pronouns")
        self.flexible = _compile(
            self._list("format_flexibility", "flexible_patterns"), "[format_flexibility] flexible_patterns"
        )
        self.narrow = _compile(self._list("interest", "narrow_patterns"), "[interest] narrow_patterns")
        self.broad = _compile(self._list("interest", "broad_patterns"), "[interest] broad_patterns")
        self.max_chars = self._int("characters", "max_chars")
        self.note_max_chars = {
            "connection_note": self._int("connection_note", "max_chars"),
            "connection_note_premium": self._int("connection_note", "premium_max_chars"),
        }
        self.time_rewrite = str(self.get("time_ask", "rewrite_minutes", "") or "")
        self.char_channels = frozenset(str(c) for c in self._list("characters", "channels"))
        self.subject_max_chars = self._int("subject", "max_chars")
        self.subject_job = _compile(self._list("subject", "job_patterns"), "[subject] job_patterns")

    # -- access helpers
    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}

    def get(self, name: str, key: str, default: Any = None) -> Any:
        return self.section(name).get(key, default)

    def _list(self, name: str, key: str) -> list:
        value = self.get(name, key, [])
        if not isinstance(value, list):
            raise ContentError(f'{self.origin}, [{name}] {key}: expected a list like ["a", "b"], got {value!r}.')
        return value

    def _float(self, name: str, key: str) -> float:
        value = self.get(name, key, 0.0)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ContentError(f"{self.origin}, [{name}] {key}: expected a number, got {value!r}.") from None

    def _minutes_table(self) -> dict[str, int]:
        table = self.get("time_ask", "word_minutes", {})
        if not isinstance(table, dict):
            raise ContentError(f"{self.origin}, [time_ask.word_minutes]: expected a table of phrase = minutes.")
        out = {}
        for phrase, minutes in table.items():
            if not isinstance(minutes, int) or isinstance(minutes, bool):
                raise ContentError(
                    f"{self.origin}, [time_ask.word_minutes] {phrase!r}: expected a whole number of minutes, got {minutes!r}."
                )
            out[str(phrase).lower()] = minutes
        return out

    def _int(self, name: str, key: str) -> int:
        value = self.get(name, key, 0)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ContentError(f"{self.origin}, [{name}] {key}: expected a whole number, got {value!r}.") from None

    def active(self, name: str) -> bool:
        return self.severity.get(name, "off") != "off"

    def label(self, name: str) -> str:
        return str(self.get(name, "label", name))

    def message(self, name: str, key: str = "message", **values: Any) -> str:
        template = str(self.get(name, key, "") or self.get(name, "message", name))
        try:
            return template.format_map(_Blank(values))
        except (ValueError, IndexError, AttributeError):  # a stray brace in an instructor's message
            return template

    def _duration_pattern(self) -> re.Pattern:
        unit = r"(?:\s*-\s*|\s+)?(?:min(?:ute)?s?|mins?)\b"
        number = r"\d{1,3}"
        words = sorted(self.word_minutes, key=len, reverse=True)
        needs_unit = [w for w in words if "hour" not in w]
        standalone = [w for w in words if "hour" in w]
        alt_num = "|".join([number, *(re.escape(w) for w in needs_unit)])
        parts = [
            rf"(?P<lo>{alt_num})(?:\s*(?:-|\u2013|\u2014|to|or)\s*(?P<hi>{alt_num}))?{unit}",
            r"(?P<hours>\d{1,2}(?:\.\d)?)(?:\s*-\s*|\s+)?(?:hours?|hrs?)\b",
        ]
        if standalone:
            parts.append(r"(?P<phrase>" + "|".join(re.escape(w) for w in standalone) + r")\b")
        return re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)

    def job_patterns_for(self, stems: set[str]) -> re.Pattern | None:
        """The job-ask patterns that can match a text holding these anchor stems, as one regex."""
        key = frozenset(stems)
        hit = self._job_by_stems.get(key)
        if hit is not None or key in self._job_by_stems:
            return hit
        chosen = tuple(i for i, (_, need) in enumerate(self.job_sources) if not need or need & stems)
        if chosen not in self._job_subsets:
            if len(self._job_subsets) > 512:
                self._job_subsets.clear()
                self._job_by_stems.clear()
            self._job_subsets[chosen] = _compile([self.job_sources[i][0] for i in chosen], "[job_ask] patterns")
        self._job_by_stems[key] = self._job_subsets[chosen]
        return self._job_subsets[chosen]

    def minutes(self, match: re.Match) -> int:
        """Minutes a duration match asks for (the upper end of a range)."""
        if match.group("hours"):
            return int(round(float(match.group("hours")) * 60))
        if match.groupdict().get("phrase"):
            return self.word_minutes.get(match.group("phrase").lower(), 60)
        value = match.group("hi") or match.group("lo")
        return int(value) if value.isdigit() else self.word_minutes.get(value.lower(), 0)


class _Blank(dict):
    """format_map helper: a missing placeholder stays visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _compile_rules(data: dict, origin: "str | os.PathLike | None") -> Rules:
    return Rules(data) if origin is None else Rules(data, origin=str(origin))


def load_rules(rules: "Rules | Mapping | str | os.PathLike | None" = None, content_dir=None) -> Rules:
    """The rules to review with.

    Parameters
    ----------
    rules
        None for the content folder's rules (``outreach_rules.toml``: the default with an
        instructor's copy merged over it); a path to an instructor's own TOML file, or a
        dict, merged over those key by key; or a :class:`Rules`.
    content_dir
        The instructor's content folder (default: ``$INFOVIEW_CONTENT``, see :mod:`infoview.content`).

    Rules from files are compiled once and cached (:func:`infoview.content.load_cached`: a
    changed file is read again), so calling this on every keystroke is cheap. A dict is
    compiled on every call: build a :class:`Rules` once with ``load_rules(my_dict)`` and
    pass that instead.
    """
    if isinstance(rules, Rules):
        return rules
    if isinstance(rules, Mapping):
        return Rules(merge(load_rules(None, content_dir).data, dict(rules)), origin="rules dict")
    if rules is not None and not isinstance(rules, (str, os.PathLike)):
        raise TypeError(f"rules must be None, a path, a dict or a Rules object, not {type(rules).__name__}.")
    return load_cached("outreach_rules", _compile_rules, content_dir, extra_file=rules)


def rule_labels(rules=None) -> dict[str, str]:
    """Rule id -> the short label a learner sees, for every rule that is switched on."""
    r = load_rules(rules)
    return {name: r.label(name) for name in r.severity if r.active(name)}


# --------------------------------------------------------------------------- review
class _Text:
    """The body of a message as the rules read it (pasted HTML stripped), and lazily computed views of it.

    Positions inside :attr:`body` are plain-text positions; :meth:`span` maps them back to
    the text given to :func:`review`, so every finding points at what the learner wrote.
    """

    def __init__(self, raw_body: str, offset: int):
        self.raw_body = raw_body
        self.plain = review_text.plain_text(raw_body)
        self.body = self.plain.text
        self.offset = offset
        self._sentences: list[review_text.Sentence] | None = None
        self._segments: list[tuple[int, int, str]] | None = None
        self._words: list[str] | None = None

    @property
    def sentences(self) -> list[review_text.Sentence]:
        """Sentences with their kind (greeting, sentence, bullet, signoff, signature)."""
        if self._sentences is None:
            self._sentences = review_text.sentences(self.body)
        return self._sentences

    @property
    def segments(self) -> list[tuple[int, int, str]]:
        """Sentences and lines: (start, end, text) in body coordinates."""
        if self._segments is None:
            self._segments = [(s.start, s.end, s.text) for s in self.sentences]
        return self._segments

    @property
    def words(self) -> list[str]:
        """Lower-case words (apostrophes kept, curly ones straightened)."""
        if self._words is None:
            self._words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(self.body)]
        return self._words

    def span(self, start: int, end: int) -> tuple[int, int]:
        s, e = self.plain.original_span(start, end)
        return (s + self.offset, e + self.offset)

    def whole(self) -> tuple[int, int]:
        return self.span(0, len(self.body.rstrip()))


class _Collector:
    def __init__(self, rules: Rules, text: _Text):
        self.rules, self.text, self.findings = rules, text, []
        self.rewrites: list[Rewrite] = []
        self._per_rule: dict[str, int] = {}

    def add(self, rule: str, message: str, span: tuple[int, int] | None = None, *, severity: str | None = None) -> None:
        sev = severity or self.rules.severity.get(rule, "off")
        if sev == "off":
            return
        n = self._per_rule.get(rule, 0)
        if n >= MAX_FINDINGS_PER_RULE:
            return
        self._per_rule[rule] = n + 1
        self.findings.append(Finding(rule, sev, message, span if span is not None else self.text.whole()))

    def rewrite(self, rule: str, start: int, end: int, replacement: str, label: str) -> None:
        """Offer a one-click fix: replace body[start:end] (plain-text positions) by ``replacement``."""
        if self.text.plain.was_html or len(self.rewrites) >= MAX_FINDINGS_PER_RULE:
            return  # in pasted HTML a replacement could cut a tag in half: no mechanical fix there
        s, e = self.text.span(start, end)
        if any(w.start < e and s < w.end for w in self.rewrites):
            return
        self.rewrites.append(Rewrite(rule, s, e, replacement, label))


#: The channels a message can be written for; the connection notes have a hard character limit.
CHANNELS = ("email", "inmail", "connection_note", "connection_note_premium")


def review(
    text: Any,
    *,
    contact: Mapping[str, Any] | None = None,
    rules: "Rules | Mapping | str | os.PathLike | None" = None,
    channel: str | None = None,
) -> Review:
    """Check an outreach message against the rules.

    Parameters
    ----------
    text
        The message. A first line ``Subject: ...`` is read as the subject line and not
        counted in the words. Any value is accepted (None counts as empty).
    contact
        Optional tracker contact (``first_name``, ``last_name``, ``company``, ``position``,
        ``channel``): the name and something specific about them are looked for.
    rules
        See :func:`load_rules`.
    channel
        Where it will be sent, one of :data:`CHANNELS`: a LinkedIn connection note is
        checked against its character limit; ``inmail`` gets the LinkedIn length tip.
        None: judged by the contact's channel as before.

    Returns
    -------
    Review
        ``findings`` (errors, then warnings, then tips, each in text order),
        ``ok`` (no errors), ``word_count`` (words of the body, ``len(body.split())``, after
        any pasted HTML is stripped) and ``rewrites`` (one-click fixes).

    Pasted HTML is stripped before the rules run; every span still points into ``text``.
    """
    r = load_rules(rules)
    raw = "" if text is None else text if isinstance(text, str) else str(text)
    subject = None
    offset = 0
    m = _SUBJECT.match(raw)
    if m:
        subject, offset = m.group(1).strip(), m.end()
    t = _Text(raw[offset:], offset)
    contact = contact if isinstance(contact, Mapping) else None
    channel = channel if channel in CHANNELS else None
    word_count = len(t.body.split())
    out = _Collector(r, t)

    if not t.body.strip():
        out.add("empty", r.message("empty"), (0, len(raw)))
        return _finish(raw, out, word_count, r, subject, channel)

    if word_count > r.review_max_words:
        out.add(
            "length",
            r.message("length", "message_far_too_long", words=f"{word_count:,}", max_words=r.max_words),
            _past_limit(t, r.max_words),
            severity="error",
        )
        return _finish(raw, out, word_count, r, subject, channel)
    _check_length(r, t, out, word_count)
    _check_connection_note(r, t, out, channel)
    _check_placeholder(r, t, out)
    _check_markup(r, t, out)
    english = _looks_english(r, t, word_count)
    if not english:
        out.add("language_check", r.message("language_check"), t.whole())
        _check_question(r, t, out, english=False)
        if contact is not None and _contact_names(contact):
            _check_personal(r, t, out, contact, names_only=True)
        return _finish(raw, out, word_count, r, subject, channel)

    _check_job_ask(r, t, out)
    _check_connection(r, t, out)
    _check_question(r, t, out, english=True)
    _check_time(r, t, out)
    _check_personal(r, t, out, contact, names_only=False)
    _check_about_them(r, t, out)
    _check_flexibility(r, t, out)
    _check_interest(r, t, out, contact)
    _check_characters(r, t, out, contact, channel)
    if subject is not None:
        _check_subject(r, raw, subject, out)
    return _finish(raw, out, word_count, r, subject, channel)


def _finish(
    raw: str, out: _Collector, word_count: int, r: Rules, subject: str | None, channel: str | None = None
) -> Review:
    findings = sorted(out.findings, key=lambda f: (_SEVERITY_RANK[f.severity], f.span[0]))
    return Review(raw, findings, word_count, r.max_words, subject, out.text.whole(), out.rewrites, channel)


def apply_rewrite(text: str, rewrite: Rewrite) -> str:
    """``text`` with one of :attr:`Review.rewrites` applied (the learner can edit it after).

    >>> r = review("Hi Ana, we met at PyData. Could we meet for an hour, by phone or video?")
    >>> apply_rewrite(r.text, r.rewrites[0])
    'Hi Ana, we met at PyData. Could we meet for 20 minutes, by phone or video?'
    """
    return review_text.apply_rewrite(text, rewrite)


def _past_limit(t: _Text, max_words: int) -> tuple[int, int]:
    """The span of the words past ``max_words`` (the whole body when there are not that many)."""
    starts = [m.start() for m in re.finditer(r"\S+", t.body)]
    start = starts[max_words] if len(starts) > max_words else 0
    return t.span(start, len(t.body.rstrip()))


def _check_length(r: Rules, t: _Text, out: _Collector, words: int) -> None:
    if r.active("length") and r.max_words and words > r.max_words:
        out.add(
            "length",
            r.message("length", words=words, max_words=r.max_words, source_short=r.get("length", "source_short", "")),
            _past_limit(t, r.max_words),
        )
    elif r.active("too_short") and 0 < words < r.min_words:
        out.add("too_short", r.message("too_short", words=words, min_words=r.min_words), t.whole())


def _check_placeholder(r: Rules, t: _Text, out: _Collector) -> None:
    if not (r.placeholder and r.active("placeholder")):
        return
    seen = set()
    for m in r.placeholder.finditer(t.body):
        if m.group() in seen:
            continue
        seen.add(m.group())
        out.add("placeholder", r.message("placeholder", found=m.group()), t.span(m.start(), m.end()))


def _check_markup(r: Rules, t: _Text, out: _Collector) -> None:
    if r.markup and r.active("markup"):
        m = r.markup.search(t.raw_body)  # the text as pasted: the tags the plain text no longer has
        if m:
            out.add("markup", r.message("markup", found=m.group()[:40]), (m.start() + t.offset, m.end() + t.offset))


def _looks_english(r: Rules, t: _Text, word_count: int) -> bool:
    if not r.active("language_check") or not r.english_words:
        return True
    words = t.words
    if not t.body.isascii():
        # Scripts written without spaces (Chinese, Japanese) have few "words" but many letters.
        other = len(_NON_LATIN_LETTER.findall(t.body))
        if other >= 20 and other > sum(len(w) for w in words):
            return False
    if word_count < r.language_min_words or not words:
        return True
    share = sum(w in r.english_words for w in words) / len(words)
    return share >= r.min_english_share


def _negated(r: Rules, body: str, start: int, clause_start: int = 0) -> bool:
    """True when a negation governs the job ask starting at ``start``.

    Its scope: the same clause (no punctuation, "but", "if", "whether" ... between them,
    see ``scope_breaks``), at most ``negation_window_words`` words before the ask.
    Negations inside politeness formulas ("if you don't mind", "I don't suppose", "would
    it be no trouble") govern the formula, not the ask, and are not counted.
    """
    if r.negation is None:
        return False
    before = body[max(clause_start, start - 160) : start]
    cut = max(before.rfind(ch) for ch in ".!?;:\n,\u2014\u2013()")
    clause = before[cut + 1 :]
    if r.politeness:
        clause = r.politeness.sub(lambda m: " " * len(m.group()), clause)
    last = None
    for m in r.negation.finditer(clause):
        last = m
    if last is None:
        return False
    between = clause[last.end() :]
    if r.scope_breaks and r.scope_breaks.search(between):
        return False
    return not r.negation_window or len(between.split()) <= r.negation_window


def _check_job_ask(r: Rules, t: _Text, out: _Collector) -> None:
    if not (r.job and r.active("job_ask")):
        return
    if r.job_anchor is None:
        pieces = [(s, r.job) for s in t.sentences]
        candidates = list(t.sentences)
    else:
        # Per sentence, only the patterns holding an anchor stem (see [job_ask] anchors) that
        # the sentence has: a sentence with none is skipped. Several times faster than trying
        # every pattern everywhere, and the same result: every match holds one of its stems.
        stems_at: dict[int, set[str]] = {}
        sentences = t.sentences
        k = 0
        for m in r.job_anchor.finditer(t.body):
            while k < len(sentences) and sentences[k].end <= m.start():
                k += 1
            if k == len(sentences):
                break
            if sentences[k].start <= m.start():
                if sentences[k].kind in ("sentence", "bullet"):  # not a greeting, sign-off or signature
                    stems_at.setdefault(k, set()).add(m.group().lower())
        pieces = [(sentences[k], r.job_patterns_for(stems)) for k, stems in stems_at.items()]
        candidates = [sentences[k] for k in stems_at]  # every job word starts with an anchor stem
    flagged = set()
    for seg, job in pieces:
        if job is None:
            continue
        for m in job.finditer(t.body, seg.start, seg.end):
            if not _negated(r, t.body, m.start(), seg.start):
                flagged.add(seg.start)
                out.add("job_ask", r.message("job_ask", found=m.group()), t.span(m.start(), m.end()))
                if seg.kind in ("sentence", "bullet"):
                    _offer_job_rewrite(r, t, out, seg)
    for seg in candidates:
        if seg.start in flagged or seg.kind not in ("sentence", "bullet"):
            continue
        lead = review_text.greeting_prefix(seg.text)  # "Hi Ana, what do you ...?" is a wh-question
        word = _job_context(r, seg.text[lead:])
        if word is not None and not _negated(r, t.body, seg.start + lead + word.start(), seg.start):
            out.add("job_ask", r.message("job_ask", found=" ".join(seg.text.split())[:80]), t.span(seg.start, seg.end))
            _offer_job_rewrite(r, t, out, seg)


def _job_context(r: Rules, sentence: str) -> re.Match | None:
    """The job word of a sentence that asks for a job in words no pattern lists, else None.

    It names a job word that is not theirs, is a request, is about the writer or their team,
    and is not an advice question (see ``context_*`` in ``[job_ask]``).
    """
    c = r.context
    if not (c["job_words"] and c["request"] and c["writer"]):
        return None
    word = c["job_words"].search(sentence)
    if word is None:
        return None
    if c["not_theirs"] is not None:
        mine = c["not_theirs"].sub(lambda m: " " * len(m.group()), sentence)
        word = c["job_words"].search(mine)
        if word is None:
            return None
    if c["advice"] is not None and c["advice"].search(sentence):
        return None
    if not c["request"].search(sentence) or not c["writer"].search(sentence):
        return None
    return word


def _offer_job_rewrite(r: Rules, t: _Text, out: _Collector, seg: review_text.Sentence) -> None:
    """A job-ask question becomes an advice question; a job-ask statement is removed.

    A greeting on the same line ("Hi Ana, could you refer me?") stays.
    """
    start = seg.start + review_text.greeting_prefix(seg.text)
    if _QUESTION_END.search(seg.text) and r.advice_question:
        advice = r.advice_question
        if start > seg.start:
            advice = advice[0].lower() + advice[1:]
        out.rewrite("job_ask", start, seg.end, advice, f"Ask for advice instead: \u201c{r.advice_question}\u201d")
    elif start == seg.start:
        out.rewrite("job_ask", seg.start, seg.end, "", "Remove this sentence")


def _sentence_at(t: _Text, pos: int) -> review_text.Sentence | None:
    for s in t.sentences:
        if s.start <= pos < s.end:
            return s
    return None


def _is_greeting_only(r: Rules, segment: str) -> bool:
    return bool(r.greeting.match(segment)) and len(segment.split()) <= 4


def _first_content_segment(r: Rules, t: _Text) -> tuple[int, int, str] | None:
    for seg in t.sentences:
        if seg.kind == "greeting" or _is_greeting_only(r, seg.text):
            continue
        return (seg.start, seg.end, seg.text)
    return None


def _check_connection(r: Rules, t: _Text, out: _Collector) -> None:
    if not (r.connection and r.active("connection_first")):
        return
    first = _first_content_segment(r, t)
    if first is None:
        return
    if r.connection.search(first[2]):
        return
    later = r.connection.search(t.body, first[1])
    if later:
        sev = str(r.get("connection_first", "later_severity", r.severity["connection_first"]))
        out.add(
            "connection_first",
            r.message("connection_first", "message_later", found=later.group()),
            t.span(later.start(), later.end()),
            severity=sev,
        )
    else:
        out.add("connection_first", r.message("connection_first", "message_missing"), t.span(first[0], first[1]))


def _check_question(r: Rules, t: _Text, out: _Collector, *, english: bool) -> None:
    if not r.active("question_ask"):
        return
    content = [(s.start, s.end, s.text) for s in t.sentences if s.kind in ("sentence", "bullet")]
    questions = [s for s in content if _QUESTION_END.search(s[2])]
    if not english:
        if not questions and "?" not in t.body and "\uff1f" not in t.body:
            out.add("question_ask", r.message("question_ask", "message_none"), t.whole())
        return

    def is_ask(seg: str) -> bool:
        return bool(
            (r.ask and r.ask.search(seg)) or r.duration.search(seg) or (r.small_ask and r.small_ask.search(seg))
        )

    asks = [s for s in content if is_ask(s[2])]
    # a request put as a question ("Could I ask you a few questions ...?") is the ask, even
    # when a statement after it adds the time and format
    if any(is_ask(q[2]) or (r.request_question and r.request_question.search(q[2])) for q in questions):
        return
    if asks:
        seg = asks[-1]
        out.add(
            "question_ask",
            r.message("question_ask", "message_statement", found=" ".join(seg[2].split())[:80]),
            t.span(seg[0], seg[1]),
        )
    elif not questions:
        out.add("question_ask", r.message("question_ask", "message_none"), t.whole())


def _check_time(r: Rules, t: _Text, out: _Collector) -> None:
    if not r.active("time_ask"):
        return
    found_any = False
    for m in r.duration.finditer(t.body):
        if r.narrative:
            seg = _segment_at(t, m.start())
            # a story ("I spent 45 minutes on your blog"), unless the same sentence asks
            if r.narrative.search(seg) and not (_QUESTION_END.search(seg) or (r.ask and r.ask.search(seg))):
                continue
        found_any = True
        minutes = r.minutes(m)
        if r.max_minutes and minutes > r.max_minutes:
            out.add(
                "time_ask",
                r.message("time_ask", "message_long", minutes=minutes, found=m.group(), max_minutes=r.max_minutes),
                t.span(m.start(), m.end()),
            )
            if r.time_rewrite:
                _offer_time_rewrite(r, t, out, m)
    if found_any or (r.small_ask and r.small_ask.search(t.body)):
        return
    vague = r.vague.search(t.body) if r.vague else None
    span = t.span(vague.start(), vague.end()) if vague else t.whole()
    out.add("time_ask", r.message("time_ask", "message_none"), span)


def _offer_time_rewrite(r: Rules, t: _Text, out: _Collector, m: re.Match) -> None:
    """ "an hour" becomes "20 minutes"; "a 45-minute call" becomes "a 20-minute call"."""
    found = m.group()
    replacement = r.time_rewrite
    number = replacement.split()[0]
    end = m.end()
    if re.search(r"-\s*min|long$", found, re.IGNORECASE) or (t.body[end : end + 1] == "-"):
        replacement = f"{number}-minute"
        if t.body[end : end + 1] == "-":  # "an hour-long chat": the "-long" goes too
            tail = re.match(r"-\s*long\b", t.body[end:])
            end += tail.end() if tail else 0
    out.rewrite("time_ask", m.start(), end, replacement, f"Ask for {r.time_rewrite} instead of {found}")


def _segment_at(t: _Text, pos: int) -> str:
    for start, end, text in t.segments:
        if start <= pos < end:
            return text
    return ""


def _contact_names(contact: Mapping[str, Any]) -> list[str]:
    return [str(contact.get(k) or "").strip() for k in ("first_name", "last_name") if str(contact.get(k) or "").strip()]


def _mentions(body: str, phrase: str) -> re.Match | None:
    if not phrase:
        return None
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", body, re.IGNORECASE)


def _check_personal(
    r: Rules, t: _Text, out: _Collector, contact: Mapping[str, Any] | None, *, names_only: bool
) -> None:
    if not r.active("personalization"):
        return
    names = _contact_names(contact) if contact else []
    greeting = r.greeting.match(t.body)
    greeted = (greeting.group(1) if greeting and greeting.groups() else "") or ""
    greeted = greeted.strip().strip(",!:. ").lower()
    if names:
        has_name = any(_mentions(t.body, n) for n in names)
    else:
        has_name = bool(greeted) and greeted not in r.generic_greetings
    if not has_name:
        first = names[0] if names else "Name"
        generic = f' rather than "{greeted}"' if greeted and greeted in r.generic_greetings else ""
        span = t.span(greeting.start(), greeting.end()) if greeting else t.span(0, 0)
        out.add(
            "personalization", r.message("personalization", "message_no_name", first_name=first, generic=generic), span
        )
    if names_only:
        return
    sev = str(r.get("personalization", "specific_severity", r.severity["personalization"]))
    company = str((contact or {}).get("company") or "").strip()
    position = str((contact or {}).get("position") or "").strip()
    if r.specific and r.specific.search(t.body):
        return
    if company or position:
        if _mentions_org_or_role(r, t.body, company, position):
            return
        about = f"their work at {company}" if company else f"their role ({position})"
        out.add(
            "personalization", r.message("personalization", "message_no_specific", about=about), t.whole(), severity=sev
        )
        return
    out.add(
        "personalization",
        r.message("personalization", "message_no_specific", about="their work"),
        t.whole(),
        severity=sev,
    )


_COMPANY_SUFFIXES = frozenset(
    {
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "gmbh",
        "co",
        "co.",
        "corp",
        "corp.",
        "corporation",
        "company",
        "group",
        "the",
        "&",
        "and",
        "sa",
        "ag",
    }
)


def _mentions_org_or_role(r: Rules, body: str, company: str, position: str) -> bool:
    if company:
        if _mentions(body, company):
            return True
        words = [w for w in re.split(r"[\s,]+", company) if w and w.lower() not in _COMPANY_SUFFIXES]
        if words and len(words[0]) >= 3 and _mentions(body, words[0]):
            return True
    if position:
        if _mentions(body, position):
            return True
        for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", position):
            if w.lower() not in r.generic_title_words and _mentions(body, w):
                return True
    return False


def _check_about_them(r: Rules, t: _Text, out: _Collector) -> None:
    if not r.active("about_them"):
        return
    them = sum(w in r.them_words for w in t.words)
    me = sum(w in r.me_words for w in t.words)
    if them + me >= max(1, r.min_pronouns) and them <= me:
        out.add("about_them", r.message("about_them", me=me, them=them), t.whole())


def _check_flexibility(r: Rules, t: _Text, out: _Collector) -> None:
    if r.flexible and r.active("format_flexibility") and not r.flexible.search(t.body):
        out.add("format_flexibility", r.message("format_flexibility"), t.whole())


def _check_interest(r: Rules, t: _Text, out: _Collector, contact: Mapping[str, Any] | None) -> None:
    if not r.active("interest"):
        return
    company = str((contact or {}).get("company") or "").strip()
    narrow = bool(r.narrow and r.narrow.search(t.body)) or bool(company and _mentions(t.body, company))
    if not narrow:
        out.add("interest", r.message("interest", "message_narrow"), t.whole())
    if r.broad and not r.broad.search(t.body):
        out.add("interest", r.message("interest", "message_broad"), t.whole())


def _check_characters(
    r: Rules, t: _Text, out: _Collector, contact: Mapping[str, Any] | None, channel: str | None = None
) -> None:
    if not r.active("characters") or not r.max_chars:
        return
    if channel is not None:
        applies = channel == "inmail"
    else:
        applies = bool(contact) and str(contact.get("channel")) in r.char_channels
    chars = len(t.body.strip())
    if applies and chars > r.max_chars:
        out.add("characters", r.message("characters", chars=chars, max_chars=r.max_chars), t.whole())


def _check_connection_note(r: Rules, t: _Text, out: _Collector, channel: str | None) -> None:
    """A LinkedIn connection note cannot be sent past its limit: an error, pointing at the excess."""
    limit = r.note_max_chars.get(channel or "", 0)
    if not limit or not r.active("connection_note"):
        return
    body = t.body.strip()
    lead = len(t.body) - len(t.body.lstrip())
    if len(body) > limit:
        account = r.get("connection_note", "premium_label" if channel.endswith("premium") else "free_label", "")
        out.add(
            "connection_note",
            r.message("connection_note", chars=len(body), max_chars=limit, account=account, over=len(body) - limit),
            t.span(lead + limit, lead + len(body)),
        )


def _check_subject(r: Rules, raw: str, subject: str, out: _Collector) -> None:
    start = raw.lower().find("subject")
    span = (max(start, 0), max(start, 0) + len(raw[max(start, 0) :].split("\n", 1)[0]))
    if r.placeholder and r.active("placeholder"):
        line = raw[span[0] : span[1]]
        for m in r.placeholder.finditer(line):
            out.add(
                "placeholder",
                r.message("placeholder", "message_subject", found=m.group()),
                (span[0] + m.start(), span[0] + m.end()),
            )
    if not r.active("subject"):
        return
    if r.subject_max_chars and len(subject) > r.subject_max_chars:
        out.add(
            "subject", r.message("subject", "message_long", chars=len(subject), max_chars=r.subject_max_chars), span
        )
    m = r.subject_job.search(subject) if r.subject_job else None
    if m:
        out.add("subject", r.message("subject", "message_job", found=m.group()), span)


# --------------------------------------------------------------------------- templates
_FIELD = re.compile(r"\{(\w+)\}")


def templates(content_dir=None) -> dict[str, dict[str, Any]]:
    """The message templates (``data/content/templates.toml``), by id."""
    data = load_toml("templates", content_dir)
    return {k: dict(v) for k, v in data.get("template", {}).items()}


def _fill(pattern: str, values: Mapping[str, Any]) -> str:
    """Replace ``{field}`` with its value; a missing or blank field becomes a visible ``[field]`` blank."""

    def sub(m: re.Match) -> str:
        value = values.get(m.group(1))
        value = "" if value is None else str(value).strip()
        return value if value else "[" + m.group(1).replace("_", " ") + "]"

    return _FIELD.sub(sub, pattern)


def render_template(
    template: str | Mapping[str, Any], contact: Mapping[str, Any] | None = None, content_dir=None, **learner_fields: Any
) -> str:
    """Fill a template with the contact's details and the learner's own fields.

    ``template`` is a template id (``referral``, ``alumni``, ``cold``, ``event``), a
    template dict (with ``body``) or the template text itself. Fields nobody filled in
    stay as ``[field]`` blanks, which :func:`review` flags until they are replaced.

    >>> render_template("Hi {first_name}, fellow {school} alum here.", {"first_name": "Ana"})
    'Hi Ana, fellow [school] alum here.'
    """
    if isinstance(template, Mapping):
        body = str(template.get("body", ""))
    else:
        known = templates(content_dir) if re.fullmatch(r"[\w-]+", str(template)) else {}
        body = str(known[template]["body"]) if template in known else str(template)
    values: dict[str, Any] = {}
    for key, value in dict(contact or {}).items():
        if isinstance(value, (str, int, float)):
            values[key] = value
    values.update({k: v for k, v in learner_fields.items() if v is not None and str(v).strip()})
    return _fill(body.strip("\n"), values)


def suggest_subject(
    contact: Mapping[str, Any] | None, topic: str = "", channel: str | None = None, content_dir=None, **fields: Any
) -> str:
    """A subject line in Northeastern's patterns for the contact's channel.

    >>> suggest_subject({"first_name": "Ana", "channel": "alumni"}, "moving into UX research", school="Westbrook")
    'Fellow Westbrook alum: moving into UX research'
    >>> suggest_subject({"channel": "referral"}, "data careers", referrer="Dana Ortiz")
    'Referred by Dana Ortiz: data careers'
    """
    data = load_toml("templates", content_dir)
    patterns = dict(data.get("subjects", {}))
    contact = dict(contact or {})
    channel = channel or contact.get("channel") or "cold"
    pattern = str(patterns.get(channel) or patterns.get("cold") or "{topic}")
    values = {k: v for k, v in contact.items() if isinstance(v, (str, int))}
    values.update({k: v for k, v in fields.items() if v is not None and str(v).strip()})
    values["topic"] = (topic or "").strip() or str(data.get("default_topic", "your advice"))
    subject = _fill(pattern, values)
    return " ".join(subject.split())


# --------------------------------------------------------------------------- lesson displays
class _Display:
    """Rich output for a notebook: HTML in Jupyter, plain text anywhere else (and for tests)."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _findings_html(result: Review) -> str:
    if not result.findings:
        return "<li>No findings.</li>"
    shown = [f for f in result.findings if f.severity != "tip"] or result.findings
    return "".join(f"<li><b>{_html.escape(f.severity)}</b>: {_html.escape(f.message)}</li>" for f in shown)


def side_by_side(index: int | None = None, content_dir=None) -> _Display:
    """The lesson's bad and good example messages side by side, each with its review.

    ``index`` picks one pair (0, 1, 2 ...); None shows them all.
    """
    pairs = list(example_messages(content_dir).get("pair", []))
    chosen = pairs if index is None else [pairs[index]]
    html_parts, text_parts = [], []
    cell = "vertical-align:top;padding:6px 10px;width:50%;text-align:left"
    for pair in chosen:
        contact = dict(pair.get("contact", {}))
        cols_html, cols_text = [], []
        for key, title in (("bad", "Before"), ("good", "After")):
            text = str(pair[key]).strip()
            result = review(text, contact=contact)
            cols_html.append(
                f'<td style="{cell}"><b>{title}</b> · {_html.escape(result.summary())}'
                f'<pre style="white-space:pre-wrap;overflow-wrap:break-word;word-break:normal;font-family:inherit;'
                f'color:#1a1a1a;background:#f6f6f6;padding:6px">'
                f"{_html.escape(text)}</pre><ul>{_findings_html(result)}</ul></td>"
            )
            cols_text.append(f"{title}: {result.summary()}")
        html_parts.append(
            f"<h4>{_html.escape(str(pair.get('lesson', '')))}</h4>"
            f'<table style="width:100%;border-collapse:collapse"><tr>{"".join(cols_html)}</tr></table>'
            f"<p><i>{_html.escape(str(pair.get('why', '')))}</i></p>"
        )
        text_parts.append(f"{pair.get('lesson', '')}\n  " + "\n  ".join(cols_text))
    return _Display("".join(html_parts), "\n".join(text_parts))


def rules_table(rules=None) -> _Display:
    """Every rule the reviewer checks: id, what it is, severity and its source."""
    r = load_rules(rules)
    rows = [
        (name, r.label(name), r.severity[name], str(r.get(name, "source", ""))) for name in r.severity if r.active(name)
    ]
    head = "".join(
        f'<th style="text-align:left;padding:2px 8px">{h}</th>' for h in ("rule", "checks", "severity", "source")
    )
    body = "".join(
        "<tr>" + "".join(f'<td style="text-align:left;padding:2px 8px">{_html.escape(v)}</td>' for v in row) + "</tr>"
        for row in rows
    )
    others = "; ".join(
        f"{a.get('max_words')} words: {a.get('source', '')}"
        for a in r._list("length", "alternatives")
        if isinstance(a, dict)
    )
    caption = f"Defaults follow {r.edition}. Word limit: {r.max_words}." if r.edition else f"Word limit: {r.max_words}."
    if others:
        caption += f" Other limits an instructor may choose: {others}"
    html = f"<p>{_html.escape(caption)}</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    text = caption + "\n" + "\n".join(f"{n:<20} {sev:<8} {label}" for n, label, sev, _ in rows)
    return _Display(html, text)


def describe_rewrite_exercise(content_dir=None) -> str:
    """Exercise 1 as text: who the message is for and the message to rewrite."""
    ex = example_messages(content_dir).get("rewrite", {})
    c = dict(ex.get("contact", {}))
    who = f"{c.get('first_name', '')} {c.get('last_name', '')}".strip()
    lines = [
        f"To: {who}, {c.get('position', '')} at {c.get('company', '')} (channel: {c.get('channel', '')})",
        "",
        str(ex.get("message", "")).strip(),
        "",
        "What the review says about it:",
    ]
    result = review(ex.get("message", ""), contact=c)
    lines += [f"- {f.severity}: {f.message}" for f in result.findings if f.severity != "tip"]
    return "\n".join(lines)


def describe_spot_exercise(content_dir=None) -> str:
    """Exercise 2 as text: the three messages, and the rule ids to choose from."""
    content = example_messages(content_dir)
    labels = rule_labels()
    ids = content.get("spot_rule_ids") or sorted(labels)
    lines = []
    for spot in content.get("spot", []):
        lines += [f"--- Message {spot['id']} ---", str(spot["message"]).strip(), ""]
    lines.append("Rule ids to choose from:")
    lines += [f"  {i:<20} {labels.get(i, i)}" for i in ids]
    return "\n".join(lines)


# --------------------------------------------------------------------------- exercises
def example_messages(content_dir=None) -> dict[str, Any]:
    """The lesson's example messages (``data/content/example_messages.toml``)."""
    return load_toml("example_messages", content_dir)


def check_rewrite(text, content_dir=None, rules=None) -> Feedback:
    """Stage 2, "rewrite a message": ready when the outreach reviewer finds no errors.

    Says which problems are still there, most important first; blank answers get a hint.
    The reviewer is used only through :func:`infoview.outreach.review`.
    """

    ex = example_messages(content_dir).get("rewrite", {})
    contact = dict(ex.get("contact", {}))
    answer = clean_text(text)
    if not answer:
        return Feedback(
            False,
            ["Nothing to check yet: write your message in the box, then click Check."],
            head="",
            hint="Start from Alex's message and fix the first error the review lists.",
        )
    if " ".join(answer.split()) == " ".join(str(ex.get("message", "")).split()):
        return Feedback(
            False,
            ["That is still the original message. Change it, starting with the first error the review lists."],
            head="",
        )
    result = review(answer, contact=contact, rules=rules)
    if result.ok:
        lines = [f"Ready to send: no errors in {result.word_count} words. Well done."]
        optional = result.warnings + result.tips
        if optional:
            lines.append("Optional polish:")
            lines += [f"  - {f.message}" for f in optional]
        return Feedback(True, lines, head="")
    lines = [f"Not yet: {len(result.errors)} thing(s) still to fix ({result.word_count} words)."]
    lines += [f"  - {f.message}" for f in result.errors]
    if result.warnings:
        lines.append("Then consider:")
        lines += [f"  - {f.message}" for f in result.warnings]
    return Feedback(False, lines, head="")


def spot_rule_ids(content_dir=None) -> list[str]:
    """The rule ids the "spot the problems" exercise offers."""

    return list(example_messages(content_dir).get("spot_rule_ids") or sorted(rule_labels()))


def check_spot_the_problems(answers, content_dir=None) -> Feedback:
    """Stage 2, "spot the problems": the rules each example message breaks (message id -> rule ids).

    >>> check_spot_the_problems({"A": ["connection_first", "job_ask"]}).correct
    1
    """

    labels = rule_labels()

    def normalize(answer: str) -> str | None:
        key = re.sub(r"[\s-]+", "_", answer.strip().lower())
        if key in labels:
            return key
        return next((r for r, lab in labels.items() if key == re.sub(r"[\s-]+", "_", lab.lower())), None)

    spots = list(example_messages(content_dir).get("spot", []))
    fb = check_multilabels(
        spots,
        answers,
        expected=lambda s: set(s.get("breaks", [])),
        labels=labels,
        describe=lambda s: f"Message {s['id']}",
        normalize=normalize,
        what=f"a rule id; use one of: {', '.join(spot_rule_ids(content_dir))}",
        blank=f"Nothing to check yet: for each message, tick the rules it breaks ({', '.join(spot_rule_ids(content_dir))}).",
        missed_hint=lambda s, rule: s.get("hints", {}).get(rule, labels.get(rule, rule)),
    )
    if fb.ok:
        fb.messages.append("All problems spotted. Now you can see them in your own messages too.")
    return fb


# ------------------------------------------------------------------ message files
#: Far above any message (5,000 words is about 30 KB); stops a wrong file before it is read.
MAX_MESSAGE_BYTES = 1_000_000


def read_message_file(path: str) -> str:
    """The text of a message file (``-`` reads standard input); a wrong file gets one sentence."""
    if path == "-":
        return sys.stdin.read()
    p = Path(path)
    if p.is_dir():
        raise ValueError(f"{path} is a folder; give the file that holds your message.")
    if not p.exists():
        raise FileNotFoundError(f"{path}: no such file.")
    size = p.stat().st_size
    if size > MAX_MESSAGE_BYTES:
        raise ValueError(
            f"{path} is {human_size(size)}; an outreach message is a few hundred words (a few KB). "
            "Check that you chose the file holding your message."
        )
    data = p.read_bytes()
    try:
        text = decode_text(data)  # the encodings the contact importer reads (UTF-8, Notepad's UTF-16)
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:4096]:
            raise ValueError(
                f"{path} is not a text file; save your message as plain text (.txt) and try again."
            ) from None
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8 plain text.") from None
    if "\x00" in text[:4096]:
        raise ValueError(f"{path} is not a text file; save your message as plain text (.txt) and try again.")
    return text


# ------------------------------------------------------------------ the composer's contacts
def contact_choices(tracker) -> list[tuple[dict[str, Any], bool]]:
    """The contacts to write to, in the order the composer offers them, each with whether outreach was sent.

    First the people picked in notebook 01 ("identified") and not written to yet, then the
    others, and those already contacted last; ties in the order they were added.
    """
    kinds: dict[int, set[str]] = {}
    for contact_id, _, _, kind in tracker.history():
        kinds.setdefault(contact_id, set()).add(kind)
    contacts = tracker.contact_list()
    contacts.sort(
        key=lambda c: ("outreach_sent" in kinds.get(c["id"], ()), "identified" not in kinds.get(c["id"], ()), c["id"])
    )
    return [(c, "outreach_sent" in kinds.get(c["id"], ())) for c in contacts]


def log_outreach(tracker, contact_id: int, on: Any, detail: str = "") -> bool:
    """Log that outreach was sent to a contact on a day, once: False when it was logged that day already.

    A second click on "Log as sent" (or sending twice the same day) is one message, not two touches.
    """
    day = parse_date(on, "sending date").isoformat()
    if any(kind == "outreach_sent" and occurred_on == day for _, occurred_on, _, kind in tracker.history(contact_id)):
        return False
    tracker.log(contact_id, "outreach_sent", on=day, detail=detail)
    return True
