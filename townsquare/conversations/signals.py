"""Domain events of conversations, for the packages that react to them (live updates, analytics,
email and push, webhooks). Each is sent by the services *after the transaction commits*, so a
rolled-back write sends nothing, and receivers never slow down or break the write itself.

Receivers connect in their AppConfig.ready(), with a dispatch_uid, and must not raise: an error in
one receiver is logged and the others still run (we use send_robust).

    post_published(post)                       a new post (any kind), once
    reply_published(reply)                     a new reply
    reaction_changed(reaction, post, added)    a reaction added (added=True) or taken back (then reaction.pk is None)
    best_answer_chosen(post, reply)            the asker chose (or cleared, reply=None) the best answer
    notifications_created(notifications)       bell notifications were stored (a list, with ids)
"""

import logging

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)

post_published = Signal()
reply_published = Signal()
reaction_changed = Signal()
best_answer_chosen = Signal()
notifications_created = Signal()


def send_on_commit(signal: Signal, **kwargs) -> None:
    def send():
        for receiver, result in signal.send_robust(sender=None, **kwargs):
            if isinstance(result, Exception):
                log.error("receiver %r failed", receiver, exc_info=result)

    transaction.on_commit(send)
