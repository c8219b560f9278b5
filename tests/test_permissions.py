"""THE PERMISSION MATRIX: every named route × every test person × method → expected status.

People (see tests/conftest.py): anonymous, alice (member of every group), otto (outsider),
gina (admin of every group), olga (organisation admin, in no group), dave (deactivated: his
session is refused, so he is treated as anonymous).

Objects live in the private group (finance-team) and the secret group (board-prep) where that
makes a row meaningful. Each cell runs inside a savepoint that is rolled back, so a write in
one cell (a delete, a leave) never changes the next.

`test_every_named_route_is_in_the_matrix` fails when a route in townsquare/urls.py has no row.
"""

import copy
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import PASSWORD
from townsquare.conversations import services
from townsquare.conversations.models import Post, Topic
from townsquare.notebook import services as notebook_services
from townsquare.people.models import Invitation
from townsquare.people.services import invitation_accept
from townsquare.purpose import services as purpose_services

PEOPLE = ["anon", "alice", "otto", "gina", "olga", "dave"]


def signed_in(code: int, **overrides: int) -> dict[str, int]:
    """Signed-in people get `code`; anonymous and deactivated people are sent to sign in (302)."""
    return {"anon": 302, "alice": code, "otto": code, "gina": code, "olga": code, "dave": 302, **overrides}


def everyone(code: int, **overrides: int) -> dict[str, int]:
    return {**{p: code for p in PEOPLE}, **overrides}


@dataclass(frozen=True)
class Row:
    id: str
    route: str
    method: str
    expect: dict[str, int]
    kwargs: Callable = lambda c: {}
    data: Callable = lambda c: {}
    # Where anonymous/deactivated 302s must lead: to sign in (with ?next=) unless the route is public.
    to_login: bool = True
    query: dict | Callable = field(default_factory=dict)  # or a function of the objects, for ids


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


PRIVATE_POST = lambda c: {"post_id": c.private_post.pk}  # noqa: E731
PUBLIC_POST = lambda c: {"post_id": c.public_post.pk}  # noqa: E731
PRIVATE = lambda c: {"slug": c.world.private.slug}  # noqa: E731
SECRET = lambda c: {"slug": c.world.secret.slug}  # noqa: E731
PUBLIC = lambda c: {"slug": c.world.public.slug}  # noqa: E731
OUTSIDERS_404 = {"otto": 404, "olga": 404}  # people outside the private and secret groups
MANIFESTO_DRAFT = lambda c: {"version_id": c.manifesto_draft.pk}  # noqa: E731
NOTE_ID = lambda c: {"note_id": c.note.pk}  # noqa: E731
NOTE = {"kind": "read", "title": "Pricing", "body": "A note on pricing", "source_url": "https://example.com/a",
        "tags": "pricing"}
COACH_SETTINGS = {"describe_enabled": "on", "describe_anchor": "08:30", "interact_enabled": "on",
                  "interact_anchor": "12:30", "recognise_anchor": "17:30", "channel": "in_app"}

