"""The influence demo (issue 16 #7): the demo CEO has a staged post that was widened (its replies and reactions
kept, its history entry) and an open feedback request with answers."""

import pytest

from townsquare.conversations import selectors
from townsquare.conversations.models import Post, PostPreview, PostRevision
from townsquare.demo.generator import DEMO_ACCOUNTS, generate
from townsquare.influence import verdict
from townsquare.influence.models import Experiment, FeedbackRequest
from townsquare.influence.selectors import experiment_results
from townsquare.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_ceo_staged_a_post_and_asked_for_feedback():
    generate(people=60, seed=2, weeks=3, progress=False)
    ceo = Person.objects.get(email=DEMO_ACCOUNTS[0][0])
    preview = PostPreview.objects.select_related("post").get(post__author=ceo)
    assert preview.shared_with == 6 and preview.widened_at is not None and preview.responses_at_widening >= 4
    post = preview.post
    assert post.audience == Post.Audience.OPEN and post.group is None and post.reply_count == 3
    assert PostRevision.objects.filter(post=post, event=PostRevision.Event.WIDENED).exists()
    assert selectors.stage_line(post).startswith("First shared with 6 people on ")
    fb = FeedbackRequest.objects.get(author=ceo)
    assert fb.closed_on is None and fb.answer_count == 4 and fb.anonymous

    experiment = Experiment.objects.get(author=ceo)
    assert experiment.is_ended and experiment.variants.count() == 2
    results = experiment_results(experiment)
    assert all(r.reached >= verdict.MIN_REACH for r in results.variants)
    assert results.verdict.state == verdict.WINNER and results.verdict.winner == "A"
    assert results.verdict.sentences[0].startswith("Variant A drew a response from ")
    a, b = results.variants
    assert a.reacted > b.reacted and a.clicked > 0 and a.replied > 0 and a.first_response is not None
