"""Events and talks (events package): upcoming, past and mine; one event; a new event; RSVP; cancelling.

Reads through events.access (an event is readable exactly when its post is) and events.selectors; writes through
events.services.event_create, rsvp_set and event_cancel, so capacity, waitlist and its promotions are the web's own."""

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints, field_validator

from townsquare.api import serializers as out
from townsquare.api.pagination import keyset, page
from townsquare.api.params import ERRORS, POST_ERRORS, Cursor, Limit, caller
from townsquare.api.schemas import MAX_ID, TEXT_PATTERN, WRITTEN_PATTERN, GroupRef, PersonRef, Slug, page_of
from townsquare.conversations import access as conv_access
from townsquare.conversations import services as conv_services
from townsquare.events import access, selectors, services
from townsquare.events.models import Event, Rsvp

router = Router(tags=["events"])
EventId = Path(..., ge=1, le=MAX_ID)
EventKind = Literal["event", "talk", "ama"]
RsvpStatus = Literal["going", "maybe", "no", "waitlist"]


class EventOut(Schema):
    id: int
    kind: EventKind
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str = Field(description="The zone the organiser entered the times in.")
    place: str
    online_url: str
    organiser: PersonRef
    group: GroupRef | None = Field(description="null for a company-wide event")
    post_id: int | None = Field(description="The post that carries it (GET /api/v1/posts/{id}).")
    capacity: int | None = Field(description="Places for “going”; null for no limit.")
    waitlist: bool = Field(description="When full, a new “going” joins the waitlist (otherwise it is refused).")
    going_count: int
    maybe_count: int
    waitlist_count: int
    places_left: int | None
    cancelled: bool
    cancel_reason: str
    my_rsvp: RsvpStatus | None = Field(description="Your answer, or null.")
    url: str
    ics_url: str


class AttendeesOut(Schema):
    going: list[PersonRef] = Field(description="Who is going (the organiser hosts and is not among them).")
    maybe: list[PersonRef]
    waitlist: list[PersonRef] = Field(description="In queue order.")


class EventDetailOut(EventOut):
    attendees: AttendeesOut


EventPage = page_of(EventOut, "EventPage")


class EventIn(Schema):
    kind: EventKind = Field("event", description="ama (ask me anything) is for leaders, company-wide.")
    title: str = Field(min_length=1, max_length=services.TITLE_MAX_CHARS, pattern=WRITTEN_PATTERN)
    description: str = Field(min_length=1, max_length=services.DESCRIPTION_MAX_CHARS, pattern=WRITTEN_PATTERN)
    starts_at: datetime = Field(description="ISO 8601; without an offset it is read in your own time zone.")
    ends_at: datetime | None = Field(None, description="Leave out for an hour after the start; at most 14 days.")
    place: Annotated[str, StringConstraints(max_length=services.PLACE_MAX_CHARS, pattern=TEXT_PATTERN)] = ""
    online_url: Annotated[str, StringConstraints(max_length=services.URL_MAX_CHARS, pattern=TEXT_PATTERN)] = Field(
        "", description="An https:// or http:// address. A place, an online link or both.")
    capacity: int | None = Field(None, ge=1, le=services.CAPACITY_MAX, description="Leave out for no limit.")
    waitlist: bool = Field(True, strict=True)
    group: Slug | None = Field(None, description="A group you belong to; leave out for company-wide.")

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _this_millennium(cls, value):
        if value is not None and not 2000 <= value.year <= 2999:
            raise ValueError("is not a date we can plan for: choose one between the years 2000 and 2999.")
        return value


class RsvpIn(Schema):
    status: Literal["going", "maybe", "no"] = Field(
        description="going counts against the capacity: when full you join the waitlist (or are refused, with the "
                    "waitlist off).")


class CancelIn(Schema):
    reason: Annotated[str, StringConstraints(max_length=services.REASON_MAX_CHARS, pattern=TEXT_PATTERN)] = Field(
        "", description="Why it will not take place (optional, as on the event's page): shown on the event and its "
                        "post.")


class RsvpOut(Schema):
    event_id: int
    status: RsvpStatus = Field(description="Your answer now: waitlist when you asked for going at a full event.")
    message: str
    going_count: int
    maybe_count: int
    waitlist_count: int
    places_left: int | None


def _event(e: Event, my_rsvp) -> dict:
    group = e.post.group if e.post_id and e.post.group_id else None
    return {"id": e.pk, "kind": e.kind, "title": e.title, "description": e.description, "starts_at": e.starts_at,
            "ends_at": e.ends_at, "time_zone": e.time_zone, "place": e.place, "online_url": e.online_url,
            "organiser": out.person_ref(e.organiser), "group": out.group_ref(group) if group else None,
            "post_id": e.post_id, "capacity": e.capacity, "waitlist": e.waitlist, "going_count": e.going_count,
            "maybe_count": e.maybe_count, "waitlist_count": e.waitlist_count, "places_left": e.places_left,
            "cancelled": e.is_cancelled, "cancel_reason": e.cancel_reason, "my_rsvp": my_rsvp,
            "url": e.get_absolute_url(), "ics_url": reverse("event_ics", args=[e.pk])}