SECTIONS: dict[str, list[Row]] = {
    "open-to-everyone": [
        Row("healthz", "healthz", "get", everyone(200)),
        Row("login", "login", "get", everyone(302, anon=200, dave=200), to_login=False),
        Row("login-post-dave", "login", "post", everyone(302, anon=200, dave=200), to_login=False,
            data=lambda c: {"username": "dave@example.test", "password": PASSWORD}),
        Row("login-post-alice", "login", "post", everyone(302), to_login=False,
            data=lambda c: {"username": "alice@example.test", "password": PASSWORD}),
        Row("logout-get", "logout", "get", everyone(405)),
        Row("logout", "logout", "post", everyone(302)),
        Row("password_reset", "password_reset", "get", everyone(200)),
        Row("password_reset-post", "password_reset", "post", everyone(302), to_login=False,
            data=lambda c: {"email": "erin@example.test"}),
        Row("password_reset_done", "password_reset_done", "get", everyone(200)),
        Row("password_reset_confirm", "password_reset_confirm", "get", everyone(302), to_login=False,
            kwargs=lambda c: {"uidb64": c.uidb64, "token": c.reset_token}),
        Row("password_reset_confirm-bad-token", "password_reset_confirm", "get", everyone(200),
            kwargs=lambda c: {"uidb64": c.uidb64, "token": "abc-def"}),
        Row("password_reset_complete", "password_reset_complete", "get", everyone(200)),
        Row("invitation_accept", "invitation_accept", "get", everyone(200),
            kwargs=lambda c: {"token": c.invitation.token}),
        Row("invitation_accept-post", "invitation_accept", "post", everyone(302), to_login=False,
            kwargs=lambda c: {"token": c.invitation.token},
            data=lambda c: {"name": "Nina Newbie", "password": "a-long-new-password-42"}),
        Row("invitation_accept-used", "invitation_accept", "get", everyone(410),
            kwargs=lambda c: {"token": c.used_invitation.token}),
        Row("invitation_accept-unknown", "invitation_accept", "get", everyone(404), kwargs=lambda c: {"token": "nope"}),
    ],
    "accounts": [
        Row("password_change", "password_change", "get", signed_in(200)),
        Row("password_change-post", "password_change", "post", signed_in(200),
            data=lambda c: {"old_password": "wrong", "new_password1": "x", "new_password2": "y"}),
        Row("password_change_done", "password_change_done", "get", signed_in(200)),
        Row("invitations", "invitations", "get", signed_in(404, olga=200)),
        Row("invitations-post", "invitations", "post", signed_in(404, olga=200),
            data=lambda c: {"email": "someone.new@example.test"}),
    ],
    "people": [
        Row("directory", "directory", "get", signed_in(200)),
        Row("profile_edit", "profile_edit", "get", signed_in(200)),
        Row("profile_edit-post-no-name", "profile_edit", "post", signed_in(400), data=lambda c: {"name": ""}),
        Row("profile", "profile", "get", signed_in(200), kwargs=lambda c: {"handle": "alice"}),
        Row("profile-deactivated", "profile", "get", signed_in(200), kwargs=lambda c: {"handle": "dave"}),
        Row("profile-unknown", "profile", "get", signed_in(404), kwargs=lambda c: {"handle": "nobody"}),
        Row("org_chart", "org_chart", "get", signed_in(200), kwargs=lambda c: {"handle": "alice"}),
        Row("avatar", "avatar", "get", signed_in(200), kwargs=lambda c: {"handle": "alice"}),
        Row("avatar-none", "avatar", "get", signed_in(404), kwargs=lambda c: {"handle": "otto"}),
        Row("person_set_active", "person_set_active", "post", signed_in(404, olga=302),
            kwargs=lambda c: {"handle": "alice"}, data=lambda c: {"active": "0"}),
        Row("person_set_active-get", "person_set_active", "get", signed_in(405), kwargs=lambda c: {"handle": "alice"}),
    ],
    "feeds": [
        Row("home", "home", "get", signed_in(200)),
        Row("company", "company", "get", signed_in(200)),
        Row("questions", "questions", "get", signed_in(200)),
        Row("bookmarks", "bookmarks", "get", signed_in(200)),
        Row("topic_feed", "topic_feed", "get", signed_in(200), kwargs=lambda c: {"name": "budgets"}),
        Row("topic_feed-unknown", "topic_feed", "get", signed_in(404), kwargs=lambda c: {"name": "no-such-topic"}),
        Row("compose", "compose", "get", signed_in(200)),
        Row("notifications", "notifications", "get", signed_in(200)),
        Row("notifications-mark-read", "notifications", "post", signed_in(302)),
        Row("search", "search", "get", signed_in(200), query={"q": "finance"}),
        Row("search-bad-date", "search", "get", signed_in(400), query={"q": "finance", "from": "yesterday"}),
    ],
    "posts": [
        Row("post_create", "post_create", "post", signed_in(302), data=lambda c: {"body": "Hello everyone"}),
        Row("post_create-get", "post_create", "get", signed_in(405)),
        Row("post_create-private", "post_create", "post", signed_in(302, otto=400, olga=400),
            data=lambda c: {"body": "Hello team", "group": c.world.private.slug}),
        Row("post_create-secret", "post_create", "post", signed_in(302, **OUTSIDERS_404),
            data=lambda c: {"body": "Hello board", "group": c.world.secret.slug}),
        Row("post_detail", "post_detail", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE_POST),
        Row("post_detail-public", "post_detail", "get", signed_in(200), kwargs=PUBLIC_POST),
        Row("post_detail-secret", "post_detail", "get", signed_in(200, **OUTSIDERS_404),
            kwargs=lambda c: {"post_id": c.secret_post.pk}),
        Row("post_detail-unknown", "post_detail", "get", signed_in(404), kwargs=lambda c: {"post_id": 999_999}),
        Row("post_edit", "post_edit", "get", signed_in(404, alice=200), kwargs=PRIVATE_POST),
        Row("post_edit-post", "post_edit", "post", signed_in(404, alice=302), kwargs=PRIVATE_POST,
            data=lambda c: {"body": "Edited text"}),
        Row("post_history", "post_history", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE_POST),
        Row("post_seen_by", "post_seen_by", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE_POST),
        Row("post_delete", "post_delete", "post", signed_in(302, **OUTSIDERS_404), kwargs=PRIVATE_POST),
        Row("post_delete-public", "post_delete", "post", signed_in(302, otto=404), kwargs=PUBLIC_POST),
        Row("post_delete-not-mine", "post_delete", "post", signed_in(404, gina=302, olga=302),
            kwargs=lambda c: {"post_id": c.gina_public_post.pk}),
        Row("post_delete-get", "post_delete", "get", signed_in(405), kwargs=PRIVATE_POST),
        Row("post_pin", "post_pin", "post", signed_in(404, gina=302), kwargs=PRIVATE_POST, data=lambda c: {"pinned": "1"}),
        Row("post_pin-company-wide", "post_pin", "post", signed_in(404),
            kwargs=lambda c: {"post_id": c.company_post.pk}, data=lambda c: {"pinned": "1"}),
        Row("post_pin-get", "post_pin", "get", signed_in(405), kwargs=PRIVATE_POST),
        Row("post_react", "post_react", "post", signed_in(302, **OUTSIDERS_404), kwargs=PRIVATE_POST,
            data=lambda c: {"kind": "like"}),
        Row("post_react-get", "post_react", "get", signed_in(405), kwargs=PRIVATE_POST),
        Row("post_bookmark", "post_bookmark", "post", signed_in(302, **OUTSIDERS_404), kwargs=PRIVATE_POST),
        Row("post_bookmark-get", "post_bookmark", "get", signed_in(405), kwargs=PRIVATE_POST),
        Row("reply_create", "reply_create", "post", signed_in(302, **OUTSIDERS_404), kwargs=PRIVATE_POST,
            data=lambda c: {"body": "A reply"}),
        Row("reply_create-public", "reply_create", "post", signed_in(302), kwargs=PUBLIC_POST,
            data=lambda c: {"body": "A reply"}),
        Row("reply_create-get", "reply_create", "get", signed_in(405), kwargs=PRIVATE_POST),
        Row("best_answer", "best_answer", "post", signed_in(404, alice=302), kwargs=PRIVATE_POST,
            data=lambda c: {"reply": c.reply.pk}),
        Row("best_answer-get", "best_answer", "get", signed_in(405), kwargs=PRIVATE_POST),
        Row("attachment", "attachment", "get", signed_in(200, **OUTSIDERS_404),
            kwargs=lambda c: {"attachment_id": c.attachment.pk}),
        Row("attachment-unknown", "attachment", "get", signed_in(404), kwargs=lambda c: {"attachment_id": 999_999}),
    ],
    "follows": [
        Row("follow_toggle-private-group", "follow_toggle", "post", signed_in(302),
            data=lambda c: {"kind": "group", "id": c.world.private.pk}),
        Row("follow_toggle-secret-group", "follow_toggle", "post", signed_in(302, **OUTSIDERS_404),
            data=lambda c: {"kind": "group", "id": c.world.secret.pk}),
        Row("follow_toggle-person", "follow_toggle", "post", signed_in(302, alice=400),
            data=lambda c: {"kind": "person", "id": c.world.alice.pk}),
        Row("follow_toggle-topic", "follow_toggle", "post", signed_in(302),
            data=lambda c: {"kind": "topic", "id": c.topic.pk}),
        Row("follow_toggle-get", "follow_toggle", "get", signed_in(405)),
    ],
    "groups": [
        Row("group_list", "group_list", "get", signed_in(200)),
        Row("group_create", "group_create", "get", signed_in(200)),
        Row("group_create-post", "group_create", "post", signed_in(302),
            data=lambda c: {"name": "Book club", "visibility": "public", "kind": "interest"}),
        Row("group_detail", "group_detail", "get", signed_in(200), kwargs=PRIVATE),
        Row("group_detail-secret", "group_detail", "get", signed_in(200, **OUTSIDERS_404), kwargs=SECRET),
        Row("group_detail-unknown", "group_detail", "get", signed_in(404), kwargs=lambda c: {"slug": "no-such-group"}),
        Row("group_members", "group_members", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE),
        Row("group_members-public", "group_members", "get", signed_in(200), kwargs=PUBLIC),
        Row("group_members-secret", "group_members", "get", signed_in(200, **OUTSIDERS_404), kwargs=SECRET),
        Row("group_edit", "group_edit", "get", signed_in(404, gina=200), kwargs=PRIVATE),
        Row("group_edit-post", "group_edit", "post", signed_in(404, gina=302), kwargs=PRIVATE,
            data=lambda c: {"name": "Finance Crew", "description": "", "visibility": "private"}),
        Row("group_edit-secret", "group_edit", "get", signed_in(404, gina=200), kwargs=SECRET),
        Row("group_join", "group_join", "post", signed_in(302), kwargs=PRIVATE),
        Row("group_join-secret", "group_join", "post", signed_in(302, **OUTSIDERS_404), kwargs=SECRET),
        Row("group_join-get", "group_join", "get", signed_in(405), kwargs=PUBLIC),
        Row("group_leave", "group_leave", "post", signed_in(302), kwargs=PRIVATE),
        Row("group_leave-secret", "group_leave", "post", signed_in(302, **OUTSIDERS_404), kwargs=SECRET),
        Row("group_leave-get", "group_leave", "get", signed_in(405), kwargs=PUBLIC),
        Row("group_invite", "group_invite", "post", signed_in(404, gina=302), kwargs=PRIVATE,
            data=lambda c: {"handles": "@otto"}),
        Row("group_invite-secret", "group_invite", "post", signed_in(404, gina=302), kwargs=SECRET,
            data=lambda c: {"handles": "@otto"}),
        Row("group_invite-get", "group_invite", "get", signed_in(405), kwargs=PRIVATE),
        Row("membership_decide", "membership_decide", "post", signed_in(404, gina=302),
            kwargs=lambda c: {"slug": c.world.private.slug, "membership_id": c.request.pk},
            data=lambda c: {"action": "approve"}),
        Row("membership_decide-other-group", "membership_decide", "post", signed_in(404),
            kwargs=lambda c: {"slug": c.world.public.slug, "membership_id": c.request.pk},
            data=lambda c: {"action": "approve"}),
        Row("membership_decide-get", "membership_decide", "get", signed_in(405),
            kwargs=lambda c: {"slug": c.world.private.slug, "membership_id": c.request.pk}),
    ],
    "coach": [
        # Only the signed-in person's own coach: no route takes a person, so there is nothing to refuse.
        Row("coach", "coach", "get", signed_in(200)),
        Row("coach_settings", "coach_settings", "get", signed_in(200)),
        Row("coach_settings-post", "coach_settings", "post", signed_in(302), data=lambda c: COACH_SETTINGS),
        Row("coach_settings-post-bad-time", "coach_settings", "post", signed_in(400),
            data=lambda c: {**COACH_SETTINGS, "interact_anchor": "25:99"}),
        Row("coach_rhythm", "coach_rhythm", "get", signed_in(200)),
        Row("coach_week", "coach_week", "get", signed_in(200)),
    ],
    "purpose": [
        # The purpose page and manifesto editor are the signed-in person's own; version pages and
        # diffs take ids and are the author's alone (org admins included get 404); only the
        # published manifesto has a page for everyone.
        Row("purpose", "purpose", "get", signed_in(200)),
        Row("purpose-post", "purpose", "post", signed_in(302), data=lambda c: {"source": "strategy"}),
        Row("purpose-post-empty-own", "purpose", "post", signed_in(400), data=lambda c: {"source": "own", "own_text": " "}),
        Row("post_create-serves-purpose", "post_create", "post", signed_in(400, alice=302),
            data=lambda c: {"body": "This serves my purpose", "serves_purpose": "on"}),
        Row("manifesto_edit", "manifesto_edit", "get", signed_in(200)),
        Row("manifesto_edit-post", "manifesto_edit", "post", signed_in(302),
            data=lambda c: {"body": "I work in the open.", "action": "draft"}),
        Row("manifesto_edit-post-empty", "manifesto_edit", "post", signed_in(400), data=lambda c: {"body": ""}),
        Row("manifesto_version-draft", "manifesto_version", "get", signed_in(404, alice=200), kwargs=MANIFESTO_DRAFT),
        Row("manifesto_version-published", "manifesto_version", "get", signed_in(404, alice=200),
            kwargs=lambda c: {"version_id": c.manifesto_published.pk}),
        Row("manifesto_version-unknown", "manifesto_version", "get", signed_in(404), kwargs=lambda c: {"version_id": 999_999}),
        Row("manifesto_publish", "manifesto_publish", "post", signed_in(404, alice=302), kwargs=MANIFESTO_DRAFT),
        Row("manifesto_publish-get", "manifesto_publish", "get", signed_in(405), kwargs=MANIFESTO_DRAFT),
        Row("manifesto_unpublish", "manifesto_unpublish", "post", signed_in(302)),
        Row("manifesto_unpublish-get", "manifesto_unpublish", "get", signed_in(405)),
        Row("manifesto_diff", "manifesto_diff", "get", signed_in(404, alice=200),
            query=lambda c: {"from": c.manifesto_published.pk, "to": c.manifesto_draft.pk}),
        Row("manifesto_diff-mixed", "manifesto_diff", "get", signed_in(404),
            query=lambda c: {"from": c.manifesto_published.pk, "to": c.gina_manifesto_draft.pk}),
        Row("manifesto_diff-no-ids", "manifesto_diff", "get", signed_in(404)),
        Row("manifesto_public", "manifesto_public", "get", signed_in(200), kwargs=lambda c: {"handle": "alice"}),
        Row("manifesto_public-drafts-only", "manifesto_public", "get", signed_in(404), kwargs=lambda c: {"handle": "gina"}),
        Row("manifesto_public-none", "manifesto_public", "get", signed_in(404), kwargs=lambda c: {"handle": "otto"}),
    ],
    "notebook": [
        # Notes, insights and drafts are the author's alone: everyone else, org admins included, gets 404.
        Row("notebook", "notebook", "get", signed_in(200)),
        Row("notebook-search", "notebook", "get", signed_in(200), query={"q": "pricing", "insights": "1"}),
        Row("note_create", "note_create", "get", signed_in(200)),
        Row("note_create-post", "note_create", "post", signed_in(302), data=lambda c: NOTE),
        Row("note_create-post-empty", "note_create", "post", signed_in(400), data=lambda c: {**NOTE, "body": ""}),
        Row("note_create-post-bad-url", "note_create", "post", signed_in(400),
            data=lambda c: {**NOTE, "source_url": "javascript:alert(1)"}),
        Row("note_detail", "note_detail", "get", signed_in(404, alice=200), kwargs=NOTE_ID),
        Row("note_detail-insight", "note_detail", "get", signed_in(404, alice=200),
            kwargs=lambda c: {"note_id": c.insight.pk}),
        Row("note_detail-unknown", "note_detail", "get", signed_in(404), kwargs=lambda c: {"note_id": 999_999}),
        Row("note_edit", "note_edit", "get", signed_in(404, alice=200), kwargs=NOTE_ID),
        Row("note_edit-post", "note_edit", "post", signed_in(404, alice=302), kwargs=NOTE_ID, data=lambda c: NOTE),
        Row("note_edit-post-too-long", "note_edit", "post", signed_in(404, alice=400), kwargs=NOTE_ID,
            data=lambda c: {**NOTE, "body": "x" * 10_001}),
        Row("note_delete", "note_delete", "post", signed_in(404, alice=302), kwargs=NOTE_ID),
        Row("note_delete-get", "note_delete", "get", signed_in(405), kwargs=NOTE_ID),
        Row("note_insight", "note_insight", "post", signed_in(404, alice=302), kwargs=NOTE_ID, data=lambda c: {"insight": "1"}),
        Row("note_insight-get", "note_insight", "get", signed_in(405), kwargs=NOTE_ID),
        Row("note_share", "note_share", "post", signed_in(404, alice=302), kwargs=lambda c: {"note_id": c.insight.pk}),
        Row("note_share-get", "note_share", "get", signed_in(405), kwargs=lambda c: {"note_id": c.insight.pk}),
        Row("insight_draft", "insight_draft", "get", signed_in(404, alice=200),
            kwargs=lambda c: {"draft_id": c.insight_draft.pk}),
        Row("insight_draft-unknown", "insight_draft", "get", signed_in(404), kwargs=lambda c: {"draft_id": 999_999}),
    ],
}
MATRIX: list[Row] = [row for rows in SECTIONS.values() for row in rows]


