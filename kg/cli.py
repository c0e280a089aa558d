"""The `kg` command: one entry point, one module per subcommand under kg/commands/.

Each command module exposes ``register(subparsers, common)``, adding its
subparser (with ``parents=[common]`` so that ``--store`` means the same
everywhere) and setting ``func`` to a callable ``(args) -> int``.
"""

import argparse
import importlib
import os
import sys

from kg.errors import KgError
from kg.paths import default_store_dir

#: Subcommand modules under kg/commands/, in the order `kg --help` lists them.
COMMANDS = ["build", "load", "validate", "stats", "serve", "query", "queries", "export", "link"]


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
        help=f"store folder (default: $KG_STORE or ./kg-store; now {default_store_dir()})",
    )
    return common


def make_parser() -> argparse.ArgumentParser:
    """The full `kg` argument parser."""
    parser = _Parser(prog="kg", description="Build, validate, serve, query, export and link the govkg knowledge graph.")
    parser.add_argument("--version", action="version", version="%(prog)s " + __import__("kg").__version__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    common = common_options()
    for name in COMMANDS:
        importlib.import_module(f"kg.commands.{name}").register(subparsers, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `kg`; a KgError becomes one line on stderr and exit status 1."""
    args = make_parser().parse_args(argv)
    if "store" not in args:
        args.store = str(default_store_dir())
    try:
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
