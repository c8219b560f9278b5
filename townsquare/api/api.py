"""The REST API under /api/v1 (C9), built with django-ninja.

Reads go through the same access functions as the web pages (conversations.access, people.selectors):
not found and not allowed are the same 404. Writes go through the same services, so validation,
notifications and domain signals are those of the web UI. guard.py wraps every operation with
authentication, rate limits, idempotency keys and the error shape; the handlers below give every error
raised inside an operation that same shape.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import Field

from townsquare.api import guard
from townsquare.api import serializers as out
from townsquare.api.pagination import by_offset, keyset, one_post, page, posts_window
from townsquare.api.params import ERRORS, POST_ERRORS, Cursor, Limit, PostId
from townsquare.api.routers import ROUTERS
from townsquare.api.routers.notebook import TAG_PATTERN
from townsquare.api.schemas import (
    MAX_ID,
    TEXT_PATTERN,
    WRITTEN_PATTERN,
    CoachOut,
    Error,
    FeedbackAnsweredOut,
    FeedbackAnswerIn,
    FeedbackRequestIn,
    FeedbackRequestOut,
    FeedbackResultsOut,
    FollowKind,
    FollowOut,
    FollowPage,
    GroupChange,
    GroupIn,
    GroupKind,
    GroupOut,
    GroupPage,
    MarkedOut,
    MemberPage,
    MembershipOut,
    MeOut,
    NotificationPage,
    NotificationsReadIn,
    PersonOut,
    PersonPage,
    PostChange,
    PostIn,
    PostKind,
    PostOut,
    PostPage,
    ReactionIn,
    ReactionKind,
    ReactionsOut,
    ReplyChange,
    ReplyIn,
    ReplyOut,
    ReplyPage,
    ReplyReactionsOut,
    SearchKind,
    SearchPage,
    ShareIn,
    WritingHintsIn,
    WritingHintsOut,
)
from townsquare.coach import rules as coach_rules
from townsquare.coach import selectors as coach_selectors
from townsquare.coach.models import Habit
from townsquare.conversations import access, selectors, services
from townsquare.conversations.models import (
    Follow,
    Group,
    Membership,
    Post,
    Reaction,
    ReplyReaction,
    Topic,
)
from townsquare.conversations.search import parse_search as search_parse
from townsquare.conversations.search import search as search_run
from townsquare.core.errors import NoSuchReference
from townsquare.core.middleware import busy_response, is_database_busy
from townsquare.influence import access as feedback_access
from townsquare.influence import selectors as feedback_selectors
from townsquare.influence import services as feedback_services
from townsquare.influence import writing as writing_coach
from townsquare.people import handles
from townsquare.people import selectors as people_selectors
from townsquare.people.models import Person

log = logging.getLogger(__name__)


# --- authentication (guard.identify has already decided who is calling) ---------------------------

class TokenAuth(HttpBearer):
    """A personal access token, `Authorization: Bearer tsq_…` (make one on /me/tokens/)."""

    def authenticate(self, request, token):
        caller = getattr(request, "api_caller", None)
        return caller.person if caller is not None and caller.token is not None else None


class BrowserSession(APIKeyCookie):
    """The browser's session cookie; writes also need the X-CSRFToken header (the guard checks it first;
    csrf=True also makes the interactive docs send it)."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        caller = getattr(request, "api_caller", None)
        if caller is not None and caller.token is None and caller.person is not None:
            return caller.person
        return None


class JsonOrFormParser(Parser):
    """JSON bodies; an HTML form post (application/x-www-form-urlencoded or multipart) works too."""

    def parse_body(self, request):
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return {key: (values[0] if len(values) == 1 else values) for key, values in request.POST.lists()}
        data = super().parse_body(request)
        if not isinstance(data, dict):
            # `[null]`, `"hello"` or `3` is not an object of fields: refuse it rather than read it as {}.
            raise BodyNotAnObject()
        return data


class BodyNotAnObject(ValueError):
    """Raised by the parser; ninja wraps it in a 400, which on_http_error turns into the 422 it is."""

    message = 'The body must be a JSON object of fields, such as {"body": "…"}.'


