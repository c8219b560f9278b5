"""Email: immediate email for mentions, praise and answers (through a real SMTP server), the daily and weekly
digest (idempotent per person and period, released on failure), preferences, and one-click unsubscribe
(RFC 8058) with a signed token and no sign-in."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from townsquare.conversations import services as conv
from townsquare.conversations.models import Follow, Notification, Post
from townsquare.delivery import services, tasks
from townsquare.delivery.models import DeliveryPreference, Digest, DigestEmail, NotificationDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://town.example.test"
    return settings.SITE_URL


def _smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there


# --- preferences --------------------------------------------------------------------------------------

def test_defaults_email_and_push_for_mentions_praise_and_answers_and_a_weekly_digest(world):
    pref = DeliveryPreference(person=world.alice)
    assert [pref.wants("email", k) for k in ("mention", "praise", "answer", "other")] == [True, True, True, False]
    assert [pref.wants("push", k) for k in ("mention", "praise", "answer", "other")] == [True, True, True, False]
    assert pref.digest == Digest.WEEKLY


def test_preferences_save_and_refuse_unknown_values(world):
    pref = services.preferences_save(person=world.alice, email={"praise"}, push={"mention", "other"}, digest="daily")
    assert (pref.email_mention, pref.email_praise, pref.push_other, pref.digest) == (False, True, True, "daily")
    with pytest.raises(ValidationError, match="digest|Monday"):
        services.preferences_save(person=world.alice, email=set(), push=set(), digest="hourly")
    with pytest.raises(ValidationError, match="not a kind"):
        services.preferences_save(person=world.alice, email={"gossip"}, push=set(), digest="off")
    assert DeliveryPreference.objects.get(person=world.alice).digest == "daily"  # nothing altered


def test_preferences_page_saves_and_rerenders_bad_input_with_400(world, client_for):
    c = client_for(world.alice)
    page = c.get(reverse("delivery_preferences"))
    assert page.status_code == 200 and b"Turn on notifications on this device" in page.content
    assert b'data-vapid-key="B' in page.content  # the uncompressed P-256 point starts with 0x04 → "B"
    response = c.post(reverse("delivery_preferences"), {"email_mention": "on", "push_answer": "on", "digest": "off"})
    assert response.status_code == 302
    pref = DeliveryPreference.objects.get(person=world.alice)
    assert (pref.email_mention, pref.email_praise, pref.push_answer, pref.push_mention, pref.digest) == (
        True, False, True, False, "off")
    bad = c.post(reverse("delivery_preferences"), {"email_praise": "on", "digest": "hourly"})
    assert bad.status_code == 400 and b"Choose no digest" in bad.content
    assert DeliveryPreference.objects.get(person=world.alice).digest == "off"


# --- immediate email ---------------------------------------------------------------------------------

def test_a_mention_is_emailed_once_through_smtp_with_unsubscribe_headers(world, site, smtp_server, huey_immediate,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = conv.post_create(author=world.gina, body="Could @alice check the Q3 numbers & the forecast?")
    received = smtp_server.to("alice@example.test")
    assert len(received) == 1
    mail = received[0]
    assert mail.subject == "Gina Groupadmin mentioned you"
    text = mail.body
    assert "Could @alice check the Q3 numbers & the forecast?" in text  # plain text is not HTML-escaped
    assert f"{site}/posts/{post.pk}/" in text
    html = mail.message.get_body(preferencelist=("html",)).get_content()
    assert "numbers &amp; the forecast" in html and f"{site}/posts/{post.pk}/" in html
    unsubscribe = str(mail.message["List-Unsubscribe"]).strip()  # long: folded onto its own line
    assert unsubscribe.startswith(f"<{site}/email/unsubscribe/") and unsubscribe.endswith("/>")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in text
    # the task runs again (a replay): nothing is sent twice
    services.deliver_notifications(list(Notification.objects.filter(recipient=world.alice).values_list("pk", flat=True)))
    assert len(smtp_server.to("alice@example.test")) == 1


def test_praise_and_answers_are_emailed_reactions_are_not_by_default(world, site, smtp_server, huey_immediate,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = conv.post_create(author=world.alice, body="Where is the budget template?", kind=Post.Kind.QUESTION)
    with django_capture_on_commit_callbacks(execute=True):
        conv.reply_create(author=world.gina, post=question, body="In the finance drive, under templates.")
    with django_capture_on_commit_callbacks(execute=True):
        conv.reaction_set(person=world.otto, post=question)
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=world.gina, kind=Post.Kind.PRAISE, body="Thanks Otto for the fix!",
                         praised_people=[world.otto])
    assert [m.subject for m in smtp_server.to("alice@example.test")] == ["Gina Groupadmin answered your question"]
    assert [m.subject for m in smtp_server.to("otto@example.test")] == ["Gina Groupadmin praised you"]


def test_switched_off_kind_sends_nothing_and_enqueues_nothing(world, smtp_server, huey_immediate, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    services.preferences_save(person=world.alice, email={"praise"}, push={"mention"}, digest="off")
    calls = []
    monkeypatch.setattr(services, "deliver_notifications", lambda ids, now=None: calls.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=world.gina, body="Hello @alice")
    assert calls == []  # push is on for mentions, but alice has no device: nothing to do
    assert smtp_server.messages == []


def test_a_mail_server_that_is_down_releases_the_claim_for_the_retry(world, settings, smtp_server):
    notification = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.MENTION)
    port = settings.EMAIL_PORT
    _smtp_down(settings)
    run = services.deliver_notifications([notification.pk])
    assert (run.emailed, run.failed) == (0, 1)
    assert not NotificationDelivery.objects.filter(notification=notification).exists()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    assert services.deliver_notifications([notification.pk]).emailed == 1
    assert len(smtp_server.to("alice@example.test")) == 1


def test_deactivated_people_get_no_email(world, smtp_server):
    n = Notification.objects.create(recipient=world.dave, actor=world.gina, verb=Notification.Verb.MENTION)
    assert services.deliver_notifications([n.pk]).emailed == 0
    assert smtp_server.messages == []


# --- one-click unsubscribe ------------------------------------------------------------------------------

def test_unsubscribe_get_asks_and_changes_nothing_post_from_the_mail_provider_works_without_csrf(world):
    services.preferences_save(person=world.alice, email={"mention", "praise"}, push=set(), digest="daily")
    token = services.unsubscribe_token(world.alice, "email_mention")
    url = reverse("email_unsubscribe", args=[token])
    anon = Client(enforce_csrf_checks=True)
    page = anon.get(url)
    assert page.status_code == 200 and b"Stop these emails?" in page.content and b"alice@example.test" in page.content
    assert DeliveryPreference.objects.get(person=world.alice).email_mention is True  # a link scanner changes nothing
    done = anon.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and b"You are unsubscribed" in done.content
    pref = DeliveryPreference.objects.get(person=world.alice)
    assert (pref.email_mention, pref.email_praise, pref.digest) == (False, True, "daily")  # only what the link said


def test_unsubscribe_from_the_digest_and_from_everything(world):
    Client().post(reverse("email_unsubscribe", args=[services.unsubscribe_token(world.alice, "digest")]))
    assert DeliveryPreference.objects.get(person=world.alice).digest == "off"
    services.preferences_save(person=world.gina, email={"mention", "praise", "answer"}, push={"mention"}, digest="weekly")
    Client().post(reverse("email_unsubscribe", args=[services.unsubscribe_token(world.gina, "email")]))
    pref = DeliveryPreference.objects.get(person=world.gina)
    assert (pref.email_mention, pref.email_praise, pref.email_answer, pref.digest, pref.push_mention) == (
        False, False, False, "off", True)


@pytest.mark.parametrize("token", ["nonsense", "eyJwIjoxLCJzIjoiZW1haWwifQ:1abc:forged"])
def test_a_forged_or_broken_token_is_refused(world, token):
    response = Client().post(reverse("email_unsubscribe", args=[token]))
    assert response.status_code == 404 and b"This link does not work" in response.content
    assert not DeliveryPreference.objects.exists()


def test_a_token_names_one_person_and_scope(world):
    token = services.unsubscribe_token(world.alice, "digest")
    assert services.unsubscribe_read(token) == (world.alice, "digest")
    assert services.unsubscribe_read(token[:-2] + "xx") is None


# --- the digest -------------------------------------------------------------------------------------------

LA = ZoneInfo("America/Los_Angeles")


def test_digest_period_daily_and_weekly():
    monday_early = datetime(2026, 11, 23, 7, 59, tzinfo=LA)
    monday = datetime(2026, 11, 23, 8, 0, tzinfo=LA)
    assert services.digest_period("daily", monday_early) is None
    assert services.digest_period("daily", monday) == (date(2026, 11, 23), datetime(2026, 11, 22, 8, 0, tzinfo=LA))
    assert services.digest_period("weekly", monday_early) is None
    assert services.digest_period("weekly", monday) == (date(2026, 11, 23), datetime(2026, 11, 16, 8, 0, tzinfo=LA))
    assert services.digest_period("weekly", monday + timedelta(days=1, hours=15))[0] == date(2026, 11, 23)  # catch-up
    assert services.digest_period("weekly", monday + timedelta(days=2)) is None  # too late: wait for next Monday
    assert services.digest_period("off", monday) is None


@pytest.fixture
def missed(world):
    """Alice (Los Angeles) follows gina and the data guild; last week gina's posts drew response, and alice has
    unread notifications."""
    w = world
    Follow.objects.create(follower=w.alice, target_kind=Follow.Target.PERSON, target_id=w.gina.pk)
    Follow.objects.create(follower=w.alice, target_kind=Follow.Target.GROUP, target_id=w.public.pk)
    busy = conv.post_create(author=w.gina, body="Quarter close: what worked", title="")
    quiet = conv.post_create(author=w.gina, body="A quiet note nobody answered")
    conv.group_join(person=w.erin, group=w.public)
    guild = conv.post_create(author=w.erin, body="Guild meetup on Thursday", group=w.public)
    secret = conv.post_create(author=w.gina, body="Board numbers", group=w.secret)
    for person in (w.otto, w.erin, w.olga):
        conv.reaction_set(person=person, post=busy)
    conv.reaction_set(person=w.otto, post=guild)
    conv.reaction_set(person=w.otto, post=secret)
    Follow.objects.create(follower=w.otto, target_kind=Follow.Target.PERSON, target_id=w.gina.pk)
    Notification.objects.create(recipient=w.alice, actor=w.gina, verb=Notification.Verb.MENTION, post=busy)
    Notification.objects.create(recipient=w.alice, actor=w.erin, verb=Notification.Verb.REACTION, post=quiet)
    Notification.objects.create(recipient=w.alice, actor=w.otto, verb=Notification.Verb.REPLY, post=quiet,
                                read_at=datetime.now(UTC))
    return {"busy": busy, "quiet": quiet, "guild": guild, "secret": secret}


def _monday_8am_la():
    """The first Monday 08:05 in Los Angeles after now, so the week it reports on holds what the test wrote."""
    real_now = datetime.now(LA)
    monday = real_now.date() - timedelta(days=real_now.weekday())
    candidate = datetime.combine(monday, datetime.min.time(), tzinfo=LA).replace(hour=8, minute=5)
    return candidate if candidate > real_now else candidate + timedelta(days=7)


def test_weekly_digest_tells_unread_notifications_and_top_posts_once(world, missed, site, smtp_server):
    now = _monday_8am_la()
    services.preferences_save(person=world.otto, email=set(), push=set(), digest="off")
    run = services.digests_decide(now)
    alice_rows = DigestEmail.objects.filter(person=world.alice)
    assert [(r.frequency, r.period_start) for r in alice_rows] == [("weekly", now.date())]
    assert not DigestEmail.objects.filter(person=world.otto).exists()  # switched off
    sent = services.digests_send(run.pending, now)
    received = smtp_server.to("alice@example.test")
    assert len(received) == 1 and sent.emailed >= 1
    mail = received[0]
    assert mail.subject == "What you missed on Townsquare: 2 notifications waiting and 3 posts worth a look"
    body = mail.body
    assert body.index("Quarter close") < body.index("Guild meetup")  # most response first
    assert "Board numbers" in body  # alice is in the secret group
    assert "A quiet note" not in body.split("posts that drew")[1]  # no response: not a top post
    assert "Gina Groupadmin mentioned you" in body and "Erin Executive reacted to your post" in body
    assert "replied to your post" not in body  # already read
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/email/unsubscribe/" in body
    html = mail.message.get_body(preferencelist=("html",)).get_content()
    assert "Quarter close: what worked" in html and "Waiting in your bell (2)" in html and "Stop the digest" in html
    # a second tick, or two workers at once: nothing new, nothing sent again
    again = services.digests_decide(now + timedelta(minutes=1))
    services.digests_send(again.pending, now + timedelta(minutes=1))
    assert len(smtp_server.to("alice@example.test")) == 1
    assert DigestEmail.objects.filter(person=world.alice).count() == 1


def test_the_digest_shows_only_posts_the_reader_can_open(world, missed):
    now = _monday_8am_la()
    content = services.selectors.digest_content(world.otto, since=now - timedelta(days=7), until=now)
    assert [p.body for p in content.top_posts] == ["Quarter close: what worked"]  # not the secret group's post


def test_a_digest_with_nothing_to_tell_is_not_sent(world, smtp_server):
    now = _monday_8am_la()
    services.digests_send(services.digests_decide(now).pending, now)
    assert smtp_server.messages == []
    assert DigestEmail.objects.filter(person=world.alice, empty=True).exists()


def test_a_failed_digest_is_released_and_sent_by_a_later_tick(world, missed, settings, smtp_server):
    now = _monday_8am_la()
    port = settings.EMAIL_PORT
    _smtp_down(settings)
    run = services.digests_decide(now)
    failed = services.digests_send(run.pending, now)
    assert failed.failed >= 1
    row = DigestEmail.objects.get(person=world.alice)
    assert row.sent_at is None and row.attempted_at is not None
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    soon = services.digests_decide(now + timedelta(minutes=1))
    assert row.pk not in soon.pending  # not retried at once
    later = services.digests_decide(now + services.DIGEST_REQUEUE_AFTER + timedelta(minutes=2))
    assert row.pk in later.pending
    services.digests_send(later.pending, now + timedelta(minutes=20))
    assert len(smtp_server.to("alice@example.test")) == 1


def test_daily_digest_in_the_persons_morning(world, missed, smtp_server):
    services.preferences_save(person=world.alice, email=set(), push=set(), digest="daily")
    la_7am = datetime.now(LA).replace(hour=7, minute=0, second=0, microsecond=0)
    assert not DigestEmail.objects.filter(person=world.alice).exists() and \
        not [r for r in services.digests_decide(la_7am).pending
             if DigestEmail.objects.get(pk=r).person_id == world.alice.pk]
    la_8am = la_7am.replace(hour=8, minute=1)
    run = services.digests_decide(la_8am)
    row = DigestEmail.objects.get(person=world.alice)
    assert (row.frequency, row.period_start) == ("daily", la_8am.date()) and row.pk in run.pending


def test_the_tick_sends_digests_through_huey(world, missed, smtp_server, huey_immediate, monkeypatch):
    monkeypatch.setattr(services.timezone, "now", lambda: _monday_8am_la().astimezone(UTC))
    tasks.delivery_tick()
    assert len(smtp_server.to("alice@example.test")) == 1


def test_the_tick_is_scheduled_every_minute():
    from huey.contrib.djhuey import HUEY

    for minute in (0, 7, 59):
        assert "delivery_tick" in {t.name for t in HUEY.read_periodic(datetime(2026, 1, 12, 8, minute))}


def test_the_command_sends_due_digests(world, missed, smtp_server):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    # alice and otto (follows gina), gina and erin (told of the reactions to their posts)
    call_command("delivery_digests", now=_monday_8am_la().isoformat(), stdout=out)
    assert "emailed: 4;" in out.getvalue() and len(smtp_server.to("alice@example.test")) == 1
    with pytest.raises(CommandError, match="UTC offset"):
        call_command("delivery_digests", now="2026-03-10T09:00:00")


def test_read_or_stale_notifications_are_not_sent(world, smtp_server):
    read = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.MENTION,
                                       read_at=datetime.now(UTC))
    old = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.MENTION,
                                      created_at=datetime.now(UTC) - services.IMMEDIATE_MAX_AGE - timedelta(minutes=1))
    assert services.deliver_notifications([read.pk, old.pk]).emailed == 0
    assert smtp_server.messages == []
