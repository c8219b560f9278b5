"""Counts of people that are safe to show: none smaller than MIN_GROUP, not even by subtraction.

Hiding a small cell is not enough when the page also shows the total: "Responder 18, Engager 14, the rest
fewer than 5" out of 33 members says the rest is exactly 1. So after hiding the small cells (primary
suppression), the smallest shown cells are hidden too (complementary suppression) until what is hidden adds up
to 0 or to at least MIN_GROUP people; or, where cells can be pooled (departments), they are merged into the
"other" cell until it is empty or holds at least MIN_GROUP people. Either way, total minus what is shown never
names fewer than MIN_GROUP people. tests/analytics/test_privacy.py checks it for random counts.
"""

from collections.abc import Hashable, Mapping

from townsquare.analytics.metrics import MIN_GROUP

# What a table says in place of a hidden count: it may be small, or a larger one hidden so a small one stays so.
NOT_SHOWN = "not shown (under 5, or it would give one away)"


def suppress(counts: Mapping[Hashable, int], *, min_group: int = MIN_GROUP) -> dict[Hashable, int | None]:
    """Each count, or None where it must not be shown. Zero is shown (it is nobody). If the total itself is
    under `min_group`, nothing is shown."""
    shown: dict[Hashable, int | None] = dict(counts)
    total = sum(counts.values())
    if 0 < total < min_group:
        return dict.fromkeys(counts)
    for key, n in counts.items():
        if 0 < n < min_group:
            shown[key] = None
    while True:
        hidden_sum = total - sum(n for n in shown.values() if n is not None)
        if hidden_sum == 0 or hidden_sum >= min_group:
            return shown
        # The hidden cells add up to 1–4 people, which total minus shown gives away: hide the next smallest.
        smallest = min((k for k, n in shown.items() if n), key=lambda k: shown[k])
        shown[smallest] = None


def merge_small(sizes: Mapping[Hashable, int], other: Hashable, *, min_group: int = MIN_GROUP) -> dict[Hashable, Hashable]:
    """Key → the label to count it under: itself, or `other` for keys under `min_group`, and then the smallest
    keys too until `other` holds no one or at least `min_group` people. (Keys that are `other` already stay.)
    If everyone together is under `min_group`, everything is `other`, and `other` must then not be shown."""
    label = {k: (other if k == other or n < min_group else k) for k, n in sizes.items()}

    def pooled() -> int:
        return sum(n for k, n in sizes.items() if label[k] == other)

    while 0 < pooled() < min_group:
        rest = [k for k in sizes if label[k] != other]
        if not rest:
            break
        label[min(rest, key=lambda k: (sizes[k], str(k)))] = other
    return label


def pooled_size(sizes: Mapping[Hashable, int], labels: Mapping[Hashable, Hashable], other: Hashable) -> int:
    return sum(n for k, n in sizes.items() if labels[k] == other)
