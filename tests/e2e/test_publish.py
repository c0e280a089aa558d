"""`kg publish` into real engines (Oxigraph server; Virtuoso 7 where installed): the graphs read back isomorphic, a
republish drops what is gone and nothing else, and a publish that fails midway leaves the remote graphs as they were
(docs/scale-out.md)."""

import os
import subprocess
import sys
import threading
import time

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import REPO_ROOT, store_graphs
from govkg.remote.protocol import Auth
from govkg.remote.publish import PUBLICATION_GRAPH, STAGING_PREFIX, UNION_GRAPH, publish, published_graphs, requests_of
from govkg.store import open_read_only
from support.engines import Engine, Interposer, oxigraph, virtuoso

FOREIGN = "urn:example:not-ours"


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(request, tmp_path_factory):
    start = oxigraph if request.param == "oxigraph" else virtuoso
    with start(tmp_path_factory.mktemp(request.param)) as running:
        yield running


def kg_publish(store, engine: Engine, *extra: str, to: str | None = None) -> subprocess.CompletedProcess:
    """The real `kg publish` in a subprocess, credentials from the environment."""
    args = ["--to", to or engine.base, "--engine", engine.name, *extra]
    return subprocess.run(
        [sys.executable, "-m", "govkg.cli", "publish", "--store", str(store), *args],
        capture_output=True, text=True, timeout=300, cwd=REPO_ROOT, env=engine.environment(),
    )


def remote_graph(engine: Engine, graph: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=engine.remote().get_graph(graph).decode(), format="nt")


def counts(engine: Engine) -> dict[str, int]:
    """Triples per graph of the last publication, and the record's build."""
    remote = engine.remote()
    graphs = published_graphs(remote)
    found = {graph: remote.count(graph) for graph in graphs}
    build = remote.select(f"SELECT ?b WHERE {{ GRAPH <{PUBLICATION_GRAPH}> {{ ?s <http://purl.org/dc/terms/identifier> ?b }} }}")
    return {**found, "build": build[0]["b"]}


def staging_left(engine: Engine) -> list[str]:
    rows = engine.remote().select(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}'
    )
    return [row["g"] for row in rows]


def test_publish_round_trip_graphs_read_back_isomorphic(engine, built_store):
    done = kg_publish(built_store, engine)
    assert done.returncode == 0, done.stderr
    assert "published" in done.stderr and "Traceback" not in done.stderr
    if engine.auth.password:
        assert engine.auth.password not in done.stderr + done.stdout
    local = store_graphs(built_store)
    assert published_graphs(engine.remote()) == sorted([*local, UNION_GRAPH])
    for iri, graph in local.items():
        assert isomorphic(remote_graph(engine, iri), graph), iri
    from govkg.rdf.io import rdflib_graph

    union = rdflib_graph(open_read_only(built_store).quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))
    assert isomorphic(remote_graph(engine, UNION_GRAPH), union)
    assert staging_left(engine) == []


def test_republish_drops_the_graphs_gone_and_only_those(engine, built_store, corpus_store):
    remote = engine.remote()
    remote.put_graph(FOREIGN, b"<urn:example:s> <urn:example:p> <urn:example:o> .\n")
    assert kg_publish(corpus_store, engine).returncode == 0
    corpus_graphs = set(published_graphs(remote))
    done = kg_publish(built_store, engine)
    assert done.returncode == 0, done.stderr
    assert "dropped 1" in done.stderr
    gone = corpus_graphs - set(published_graphs(remote))
    assert len(gone) == 1 and all(remote.count(graph) == 0 for graph in gone)
    assert remote.count(FOREIGN) == 1  # never ours: untouched


def test_a_count_mismatch_midway_leaves_the_old_graphs(engine, built_store, corpus_store):
    assert kg_publish(built_store, engine).returncode == 0
    before = counts(engine)
    puts = []

    def lose_a_triple_of_the_third_graph(method, path, body):
        if method == "PUT":
            puts.append(path)
            if len(puts) == 3:
                return body[: body.rindex(b"\n", 0, len(body) - 1) + 1]  # drop the last line
        return None

    with Interposer(engine.base, lose_a_triple_of_the_third_graph) as proxy:
        failed = kg_publish(corpus_store, engine, to=proxy.base)
    assert failed.returncode == 1
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith("kg publish: error: publish failed:") and "triples of the" in last
    assert "the remote graphs are as they were" in last and "Traceback" not in failed.stderr
    assert counts(engine) == before
    assert staging_left(engine) == []


