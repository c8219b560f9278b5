"""Notebook (PRODUCT C5): private notes, insights, and insights shared as posts.

Everything here is its author's alone — nobody else, organisation admins included, reads it
(see access.py). The seek → sense → share flow is read from three timestamps on Note:
`created_at` (seek: captured), `insight_at` (sense: marked as an insight), `shared_at` (share:
published as a post). Sharing goes through an `InsightDraft`: the post text prefilled with the
insight and its provenance, opened in the composer; when the post is published the draft, the
note and the post are linked (note.shared_post, draft.post).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

Person = settings.AUTH_USER_MODEL


class Note(models.Model):
    class Kind(models.TextChoices):
        READ = "read", "Something I read"
        EXPERIENCE = "experience", "Something I experienced"
        REFLECTION = "reflection", "What it means"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.READ)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    body_html = models.TextField()
    source_url = models.URLField(max_length=500, blank=True)
    # Normalised tags between commas, ",sales,ai," so one tag matches with `contains=",sales,"`.
    tags = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    insight_at = models.DateTimeField(null=True, blank=True)
    shared_post = models.ForeignKey("conversations.Post", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="notebook_notes")
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-created_at"], name="note_person_newest"),
            models.Index(fields=["person", "insight_at"], name="note_person_insight"),
            models.Index(fields=["person", "shared_at"], name="note_person_shared"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:40]

    def get_absolute_url(self) -> str:
        return reverse("note_detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]

    @property
    def is_insight(self) -> bool:
        return self.insight_at is not None

    @property
    def heading(self) -> str:
        return self.title or (self.body.splitlines()[0][:80] if self.body else "Untitled note")


class InsightDraft(models.Model):
    """A post not yet published, prefilled from an insight. At most one open draft per note."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="insight_drafts")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField(max_length=10, default="idea")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    post = models.ForeignKey("conversations.Post", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note"], condition=Q(published_at__isnull=True),
                                    name="one_open_draft_per_note"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("insight_draft", args=[self.pk])
