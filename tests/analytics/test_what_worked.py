"""What worked for me (issue 16 #5): the buckets, the minimum sample, the Beta posterior's interval against
hand-computed values, "no clear difference" for equal buckets, and the person's own data only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from townsquare.analytics import what_worked as ww
from townsquare.conversations import services
from townsquare.conversations.models import Post


def test_under_the_minimum_a_bucket_makes_no_claim():
    c = ww.compare("question", "Q", {"Asks a question": [True] * 4, "No question": [False] * 9}, what="post")
    asks = next(b for b in c.buckets if b.label == "Asks a question")
    assert not asks.enough and asks.rate is None and asks.interval == ""
    assert c.summary.startswith("Not enough posts yet to tell.") and c.best == ""


def test_the_interval_is_the_beta_posteriors():
    # 4 of 5 from a uniform prior: Beta(5, 2); its 2.5% and 97.5% quantiles, worked out by hand with the
    # regularised incomplete beta: I_x(5, 2) = 6x^5 - 5x^6 = 0.025 and 0.975 at x ≈ 0.3588 and 0.9567
    c = ww.compare("form", "F", {"Update": [True, True, True, True, False], "Idea": [False] * 5}, what="post")
    update = next(b for b in c.buckets if b.label == "Update")
    assert update.low == pytest.approx(0.3588, abs=5e-4) and update.high == pytest.approx(0.9567, abs=5e-4)
    for x, p in ((update.low, 0.025), (update.high, 0.975)):
        assert 6 * x**5 - 5 * x**6 == pytest.approx(p, abs=1e-6)


def test_a_clear_difference_is_named_and_equal_buckets_are_not():
    clear = ww.compare("question", "Q", {"Asks a question": [True] * 9 + [False],
                                          "No question": [True] + [False] * 9}, what="post")
    assert clear.best == "Asks a question"
    assert clear.summary.startswith("Asks a question worked best for you: 9 of 10 posts (90%)")
    same = ww.compare("question", "Q", {"Asks a question": [True, False] * 5, "No question": [False, True] * 5},
                      what="post")
    assert same.best == "" and same.summary.startswith("No clear difference yet")
    assert all(0.4 < b.p_best < 0.6 for b in same.buckets)


def _post(author, body, *, days_ago=3, kind=Post.Kind.UPDATE, hour=9):
    post = services.post_create(author=author, body=body, kind=kind)
    when = (timezone.now() - timedelta(days=days_ago)).replace(hour=hour, minute=0)
    Post.objects.filter(pk=post.pk).update(created_at=when)
    return post


def test_the_persons_own_posts_bucketed_and_responses_from_others_only(world):
    alice = world.alice
    for i in range(6):
        q = _post(alice, f"What do you think of plan {i}?")
        services.reply_create(author=world.gina, post=q, body="Good")
    for i in range(5):
        p = _post(alice, f"Plan {i} is done.")
        services.reply_create(author=alice, post=p, body="My own reply does not count")
    _post(alice, "Too new to count?", days_ago=0)
    _post(world.gina, "Gina's post is not Alice's?")
    result = {c.key: c for c in ww.what_worked(alice)}
    q = {b.label: (b.posts, b.responded) for b in result["question"].buckets}
    assert q == {"Asks a question": (6, 6), "No question": (5, 0)}
    assert result["question"].best == "Asks a question"
    assert {b.label for b in result["length"].buckets} == {"Short (under 50 words)"}
    assert result["length"].summary.startswith("Nothing to compare yet: all 11 of your posts")
    # every post at 09:00 UTC, 01:00 for alice in Los Angeles: one bucket, in her own time
    assert [b.label for b in result["time"].buckets] == ["Night (22–6)"]
    assert {b.label: b.posts for b in result["purpose"].buckets} == {"Not tagged": 11}


def test_the_page_shows_it_to_the_person_alone(world, client_for):
    for i in range(5):
        _post(world.alice, f"Question {i}?")
    _post(world.alice, "A statement.")
    _post(world.gina, "Gina's own post stays out of Alice's page.")
    page = client_for(world.alice).get(reverse("analytics_personal")).content.decode()
    assert "What worked for me" in page and "not enough posts yet to tell" in page
    assert "<td>Asks a question</td><td>5</td>" in page and "<td>No question</td><td>1</td>" in page
    assert "<td>Update</td><td>6</td>" in page  # Gina's post is not counted
    csv = client_for(world.alice).get(reverse("analytics_personal"), {"format": "csv", "table": "what_worked"})
    assert csv.status_code == 200 and "Asks a question" in csv.content.decode()
