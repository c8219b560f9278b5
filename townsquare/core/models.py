"""The outbox (townsquare/core/outbox.py): what a write must still do outside the database."""

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
