"""Writes for events, RSVPs, reminders, calendar tokens, ask-me-anything questions and cause
opportunities. Each validates everything first and writes in one transaction; notifications are stored
after the commit (conversations.services.notify), so a refused or rolled-back write tells nobody.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Group, Notification, Post
from townsquare.core.validation import clean_text
from townsquare.events import access, selectors
from townsquare.events.models import (
    AmaQuestion,
    CalendarToken,
    Event,
    EventReminder,
    Opportunity,
    Rsvp,
    SignUp,
    new_calendar_token,
)
from townsquare.people.models import TIME_ZONES, Person
from townsquare.practices import services as practices

TITLE_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 5_000
PLACE_MAX_CHARS = 300
URL_MAX_CHARS = 500
CAPACITY_MAX = 100_000
REASON_MAX_CHARS = 500
LONGEST_EVENT = timedelta(days=14)
DEFAULT_LENGTH = timedelta(hours=1)
# Reminders: "a day before" goes out once the event is less than 24 hours away (but more than one),
# "an hour before" once it is less than an hour away. Each at most once per person and event.
DAY_AHEAD = timedelta(hours=24)
HOUR_AHEAD = timedelta(hours=1)
Status = Rsvp.Status
ATTENDING = (Status.GOING, Status.MAYBE, Status.WAITLIST)  # who hears about changes and cancellations


def zone_of(person) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(person, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def when_text(starts_at: datetime, ends_at: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """"Tue 1 Dec 2026, 14:00–15:00 (Europe/London)", in `zone`; both dates when it spans days."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    first = f"{start:%a} {start.day} {start:%b %Y}, {start:%H:%M}"
    last = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a} {end.day} {end:%b %Y}, {end:%H:%M}"
    return f"{first}–{last} ({zone.key})"


def zone_city(zone: zoneinfo.ZoneInfo) -> str:
    """"Europe/London" → "London", "America/Argentina/Buenos_Aires" → "Buenos Aires"; "UTC" stays."""
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")


