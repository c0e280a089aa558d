"""`kg build`: build the store from the ontology and the articles (load, validate, reason, write)."""

from pathlib import Path

from govkg.build import REASONERS, build
from govkg.cli.stats import store_summary

NAME = "build"


def run(args) -> int:
    """Build, then print the mode, the steps with their times and the graphs with their sizes."""
    sources = args.project.sources
    report = build(Path(args.store), sources, args.reasoner, args.full)
    inputs = report.inputs
    if report.mode == "incremental":
        print(f"incremental build: added {len(report.added)} new article(s) to the current store (--full rebuilds all)")
        loaded = f"{len(report.added)} new article(s), the ontology from the store, curated links"
        reasoned = f"{report.inferred} inferred triples added"
    else:
        print(f"full build ({report.full_because}), reasoner: {report.reasoner}")
        loaded = (
            f"{len(inputs.ontology)} ontology file(s), {len(inputs.shapes)} shapes file(s), "
            f"{len(inputs.articles)} article(s) from {sources.articles}, curated links"
        )
        reasoned = f"{report.inferred} inferred triples kept (+ {report.inferred_schema} of the ontology's own closure)"
    details = {
        "load": loaded,
        "validate": f"conforms ({len(report.shacl_results)} warning/info result(s), see 'kg validate')"
        if inputs.shapes
        else "skipped: no shapes.ttl",
        "reason": f"{reasoned}; dropped by cleaning: "
        + (", ".join(f"{rule} {count}" for rule, count in sorted(report.dropped.items())) or "none"),
        "write": "carried over: " + (", ".join(report.carried_over) or "nothing"),
    }
    print(f"{'step':<9} {'seconds':>8} {'peak MiB':>9}")
    for step, seconds in report.seconds.items():
        print(f"{step:<9} {seconds:>8.2f} {report.peak_mb[step]:>9.0f}  {details[step]}")
    print(f"{'total':<9} {sum(report.seconds.values()):>8.2f} {max(report.peak_mb.values()):>9.0f}")
    print(store_summary(Path(args.store)))
    return 0


def register(subparsers, common) -> None:
    """Add `kg build`."""
    parser = subparsers.add_parser(
        NAME, parents=[common], help="build the store: load, validate (SHACL), reason (OWL RL), write atomically"
    )
    parser.set_defaults(func=run)
    parser.add_argument(
        "--reasoner",
        choices=REASONERS,
        default="fast",
        help="OWL RL engine: fast (the default: owlrl on the ontology, compiled rules on the articles; equal to "
        "owlrl's result) or owlrl (the reference, over everything; slow beyond a few articles)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="rebuild everything; by default, when the only change since the last build is new article files, "
        "they are added to the current store",
    )
