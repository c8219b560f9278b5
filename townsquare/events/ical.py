"""iCalendar files (RFC 5545) for one event and for a person's calendar feed, written with the
icalendar library. Times are written in UTC (the "Z" form), so every calendar app shows them in its own
zone; the UID is stable per event and SEQUENCE grows with each change, so an app updates its copy in place
(and marks it cancelled) instead of adding a second one."""

from datetime import UTC

import icalendar

from townsquare.events.models import Event


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@townsquare"


def calendar_bytes(events, *, base_url: str, name: str = "") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Townsquare//Events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        url = base_url + event.get_absolute_url()
        item = icalendar.Event()
        item.add("uid", event_uid(event))
        item.add("dtstamp", event.updated_at.astimezone(UTC))
        item.add("dtstart", event.starts_at.astimezone(UTC))
        item.add("dtend", event.ends_at.astimezone(UTC))
        item.add("summary", event.title)
        item.add("description", f"{event.description}\n\n{url}")
        item.add("url", url)
        location = ", ".join(part for part in (event.place, event.online_url) if part)
        if location:
            item.add("location", location)
        item.add("sequence", event.sequence)
        item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        cal.add_component(item)
    return cal.to_ical()
