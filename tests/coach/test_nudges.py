"""Nudges: at the anchor time, only while the habit is open, once per habit per local day, with
prompts that only point at posts the person may read."""

from datetime import UTC, date, datetime, time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError

from townsquare.coach import selectors, services
from townsquare.coach.models import CoachPreference, HabitSetting, Nudge
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Follow, Post

# Alice is in Los Angeles (UTC-8 in January). 21:00 UTC on 15 Jan = 13:00 there:
# past describe (08:30) and interact (12:30), before recognise (17:30).
ALICE_1300 = datetime(2025, 1, 15, 21, 0, tzinfo=UTC)
ALICE_1200 = datetime(2025, 1, 15, 20, 0, tzinfo=UTC)


def nudges(person):
    return sorted(Nudge.objects.filter(person=person).values_list("habit", flat=True))


@pytest.fixture
def only_alice(world):
    """Everyone but alice has all habits switched off, so the tests read one person's nudges."""
    for p in (world.erin, world.gina, world.otto, world.olga):
        for habit in ("describe", "interact", "recognise"):
            HabitSetting.objects.create(person=p, habit=habit, enabled=False, anchor=time(8, 30))
    return world


def test_no_nudge_before_the_anchor_time(only_alice):
    services.nudges_send(now=ALICE_1200)
    assert nudges(only_alice.alice) == ["describe"]  # interact's 12:30 has not come yet in Los Angeles


def test_two_runs_send_one_nudge_per_habit(only_alice):
    first = services.nudges_send(now=ALICE_1300)
    second = services.nudges_send(now=ALICE_1300)
    assert nudges(only_alice.alice) == ["describe", "interact"]
    assert len(first.created) == 2 and second.created == [] and second.already_sent == 2
    nudge = Nudge.objects.get(person=only_alice.alice, habit="describe")
    assert nudge.local_date == date(2025, 1, 15)
    assert "?" in nudge.text  # a question about the day ahead


def test_the_database_refuses_a_second_nudge_for_the_same_day(only_alice):
    services.nudges_send(now=ALICE_1300)
    with pytest.raises(IntegrityError):
        Nudge.objects.create(person=only_alice.alice, habit="describe", local_date=date(2025, 1, 15),
                             channel="in_app", text="again")


def test_no_nudge_once_the_habit_is_done(only_alice):
    post = conversations.post_create(author=only_alice.alice, body="At the Seattle office today")
    Post.objects.filter(pk=post.pk).update(created_at=datetime(2025, 1, 15, 17, 0, tzinfo=UTC))  # 09:00 local
    run = services.nudges_send(now=ALICE_1300)
    assert nudges(only_alice.alice) == ["interact"] and run.done == 1


def test_yesterdays_activity_does_not_count_today(only_alice):
    post = conversations.post_create(author=only_alice.alice, body="Late update")
    # 07:30 UTC on the 15th is 23:30 on the 14th in Los Angeles.
    Post.objects.filter(pk=post.pk).update(created_at=datetime(2025, 1, 15, 7, 30, tzinfo=UTC))
    services.nudges_send(now=ALICE_1300)
    assert nudges(only_alice.alice) == ["describe", "interact"]


def test_switched_off_habits_and_quiet_hours(only_alice):
    alice = only_alice.alice
    services.settings_save(person=alice, habits={
        "describe": {"enabled": False, "anchor": time(8, 30)},
        "interact": {"enabled": True, "anchor": time(12, 30)},
        "recognise": {"enabled": True, "anchor": time(17, 30)},
    }, channel="in_app", quiet_start=time(12, 45), quiet_end=time(14, 0))
    run = services.nudges_send(now=ALICE_1300)  # 13:00: inside quiet hours
    assert nudges(alice) == [] and run.quiet == 1
    services.nudges_send(now=datetime(2025, 1, 15, 22, 5, tzinfo=UTC))  # 14:05: quiet hours over
    assert nudges(alice) == ["interact"]


