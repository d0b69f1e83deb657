"""How well the outreach reviewer judges a labelled corpus: per-rule precision, recall, F1.

    .venv/bin/python benchmarks/bench_reviewer.py [--corpus FOLDER] [--rules FILE]

Reviews every message of the corpus (default ``tests/data/outreach_corpus``: synthetic
messages written for the project, each labelled with the errors and warnings it should
get) and prints, as Markdown: one row per rule (precision, recall, F1), the share of good
messages that get no error and no warning, and every miss (a label the reviewer did not
raise, or a finding the labels do not list). Targets (issue 14): job_ask precision >= 0.97
and recall >= 0.95; every other error-severity rule precision >= 0.95; >= 95% of good
messages clean. ``tests/test_outreach_corpus.py`` asserts the same targets.

An instructor who edits ``outreach_rules.toml`` can pass it with ``--rules`` to see what the
change does to the scores before using it in class.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infoview.content import ContentError  # noqa: E402
from infoview.review_eval import evaluate, load_corpus  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "outreach_corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS), help="folder of labelled *.toml files")
    parser.add_argument("--rules", default=None, help="an outreach_rules.toml merged over the defaults")
    args = parser.parse_args(argv)
    try:
        messages = load_corpus(args.corpus)
        result = evaluate(messages, rules=args.rules)
    except (ValueError, ContentError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(result.table())
    print(f"\nMisses ({len(result.misses)}):")
    for mid, rule, kind, note in result.misses:
        print(f"- {mid}: {rule} {kind} ({note})")
    if not result.misses:
        print("- none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