@pytest.fixture
def objects(world):
    """The things the matrix rows point at."""
    w = world
    private_post = services.post_create(
        author=w.alice, body="Finance numbers for #budgets", kind=Post.Kind.QUESTION, group=w.private,
        files=[SimpleUploadedFile("numbers.csv", b"a,b\n1,2\n")])
    used = Invitation.objects.create(email="used@example.test", invited_by=w.olga)
    w.alice.avatar.save("alice.png", ContentFile(png()))
    c = SimpleNamespace(
        world=w,
        private_post=private_post,
        attachment=private_post.attachments.get(),
        reply=services.reply_create(author=w.gina, post=private_post, body="Here are the answers"),
        public_post=services.post_create(author=w.alice, body="Public guild post", group=w.public),
        gina_public_post=services.post_create(author=w.gina, body="Gina's guild post", group=w.public),
        secret_post=services.post_create(author=w.gina, body="Board agenda", group=w.secret),
        company_post=services.post_create(author=w.gina, body="Company-wide news"),
        topic=Topic.objects.get(name="budgets"),
        invitation=Invitation.objects.create(email="newbie@example.test", invited_by=w.olga),
        used_invitation=used,
        request=services.group_join(person=w.erin, group=w.private),
        uidb64=urlsafe_base64_encode(force_bytes(w.erin.pk)),
        reset_token=default_token_generator.make_token(w.erin),
    )
    invitation_accept(invitation=used, name="Used Already", password="a-long-new-password-43")
    # purpose and manifesto: alice has a purpose, a published version and a newer draft; gina only a draft
    purpose_services.purpose_choose(person=w.alice, source="strategy")
    c.manifesto_published = purpose_services.manifesto_save(person=w.alice, body="Open numbers.", publish=True)
    c.manifesto_draft = purpose_services.manifesto_save(person=w.alice, body="Open numbers.\nOpen questions.")
    c.gina_manifesto_draft = purpose_services.manifesto_save(person=w.gina, body="Gina's draft")
    # notebook: alice has a note, and an insight with an open draft post
    c.note = notebook_services.note_create(person=w.alice, body="Pricing article", source_url="https://example.com/p")
    c.insight = notebook_services.note_mark_insight(
        person=w.alice, note=notebook_services.note_create(person=w.alice, body="Customers ask for bundles"))
    c.insight_draft = notebook_services.insight_draft_create(person=w.alice, note=c.insight)
    return c


