"""Habit detection on the person's local day, streaks and strength, the checklist and the coach page."""

from datetime import UTC, date, datetime, timedelta

import pytest

from townsquare.coach import rules, selectors
from townsquare.coach import services as coach_services
from townsquare.conversations import services
from townsquare.conversations.models import Follow, Post, PostView, Reaction, Reply
from townsquare.purpose import services as purpose_services


def at(post_or_row, moment: datetime):
    type(post_or_row).objects.filter(pk=post_or_row.pk).update(created_at=moment)
    return post_or_row


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_describe_near_midnight_in_sydney_counts_on_the_local_day(world):
    erin = world.erin  # Australia/Sydney: UTC+10 in July
    at(services.post_create(author=erin, body="Late night notes"), utc(2025, 7, 14, 13, 30))  # 23:30 on the 14th
    at(services.post_create(author=erin, body="Early start"), utc(2025, 7, 14, 14, 30))  # 00:30 on the 15th
    days = selectors.done_days(erin, date(2025, 7, 1))
    assert days["describe"] == {date(2025, 7, 14), date(2025, 7, 15)}
    assert days["interact"] == set() and days["recognise"] == set()

    # At 08:00 on the 15th in Sydney (still the 14th in UTC) describe is done for today.
    o = selectors.overview(erin, now=utc(2025, 7, 14, 22, 0))
    assert o.today == date(2025, 7, 15)
    describe = o.habits[0]
    assert describe.habit == "describe" and describe.done_today and describe.streak == 2
    assert describe.prompt is None


def test_interact_near_midnight_in_los_angeles_counts_on_the_local_day(world):
    alice = world.alice  # America/Los_Angeles: UTC-8 in January
    post = services.post_create(author=world.gina, body="Budget draft", group=world.public)
    other = services.post_create(author=world.gina, body="Second draft", group=world.public)
    services.reaction_set(person=alice, post=post)
    at(Reaction.objects.get(person=alice, post=post), utc(2025, 1, 16, 7, 30))  # 23:30 on the 15th
    at(services.reply_create(author=alice, post=other, body="Looks good"), utc(2025, 1, 16, 8, 30))  # 00:30 on the 16th
    assert selectors.done_days(alice, date(2025, 1, 1))["interact"] == {date(2025, 1, 15), date(2025, 1, 16)}

    # At 23:00 UTC on the 16th it is 15:00 on the 16th in Los Angeles: done today.
    o = selectors.overview(alice, now=utc(2025, 1, 16, 23, 0))
    interact = next(h for h in o.habits if h.habit == "interact")
    assert o.today == date(2025, 1, 16) and interact.done_today and interact.streak == 2
    # At 07:00 UTC on the 16th it is still the 15th there, before the reply.
    o = selectors.overview(alice, now=utc(2025, 1, 16, 7, 45))
    assert o.today == date(2025, 1, 15) and next(h for h in o.habits if h.habit == "interact").done_today


def test_activity_on_own_posts_and_other_kinds_does_not_count(world):
    alice = world.alice
    mine = services.post_create(author=alice, body="My question?", kind=Post.Kind.QUESTION)
    services.reaction_set(person=alice, post=mine)
    services.reply_create(author=alice, post=mine, body="Answering myself")
    services.post_create(author=alice, body="An idea", kind=Post.Kind.IDEA)
    days = selectors.done_days(alice, date(2000, 1, 1))
    assert days == {"describe": set(), "interact": set(), "recognise": set()}

    services.post_create(author=alice, body="Thank you for the model!", kind=Post.Kind.PRAISE, praised_people=[world.gina])
    assert len(selectors.done_days(alice, date(2000, 1, 1))["recognise"]) == 1


def test_streak_counts_days_in_a_row_and_today_in_progress_does_not_break_it():
    today = date(2025, 3, 10)
    done = {today - timedelta(days=n) for n in (1, 2, 3, 5)}
    assert rules.streak(done, today) == 3  # today still open
    assert rules.streak(done | {today}, today) == 4
    assert rules.streak({today - timedelta(days=2)}, today) == 0
    assert rules.streak(set(), today) == 0


