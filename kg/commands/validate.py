"""`kg validate`: run the SHACL validation of the ontology and articles alone and print the report."""

from kg.commands.build import register_over_inputs
from kg.load import read_inputs
from kg.validate import raise_on_violation, validate

NAME = "validate"


def run(args) -> int:
    """Print one line per SHACL result and a summary; exit 1 (KgError) if any result is a violation."""
    inputs = read_inputs(args.ontology_dir, args.articles_dir)
    results = validate(inputs)
    for result in results:
        print(result.line())
    if not inputs.shapes:
        print(f"no shapes file in {args.ontology_dir}: nothing validated")
        return 0
    raise_on_violation(results)
    print(f"conforms: {len(inputs.files())} file(s) checked, {len(results)} warning/info result(s)")
    return 0


def register(subparsers, common) -> None:
    """Add `kg validate`."""
    register_over_inputs(
        subparsers, common, NAME, "validate the articles against the SHACL shapes and print a report", run
    )
