"""`townsquare scaleout`: the scale-out mode on one machine, with one command (docs/OPERATIONS.md).

    DATABASE_URL=postgres://… REDIS_URL=redis://… townsquare scaleout --web 2 --port 8001

Migrates the database once, then starts and watches:
  * N web processes under uvicorn (ASGI: pages, API and live streams) on ports PORT … PORT+N-1;
  * W background workers (`townsquare run_huey`), sharing the Huey queue in Redis.
Live events cross processes through Redis pub/sub. When one process dies, the others are stopped and
the command exits with an error (a supervisor such as systemd then restarts the whole set); Ctrl+C or
SIGTERM stops them all.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

STOP_GRACE_S = 10


def create_database_if_missing(url: str) -> bool:
    """CREATE DATABASE for DATABASE_URL's name when it does not exist yet (PostgreSQL only)."""
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.split("?", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


class Command(BaseCommand):
    help = "Run the scale-out mode: N uvicorn web processes and W Huey workers on PostgreSQL and Redis."

    def add_arguments(self, parser):
        parser.add_argument("--web", type=int, default=2, help="Web processes (default 2).")
        parser.add_argument("--workers", type=int, default=1, help="Background worker processes (default 1).")
        parser.add_argument("--port", type=int, default=8001, help="Port of the first web process; the next ones follow.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--create-db", action="store_true", help="Create DATABASE_URL's database if it is missing.")
        parser.add_argument("--demo-people", type=int, default=0,
                            help="Generate the demo organisation of this size when the database is empty.")

    def handle(self, *args, web, workers, port, host, create_db, demo_people, **options):
        database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise CommandError("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/townsquare "
                               "(several processes cannot share the default SQLite file safely).")
        if not redis_url:
            raise CommandError("Set REDIS_URL, e.g. redis://127.0.0.1:6379/0: the web processes share live updates, "
                               "the cache and the job queue through it.")
        if web < 1 or workers < 0:
            raise CommandError("--web must be at least 1 and --workers at least 0.")
        if create_db and create_database_if_missing(database_url):
            self.stdout.write(f"Created the database {database_url.rsplit('/', 1)[1]}.")
        call_command("migrate", interactive=False, verbosity=0)
        if demo_people:
            from townsquare.demo.generator import generate
            from townsquare.people.models import Person

            if not Person.objects.exists():
                self.stdout.write(f"Generating the demo organisation ({demo_people} people)…")
                generate(people=demo_people, seed=1, progress=False)
        from django.db import connections

        connections.close_all()  # the children open their own

        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "townsquare.settings", "TOWNSQUARE_DATA_DIR": str(settings.DATA_DIR)}
        children: list[tuple[str, subprocess.Popen]] = []
        for i in range(web):
            cmd = [sys.executable, "-m", "uvicorn", "townsquare.asgi:application", "--host", host, "--port", str(port + i),
                   "--lifespan", "off", "--timeout-graceful-shutdown", "3", "--no-server-header", "--log-level", "warning"]
            children.append((f"web {i + 1}  http://{host}:{port + i}", subprocess.Popen(cmd, env=env)))
        for i in range(workers):
            cmd = [sys.executable, "-m", "django", "run_huey"]
            children.append((f"worker {i + 1} (Huey)", subprocess.Popen(cmd, env=env)))

        def stop(*_):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        code = 0
        try:
            self._wait_healthy(host, port, web, children)
            self.stdout.write(self.style.SUCCESS("\n".join([
                "", "Townsquare (scale-out) is running:",
                *[f"  {name:<36} pid {proc.pid}" for name, proc in children],
                f"Live updates go through Redis ({redis_url}); health: /healthz and /live/healthz on each web process.",
                "Put a proxy in front of the web ports (docs/OPERATIONS.md). Press Ctrl+C to stop.", "",
            ])))
            self.stdout.flush()
            while True:
                for name, proc in children:
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} stopped (exit code {proc.returncode}); stopping the others.")
                        code = 1
                        raise KeyboardInterrupt
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(children)
        if code:
            sys.exit(code)

    def _wait_healthy(self, host, port, web, children, timeout_s=60):
        deadline = time.monotonic() + timeout_s
        pending = {port + i for i in range(web)}
        while pending:
            for name, proc in children:
                if proc.poll() is not None:
                    raise CommandError(f"{name} stopped while starting (exit code {proc.returncode}).")
            for p in list(pending):
                try:
                    with urllib.request.urlopen(f"http://{host}:{p}/healthz", timeout=2) as response:
                        if response.status == 200:
                            pending.discard(p)
                except OSError:
                    pass
            if time.monotonic() > deadline:
                raise CommandError(f"web processes on ports {sorted(pending)} did not answer /healthz within {timeout_s} s.")
            if pending:
                time.sleep(0.3)

    def _stop(self, children):
        for _, proc in children:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        for _, proc in children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
