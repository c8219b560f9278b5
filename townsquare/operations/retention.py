"""The retention rule (issue 15 part 5): how long each kind of data is kept, and the daily purge.

    kind              what goes                                                 default   at least
    notifications     bell notifications and idea notifications                 180 days  7
    post_views        "seen by" rows (PostView); each post's view_count stays    365 days  KEEP_FOR_ANALYTICS
    interactions      raw interaction edges (analytics.Interaction)             365 days  KEEP_FOR_ANALYTICS
    hidden_content    posts and replies hidden by moderation, for good          90 days   7
    audit             audit log entries (core.audit.purge_older_than)           730 days  90
    exports           ended export jobs and their zips                          30 days   1

0 keeps a kind forever. The analytics stay correct after a purge because nothing they read reaches back
further than KEEP_FOR_ANALYTICS: the dashboards' windows (analytics NETWORK_DAYS, the organisation report's
WEEKS, the coach's HISTORY_DAYS) are all shorter, and what they show about older times is kept as aggregates —
the precomputed reports (analytics.Report), PersonMetric, and the counters on each post (view_count,
reply_count, reaction_count), which a purge never touches. What reaches further back reads the content, not
the raw rows: "people who have ever contributed" takes each person's first post, reply or reaction.
tests/operations/test_retention.py computes the personal and organisation analytics before and after a purge
and finds them equal. Content a moderator hid is deleted for good by its own rule, and what it drew leaves
the analytics with it.

An interaction edge is derived from its reply, reaction or mention (analytics/graph.py): when an old post gets
new activity, graph.sync_post writes its old edges again, and the next daily run removes them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from townsquare.analytics.metrics import NETWORK_DAYS
from townsquare.analytics.models import Interaction
from townsquare.analytics.reports import WEEKS
from townsquare.coach.rules import HISTORY_DAYS
from townsquare.conversations.models import Notification, PostView
from townsquare.core import audit
from townsquare.ideas.models import IdeaNotification
from townsquare.operations.models import RetentionPolicy

# Raw data the analytics and the coach read stays at least this long: their longest window and a week more.
KEEP_FOR_ANALYTICS = max(NETWORK_DAYS, WEEKS * 7, HISTORY_DAYS) + 7
BATCH = 2000


@dataclass(frozen=True)
class Kind:
    field: str
    label: str
    help: str
    minimum: int


KINDS = [
    Kind("notifications_days", "Notifications", "Bell notifications, read or not.", 7),
    Kind("post_views_days", "Post views", "Who saw which post. Each post keeps its number of viewers.",
         KEEP_FOR_ANALYTICS),
    Kind("interactions_days", "Raw interaction data",
         "The record of who replied to, reacted to, mentioned or praised whom, that the analytics are built from. "
         "Dashboards keep their totals.", KEEP_FOR_ANALYTICS),
    Kind("hidden_content_days", "Hidden content",
         "Posts and replies hidden by a moderator are deleted for good after this long.", 7),
    Kind("audit_days", "Audit log", "Entries of the audit log of admin actions.", 90),
    Kind("exports_days", "Exports", "Finished personal and organisation exports, and their files.", 1),
]
KEY = {k.field: k.field.removesuffix("_days") for k in KINDS}


def policy() -> RetentionPolicy:
    """The organisation's rule (made with the defaults the first time it is asked for)."""
    return RetentionPolicy.objects.get_or_create(pk=1)[0]


def values_of(rule: RetentionPolicy) -> dict[str, int]:
    return {k.field: getattr(rule, k.field) for k in KINDS}


def validate(data: dict) -> tuple[dict[str, int], list[str]]:
    """Form values (strings) → whole days, and the errors in plain words. Every kind must be given."""
    clean, errors = {}, []
    for k in KINDS:
        raw = str(data.get(k.field, "")).strip()
        if not raw.isdigit() or len(raw) > 6:
            errors.append(f"{k.label}: give a whole number of days (0 keeps it forever).")
            continue
        days = int(raw)
        if 0 < days < k.minimum:
            errors.append(f"{k.label}: keep it at least {k.minimum} days, or 0 to keep it forever.")
            continue
        if days > 36_500:
            errors.append(f"{k.label}: at most 36,500 days (100 years); 0 keeps it forever.")
            continue
        clean[k.field] = days
    return clean, errors


def _delete_in_batches(queryset) -> int:
    """Delete in short transactions of BATCH rows, so a big first purge never holds the write lock for long.
    Ordinary deletes: rows that hang off these (a notification's deliveries) go with them, by cascade."""
    model, total = queryset.model, 0
    while ids := list(queryset.order_by().values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            total += model.objects.filter(pk__in=ids).delete()[1].get(model._meta.label, 0)
    return total


def _purge_notifications(cutoff) -> int:
    return sum(_delete_in_batches(model.objects.filter(created_at__lt=cutoff))
               for model in (Notification, IdeaNotification))


def _purge_views(cutoff) -> int:
    return _delete_in_batches(PostView.objects.filter(created_at__lt=cutoff))


def _purge_interactions(cutoff) -> int:
    return _delete_in_batches(Interaction.objects.filter(created_at__lt=cutoff))


def _purge_hidden(cutoff) -> int:
    """Posts and replies a moderator hid before `cutoff` (governance keeps the state on them as `hidden_at`),
    deleted for good, with what hangs off them. What they drew leaves the analytics with them."""
    return sum(_delete_in_batches(apps.get_model("conversations", name).objects.filter(hidden_at__lt=cutoff))
               for name in ("Post", "Reply"))


def _purge_audit(cutoff) -> int:
    return audit.purge_older_than(cutoff)


def _purge_exports(cutoff) -> int:
    """Exports (townsquare/portability's ExportJob) that ended before `cutoff`, with their zips; a queued or
    running one is never touched. Looked up by name: portability and operations sit side by side in the site
    layer and import nothing of each other."""
    model = apps.get_model("portability", "ExportJob")
    ended = model.objects.filter(created_at__lt=cutoff).exclude(state__in=["queued", "running"])
    total = 0
    for job in ended.order_by("pk").iterator():
        if job.file_path:
            (Path(settings.DATA_DIR) / job.file_path).unlink(missing_ok=True)
        job.delete()
        total += 1
    return total


PURGES = {
    "notifications_days": _purge_notifications,
    "post_views_days": _purge_views,
    "interactions_days": _purge_interactions,
    "hidden_content_days": _purge_hidden,
    "audit_days": _purge_audit,
    "exports_days": _purge_exports,
}


def apply(now=None) -> dict[str, int]:
    """Remove everything older than the rule allows; returns how many rows went per kind, and notes the run."""
    now = now or timezone.now()
    rule = policy()
    counts = {}
    for k in KINDS:
        days = getattr(rule, k.field)
        counts[KEY[k.field]] = PURGES[k.field](now - timedelta(days=days)) if days else 0
    RetentionPolicy.objects.filter(pk=rule.pk).update(last_run_at=now, last_run_counts=counts)
    return counts
