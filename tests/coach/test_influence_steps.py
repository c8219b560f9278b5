"""Coach integration (issue 16 #6): once habits are steady the grow step suggests a first test (an experiment, when
that part of influence is installed) and asking for feedback on a recent post; the weekly review lists the person's
running experiments and open feedback requests — their own alone."""

from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse

from tests.coach.test_rhythm_week import GROW_NOW, _steady_days
from townsquare.coach import selectors
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Post
from townsquare.influence import services as influence


def _has_experiments() -> bool:
    try:
        reverse("experiment_create")
        return True
    except NoReverseMatch:
        return False


def test_steady_habits_suggest_a_first_test_and_asking_for_feedback(world):
    _steady_days(world, date(2025, 1, 7), 9)
    o = selectors.overview(world.alice, now=GROW_NOW)
    titles = [s.title for s in o.steps]
    assert "Ask for feedback on a recent post" in titles
    assert ("Run your first test" in titles) == _has_experiments()
    step = next(s for s in o.steps if s.title == "Ask for feedback on a recent post")
    latest = Post.objects.filter(author=world.alice).order_by("-created_at").first()
    assert step.link == reverse("feedback_request_create", args=[latest.pk])
    assert titles[-1] == "Join or host a working-out-loud circle"  # the other grow steps stay


def test_no_feedback_step_once_every_recent_post_has_a_request(world):
    post = conversations.post_create(author=world.alice, body="Only one recent post")
    assert [s.title for s in selectors.influence_steps(world.alice)
            if s.title.startswith("Ask")] == ["Ask for feedback on a recent post"]
    influence.feedback_request_create(author=world.alice, post=post, audience="readers")
    assert not [s for s in selectors.influence_steps(world.alice) if s.title.startswith("Ask")]
    old = conversations.post_create(author=world.gina, body="Not alice's")
    Post.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(days=30))
    assert not [s for s in selectors.influence_steps(world.gina) if s.title.startswith("Ask")]  # nothing recent


def test_the_weekly_review_lists_open_feedback_requests_of_ones_own(world, client_for):
    mine = conversations.post_create(author=world.alice, body="Is this plan clear?")
    theirs = conversations.post_create(author=world.gina, body="Gina's own question")
    fb = influence.feedback_request_create(author=world.alice, post=mine, audience="readers")
    influence.feedback_request_create(author=world.gina, post=theirs, audience="readers")
    page = client_for(world.alice).get(reverse("coach_week")).content.decode()
    assert "Your tests in progress" in page and "Is this plan clear?" in page and "Gina's own question" not in page
    assert reverse("feedback_results", args=[fb.pk]) in page
    influence.feedback_request_close(author=world.alice, request=fb)
    assert "Nothing running." in client_for(world.alice).get(reverse("coach_week")).content.decode()
