"""`kg validate`: run the SHACL validation of the ontology and articles alone and print the report."""

from govkg.link.curated import CURATED_NAME
from govkg.rdf.io import read_inputs
from govkg.validate import raise_on_violation, validate

NAME = "validate"


def run(args) -> int:
    """Print one line per SHACL result and a summary; exit 1 (KgError) if any result is a violation."""
    inputs = read_inputs(args.project.sources)
    results = validate(inputs, links=args.project.sources.links / CURATED_NAME)
    for result in results:
        print(result.line())
    if not inputs.shapes:
        print(f"no shapes file in {', '.join(map(str, args.project.sources.ontology))}: nothing validated")
        return 0
    raise_on_violation(results)
    print(f"conforms: {len(inputs.files())} file(s) checked, {len(results)} warning/info result(s)")
    return 0


def register(subparsers, common) -> None:
    """Add `kg validate`."""
    parser = subparsers.add_parser(
        NAME, parents=[common], help="validate the articles against the SHACL shapes and print a report"
    )
    parser.set_defaults(func=run)
