"""Operations' actions, one per write verb, used by the admin page, the commands and the worker alike.
Each privileged one leaves an entry in the audit log (core/audit.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from townsquare.core import audit
from townsquare.core.models import AuditEntry
from townsquare.operations import backup, retention
from townsquare.operations.models import RetentionPolicy


def retention_update(*, admin, data: dict, request=None) -> RetentionPolicy:
    """Save the organisation's retention rule from form values (strings); ValidationError lists what is wrong
    and nothing is saved. The change, before and after, goes to the audit log."""
    clean, errors = retention.validate(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        retention.policy()
        rule = RetentionPolicy.objects.select_for_update().get(pk=1)
        before = retention.values_of(rule)
        if before == clean:
            return rule
        for field, days in clean.items():
            setattr(rule, field, days)
        rule.updated_at = timezone.now()
        rule.updated_by = admin
        rule.save()
        changed = [f for f in clean if clean[f] != before[f]]
        audit.record(actor=admin, action="retention.update", target=rule, request=request,
                     before={f: before[f] for f in changed}, after={f: clean[f] for f in changed})
    return rule


def retention_apply(*, now=None) -> dict[str, int]:
    """Apply the rule now (the daily job, or `townsquare retention`); the run is noted in the audit log."""
    counts = retention.apply(now=now)
    if any(counts.values()):
        audit.record(actor="retention", action="retention.apply", target=retention.policy(),
                     detail=", ".join(f"{k}: {n}" for k, n in counts.items() if n))
    return counts


def backup_make(*, actor="command line", to: Path | None = None, scheduled: bool = False) -> Path:
    """Make a backup (backup.backup_create) and note it in the audit log, after the copy, so it is not in it."""
    made = backup.backup_create(to=to, scheduled=scheduled)
    audit.record(actor=actor, action="backup.create", target=("backup", made.name, str(made)),
                 detail="scheduled" if scheduled else "")
    return made


def backup_scheduled(*, now=None) -> Path | None:
    """The periodic job: a backup when one is due (BACKUP_EVERY_HOURS; 0 = never), then keep the newest
    BACKUP_KEEP scheduled ones. Returns the new backup's directory, or None."""
    if not backup.backup_due(every_hours=settings.BACKUP_EVERY_HOURS, now=now):
        return None
    made = backup_make(actor="schedule", scheduled=True)
    backup.backup_prune(keep=settings.BACKUP_KEEP)
    return made


def backup_restore(*, directory: Path, actor="command line") -> dict:
    """Restore into the empty data directory (backup.restore), then note it in the restored audit log."""
    manifest = backup.restore(directory)
    connection.close()
    if AuditEntry._meta.db_table in connection.introspection.table_names():
        audit.record(actor=actor, action="backup.restore", target=("backup", Path(directory).name, str(directory)),
                     detail=f"made {manifest['created_at']} by version {manifest['app_version']}")
    return manifest
