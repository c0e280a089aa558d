"""The build pipeline at scale: `kg build` over N synthetic articles, each step's time and peak memory, the
incremental add of one article, and the fast reasoner checked against owlrl.

Usage:
    python benchmarks/bench_pipeline.py [--sizes 1 10 100 1000] [--owlrl-sizes 1 10] [--check-size 10]
                                        [--seed 1] [--out benchmarks/results] [--work DIR] [--no-plots]

For each N, benchmarks/corpus.py writes N articles and a fresh process builds them (full build, fast
reasoner); the build reports each step's seconds and the peak resident memory at its end (the build
process plus its largest worker). With --owlrl-sizes, the same build with `--reasoner owlrl` (the
reference, what a user of owlrl alone would get). Then article N+1 is added to the store of the largest
N (an incremental build), in process and as a whole `kg build` command. Last, at --check-size articles,
the fast closure is compared with owlrl's (after cleaning): they must be equal.

Writes pipeline.json, pipeline.csv, pipeline.md and (unless --no-plots; needs matplotlib, the `bench`
extra) pipeline-time.png and pipeline-memory.png into --out.
"""

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus, write_project
from environment import machine

RESULTS_DIR = Path(__file__).resolve().parent / "results"
STEPS = ["load", "validate", "reason", "write"]


def child(*args: str) -> dict:
    """Run one measurement in a fresh Python process (so each has its own peak memory); its JSON result."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, args)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"measurement {args} failed:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def measure_build(articles: str, store: str, reasoner: str) -> dict:
    """Build ``articles`` into ``store`` (full or incremental, as govkg.build decides); seconds and memory per step."""
    from dataclasses import replace

    from govkg.build import build
    from govkg.project import BUNDLED_SOURCES

    start = time.perf_counter()
    report = build(Path(store), replace(BUNDLED_SOURCES, articles=Path(articles)), reasoner=reasoner)
    return {
        "mode": report.mode,
        "reasoner": report.reasoner,
        "seconds": report.seconds,
        "peak_mb": report.peak_mb,
        "wall": time.perf_counter() - start,
        "inferred": report.inferred,
        "articles": len(report.inputs.articles),
        "asserted_triples": sum(len(quads) for _, quads in report.inputs.articles.values()),
    }


def measure_check(articles: str) -> dict:
    """The fast closure and owlrl's, after cleaning, over the ontology and ``articles``: times, sizes, equality."""
    from dataclasses import replace

    from govkg.project import BUNDLED_SOURCES
    from govkg.rdf.io import rdflib_graph, read_inputs
    from govkg.reasoning.engine import closure
    from govkg.reasoning.owlrl import nt, reason

    inputs = read_inputs(replace(BUNDLED_SOURCES, articles=Path(articles)))
    ontology = [quad for quads in inputs.ontology.values() for quad in quads]
    quads = [quad for _, article in inputs.articles.values() for quad in article]
    start = time.perf_counter()
    fast, _ = closure(ontology, quads)
    fast_seconds = time.perf_counter() - start
    start = time.perf_counter()
    reference = reason(rdflib_graph(ontology + quads))
    owlrl_seconds = time.perf_counter() - start
    owlrl = {(nt(s), nt(p), nt(o)) for s, p, o in reference.inferred}
    return {
        "articles": len(inputs.articles),
        "fast_seconds": fast_seconds,
        "owlrl_seconds": owlrl_seconds,
        "fast_triples": len(set(fast)),
        "owlrl_triples": len(owlrl),
        "equal": set(fast) == owlrl,
    }


def corpus(work: Path, articles: int, seed: int) -> Path:
    """A folder with the first ``articles`` articles of the corpus of ``seed``."""
    folder = work / f"corpus-{articles}"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(articles, seed, folder)
    return folder


def run(sizes: list[int], owlrl_sizes: list[int], check_size: int, seed: int, work: Path) -> dict:
    """Every measurement; the results as one dict."""
    results = {
        "machine": machine(("pyoxigraph", "rdflib", "owlrl", "pyshacl")),
        "seed": seed,
        "builds": [],
        "incremental": None,
        "check": None,
    }
    for reasoner, reasoner_sizes in (("fast", sizes), ("owlrl", owlrl_sizes)):
        for articles in reasoner_sizes:
            folder = corpus(work, articles, seed)
            store = work / f"store-{reasoner}-{articles}"
            shutil.rmtree(store, ignore_errors=True)
            row = child("build", folder, store, reasoner)
            results["builds"].append(row)
            print(f"{reasoner} build of {articles} article(s): {sum(row['seconds'].values()):.2f} s", file=sys.stderr)
            shutil.rmtree(store)
    largest = max(sizes)
    folder = corpus(work, largest + 2, seed)
    first_extra, second_extra = sorted(folder.glob("*.ttl"))[-2:]
    for extra in (first_extra, second_extra):
        extra.rename(work / extra.name)
    store = work / "store-incremental"
    shutil.rmtree(store, ignore_errors=True)
    child("build", folder, store, "fast")
    (work / first_extra.name).rename(first_extra)
    incremental = child("build", folder, store, "fast")
    (work / second_extra.name).rename(second_extra)
    project = write_project(work / "project", folder)
    start = time.perf_counter()
    command = subprocess.run(
        [sys.executable, "-m", "govkg.cli", "build", "--store", store, "--project", project.parent],
        capture_output=True,
        text=True,
        check=False,
    )
    incremental["command_wall"] = time.perf_counter() - start
    incremental["command_mode"] = "incremental" if "incremental build" in command.stdout else "full"
    incremental["store_articles"] = largest
    results["incremental"] = incremental
    print(f"incremental add to {largest}: {sum(incremental['seconds'].values()):.2f} s", file=sys.stderr)
    shutil.rmtree(store)
    results["check"] = child("check", corpus(work, check_size, seed))
    print(f"check at {check_size}: equal = {results['check']['equal']}", file=sys.stderr)
    return results


