"""Receivers of the conversation signals (sent after commit): each hands the post whose interaction edges
changed to a background task, so the write that caused it never waits for analytics. The task recomputes
all of that post's edges (graph.sync_post), which makes a late, repeated or reordered task harmless."""


def _enqueue(post_id) -> None:
    from townsquare.analytics.tasks import analytics_sync_post

    if post_id:
        analytics_sync_post(post_id)


def on_post(sender, post, **kwargs):
    _enqueue(post.pk)


def on_reply(sender, reply, **kwargs):
    _enqueue(reply.post_id)


def on_reaction(sender, post, **kwargs):
    _enqueue(post.pk)


def on_best_answer(sender, post, **kwargs):
    _enqueue(post.pk)
