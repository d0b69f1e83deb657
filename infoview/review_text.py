"""The text the outreach reviewer reads, and how its findings are drawn back onto the message.

A message reaches the reviewer as the learner pasted it: sometimes HTML from a mail
program (``<p>Hi Nora,</p>``), with titles (Dr., Ms., Prof., Mr. J. R.), bullet lists,
URLs, a greeting line and a signature. This module turns it into what the rules read:

- :func:`plain_text` strips pasted HTML and keeps a map from every character of the
  plain text back to the original, so a highlight lands on the text the learner sees;
- :func:`sentences` splits the plain text into sentences with sentencex (a maintained,
  rule-based segmenter that knows abbreviations and URLs), one line at a time, and marks
  each piece as a greeting, a sign-off, a signature line, a bullet or a sentence;
- :func:`highlight_segments` cuts the original text at the findings' spans, for a
  writer's view that marks each problem where it is (as Hemingway Editor and
  LanguageTool do);
- :func:`apply_rewrite` applies a one-click fix the reviewer offered.

Everything here is pure: no widgets, no files.

>>> p = plain_text("<p>Hi Nora,</p><p>Tom suggested I write.</p>")
>>> p.text
'Hi Nora,\\nTom suggested I write.'
>>> p.original_span(0, 7)
(3, 10)
>>> [(s.kind, s.text) for s in sentences("Dear Dr. Okafor,\\n\\nTom Walsh suggested I write. Could we talk?\\nBest,\\nSam")]
[('greeting', 'Dear Dr. Okafor,'), ('sentence', 'Tom Walsh suggested I write.'), ('sentence', 'Could we talk?'), ('signoff', 'Best,'), ('signature', 'Sam')]
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass
from typing import Sequence

import sentencex

__all__ = [
    "Plain",
    "Sentence",
    "Highlight",
    "Rewrite",
    "plain_text",
    "sentences",
    "highlight_segments",
    "apply_rewrite",
    "greeting_prefix",
]

# ---------------------------------------------------------------------------------- HTML
#: Tags a mail program writes. Only these are stripped: "Hi Ana <ana@example.com>" and
#: "I <3 your work" stay as they are.
_TAG_NAMES = (
    r"p|br|div|span|b|i|u|em|strong|a|ul|ol|li|font|table|tbody|thead|tr|td|th|h[1-6]|blockquote"
    r"|html|body|head|meta|title|img|hr|section|article|small|sup|sub|center|pre|code|o:p|wbr"
)
_TAG = re.compile(rf"<\s*(/?)\s*({_TAG_NAMES})\b[^<>]*?/?\s*>", re.IGNORECASE)
_DROP = re.compile(r"<\s*(script|style|head)\b[^<>]*>.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: Tags that end a line (a paragraph, a line break, a list item ...).
_BLOCK = frozenset("p br div li ul ol tr table h1 h2 h3 h4 h5 h6 blockquote hr section article pre".split())


@dataclass(frozen=True)
class Plain:
    """Plain text made from a message, with the map back to the message.

    ``index[i]`` is where character ``i`` of :attr:`text` starts in :attr:`original`
    (``index[len(text)]`` is the end of the original) and ``ends[i]`` where it ends: an
    entity such as ``&amp;`` is one character of text and five of the original.
    """

    original: str
    text: str
    index: tuple[int, ...] | None = None  # None: the text is the original
    ends: tuple[int, ...] | None = None

    @property
    def was_html(self) -> bool:
        return self.index is not None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) in the original of the plain text's ``text[start:end]``."""
        if self.index is None:
            return (start, end)
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        if end == start:
            return (self.index[start], self.index[start])
        return (self.index[start], self.ends[end - 1] if self.ends else self.index[end - 1] + 1)


def _looks_like_html(text: str) -> bool:
    return "<" in text and bool(_TAG.search(text))


def plain_text(text: str) -> Plain:
    """The text without pasted HTML: tags removed, paragraphs and line breaks kept as lines,
    entities decoded (``&amp;`` is ``&``), script and style blocks dropped.

    Text that holds no HTML tag comes back unchanged (and with no map).
    """
    if not _looks_like_html(text):
        return Plain(text, text)
    out: list[str] = []
    index: list[int] = []
    ends: list[int] = []

    def emit(piece: str, at: int, width: int = 1) -> None:
        """Text made from original[at:at + width] (a character, an entity, or a tag's line break)."""
        for k, ch in enumerate(piece):
            out.append(ch)
            index.append(at + min(k, max(width - 1, 0)))
            ends.append(at + width if k == len(piece) - 1 else index[-1] + 1)

    tokens = [(m.start(), m.end(), "drop") for m in _DROP.finditer(text)]
    tokens += [(m.start(), m.end(), "drop") for m in _COMMENT.finditer(text)]
    tokens += [(m.start(), m.end(), m) for m in _TAG.finditer(text)]
    tokens += [(m.start(), m.end(), "entity") for m in _ENTITY.finditer(text)]
    tokens.sort(key=lambda t: (t[0], -t[1]))
    pos = 0
    for start, end, kind in tokens:
        if start < pos:  # inside a dropped block or a tag already handled
            continue
        for k, c in enumerate(text[pos:start]):
            emit(c, pos + k)
        if kind == "entity":
            emit(_html.unescape(text[start:end]).replace("\u00a0", " "), start, end - start)
        elif kind != "drop":
            name = kind.group(2).lower()
            if name in _BLOCK and (name == "br" or kind.group(1) or name in ("li", "hr")):
                if name == "li" and not kind.group(1):
                    emit("\n- ", start, 0)
                elif not out or out[-1] != "\n":
                    emit("\n", start, 0)
        pos = end
    for k, c in enumerate(text[pos:]):
        emit(c, pos + k)
    # trim the blank lines tags leave at the start and the end, keeping the map in step
    s, e = 0, len(out)
    while s < e and out[s] in " \n\t\r":
        s += 1
    while e > s and out[e - 1] in " \n\t\r":
        e -= 1
    plain = "".join(out[s:e])
    idx = index[s:e] + [index[e] if e < len(index) else len(text)]
    return Plain(text, plain, tuple(idx), tuple(ends[s:e]))


