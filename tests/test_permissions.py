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
import importlib
import json
import pkgutil
from pathlib import Path
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
from tests.matrix import PEOPLE, Row, everyone, png, signed_in
from townsquare.conversations import services
from townsquare.conversations.models import Notification, Post, Topic
from townsquare.ideas import models as ideas_models
from townsquare.ideas import services as ideas_services
from townsquare.notebook import services as notebook_services
from townsquare.people import onboarding
from townsquare.people.models import Invitation
from townsquare.people.services import invitation_accept
from townsquare.practices import services as practices_services
from townsquare.purpose import services as purpose_services

PRIVATE_POST = lambda c: {"post_id": c.private_post.pk}  # noqa: E731
PUBLIC_POST = lambda c: {"post_id": c.public_post.pk}  # noqa: E731
PRIVATE = lambda c: {"slug": c.world.private.slug}  # noqa: E731
SECRET = lambda c: {"slug": c.world.secret.slug}  # noqa: E731
PUBLIC = lambda c: {"slug": c.world.public.slug}  # noqa: E731
OUTSIDERS_404 = {"otto": 404, "olga": 404}  # people outside the private and secret groups
MANIFESTO_DRAFT = lambda c: {"version_id": c.manifesto_draft.pk}  # noqa: E731
NOTE_ID = lambda c: {"note_id": c.note.pk}  # noqa: E731
PRIVATE_IDEA = lambda c: {"post_id": c.private_idea.post_id}  # noqa: E731
COMPANY_IDEA = lambda c: {"post_id": c.company_idea.post_id}  # noqa: E731
VALUE = lambda c: {"value_id": c.value.pk}  # noqa: E731
QUESTION = lambda c: {"question_id": c.question.pk}  # noqa: E731
PRIVATE_POLL = lambda c: {"poll_id": c.private_poll.pk}  # noqa: E731
NOTE = {"kind": "read", "title": "Pricing", "body": "A note on pricing", "source_url": "https://example.com/a",
        "tags": "pricing"}
COACH_SETTINGS = {"describe_enabled": "on", "describe_anchor": "08:30", "interact_enabled": "on",
                  "interact_anchor": "12:30", "recognise_anchor": "17:30", "channel": "in_app"}

