"""Outbox handler of the conversation events (conversations/signals.py): the posts whose interaction edges
changed are recomputed by the worker, so the write that caused them never waits for analytics. It is a batch
handler: however many replies and reactions a post got since the last drain, its edges are recomputed once
(graph.sync_posts), which also makes a late, repeated or reordered event harmless."""


def on_posts_changed(payloads: list[dict]) -> None:
    from townsquare.analytics import graph

    post_ids = sorted({p["post"] for p in payloads if p.get("post")})
    if post_ids:
        graph.sync_posts(post_ids)


def connect() -> None:
    from townsquare.conversations import signals
    from townsquare.core import outbox

    outbox.handler((signals.POST_PUBLISHED, signals.REPLY_PUBLISHED, signals.REPLY_CHANGED,
                    signals.REACTION_CHANGED, signals.BEST_ANSWER_CHOSEN), "analytics.sync", batch=True)(on_posts_changed)
