"""core/sqlite_backend: on SQLite the writers of one process queue on one lock of ours (held from BEGIN to COMMIT
or ROLLBACK, or for one write outside a transaction), instead of sleeping in SQLite's busy handler; a writer that
cannot get it in time gets SQLite's "database is locked", which the web answers with 503. Long-lived threads keep
their connection. PostgreSQL has none of this: there each test says so and stops."""

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from tests.conftest import wait_until
from townsquare.core.middleware import is_database_busy


def _only_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's writer lock: PostgreSQL has row locks and many writers")


@pytest.fixture
def lock():
    _only_sqlite()
    from townsquare.core.sqlite_backend import base

    return base


@pytest.mark.django_db(transaction=True)
def test_a_transaction_holds_the_lock_until_commit_or_rollback(lock, world):
    from townsquare.conversations.models import Post

    assert not lock._write_lock.locked()
    with transaction.atomic():
        Post.objects.create(author=world.alice, body="held")
        assert lock._write_lock.locked()
    assert not lock._write_lock.locked()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        Post.objects.create(author=world.alice, body="rolled back")
        assert lock._write_lock.locked()
        1 / 0  # noqa: B018 - a failure inside the transaction
    assert not lock._write_lock.locked()
    Post.objects.filter(body="held").update(body="changed outside a transaction")
    assert not lock._write_lock.locked()
    assert set(Post.objects.values_list("body", flat=True)) == {"changed outside a transaction"}


@pytest.mark.django_db(transaction=True)
def test_a_writer_that_cannot_get_the_lock_gets_database_is_locked(lock, world):
    """Another thread's open transaction holds the lock: a writer asking with a short wait gets the error the
    web turns into 503 + Retry-After; once the transaction ends, the write goes through."""
    from townsquare.conversations.models import Post

    holding, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                Post.objects.create(author_id=world.alice.pk, body="the other thread's")
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    other = threading.Thread(target=hold)
    other.start()
    try:
        assert holding.wait(30)
        with pytest.raises(OperationalError) as caught, connection.wrap_database_errors:
            lock._take(0.01)
        assert is_database_busy(caught.value)
    finally:
        release.set()
        other.join(30)
    Post.objects.create(author=world.alice, body="after")
    assert Post.objects.filter(body__in=["the other thread's", "after"]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_many_writer_threads_at_once_all_succeed(lock, world):
    from townsquare.conversations import services
    from townsquare.conversations.models import Post

    errors = []

    def write(i):
        try:
            for n in range(10):
                services.post_create(author=world.alice, body=f"thread {i} post {n}")
        except Exception as exc:  # collected: an assertion in a thread would not fail the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert Post.objects.filter(body__startswith="thread ").count() == 80
    assert wait_until(lambda: not lock._write_lock.locked())  # the outbox's marker thread takes it now and then


@pytest.mark.django_db(transaction=True)
def test_a_kept_thread_keeps_its_connection_and_others_do_not(lock, world):
    from django.db import close_old_connections

    from townsquare.core.sqlite_backend import keep_connection_in_this_thread

    seen = {}

    def request_like(keep: bool):
        if keep:
            keep_connection_in_this_thread()
        world.alice.refresh_from_db()
        first = connection.connection
        close_old_connections()  # what the end of a request does
        seen[keep] = connection.connection is first
        connections.close_all()

    for keep in (True, False):
        t = threading.Thread(target=request_like, args=(keep,))
        t.start()
        t.join(30)
    assert seen == {True: True, False: False}
