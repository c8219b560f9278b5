"""Outgoing webhooks: new posts are POSTed as HMAC-SHA256-signed JSON to a real local HTTP server; a failing
server gets retries with backoff (5 attempts) and every attempt is in the log; only org admins manage them."""

import hashlib
import hmac
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from townsquare.conversations import services as conv
from townsquare.conversations.models import Post
from townsquare.delivery import services
from townsquare.delivery.models import Webhook, WebhookAttempt

pytestmark = pytest.mark.django_db


def verify(secret: str, request) -> bool:
    """What a receiver does: HMAC-SHA256 over the raw body, compared in constant time."""
    expected = "sha256=" + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers["x-townsquare-signature"])


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://town.example.test"


@pytest.fixture
def admin(world):
    """gina, made an org admin too: she is in every group, so her webhooks may choose any of them."""
    world.gina.is_staff = True
    world.gina.save(update_fields=["is_staff"])
    return world.gina


def test_a_new_post_is_delivered_signed_to_the_groups_webhook(world, admin, site, http_server, huey_immediate,
                                                              django_capture_on_commit_callbacks):
    receiver = http_server()
    hook = services.webhook_create(admin=admin, name="Guild chat", url=f"{receiver.url}/hooks/guild",
                                   groups=[world.public], company_wide=False)
    with django_capture_on_commit_callbacks(execute=True):
        post = conv.post_create(author=world.alice, body="Data guild: #sql office hours on Friday", group=world.public)
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=world.alice, body="Company news, not for the guild hook")
    [request] = receiver.requests
    assert request.path == "/hooks/guild"
    assert verify(hook.secret, request)
    assert not verify("another-secret", request)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-townsquare-event"] == "post.published"
    assert request.headers["x-townsquare-timestamp"].isdigit()
    payload = json.loads(request.body)
    assert payload["event"] == "post.published" and payload["delivery_id"] == request.headers["x-townsquare-delivery"]
    assert payload["data"] == {
        "id": post.pk, "kind": "update", "title": "", "body": "Data guild: #sql office hours on Friday",
        "url": f"https://town.example.test/posts/{post.pk}/", "created_at": post.created_at.isoformat(),
        "author": {"name": "Alice Member", "handle": "alice"},
        "group": {"slug": world.public.slug, "name": "Data Guild"}, "topics": ["sql"]}
    [attempt] = WebhookAttempt.objects.filter(webhook=hook)
    assert (attempt.ok, attempt.status_code, attempt.attempt, attempt.event) == (True, 201, 1, "post.published")


def test_company_wide_hooks_get_company_posts_only_and_disabled_hooks_nothing(world, admin, http_server, huey_immediate,
                                                                              django_capture_on_commit_callbacks):
    company, secret_hook = http_server(), http_server()
    services.webhook_create(admin=world.olga, name="All hands", url=company.url, groups=[], company_wide=True)
    off = services.webhook_create(admin=admin, name="Board", url=secret_hook.url, groups=[world.secret], company_wide=False)
    services.webhook_set_enabled(admin=admin, webhook=off, enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=world.gina, body="Board agenda", group=world.secret)
        conv.post_create(author=world.gina, body="Private finance talk", group=world.private)
        conv.post_create(author=world.gina, body="Everyone: the canteen opens at noon")
    assert [json.loads(r.body)["data"]["body"] for r in company.requests] == ["Everyone: the canteen opens at noon"]
    assert secret_hook.requests == []


def test_a_webhook_whose_creator_left_the_group_gets_nothing_more(world, admin, http_server, huey_immediate,
                                                                  django_capture_on_commit_callbacks):
    receiver = http_server()
    services.webhook_create(admin=admin, name="Finance",
                            url=receiver.url, groups=[world.private], company_wide=False)
    from townsquare.conversations.models import Membership

    Membership.objects.filter(person=admin, group=world.private).delete()
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=world.alice, body="Closing the books", group=world.private)
    assert receiver.requests == []


