"""Events, an ask-me-anything and a cause in a real browser: gina posts an event with two places, alice
answers going and downloads the .ics, otto lands on the waitlist; alice asks erin a question at erin's
AMA and otto votes it up; otto signs up for a volunteering slot on a phone. Screenshots at desktop and
phone width under test-artifacts/screenshots/test_events_*."""

import re
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_events_create_rsvp_ics_and_waitlist(world, live_server, new_page, shot, tmp_path):
    from townsquare.events.models import Event, Rsvp

    world.gina.time_zone = "Europe/London"
    world.gina.save(update_fields=["time_zone"])
    gina = new_page()
    sign_in(gina, live_server, "gina@example.test", PASSWORD)
    gina.goto(f"{live_server.url}/events/")
    expect(gina.get_by_test_id("events-empty")).to_contain_text("No events coming up")
    shot(gina, "events-empty")
    gina.get_by_role("link", name="New event").click()
    form = gina.get_by_role("form", name="New event")
    form.get_by_label("Title").fill("Budget walkthrough")
    form.get_by_role("button", name="Post the event").click()  # nothing else filled: refused, nothing stored
    expect(gina.get_by_test_id("event-error")).to_contain_text("description is empty")
    assert not Event.objects.exists()
    form = gina.get_by_role("form", name="New event")
    expect(form.get_by_label("Title")).to_have_value("Budget walkthrough")  # what was typed is kept
    form.get_by_label("What it's about").fill("An hour on next year's numbers. **Bring questions.**")
    form.get_by_label("Starts").fill("2030-03-01T14:30")
    form.get_by_label("Ends").fill("2030-03-01T15:30")
    form.get_by_label("Place", exact=True).fill("Room 4.01, London office")
    form.get_by_label("Online link").fill("https://meet.example.com/budget")
    form.get_by_label("Number of places (optional)").fill("1")
    form.get_by_label("Post it in").select_option("data-guild")
    shot(gina, "event-form-filled")
    form.get_by_role("button", name="Post the event").click()
    event = Event.objects.get()
    expect(gina).to_have_url(f"{live_server.url}/events/{event.pk}/")
    assert event.starts_at == datetime(2030, 3, 1, 14, 30, tzinfo=UTC)  # London is on UTC in March
    expect(gina.get_by_test_id("event-places")).to_have_text("0 of 1 taken")  # the organiser takes no place
    expect(gina.get_by_test_id("my-status")).to_contain_text("You're the organiser")
    expect(gina.get_by_role("form", name="Your answer")).to_have_count(0)
    shot(gina, "event-posted")

    # alice (Los Angeles) sees it in her own zone, answers going and downloads the calendar file
    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/events/")
    alice.get_by_role("link", name="Budget walkthrough").click()
    expect(alice.get_by_test_id("event-when")).to_contain_text("Fri 1 Mar 2030, 06:30")
    expect(alice.get_by_test_id("organiser-when")).to_contain_text("14:30–15:30 (Europe/London)")
    alice.get_by_role("button", name="Going").click()
    expect(alice.get_by_test_id("my-status")).to_have_text("You're going.")
    expect(alice.get_by_test_id("event-places")).to_contain_text("1 of 1 taken — full")
    shot(alice, "alice-going")
    with alice.expect_download() as info:
        alice.get_by_test_id("ics-link").click()
    path = tmp_path / "event.ics"
    info.value.save_as(path)
    (item,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert item.decoded("dtstart") == datetime(2030, 3, 1, 14, 30, tzinfo=UTC)
    assert str(item["url"]) == f"{live_server.url}/events/{event.pk}/"
    assert str(item["location"]) == "Room 4.01, London office, https://meet.example.com/budget"

    # otto, on a phone: the event is full, so "going" puts him on the waitlist
    otto = new_page(viewport=PHONE)
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}/events/{event.pk}/")
    expect(otto.get_by_test_id("rsvp")).to_contain_text("answering “going” puts you on the waitlist")
    otto.get_by_role("button", name="Going").click()
    expect(otto.get_by_test_id("my-status")).to_contain_text("You're 1st on the waitlist")
    shot(otto, "phone-waitlist")
    erin = new_page()
    sign_in(erin, live_server, "erin@example.test", PASSWORD)
    erin.goto(f"{live_server.url}/events/{event.pk}/")
    erin.get_by_role("button", name="Going").click()
    expect(erin.get_by_test_id("my-status")).to_contain_text("You're 2nd on the waitlist")
    shot(erin, "desktop-waitlist-2nd")
    assert Rsvp.objects.get(person=world.otto).status == "waitlist"

    # alice can't go after all: otto moves up and hears about it in his bell
    alice.get_by_role("button", name="Can't go").click()
    expect(alice.get_by_test_id("my-status")).to_have_text("You said you can't go.")
    otto.goto(f"{live_server.url}/notifications/")
    expect(otto.get_by_text(re.compile("moved up from the waitlist"))).to_be_visible()
    otto.goto(f"{live_server.url}/events/?show=mine")
    expect(otto.get_by_test_id("event")).to_contain_text("You're going")
    shot(otto, "phone-my-events")
    otto.get_by_role("link", name="New event").click()
    expect(otto.get_by_role("form", name="New event")).to_be_visible()
    shot(otto, "phone-event-form")

    # the organiser edits and then cancels; the page says so
    gina.get_by_role("link", name="Edit details").click()
    gina.get_by_label("Title").fill("Budget walkthrough (new room)")
    gina.get_by_label("Place", exact=True).fill("Room 5.02, London office")
    gina.get_by_role("button", name="Save changes").click()
    expect(gina.get_by_test_id("event-place")).to_have_text("Room 5.02, London office")
    gina.locator("summary", has_text="Cancel the event").click()
    gina.get_by_label("Why (optional)").fill("The numbers are late.")
    gina.get_by_role("button", name="Cancel the event").click()
    expect(gina.get_by_test_id("event-cancelled")).to_contain_text("The numbers are late.")
    shot(gina, "event-cancelled")

    # the calendar feed page, at desktop and on the phone
    alice.goto(f"{live_server.url}/events/calendar/")
    expect(alice.get_by_test_id("feed-url")).to_have_value(re.compile(r"/events/calendar/[\w-]+\.ics$"))
    shot(alice, "calendar-feed")
    for pg in (gina, alice, otto):
        assert pg.js_errors == [] and pg.foreign_requests == []


