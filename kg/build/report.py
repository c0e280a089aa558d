"""What a build did: the report `kg build` prints, and the clock that fills in its steps."""

import resource
import time
from collections import Counter
from dataclasses import dataclass, field

from govkg.rdf.io import Inputs
from govkg.validate import Result


@dataclass
class BuildReport:
    """What a build did: seconds and peak memory (MiB, see peak_memory_mb) per step, its inputs, SHACL warnings,
    inferred and dropped counts, carried-over graphs.

    ``reasoner`` is the engine that ran ("fast", "owlrl", or "owlrl" with the reason the fast one could not);
    ``mode`` is "full" or "incremental" (then ``added`` names the new articles and ``inferred`` counts the
    triples added to the inferred graph); ``inferred_schema`` counts what a full build wrote into the graph of the
    ontology's own closure; ``full_because`` says why a full build was needed.
    """

    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    inputs: Inputs = field(default_factory=Inputs)
    shacl_results: list[Result] = field(default_factory=list)
    inferred: int = 0
    inferred_schema: int = 0
    dropped: Counter = field(default_factory=Counter)
    carried_over: list[str] = field(default_factory=list)
    reasoner: str = "fast"
    mode: str = "full"
    added: list[str] = field(default_factory=list)
    full_because: str = ""


def peak_memory_mb() -> float:
    """The peak resident memory so far, in MiB, of this process plus the largest of its finished worker processes."""
    own, workers = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return (own + workers) / 1024


class Clock:
    """Records the seconds of each step of a build, and the peak memory at its end, in a report."""

    def __init__(self, report: BuildReport):
        self.report, self.last = report, time.perf_counter()

    def step(self, name: str) -> None:
        now = time.perf_counter()
        self.report.seconds[name] = now - self.last
        self.report.peak_mb[name] = peak_memory_mb()
        self.last = now
