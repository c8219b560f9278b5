"""The coach page's day snapshot (history before today, complete weeks, who was already connected):
a page built from it shows exactly what a page computed from scratch shows, on the day it was made,
after new activity that day, and it is rebuilt once the person's local day changes."""

from datetime import UTC, date, datetime, timedelta

from townsquare.coach import selectors, services
from townsquare.coach.models import DaySnapshot
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Follow, PostView, Reaction
from townsquare.people.models import Person

NOW = datetime(2025, 3, 12, 20, 0, tzinfo=UTC)  # a Wednesday; 12:00 in Los Angeles, where alice lives


def stamp(obj, moment):
    type(obj).objects.filter(pk=obj.pk).update(created_at=moment)
    return obj


def history(world):
    """Seven weeks of alice working out loud, and colleagues answering her."""
    alice, gina, erin = world.alice, world.gina, world.erin
    Person.objects.filter(pk__in=[alice.pk, gina.pk, erin.pk]).update(date_joined=NOW - timedelta(days=120))
    alice.refresh_from_db()
    for days_ago in range(1, 50, 2):
        moment = NOW - timedelta(days=days_ago, hours=3)
        post = stamp(conversations.post_create(author=alice, body=f"Update {days_ago}"), moment)
        if days_ago % 3:
            conversations.reaction_set(person=gina, post=post)
            stamp(Reaction.objects.get(post=post, person=gina), moment + timedelta(hours=1))
        if days_ago % 5 == 0:
            stamp(conversations.reply_create(author=erin, post=post, body="Good one"), moment + timedelta(hours=2))
            conversations.post_view_record(person=erin, post=post)
            stamp(PostView.objects.get(post=post, person=erin), moment + timedelta(hours=2))
        theirs = stamp(conversations.post_create(author=gina, body=f"Gina {days_ago}"), moment)
        conversations.reaction_set(person=alice, post=theirs)
        stamp(Reaction.objects.get(post=theirs, person=alice), moment + timedelta(minutes=30))
    stamp(conversations.post_create(author=erin, body="Thanks @gina for the numbers"), NOW - timedelta(days=3))
    return alice


def same_page(a: selectors.Overview, b: selectors.Overview) -> None:
    for x, y in zip(a.habits, b.habits, strict=True):
        assert (x.habit, x.done_today, x.streak, x.strength, x.done_in_heatmap) == \
            (y.habit, y.done_today, y.streak, y.strength, y.done_in_heatmap)
        assert [[c.state for c in col] for col in x.weeks] == [[c.state for c in col] for col in y.weeks]
        assert (x.prompt is None) == (y.prompt is None)
        if x.prompt is not None:
            assert (x.prompt.text, [p.pk for p in x.prompt.posts], x.prompt.colleague) == \
                (y.prompt.text, [p.pk for p in y.prompt.posts], y.prompt.colleague)
    assert [w.as_dict() for w in a.week.weeks] == [w.as_dict() for w in b.week.weeks]
    assert (a.week.verdict, a.week.complete_weeks) == (b.week.verdict, b.week.complete_weeks)
    assert a.week.focus.as_dict() == b.week.focus.as_dict()
    assert [(i.key, i.done) for i in a.checklist] == [(i.key, i.done) for i in b.checklist]


def test_a_page_from_the_snapshot_equals_a_page_from_scratch(world):
    alice = history(world)
    snapshot = services.day_snapshot(alice, NOW)
    assert DaySnapshot.objects.filter(person=alice).count() == 1
    page = selectors.overview(alice, NOW, snapshot=snapshot)
    same_page(page, selectors.overview(alice, NOW))
    assert page.week.complete_weeks >= 3 and page.week.verdict is not None  # the snapshot held real weeks
    assert sum(h.done_in_heatmap for h in page.habits) > 20
    assert page.habits[2].prompt.colleague == world.gina  # the recognise prompt, chosen when the snapshot was made

    # A suggested post that has since been answered is no longer suggested.
    question = stamp(conversations.post_create(author=world.gina, body="Anyone?", kind="question"),
                     NOW - timedelta(days=2))
    Follow.objects.create(follower=alice, target_kind=Follow.Target.PERSON, target_id=world.gina.pk)
    DaySnapshot.objects.all().delete()
    snapshot = services.day_snapshot(alice, NOW)
    assert question.pk in snapshot.prompts["interact"]["posts"]
    conversations.reply_create(author=world.erin, post=question, body="Yes")
    page = selectors.overview(alice, NOW, snapshot=snapshot)
    assert question.pk not in [p.pk for h in page.habits if h.prompt for p in h.prompt.posts]

    # New activity today shows at once, and a new connection this week is counted from the snapshot's list.
    today_post = stamp(conversations.post_create(author=alice, body="Today"), NOW - timedelta(minutes=5))
    conversations.reaction_set(person=world.otto, post=today_post)
    stamp(Reaction.objects.get(post=today_post, person=world.otto), NOW - timedelta(minutes=1))
    Follow.objects.create(follower=world.olga, target_kind=Follow.Target.PERSON, target_id=alice.pk)
    stamp(Follow.objects.get(follower=world.olga), NOW - timedelta(minutes=1))
    again = services.day_snapshot(alice, NOW)  # the stored one: nothing recomputed
    page = selectors.overview(alice, NOW, snapshot=again)
    same_page(page, selectors.overview(alice, NOW))
    assert page.habits[0].done_today and page.week.focus.connections >= 2


def test_a_snapshot_from_yesterday_is_replaced_and_refresh_rebuilds_stale_ones(world):
    alice = history(world)
    services.day_snapshot(alice, NOW - timedelta(days=1))
    assert services.day_snapshots_refresh(now=NOW - timedelta(days=1)) == 0  # still the same local day
    assert services.day_snapshots_refresh(now=NOW) == 1
    row = DaySnapshot.objects.get(person=alice)
    assert row.local_date.isoformat() == "2025-03-12" and row.data["today"] == "2025-03-12"
    # A post made yesterday (11:00 on 11 March in Los Angeles) is in the history of a rebuilt snapshot.
    stamp(conversations.post_create(author=alice, body="Late"), NOW - timedelta(hours=25))
    DaySnapshot.objects.filter(person=alice).update(local_date=date(2025, 3, 11))
    snapshot = services.day_snapshot(alice, NOW)
    assert date(2025, 3, 11) in snapshot.done["describe"] and snapshot.today == date(2025, 3, 12)
    same_page(selectors.overview(alice, NOW, snapshot=snapshot), selectors.overview(alice, NOW))


def test_the_coach_page_stores_one_snapshot_per_person(world, client):
    client.force_login(world.alice)
    assert client.get("/coach/").status_code == 200
    assert client.get("/coach/").status_code == 200
    assert list(DaySnapshot.objects.values_list("person_id", flat=True)) == [world.alice.pk]