def test_a_failing_server_is_retried_with_backoff_and_logged(world, http_server, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from townsquare.core import outbox
    from townsquare.core.models import OutboxItem

    receiver = http_server(statuses=[500, 503, 502])
    hook = services.webhook_create(admin=world.olga, name="Flaky", url=receiver.url, groups=[], company_wide=True)
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=world.alice, body="Company news")
    assert receiver.requests == []  # recorded with the post; the worker sends it
    outbox.drain_all()
    assert len(receiver.requests) == 1
    item = OutboxItem.objects.get(handler="delivery.webhook")
    assert item.done_at is None and item.attempts == 1
    assert (item.due_at - timezone.now()).total_seconds() == pytest.approx(30, abs=2)  # attempt 2 waits 30 s
    first = WebhookAttempt.objects.get(webhook=hook, attempt=1)
    assert (first.ok, first.status_code, first.error) == (False, 500, "The server answered 500 Internal Server Error.")
    assert (first.next_attempt_at - first.created_at).total_seconds() == pytest.approx(30, abs=2)
    outbox.drain_all()
    assert len(receiver.requests) == 1  # not before its time
    for _ in range(6):  # as the worker does once each wait is over
        if not OutboxItem.objects.filter(handler="delivery.webhook", done_at__isnull=True).update(due_at=timezone.now()):
            break
        outbox.drain_all()
    log = list(WebhookAttempt.objects.filter(webhook=hook).order_by("attempt").values_list("attempt", "status_code", "ok"))
    assert log == [(1, 500, False), (2, 503, False), (3, 502, False), (4, 201, True)]
    bodies = {r.body for r in receiver.requests}
    assert len(bodies) == 1 and all(verify(hook.secret, r) for r in receiver.requests)  # the same signed body
    assert len({r.headers["x-townsquare-delivery"] for r in receiver.requests}) == 1


def test_retries_stop_after_five_attempts(world, http_server):
    receiver = http_server(statuses=[500] * 10)
    hook = services.webhook_create(admin=world.olga, name="Down", url=receiver.url, groups=[], company_wide=True)
    delivery_id = services.new_delivery_id()
    waits = []
    for attempt in range(1, 6):
        result = services.webhook_attempt(webhook_id=hook.pk, delivery_id=delivery_id, event="ping", body="{}",
                                          attempt=attempt)
        waits.append(result.retry_in)
    assert waits == [30, 120, 480, 1920, None]
    assert WebhookAttempt.objects.filter(webhook=hook).count() == 5
    # a replayed attempt sends nothing
    services.webhook_attempt(webhook_id=hook.pk, delivery_id=delivery_id, event="ping", body="{}", attempt=5)
    assert len(receiver.requests) == 5


def test_no_answer_at_all_is_logged(world):
    hook = services.webhook_create(admin=world.olga, name="Nowhere", url="http://127.0.0.1:9/hook", groups=[],
                                   company_wide=True)
    result = services.webhook_attempt(webhook_id=hook.pk, delivery_id="d1", event="ping", body="{}", attempt=1)
    assert result.attempt.status_code is None and result.attempt.error.startswith("No answer: ConnectError")
    assert result.retry_in == 30


@pytest.mark.parametrize("url, message", [
    ("", "Write the address"),
    ("ftp://files.example.test/x", "not a web address"),
    ("javascript:alert(1)", "not a web address"),
    ("https://", "not a web address"),
])
def test_bad_addresses_are_refused(world, url, message):
    with pytest.raises(ValidationError, match=message):
        services.webhook_create(admin=world.olga, name="x", url=url, groups=[], company_wide=True)
    assert not Webhook.objects.exists()