# ---------------------------------------------------------------------------------- sentences
@dataclass(frozen=True)
class Sentence:
    """One piece of a message: ``kind`` is greeting, sentence, bullet, signoff or signature."""

    start: int
    end: int
    text: str
    kind: str = "sentence"


#: A greeting line: "Hi Ana,", "Dear Dr. Okafor,", "Hello Ms. J. R. Smith", "Good morning Sam!"
_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|dear|hiya|greetings|good\s+(?:morning|afternoon|evening|day))\b[^\n,!:?]{0,50}[,!:.]?"
    r"|to\s+whom\s+it\s+may\s+concern\s*[,:]?|[\w.\u2019'-]+(?:[ \t]+[\w.\u2019'-]+){0,2},)\s*$",
    re.IGNORECASE,
)
#: A line that closes the message; the lines after it are the signature.
_SIGNOFF = re.compile(
    r"^\s*(?:(?:best|kind|warm|warmest|many|with)?\s*(?:regards|wishes|thanks|thank\s+you)|best|cheers|sincerely"
    r"|yours(?:\s+(?:sincerely|truly|faithfully))?|(?:all\s+the|with\s+(?:best|many))\s*(?:best|thanks|wishes)?"
    r"|warmly|respectfully|thanks(?:\s+(?:again|so\s+much|in\s+advance|for\s+your\s+time))?"
    r"|thank\s+you(?:\s+(?:again|so\s+much|in\s+advance|for\s+your\s+(?:time(?:\s+and\s+consideration)?|consideration|help)))?"
    r"|talk\s+soon|speak\s+soon|take\s+care|with\s+gratitude|gratefully|--+|—)\s*[,!.]?\s*$",
    re.IGNORECASE,
)
#: "P.S." after the signature is part of the message, not of the signature.
_POSTSCRIPT = re.compile(r"^\s*p\.?\s?p?\.?\s?s\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•·‣▪◦–]|\d{1,2}[.)])\s+")
#: Abbreviations after which a segmenter's break is taken back (a title before a name, an initial).
_ABBREV_END = re.compile(
    r"(?:(?<![\w.])(?:Dr|Mr|Mrs|Ms|Mx|Prof|Rev|Capt|Lt|Col|Sgt|Gen|Maj|Cpl|Adm|Hon|St|Jr|Sr|Inc|Ltd|Co|Corp|vs|etc"
    r"|approx|Dept|Univ|No|Nos|Fig|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|(?<![\w.])[A-Z]|\b(?:e\.g|i\.e|a\.m|p\.m))\.[\"'\u201d\u2019)]*\s*$"
)


#: A greeting in front of the first sentence on the same line: "Hi Ana, could we ...".
_GREETING_PREFIX = re.compile(
    r"^\s*(?:hi|hello|hey|dear|hiya|greetings|good\s+(?:morning|afternoon|evening|day))\b[^,!:\n.?]{0,40}[,!:]\s*",
    re.IGNORECASE,
)


def greeting_prefix(text: str) -> int:
    """How many characters of ``text`` are a greeting in front of a sentence (0 when none).

    >>> greeting_prefix("Hi Ana, could you refer me?")
    8
    """
    m = _GREETING_PREFIX.match(text)
    return m.end() if m and m.end() < len(text.rstrip()) else 0


#: A sentence end before the last character of a line: only then is the segmenter needed.
_INNER_END = re.compile(r"[.!?\u2026\uFF1F\u3002][^\n]*\S")


