"""Core tables: the outbox (townsquare/core/outbox.py: what a write must still do outside the database) and the
audit log (townsquare/core/audit.py: every privileged action, append-only)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutboxItem(models.Model):
    """One side effect of one committed write, for one handler: written in the write's own transaction,
    delivered at least once by the worker afterwards. (handler, key) is unique, so recording the same
    effect twice stores it once, and a handler that runs twice is made harmless by its own unique keys."""

    handler = models.CharField(max_length=60)
    key = models.CharField(max_length=200)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=36, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)  # gave up after the handler's last attempt
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["handler", "key"], name="one_outbox_item_per_handler_key")]
        indexes = [models.Index(fields=["done_at", "due_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.handler}:{self.key}"


class AuditQuerySet(models.QuerySet):
    """The audit log is append-only: a queryset of entries refuses to change or remove them. The one way
    out is `core.audit.purge_older_than`, the retention rule's explicit purge."""

    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only: its entries cannot be changed.")

    def delete(self):
        raise PermissionError("The audit log is append-only: its entries cannot be deleted.")

    def _purge(self) -> int:
        # Only core.audit.purge_older_than calls this: a plain SQL DELETE, no model delete() per row.
        return self._raw_delete(self.db)

    _purge.queryset_only = True


class AuditEntry(models.Model):
    """One privileged action: who (the actor, and their name at the time so the entry outlives the account),
    what (an action slug such as `person.deactivate`), on what (the target's type, id and label), from which
    address, and the values before and after. Written by `core.audit.record` in the action's own transaction.
    Append-only: saving an existing entry, deleting one, or updating/deleting a queryset raises."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["action", "created_at"], name="audit_action_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding or self.pk is not None:
            raise PermissionError("The audit log is append-only: its entries cannot be changed.")
        kwargs.pop("force_update", None)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only: its entries cannot be deleted.")
