"""Stage 2, crafting the approach: review an outreach message, suggest a subject, fill a template.

:func:`review` checks a message against the rules in ``data/content/outreach_rules.toml``
(by default Steve Dalton's 6-Point Email from *The 2-Hour Job Search*, 2nd ed., 2020, plus
the article's advice on time and format). Every threshold, word list and pattern lives in
that file with its source, so an instructor changes the rules without touching this code.

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

import argparse
import html as _html
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from ._files import human_size
from .content import ContentError, load_toml, load_toml_file, merge
from .exercises import Feedback

__all__ = [
    "Finding",
    "Review",
    "Rules",
    "Feedback",
    "SEVERITIES",
    "review",
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
    "register_cli",
]

#: Severities in the order they are shown. Only errors stop a message being ready to send.
SEVERITIES = ("error", "warning", "tip")
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
#: At most this many findings of one rule (a 5,000-word paste could otherwise list hundreds).
MAX_FINDINGS_PER_RULE = 5

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)*")
_SEGMENT = re.compile(r"[^\n.!?\uFF1F]*[^\s.!?\uFF1F][^\n.!?\uFF1F]*(?:[.!?\uFF1F]+[\"'\u201D\u2019)]*)?")
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
    if all(p.startswith(r"\b") for p in patterns):
        # Only try the alternatives where a word starts: several times faster on long text.
        body = r"(?<!\w)(?=\w)(?:" + body + ")"
    return re.compile(body, re.IGNORECASE)


def _words_pattern(words: Iterable[str]) -> re.Pattern | None:
    words = sorted({str(w).strip().lower() for w in words if str(w).strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'])", re.IGNORECASE)


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
        self.job_anchor = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in anchors) + ")", re.IGNORECASE)
            if anchors
            else None
        )
        self.negation = _words_pattern(self._list("job_ask", "negations"))
        self.negation_window = self._int("job_ask", "negation_window_words")
        self.connection = _compile(self._list("connection_first", "patterns"), "[connection_first] patterns")
        self.ask = _compile(self._list("question_ask", "ask_patterns"), "[question_ask] ask_patterns")
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


_CACHE: dict[Any, tuple[tuple, Rules]] = {}
_CHECKED: dict[Any, float] = {}
#: Rules files are looked at again (for an instructor's edits) at most this often.
_RECHECK_SECONDS = 1.0


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _stamp_for(rules: "str | os.PathLike | None") -> tuple:
    """Changes when any rules file this load reads changes, so edits are picked up."""
    from .content import content_dirs

    paths = [d / "outreach_rules.toml" for d in content_dirs()]
    if rules is not None:
        paths.append(Path(rules))
    return tuple((str(p), _mtime(p)) for p in paths)


def load_rules(rules: "Rules | Mapping | str | os.PathLike | None" = None) -> Rules:
    """The rules to review with.

    Parameters
    ----------
    rules
        None for the defaults (``data/content/outreach_rules.toml`` with an instructor's
        ``$INFOVIEW_CONTENT/outreach_rules.toml`` merged over it); a path to an instructor's
        own TOML file, or a dict, merged over the defaults key by key; or a :class:`Rules`.

    Rules from files are compiled once and cached (a changed file is read again), so
    calling this on every keystroke is cheap. A dict is compiled on every call: build a
    :class:`Rules` once with ``load_rules(my_dict)`` and pass that instead.
    """
    if isinstance(rules, Rules):
        return rules
    if isinstance(rules, Mapping):
        return Rules(merge(load_rules(None).data, dict(rules)), origin="rules dict")
    if rules is not None and not isinstance(rules, (str, os.PathLike)):
        raise TypeError(f"rules must be None, a path, a dict or a Rules object, not {type(rules).__name__}.")
    try:
        here = os.getcwd()
    except OSError:  # the current folder was deleted
        here = ""
    key = (os.environ.get("INFOVIEW_CONTENT", ""), here, None if rules is None else str(rules))
    hit = _CACHE.get(key)
    now = time.monotonic()
    if hit is not None and now - _CHECKED.get(key, 0.0) < _RECHECK_SECONDS:
        return hit[1]
    stamp = _stamp_for(rules)
    _CHECKED[key] = now
    if hit is not None and hit[0] == stamp:
        return hit[1]
    base = load_toml("outreach_rules")
    if rules is None:
        built = Rules(base)
    else:
        built = Rules(merge(base, load_toml_file(rules)), origin=str(rules))
    _CACHE[key] = (stamp, built)
    return built


def rule_labels(rules=None) -> dict[str, str]:
    """Rule id -> the short label a learner sees, for every rule that is switched on."""
    r = load_rules(rules)
    return {name: r.label(name) for name in r.severity if r.active(name)}


# --------------------------------------------------------------------------- review
class _Text:
    """The body of a message and lazily computed views of it."""

    def __init__(self, text: str, offset: int):
        self.body = text
        self.offset = offset
        self._segments: list[tuple[int, int, str]] | None = None
        self._words: list[str] | None = None

    @property
    def segments(self) -> list[tuple[int, int, str]]:
        """Sentences and lines: (start, end, text) in body coordinates."""
        if self._segments is None:
            self._segments = [(m.start(), m.end(), m.group()) for m in _SEGMENT.finditer(self.body)]
        return self._segments

    @property
    def words(self) -> list[str]:
        """Lower-case words (apostrophes kept, curly ones straightened)."""
        if self._words is None:
            self._words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(self.body)]
        return self._words

    def span(self, start: int, end: int) -> tuple[int, int]:
        return (start + self.offset, end + self.offset)

    def whole(self) -> tuple[int, int]:
        return self.span(0, len(self.body.rstrip()))


class _Collector:
    def __init__(self, rules: Rules, text: _Text):
        self.rules, self.text, self.findings = rules, text, []
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


def review(
    text: Any, *, contact: Mapping[str, Any] | None = None, rules: "Rules | Mapping | str | os.PathLike | None" = None
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

    Returns
    -------
    Review
        ``findings`` (errors, then warnings, then tips, each in text order),
        ``ok`` (no errors) and ``word_count`` (words of the body, ``len(body.split())``).
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
    word_count = len(t.body.split())
    out = _Collector(r, t)

    if not t.body.strip():
        out.add("empty", r.message("empty"), (0, len(raw)))
        return _finish(raw, out, word_count, r, subject)

    if word_count > r.review_max_words:
        out.add(
            "length",
            r.message("length", "message_far_too_long", words=f"{word_count:,}", max_words=r.max_words),
            _past_limit(t, r.max_words),
            severity="error",
        )
        return _finish(raw, out, word_count, r, subject)
    _check_length(r, t, out, word_count)
    _check_placeholder(r, t, out)
    _check_markup(r, t, out)
    english = _looks_english(r, t, word_count)
    if not english:
        out.add("language_check", r.message("language_check"), t.whole())
        _check_question(r, t, out, english=False)
        if contact is not None and _contact_names(contact):
            _check_personal(r, t, out, contact, names_only=True)
        return _finish(raw, out, word_count, r, subject)

    _check_job_ask(r, t, out)
    _check_connection(r, t, out)
    _check_question(r, t, out, english=True)
    _check_time(r, t, out)
    _check_personal(r, t, out, contact, names_only=False)
    _check_about_them(r, t, out)
    _check_flexibility(r, t, out)
    _check_interest(r, t, out, contact)
    _check_characters(r, t, out, contact)
    if subject is not None:
        _check_subject(r, raw, subject, out)
    return _finish(raw, out, word_count, r, subject)


def _finish(raw: str, out: _Collector, word_count: int, r: Rules, subject: str | None) -> Review:
    findings = sorted(out.findings, key=lambda f: (_SEVERITY_RANK[f.severity], f.span[0]))
    return Review(raw, findings, word_count, r.max_words, subject, out.text.whole())


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
        m = r.markup.search(t.body)
        if m:
            out.add("markup", r.message("markup", found=m.group()[:40]), t.span(m.start(), m.end()))


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


def _negated(r: Rules, body: str, start: int) -> bool:
    if r.negation is None:
        return False
    before = body[max(0, start - 120) : start]
    # only the current clause counts: "I'm not sure, but could you refer me?" is an ask
    cut = max(before.rfind(ch) for ch in ".!?;:\n,\u2014")
    clause = before[cut + 1 :]
    but = re.search(r"(?s).*\b(?:but|however|though|although)\b", clause, re.IGNORECASE)
    if but:
        clause = clause[but.end() :]
    words = clause.split()
    window = " ".join(words[-r.negation_window :]) if r.negation_window else clause
    return bool(r.negation.search(window))


#: Characters before and after a job-ask anchor word that a job-ask pattern may span.
_ANCHOR_BEFORE, _ANCHOR_AFTER = 90, 110


def _check_job_ask(r: Rules, t: _Text, out: _Collector) -> None:
    if not (r.job and r.active("job_ask")):
        return
    if r.job_anchor is None:
        regions = [(0, len(t.body))]
    else:
        # Only near an anchor word (see [job_ask] anchors), within its sentence: several times
        # faster on long messages. Every pattern fits in the window around its anchor word.
        hits = [m.start() for m in r.job_anchor.finditer(t.body)]
        if not hits:
            return
        regions = []
        segments = iter(t.segments)
        seg = next(segments, None)
        for h in hits:
            while seg is not None and seg[1] <= h:
                seg = next(segments, None)
            if seg is None:
                break
            start, end = max(seg[0], h - _ANCHOR_BEFORE), min(seg[1], h + _ANCHOR_AFTER)
            if regions and regions[-1][1] >= start:
                regions[-1] = (regions[-1][0], max(regions[-1][1], end))
            else:
                regions.append((start, end))
    for start, end in regions:
        for m in r.job.finditer(t.body, start, end):
            if not _negated(r, t.body, m.start()):
                out.add("job_ask", r.message("job_ask", found=m.group()), t.span(m.start(), m.end()))


def _is_greeting_only(r: Rules, segment: str) -> bool:
    return bool(r.greeting.match(segment)) and len(segment.split()) <= 4


def _first_content_segment(r: Rules, t: _Text) -> tuple[int, int, str] | None:
    for seg in t.segments:
        if _is_greeting_only(r, seg[2]):
            continue
        return seg
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
    questions = [s for s in t.segments if _QUESTION_END.search(s[2])]
    if not english:
        if not questions and "?" not in t.body and "\uff1f" not in t.body:
            out.add("question_ask", r.message("question_ask", "message_none"), t.whole())
        return

    def is_ask(seg: str) -> bool:
        return bool(
            (r.ask and r.ask.search(seg)) or r.duration.search(seg) or (r.small_ask and r.small_ask.search(seg))
        )

    asks = [s for s in t.segments if is_ask(s[2])]
    if any(is_ask(q[2]) for q in questions):
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
    if found_any or (r.small_ask and r.small_ask.search(t.body)):
        return
    vague = r.vague.search(t.body) if r.vague else None
    span = t.span(vague.start(), vague.end()) if vague else t.whole()
    out.add("time_ask", r.message("time_ask", "message_none"), span)


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
    if company or position:
        if _mentions_org_or_role(r, t.body, company, position):
            return
        about = f"their work at {company}" if company else f"their role ({position})"
        out.add(
            "personalization", r.message("personalization", "message_no_specific", about=about), t.whole(), severity=sev
        )
        return
    if r.specific and r.specific.search(t.body):
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


def _check_characters(r: Rules, t: _Text, out: _Collector, contact: Mapping[str, Any] | None) -> None:
    if not r.active("characters") or not contact or not r.max_chars:
        return
    chars = len(t.body.strip())
    if str(contact.get("channel")) in r.char_channels and chars > r.max_chars:
        out.add("characters", r.message("characters", chars=chars, max_chars=r.max_chars), t.whole())


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


def check_rewrite(text: Any, content_dir=None, rules=None) -> Feedback:
    """Exercise 1: see :func:`infoview.exercises.check_rewrite`."""
    from . import exercises

    return exercises.check_rewrite(text, content_dir, rules)


def check_spot_the_problems(answers: Any, content_dir=None) -> Feedback:
    """Exercise 2: see :func:`infoview.exercises.check_spot_the_problems`."""
    from . import exercises

    return exercises.check_spot_the_problems(answers, content_dir)


# --------------------------------------------------------------------------- CLI
#: Far above any message (5,000 words is about 30 KB); stops a wrong file before it is read.
MAX_MESSAGE_BYTES = 1_000_000


def _read_message(path: str) -> str:
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
    if b"\x00" in data[:4096]:
        raise ValueError(f"{path} is not a text file; save your message as plain text (.txt) and try again.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8 plain text.") from None


def _cmd_review(args: argparse.Namespace) -> int:
    text = _read_message(args.file)
    result = review(text, rules=args.rules)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.summary())
        for f in result.findings:
            print(f"  {f.severity:<7} [{f.rule}] {f.message}")
            excerpt = f.excerpt(result.text)
            if excerpt and not result.is_whole(f):
                print(f'          at: "{excerpt}"')
    return 0 if result.ok else 1


def register_cli(sub) -> None:
    p = sub.add_parser(
        "review",
        help="review an outreach message (a text file) against the stage-2 rules",
        description="Review an outreach message. Exit code 0: ready to send; 1: errors found; "
        "2: the file could not be read.",
    )
    p.add_argument("file", metavar="FILE", help="the message as a plain-text file ('-' reads standard input)")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--rules", metavar="FILE", help="your own outreach_rules.toml, merged over the defaults")
    p.set_defaults(func=_cmd_review)
