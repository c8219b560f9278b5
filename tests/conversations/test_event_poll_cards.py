"""Events and polls from the composer (issue 17 #3): made through the events and practices services inside the
post's transaction, with their own cards in feeds (an event's date and RSVP button, a poll voted on inline by htmx),
anonymous polls staying anonymous; bad input stores nothing."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from townsquare.conversations.models import Post
from townsquare.events.models import Event, Rsvp
from townsquare.practices.models import Poll, PollParticipant, PollVote


def _local(days: int, hour: int, person) -> str:
    import zoneinfo

    moment = (timezone.now() + timedelta(days=days)).astimezone(zoneinfo.ZoneInfo(person.time_zone or "UTC"))
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def test_an_event_from_the_composer_has_its_own_card(world, client_for):
    client = client_for(world.alice)
    response = client.post(reverse("post_create"), {
        "kind": "event", "title": "Budget clinic", "body": "Bring your questions about next year's numbers.",
        "event_starts_at": _local(3, 14, world.alice), "event_place": "Room 4.2", "event_capacity": "12",
        "group": world.public.slug})
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(title="Budget clinic")
    event = Event.objects.get(post=post)
    assert post.kind == "event" and event.capacity == 12 and event.place == "Room 4.2"
    assert Rsvp.objects.filter(event=event, person=world.alice, status="going").exists()
    html = client_for(world.otto).get(reverse("group_detail", args=[world.public.slug])).content.decode()
    assert 'data-testid="event-card"' in html and "RSVP: I'm going" in html and "Room 4.2" in html
    assert '<span class="kind kind-event">Event</span>' in html and ">Update<" not in html
    assert "11 places left" in html
    # the organiser is going: no RSVP button for them
    html = client.get(reverse("group_detail", args=[world.public.slug])).content.decode()
    assert "You are going" in html and "RSVP: I'm going" not in html


def test_an_event_without_a_start_or_title_stores_nothing(world, client_for):
    client = client_for(world.alice)
    before = Post.objects.count()
    response = client.post(reverse("post_create"), {"kind": "event", "title": "Clinic", "body": "Questions welcome"})
    assert response.status_code == 400 and "An event needs a start time and a place" in response.content.decode()
    response = client.post(reverse("post_create"), {"kind": "event", "body": "No title",
                                                    "event_starts_at": _local(2, 10, world.alice), "event_place": "Hall"})
    assert response.status_code == 400 and "An event needs a title" in response.content.decode()
    response = client.post(reverse("post_create"), {"kind": "event", "title": "Past", "body": "Too late",
                                                    "event_starts_at": "2020-01-01T10:00", "event_place": "Hall"})
    assert response.status_code == 400 and "The start is in the past" in response.content.decode()
    assert Post.objects.count() == before and Event.objects.count() == 0


def test_a_poll_from_the_composer_is_voted_on_inline_and_stays_anonymous(world, client_for):
    client = client_for(world.alice)
    response = client.post(reverse("post_create"), {
        "kind": "poll", "body": "Which day suits the offsite?", "poll_options": "Tuesday\nThursday\nFriday",
        "poll_anonymous": "1"})
    assert response.status_code == 302
    poll = Poll.objects.get(post__body="Which day suits the offsite?")
    assert poll.anonymous and poll.question == "Which day suits the offsite?" and poll.post.kind == "poll"
    gina = client_for(world.gina)
    html = gina.get(reverse("company")).content.decode()
    assert 'data-testid="poll-card"' in html and f'hx-post="{reverse("poll_vote", args=[poll.pk])}"' in html
    thursday = poll.options.get(label="Thursday")
    response = gina.post(reverse("poll_vote", args=[poll.pk]), {"option": thursday.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div class="poll-card"') and "<html" not in fragment
    assert "Your vote is in. Nobody can see what you chose." in fragment and "1 · 100%" in fragment
    assert "Gina" not in fragment
    assert PollParticipant.objects.filter(poll=poll).count() == 1 and PollVote.objects.count() == 0
    again = gina.post(reverse("poll_vote", args=[poll.pk]), {"option": thursday.pk}, headers={"HX-Request": "true"})
    assert again.status_code == 400 and "voted in this poll already" in again.content.decode()
    poll.refresh_from_db()
    assert poll.voter_count == 1
    # the feed's card now shows gina the results, and alice still the buttons
    assert "Your vote is in" in gina.get(reverse("company")).content.decode()
    assert "Your vote is in" not in client.get(reverse("company")).content.decode()


def test_a_poll_needs_two_to_six_options(world, client_for):
    client = client_for(world.alice)
    before = Post.objects.count()
    response = client.post(reverse("post_create"), {"kind": "poll", "body": "Lunch?", "poll_options": "Yes"})
    assert response.status_code == 400 and "at least 2 options" in response.content.decode()
    response = client.post(reverse("post_create"), {"kind": "poll", "body": "Lunch?",
                                                    "poll_options": "\n".join("abcdefg")})
    assert response.status_code == 400 and "takes 2 to 6" in response.content.decode()
    response = client.post(reverse("post_create"), {"kind": "poll", "body": "Lunch?"})
    assert response.status_code == 400 and "A poll needs options" in response.content.decode()
    assert Post.objects.count() == before and Poll.objects.count() == 0
