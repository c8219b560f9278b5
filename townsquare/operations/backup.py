"""Backups while the server runs, and restore into an empty data directory (issue 15 part 6).

A backup is a directory (by default DATA_DIR/backups/<UTC time>/):

    database.sqlite3   SQLite: a copy made with SQLite's online backup API (one read transaction, so it is the
                       database as it was at one moment, while the server goes on writing)
    database.pgdump    PostgreSQL: `pg_dump --format=custom` (one repeatable-read snapshot, also while writing)
    huey.sqlite3       the queue of background work (SQLite queue only; with Redis it is re-created by the schedule)
    media/…            uploads: attachments and avatars (MEDIA_ROOT)
    secret_key         DATA_DIR/secret_key, unless SECRET_KEY comes from the environment
    vapid_private.pem  the Web Push key, unless TOWNSQUARE_VAPID_PRIVATE_KEY comes from the environment
    manifest.json      the sha256 and size of every file above, the app version, the database kind, the applied
                       migrations and when it was made; written last, so a backup without one is unfinished

The database is copied first and the uploads after it: a file uploaded meanwhile may be in the backup without its
row, never a row without its file. `restore` checks every checksum before it changes anything, and refuses a
directory that already holds data (or, on PostgreSQL, a database that has tables).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
QUEUE_FILE = "huey.sqlite3"
SECRET_FILE = "secret_key"
VAPID_FILE = "vapid_private.pem"  # delivery/vapid.py's KEY_FILE_NAME
MEDIA = "media"
# Made by every process when it starts (settings.py, Huey), so a fresh data directory already has them.
STARTUP_ENTRIES = {"static", SECRET_FILE}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why in plain words, and nothing was changed."""


@dataclass
class BackupInfo:
    name: str
    path: Path
    created_at: datetime | None
    size: int
    ok: bool
    problem: str
    scheduled: bool
    database: str


# --- helpers ---------------------------------------------------------------------------------------------------

def database_kind() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def backups_root() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: every page in one step, inside one read transaction, so the copy is the database
    at one moment even while other connections write (WAL: they do not wait for it). The copy is a single file."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        check = dst.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if check != "ok":
        raise BackupError(f"The copy of {source.name} failed SQLite's check ({check}).")


def _pg_env_and_args() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])  # not on the command line, where other users could read it
    args = ["--dbname", str(s["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if s.get(key):
            args += [flag, str(s[key])]
    return env, args


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed here: install PostgreSQL's client tools "
                          f"(on Debian: apt-get install postgresql-client) and try again.")
    return found


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _queue_file() -> Path | None:
    if "Sqlite" not in settings.HUEY.get("huey_class", ""):
        return None
    return Path(settings.HUEY["connection"]["filename"])


# --- backup ----------------------------------------------------------------------------------------------------

def backup_create(*, to: Path | None = None, scheduled: bool = False, now: datetime | None = None) -> Path:
    """Make a backup in `to` (a new or empty directory) or in DATA_DIR/backups/<time>/; returns its directory."""
    now = now or datetime.now(UTC)
    target = Path(to) if to else backups_root() / now.strftime("%Y%m%d-%H%M%S")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} is not empty: give a new or empty directory for the backup.")
    made = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        return _write_backup(target, scheduled=scheduled, now=now)
    except BaseException:
        if made:
            shutil.rmtree(target, ignore_errors=True)
        else:
            for child in target.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise


def _write_backup(target: Path, *, scheduled: bool, now: datetime) -> Path:
    data_dir = Path(settings.DATA_DIR)
    kind = database_kind()
    migrations = _applied_migrations()
    if kind == "sqlite":
        _sqlite_copy(Path(connection.settings_dict["NAME"]), target / SQLITE_FILE)
    else:
        env, args = _pg_env_and_args()
        done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                               "--file", str(target / PG_FILE), *args], env=env, capture_output=True, text=True)
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.strip() or done.returncode}")
    queue = _queue_file()
    if queue is not None and queue.exists():
        _sqlite_copy(queue, target / QUEUE_FILE)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / MEDIA, symlinks=False)
    secret = "environment" if os.environ.get("SECRET_KEY") else "file"
    if secret == "file" and (data_dir / SECRET_FILE).exists():
        shutil.copy2(data_dir / SECRET_FILE, target / SECRET_FILE)
    vapid = "environment" if os.environ.get("TOWNSQUARE_VAPID_PRIVATE_KEY") else "none"
    if vapid == "none" and (data_dir / VAPID_FILE).exists():
        shutil.copy2(data_dir / VAPID_FILE, target / VAPID_FILE)
        vapid = "file"
    for private in (SECRET_FILE, VAPID_FILE):
        if (target / private).exists():
            (target / private).chmod(0o600)
    files = {p.relative_to(target).as_posix(): {"size": p.stat().st_size, "sha256": _sha256(p)}
             for p in _files_under(target)}
    manifest = {
        "format": FORMAT, "app": "townsquare", "app_version": version("townsquare"),
        "created_at": now.isoformat().replace("+00:00", "Z"), "database": kind,
        "database_file": SQLITE_FILE if kind == "sqlite" else PG_FILE, "migrations": migrations,
        "queue": "file" if (target / QUEUE_FILE).exists() else ("redis" if queue is None else "none"),
        "secret_key": secret, "vapid_key": vapid, "scheduled": scheduled, "files": files,
    }
    partial = target / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(partial, target / MANIFEST)
    return target


