"""Thin views for events, ask-me-anything sessions, the calendar feed and causes. Events are read
through access.access_event (their post's visibility), opportunities through access.access_opportunity
(their cause group's). Changing what one may read but not manage looks like not found: the access
functions take the action ("edit", "cancel", "ask", "add_opportunity") and raise the same 404."""

import zoneinfo
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from townsquare.conversations import services as conversations_services
from townsquare.conversations import text
from townsquare.events import access, ical, selectors, services
from townsquare.events.models import Event, Rsvp
from townsquare.people import timezones
from townsquare.people.models import TIME_ZONES
from townsquare.practices import services as practices_services

ICS_TYPE = "text/calendar; charset=utf-8"


def _errors(exc: Exception) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc)]


def _zone(person) -> zoneinfo.ZoneInfo:
    return services.zone_of(person)


def _local_input(moment: datetime | None, zone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment else ""


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- events list -----------------------------------------------------------------------------

def _list(request, *, group=None):
    show = request.GET.get("show", "upcoming")
    show = show if show in selectors.SHOWS else "upcoming"
    events = list(selectors.events_list(request.user, show=show, group=group)[: selectors.LIST_LIMIT + 1])
    return render(request, "events/list.html", {
        "title": f"Events in {group.name}" if group else "Events", "group": group, "show": show,
        "shows": selectors.SHOWS.items(), "events": events[: selectors.LIST_LIMIT],
        "more": len(events) > selectors.LIST_LIMIT,
        "can_post_in_group": group is not None and access.can_post_in_group(request.user, group),
    })


@login_required
def event_list(request):
    return _list(request)


@login_required
def group_events(request, slug: str):
    return _list(request, group=access.access_group_events(request.user, slug))


# --- create / edit ---------------------------------------------------------------------------

FIELDS = ("title", "description", "starts_at", "ends_at", "place", "online_url", "capacity", "kind", "group")


def _form_data(request) -> dict:
    data = {k: request.POST.get(k, "") for k in FIELDS}
    data["waitlist"] = bool(request.POST.get("waitlist"))
    return data


def _fields(data: dict, zone) -> services.EventFields:
    raw = str(data.get("capacity") or "").strip()
    capacity = None
    if raw:
        try:
            capacity = int(raw)
        except ValueError:
            raise ValidationError("The number of places must be a whole number, or empty for no limit.") from None
    return services.EventFields(
        title=data["title"], description=data["description"],
        starts_at=services.local_moment(data["starts_at"], zone, "start"),
        ends_at=services.local_moment(data["ends_at"], zone, "end"),
        place=data["place"], online_url=data["online_url"], capacity=capacity, waitlist=data["waitlist"])


def _form(request, *, data, errors=None, event=None, status=200):
    return render(request, "events/form.html", {
        "title": f"Edit “{event.title}”" if event else "New event", "event": event, "data": data,
        "errors": errors or [], "groups": access.groups_to_post_in(request.user),
        "kinds": Event.Kind.choices, "can_host_ama": access.can_host_ama(request.user),
        "zone": _zone(request.user).key, "title_limit": services.TITLE_MAX_CHARS,
        "description_limit": services.DESCRIPTION_MAX_CHARS,
    }, status=status)


@login_required
def event_create(request):
    if request.method != "POST":
        kind = request.GET.get("kind", "")
        return _form(request, data={"kind": kind if kind in Event.Kind.values else Event.Kind.EVENT,
                                    "group": request.GET.get("group", ""), "waitlist": True})
    data = _form_data(request)
    try:
        group = None
        if data["group"]:
            group = access.group_to_post_in(request.user, data["group"])
            if group is None:
                raise ValidationError("You can only post an event in a group you are a member of.")
        event = services.event_create(organiser=request.user, fields=_fields(data, _zone(request.user)),
                                      kind=data["kind"] or Event.Kind.EVENT, group=group,
                                      time_zone=_zone(request.user).key)
    except (ValidationError, PermissionDenied) as exc:
        return _form(request, data=data, errors=_errors(exc), status=400)
    messages.success(request, "Your event is posted. You're the organiser, so you take none of its places: "
                     "share the page with whoever should come.")
    return redirect(event)


@login_required
def event_edit(request, event_id: int):
    event = access.access_event(request.user, event_id, action="edit")
    zone = _zone(request.user)
    if request.method != "POST":
        data = {"title": event.title, "description": event.description, "place": event.place,
                "online_url": event.online_url, "capacity": event.capacity or "", "waitlist": event.waitlist,
                "starts_at": _local_input(event.starts_at, zone), "ends_at": _local_input(event.ends_at, zone),
                "kind": event.kind}
        return _form(request, data=data, event=event)
    data = _form_data(request)
    data["kind"] = event.kind
    try:
        services.event_update(person=request.user, event=event, fields=_fields(data, zone))
    except (ValidationError, PermissionDenied) as exc:
        return _form(request, data=data, errors=_errors(exc), event=event, status=400)
    messages.success(request, "Saved. If the time or place changed, everyone who answered has been told.")
    return redirect(event)


@login_required
@require_POST
def event_cancel(request, event_id: int):
    event = access.access_event(request.user, event_id, action="cancel")
    try:
        services.event_cancel(person=request.user, event=event, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        return _detail(request, event, errors=_errors(exc), status=400)
    messages.success(request, "The event is cancelled. Everyone who answered going, maybe or waitlist has been told.")
    return redirect(event)


# --- the event page --------------------------------------------------------------------------

def _place(position: int | None) -> str:
    return selectors.ordinal(position) if position else ""


def _detail(request, event, *, errors=None, ask_errors=None, ask_body="", status=200):
    is_ama = event.kind == Event.Kind.AMA
    organiser_zone = zoneinfo.ZoneInfo(event.time_zone)
    return render(request, "events/detail.html", {
        "title": event.title, "event": event, "post": event.post,
        "description_html": text.render(event.description).html,
        "my_status": selectors.my_status(request.user, event), "attendees": selectors.attendees(event),
        "is_organiser": request.user.pk == event.organiser_id,
        "waitlist_place": _place(selectors.waitlist_position(person=request.user, event=event)),
        "can_manage": access.can_manage_event(request.user, event), "over": event.is_over(),
        "statuses": [(Rsvp.Status.GOING, "Going"), (Rsvp.Status.MAYBE, "Maybe"), (Rsvp.Status.NO, "Can't go")],
        "organiser_when": services.when_text(event.starts_at, event.ends_at, organiser_zone),
        # only when the organiser's clock reads differently from the reader's at that moment
        "show_organiser_zone": event.starts_at.astimezone(organiser_zone).utcoffset()
        != event.starts_at.astimezone(_zone(request.user)).utcoffset(),
        "is_ama": is_ama, "questions": selectors.ama_questions(request.user, event) if is_ama else [],
        "errors": errors or [], "ask_errors": ask_errors or [], "ask_body": ask_body,
        "question_limit": practices_services.QUESTION_MAX_CHARS,
    }, status=status)


@login_required
def event_detail(request, event_id: int):
    event = access.access_event(request.user, event_id)
    conversations_services.post_view_record(person=request.user, post=event.post)  # the page shows the post's words
    return _detail(request, event)


@login_required
@require_POST
def event_rsvp(request, event_id: int):
    event = access.access_event(request.user, event_id)
    try:
        result = services.rsvp_set(person=request.user, event=event, status=request.POST.get("status", ""))
    except ValidationError as exc:
        event.refresh_from_db()
        return _detail(request, event, errors=_errors(exc), status=400)
    messages.success(request, result.message)
    return redirect(event)


@login_required
@require_POST
def event_ask(request, event_id: int):
    event = access.access_event(request.user, event_id, action="ask")
    body = request.POST.get("body", "")
    try:
        services.ama_question_ask(asker=request.user, event=event, body=body)
    except ValidationError as exc:
        return _detail(request, event, ask_errors=_errors(exc), ask_body=body, status=400)
    messages.success(request, f"Asked. {event.organiser.name} sees it now; everyone can vote it up.")
    return redirect(event.get_absolute_url() + "#questions")


@login_required
def event_ics(request, event_id: int):
    event = access.access_event(request.user, event_id)
    response = HttpResponse(ical.calendar_bytes([event], base_url=_base_url(request)), content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


# --- calendar feed ---------------------------------------------------------------------------

@login_required
def calendar_settings(request):
    token = services.calendar_token_for(request.user)
    feed = request.build_absolute_uri(reverse("calendar_feed", args=[token.token]))
    return render(request, "events/calendar.html", {
        "title": "Your calendar feed", "feed_url": feed, "webcal_url": "webcal://" + feed.split("://", 1)[1],
        "count": selectors.calendar_events(request.user).count(),
    })


@login_required
@require_POST
def calendar_reset(request):
    services.calendar_token_reset(request.user)
    messages.success(request, "Done: here is your new address. Calendars subscribed with the old one no longer update.")
    return redirect("calendar_settings")


def calendar_feed(request, token: str):
    """No session: the secret in the address is the key, so calendar apps can subscribe."""
    person = access.access_calendar(token)
    body = ical.calendar_bytes(selectors.calendar_events(person), base_url=_base_url(request),
                               name=f"Townsquare events — {person.name}")
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- causes ----------------------------------------------------------------------------------

@login_required
def cause_list(request):
    causes = selectors.causes(request.user)
    return render(request, "events/causes.html", {
        "title": "Causes", "causes": causes, "active_causes": [g for g in causes if g.open_count],
        "quiet_causes": [g for g in causes if not g.open_count][:200],
        "opportunities": _with_when(request, selectors.soonest_open_opportunities(request.user, limit=12)),
    })


@login_required
def cause_detail(request, slug: str):
    group = access.access_cause(request.user, slug)
    return render(request, "events/cause.html", {
        "title": group.name, "group": group, "opportunities": _with_when(request, selectors.cause_opportunities(request.user, group)),
        "events": list(selectors.events_list(request.user, group=group)[:10]),
        "can_add": access.can_add_opportunity(request.user, group),
    })


@login_required
def opportunity_create(request, slug: str):
    group = access.access_cause(request.user, slug, action="add_opportunity")
    keys = ("title", "description", "starts_at", "ends_at", "place", "volunteers_needed", "time_zone")
    data = {k: request.POST.get(k, "") for k in keys}
    data["time_zone"] = data["time_zone"].strip() or _zone(request.user).key
    errors: list[str] = []
    if request.method == "POST":
        # The times are read in the place's zone (checked by the service; an unknown one is refused there).
        zone = zoneinfo.ZoneInfo(data["time_zone"]) if data["time_zone"] in TIME_ZONES else _zone(request.user)
        try:
            needed = data["volunteers_needed"].strip()
            try:
                needed = int(needed) if needed else None
            except ValueError:
                raise ValidationError("Say how many volunteers are needed: a number from 1 to 10,000.") from None
            opportunity = services.opportunity_create(person=request.user, group=group, fields=services.OpportunityFields(
                title=data["title"], description=data["description"], place=data["place"], volunteers_needed=needed,
                starts_at=services.local_moment(data["starts_at"], zone, "start"),
                ends_at=services.local_moment(data["ends_at"], zone, "end"),
                time_zone=data["time_zone"]))
        except (ValidationError, PermissionDenied) as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "Your opportunity is listed. We'll tell you as people sign up.")
            return redirect(opportunity)
    return render(request, "events/opportunity_form.html", {
        "title": "Offer a volunteering opportunity", "group": group, "data": data, "errors": errors,
        "zone": _zone(request.user).key, "zone_choices": timezones.option_groups(also=data["time_zone"]),
    }, status=400 if errors else 200)


def _with_when(request, opportunities):
    """Each opportunity's time where it happens and on the reader's clock ("13:00 London · 05:00 your time")."""
    zone = _zone(request.user)
    for o in opportunities:
        o.when_label = services.place_and_your_time(o.starts_at, o.ends_at, o.time_zone, zone)
    return opportunities


def _opportunity_page(request, opportunity, *, errors=None, status=200):
    _with_when(request, [opportunity])
    return render(request, "events/opportunity.html", {
        "title": opportunity.title, "opportunity": opportunity, "group": opportunity.group,
        "signed_up": selectors.is_signed_up(request.user, opportunity),
        "can_see_signups": access.can_see_signups(request.user, opportunity),
        "signups": selectors.signups(opportunity) if access.can_see_signups(request.user, opportunity) else [],
        "description_html": text.render(opportunity.description).html if opportunity.description else "",
        "errors": errors or [], "over": opportunity.is_over(),
    }, status=status)


@login_required
def opportunity_detail(request, opportunity_id: int):
    return _opportunity_page(request, access.access_opportunity(request.user, opportunity_id))


@login_required
@require_POST
def opportunity_signup(request, opportunity_id: int):
    opportunity = access.access_opportunity(request.user, opportunity_id)
    join = request.POST.get("action", "join") != "withdraw"
    try:
        services.signup_set(person=request.user, opportunity=opportunity, join=join)
    except ValidationError as exc:
        opportunity.refresh_from_db()
        return _opportunity_page(request, opportunity, errors=_errors(exc), status=400)
    messages.success(request, "You're signed up — thank you! The organiser knows you're coming."
                     if join else "You've withdrawn. Thanks for letting them know.")
    return redirect(opportunity)
