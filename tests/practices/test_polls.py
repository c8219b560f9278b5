"""Polls: validation, voting rules, results visibility and anonymity, inspected in the tables."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from townsquare.conversations.models import Post
from townsquare.practices import access, selectors, services
from townsquare.practices.models import Poll, PollOption, PollParticipant, PollVote


def make(w, **kw):
    args = {"author": w.gina, "question": "Where shall we meet?", "options": "Office\nPark\nCafé", **kw}
    return services.poll_create(**args)


def vote(w, poll, person, *labels):
    ids = [o.pk for o in poll.options.all() if o.label in labels]
    services.poll_vote(person=person, poll=poll, option_ids=ids)


def test_poll_is_posted_and_links_to_its_page(world):
    poll = make(world, group=world.public)
    assert poll.post.group == world.public and poll.post.author == world.gina
    assert f"/polls/{poll.pk}/" in poll.post.body_html
    assert [o.label for o in poll.options.all()] == ["Office", "Park", "Café"]


@pytest.mark.parametrize("kw, message", [
    ({"question": "  "}, "empty"),
    ({"options": "Only one"}, "at least 2"),
    ({"options": "\n".join(f"Option {i}" for i in range(11))}, "at most 10"),
    ({"options": "Park\nOffice\npark"}, "twice"),
    ({"closes_at": timezone.now() - timedelta(minutes=1)}, "past"),
])
def test_bad_polls_store_nothing(world, kw, message):
    with pytest.raises(ValidationError, match=message):
        make(world, **kw)
    assert not Poll.objects.exists() and not PollOption.objects.exists() and not Post.objects.exists()


def test_single_choice_once(world):
    poll = make(world)
    with pytest.raises(ValidationError, match="one choice"):
        vote(world, poll, world.alice, "Office", "Park")
    vote(world, poll, world.alice, "Park")
    with pytest.raises(ValidationError, match="already"):
        vote(world, poll, world.alice, "Office")
    with pytest.raises(ValidationError):
        services.poll_vote(person=world.otto, poll=poll, option_ids=[])
    poll.refresh_from_db()
    assert {o.label: o.vote_count for o in poll.options.all()} == {"Office": 0, "Park": 1, "Café": 0}
    assert poll.voter_count == 1


def test_an_option_of_another_poll_is_refused(world):
    poll, other = make(world), make(world, question="Other?")
    with pytest.raises(ValidationError):
        services.poll_vote(person=world.alice, poll=poll, option_ids=[other.options.first().pk])
    assert not PollParticipant.objects.exists()


def test_multiple_choice(world):
    poll = make(world, multiple=True)
    vote(world, poll, world.alice, "Office", "Café")
    vote(world, poll, world.otto, "Café")
    with pytest.raises(ValidationError, match="already"):
        vote(world, poll, world.alice, "Park")
    assert {o.label: o.vote_count for o in poll.options.all()} == {"Office": 1, "Park": 0, "Café": 2}
    state = selectors.poll_state(world.alice, poll)
    assert {o.label for o in state.options if o.pk in state.my_option_ids} == {"Office", "Café"}
    assert state.total_votes == 3


def test_no_votes_after_closing(world):
    poll = make(world, closes_at=timezone.now() + timedelta(hours=1))
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    poll.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        vote(world, poll, world.alice, "Park")
    assert not PollParticipant.objects.exists()


def test_results_after_voting_or_after_closing(world):
    poll = make(world)
    assert selectors.poll_state(world.alice, poll).show_results is False
    vote(world, poll, world.alice, "Park")
    assert selectors.poll_state(world.alice, poll).show_results is True
    assert selectors.poll_state(world.otto, poll).show_results is False
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    poll.refresh_from_db()
    state = selectors.poll_state(world.otto, poll)
    assert state.closed and state.show_results and not state.voted


def test_anonymous_votes_cannot_be_linked_to_the_voter(world):
    poll = make(world, anonymous=True, multiple=True)
    vote(world, poll, world.alice, "Office", "Park")
    vote(world, poll, world.otto, "Park")
    with pytest.raises(ValidationError, match="already"):
        vote(world, poll, world.otto, "Café")
    # The only rows that mention people say THAT they voted — no option, no time.
    assert not PollVote.objects.exists()
    participant_columns = {f.column for f in PollParticipant._meta.concrete_fields}
    assert participant_columns == {"id", "poll_id", "person_id"}
    option_columns = {f.column for f in PollOption._meta.concrete_fields}
    assert not any("person" in c or "voter" in c for c in option_columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT person_id FROM {PollParticipant._meta.db_table} WHERE poll_id = %s", [poll.pk])
        rows = cursor.fetchall()
        cursor.execute(f"SELECT * FROM {PollVote._meta.db_table}")
        assert cursor.fetchall() == []
    assert sorted(r[0] for r in rows) == sorted([world.alice.pk, world.otto.pk])
    assert {o.label: o.vote_count for o in poll.options.all()} == {"Office": 1, "Park": 2, "Café": 0}
    assert selectors.poll_state(world.alice, poll).my_option_ids == set()


def test_a_poll_follows_its_posts_visibility(world):
    from django.http import Http404

    poll = make(world, author=world.alice, group=world.private)
    assert access.access_poll(world.gina, poll.pk) == poll
    for outsider in (world.otto, world.olga):
        with pytest.raises(Http404):
            access.access_poll(outsider, poll.pk)
    with pytest.raises(Http404):
        access.access_poll(world.alice, "nope")
