"""Reaching people outside the app (C9): email, Web Push and outgoing webhooks.

A person with no DeliveryPreference row has the defaults below (immediate email and push for mentions,
praise and answers; a weekly digest). Every email and push is sent by a Huey task, never in a request,
and each send is claimed by a row with a unique constraint first, so a task that runs twice sends once.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

Person = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    """What a notification is about, as people choose it on their preferences page. Each bell verb
    belongs to one kind (services.KIND_OF_VERB)."""

    MENTION = "mention", "Someone mentions you or asks you a question"
    PRAISE = "praise", "Someone praises you or your team"
    ANSWER = "answer", "Replies and answers to your posts"
    OTHER = "other", "Everything else in your bell (reactions, groups, events, matches, circles)"
    COACH = "coach", "Your coach nudges you about a habit still open"


# The kinds that can come by immediate email. The coach's nudges are emailed by the coach itself, as chosen in
# the coach settings (with the day's suggestions in them), so they are push only here.
EMAIL_KINDS = [k for k in Kind.values if k != Kind.COACH]


class Digest(models.TextChoices):
    OFF = "off", "No digest"
    DAILY = "daily", "Every morning"
    WEEKLY = "weekly", "Every Monday morning"


class DeliveryPreference(models.Model):
    """How one person wants to be reached: immediate email and push per kind, and the digest."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="delivery_preference")
    email_mention = models.BooleanField(default=True)
    email_praise = models.BooleanField(default=True)
    email_answer = models.BooleanField(default=True)
    email_other = models.BooleanField(default=False)
    push_mention = models.BooleanField(default=True)
    push_praise = models.BooleanField(default=True)
    push_answer = models.BooleanField(default=True)
    push_other = models.BooleanField(default=False)
    push_coach = models.BooleanField(default=True)
    digest = models.CharField(max_length=6, choices=Digest.choices, default=Digest.WEEKLY)
    updated_at = models.DateTimeField(default=timezone.now)

    def wants(self, channel: str, kind: str) -> bool:
        return bool(getattr(self, f"{channel}_{kind}", False))  # no email_coach: see EMAIL_KINDS


class NotificationDelivery(models.Model):
    """One bell notification sent on one channel. Claimed (created, in flight) before sending, marked sent
    after, and deleted again if sending fails, so a retry sends what failed and never what went out. A
    claim still in flight after CLAIM_LEASE belongs to a worker that died mid-send: it may be claimed again
    (the email keeps its Message-ID, so a mail client shows a rare repeat once)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PUSH = "push", "Push"

    notification = models.ForeignKey("conversations.Notification", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    sent_at = models.DateTimeField(default=timezone.now)  # when claimed; final once in_flight is False
    in_flight = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel")]


class DigestEmail(models.Model):
    """One digest of one person for one period (daily: that local day; weekly: the Monday of the ISO week).
    The unique constraint makes a second tick, or two workers at once, a no-op; `sent_at` is claimed
    before the email goes out and released if sending fails, so the next tick tries again."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="digest_emails")
    frequency = models.CharField(max_length=6, choices=Digest.choices)
    period_start = models.DateField(help_text="The local day (daily) or the Monday (weekly) this digest is for.")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempted_at = models.DateTimeField(null=True, blank=True, help_text="Last claim; a failure is retried later.")
    empty = models.BooleanField(default=False, help_text="Nothing to tell: no email was sent.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "frequency", "period_start"],
                                               name="one_digest_email_per_period")]
        indexes = [models.Index(fields=["sent_at", "created_at"])]


class PushSubscription(models.Model):
    """One browser or phone that agreed to receive push notifications for the person signed in on it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person"])]

    def info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An org admin's outgoing webhook: new posts in the chosen groups (or company-wide posts) are POSTed to
    `url` as JSON signed with HMAC-SHA256 of `secret` (see services.sign)."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100, default=_new_secret)
    company_wide = models.BooleanField(default=False, help_text="Also send company-wide posts.")
    groups = models.ManyToManyField("conversations.Group", blank=True, related_name="+")
    enabled = models.BooleanField(default=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookAttempt(models.Model):
    """One try at delivering one event to one webhook: the delivery log admins see. Retries of the same
    event share `delivery_id` and count up `attempt`."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="attempts")
    delivery_id = models.CharField(max_length=36)
    event = models.CharField(max_length=40)
    attempt = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ok = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["webhook", "delivery_id", "attempt"],
                                               name="one_row_per_webhook_attempt")]
        indexes = [models.Index(fields=["webhook", "-created_at"])]
