"""The build: ontology and articles in, a validated and reasoned store generation out.

``plan`` decides between a full build (``full``) and adding new articles to the current generation
(``incremental``); ``write`` owns what both write besides the articles; ``report`` is what `kg build` prints.
"""

import contextlib
from pathlib import Path

from govkg.build.full import build_full
from govkg.build.incremental import add_articles
from govkg.build.plan import REASONERS, decide
from govkg.build.report import BuildReport
from govkg.project import BUNDLED_SOURCES, Sources
from govkg.reasoning.engine import Unsupported
from govkg.store import has_store, writer_lock

__all__ = ["REASONERS", "BuildReport", "build"]


def build(
    store_dir: Path, sources: Sources = BUNDLED_SOURCES, reasoner: str = "fast", full: bool = False
) -> BuildReport:
    """Build the store in ``store_dir`` from ``sources``; KgError on bad input.

    Adds new articles to the current store when that is all that changed (unless ``full``): then under the store's
    writer lock from the plan to the swap, so that it reasons on the very generation it extends.
    """
    store_dir = Path(store_dir)
    with writer_lock(store_dir) if has_store(store_dir) else contextlib.nullcontext():
        plan = decide(store_dir, sources, reasoner, full)
        if not plan.full_because:
            try:
                return add_articles(store_dir, sources, plan)
            except Unsupported as why:
                plan.full_because = f"an incremental build cannot be exact here: {why}"
    return build_full(store_dir, sources, reasoner, plan)
