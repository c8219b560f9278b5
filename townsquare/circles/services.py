"""Writes for circles. Each validates first and writes in one transaction; bell notifications (verb
CIRCLE) go out after commit. Joining locks the circle row, so two people racing for the last seat
cannot make a circle of six."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from townsquare.circles.guides import WEEKS
from townsquare.circles.models import (
    LAST_JOIN_WEEK,
    MAX_MEMBERS,
    MIN_MEMBERS,
    Circle,
    CircleCheckIn,
    CircleMember,
    CircleNote,
)
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification
from townsquare.conversations.text import render
from townsquare.core.validation import clean_text
from townsquare.people.models import Person, validate_time_zone

NAME_MAX_CHARS = 80
FOCUS_MAX_CHARS = 200
MEETS_MAX_CHARS = 100
GOAL_MAX_CHARS = 300
CHECK_IN_MAX_CHARS = 2_000
NOTE_MAX_CHARS = 5_000


def _goal(goal: str) -> str:
    return clean_text(goal, what="goal", max_chars=GOAL_MAX_CHARS, yours=True,
                      empty="Write your goal in a sentence: what would you like these twelve weeks to move forward?")


def _notify_members(circle: Circle, *, actor: Person, message: str, exclude_actor: bool = True) -> None:
    ids = list(CircleMember.objects.filter(circle=circle).values_list("person_id", flat=True))
    conversations.notify(recipients=[i for i in ids if i != actor.pk or not exclude_actor], actor=actor,
                         verb=Notification.Verb.CIRCLE, message=message, link=circle.get_absolute_url())


@transaction.atomic
def circle_create(*, person: Person, name: str, focus: str, goal: str, time_zone: str = "", meets: str = "") -> Circle:
    name = clean_text(name, what="circle's name", max_chars=NAME_MAX_CHARS)
    focus = clean_text(focus, what="focus", max_chars=FOCUS_MAX_CHARS,
                       empty="Say in a few words what the circle is about, so the right people find it.")
    meets = clean_text(meets, what="meeting time", max_chars=MEETS_MAX_CHARS, required=False)
    goal = _goal(goal)
    time_zone = (time_zone or person.time_zone or "UTC").strip()
    validate_time_zone(time_zone)
    circle = Circle.objects.create(name=name, focus=focus, time_zone=time_zone, meets=meets, created_by=person,
                                   member_count=1)
    CircleMember.objects.create(circle=circle, person=person, goal=goal)
    return circle


@transaction.atomic
def circle_join(*, person: Person, circle: Circle, goal: str, now: datetime | None = None) -> Circle:
    """Join a circle with room. The fourth member starts it: week 1 begins now, and everyone is told."""
    now = now or timezone.now()
    goal = _goal(goal)
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    if circle.status == Circle.Status.COMPLETED:
        raise ValidationError("This circle has completed its twelve weeks. Find another, or start one.")
    if circle.member_count >= MAX_MEMBERS:
        raise ValidationError(f"This circle has just filled up ({MAX_MEMBERS} people). Find another, or start one.")
    if circle.status == Circle.Status.ACTIVE and circle.week(now) > LAST_JOIN_WEEK:
        raise ValidationError("This circle is too far into its twelve weeks to join. Find another, or start one.")
    try:
        with transaction.atomic():
            CircleMember.objects.create(circle=circle, person=person, goal=goal, joined_at=now)
    except IntegrityError:
        raise ValidationError("You are in this circle already.") from None
    circle.member_count = F("member_count") + 1
    circle.save(update_fields=["member_count"])
    circle.refresh_from_db()
    if circle.status == Circle.Status.FORMING and circle.member_count >= MIN_MEMBERS:
        circle.status, circle.started_at = Circle.Status.ACTIVE, now
        circle.save(update_fields=["status", "started_at"])
        _notify_members(circle, actor=person, message=f"joined {circle.name}: you are {circle.member_count} now, "
                        "so the circle starts. Week 1's guide is on the circle page.", exclude_actor=False)
    else:
        _notify_members(circle, actor=person, message=f"joined your circle, {circle.name}.")
    return circle


@transaction.atomic
def circle_leave(*, person: Person, circle: Circle) -> bool:
    """Leave a circle. Returns True when the circle is gone (its last member left before it started)."""
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    deleted, _ = CircleMember.objects.filter(circle=circle, person=person).delete()
    if not deleted:
        raise ValidationError("You are not in this circle.")
    circle.member_count = CircleMember.objects.filter(circle=circle).count()
    if circle.member_count == 0 and circle.status == Circle.Status.FORMING:
        circle.delete()
        return True
    circle.save(update_fields=["member_count"])
    return False


@transaction.atomic
def goal_update(*, person: Person, circle: Circle, goal: str) -> CircleMember:
    goal = _goal(goal)
    member = CircleMember.objects.get(circle=circle, person=person)
    member.goal = goal
    member.save(update_fields=["goal"])
    return member


@transaction.atomic
def check_in(*, person: Person, circle: Circle, met: bool, note: str, now: datetime | None = None) -> CircleCheckIn:
    """This week's check-in for one member (a second one the same week replaces the first)."""
    now = now or timezone.now()
    if circle.status != Circle.Status.ACTIVE:
        raise ValidationError("Check-ins start when the circle does, once it has four members."
                              if circle.status == Circle.Status.FORMING else "This circle has completed.")
    note = clean_text(note, what="progress note", max_chars=CHECK_IN_MAX_CHARS, yours=True,
                      empty="Write a line on your progress this week, even if it is “not much, and here's why”.")
    if not CircleMember.objects.filter(circle=circle, person=person).exists():
        raise ValidationError("Only members check in.")
    week = circle.week(now)
    item, created = CircleCheckIn.objects.get_or_create(
        circle=circle, person=person, week=week, defaults={"met": met, "note": note, "created_at": now, "updated_at": now})
    if not created:
        item.met, item.note, item.updated_at = met, note, now
        item.save(update_fields=["met", "note", "updated_at"])
    return item


