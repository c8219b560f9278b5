"""Retention (issue 15 part 5): each kind goes only once it is older than its days (0 keeps it forever), the
analytics read the same before and after a purge of old raw data, the daily job applies the rule, and bad
input on the operations page is a 400 with a clear message and nothing saved."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from townsquare.analytics import graph, reports, selectors
from townsquare.analytics.models import Interaction
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification, Post, PostView, Reaction, Reply
from townsquare.core.models import AuditEntry
from townsquare.operations import retention, services
from townsquare.operations.models import RetentionPolicy
from townsquare.portability.models import ExportJob

pytestmark = pytest.mark.django_db

# Mid-month, so "this month" in everyone's time zone holds the recent activity below.
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def rule(**days) -> RetentionPolicy:
    policy = retention.policy()
    for field, value in days.items():
        setattr(policy, field, value)
    policy.save()
    return policy


def at(obj, when) -> None:
    type(obj).objects.filter(pk=obj.pk).update(created_at=when)


def test_notifications_older_than_their_days_go_and_newer_ones_stay(world):
    now = timezone.now()
    old = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.PRAISE,
                                      created_at=now - timedelta(days=181))
    recent = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.PRAISE,
                                         created_at=now - timedelta(days=179))
    counts = services.retention_apply(now=now)
    assert counts["notifications"] == 1
    assert not Notification.objects.filter(pk=old.pk).exists()
    assert Notification.objects.filter(pk=recent.pk).exists()


@pytest.fixture
def history(world):
    """A year of activity: alice and gina have talked since long ago; otto only reacted, long ago; recent talk
    between alice and gina. Dates moved into the past, then the interaction edges rebuilt from the content."""
    old = conversations.post_create(author=world.alice, body="Our forecasting approach, version one")
    old_reply = conversations.reply_create(author=world.gina, post=old, body="Looks sound to me")
    conversations.reaction_set(person=world.otto, post=old)
    conversations.reaction_set(person=world.gina, post=old)
    middle = conversations.post_create(author=world.gina, body="Half-year numbers are in")
    middle_reply = conversations.reply_create(author=world.alice, post=middle, body="Thanks, reading now")
    recent = conversations.post_create(author=world.alice, body="Forecasting approach, version two")
    recent_reply = conversations.reply_create(author=world.gina, post=recent, body="Much clearer")
    conversations.reaction_set(person=world.erin, post=recent)
    for post, days in ((old, 400), (middle, 200), (recent, 2)):
        at(post, NOW - timedelta(days=days))
        Reaction.objects.filter(post=post).update(created_at=NOW - timedelta(days=days, hours=-1))
    for reply, days in ((old_reply, 400), (middle_reply, 200), (recent_reply, 2)):
        at(reply, NOW - timedelta(days=days, hours=-2))
    PostView.objects.all().delete()
    for post, days in ((old, 400), (middle, 200), (recent, 2)):
        for person in (world.gina, world.otto, world.erin):
            PostView.objects.create(post=post, person=person, created_at=NOW - timedelta(days=days, hours=-3))
        Post.objects.filter(pk=post.pk).update(view_count=3)
    graph.rebuild()
    return old, middle, recent


def analytics_of(world) -> dict:
    return {
        "alice": selectors.personal(world.alice, now=NOW),
        "gina": selectors.personal(world.gina, now=NOW),
        "otto": selectors.personal(world.otto, now=NOW),
        "org": reports.org_report(now=NOW),
    }


def test_the_analytics_read_the_same_after_old_raw_data_is_purged(world, history):
    keep = retention.KEEP_FOR_ANALYTICS
    rule(interactions_days=keep, post_views_days=keep)
    assert Interaction.objects.filter(created_at__lt=NOW - timedelta(days=keep)).exists()
    before = analytics_of(world)
    assert before["alice"]["network"]["people"] >= 1  # there is something to compare
    counts = services.retention_apply(now=NOW)
    assert counts["interactions"] >= 4 and counts["post_views"] == 6
    assert not Interaction.objects.filter(created_at__lt=NOW - timedelta(days=keep)).exists()
    assert Interaction.objects.exists()
    after = analytics_of(world)
    assert after == before
    # The posts keep their counters, and the content itself stays.
    assert list(Post.objects.order_by("pk").values_list("view_count", "reply_count", "reaction_count")) == [
        (3, 1, 2), (3, 1, 0), (3, 1, 1)]
    assert Reply.objects.count() == 3 and Reaction.objects.count() == 3


def test_zero_keeps_every_kind_forever(world, history):
    rule(**{k.field: 0 for k in retention.KINDS})
    AuditEntry.objects.create(actor_label="Olga", action="role.change", created_at=NOW - timedelta(days=5000))
    counts_before = (Interaction.objects.count(), PostView.objects.count(), AuditEntry.objects.count())
    assert services.retention_apply(now=NOW) == {retention.KEY[k.field]: 0 for k in retention.KINDS}
    assert (Interaction.objects.count(), PostView.objects.count(), AuditEntry.objects.count()) == counts_before


def test_hidden_content_goes_after_its_days_and_nothing_else_does(world):
    now = timezone.now()
    long_hidden = conversations.post_create(author=world.alice, body="Hidden long ago")
    conversations.reply_create(author=world.gina, post=long_hidden, body="A reply under it")
    lately_hidden = conversations.post_create(author=world.alice, body="Hidden last week")
    old_visible = conversations.post_create(author=world.alice, body="Old but never hidden")
    at(old_visible, now - timedelta(days=900))
    host = conversations.post_create(author=world.gina, body="A thread")
    hidden_reply = conversations.reply_create(author=world.alice, post=host, body="Hidden reply")
    kept_reply = conversations.reply_create(author=world.otto, post=host, body="A fine reply")
    Post.objects.filter(pk=long_hidden.pk).update(hidden_at=now - timedelta(days=91), hidden_reason="Off topic")
    Post.objects.filter(pk=lately_hidden.pk).update(hidden_at=now - timedelta(days=7), hidden_reason="Off topic")
    Reply.objects.filter(pk=hidden_reply.pk).update(hidden_at=now - timedelta(days=91), hidden_reason="Rude")

    counts = services.retention_apply(now=now)

    assert counts["hidden_content"] == 2
    assert not Post.objects.filter(pk=long_hidden.pk).exists()
    assert not Reply.objects.filter(post_id=long_hidden.pk).exists()  # its replies went with it
    assert not Reply.objects.filter(pk=hidden_reply.pk).exists()
    assert set(Post.objects.values_list("pk", flat=True)) >= {lately_hidden.pk, old_visible.pk, host.pk}
    assert Reply.objects.filter(pk=kept_reply.pk).exists()


def test_audit_entries_go_after_their_days(world):
    now = timezone.now()
    old = AuditEntry.objects.create(actor_label="Olga", action="role.change", created_at=now - timedelta(days=731))
    kept = AuditEntry.objects.create(actor_label="Olga", action="role.change", created_at=now - timedelta(days=729))
    assert services.retention_apply(now=now)["audit"] == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()


def test_ended_exports_go_with_their_zips_and_a_running_one_stays(world):
    now = timezone.now()
    from pathlib import Path

    folder = Path(settings.DATA_DIR) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    zip_path = folder / "retention-test.zip"
    zip_path.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    old_done = ExportJob.objects.create(kind=ExportJob.Kind.PERSON, person=world.alice, state=ExportJob.State.DONE,
                                        file_path="exports/retention-test.zip", created_at=now - timedelta(days=31))
    old_failed = ExportJob.objects.create(kind=ExportJob.Kind.PERSON, person=world.gina,
                                          state=ExportJob.State.FAILED, created_at=now - timedelta(days=31))
    running = ExportJob.objects.create(kind=ExportJob.Kind.PERSON, person=world.otto,
                                       state=ExportJob.State.RUNNING, created_at=now - timedelta(days=31))
    recent = ExportJob.objects.create(kind=ExportJob.Kind.PERSON, person=world.erin, state=ExportJob.State.DONE,
                                      created_at=now - timedelta(days=29))

    assert services.retention_apply(now=now)["exports"] == 2

    assert not zip_path.exists()
    assert not ExportJob.objects.filter(pk__in=[old_done.pk, old_failed.pk]).exists()
    assert set(ExportJob.objects.values_list("pk", flat=True)) == {running.pk, recent.pk}


def test_the_daily_job_applies_the_rule_and_notes_the_run(world):
    from townsquare.operations.tasks import operations_retention

    Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.PRAISE,
                                created_at=timezone.now() - timedelta(days=400))
    operations_retention.call_local()
    assert not Notification.objects.exists()
    policy = RetentionPolicy.objects.get(pk=1)
    assert policy.last_run_at is not None and policy.last_run_counts["notifications"] == 1


def test_a_value_below_each_minimum_is_a_400_and_nothing_is_saved(world, client_for):
    before = retention.values_of(retention.policy())
    client = client_for(world.olga)
    for kind in retention.KINDS:
        if kind.minimum <= 1:
            continue
        data = {k.field: str(getattr(retention.policy(), k.field)) for k in retention.KINDS}
        data[kind.field] = str(kind.minimum - 1)
        response = client.post(reverse("operations_admin"), data)
        assert response.status_code == 400
        assert f"{kind.label}: keep it at least {kind.minimum} days" in response.content.decode()
        assert retention.values_of(RetentionPolicy.objects.get(pk=1)) == before


@pytest.mark.parametrize("value, words", [("abc", "give a whole number of days"), ("-5", "give a whole number"),
                                          ("99999", "at most 36,500 days"), ("", "give a whole number")])
def test_a_value_that_is_no_number_of_days_is_a_400_and_nothing_is_saved(world, client_for, value, words):
    before = retention.values_of(retention.policy())
    data = {k.field: str(getattr(retention.policy(), k.field)) for k in retention.KINDS}
    data["audit_days"] = value
    response = client_for(world.olga).post(reverse("operations_admin"), data)
    assert response.status_code == 400 and words in response.content.decode()
    assert retention.values_of(RetentionPolicy.objects.get(pk=1)) == before
