"""core.compiled.CompiledQuery: SQL built once per process, each person's id bound into it."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from townsquare.conversations.models import Notification
from townsquare.core.compiled import CompiledQuery

pytestmark = pytest.mark.django_db


def _unread(person):
    return Notification.objects.filter(recipient=person, read_at__isnull=True).values("recipient_id") \
        .annotate(n=Count("id")).values("n")


def test_each_person_gets_their_own_rows_from_the_one_compiled_sql(world):
    for _ in range(2):
        Notification.objects.create(recipient=world.alice, actor=world.otto, verb="joined")
    Notification.objects.create(recipient=world.otto, actor=world.alice, verb="joined")
    query = CompiledQuery(_unread)
    assert query.rows(world.alice) == [(2,)]
    with CaptureQueriesContext(connection) as queries:
        assert query.rows(world.otto) == [(1,)]
        assert query.rows(world.gina) == []
    assert len(queries) == 2  # one query each, no re-compiling needed to tell them apart


def test_a_query_that_depends_on_more_than_the_id_is_refused(world):
    with pytest.raises(ValueError, match="more than its objects' ids"):
        CompiledQuery(lambda person: Notification.objects.filter(recipient=person, created_at__lt=timezone.now())
                    ).rows(world.alice)
    with pytest.raises(ValueError, match="more than its objects' ids"):
        CompiledQuery(lambda person: Notification.objects.filter(recipient_id__gt=person.pk % 2)).rows(world.alice)
