"""Feed benchmark: `townsquare bench feed --people N --json OUT`.

Generates (or reuses) an organisation of N people with the demo generator, then measures over
`requests` requests each, through Django's test client (full middleware, rendered HTML):

- home feed page (20 posts), group feed page, post create (POST /posts/), search (GET /search/);
- the floor: the same page with the least work (one SQL query, cards joined from stored HTML);
- the peer: the same home feed built with django-activity-stream from the same follows and actions,
  rendered with the same post card template.

Timings are wall-clock per request (time.perf_counter) and reported as p50/p95/p99 in ms.
"""

import json
import platform
import random
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

SEARCH_WORDS = ["onboarding", "customer", "forecast", "release", "thanks", "roadmap", "team", "data",
                "hiring", "security", "budget", "design", "launch", "question", "idea", "workshop"]


def _pct(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return round(ordered[k], 2)


def _summary(name: str, samples_ms: list[float], queries: list[int]) -> dict:
    return {
        f"{name}_p50_ms": _pct(samples_ms, 50),
        f"{name}_p95_ms": _pct(samples_ms, 95),
        f"{name}_p99_ms": _pct(samples_ms, 99),
        f"{name}_queries": max(queries) if queries else None,
        f"{name}_queries_min": min(queries) if queries else None,
        f"{name}_n": len(samples_ms),
    }


def _timed(fn):
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, len(ctx.captured_queries), result


def ensure_organisation(people: int, seed: int, posts: int | None, replies: int | None, reactions: int | None,
                        log) -> dict:
    from django.core.management import call_command

    from townsquare.conversations.models import Post
    from townsquare.demo.generator import generate
    from townsquare.people.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    have = Person.objects.count()
    if have == people and Post.objects.exists():
        log(f"reusing the generated organisation in the database ({have} people)")
        return {}
    if have:
        log(f"database holds {have} people, not {people}: regenerating")
        call_command("flush", interactive=False, verbosity=0)
    log(f"generating {people} people …")
    start = time.perf_counter()
    counts = generate(people=people, seed=seed, posts=posts, replies=replies, reactions=reactions, progress=True)
    counts["generate_s"] = round(time.perf_counter() - start, 1)
    return counts


def _clients_for(people) -> dict[int, Client]:
    clients = {}
    for person in people:
        c = Client()
        c.force_login(person)
        clients[person.pk] = c
    return clients


def measure_floor(sample, requests: int) -> list[float]:
    """The least work that serves the same page: one SQL query for the page's posts with their
    authors and groups, and the cards glued together from the stored HTML with str.join: no ORM
    objects, no template engine, no middleware. Our full page is measured against this."""
    from html import escape

    from townsquare.conversations.selectors import PAGE_SIZE, feed_home

    samples = []
    for i in range(requests):
        person = sample[i % len(sample)]
        ids = feed_home(person).order_by("-created_at", "-id").values("id")[:PAGE_SIZE]
        inner, params = ids.query.sql_with_params()
        sql = (
            "SELECT p.id, p.kind, p.created_at, p.body_html, a.name, a.title, g.name "
            "FROM conversations_post p JOIN people_person a ON a.id = p.author_id "
            "LEFT JOIN conversations_group g ON g.id = p.group_id "
            f"WHERE p.id IN ({inner}) ORDER BY p.created_at DESC, p.id DESC"
        )
        with connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(sql, params)
            html = "".join(
                f'<article id="post-{pid}"><b>{escape(name)}</b> {escape(title or "")} {kind} '
                f"{escape(group or 'all company')} {created}<div>{body}</div></article>"
                for pid, kind, created, body, name, title, group in cursor.fetchall()
            )
            samples.append((time.perf_counter() - start) * 1000)
            assert html
    return samples


def run(*, people: int, seed: int, out: Path | None, requests: int, posts: int | None, replies: int | None,
        reactions: int | None, actstream: bool, log=print) -> dict:
    from townsquare.conversations.models import Follow, Group, Membership, Post, Reaction, Reply
    from townsquare.people.models import Person

    generation = ensure_organisation(people, seed, posts, replies, reactions, log)
    rng = random.Random(seed)
    result: dict = {
        "people": Person.objects.count(),
        "posts": Post.objects.count(),
        "replies": Reply.objects.count(),
        "reactions": Reaction.objects.count(),
        "groups": Group.objects.count(),
        "follows": Follow.objects.count(),
        "requests_per_measure": requests,
        "database": connection.vendor,
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}",
        **generation,
    }
    log(f"organisation: {result['people']} people, {result['posts']} posts, {result['replies']} replies, "
        f"{result['reactions']} reactions, {result['groups']} groups")

    active = list(Person.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    sample_ids = rng.sample(active, min(len(active), 100))
    sample = list(Person.objects.filter(pk__in=sample_ids).order_by("pk"))
    clients = _clients_for(sample)

    # Warm caches (SQLite page cache, Django template loader) so the first requests don't skew p99.
    for person in sample[:10]:
        clients[person.pk].get("/")

    # home feed
    times, queries = [], []
    for i in range(requests):
        person = sample[i % len(sample)]
        ms, nq, response = _timed(lambda: clients[person.pk].get("/"))  # noqa: B023
        assert response.status_code == 200, response.status_code
        times.append(ms)
        queries.append(nq)
    result.update(_summary("feed_home", times, queries))
    log(f"home feed       p50 {result['feed_home_p50_ms']} ms  p99 {result['feed_home_p99_ms']} ms  "
        f"queries {result['feed_home_queries']}")

    # floor
    floor = measure_floor(sample, requests)
    result.update({"floor_home_p50_ms": _pct(floor, 50), "floor_home_p99_ms": _pct(floor, 99)})
    log(f"floor (1 query) p50 {result['floor_home_p50_ms']} ms")

    # group feed: each sampled person opens one of their groups
    memberships = dict(Membership.objects.filter(person_id__in=sample_ids, state="active")
                       .values_list("person_id", "group__slug"))
    group_people = [p for p in sample if p.pk in memberships]
    times, queries = [], []
    for i in range(requests if group_people else 0):
        person = group_people[i % len(group_people)]
        ms, nq, response = _timed(lambda: clients[person.pk].get(f"/groups/{memberships[person.pk]}/"))  # noqa: B023
        assert response.status_code == 200, response.status_code
        times.append(ms)
        queries.append(nq)
    result.update(_summary("feed_group", times, queries))
    log(f"group feed      p50 {result['feed_group_p50_ms']} ms  queries {result['feed_group_queries']}")

    # search
    times, queries = [], []
    for i in range(requests):
        person = sample[i % len(sample)]
        word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
        ms, nq, response = _timed(lambda: clients[person.pk].get("/search/", {"q": word}))  # noqa: B023
        assert response.status_code == 200, response.status_code
        times.append(ms)
        queries.append(nq)
    result.update(_summary("search", times, queries))
    log(f"search          p50 {result['search_p50_ms']} ms  p95 {result['search_p95_ms']} ms")

    # post create (last: it adds rows); inside a savepoint per request that we roll back would hide
    # the commit cost, so these posts are kept and removed at the end.
    times, queries, created = [], [], []
    for i in range(requests):
        person = sample[i % len(sample)]
        body = f"Benchmark update {i}: today I am working on the #release checklist with the team."
        ms, nq, response = _timed(lambda: clients[person.pk].post("/posts/", {"body": body, "kind": "update"}))  # noqa: B023
        assert response.status_code == 302, response.status_code
        created.append(int(response["Location"].strip("/").split("/")[-1]))
        times.append(ms)
        queries.append(nq)
    result.update(_summary("post_create", times, queries))
    log(f"post create     p50 {result['post_create_p50_ms']} ms")
    with transaction.atomic():
        Post.objects.filter(pk__in=created).delete()

    result["actstream_home_p50_ms"] = None
    result["actstream_home_p99_ms"] = None
    result["actstream_note"] = "not run (--no-actstream)"
    if actstream:
        from bench import actstream_peer

        try:
            peer = actstream_peer.measure(sample, clients, requests, log=log)
            result.update(peer)
        except Exception as exc:  # the peer failing must not hide our own figures
            result["actstream_note"] = f"django-activity-stream failed: {exc!r}"
            log(result["actstream_note"])

    if result.get("actstream_home_p50_ms"):
        result["speedup_vs_actstream"] = round(result["actstream_home_p50_ms"] / result["feed_home_p50_ms"], 1)
    result["home_vs_floor"] = round(result["feed_home_p50_ms"] / max(result["floor_home_p50_ms"], 1e-6), 1)
    result["settings_database"] = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, sort_keys=True))
        log(f"wrote {out}")
    return result


def render_posts(posts, request_user) -> str:
    """The same post card template as our feed, used for the peer's page."""
    return render_to_string("conversations/_feed_page.html", {"page": type("P", (), {"posts": posts, "next_cursor": None}),
                                                              "user": request_user})
