"""Web Push: VAPID keys (from the environment or generated once into DATA_DIR), the subscribe endpoints,
and sending with pywebpush to a local push endpoint that decrypts the payload with http_ece using the
subscription's private key and auth secret made here — the way a browser would."""

import base64
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from py_vapid import Vapid

from townsquare.coach.models import CoachPreference
from townsquare.conversations import services as conv
from townsquare.conversations.models import Notification
from townsquare.delivery import services, vapid
from townsquare.delivery.models import NotificationDelivery, PushSubscription

pytestmark = pytest.mark.django_db


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Browser:
    """The receiving side of a push subscription: a P-256 key pair and an auth secret, as a browser makes."""

    def __init__(self, endpoint: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint
        self.p256dh = b64(self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                             serialization.PublicFormat.UncompressedPoint))

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))

    def subscribe(self, person) -> PushSubscription:
        return services.push_subscribe(person=person, endpoint=self.endpoint, p256dh=self.p256dh, auth=b64(self.auth))


@pytest.fixture
def vapid_in_tmp(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("TOWNSQUARE_VAPID_PRIVATE_KEY", raising=False)
    monkeypatch.delenv("TOWNSQUARE_VAPID_PUBLIC_KEY", raising=False)
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_a_notification_is_pushed_encrypted_and_signed(world, http_server, vapid_in_tmp):
    endpoint = http_server()
    phone = Browser(f"{endpoint.url}/push/alice-phone")
    phone.subscribe(world.alice)
    post = conv.post_create(author=world.gina, body="@alice the forecast is ready for review")
    n = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.MENTION, post=post)
    run = services.deliver_notifications([n.pk])
    assert run.pushed == 1
    [request] = endpoint.requests
    assert request.path == "/push/alice-phone"
    assert request.headers["content-encoding"] == "aes128gcm" and int(request.headers["ttl"]) == services.PUSH_TTL
    assert phone.decrypt(request.body) == {
        "title": "Gina Groupadmin mentioned you", "body": "@alice the forecast is ready for review",
        "url": f"/posts/{post.pk}/", "tag": f"notification-{n.pk}"}
    authorization = request.headers["authorization"]
    assert authorization.startswith("vapid t=") and f"k={vapid.public_key()}" in authorization
    assert Vapid.verify(authorization)  # signed by our VAPID key
    claims = json.loads(base64.urlsafe_b64decode(authorization.split("t=")[1].split(".")[1] + "=="))
    assert claims["aud"] == endpoint.url and claims["sub"].startswith("mailto:")
    # a replayed task pushes nothing more
    services.deliver_notifications([n.pk])
    assert len(endpoint.requests) == 1


def test_every_device_gets_it_and_an_expired_one_is_forgotten(world, http_server, vapid_in_tmp):
    alive, gone = http_server(), http_server(statuses=[410])
    laptop, old_phone = Browser(f"{alive.url}/laptop"), Browser(f"{gone.url}/old-phone")
    laptop.subscribe(world.alice)
    old_phone.subscribe(world.alice)
    n = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.PRAISE)
    assert services.deliver_notifications([n.pk]).pushed == 1
    assert laptop.decrypt(alive.requests[0].body)["title"] == "Gina Groupadmin praised you"
    assert len(gone.requests) == 1
    assert list(PushSubscription.objects.filter(person=world.alice).values_list("endpoint", flat=True)) == [laptop.endpoint]


def test_a_push_service_error_releases_the_claim_for_a_retry(world, http_server, vapid_in_tmp):
    flaky = http_server(statuses=[500])
    phone = Browser(f"{flaky.url}/p")
    phone.subscribe(world.alice)
    n = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.ANSWER)
    first = services.deliver_notifications([n.pk])
    assert (first.pushed, first.failed) == (0, 1)
    assert not NotificationDelivery.objects.filter(notification=n, channel="push").exists()
    assert PushSubscription.objects.filter(pk__isnull=False).count() == 1  # a 500 is not an expired device
    assert services.deliver_notifications([n.pk]).pushed == 1
    assert phone.decrypt(flaky.requests[1].body)["title"] == "Gina Groupadmin answered your question"


