"""The brokers: in-process (thread-safe hand-off to asyncio) and Redis pub/sub across processes."""

import asyncio
import os
import threading

import redis

from tests.conftest import eventually, service_missing, wait_until
from townsquare.live.broker import InProcessBroker, RedisBroker, channel_for, publish, set_broker

REDIS = os.environ.get("TOWNSQUARE_TEST_REDIS", "redis://127.0.0.1:6379/13")


def test_in_process_hand_off_from_other_threads():
    broker = InProcessBroker()

    async def scenario():
        subs = [broker.subscribe() for _ in range(3)]
        threads = [threading.Thread(target=broker.publish, args=({"type": "post", "post": i},)) for i in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for sub in subs:
            got = [await asyncio.wait_for(sub.get(), 2) for _ in range(5)]
            assert sorted(e["post"] for e in got) == list(range(5))
        broker.unsubscribe(subs[0])
        assert broker.health() == {"broker": "in-process", "streams": 2, "ok": True}

    asyncio.run(scenario())


def test_in_process_streams_on_two_event_loops():
    broker = InProcessBroker()
    received, ready = {}, threading.Barrier(3)

    def loop_thread(name):
        async def listen():
            sub = broker.subscribe()
            ready.wait()
            received[name] = await asyncio.wait_for(sub.get(), 2)

        asyncio.run(listen())

    threads = [threading.Thread(target=loop_thread, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    ready.wait()
    broker.publish({"type": "unread", "counts": {"1": 1}})
    for t in threads:
        t.join()
    assert received["a"] == received["b"] == {"type": "unread", "counts": {"1": 1}}


def _redis_or_skip():
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        service_missing(f"no Redis at {REDIS}")


def test_redis_carries_events_between_processes():
    """Two brokers stand for two web processes: what one publishes, the other's streams receive."""
    _redis_or_skip()
    web_a, web_b = RedisBroker(REDIS), RedisBroker(REDIS)

    server = redis.Redis.from_url(REDIS)

    async def scenario():
        sub = web_b.subscribe()
        # The listener subscribes in the background: wait until Redis itself counts its subscription.
        await eventually(lambda: web_b.connected and dict(server.pubsub_numsub(web_b.channel)).get(
            web_b.channel.encode(), 0) >= 1)
        await asyncio.to_thread(web_a.publish, {"type": "post", "post": 7, "group": None, "public": True})
        assert (await asyncio.wait_for(sub.get(), 3))["post"] == 7
        web_b.unsubscribe(sub)
        for task in web_b._listeners.values():
            task.cancel()

    asyncio.run(scenario())
    assert web_a.health()["redis"] == "ok"


def test_redis_channel_is_per_database_number():
    assert channel_for("redis://127.0.0.1:6379/3") == "townsquare:live:3"
    assert channel_for("redis://127.0.0.1:6379") == "townsquare:live:0"


def test_redis_down_loses_live_updates_but_nothing_else(caplog):
    down = RedisBroker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    set_broker(down)
    publish({"type": "post", "post": 1})  # logged, never raised into the request that committed
    assert "could not publish" in caplog.text
    assert down.health() == {"broker": "redis", "streams": 0, "ok": False, "redis": "down"}


def test_streams_resync_when_redis_comes_back(tmp_path):
    """A private redis-server is stopped and started again: the web process's subscription comes
    back by itself and every stream is told to resync (so it sends a fresh catch-up)."""
    import shutil
    import socket
    import subprocess

    from townsquare.live.broker import RESYNC

    server_bin = shutil.which("redis-server")
    if server_bin is None:
        service_missing("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def answers() -> bool:
        try:
            return redis.Redis(port=port, socket_connect_timeout=0.2).ping()
        except redis.RedisError:
            return False

    def start():
        proc = subprocess.Popen([server_bin, "--port", str(port), "--save", "", "--appendonly", "no",
                                 "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
        assert wait_until(answers, 10), "redis-server did not start"
        return proc

    url = f"redis://127.0.0.1:{port}/0"
    proc = start()
    web = RedisBroker(url)
    web.RETRY_MAX_S = 0.5

    async def scenario():
        nonlocal proc
        sub = web.subscribe()
        await eventually(lambda: web.connected)
        proc.terminate()
        proc.wait()
        await eventually(lambda: not web.connected)
        assert web.health()["ok"] is False
        proc = start()
        assert await asyncio.wait_for(sub.get(), 10) is RESYNC
        await asyncio.to_thread(web.publish, {"type": "post", "post": 9})
        assert (await asyncio.wait_for(sub.get(), 5))["post"] == 9
        for task in web._listeners.values():
            task.cancel()

    try:
        asyncio.run(scenario())
    finally:
        proc.terminate()
        proc.wait()
