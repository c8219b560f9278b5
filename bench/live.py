"""Live fan-out benchmark: `townsquare bench live --people 1000 --json OUT`.

Starts one web process (uvicorn, the settings of the bench: its own SQLite file, or DATABASE_URL;
in-process broker) — or, when REDIS_URL is set, two web processes sharing events through Redis, half
the streams on each and the posts made through the first — opens one server-sent-event stream per person
(1,000 at --people 1000) on the company feed from this process (asyncio, raw sockets on loopback),
then, after one untimed warm-up post, ROUNDS times, one person publishes a company-wide post through
the ordinary form (POST /posts/) and we time its arrival at every stream.

Delivery latency = arrival at the stream − the moment the POST was sent (so it includes creating the
post); `…_from_commit` keys measure from the moment the event was published after the commit;
`live_streams_only_…` is the streams' own work without HTTP (1,000 stream generators on one loop in
this process, one event published from another thread). The client and server share the machine's cores.
"""

import asyncio
import json
import os
import platform
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROUNDS = 5
CONNECT_CONCURRENCY = 100
EVENT_RE = re.compile(rb"event: (\w+)\n(?:id: [^\n]*\n)?data: (\{[^\n]*\})\n")


def _pct(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return round(ordered[k], 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sessions_for(people) -> list[str]:
    """A signed-in session per person, stored as Django's login would store it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for person in people:
        store = SessionStore()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def start_server(port: int, log_path: Path, *, workers: int = 1) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "uvicorn", "townsquare.asgi:application", "--host", "127.0.0.1", "--port", str(port),
           "--lifespan", "off", "--no-access-log", "--log-level", "warning", "--timeout-graceful-shutdown", "2",
           "--backlog", "4096"]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "townsquare.settings"}
    proc = subprocess.Popen(cmd, env=env, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    return wait_healthy(proc, port, log_path, seconds=60)


def wait_healthy(proc: subprocess.Popen, port: int, log_path: Path, *, seconds: float) -> subprocess.Popen:
    """`proc` once it answers /healthz on `port`; stopped, with an error naming its log, if it dies or is
    still silent after `seconds`."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_server(proc)
                raise RuntimeError("the server did not start; see " + str(log_path)) from None
            time.sleep(0.3)  # polling with a deadline


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


class Stream:
    """One browser's EventSource, reduced to what we time."""

    def __init__(self, port: int, session: str, since: str):
        self.port, self.session, self.since = port, session, since
        self.ready = asyncio.Event()
        self.arrivals: dict[int, tuple[float, float]] = {}  # post id → (arrival, published at)
        self.writer = None

    async def run(self, gate: asyncio.Semaphore):
        async with gate:
            reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.writer.write((f"GET /live/events/?feed=company&since={quote(self.since)} HTTP/1.1\r\n"
                               f"Host: 127.0.0.1:{self.port}\r\nAccept: text/event-stream\r\n"
                               f"Cookie: sessionid={self.session}\r\n\r\n").encode())
            await self.writer.drain()
        buffer = b""
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                return
            now = time.time()
            buffer += chunk
            for match in EVENT_RE.finditer(buffer):
                name, data = match.group(1), json.loads(match.group(2))
                if name == b"state":
                    self.ready.set()
                elif name == b"post":
                    self.arrivals[data["id"]] = (now, data.get("at") or now)
            cut = buffer.rfind(b"\n\n")
            if cut >= 0:
                buffer = buffer[cut + 2:]


async def _post(port: int, session: str, body: str) -> float:
    import httpx

    token = secrets.token_hex(16)  # a 32-character CSRF secret, in the cookie and the form alike
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        client.cookies.set("sessionid", session)
        client.cookies.set("csrftoken", token)
        sent = time.time()
        r = await client.post("/posts/", data={"body": body, "csrfmiddlewaretoken": token})
        if r.status_code != 302:
            raise RuntimeError(f"posting failed with {r.status_code}")
    return sent


async def _measure(ports: list[int], sessions: list[str], writer_session: str, rounds: int, log) -> dict:
    from datetime import UTC, datetime

    since = datetime.now(UTC).isoformat()
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    streams = [Stream(ports[i % len(ports)], s, since) for i, s in enumerate(sessions)]
    port = ports[0]  # where the posts are made
    start = time.perf_counter()
    tasks = [asyncio.create_task(s.run(gate)) for s in streams]
    await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in streams)), timeout=300)
    connect_s = time.perf_counter() - start
    log(f"{len(streams)} streams open and caught up in {connect_s:.1f} s")
    # One post before timing: the web process's first POST compiles templates and warms caches.
    await _post(port, writer_session, "Live benchmark warm-up")
    await asyncio.sleep(3)
    warm_up_ids = set().union(*(s.arrivals.keys() for s in streams))
    latencies, from_commit, per_round, missing = [], [], [], 0
    for i in range(rounds):
        sent = await _post(port, writer_session, f"Live benchmark round {i + 1}: a company-wide update")
        await asyncio.sleep(3)  # generous: everything that will arrive has arrived
        arrived = [s.arrivals for s in streams]
        post_ids = set().union(*(a.keys() for a in arrived)) - set().union(warm_up_ids, *(r["ids"] for r in per_round))
        if len(post_ids) != 1:
            raise RuntimeError(f"round {i + 1}: expected one new post id, saw {sorted(post_ids)}")
        post_id = post_ids.pop()
        round_ms = []
        for a in arrived:
            if post_id in a:
                at, published = a[post_id]
                round_ms.append((at - sent) * 1000)
                from_commit.append((at - published) * 1000)
            else:
                missing += 1
        latencies += round_ms
        per_round.append({"ids": {post_id}, "p50": _pct(round_ms, 50), "p99": _pct(round_ms, 99), "n": len(round_ms)})
        log(f"round {i + 1}: {len(round_ms)} deliveries, p50 {_pct(round_ms, 50)} ms, p99 {_pct(round_ms, 99)} ms")
    for s in streams:
        s.writer.close()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "live_fanout_1k_p50_ms": _pct(latencies, 50),
        "live_fanout_1k_p99_ms": _pct(latencies, 99),
        "live_fanout_1k_max_ms": _pct(latencies, 100),
        "live_fanout_1k_p50_ms_from_commit": _pct(from_commit, 50),
        "live_fanout_1k_p99_ms_from_commit": _pct(from_commit, 99),
        "live_streams": len(streams),
        "live_rounds": rounds,
        "live_deliveries": len(latencies),
        "live_missing": missing,
        "live_connect_all_s": round(connect_s, 1),
        "live_rounds_detail": [{k: v for k, v in r.items() if k != "ids"} for r in per_round],
    }


