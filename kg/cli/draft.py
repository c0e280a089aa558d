"""`kg draft FILE.txt`: a first encoding of a report proposed from its text, for a person to check and complete."""

from pathlib import Path

from govkg.draft.article import write_file
from govkg.draft.draft import draft_file

NAME = "draft"


def register(subparsers, common) -> None:
    """Add `kg draft`."""
    parser = subparsers.add_parser(
        NAME,
        parents=[common],
        help="propose an encoding of a report's text: entities, amounts, dates, events, statements (offline)",
        description="Read a report's text and propose its encoding in Turtle: entities linked to those of the store "
        "(or the project's articles) and the curated Wikidata table, new ones proposed, amounts and dates as typed "
        "literals, events and statements with their modality, each pointing to its sentence. Every guess carries a "
        "'# draft:' comment with the words it came from, every gap a '# TODO'. The slug is FILE's name without .txt; "
        "the article's metadata comes from FILE's .ttl beside it if there is one (kg new writes it). Rules: "
        "kg/draft/rules/ and the project's draft-rules.toml. See docs/authoring.md.",
    )
    parser.add_argument("file", type=Path, metavar="FILE.txt", help="the report's text (UTF-8)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.ttl", help="write the draft here (default: stdout)")
    parser.add_argument("--force", action="store_true", help="replace OUT.ttl if it exists")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Draft, then print the draft or write it."""
    text = draft_file(args.project, Path(args.store), args.file)
    if args.output is None:
        print(text, end="")
        return 0
    write_file(args.output, text, args.force)
    todos = sum(line.lstrip().startswith("# TODO") for line in text.splitlines())
    guesses = text.count("# draft:")
    print(f"wrote {args.output}: {guesses} guesses to check ('# draft:'), {todos} gaps to fill ('# TODO')")
    return 0
