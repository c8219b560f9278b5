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


# --- POST /polls: a new poll, as the poll form makes it -----------------------------------------

def test_start_a_poll_and_read_it_back(api_as, world):
    client = api_as(world.alice)
    closes = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    made = client.post("/polls", {"question": "Where shall we meet?", "options": ["Room 1", "Online", "Café"],
                                  "multiple": True, "closes_at": closes.isoformat()})
    assert made.status_code == 201, made.body
    body = made.body
    assert body["question"] == "Where shall we meet?" and body["author"]["handle"] == "alice"
    assert [o["label"] for o in body["options"]] == ["Room 1", "Online", "Café"]
    assert body["multiple"] and not body["anonymous"] and body["group"] is None and not body["voted"]
    assert body["show_results"] is False and body["voter_count"] is None
    poll = Poll.objects.get(pk=body["id"])
    assert poll.closes_at == closes and poll.post_id == body["post_id"] and poll.post.kind == "poll"
    assert client.get(f"/polls/{poll.pk}").body == body  # answers the poll as GET /polls/{id} does


def test_a_closing_time_without_an_offset_is_read_in_the_authors_zone(api_as, world):
    world.alice.time_zone = "Europe/Paris"
    world.alice.save(update_fields=["time_zone"])
    made = api_as(world.alice).post("/polls", {"question": "Lunch?", "options": ["Soup", "Salad"],
                                               "closes_at": "2999-06-01T12:00:00"})
    assert made.status_code == 201, made.body
    assert Poll.objects.get(pk=made.body["id"]).closes_at.isoformat() == "2999-06-01T10:00:00+00:00"


def test_a_poll_in_a_group_is_for_its_members(api_as, world):
    made = api_as(world.alice).post("/polls", {"question": "Close early?", "options": ["Yes", "No"],
                                               "anonymous": True, "group": world.private.slug})
    assert made.status_code == 201, made.body
    assert made.body["group"]["slug"] == world.private.slug and made.body["anonymous"]
    assert api_as(world.otto).get(f"/polls/{made.body['id']}").status_code == 404
    # a group one sees but is not in: 403 saying why; one one cannot see: the same 404 as for none at all
    refused = api_as(world.otto).post("/polls", {"question": "Hi?", "options": ["A", "B"], "group": world.public.slug})
    assert refused.status_code == 403 and "member" in refused.body["error"]["message"]
    hidden = api_as(world.otto).post("/polls", {"question": "Hi?", "options": ["A", "B"], "group": world.secret.slug})
    assert hidden.status_code == 404
    assert api_as(world.otto).post("/polls", {"question": "Hi?", "options": ["A", "B"],
                                              "group": "no-such-group"}).status_code == 404
    assert Poll.objects.count() == 1


@pytest.mark.parametrize("payload, field, words", [
    ({"question": "", "options": ["A", "B"]}, "question", ""),
    ({"question": "Which?", "options": ["Only one"]}, "options", ""),
    ({"question": "Which?", "options": ["1", "2", "3", "4", "5", "6", "7"]}, "options", ""),
    ({"question": "Which?", "options": ["Two\nlines", "B"]}, "options.0", ""),
    ({"question": "Which?", "options": ["A", "B"], "multiple": "yes"}, "multiple", ""),
    ({"question": "Which?", "options": ["Tea", "tea"]}, None, "twice"),
    ({"question": "Which?", "options": ["A", "B"], "closes_at": "2001-01-01T00:00:00Z"}, None, "past"),
])
def test_bad_polls_are_clear_422s_and_store_nothing(api_as, world, payload, field, words):
    response = api_as(world.alice).post("/polls", payload)
    assert response.status_code == 422, response.body
    error = response.body["error"]
    assert words in error["message"] and len(error["message"]) > 20
    if field:
        assert field in error["fields"]
    assert Poll.objects.count() == 0


def test_a_read_only_token_cannot_start_a_poll(api_as, world):
    response = api_as(world.alice, scope="read").post("/polls", {"question": "Offsite?", "options": ["Yes", "No"]})
    assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert Poll.objects.count() == 0
