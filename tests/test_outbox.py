"""core/outbox: what a write records is delivered after its commit, and one handler's backlog or slowness holds up
no other. Handlers here are the test's own, registered for a test topic and removed afterwards."""

import threading

import pytest
from django.db import transaction

from tests.conftest import wait_until
from townsquare.core import outbox
from townsquare.core.models import OutboxItem


@pytest.fixture
def handlers():
    """Register test handlers with handlers(topic, name, fn, **options); all are removed after the test."""
    added = []

    def add(topic, name, fn, **options):
        outbox.handler(topic, name, **options)(fn)
        added.append(name)

    yield add
    for name in added:
        h = outbox._HANDLERS.pop(name)
        for topic in h.topics:
            outbox._BY_TOPIC[topic] = [x for x in outbox._BY_TOPIC[topic] if x.name != name]
        outbox._pools.pop(name, None)


def _record(topic, key, payload=None):
    with transaction.atomic():
        outbox.record(topic, key=key, payload=payload or {"key": key})


@pytest.mark.django_db
def test_an_inline_item_is_left_to_the_worker_only_if_the_writer_could_not_run_it(handlers,
                                                                                 django_capture_on_commit_callbacks):
    ran = []

    def flaky(payload, attempt):
        ran.append((payload["key"], attempt))
        if payload["key"] == "fails" and attempt == 1:
            raise RuntimeError("the broker is down")

    handlers("test_inline", "test.inline", flaky, inline=True)
    with django_capture_on_commit_callbacks(execute=True):
        _record("test_inline", "works")
        _record("test_inline", "fails")
    assert ran == [("works", 1), ("fails", 1)]  # both ran right after their commit
    assert outbox.drain() == 1  # the worker takes only the one that failed, at once
    assert ran[-1] == ("fails", 2)
    assert not OutboxItem.objects.filter(handler="test.inline", done_at__isnull=True).exists()


@pytest.mark.django_db
def test_an_inline_item_whose_writer_died_is_the_workers_after_the_grace(handlers,
                                                                        django_capture_on_commit_callbacks):
    """The writer's process died between its commit and the inline run: the item waits INLINE_GRACE, so the
    worker never races a living writer for it, then the worker delivers it."""
    ran = []
    handlers("test_inline", "test.inline", lambda payload, attempt: ran.append(payload["key"]), inline=True)
    with django_capture_on_commit_callbacks(execute=False):  # the process dies: no after-commit work runs
        _record("test_inline", "orphan")
    assert outbox.drain() == 0 and ran == []
    OutboxItem.objects.filter(handler="test.inline").update(due_at=OutboxItem.objects.get(handler="test.inline")
                                                            .due_at - outbox.INLINE_GRACE)
    assert outbox.drain() == 1 and ran == ["orphan"]


@pytest.mark.django_db
def test_each_handler_gets_its_share_of_a_drain(handlers):
    seen = {"a": 0, "b": 0}
    handlers("test_a", "test.a", lambda payload, attempt: seen.__setitem__("a", seen["a"] + 1))
    handlers("test_b", "test.b", lambda payload, attempt: seen.__setitem__("b", seen["b"] + 1))
    for i in range(30):
        _record("test_a", f"a{i}")
    _record("test_b", "b0")  # recorded after a's whole backlog
    assert outbox.drain(limit=10) == 11
    assert seen == {"a": 10, "b": 1}


@pytest.mark.django_db(transaction=True)
def test_a_slow_handler_holds_up_no_other_in_the_drain_loop(handlers):
    """A handler stuck on a slow server (here: until the test lets it go) while another handler's items keep
    arriving: the drain loop delivers those meanwhile."""
    release, fast_done, slow_started = threading.Event(), [], threading.Event()

    def slow(payload, attempt):
        slow_started.set()
        release.wait(30)

    handlers("test_slow", "test.slow", slow)
    handlers("test_fast", "test.fast", lambda payload, attempt: fast_done.append(payload["key"]))
    stop = threading.Event()
    loop = threading.Thread(target=outbox.run_drainer, args=(stop,), daemon=True)
    loop.start()
    try:
        _record("test_slow", "stuck")
        assert wait_until(slow_started.is_set)
        for i in range(3):
            _record("test_fast", f"f{i}")
        assert wait_until(lambda: len(fast_done) == 3), "the fast handler waited behind the slow one"
        assert OutboxItem.objects.get(handler="test.slow").done_at is None  # still in hand
    finally:
        release.set()
        stop.set()
        outbox._wake.set()
        loop.join(30)
    assert OutboxItem.objects.get(handler="test.slow").done_at is not None  # finished before the loop ended


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_handler_runs_items_at_once_and_retries_only_the_one_that_failed(handlers):
    """concurrency=3: three items are in flight together (each waits until all three have started), and the
    one that fails is due again on its own while the others are done."""
    barrier = threading.Barrier(3, timeout=30)
    threads = set()

    def send(payload, attempt):
        threads.add(threading.current_thread().name)
        barrier.wait()  # would time out (BrokenBarrierError) if the items ran one after another
        if payload["key"] == "bad" and attempt == 1:
            raise RuntimeError("the receiver answered 500")

    handlers("test_send", "test.send", send, concurrency=3)
    for key in ("one", "two", "bad"):
        _record("test_send", key)
    assert outbox.drain() == 3
    assert len(threads) == 3
    items = {i.key: i for i in OutboxItem.objects.filter(handler="test.send")}
    assert items["one"].done_at and items["two"].done_at
    assert items["bad"].done_at is None and "500" in items["bad"].last_error and items["bad"].attempts == 1


@pytest.mark.django_db(transaction=True)
def test_inline_items_are_marked_done_later_in_one_transaction(handlers):
    """After a real commit (no test transaction around it), the writer runs its inline handlers at once but leaves
    marking their items done to the marker, so the write takes no second turn of SQLite's write lock."""
    ran = []
    handlers("test_inline", "test.inline", lambda payload, attempt: ran.append(payload["key"]), inline=True)
    outbox.mark_pending_done()  # nothing of an earlier test's left
    for key in ("one", "two"):
        _record("test_inline", key)
    assert ran == ["one", "two"]
    assert wait_until(lambda: not OutboxItem.objects.filter(handler="test.inline", done_at__isnull=True).exists())
    assert outbox.drain() == 0  # nothing left for the worker
    assert sorted(OutboxItem.objects.filter(handler="test.inline").values_list("attempts", flat=True)) == [1, 1]