def place_and_your_time(starts_at: datetime, ends_at: datetime | None, place_zone: str, viewer_zone) -> str:
    """"Tue 1 Dec, 13:00–16:00 London · 05:00 your time": the time where it happens, then the reader's clock
    when it reads differently (with the reader's day when that differs too)."""
    try:
        here = zoneinfo.ZoneInfo(place_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        here = zoneinfo.ZoneInfo("UTC")
    start = starts_at.astimezone(here)
    text = f"{start:%a} {start.day} {start:%b}, {start:%H:%M}"
    if ends_at is not None:
        end = ends_at.astimezone(here)
        text += f"–{end:%H:%M}" if end.date() == start.date() else f"–{end:%a} {end.day} {end:%b}, {end:%H:%M}"
    text += f" {zone_city(here)}"
    mine = starts_at.astimezone(viewer_zone)
    if mine.utcoffset() != start.utcoffset():
        day = "" if mine.date() == start.date() else f" {mine:%a} {mine.day} {mine:%b}"
        text += f" · {mine:%H:%M}{day} your time"
    return text


def _post_body(event: Event) -> str:
    """The organiser's words, then one line we write: when, where, and the link to the event page."""
    link = f"[Details and RSVP]({reverse('event_detail', args=[event.pk])})"
    if event.is_cancelled:
        return f"**Cancelled.** This event will not take place.\n\n{event.description}\n\n{link}"
    where = event.place or ("Online" if event.online_url else "")
    line = f"📅 {event.get_kind_display()} · {when_text(event.starts_at, event.ends_at, zoneinfo.ZoneInfo(event.time_zone))}"
    return f"{event.description}\n\n{line}{f' · {where}' if where else ''} · {link}"


def _post_title(event: Event) -> str:
    prefix = "Cancelled: " if event.is_cancelled else ""
    return f"{prefix}{event.title}"[:200]


@dataclass
class EventFields:
    title: str
    description: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str = ""
    online_url: str = ""
    capacity: int | None = None
    waitlist: bool = True


def _check(fields: EventFields, *, now: datetime, times_changed: bool) -> EventFields:
    title = clean_text(fields.title, what="title", max_chars=TITLE_MAX_CHARS)
    description = clean_text(fields.description, what="description", max_chars=DESCRIPTION_MAX_CHARS,
                             empty="The description is empty. Say in a few words what the event is about and who it is for.")
    if fields.starts_at is None:
        raise ValidationError("Choose when the event starts.")
    starts_at = fields.starts_at
    ends_at = fields.ends_at or starts_at + DEFAULT_LENGTH
    if ends_at <= starts_at:
        raise ValidationError("The end comes before the start. Choose an end after the start.")
    if ends_at - starts_at > LONGEST_EVENT:
        raise ValidationError("An event lasts at most 14 days. For something longer, post one event per part.")
    if times_changed and starts_at <= now:
        raise ValidationError("The start is in the past. Choose a time still to come.")
    place = clean_text(fields.place, what="place", max_chars=PLACE_MAX_CHARS, required=False)
    online_url = clean_text(fields.online_url, what="online link", max_chars=URL_MAX_CHARS, required=False)
    if online_url:
        try:
            URLValidator(schemes=["http", "https"])(online_url)
        except ValidationError:
            raise ValidationError("The online link must be a web address starting with https:// or http://.") from None
    if not place and not online_url:
        raise ValidationError("Say where it happens: a place, an online link, or both.")
    capacity = fields.capacity
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        raise ValidationError(f"The number of places must be between 1 and {CAPACITY_MAX:,}, or empty for no limit.")
    return EventFields(title=title, description=description, starts_at=starts_at, ends_at=ends_at, place=place,
                       online_url=online_url, capacity=capacity, waitlist=bool(fields.waitlist))


def _recount(event: Event) -> None:
    counts = dict(Rsvp.objects.filter(event=event).values_list("status").annotate(n=Count("id"))
                  .values_list("status", "n"))
    event.going_count = counts.get(Status.GOING, 0)
    event.maybe_count = counts.get(Status.MAYBE, 0)
    event.waitlist_count = counts.get(Status.WAITLIST, 0)
    event.save(update_fields=["going_count", "maybe_count", "waitlist_count"])


def _promote_waitlist(event: Event) -> list[int]:
    """Move people up from the waitlist, first come first served, while there are places. Returns who moved."""
    going = Rsvp.objects.filter(event=event, status=Status.GOING).count()
    room = None if event.capacity is None else max(0, event.capacity - going)
    queue = Rsvp.objects.filter(event=event, status=Status.WAITLIST).order_by("updated_at", "id")
    moved = list(queue.values_list("pk", "person_id") if room is None else queue.values_list("pk", "person_id")[:room])
    if moved:
        Rsvp.objects.filter(pk__in=[pk for pk, _ in moved]).update(status=Status.GOING, updated_at=timezone.now())
        conversations.notify(recipients=[person for _, person in moved], actor=event.organiser,
                             verb=Notification.Verb.EVENT, link=event.get_absolute_url(),
                             message=f"has a place for you at “{event.title[:120]}”: you moved up from the waitlist and are going")
    return [person for _, person in moved]


# --- events ----------------------------------------------------------------------------------

@transaction.atomic
def event_create(*, organiser: Person, fields: EventFields, kind: str = Event.Kind.EVENT, group: Group | None = None,
                 time_zone: str = "") -> Event:
    """An event and the post that carries it (company-wide, or in a group the organiser belongs to).
    The organiser hosts it: they have no RSVP and take none of its places (a 1-place event has one place
    for someone else), yet it is in their list, calendar feed and reminders as the organiser."""
    if kind not in Event.Kind.values:
        raise ValidationError("Choose what kind of event it is: an event, a talk or an ask-me-anything.")
    if kind == Event.Kind.AMA:
        if not access.can_host_ama(organiser):
            raise ValidationError("Only leaders host an ask-me-anything. Choose an event or a talk instead, "
                                  "or ask an organisation admin to list you as a leader.")
        if group is not None:
            raise ValidationError("An ask-me-anything is open to everyone, so post it to the whole company.")
    now = timezone.now()
    checked = _check(fields, now=now, times_changed=True)
    zone = time_zone or getattr(organiser, "time_zone", "") or "UTC"
    if group is not None and not access.can_post_in_group(organiser, group):
        raise PermissionDenied("You can only post an event in a group you are a member of.")
    event = Event.objects.create(
        organiser=organiser, kind=kind, title=checked.title, description=checked.description,
        starts_at=checked.starts_at, ends_at=checked.ends_at, time_zone=zone, place=checked.place,
        online_url=checked.online_url, capacity=checked.capacity, waitlist=checked.waitlist, created_at=now,
        updated_at=now)
    event.post = conversations.post_create(author=organiser, kind=Post.Kind.EVENT, group=group,
                                           title=_post_title(event), body=_post_body(event))
    event.save(update_fields=["post"])
    return event


def event_attach(*, organiser: Person, post: Post, fields: EventFields, time_zone: str = "") -> Event:
    """The event of a post written in the composer as an Event (the composer extra "events"; runs inside
    post_create's transaction, so a refusal here leaves no post). The post keeps the organiser's own words; its
    title is the event's title. The organiser answers "going"."""
    now = timezone.now()
    checked = _check(EventFields(title=post.title or fields.title, description=post.body, starts_at=fields.starts_at,
                                 ends_at=fields.ends_at, place=fields.place, online_url=fields.online_url,
                                 capacity=fields.capacity, waitlist=fields.waitlist), now=now, times_changed=True)
    zone = time_zone or getattr(organiser, "time_zone", "") or "UTC"
    event = Event.objects.create(
        post=post, organiser=organiser, kind=Event.Kind.EVENT, title=checked.title, description=checked.description,
        starts_at=checked.starts_at, ends_at=checked.ends_at, time_zone=zone, place=checked.place,
        online_url=checked.online_url, capacity=checked.capacity, waitlist=checked.waitlist, created_at=now,
        updated_at=now)
    Rsvp.objects.create(event=event, person=organiser, status=Status.GOING, created_at=now, updated_at=now)
    _recount(event)
    return event


def _attendees(event: Event) -> list[int]:
    return list(Rsvp.objects.filter(event=event, status__in=ATTENDING).values_list("person_id", flat=True))


@transaction.atomic
def event_update(*, person: Person, event: Event, fields: EventFields) -> Event:
    """The organiser changes the details; people who answered going, maybe or waitlist are told when the
    time or the place changed. A larger capacity moves people up from the waitlist."""
    if not access.can_manage_event(person, event):
        raise PermissionDenied("Only the organiser can change this event.")
    event = Event.objects.select_for_update().select_related("organiser").get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError("This event has been cancelled; it can no longer be changed.")
    times_changed = (fields.starts_at != event.starts_at
                     or (fields.ends_at or (fields.starts_at or event.starts_at) + DEFAULT_LENGTH) != event.ends_at)
    checked = _check(fields, now=timezone.now(), times_changed=times_changed)
    moved = (checked.starts_at != event.starts_at or checked.ends_at != event.ends_at
             or checked.place != event.place or checked.online_url != event.online_url)
    for name in ("title", "description", "starts_at", "ends_at", "place", "online_url", "capacity", "waitlist"):
        setattr(event, name, getattr(checked, name))
    event.sequence += 1
    event.updated_at = timezone.now()
    event.save()
    conversations.post_edit(person=person, post=event.post, body=_post_body(event), title=_post_title(event))
    promoted = _promote_waitlist(event)
    _recount(event)
    if moved:
        told = [pk for pk in _attendees(event) if pk not in promoted]
        conversations.notify(recipients=told, actor=person, verb=Notification.Verb.EVENT, link=event.get_absolute_url(),
                             message=f"changed the time or place of “{event.title[:120]}”. Check the new details")
    return event


@transaction.atomic
def event_cancel(*, person: Person, event: Event, reason: str = "") -> Event:
    if not access.can_manage_event(person, event):
        raise PermissionDenied("Only the organiser can cancel this event.")
    reason = clean_text(reason, what="reason", max_chars=REASON_MAX_CHARS, required=False)
    event = Event.objects.select_for_update().select_related("organiser").get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError("This event has been cancelled already.")
    event.cancelled_at = event.updated_at = timezone.now()
    event.cancel_reason = reason
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "updated_at", "cancel_reason", "sequence"])
    conversations.post_edit(person=person, post=event.post, body=_post_body(event), title=_post_title(event))
    conversations.notify(recipients=_attendees(event), actor=person, verb=Notification.Verb.EVENT,
                         link=event.get_absolute_url(), message=f"cancelled “{event.title[:120]}”")
    return event


