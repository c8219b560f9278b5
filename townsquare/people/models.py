"""People: accounts, profiles, departments and the management tree."""

import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

TIME_ZONES = sorted(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone; use a name such as Europe/Paris.")


class Department(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A person needs an email address")
        email = self.normalize_email(email).lower()
        fields.setdefault("handle", handle_from_email(email))
        person = self.model(email=email, **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


def handle_from_email(email: str) -> str:
    """A handle that fits the profile URL (<slug:handle>: ASCII letters, digits, "-" and "_")."""
    local = email.split("@", 1)[0].lower().replace(".", "-")
    return "".join(c for c in local if (c.isascii() and c.isalnum()) or c in "_-").strip("_-")[:40] or "person"


class Person(AbstractBaseUser, PermissionsMixin):
    """A member of the organisation. `is_active=False` is deactivation: sign-in stops, content stays.

    `is_staff` marks an organisation admin (decided by people.access.is_org_admin).
    """

    email = models.EmailField(unique=True)
    handle = models.SlugField(max_length=40, unique=True, help_text="Used in @mentions and profile URLs.")
    name = models.CharField(max_length=120)
    title = models.CharField(max_length=120, blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    location = models.CharField(max_length=120, blank=True)
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    bio = models.TextField(max_length=2000, blank=True)
    skills = models.CharField(max_length=500, blank=True, help_text="Comma-separated.")
    interests = models.CharField(max_length=500, blank=True, help_text="Comma-separated.")
    # Reading is private: "Seen by" names only the people who chose to show it (everyone sees the count).
    show_seen_posts = models.BooleanField(
        default=False, verbose_name="Show on “Seen by” lists that I opened a post",
        help_text="Off: your visits still count in “Seen by”, but nobody sees your name there.")
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["department", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("profile", args=[self.handle])

    @cached_property
    def url(self) -> str:
        """get_absolute_url, worked out once: feed cards link to it many times."""
        return self.get_absolute_url()

    @property
    def is_org_admin(self) -> bool:
        """Templates ask `user.is_org_admin`; the decision is people.access.is_org_admin."""
        from townsquare.people.access import is_org_admin

        return is_org_admin(self)

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]

    @property
    def interest_list(self) -> list[str]:
        return [s.strip() for s in self.interests.split(",") if s.strip()]

    def profile_missing(self) -> list[str]:
        """The profile fields a colleague would miss, in the order a person fills them."""
        wanted = {"title": self.title, "department": self.department_id, "location": self.location,
                  "bio": self.bio, "skills": self.skills}
        return [k for k, v in wanted.items() if not v]


def invitation_token() -> str:
    return secrets.token_urlsafe(24)


def invitation_days() -> int:
    """How long an invitation link (and a welcome's set-password link) works: INVITATION_DAYS, 14 by default."""
    return max(1, int(getattr(settings, "INVITATION_DAYS", 14)))


def invitation_expiry():
    return timezone.now() + timedelta(days=invitation_days())


class Invitation(models.Model):
    """An invitation by link: whoever holds the link may create the account for `email`.

    A resend gives the invitation a new token (the old link stops working) and a new `round`; the email of each
    round is sent once (people.onboarding). Its state: pending, accepted, expired or revoked.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Joined"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Withdrawn"

    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=invitation_token)
    invited_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    round = models.PositiveIntegerField(default=1, help_text="1 for the first email, +1 for each resend.")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the latest email left.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["email"]), models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    def get_absolute_url(self) -> str:
        return reverse("invitation_accept", args=[self.token])

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    @property
    def state_label(self) -> str:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == self.State.PENDING


class Welcome(models.Model):
    """The welcome of a person who arrived without choosing a password (CSV import, SCIM, an admin): one per
    person; a resend bumps `round`, which makes every earlier set-password link stop working."""

    class Via(models.TextChoices):
        IMPORT = "import", "CSV import"
        SCIM = "scim", "SCIM provisioning"
        ADMIN = "admin", "Added by an admin"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="welcome")
    via = models.CharField(max_length=16, choices=Via.choices, default=Via.ADMIN)
    created_at = models.DateTimeField(default=timezone.now)
    round = models.PositiveIntegerField(default=1)
    asked_at = models.DateTimeField(default=timezone.now, help_text="When the latest round was asked for.")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the latest email left.")
    sso = models.BooleanField(default=False, help_text="The latest email asked them to sign in with single sign-on.")

    def __str__(self) -> str:
        return f"Welcome for {self.person_id}"


class OnboardingEmail(models.Model):
    """One row per onboarding email (welcome, invitation, password reset), claimed before it is sent: the outbox
    delivers at least once, this row makes it once. A claim not finished by `claimed_until` (a worker that died
    mid-send) may be taken again."""

    key = models.CharField(max_length=200, unique=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
