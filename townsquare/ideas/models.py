"""Ideas and recognition (PRODUCT.md C7).

Ideas: every conversations Post of kind "idea" has one IdeaState (its owner, status and counters).
Votes and collaborators are one row per person (unique constraints make a replay harmless); each
status change is kept with its reason; the people who follow an idea (its author, owner, voters and
collaborators, those who may still read it) are told of a change in the bell (conversations.notify,
verb "practice", so email and push follow their preferences) and, on the idea board and page, through
IdeaNotification.

Recognition: company values defined by an org admin; a praise post may carry one (PraiseValue).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations.models import Post

Person = settings.AUTH_USER_MODEL


class IdeaState(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        UNDER_REVIEW = "under_review", "Under review"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_NOW = "not_now", "Not now"

    post = models.OneToOneField(Post, primary_key=True, on_delete=models.CASCADE, related_name="idea")
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ideas_owned")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    vote_count = models.PositiveIntegerField(default=0)
    collaborator_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["status", "-vote_count"], name="idea_status_votes"),
            models.Index(fields=["-vote_count"], name="idea_votes"),
        ]

    def __str__(self) -> str:
        return f"Idea {self.post_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("idea_detail", args=[self.post_id])


class IdeaVote(models.Model):
    idea = models.ForeignKey(IdeaState, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="idea_votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "person"], name="one_vote_per_idea")]


class IdeaCollaborator(models.Model):
    idea = models.ForeignKey(IdeaState, on_delete=models.CASCADE, related_name="collaborators")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="idea_collaborations")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["idea", "person"], name="one_collaboration_per_idea")]


class IdeaStatusChange(models.Model):
    """One move along the pipeline, with its reason (kept for every status, required for "not now") and an
    optional note to voters and collaborators."""

    idea = models.ForeignKey(IdeaState, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    from_status = models.CharField(max_length=16, choices=IdeaState.Status.choices)
    to_status = models.CharField(max_length=16, choices=IdeaState.Status.choices)
    reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class IdeaUpdate(models.Model):
    """A short progress update by the owner or a collaborator."""

    idea = models.ForeignKey(IdeaState, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class IdeaNotification(models.Model):
    """Tells a voter, collaborator or owner that an idea moved (shown on the idea board and page)."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="idea_notifications")
    actor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey(IdeaState, on_delete=models.CASCADE, related_name="notifications")
    change = models.ForeignKey(IdeaStatusChange, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "change"], name="one_idea_notification_per_change")]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="idea_notification_recipient")]


class CompanyValue(models.Model):
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="company_value_unique_name")]

    def __str__(self) -> str:
        return self.name


class PraiseValue(models.Model):
    """The company value a praise post recognises (at most one per post)."""

    post = models.OneToOneField(Post, primary_key=True, on_delete=models.CASCADE, related_name="praise_value")
    value = models.ForeignKey(CompanyValue, on_delete=models.PROTECT, related_name="praise")
