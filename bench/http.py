"""HTTP benchmark: `DATABASE_URL=postgres://… townsquare bench http --people 1000 --json OUT`.

A mixed read workload driven by wrk against two uvicorn web processes (`uvicorn --workers 2`, one
socket shared by both, as a proxy in front of two ports would balance them) on PostgreSQL, over a
generated organisation (the demo generator, reused when the database already holds it).

Every request is a signed-in person's page, with that person's session (people sampled at random):

    35 %  home feed            /                   10 %  profile        /people/<handle>/
    10 %  company feed         /company/           10 %  search         /search/?q=<word>
    15 %  group feed           /groups/<slug>/           (a group the person may read)
    20 %  post page            /posts/<id>/              (a post the person may read)

wrk runs CONNECTIONS connections (16; TOWNSQUARE_BENCH_HTTP_CONNECTIONS) on 2 threads for DURATION_S seconds after a WARMUP_S warm-up, on the
same machine as the server. Keys: http_mixed_rps, http_mixed_p95_ms (p50/p99 too), http_errors
(connect/read/write/timeouts and HTTP statuses ≥ 400, as wrk counts them).

Then the floor, with the same sessions and connections for FLOOR_S seconds each: what the same two
processes serve when a request does next to nothing, so the mixed figure can be read against the most
this machine gives any signed-in request:

    http_floor_signed_in_rps    /healthz with a session: the middleware signs the person in (2 queries)
                                and the view runs `SELECT 1`; no template
    http_floor_empty_page_rps   /password/change/: the signed-in page with the least on it (the site's
                                frame and a three-field form; 3 queries)

and the two ratios, read within the one run: http_mixed_vs_floor (mixed ÷ signed-in floor) and
http_empty_page_vs_floor (emptiest page ÷ signed-in floor): what a page costs beside a request that does
nothing, which moves far less between a busy and a quiet machine than either rate does.
"""

import json
import os
import platform
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.live import _free_port, sessions_for, start_server, stop_server

CONNECTIONS = int(os.environ.get("TOWNSQUARE_BENCH_HTTP_CONNECTIONS", "16"))
DURATION_S = 30
WARMUP_S = 5
REQUESTS_IN_SCRIPT = 4000
FLOOR_S = 10
FLOOR_PATHS = {"signed_in": "/healthz", "empty_page": "/password/change/"}
WORDS = ["onboarding", "customer", "forecast", "release", "thanks", "roadmap", "team", "data", "hiring",
         "security", "budget", "design", "launch", "question", "idea", "workshop"]

LUA = r"""
local reqs = dofile(%(table)s)
local i = 0
init = function(args)
  math.randomseed(tonumber(tostring({}):match("0x(%%x+)") or "1", 16) %% 2147483647)
  i = math.random(#reqs)
end
request = function()
  i = i %% #reqs + 1
  local r = reqs[i]
  return wrk.format("GET", r[1], {["Cookie"] = "sessionid=" .. r[2], ["Accept"] = "text/html"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%%d,"duration_us":%%d,"bytes":%%d,"connect":%%d,"read":%%d,"write":%%d,"status":%%d,"timeout":%%d,' ..
    '"p50_us":%%d,"p95_us":%%d,"p99_us":%%d,"max_us":%%d,"mean_us":%%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


def _need_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("The HTTP benchmark drives the load with wrk, which is not installed.\n"
                         "Install it with:  sudo apt-get install -y wrk   (Debian/Ubuntu)   or   brew install wrk   (macOS)")
    return path


def _workload(people, rng: random.Random) -> list[tuple[str, str]]:
    """(path, session) pairs: each person's own session, on pages they may read."""
    from townsquare.conversations import access
    from townsquare.conversations.models import Group, Membership, Post

    sessions = dict(zip((p.pk for p in people), sessions_for(people), strict=True))
    public_groups = list(Group.objects.filter(visibility=Group.Visibility.PUBLIC).values_list("pk", "slug"))
    members: dict[int, list[tuple[int, str]]] = {}
    for person_id, group_id, slug in (Membership.objects.filter(person__in=people, state=Membership.State.ACTIVE)
                                      .values_list("person_id", "group_id", "group__slug")):
        members.setdefault(person_id, []).append((group_id, slug))
    recent = list(Post.objects.order_by("-created_at").values_list("pk", "group_id")[:3000])
    handles = [p.handle for p in people]
    out = []
    for _ in range(REQUESTS_IN_SCRIPT):
        person = rng.choice(people)
        roll = rng.random()
        if roll < 0.35:
            path = "/"
        elif roll < 0.45:
            path = "/company/"
        elif roll < 0.60:
            path = f"/groups/{rng.choice(members.get(person.pk) or public_groups)[1]}/"
        elif roll < 0.80:
            readable = set(access.readable_group_ids(person).values_list("id", flat=True)) if not hasattr(person, "_rg") else person._rg
            person._rg = readable
            post_id = next(pk for pk, group in (rng.choice(recent) for _ in range(1000)) if group is None or group in readable)
            path = f"/posts/{post_id}/"
        elif roll < 0.90:
            path = f"/people/{rng.choice(handles)}/"
        else:
            path = f"/search/?q={rng.choice(WORDS)}"
        out.append((path, sessions[person.pk]))
    return out


