"""The periodic work: the hourly coffee task and the circles task run the services, and two workers
running this week's round at the same moment make one round."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection

from townsquare.circles import tasks as circle_tasks
from townsquare.connect import services, tasks
from townsquare.connect.models import CoffeeMatchMember, CoffeeRound
from townsquare.people.models import Person


def people(n):
    return [Person.objects.create_user(f"t{i}@example.test", "x", name=f"T {i}", handle=f"t{i}") for i in range(n)]


@pytest.mark.django_db
def test_the_hourly_tasks_run_the_round_once_a_week():
    for p in people(5):
        services.coffee_settings_save(person=p, active=True, cadence="weekly")
    tasks.coffee_round.call_local()
    tasks.coffee_round.call_local()
    assert CoffeeRound.objects.count() == 1 and CoffeeMatchMember.objects.count() == 5
    circle_tasks.circles_complete.call_local()  # nothing due: runs quietly


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_make_one_round():
    # Both databases: the SQLite test database is a file, which waits for its lock (busy timeout, BEGIN
    # IMMEDIATE) like the demo's; PostgreSQL shows the race between two readers.
    for p in people(8):
        services.coffee_settings_save(person=p, active=True, cadence="weekly")
    moment = datetime(2026, 3, 2, 6, 5, tzinfo=UTC)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(services.coffee_round_run(moment))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert CoffeeRound.objects.count() == 1 and CoffeeMatchMember.objects.count() == 8
