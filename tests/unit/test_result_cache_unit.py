"""The result cache of the web app (govkg.server.querying.cache): per generation, bounded, never for SERVICE."""

from govkg.server.querying.cache import ResultCache
from govkg.server.querying.jobs import Ending, Job, Outcome


def answer(body: bytes) -> Outcome:
    return Outcome(Ending.ANSWERED, media_type="application/sparql-results+json", body=body)


class Generations:
    """A stand-in for the store's current generation name, which the test moves on."""

    def __init__(self):
        self.name: str | None = "gen-1"

    def __call__(self) -> str | None:
        return self.name


def test_an_answer_is_kept_until_the_generation_changes():
    generations = Generations()
    cache = ResultCache(1_000_000, generations)
    job = Job("SELECT * WHERE { ?s ?p ?o }", accept="application/json")
    assert cache.get(job, cache.version()) is None
    cache.put(job, answer(b"one"), cache.version())
    assert cache.get(job, cache.version()).body == b"one"
    assert cache.get(Job(job.query, accept="text/csv"), cache.version()) is None  # another format is another answer
    assert cache.get(Job(job.query, substitutions={"s": "<urn:x>"}), cache.version()) is None
    generations.name = "gen-2"
    assert cache.get(job, cache.version()) is None and len(cache) == 0


def test_an_answer_computed_across_a_swap_is_not_kept():
    generations = Generations()
    cache = ResultCache(1_000_000, generations)
    job = Job("ASK {}")
    started_on = cache.version()
    generations.name = "gen-2"
    cache.put(job, answer(b"old"), started_on)
    assert cache.get(job, cache.version()) is None


def test_service_queries_refusals_and_large_answers_are_not_kept():
    cache = ResultCache(80_000, Generations())
    federated = Job("SELECT * WHERE { service <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    cache.put(federated, answer(b"x"), cache.version())
    assert cache.get(federated, cache.version()) is None and cache.etag(federated, cache.version()) is None
    refused = Job("SELECT")
    cache.put(refused, Outcome(Ending.BAD_QUERY, "bad"), cache.version())
    assert cache.get(refused, cache.version()) is None
    large = Job("SELECT ?large {}")
    cache.put(large, answer(b"x" * 20_000), cache.version())  # more than an eighth of the budget
    assert cache.get(large, cache.version()) is None


def test_the_least_recently_used_answers_go_first():
    cache = ResultCache(8 * 2_000, Generations())
    jobs = [Job(f"SELECT ({n} AS ?n) {{}}") for n in range(20)]
    for job in jobs:
        cache.put(job, answer(b"x" * 1_000), cache.version())
        cache.get(jobs[0], cache.version())  # keeps the first one in use
    assert cache.size <= cache.max_bytes
    assert cache.get(jobs[0], cache.version()) is not None and cache.get(jobs[-1], cache.version()) is not None
    assert cache.get(jobs[1], cache.version()) is None


def test_entity_tags_follow_the_answer_and_the_generation():
    generations = Generations()
    cache = ResultCache(0, generations, salt="row cap 10")  # no budget: nothing kept, tags still given
    job = Job("ASK {}", format="json")
    first = cache.etag(job, cache.version())
    assert first and first == cache.etag(Job("ASK {}", format="json"), cache.version())
    assert cache.etag(Job("ASK {}", format="xml"), cache.version()) != first
    assert (other := ResultCache(0, generations, salt="row cap 20")).etag(job, other.version()) != first
    generations.name = "gen-2"
    assert cache.etag(job, cache.version()) != first
    generations.name = None  # a store that cannot name its version has no tags
    assert cache.etag(job, cache.version()) is None