# --- RSVP ------------------------------------------------------------------------------------

@dataclass
class RsvpResult:
    status: str
    message: str


@transaction.atomic
def rsvp_set(*, person: Person, event: Event, status: str) -> RsvpResult:
    """Answer going, maybe or no. "Going" counts against the capacity: when the event is full it joins
    the waitlist (or, with the waitlist off, is refused with a clear message). Leaving "going" gives the
    place to the first person on the waitlist."""
    if status not in (Status.GOING, Status.MAYBE, Status.NO):
        raise ValidationError("Answer going, maybe or no.")
    event = Event.objects.select_for_update().select_related("organiser").get(pk=event.pk)
    if person.pk == event.organiser_id:
        raise ValidationError("You're the organiser, so you'll be there without answering — and you take none "
                              "of the places.")
    now = timezone.now()
    if event.is_cancelled:
        raise ValidationError("This event has been cancelled, so it takes no answers.")
    if event.is_over(now):
        raise ValidationError("This event is over, so it takes no more answers.")
    rsvp = Rsvp.objects.filter(event=event, person=person).first()
    old = rsvp.status if rsvp else None
    new = status
    if status == Status.GOING and old in (Status.GOING, Status.WAITLIST):
        new = old
    elif status == Status.GOING and event.capacity is not None:
        going = Rsvp.objects.filter(event=event, status=Status.GOING).count()
        if going >= event.capacity:
            if not event.waitlist:
                raise ValidationError(f"Sorry, the event is full: all {event.capacity} places are taken. "
                                      "You can answer “maybe”, and keep an eye on the page in case a place opens.")
            new = Status.WAITLIST
    if rsvp is None:
        Rsvp.objects.create(event=event, person=person, status=new, created_at=now, updated_at=now)
    elif new != old:
        rsvp.status, rsvp.updated_at = new, now
        rsvp.save(update_fields=["status", "updated_at"])
    if old == Status.GOING and new != Status.GOING:
        _promote_waitlist(event)
    _recount(event)
    messages = {
        Status.GOING: "You're going. It's in your calendar feed, and we'll remind you a day and an hour before.",
        Status.MAYBE: "Marked as maybe. We'll still remind you before it starts.",
        Status.NO: "Thanks for letting the organiser know you can't make it.",
        Status.WAITLIST: "The event is full, so you're {place} on the waitlist. When a place opens for you, it's yours "
                         "and we'll tell you.",
    }
    message = messages[new]
    if new == Status.WAITLIST:
        message = message.format(place=selectors.ordinal(selectors.waitlist_position(person=person, event=event) or 1))
    return RsvpResult(status=new, message=message)