async def _streams_only(n: int) -> dict:
    """The streams' own work without HTTP: n stream generators on one loop, one company-wide event
    published from another thread; time until every stream has yielded it."""
    from datetime import timedelta

    from django.utils import timezone

    from townsquare.live import broker, views
    from townsquare.live.viewer import Viewer

    broker.set_broker(broker.InProcessBroker())
    real_db = views.db

    async def no_db(fn, *args):  # the catch-up is not what we time here
        return {}

    views.db = no_db
    try:
        since = timezone.now() - timedelta(days=1)
        gens = []
        for i in range(n):
            viewer = Viewer(person_id=i + 1, feed="company", since=since)
            viewer.loaded_at = time.monotonic()
            gen = views.stream(viewer, heartbeat_s=60)
            await anext(gen)
            await anext(gen)
            gens.append(gen)
        arrived: list[float] = []

        async def take(gen):
            await anext(gen)
            arrived.append(time.perf_counter())

        tasks = [asyncio.create_task(take(g)) for g in gens]
        await asyncio.sleep(0.2)
        start = time.perf_counter()
        await asyncio.to_thread(broker.publish, {"type": "post", "post": 1, "group": None, "public": True, "author": 1,
                                                 "kind": "update", "topics": [], "created": timezone.now().isoformat()})
        await asyncio.gather(*tasks)
        for gen in gens:
            await gen.aclose()
        ms = [(t - start) * 1000 for t in arrived]
        return {"live_streams_only_1k_p50_ms": _pct(ms, 50), "live_streams_only_1k_all_ms": _pct(ms, 100)}
    finally:
        views.db = real_db
        broker.set_broker(None)


def _threads(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run(*, people: int, seed: int, out, requests: int, log) -> dict:
    import resource

    from django.conf import settings
    from django.db import connections

    from bench.feed import ensure_organisation
    from townsquare.people.models import Person

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    counts = ensure_organisation(people, seed, posts=people * 5, replies=people * 5, reactions=people * 10, log=log)
    everyone = list(Person.objects.filter(is_active=True).order_by("pk")[:people])
    rng = random.Random(seed)
    writer = rng.choice(everyone)
    log(f"signing in {len(everyone)} people …")
    sessions = sessions_for(everyone)
    writer_session = sessions_for([writer])[0]
    connections.close_all()
    # With REDIS_URL: two web processes, half the streams on each, the post made through the first.
    web = 2 if os.environ.get("REDIS_URL") else 1
    ports = [_free_port() for _ in range(web)]
    load_before = os.getloadavg()
    servers = []
    try:
        for i, port in enumerate(ports):
            servers.append(start_server(port, Path(settings.DATA_DIR) / f"bench-live-server-{i + 1}.log"))
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{ports[0]}/live/healthz", timeout=5) as r:
            broker = json.loads(r.read())["broker"]
        result = asyncio.run(_measure(ports, sessions, writer_session, max(1, min(requests, ROUNDS)), log))
        result["server_threads_during_run"] = sum(_threads(s.pid) or 0 for s in servers)
        result["web_processes"] = web
    finally:
        for server in servers:
            stop_server(server)
    result.update(asyncio.run(_streams_only(len(sessions))))
    result.update({
        "people": people, "broker": broker, "load_average_before": load_before,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        **({"generated": counts} if counts else {}),
    })
    log(json.dumps({k: v for k, v in result.items() if k.startswith(("live_fanout", "live_streams_only"))}, indent=2))
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(result, indent=2, default=str))
        log(f"wrote {out}")
    return result
