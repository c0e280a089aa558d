"""`kg new SLUG --text FILE`: start a report in the project: its text and an encoding that validates as written."""

from pathlib import Path

from govkg.draft.article import Metadata, new_article
from govkg.draft.rules import load_rules

NAME = "new"


def register(subparsers, common) -> None:
    """Add `kg new`."""
    parser = subparsers.add_parser(
        NAME,
        parents=[common],
        help="start a new report in the project: its text, the article, its sentences and a skeleton to fill in",
        description="Write articles/SLUG.txt (the text) and articles/SLUG.ttl (the article with its metadata, one "
        "gko:Sentence per sentence with its text, position and paragraph, and a commented skeleton of the usual "
        "parts) into the project folder. The encoding validates and builds as written; fill it in by hand or from "
        "`kg draft articles/SLUG.txt`. See docs/authoring.md.",
    )
    parser.add_argument(
        "slug", metavar="SLUG", help="the report's name: letters, digits, '-', '_', '.' (names its IRIs)"
    )
    parser.add_argument("--text", required=True, type=Path, metavar="FILE", help="the report's text (UTF-8)")
    parser.add_argument("--title", default="", help="the headline (default: the text's first line if it is one)")
    parser.add_argument(
        "--publisher", default="", help="who published it: a name or a web address (default: named in the text)"
    )
    parser.add_argument("--issued", default="", metavar="DATE", help="publication date, YYYY-MM-DD")
    parser.add_argument(
        "--source", action="append", default=[], metavar="URL", help="address of the report (repeat for several)"
    )
    parser.add_argument("--language", default="en", help="language tag of the text (default: en)")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Write the two files and say what to do next."""
    metadata = Metadata(args.title, args.publisher, args.issued, list(args.source), args.language)
    encoding, text = new_article(args.project, args.slug, args.text, metadata, load_rules(args.project.root))
    print(f"wrote {encoding} and {text}")
    print(f"next: kg draft {text} -o {args.slug}.draft.ttl   then check it, copy what is right into {encoding.name}")
    print(f"      and run kg validate --project {args.project.root}   and   kg build --project {args.project.root}")
    return 0
