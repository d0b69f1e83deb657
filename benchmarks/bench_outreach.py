"""How fast the outreach review and the composer's live update are, for a 150-word message.

    .venv/bin/python benchmarks/bench_outreach.py [--repeat 2000]

Measures, in one process, the median time per call of:

- ``len(text.split())`` on the message: the floor (reading every word once);
- ``review(text)`` with the default (cached) rules; target under 1 ms;
- the composer's full update: set ``Composer.text.value`` and let the observer review the
  text and render the feedback HTML and the mailto link; target under 5 ms.

Three messages of about 150 words: a typical careful one, one full of job asks (the job
patterns then run on every sentence), and the lesson's good message repeated; and a
whole document of about 1 MB pasted by mistake (fewer repeats), whose target is that the
composer still answers within 100 ms. Prints a table; it asserts nothing. The tracker is
in memory and the contacts are fictional.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infoview.outreach import example_messages, load_rules, review  # noqa: E402
from infoview.tracker import Tracker  # noqa: E402

TYPICAL = """Hi Priya,

As a fellow Westbrook alum, I was glad to find your profile. Your move from consulting into product management \
at Fabrikam is the path I hope to take, and your recent post about running discovery interviews with small teams \
stayed with me. I spent four years in operations consulting, mostly mapping processes for retail clients, and I \
keep noticing that the parts I enjoy most are the conversations with customers and the prioritisation work that \
follows them. I am trying to understand what the first year in a product role really looks like, which skills \
transfer from consulting and which ones I should build before I make the jump, and how you decided that Fabrikam \
was the right team for you. Would you be open to a 20-minute phone or video call in the next few weeks, whenever \
suits you? I would be glad to work around your schedule and keep it short.

Thank you for considering it,
Sam"""


def _first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def messages() -> dict[str, str]:
    ex = example_messages()
    bad = _first_words((ex["pair"][0]["bad"] + " ") * 3, 150)
    good = _first_words((ex["pair"][0]["good"] + " ") * 4, 150)
    return {"typical (careful)": TYPICAL, "full of job asks": bad, "good example x4": good}


def median_seconds(fn, repeat: int) -> float:
    fn()  # warm up (compiles and caches the rules)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def composer_update(text: str, repeat: int) -> float:
    from infoview.views.outreach import Composer

    tracker = Tracker(":memory:")
    tracker.add_contact(
        first_name="Priya",
        last_name="Shah",
        company="Fabrikam",
        position="Product Manager",
        email="priya.shah@example.com",
        channel="alumni",
    )
    composer = Composer(tracker)
    variants = [text, text + " ", text + "  "]  # a real change each time, as typing is
    state = {"i": 0}

    def step():
        state["i"] += 1
        composer.text.value = variants[state["i"] % 3]
        assert composer.feedback.value  # rendered

    return median_seconds(step, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args(argv)
    load_rules()
    rows = []
    cases = [(name, text, args.repeat) for name, text in messages().items()]
    cases.append(("pasted document, 1 MB", (TYPICAL + "\n\n") * 1200, max(3, args.repeat // 400)))
    for name, text, repeat in cases:
        floor = median_seconds(lambda: len(text.split()), repeat)
        rev = median_seconds(lambda: review(text), repeat)
        comp = composer_update(text, max(3, repeat // 5) if repeat < 200 else max(200, repeat // 5))
        rows.append((name, len(text.split()), floor, rev, comp))
    print(
        f"{'message':<22} {'words':>7} {'split() µs':>11} {'review() ms':>12} {'× floor':>8} "
        f"{'composer ms':>12} {'× floor':>8}"
    )
    for name, words, floor, rev, comp in rows:
        print(
            f"{name:<22} {words:>7} {floor * 1e6:>11.1f} {rev * 1e3:>12.3f} {rev / floor:>8.0f} "
            f"{comp * 1e3:>12.3f} {comp / floor:>8.0f}"
        )
    print(
        "targets: review() < 1 ms, composer update < 5 ms (medians, 150 words); "
        "a 1 MB document: composer update < 100 ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
