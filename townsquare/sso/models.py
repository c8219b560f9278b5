"""Single sign-on: who each provider account is here, the sign-in log, break-glass links."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


class SsoIdentity(models.Model):
    """A person's account at an OpenID Connect provider: (issuer, subject) is the provider's own stable id for them,
    so later sign-ins find the person by it, whatever their email has become."""

    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities")
    created_at = models.DateTimeField(default=timezone.now)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique_subject"),
            models.UniqueConstraint(fields=["issuer", "person"], name="sso_identity_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"


class SsoEvent(models.Model):
    """One SSO sign-in or refusal, for the org admins' SSO page (the newest LOG_KEEP are kept)."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        CREATED = "created", "Signed in, person created"
        LINKED = "linked", "Signed in, linked by email"
        REFUSED = "refused", "Refused"

    LOG_KEEP = 500

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    email = models.CharField(max_length=254, blank=True)  # as the provider sent it, when it did
    reason = models.CharField(max_length=32, blank=True)  # an errors.MESSAGES code for a refusal
    detail = models.CharField(max_length=300, blank=True)  # for the admin: what exactly failed

    class Meta:
        ordering = ["-at", "-id"]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class BreakGlassLink(models.Model):
    """A one-time sign-in link for an org admin, made on the server by `townsquare break-glass-login EMAIL`.
    Only the SHA-256 of its secret is kept; it works once, within VALID_MINUTES."""

    VALID_MINUTES = 15

    token_hash = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
