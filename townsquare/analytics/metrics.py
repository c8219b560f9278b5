"""Graph metrics of the interaction network, recomputed periodically (tasks.analytics_recompute) and stored.

Why igraph: its core is C, so PageRank, Leiden and Louvain on 10,000 people and millions of weighted
edges take seconds. networkx is pure Python and far too slow (and memory-hungry) at this size;
rustworkx is fast but has no community detection.

What is computed, over the interactions of the last NETWORK_DAYS days:
* PageRank on the directed graph, edges weighted by the sum of their interaction weights
  (see models.Interaction.WEIGHTS). A person's influence is shown only as a percentile: the share of
  people whose PageRank is lower than theirs (0–100). Never a ranked list of named people.
* Communities: Leiden (igraph community_leiden, modularity) on the undirected graph, weights summed; it
  finds the same kind of split as Louvain, faster.
* E-I index (Krackhardt): (E − I) / (E + I) over ties — pairs of people who interacted, either way —
  E between people of different departments, I within the same one. −1 = all ties inside departments
  (silos), +1 = all ties across. Per department only for departments of at least MIN_GROUP people.
* Personas of everyone (personas.py), over the last 28 days, for the group and organisation mixes.
"""

import random
import time
from collections import Counter, defaultdict
from datetime import timedelta
from itertools import chain

import igraph
import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from townsquare.analytics import personas, sql
from townsquare.analytics.models import Interaction, PersonMetric, Report
from townsquare.conversations.models import Post
from townsquare.people.models import Person

NETWORK_DAYS = 90
MIN_GROUP = 5          # aggregates about fewer people are merged or hidden (PRODUCT: privacy)
OTHER = "Other (departments under 5 people)"


def _edges(since) -> np.ndarray:
    """The weighted pairs (source, target, summed weight) since `since`, as an n × 3 integer array: one
    grouped query read straight into numpy (millions of rows at the benchmark size)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT source_id, target_id, SUM(weight) FROM {Interaction._meta.db_table} "
            "WHERE created_at >= %s GROUP BY source_id, target_id", [sql.param(since)])
        rows = cursor.fetchall()
    if not rows:
        return np.zeros((0, 3), dtype=np.int64)
    return np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows)).reshape(-1, 3)


def _as_array(edges) -> np.ndarray:
    if isinstance(edges, np.ndarray):
        return edges
    return np.array(list(edges), dtype=np.int64).reshape(-1, 3)


def pagerank_and_communities(people: list[int], edges, *, seed: int = 1):
    """PageRank (dict person → score) and communities (dict person → community number, biggest first)
    and the modularity of that split, for `people` (every node, isolated ones included) and weighted
    edges (source, target, weight) — a list of tuples or an n × 3 array."""
    e = _as_array(edges)
    n = len(people)
    src, tgt, weight = _indexed(people, e)
    g = igraph.Graph(n=n, edges=np.column_stack((src, tgt)), directed=True)
    g.es["weight"] = weight.astype(float)
    ranks = g.pagerank(weights="weight", directed=True) if n else []
    # The undirected graph for communities, summed both ways, is built in numpy (faster than as_undirected).
    a, b = np.minimum(src, tgt), np.maximum(src, tgt)
    keys, inverse = np.unique(a * max(n, 1) + b, return_inverse=True)
    u = igraph.Graph(n=n, edges=np.column_stack((keys // max(n, 1), keys % max(n, 1))), directed=False)
    u.es["weight"] = np.bincount(inverse.ravel(), weights=weight, minlength=len(keys))
    # igraph draws from Python's random module by default: give it a generator of its own, seeded, so the
    # communities are repeatable and the process-wide random state is left alone.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        parts = u.community_leiden(objective_function="modularity", weights="weight", n_iterations=2) if u.ecount() else None
    finally:
        igraph.set_random_number_generator(random)
    membership = parts.membership if parts else list(range(n))
    sizes = Counter(membership)
    order = {c: k for k, (c, _) in enumerate(sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])))}
    return ({pk: ranks[i] for i, pk in enumerate(people)},
            {pk: order[membership[i]] for i, pk in enumerate(people)},
            u.modularity(membership, weights="weight") if parts else 0.0)


def _indexed(people: list[int], e: np.ndarray):
    """Edges with person ids turned into node numbers (0 … len(people) − 1); edges to others dropped."""
    if not len(people):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    top = max(max(people), int(e[:, :2].max()) if len(e) else 0)
    index = np.full(top + 1, -1, dtype=np.int64)
    index[np.asarray(people, dtype=np.int64)] = np.arange(len(people))
    src, tgt = index[e[:, 0]], index[e[:, 1]]
    keep = (src >= 0) & (tgt >= 0)
    return src[keep], tgt[keep], e[keep, 2]


def undirected_ties(src: np.ndarray, tgt: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of nodes that interacted either way, each pair once (a < b)."""
    a, b = np.minimum(src, tgt), np.maximum(src, tgt)
    keys = np.unique(a * max(n, 1) + b)
    return keys // max(n, 1), keys % max(n, 1)


def ei_index_arrays(ta: np.ndarray, tb: np.ndarray, dept: np.ndarray):
    """The E-I index as ei_index computes it, on arrays: `dept` holds a department code per node (−1: none)."""
    da, db = dept[ta], dept[tb]
    valid = (da >= 0) & (db >= 0)
    da, db = da[valid], db[valid]
    inside = da == db
    k = int(dept.max()) + 1 if len(dept) else 0
    internal = np.bincount(da[inside], minlength=k)
    external = np.bincount(da[~inside], minlength=k) + np.bincount(db[~inside], minlength=k)
    e, i = int((~inside).sum()), int(inside.sum())
    per = {}
    for code in range(k):
        ec, ic = int(external[code]), int(internal[code])
        if ec + ic:
            per[code] = {"e": ec, "i": ic, "ei": round((ec - ic) / (ec + ic), 3)}
    return (round((e - i) / (e + i), 3) if e + i else None), per


