"""The demo organisation gets delivery preferences and two webhooks with a log, the same for the same seed."""

import pytest

from townsquare.delivery.models import DeliveryPreference, Webhook, WebhookAttempt

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot():
    return (sorted(DeliveryPreference.objects.values_list("person__email", "digest", "email_praise")),
            sorted(Webhook.objects.values_list("name", "enabled", "company_wide")),
            WebhookAttempt.objects.count())


def test_demo_seed_gives_preferences_and_webhooks(huey_immediate, monkeypatch):  # the CEO's history notifies people
    from django.core.management import call_command

    from townsquare.demo import generator
    from townsquare.demo.generator import generate

    # only this package's extension: the others have their own tests
    monkeypatch.setattr(generator, "DEMO_EXTENSIONS", ["townsquare.delivery.demo"])

    generate(people=80, seed=5, weeks=2, progress=False)
    prefs, hooks, attempts = _snapshot()
    assert 15 <= len(prefs) <= 45 and {d for _, d, _ in prefs} >= {"daily", "off", "weekly"}
    assert [h[1] for h in hooks] == [False, False] and attempts > 10  # off: the demo calls nobody
    assert ("ceo@demo.townsquare.test", "daily", True) in prefs
    call_command("flush", verbosity=0, interactive=False)
    generate(people=80, seed=5, weeks=2, progress=False)
    assert _snapshot() == (prefs, hooks, attempts)
