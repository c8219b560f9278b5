"""Issue 17 #3: events through the API — upcoming, one event, a new event, RSVP with the web's capacity and
waitlist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from townsquare.events import services as events
from townsquare.events.models import Event, Rsvp

pytestmark = pytest.mark.django_db


def _event(organiser, *, hours=24, capacity=None, waitlist=True, group=None, title="Budget walk-through") -> Event:
    start = timezone.now() + timedelta(hours=hours)
    return events.event_create(organiser=organiser, group=group, fields=events.EventFields(
        title=title, description="How the numbers came together", starts_at=start, ends_at=start + timedelta(hours=1),
        place="Room 4", capacity=capacity, waitlist=waitlist))


def test_post_an_event_and_read_it(api_as, world):
    client = api_as(world.alice)
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    made = client.post("/events", {"title": "Open books", "description": "Come and ask", "place": "Room 1",
                                   "starts_at": start.isoformat(), "capacity": 10})
    assert made.status_code == 201, made.body
    body = made.body
    # The organiser hosts: they take none of the places and have no answer of their own.
    assert body["organiser"]["handle"] == "alice" and body["my_rsvp"] is None
    assert body["going_count"] == 0 and body["places_left"] == 10 and body["attendees"]["going"] == []
    event = Event.objects.get(pk=body["id"])
    assert event.ends_at - event.starts_at == timedelta(hours=1) and event.post_id == body["post_id"]
    assert client.get(f"/events/{event.pk}").body["title"] == "Open books"


def test_upcoming_lists_soonest_first_and_pages(api_as, world):
    later, sooner = _event(world.gina, hours=48, title="Later"), _event(world.gina, hours=2, title="Sooner")
    past = _event(world.gina, hours=3, title="Past")
    Event.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(hours=3),
                                            ends_at=timezone.now() - timedelta(hours=2))
    client = api_as(world.alice)
    first = client.get("/events", {"limit": 1}).body
    assert [e["id"] for e in first["items"]] == [sooner.pk] and first["next_cursor"]
    second = client.get("/events", {"limit": 1, "cursor": first["next_cursor"]}).body
    assert [e["id"] for e in second["items"]] == [later.pk] and second["next_cursor"] is None
    assert [e["id"] for e in client.get("/events", {"show": "past"}).body["items"]] == [past.pk]


def test_a_private_groups_event_is_404_for_outsiders(api_as, world):
    event = _event(world.gina, group=world.private)
    assert api_as(world.alice).get(f"/events/{event.pk}").status_code == 200
    otto = api_as(world.otto)
    assert otto.get(f"/events/{event.pk}").status_code == 404
    assert otto.put(f"/events/{event.pk}/rsvp", {"status": "going"}).status_code == 404
    assert event.pk not in [e["id"] for e in otto.get("/events").body["items"]]


def test_rsvp_follows_capacity_and_the_waitlist_and_is_idempotent(api_as, world):
    event = _event(world.gina, capacity=1)  # the organiser takes none of the places
    alice, otto = api_as(world.alice), api_as(world.otto)
    assert alice.put(f"/events/{event.pk}/rsvp", {"status": "going"}).body["status"] == "going"
    assert alice.put(f"/events/{event.pk}/rsvp", {"status": "going"}).body["going_count"] == 1
    waiting = otto.put(f"/events/{event.pk}/rsvp", {"status": "going"})
    assert waiting.body["status"] == "waitlist" and "waitlist" in waiting.body["message"]
    assert otto.put(f"/events/{event.pk}/rsvp", {"status": "going"}).body["status"] == "waitlist"
    freed = alice.delete(f"/events/{event.pk}/rsvp")
    assert freed.body["status"] == "no" and freed.body["waitlist_count"] == 0
    assert Rsvp.objects.get(event=event, person=world.otto).status == "going"  # promoted from the waitlist
    assert alice.delete(f"/events/{event.pk}/rsvp").body["status"] == "no"


def test_a_full_event_without_a_waitlist_refuses_going_clearly(api_as, world):
    event = _event(world.gina, capacity=1, waitlist=False)
    assert api_as(world.otto).put(f"/events/{event.pk}/rsvp", {"status": "going"}).body["status"] == "going"
    refused = api_as(world.alice).put(f"/events/{event.pk}/rsvp", {"status": "going"})
    assert refused.status_code == 422 and "full" in refused.body["error"]["message"]
    assert not Rsvp.objects.filter(event=event, person=world.alice).exists()


def test_bad_input_is_a_clear_422_and_nothing_is_stored(api_as, world):
    client = api_as(world.alice)
    past = client.post("/events", {"title": "Late", "description": "Too late", "place": "Room 1",
                                   "starts_at": (timezone.now() - timedelta(hours=1)).isoformat()})
    assert past.status_code == 422 and "past" in past.body["error"]["message"]
    nowhere = client.post("/events", {"title": "Where", "description": "Somewhere",
                                      "starts_at": (timezone.now() + timedelta(days=1)).isoformat()})
    assert nowhere.status_code == 422 and "place" in nowhere.body["error"]["message"]
    far = client.post("/events", {"title": "Far", "description": "Far away", "place": "Moon",
                                  "starts_at": "9999-12-31T23:30:00Z"})
    assert far.status_code == 422 and "2999" in far.body["error"]["fields"]["starts_at"][0]
    assert not far.body["error"]["fields"]["starts_at"][0].startswith("Value error")
    ama = client.post("/events", {"kind": "ama", "title": "AMA", "description": "Ask", "place": "Hall",
                                  "starts_at": (timezone.now() + timedelta(days=1)).isoformat()})
    assert ama.status_code == 422 and "leaders" in ama.body["error"]["message"]
    event = _event(world.gina)
    assert client.put(f"/events/{event.pk}/rsvp", {"status": "perhaps"}).status_code == 422
    assert Event.objects.count() == 1


def test_a_read_only_token_cannot_answer_or_post(api_as, world):
    event = _event(world.gina)
    reader = api_as(world.alice, scope="read")
    assert reader.get(f"/events/{event.pk}").status_code == 200
    for response in (reader.put(f"/events/{event.pk}/rsvp", {"status": "going"}), reader.delete(f"/events/{event.pk}/rsvp"),
                     reader.post("/events", {"title": "X", "description": "Y", "place": "Z",
                                             "starts_at": (timezone.now() + timedelta(days=1)).isoformat()})):
        assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert Rsvp.objects.filter(person=world.alice).count() == 0 and Event.objects.count() == 1


def test_the_organiser_hosts_and_answers_nothing(api_as, world):
    event = _event(world.gina, capacity=1)
    answered = api_as(world.gina).put(f"/events/{event.pk}/rsvp", {"status": "going"})
    assert answered.status_code == 422, answered.body
    assert "organis" in answered.body["error"]["message"]
    assert not Rsvp.objects.filter(event=event).exists()


# --- POST /events/{id}/cancel: the organiser's, as the event's page does ------------------------

def test_the_organiser_cancels_with_a_reason_and_those_who_answered_are_told(api_as, world):
    from townsquare.conversations.models import Notification

    event = _event(world.gina)
    assert api_as(world.alice).put(f"/events/{event.pk}/rsvp", {"status": "going"}).status_code == 200
    done = api_as(world.gina).post(f"/events/{event.pk}/cancel", {"reason": "The room flooded."})
    assert done.status_code == 200, done.body
    assert done.body["cancelled"] is True and done.body["cancel_reason"] == "The room flooded."
    stored = Event.objects.select_related("post").get(pk=event.pk)
    assert stored.is_cancelled and stored.cancel_reason == "The room flooded." and stored.sequence == event.sequence + 1
    told = Notification.objects.filter(recipient=world.alice, verb=Notification.Verb.EVENT)
    assert [n.message for n in told] == ["cancelled “Budget walk-through”"]
    assert api_as(world.alice).get(f"/events/{event.pk}").body["cancelled"] is True
    assert event.pk not in [e["id"] for e in api_as(world.alice).get("/events").body["items"]]


def test_a_reason_is_optional_as_on_the_page(api_as, world):
    event = _event(world.gina)
    done = api_as(world.gina).post(f"/events/{event.pk}/cancel", {})
    assert done.status_code == 200 and done.body["cancelled"] and done.body["cancel_reason"] == ""


def test_only_the_organiser_may_cancel_everyone_else_gets_404(api_as, world):
    event = _event(world.gina)
    private = _event(world.gina, group=world.private)
    for person in (world.alice, world.olga, world.otto):  # alice reads it; olga is an org admin
        response = api_as(person).post(f"/events/{event.pk}/cancel", {"reason": "No"})
        assert response.status_code == 404, person
    assert api_as(world.otto).post(f"/events/{private.pk}/cancel", {"reason": "No"}).status_code == 404
    assert api_as(world.gina).post("/events/999999/cancel", {"reason": "No"}).status_code == 404
    assert not Event.objects.filter(cancelled_at__isnull=False).exists()


def test_a_read_only_token_cannot_cancel(api_as, world):
    event = _event(world.gina)
    response = api_as(world.gina, scope="read").post(f"/events/{event.pk}/cancel", {"reason": "Rain"})
    assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert not Event.objects.get(pk=event.pk).is_cancelled


def test_bad_cancels_are_clear_422s_and_change_nothing(api_as, world):
    event = _event(world.gina)
    gina = api_as(world.gina)
    long = gina.post(f"/events/{event.pk}/cancel", {"reason": "x" * 501})
    assert long.status_code == 422 and "reason" in long.body["error"]["fields"]
    control = gina.post(f"/events/{event.pk}/cancel", {"reason": "bad\x00byte"})
    assert control.status_code == 422 and "reason" in control.body["error"]["fields"]
    assert not Event.objects.get(pk=event.pk).is_cancelled
    assert gina.post(f"/events/{event.pk}/cancel", {"reason": "Rain"}).status_code == 200
    first = Event.objects.get(pk=event.pk)
    again = gina.post(f"/events/{event.pk}/cancel", {"reason": "Snow"})
    assert again.status_code == 422 and "cancelled already" in again.body["error"]["message"]
    after = Event.objects.get(pk=event.pk)
    assert (after.cancelled_at, after.cancel_reason, after.sequence) == (first.cancelled_at, "Rain", first.sequence)
