"""Serve an N-Quads file with rdflib-endpoint, the way its CLI `rdflib-endpoint serve FILE` does, for comparison.

    python benchmarks/serve_rdflib_endpoint.py FILE PORT

Like the CLI: an in-memory rdflib Dataset with the union of its graphs as the
default graph, served by rdflib-endpoint's SparqlEndpoint (queries at ``/``)
under uvicorn on 127.0.0.1. Unlike the CLI, uvicorn's per-request access log is
off (kg serve writes none either). Prints the load time to stderr.
"""

import sys
import time

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main(path: str, port: int) -> None:
    """Load ``path`` and serve it on 127.0.0.1:``port`` until killed."""
    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    print(f"rdflib-endpoint: loaded {path} in {time.perf_counter() - start:.2f} s", file=sys.stderr, flush=True)
    uvicorn.run(SparqlEndpoint(graph=dataset), host="127.0.0.1", port=port, access_log=False, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