def test_only_readable_groups_and_only_org_admins(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(ValidationError, match="whose posts you can read"):  # olga is in no group
        services.webhook_create(admin=world.olga, name="x", url="https://x.example.test", groups=[world.secret],
                                company_wide=False)
    with pytest.raises(ValidationError, match="at least one group"):
        services.webhook_create(admin=world.olga, name="x", url="https://x.example.test", groups=[], company_wide=False)
    services.webhook_create(admin=world.olga, name="x", url="https://x.example.test", groups=[world.public],
                            company_wide=False)  # a public group is fine
    with pytest.raises(PermissionDenied):
        services.webhook_create(admin=world.gina, name="x", url="https://x.example.test", groups=[], company_wide=True)


# --- the pages -------------------------------------------------------------------------------------------

def test_admin_adds_tests_toggles_and_deletes_a_webhook(world, client_for, http_server, huey_immediate,
                                                        django_capture_on_commit_callbacks):
    receiver = http_server()
    c = client_for(world.olga)
    assert b"No webhooks yet" in c.get(reverse("webhook_list")).content
    bad = c.post(reverse("webhook_create"), {"name": "Chat", "url": "chat.example.test", "company_wide": "1"})
    assert bad.status_code == 400 and b"not a web address" in bad.content and b'value="Chat"' in bad.content
    sneaky = c.post(reverse("webhook_create"), {"name": "Chat", "url": receiver.url, "groups": [world.secret.pk]})
    assert sneaky.status_code == 400 and not Webhook.objects.exists()
    created = c.post(reverse("webhook_create"), {"name": "Chat", "url": receiver.url, "company_wide": "1"})
    hook = Webhook.objects.get()
    assert created.status_code == 302 and created.url == reverse("webhook_detail", args=[hook.pk])
    page = c.get(created.url)
    assert b"Chat" in page.content and hook.secret.encode() in page.content and b"Nothing sent yet" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("webhook_test", args=[hook.pk]))
    [ping] = receiver.requests
    assert verify(hook.secret, ping) and json.loads(ping.body)["event"] == "ping"
    assert b"1 of 5" in c.get(reverse("webhook_detail", args=[hook.pk])).content
    listing = c.get(reverse("webhook_list")).content
    assert b"Delivered" in listing and b"Company-wide posts" in listing
    c.post(reverse("webhook_toggle", args=[hook.pk]), {"enabled": "0"})
    assert Webhook.objects.get().enabled is False
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("webhook_test", args=[hook.pk]))
    assert len(receiver.requests) == 1  # off: the test button sends nothing
    edit = c.post(reverse("webhook_detail", args=[hook.pk]), {"name": "Chat room", "url": receiver.url,
                                                               "groups": [world.public.pk]})
    assert edit.status_code == 302
    hook.refresh_from_db()
    assert hook.name == "Chat room" and not hook.company_wide and list(hook.groups.all()) == [world.public]
    old_secret = hook.secret
    c.post(reverse("webhook_secret", args=[hook.pk]))
    hook.refresh_from_db()
    assert hook.secret != old_secret
    confirm = c.get(reverse("webhook_delete", args=[hook.pk]))
    assert confirm.status_code == 200 and b"Delete webhook" in confirm.content and Webhook.objects.exists()
    assert c.post(reverse("webhook_delete", args=[hook.pk])).status_code == 302
    assert not Webhook.objects.exists() and not WebhookAttempt.objects.exists()


def test_people_who_are_not_org_admins_see_no_webhooks(world, client_for):
    hook = services.webhook_create(admin=world.olga, name="x", url="https://x.example.test", groups=[], company_wide=True)
    for person in (world.alice, world.gina, world.otto):
        c = client_for(person)
        assert c.get(reverse("webhook_list")).status_code == 404
        assert c.get(reverse("webhook_detail", args=[hook.pk])).status_code == 404
        assert c.post(reverse("webhook_delete", args=[hook.pk])).status_code == 404
    assert Webhook.objects.filter(pk=hook.pk).exists()
    assert Post.objects.count() == 0
