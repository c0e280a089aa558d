"""`kg serve`: serve the store as a read-only SPARQL 1.1 endpoint (waitress), building it first if needed.

Its options are the settings of govkg.server.settings.SETTINGS (listed in docs/settings.md); an option given here
wins over the same setting in the ``[server]`` table of the project's kg.toml, which wins over the default.
"""

import signal
import sys
from pathlib import Path

from govkg.project import PROJECT_FILE
from govkg.server.settings import SETTINGS, Setting
from govkg.store import has_store

NAME = "serve"


def _option_help(setting: Setting) -> str:
    """The help text of a setting's option, with its default."""
    if setting.type is list:
        default = ", ".join(setting.default) or "none"
        return f"{setting.help}; repeatable, replaces the default when given (default: {default})"
    default = f"{setting.default:g}" if setting.type is float else setting.default
    return f"{setting.help} (default: {default})"


def register(subparsers, common) -> None:
    """Add `kg serve` and an option for each setting."""
    parser = subparsers.add_parser(
        NAME,
        parents=[common],
        help="serve the store as a SPARQL 1.1 endpoint at http://HOST:PORT/sparql",
        description="Serve the store read-only over the SPARQL 1.1 Protocol with waitress; builds the store first "
        "if there is none. Queries run in worker processes that are killed when they exceed the timeout. "
        f"Every option can also be set in the [server] table of the project's {PROJECT_FILE}.",
    )
    for setting in SETTINGS:
        parser.add_argument(
            setting.option,
            dest=setting.name,
            type=str if setting.type is list else setting.type,
            action="append" if setting.type is list else "store",
            default=None,
            metavar=setting.metavar,
            help=_option_help(setting),
        )
    parser.set_defaults(func=run)


def run(args) -> int:
    """Build the store if missing, then serve until interrupted."""
    from govkg.build import build
    from govkg.server import create_app
    from govkg.server.serve import RunningServer
    from govkg.server.settings import resolve

    store_dir = Path(args.store)
    project_file = args.project.root / PROJECT_FILE if args.project.root else None
    options = {setting.name: getattr(args, setting.name) for setting in SETTINGS}
    # checked before a possibly long build, so a bad setting fails at once
    config = resolve(options, args.project.server, project_file)
    if not config["BACKEND"] and not has_store(store_dir):  # with a backend, the store is the engine's
        print(f"kg serve: no store in {store_dir}; building it", file=sys.stderr)
        build(store_dir, args.project.sources)
    app = create_app({**config, "STORE_DIR": store_dir, "QUERIES_DIR": args.project.queries})
    running = RunningServer(app, host=config["HOST"], port=config["PORT"], threads=config["THREADS"])
    print(
        f"kg serve: SPARQL endpoint at {running.url}/sparql "
        + (
            f"(backend {config['BACKEND']})" if config["BACKEND"]
            else f"(store {store_dir}, {config['WORKERS']} workers)"
        ),
        file=sys.stderr,
    )
    # Ctrl-C and `kill` (SIGTERM) both stop it cleanly, even when a script started it in the background
    # (which leaves SIGINT ignored).
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, signal.default_int_handler)
    try:
        running.serve_forever()  # returns on Ctrl-C or SIGTERM
    finally:
        running.stop()
    print("kg serve: stopped", file=sys.stderr)
    return 0
