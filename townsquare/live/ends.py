"""Ending a deactivated person's open streams at once, in every web process.

people.signals.person_deactivated arrives inside the deactivating transaction; we record an outbox item there
(so a rolled-back deactivation ends nothing), and its inline handler publishes after the commit

    {"type": "person_ended", "person": id}

on the broker (in-process, or Redis pub/sub across processes). Each stream of that person ends as soon as it
sees the event (views.stream); other streams pass it by (viewer.wants knows no such type). A stream that missed
it (Redis down for a moment) still ends at its next person check, at most views.PERSON_CHECK_S later.
"""

from townsquare.live.broker import publish

PERSON_ENDED = "person_ended"
TOPIC = "person_deactivated"


def ends_stream(viewer, event) -> bool:
    """Is `event` the end of this stream's person?"""
    return isinstance(event, dict) and event.get("type") == PERSON_ENDED and event.get("person") == viewer.person_id


def on_person_deactivated(sender, *, person, **kwargs) -> None:
    import uuid

    from townsquare.core import outbox

    outbox.record(TOPIC, key=f"person_ended:{person.pk}:{uuid.uuid4().hex}", payload={"person": person.pk})


def publish_end(payload: dict, attempt: int = 1) -> None:
    publish({"type": PERSON_ENDED, "person": payload["person"]})


def connect() -> None:
    from townsquare.core import outbox
    from townsquare.people.signals import person_deactivated

    outbox.handler(TOPIC, "live.person_ended", inline=True, max_attempts=3, backoff=lambda attempt: 2)(publish_end)
    person_deactivated.connect(on_person_deactivated, dispatch_uid="live.person_ended")