def test_kinds_switched_off_and_quiet_hours_push_nothing(world, http_server, vapid_in_tmp):
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    endpoint = http_server()
    Browser(f"{endpoint.url}/p").subscribe(world.alice)
    services.preferences_save(person=world.alice, email=set(), push={"mention"}, digest="off")
    reaction = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.REACTION)
    assert services.deliver_notifications([reaction.pk]).pushed == 0
    CoachPreference.objects.create(person=world.alice, quiet_start=time(22, 0), quiet_end=time(7, 0))
    la = ZoneInfo("America/Los_Angeles")
    night_in_la = datetime.now(la).replace(hour=23, minute=30)
    mention = Notification.objects.create(recipient=world.alice, actor=world.gina, verb=Notification.Verb.MENTION,
                                          created_at=night_in_la - timedelta(minutes=1))
    assert services.deliver_notifications([mention.pk], now=night_in_la).pushed == 0
    assert endpoint.requests == []
    # the same mention outside quiet hours goes out
    assert services.deliver_notifications([mention.pk], now=night_in_la - timedelta(hours=2)).pushed == 1


def test_subscribe_and_unsubscribe_endpoints(world, client_for, vapid_in_tmp):
    c = client_for(world.alice)
    phone = Browser("https://push.example.test/send/abc123")
    sub = {"endpoint": phone.endpoint, "expirationTime": None, "keys": {"p256dh": phone.p256dh, "auth": b64(phone.auth)}}
    response = c.post(reverse("push_subscribe"), json.dumps(sub), content_type="application/json")
    assert response.status_code == 201 and response.json()["ok"] is True
    assert PushSubscription.objects.get(endpoint=phone.endpoint).person == world.alice
    # the same browser, now with gina signed in: the device moves to her
    client_for(world.gina).post(reverse("push_subscribe"), json.dumps(sub), content_type="application/json")
    assert PushSubscription.objects.get(endpoint=phone.endpoint).person == world.gina
    # alice cannot remove gina's device
    c.post(reverse("push_unsubscribe"), json.dumps({"endpoint": phone.endpoint}), content_type="application/json")
    assert PushSubscription.objects.filter(endpoint=phone.endpoint).exists()
    g = client_for(world.gina)
    gone = g.post(reverse("push_unsubscribe"), json.dumps({"endpoint": phone.endpoint}), content_type="application/json")
    assert gone.json() == {"ok": True, "removed": 1} and not PushSubscription.objects.exists()


@pytest.mark.parametrize("body, message", [
    ("not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    (json.dumps({"endpoint": "", "keys": {}}), "no endpoint"),
    (json.dumps({"endpoint": "ftp://push.example.test/x", "keys": {"p256dh": "B" * 87, "auth": "a" * 22}}), "http(s)"),
    (json.dumps({"endpoint": "https://push.example.test/x", "keys": {"p256dh": "<script>", "auth": "a" * 22}}), "p256dh"),
    (json.dumps({"endpoint": "https://push.example.test/" + "x" * 1000, "keys": {}}), "longer than"),
])
def test_bad_subscriptions_get_a_clear_400(world, client_for, body, message):
    response = client_for(world.alice).post(reverse("push_subscribe"), body, content_type="application/json")
    assert response.status_code == 400 and message in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_vapid_key_is_generated_once_into_the_data_dir(vapid_in_tmp):
    first = vapid.public_key()
    key_file = vapid_in_tmp / vapid.KEY_FILE_NAME
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    vapid._load.cache_clear()
    assert vapid.public_key() == first  # read back, not made again
    assert len(base64.urlsafe_b64decode(first + "=")) == 65


def test_vapid_key_from_the_environment(monkeypatch, vapid_in_tmp):
    key = Vapid()
    key.generate_keys()
    monkeypatch.setenv("TOWNSQUARE_VAPID_PRIVATE_KEY", key.private_pem().decode())
    assert vapid.public_key() == vapid.public_key_of(key)
    assert not (vapid_in_tmp / vapid.KEY_FILE_NAME).exists()
    monkeypatch.setenv("TOWNSQUARE_VAPID_PUBLIC_KEY", vapid.public_key_of(key))
    assert vapid.public_key() == vapid.public_key_of(key)
    other = Vapid()
    other.generate_keys()
    monkeypatch.setenv("TOWNSQUARE_VAPID_PUBLIC_KEY", vapid.public_key_of(other))
    with pytest.raises(ImproperlyConfigured, match="does not belong"):
        vapid.public_key()
    monkeypatch.setenv("TOWNSQUARE_VAPID_PRIVATE_KEY", "not a key")
    with pytest.raises(ImproperlyConfigured, match="not a private key"):
        vapid.public_key()


def test_the_service_worker_shows_pushes_and_opens_their_page(client):
    script = client.get(reverse("service_worker")).content.decode()
    assert 'addEventListener("push"' in script and "showNotification" in script
    assert 'addEventListener("notificationclick"' in script and "openWindow" in script
