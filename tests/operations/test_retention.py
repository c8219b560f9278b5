"""Retention (issue 15 part 5): a setting removes only what is older than its days; bad input on the operations
page is a 400 with a clear message and nothing saved. (More kinds and the analytics-before-and-after check still
to come.)"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations.models import Notification
from townsquare.operations import retention, services
from townsquare.operations.models import RetentionPolicy

pytestmark = pytest.mark.django_db


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
