"""Recognition (ideas package): the company values, and praise that carries one.

Praise is a post of kind praise written through conversations.services.post_create with the ideas package's
composer extra (`praise_value`, registered in conversations.extensions), the same path as the web composer: the
value is linked in the post's transaction, so a value that is not available leaves no post behind."""

from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from townsquare.api.pagination import one_post
from townsquare.api.params import ERRORS, POST_ERRORS, caller
from townsquare.api.schemas import WRITTEN_PATTERN, Handle, Id, PostOut, Slug, _split_handles
from townsquare.conversations import access as conv_access
from townsquare.conversations import services as conv_services
from townsquare.conversations.models import Post
from townsquare.ideas import selectors
from townsquare.people import handles

router = Router(tags=["recognition"])


class CompanyValueOut(Schema):
    id: int = Field(description="Pass it as `value` when you praise someone.")
    name: str
    description: str


class ValuesOut(Schema):
    items: list[CompanyValueOut] = Field(description="The active values, by name (an organisation keeps a few).")


class PraiseOut(Schema):
    post: PostOut
    value: CompanyValueOut | None = Field(description="The company value it shows, or null.")


class PraiseIn(Schema):
    body: str = Field(min_length=1, max_length=10_000, pattern=WRITTEN_PATTERN,
                      description="Markdown: what they did and why it mattered.")
    praised: list[Handle] = Field(default_factory=list, max_length=50,
                                  description="Handles of the people you recognise.")
    praised_group: Slug | None = Field(None, description="The slug of a team you recognise.")
    value: Id | None = Field(None, description="The id of the company value it shows (GET /api/v1/recognition/values).")
    group: Slug | None = Field(None, description="Post it in a group you belong to; leave out for company-wide.")

    _handles = field_validator("praised", mode="before")(_split_handles)


@router.get("/recognition/values", response={200: ValuesOut, **ERRORS}, url_name="company_values",
            summary="Company values")
def value_list(request):
    """The values praise can carry. A short list kept by organisation admins, so it is not paginated."""
    return {"items": [{"id": v.pk, "name": v.name, "description": v.description} for v in selectors.active_values()]}


@router.post("/recognition/praise", response={201: PraiseOut, **POST_ERRORS}, url_name="praise_create",
             summary="Praise someone")
def praise_create(request, payload: PraiseIn):
    """A praise post for people and/or a team, optionally showing a company value; they are told, as on the web.
    Nobody praised is a 422; a handle that names nobody, a 404 naming it; a value that is not (or no longer)
    available, a 422 — and then no post is made."""
    person = caller(request)
    group = conv_access.access_group(person, payload.group) if payload.group else None
    praised_group = conv_access.access_group(person, payload.praised_group) if payload.praised_group else None
    praised = handles.people_by_handles(payload.praised, field="praised")
    extras = {"praise_value": str(payload.value)} if payload.value else {}
    post = conv_services.post_create(author=person, body=payload.body, kind=Post.Kind.PRAISE, group=group,
                                     praised_people=praised, praised_group=praised_group, extras=extras)
    value = selectors.praise_value_of(post)
    return Status(201, {"post": one_post(person, post),
                        "value": {"id": value.pk, "name": value.name, "description": value.description}
                        if value else None})
