"""A backup made while a real server takes writes restores into a fresh data directory (and, on PostgreSQL, a new
empty database) and serves the same data: real uvicorn processes, API clients posting through the backup, the real
`townsquare backup` and `townsquare restore` commands in their own processes. Then the refusals: a restore into a
data directory (or database) that holds data, and damaged backups (a changed byte, a missing file), each refused
with a clear message and nothing changed."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import service_missing, wait_until
from tests.crash.processes import free_port, stop

BIN = Path(sys.executable).parent
CLIENTS = 4
BEFORE_BACKUP = 20

SETUP = """
import django; django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from townsquare.api import services as api
from townsquare.conversations import services as conversations
from townsquare.delivery import vapid
from townsquare.people.models import Person
admin = Person.objects.create_user("olga@example.test", "pw", name="Olga Admin", handle="olga", is_staff=True)
conversations.post_create(author=admin, body="A file for the backup",
                          files=[SimpleUploadedFile("notes.txt", b"what the backup keeps", content_type="text/plain")])
vapid.public_key()  # makes DATA_DIR/vapid_private.pem
print(api.token_create(person=admin, name="before the backup", scope="write")[1])
"""

REPORT = """
import hashlib, json, django; django.setup()
from django.apps import apps
from townsquare.conversations.models import Attachment, Post
from townsquare.core.models import AuditEntry
counts = {m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.proxy
          and m._meta.label in {"people.Person", "conversations.Post", "conversations.Attachment", "api.AccessToken",
                                "core.OutboxItem", "conversations.SearchEntry"}}