# --- reminders -------------------------------------------------------------------------------

@dataclass
class ReminderRun:
    created: int
    already: int


def _reminder_text(event: Event, lead: str, person: Person, now: datetime) -> str:
    zone = zone_of(person)
    start = event.starts_at.astimezone(zone)
    title = event.title[:120]
    if lead == EventReminder.Lead.HOUR:
        return f"is expecting you at “{title}” in about an hour, at {start:%H:%M}"
    today = now.astimezone(zone).date()
    day = "today" if start.date() == today else "tomorrow" if start.date() == today + timedelta(days=1) \
        else f"on {start:%a} {start.day} {start:%b}"
    return f"is expecting you at “{title}” {day} at {start:%H:%M} ({zone.key})"


def reminders_send(now: datetime | None = None) -> ReminderRun:
    """Remind people who answered going or maybe: once when the event is less than a day away, once when
    it is less than an hour away. Safe to run again and again, by several workers at once: the unique
    constraint on (event, person, lead) turns a repeat into a no-op, and a notification is stored only
    with the reminder row that was actually written."""
    now = now or timezone.now()
    created = already = 0
    windows = ((EventReminder.Lead.DAY, now + HOUR_AHEAD, now + DAY_AHEAD),
               (EventReminder.Lead.HOUR, now, now + HOUR_AHEAD))
    for lead, after, until in windows:
        sent = EventReminder.objects.filter(event=OuterRef("event"), person=OuterRef("person"), lead=lead)
        due = (Rsvp.objects.filter(status__in=[Status.GOING, Status.MAYBE], person__is_active=True,
                                   event__cancelled_at__isnull=True, event__starts_at__gt=after,
                                   event__starts_at__lte=until)
               .exclude(Exists(sent)).select_related("event", "event__organiser", "person").order_by("id"))
        for rsvp in due.iterator(chunk_size=500):
            try:
                with transaction.atomic():
                    EventReminder.objects.create(event=rsvp.event, person=rsvp.person, lead=lead, created_at=now)
                    conversations.notify(recipients=[rsvp.person], actor=rsvp.event.organiser,
                                         verb=Notification.Verb.EVENT, link=rsvp.event.get_absolute_url(),
                                         message=_reminder_text(rsvp.event, lead, rsvp.person, now))
                created += 1
            except IntegrityError:
                already += 1
    return ReminderRun(created=created, already=already)


