"""Access functions for circles. Every read of a circle, its members' goals, check-ins and notes goes
through here.

A circle is for its members only: anyone else — organisation admins included — gets the same 404 as for
an id that does not exist. The one exception is the public card (name, focus, time zone, meeting time,
member count) of a circle that is open to new members (`circles_open_to`): it is shown in the finder, and
on the circle's own page as a preview with a way to join (`access_circle_or_preview`) — never its
members, goals, check-ins or notes. The weekly guides
are for every signed-in person (`access_guide_week`).
"""

from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from townsquare.circles.guides import WEEKS, Guide, guide_for
from townsquare.circles.models import LAST_JOIN_WEEK, MAX_MEMBERS, Circle


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such circle") from None


def circles_of(person) -> QuerySet[Circle]:
    """The circles the person is a member of."""
    if not person.is_authenticated:
        return Circle.objects.none()
    return Circle.objects.filter(members__person=person)


def access_circle(person, circle_id) -> Circle:
    """A circle the person is a member of, or 404."""
    circle = circles_of(person).filter(pk=_int(circle_id)).first()
    if circle is None:
        raise Http404("No such circle")
    return circle


def circles_open_to(person, now=None) -> QuerySet[Circle]:
    """Circles the person could join: forming, or started no more than two weeks ago, with room, and not
    theirs already. Only their public card is shown."""
    if not person.is_authenticated:
        return Circle.objects.none()
    now = now or timezone.now()
    young = now - timedelta(weeks=LAST_JOIN_WEEK)
    return (Circle.objects.filter(member_count__lt=MAX_MEMBERS,
                                  status__in=[Circle.Status.FORMING, Circle.Status.ACTIVE])
            .exclude(status=Circle.Status.ACTIVE, started_at__lte=young)
            .exclude(members__person=person))


def access_circle_or_preview(person, circle_id) -> tuple[Circle, bool]:
    """(circle, True) for a member; (circle, False) for someone who could join it, who sees only its public
    card; a 404 for everyone else (a full, completed or too-old circle, or no such circle)."""
    pk = _int(circle_id)
    circle = circles_of(person).filter(pk=pk).first()
    if circle is not None:
        return circle, True
    circle = circles_open_to(person).filter(pk=pk).first()
    if circle is None:
        raise Http404("No such circle")
    return circle, False


def access_joinable_circle(person, circle_id) -> Circle:
    """A circle the person may ask to join: one that is not completed and not theirs (room is checked by the
    service, which can then say it filled up). Anything else is a 404."""
    if not person.is_authenticated:
        raise Http404("No such circle")
    circle = (Circle.objects.filter(pk=_int(circle_id), status__in=[Circle.Status.FORMING, Circle.Status.ACTIVE])
              .exclude(members__person=person).first())
    if circle is None:
        raise Http404("No such circle")
    return circle


def access_guide_week(person, week) -> Guide:
    """The guide of one week of a circle (1 to WEEKS), for any signed-in person; any other week is a 404."""
    try:
        week = int(week)
    except (TypeError, ValueError):
        raise Http404("No such week") from None
    if not person.is_authenticated or not 1 <= week <= WEEKS:
        raise Http404("No such week")
    return guide_for(week)