def _detail(person, e: Event) -> dict:
    people = selectors.attendees(e)
    return {**_event(e, selectors.my_status(person, e)),
            "attendees": {k: [out.person_ref(p) for p in people[s]]
                          for k, s in (("going", Rsvp.Status.GOING), ("maybe", Rsvp.Status.MAYBE),
                                       ("waitlist", Rsvp.Status.WAITLIST))}}


@router.get("/events", response={200: EventPage, **ERRORS}, url_name="events", summary="Events")
def event_list(request, show: Literal["upcoming", "past", "mine"] = Query(
                   "upcoming", description="upcoming (not yet ended, not cancelled, soonest first), past (newest "
                                           "first) or mine (organised or answered, still to come)."),
               group: str | None = Query(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$",
                                         description="Only this group's events (its slug)."),
               cursor: str | None = Cursor, limit: int = Limit):
    person = caller(request)
    qs = selectors.events_list(person, show=show, group=access.access_group_events(person, group) if group else None)
    window = keyset(qs, field="starts_at", descending=show == "past", cursor=cursor, limit=limit, is_time=True)
    return page(request, window, [_event(e, e.my_status) for e in window.rows])


@router.post("/events", response={201: EventDetailOut, **POST_ERRORS}, url_name="event_create", summary="Post an event")
def event_create(request, payload: EventIn):
    """An event, talk or ask-me-anything and the post that carries it; you are down as going. The checks are the
    event form's: a start still to come, an end after it, a place or an online link (422 saying which)."""
    person = caller(request)
    zone = services.zone_of(person)
    group = conv_access.access_group(person, payload.group) if payload.group else None
    starts = payload.starts_at if payload.starts_at.tzinfo else payload.starts_at.replace(tzinfo=zone)
    ends = payload.ends_at
    if ends is not None and ends.tzinfo is None:
        ends = ends.replace(tzinfo=zone)
    fields = services.EventFields(title=payload.title, description=payload.description, starts_at=starts,
                                  ends_at=ends, place=payload.place, online_url=payload.online_url,
                                  capacity=payload.capacity, waitlist=payload.waitlist)
    event = services.event_create(organiser=person, fields=fields, kind=payload.kind, group=group,
                                  time_zone=zone.key)
    return Status(201, _detail(person, access.access_event(person, event.pk)))


@router.get("/events/{int:event_id}", response={200: EventDetailOut, **ERRORS}, url_name="event", summary="An event")
def event_detail(request, event_id: int = EventId):
    """With who is going, maybe and on the waitlist ("no" is counted, not listed)."""
    person = caller(request)
    event = access.access_event(person, event_id)
    conv_services.post_view_record(person=person, post=event.post)  # it shows the post's words, as the page does
    return _detail(person, event)


def _rsvp(person, event_id: int, status: str) -> dict:
    event = access.access_event(person, event_id)
    result = services.rsvp_set(person=person, event=event, status=status)
    event.refresh_from_db(fields=["going_count", "maybe_count", "waitlist_count"])
    return {"event_id": event.pk, "status": result.status, "message": result.message,
            "going_count": event.going_count, "maybe_count": event.maybe_count,
            "waitlist_count": event.waitlist_count, "places_left": event.places_left}


@router.put("/events/{int:event_id}/rsvp", response={200: RsvpOut, **ERRORS}, url_name="event_rsvp",
            summary="Answer an event")
def event_rsvp(request, payload: RsvpIn, event_id: int = EventId):
    """Idempotent: the same answer again changes nothing (going stays going, the waitlist keeps your place).
    A cancelled or finished event, or a full one without a waitlist, is a 422 saying so."""
    return _rsvp(caller(request), event_id, payload.status)


@router.delete("/events/{int:event_id}/rsvp", response={200: RsvpOut, **ERRORS}, url_name="event_unrsvp",
               summary="Withdraw your answer")
def event_unrsvp(request, event_id: int = EventId):
    """The same as answering no: a place you held goes to the first person on the waitlist. Idempotent."""
    return _rsvp(caller(request), event_id, Rsvp.Status.NO)


@router.post("/events/{int:event_id}/cancel", response={200: EventDetailOut, **POST_ERRORS}, url_name="event_cancel",
             summary="Cancel an event")
def event_cancel(request, payload: CancelIn, event_id: int = EventId):
    """For its organiser only (anyone else: 404), as the event's page does: the event and its post say it is
    cancelled, with the reason, and everyone who answered going, maybe or waitlist is told. An event cancelled
    already is a 422 saying so."""
    person = caller(request)
    event = access.access_event(person, event_id, action="cancel")
    services.event_cancel(person=person, event=event, reason=payload.reason)
    return _detail(person, access.access_event(person, event.pk))