def percentiles(scores: dict[int, float]) -> dict[int, int]:
    """Share of people (0–100) whose score is strictly lower; ties share a percentile."""
    values = sorted(scores.values())
    n = len(values)
    out, below = {}, {}
    for i, v in enumerate(values):
        below.setdefault(v, i)
    for pk, v in scores.items():
        out[pk] = int(100 * below[v] / n) if n > 1 else 0
    return out


def ei_index(ties, dept_of: dict[int, int | None]) -> tuple[float | None, dict[int, dict]]:
    """E-I index overall and per department from undirected ties (pairs). People without a department
    are left out. Returns (overall, {department id: {"e": …, "i": …, "ei": …}})."""
    e = i = 0
    per: dict[int, dict] = defaultdict(lambda: {"e": 0, "i": 0})
    for a, b in ties:
        da, db = dept_of.get(a), dept_of.get(b)
        if da is None or db is None:
            continue
        if da == db:
            i += 1
            per[da]["i"] += 1
        else:
            e += 1
            per[da]["e"] += 1
            per[db]["e"] += 1
    for d in per.values():
        d["ei"] = round((d["e"] - d["i"]) / (d["e"] + d["i"]), 3) if d["e"] + d["i"] else None
    overall = round((e - i) / (e + i), 3) if e + i else None
    return overall, dict(per)


def activity_by_person(since) -> dict[int, personas.Activity]:
    """Posts, replies and reactions given and received per person since `since`, in three grouped queries."""
    counts: dict[int, dict] = defaultdict(Counter)
    t = Interaction._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT author_id, COUNT(*) FROM {Post._meta.db_table} WHERE created_at >= %s GROUP BY author_id",
                       [sql.param(since)])
        for pk, n in cursor.fetchall():
            counts[pk]["posts"] = n
        for side, index in (("source", "interaction_out"), ("target", "interaction_in")):
            # On SQLite, read the covering index in person order rather than the time index plus a table
            # lookup per edge (10 s → about 2 s at 6.5M edges).
            hint = f" INDEXED BY {index}" if connection.vendor == "sqlite" else ""
            cursor.execute(f"SELECT {side}_id, kind, COUNT(*) FROM {t}{hint} WHERE created_at >= %s AND kind IN (%s, %s) "
                           f"GROUP BY {side}_id, kind", [sql.param(since), Interaction.Kind.REPLY, Interaction.Kind.REACTION])
            suffix = "given" if side == "source" else "received"
            for pk, kind, n in cursor.fetchall():
                counts[pk][("replies_" if kind == Interaction.Kind.REPLY else "reactions_") + suffix] = n
    return {pk: personas.Activity(**c) for pk, c in counts.items()}


def recompute(now=None) -> dict:
    """Recompute and store PageRank, influence percentiles, communities, personas and the network report.
    Returns timings and sizes (for the benchmark and the log)."""
    now = now or timezone.now()
    began = time.perf_counter()
    since = now - timedelta(days=NETWORK_DAYS)
    people_rows = list(Person.objects.filter(is_active=True).order_by("pk").values_list("pk", "department_id"))
    people = [pk for pk, _ in people_rows]
    dept_of = dict(people_rows)
    edges = _edges(since)
    loaded = time.perf_counter()
    ranks, community, modularity = pagerank_and_communities(people, edges)
    pct = percentiles(ranks)
    src, tgt, weight = _indexed(people, edges)
    ta, tb = undirected_ties(src, tgt, len(people))
    codes = {d: k for k, d in enumerate(sorted({d for d in dept_of.values() if d is not None}))}
    dept = np.array([codes.get(dept_of[pk], -1) for pk in people], dtype=np.int64)
    ei, per_code = ei_index_arrays(ta, tb, dept)
    by_code = {k: d for d, k in codes.items()}
    ei_per_dept = {by_code[k]: v for k, v in per_code.items()}
    computed = time.perf_counter()

    activity = activity_by_person(now - timedelta(days=personas.WINDOW_DAYS))
    persona = {pk: personas.persona_of(activity.get(pk, personas.Activity())) for pk in people}

    from townsquare.analytics import reports  # the network report reads department names and sizes

    network = reports.network_report(people=people, src=src, tgt=tgt, weight=weight, ta=ta, tb=tb,
                                     dept_of=dept_of, ei=ei, ei_per_dept=ei_per_dept,
                                     community=community, modularity=modularity)
    with transaction.atomic():
        PersonMetric.objects.all().delete()
        PersonMetric.objects.bulk_create(
            [PersonMetric(person_id=pk, pagerank=ranks[pk], influence_percentile=pct[pk], community=community[pk],
                          persona=persona[pk], computed_at=now) for pk in people], batch_size=2000)
        Report.objects.update_or_create(key="network", defaults={"data": network, "computed_at": now})
    return {"people": len(people), "edges": len(edges), "ties": len(ta), "load_s": round(loaded - began, 2),
            "metrics_s": round(computed - loaded, 2), "total_s": round(time.perf_counter() - began, 2),
            "communities": len(set(community.values())), "ei": ei}
