"""How well the outreach reviewer does on a labelled corpus: per-rule precision, recall and F1.

A corpus is a folder of TOML files, each with ``[[message]]`` tables (``id``, ``text``,
``expect`` = the rule ids of the errors and warnings the message should get, optional
``channel``, ``contact`` and ``note``); ``tests/data/outreach_corpus`` holds the project's.
An instructor who changes ``outreach_rules.toml`` can run ``benchmarks/bench_reviewer.py``
on the corpus (or their own) to see what the change costs.

Only errors and warnings are scored: tips are advice a good message may still get.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .outreach import CHANNELS, load_rules, review

__all__ = ["LabelledMessage", "RuleScore", "Evaluation", "load_corpus", "evaluate"]

SCORED = ("error", "warning")


@dataclass(frozen=True)
class LabelledMessage:
    id: str
    text: str
    expect: frozenset[str]
    channel: str | None = None
    contact: Mapping[str, Any] | None = None
    note: str = ""

    @property
    def good(self) -> bool:
        return not self.expect


@dataclass
class RuleScore:
    rule: str
    severity: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    scores: dict[str, RuleScore]
    good_total: int
    good_clean: int
    total: int
    #: (message id, rule, "missed" or "false alarm", note)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def clean_share(self) -> float:
        return self.good_clean / self.good_total if self.good_total else 1.0

    def table(self) -> str:
        """A Markdown table: one row per rule, then the share of good messages with no finding."""
        rows = ["| rule | severity | messages with it | precision | recall | F1 |", "|---|---|---:|---:|---:|---:|"]
        for name in sorted(
            self.scores,
            key=lambda n: (SCORED.index(self.scores[n].severity) if self.scores[n].severity in SCORED else 9, n),
        ):
            s = self.scores[name]
            if s.tp + s.fn + s.fp == 0:
                continue
            rows.append(f"| {name} | {s.severity} | {s.tp + s.fn} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
        rows.append(
            f"\n{self.total} messages, {self.good_total} good: {self.good_clean} of them "
            f"({self.clean_share:.1%}) get no error and no warning."
        )
        return "\n".join(rows)


def load_corpus(folder: str | Path) -> list[LabelledMessage]:
    """Every ``[[message]]`` of every ``*.toml`` file in ``folder``, in file and file order."""
    out: list[LabelledMessage] = []
    seen: set[str] = set()
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder; give the folder that holds the labelled *.toml files.")
    for path in sorted(folder.glob("*.toml")):
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path.name} is not valid TOML ({exc}); each message is a [[message]] table.") from None
        for m in data.get("message", []):
            if not isinstance(m, dict) or not isinstance(m.get("id"), (str, int)) or not isinstance(m.get("text"), str):
                raise ValueError(
                    f"{path.name}: every [[message]] needs an id and a text; one has {sorted(m) if isinstance(m, dict) else m!r}."
                )
            expect = m.get("expect", [])
            if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
                raise ValueError(f'{path.name}, {m["id"]}: expect must be a list of rule ids, like ["job_ask"].')
            mid = str(m["id"])
            if mid in seen:
                raise ValueError(f"{path.name}: the id {mid!r} is used twice; every message needs its own id.")
            seen.add(mid)
            channel = m.get("channel")
            if channel is not None and channel not in CHANNELS:
                raise ValueError(f"{path.name}, {mid}: channel {channel!r} is not one of {', '.join(CHANNELS)}.")
            out.append(
                LabelledMessage(
                    mid,
                    str(m["text"]).strip("\n"),
                    frozenset(m.get("expect", [])),
                    channel,
                    m.get("contact"),
                    str(m.get("note", "")),
                )
            )
    return out


def evaluate(messages: Iterable[LabelledMessage], rules=None) -> Evaluation:
    """Review every message and compare the rules it gets (errors, warnings) with its labels."""
    r = load_rules(rules)
    scores: dict[str, RuleScore] = {}
    misses = []
    good_total = good_clean = total = 0
    for m in messages:
        total += 1
        result = review(m.text, contact=m.contact, rules=r, channel=m.channel)
        found = {f.rule for f in result.findings if f.severity in SCORED}
        for rule in found | m.expect:
            sev = r.severity.get(rule, "off")
            s = scores.setdefault(rule, RuleScore(rule, sev))
            if rule in found and rule in m.expect:
                s.tp += 1
            elif rule in found:
                s.fp += 1
                misses.append((m.id, rule, "false alarm", m.note))
            else:
                s.fn += 1
                misses.append((m.id, rule, "missed", m.note))
        if m.good:
            good_total += 1
            good_clean += not found
    return Evaluation(scores, good_total, good_clean, total, misses)