def _split_line(line: str) -> list[tuple[int, int]]:
    """Sentence (start, end) pairs within one line, from sentencex, titles and initials rejoined."""
    if not line.strip():
        return []
    if not _INNER_END.search(line.rstrip()):
        # no full stop, question or exclamation mark before the end: one sentence (most short lines)
        s, e = _strip(line)
        return [(s, e)]
    pieces = list(sentencex.segment("en", line))
    spans: list[list[int]] = []
    pos = 0
    if "".join(pieces) != line:  # an older sentencex that drops spaces: find each piece
        for p in pieces:
            p = p.strip()
            if not p:
                continue
            at = line.find(p, pos)
            if at < 0:
                return [(0, len(line))]
            spans.append([at, at + len(p)])
            pos = at + len(p)
    else:
        for p in pieces:
            spans.append([pos, pos + len(p)])
            pos += len(p)
    merged: list[list[int]] = []
    for s in spans:
        if not line[s[0] : s[1]].strip():
            if merged:
                merged[-1][1] = s[1]
            continue
        if merged and _ABBREV_END.search(line[merged[-1][0] : merged[-1][1]]):
            merged[-1][1] = s[1]
        else:
            merged.append(s)
    out = []
    for s, e in merged:
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentences(text: str) -> list[Sentence]:
    """The message's sentences, line by line, each with its kind.

    A short first line that greets (``Hi Ana,``) is a greeting; a closing line (``Best,``,
    ``Kind regards``, ``Thanks again!``) is a sign-off and the short lines after it are the
    signature; a line starting ``-``, ``*``, ``•`` or ``1.`` is a bullet.
    """
    out: list[Sentence] = []
    pos = 0
    signed = False
    seen_content = False
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        words = len(line.split())
        if not seen_content and words <= 8 and _GREETING.match(line):
            s, e = _strip(line)
            out.append(Sentence(start + s, start + e, line[s:e], "greeting"))
            seen_content = True
            continue
        seen_content = True
        if words <= 8 and _SIGNOFF.match(line):
            s, e = _strip(line)
            out.append(Sentence(start + s, start + e, line[s:e], "signoff"))
            signed = True
            continue
        if signed and words <= 10 and not _POSTSCRIPT.match(line) and not line.rstrip().endswith("?"):
            s, e = _strip(line)
            out.append(Sentence(start + s, start + e, line[s:e], "signature"))
            continue
        kind = "bullet" if _BULLET.match(line) else "sentence"
        for s, e in _split_line(line):
            out.append(Sentence(start + s, start + e, line[s:e], kind))
    return out


def _strip(line: str) -> tuple[int, int]:
    s, e = 0, len(line)
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    return s, e


# ---------------------------------------------------------------------------------- highlights
@dataclass(frozen=True)
class Highlight:
    """A stretch of the message: plain (``marks`` empty) or marked by the findings numbered in ``marks``.

    ``severity`` is the most serious severity among them ("" when unmarked).
    """

    start: int
    end: int
    text: str
    marks: tuple[int, ...] = ()
    severity: str = ""


_RANK = {"error": 0, "warning": 1, "tip": 2}


def highlight_segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Highlight]:
    """Cut ``text`` at the given ``(start, end, severity)`` spans.

    The spans are numbered from 1 in the order given; a stretch covered by several
    carries all their numbers. Empty or out-of-range spans are skipped (their number is
    kept, so the numbers match a list of findings).

    >>> [(h.text, h.marks, h.severity) for h in highlight_segments("Hi Ana, hire me now", [(8, 15, "error")])]
    [('Hi Ana, ', (), ''), ('hire me', (1,), 'error'), (' now', (), '')]
    """
    cuts = {0, len(text)}
    valid = []
    for n, (s, e, sev) in enumerate(spans, start=1):
        s, e = max(0, min(s, len(text))), max(0, min(e, len(text)))
        if e > s:
            valid.append((s, e, sev, n))
            cuts.update((s, e))
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = [(sev, n) for s, e, sev, n in valid if s <= a and b <= e]
        marks = tuple(sorted(n for _, n in covering))
        sev = min((sev for sev, _ in covering), key=lambda x: _RANK.get(x, 9), default="")
        if out and out[-1].marks == marks:
            prev = out[-1]
            out[-1] = Highlight(prev.start, b, text[prev.start : b], marks, sev)
        else:
            out.append(Highlight(a, b, text[a:b], marks, sev))
    return out


# ---------------------------------------------------------------------------------- rewrites
@dataclass(frozen=True)
class Rewrite:
    """A mechanical fix: replace ``text[start:end]`` by ``replacement``; ``label`` says what it does."""

    rule: str
    start: int
    end: int
    replacement: str
    label: str


def apply_rewrite(text: str, rewrite: Rewrite) -> str:
    """``text`` with the rewrite applied (unchanged when the span no longer fits the text).

    >>> apply_rewrite("Could we meet for an hour?", Rewrite("time_ask", 18, 25, "20 minutes", ""))
    'Could we meet for 20 minutes?'
    >>> apply_rewrite("Hi Ana. Hire me. Thanks!", Rewrite("job_ask", 8, 16, "", ""))
    'Hi Ana. Thanks!'
    """
    start, end = rewrite.start, rewrite.end
    if not (0 <= start <= end <= len(text)):
        return text
    if not rewrite.replacement:
        # a removed sentence takes one neighbouring space with it
        if end < len(text) and text[end] in " \t":
            end += 1
        elif start > 0 and text[start - 1] in " \t":
            start -= 1
    return text[:start] + rewrite.replacement + text[end:]
