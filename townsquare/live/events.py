"""Receivers of the conversations' domain signals (sent after commit, see conversations/signals.py)
that turn each committed write into one small live event.

An event names the post's audience (company-wide, or a group and whether that group is public) but
never its text: each stream decides from that and the person it serves whether to pass it on
(townsquare/live/viewer.py), and the browser then loads what it shows through the ordinary,
access-checked pages.

    {"type": "post", "post": id, "group": id|null, "public": bool, "author": id, "kind": "...",
     "topics": [ids], "created": iso}
    {"type": "reply", "post": id, "group": ..., "public": ..., "reply": id, "replies": n, "reactions": n}
    {"type": "reaction", "post": id, "group": ..., "public": ..., "replies": n, "reactions": n}
    {"type": "unread", "counts": {"<person id>": n}}
"""

from django.db.models import Count

from townsquare.conversations.models import Group, Notification, Post
from townsquare.live.broker import publish


def _audience(post: Post) -> dict:
    group = post.group if post.group_id else None
    return {"group": post.group_id, "public": group is None or group.visibility == Group.Visibility.PUBLIC}


def on_post_published(sender, post: Post, **kwargs) -> None:
    publish({
        "type": "post", "post": post.pk, "author": post.author_id, "kind": post.kind,
        "topics": list(post.topics.values_list("id", flat=True)), "created": post.created_at.isoformat(),
        **_audience(post),
    })


def _post_counts(post_id: int) -> dict | None:
    row = (Post.objects.filter(pk=post_id).select_related("group")
           .only("id", "group_id", "group__visibility", "reply_count", "reaction_count").first())
    if row is None:  # deleted in the meantime
        return None
    return {"post": row.pk, "replies": row.reply_count, "reactions": row.reaction_count, **_audience(row)}


def on_reply_published(sender, reply, **kwargs) -> None:
    counts = _post_counts(reply.post_id)
    if counts:
        publish({"type": "reply", "reply": reply.pk, **counts})


def on_reaction_changed(sender, post: Post, **kwargs) -> None:
    counts = _post_counts(post.pk)
    if counts:
        publish({"type": "reaction", **counts})


def on_notifications_created(sender, notifications, **kwargs) -> None:
    recipients = {n.recipient_id for n in notifications}
    if not recipients:
        return
    rows = (Notification.objects.filter(recipient_id__in=recipients, read_at__isnull=True)
            .values("recipient_id").annotate(n=Count("id")).values_list("recipient_id", "n"))
    counts = dict.fromkeys(recipients, 0) | dict(rows)
    publish({"type": "unread", "counts": {str(pk): n for pk, n in counts.items()}})


def connect() -> None:
    from townsquare.conversations import signals

    signals.post_published.connect(on_post_published, dispatch_uid="live.post_published")
    signals.reply_published.connect(on_reply_published, dispatch_uid="live.reply_published")
    signals.reaction_changed.connect(on_reaction_changed, dispatch_uid="live.reaction_changed")
    signals.notifications_created.connect(on_notifications_created, dispatch_uid="live.notifications_created")
