from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from townsquare.events import services


def fields(**over) -> services.EventFields:
    start = over.pop("starts_at", timezone.now() + timedelta(days=3))
    base = dict(title="Budget walkthrough", description="An hour on next year's numbers, with questions.",
                starts_at=start, ends_at=start + timedelta(hours=1) if start else None, place="Room 4.01", online_url="", capacity=None,
                waitlist=True)
    base.update(over)
    return services.EventFields(**base)


@pytest.fixture
def make_event(world):
    def make(organiser=None, *, kind="event", group=None, **over):
        return services.event_create(organiser=organiser or world.gina, fields=fields(**over), kind=kind, group=group)
    return make


def at(year, month, day, hour, minute, zone):
    import zoneinfo

    return datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))
