"""`townsquare export-org DIR` and `townsquare import-org DIR`: the whole organisation, to move it to a new instance.

Layout of DIR (format "townsquare-org/1"):

    manifest.json              format, when, the schema (each app's latest applied migration), and per table:
                               the file, the model ("app_label.model"), the row count and the file's SHA-256
    data/<app>.<model>.json    every row of that model, in Django's serialisation (primary keys kept; a foreign
                               key is the id it points at; many-to-many links are the rows of their own table, e.g.
                               data/conversations.post_topics.json), ordered by id; times in ISO 8601 with
                               their microseconds
    files/<path>               every uploaded file (attachments, avatars) at its path under MEDIA_ROOT, with its
                               SHA-256 in the manifest

Every model of our apps (townsquare.*) is written, including the auto-created tables of many-to-many fields,
except the ones in `SKIPPED` (derived or the old instance's own bookkeeping): the search index is rebuilt on import.
People's password hashes are kept, so everyone signs in on the new instance as before; sessions are not (people
sign in again). This is the operator's full copy: unlike the org admin's export in the web (organisation.py) it holds
everything, private groups and notebooks included, so keep DIR as safe as the database itself.

Import loads DIR into an EMPTY instance (migrated, no rows in any table of ours): it refuses a database with rows,
a schema that does not match the manifest, or a file whose checksum is wrong, with a sentence saying which, before
changing anything. Then it loads every table in one transaction (foreign keys checked at the end, sequences reset
on PostgreSQL), rebuilds the search index, and copies the files; if anything fails the transaction rolls back and
the files copied so far are removed."""

import datetime
import hashlib
import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField

FORMAT = "townsquare-org/1"
SKIPPED = {
    "conversations.searchentry": "the search index, rebuilt from posts, replies, people and groups on import",
    "core.outboxitem": "side effects the old instance was still delivering (emails, webhooks, live events)",
    "portability.exportjob": "the old instance's export zips, which are not copied",
}


class ImportRefused(Exception):
    """DIR cannot be imported here; the message says why. Nothing was changed."""


