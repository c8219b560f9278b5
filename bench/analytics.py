"""Analytics benchmark: `townsquare bench analytics --people N --json OUT [--data-dir DIR]`.

Reuses (or generates) the feed benchmark's organisation, builds the interaction graph if it is empty
(set-based INSERT … SELECT; `analytics_rebuild_s`), then measures:

- `analytics_recompute_s`: the periodic recompute of the graph metrics — PageRank, communities
  (Leiden), E-I index and everyone's persona — loading the weighted edges and storing the results.
- `analytics_reports_s`, `analytics_themes_s`: the organisation, index and iceberg reports; the themes.
- `analytics_staleness_s`: a new reaction, through the conversation service, until it shows on the post
  author's personal dashboard, with a Huey worker running in this process (as `townsquare demo` does).
  The median of a few trials, and the worst one. The reactions are taken back afterwards.
- `dashboard_personal_p50_ms`: GET /analytics/ through Django's test client (middleware, queries,
  template) for people sampled among those who posted; `dashboard_org_p50_ms`: GET /analytics/org/ as an
  org admin. p95 and query counts too.
"""

import json
import platform
import random
import statistics
import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.feed import _clients_for, _pct, ensure_organisation

STALENESS_TRIALS = 5
STALENESS_LIMIT_S = 120


def _timed_gets(clients, urls, requests):
    samples, queries = [], []
    for i in range(requests):
        client, url = clients[i % len(clients)], urls[i % len(urls)]
        with CaptureQueriesContext(connection) as q:
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(q))
    return samples, queries


def measure_staleness(log) -> dict:
    from huey.contrib.djhuey import HUEY

    from townsquare.analytics import selectors
    from townsquare.conversations import services
    from townsquare.conversations.models import Post, Reaction
    from townsquare.people.models import Person

    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False, check_worker_health=False)
    consumer.scheduler.start()
    for _, thread in consumer.worker_threads:
        thread.start()
    rng = random.Random(7)
    people = list(Person.objects.filter(is_active=True).values_list("pk", flat=True)[:2000])
    posts = list(Post.objects.order_by("-id").values_list("pk", "author_id")[:500])
    trials, made = [], []
    try:
        for _ in range(STALENESS_TRIALS):
            post_id, author_id = rng.choice(posts)
            reactor_id = rng.choice([p for p in people if p != author_id])
            kind = "thanks"
            if Reaction.objects.filter(post_id=post_id, person_id=reactor_id, kind=kind).exists():
                continue
            author, reactor = Person.objects.get(pk=author_id), Person.objects.get(pk=reactor_id)
            before = selectors.personal(author)["activity"].reactions_received
            start = time.perf_counter()
            services.reaction_toggle(person=reactor, post=Post.objects.get(pk=post_id), kind=kind)
            made.append((reactor, post_id, kind))
            while time.perf_counter() - start < STALENESS_LIMIT_S:
                if selectors.personal(author)["activity"].reactions_received > before:
                    break
                time.sleep(0.05)
            trials.append(time.perf_counter() - start)
            log(f"  staleness trial: {trials[-1]:.2f} s")
    finally:
        for reactor, post_id, kind in made:  # take the reactions back (their edges go too)
            services.reaction_toggle(person=reactor, post=Post.objects.get(pk=post_id), kind=kind)
        deadline = time.perf_counter() + 30
        while HUEY.pending_count() and time.perf_counter() < deadline:
            time.sleep(0.1)
        consumer.stop(graceful=True)
    return {"analytics_staleness_s": round(statistics.median(trials), 2) if trials else None,
            "analytics_staleness_max_s": round(max(trials), 2) if trials else None,
            "analytics_staleness_trials": len(trials)}


def run(*, people: int, seed: int, out: Path | None, requests: int, log=print) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from townsquare.analytics import graph, metrics, reports, themes
    from townsquare.analytics.models import Interaction
    from townsquare.conversations.models import Post, Reaction, Reply

    Person = get_user_model()
    generation = ensure_organisation(people, seed, people * 100, people * 100, people * 500, log)
    result: dict = {
        "people": Person.objects.count(), "database": connection.vendor,
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "requests_per_measure": requests, "posts": Post.objects.count(), "replies": Reply.objects.count(),
        "reactions": Reaction.objects.count(), **generation,
    }

    if not Interaction.objects.exists():
        log("building the interaction graph …")
        start = time.perf_counter()
        result["interactions"] = graph.rebuild()
        result["analytics_rebuild_s"] = round(time.perf_counter() - start, 1)
        log(f"graph rebuild    {result['analytics_rebuild_s']} s for {result['interactions']} interactions")
    else:
        result["interactions"] = Interaction.objects.count()

    m = metrics.recompute()
    result["analytics_recompute_s"] = m["total_s"]
    result.update({"recompute_load_s": m["load_s"], "recompute_metrics_s": m["metrics_s"], "network_people": m["people"],
                   "network_pairs": m["edges"], "network_ties": m["ties"], "communities": m["communities"], "ei": m["ei"]})
    log(f"graph metrics    {m['total_s']} s (load {m['load_s']} s, PageRank+Leiden+E-I {m['metrics_s']} s) "
        f"for {m['people']} people, {m['edges']} weighted pairs")

    start = time.perf_counter()
    reports.refresh_all(themes=False, graph_metrics=False)
    result["analytics_reports_s"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    reports.store("themes", themes.themes_report())
    result["analytics_themes_s"] = round(time.perf_counter() - start, 1)
    log(f"reports          {result['analytics_reports_s']} s (organisation, index, iceberg); themes {result['analytics_themes_s']} s")

    result.update(measure_staleness(log))
    log(f"staleness        {result['analytics_staleness_s']} s median, {result['analytics_staleness_max_s']} s worst")

    rng = random.Random(seed)
    posters = list(Post.objects.filter(pk__gte=max(1, result["posts"] - 20000)).values_list("author_id", flat=True)
                   .distinct()[:2000])
    sample = Person.objects.filter(pk__in=rng.sample(posters, min(len(posters), max(1, min(requests, 100)))))
    clients = list(_clients_for(sample).values())
    _timed_gets(clients[:3], ["/analytics/"], 3)  # warm up
    samples, queries = _timed_gets(clients, ["/analytics/"], requests)
    result.update({"dashboard_personal_p50_ms": _pct(samples, 50), "dashboard_personal_p95_ms": _pct(samples, 95),
                   "dashboard_personal_queries": max(queries)})
    log(f"personal page    p50 {result['dashboard_personal_p50_ms']} ms, p95 {result['dashboard_personal_p95_ms']} ms, "
        f"{max(queries)} queries")

    admin = Person.objects.filter(is_staff=True, is_active=True).first()
    admin_client = Client()
    admin_client.force_login(admin)
    _timed_gets([admin_client], ["/analytics/org/"], 2)
    samples, queries = _timed_gets([admin_client], ["/analytics/org/"], requests)
    result.update({"dashboard_org_p50_ms": _pct(samples, 50), "dashboard_org_p95_ms": _pct(samples, 95),
                   "dashboard_org_queries": max(queries)})
    log(f"org page         p50 {result['dashboard_org_p50_ms']} ms, p95 {result['dashboard_org_p95_ms']} ms, "
        f"{max(queries)} queries")

    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=str) + "\n")
        log(f"wrote {out}")
    return result