def test_email_channel_sends_one_email(only_alice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    CoachPreference.objects.create(person=only_alice.alice, channel="both")
    services.nudges_send(now=ALICE_1300)
    services.nudges_send(now=ALICE_1300)
    assert len(mail.outbox) == 2  # describe and interact, once each
    assert {m.to[0] for m in mail.outbox} == {"alice@example.test"}
    assert all(n.emailed_at for n in Nudge.objects.filter(person=only_alice.alice))


def test_interact_prompt_only_suggests_posts_the_person_may_read(world, only_alice):
    otto = world.otto  # in no group
    otto.skills = "forecasting"
    otto.time_zone = "America/Los_Angeles"
    otto.save()
    HabitSetting.objects.filter(person=otto).update(enabled=True, anchor=time(12, 30))
    Follow.objects.create(follower=otto, target_kind=Follow.Target.PERSON, target_id=world.gina.pk)
    secret = conversations.post_create(author=world.gina, body="Board forecasting question?", kind="question",
                                       group=world.secret)
    private = conversations.post_create(author=world.alice, body="Who owns forecasting?", kind="question",
                                        group=world.private)
    public = conversations.post_create(author=world.alice, body="Any forecasting tips?", kind="question",
                                       group=world.public)
    followed = conversations.post_create(author=world.gina, body="Closing the month this week")
    Post.objects.update(created_at=datetime(2025, 1, 14, 12, 0, tzinfo=UTC))

    services.nudges_send(now=ALICE_1300)
    nudge = Nudge.objects.get(person=otto, habit="interact")
    assert nudge.post_ids == [public.pk, followed.pk]
    assert secret.pk not in nudge.post_ids and private.pk not in nudge.post_ids

    # Alice, a member of the secret group, may read gina's question there; her own posts are never
    # suggested to her, and a reply takes a post off the list.
    conversations.reply_create(author=world.gina, post=public, body="Start simple.")
    picked = selectors.posts_worth_answering(world.alice, ALICE_1300)
    assert [p.pk for p in picked] == [secret.pk]


def test_recognise_prompt_names_a_recently_mentioned_teammate(world):
    erin = world.erin  # gina reports to erin
    post = conversations.post_create(author=world.alice, body="Thanks to @gina the close was done in two days")
    now = post.created_at
    colleague, source = selectors.colleague_to_recognise(erin, now, now.date())
    assert colleague == world.gina and source == post
    prompt = selectors.prompt_for(erin, "recognise", now, now.date())
    assert prompt.colleague == world.gina and prompt.posts == [post]

    # A mention in a group erin cannot read does not count; she still gets a direct report.
    Post.objects.filter(pk=post.pk).update(group=world.secret)
    colleague, source = selectors.colleague_to_recognise(erin, now, now.date())
    assert colleague == world.gina and source is None


def test_the_command_runs_and_reports(only_alice, capsys):
    call_command("coach_nudges", "--now", "2025-01-15T21:00:00+00:00")
    call_command("coach_nudges", "--now", "2025-01-15T21:00:00+00:00")
    out = capsys.readouterr().out
    assert "Nudges sent: 2" in out and "Nudges sent: 0" in out
    assert nudges(only_alice.alice) == ["describe", "interact"]


def test_deactivated_people_get_no_nudges(world):
    services.nudges_send(now=ALICE_1300)
    assert not Nudge.objects.filter(person=world.dave).exists()


def test_a_tick_decides_without_prompts_and_each_nudge_is_composed_and_emailed_once(only_alice):
    CoachPreference.objects.create(person=only_alice.alice, channel="email")
    decided = services.nudges_decide(now=ALICE_1300)
    assert len(decided.created) == 2
    assert set(Nudge.objects.filter(person=only_alice.alice).values_list("text", flat=True)) == {""}
    assert services.nudges_decide(now=ALICE_1300).created == []  # a second tick decides nothing new

    pending = services.nudges_pending()
    assert {n.pk for n in pending} == set(decided.created)
    # Two workers composing the same nudges: each is written and emailed once.
    assert services.nudges_compose(pending) == 2
    assert services.nudges_compose(list(Nudge.objects.filter(pk__in=decided.created))) == 0
    assert len(mail.outbox) == 2
    assert services.nudges_pending() == []
    assert all(n.text for n in Nudge.objects.filter(person=only_alice.alice))


def test_a_nudge_email_that_failed_is_sent_by_a_later_tick_once(only_alice, smtp_server, settings):
    """The mail server is down when the nudge is composed: nothing is lost, the next tick sends it once."""
    CoachPreference.objects.create(person=only_alice.alice, channel="email")
    up_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there: sending fails
    run = services.nudges_send(now=ALICE_1300)
    assert run.emailed == 0 and len(run.created) == 2
    assert Nudge.objects.filter(emailed_at__isnull=True).count() == 2
    settings.EMAIL_PORT = up_port
    assert services.nudges_email_retry(now=ALICE_1300) == 2
    assert services.nudges_email_retry(now=ALICE_1300) == 0  # sent once
    assert len(smtp_server.messages) == 2
    assert not Nudge.objects.filter(emailed_at__isnull=True).exists()
    # Too late: a nudge from more than EMAIL_RETRY_WINDOW ago is not emailed any more.
    Nudge.objects.update(emailed_at=None)
    assert services.nudges_email_retry(now=ALICE_1300 + services.EMAIL_RETRY_WINDOW * 2) == 0
