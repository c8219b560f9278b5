"""Analytics background work, run by Huey (settings.HUEY; `townsquare demo` runs a consumer in-process).

* `analytics_sync_post(post_id)` — recomputes one post's interaction edges. New writes reach analytics
  through the outbox (receivers.py, a batch handler); this task stays so that a queue written by an older
  version still drains. A repeated or late run recomputes the same edges: harmless.
* `analytics_refresh` — every 5 minutes: edges of recently edited posts (mentions can change on edit),
  then graph metrics (PageRank, communities, E-I, personas) and the organisation reports. Each stored
  result replaces the previous one, and a Huey lock keeps two workers from running it at the same time.
* `analytics_themes` — every hour: recurring themes (TF-IDF + NMF).
"""

import logging
from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from townsquare.analytics import graph, reports, themes
from townsquare.analytics.schedule import REFRESH_MINUTES, THEMES_AT_MINUTE
from townsquare.conversations.models import Post

log = logging.getLogger(__name__)


@db_task(name="analytics_sync_post")
def analytics_sync_post(post_id: int) -> None:
    graph.sync_post(post_id)


@db_periodic_task(crontab(minute=f"*/{REFRESH_MINUTES}"), name="analytics_refresh")
@HUEY.lock_task("analytics-refresh")  # a refresh still running (big organisation) makes the next one skip
def analytics_refresh() -> None:
    edited = Post.objects.filter(edited_at__gte=timezone.now() - timedelta(minutes=3 * REFRESH_MINUTES))
    graph.sync_posts(edited.values_list("pk", flat=True))
    result = reports.refresh_all(themes=False)
    log.info("analytics: metrics for %s people, %s edges in %s s", result["people"], result["edges"], result["total_s"])


@db_periodic_task(crontab(minute=str(THEMES_AT_MINUTE)), name="analytics_themes")
@HUEY.lock_task("analytics-themes")
def analytics_themes() -> None:
    reports.store("themes", themes.themes_report())
