"""Write benchmark: `townsquare bench writes --writers 50 --seconds 60 --json OUT`.

WRITERS concurrent API clients (threads, one personal access token and one HTTP connection each) write
through /api/v1 against a real server for SECONDS: 40 % company-wide posts, 40 % replies to a recent post,
20 % reactions (PUT, idempotent). The server is set up as people run it:

* by default, `townsquare demo` (one uvicorn process with the worker as threads in it, the queue a SQLite
  file) on a fresh data directory, DATA_DIR/bench-writes/ (emptied at the start of each run), holding a
  generated organisation of PEOPLE (at least WRITERS) people;
* with DATABASE_URL (PostgreSQL) and REDIS_URL, the scale-out mode: two web processes (`uvicorn --workers 2`)
  and one `townsquare run_huey` worker, on that database (the organisation is reused when it has the size).

An org-admin webhook for company-wide posts points at a local HTTP receiver the bench runs in a process of its
own (bench/receiver.py), so the time from a post's acknowledgement to its webhook's arrival measures side-effect
lag.

Afterwards every acknowledged write is looked up (`lost` = acknowledged but not in the database), and the
bench waits up to LAG_WAIT_S for the webhooks still on their way. Keys: writes_rps, writes_p50_ms,
writes_p95_ms, writes_max_ms, write_errors (by status), lost, side_effect_lag_p50_s, side_effect_lag_p95_s,
webhooks_missing. The API rate limits are raised for the run (they are not what is measured).
"""

import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench.live import _free_port, start_server, stop_server, wait_healthy

LAG_WAIT_S = 60  # at least; twice the writing time on longer runs


class _Receiver:
    """bench/receiver.py in a process of its own; `arrivals` reads what it has received so far."""

    def __init__(self, folder: Path):
        self.path = folder / "bench-writes-arrivals.txt"
        self.path.write_text("")
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.receiver", str(self.path)], stdout=subprocess.PIPE,
                                     cwd=Path(__file__).resolve().parent.parent, start_new_session=True)
        self.port = int(self.proc.stdout.readline())

    @property
    def arrivals(self) -> dict[int, float]:
        seen: dict[int, float] = {}
        for line in self.path.read_text().splitlines():
            post_id, _, at = line.partition(" ")
            if at:
                seen.setdefault(int(post_id), float(at))
        return seen

    def shutdown(self):
        self.proc.terminate()
        self.proc.wait(10)


