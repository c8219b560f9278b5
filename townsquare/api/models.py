"""The REST API's own tables: personal access tokens and idempotency keys.

A token is shown once, when it is made: `tsq_<prefix>_<secret>`. We keep only the prefix (to find the row)
and the SHA-256 of the whole token (to check it), so a copy of the database holds no usable token.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.timesince import timesince

IDEMPOTENCY_TTL = timedelta(hours=24)


class AccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)  # sha256 hex of the whole token
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name} (tsq_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @property
    def last_used_text(self) -> str:
        if self.last_used_at is None:
            return "never used"
        if timezone.now() - self.last_used_at < timedelta(minutes=1):
            return "used just now"
        return f"last used {timesince(self.last_used_at)} ago"


class IdempotencyKey(models.Model):
    """The first response to a POST that carried an `Idempotency-Key`, replayed to retries for 24 hours."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # sha256 of method, path and body
    status_code = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="one_idempotency_key_per_person")]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_age")]

    @property
    def is_expired(self) -> bool:
        return self.created_at < timezone.now() - IDEMPOTENCY_TTL
