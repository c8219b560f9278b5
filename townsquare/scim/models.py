"""SCIM's own tables: the bearer tokens an identity provider calls with, and what SCIM knows of a person or a
department beyond Townsquare's own columns.

A token is shown once, when it is made: `scim_<prefix>_<secret>`. We keep the prefix (to find the row) and the
SHA-256 of the whole token (to check it), as the API's personal tokens do, so a copy of the database holds no
usable token.

ScimUser is one-to-one with people.Person and optional: every person is a SCIM User (id = the person's id); the
row appears when the identity provider first writes to that person and keeps what has no column on Person
(userName as sent, externalId, employeeNumber, the name parts, the emails list), when SCIM last changed it, and
whether the identity provider deleted it (DELETE = deactivation: the person stays, their content too, and SCIM
answers 404 for them from then on).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.timesince import timesince


class ScimToken(models.Model):
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)  # sha256 hex of the whole token
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (scim_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def last_used_text(self) -> str:
        if self.last_used_at is None:
            return "never used"
        if timezone.now() - self.last_used_at < timedelta(minutes=1):
            return "used just now"
        return f"last used {timesince(self.last_used_at)} ago"


class ScimUser(models.Model):
    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim")
    user_name = models.CharField(max_length=255)
    user_name_key = models.CharField(max_length=255, unique=True)  # lower-cased: userName is not case-exact
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    employee_number = models.CharField(max_length=255, blank=True)
    name = models.JSONField(default=dict, blank=True)  # givenName, familyName, formatted, … as sent
    emails = models.JSONField(default=list, blank=True)  # [{"value", "type", "primary"}] as sent
    display_name = models.BooleanField(default=True, help_text="False after a remove of displayName.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.user_name


class ScimGroup(models.Model):
    """A SCIM Group is a department (people.Department); this row holds the group's externalId and times."""

    department = models.OneToOneField("people.Department", on_delete=models.CASCADE, related_name="scim")
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
