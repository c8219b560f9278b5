"""The outbox: side effects recorded in the write's own transaction and delivered after it, at least once.

    # at AppConfig.ready(): who does what when a topic is recorded
    outbox.handler("post_published", "live.post", inline=True)(on_post)
    # inside the write's transaction
    outbox.record("post_published", key=f"post:{post.pk}", payload={"post": post.pk})

`record` stores one OutboxItem per handler of the topic in the current transaction, so a rolled-back
write records nothing and a committed one cannot lose its effects. After the commit only a wake-up goes
out: inline handlers (cheap and latency-sensitive, such as live events) run at once in this process, and
the worker's drain loop (`run_drainer`, started by every consumer) claims the rest in batches. A claim is
a lease: a worker killed mid-delivery leaves items that another claims when the lease runs out. Failed
items are retried with the handler's backoff until its last attempt. Handlers must be idempotent
(unique rows claimed before sending, a stable delivery id), because at-least-once means a handler
killed after its effect but before it was marked done runs again.

A batch handler gets every claimed payload of its kind at once, which coalesces work (analytics
recomputes each post once, however many reactions arrived). A handler that mostly waits on another server
(a webhook's POST) can take `concurrency=N`: the worker then runs up to N of its claimed items at once, on
threads of its own, each item still done or retried on its own; one slow receiver no longer holds up the rest.
"""

import atexit
import logging
import os
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

log = logging.getLogger(__name__)

# A claimed item not marked done by then is claimed again (OUTBOX_LEASE_SECONDS; the crash tests shorten it).
LEASE = timedelta(seconds=int(os.environ.get("OUTBOX_LEASE_SECONDS", "60")))
POLL_SECONDS = 0.5                 # how often an idle drainer looks for work another process recorded
# An inline handler's item is due for the worker only this long after its commit: the writing process runs it
# at once, so the worker never races it for the item and takes it only if that process died first.
INLINE_GRACE = timedelta(seconds=10)
BATCH = 200
KEEP_DONE = timedelta(days=7)


def default_backoff(attempt: int) -> int:
    """Seconds before the next try after `attempt` failed ones: 10 s, 40 s, 160 s … at most an hour."""
    return min(10 * 4 ** (attempt - 1), 3600)


@dataclass(frozen=True)
class Handler:
    topics: tuple[str, ...]
    name: str
    run: Callable
    inline: bool = False
    batch: bool = False
    max_attempts: int = 8
    backoff: Callable[[int], int] = default_backoff
    concurrency: int = 1


_HANDLERS: dict[str, Handler] = {}
_BY_TOPIC: dict[str, list[Handler]] = defaultdict(list)
_wake = threading.Event()


def handler(topics: str | tuple[str, ...], name: str, *, inline: bool = False, batch: bool = False,
            max_attempts: int = 8, backoff: Callable[[int], int] = default_backoff, concurrency: int = 1):
    """Register `fn` for one topic or several under a stable `name` (stored in each item: renaming one
    orphans its pending items). Non-batch handlers are called fn(payload, attempt); batch ones
    fn([payload, …]) with every claimed payload of all its topics."""
    topics = (topics,) if isinstance(topics, str) else tuple(topics)

    def register(fn):
        h = Handler(topics, name, fn, inline, batch, max_attempts, backoff, concurrency)
        old = _HANDLERS.get(name)
        if old is not None:
            for topic in old.topics:
                _BY_TOPIC[topic] = [x for x in _BY_TOPIC[topic] if x.name != name]
        _HANDLERS[name] = h
        for topic in topics:
            _BY_TOPIC[topic].append(h)
        return fn
    return register


def handlers_of(topic: str) -> list[str]:
    return [h.name for h in _BY_TOPIC.get(topic, [])]


