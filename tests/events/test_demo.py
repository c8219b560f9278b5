"""The demo's events, AMA and causes: present, consistent and deterministic for the seed."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from townsquare.demo.generator import generate
from townsquare.events.models import AmaQuestion, Event, Opportunity, Rsvp, SignUp
from townsquare.practices.models import Leader

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _only_our_demo(monkeypatch):
    # The other packages' demo data is tested by them; this file looks at ours alone.
    from townsquare.demo import generator

    monkeypatch.setattr(generator, "DEMO_EXTENSIONS", ["townsquare.events.demo"])


def snapshot():
    return (list(Event.objects.order_by("id").values_list("title", "kind", "starts_at", "going_count", "capacity")),
            list(Rsvp.objects.order_by("id").values_list("event__title", "person__handle", "status")),
            list(SignUp.objects.order_by("id").values_list("opportunity__title", "person__handle")))


def test_demo_events_look_lived_in():
    generate(people=120, seed=7, weeks=2, progress=False)
    now = timezone.now()
    events = list(Event.objects.select_related("post"))
    assert sum(e.starts_at > now for e in events) >= 8 and sum(e.ends_at < now for e in events) >= 4
    assert {e.kind for e in events} == {"event", "talk", "ama"}
    assert all(e.post is not None and f"/events/{e.pk}/" in e.post.body for e in events)
    for e in events:  # the counters match the answers
        assert e.going_count == Rsvp.objects.filter(event=e, status="going").count()
    full = Event.objects.get(capacity__isnull=False)
    assert full.going_count == full.capacity and full.waitlist_count > 0
    assert Event.objects.filter(cancelled_at__isnull=False).count() == 1
    ama = Event.objects.get(kind="ama")
    assert Leader.objects.filter(person=ama.organiser).exists() and AmaQuestion.objects.filter(event=ama).count() == 6
    assert Opportunity.objects.count() == 6 and SignUp.objects.exists()
    for o in Opportunity.objects.all():
        assert o.signup_count == SignUp.objects.filter(opportunity=o).count() <= o.volunteers_needed
    assert Rsvp.objects.filter(person__name="Alex Morgan").exists()
    assert Event.objects.filter(organiser__name="Alex Morgan", kind="talk").exists()


def test_demo_events_are_deterministic():
    generate(people=60, seed=3, weeks=2, progress=False)
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    generate(people=60, seed=3, weeks=2, progress=False)
    second = snapshot()
    assert [row[:2] + row[3:] for row in first[0]] == [row[:2] + row[3:] for row in second[0]]
    assert first[1] == second[1] and first[2] == second[2]
