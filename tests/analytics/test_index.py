"""The Social Enterprise index counts people once, leaves the week in progress out, and moves with the data."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from townsquare.analytics import index, reports
from townsquare.conversations import services
from townsquare.conversations.models import Post, Reply
from townsquare.conversations.services import Audience


def _at(post, moment):
    Post.objects.filter(pk=post.pk).update(created_at=moment)
    return post


def _metrics(now):
    data = index.index_report(now)
    return {m["key"]: m for d in data["dimensions"] for m in d["metrics"]}, data


def _monday_noon(now):
    """Noon on Monday of the week in progress at `now`."""
    start = reports._week_start(now) + timedelta(weeks=reports.WEEKS - 1)
    return start + timedelta(hours=12)


def test_people_are_counted_once_not_once_per_week(world):
    now = _monday_noon(timezone.now()) + timedelta(days=2)
    # Erin and Gina manage someone; each posts in each of the last four complete weeks, and Alice too.
    for weeks_ago in range(1, 5):
        for who in (world.erin, world.gina, world.alice):
            _at(services.post_create(author=who, body=f"Week news {weeks_ago}"), now - timedelta(weeks=weeks_ago))
    _at(services.post_create(author=world.alice, body="An idea", kind=Post.Kind.IDEA), now - timedelta(weeks=1))
    m, _ = _metrics(now)
    assert (m["managers_active"]["num"], m["managers_active"]["den"]) == (2, 2)   # not 8 ÷ 8 person-weeks
    assert (m["ideas_shared"]["num"], m["ideas_shared"]["den"]) == (1, 3)        # three active people, not 12


def test_the_week_in_progress_does_not_halve_the_scores(world):
    from townsquare.practices import services as practices
    from townsquare.practices.models import Question

    now = _monday_noon(timezone.now()) + timedelta(days=3)
    practices.leader_add(admin=world.olga, person=world.erin)
    old = practices.question_ask(asker=world.alice, leader=world.erin, body="When do we hire again?")
    Question.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=10), answered_at=now - timedelta(days=8),
                                              status=Question.Status.ANSWERED)
    Post.objects.filter(pk=old.post_id).update(created_at=now - timedelta(days=10))
    fresh = practices.question_ask(asker=world.alice, leader=world.erin, body="And the budget?")
    Question.objects.filter(pk=fresh.pk).update(created_at=now - timedelta(days=1))
    Post.objects.filter(pk=fresh.post_id).update(created_at=now - timedelta(days=1))
    m, data = _metrics(now)
    # The question asked yesterday has not had its 7 days yet: it is not "not answered within 7 days".
    assert (m["leader_speed"]["num"], m["leader_speed"]["den"]) == (1, 1) and m["leader_speed"]["score"] == 100
    # Nor is it part of the current figure at all: that covers complete weeks only.
    assert (m["leader_answers"]["num"], m["leader_answers"]["den"]) == (1, 1)
    assert len(data["weeks"]) == reports.WEEKS - 1 and data["partial_from"] > data["weeks"][-1]


def test_openness_moves_with_the_data(world):
    now = _monday_noon(timezone.now())
    week_ago = now - timedelta(days=5)
    for i in range(6):
        _at(services.post_create(author=world.alice, body=f"Open news {i}"), week_ago)
    _at(services.post_create(author=world.alice, body="Only for a few", audience=Audience(people=(world.gina,))), week_ago)
    _at(services.post_create(author=world.gina, body="Team only", group=world.private), week_ago)
    # Replies: two across departments (Finance → Executive Office), two inside Finance.
    ceo = _at(services.post_create(author=world.erin, body="From the top"), week_ago)
    fin = _at(services.post_create(author=world.gina, body="From finance"), week_ago)
    for post in (ceo, fin):
        services.reply_create(author=world.alice, post=post, body="Thanks")
        services.reply_create(author=world.gina if post == ceo else world.alice, post=post, body="Agreed")
    Reply.objects.filter(post__in=(ceo, fin)).update(created_at=week_ago + timedelta(hours=1))
    m, _ = _metrics(now)
    assert (m["open_posts"]["num"], m["open_posts"]["den"]) == (8, 10)   # the preview and the team post are not open
    assert m["open_posts"]["score"] == 80
    assert (m["cross_replies"]["num"], m["cross_replies"]["den"], m["cross_replies"]["score"]) == (2, 4, 50)


def test_the_page_explains_the_window(world, client_for):
    now = _monday_noon(timezone.now())
    _at(services.post_create(author=world.alice, body="News"), now - timedelta(days=3))
    reports.refresh_all(now, themes=False)
    page = client_for(world.olga).get(reverse("analytics_index")).content.decode()
    assert "week in progress" in page
    dim = client_for(world.olga).get(reverse("analytics_index_dimension", args=["leadership"])).content.decode()
    assert "distinct people" in dim and "at least 7 days ago" in dim
