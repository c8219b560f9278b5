"""The event, calendar and cause pages through the Django test client: forms, time zones, downloads."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from tests.events.conftest import fields
from townsquare.events import services
from townsquare.events.models import Event, Opportunity, Rsvp, SignUp
from townsquare.practices import services as practices


def form(**over):
    return {"title": "Quarter close drinks", "description": "Bring a colleague.", "starts_at": "2030-03-01T00:30",
            "ends_at": "2030-03-01T02:00", "place": "Roof terrace", "online_url": "", "capacity": "", "kind": "event",
            "group": "", "waitlist": "1", **over}


def test_times_are_read_in_the_organisers_zone_and_shown_in_the_readers(world, client_for):
    world.gina.time_zone = "Pacific/Auckland"
    world.gina.save(update_fields=["time_zone"])
    response = client_for(world.gina).post("/events/new/", form())
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == f"/events/{event.pk}/"
    assert event.starts_at == datetime(2030, 2, 28, 11, 30, tzinfo=UTC) and event.time_zone == "Pacific/Auckland"
    page = client_for(world.alice).get(f"/events/{event.pk}/").content.decode()  # alice is in Los Angeles
    assert "Thu 28 Feb 2030, 03:30" in page and "PST" in page
    assert "For the organiser: Fri 1 Mar 2030, 00:30–02:00 (Pacific/Auckland)" in page
    edit = client_for(world.gina).get(f"/events/{event.pk}/edit/").content.decode()
    assert 'value="2030-03-01T00:30"' in edit  # the organiser edits in their own zone


def test_bad_input_rerenders_the_form_with_what_was_typed(world, client_for):
    response = client_for(world.alice).post("/events/new/", form(online_url="javascript:alert(1)"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "must be a web address starting with https://" in page and "Quarter close drinks" in page
    assert client_for(world.alice).post("/events/new/", form(starts_at="tomorrow")).status_code == 400
    assert client_for(world.alice).post("/events/new/", form(capacity="ten")).status_code == 400
    assert "between 1" in client_for(world.alice).post("/events/new/", form(capacity="0")).content.decode()
    assert not Event.objects.exists()


def test_rsvp_from_the_page_and_a_full_event_says_so(world, client_for):
    event = services.event_create(organiser=world.gina, fields=fields(capacity=1, waitlist=False))
    assert client_for(world.erin).post(f"/events/{event.pk}/rsvp/", {"status": "going"}).status_code == 302
    response = client_for(world.alice).post(f"/events/{event.pk}/rsvp/", {"status": "going"})
    assert response.status_code == 400 and "the event is full" in response.content.decode()
    response = client_for(world.alice).post(f"/events/{event.pk}/rsvp/", {"status": "maybe"}, follow=True)
    assert "Marked as maybe" in response.content.decode()
    assert Rsvp.objects.get(person=world.alice).status == "maybe"


def test_the_ics_download(world, client_for):
    event = services.event_create(organiser=world.gina, fields=fields(online_url="https://meet.example.com/x"))
    response = client_for(world.otto).get(f"/events/{event.pk}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}.ics"'
    (item,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["url"]) == f"http://testserver/events/{event.pk}/"
    assert item.decoded("dtstart") == event.starts_at.astimezone(UTC).replace(microsecond=0)


def test_the_ama_page_lists_and_takes_questions(world, client_for):
    practices.leader_add(admin=world.olga, person=world.erin)
    ama = services.event_create(organiser=world.erin, kind=Event.Kind.AMA, fields=fields(title="Ask Erin anything"))
    page = client_for(world.alice).get(f"/events/{ama.pk}/").content.decode()
    assert "Questions for Erin Executive" in page and "No questions yet" in page
    response = client_for(world.alice).post(f"/events/{ama.pk}/ask/", {"body": "What keeps you up at night?"})
    assert response.status_code == 302
    page = client_for(world.otto).get(f"/events/{ama.pk}/").content.decode()
    assert "What keeps you up at night?" in page and "Vote this up" in page
    form_page = client_for(world.alice).get("/events/new/").content.decode()
    assert 'value="ama"' not in form_page  # not a leader: the kind is not offered


def test_calendar_settings_show_the_feed_and_reset_it(world, client_for):
    client = client_for(world.alice)
    token = services.calendar_token_for(world.alice).token
    page = client.get("/events/calendar/").content.decode()
    assert f"http://testserver/events/calendar/{token}.ics" in page and f"webcal://testserver/events/calendar/{token}.ics" in page
    client.post("/events/calendar/reset/")
    assert services.calendar_token_for(world.alice).token != token


def test_cause_sign_up_full_and_withdraw(world, client_for):
    from townsquare.conversations import services as conversations
    from townsquare.conversations.models import Group

    cause = conversations.group_create(creator=world.gina, name="Green Team", kind=Group.Kind.CAUSE)
    opp = services.opportunity_create(person=world.gina, group=cause, fields=services.OpportunityFields(
        title="Plant trees", description="", starts_at=timezone.now() + timedelta(days=2), ends_at=None,
        place="Park", volunteers_needed=1))
    listing = client_for(world.otto).get("/causes/").content.decode()
    assert "Plant trees" in listing and "1 open opportunity" in listing
    assert client_for(world.otto).post(f"/opportunities/{opp.pk}/signup/", {"action": "join"}).status_code == 302
    response = client_for(world.alice).post(f"/opportunities/{opp.pk}/signup/", {"action": "join"})
    assert response.status_code == 400 and "The only place is taken" in response.content.decode()
    # who signed up: the group's admin sees names, other volunteers do not
    assert "Otto Outsider" in client_for(world.gina).get(f"/opportunities/{opp.pk}/").content.decode()
    assert "Who signed up" not in client_for(world.alice).get(f"/opportunities/{opp.pk}/").content.decode()
    client_for(world.otto).post(f"/opportunities/{opp.pk}/signup/", {"action": "withdraw"})
    assert not SignUp.objects.exists() and Opportunity.objects.get().signup_count == 0
    response = client_for(world.gina).post(f"/causes/{cause.slug}/opportunities/new/", {
        "title": "Beach clean", "starts_at": "2020-01-01T10:00", "place": "Beach", "volunteers_needed": "3"})
    assert response.status_code == 400 and "in the past" in response.content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_cost_the_same_number_of_queries_whatever_they_hold(world, client_for):
    from townsquare.people.models import Person

    practices.leader_add(admin=world.olga, person=world.erin)
    client = client_for(world.alice)
    small = services.event_create(organiser=world.erin, kind=Event.Kind.AMA, fields=fields())
    big = services.event_create(organiser=world.erin, kind=Event.Kind.AMA, fields=fields())
    crowd = [Person.objects.create_user(f"p{i}@example.test", "pw", name=f"Person {i}", handle=f"p{i}") for i in range(12)]
    for k, p in enumerate(crowd):
        services.rsvp_set(person=p, event=big, status=["going", "maybe"][k % 2])
        services.ama_question_ask(asker=p, event=big, body=f"Question {k}?")
    services.ama_question_ask(asker=world.otto, event=small, body="Only one?")
    _queries(client, f"/events/{small.pk}/")  # first view records "seen by"; compare repeat views
    _queries(client, f"/events/{big.pk}/")
    assert _queries(client, f"/events/{small.pk}/") == _queries(client, f"/events/{big.pk}/")
    few = _queries(client, "/events/")
    for _ in range(6):
        services.event_create(organiser=world.gina, fields=fields(), group=world.public)
    assert _queries(client, "/events/") == few


# --- issue 17: volunteering times in the place's zone and the reader's --------------------------------------

def test_an_opportunity_shows_the_places_time_and_the_readers(world, client_for):
    from townsquare.conversations import services as conversations
    from townsquare.conversations.models import Group

    assert world.alice.time_zone == "America/Los_Angeles"
    cause = conversations.group_create(creator=world.gina, name="Green Team", kind=Group.Kind.CAUSE)
    form = {"title": "Thames clean-up", "starts_at": "2030-12-03T13:00", "ends_at": "2030-12-03T16:00",
            "place": "Putney pier, London", "volunteers_needed": "6", "time_zone": "Europe/London"}
    response = client_for(world.gina).post(f"/causes/{cause.slug}/opportunities/new/", form)
    assert response.status_code == 302
    opp = Opportunity.objects.get()
    assert opp.time_zone == "Europe/London" and opp.starts_at == datetime(2030, 12, 3, 13, 0, tzinfo=UTC)
    expected = "Tue 3 Dec, 13:00–16:00 London · 05:00 your time"
    for url in (f"/opportunities/{opp.pk}/", f"/causes/{cause.slug}/", "/causes/"):
        assert expected in client_for(world.alice).get(url).content.decode(), url
    # someone whose clock reads the same sees it once
    world.otto.time_zone = "Europe/London"
    world.otto.save(update_fields=["time_zone"])
    html = client_for(world.otto).get(f"/opportunities/{opp.pk}/").content.decode()
    assert "Tue 3 Dec, 13:00–16:00 London" in html and "your time" not in html
    # the reader's day when it differs
    assert services.place_and_your_time(opp.starts_at, None, "Europe/London", ZoneInfo("Pacific/Auckland")) == \
        "Tue 3 Dec, 13:00 London · 02:00 Wed 4 Dec your time"


def test_an_unknown_zone_is_refused_and_nothing_is_stored(world, client_for):
    from townsquare.conversations import services as conversations
    from townsquare.conversations.models import Group

    cause = conversations.group_create(creator=world.gina, name="Green Team", kind=Group.Kind.CAUSE)
    response = client_for(world.gina).post(f"/causes/{cause.slug}/opportunities/new/", {
        "title": "Beach clean", "starts_at": "2030-06-01T10:00", "place": "Beach", "volunteers_needed": "3",
        "time_zone": "Mars/Olympus"})
    assert response.status_code == 400 and "is not a time zone we know" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_the_migration_gives_existing_opportunities_their_creators_zone(world):
    from importlib import import_module

    from django.apps import apps

    from townsquare.conversations import services as conversations
    from townsquare.conversations.models import Group

    cause = conversations.group_create(creator=world.gina, name="Green Team", kind=Group.Kind.CAUSE)
    opp = services.opportunity_create(person=world.gina, group=cause, fields=services.OpportunityFields(
        title="Plant trees", description="", starts_at=timezone.now() + timedelta(days=2), ends_at=None,
        place="Park", volunteers_needed=1))
    assert opp.time_zone == "UTC"  # what the column held before
    world.gina.time_zone = "Asia/Tokyo"
    world.gina.save(update_fields=["time_zone"])
    import_module("townsquare.events.migrations.0003_opportunity_time_zone").creators_zone(apps, None)
    opp.refresh_from_db()
    assert opp.time_zone == "Asia/Tokyo"