def client_as(world, who: str) -> Client:
    c = Client()
    if who != "anon":
        c.force_login(world.people[who])
    return c


def run_cell(row: Row, objects, client: Client):
    url = reverse(row.route, kwargs=row.kwargs(objects))
    query = row.query(objects) if callable(row.query) else row.query
    if row.method == "get":
        return client.get(url, query)
    return client.post(url, row.data(objects), QUERY_STRING="&".join(f"{k}={v}" for k, v in query.items()))


@pytest.mark.parametrize("section", SECTIONS)
def test_permission_matrix(objects, section):
    """One section of the table per test (the objects are built once per section, each cell is rolled back)."""
    wrong = []
    clients = {who: client_as(objects.world, who) for who in PEOPLE}
    cookies = {who: copy.deepcopy(c.cookies) for who, c in clients.items()}
    for row in SECTIONS[section]:
        actual = {}
        for who in PEOPLE:
            client = clients[who]
            client.cookies = copy.deepcopy(cookies[who])  # a cell that signs in or out must not leak
            with transaction.atomic():
                response = run_cell(row, objects, client)
                transaction.set_rollback(True)
            actual[who] = response.status_code
            if (row.to_login and who in ("anon", "dave") and response.status_code == 302
                    and not response.url.startswith(reverse("login"))):
                wrong.append(f"{row.id}: {who} was sent to {response.url}, not to sign in")
        for who in PEOPLE:
            if actual[who] != row.expect[who]:
                wrong.append(f"{row.id} ({row.method.upper()} {row.route}): {who} got {actual[who]}, "
                             f"expected {row.expect[who]}")
    assert wrong == []


def test_anonymous_and_deactivated_are_sent_to_sign_in_with_next(objects):
    url = reverse("post_detail", kwargs={"post_id": objects.private_post.pk})
    for who in ("anon", "dave"):
        response = client_as(objects.world, who).get(url)
        assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"


def named_routes(patterns=None, prefix="") -> set[str]:
    names = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= named_routes(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_named_route_is_in_the_matrix():
    missing = named_routes() - {row.route for row in MATRIX}
    assert missing == set(), f"add rows to MATRIX for: {sorted(missing)}"


def test_the_matrix_has_no_stale_rows_and_unique_ids():
    assert {row.route for row in MATRIX} <= named_routes()
    assert len({row.id for row in MATRIX}) == len(MATRIX)
    assert all(set(row.expect) == set(PEOPLE) for row in MATRIX)
