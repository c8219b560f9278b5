"""Access functions for events and cause opportunities. Every read goes through here.

An event is readable exactly when its post is (conversations.access.posts_visible_to): company-wide and
public-group events by every signed-in person, private- and secret-group events by members only. An
opportunity is readable when its cause group's posts are. Not found and not allowed are the same 404.
"""

from django.db.models import QuerySet
from django.http import Http404

from townsquare.conversations.access import (
    access_group,
    can_read_group_posts,
    is_group_admin,
    posts_visible_to,
    readable_group_ids,
)
from townsquare.conversations.models import Group, Membership
from townsquare.events.models import CalendarToken, Event, Opportunity
from townsquare.practices.access import is_leader


def _int(value, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(f"No such {what}") from None


def events_visible_to(person) -> QuerySet[Event]:
    if not person.is_authenticated:
        return Event.objects.none()
    return Event.objects.filter(post__in=posts_visible_to(person))


EVENT_ACTIONS = ("read", "edit", "cancel", "ask")


def access_event(person, event_id, action: str = "read") -> Event:
    """The event with `event_id`, for `action`:

    read    whoever may read its post
    edit    its organiser, while it is not cancelled
    cancel  its organiser
    ask     whoever may read it, when it is an ask-me-anything (questions to the host)
    """
    if action not in EVENT_ACTIONS:
        raise ValueError(f"Unknown action on an event: {action!r}")
    event = (events_visible_to(person).select_related("post", "post__group", "organiser")
             .filter(pk=_int(event_id, "event")).first())
    if event is None or (action in ("edit", "cancel") and not can_manage_event(person, event)) \
            or (action == "edit" and event.is_cancelled) or (action == "ask" and event.kind != Event.Kind.AMA):
        raise Http404("No such event")
    return event


def access_group_events(person, slug: str) -> Group:
    """A group whose events `person` may read (its posts): a private group's are for members only."""
    group = access_group(person, slug)
    if not can_read_group_posts(person, group):
        raise Http404("No such group")
    return group


def access_calendar(token: str):
    """The person whose calendar feed `token` opens: the secret in the address is the key, so no session
    is needed. An unknown token and a deactivated person's are the same 404."""
    found = CalendarToken.objects.filter(token=token, person__is_active=True).select_related("person").first()
    if found is None:
        raise Http404("No such calendar")
    return found.person


def can_manage_event(person, event: Event) -> bool:
    """Only the organiser edits or cancels an event (it is their post, in their name)."""
    return person.is_authenticated and person.pk == event.organiser_id


def can_host_ama(person) -> bool:
    """Only people an organisation admin marked as leaders host an ask-me-anything."""
    return is_leader(person)


def groups_to_post_in(person) -> QuerySet[Group]:
    """The groups where `person` may post an event: those they are an active member of."""
    return Group.objects.filter(memberships__person=person, memberships__state=Membership.State.ACTIVE).order_by("name")


def group_to_post_in(person, slug: str) -> Group | None:
    """The group with `slug` if `person` may post an event in it, else None."""
    return groups_to_post_in(person).filter(slug=slug).first() if slug else None


def can_post_in_group(person, group: Group) -> bool:
    return groups_to_post_in(person).filter(pk=group.pk).exists()


def causes_visible_to(person) -> QuerySet[Group]:
    """Cause groups whose opportunities `person` may read: public ones and the ones they belong to."""
    if not person.is_authenticated:
        return Group.objects.none()
    return Group.objects.filter(kind=Group.Kind.CAUSE, id__in=readable_group_ids(person))


CAUSE_ACTIONS = ("read", "add_opportunity")


def access_cause(person, slug: str, action: str = "read") -> Group:
    """The cause group with `slug`, for `action`:

    read             whoever may read the group's posts
    add_opportunity  its active members (can_add_opportunity)
    """
    if action not in CAUSE_ACTIONS:
        raise ValueError(f"Unknown action on a cause: {action!r}")
    group = access_group(person, slug)
    if group.kind != Group.Kind.CAUSE or not can_read_group_posts(person, group) \
            or (action == "add_opportunity" and not can_add_opportunity(person, group)):
        raise Http404("No such cause")
    return group


def opportunities_visible_to(person) -> QuerySet[Opportunity]:
    if not person.is_authenticated:
        return Opportunity.objects.none()
    return Opportunity.objects.filter(group__in=causes_visible_to(person))


def access_opportunity(person, opportunity_id) -> Opportunity:
    opportunity = (opportunities_visible_to(person).select_related("group", "created_by")
                   .filter(pk=_int(opportunity_id, "opportunity")).first())
    if opportunity is None:
        raise Http404("No such opportunity")
    return opportunity


def can_add_opportunity(person, group: Group) -> bool:
    """Members of the cause group offer opportunities (as they would post in it)."""
    return person.is_authenticated and Membership.objects.filter(
        person=person, group=group, state=Membership.State.ACTIVE).exists()


def can_see_signups(person, opportunity: Opportunity) -> bool:
    """Who signed up is for the group's admins and the person who offered the opportunity."""
    return person.is_authenticated and (person.pk == opportunity.created_by_id or is_group_admin(person, opportunity.group))
