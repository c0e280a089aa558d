"""The `kg` command: one entry point, one module per subcommand in this package (parse -> call -> print).

Each command module exposes ``register(subparsers, common)``, adding its
subparser (with ``parents=[common]`` so that ``--store`` and ``--project`` mean
the same everywhere) and setting ``func`` to a callable ``(args) -> int``.
Before it runs, ``args.project`` is the Project (govkg.project) and
``args.store`` the store folder: ``--store``, else ``$KG_STORE``, else the
project's, else ./kg-store.
"""

import argparse
import importlib
import os
import sys

from govkg.errors import KgError
from govkg.project import default_store_dir, find_project
from govkg.store import waiting_for_writers

#: Subcommand modules under kg/commands/, in the order `kg --help` lists them.
COMMANDS = [
    "init", "new", "draft", "build", "load", "validate", "stats", "serve", "query", "queries", "export", "publish",
    "link",
]


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (exit 2) instead of usage text."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand shares.

    ``--store`` has no default here (``main`` supplies it), so that a nested
    subcommand keeps a value given before its action: `kg link --store DIR status`.
    """
    common = _Parser(add_help=False)
    common.add_argument(
        "--store",
        type=str,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"store folder (default: $KG_STORE, else the project's, else ./kg-store; now {default_store_dir()})",
    )
    common.add_argument(
        "--project",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="project folder holding kg.toml (default: the current folder if it holds kg.toml, else the bundled data)",
    )
    common.add_argument(
        "--no-wait",
        action="store_true",
        default=argparse.SUPPRESS,
        help="for a command that writes the store: fail at once if another one is writing it (default: wait for it)",
    )
    return common


def make_parser() -> argparse.ArgumentParser:
    """The full `kg` argument parser."""
    parser = _Parser(prog="kg", description="Build, validate, serve, query, export and link the govkg knowledge graph.")
    parser.add_argument("--version", action="version", version="%(prog)s " + __import__("govkg").__version__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    common = common_options()
    for name in COMMANDS:
        importlib.import_module(f"govkg.cli.{name}").register(subparsers, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `kg`; a KgError becomes one line on stderr and exit status 1."""
    args = make_parser().parse_args(argv)
    try:
        args.project = find_project(getattr(args, "project", None))
        if "store" not in args:
            args.store = str(args.project.store)
        with waiting_for_writers(not getattr(args, "no_wait", False)):
            return args.func(args) or 0
    except KgError as error:
        print(f"kg {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of stdout went away (`kg ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
