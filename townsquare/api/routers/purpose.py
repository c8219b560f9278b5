"""Your purpose and manifesto (purpose package) — yours alone: no operation here takes another person, and a
manifesto version that is not yours is the same 404 as one that does not exist (purpose.access). Others read a
person's purpose and published manifesto on their profile page, as before."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Path, Router, Schema, Status
from pydantic import StringConstraints

from townsquare.api.params import ERRORS, POST_ERRORS, caller
from townsquare.api.schemas import MAX_ID, TEXT_PATTERN, WRITTEN_PATTERN
from townsquare.purpose import access, selectors, services

router = Router(tags=["purpose"])
VersionId = Path(..., ge=1, le=MAX_ID)


class SuggestionOut(Schema):
    key: str = Field(description="Pass it as `source` to choose this purpose.")
    title: str
    text: str


class ChosenPurposeOut(Schema):
    text: str
    source: str = Field(description="The suggestion's key, or own.")
    chosen_at: datetime


class PurposeShareOut(Schema):
    days: int
    posts: int = Field(description="Your posts in those days.")
    tagged: int = Field(description="Of those, the ones you marked as serving your purpose.")
    percent: int


class PurposeOut(Schema):
    purpose: ChosenPurposeOut | None = Field(description="null until you choose one.")
    suggestions: list[SuggestionOut]
    share: PurposeShareOut


class PurposeIn(Schema):
    source: Literal["strategy", "people", "customers", "own"] = Field(
        description="A suggestion's key (GET /api/v1/me/purpose), or own (then write `text`).")
    text: Annotated[str, StringConstraints(max_length=services.PURPOSE_MAX_CHARS, pattern=TEXT_PATTERN)] = Field(
        "", description=f"Your own purpose, at most {services.PURPOSE_MAX_CHARS} characters (source own).")


class VersionOut(Schema):
    id: int
    number: int
    body: str
    body_html: str
    created_at: datetime
    published_at: datetime | None = Field(description="null for a draft.")
    current: bool = Field(description="The version your profile shows.")


class ManifestoOut(Schema):
    versions: list[VersionOut] = Field(description="Every version, newest first; drafts are yours alone.")


class ManifestoIn(Schema):
    body: str = Field(min_length=1, max_length=services.MANIFESTO_MAX_CHARS, pattern=WRITTEN_PATTERN,
                      description="Markdown. The same text as your latest version adds no version.")
    publish: bool = Field(False, strict=True, description="Show it on your profile at once (otherwise a draft).")


def _purpose(person) -> dict:
    chosen = selectors.purpose_for(person)
    share = selectors.purpose_share(person)
    return {"purpose": {"text": chosen.text, "source": chosen.source, "chosen_at": chosen.chosen_at} if chosen else None,
            "suggestions": [vars(s) for s in selectors.suggestions(person)],
            "share": {"days": share.days, "posts": share.posts, "tagged": share.tagged, "percent": share.percent}}


def _version(v, current) -> dict:
    return {"id": v.pk, "number": v.number, "body": v.body, "body_html": v.body_html, "created_at": v.created_at,
            "published_at": v.published_at, "current": current is not None and v.pk == current.pk}


def _manifesto(person) -> dict:
    versions = selectors.manifesto_history(person)
    current = selectors.current_published(versions)
    return {"versions": [_version(v, current) for v in versions]}


@router.get("/me/purpose", response={200: PurposeOut, **ERRORS}, url_name="my_purpose", summary="Your purpose")
def purpose_detail(request):
    """Your purpose, three suggestions worded for you, and how much of your last 28 days' posts serve it."""
    return _purpose(caller(request))


@router.put("/me/purpose", response={200: PurposeOut, **ERRORS}, url_name="my_purpose_set",
            summary="Choose your purpose")
def purpose_set(request, payload: PurposeIn):
    """Idempotent: choosing the same again changes nothing but the time. An unknown `source`, or own without
    `text`, is a 422 saying so."""
    person = caller(request)
    services.purpose_choose(person=person, source=payload.source, own_text=payload.text)
    return _purpose(person)


@router.get("/me/manifesto", response={200: ManifestoOut, **ERRORS}, url_name="my_manifesto",
            summary="Your manifesto's versions")
def manifesto_detail(request):
    return _manifesto(caller(request))


@router.post("/me/manifesto", response={201: VersionOut, **POST_ERRORS}, url_name="my_manifesto_save",
             summary="Save your manifesto")
def manifesto_save(request, payload: ManifestoIn):
    """A new version (a draft, or published with `publish`); each save is kept in the history."""
    person = caller(request)
    version = services.manifesto_save(person=person, body=payload.body, publish=payload.publish)
    current = selectors.current_published(selectors.manifesto_history(person))
    return Status(201, _version(version, current))


@router.put("/me/manifesto/versions/{int:version_id}/published", response={200: ManifestoOut, **ERRORS},
            url_name="my_manifesto_publish", summary="Show a version on your profile")
def manifesto_publish(request, version_id: int = VersionId):
    """Also brings back an earlier version. Idempotent. Someone else's version is a 404."""
    person = caller(request)
    services.manifesto_publish(person=person, version=access.access_manifesto_version(person, version_id))
    return _manifesto(person)


@router.delete("/me/manifesto/published", response={200: ManifestoOut, **ERRORS}, url_name="my_manifesto_unpublish",
               summary="Take your manifesto off your profile")
def manifesto_unpublish(request):
    """Every version becomes a draft again. Idempotent."""
    person = caller(request)
    services.manifesto_unpublish(person=person)
    return _manifesto(person)