def test_an_engine_refusing_midway_leaves_the_old_graphs(engine, built_store, corpus_store):
    assert kg_publish(built_store, engine).returncode == 0
    before = counts(engine)
    puts = []

    def refuse_the_fourth_upload(method, path, body):
        if method == "PUT":
            puts.append(path)
            return 503 if len(puts) >= 4 else None
        return None

    with Interposer(engine.base, refuse_the_fourth_upload) as proxy:
        failed = kg_publish(corpus_store, engine, to=proxy.base)
    assert failed.returncode == 1
    assert "HTTP 503" in failed.stderr and "the remote graphs are as they were" in failed.stderr
    assert counts(engine) == before
    assert staging_left(engine) == []


def test_a_swap_failing_inside_oxigraph_changes_nothing(tmp_path, built_store, corpus_store):
    """Oxigraph applies an update request all or nothing: a swap whose fourth MOVE fails (its staging graph was
    dropped meanwhile) leaves even the graphs of the first three as they were."""
    with oxigraph(tmp_path / "oxigraph") as engine:
        assert kg_publish(built_store, engine).returncode == 0
        before = counts(engine)

        def drop_a_staging_graph_first(method, path, body):
            if method == "POST" and b"MOVE" in body:
                staging = [g for g in staging_left(engine)]
                engine.remote().update(f"DROP GRAPH <{sorted(staging)[3]}>")
            return None

        with Interposer(engine.base, drop_a_staging_graph_first) as proxy:
            failed = kg_publish(corpus_store, engine, to=proxy.base)
        assert failed.returncode == 1
        assert "failed at the swap" in failed.stderr and "the remote graphs are as they were" in failed.stderr
        assert counts(engine) == before
        assert staging_left(engine) == []


def test_publish_errors_are_one_line(tmp_path, built_store):
    with oxigraph(tmp_path / "oxigraph", read_only=True) as engine:
        refused = kg_publish(built_store, engine)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "publish failed" in refused.stderr
    stopped = kg_publish(built_store, engine)  # it is stopped now
    assert stopped.returncode == 1 and stopped.stderr.count("\n") == 1
    assert stopped.stderr.startswith("kg publish: error:")
    secret = "http://user:s3cret@127.0.0.1:1/"
    leaked = subprocess.run([sys.executable, "-m", "govkg.cli", "publish", "--store", str(built_store), "--to", secret],
                            capture_output=True, text=True, cwd=REPO_ROOT)
    assert leaked.returncode == 1 and "s3cret" not in leaked.stderr


def test_wrong_credentials_are_refused_without_printing_them(tmp_path, built_store):
    with virtuoso(tmp_path / "virtuoso") as engine:
        environment = {**engine.environment(), "KG_REMOTE_PASSWORD": "not-the-password"}
        refused = subprocess.run(
            [sys.executable, "-m", "govkg.cli", "publish", "--store", str(built_store), *engine.publish_args()],
            capture_output=True, text=True, cwd=REPO_ROOT, env=environment,
        )
    assert refused.returncode == 1 and "HTTP 401" in refused.stderr
    assert "not-the-password" not in refused.stderr


def test_auth_from_options_and_environment():
    assert Auth.resolve(environ={}) == Auth()
    from_env = Auth.resolve(environ={"KG_REMOTE_USER": "u", "KG_REMOTE_PASSWORD": "p"})
    assert (from_env.kind, from_env.user, from_env.password) == ("basic", "u", "p")
    assert "secret-pw" not in repr(Auth.resolve("digest", "u", "secret-pw"))
    assert Auth.resolve(environ={"KG_REMOTE_TOKEN": "t"}).kind == "bearer"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [({"KG_REMOTE_TOKEN": "t0k"}, "Bearer t0k"), ({"KG_REMOTE_USER": "u", "KG_REMOTE_PASSWORD": "pw"}, "Basic dTpwdw==")],
)
def test_bearer_and_basic_credentials_reach_the_engine(tmp_path, built_store, variables, expected):
    with oxigraph(tmp_path / "oxigraph") as engine, Interposer(engine.base, lambda *request: None) as proxy:
        done = subprocess.run(
            [sys.executable, "-m", "govkg.cli", "publish", "--store", str(built_store), "--to", proxy.base],
            capture_output=True, text=True, cwd=REPO_ROOT, env={**os.environ, **variables},
        )
    assert done.returncode == 0, done.stderr
    assert set(proxy.authorizations) == {expected}
    assert "t0k" not in done.stderr and "pw" not in done.stderr


