"""The audit log (core/audit.py): what record() stores, that the log is append-only, and the retention purge."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from townsquare.core import audit
from townsquare.core.models import AuditEntry


def test_record_stores_who_what_target_address_and_values(world):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    entry = audit.record(actor=world.olga, action="person.deactivate", target=world.alice,
                         before={"is_active": True}, after={"is_active": False}, request=request, detail="Left")
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == world.olga
    assert entry.actor_label == "Olga Orgadmin <olga@example.test>"
    assert (entry.action, entry.target_type, entry.target_id, entry.target_label) == (
        "person.deactivate", "people.person", str(world.alice.pk), "Alice Member")
    assert entry.before == {"is_active": True} and entry.after == {"is_active": False}
    assert entry.ip_address == "203.0.113.7" and entry.detail == "Left"


def test_record_without_a_person_or_request(db):
    entry = audit.record(actor="SCIM", action="scim.token_create", target=("scim.token", 3, "HR sync"))
    entry.refresh_from_db()
    assert entry.actor is None and entry.actor_label == "SCIM"
    assert (entry.target_type, entry.target_id, entry.target_label) == ("scim.token", "3", "HR sync")
    assert entry.ip_address is None


def test_record_is_part_of_the_callers_transaction(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=world.olga, action="person.deactivate", target=world.alice)
        raise RuntimeError("the action failed")
    assert not AuditEntry.objects.exists()


def test_an_entry_cannot_be_changed_or_deleted(world):
    entry = audit.record(actor=world.olga, action="person.deactivate", target=world.alice)
    entry.detail = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    fresh = AuditEntry.objects.get(pk=entry.pk)
    fresh._state.adding = True  # pretending it is new does not turn a save into an update either
    with pytest.raises(PermissionError):
        fresh.save()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_deleting_the_actor_keeps_the_entry_and_their_name(world):
    entry = audit.record(actor=world.otto, action="group.archive", target=world.public)
    world.otto.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor is None and entry.actor_label.startswith("Otto Outsider")


def test_purge_older_than_removes_only_older_entries(world):
    audit.record(actor=world.olga, action="person.deactivate", target=world.alice)
    AuditEntry.objects.bulk_create([AuditEntry(actor_label="x", action="old.one",
                                               created_at=timezone.now() - timedelta(days=400))])
    removed = audit.purge_older_than(timezone.now() - timedelta(days=365))
    assert removed == 1
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["person.deactivate"]
