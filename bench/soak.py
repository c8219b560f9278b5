"""Soak benchmark: `townsquare bench soak --people 1000 --seconds 600 --json OUT`.

The HTTP benchmark's mixed read workload (bench/http.py: home, company, group, post, profile and search
pages, each with its own person's session) at a steady RATE_RPS requests per second for `--seconds`
(10 minutes by default), against two uvicorn web processes, as a proxy would send a quiet office's
traffic. It asks whether a process keeps what it serves: memory and latency should be flat once warm.

The first WARMUP_S seconds warm the caches (card cache, templates, connections) and are not judged.
Every SAMPLE_S seconds the bench reads each web process's resident memory (VmRSS, /proc) and the
latencies of the requests answered in that window. Keys:

    soak_rss_growth_mb        the web processes' RSS (summed) in the last window minus the first window
                              after warm-up (target ≤ 10 MB)
    soak_p95_first_ms / soak_p95_last_ms   p95 latency in those two windows (flat means close)
    soak_rps                  requests answered per second after warm-up (the pacer aims at RATE_RPS)
    soak_errors               non-200 answers and failed requests over the whole run
    soak_windows              every window: seconds since start, RSS per process, p50/p95, requests

Runs on PostgreSQL (as `bench http` does), or on the SQLite file of `townsquare bench` with one process.
"""

import json
import os
import platform
import random
import threading
import time
from pathlib import Path

from bench.http import _check, _workload
from bench.live import _free_port, start_server, stop_server

RATE_RPS = 20
# The suite's smoke test shortens these; a real soak keeps them.
WARMUP_S = int(os.environ.get("TOWNSQUARE_BENCH_SOAK_WARMUP_S", "60"))
SAMPLE_S = int(os.environ.get("TOWNSQUARE_BENCH_SOAK_SAMPLE_S", "30"))
CLIENTS = 4  # paced keep-alive connections; a slow answer on one does not hold back the others


def _pct(samples: list[float], q: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def _web_pids(root: int) -> list[int]:
    """uvicorn's worker processes under the supervisor `root` (or `root` itself with one process)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            if ppid == root:
                children.append(int(entry.name))
    # multiprocessing's resource tracker is a child too; it serves nothing and barely grows
    return sorted(children) or [root]


def _client(port: int, workload, start_at: float, stop_at: float, offset: int, log_request, errors: list) -> None:
    import httpx

    interval = CLIENTS / RATE_RPS
    i = offset
    next_at = start_at + offset * (interval / CLIENTS)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        while next_at < stop_at:
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)  # the pacer: one request every `interval` seconds on this connection
            path, session = workload[i % len(workload)]
            i += CLIENTS
            began = time.monotonic()
            try:
                status = client.get(path, cookies={"sessionid": session}).status_code
            except httpx.HTTPError:
                status = 0
            log_request(began, (time.monotonic() - began) * 1000)
            if status != 200:
                errors.append((path, status))
            next_at += interval


def run(*, people: int, seed: int, out, requests: int, log, seconds: int = 600) -> dict:
    from django.conf import settings
    from django.db import connections

    from bench.feed import ensure_organisation
    from townsquare.people.models import Person

    if seconds <= WARMUP_S + 2 * SAMPLE_S:
        raise SystemExit(f"--seconds must be more than {WARMUP_S + 2 * SAMPLE_S} (a warm-up and two windows)")
    postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    ensure_organisation(people, seed, posts=people * 20, replies=people * 20, reactions=people * 60, log=log)
    rng = random.Random(seed)
    sample = list(Person.objects.filter(is_active=True).order_by("pk"))
    workload = _workload(rng.sample(sample, min(200, len(sample))), rng)
    connections.close_all()

    lock = threading.Lock()
    answered: list[tuple[float, float]] = []
    errors: list = []

    def log_request(began: float, ms: float) -> None:
        with lock:
            answered.append((began, ms))

    port = _free_port()
    server = start_server(port, Path(settings.DATA_DIR) / "bench-soak-server.log", workers=2 if postgres else 1)
    windows = []
    try:
        _check(port, workload, log)
        pids = _web_pids(server.pid)
        start = time.monotonic()
        stop_at = start + seconds
        threads = [threading.Thread(target=_client, args=(port, workload, start, stop_at, n, log_request, errors),
                                    daemon=True) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        log(f"{RATE_RPS} req/s for {seconds} s on {len(pids)} web process(es); a window every {SAMPLE_S} s …")
        window_start = start
        while window_start + SAMPLE_S <= stop_at:
            time.sleep(max(0.0, window_start + SAMPLE_S - time.monotonic()))
            with lock:
                took = [ms for began, ms in answered if window_start <= began < window_start + SAMPLE_S]
            rss = [round(_rss_mb(pid), 1) for pid in pids]
            window = {"at_s": round(window_start + SAMPLE_S - start), "rss_mb": rss, "requests": len(took),
                      "p50_ms": _pct(took, 0.50), "p95_ms": _pct(took, 0.95)}
            windows.append(window)
            log(json.dumps(window))
            window_start += SAMPLE_S
        for t in threads:
            t.join(timeout=60)
    finally:
        stop_server(server)

    judged = [w for w in windows if w["at_s"] > WARMUP_S]
    first, last = judged[0], judged[-1]
    after_warmup = [ms for began, ms in answered if began - start >= WARMUP_S]
    result = {
        "soak_rss_growth_mb": round(sum(last["rss_mb"]) - sum(first["rss_mb"]), 1),
        "soak_rss_first_mb": first["rss_mb"],
        "soak_rss_last_mb": last["rss_mb"],
        "soak_p95_first_ms": first["p95_ms"],
        "soak_p95_last_ms": last["p95_ms"],
        "soak_p50_ms": _pct(after_warmup, 0.50),
        "soak_p95_ms": _pct(after_warmup, 0.95),
        "soak_rps": round(len(after_warmup) / (seconds - WARMUP_S), 1),
        "soak_errors": len(errors),
        "soak_error_examples": errors[:5],
        "soak_windows": windows,
        "rate_rps": RATE_RPS,
        "seconds": seconds,
        "warmup_s": WARMUP_S,
        "web_processes": len(pids),
        "people": people,
        "database": "postgresql" if postgres else "sqlite",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
    }
    log(json.dumps({k: v for k, v in result.items() if k.startswith("soak_") and k != "soak_windows"}, indent=2))
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(result, indent=2, default=str))
        log(f"wrote {out}")
    return result
