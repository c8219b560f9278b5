"""The periodic schedule: Huey runs `coach_tick` every minute; in-process worker threads (as in
`townsquare demo`) pick it up with no other server."""

import time as clock
from datetime import datetime, time

import pytest
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

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
    consumer = tasks.start_in_process_consumer()
    try:
        tasks.coach_tick()  # enqueue one tick now rather than wait for the minute
        tasks.coach_tick()  # and a second one: still one nudge per habit
        deadline = clock.monotonic() + 20
        while clock.monotonic() < deadline and (HUEY.pending_count() or Nudge.objects.filter(person=world.alice).count() < 3):
            clock.sleep(0.1)
        clock.sleep(0.3)
    finally:
        consumer.stop(graceful=True)
    assert sorted(Nudge.objects.filter(person=world.alice).values_list("habit", flat=True)) == [
        "describe", "interact", "recognise"]
