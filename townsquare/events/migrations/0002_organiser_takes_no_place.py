"""The organiser of an event hosts it and no longer takes one of its places (issue 17).

Until now event_create gave the organiser a "going" RSVP, so a 1-place event was full at once. This
removes the organiser's own RSVP from every event and recounts the counters; on events still to come that
have a limit, the places it frees go to the waitlist in queue order, and each person who moves up is told
in the bell (the bell only: no email or push is sent from a migration)."""

from django.db import migrations
from django.db.models import Count, OuterRef
from django.utils import timezone


def forwards(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Rsvp = apps.get_model("events", "Rsvp")
    Notification = apps.get_model("conversations", "Notification")
    now = timezone.now()
    own = Rsvp.objects.filter(person_id=Event.objects.filter(pk=OuterRef("event_id")).values("organiser_id")[:1])
    event_ids = set(own.values_list("event_id", flat=True))
    own.delete()
    for event in Event.objects.filter(pk__in=event_ids).iterator(chunk_size=500):
        if event.capacity is not None and event.cancelled_at is None and event.ends_at > now:
            going = Rsvp.objects.filter(event=event, status="going").count()
            room = max(0, event.capacity - going)
            moved = list(Rsvp.objects.filter(event=event, status="waitlist").order_by("updated_at", "id")
                         .values_list("pk", "person_id")[:room])
            if moved:
                Rsvp.objects.filter(pk__in=[pk for pk, _ in moved]).update(status="going", updated_at=now)
                Notification.objects.bulk_create([
                    Notification(recipient_id=person, actor_id=event.organiser_id, verb="event",
                                 link=f"/events/{event.pk}/", created_at=now,
                                 message=f"has a place for you at “{event.title[:120]}”: you moved up from the "
                                         "waitlist and are going")
                    for _, person in moved if person != event.organiser_id])
        counts = dict(Rsvp.objects.filter(event=event).values_list("status").annotate(n=Count("id"))
                      .values_list("status", "n"))
        Event.objects.filter(pk=event.pk).update(going_count=counts.get("going", 0), maybe_count=counts.get("maybe", 0),
                                                 waitlist_count=counts.get("waitlist", 0))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("conversations", "0004_notification_message_link"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
