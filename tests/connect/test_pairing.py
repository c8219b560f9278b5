"""Property-based tests of the coffee pairing (townsquare/connect/pairing.py), with hypothesis.

Safety holds for every input: nobody meets a recent partner again, nobody is in two groups, groups are
pairs with at most one trio. Completeness (everyone paired, exactly one trio when odd) holds whenever the
module docstring promises it: n > 8w + 2 for a window of w rounds."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from townsquare.connect.pairing import Candidate, cross_department_share, pair, pair_key, pairs_of


def run_rounds(candidates, *, rounds: int, window: int, seed: int):
    """Run `rounds` rounds, each forbidden from repeating a pair of the `window` rounds before it."""
    history: list[set] = []
    results = []
    for r in range(rounds):
        recent = set().union(*history[-window:]) if window and history else set()
        result = pair(candidates, recent=recent, seed=f"{seed}:{r}")
        results.append((result, recent))
        history.append({p for g in result.groups for p in pairs_of(g)})
    return results


def check_safety(candidates, result, recent):
    ids = [c.id for c in candidates]
    placed = [pid for g in result.groups for pid in g]
    assert len(placed) == len(set(placed)), "someone is in two groups"
    assert sorted(placed + result.left_out) == sorted(ids), "someone was lost or invented"
    assert all(len(g) in (2, 3) for g in result.groups)
    assert sum(1 for g in result.groups if len(g) == 3) <= 1
    repeated = {p for g in result.groups for p in pairs_of(g)} & recent
    assert not repeated, f"repeated pairs {repeated}"


@st.composite
def population(draw, min_size=2, max_size=60):
    n = draw(st.integers(min_size, max_size))
    departments = draw(st.integers(1, 6))
    return [Candidate(1000 + i, draw(st.integers(0, departments - 1))) for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(people=population(), window=st.integers(0, 6), seed=st.integers(0, 10_000))
def test_never_repeats_a_recent_pair_and_groups_are_well_formed(people, window, seed):
    for result, recent in run_rounds(people, rounds=window + 2, window=window, seed=seed):
        check_safety(people, result, recent)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), window=st.integers(1, 3), seed=st.integers(0, 10_000))
def test_everyone_is_paired_and_odd_counts_make_exactly_one_trio(data, window, seed):
    n = data.draw(st.integers(8 * window + 3, 70), label="people")
    departments = data.draw(st.integers(1, 5), label="departments")
    people = [Candidate(i, data.draw(st.integers(0, departments - 1))) for i in range(n)]
    for result, recent in run_rounds(people, rounds=window + 3, window=window, seed=seed):
        check_safety(people, result, recent)
        assert result.left_out == [], "someone sat out although a full pairing exists"
        trios = sum(1 for g in result.groups if len(g) == 3)
        assert trios == (1 if n % 2 else 0)
        assert len(result.groups) == n // 2


@given(people=population(min_size=2, max_size=40), seed=st.integers(0, 1000))
def test_deterministic_for_a_seed_whatever_the_input_order(people, seed):
    first = pair(people, seed=seed)
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    assert pair(shuffled, seed=seed) == first


def random_pairing(ids, rng):
    """The baseline: shuffle and pair neighbours, the last three together when the count is odd."""
    ids = list(ids)
    rng.shuffle(ids)
    groups = [tuple(ids[i:i + 2]) for i in range(0, len(ids) - len(ids) % 2, 2)]
    if len(ids) % 2 and groups:
        groups[-1] = groups[-1] + (ids[-1],)
    return groups


def test_more_cross_department_pairs_than_random_pairing():
    """Averaged over 60 seeded organisations (3–6 departments of uneven sizes), our pairing puts clearly
    more pairs across departments than random pairing does."""
    ours, baseline = [], []
    for sample in range(60):
        rng = random.Random(f"org:{sample}")
        n = rng.randint(20, 90)
        weights = [rng.random() + 0.2 for _ in range(rng.randint(3, 6))]
        people = [Candidate(i, rng.choices(range(len(weights)), weights)[0]) for i in range(n)]
        departments = {c.id: c.department for c in people}
        ours.append(cross_department_share(pair(people, seed=sample).groups, departments))
        baseline.append(cross_department_share(random_pairing(departments, rng), departments))
    mean_ours, mean_random = sum(ours) / len(ours), sum(baseline) / len(baseline)
    assert mean_ours >= 0.95
    assert mean_ours - mean_random >= 0.15, (mean_ours, mean_random)


def test_prefers_people_not_yet_connected():
    """Half of all possible pairs are 'connected'; random pairing picks about half of those, ours almost none."""
    rng = random.Random(7)
    people = [Candidate(i, None) for i in range(60)]
    connected = {pair_key(a, b) for a in range(60) for b in range(a + 1, 60) if rng.random() < 0.5}
    ours = pair(people, connected=connected, seed=1).groups
    share = sum(1 for g in ours for p in pairs_of(g) if p in connected) / sum(len(pairs_of(g)) for g in ours)
    assert share <= 0.1


def test_trio_for_three_and_sitting_out_when_everyone_met():
    people = [Candidate(1, "a"), Candidate(2, "b"), Candidate(3, "c")]
    first = pair(people, seed=0)
    assert first.groups == [(1, 2, 3)] and first.left_out == []
    recent = set(pairs_of((1, 2, 3)))
    again = pair(people, recent=recent, seed=0)
    assert again.groups == [] and again.left_out == [1, 2, 3]