# --- calendar feed ---------------------------------------------------------------------------

def calendar_token_for(person: Person) -> CalendarToken:
    token, _ = CalendarToken.objects.get_or_create(person=person)
    return token


@transaction.atomic
def calendar_token_reset(person: Person) -> CalendarToken:
    """A new secret: calendar apps subscribed with the old address stop receiving events."""
    token, created = CalendarToken.objects.get_or_create(person=person)
    if not created:
        token.token, token.created_at = new_calendar_token(), timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


# --- ask me anything -------------------------------------------------------------------------

@transaction.atomic
def ama_question_ask(*, asker: Person, event: Event, body: str):
    """A practices Question to the AMA's host (public, up-votable), linked to the event."""
    if event.kind != Event.Kind.AMA:
        raise ValidationError("Questions are asked on ask-me-anything events only.")
    if event.is_cancelled:
        raise ValidationError("This ask-me-anything has been cancelled, so it takes no questions.")
    if event.is_over():
        raise ValidationError("This ask-me-anything is over. You can still ask the leader from Ask leadership.")
    question = practices.question_ask(asker=asker, leader=event.organiser, body=body)
    AmaQuestion.objects.create(event=event, question=question)
    return question


# --- cause opportunities ---------------------------------------------------------------------

@dataclass
class OpportunityFields:
    title: str
    description: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str
    volunteers_needed: int | None
    time_zone: str = "UTC"