# --- checking a backup -----------------------------------------------------------------------------------------

def _read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    if not directory.is_dir():
        raise BackupError(f"{directory} is not a directory.")
    if not path.is_file():
        raise BackupError(f"{directory} has no {MANIFEST}: it is not a backup, or one that never finished.")
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{MANIFEST} in {directory} is damaged (it is not valid JSON).") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise BackupError(f"{MANIFEST} in {directory} is damaged (it lists no files).")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format ({manifest.get('format')!r}) is not one this version can read.")
    if manifest.get("database") not in {"sqlite", "postgresql"} or manifest.get("database_file") not in manifest["files"]:
        raise BackupError(f"{MANIFEST} in {directory} is damaged (no database in it).")
    return manifest


def verify(directory: Path) -> dict:
    """The manifest of the backup in `directory` once every file matches it (size and sha256), and nothing is
    missing or added; BackupError naming the first problems otherwise."""
    directory = Path(directory)
    manifest = _read_manifest(directory)
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts or name == MANIFEST:
            raise BackupError(f"{MANIFEST} in {directory} is damaged (a file outside the backup: {name}).")
        path = directory / rel
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != expected.get("size") or _sha256(path) != expected.get("sha256"):
            problems.append(f"{name} has changed since the backup was made")
    extra = {p.relative_to(directory).as_posix() for p in _files_under(directory)} - set(manifest["files"]) - {MANIFEST}
    problems += [f"{name} is not part of the backup" for name in sorted(extra)]
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise BackupError(f"The backup in {directory} is damaged: {shown}.")
    return manifest


def backup_list(root: Path | None = None, *, check: bool = True) -> list[BackupInfo]:
    """The backups under DATA_DIR/backups, newest first, each checked against its manifest (with `check`)."""
    root = Path(root) if root else backups_root()
    if not root.is_dir():
        return []
    out = []
    for directory in sorted((d for d in root.iterdir() if d.is_dir()), reverse=True):
        size = sum(p.stat().st_size for p in _files_under(directory) if p.is_file())
        try:
            manifest = verify(directory) if check else _read_manifest(directory)
            problem, ok = "", True
        except BackupError as exc:
            manifest, problem, ok = {}, str(exc).replace(f" in {directory}", ""), False
            try:
                manifest = _read_manifest(directory)
            except BackupError:
                pass
        try:
            created = datetime.fromisoformat(str(manifest.get("created_at", "")).replace("Z", "+00:00"))
        except ValueError:
            created = None
        out.append(BackupInfo(name=directory.name, path=directory, created_at=created, size=size, ok=ok,
                              problem=problem, scheduled=bool(manifest.get("scheduled")),
                              database=str(manifest.get("database", ""))))
    return out


def backup_prune(*, keep: int, root: Path | None = None) -> list[str]:
    """Delete scheduled backups beyond the newest `keep` (backups made by hand are never deleted); returns names."""
    scheduled = [b for b in backup_list(root, check=False) if b.scheduled and b.ok]
    gone = []
    for old in scheduled[max(keep, 1):]:
        shutil.rmtree(old.path)
        gone.append(old.name)
    return gone


def backup_due(*, every_hours: int, now: datetime | None = None, root: Path | None = None) -> bool:
    """A scheduled backup is due when none was made in the last `every_hours` hours (less 5 minutes' slack)."""
    if every_hours <= 0:
        return False
    now = now or datetime.now(UTC)
    made = [b.created_at for b in backup_list(root, check=False) if b.scheduled and b.ok and b.created_at]
    return not made or now - max(made) >= timedelta(hours=every_hours) - timedelta(minutes=5)


