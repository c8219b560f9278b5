"""Moderation (C10): reports of posts and replies, and moderators' decisions on them.

A report names what it is about by its post or reply and keeps, besides, the few facts moderation needs after
the content has gone (deleted): its author, its group (empty = company-wide: the scope of who moderates it)
and a short excerpt for the author's notice. The audit log (core.AuditEntry) keeps every decision too.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Decision(models.Model):
    """One moderator's decision on one post or reply: dismiss the reports, hide (with a reason), restore
    (show again), or delete (with a reason). Its author is told in the bell (never who reported it) and, for
    a hide or delete, can read the reason on their notice page (governance:moderation_notice)."""

    class Action(models.TextChoices):
        DISMISS = "dismiss", "Dismissed the reports"
        HIDE = "hide", "Hidden"
        RESTORE = "restore", "Shown again"
        DELETE = "delete", "Deleted"

    action = models.CharField(max_length=8, choices=Action.choices)
    reason = models.CharField(max_length=500, blank=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey("conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reply = models.ForeignKey("conversations.Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_reply = models.BooleanField(default=False)
    content_author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("conversations.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    excerpt = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_author", "-created_at"], name="decision_author_newest")]

    @property
    def what(self) -> str:
        return "reply" if self.is_reply else "post"


class Report(models.Model):
    """Someone's report of a post or reply, with their reason. Open until a decision closes it. Moderators see
    who reported; the content's author never does."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reply = models.ForeignKey("conversations.Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_reply = models.BooleanField(default=False)
    content_author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("conversations.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    excerpt = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["reporter", "created_at"], name="report_reporter_time"),
            models.Index(fields=["group", "decision"], name="report_scope_open"),
        ]

    @property
    def what(self) -> str:
        return "reply" if self.is_reply else "post"
