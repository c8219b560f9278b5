"""Domain events of conversations, for the packages that react to them (live updates, analytics, email
and push, webhooks). The services record each event in the write's own transaction through the outbox
(townsquare/core/outbox.py): a rolled-back write records nothing, a committed one cannot lose its
effects, and nothing a receiver does can fail or slow the write.

Other packages register handlers for these topics in their AppConfig.ready() with
`outbox.handler(topic, name, …)`; conversations knows none of them. Payloads carry ids only; a handler
loads what it needs (and skips what was deleted meanwhile).

    POST_PUBLISHED          {"post": id}                                      a new post (any kind), once; a preview
                                                                              once more when it is widened
    REPLY_PUBLISHED         {"post": id, "reply": id}                         a new reply
    REPLY_CHANGED           {"post": id, "reply": id, "removed": b}           a reply edited by its author, or
                                                                              deleted (by its author or a moderator)
    REACTION_CHANGED        {"post": id, "person": id, "kind": k, "added": b} a reaction set or unset; on a reply
                            (+ "reply": id)                                   it names the reply too
    BEST_ANSWER_CHOSEN      {"post": id, "reply": id|null}                    the asker chose (or cleared) the best answer
    NOTIFICATIONS_CREATED   {"ids": [id, …]}                                  bell notifications were stored
"""

import logging
import uuid

from townsquare.core import outbox

log = logging.getLogger(__name__)

POST_PUBLISHED = "post_published"
REPLY_PUBLISHED = "reply_published"
REPLY_CHANGED = "reply_changed"
REACTION_CHANGED = "reaction_changed"
BEST_ANSWER_CHOSEN = "best_answer_chosen"
NOTIFICATIONS_CREATED = "notifications_created"


def post_published(post) -> None:
    outbox.record(POST_PUBLISHED, key=f"post:{post.pk}", payload={"post": post.pk})


def post_widened(post) -> None:
    """A preview widened to its group or the company: to its new audience it is a new post (live "new post",
    webhooks), so it is POST_PUBLISHED once more, under its own key."""
    outbox.record(POST_PUBLISHED, key=f"post:{post.pk}:widened", payload={"post": post.pk})


def reply_published(reply) -> None:
    outbox.record(REPLY_PUBLISHED, key=f"reply:{reply.pk}", payload={"post": reply.post_id, "reply": reply.pk})


def reply_edited(reply) -> None:
    # Each edit is its own event.
    outbox.record(REPLY_CHANGED, key=f"reply-changed:{reply.pk}:{uuid.uuid4().hex}",
                  payload={"post": reply.post_id, "reply": reply.pk, "removed": False})


def reply_removed(*, post_id: int, reply_id: int) -> None:
    outbox.record(REPLY_CHANGED, key=f"reply-removed:{reply_id}",
                  payload={"post": post_id, "reply": reply_id, "removed": True})


def reaction_changed(*, post, person, kind: str, added: bool, reply=None) -> None:
    # Each change is its own event (a like, an unlike and a like again are three).
    payload = {"post": post.pk, "person": person.pk, "kind": kind, "added": added}
    if reply is not None:
        payload["reply"] = reply.pk
    outbox.record(REACTION_CHANGED, key=f"reaction:{post.pk}:{uuid.uuid4().hex}", payload=payload)


def best_answer_chosen(*, post, reply) -> None:
    outbox.record(BEST_ANSWER_CHOSEN, key=f"best:{post.pk}:{uuid.uuid4().hex}",
                  payload={"post": post.pk, "reply": reply.pk if reply is not None else None})


def notifications_created(notifications) -> None:
    ids = sorted(n.pk for n in notifications)
    if ids:  # notification ids never repeat, so the first names the batch
        outbox.record(NOTIFICATIONS_CREATED, key=f"notifications:{ids[0]}:{len(ids)}", payload={"ids": ids})
