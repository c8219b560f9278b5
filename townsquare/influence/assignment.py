"""Splitting an experiment's audience into comparable parts (issue 16 #3). A pure function, no database.

Stratified by department: within each department (people with none form one stratum of their own) the people are
put in a fixed order (by id), shuffled by a random.Random seeded with the experiment's own seed, and dealt out
to the variants in turn. Each stratum starts dealing at the variant with the fewest people so far (ties: the
earlier variant), so within every department the parts differ by at most one person and overall by at most one
too. Everyone is in exactly one part. The same seed and the same people always give the same split, so an
experiment's assignment can be re-derived and checked from its stored seed.
"""

import random
from collections import defaultdict
from collections.abc import Hashable, Iterable


def split(people: Iterable[tuple[int, Hashable]], *, parts: int, seed: int) -> list[list[int]]:
    """`people` as (person id, stratum) pairs → `parts` disjoint lists of person ids."""
    if parts < 2:
        raise ValueError("Split into at least 2 parts.")
    rng = random.Random(seed)
    strata: dict[Hashable, list[int]] = defaultdict(list)
    for pk, stratum in dict(people).items():  # one stratum per person, even if listed twice
        strata[stratum].append(pk)
    out: list[list[int]] = [[] for _ in range(parts)]
    # Strata in a fixed order (by their smallest id) so the split depends only on the seed and the people.
    for members in sorted(strata.values(), key=min):
        members.sort()
        rng.shuffle(members)
        order = sorted(range(parts), key=lambda i: (len(out[i]), i))
        for n, pk in enumerate(members):
            out[order[n % parts]].append(pk)
    return out