def record(topic: str, *, key: str, payload: dict) -> None:
    """Store the topic's side effects in the current transaction; deliver them once it commits."""
    from townsquare.core.models import OutboxItem

    handlers = _BY_TOPIC.get(topic, [])
    if not handlers:
        return
    now = timezone.now()
    OutboxItem.objects.bulk_create(
        [OutboxItem(handler=h.name, key=key[:200], payload=payload, created_at=now,
                    due_at=now + INLINE_GRACE if h.inline else now) for h in handlers],
        ignore_conflicts=True)
    inline = [h for h in handlers if h.inline]
    transaction.on_commit(lambda: _after_commit(inline, key[:200], payload))


def _after_commit(inline: list[Handler], key: str, payload: dict) -> None:
    """Run the inline handlers here and mark their items done in one UPDATE (no claim: an inline handler is
    cheap and harmless to repeat, and the worker takes its item only after INLINE_GRACE). What fails here is
    made due at once for the worker."""
    from huey.contrib.djhuey import HUEY

    from townsquare.core.models import OutboxItem

    done, failed = [], []
    for h in inline:
        try:
            h.run(payload, 1)
        except Exception:  # the worker delivers what did not go out here
            log.exception("outbox: inline delivery of %s by %s failed", key, h.name)
            failed.append(h.name)
        else:
            done.append(h.name)
    if done and (HUEY.immediate or transaction.get_connection().in_atomic_block):
        _mark_done(done, [key])  # a test's or a command's transaction: now, in it
    elif done:
        _done_later(done, key)
    if failed:
        OutboxItem.objects.filter(handler__in=failed, key=key, done_at__isnull=True).update(
            due_at=timezone.now(), attempts=F("attempts") + 1)
    if HUEY.immediate:  # tests and one-shot commands: deliver everything now, as the worker would
        drain()
    else:
        _wake.set()


# Inline items run by this process, to be marked done by the marker thread in one transaction every
# MARK_EVERY seconds: on SQLite each UPDATE after a write's commit was a second turn of the write lock, and
# most of a write's time was spent holding that lock. An item not marked yet (the process died) is only run
# again by the worker after INLINE_GRACE, which handlers of inline items are made to bear (a live event twice).
MARK_EVERY = 0.2
_to_mark: dict[str, set[str]] = defaultdict(set)
_to_mark_lock = threading.Lock()
_marker: threading.Thread | None = None


def _mark_done(handlers, keys) -> None:
    from townsquare.core.models import OutboxItem

    OutboxItem.objects.filter(handler__in=handlers, key__in=keys, done_at__isnull=True).update(
        done_at=timezone.now(), attempts=F("attempts") + 1)


def _done_later(handlers, key: str) -> None:
    global _marker
    with _to_mark_lock:
        for name in handlers:
            _to_mark[name].add(key)
        if _marker is None or not _marker.is_alive():
            _marker = threading.Thread(target=_mark_loop, name="outbox-marker", daemon=True)
            _marker.start()


def mark_pending_done() -> int:
    """Mark done, in one transaction, the inline items this process has run since the last time. Returns how many
    keys it marked (also called at exit, so a clean stop leaves nothing for the worker to repeat)."""
    from django.db import close_old_connections

    with _to_mark_lock:
        batch = {name: sorted(keys) for name, keys in _to_mark.items() if keys}
        _to_mark.clear()
    if not batch:
        return 0
    try:
        with transaction.atomic():
            for name, keys in batch.items():
                _mark_done([name], keys)
    except Exception:  # left for the worker after INLINE_GRACE: at most a repeat, never a loss
        log.exception("outbox: could not mark %d inline items done", sum(map(len, batch.values())))
    finally:
        close_old_connections()
    return sum(map(len, batch.values()))


def _mark_loop() -> None:
    from townsquare.core.sqlite_backend import keep_connection_in_this_thread

    keep_connection_in_this_thread()
    while True:
        time.sleep(MARK_EVERY)  # the marker's rhythm: items wait at most this long to be marked
        try:
            mark_pending_done()
        except Exception:  # the database is away (closing the connection failed): the next round tries again
            log.exception("outbox: a round of the marker failed")


@atexit.register
def _mark_at_exit() -> None:
    try:
        mark_pending_done()
    except Exception:  # the interpreter is going away: what is left, the worker repeats after INLINE_GRACE
        pass