def our_models():
    """Every concrete model of our apps, the many-to-many tables included, in a stable order."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        config = model._meta.app_config
        if not config.name.startswith("townsquare.") or model._meta.proxy or not model._meta.managed:
            continue
        out.append(model)
    return sorted(out, key=lambda m: m._meta.label_lower)


def exported_models():
    return [m for m in our_models() if m._meta.label_lower not in SKIPPED]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def schema() -> dict[str, str]:
    """Each of our apps' latest applied migration."""
    latest: dict[str, str] = {}
    labels = {m._meta.app_label for m in our_models()}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if app in labels and name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (DjangoJSONEncoder cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _write_rows(f, qs, fields, chunk: int = 2000) -> None:
    """Django's serialisation of each row ({"model", "pk", "fields"}) as one JSON list, written a chunk at a time.
    Columns only: many-to-many links are exported as the rows of their own tables."""
    f.write("[")
    first = True
    batch = []

    def flush():
        nonlocal first
        for item in serializers.serialize("python", batch, fields=fields):
            f.write(("" if first else ",\n") + json.dumps(item, cls=_Encoder, ensure_ascii=False))
            first = False
        batch.clear()

    for obj in qs.iterator(chunk_size=chunk):
        batch.append(obj)
        if len(batch) >= chunk:
            flush()
    flush()
    f.write("]\n")


def export_org(target: Path, *, out=None) -> dict:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise ImportRefused(f"{target} is not empty: export-org writes into a new or empty directory.")
    (target / "data").mkdir(parents=True, exist_ok=True)
    tables, file_names = [], set()
    # One consistent view of the database: a repeatable-read snapshot on PostgreSQL; on SQLite the transaction holds
    # the write lock (our transactions begin IMMEDIATE), so writes wait until the copy is made.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in exported_models():
            label = model._meta.label_lower
            path = target / "data" / f"{label}.json"
            file_fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
            qs = model._default_manager.order_by("pk")
            fields = [fl.name for fl in model._meta.concrete_fields if not fl.primary_key]
            with path.open("w", encoding="utf-8") as f:
                _write_rows(f, qs, fields)
            for field in file_fields:
                file_names.update(n for n in qs.exclude(**{field.attname: ""}).values_list(field.attname, flat=True) if n)
            tables.append({"model": label, "file": f"data/{label}.json", "rows": qs.count(), "sha256": _sha256(path)})
            if out:
                out(f"{label}: {tables[-1]['rows']}")
        files, missing = [], []
        media = Path(settings.MEDIA_ROOT)
        for name in sorted(file_names):
            src = media / name
            if ".." in Path(name).parts or not src.is_file():
                missing.append(name)
                continue
            dst = target / "files" / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            files.append({"path": name, "bytes": dst.stat().st_size, "sha256": _sha256(dst)})
        manifest = {"format": FORMAT, "schema": schema(), "vendor": connection.vendor, "tables": tables,
                    "files": files, "missing_files": missing, "skipped": SKIPPED}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def _read_manifest(source: Path) -> dict:
    path = source / "manifest.json"
    if not path.is_file():
        raise ImportRefused(f"{source} has no manifest.json: it is not a directory made by `townsquare export-org`.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"{path} is not valid JSON ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ImportRefused(f"{path} is not a Townsquare organisation export (format {FORMAT!r} expected).")
    return manifest


def non_empty_tables() -> list[str]:
    return [m._meta.label_lower for m in our_models() if m._default_manager.exists()]


def check_importable(source: Path) -> dict:
    """Everything that can be checked before a change: the manifest, the schema, the checksums, an empty instance."""
    source = Path(source)
    if not source.is_dir():
        raise ImportRefused(f"{source} is not a directory.")
    manifest = _read_manifest(source)
    busy = non_empty_tables()
    if busy:
        raise ImportRefused("This instance is not empty: import-org loads an organisation into a new, migrated, empty "
                            f"database, and this one has rows in {', '.join(busy[:5])}"
                            f"{' …' if len(busy) > 5 else ''}. Nothing was changed.")
    here = schema()
    if manifest.get("schema") != here:
        differ = sorted(k for k in set(here) | set(manifest.get("schema", {}))
                        if here.get(k) != manifest.get("schema", {}).get(k))
        raise ImportRefused("The export was made with another version of Townsquare (migrations differ in: "
                            f"{', '.join(differ)}). Run `townsquare migrate` here, or use the same version.")
    known = {m._meta.label_lower for m in exported_models()}
    for table in manifest["tables"]:
        if table["model"] not in known:
            raise ImportRefused(f"The export has a table this instance does not know: {table['model']}.")
        path = source / table["file"]
        if not path.is_file() or _sha256(path) != table["sha256"]:
            raise ImportRefused(f"{table['file']} is missing or damaged (its checksum does not match the manifest).")
    media = Path(settings.MEDIA_ROOT)
    for f in manifest["files"]:
        path = source / "files" / f["path"]
        if ".." in Path(f["path"]).parts or not path.is_file() or _sha256(path) != f["sha256"]:
            raise ImportRefused(f"files/{f['path']} is missing or damaged (its checksum does not match the manifest).")
        if (media / f["path"]).exists():
            raise ImportRefused(f"{media / f['path']} already exists: import-org needs an empty media directory.")
    return manifest


def import_org(source: Path, *, out=None) -> dict[str, int]:
    from townsquare.conversations import search

    source = Path(source)
    manifest = check_importable(source)
    media = Path(settings.MEDIA_ROOT)
    copied: list[Path] = []
    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            for table in manifest["tables"]:
                model = apps.get_model(table["model"])
                with (source / table["file"]).open("r", encoding="utf-8") as f:
                    objects = [d.object for d in serializers.deserialize("python", json.load(f))]
                model._default_manager.bulk_create(objects, batch_size=500)
                counts[table["model"]] = len(objects)
                if len(objects) != table["rows"]:
                    raise ImportRefused(f"{table['file']} holds {len(objects)} rows, the manifest says {table['rows']}.")
                if out:
                    out(f"{table['model']}: {len(objects)}")
            models = [apps.get_model(t["model"]) for t in manifest["tables"]]
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            search.reindex_all()
            for f in manifest["files"]:
                dst = media / f["path"]
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / "files" / f["path"], dst)
                copied.append(dst)
    except BaseException:
        for path in copied:
            path.unlink(missing_ok=True)
        raise
    return counts
