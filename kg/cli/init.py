"""`kg init DIR`: make a project folder a user owns (kg.toml, articles/, links/, queries/, ontology/)."""

from pathlib import Path

from govkg.project import init_project

NAME = "init"


def register(subparsers, common) -> None:
    """Add `kg init`."""
    parser = subparsers.add_parser(
        NAME,
        parents=[common],
        help="make a project folder: kg.toml, articles/, links/, queries/ (seeded with the bundled ones), ontology/",
        description="Make a new project folder outside the code, seeded with copies of the bundled article, curated "
        "links and named queries (or empty with --empty). Then run kg commands inside it, or give --project DIR.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="the project folder to make (new, or empty)")
    parser.add_argument(
        "--empty", action="store_true", help="make the folders empty instead of copying the bundled files into them"
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    """Write the project and say what to do next."""
    written = init_project(args.folder, empty=args.empty)
    print(f"made project {args.folder} ({len(written)} files: kg.toml, " + ", ".join(
        f"{folder}/ {sum(path.startswith(folder + '/') for path in written)}"
        for folder in ("articles", "links", "queries", "ontology")
    ) + ")")
    print(f"next: kg build --project {args.folder}   then   kg serve --project {args.folder}")
    return 0
