"""Issue 17 #5: polls through the API — results as the poll's page shows them, one vote, anonymous stays
anonymous."""

from datetime import timedelta

import pytest
from django.utils import timezone

from townsquare.practices import services as practices
from townsquare.practices.models import Poll, PollParticipant, PollVote

pytestmark = pytest.mark.django_db


def test_results_show_after_voting_as_on_the_page(api_as, world):
    poll = practices.poll_create(author=world.gina, question="Offsite?", options=["Yes", "No"])
    client = api_as(world.alice)
    before = client.get(f"/polls/{poll.pk}").body
    assert before["show_results"] is False and before["voter_count"] is None
    assert [o["vote_count"] for o in before["options"]] == [None, None]
    yes = before["options"][0]["id"]
    voted = client.post(f"/polls/{poll.pk}/votes", {"options": [yes]})
    assert voted.status_code == 201 and voted.body["voted"] and voted.body["show_results"]
    assert [(o["vote_count"], o["percent"], o["mine"]) for o in voted.body["options"]] == [(1, 100, True), (0, 0, False)]
    again = client.post(f"/polls/{poll.pk}/votes", {"options": [yes]})
    assert again.status_code == 409 and "already" in again.body["error"]["message"]
    assert Poll.objects.get(pk=poll.pk).voter_count == 1


def test_an_anonymous_poll_stays_anonymous(api_as, world):
    poll = practices.poll_create(author=world.gina, question="Happy?", options=["Yes", "No"], anonymous=True)
    client = api_as(world.alice)
    option = client.get(f"/polls/{poll.pk}").body["options"][1]["id"]
    voted = client.post(f"/polls/{poll.pk}/votes", {"options": [option]}).body
    assert voted["anonymous"] and [o["vote_count"] for o in voted["options"]] == [0, 1]
    assert not any(o["mine"] for o in voted["options"])  # not even the voter's own choice is kept
    assert PollVote.objects.count() == 0 and PollParticipant.objects.filter(poll=poll).count() == 1
    as_author = api_as(world.gina).get(f"/polls/{poll.pk}").body
    assert "voters" not in as_author and not any(o["mine"] for o in as_author["options"])


def test_a_private_groups_poll_is_404_for_outsiders(api_as, world):
    poll = practices.poll_create(author=world.alice, question="Close early?", options=["Yes", "No"],
                                 group=world.private)
    option = poll.options.first().pk
    otto = api_as(world.otto)
    assert otto.get(f"/polls/{poll.pk}").status_code == 404
    assert otto.post(f"/polls/{poll.pk}/votes", {"options": [option]}).status_code == 404
    assert api_as(world.gina).get(f"/polls/{poll.pk}").status_code == 200


def test_bad_votes_are_clear_422s_and_change_nothing(api_as, world):
    poll = practices.poll_create(author=world.gina, question="Lunch?", options=["Soup", "Salad"])
    other = practices.poll_create(author=world.gina, question="Other?", options=["A", "B"])
    ids = [o.pk for o in poll.options.all()]
    client = api_as(world.alice)
    both = client.post(f"/polls/{poll.pk}/votes", {"options": ids})
    assert both.status_code == 422 and "one choice" in both.body["error"]["message"]
    foreign = client.post(f"/polls/{poll.pk}/votes", {"options": [other.options.first().pk]})
    assert foreign.status_code == 422 and "options" in foreign.body["error"]["message"]
    assert client.post(f"/polls/{poll.pk}/votes", {"options": []}).status_code == 422
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    closed = client.post(f"/polls/{poll.pk}/votes", {"options": ids[:1]})
    assert closed.status_code == 422 and "closed" in closed.body["error"]["message"]
    assert client.get(f"/polls/{poll.pk}").body["show_results"] is True  # a closed poll shows its results
    assert PollParticipant.objects.count() == 0


def test_a_read_only_token_cannot_vote(api_as, world):
    poll = practices.poll_create(author=world.gina, question="Offsite?", options=["Yes", "No"])
    response = api_as(world.alice, scope="read").post(f"/polls/{poll.pk}/votes", {"options": [poll.options.first().pk]})
    assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert PollParticipant.objects.count() == 0