def _pct(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _fresh_sqlite(data: Path) -> dict:
    """Point this process at a new, empty SQLite database and queue file in `data`, and return the environment
    for the server it starts (the same data directory)."""
    from django.conf import settings
    from django.db import connections
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    connections.close_all()
    name = os.environ.get("TOWNSQUARE_SQLITE_NAME", "townsquare.sqlite3")
    settings.DATABASES["default"]["NAME"] = connections["default"].settings_dict["NAME"] = data / name
    HUEY.storage = SqliteStorage(name=HUEY.name, filename=str(data / "huey.sqlite3"))  # what setup enqueues
    return {**os.environ, "TOWNSQUARE_DATA_DIR": str(data)}


def _start_demo(port: int, env: dict, log_path: Path) -> subprocess.Popen:
    """`townsquare demo` on `port` (the worker in-process), once it answers /healthz."""
    proc = subprocess.Popen([str(Path(sys.executable).parent / "townsquare"), "demo", "--port", str(port)], env=env,
                            stdout=open(log_path, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    return wait_healthy(proc, port, log_path, seconds=120)


def run(*, people: int, seed: int, out, requests: int, log, writers: int = 50, seconds: int = 60) -> dict:
    import httpx
    from django.conf import settings
    from django.db import connections

    from bench.feed import ensure_organisation
    from townsquare.api import services as api_services
    from townsquare.conversations.models import Post, Reaction, Reply
    from townsquare.delivery import services as delivery
    from townsquare.people.models import Person

    os.environ.setdefault("TOWNSQUARE_API_RATE_PER_TOKEN", "1000000")
    os.environ.setdefault("TOWNSQUARE_API_RATE_PER_IP", "1000000")
    os.environ.setdefault("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1")  # for the server and the worker
    settings.WEBHOOK_ALLOWED_HOSTS = [*settings.WEBHOOK_ALLOWED_HOSTS, "127.0.0.1"]  # the receiver is on loopback
    engine = settings.DATABASES["default"]["ENGINE"]
    two = "postgresql" in engine and bool(os.environ.get("REDIS_URL"))
    data = Path(settings.DATA_DIR)
    if "sqlite" in engine:
        data = data / "bench-writes"
        server_env = _fresh_sqlite(data)
        log(f"a fresh data directory: {data}")
    else:
        server_env = os.environ.copy()
    ensure_organisation(max(people, writers), seed, posts=200, replies=200, reactions=400, log=log)
    from townsquare.delivery.models import Webhook

    Webhook.objects.filter(name="bench writes").delete()  # earlier runs' receivers are gone
    writers_people = list(Person.objects.filter(is_active=True).order_by("pk")[:writers])
    tokens = [api_services.token_create(person=p, name="bench writes", scope="write")[1] for p in writers_people]
    admin = Person.objects.filter(is_staff=True, is_active=True).first() or writers_people[0]
    if not admin.is_staff:
        admin.is_staff = True
        admin.save(update_fields=["is_staff"])
    receiver = _Receiver(data)
    hook = delivery.webhook_create(admin=admin, name="bench writes", url=f"http://127.0.0.1:{receiver.port}/",
                                   groups=[], company_wide=True)
    recent = list(Post.objects.filter(group__isnull=True, audience=Post.Audience.OPEN)  # not the demo's previews
                  .order_by("-pk").values_list("pk", flat=True)[:200])
    connections.close_all()

    port = _free_port()
    if two:
        server = start_server(port, data / "bench-writes-server.log", workers=2)
        worker = subprocess.Popen([str(Path(sys.executable).parent / "townsquare"), "run_huey"], env=server_env,
                                  stdout=open(data / "bench-writes-worker.log", "wb"), stderr=subprocess.STDOUT,
                                  start_new_session=True)
    else:
        server, worker = _start_demo(port, server_env, data / "bench-writes-server.log"), None
    latencies, errors = [], Counter()
    acked = {"post": [], "reply": [], "reaction": []}
    post_acked_at: dict[int, float] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def write(i: int):
        local = random.Random(seed * 1000 + i)
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1",
                              headers={"Authorization": f"Bearer {tokens[i]}"}, timeout=60)
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            roll = local.random()
            with lock:
                target = local.choice(recent) if recent else None
            if roll < 0.4 or target is None:
                kind, method, path, body = "post", "POST", "/posts", {"body": f"Bench post {i}-{n}: working out loud #bench"}
            elif roll < 0.8:
                kind, method, path, body = "reply", "POST", f"/posts/{target}/replies", {"body": f"Bench reply {i}-{n}"}
            else:
                kind, method, path, body = "reaction", "PUT", f"/posts/{target}/reactions/{local.choice(['like', 'thanks', 'insightful'])}", None
            start = time.monotonic()
            try:
                response = client.request(method, path, json=body)
                status = response.status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            took = (time.monotonic() - start) * 1000
            with lock:
                latencies.append(took)
                if isinstance(status, int) and 200 <= status < 300:
                    data_ = response.json()
                    if kind == "post":
                        acked["post"].append(data_["id"])
                        post_acked_at[data_["id"]] = time.time()
                        recent.append(data_["id"])
                    elif kind == "reply":
                        acked["reply"].append(data_["id"])
                    else:
                        acked["reaction"].append((target, tokens_people[i], path.rsplit("/", 1)[1]))
                else:
                    errors[str(status)] += 1
        client.close()

    tokens_people = [p.pk for p in writers_people]
    log(f"{writers} writers for {seconds} s against {'two web processes' if two else 'one web process'} "
        f"on {'PostgreSQL' if 'postgresql' in engine else 'SQLite'} …")
    started = time.monotonic()
    try:
        threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        deadline = time.monotonic() + max(LAG_WAIT_S, 2 * seconds)
        while time.monotonic() < deadline and len(set(post_acked_at) & set(receiver.arrivals)) < len(post_acked_at):
            time.sleep(0.5)  # polling the receiver's file with a deadline
    finally:
        stop_server(server)
        if worker is not None:
            stop_server(worker)
        receiver.shutdown()

    posts_found = set(Post.objects.filter(pk__in=acked["post"]).values_list("pk", flat=True))
    replies_found = set(Reply.objects.filter(pk__in=acked["reply"]).values_list("pk", flat=True))
    reactions_found = sum(1 for post_id, person_id, kind in set(acked["reaction"])
                          if Reaction.objects.filter(post_id=post_id, person_id=person_id, kind=kind).exists())
    lost = (len(set(acked["post"]) - posts_found) + len(set(acked["reply"]) - replies_found)
            + len(set(acked["reaction"])) - reactions_found)
    arrivals = receiver.arrivals
    lags = [arrivals[pk] - t for pk, t in post_acked_at.items() if pk in arrivals]
    total = sum(len(v) for v in acked.values())
    result = {
        "writes_rps": round(total / elapsed, 1),
        "writes_p50_ms": round(_pct(latencies, 0.5) or 0, 1),
        "writes_p95_ms": round(_pct(latencies, 0.95) or 0, 1),
        "writes_max_ms": round(max(latencies or [0]), 1),
        "write_errors": sum(errors.values()),
        "write_errors_by_status": dict(errors),
        "lost": lost,
        "side_effect_lag_p50_s": round(statistics.median(lags), 3) if lags else None,
        "side_effect_lag_p95_s": round(_pct(lags, 0.95), 3) if lags else None,
        "webhooks_missing": len(set(post_acked_at) - set(arrivals)),
        "acknowledged": {k: len(v) for k, v in acked.items()},
        "writers": writers, "seconds": seconds, "web_processes": 2 if two else 1,
        "server": "uvicorn --workers 2 + townsquare run_huey" if two else "townsquare demo (worker in-process)",
        "database": "postgresql" if "postgresql" in engine else "sqlite",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "webhook": hook.pk,
    }
    log(json.dumps({k: v for k, v in result.items() if k.startswith(("writes", "write_", "lost", "side", "webhooks"))},
                   indent=2))
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(result, indent=2, default=str))
        log(f"wrote {out}")
    return result
