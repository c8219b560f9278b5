"""`townsquare export-org DIR` → `townsquare import-org DIR` into a fresh, empty instance (issue 15 #4): a demo
organisation (the seed generator and every package's demo), plus an attachment and an avatar, goes through real
processes into a second database (a new SQLite file, or a new PostgreSQL database when the suite runs on
PostgreSQL) and a second data directory, and comes out with the same counts per table, the same content and the
same files. A second import into the now non-empty instance is refused and changes nothing."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from tests.conftest import service_missing
from tests.matrix import png
from tests.portability.snapshot import snapshot

pytestmark = pytest.mark.django_db(transaction=True)
REPO = Path(__file__).resolve().parents[2]
TOWNSQUARE = str(Path(sys.executable).with_name("townsquare"))


@pytest.fixture
def target_database():
    """None on SQLite (the target's data directory holds its own file); a new PostgreSQL database's URL otherwise."""
    if connection.vendor != "postgresql":
        yield None
        return
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"h5_import_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(base + "/postgres", autocommit=True)
    except psycopg.OperationalError:
        service_missing("PostgreSQL is not running")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run(args, env, check=True):
    result = subprocess.run([TOWNSQUARE, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def target_snapshot(env) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.portability.snapshot"], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_export_org_then_import_org_into_an_empty_instance(tmp_path, target_database):
    from townsquare.conversations import services as conversations
    from townsquare.demo.generator import generate
    from townsquare.people.models import Person

    generate(people=30, seed=5, weeks=2, progress=False)
    alice = Person.objects.filter(is_active=True).order_by("pk").first()
    conversations.post_create(author=alice, body="With a chart #roundtrip",
                              files=[SimpleUploadedFile("chart.png", png(), content_type="image/png")])
    alice.avatar.save("alice.png", ContentFile(png()))
    before = snapshot()
    assert before["counts"]["conversations.attachment"] >= 1 and len(before["files"]) >= 2
    assert before["counts"]["people.person"] >= 30 and before["counts"]["conversations.reaction"] > 0

    out = tmp_path / "org"
    call_command("export_org", str(out))
    manifest = json.loads((out / "manifest.json").read_text())
    assert {t["model"] for t in manifest["tables"]} == set(before["counts"])
    assert (out / "files" / alice.avatar.name).read_bytes() == png()

    target = tmp_path / "target"
    env = target_env(tmp_path, target_database)
    run(["migrate", "-v0"], env)
    imported = run(["import-org", str(out)], env)
    assert "Imported" in imported.stdout

    after = target_snapshot(env)
    assert after["counts"] == before["counts"]
    for key in ("posts", "replies", "people", "memberships", "reactions", "topics", "files"):
        assert after[key] == before[key], key
    assert after["search_entries"] == before["search_entries"] > 0
    assert (target / "media" / alice.avatar.name).read_bytes() == png()

    # The target is not empty now: a second import is refused with the reason, and nothing changes.
    again = run(["import-org", str(out)], env, check=False)
    assert again.returncode != 0 and "not empty" in again.stderr
    assert target_snapshot(env) == after


def target_env(tmp_path, target_database) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TOWNSQUARE_MEDIA_DIR")}
    env.update({"TOWNSQUARE_DATA_DIR": str(tmp_path / "target"), "DJANGO_SETTINGS_MODULE": "townsquare.settings"})
    if target_database:
        env["DATABASE_URL"] = target_database
    return env


def test_import_org_refuses_a_damaged_export_and_changes_nothing(world, tmp_path, target_database):
    from townsquare.people.models import Person
    from townsquare.portability import orgdump

    out = tmp_path / "org"
    call_command("export_org", str(out))
    # Into this instance: refused, it is not empty (the world's people).
    with pytest.raises(orgdump.ImportRefused, match="This instance is not empty"):
        orgdump.check_importable(out)
    # export-org wants a new or empty directory.
    with pytest.raises(orgdump.ImportRefused, match="is not empty: export-org writes into a new or empty directory"):
        orgdump.export_org(out)
    assert Person.objects.filter(name="Alice Member").exists()

    # Into an empty instance, a damaged table file is named and nothing is loaded.
    env = target_env(tmp_path, target_database)
    run(["migrate", "-v0"], env)
    path = out / "data" / "people.person.json"
    path.write_text(path.read_text().replace("Alice Member", "Alice Mallory"))
    refused = run(["import-org", str(out)], env, check=False)
    assert refused.returncode != 0 and "data/people.person.json is missing or damaged" in refused.stderr
    assert set(target_snapshot(env)["counts"].values()) == {0}
    # Not an export at all.
    refused = run(["import-org", str(tmp_path)], env, check=False)
    assert refused.returncode != 0 and "no manifest.json" in refused.stderr
