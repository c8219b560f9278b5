"""Graph metrics on small graphs with known answers."""

import pytest

from townsquare.analytics import metrics


def test_pagerank_of_a_cycle_is_uniform():
    ranks, _, _ = metrics.pagerank_and_communities([1, 2, 3], [(1, 2, 1), (2, 3, 1), (3, 1, 1)])
    assert all(r == pytest.approx(1 / 3) for r in ranks.values())


def test_pagerank_centre_of_a_star_ranks_highest_and_isolated_people_count():
    edges = [(leaf, 1, 1) for leaf in (2, 3, 4, 5)]
    ranks, _, _ = metrics.pagerank_and_communities([1, 2, 3, 4, 5, 6], edges)
    assert max(ranks, key=ranks.get) == 1
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert ranks[6] == pytest.approx(ranks[2])   # an isolated person is like a leaf nobody points at


def test_weights_matter():
    ranks, _, _ = metrics.pagerank_and_communities([1, 2, 3], [(1, 2, 1), (1, 3, 10)])
    assert ranks[3] > ranks[2]


def test_two_cliques_joined_by_one_edge_are_two_communities():
    a, b = [1, 2, 3, 4], [5, 6, 7, 8]
    edges = [(x, y, 1) for group in (a, b) for x in group for y in group if x != y] + [(4, 5, 1)]
    _, community, modularity = metrics.pagerank_and_communities(a + b, edges)
    assert len({community[x] for x in a}) == 1 and len({community[x] for x in b}) == 1
    assert community[1] != community[5]
    assert modularity > 0.3


def test_percentiles_share_of_people_below():
    pct = metrics.percentiles({1: 0.1, 2: 0.2, 3: 0.2, 4: 0.5})
    assert pct == {1: 0, 2: 25, 3: 25, 4: 75}
    assert metrics.percentiles({1: 0.3}) == {1: 0}


def test_ei_index_known_values():
    dept = {1: "a", 2: "a", 3: "b", 4: "b", 5: None}
    assert metrics.ei_index({(1, 2), (3, 4)}, dept)[0] == -1.0          # silos
    assert metrics.ei_index({(1, 3), (2, 4)}, dept)[0] == 1.0           # all across
    overall, per = metrics.ei_index({(1, 2), (1, 3), (2, 4), (1, 5)}, dept)   # 2 external, 1 internal; 5 has none
    assert overall == pytest.approx(round(1 / 3, 3))
    assert per["a"] == {"e": 2, "i": 1, "ei": pytest.approx(round(1 / 3, 3))}
    assert per["b"] == {"e": 2, "i": 0, "ei": 1.0}


def test_recompute_stores_percentiles_and_personas(world):
    from townsquare.analytics import graph
    from townsquare.analytics.models import PersonMetric, Report
    from townsquare.conversations import services

    post = services.post_create(author=world.alice, body="Hello")
    for who in (world.gina, world.erin, world.otto):
        services.reaction_set(person=who, post=post, kind="like")
    graph.rebuild()
    result = metrics.recompute()
    assert result["edges"] == 3
    stored = {m.person_id: m for m in PersonMetric.objects.all()}
    assert stored[world.alice.pk].influence_percentile == max(m.influence_percentile for m in stored.values())
    assert stored[world.alice.pk].persona == "catalyst"
    assert stored[world.gina.pk].persona == "responder"
    assert stored[world.olga.pk].persona == "observer"
    assert world.dave.pk not in stored        # deactivated people are not in the network
    assert Report.objects.filter(key="network").exists()


def test_ei_index_on_arrays_matches_the_reference():
    import numpy as np

    people = [10, 20, 30, 40, 50]
    dept_of = {10: "a", 20: "a", 30: "b", 40: "b", 50: None}
    edges = [(10, 20, 1), (20, 10, 3), (10, 30, 1), (20, 40, 2), (10, 50, 1), (40, 30, 1)]
    src, tgt, _ = metrics._indexed(people, metrics._as_array(edges))
    ta, tb = metrics.undirected_ties(src, tgt, len(people))
    assert len(ta) == 5                      # 10–20 counted once
    codes = {"a": 0, "b": 1}
    dept = np.array([codes.get(dept_of[p], -1) for p in people])
    overall, per = metrics.ei_index_arrays(ta, tb, dept)
    ties = {(min(s, t), max(s, t)) for s, t, _ in edges}
    ref_overall, ref_per = metrics.ei_index(ties, dept_of)
    assert overall == ref_overall
    assert per == {codes[d]: v for d, v in ref_per.items()}
