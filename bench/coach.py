"""Coach benchmark: `townsquare bench coach --people N --json OUT`.

Reuses (or generates) the same organisation as the feed benchmark, then measures:

- `nudge_tick_s`: one scheduler tick (`coach.services.nudges_decide`) deciding and recording the due
  nudges for all N people, at an instant chosen so that every time zone in the organisation is past
  its first anchor: the worst tick of a day. It runs inside a transaction that is rolled back, so the
  benchmark database is left as it was. A second tick at the same instant, which finds everything
  already sent, is reported as `nudge_tick_repeat_s`. Writing each nudge's prompt happens afterwards in
  worker tasks (`nudges_compose`); `nudge_compose_ms_each` is its cost per nudge over a sample.
- `coach_page_p50_ms`: GET /coach/ through Django's test client (whole middleware stack and
  rendering) by 100 people sampled at random.
"""

import json
import platform
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.feed import _clients_for, _pct, ensure_organisation


class _Rollback(Exception):
    pass


def measure_tick(now: datetime, compose_sample: int = 100) -> dict:
    from townsquare.coach import services
    from townsquare.coach.models import Nudge

    out: dict = {}
    try:
        with transaction.atomic():
            start = time.perf_counter()
            first = services.nudges_decide(now=now)
            out["nudge_tick_s"] = round(time.perf_counter() - start, 2)
            out["nudges_created"] = len(first.created)
            start = time.perf_counter()
            second = services.nudges_decide(now=now)
            out["nudge_tick_repeat_s"] = round(time.perf_counter() - start, 2)
            out["nudges_created_on_repeat"] = len(second.created)
            # Composing prompts is per nudge, in worker tasks; time a sample to give its rate.
            sample = list(Nudge.objects.filter(pk__in=first.created[:compose_sample]).select_related("person"))
            start = time.perf_counter()
            services.nudges_compose(sample)
            elapsed = time.perf_counter() - start
            out["nudge_compose_ms_each"] = round(elapsed * 1000 / max(1, len(sample)), 2)
            out["nudge_compose_sample"] = len(sample)
            raise _Rollback
    except _Rollback:
        pass
    return out


def run(*, people: int, seed: int, out: Path | None, requests: int, log=print) -> dict:
    from townsquare.people.models import Person

    generation = ensure_organisation(people, seed, people * 100, people * 100, people * 500, log)
    result: dict = {
        "people": Person.objects.count(),
        "database": connection.vendor,
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "requests_per_measure": requests,
        **generation,
    }

    # 23:00 UTC is past 08:30 from UTC-8 (15:00) round to UTC+10 (09:00 next day) for the
    # describe habit and past later anchors for many people: a heavy tick.
    today = timezone.now().date()
    now = datetime(today.year, today.month, today.day, 23, 0, tzinfo=UTC)
    result["tick_at"] = now.isoformat()
    result.update(measure_tick(now))
    log(f"nudge tick      {result['nudge_tick_s']} s for {result['people']} people "
        f"({result['nudges_created']} nudges); repeat {result['nudge_tick_repeat_s']} s "
        f"({result['nudges_created_on_repeat']} new); compose {result['nudge_compose_ms_each']} ms per nudge")

    rng = random.Random(seed)
    active = list(Person.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    sample = list(Person.objects.filter(pk__in=rng.sample(active, min(len(active), 100))).order_by("pk"))
    clients = _clients_for(sample)
    # The first visit of a person's local day builds their day snapshot (coach.models.DaySnapshot) in the
    # request; every later visit that day reads it. The worker (tasks.coach_snapshots) rebuilds the
    # snapshots of coach users after their local midnight, so the first visit is the rare case.
    from townsquare.coach.models import DaySnapshot

    DaySnapshot.objects.filter(person__in=sample).delete()
    first = []
    for person in sample:
        start = time.perf_counter()
        response = clients[person.pk].get("/coach/")
        first.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    result.update({"coach_page_first_visit_p50_ms": _pct(first, 50),
                   "coach_page_first_visit_p95_ms": _pct(first, 95)})
    log(f"coach page, first visit of the day (builds the snapshot)  p50 {result['coach_page_first_visit_p50_ms']} ms"
        f"  p95 {result['coach_page_first_visit_p95_ms']} ms")
    times, queries = [], []
    for i in range(requests):
        person = sample[i % len(sample)]
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = clients[person.pk].get("/coach/")
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(ctx.captured_queries))
    result.update({
        "coach_page_p50_ms": _pct(times, 50), "coach_page_p95_ms": _pct(times, 95),
        "coach_page_p99_ms": _pct(times, 99), "coach_page_queries": max(queries),
    })
    log(f"coach page (snapshot made)  p50 {result['coach_page_p50_ms']} ms  p95 {result['coach_page_p95_ms']} ms  "
        f"queries {result['coach_page_queries']}")
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, sort_keys=True))
        log(f"wrote {out}")
    return result