SECTIONS: dict[str, list[Row]] = {
    "open-to-everyone": [
        Row("healthz", "healthz", "get", everyone(200)),
        Row("manifest", "manifest", "get", everyone(200)),
        Row("service_worker", "service_worker", "get", everyone(200)),
        Row("offline", "offline", "get", everyone(200)),
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
        Row("welcome_password", "welcome_password", "get", everyone(302), to_login=False,
            kwargs=lambda c: {"uidb64": c.uidb64, "token": c.welcome_token}),
        Row("welcome_password-bad-token", "welcome_password", "get", everyone(410),
            kwargs=lambda c: {"uidb64": c.uidb64, "token": "abc-def"}),
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
        Row("invitation_resend", "invitation_resend", "post", signed_in(404, olga=302),
            kwargs=lambda c: {"invitation_id": c.invitation.pk}),
        Row("invitation_resend-get", "invitation_resend", "get", signed_in(405),
            kwargs=lambda c: {"invitation_id": c.invitation.pk}),
        Row("invitation_resend-unknown", "invitation_resend", "post", signed_in(404),
            kwargs=lambda c: {"invitation_id": 999_999}),
        Row("invitation_revoke", "invitation_revoke", "post", signed_in(404, olga=302),
            kwargs=lambda c: {"invitation_id": c.invitation.pk}),
        Row("people_onboarding", "people_onboarding", "get", signed_in(404, olga=200)),
        Row("welcome_resend", "welcome_resend", "post", signed_in(404, olga=302), kwargs=lambda c: {"handle": "erin"}),
        Row("welcome_resend-unknown", "welcome_resend", "post", signed_in(404), kwargs=lambda c: {"handle": "nobody"}),
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
        # #budgets is only on a private group's post: for people outside it, the topic does not exist
        Row("topic_feed", "topic_feed", "get", signed_in(200, **OUTSIDERS_404), kwargs=lambda c: {"name": "budgets"}),
        Row("topic_feed-unknown", "topic_feed", "get", signed_in(404), kwargs=lambda c: {"name": "no-such-topic"}),
        Row("compose", "compose", "get", signed_in(200)),
        Row("notifications", "notifications", "get", signed_in(200)),
        Row("notifications-mark-read", "notifications", "post", signed_in(302)),
        Row("notification_open", "notification_open", "get", signed_in(404, gina=302),
            kwargs=lambda c: {"notification_id": c.gina_notification.pk}),
        Row("notification_open-missing", "notification_open", "get", signed_in(404),
            kwargs=lambda c: {"notification_id": 999999}),
        Row("search", "search", "get", signed_in(200), query={"q": "finance"}),
        Row("search-bad-date", "search", "get", signed_in(400), query={"q": "finance", "from": "yesterday"}),
        Row("search_suggest", "search_suggest", "get", signed_in(200), query={"kind": "people", "q": "al"}),
        Row("search_suggest-topics", "search_suggest", "get", signed_in(200), query={"kind": "topics", "q": "bud"}),
        Row("search_suggest-bad-kind", "search_suggest", "get", signed_in(400), query={"kind": "secrets", "q": "a"}),
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
        # Only its author deletes a post; anyone else's goes through moderation (tests/matrix_governance.py).
        Row("post_delete", "post_delete", "post", signed_in(404, alice=302), kwargs=PRIVATE_POST),
        Row("post_delete-public", "post_delete", "post", signed_in(404, alice=302), kwargs=PUBLIC_POST),
        Row("post_delete-not-mine", "post_delete", "post", signed_in(404, gina=302),
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
        Row("follow_toggle-topic", "follow_toggle", "post", signed_in(302, **OUTSIDERS_404),
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
        Row("group_invitation_decline", "group_invitation_decline", "post", signed_in(302), kwargs=PRIVATE),
        Row("group_invitation_decline-secret", "group_invitation_decline", "post", signed_in(302, **OUTSIDERS_404),
            kwargs=SECRET),
        Row("group_invitation_decline-get", "group_invitation_decline", "get", signed_in(405), kwargs=PUBLIC),
        Row("group_create-post-duplicate", "group_create", "post", signed_in(400),
            data=lambda c: {"name": " data GUILD ", "visibility": "public", "kind": "interest"}),
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
        Row("coach_app_installed", "coach_app_installed", "post", signed_in(204)),
        Row("coach_app_installed-get", "coach_app_installed", "get", signed_in(405)),
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
    # practices (C7): ask leadership is public to signed-in people; status by gina (the addressed
    # leader) or olga (org admin), answers by gina only; a poll in finance-team is a 404 for outsiders
    "practices": [
        Row("community", "community", "get", signed_in(200)),
        Row("ask_list", "ask_list", "get", signed_in(200)),
        Row("ask_list-filtered", "ask_list", "get", signed_in(200), query={"status": "open", "leader": "gina"}),
        Row("ask_new", "ask_new", "get", signed_in(200)),
        Row("ask_new-post", "ask_new", "post", signed_in(302), data=lambda c: {"leader": "gina", "body": "Why now?"}),
        Row("ask_new-post-empty", "ask_new", "post", signed_in(400), data=lambda c: {"leader": "gina", "body": " "}),
        Row("ask_new-post-not-a-leader", "ask_new", "post", signed_in(400),
            data=lambda c: {"leader": "otto", "body": "Why now?"}),
        Row("ask_detail", "ask_detail", "get", signed_in(200), kwargs=QUESTION),
        Row("ask_detail-unknown", "ask_detail", "get", signed_in(404), kwargs=lambda c: {"question_id": 999_999}),
        Row("ask_vote", "ask_vote", "post", signed_in(302), kwargs=QUESTION),
        Row("ask_vote-get", "ask_vote", "get", signed_in(405), kwargs=QUESTION),
        Row("ask_status-decline", "ask_status", "post", signed_in(404, gina=302, olga=302), kwargs=QUESTION,
            data=lambda c: {"action": "decline", "reason": "Not mine to decide."}),
        Row("ask_status-decline-no-reason", "ask_status", "post", signed_in(404, gina=400, olga=400), kwargs=QUESTION,
            data=lambda c: {"action": "decline", "reason": ""}),
        Row("ask_status-get", "ask_status", "get", signed_in(405), kwargs=QUESTION),
        Row("ask_answer", "ask_answer", "get", signed_in(404, gina=200), kwargs=QUESTION),
        Row("ask_answer-post", "ask_answer", "post", signed_in(404, gina=302), kwargs=QUESTION,
            data=lambda c: {"answer": "Because budgets close in May.", "purpose_theme": "Open numbers"}),
        Row("ask_answer-post-empty", "ask_answer", "post", signed_in(404, gina=400), kwargs=QUESTION,
            data=lambda c: {"answer": ""}),
        Row("leader_page", "leader_page", "get", signed_in(200), kwargs=lambda c: {"handle": "gina"}),
        Row("leader_page-not-a-leader", "leader_page", "get", signed_in(404), kwargs=lambda c: {"handle": "alice"}),
        Row("leaders_manage", "leaders_manage", "get", signed_in(404, olga=200)),
        Row("leaders_manage-post", "leaders_manage", "post", signed_in(404, olga=302),
            data=lambda c: {"action": "add", "handle": "erin"}),
        Row("leaders_manage-post-unknown", "leaders_manage", "post", signed_in(404, olga=400),
            data=lambda c: {"action": "add", "handle": "nobody"}),
        Row("poll_create", "poll_create", "get", signed_in(200)),
        Row("poll_create-post", "poll_create", "post", signed_in(302),
            data=lambda c: {"question": "Lunch?", "options": "Pizza\nSalad"}),
        Row("poll_create-post-one-option", "poll_create", "post", signed_in(400),
            data=lambda c: {"question": "Lunch?", "options": "Pizza"}),
        Row("poll_create-post-private", "poll_create", "post", signed_in(302, otto=400, olga=400),
            data=lambda c: {"question": "Budget?", "options": "Yes\nNo", "group": c.world.private.slug}),
        Row("poll_detail", "poll_detail", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE_POLL),
        Row("poll_detail-company", "poll_detail", "get", signed_in(200), kwargs=lambda c: {"poll_id": c.poll.pk}),
        Row("poll_detail-unknown", "poll_detail", "get", signed_in(404), kwargs=lambda c: {"poll_id": 999_999}),
        Row("poll_vote", "poll_vote", "post", signed_in(302, **OUTSIDERS_404), kwargs=PRIVATE_POLL,
            data=lambda c: {"option": c.private_poll.options.first().pk}),
        Row("poll_vote-bad-option", "poll_vote", "post", signed_in(400), kwargs=lambda c: {"poll_id": c.poll.pk},
            data=lambda c: {"option": c.private_poll.options.first().pk}),
        Row("poll_vote-closed", "poll_vote", "post", signed_in(400), kwargs=lambda c: {"poll_id": c.closed_poll.pk},
            data=lambda c: {"option": c.closed_poll.options.first().pk}),
        Row("poll_vote-get", "poll_vote", "get", signed_in(405), kwargs=PRIVATE_POLL),
    ],
    # ideas and recognition (townsquare/ideas): alice owns an idea in finance-team (private) and a
    # company-wide idea (gina collaborates on it); status changes by the owner, an org admin or the
    # group's admin; not allowed is the same 404 as not found; values are for org admins only
    "ideas": [
        Row("idea_board", "idea_board", "get", signed_in(200)),
        Row("idea_board-filtered", "idea_board", "get", signed_in(200), query={"status": "new", "sort": "newest"}),
        Row("idea_board-bad-status", "idea_board", "get", signed_in(400), query={"status": "bogus"}),
        Row("group_idea_board", "group_idea_board", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE),
        Row("group_idea_board-public", "group_idea_board", "get", signed_in(200), kwargs=PUBLIC),
        Row("group_idea_board-secret", "group_idea_board", "get", signed_in(200, **OUTSIDERS_404), kwargs=SECRET),
        Row("group_idea_board-unknown", "group_idea_board", "get", signed_in(404), kwargs=lambda c: {"slug": "nope"}),
        Row("idea_detail", "idea_detail", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE_IDEA),
        Row("idea_detail-company", "idea_detail", "get", signed_in(200), kwargs=COMPANY_IDEA),
        Row("idea_detail-not-an-idea", "idea_detail", "get", signed_in(404),
            kwargs=lambda c: {"post_id": c.company_post.pk}),
        Row("idea_detail-unknown", "idea_detail", "get", signed_in(404), kwargs=lambda c: {"post_id": 999_999}),
        Row("idea_vote", "idea_vote", "post", signed_in(302, **OUTSIDERS_404), kwargs=PRIVATE_IDEA),
        Row("idea_vote-get", "idea_vote", "get", signed_in(405), kwargs=PRIVATE_IDEA),
        Row("idea_collaborate", "idea_collaborate", "post", signed_in(302, alice=400, **OUTSIDERS_404),
            kwargs=PRIVATE_IDEA, data=lambda c: {"join": "1"}),
        Row("idea_collaborate-get", "idea_collaborate", "get", signed_in(405), kwargs=PRIVATE_IDEA),
        Row("idea_status", "idea_status", "post", signed_in(302, **OUTSIDERS_404), kwargs=PRIVATE_IDEA,
            data=lambda c: {"status": "under_review"}),
        Row("idea_status-company", "idea_status", "post", signed_in(404, alice=302, olga=302), kwargs=COMPANY_IDEA,
            data=lambda c: {"status": "in_progress", "note": "Starting."}),
        Row("idea_status-not-now-no-reason", "idea_status", "post", signed_in(404, alice=400, olga=400),
            kwargs=COMPANY_IDEA, data=lambda c: {"status": "not_now", "reason": ""}),
        Row("idea_status-unknown-status", "idea_status", "post", signed_in(404, alice=400, olga=400),
            kwargs=COMPANY_IDEA, data=lambda c: {"status": "shipped"}),
        Row("idea_status-get", "idea_status", "get", signed_in(405), kwargs=COMPANY_IDEA),
        Row("idea_owner", "idea_owner", "post", signed_in(404, alice=302, olga=302), kwargs=COMPANY_IDEA,
            data=lambda c: {"handle": "@gina"}),
        Row("idea_owner-unknown-person", "idea_owner", "post", signed_in(404, alice=400, olga=400),
            kwargs=COMPANY_IDEA, data=lambda c: {"handle": "@nobody"}),
        Row("idea_owner-private", "idea_owner", "post", signed_in(404, alice=302), kwargs=PRIVATE_IDEA,
            data=lambda c: {"handle": "@gina"}),
        Row("idea_owner-get", "idea_owner", "get", signed_in(405), kwargs=COMPANY_IDEA),
        Row("idea_update_create", "idea_update_create", "post", signed_in(404, alice=302, gina=302),
            kwargs=COMPANY_IDEA, data=lambda c: {"body": "Spoke to finance."}),
        Row("idea_update_create-empty", "idea_update_create", "post", signed_in(404, alice=400, gina=400),
            kwargs=COMPANY_IDEA, data=lambda c: {"body": " "}),
        Row("idea_update_create-get", "idea_update_create", "get", signed_in(405), kwargs=COMPANY_IDEA),
        Row("recognition_wall", "recognition_wall", "get", signed_in(200)),
        Row("recognition_wall-filtered", "recognition_wall", "get", signed_in(200),
            query=lambda c: {"value": c.value.pk, "department": c.world.finance.pk}),
        Row("recognition_wall-bad-value", "recognition_wall", "get", signed_in(400), query={"value": "x"}),
        Row("values_manage", "values_manage", "get", signed_in(404, olga=200)),
        Row("values_manage-post", "values_manage", "post", signed_in(404, olga=302),
            data=lambda c: {"name": "Courage", "description": "Say what you see."}),
        Row("values_manage-post-empty", "values_manage", "post", signed_in(404, olga=400), data=lambda c: {"name": " "}),
        Row("values_manage-post-duplicate", "values_manage", "post", signed_in(404, olga=400),
            data=lambda c: {"name": "openness"}),
        Row("value_edit", "value_edit", "post", signed_in(404, olga=302), kwargs=VALUE,
            data=lambda c: {"name": "Openness", "description": "", "is_active": "on"}),
        Row("value_edit-empty", "value_edit", "post", signed_in(404, olga=400), kwargs=VALUE, data=lambda c: {"name": ""}),
        Row("value_edit-unknown", "value_edit", "post", signed_in(404), kwargs=lambda c: {"value_id": 999_999},
            data=lambda c: {"name": "X"}),
        Row("value_edit-get", "value_edit", "get", signed_in(405), kwargs=VALUE),
        Row("post_create-praise-value", "post_create", "post", signed_in(302),
            data=lambda c: {"kind": "praise", "body": "Thanks!", "praised": "@erin", "praise_value": c.value.pk}),
        Row("post_create-praise-bad-value", "post_create", "post", signed_in(400),
            data=lambda c: {"kind": "praise", "body": "Thanks!", "praised": "@erin", "praise_value": "999999"}),
    ],
}
# Package matrices: tests/matrix_<package>.py, each with SECTIONS and optionally build(c).
PACKAGE_MATRICES = [importlib.import_module(f"tests.{m.name}") for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                    if m.name.startswith("matrix_")]
for _module in PACKAGE_MATRICES:
    for _name, _rows in _module.SECTIONS.items():
        assert _name not in SECTIONS, f"section {_name!r} of {_module.__name__} is already used"
        SECTIONS[_name] = _rows
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
        welcome_token=onboarding.welcome_tokens.make_token(w.erin),
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
    # practices: gina is a leader with alice's question; polls company-wide, in finance-team, and one closed
    practices_services.leader_add(admin=w.olga, person=w.gina)
    c.question = practices_services.question_ask(asker=w.alice, leader=w.gina, body="When is the budget final?")
    c.poll = practices_services.poll_create(author=w.gina, question="Offsite?", options=["Yes", "No"])
    c.private_poll = practices_services.poll_create(author=w.alice, question="Close books early?",
                                                    options=["Yes", "No"], group=w.private)
    c.closed_poll = practices_services.poll_create(author=w.gina, question="Old?", options=["A", "B"])
    c.closed_poll.closes_at = c.closed_poll.created_at
    c.closed_poll.save(update_fields=["closes_at"])
    # ideas and recognition: alice's ideas (gina collaborates on the company-wide one) and one value
    c.private_idea = ideas_models.IdeaState.objects.get(post=services.post_create(
        author=w.alice, body="Close the books a day earlier", kind=Post.Kind.IDEA, group=w.private))
    c.company_idea = ideas_models.IdeaState.objects.get(post=services.post_create(
        author=w.alice, body="Publish the budget in the open", kind=Post.Kind.IDEA))
    ideas_services.idea_collaborate(person=w.gina, idea=c.company_idea, join=True)
    c.value = ideas_services.value_create(person=w.olga, name="Openness")
    c.gina_notification = Notification.objects.filter(recipient=w.gina, verb=Notification.Verb.GROUP_REQUEST).first()
    for module in PACKAGE_MATRICES:
        if hasattr(module, "build"):
            module.build(c)
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
    if row.method in ("put", "patch", "delete"):  # the API's other verbs, with a JSON body
        return client.generic(row.method.upper(), url, json.dumps(row.data(objects)), content_type="application/json",
                              QUERY_STRING="&".join(f"{k}={v}" for k, v in query.items()))
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
