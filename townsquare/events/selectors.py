"""Reads for events, ask-me-anything sessions and causes. Each page costs a fixed number of queries."""

from datetime import timedelta

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from townsquare.events import access
from townsquare.events.models import AmaQuestion, Event, Opportunity, Rsvp, SignUp
from townsquare.practices import selectors as practices

LIST_LIMIT = 50
ATTENDEES_LIMIT = 300
FEED_PAST = timedelta(days=90)  # the calendar feed keeps the last three months of past events
SHOWS = {"upcoming": "Upcoming", "past": "Past", "mine": "Mine"}


def _with_my_status(qs: QuerySet[Event], person) -> QuerySet[Event]:
    mine = Rsvp.objects.filter(event=OuterRef("pk"), person=person.pk).values("status")[:1]
    return qs.annotate(my_status=Subquery(mine))


def events_list(person, *, show: str = "upcoming", group=None) -> QuerySet[Event]:
    """Upcoming (not yet ended, soonest first), past (newest first) or mine (the ones I organise or
    answered going, maybe or waitlist to, soonest first, past ones last)."""
    now = timezone.now()
    qs = access.events_visible_to(person).select_related("post__group", "organiser")
    if group is not None:
        qs = qs.filter(post__group=group)
    if show == "past":
        qs = qs.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    elif show == "mine":
        answered = Rsvp.objects.filter(person=person, status__in=[Rsvp.Status.GOING, Rsvp.Status.MAYBE,
                                                                  Rsvp.Status.WAITLIST]).values("event_id")
        qs = qs.filter(Q(organiser=person) | Q(pk__in=answered), ends_at__gt=now).order_by("starts_at", "id")
    else:
        qs = qs.filter(ends_at__gt=now, cancelled_at__isnull=True).order_by("starts_at", "id")
    return _with_my_status(qs, person)


def my_status(person, event: Event) -> str | None:
    return Rsvp.objects.filter(event=event, person=person).values_list("status", flat=True).first()


def waitlist_position(*, person, event: Event) -> int | None:
    """The person's place in the waitlist queue (1 = the next to move up), or None when not waiting."""
    mine = Rsvp.objects.filter(event=event, person=person.pk, status=Rsvp.Status.WAITLIST).first()
    if mine is None:
        return None
    ahead = Rsvp.objects.filter(event=event, status=Rsvp.Status.WAITLIST).filter(
        Q(updated_at__lt=mine.updated_at) | Q(updated_at=mine.updated_at, id__lt=mine.id)).count()
    return ahead + 1


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def attendees(event: Event) -> dict[str, list]:
    """People by answer, in answer order (the waitlist in queue order); "no" is counted, not listed. The
    organiser hosts and has no answer, so is not among them."""
    rows = (Rsvp.objects.filter(event=event, status__in=[Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.WAITLIST])
            .select_related("person").order_by("updated_at", "id")[:ATTENDEES_LIMIT])
    out: dict[str, list] = {Rsvp.Status.GOING: [], Rsvp.Status.MAYBE: [], Rsvp.Status.WAITLIST: []}
    for rsvp in rows:
        out[rsvp.status].append(rsvp.person)
    return out


def ama_questions(person, event: Event) -> list:
    """Questions for the host asked from this event's page, or asked to them in Ask leadership while the
    session runs (between its start and end); most votes first."""
    ids = AmaQuestion.objects.filter(event=event).values("question_id")
    during = Q(created_at__gte=event.starts_at, created_at__lte=event.ends_at)
    return list(practices.questions_for(person, leader=event.organiser).filter(Q(pk__in=ids) | during)
                .order_by("-vote_count", "created_at")[:200])


def calendar_events(person) -> QuerySet[Event]:
    """The feed: events I organise or answered going, maybe or waitlist to, from three months ago on,
    still readable by me (leaving a private group takes its events out of the feed)."""
    answered = Rsvp.objects.filter(person=person, status__in=[Rsvp.Status.GOING, Rsvp.Status.MAYBE,
                                                              Rsvp.Status.WAITLIST]).values("event_id")
    return (access.events_visible_to(person).filter(Q(organiser=person) | Q(pk__in=answered),
                                                    ends_at__gte=timezone.now() - FEED_PAST)
            .order_by("starts_at", "id")[:1000])


# --- causes --------------------------------------------------------------------------------------

def _open(now):
    return Q(starts_at__gt=now) & Q(signup_count__lt=F("volunteers_needed"))


def open_opportunities(person) -> QuerySet[Opportunity]:
    """Opportunities still to come with places left, in causes I may read."""
    return access.opportunities_visible_to(person).filter(_open(timezone.now())).select_related("group")


def soonest_open_opportunities(person, *, limit: int = 12) -> list[Opportunity]:
    """The first `limit` open opportunities, soonest first (the causes page's "ways to help")."""
    return list(open_opportunities(person).order_by("starts_at", "id")[:limit])


def causes(person) -> list:
    """Cause groups I may read, those with open opportunities first, with the count of open ones."""
    now = timezone.now()
    groups = list(access.causes_visible_to(person).annotate(
        open_count=Count("opportunities", filter=Q(opportunities__starts_at__gt=now,
                                                   opportunities__signup_count__lt=F("opportunities__volunteers_needed")))
    ).order_by("name"))
    groups.sort(key=lambda g: (g.open_count == 0, g.name.casefold()))
    return groups


def cause_opportunities(person, group) -> list[Opportunity]:
    now = timezone.now()
    mine = SignUp.objects.filter(opportunity=OuterRef("pk"), person=person.pk).values("id")[:1]
    return list(Opportunity.objects.filter(group=group, starts_at__gt=now - timedelta(hours=12))
                .annotate(my_signup=Subquery(mine)).order_by("starts_at", "id")[:LIST_LIMIT])


def signups(opportunity: Opportunity) -> list:
    return list(SignUp.objects.filter(opportunity=opportunity).select_related("person").order_by("created_at", "id")[:1000])


def is_signed_up(person, opportunity: Opportunity) -> bool:
    return SignUp.objects.filter(opportunity=opportunity, person=person).exists()


# --- event cards in feeds (a conversations card renderer, events/apps.py) -------------------------------------

def event_cards_load(posts, person) -> None:
    """Each event post's event and the reader's RSVP: two queries for the whole page. The time is in the reader's
    zone, so the zone is part of the card's key, with the counts and the reader's answer."""
    from townsquare.events.models import Event, Rsvp
    from townsquare.events.services import when_text, zone_of

    events = {e.post_id: e for e in Event.objects.filter(post_id__in=[p.pk for p in posts])}
    mine = dict(Rsvp.objects.filter(event__in=list(events.values()), person=person)
                .values_list("event_id", "status")) if events and person.is_authenticated else {}
    zone = zone_of(person)
    now = timezone.now()
    for post in posts:
        event = events.get(post.pk)
        if event is None:
            continue
        status = mine.get(event.pk, "")
        post.card_context = {"event": event, "when": when_text(event.starts_at, event.ends_at, zone), "status": status,
                             "over": event.is_over(now), "places_left": event.places_left}
        post.card_key = ("event", event.pk, event.updated_at, event.going_count, event.capacity, event.place,
                         event.cancelled_at, status, zone.key, post.card_context["over"])
