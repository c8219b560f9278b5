"""The coach listens to conversations' domain events (through the outbox, see core/outbox.py) for one thing:
when a person does a habit, today's nudge about it leaves their bell (services.nudge_done)."""

from townsquare.coach.models import Habit
from townsquare.conversations.models import Post, Reaction, Reply


def on_post_published(payload: dict, attempt: int = 1) -> None:
    from townsquare.coach import services

    row = Post.objects.filter(pk=payload["post"]).values_list("author_id", "kind").first()
    if row is None:
        return
    habit = {Post.Kind.UPDATE: Habit.DESCRIBE, Post.Kind.PRAISE: Habit.RECOGNISE}.get(row[1])
    if habit is not None:
        services.nudge_done(person_id=row[0], habit=habit)


def on_reply_published(payload: dict, attempt: int = 1) -> None:
    from townsquare.coach import services

    row = Reply.objects.filter(pk=payload["reply"]).values_list("author_id", "post__author_id").first()
    if row is not None and row[0] != row[1]:  # on someone else's post: the interact habit (rules.py)
        services.nudge_done(person_id=row[0], habit=Habit.INTERACT)


def on_reaction_changed(payload: dict, attempt: int = 1) -> None:
    from townsquare.coach import services

    if not payload.get("added"):
        return
    if Reaction.objects.filter(post_id=payload["post"], person_id=payload["person"]).exclude(
            post__author_id=payload["person"]).exists():
        services.nudge_done(person_id=payload["person"], habit=Habit.INTERACT)


def connect() -> None:
    from townsquare.conversations import signals
    from townsquare.core import outbox

    # Inline: right after the write's commit, so the bell is tidy when the page comes back; the worker retries.
    quick = {"inline": True, "max_attempts": 3, "backoff": lambda attempt: 5}
    outbox.handler(signals.POST_PUBLISHED, "coach.nudge_done.post", **quick)(on_post_published)
    outbox.handler(signals.REPLY_PUBLISHED, "coach.nudge_done.reply", **quick)(on_reply_published)
    outbox.handler(signals.REACTION_CHANGED, "coach.nudge_done.reaction", **quick)(on_reaction_changed)