def table(results: dict) -> str:
    """The results as Markdown tables."""
    lines = [
        (
            "| reasoner | articles | asserted triples | inferred triples | load s | validate s | reason s | write s "
            "| total s | peak MiB |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["builds"]:
        steps = " | ".join(f"{row['seconds'][step]:.2f}" for step in STEPS)
        lines.append(
            f"| {row['reasoner']} | {row['articles']} | {row['asserted_triples']} | {row['inferred']} | {steps} "
            f"| {sum(row['seconds'].values()):.2f} | {max(row['peak_mb'].values()):.0f} |"
        )
    inc = results["incremental"]
    if inc:
        steps = " | ".join(f"{inc['seconds'][step]:.2f}" for step in STEPS)
        lines += [
            "",
            "| incremental add | load s | validate s | reason s | write s | total s | peak MiB | whole `kg build` s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            (
                f"| 1 article to {inc['store_articles']} ({inc['mode']}; command: {inc['command_mode']}) | {steps} "
                f"| {sum(inc['seconds'].values()):.2f} | {max(inc['peak_mb'].values()):.0f} "
                f"| {inc['command_wall']:.2f} |"
            ),
        ]
    check = results["check"]
    if check:
        lines += [
            "",
            "| closure check | articles | fast s | owlrl s | fast triples | owlrl triples | equal |",
            "|---|---:|---:|---:|---:|---:|---|",
            (
                f"| fast vs owlrl, after cleaning | {check['articles']} | {check['fast_seconds']:.2f} "
                f"| {check['owlrl_seconds']:.2f} | {check['fast_triples']} | {check['owlrl_triples']} "
                f"| {check['equal']} |"
            ),
        ]
    return "\n".join(lines) + "\n"


def plots(results: dict, out: Path) -> list[Path]:
    """PNG plots of the scaling curves: seconds per step and peak memory against the number of articles."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fast = [row for row in results["builds"] if row["reasoner"] == "fast"]
    owlrl = [row for row in results["builds"] if row["reasoner"] == "owlrl"]
    sizes = [row["articles"] for row in fast]
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for step in STEPS:
        axes.plot(sizes, [row["seconds"][step] for row in fast], marker="o", label=step)
    axes.plot(sizes, [sum(row["seconds"].values()) for row in fast], marker="o", color="black", label="total (fast)")
    if owlrl:
        axes.plot(
            [row["articles"] for row in owlrl],
            [sum(row["seconds"].values()) for row in owlrl],
            marker="s",
            linestyle="--",
            color="red",
            label="total (--reasoner owlrl)",
        )
    axes.axhline(60, color="grey", linestyle=":", label="goal: 60 s")
    axes.set(xscale="log", yscale="log", xlabel="articles", ylabel="seconds", title="kg build: time per step")
    axes.legend(fontsize="small")
    figure.tight_layout()
    time_png = out / "pipeline-time.png"
    figure.savefig(time_png, dpi=100)
    figure, axes = plt.subplots(figsize=(7, 4.5))
    axes.plot(sizes, [max(row["peak_mb"].values()) for row in fast], marker="o", label="fast")
    if owlrl:
        axes.plot(
            [row["articles"] for row in owlrl],
            [max(row["peak_mb"].values()) for row in owlrl],
            marker="s",
            linestyle="--",
            color="red",
            label="--reasoner owlrl",
        )
    axes.axhline(2048, color="grey", linestyle=":", label="goal: 2 GiB")
    axes.set(xscale="log", xlabel="articles", ylabel="peak MiB", title="kg build: peak resident memory")
    axes.legend(fontsize="small")
    figure.tight_layout()
    memory_png = out / "pipeline-memory.png"
    figure.savefig(memory_png, dpi=100)
    return [time_png, memory_png]


def write_results(results: dict, out: Path, with_plots: bool) -> list[Path]:
    """Write pipeline.json, .csv, .md (and the plots) into ``out``; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "pipeline.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    with (out / "pipeline.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["kind", "reasoner", "articles", *STEPS, "total", "peak_mib"])
        rows = [("build", row) for row in results["builds"]] + [("incremental", results["incremental"])]
        for kind, row in rows:
            steps = [f"{row['seconds'][step]:.3f}" for step in STEPS]
            total = f"{sum(row['seconds'].values()):.3f}"
            writer.writerow(
                [kind, row["reasoner"], row["articles"], *steps, total, f"{max(row['peak_mb'].values()):.0f}"]
            )
    (out / "pipeline.md").write_text(table(results), encoding="utf-8")
    written = [out / name for name in ("pipeline.json", "pipeline.csv", "pipeline.md")]
    return written + (plots(results, out) if with_plots else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000], metavar="N")
    parser.add_argument("--owlrl-sizes", type=int, nargs="*", default=[1, 10], metavar="N")
    parser.add_argument("--check-size", type=int, default=10, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, metavar="DIR")
    parser.add_argument(
        "--work", type=Path, default=None, metavar="DIR", help="scratch folder (default: a temporary one)"
    )
    parser.add_argument("--no-plots", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        print(json.dumps(measure_build(*rest) if kind == "build" else measure_check(*rest)))
        return 0
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        results = run(args.sizes, args.owlrl_sizes, args.check_size, args.seed, Path(work))
    for path in write_results(results, args.out, not args.no_plots):
        print(path)
    print(table(results))
    return 0 if results["check"]["equal"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
