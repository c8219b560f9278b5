"""Analytics, the mirror (PRODUCT C8).

* `Interaction` — the interaction graph: one directed, weighted, timestamped edge per reply, reaction,
  mention, praise and best answer between two different people. Every edge belongs to a post, so the
  edges of one post can be recomputed on their own (graph.sync_post) and a whole rebuild is the same SQL
  without the post filter (graph.rebuild). Kept up to date by a Huey task after each commit.
* `PersonMetric` — what the periodic job (metrics.recompute) stores per person: PageRank, influence
  percentile, community and persona. Never shown as a ranked list of named people.
* `Report` — precomputed dashboard data (organisation, index, iceberg, themes) as one JSON row per key,
  so a dashboard is one query however big the organisation is.
* `AnalystRole` — people an org admin lets see the organisation analytics.
* `AnalyticsPreference` — a person's opt-in to be named as an emergent leader.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

Person = settings.AUTH_USER_MODEL


class Interaction(models.Model):
    class Kind(models.IntegerChoices):
        REPLY = 1, "Reply"
        REACTION = 2, "Reaction"
        MENTION = 3, "Mention"
        PRAISE = 4, "Praise"
        BEST_ANSWER = 5, "Best answer"
        REPLY_REACTION = 6, "Reaction to a reply"

    # How much each kind of interaction counts in the network (PageRank, tie strength). A reaction is
    # the lightest touch; a reply costs thought; praise and a chosen answer are explicit recognition.
    WEIGHTS = {Kind.REPLY: 3, Kind.REACTION: 1, Kind.MENTION: 2, Kind.PRAISE: 4, Kind.BEST_ANSWER: 5,
               Kind.REPLY_REACTION: 1}

    source = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    target = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    weight = models.PositiveSmallIntegerField()
    post = models.ForeignKey("conversations.Post", on_delete=models.CASCADE, related_name="+")
    # The reply, reaction or mention the edge comes from; the post itself for praise and best answers.
    ref_id = models.BigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref_id", "target"], name="one_interaction_per_source_row"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="interaction_no_self_edge"),
        ]
        # Covering indexes: a person's edges either way, and the weighted pairs the metrics load, are read
        # from the index alone (no table lookups), grouped in index order.
        indexes = [
            models.Index(fields=["source", "target", "created_at", "kind", "weight"], name="interaction_out"),
            models.Index(fields=["target", "created_at", "source", "kind", "weight"], name="interaction_in"),
            models.Index(fields=["created_at"], name="interaction_time"),
        ]


class PersonMetric(models.Model):
    person = models.OneToOneField(Person, primary_key=True, on_delete=models.CASCADE, related_name="analytics_metric")
    pagerank = models.FloatField(default=0.0)
    influence_percentile = models.PositiveSmallIntegerField(default=0)
    community = models.IntegerField(null=True, blank=True)
    persona = models.CharField(max_length=12, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["-influence_percentile"], name="personmetric_influence")]


class Report(models.Model):
    key = models.CharField(max_length=40, unique=True)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)


class AnalystRole(models.Model):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="analyst_role")
    granted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)


class AnalyticsPreference(models.Model):
    person = models.OneToOneField(Person, primary_key=True, on_delete=models.CASCADE, related_name="analytics_preference")
    named_as_leader = models.BooleanField(
        default=False, help_text="Show my name on the organisation page if I am among the emergent leaders.")
    updated_at = models.DateTimeField(default=timezone.now)
