"""Clusters: pairs joined into the groups a steward reviews, largest first."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from steward.core.matching.clusters import clusters
from steward.jobs.match import MatchResult, PairRow


def test_pairs_that_share_a_record_are_one_cluster() -> None:
    found = clusters([("a", "b"), ("c", "d"), ("b", "e"), ("f", "g"), ("e", "a")])
    assert found == [["a", "b", "e"], ["c", "d"], ["f", "g"]]


def test_a_chain_is_one_cluster_however_it_arrives() -> None:
    chain = [(f"r{i}", f"r{i + 1}") for i in range(200)]
    random.Random(7).shuffle(chain)
    (only,) = clusters(chain)
    assert sorted(only) == sorted(f"r{i}" for i in range(201))


def test_largest_first_and_members_in_first_seen_order() -> None:
    found = clusters([("x", "y"), ("p", "q"), ("q", "r"), ("r", "s"), ("a", "b"), ("b", "c")])
    assert [len(c) for c in found] == [4, 3, 2]
    assert found[0] == ["p", "q", "r", "s"]
    assert found[1] == ["a", "b", "c"]


def test_no_pairs_no_clusters() -> None:
    assert clusters([]) == []


def test_records_of_different_objects_with_one_id_stay_apart() -> None:
    found = clusters([(("Lead", "1"), ("Account", "1")), (("Lead", "2"), ("Lead", "1"))])
    assert found == [[("Lead", "1"), ("Account", "1"), ("Lead", "2")]]
    assert clusters([(("Lead", "1"), ("Lead", "2")), (("Account", "1"), ("Account", "2"))]) == [
        [("Lead", "1"), ("Lead", "2")],
        [("Account", "1"), ("Account", "2")],
    ]


def test_a_match_result_clusters_its_pairs() -> None:
    result = MatchResult("Lead", "Account", 0.8)
    result.pairs = [
        PairRow("Lead", "L1", "Account", "A1", 0.99, ""),
        PairRow("Lead", "L2", "Account", "A1", 0.95, ""),
        PairRow("Lead", "L3", "Account", "A2", 0.9, ""),
    ]
    assert result.clusters() == [
        [("Lead", "L1"), ("Account", "A1"), ("Lead", "L2")],
        [("Lead", "L3"), ("Account", "A2")],
    ]


_pairs = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60)


@given(_pairs)
def test_clusters_partition_the_records_into_connected_groups(pairs: list[tuple[int, int]]) -> None:
    found = clusters(pairs)
    members = [m for c in found for m in c]
    assert len(members) == len(set(members))
    assert set(members) == {x for pair in pairs for x in pair}
    where = {m: n for n, c in enumerate(found) for m in c}
    assert all(where[a] == where[b] for a, b in pairs)
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    # Connected: within a cluster every member is reachable from the first.
    for cluster in found:
        reached, frontier = {cluster[0]}, [cluster[0]]
        while frontier:
            here = frontier.pop()
            for a, b in pairs:
                for x, y in ((a, b), (b, a)):
                    if x == here and y not in reached:
                        reached.add(y)
                        frontier.append(y)
        assert reached == set(cluster)
