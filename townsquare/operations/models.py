"""Operations' one table: the organisation's retention rule (a singleton row, pk 1).

Each field is how many days a kind of data is kept; the daily job (tasks.operations_retention →
retention.apply) removes what is older. 0 keeps that kind forever. Minimums protect what the product reads:
raw interactions and post views stay at least as long as the longest analytics window (retention.py), so the
dashboards read the same numbers after a purge.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RetentionPolicy(models.Model):
    notifications_days = models.PositiveIntegerField(default=180)
    post_views_days = models.PositiveIntegerField(default=365)
    interactions_days = models.PositiveIntegerField(default=365)
    hidden_content_days = models.PositiveIntegerField(default=90)
    audit_days = models.PositiveIntegerField(default=730)
    exports_days = models.PositiveIntegerField(default=30)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # What the last run removed, per kind ({"notifications": 12, …}), and when it ran.
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_run_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_retention_policy")]

    def __str__(self) -> str:
        return "Retention rule"

    def audit_label(self) -> str:
        return "Retention rule"