api = NinjaAPI(
    title="Townsquare API",
    version="1",
    description=(
        "People, groups, posts, replies, reactions, follows, feeds, search, notifications and your own coach. "
        "Authenticate with a personal access token (`Authorization: Bearer tsq_…`, made on /me/tokens/) or the "
        "browser session. Lists are cursor-paginated (`next`), every error has the same shape, POSTs accept an "
        "`Idempotency-Key`. See docs/API.md."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSession()],
    parser=JsonOrFormParser(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)



def _error(request, status, message, *, code=None, fields=None):
    response = guard.error(status, message, code=code, fields=fields)
    return response


# Pydantic's words, except where a text broke the text rule: the pattern in the schema is for machines, and
# people should not have to read a regular expression.
TEXT_RULE_MESSAGES = {
    WRITTEN_PATTERN: "is empty or holds an invisible control character (such as NUL): write some text, without those.",
    TEXT_PATTERN: "holds an invisible control character (such as NUL): remove it.",
    TAG_PATTERN: "is not a tag we can keep: use letters, digits, “-” or “_” (a leading # is dropped), at most 40.",
}


def _field_message(item: dict) -> str:
    if item.get("type") == "string_too_short" and (item.get("ctx") or {}).get("min_length") == 1:
        return "is empty: write some text."
    if item.get("type") == "string_unicode":  # JSON that holds half of a surrogate pair
        return "contains an unpaired surrogate (broken text from a copy and paste): remove it and try again."
    if item.get("type") == "value_error":  # a schema's own check: its sentence, without pydantic's "Value error, "
        return str((item.get("ctx") or {}).get("error") or item.get("msg", "is not valid"))
    if item.get("type") == "string_pattern_mismatch":
        return TEXT_RULE_MESSAGES.get((item.get("ctx") or {}).get("pattern"), item.get("msg", "is not valid"))
    return item.get("msg", "is not valid")


@api.exception_handler(NinjaValidationError)
def on_invalid(request, exc):
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [str(x) for x in item.get("loc", ())]
        # ("body", "payload", "title") → "title"; ("query", "limit") → "limit"
        name = ".".join(loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]) or (loc[0] if loc else "request")
        fields.setdefault(name, []).append(_field_message(item))
    summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
    return _error(request, 422, f"Some fields are not valid — {summary}", fields=fields)