def _write_script(tmp: str, name: str, workload: list[tuple[str, str]]) -> Path:
    table = Path(tmp) / f"{name}-requests.lua"
    table.write_text("return {\n" + "".join(f'{{"{p}","{s}"}},\n' for p, s in workload) + "}\n")
    script = Path(tmp) / f"{name}.lua"
    script.write_text(LUA % {"table": json.dumps(str(table))})
    return script


def _rps(stats: dict) -> float:
    return round(stats["requests"] / (stats["duration_us"] / 1e6), 1)


def _errors(stats: dict) -> int:
    return stats["connect"] + stats["read"] + stats["write"] + stats["timeout"] + stats["status"]


def _check(port: int, workload: list[tuple[str, str]], log) -> None:
    """Every kind of page answers 200 for its person before we time anything (a 302 to sign in would
    look fast and be wrong)."""
    import httpx

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        seen = set()
        for path, session in workload:
            kind = path.split("?")[0].strip("/").split("/")[0]
            if kind in seen:
                continue
            r = client.get(path, cookies={"sessionid": session})
            if r.status_code != 200:
                raise RuntimeError(f"{path} answered {r.status_code} before the run")
            seen.add(kind)
    log(f"checked one page of each kind: {sorted(seen)}")


def _wrk(wrk: str, port: int, script: Path, seconds: int, connections: int = 0) -> dict:
    connections = connections or CONNECTIONS
    cmd = [wrk, "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", str(script),
           f"http://127.0.0.1:{port}/"]
    run = subprocess.run(cmd, capture_output=True, text=True, check=True)
    line = next(line for line in run.stdout.splitlines() if line.startswith("WRK_JSON "))
    return json.loads(line.removeprefix("WRK_JSON "))


def run(*, people: int, seed: int, out, requests: int, log) -> dict:
    from django.conf import settings
    from django.db import connections

    from bench.feed import ensure_organisation
    from townsquare.people.models import Person

    wrk = _need_wrk()
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise SystemExit("The HTTP benchmark runs on PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/ts_bench_http")
    counts = ensure_organisation(people, seed, posts=people * 20, replies=people * 20, reactions=people * 60, log=log)
    rng = random.Random(seed)
    sample = list(Person.objects.filter(is_active=True).order_by("pk"))
    sample = rng.sample(sample, min(200, len(sample)))
    workload = _workload(sample, rng)
    connections.close_all()
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory() as tmp:
        script = _write_script(tmp, "mixed", workload)
        sessions = [session for _, session in workload]
        floor_scripts = {name: _write_script(tmp, name, [(path, session) for session in sessions])
                         for name, path in FLOOR_PATHS.items()}
        port = _free_port()
        log_path = Path(settings.DATA_DIR) / "bench-http-server.log"
        server = start_server(port, log_path, workers=2)
        try:
            _check(port, workload + [(path, sessions[0]) for path in FLOOR_PATHS.values()], log)
            log(f"warming up for {WARMUP_S} s …")
            _wrk(wrk, port, script, WARMUP_S)
            log(f"wrk: {CONNECTIONS} connections, 2 threads, {DURATION_S} s …")
            stats = _wrk(wrk, port, script, DURATION_S)
            log("one connection for 10 s (service time without queueing) …")
            single = _wrk(wrk, port, script, 10, connections=1)
            floor = {}
            for name, floor_script in floor_scripts.items():
                log(f"floor: {FLOOR_PATHS[name]} signed in, {CONNECTIONS} connections, {FLOOR_S} s …")
                _wrk(wrk, port, floor_script, 2)
                floor[name] = _wrk(wrk, port, floor_script, FLOOR_S)
        finally:
            stop_server(server)

    errors = _errors(stats)
    result = {
        "http_mixed_rps": _rps(stats),
        "http_mixed_p50_ms": round(stats["p50_us"] / 1000, 1),
        "http_mixed_p95_ms": round(stats["p95_us"] / 1000, 1),
        "http_mixed_p99_ms": round(stats["p99_us"] / 1000, 1),
        "http_mixed_max_ms": round(stats["max_us"] / 1000, 1),
        "http_errors": errors,
        "http_single_connection_rps": _rps(single),
        "http_single_connection_p50_ms": round(single["p50_us"] / 1000, 1),
        "http_single_connection_p95_ms": round(single["p95_us"] / 1000, 1),
        **{f"http_floor_{name}_rps": _rps(stats) for name, stats in floor.items()},
        **{f"http_floor_{name}_p95_ms": round(stats["p95_us"] / 1000, 1) for name, stats in floor.items()},
        **{f"http_floor_{name}_errors": _errors(stats) for name, stats in floor.items()},
        # Ratios within this one run, so they hold from a quiet machine to a busy one (issue 18's targets).
        "http_mixed_vs_floor": round(_rps(stats) / _rps(floor["signed_in"]), 3),
        "http_empty_page_vs_floor": round(_rps(floor["empty_page"]) / _rps(floor["signed_in"]), 3),
        "load_average_before": load_before,
        "http_requests": stats["requests"],
        "wrk": {"connections": CONNECTIONS, "threads": 2, "duration_s": DURATION_S, **stats},
        "web_processes": 2,
        "people": people,
        "database": "postgresql",
        "broker": "redis" if os.environ.get("REDIS_URL") else "in-process",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        **({"generated": counts} if counts else {}),
    }
    log(json.dumps({k: v for k, v in result.items() if k.startswith("http_")}, indent=2))
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(result, indent=2, default=str))
        log(f"wrote {out}")
    return result
