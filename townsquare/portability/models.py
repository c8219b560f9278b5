"""Export jobs (C10, issue 15 #4): a person's export of what they put in, or an org admin's export of the
organisation, built in the background (services.export_build, an outbox handler) into a zip under
DATA_DIR/exports/ that its owner alone may download until it expires.

One job at a time: a partial unique constraint allows one queued-or-running job per person and kind, so asking twice at once (two tabs, two requests, a double click)
gives the same job back (services.export_request)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from townsquare.people.models import Person

ACTIVE_STATES = ("queued", "running")


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "My export"
        ORG = "org", "The organisation's export"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Who asked, and the only person who may download it (an org export: the org admin who asked).
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="export_jobs")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent, 0–100
    # Relative to DATA_DIR (e.g. "exports/7-3c9f….zip"), empty until done.
    file_path = models.CharField(max_length=300, blank=True, default="")
    size = models.BigIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "kind", "-created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], condition=Q(state__in=ACTIVE_STATES),
                                    name="portability_one_active_export"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="portability_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def downloadable(self) -> bool:
        return self.state == self.State.DONE and bool(self.file_path) and not self.is_expired
