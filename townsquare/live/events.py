"""Outbox handlers of the conversations' domain events (conversations/signals.py, core/outbox.py) that
turn each committed write into one small live event. They are inline handlers: the web process that
made the write publishes right after its commit, and the worker publishes whatever a crash left behind.

An event names the post's audience (company-wide, or a group and whether that group is public) but
never its text: each stream decides from that and the person it serves whether to pass it on
(townsquare/live/viewer.py), and the browser then loads what it shows through the ordinary,
access-checked pages.

    {"type": "post", "post": id, "group": id|null, "public": bool, "author": id, "kind": "...",
     "topics": [ids], "created": iso}
    (+ "readers": [ids] on each event about a restricted post, a preview: only those streams pass it on)
    {"type": "reply", "post": id, "group": ..., "public": ..., "reply": id, "replies": n, "reactions": n}
    {"type": "reply", ... , "changed": true}  a reply edited or deleted (the post page reloads its replies)
    {"type": "reaction", "post": id, "group": ..., "public": ..., "replies": n, "reactions": n}
    (+ "reply": id when the reaction is on a reply)
    {"type": "unread", "counts": {"<person id>": n}}
"""

from django.db.models import Count

from townsquare.conversations.models import Group, Notification, Post, PostAudience
from townsquare.live.broker import publish


def _audience(post: Post) -> dict:
    group = post.group if post.group_id else None
    audience = {"group": post.group_id, "public": group is None or group.visibility == Group.Visibility.PUBLIC}
    if post.audience != Post.Audience.OPEN:  # a preview: only its author and its chosen people
        audience["readers"] = sorted({post.author_id, *PostAudience.objects.filter(post_id=post.pk)
                                      .values_list("person_id", flat=True)})
    return audience


def on_post_published(payload: dict, attempt: int = 1) -> None:
    post = Post.objects.filter(pk=payload["post"]).select_related("group").first()
    if post is None:  # deleted in the meantime
        return
    publish({
        "type": "post", "post": post.pk, "author": post.author_id, "kind": post.kind,
        "topics": list(post.topics.values_list("id", flat=True)), "created": post.created_at.isoformat(),
        **_audience(post),
    })


def _post_counts(post_id: int) -> dict | None:
    row = (Post.objects.filter(pk=post_id).select_related("group")
           .only("id", "author_id", "audience", "group_id", "group__visibility", "reply_count", "reaction_count").first())
    if row is None:  # deleted in the meantime
        return None
    return {"post": row.pk, "replies": row.reply_count, "reactions": row.reaction_count, **_audience(row)}


def on_reply_published(payload: dict, attempt: int = 1) -> None:
    counts = _post_counts(payload["post"])
    if counts:
        publish({"type": "reply", "reply": payload["reply"], **counts})


def on_reply_changed(payload: dict, attempt: int = 1) -> None:
    counts = _post_counts(payload["post"])
    if counts:
        publish({"type": "reply", "reply": payload["reply"], "changed": True, **counts})


def on_reaction_changed(payload: dict, attempt: int = 1) -> None:
    counts = _post_counts(payload["post"])
    if counts:
        publish({"type": "reaction", **({"reply": payload["reply"]} if payload.get("reply") else {}), **counts})


def on_notifications_created(payload: dict, attempt: int = 1) -> None:
    recipients = set(Notification.objects.filter(pk__in=payload["ids"]).values_list("recipient_id", flat=True))
    if not recipients:
        return
    rows = (Notification.objects.filter(recipient_id__in=recipients, read_at__isnull=True)
            .values("recipient_id").annotate(n=Count("id")).values_list("recipient_id", "n"))
    counts = dict.fromkeys(recipients, 0) | dict(rows)
    publish({"type": "unread", "counts": {str(pk): n for pk, n in counts.items()}})


def connect() -> None:
    from townsquare.conversations import signals
    from townsquare.core import outbox

    # Live events are only worth sending soon: a few quick tries, then the streams' catch-up covers it.
    few = {"inline": True, "max_attempts": 3, "backoff": lambda attempt: 2}
    outbox.handler(signals.POST_PUBLISHED, "live.post", **few)(on_post_published)
    outbox.handler(signals.REPLY_PUBLISHED, "live.reply", **few)(on_reply_published)
    outbox.handler(signals.REPLY_CHANGED, "live.reply_changed", **few)(on_reply_changed)
    outbox.handler(signals.REACTION_CHANGED, "live.reaction", **few)(on_reaction_changed)
    outbox.handler(signals.NOTIFICATIONS_CREATED, "live.unread", **few)(on_notifications_created)