files = {a.file.name: hashlib.sha256(a.file.open("rb").read()).hexdigest() for a in Attachment.objects.all()}
print(json.dumps({"bodies": list(Post.objects.values_list("body", flat=True)), "counts": counts, "files": files,
                  "audit": list(AuditEntry.objects.order_by("id").values_list("action", flat=True))}))
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(directory: Path) -> dict[str, str]:
    """Every file under `directory` and its checksum: what "nothing changed" is compared on. SQLite's shared-memory
    index (-shm) and an empty write-ahead log (-wal) are left out: opening a database in WAL mode makes them, and
    they hold no data (a -wal with content is compared like any file)."""
    return {p.relative_to(directory).as_posix(): sha256(p) for p in sorted(directory.rglob("*"))
            if p.is_file() and not p.name.endswith("-shm") and not (p.name.endswith("-wal") and p.stat().st_size == 0)}


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request):
    """Two database URLs (the original, and a new empty one to restore into), or None twice on SQLite."""
    if request.param == "sqlite":
        yield None, None
        return
    psycopg = pytest.importorskip("psycopg")
    base = os.environ.get("DATABASE_URL", "")
    base = base.rsplit("/", 1)[0] if base.startswith("postgres") else "postgres://postgres@127.0.0.1:5432"
    names = [f"ops_{uuid.uuid4().hex[:10]}_{side}" for side in ("a", "b")]
    try:
        admin = psycopg.connect(base + "/postgres", autocommit=True)
    except psycopg.OperationalError:
        service_missing("PostgreSQL is not running on 127.0.0.1:5432")
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(f"{base}/{name}" for name in names)
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def environment(data_dir: Path, database_url: str | None) -> dict:
    env = {**os.environ, "TOWNSQUARE_DATA_DIR": str(data_dir), "TOWNSQUARE_API_RATE_PER_TOKEN": "100000",
           "DJANGO_SETTINGS_MODULE": "townsquare.settings"}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "TOWNSQUARE_MEDIA_DIR",
                 "TOWNSQUARE_VAPID_PRIVATE_KEY"):
        env.pop(name, None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def python(env: dict, code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def townsquare(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "townsquare", *args], env=env, capture_output=True, text=True, timeout=600)


class Server:
    def __init__(self, env: dict):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "townsquare.asgi:application", "--port", str(self.port), "--lifespan",
             "off", "--log-level", "critical"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def healthy(self) -> bool:
        try:
            return httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False


def test_a_backup_made_during_writes_restores_into_a_fresh_directory_and_serves_the_same_data(tmp_path, databases):
    original_db, fresh_db = databases
    env_a = environment(tmp_path / "a", original_db)
    assert townsquare(env_a, "migrate", "-v", "0").returncode == 0
    token = python(env_a, SETUP)

    server = Server(env_a)
    acknowledged: list[str] = []
    lock = threading.Lock()
    halt = threading.Event()

    def client(n: int):
        with httpx.Client(base_url=server.base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
            i = 0
            while not halt.is_set():
                body = f"during {n}-{i}"
                i += 1
                try:
                    answer = http.post("/api/v1/posts", json={"body": body})
                except httpx.HTTPError:
                    continue
                if answer.status_code == 201:
                    with lock:
                        acknowledged.append(body)

    clients = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    backup_dir = tmp_path / "backup"
    try:
        assert wait_until(server.healthy, timeout=120), "the server did not start"
        for c in clients:
            c.start()
        assert wait_until(lambda: len(acknowledged) >= BEFORE_BACKUP, timeout=120), "the writes never got going"
        with lock:
            before = list(acknowledged)
        made = townsquare(env_a, "backup", "--to", str(backup_dir))  # while the clients go on writing
        with lock:
            during_and_before = list(acknowledged)
        assert made.returncode == 0, made.stderr
        assert wait_until(lambda: len(acknowledged) > len(during_and_before), timeout=60), "writes stopped"
    finally:
        halt.set()
        for c in clients:
            c.join(60)
        stop(server.process)
    assert len(during_and_before) > len(before), "no write was acknowledged while the backup ran"
    original = json.loads(python(env_a, REPORT))

    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["database"] == ("postgresql" if original_db else "sqlite")
    assert manifest["app_version"] and manifest["created_at"] and "operations" in manifest["migrations"]
    for name in ("secret_key", "vapid_private.pem", "media/" + next(iter(original["files"]))):
        assert name in manifest["files"], name
    assert all(sha256(backup_dir / n) == f["sha256"] for n, f in manifest["files"].items())

    # Restore into a fresh data directory (and a new, empty database).
    env_b = environment(tmp_path / "b", fresh_db)
    restored = townsquare(env_b, "restore", str(backup_dir))
    assert restored.returncode == 0, restored.stderr
    b = tmp_path / "b"
    assert sha256(b / "secret_key") == sha256(tmp_path / "a" / "secret_key")
    assert sha256(b / "vapid_private.pem") == sha256(tmp_path / "a" / "vapid_private.pem")
    if not original_db:
        assert sha256(b / "huey.sqlite3") == manifest["files"]["huey.sqlite3"]["sha256"]
    copy = json.loads(python(env_b, REPORT))

    bodies = copy["bodies"]
    assert len(bodies) == len(set(bodies)), "a post was restored twice"
    assert set(before) <= set(bodies), "a post acknowledged before the backup began is missing"
    assert set(bodies) <= set(original["bodies"]), "the restored database has a post the original never had"
    assert copy["files"] == original["files"], "an upload is missing or differs"
    # The token made before the backup is in both logs; the backup is recorded after its copy of the database
    # was taken, so the restored log has the restore where the original has the backup.
    assert original["audit"] == ["api_token.create", "backup.create"]
    assert copy["audit"] == ["api_token.create", "backup.restore"]
    assert copy["counts"]["people.Person"] == original["counts"]["people.Person"]
    assert copy["counts"]["conversations.Post"] == len(bodies) and copy["counts"]["conversations.SearchEntry"] > 0
    if not original_db:  # the restored database holds exactly what the backup's copy holds
        import sqlite3
        snapshot = sqlite3.connect(backup_dir / "database.sqlite3")
        assert snapshot.execute("SELECT COUNT(*) FROM conversations_post").fetchone()[0] == len(bodies)
        snapshot.close()

    restored_server = Server(env_b)
    try:
        assert wait_until(restored_server.healthy, timeout=120), "a server on the restored data did not start"
        with httpx.Client(base_url=restored_server.base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
            me = http.get("/api/v1/me")
            assert me.status_code == 200 and me.json()["handle"] == "olga", me.text
            assert http.post("/api/v1/posts", json={"body": "after the restore"}).status_code == 201
    finally:
        stop(restored_server.process)

    # Refused: a restore into a data directory that holds data; on PostgreSQL, into a database that has tables.
    a_before = tree(tmp_path / "a")
    refused = townsquare(env_a, "restore", str(backup_dir))
    assert refused.returncode != 0 and "is not empty" in refused.stderr and "Nothing was changed" in refused.stderr
    assert tree(tmp_path / "a") == a_before
    if original_db:
        into_full_db = townsquare(environment(tmp_path / "c", original_db), "restore", str(backup_dir))
        assert into_full_db.returncode != 0 and "not empty" in into_full_db.stderr, into_full_db.stderr
        assert json.loads(python(env_a, REPORT)) == original

    # Refused: damaged backups, with nothing changed in the empty data directory (or database) they were aimed at.
    damaged = tmp_path / "damaged"
    shutil.copytree(backup_dir, damaged)
    database_file = damaged / manifest["database_file"]
    data = bytearray(database_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database_file.write_bytes(bytes(data))
    missing = tmp_path / "missing"
    shutil.copytree(backup_dir, missing)
    (missing / "secret_key").unlink()
    b_report = json.loads(python(env_b, REPORT))
    for broken, words in ((damaged, f"{manifest['database_file']} has changed"), (missing, "secret_key is missing")):
        target = tmp_path / f"into-{broken.name}"
        answer = townsquare(environment(target, fresh_db), "restore", str(broken))
        assert answer.returncode != 0, answer.stdout
        assert "is damaged" in answer.stderr and words in answer.stderr, answer.stderr
        assert not (target / "townsquare.sqlite3").exists() and not (target / "media").exists()
        assert not (target / "vapid_private.pem").exists()
    assert json.loads(python(env_b, REPORT)) == b_report
