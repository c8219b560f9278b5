"""Coffee roulette (connect package): opt in or out, and your current pairing — yours alone (a match is for its
two or three people: connect.access). Reads through connect.selectors.my_coffee, writes through
connect.services.coffee_settings_save, as the coffee page does."""

from datetime import date
from typing import Literal

from ninja import Field, Router, Schema

from townsquare.api import serializers as out
from townsquare.api.params import ERRORS, caller
from townsquare.api.schemas import PersonRef
from townsquare.connect import selectors, services
from townsquare.connect.models import CoffeeProfile

router = Router(tags=["coffee"])
Cadence = Literal["weekly", "fortnightly"]


class PairingOut(Schema):
    match_id: int
    week_start: date = Field(description="The Monday of the round's week.")
    people: list[PersonRef] = Field(description="Who you are paired with (one, or two in a trio).")
    intro: str
    first_question: str
    met: str = Field(description="Your answer to “did you meet?”, or empty.")


class CoffeeOut(Schema):
    opted_in: bool
    cadence: Cadence | None = Field(description="null until you first opt in.")
    takes_part_next: bool
    next_round: date = Field(description="The Monday of the next round you would be in.")
    current: PairingOut | None = Field(description="Your pairing of the latest round, or null.")


class CoffeeIn(Schema):
    cadence: Cadence = Field("weekly", description="Every week, or every other week.")


def _coffee(person) -> dict:
    mine = selectors.my_coffee(person)
    current = None
    if mine.current is not None:
        view = mine.current
        current = {"match_id": view.match.pk, "week_start": view.round.week_start,
                   "people": [out.person_ref(p) for p in view.others], "intro": view.match.intro,
                   "first_question": view.match.first_question, "met": view.me.met or ""}
    return {"opted_in": bool(mine.profile and mine.profile.active),
            "cadence": mine.profile.cadence if mine.profile else None, "takes_part_next": mine.takes_part_next,
            "next_round": mine.next_round, "current": current}


@router.get("/me/coffee", response={200: CoffeeOut, **ERRORS}, url_name="my_coffee", summary="Your coffee roulette")
def coffee_detail(request):
    return _coffee(caller(request))


@router.put("/me/coffee", response={200: CoffeeOut, **ERRORS}, url_name="my_coffee_join",
            summary="Opt in to coffee roulette")
def coffee_opt_in(request, payload: CoffeeIn):
    """Idempotent; also changes how often. You are paired from the next round on."""
    person = caller(request)
    services.coffee_settings_save(person=person, active=True, cadence=payload.cadence)
    return _coffee(person)


@router.delete("/me/coffee", response={200: CoffeeOut, **ERRORS}, url_name="my_coffee_leave",
               summary="Opt out of coffee roulette")
def coffee_opt_out(request):
    """Idempotent. A pairing already made stays yours to meet."""
    person = caller(request)
    mine = selectors.my_coffee(person)
    cadence = mine.profile.cadence if mine.profile else CoffeeProfile.Cadence.WEEKLY
    services.coffee_settings_save(person=person, active=False, cadence=cadence)
    return _coffee(person)
