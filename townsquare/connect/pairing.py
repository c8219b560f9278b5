"""Coffee roulette pairing: a pure function, no database.

The rules, in order of strength:

1. **Never repeat a recent pair.** Two people who met in one of the last N rounds (setting
   `COFFEE_NO_REPEAT_ROUNDS`, default 6; a trio counts as its three pairs) are never put together.
   This is a hard rule: when it cannot be kept, a person sits a round out rather than meet the same
   colleague again.
2. **Everyone is paired**; with an odd number, exactly one group is a trio.
3. **Prefer strangers in other departments.** Each possible pair has a cost:
   `2 × connected + 1 × same department` (0 is best). "Connected" means one follows the other, or
   one replied or reacted to the other's post in the last 90 days (see selectors.connected_pairs).

How: people are shuffled with the seed; each person still free takes the cheapest free partner
among a sample of candidates (a cost-0 partner ends the search at once). Whoever is left over is
repaired by a swap: leftovers u and v, and a pair (a, b) with u–a and v–b allowed, become (u, a)
and (v, b). A last odd person joins the pair that suits them best, making the one trio.

With n people and a window of w rounds, each person has at most 2w forbidden partners, so a swap
always exists when n > 8w + 2 and a trio when n > 4w + 1; below that, someone may sit a round out.
The same input and seed always give the same groups.
"""

import random
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

CONNECTED_COST = 2
SAME_DEPARTMENT_COST = 1
SAMPLE = 64  # candidates looked at per person before taking the best seen (a cost-0 one stops it sooner)


@dataclass(frozen=True)
class Candidate:
    id: int
    department: Hashable | None = None


def pair_key(a: int, b: int) -> frozenset[int]:
    return frozenset((a, b))


def pairs_of(group: Iterable[int]) -> list[frozenset[int]]:
    """Every pair inside a group (one for a pair, three for a trio)."""
    members = list(group)
    return [pair_key(members[i], members[j]) for i in range(len(members)) for j in range(i + 1, len(members))]


@dataclass(frozen=True)
class Pairing:
    groups: list[tuple[int, ...]]
    left_out: list[int]  # people who could not be placed without repeating a recent pair


def pair(candidates: Iterable[Candidate], *, recent: set[frozenset[int]] = frozenset(),
         connected: set[frozenset[int]] = frozenset(), seed: Hashable = 0) -> Pairing:
    """Groups of two (and one of three when the count is odd) for one round. See the module docstring."""
    people = sorted({c.id: c for c in candidates}.values(), key=lambda c: c.id)
    dept = {c.id: c.department for c in people}
    rng = random.Random(str(seed))
    order = [c.id for c in people]
    rng.shuffle(order)

    def allowed(a: int, b: int) -> bool:
        return a != b and pair_key(a, b) not in recent

    def cost(a: int, b: int) -> int:
        same = dept[a] is not None and dept[a] == dept[b]
        return CONNECTED_COST * (pair_key(a, b) in connected) + SAME_DEPARTMENT_COST * same

    # Greedy: each free person takes the cheapest free partner among a sample.
    free = list(order)
    position = {pid: i for i, pid in enumerate(free)}
    partner: dict[int, int] = {}

    def take(pid: int) -> None:
        i = position.pop(pid)
        last = free.pop()
        if last != pid:
            free[i] = last
            position[last] = i

    pairs: list[list[int]] = []
    leftovers: list[int] = []
    for u in order:
        if u in partner or u not in position:
            continue
        take(u)
        if not free:
            leftovers.append(u)
            break
        best, best_cost = None, None
        start = rng.randrange(len(free))
        looked = 0
        for k in range(len(free)):
            v = free[(start + k) % len(free)]
            if not allowed(u, v):
                continue
            c = cost(u, v)
            if best_cost is None or c < best_cost:
                best, best_cost = v, c
                if c == 0:
                    break
            looked += 1
            if looked >= SAMPLE:
                break
        if best is None:
            leftovers.append(u)
            continue
        take(best)
        partner[u], partner[best] = best, u
        pairs.append([u, best])
    leftovers.extend(free)  # only ever the last one, when the count is odd

    # Repair: two leftovers either meet, or swap into a pair so that both are placed.
    def swap_in(u: int, v: int) -> bool:
        if allowed(u, v):
            pairs.append([u, v])
            return True
        best_i, best_swap, best_cost = None, None, None
        for i, (a, b) in enumerate(pairs):
            for x, y in ((a, b), (b, a)):
                if allowed(u, x) and allowed(v, y):
                    c = cost(u, x) + cost(v, y)
                    if best_cost is None or c < best_cost:
                        best_i, best_swap, best_cost = i, (x, y), c
            if best_cost == 0:
                break
        if best_i is None:
            return False
        x, y = best_swap
        pairs[best_i] = [u, x]
        pairs.append([v, y])
        return True

    unplaced: list[int] = []
    pending = list(leftovers)
    while len(pending) >= 2:
        u = pending.pop(0)
        for j, v in enumerate(pending):
            if swap_in(u, v):
                pending.pop(j)
                break
        else:
            unplaced.append(u)
    pending = unplaced + pending

    # An odd one out joins the pair that suits them best: the one trio.
    if len(pending) == 1 and pairs:
        w = pending[0]
        best_i, best_cost = None, None
        for i, (a, b) in enumerate(pairs):
            if allowed(w, a) and allowed(w, b):
                c = cost(w, a) + cost(w, b)
                if best_cost is None or c < best_cost:
                    best_i, best_cost = i, c
                    if c == 0:
                        break
        if best_i is not None:
            pairs[best_i].append(w)
            pending = []

    groups = [tuple(sorted(g)) for g in pairs]
    groups.sort()
    return Pairing(groups=groups, left_out=sorted(pending))


def cross_department_share(groups: Iterable[tuple[int, ...]], departments: dict[int, Hashable | None]) -> float:
    """Of all pairs inside the groups, the share whose two people are in different departments."""
    all_pairs = [p for g in groups for p in pairs_of(g)]
    if not all_pairs:
        return 0.0
    cross = sum(1 for p in all_pairs if len({departments[x] for x in p}) == 2)
    return cross / len(all_pairs)
