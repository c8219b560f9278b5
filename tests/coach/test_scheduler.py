"""The periodic schedule: Huey runs `coach_tick` every minute; in-process worker threads (as in
`townsquare demo`) pick it up with no other server."""

from collections import Counter
from datetime import datetime, time

import pytest
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_EXECUTING
from huey.storage import SqliteStorage

from tests.conftest import wait_until
from townsquare.coach import tasks
from townsquare.coach.models import HabitSetting, Nudge


def test_coach_tick_is_scheduled_every_minute():
    for minute in (0, 1, 17, 59):
        assert "coach_tick" in {t.name for t in HUEY.read_periodic(datetime(2025, 1, 15, 9, minute))}


def test_the_settings_use_sqlite_by_default_and_redis_when_configured(settings):
    from huey import SqliteHuey

    assert isinstance(HUEY, SqliteHuey) == (not settings.REDIS_URL)
    assert settings.REDIS_URL or settings.HUEY["connection"]["filename"].endswith("huey.sqlite3")
    assert settings.HUEY["huey_class"] == ("huey.RedisHuey" if settings.REDIS_URL else "huey.SqliteHuey")


@pytest.mark.django_db(transaction=True)
def test_an_in_process_worker_runs_the_tick(world, monkeypatch, tmp_path):
    monkeypatch.setattr(HUEY, "storage", SqliteStorage(name="townsquare-test", filename=str(tmp_path / "huey.db")))
    for habit in ("describe", "interact", "recognise"):  # due at any time of day
        HabitSetting.objects.create(person=world.alice, habit=habit, enabled=True, anchor=time(0, 0))
    finished, running = Counter(), set()

    @HUEY.signal()
    def track(signal, task, *args, **kwargs):
        if signal == SIGNAL_EXECUTING:
            running.add(task.id)
        elif signal in (SIGNAL_COMPLETE, SIGNAL_ERROR):
            running.discard(task.id)
            finished[task.name] += 1

    consumer = tasks.start_in_process_consumer()
    try:
        tasks.coach_tick()  # enqueue one tick now rather than wait for the minute
        tasks.coach_tick()  # and a second one: still one nudge per habit
        # Both ticks have run, and so has every compose task they queued (a tick queues them before it ends).
        assert wait_until(lambda: finished["coach_tick"] >= 2 and not running and not HUEY.pending_count(), 30)
    finally:
        consumer.stop(graceful=True)
        HUEY.disconnect_signal(track)
    assert sorted(Nudge.objects.filter(person=world.alice).values_list("habit", flat=True)) == [
        "describe", "interact", "recognise"]