@transaction.atomic
def opportunity_create(*, person: Person, group: Group, fields: OpportunityFields) -> Opportunity:
    if group.kind != Group.Kind.CAUSE:
        raise ValidationError("Volunteering opportunities belong to cause groups.")
    if not access.can_add_opportunity(person, group):
        raise PermissionDenied("Join the group to offer an opportunity in it.")
    title = clean_text(fields.title, what="title", max_chars=TITLE_MAX_CHARS)
    description = clean_text(fields.description, what="description", max_chars=DESCRIPTION_MAX_CHARS, required=False)
    place = clean_text(fields.place, what="place", max_chars=PLACE_MAX_CHARS,
                       empty="Say where volunteers should go (or “Online”).")
    if fields.starts_at is None:
        raise ValidationError("Choose when it starts.")
    if fields.starts_at <= timezone.now():
        raise ValidationError("The start is in the past. Choose a time still to come.")
    if fields.ends_at is not None and fields.ends_at <= fields.starts_at:
        raise ValidationError("The end comes before the start. Choose an end after the start, or leave it empty.")
    needed = fields.volunteers_needed
    if needed is None or not 1 <= needed <= 10_000:
        raise ValidationError("Say how many volunteers are needed: a number from 1 to 10,000.")
    if fields.time_zone not in TIME_ZONES:
        raise ValidationError(f"“{fields.time_zone[:64]}” is not a time zone we know. Choose the place's zone "
                              "from the list.")
    return Opportunity.objects.create(group=group, created_by=person, title=title, description=description,
                                      starts_at=fields.starts_at, ends_at=fields.ends_at, place=place,
                                      time_zone=fields.time_zone, volunteers_needed=needed)


@transaction.atomic
def signup_set(*, person: Person, opportunity: Opportunity, join: bool) -> bool:
    """Sign up (join=True) or withdraw. Returns whether the person is now signed up."""
    opportunity = Opportunity.objects.select_for_update().select_related("group").get(pk=opportunity.pk)
    mine = SignUp.objects.filter(opportunity=opportunity, person=person)
    if join:
        if mine.exists():
            return True
        if opportunity.is_over():
            raise ValidationError("This opportunity is over. Have a look at the others.")
        if opportunity.is_full():
            taken = ("The only place is taken" if opportunity.volunteers_needed == 1
                     else f"All {opportunity.volunteers_needed} places are taken")
            raise ValidationError(f"{taken} — thank you for offering. Have a look at the other opportunities.")
        SignUp.objects.create(opportunity=opportunity, person=person)
        conversations.notify(recipients=[opportunity.created_by_id], actor=person, verb=Notification.Verb.EVENT,
                             link=opportunity.get_absolute_url(),
                             message=f"signed up to volunteer for “{opportunity.title[:120]}”")
    else:
        mine.delete()
    opportunity.signup_count = SignUp.objects.filter(opportunity=opportunity).count()
    opportunity.save(update_fields=["signup_count"])
    return join


# --- the composer's Event (the composer extra "events", registered in apps.py) ---------------------------------

def local_moment(raw: str, zone: zoneinfo.ZoneInfo, what: str) -> datetime | None:
    """A datetime-local value ("2026-12-01T14:30") read in `zone` (the person's own); empty is None. The event
    page's form and the composer's Event both read their times through here."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"The {what} is not a date and time we can read; use the picker "
                              "(for example 2026-12-01 14:30).") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def event_from_composer(*, person: Person, post: Post, values: dict) -> Event:
    """The composer's event fields (times in the writer's own zone), checked, and the event attached to `post`."""
    zone = zone_of(person)
    raw_capacity = str(values.get("event_capacity") or "").strip()
    if raw_capacity and not raw_capacity.isdigit():
        raise ValidationError("The number of places must be a whole number, or empty for no limit.")
    fields = EventFields(title=post.title, description=post.body,
                         starts_at=local_moment(values.get("event_starts_at", ""), zone, "start"),
                         ends_at=local_moment(values.get("event_ends_at", ""), zone, "end"),
                         place=str(values.get("event_place") or ""),
                         capacity=int(raw_capacity) if raw_capacity else None)
    if not post.title:
        raise ValidationError("An event needs a title: write it in the Title box.")
    return event_attach(organiser=person, post=post, fields=fields, time_zone=zone.key)
