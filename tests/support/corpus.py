"""The synthetic corpus of benchmarks/corpus.py for tests: ``write_corpus(articles, seed, folder)``."""

import importlib.util
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parents[2] / "benchmarks"
_spec = importlib.util.spec_from_file_location("corpus", BENCHMARKS_DIR / "corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)
write_corpus = corpus.write_corpus
