"""`kg build`: build the store from the ontology and the articles (load, validate, reason, write)."""

from pathlib import Path

from kg.build import build
from kg.commands.stats import store_summary
from kg.paths import ARTICLES_DIR, ONTOLOGY_DIR

NAME = "build"


def register_over_inputs(subparsers, common, name: str, help_text: str, run) -> None:
    """Add a subcommand that reads the build's input folders (`kg build`, `kg validate`)."""
    parser = subparsers.add_parser(name, parents=[common], help=help_text)
    parser.add_argument(
        "--ontology-dir",
        type=Path,
        default=ONTOLOGY_DIR,
        metavar="DIR",
        help=f"folder of the ontology *.ttl files and shapes.ttl (default: {ONTOLOGY_DIR})",
    )
    parser.add_argument(
        "--articles-dir",
        type=Path,
        default=ARTICLES_DIR,
        metavar="DIR",
        help=f"folder of the article *.ttl files, one named graph each (default: {ARTICLES_DIR})",
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    """Build, then print the steps with their times and the graphs with their sizes."""
    report = build(Path(args.store), args.ontology_dir, args.articles_dir)
    inputs = report.inputs
    details = {
        "load": f"{len(inputs.ontology)} ontology file(s), {len(inputs.shapes)} shapes file(s), "
        f"{len(inputs.articles)} article(s), curated links",
        "validate": f"conforms ({len(report.shacl_results)} warning/info result(s), see 'kg validate')"
        if inputs.shapes
        else "skipped: no shapes.ttl",
        "reason": f"{report.inferred} inferred triples kept; dropped by cleaning: "
        + (", ".join(f"{rule} {count}" for rule, count in sorted(report.dropped.items())) or "none"),
        "write": "carried over: " + (", ".join(report.carried_over) or "nothing"),
    }
    print(f"{'step':<9} {'seconds':>8}")
    for step, seconds in report.seconds.items():
        print(f"{step:<9} {seconds:>8.2f}  {details[step]}")
    print(f"{'total':<9} {sum(report.seconds.values()):>8.2f}")
    print(store_summary(Path(args.store)))
    return 0


def register(subparsers, common) -> None:
    """Add `kg build`."""
    register_over_inputs(
        subparsers, common, NAME, "build the store: load, validate (SHACL), reason (OWL RL), write atomically", run
    )