def test_strength_is_smoothed_and_a_missed_day_lowers_it_without_reset():
    first = date(2025, 3, 1)
    ten = {first + timedelta(days=n) for n in range(10)}
    s10 = rules.strength(ten, first, first + timedelta(days=9))
    assert s10 == pytest.approx(1 - 0.9 ** 10)
    # Day 11 is today and not done yet: it does not count until it is over.
    assert rules.strength(ten, first, first + timedelta(days=10)) == pytest.approx(s10)
    # Day 11 is over and was missed: strength drops by a tenth, it does not reset.
    missed = rules.strength(ten, first, first + timedelta(days=11))
    assert missed == pytest.approx(s10 * 0.9) and missed > 0.5
    # Back on track the next day: it grows again from where it was.
    back = rules.strength(ten | {first + timedelta(days=11)}, first, first + timedelta(days=11))
    assert back == pytest.approx(missed + 0.1 * (1 - missed))
    assert rules.strength(set(), first, first + timedelta(days=30)) == 0.0
    assert rules.strength({first}, first, first) == pytest.approx(rules.ALPHA)


def test_quiet_hours_wrap_midnight():
    from datetime import time

    assert rules.in_quiet_hours(time(23, 0), time(22, 0), time(7, 0))
    assert rules.in_quiet_hours(time(6, 59), time(22, 0), time(7, 0))
    assert not rules.in_quiet_hours(time(7, 0), time(22, 0), time(7, 0))
    assert rules.in_quiet_hours(time(13, 0), time(12, 0), time(14, 0))
    assert not rules.in_quiet_hours(time(13, 0), None, None)


def test_heatmap_has_whole_weeks_ending_today_and_labels_each_day():
    today = date(2025, 3, 12)  # a Wednesday
    weeks = selectors.heatmap({today, today - timedelta(days=1)}, today)
    assert len(weeks) == rules.HEATMAP_WEEKS and all(len(w) == 7 for w in weeks)
    assert weeks[0][0].day.weekday() == 0
    last = weeks[-1]
    assert [c.state for c in last] == ["missed", "done", "done", "future", "future", "future", "future"]
    assert last[2].label == "Wednesday 12 March 2025: done"


def test_checklist_is_ticked_from_activity(world):
    otto = world.otto
    items = {i.key: i.done for i in selectors.checklist(otto)}
    assert items == {"profile": False, "app": False, "purpose": False, "follows": False, "listen": False,
                     "first_post": False}

    otto.department, otto.bio, otto.skills = world.finance, "I build things.", "python"
    otto.save()
    for target in (world.alice, world.gina, world.erin):
        Follow.objects.create(follower=otto, target_kind=Follow.Target.PERSON, target_id=target.pk)
    post = services.post_create(author=world.gina, body="Hello", group=world.public)
    services.reaction_set(person=otto, post=post)
    services.post_create(author=otto, body="My first post")
    purpose_services.purpose_choose(person=otto, source="own", own_text="Help new engineers find answers faster.")
    items = {i.key: i.done for i in selectors.checklist(otto)}
    coach_services.app_installed_record(person=otto)
    items = {i.key: i.done for i in selectors.checklist(otto)}
    assert items == {"profile": True, "app": True, "purpose": True, "follows": True, "listen": True,
                     "first_post": True}


def test_listening_day_by_reading_five_posts(world):
    otto = world.otto
    services.post_create(author=otto, body="Posted before listening")
    posts = [services.post_create(author=world.gina, body=f"News {n}") for n in range(5)]
    for p in posts[:4]:
        services.post_view_record(person=otto, post=p)
    assert not {i.key: i.done for i in selectors.checklist(otto)}["listen"]
    services.post_view_record(person=otto, post=posts[4])
    assert {i.key: i.done for i in selectors.checklist(otto)}["listen"]
    assert PostView.objects.filter(person=otto).count() == 5


def test_coach_page_shows_done_and_celebration(world, client_for):
    services.post_create(author=world.alice, body="Starting the forecast review")
    response = client_for(world.alice).get("/coach/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="celebrate-describe"' in html
    assert 'data-testid="prompt-interact"' in html or 'data-testid="status-interact"' in html
    assert "Reactions and replies on your own posts do not count." in html  # the rules are shown
    assert 'class="heatmap"' in html


def test_coach_page_shows_only_the_signed_in_persons_data(world, client_for):
    from townsquare.coach.models import Nudge

    # interact: a nudge about describe would leave the page once her update below has done that habit
    Nudge.objects.create(person=world.alice, habit="interact", local_date=date.today(), channel="in_app",
                         text="Alice-only prompt about her morning")
    services.post_create(author=world.alice, body="Alice's update")
    assert "Alice-only prompt" in client_for(world.alice).get("/coach/").content.decode()
    for who in (world.olga, world.gina, world.otto):  # an org admin and alice's manager included
        html = client_for(who).get("/coach/").content.decode()
        assert "Alice-only prompt" not in html
        assert 'data-testid="celebrate-describe"' not in html
    assert Reply.objects.count() == 0
