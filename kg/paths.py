"""Where the project's inputs live and where the store goes by default."""

import os
from pathlib import Path

from kg.errors import KgError

#: The project's checkout (the folder that holds ontology/, kg/, queries/).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
ARTICLES_DIR = PROJECT_ROOT / "kg" / "articles"
QUERIES_DIR = PROJECT_ROOT / "queries"
LINKS_DIR = PROJECT_ROOT / "kg" / "links"

#: Environment variable that overrides the default store folder.
STORE_ENV = "KG_STORE"
DEFAULT_STORE = "kg-store"


def default_store_dir() -> Path:
    """The store folder used when ``--store`` is not given: ``$KG_STORE``, else ``./kg-store``."""
    return Path(os.environ.get(STORE_ENV, DEFAULT_STORE))


def require_input_dir(path: Path) -> Path:
    """Return ``path`` if it is a folder, else fail with a message naming it."""
    if not path.is_dir():
        raise KgError(f"{path}: folder not found (is the project installed with 'pip install -e .' from its checkout?)")
    return path
