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
from townsquare.events.models import Event, Opportunity
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


def access_event(person, event_id) -> Event:
    event = (events_visible_to(person).select_related("post", "post__group", "organiser")
             .filter(pk=_int(event_id, "event")).first())
    if event is None:
        raise Http404("No such event")
    return event


def can_manage_event(person, event: Event) -> bool:
    """Only the organiser edits or cancels an event (it is their post, in their name)."""
    return person.is_authenticated and person.pk == event.organiser_id


def can_host_ama(person) -> bool:
    """Only people an organisation admin marked as leaders host an ask-me-anything."""
    return is_leader(person)


def groups_to_post_in(person) -> QuerySet[Group]:
    """The groups where `person` may post an event: those they are an active member of."""
    return Group.objects.filter(memberships__person=person, memberships__state=Membership.State.ACTIVE).order_by("name")


def causes_visible_to(person) -> QuerySet[Group]:
    """Cause groups whose opportunities `person` may read: public ones and the ones they belong to."""
    if not person.is_authenticated:
        return Group.objects.none()
    return Group.objects.filter(kind=Group.Kind.CAUSE, id__in=readable_group_ids(person))


def access_cause(person, slug: str) -> Group:
    group = access_group(person, slug)
    if group.kind != Group.Kind.CAUSE or not can_read_group_posts(person, group):
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