def _claimable(now):
    from townsquare.core.models import OutboxItem

    return (OutboxItem.objects.filter(done_at__isnull=True, due_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))


def _oldest_of_each_handler(now, limit: int) -> list[int]:
    """Up to `limit` of the oldest due items of each handler: a handler with a backlog (emails, say) does not hold
    up the others (a webhook's POST waits only behind other webhooks)."""
    due = _claimable(now)
    ids = []
    for name in sorted(set(due.values_list("handler", flat=True).distinct())):
        ids += due.filter(handler=name).order_by("id").values_list("pk", flat=True)[:limit]
    return ids


def drain(*, limit: int = BATCH, handler: str | None = None) -> int:
    """Claim up to `limit` due items of each handler (or of the one `handler`), run them, mark each done or due
    again. Returns how many were claimed. Safe to run in any number of processes and threads at once: a claim is
    one conditional UPDATE."""
    from townsquare.core.models import OutboxItem

    now = timezone.now()
    if handler is None:
        ids = _oldest_of_each_handler(now, limit)
    else:
        ids = list(_claimable(now).filter(handler=handler).order_by("id").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    token = uuid.uuid4().hex
    _claimable(now).filter(pk__in=ids).update(claimed_by=token, claimed_until=now + LEASE,
                                              attempts=F("attempts") + 1)
    items = list(OutboxItem.objects.filter(claimed_by=token, done_at__isnull=True).order_by("id"))
    by_handler: dict[str, list] = defaultdict(list)
    for item in items:
        by_handler[item.handler].append(item)
    for name, group in by_handler.items():
        h = _HANDLERS.get(name)
        if h is None:  # a process that does not know this handler: leave it to one that does
            log.error("outbox: no handler %r in this process; %d items wait", name, len(group))
            OutboxItem.objects.filter(pk__in=[i.pk for i in group]).update(
                claimed_by="", claimed_until=None, attempts=F("attempts") - 1)
            continue
        if h.batch:
            try:
                h.run([i.payload for i in group])
            except Exception as exc:
                _failed(h, group, exc)
            else:
                _done(group, token)
            continue
        succeeded = []
        for item, exc in _run_each(h, group):
            if exc is None:
                succeeded.append(item)
            else:
                _failed(h, [item], exc)
        _done(succeeded, token)  # one UPDATE for the handler's batch (a crash before it repeats only idempotent work)
    return len(items)


_pools: dict[str, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool_thread_started() -> None:
    from townsquare.core.sqlite_backend import keep_connection_in_this_thread

    keep_connection_in_this_thread()  # a pool thread lives as long as the process


def _pool(h: Handler) -> ThreadPoolExecutor:
    with _pools_lock:
        if h.name not in _pools:
            _pools[h.name] = ThreadPoolExecutor(max_workers=h.concurrency, thread_name_prefix=f"outbox-{h.name}",
                                                initializer=_pool_thread_started)
        return _pools[h.name]


def _run_on_pool_thread(h: Handler, item):
    from django.db import close_old_connections

    try:
        return _run_here(h, item)
    finally:
        close_old_connections()  # PostgreSQL: the connection goes back to the pool between items


def _run_each(h: Handler, items):
    """(item, exception or None) for each item: one after another here, or up to h.concurrency at once on the
    handler's own threads. Never from inside a transaction (a test's, a command's): it may hold what the handler
    reads, and other threads' connections would not see it."""
    if h.concurrency <= 1 or len(items) == 1 or transaction.get_connection().in_atomic_block:
        return [_run_here(h, item) for item in items]
    return list(_pool(h).map(lambda item: _run_on_pool_thread(h, item), items))


def _run_here(h: Handler, item):
    try:
        h.run(item.payload, item.attempts)
    except Exception as exc:
        return item, exc
    return item, None


def _done(items, token: str) -> None:
    from townsquare.core.models import OutboxItem

    if not items:
        return
    OutboxItem.objects.filter(pk__in=[i.pk for i in items], claimed_by=token).update(
        done_at=timezone.now(), claimed_until=None)


def _failed(h: Handler, items, exc: Exception) -> None:
    from townsquare.core.models import OutboxItem

    now = timezone.now()
    error = f"{type(exc).__name__}: {exc}"[:300]
    log.warning("outbox: %s failed (%s)", h.name, error)
    for item in items:
        last = item.attempts >= h.max_attempts
        OutboxItem.objects.filter(pk=item.pk).update(
            claimed_by="", claimed_until=None, last_error=error, failed=last, done_at=now if last else None,
            due_at=now + timedelta(seconds=h.backoff(item.attempts)))


def drain_all(*, rounds: int = 50) -> int:
    """Drain until nothing is due (tests and commands): what handlers record while running is delivered too."""
    total = 0
    for _ in range(rounds):
        n = drain()
        if not n:
            break
        total += n
    return total


def pending_count() -> int:
    from townsquare.core.models import OutboxItem

    return OutboxItem.objects.filter(done_at__isnull=True).count()


def purge_done(now=None) -> int:
    from townsquare.core.models import OutboxItem

    cutoff = (now or timezone.now()) - KEEP_DONE
    deleted, _ = OutboxItem.objects.filter(done_at__lt=cutoff).delete()
    return deleted


DRAIN_THREADS = 4   # handlers drained at once per process
DRAIN_EVERY = 0.05  # seconds at least between two looks for due work while busy


def run_drainer(stop: threading.Event) -> None:
    """The worker's loop. It looks for the handlers with due items and drains each on a thread of a small pool,
    at most one drain per handler at a time, so a handler with a backlog (hundreds of emails) holds up no other
    (a webhook's POST, analytics). When nothing is due it waits for a wake-up (a commit in this process, or a
    handler's drain ending) or POLL_SECONDS (a commit in another process). Errors are logged; the loop goes on."""
    from django.db import close_old_connections

    from townsquare.core.sqlite_backend import keep_connection_in_this_thread

    keep_connection_in_this_thread()
    busy: set[str] = set()
    busy_lock = threading.Lock()

    def drain_one(name: str) -> None:
        try:
            drain(handler=name)
        except Exception:
            log.exception("outbox: drain of %s failed", name)
        finally:
            close_old_connections()
            with busy_lock:
                busy.discard(name)
            _wake.set()  # look again at once: this handler may have more

    pool = ThreadPoolExecutor(max_workers=DRAIN_THREADS, thread_name_prefix="outbox-drain",
                              initializer=_pool_thread_started)
    try:
        while not stop.is_set():
            _wake.clear()  # before looking: a wake-up from now on is kept for the wait below
            try:
                due = _due_handlers()
            except Exception:
                log.exception("outbox: looking for due work failed")
                due = set()
            finally:
                close_old_connections()
            with busy_lock:
                start = due - busy
                busy.update(start)
            for name in sorted(start):
                pool.submit(drain_one, name)
            _wake.wait(POLL_SECONDS)
            stop.wait(DRAIN_EVERY)
    finally:
        pool.shutdown(wait=True)  # the batches in hand are finished and marked


def _due_handlers() -> set[str]:
    return set(_claimable(timezone.now()).values_list("handler", flat=True).distinct())


_drainer_lock = threading.Lock()
_drainer: threading.Thread | None = None
_stop = threading.Event()


def start_drainer() -> None:
    """Start the drain loop once per process (a daemon thread beside the consumer's workers)."""
    global _drainer
    with _drainer_lock:
        if _drainer is None or not _drainer.is_alive():
            _stop.clear()
            _drainer = threading.Thread(target=run_drainer, args=(_stop,), name="outbox-drainer", daemon=True)
            _drainer.start()


def stop_drainer(timeout: float = 10) -> None:
    """End the drain loop (when the consumer stops): it finishes the batch in hand first."""
    global _drainer
    with _drainer_lock:
        if _drainer is not None:
            _stop.set()
            _wake.set()
            _drainer.join(timeout)
            _drainer = None
