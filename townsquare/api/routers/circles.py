"""Working-out-loud circles (circles package): circles you could join (their public card), joining, your
circles, and the weekly check-in. A circle is for its members only (circles.access.access_circle: anyone else,
org admins included, gets a 404); writes through circles.services, as the circle pages do."""

from datetime import datetime
from typing import Literal

from ninja import Field, Path, Router, Schema

from townsquare.api import serializers as out
from townsquare.api.pagination import keyset, page
from townsquare.api.params import ERRORS, POST_ERRORS, Cursor, Limit, caller
from townsquare.api.schemas import MAX_ID, WRITTEN_PATTERN, PersonRef, page_of
from townsquare.circles import access, selectors, services

router = Router(tags=["circles"])
CircleId = Path(..., ge=1, le=MAX_ID)


class CircleCardOut(Schema):
    id: int
    name: str
    focus: str
    time_zone: str
    meets: str
    status: Literal["forming", "active", "completed"]
    member_count: int
    room: int = Field(description="Places left (a circle has at most 5).")
    url: str


class CheckInOut(Schema):
    person: PersonRef
    week: int
    met: bool
    note: str
    updated_at: datetime


class CircleMemberOut(Schema):
    person: PersonRef
    goal: str


class MyCircleOut(CircleCardOut):
    week: int = Field(description="0 while forming, then 1–12.")
    guide_title: str = Field(description="This week's guide (the full guide is on the circle page).")
    members: list[CircleMemberOut]
    my_check_in: CheckInOut | None = Field(description="Your check-in this week, or null.")
    check_ins: list[CheckInOut] = Field(description="This week's check-ins of the members.")


class MyCirclesOut(Schema):
    items: list[MyCircleOut] = Field(description="Your circles, meeting ones first (a person has a few).")


CircleCardPage = page_of(CircleCardOut, "CircleCardPage")


class JoinIn(Schema):
    goal: str = Field(min_length=1, max_length=services.GOAL_MAX_CHARS, pattern=WRITTEN_PATTERN,
                      description="What you would like these twelve weeks to move forward.")


class CheckInIn(Schema):
    met: bool = Field(strict=True, description="Whether the circle met this week.")
    note: str = Field(min_length=1, max_length=services.CHECK_IN_MAX_CHARS, pattern=WRITTEN_PATTERN,
                      description="A line on your progress this week, even if it is “not much, and here's why”.")


def _card(c) -> dict:
    return {"id": c.pk, "name": c.name, "focus": c.focus, "time_zone": c.time_zone, "meets": c.meets,
            "status": c.status, "member_count": c.member_count, "room": c.room, "url": c.get_absolute_url()}


def _check_in(item, person) -> dict:
    return {"person": out.person_ref(person), "week": item.week, "met": item.met, "note": item.note,
            "updated_at": item.updated_at}


def _mine(person, circle) -> dict:
    p = selectors.circle_page(person, circle)
    people = {m.person_id: m.person for m in p.members}
    return {**_card(circle), "week": p.week, "guide_title": p.guide.title,
            "members": [{"person": out.person_ref(m.person), "goal": m.goal} for m in p.members],
            "my_check_in": _check_in(p.my_check_in, person) if p.my_check_in else None,
            "check_ins": [_check_in(c, people[pid]) for pid, c in p.check_ins.items() if pid in people]}


@router.get("/circles/joinable", response={200: CircleCardPage, **ERRORS}, url_name="circles_joinable",
            summary="Circles you could join")
def circle_joinable(request, cursor: str | None = Cursor, limit: int = Limit):
    """Forming, or started no more than two weeks ago, with room, and not yours; newest first. Only the public
    card: who is in it and what they write is for its members."""
    qs = access.circles_open_to(caller(request))
    window = keyset(qs, field="created_at", descending=True, cursor=cursor, limit=limit, is_time=True)
    return page(request, window, [_card(c) for c in window.rows])


@router.post("/circles/{int:circle_id}/join", response={200: MyCircleOut, **POST_ERRORS}, url_name="circle_join",
             summary="Join a circle")
def circle_join(request, payload: JoinIn, circle_id: int = CircleId):
    """A circle with room; the fourth member starts it and everyone is told. One that filled up or is too far
    into its weeks is a 422 saying so; one you are in already, or that does not exist, a 404."""
    person = caller(request)
    circle = services.circle_join(person=person, circle=access.access_joinable_circle(person, circle_id),
                                  goal=payload.goal)
    return _mine(person, circle)


@router.get("/me/circles", response={200: MyCirclesOut, **ERRORS}, url_name="my_circles", summary="Your circles")
def my_circles(request):
    person = caller(request)
    return {"items": [_mine(person, c) for c in selectors.my_circles(person)]}


@router.put("/circles/{int:circle_id}/check-in", response={200: CheckInOut, **ERRORS}, url_name="circle_check_in",
            summary="This week's check-in")
def circle_check_in(request, payload: CheckInIn, circle_id: int = CircleId):
    """For members (anyone else: 404), once the circle meets; sending it again the same week replaces it."""
    person = caller(request)
    circle = access.access_circle(person, circle_id)
    return _check_in(services.check_in(person=person, circle=circle, met=payload.met, note=payload.note), person)
