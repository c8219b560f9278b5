"""Pages: bad input is a 400 with the form again and nothing changed; the htmx vote fragment."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from townsquare.practices import selectors, services
from townsquare.practices.models import Poll, Question


def test_ask_form_errors_keep_the_text(world, client_for):
    services.leader_add(admin=world.olga, person=world.erin)
    r = client_for(world.alice).post("/ask/new/", {"leader": "erin", "kind": "question", "body": ""})
    assert r.status_code == 400 and b"is empty" in r.content and not Question.objects.exists()
    r = client_for(world.alice).post("/ask/new/", {"leader": "", "body": "Keep me"})
    assert r.status_code == 400 and b"Keep me" in r.content


def test_vote_fragment_on_htmx(world, client_for):
    services.leader_add(admin=world.olga, person=world.erin)
    q = services.question_ask(asker=world.alice, leader=world.erin, body="Why?")
    r = client_for(world.otto).post(f"/ask/{q.pk}/vote/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and b'aria-pressed="true"' in r.content and b"<html" not in r.content


def test_ask_list_filters_and_empty_state(world, client_for):
    services.leader_add(admin=world.olga, person=world.erin)
    services.leader_add(admin=world.olga, person=world.gina)
    client = client_for(world.otto)
    assert b"No questions yet" in client.get("/ask/").content
    services.question_ask(asker=world.alice, leader=world.erin, body="About erin's plan")
    q = services.question_ask(asker=world.alice, leader=world.gina, body="About gina's budget")
    services.question_decline(person=world.gina, question=q, reason="Asked twice.")
    page = client.get("/ask/", {"status": "declined"}).content.decode()
    assert "gina&#x27;s budget" in page and "erin&#x27;s plan" not in page
    page = client.get("/ask/", {"leader": "erin"}).content.decode()
    assert "erin&#x27;s plan" in page and "gina&#x27;s budget" not in page
    assert b"Nothing matches" in client.get("/ask/", {"status": "answered"}).content


def test_poll_form_errors(world, client_for):
    client = client_for(world.alice)
    past = (timezone.now().astimezone(ZoneInfo(world.alice.time_zone)) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    for data in ({"question": "", "options": "A\nB"}, {"question": "Q", "options": "A"},
                 {"question": "Q", "options": "A\na"}, {"question": "Q", "options": "A\nB", "closes_at": past},
                 {"question": "Q", "options": "A\nB", "closes_at": "soon"},
                 {"question": "Q", "options": "\n".join("abcdefghijk")}):
        r = client.post("/polls/new/", data)
        assert r.status_code == 400, data
        assert b'data-testid="poll-error"' in r.content
    assert not Poll.objects.exists()


def test_poll_vote_twice_is_400(world, client_for):
    poll = services.poll_create(author=world.gina, question="Tea or coffee?", options="Tea\nCoffee")
    client = client_for(world.alice)
    first = poll.options.first().pk
    assert client.post(f"/polls/{poll.pk}/vote/", {"option": first}).status_code == 302
    r = client.post(f"/polls/{poll.pk}/vote/", {"option": first})
    assert r.status_code == 400 and b"already" in r.content
    assert client.post(f"/polls/{poll.pk}/vote/", {"option": "x"}).status_code == 400
    poll.refresh_from_db()
    assert poll.voter_count == 1


def test_a_poll_goes_only_in_a_group_one_is_an_active_member_of(world, client_for):
    from townsquare.conversations.models import Membership

    Membership.objects.create(group=world.public, person=world.otto, state=Membership.State.REQUESTED)
    assert list(selectors.poll_groups(world.alice)) == [world.secret, world.public, world.private]
    assert selectors.poll_group(world.alice, "finance-team") == world.private
    assert selectors.poll_group(world.otto, "data-guild") is None and selectors.poll_group(world.alice, "") is None
    form = client_for(world.otto).get("/polls/new/")
    assert list(form.context["groups"]) == []
    r = client_for(world.otto).post("/polls/new/", {"question": "Q", "options": "A\nB", "group": "data-guild"})
    assert r.status_code == 400 and b"a group you are a member of" in r.content
    assert not Poll.objects.exists()
