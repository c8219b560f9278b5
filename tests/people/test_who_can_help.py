""""Who can help me with X" (the directory's "Can help with"): people ranked by what they have answered about it as
well as by what they say they know, each listed with why; only what the viewer may read counts."""

import pytest
from django.urls import reverse

from townsquare.conversations import services
from townsquare.conversations.models import Post
from townsquare.people.helpers import who_can_help
from townsquare.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(world):
    q1 = services.post_create(author=world.gina, body="How do we do the forecasting for Q3?", kind=Post.Kind.QUESTION)
    q2 = services.post_create(author=world.erin, body="Which forecasting tool is best?", kind=Post.Kind.QUESTION)
    best = services.reply_create(author=world.otto, post=q1, body="Forecasting starts from last year's actuals")
    services.reply_create(author=world.otto, post=q2, body="For forecasting I use the shared sheet")
    services.best_answer_set(person=world.gina, post=q1, reply=best)
    update = services.post_create(author=world.alice, body="Numbers are in")
    services.reply_create(author=world.erin, post=update, body="Nice forecasting work")
    # In the secret group: only its members may read this, so it counts only for them.
    secret = services.post_create(author=world.alice, body="Board numbers", group=world.secret)
    services.reply_create(author=world.gina, post=secret, body="Forecasting for the board, in detail")
    services.reply_create(author=world.gina, post=secret, body="More forecasting for the board")
    services.reply_create(author=world.gina, post=secret, body="And the last forecasting note")
    return best


def test_people_who_answered_come_first_with_why(world, answers):
    found = who_can_help(world.otto, "forecasting", among=Person.objects.filter(is_active=True))
    assert [h.person.handle for h in found] == ["otto", "alice", "erin"]
    assert found[0].reasons == ["Gave the best answer to a question about “forecasting”",
                                "Answered a question about “forecasting”"]
    assert found[1].reasons == ["Skills: forecasting"]
    assert found[2].reasons == ["Replied once about “forecasting”"]


def test_what_the_viewer_cannot_read_never_counts(world, answers):
    outsider = [h.person.handle for h in who_can_help(world.otto, "forecasting", among=Person.objects.all())]
    member = {h.person.handle: h for h in who_can_help(world.alice, "forecasting", among=Person.objects.all())}
    assert "gina" not in outsider
    assert member["gina"].reasons == ["Replied 3 times about “forecasting”"]


def test_the_directory_lists_helpers_with_their_reasons(world, answers, client_for):
    html = client_for(world.otto).get(reverse("directory"), {"skill": "  forecasting "}).content.decode()
    assert html.index("Otto Outsider") < html.index("Alice Member") < html.index("Erin Executive")
    assert "Gave the best answer to a question about “forecasting”" in html and "Skills: forecasting" in html
    assert "3 people who can help with “forecasting”" in html


def test_nobody_for_a_topic_says_so(world, client_for):
    html = client_for(world.otto).get(reverse("directory"), {"skill": "underwater basket weaving"}).content.decode()
    assert "Nobody yet for “underwater basket weaving”" in html
