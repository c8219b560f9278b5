"""The organisation's export in the web (issue 15 #4): org admins only, audited, and what everyone may read — never the
content of private or secret groups nor anyone's own things."""

import pytest
from django.urls import reverse

from tests.portability.conftest import data, unzip
from townsquare.conversations import services as conversations
from townsquare.core.models import AuditEntry
from townsquare.notebook import services as notebook
from townsquare.portability.models import ExportJob

pytestmark = pytest.mark.django_db


def test_only_org_admins_open_the_page(world, client_for):
    for person in (world.alice, world.gina, world.otto, world.erin):
        assert client_for(person).get(reverse("org_export")).status_code == 404
        assert client_for(person).post(reverse("org_export")).status_code == 404
        assert client_for(person).get(reverse("org_export_status")).status_code == 404
    assert ExportJob.objects.count() == 0
    assert client_for(world.olga).get(reverse("org_export")).status_code == 200


def test_the_org_export_is_audited_and_holds_what_everyone_reads(world, client_for, drain):
    w = world
    conversations.post_create(author=w.alice, body="Company-wide hello")
    conversations.post_create(author=w.gina, body="Public guild news", group=w.public)
    conversations.post_create(author=w.gina, body="Board prep secret agenda", group=w.secret)
    conversations.post_create(author=w.gina, body="Finance team private figures", group=w.private)
    notebook.note_create(person=w.alice, body="Alice's private thought")

    olga = client_for(w.olga)
    assert olga.post(reverse("org_export")).status_code == 302
    olga.post(reverse("org_export"))  # a second ask while it waits: the same job
    job = ExportJob.objects.get(kind="org")
    entry = AuditEntry.objects.get(action="org.export")
    assert entry.actor_id == w.olga.pk and entry.target_id == str(job.pk)
    drain()
    job.refresh_from_db()
    assert job.state == "done"

    url = reverse("export_download", args=[job.pk])
    for other in (w.alice, w.gina, w.erin):
        assert client_for(other).get(url).status_code == 404
    files = unzip(olga.get(url))
    everything = b"\n".join(files.values())
    bodies = {p["body"] for p in data(files, "posts.json")}
    assert bodies == {"Company-wide hello", "Public guild news"}
    assert {g["slug"] for g in data(files, "groups.json")} == {w.public.slug, w.private.slug, w.secret.slug}
    assert {p["email"] for p in data(files, "people.json")} >= {"alice@example.test", "olga@example.test"}
    assert all("password" not in p for p in data(files, "people.json"))
    for text in (b"Board prep secret agenda", b"Finance team private figures", b"Alice's private thought"):
        assert text not in everything
    assert data(files, "manifest.json")["kind"] == "org"
