"""How good `kg draft` is: precision and recall per kind of its draft of each report against the report's hand
encoding (the gold), for every report of a folder (a *.txt with its *.ttl beside it).

Each report is drafted knowing the other encodings of its folder (never its own), the curated Wikidata links and,
with --knowledge, the encodings of further folders: what a user's store would hold before the report is added.
Kinds (govkg.draft.score): entity links, amounts/dates/years, events (type), events (type and participants),
statements (modality and sentence).

Usage: python benchmarks/bench_draft.py [--articles DIR ...] [--knowledge DIR ...] [--show-draft SLUG]
  default: the bundled reports (kg/articles/) and the draft test texts (tests/fixtures/draft/, which also know
  the bundled reports)
"""

import argparse
import sys
import time
from pathlib import Path

from govkg.draft.score import evaluate
from govkg.project import BUNDLED_ARTICLES, BUNDLED_LINKS, BUNDLED_SOURCES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "draft"
GOALS = {
    "entity links": (0.9, 0.9),
    "amounts, dates, years": (1.0, 1.0),
    "events (type and participants)": (0.8, 0.8),
    "statements (modality and sentence)": (0.8, 0.7),
}


def reports(folder: Path) -> list[tuple[Path, Path]]:
    """The (text, encoding) pairs of a folder."""
    return [
        (text, text.with_suffix(".ttl")) for text in sorted(folder.glob("*.txt")) if text.with_suffix(".ttl").is_file()
    ]


def run(folder: Path, knowledge: list[Path], show: str | None) -> dict[str, list[int]]:
    """Score every report of ``folder``; print a table; the totals per kind (matched, drafted, gold)."""
    totals: dict[str, list[int]] = {}
    extra = [path for other in knowledge for path in sorted(other.glob("*.ttl"))]
    for text, gold in reports(folder):
        others = [path for path in sorted(folder.glob("*.ttl")) if path != gold] + extra
        started = time.perf_counter()
        scores, drafted = evaluate(text, gold, others, BUNDLED_LINKS, BUNDLED_SOURCES)
        seconds = time.perf_counter() - started
        print(f"\n{text.relative_to(ROOT) if text.is_relative_to(ROOT) else text}  (drafted in {seconds:.2f} s)")
        print(f"  {'kind':<36} {'matched':>7} {'draft':>6} {'gold':>5} {'precision':>9} {'recall':>7}")
        for item in scores:
            print(
                f"  {item.kind:<36} {item.matched:>7} {item.drafted:>6} {item.gold:>5} "
                f"{item.precision:>9.2f} {item.recall:>7.2f}"
            )
            total = totals.setdefault(item.kind, [0, 0, 0])
            for index, value in enumerate((item.matched, item.drafted, item.gold)):
                total[index] += value
        if show == text.stem:
            print(drafted)
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, nargs="*", help="folders of reports (text and gold encoding)")
    parser.add_argument("--knowledge", type=Path, nargs="*", default=[], help="folders of further encodings known")
    parser.add_argument("--show-draft", metavar="SLUG", help="also print the draft of this report")
    args = parser.parse_args()
    runs = (
        [(folder, args.knowledge) for folder in args.articles]
        if args.articles
        else [
            (BUNDLED_ARTICLES, []),
            (FIXTURES, [BUNDLED_ARTICLES]),
        ]
    )
    totals: dict[str, list[int]] = {}
    for folder, knowledge in runs:
        for kind, values in run(folder, knowledge, args.show_draft).items():
            total = totals.setdefault(kind, [0, 0, 0])
            for index, value in enumerate(values):
                total[index] += value
    print("\nall reports")
    print(f"  {'kind':<36} {'matched':>7} {'draft':>6} {'gold':>5} {'precision':>9} {'recall':>7}  goal (P, R)")
    for kind, (matched, drafted, gold) in totals.items():
        precision = matched / drafted if drafted else 1.0
        recall = matched / gold if gold else 1.0
        goal = GOALS.get(kind)
        print(
            f"  {kind:<36} {matched:>7} {drafted:>6} {gold:>5} {precision:>9.2f} {recall:>7.2f}"
            + (f"  >= {goal[0]:.1f}, >= {goal[1]:.1f}" if goal else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
