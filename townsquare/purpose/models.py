"""Purpose and manifesto (PRODUCT C4).

A person chooses one purpose: a topic they want to engage on. Posts they write can be tagged as
serving it (`PurposeTag`, a link table, so conversations' tables stay as they are). Over time the
purpose grows into a manifesto: every save is a new `ManifestoVersion`; the newest *published*
version is the one shown on the profile. Drafts and earlier versions are the author's alone.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

Person = settings.AUTH_USER_MODEL


class Purpose(models.Model):
    """The one purpose a person has chosen. `source` names the suggestion it came from, or "own"."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="purpose")
    text = models.CharField(max_length=280)
    source = models.CharField(max_length=20, default="own")
    chosen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.text


class PurposeTag(models.Model):
    """A post its author said serves their purpose. `purpose_text` keeps the purpose as it was then."""

    post = models.OneToOneField("conversations.Post", on_delete=models.CASCADE, related_name="purpose_tag")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="purpose_tags")
    purpose_text = models.CharField(max_length=280)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["person", "-created_at"], name="purposetag_person_newest")]


class ManifestoVersion(models.Model):
    """One saved version of a person's manifesto. Numbers count up from 1 per person.

    `published_at` is set when the version is published; the manifesto others see is the version
    with the latest `published_at` (publishing an older version again brings it back).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="manifesto_versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="one_manifesto_version_number")]
        indexes = [models.Index(fields=["person", "-published_at"], name="manifesto_person_published")]

    def __str__(self) -> str:
        return f"Manifesto v{self.number} of {self.person_id}"

    def get_absolute_url(self) -> str:
        return reverse("manifesto_version", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