@transaction.atomic
def note_add(*, person: Person, circle: Circle, body: str) -> CircleNote:
    body = clean_text(body, what="note", max_chars=NOTE_MAX_CHARS, yours=True)
    if not CircleMember.objects.filter(circle=circle, person=person).exists():
        raise ValidationError("Only members write in the circle.")
    return CircleNote.objects.create(circle=circle, author=person, body=body, body_html=render(body).html)


@transaction.atomic
def circle_complete(*, person: Person, circle: Circle, now: datetime | None = None) -> Circle:
    """A member marks the circle completed (usually at the end of week 12). Everyone is told."""
    now = now or timezone.now()
    if not CircleMember.objects.filter(circle=circle, person=person).exists():
        raise ValidationError("Only members can complete their circle.")
    if circle.status != Circle.Status.ACTIVE:
        raise ValidationError("Only a circle that has started can be completed."
                              if circle.status == Circle.Status.FORMING else "This circle is completed already.")
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.COMPLETED, completed_at=now)
    circle.refresh_from_db()
    _notify_members(circle, actor=person, message=f"marked {circle.name} as completed. Well done, all of you.")
    return circle


@dataclass
class CompletionRun:
    completed: list[int]


def circles_complete_due(now: datetime | None = None) -> CompletionRun:
    """Complete every active circle whose twelve weeks are over, and tell its members. Safe to run again and
    again: the status change is a conditional update, so each circle is completed (and announced) once."""
    now = now or timezone.now()
    due = list(Circle.objects.filter(status=Circle.Status.ACTIVE, started_at__lte=now - timedelta(weeks=WEEKS))
               .values_list("pk", flat=True))
    done = []
    for pk in due:
        with transaction.atomic():
            if not Circle.objects.filter(pk=pk, status=Circle.Status.ACTIVE).update(
                    status=Circle.Status.COMPLETED, completed_at=now):
                continue  # another worker completed it first
            circle = Circle.objects.get(pk=pk)
            members = list(CircleMember.objects.filter(circle=circle).select_related("person"))
            for i, member in enumerate(members):
                # The bell needs someone to name: each member hears it "from" a fellow member.
                other = members[(i + 1) % len(members)].person
                conversations.notify(recipients=[member.person_id], actor=other, verb=Notification.Verb.CIRCLE,
                                     message=f"and you have finished twelve weeks of {circle.name}. Time to celebrate.",
                                     link=circle.get_absolute_url())
            done.append(pk)
    return CompletionRun(completed=done)