# --- restore ---------------------------------------------------------------------------------------------------

def _sqlite_has_rows(path: Path) -> bool:
    """Whether a SQLite file holds anything: a file every process makes at start-up (the empty queue) does not."""
    if path.stat().st_size == 0:
        return False
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                "AND name NOT LIKE 'sqlite_%'")]
            return any(db.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return True  # not a database we can read: something is there


def _what_is_in(data_dir: Path, media: Path) -> list[str]:
    """What already in the data directory would be lost by a restore (nothing → an empty data directory)."""
    found = []
    sqlite_files = {Path(connection.settings_dict["NAME"]).name if database_kind() == "sqlite" else None,
                    QUEUE_FILE}
    for entry in sorted(data_dir.iterdir()) if data_dir.is_dir() else []:
        if entry.name in STARTUP_ENTRIES:
            continue
        if entry == media and entry.is_dir() and not _files_under(entry):
            continue
        if entry.name in sqlite_files and entry.is_file() and not _sqlite_has_rows(entry):
            continue
        if entry.name.endswith(("-wal", "-shm")) and entry.name[:-4] in sqlite_files:
            continue
        found.append(entry.name + ("/" if entry.is_dir() else ""))
    if media.is_dir() and not str(media).startswith(str(data_dir) + os.sep) and _files_under(media):
        found.append(str(media))
    return found


def _pg_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname || '.' || tablename FROM pg_catalog.pg_tables "
                       "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")
        return [r[0] for r in cursor.fetchall()]


def _check_migrations(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, names in manifest.get("migrations", {}).items() for name in names
                     if (app, name) not in known)
    if unknown:
        raise BackupError("This backup was made by a newer version of Townsquare (it has migrations this version does "
                          f"not know: {', '.join(unknown[:3])}). Restore it with that version or a later one.")


def _replace_sqlite(source: Path, target: Path) -> None:
    for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def restore(directory: Path) -> dict:
    """Restore the backup in `directory` into this process's data directory (and, on PostgreSQL, its database).

    Checks first, changes nothing unless all pass: every checksum; the database kind matches this installation;
    the backup's migrations are known to this version; the data directory is empty (and the database has no
    tables). Returns the manifest."""
    directory = Path(directory).resolve()
    manifest = verify(directory)
    kind = database_kind()
    if manifest["database"] != kind:
        hint = ("unset DATABASE_URL to restore it into the embedded SQLite database" if kind == "postgresql"
                else "set DATABASE_URL to an empty PostgreSQL database to restore it")
        raise BackupError(f"This backup is of a {manifest['database']} database and this installation uses {kind}: {hint}.")
    _check_migrations(manifest)
    data_dir = Path(settings.DATA_DIR)
    media = Path(settings.MEDIA_ROOT)
    if str(data_dir).startswith(str(directory) + os.sep) or str(directory).startswith(str(data_dir) + os.sep):
        raise BackupError("The backup and the data directory must not be inside each other.")
    found = _what_is_in(data_dir, media)
    if found:
        raise BackupError(f"The data directory {data_dir} is not empty ({', '.join(found[:5])}). A restore only goes "
                          "into an empty data directory, so nothing there is overwritten: choose a new "
                          "TOWNSQUARE_DATA_DIR (or --data-dir) and try again. Nothing was changed.")
    if kind == "postgresql":
        tables = _pg_tables()
        if tables:
            raise BackupError(f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables, "
                              f"e.g. {tables[0]}). Restore into a new, empty database. Nothing was changed.")
        connection.close()
        env, args = _pg_env_and_args()
        done = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                               "--single-transaction", *args, str(directory / PG_FILE)],
                              env=env, capture_output=True, text=True)
        if done.returncode:
            raise BackupError(f"pg_restore failed, and the database was left as it was: {done.stderr.strip()}")
    else:
        _replace_sqlite(directory / SQLITE_FILE, Path(connection.settings_dict["NAME"]))
    queue = _queue_file()
    if queue is not None and (directory / QUEUE_FILE).exists():
        _replace_sqlite(directory / QUEUE_FILE, queue)
    if (directory / MEDIA).is_dir():
        shutil.copytree(directory / MEDIA, media, dirs_exist_ok=True)
    for name in (SECRET_FILE, VAPID_FILE):
        if (directory / name).exists():
            shutil.copyfile(directory / name, data_dir / name)
            (data_dir / name).chmod(0o600)
    return manifest