@api.exception_handler(DjangoValidationError)
def on_service_invalid(request, exc):
    fields = {k: list(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
    errors = [e for errs in exc.error_dict.values() for e in errs] if hasattr(exc, "error_dict") else exc.error_list
    if any(e.code == "conflict" for e in errors):
        # valid input that clashes with what is stored (a name already taken): 409, not 422
        return _error(request, 409, " ".join(exc.messages), code="conflict", fields=fields)
    return _error(request, 422, " ".join(exc.messages), fields=fields)


@api.exception_handler(NoSuchReference)
def on_no_such_reference(request, exc):
    """A handle that names nobody, a group one cannot see: a 404, as for an address, with the field that named it."""
    return _error(request, 404, " ".join(exc.messages), fields=exc.message_dict)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    message = str(exc) if str(exc) else guard.MESSAGES[404]
    return _error(request, 404, message.rstrip(".") + ".")


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, 403, str(exc) or "You may not do that.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    response = _error(request, 401, guard.MESSAGES[401])
    response["WWW-Authenticate"] = 'Bearer realm="townsquare"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    if isinstance(exc.__cause__, BodyNotAnObject):
        return _error(request, 422, BodyNotAnObject.message, code="body_not_an_object")
    code = "bad_cursor" if exc.status_code == 400 and "cursor" in str(exc) else None
    message = str(exc)
    if message == "Cannot parse request body":
        message = "The request body is not valid JSON."
    return _error(request, exc.status_code, message, code=code)


@api.exception_handler(Exception)
def on_crash(request, exc):
    if is_database_busy(exc):  # SQLite's write lock: 503 + Retry-After, the client may send it again
        return busy_response(request)
    log.exception("API operation failed: %s %s", request.method, request.path, exc_info=exc)
    return _error(request, 500, guard.MESSAGES[500])


def _person(request) -> Person:
    return request.auth


# --- people ----------------------------------------------------------------------------------------

people = Router(tags=["people"])


@people.get("/me", response={200: MeOut, **ERRORS}, url_name="me", summary="You")
def me(request):
    person = Person.objects.select_related("department", "manager").get(pk=_person(request).pk)
    return out.me(person)


@people.get("/people", response={200: PersonPage, **ERRORS}, url_name="people", summary="Directory")
def people_list(request, q: str = Query("", max_length=200, description="Words in the name, title, handle or skills."),
                cursor: str | None = Cursor, limit: int = Limit):
    """Active colleagues, alphabetical, optionally matching `q`."""
    qs = people_selectors.directory(_person(request), q=q.replace("\x00", "")).select_related("manager")
    window = keyset(qs, field="name", descending=False, cursor=cursor, limit=limit)
    return page(request, window, [out.person(p, manager=p.manager) for p in window.rows])


@people.get("/people/{slug:handle}", response={200: PersonOut, **ERRORS}, url_name="person", summary="A colleague")
def person_detail(request, handle: str):
    p = people_selectors.access_person(_person(request), handle)
    return out.person(p, manager=p.manager)


# --- groups and memberships ------------------------------------------------------------------------

groups = Router(tags=["groups"])


def _memberships(person, group_ids) -> dict[int, Membership]:
    return {m.group_id: m for m in Membership.objects.filter(person=person, group_id__in=list(group_ids))}


def _group_out(person, g: Group) -> dict:
    membership = access.membership_of(person, g)
    can_read = g.visibility == Group.Visibility.PUBLIC or bool(membership and membership.state == Membership.State.ACTIVE)
    return out.group(g, membership, can_read=can_read)


@groups.get("/groups", response={200: GroupPage, **ERRORS}, url_name="groups", summary="Groups")
def group_list(request, q: str = Query("", max_length=120, description="Words in the group's name."),
               kind: GroupKind | None = None, mine: bool = Query(False, description="Only groups you belong to."),
               cursor: str | None = Cursor, limit: int = Limit):
    """Public and private groups, and the secret ones you belong to or were invited to; alphabetical."""
    person = _person(request)
    qs = access.groups_visible_to(person)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip().replace("\x00", ""))
    if kind:
        qs = qs.filter(kind=kind)
    if mine:
        qs = qs.filter(memberships__person=person, memberships__state=Membership.State.ACTIVE)
    window = keyset(qs, field="name", descending=False, cursor=cursor, limit=limit)
    mine_by_group = _memberships(person, [g.pk for g in window.rows])
    items = []
    for g in window.rows:
        m = mine_by_group.get(g.pk)
        can_read = g.visibility == Group.Visibility.PUBLIC or bool(m and m.state == Membership.State.ACTIVE)
        items.append(out.group(g, m, can_read=can_read))
    return page(request, window, items)


@groups.post("/groups", response={201: GroupOut, **POST_ERRORS}, url_name="group_create", summary="Start a group")
def group_create(request, payload: GroupIn):
    """You become its admin. A name another group already has (ignoring case and outer spaces) is refused (409)."""
    person = _person(request)
    group = services.group_create(creator=person, name=payload.name, description=payload.description,
                                  visibility=payload.visibility, kind=payload.kind)
    return Status(201, _group_out(person, group))


@groups.patch("/groups/{slug:slug}", response={200: GroupOut, **POST_ERRORS}, url_name="group_update",
              summary="Change a group")
def group_update(request, slug: str, payload: GroupChange):
    """For the group's admins (others: 404): name, description, visibility and kind."""
    person = _person(request)
    group = access.access_group(person, slug, action="admin")
    services.group_update(person=person, group=group,
                          name=group.name if payload.name is None else payload.name,
                          description=group.description if payload.description is None else payload.description,
                          visibility=payload.visibility or group.visibility, kind=payload.kind or group.kind)
    return _group_out(person, group)


@groups.get("/groups/{slug:slug}", response={200: GroupOut, **ERRORS}, url_name="group", summary="A group")
def group_detail(request, slug: str):
    person = _person(request)
    return _group_out(person, access.access_group(person, slug))


@groups.get("/groups/{slug:slug}/members", response={200: MemberPage, **ERRORS}, url_name="group_members",
            summary="Members of a group")
def group_members(request, slug: str, cursor: str | None = Cursor, limit: int = Limit):
    """Active members, newest first; a group admin also sees requests and invitations. Only for those who
    may read the group's posts."""
    person = _person(request)
    group = access.access_group(person, slug)
    if not access.can_read_group_posts(person, group):
        raise Http404("No such group")
    qs = Membership.objects.filter(group=group).select_related("person")
    if not access.is_group_admin(person, group):
        qs = qs.filter(state=Membership.State.ACTIVE)
    window = keyset(qs, field="created_at", descending=True, cursor=cursor, limit=limit, is_time=True)
    return page(request, window, [out.member(m) for m in window.rows])


@groups.post("/groups/{slug:slug}/join", response={200: MembershipOut, **POST_ERRORS}, url_name="group_join",
             summary="Join a group")
def group_join(request, slug: str):
    """A public group: you are in. A private one: your request goes to its admins (state `requested`).
    A secret one: only with an invitation (otherwise 404, as if it did not exist)."""
    person = _person(request)
    group = access.access_group(person, slug)
    try:
        membership = services.group_join(person=person, group=group)
    except PermissionDenied:
        raise Http404("No such group") from None
    return {"group": group.slug, "state": membership.state, "role": membership.role}


@groups.post("/groups/{slug:slug}/leave", response={200: MembershipOut, **POST_ERRORS}, url_name="group_leave",
             summary="Leave a group")
def group_leave(request, slug: str):
    """Also withdraws a request to join or declines an invitation. The only admin cannot leave (422)."""
    person = _person(request)
    group = access.access_group(person, slug)
    services.group_leave(person=person, group=group)
    return {"group": group.slug, "state": None, "role": None}


# --- posts, replies, reactions ---------------------------------------------------------------------

posts = Router(tags=["posts"])


_one_post = one_post


@posts.get("/posts", response={200: PostPage, **ERRORS}, url_name="posts", summary="Posts you may read")
def post_list(request, kind: PostKind | None = None,
              author: str | None = Query(None, max_length=41, pattern=r"^@?[-a-zA-Z0-9_]+$", description="A handle."),
              group: str | None = Query(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="A group's slug."),
              cursor: str | None = Cursor, limit: int = Limit):
    """Every post you may read, newest first, filtered by kind, author or group."""
    person = _person(request)
    qs = access.posts_visible_to(person)
    if kind:
        qs = qs.filter(kind=kind)
    if author:
        qs = qs.filter(author__handle=author.lstrip("@").lower())
    if group:
        qs = qs.filter(group=access.access_group(person, group))
    window = posts_window(qs, person, cursor=cursor, limit=limit)
    return page(request, window, out.posts(window.rows, reader=person))


@posts.post("/posts", response={201: PostOut, **POST_ERRORS}, url_name="post_create", summary="Write a post")
def post_create(request, payload: PostIn):
    """An update, question, praise (name `praised` people and/or a `praised_group`), idea or article (needs
    a `title`), company-wide or in a group you belong to. Mentions and praise notify people as on the web."""
    person = _person(request)
    group = access.access_group(person, payload.group) if payload.group else None
    praised_group = access.access_group(person, payload.praised_group) if payload.praised_group else None
    praised = handles.people_by_handles(payload.praised, field="praised")
    post = services.post_create(author=person, body=payload.body, kind=payload.kind, group=group, title=payload.title,
                                praised_people=praised, praised_group=praised_group,
                                extras=payload.extras.model_dump(exclude_defaults=True))
    return Status(201, _one_post(person, post))


@posts.get("/posts/{int:post_id}", response={200: PostOut, **ERRORS}, url_name="post", summary="A post")
def post_detail(request, post_id: int = PostId):
    """Opening a post through the API counts as seeing it ("seen by"), as on the web."""
    person = _person(request)
    post = access.access_post(person, post_id)
    services.post_view_record(person=person, post=post)
    return _one_post(person, post)


@posts.patch("/posts/{int:post_id}", response={200: PostOut, **POST_ERRORS}, url_name="post_update",
             summary="Edit your post")
def post_update(request, payload: PostChange, post_id: int = PostId):
    """Its author changes the text (`body`) and, for an article, the `title`; what is left out stays. The text
    it had is kept in the post's history and the post shows "edited", as on the web. Someone else's post is
    the same 404 as a missing one."""
    person = _person(request)
    post = access.access_post(person, post_id, action="edit")
    post = services.post_edit(person=person, post=post, body=post.body if payload.body is None else payload.body,
                              title=payload.title)
    return _one_post(person, post)


@posts.delete("/posts/{int:post_id}", response={204: None, **ERRORS}, url_name="post_delete",
              summary="Delete your post")
def post_delete(request, post_id: int = PostId):
    """Its author deletes it, with its replies; it cannot be undone. Someone else's post is the same 404 as a
    missing one (a moderator removes it through the admin console, with a reason)."""
    person = _person(request)
    post = access.access_post(person, post_id, action="delete")
    services.post_delete(person=person, post=post)
    return Status(204, None)


@posts.post("/posts/{int:post_id}/shares", response={201: PostOut, **POST_ERRORS}, url_name="post_share",
            summary="Share a post into a group")
def post_share(request, payload: ShareIn, post_id: int = PostId):
    """Share a post you can read into a group you can post in (or with the whole company), with an optional
    comment. Readers of the share who cannot read the original get `shared.visible: false` and nothing of it.
    Its author is told once. Sharing the same post with the same place twice is a 409."""
    person = _person(request)
    original = access.access_post(person, post_id, action="share")
    group = access.access_group(person, payload.group) if payload.group else None
    share = services.post_share(person=person, original=original, group=group, comment=payload.comment)
    return Status(201, _one_post(person, share))


@posts.get("/posts/{int:post_id}/replies", response={200: ReplyPage, **ERRORS}, url_name="replies",
           summary="Replies to a post")
def reply_list(request, post_id: int = PostId, cursor: str | None = Cursor, limit: int = Limit):
    """Oldest first, as the conversation reads."""
    person = _person(request)
    post = access.access_post(person, post_id)
    window = keyset(post.replies.select_related("author"), field="created_at", descending=False, cursor=cursor,
                    limit=limit, is_time=True)
    return page(request, window, [out.reply(r, post.best_answer_id, reader=person) for r in window.rows])


@posts.post("/posts/{int:post_id}/replies", response={201: ReplyOut, **POST_ERRORS}, url_name="reply_create",
            summary="Reply to a post")
def reply_create(request, payload: ReplyIn, post_id: int = PostId):
    person = _person(request)
    post = access.access_post(person, post_id)
    reply = services.reply_create(author=person, post=post, body=payload.body)
    reply.author = person
    return Status(201, out.reply(reply, post.best_answer_id, reader=person))


def _reactions(person, post: Post, kind: str) -> dict:
    post.refresh_from_db(fields=["reaction_count", "reaction_counts"])
    reacted = Reaction.objects.filter(post=post, person=person, kind=kind).exists()
    return {"post_id": post.pk, "kind": kind, "reacted": reacted, "reaction_count": post.reaction_count,
            "reactions": dict(post.reaction_counts)}


def _set_reaction(person, post_id: int, kind: str, want: bool | None) -> dict:
    """want=True sets, False unsets (both idempotent); None is the old toggle endpoint, decided from the
    state it reads, and kept only for compatibility (PUT and DELETE are what clients should use)."""
    post = access.access_post(person, post_id)
    if want is None:
        want = not Reaction.objects.filter(post=post, person=person, kind=kind).exists()
    (services.reaction_set if want else services.reaction_unset)(person=person, post=post, kind=kind)
    return _reactions(person, post, kind)


@posts.post("/posts/{int:post_id}/reactions", response={200: ReactionsOut, **POST_ERRORS}, url_name="reaction_toggle",
            summary="Toggle a reaction")
def reaction_toggle(request, payload: ReactionIn, post_id: int = PostId):
    """Adds your reaction of `kind`, or takes it back if it is there (the web's reaction button)."""
    return _set_reaction(_person(request), post_id, payload.kind, None)


@posts.put("/posts/{int:post_id}/reactions/{kind}", response={200: ReactionsOut, **ERRORS}, url_name="reaction",
           summary="Add a reaction")
def reaction_add(request, kind: ReactionKind, post_id: int = PostId):
    """Idempotent: adding a reaction that is there already changes nothing."""
    return _set_reaction(_person(request), post_id, kind, True)


@posts.delete("/posts/{int:post_id}/reactions/{kind}", response={200: ReactionsOut, **ERRORS},
              url_name="reaction_remove", summary="Remove a reaction")
def reaction_remove(request, kind: ReactionKind, post_id: int = PostId):
    return _set_reaction(_person(request), post_id, kind, False)


# --- replies ---------------------------------------------------------------------------------------

replies = Router(tags=["replies"])
ReplyId = Path(..., ge=1, le=MAX_ID)


def _one_reply(person, reply) -> dict:
    reply.refresh_from_db()
    return out.reply(reply, reply.post.best_answer_id, reader=person)


@replies.patch("/replies/{int:reply_id}", response={200: ReplyOut, **POST_ERRORS}, url_name="reply_update",
               summary="Edit your reply")
def reply_update(request, payload: ReplyChange, reply_id: int = ReplyId):
    """Its author changes the text; the text it had is kept in its history and it shows "edited". Someone
    else's reply is the same 404 as a missing one."""
    person = _person(request)
    reply = access.access_reply(person, reply_id, action="edit")
    services.reply_edit(person=person, reply=reply, body=payload.body)
    return _one_reply(person, reply)


@replies.delete("/replies/{int:reply_id}", response={204: None, **ERRORS}, url_name="reply_delete",
                summary="Delete your reply")
def reply_delete(request, reply_id: int = ReplyId):
    """Its author deletes it; the other replies stay and the post's reply count follows. Someone else's reply is
    the same 404 as a missing one (a moderator removes it through the admin console, with a reason)."""
    person = _person(request)
    reply = access.access_reply(person, reply_id, action="delete")
    services.reply_delete(person=person, reply=reply)
    return Status(204, None)


def _set_reply_reaction(person, reply_id: int, kind: str, want: bool) -> dict:
    reply = access.access_reply(person, reply_id, action="react")
    (services.reply_reaction_set if want else services.reply_reaction_unset)(person=person, reply=reply, kind=kind)
    reply.refresh_from_db(fields=["reaction_count", "reaction_counts"])
    return {"reply_id": reply.pk, "kind": kind, "reaction_count": reply.reaction_count,
            "reactions": dict(reply.reaction_counts),
            "reacted": ReplyReaction.objects.filter(reply=reply, person=person, kind=kind).exists()}


@replies.put("/replies/{int:reply_id}/reactions/{kind}", response={200: ReplyReactionsOut, **ERRORS},
             url_name="reply_reaction", summary="React to a reply")
def reply_reaction_add(request, kind: ReactionKind, reply_id: int = ReplyId):
    """Idempotent, as for posts: adding a reaction that is there already changes nothing. The reply's author is
    told once per person and reply."""
    return _set_reply_reaction(_person(request), reply_id, kind, True)


@replies.delete("/replies/{int:reply_id}/reactions/{kind}", response={200: ReplyReactionsOut, **ERRORS},
                url_name="reply_reaction_remove", summary="Take back a reaction to a reply")
def reply_reaction_remove(request, kind: ReactionKind, reply_id: int = ReplyId):
    return _set_reply_reaction(_person(request), reply_id, kind, False)


# --- feeds -----------------------------------------------------------------------------------------

feeds = Router(tags=["feeds"])


def _feed(request, qs, cursor, limit):
    person = _person(request)
    window = posts_window(qs, person, cursor=cursor, limit=limit)
    return page(request, window, out.posts(window.rows, reader=person))


@feeds.get("/feeds/home", response={200: PostPage, **ERRORS}, url_name="feed_home", summary="Home feed")
def feed_home(request, cursor: str | None = Cursor, limit: int = Limit):
    """Your posts, the people, groups and topics you follow, your groups, and company-wide highlights."""
    return _feed(request, selectors.feed_home(_person(request)), cursor, limit)


@feeds.get("/feeds/company", response={200: PostPage, **ERRORS}, url_name="feed_company", summary="All company")
def feed_company(request, cursor: str | None = Cursor, limit: int = Limit):
    return _feed(request, selectors.feed_company(_person(request)), cursor, limit)


@feeds.get("/feeds/questions", response={200: PostPage, **ERRORS}, url_name="feed_questions",
           summary="Unanswered questions")
def feed_questions(request, cursor: str | None = Cursor, limit: int = Limit):
    return _feed(request, selectors.unanswered_questions(_person(request)), cursor, limit)


@feeds.get("/groups/{slug:slug}/posts", response={200: PostPage, **ERRORS}, url_name="feed_group",
           summary="A group's posts")
def feed_group(request, slug: str, cursor: str | None = Cursor, limit: int = Limit):
    person = _person(request)
    group = access.access_group(person, slug)
    if not access.can_read_group_posts(person, group):
        raise Http404("No such group")
    return _feed(request, selectors.feed_group(person, group), cursor, limit)


@feeds.get("/topics/{slug:name}/posts", response={200: PostPage, **ERRORS}, url_name="feed_topic",
           summary="A topic's posts")
def feed_topic(request, name: str, cursor: str | None = Cursor, limit: int = Limit):
    topic = access.access_topic(_person(request), name=name)
    return _feed(request, selectors.feed_topic(_person(request), topic), cursor, limit)


# --- follows ---------------------------------------------------------------------------------------

follows = Router(tags=["follows"])


def _follow_target(person, kind: str, target_id: int):
    if kind == Follow.Target.PERSON:
        target = Person.objects.filter(pk=target_id, is_active=True).first()
    elif kind == Follow.Target.GROUP:
        target = access.groups_visible_to(person).filter(pk=target_id).first()
    else:
        target = access.topics_visible_to(person).filter(pk=target_id).first()
    if target is None:
        raise Http404(f"No such {kind}")
    return target


def _follow_state(person, kind: str, target_id: int) -> dict:
    target = _follow_target(person, kind, target_id)
    row = Follow.objects.filter(follower=person, target_kind=kind, target_id=target_id).first()
    return out.follow(row or Follow(follower=person, target_kind=kind, target_id=target_id), target)


@follows.get("/me/follows", response={200: FollowPage, **ERRORS}, url_name="follows", summary="What you follow")
def follow_list(request, kind: FollowKind | None = None, cursor: str | None = Cursor, limit: int = Limit):
    person = _person(request)
    qs = Follow.objects.filter(follower=person)
    if kind:
        qs = qs.filter(target_kind=kind)
    window = keyset(qs, field="created_at", descending=True, cursor=cursor, limit=limit, is_time=True)
    ids: dict[str, set[int]] = {}
    for f in window.rows:
        ids.setdefault(f.target_kind, set()).add(f.target_id)
    targets = {
        "person": Person.objects.in_bulk(ids.get("person", [])),
        "group": Group.objects.in_bulk(ids.get("group", [])),
        "topic": Topic.objects.in_bulk(ids.get("topic", [])),
    }
    items = [out.follow(f, targets[f.target_kind][f.target_id]) for f in window.rows
             if f.target_id in targets[f.target_kind]]
    return page(request, window, items)


FollowId = Path(..., ge=1, le=MAX_ID)


@follows.put("/follows/{kind}/{int:target_id}", response={200: FollowOut, **ERRORS}, url_name="follow",
             summary="Follow a person, group or topic")
def follow(request, kind: FollowKind, target_id: int = FollowId):
    """Idempotent. Following yourself is a 422."""
    person = _person(request)
    _follow_target(person, kind, target_id)
    services.follow_set(person=person, target_kind=kind, target_id=target_id)
    return _follow_state(person, kind, target_id)


@follows.delete("/follows/{kind}/{int:target_id}", response={200: FollowOut, **ERRORS}, url_name="unfollow",
                summary="Stop following")
def unfollow(request, kind: FollowKind, target_id: int = FollowId):
    person = _person(request)
    _follow_target(person, kind, target_id)
    services.follow_unset(person=person, target_kind=kind, target_id=target_id)
    return _follow_state(person, kind, target_id)


# --- search ----------------------------------------------------------------------------------------

search = Router(tags=["search"])


class SearchFilters(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="Words to find (each matches as a prefix).")
    kind: SearchKind | None = None
    post_kind: PostKind | None = None
    author: str | None = Field(None, max_length=80, description=(
        "A @handle, or a name or part of one (\"Greta\"); several people fitting is a 409 naming them."))
    group: str | None = Field(None, max_length=120, description=(
        "A group's name, part of it, or its slug, among the groups you may see; several fitting is a 409."))
    date_from: date | None = Field(None, alias="from", description="YYYY-MM-DD")
    date_to: date | None = Field(None, alias="to", description="YYYY-MM-DD")


@search.get("/search", response={200: SearchPage, **ERRORS, 409: Error}, url_name="search", summary="Search")
def search_view(request, filters: Query[SearchFilters], cursor: str | None = Cursor, limit: int = Limit):
    """Posts, replies, people and groups you may see, newest first."""
    person = _person(request)
    query = search_parse(person, q=filters.q, kind=filters.kind or "", post_kind=filters.post_kind or "",
                         author=filters.author or "", group=filters.group or "", date_from=filters.date_from,
                         date_to=filters.date_to)  # the search page's own parser, with its words
    qs = search_run(person, query).select_related("post", "post__author", "author", "group")
    window = by_offset(qs, cursor=cursor, limit=limit)
    return page(request, window, [out.search_result(e) for e in window.rows])


# --- notifications ---------------------------------------------------------------------------------

notifications = Router(tags=["notifications"])


@notifications.get("/notifications", response={200: NotificationPage, **ERRORS}, url_name="notifications",
                   summary="Your notifications")
def notification_list(request, unread: bool = Query(False, description="Only the unread ones."),
                      cursor: str | None = Cursor, limit: int = Limit):
    qs = selectors.notifications_visible_to(_person(request)).select_related("actor", "group")
    if unread:
        qs = qs.filter(read_at__isnull=True)
    window = keyset(qs, field="created_at", descending=True, cursor=cursor, limit=limit, is_time=True)
    return page(request, window, [out.notification(n) for n in window.rows])


@notifications.post("/notifications/read", response={200: MarkedOut, **POST_ERRORS}, url_name="notifications_read",
                    summary="Mark notifications read")
def notifications_read(request, payload: NotificationsReadIn):
    """The ones listed in `ids`, or all of them when `ids` is left out. Ids that are not yours are ignored."""
    person = _person(request)
    marked = services.notifications_mark_read(person=person, ids=payload.ids)
    return {"marked": marked, "unread": selectors.unread_count(person)}


# --- the coach (your own habits only) --------------------------------------------------------------

coach = Router(tags=["coach"])


@coach.get("/me/coach", response={200: CoachOut, **ERRORS}, url_name="coach", summary="Your habits today")
def coach_today(request):
    """Today's three habits — done or not, streak and strength — and the getting-started checklist. Yours alone:
    no operation takes another person."""
    person = _person(request)
    now = timezone.now()
    tz = coach_rules.zone_of(person)
    today = coach_rules.local_date(now, tz)
    first_day = max(coach_rules.local_date(person.date_joined, tz), today - timedelta(days=coach_rules.HISTORY_DAYS))
    done = coach_selectors.done_days(person, first_day, tz=tz)
    settings_by_habit = coach_selectors.habit_settings(person)
    habits = []
    for habit, label in Habit.choices:
        days = done[habit]
        setting = settings_by_habit[habit]
        habits.append({
            "habit": habit, "label": label, "rule": coach_rules.RULES[habit], "enabled": setting.enabled,
            "anchor": setting.anchor.strftime("%H:%M"), "done_today": today in days,
            "streak": coach_rules.streak(days, today),
            "strength": round(100 * coach_rules.strength(days, first_day, today)),
        })
    checklist = [{"key": item.key, "label": item.label, "done": item.done}
                 for item in coach_selectors.checklist(person)]
    return {"today": today, "time_zone": str(tz), "day_rule": coach_rules.DAY_RULE.format(tz=tz),
            "strength_rule": coach_rules.STRENGTH_RULE, "habits": habits, "checklist": checklist}


# --- the writing coach (hints on your own draft, stored nowhere) --------------------------------------------

writing = Router(tags=["writing"])


@writing.post("/writing/hints", response={200: WritingHintsOut, **POST_ERRORS}, url_name="writing_hints",
              summary="Writing coach hints on a draft")
def writing_hints(request, response: HttpResponse, payload: WritingHintsIn):
    """The composer's coach: length against the kind, long sentences, reading ease, jargon, passive voice, a human
    voice and whether it asks for a response, each hint explained in one line. For the caller alone: the draft and
    the hints are stored nowhere, so there is nothing to repeat safely and an `Idempotency-Key` (whose answer would
    be kept for a day) is refused."""
    if "Idempotency-Key" in request.headers:
        return _error(request, 400, "Writing hints change nothing and keep nothing, so they take no Idempotency-Key: "
                                    "send the request again without it.",
                      fields={"Idempotency-Key": ["not taken by this operation"]})
    body, kind = writing_coach.check_draft(payload.body, payload.kind)
    result = writing_coach.review(body, kind)
    response["Cache-Control"] = "no-store, private"
    return {**{k: v for k, v in vars(result).items() if k != "counts"},
            "hints": [vars(h) | {"alternatives": list(h.alternatives)} for h in result.hints]}


# --- feedback requests (influence): ask on your own post, answer one, read your results --------------------------

feedback = Router(tags=["feedback"])
FeedbackId = Path(..., ge=1, le=MAX_ID)


def _feedback_out(person, fb) -> dict:
    mine = fb.author_id == person.pk
    return {"id": fb.pk, "post_id": fb.post_id, "post_url": fb.post.url, "author": out.person_ref(fb.author),
            "audience": fb.audience, "anonymous": fb.anonymous, "created_on": fb.created_on, "closed_on": fb.closed_on,
            "answer_count": fb.answer_count if mine else None,
            "can_answer": feedback_access.can_answer(person, fb) and not fb.is_closed
            and not bool(getattr(fb, "answered", False)),
            "answered": bool(getattr(fb, "answered", False)), "url": reverse("feedback_answer", args=[fb.pk])}


@feedback.post("/posts/{int:post_id}/feedback", response={201: FeedbackRequestOut, **POST_ERRORS},
               url_name="feedback_request_create", summary="Ask for feedback on your post")
def feedback_request_create(request, payload: FeedbackRequestIn, post_id: int = PostId):
    """On your own post only (anyone else's is a 404): ask the people you name, or (no `people`) everyone who can
    read the post, for a rating of clarity and usefulness (1–5) and a comment, optionally anonymous. One request
    per post: a second is a 409."""
    person = _person(request)
    post = feedback_access.access_post_to_ask(person, post_id)
    if feedback_selectors.request_of_post(post) is not None:
        return _error(request, 409, "You have already asked for feedback on this post; its results are at "
                                    "GET /api/v1/feedback/{id}/results.", code="conflict")
    audience = "chosen" if payload.people else "readers"
    fb = feedback_services.feedback_request_create(author=person, post=post, audience=audience,
                                                   people=list(payload.people), anonymous=payload.anonymous)
    return Status(201, _feedback_out(person, feedback_access.access_feedback_request(person, fb.pk, action="results")))


@feedback.get("/feedback/{int:request_id}", response={200: FeedbackRequestOut, **ERRORS}, url_name="feedback_request",
              summary="A feedback request")
def feedback_request_detail(request, request_id: int = FeedbackId):
    """A request you were asked to answer, or your own."""
    person = _person(request)
    try:
        fb = feedback_access.access_feedback_request(person, request_id, action="answer")
    except Http404:
        fb = feedback_access.access_feedback_request(person, request_id, action="results")
    return _feedback_out(person, fb)


@feedback.post("/feedback/{int:request_id}/answers", response={201: FeedbackAnsweredOut, **POST_ERRORS},
               url_name="feedback_answer", summary="Answer a feedback request")
def feedback_answer(request, payload: FeedbackAnswerIn, request_id: int = FeedbackId):
    """Once per person (a second answer is a 409: an answer cannot be changed), while the request is open (a closed
    one is a 409 too). For an anonymous request it is stored without your name."""
    person = _person(request)
    fb = feedback_access.access_feedback_request(person, request_id, action="answer")
    if fb.is_closed or fb.answered:
        return _error(request, 409, "This feedback request has closed; answers are no longer taken." if fb.is_closed
                      else "You have answered this feedback request already; an answer cannot be changed.",
                      code="conflict")
    feedback_services.feedback_answer(person=person, request=fb, clarity=payload.clarity,
                                      usefulness=payload.usefulness, comment=payload.comment)
    return Status(201, {"answered": True, "anonymous": fb.anonymous})


@feedback.get("/feedback/{int:request_id}/results", response={200: FeedbackResultsOut, **ERRORS},
              url_name="feedback_results", summary="The results of your feedback request")
def feedback_results(request, request_id: int = FeedbackId):
    """For the post's author alone (anyone else, org admins included, gets a 404). An anonymous request's ratings
    and comments show from `comments_after` answers."""
    person = _person(request)
    fb = feedback_access.access_feedback_request(person, request_id, action="results")
    r = feedback_selectors.feedback_results(fb)
    return {"request": _feedback_out(person, fb), "count": r.count, "clarity": r.clarity, "usefulness": r.usefulness,
            "distribution": [{"rating": rating, "clarity": c, "usefulness": u} for rating, c, u in r.distribution],
            "comments": r.comments,
            "named": [{"person": out.person_ref(a.person) if a.person else None, "clarity": a.clarity,
                       "usefulness": a.usefulness, "comment": a.comment} for a in r.named],
            "ratings_hidden": r.ratings_hidden, "comments_hidden": r.comments_hidden,
            "comments_after": r.comments_after}


for router in (people, groups, posts, replies, feeds, follows, search, notifications, coach, writing, feedback):
    api.add_router("", router)

# The community practices (ideas, events, ask leadership, polls, recognition, purpose, notebook, coffee, circles):
# a router per feature package, in api/routers/.
for router in ROUTERS:
    api.add_router("", router)
