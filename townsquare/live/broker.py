"""The live-update broker: hands events from the code that commits a write (sync, any thread) to the
server-sent-event streams of this process (asyncio).

* In-process (default): `publish` puts the event straight into the queues of this process's streams.
  The hand-off is thread-safe: one `loop.call_soon_threadsafe` per event loop, which then fills every
  stream's `asyncio.Queue` of that loop.
* Redis (when REDIS_URL is set): `publish` sends the event to one Redis pub/sub channel; each web
  process keeps ONE subscription (a listener task on its event loop) and fans the event out to its own
  streams. A Huey worker that publishes reaches every web process the same way.

Events are small JSON dicts with a "type". Who may see an event is decided per stream (see
townsquare/live/viewer.py), never here. When Redis goes away the listener retries with back-off;
once it is back every stream is told to resync, so clients end in the same state as a page load.
"""

import asyncio
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.conf import settings

log = logging.getLogger(__name__)

QUEUE_SIZE = 500  # events waiting per stream; a stream that falls this far behind resyncs instead
RESYNC = {"type": "resync"}  # not sent to browsers as such: the stream answers it with a fresh "state"


@dataclass(eq=False)
class Subscription:
    """One stream's inbox. `overflowed` is set when events had to be dropped (the stream then resyncs)."""

    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    overflowed: bool = False

    def put(self, event: dict) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True

    async def get(self) -> dict:
        return await self.queue.get()


class LocalHub:
    """The streams of this process, grouped by event loop, and a thread-safe `dispatch`."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_loop: dict[asyncio.AbstractEventLoop, set[Subscription]] = {}

    def subscribe(self) -> Subscription:
        sub = Subscription(loop=asyncio.get_running_loop())
        with self._lock:
            self._by_loop.setdefault(sub.loop, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._by_loop.get(sub.loop)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._by_loop[sub.loop]

    def count(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._by_loop.values())

    def dispatch(self, event: dict) -> None:
        """Deliver to every stream of this process; callable from any thread."""
        with self._lock:
            loops = [loop for loop in self._by_loop if not loop.is_closed()]
        for loop in loops:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is loop:
                self._deliver(loop, event)
            else:
                try:
                    loop.call_soon_threadsafe(self._deliver, loop, event)
                except RuntimeError:  # the loop closed in between
                    pass

    def _deliver(self, loop, event: dict) -> None:
        with self._lock:
            subs = list(self._by_loop.get(loop, ()))
        for sub in subs:
            sub.put(event)


class InProcessBroker:
    name = "in-process"

    def __init__(self):
        self.hub = LocalHub()

    def publish(self, event: dict) -> None:
        self.hub.dispatch(event)

    def subscribe(self) -> Subscription:
        return self.hub.subscribe()

    def unsubscribe(self, sub: Subscription) -> None:
        self.hub.unsubscribe(sub)

    def health(self) -> dict:
        return {"broker": self.name, "streams": self.hub.count(), "ok": True}


def channel_for(url: str) -> str:
    """Pub/sub channels are shared by every database number of a Redis server, so the channel is
    named after the database number: two installations on one Redis (db 0 and db 1) never mix."""
    path = urlparse(url).path.strip("/")
    return f"townsquare:live:{path or '0'}"


class RedisBroker:
    name = "redis"
    RETRY_MAX_S = 10.0

    def __init__(self, url: str):
        import redis

        self.url = url
        self.channel = channel_for(url)
        self.hub = LocalHub()
        # Short timeouts: a Redis that is down must not hold up the request that committed a write.
        self._client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._listeners: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}
        self._lock = threading.Lock()
        self.connected = False

    def publish(self, event: dict) -> None:
        self._client.publish(self.channel, json.dumps(event, separators=(",", ":")))

    def subscribe(self) -> Subscription:
        sub = self.hub.subscribe()
        loop = sub.loop
        with self._lock:
            task = self._listeners.get(loop)
            if task is None or task.done():
                self._listeners[loop] = loop.create_task(self._listen(), name="townsquare-live-redis")
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self.hub.unsubscribe(sub)

    async def _listen(self) -> None:
        import redis.asyncio as aredis

        delay, first = 0.5, True
        while True:
            client = aredis.Redis.from_url(self.url, socket_connect_timeout=2, health_check_interval=15)
            try:
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    self.connected, delay = True, 0.5
                    if not first:
                        log.warning("live: Redis is back; telling every stream to resync")
                        self.hub.dispatch(RESYNC)
                    first = False
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            try:
                                self.hub.dispatch(json.loads(message["data"]))
                            except ValueError:
                                log.warning("live: ignored a malformed event on %s", self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # connection refused, reset, timeouts: retry with back-off
                if self.connected or first:
                    log.warning("live: Redis subscription lost (%s); retrying", exc)
                self.connected, first = False, False
            finally:
                try:
                    await client.aclose()
                except Exception:  # noqa: BLE001 — closing a dead connection may fail; nothing to do
                    pass
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.RETRY_MAX_S)

    def health(self) -> dict:
        try:
            self._client.ping()
            reachable = True
        except Exception:  # noqa: BLE001 — any failure means "not reachable" here
            reachable = False
        return {"broker": self.name, "streams": self.hub.count(), "ok": reachable, "redis": "ok" if reachable else "down"}


_broker = None
_broker_lock = threading.Lock()


def get_broker():
    """The broker of this process: Redis when REDIS_URL is set, in-process otherwise."""
    global _broker
    with _broker_lock:
        if _broker is None:
            url = getattr(settings, "REDIS_URL", "")
            _broker = RedisBroker(url) if url else InProcessBroker()
        return _broker


def set_broker(broker) -> None:
    """For tests: use this broker (None: choose again from the settings on next use)."""
    global _broker
    with _broker_lock:
        _broker = broker


def publish(event: dict) -> None:
    """Send an event to every stream (of every process, with Redis). Never raises: live updates are
    a convenience on top of a write that has already committed."""
    event = {**event, "at": time.time()}
    try:
        get_broker().publish(event)
    except Exception:  # noqa: BLE001
        log.warning("live: could not publish a %s event", event.get("type"), exc_info=True)
