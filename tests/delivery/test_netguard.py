"""Push endpoints and webhook targets cannot reach inside the network (server-side request forgery), unless
an admin allow-lists the host; checked when stored and again before each send. Real receivers on loopback."""

import pytest
from django.core.exceptions import ValidationError

from townsquare.delivery import services
from townsquare.delivery.models import PushSubscription, Webhook, WebhookAttempt

pytestmark = pytest.mark.django_db

KEYS = {"p256dh": "B" + "a" * 86, "auth": "c" * 22}
INSIDE = ["http://127.0.0.1:9/hook", "https://127.0.0.1/hook", "https://localhost/x", "https://10.0.0.5/x",
          "https://192.168.1.1/x", "https://169.254.169.254/latest/meta-data/", "https://[::1]/x", "https://0.0.0.0/x"]


@pytest.fixture
def nothing_allowed(settings):
    settings.PUSH_ALLOWED_HOSTS = []
    settings.WEBHOOK_ALLOWED_HOSTS = []


@pytest.mark.parametrize("url", INSIDE)
def test_inside_addresses_are_refused_for_push_and_webhooks(world, nothing_allowed, url):
    with pytest.raises(ValidationError) as caught:
        services.push_subscribe(person=world.alice, endpoint=url, **KEYS)
    assert "inside the network" in caught.value.messages[0] or "https://" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        services.webhook_create(admin=world.olga, name="Sneaky", url=url, groups=[], company_wide=True)
    assert not PushSubscription.objects.exists() and not Webhook.objects.exists()


def test_plain_http_is_refused_unless_allow_listed(world, nothing_allowed, settings):
    with pytest.raises(ValidationError, match="https://"):
        services.webhook_create(admin=world.olga, name="Chat", url="http://chat.example.test/hook", groups=[],
                                company_wide=True)
    settings.WEBHOOK_ALLOWED_HOSTS = ["chat.example.test"]
    assert services.webhook_create(admin=world.olga, name="Chat", url="http://chat.example.test/hook", groups=[],
                                   company_wide=True).pk


def test_a_stored_address_is_checked_again_before_sending(world, http_server, settings):
    receiver = http_server()
    hook = services.webhook_create(admin=world.olga, name="Once fine", url=receiver.url, groups=[], company_wide=True)
    settings.WEBHOOK_ALLOWED_HOSTS = []  # the admin took the host off the allow-list
    result = services.webhook_attempt(webhook_id=hook.pk, delivery_id=services.new_delivery_id(), event="ping",
                                      body="{}", attempt=1)
    assert receiver.requests == []
    attempt = WebhookAttempt.objects.get()
    assert not attempt.ok and attempt.error == "Not sent: The webhook address must start with https://."
    assert result.retry_in == 30