def test_ctrl_c_midway_leaves_the_old_graphs_and_says_so(tmp_path, built_store, corpus_store):
    import signal

    with oxigraph(tmp_path / "oxigraph") as engine:
        assert kg_publish(built_store, engine).returncode == 0
        before = counts(engine)
        third_upload = threading.Event()
        puts = []

        def hold_the_third_upload(method, path, body):
            if method == "PUT":
                puts.append(path)
                if len(puts) == 3:
                    third_upload.set()
                    time.sleep(3)
            return None

        with Interposer(engine.base, hold_the_third_upload) as proxy:
            process = subprocess.Popen(
                [sys.executable, "-m", "govkg.cli", "publish", "--store", str(corpus_store), "--to", proxy.base],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT,
            )
            assert third_upload.wait(timeout=120)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=60)
        assert process.returncode == 130
        assert "interrupted" in stderr and "the remote graphs are as they were" in stderr
        assert "Traceback" not in stderr
        assert counts(engine) == before
        assert staging_left(engine) == []


# --- read replicas: the recipe of docs/scale-out.md, run as written ---

def rollout_script() -> str:
    page = (REPO_ROOT / "docs" / "scale-out.md").read_text(encoding="utf-8")
    block = page.split("<!-- replica-rollout -->", 1)[1]
    return block.split("```sh\n", 1)[1].split("```", 1)[0]


def test_a_replica_rolled_out_by_the_recipe_never_shows_a_half_copied_store(tmp_path, built_store, corpus_store):
    from govkg.store import current_generation

    replica = tmp_path / "replica"

    def roll_out(source):
        done = subprocess.run(["bash", "-euc", rollout_script()], env={**os.environ, "SRC": str(source),
                              "DST": str(replica)}, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    def size(store_dir):
        return len(open_read_only(store_dir))

    roll_out(built_store)
    expected = {size(built_store), size(corpus_store)}
    seen, failures, stop = [], [], threading.Event()

    def read_all_the_time():
        while not stop.is_set():
            try:
                seen.append(size(replica))
            except Exception as error:  # a half-copied store would fail to open or count wrong
                failures.append(repr(error))

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        for source in (corpus_store, built_store, corpus_store):
            roll_out(source)
            assert current_generation(replica).name == current_generation(source).name
    finally:
        stop.set()
        reader.join()
    assert failures == []
    assert set(seen) <= expected and size(replica) == size(corpus_store)
    assert not list(replica.glob("*.tmp")) and not list(replica.glob(".current-*"))


def test_kg_serve_on_a_replica_picks_up_a_rollout(tmp_path, built_store, corpus_store):
    from support.served import serving

    replica = tmp_path / "replica"
    env = {**os.environ, "DST": str(replica)}
    subprocess.run(["bash", "-euc", rollout_script()], env={**env, "SRC": str(built_store)}, check=True)
    count = {"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    with serving({"STORE_DIR": replica, "WORKERS": 1}) as app:
        client = app.test_client()
        before = int(client.get("/sparql", query_string=count).json["results"]["bindings"][0]["n"]["value"])
        subprocess.run(["bash", "-euc", rollout_script()], env={**env, "SRC": str(corpus_store)}, check=True)
        after = int(client.get("/sparql", query_string=count).json["results"]["bindings"][0]["n"]["value"])
    assert after == before + 1  # the corpus has one article more than the seed


def test_the_swap_is_one_request_where_atomic_and_batches_elsewhere():
    operations = [f"DROP SILENT GRAPH <urn:x:{n}>" for n in range(5)]
    assert requests_of(operations, atomic=True) == [" ;\n".join(operations)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("govkg.remote.publish.BATCH", 2)
        assert [batch.count("DROP") for batch in requests_of(operations, atomic=False)] == [2, 2, 1]


def test_a_swap_in_batches_publishes_every_graph_on_virtuoso(tmp_path, built_store, corpus_store, monkeypatch):
    """Virtuoso refuses an update of about a thousand operations, and its update is not atomic anyway: the swap
    goes in batches there (here of 2 operations, so that a small store needs several)."""
    monkeypatch.setattr("govkg.remote.publish.BATCH", 2)
    with virtuoso(tmp_path / "virtuoso") as engine:
        remote = engine.remote()
        publish(corpus_store, remote, progress=lambda line: None)
        report = publish(built_store, remote, progress=lambda line: None)
        assert len(report.dropped) == 1
        assert published_graphs(remote) == sorted([*store_graphs(built_store), UNION_GRAPH])
        for iri, graph in store_graphs(built_store).items():
            assert remote.count(iri) == len(graph), iri
        assert staging_left(engine) == []
