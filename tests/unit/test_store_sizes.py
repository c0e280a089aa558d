"""The graphs' sizes a writer records beside each store generation (govkg.store.graph_sizes), so that the landing
page, the VoID and the service description count nothing: they equal a count of the generation by every kind of
write, and a generation without a readable record says so (None)."""

import pyoxigraph
import pytest

from govkg.store import (
    GRAPH_SIZES,
    count_graphs,
    current_generation,
    extend_union,
    graph_sizes,
    new_generation,
    open_read_only,
)


def quad(subject: str, graph: str) -> pyoxigraph.Quad:
    return pyoxigraph.Quad(pyoxigraph.NamedNode(f"urn:x:{subject}"), pyoxigraph.NamedNode("urn:x:p"),
                           pyoxigraph.Literal(subject), pyoxigraph.NamedNode(f"urn:x:{graph}"))


def recorded_and_counted(store_dir):
    return graph_sizes(current_generation(store_dir)), count_graphs(open_read_only(store_dir))


def test_every_kind_of_write_records_what_a_count_gives(tmp_path):
    store_dir = tmp_path / "store"
    with new_generation(store_dir) as store:  # as kg build: a fresh generation, the union made at the end
        store.extend([quad("a", "g1"), quad("b", "g1"), quad("a", "g2")])
    recorded, counted = recorded_and_counted(store_dir)
    assert recorded == counted == {None: 2, "urn:x:g1": 2, "urn:x:g2": 1}

    with new_generation(store_dir, copy_current=True, keep_union=True) as store:  # as kg load: the union extended
        added = [quad("c", "g3"), quad("a", "g3")]
        store.extend(added)
        extend_union(store, added)
    recorded, counted = recorded_and_counted(store_dir)
    assert recorded == counted == {None: 3, "urn:x:g1": 2, "urn:x:g2": 1, "urn:x:g3": 2}


@pytest.mark.parametrize("content", [None, "", "{not json", '{"union": 1}', '{"union": "x", "graphs": {}}', "[]"])
def test_a_generation_without_a_readable_record_has_none(tmp_path, content):
    store_dir = tmp_path / "store"
    with new_generation(store_dir) as store:
        store.add(quad("a", "g1"))
    record = current_generation(store_dir) / GRAPH_SIZES
    if content is None:
        record.unlink()
    else:
        record.write_text(content, encoding="utf-8")
    assert graph_sizes(current_generation(store_dir)) is None
