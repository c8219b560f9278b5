"""Events, RSVPs, reminders, iCalendar and the calendar feed: services against the real database."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.events.conftest import at, fields
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification, Post, PostRevision
from townsquare.events import access, ical, selectors, services
from townsquare.events.models import Event, EventReminder, Rsvp
from townsquare.practices import services as practices

GOING, MAYBE, NO, WAITLIST = Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.NO, Rsvp.Status.WAITLIST


def status_of(event, person):
    return Rsvp.objects.filter(event=event, person=person).values_list("status", flat=True).first()


def event_notes(person):
    return list(Notification.objects.filter(recipient=person, verb=Notification.Verb.EVENT).order_by("id"))


# --- creating ----------------------------------------------------------------------------------

def test_an_event_is_a_post_with_the_organisers_words_and_a_generated_line(world, make_event):
    event = make_event(group=world.public)
    post = event.post
    assert post.kind == Post.Kind.EVENT and post.group == world.public and post.author == world.gina
    assert post.title == "Budget walkthrough"
    assert post.body.startswith("An hour on next year's numbers, with questions.")
    assert f"(/events/{event.pk}/)" in post.body and "Room 4.01" in post.body
    assert f'href="/events/{event.pk}/"' in post.body_html
    assert status_of(event, world.gina) is None and event.going_count == 0  # the organiser hosts: no place taken


def test_bad_input_is_refused_and_nothing_is_stored(world):
    cases = [
        (fields(title=" "), "title is empty"),
        (fields(description=""), "description is empty"),
        (fields(starts_at=None), "starts"),
        (fields(ends_at=timezone.now() + timedelta(days=2)), "end comes before the start"),
        (fields(starts_at=timezone.now() - timedelta(hours=1)), "in the past"),
        (fields(online_url="javascript:alert(1)"), "https://"),
        (fields(online_url="ftp://files.example.com/x"), "https://"),
        (fields(place="", online_url=""), "Say where"),
        (fields(capacity=0), "between 1"),
        (fields(ends_at=timezone.now() + timedelta(days=30)), "at most 14 days"),
    ]
    for bad, words in cases:
        with pytest.raises(ValidationError) as exc:
            services.event_create(organiser=world.gina, fields=bad)
        assert words in " ".join(exc.value.messages)
    assert not Event.objects.exists() and not Post.objects.filter(title="Budget walkthrough").exists()


def test_an_event_goes_only_in_a_group_the_organiser_belongs_to(world, make_event):
    with pytest.raises(PermissionDenied):
        make_event(world.otto, group=world.private)
    assert make_event(world.alice, group=world.private).post.group == world.private


def test_no_end_means_an_hour(world):
    start = timezone.now() + timedelta(days=1)
    event = services.event_create(organiser=world.gina, fields=fields(starts_at=start, ends_at=None))
    assert event.ends_at == start + timedelta(hours=1)


def test_times_near_midnight_are_stored_in_utc_and_shown_in_each_zone(world):
    """Entered as 00:30 on 1 March in Auckland (UTC+13 in summer): 11:30 UTC the day before."""
    world.gina.time_zone = "Pacific/Auckland"
    world.gina.save(update_fields=["time_zone"])
    start = at(2030, 3, 1, 0, 30, "Pacific/Auckland")
    event = services.event_create(organiser=world.gina, fields=fields(starts_at=start, ends_at=start + timedelta(hours=1)),
                                  time_zone="Pacific/Auckland")
    event.refresh_from_db()
    assert event.starts_at == datetime(2030, 2, 28, 11, 30, tzinfo=UTC)
    assert "Fri 1 Mar 2030, 00:30–01:30 (Pacific/Auckland)" in event.post.body  # the organiser's own day
    import zoneinfo

    assert services.when_text(event.starts_at, event.ends_at, zoneinfo.ZoneInfo("America/Los_Angeles")) == \
        "Thu 28 Feb 2030, 03:30–04:30 (America/Los_Angeles)"
    late = at(2030, 3, 1, 23, 30, "Pacific/Auckland")
    assert services.when_text(late, late + timedelta(hours=1), zoneinfo.ZoneInfo("Pacific/Auckland")) == \
        "Fri 1 Mar 2030, 23:30–Sat 2 Mar 2030, 00:30 (Pacific/Auckland)"


# --- RSVP ----------------------------------------------------------------------------------------

def test_rsvp_changes_keep_the_counts(world, make_event):
    event = make_event()
    assert services.rsvp_set(person=world.alice, event=event, status=GOING).status == GOING
    services.rsvp_set(person=world.otto, event=event, status=MAYBE)
    event.refresh_from_db()
    assert (event.going_count, event.maybe_count) == (1, 1)
    services.rsvp_set(person=world.alice, event=event, status=MAYBE)
    services.rsvp_set(person=world.otto, event=event, status=NO)
    event.refresh_from_db()
    assert (event.going_count, event.maybe_count) == (0, 1)
    assert Rsvp.objects.filter(event=event).count() == 2  # one row per person, whatever they changed
    with pytest.raises(ValidationError):
        services.rsvp_set(person=world.alice, event=event, status="perhaps")


def test_capacity_counts_going_and_the_waitlist_moves_up(world, make_event, django_capture_on_commit_callbacks):
    event = make_event(capacity=2)  # gina organises and takes none of the places
    services.rsvp_set(person=world.alice, event=event, status=GOING)
    services.rsvp_set(person=world.erin, event=event, status=GOING)
    full = services.rsvp_set(person=world.otto, event=event, status=GOING)
    assert full.status == WAITLIST and "waitlist" in full.message
    services.rsvp_set(person=world.olga, event=event, status=MAYBE)  # maybe does not take a place
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count, event.maybe_count) == (2, 1, 1) and event.is_full()
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_set(person=world.alice, event=event, status=NO)
    assert status_of(event, world.otto) == GOING
    assert "moved up from the waitlist" in event_notes(world.otto)[0].message
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count) == (2, 0)


def test_without_a_waitlist_a_full_event_says_so(world, make_event):
    event = make_event(capacity=1, waitlist=False)
    services.rsvp_set(person=world.erin, event=event, status=GOING)
    with pytest.raises(ValidationError) as exc:
        services.rsvp_set(person=world.alice, event=event, status=GOING)
    assert "full" in exc.value.messages[0] and "maybe" in exc.value.messages[0]
    assert not Rsvp.objects.filter(person=world.alice).exists()
    assert services.rsvp_set(person=world.alice, event=event, status=MAYBE).status == MAYBE


def test_a_larger_capacity_lets_the_waitlist_in(world, make_event):
    event = make_event(capacity=1)
    services.rsvp_set(person=world.erin, event=event, status=GOING)
    services.rsvp_set(person=world.alice, event=event, status=GOING)
    assert status_of(event, world.alice) == WAITLIST
    services.event_update(person=world.gina, event=event, fields=fields(starts_at=event.starts_at,
                                                                        ends_at=event.ends_at, capacity=5))
    assert status_of(event, world.alice) == GOING


def test_no_answers_once_cancelled_or_over(world, make_event):
    event = make_event()
    services.event_cancel(person=world.gina, event=event)
    with pytest.raises(ValidationError, match="cancelled"):
        services.rsvp_set(person=world.alice, event=event, status=GOING)
    past = make_event()
    Event.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(hours=3),
                                            ends_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(ValidationError, match="over"):
        services.rsvp_set(person=world.alice, event=past, status=GOING)


# --- editing and cancelling ------------------------------------------------------------------

def test_only_the_organiser_edits_and_attendees_hear_of_a_new_time(world, make_event, django_capture_on_commit_callbacks):
    event = make_event()
    services.rsvp_set(person=world.alice, event=event, status=GOING)
    services.rsvp_set(person=world.otto, event=event, status=NO)
    new_start = event.starts_at + timedelta(days=1)
    with pytest.raises(PermissionDenied):
        services.event_update(person=world.alice, event=event, fields=fields(starts_at=new_start))
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(person=world.gina, event=event, fields=fields(starts_at=new_start, title="Budget Q&A"))
    event.refresh_from_db()
    assert event.sequence == 1 and event.title == "Budget Q&A"
    assert event.post.title == "Budget Q&A" and PostRevision.objects.filter(post=event.post).count() == 1
    assert "changed the time or place" in event_notes(world.alice)[0].message
    assert event_notes(world.otto) == []  # said no: not bothered


def test_cancelling_tells_attendees_and_marks_the_post(world, make_event, django_capture_on_commit_callbacks):
    event = make_event()
    services.rsvp_set(person=world.alice, event=event, status=MAYBE)
    with pytest.raises(PermissionDenied):
        services.event_cancel(person=world.olga, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(person=world.gina, event=event, reason="The speaker is ill.")
    event.refresh_from_db()
    assert event.is_cancelled and event.post.title.startswith("Cancelled: ")
    assert event.post.body.startswith("**Cancelled.**")
    assert event_notes(world.alice)[0].message == "cancelled “Budget walkthrough”"
    with pytest.raises(ValidationError):
        services.event_cancel(person=world.gina, event=event)


# --- reminders -------------------------------------------------------------------------------

def test_reminders_go_once_a_day_and_once_an_hour_before_even_when_run_twice(world, make_event,
                                                                              django_capture_on_commit_callbacks):
    now = timezone.now()
    event = make_event(starts_at=now + timedelta(hours=23))
    services.rsvp_set(person=world.alice, event=event, status=GOING)
    services.rsvp_set(person=world.otto, event=event, status=MAYBE)
    services.rsvp_set(person=world.olga, event=event, status=NO)
    cancelled = make_event(starts_at=now + timedelta(hours=20))
    services.rsvp_set(person=world.alice, event=cancelled, status=GOING)
    services.event_cancel(person=world.gina, event=cancelled)
    later = make_event(starts_at=now + timedelta(days=3))
    services.rsvp_set(person=world.alice, event=later, status=GOING)
    Notification.objects.filter(recipient=world.alice).delete()  # the cancellation's own note is another test's

    with django_capture_on_commit_callbacks(execute=True):
        first = services.reminders_send(now)
        second = services.reminders_send(now)  # a second worker, or the next tick
    assert first.created == 2  # alice and otto (gina organises: no answer, no reminder from herself)
    assert second.created == 0
    (note,) = event_notes(world.alice)
    local = event.starts_at.astimezone(services.zone_of(world.alice))
    assert note.message.startswith("is expecting you at “Budget walkthrough” ")
    assert note.message.endswith(f"at {local:%H:%M} (America/Los_Angeles)") and note.link == f"/events/{event.pk}/"
    assert len(event_notes(world.otto)) == 1 and event_notes(world.olga) == []

    soon = now + timedelta(hours=22, minutes=30)  # 30 minutes before
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(soon).created == 2
        assert services.reminders_send(soon).created == 0
    assert "in about an hour" in event_notes(world.alice)[-1].message
    assert EventReminder.objects.filter(person=world.alice).count() == 2
    assert len(event_notes(world.alice)) == 2


def test_two_workers_racing_write_one_reminder(world, make_event):
    """The unique constraint is the guard: a reminder row written between the check and the insert wins."""
    now = timezone.now()
    event = make_event(starts_at=now + timedelta(minutes=40))
    services.rsvp_set(person=world.alice, event=event, status=GOING)
    EventReminder.objects.create(event=event, person=world.alice, lead=EventReminder.Lead.HOUR)
    services.rsvp_set(person=world.otto, event=event, status=GOING)
    run = services.reminders_send(now)
    assert run.created == 1  # otto's; alice's was there already
    assert EventReminder.objects.filter(person=world.alice).count() == 1


def test_the_reminder_task_is_scheduled_every_five_minutes():
    from huey.contrib.djhuey import HUEY

    from townsquare.events import tasks  # noqa: F401  (registers the task)

    assert all("event_reminders" in {t.name for t in HUEY.read_periodic(datetime(2025, 1, 15, 9, m))} for m in (0, 5, 55))
    assert "event_reminders" not in {t.name for t in HUEY.read_periodic(datetime(2025, 1, 15, 9, 7))}


def test_the_reminder_command_and_task(world, make_event):
    from townsquare.events import tasks

    event = make_event(starts_at=timezone.now() + timedelta(minutes=30))
    services.rsvp_set(person=world.alice, event=event, status=GOING)
    services.rsvp_set(person=world.otto, event=event, status=MAYBE)
    call_command("event_reminders")
    tasks.event_reminders.call_local()
    assert EventReminder.objects.filter(event=event).count() == 2


# --- iCalendar -------------------------------------------------------------------------------

def test_ics_is_parsed_back_with_correct_utc_times_uid_url_and_location(world, make_event):
    event = make_event(starts_at=at(2030, 3, 1, 0, 30, "Pacific/Auckland"), online_url="https://meet.example.com/b")
    cal = icalendar.Calendar.from_ical(ical.calendar_bytes([event], base_url="https://ts.example.com"))
    (item,) = cal.walk("VEVENT")
    assert item.decoded("dtstart") == datetime(2030, 2, 28, 11, 30, tzinfo=UTC)
    assert item.decoded("dtend") == datetime(2030, 2, 28, 12, 30, tzinfo=UTC)
    assert "DTSTART:20300228T113000Z" in cal.to_ical().decode()
    assert str(item["uid"]) == f"event-{event.pk}@townsquare"
    assert str(item["url"]) == f"https://ts.example.com/events/{event.pk}/"
    assert str(item["location"]) == "Room 4.01, https://meet.example.com/b"
    assert str(item["summary"]) == "Budget walkthrough" and str(item["status"]) == "CONFIRMED"
    services.event_cancel(person=world.gina, event=event)
    event.refresh_from_db()
    (item,) = icalendar.Calendar.from_ical(ical.calendar_bytes([event], base_url="https://x")).walk("VEVENT")
    assert str(item["status"]) == "CANCELLED" and int(item["sequence"]) == 1


# --- the calendar feed -----------------------------------------------------------------------

def test_the_feed_holds_my_going_and_maybe_events_and_the_token_resets(world, make_event, client):
    going = make_event(title="Going one")
    maybe = make_event(title="Maybe one", group=world.private)
    declined = make_event(title="Declined one")
    services.rsvp_set(person=world.alice, event=going, status=GOING)
    services.rsvp_set(person=world.alice, event=maybe, status=MAYBE)
    services.rsvp_set(person=world.alice, event=declined, status=NO)
    token = services.calendar_token_for(world.alice).token
    response = client.get(f"/events/calendar/{token}.ics")  # no session: the token is the key
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    titles = {str(e["summary"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert titles == {"Going one", "Maybe one"}

    # leaving the private group takes its event out of the feed
    conversations.group_leave(person=world.alice, group=world.private)
    titles = {str(e["summary"]) for e in icalendar.Calendar.from_ical(
        client.get(f"/events/calendar/{token}.ics").content).walk("VEVENT")}
    assert titles == {"Going one"}

    new = services.calendar_token_reset(world.alice).token
    assert new != token
    assert client.get(f"/events/calendar/{token}.ics").status_code == 404
    assert client.get(f"/events/calendar/{new}.ics").status_code == 200
    assert client.get("/events/calendar/not-a-token.ics").status_code == 404
    dave_token = services.calendar_token_for(world.dave).token
    assert client.get(f"/events/calendar/{dave_token}.ics").status_code == 404  # deactivated


# --- ask me anything -------------------------------------------------------------------------

def test_only_leaders_host_an_ama_and_it_is_company_wide(world, make_event):
    with pytest.raises(ValidationError, match="Only leaders"):
        make_event(world.alice, kind=Event.Kind.AMA)
    practices.leader_add(admin=world.olga, person=world.erin)
    with pytest.raises(ValidationError, match="whole company"):
        make_event(world.erin, kind=Event.Kind.AMA, group=world.public)
    ama = make_event(world.erin, kind=Event.Kind.AMA, title="Ask Erin anything")
    assert ama.post.group is None and access.can_host_ama(world.erin)


def test_ama_questions_are_practices_questions_to_the_host_with_votes(world, make_event):
    practices.leader_add(admin=world.olga, person=world.erin)
    ama = make_event(world.erin, kind=Event.Kind.AMA)
    q1 = services.ama_question_ask(asker=world.alice, event=ama, body="What surprised you this year?")
    q2 = services.ama_question_ask(asker=world.otto, event=ama, body="How do we pick priorities?")
    practices.question_ask(asker=world.alice, leader=world.erin, body="Before the AMA, elsewhere")
    during = practices.question_ask(asker=world.gina, leader=world.erin, body="Asked in Ask leadership during it")
    during.created_at = ama.starts_at + timedelta(minutes=10)
    during.save(update_fields=["created_at"])
    practices.leader_add(admin=world.olga, person=world.gina)
    other = practices.question_ask(asker=world.alice, leader=world.gina, body="To another leader, at the same time")
    other.created_at = during.created_at
    other.save(update_fields=["created_at"])
    practices.question_vote_toggle(person=world.alice, question=q2)
    assert q1.leader == world.erin and q1.post.group is None
    assert [q.pk for q in selectors.ama_questions(world.otto, ama)] == [q2.pk, q1.pk, during.pk]
    with pytest.raises(ValidationError):
        services.ama_question_ask(asker=world.alice, event=ama, body=" ")
    plain = make_event()
    with pytest.raises(ValidationError):
        services.ama_question_ask(asker=world.alice, event=plain, body="Hi?")


# --- lists and access ------------------------------------------------------------------------

def test_private_group_events_are_for_members_only(world, make_event):
    event = make_event(world.alice, group=world.private, title="Close the books")
    public = make_event(title="Open to all")
    assert {e.title for e in selectors.events_list(world.otto)} == {"Open to all"}
    assert {e.title for e in selectors.events_list(world.alice)} == {"Open to all", "Close the books"}
    from django.http import Http404

    with pytest.raises(Http404):
        access.access_event(world.otto, event.pk)
    assert access.access_event(world.otto, public.pk) == public



def test_access_by_action_is_the_same_404_as_not_found(world, make_event):
    """Edit and cancel are the organiser's, edit only while not cancelled, ask only on an AMA: anyone else,
    or any other event, gets exactly the 404 an unknown id gives."""
    from django.http import Http404

    event = make_event(world.alice, title="Team lunch")
    secret = make_event(world.gina, group=world.secret, title="Board rehearsal")

    def refused(person, event_id, action) -> str:
        with pytest.raises(Http404) as caught:
            access.access_event(person, event_id, action=action)
        return str(caught.value)

    assert access.access_event(world.alice, event.pk, action="edit") == event
    assert access.access_event(world.alice, event.pk, action="cancel") == event
    assert access.access_event(world.otto, event.pk) == event
    assert {refused(world.otto, event.pk, "edit"), refused(world.olga, event.pk, "cancel"),
            refused(world.gina, event.pk, "ask"), refused(world.otto, secret.pk, "read"),
            refused(world.alice, 999_999, "edit"), refused(world.alice, "nope", "read")} == {"No such event"}
    services.event_cancel(person=world.alice, event=event)
    assert refused(world.alice, event.pk, "edit") == "No such event"
    assert access.access_event(world.alice, event.pk, action="cancel") == event  # saying so is the service's job
    practices.leader_add(admin=world.olga, person=world.erin)
    ama = make_event(world.erin, kind=Event.Kind.AMA, title="Ask Erin")
    assert access.access_event(world.otto, ama.pk, action="ask") == ama
    with pytest.raises(ValueError):
        access.access_event(world.alice, ama.pk, action="delete")


def test_group_events_and_causes_by_action(world):
    from django.http import Http404

    from townsquare.conversations.models import Group

    assert access.access_group_events(world.alice, world.private.slug) == world.private
    for person, slug in ((world.otto, world.private.slug), (world.otto, world.secret.slug), (world.alice, "nope")):
        with pytest.raises(Http404, match="No such group"):
            access.access_group_events(person, slug)
    cause = conversations.group_create(creator=world.gina, name="Green Team", kind=Group.Kind.CAUSE)
    assert access.access_cause(world.otto, cause.slug) == cause
    assert access.access_cause(world.gina, cause.slug, action="add_opportunity") == cause
    for person, slug, action in ((world.otto, cause.slug, "add_opportunity"), (world.alice, world.public.slug, "read")):
        with pytest.raises(Http404, match="No such cause"):
            access.access_cause(person, slug, action=action)


def test_the_calendar_token_is_the_key_to_its_owner(world):
    from django.http import Http404

    assert access.access_calendar(services.calendar_token_for(world.alice).token) == world.alice
    for token in ("not-a-token", "", services.calendar_token_for(world.dave).token):
        with pytest.raises(Http404, match="No such calendar"):
            access.access_calendar(token)


def test_upcoming_past_and_mine(world, make_event):
    soon = make_event(title="Soon")
    mine = make_event(world.alice, title="Alice's")
    old = make_event(title="Old")
    Event.objects.filter(pk=old.pk).update(starts_at=timezone.now() - timedelta(days=2),
                                           ends_at=timezone.now() - timedelta(days=2, hours=-1))
    services.rsvp_set(person=world.alice, event=soon, status=MAYBE)
    assert {e.title for e in selectors.events_list(world.alice, show="upcoming")} == {"Soon", "Alice's"}
    assert [e.title for e in selectors.events_list(world.alice, show="past")] == ["Old"]
    listed = {e.title: e.my_status for e in selectors.events_list(world.alice, show="mine")}
    assert listed == {"Soon": MAYBE, "Alice's": None}  # alice organises hers: listed, without an answer
    assert mine.post.group is None


def test_reminder_wording_uses_each_readers_day_near_midnight(world):
    """The same moment is "today" in Auckland and "tomorrow" in Los Angeles."""
    now = datetime(2030, 2, 28, 12, 0, tzinfo=UTC)
    event = Event(title="Planning", starts_at=datetime(2030, 3, 1, 10, 0, tzinfo=UTC),
                  ends_at=datetime(2030, 3, 1, 11, 0, tzinfo=UTC))
    world.otto.time_zone = "Pacific/Auckland"  # 01:00 on 1 March there; the event at 23:00 the same day
    assert services._reminder_text(event, EventReminder.Lead.DAY, world.otto, now) == \
        "is expecting you at “Planning” today at 23:00 (Pacific/Auckland)"
    assert services._reminder_text(event, EventReminder.Lead.DAY, world.alice, now) == \
        "is expecting you at “Planning” tomorrow at 02:00 (America/Los_Angeles)"
    assert services._reminder_text(event, EventReminder.Lead.HOUR, world.erin, now) == \
        "is expecting you at “Planning” in about an hour, at 21:00"


# --- issue 17: the organiser takes no place; the waitlist says where you are ----------------------------

def test_the_organiser_takes_no_place_so_a_one_place_event_has_room(world, make_event):
    event = make_event(capacity=1)
    event.refresh_from_db()
    assert event.going_count == 0 and not event.is_full() and event.places_left == 1
    assert services.rsvp_set(person=world.alice, event=event, status=GOING).status == GOING
    event.refresh_from_db()
    assert event.going_count == 1 and event.is_full()
    with pytest.raises(ValidationError, match="You're the organiser"):
        services.rsvp_set(person=world.gina, event=event, status=GOING)
    assert status_of(event, world.gina) is None
    # still theirs: in "mine" and in the calendar feed
    assert [e.pk for e in selectors.events_list(world.gina, show="mine")] == [event.pk]
    assert [e.pk for e in selectors.calendar_events(world.gina)] == [event.pk]


def test_the_waitlist_tells_each_person_their_place(world, make_event, client_for):
    event = make_event(capacity=1)
    services.rsvp_set(person=world.alice, event=event, status=GOING)
    first = services.rsvp_set(person=world.otto, event=event, status=GOING)
    second = services.rsvp_set(person=world.erin, event=event, status=GOING)
    third = services.rsvp_set(person=world.olga, event=event, status=GOING)
    assert (first.status, second.status, third.status) == (WAITLIST, WAITLIST, WAITLIST)
    assert "you're 1st on the waitlist" in first.message and "you're 3rd on the waitlist" in third.message
    assert [selectors.waitlist_position(person=p, event=event) for p in (world.otto, world.erin, world.olga)] == [1, 2, 3]
    assert selectors.waitlist_position(person=world.alice, event=event) is None
    page = client_for(world.olga).get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "You're <strong>3rd</strong> on the waitlist" in page
    services.rsvp_set(person=world.alice, event=event, status=NO)  # otto moves up; olga is now 2nd
    assert selectors.waitlist_position(person=world.olga, event=event) == 2
    assert [selectors.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


def test_the_organiser_sees_their_role_and_no_answer_buttons(world, make_event, client_for):
    event = make_event(capacity=1)
    page = client_for(world.gina).get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "You're the organiser" in page and "you take none of the 1 place" in page
    assert 'aria-label="Your answer"' not in page
    response = client_for(world.gina).post(reverse("event_rsvp", args=[event.pk]), {"status": "going"})
    assert response.status_code == 400 and "You're the organiser" in response.content.decode()


def test_the_migration_takes_the_organisers_place_back_and_moves_the_waitlist_up(world, make_event):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("townsquare.events.migrations.0002_organiser_takes_no_place")
    event = make_event(capacity=1)
    past = make_event(capacity=1)
    Event.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(hours=3),
                                            ends_at=timezone.now() - timedelta(hours=2))
    now = timezone.now()
    for e in (event, past):  # as the old code stored them: the organiser going, someone waiting
        Rsvp.objects.create(event=e, person=world.gina, status=GOING, created_at=now, updated_at=now)
        Rsvp.objects.create(event=e, person=world.alice, status=WAITLIST, created_at=now, updated_at=now)
        Rsvp.objects.create(event=e, person=world.otto, status=WAITLIST, created_at=now, updated_at=now)
        Event.objects.filter(pk=e.pk).update(going_count=1, waitlist_count=2)
    migration.forwards(apps, None)
    event.refresh_from_db()
    past.refresh_from_db()
    assert status_of(event, world.gina) is None and status_of(past, world.gina) is None
    assert status_of(event, world.alice) == GOING and status_of(event, world.otto) == WAITLIST
    assert (event.going_count, event.waitlist_count) == (1, 1)
    assert "moved up from the waitlist" in event_notes(world.alice)[-1].message
    assert status_of(past, world.alice) == WAITLIST and (past.going_count, past.waitlist_count) == (0, 2)
    migration.forwards(apps, None)  # a second run changes nothing
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count) == (1, 1) and len(event_notes(world.alice)) == 1