def test_events_ama_question_and_cause_signup(world, live_server, new_page, shot):
    from townsquare.conversations import services as conversations
    from townsquare.conversations.models import Group
    from townsquare.events import services
    from townsquare.events.models import AmaQuestion, SignUp
    from townsquare.practices import services as practices

    practices.leader_add(admin=world.olga, person=world.erin)
    start = timezone.now() + timedelta(days=2)
    ama = services.event_create(organiser=world.erin, kind="ama", fields=services.EventFields(
        title="Ask Erin anything", description="Strategy, decisions, the lot.", starts_at=start,
        ends_at=start + timedelta(hours=1), place="", online_url="https://meet.example.com/ama"))

    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/events/{ama.pk}/")
    expect(alice.get_by_test_id("ama-empty")).to_contain_text("No questions yet")
    ask = alice.get_by_role("form", name="Ask a question")
    ask.get_by_role("button", name="Ask").click()
    expect(alice.get_by_test_id("ask-error")).to_contain_text("empty")
    ask = alice.get_by_role("form", name="Ask a question")
    ask.get_by_label("Your question").fill("What is the one thing you'd change about how we plan?")
    ask.get_by_role("button", name="Ask").click()
    expect(alice.get_by_test_id("question")).to_contain_text("the one thing you'd change")
    assert AmaQuestion.objects.filter(event=ama).count() == 1
    alice.evaluate("window.scrollTo(0, 0)")
    shot(alice, "ama-asked")

    otto = new_page(viewport=PHONE)
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}/events/{ama.pk}/")
    otto.get_by_test_id("question").get_by_role("button", name=re.compile("Vote this up")).click()
    expect(otto.get_by_test_id("question").locator(".vote-count")).to_have_text("1")
    otto.evaluate("window.scrollTo(0, 0)")
    shot(otto, "phone-ama-voted")

    # a cause with a volunteering slot; otto signs up on his phone, gina (admin) sees who
    cause = conversations.group_create(creator=world.gina, name="Green Team", kind=Group.Kind.CAUSE,
                                       description="Less waste, more trees.")
    # gina (in Los Angeles) offers a slot in London: its times are entered and shown in London's zone
    world.gina.time_zone = "America/Los_Angeles"
    world.gina.save(update_fields=["time_zone"])
    world.otto.time_zone = "America/New_York"
    world.otto.save(update_fields=["time_zone"])
    gina = new_page()
    sign_in(gina, live_server, "gina@example.test", PASSWORD)
    gina.goto(f"{live_server.url}/causes/{cause.slug}/opportunities/new/")
    offer = gina.get_by_role("form", name="Offer a volunteering opportunity")
    offer.get_by_label("What volunteers will do").fill("Tree planting morning")
    offer.get_by_label("Details (optional)").fill("With the parks team, by the river.")
    offer.get_by_label("Starts").fill("2030-12-03T10:00")
    offer.get_by_label("Ends (optional)").fill("2030-12-03T13:00")
    offer.get_by_label("Where").fill("Riverside park, London")
    offer.get_by_label("Volunteers needed").fill("3")
    offer.get_by_label("Time zone of the place").select_option("Europe/London")
    shot(gina, "opportunity-form")
    offer.get_by_role("button", name="List it").click()
    expect(gina.get_by_test_id("opportunity-when")).to_have_text("Tue 3 Dec, 10:00–13:00 London · 02:00 your time")
    shot(gina, "opportunity-two-zones")
    otto.goto(f"{live_server.url}/causes/")
    expect(otto.get_by_test_id("cause")).to_contain_text("1 open opportunity")
    shot(otto, "phone-causes")
    expect(otto.get_by_test_id("opportunity-when").first).to_contain_text(
        "Tue 3 Dec, 10:00–13:00 London · 05:00 your time")
    otto.get_by_role("link", name="Tree planting morning").first.click()
    otto.get_by_role("button", name="Sign me up").click()
    expect(otto.get_by_test_id("signed-up")).to_contain_text("You're signed up")
    expect(otto.get_by_test_id("opportunity-places")).to_have_text("1 of 3 taken")
    shot(otto, "phone-signed-up")
    assert SignUp.objects.filter(person=world.otto).exists()

    gina.goto(f"{live_server.url}/causes/{cause.slug}/")
    shot(gina, "cause-page")
    gina.get_by_role("link", name="Tree planting morning").click()
    expect(gina.get_by_test_id("signups")).to_contain_text("Otto Outsider")
    shot(gina, "cause-signups")
    gina.set_viewport_size(PHONE)
    gina.goto(f"{live_server.url}/events/{ama.pk}/")
    shot(gina, "phone-ama")
    for pg in (alice, otto, gina):
        assert pg.js_errors == [] and pg.foreign_requests == []
