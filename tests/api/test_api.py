"""The REST API end to end, through the contract-checking client (tests/api/conftest.py)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import ApiClient
from tests.conftest import service_missing
from townsquare.api.models import AccessToken, IdempotencyKey
from townsquare.coach.models import Habit
from townsquare.conversations import services as conv
from townsquare.conversations.models import Follow, Membership, Notification, Post, Reaction

pytestmark = pytest.mark.django_db


# --- authentication and scopes ---------------------------------------------------------------------

def test_anonymous_gets_a_json_401_in_the_error_shape(api_as):
    response = api_as(None).get("/me")
    assert response.status_code == 401
    assert response.body["error"]["code"] == "unauthorized"
    assert "Bearer" in response.body["error"]["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_identifies_its_person(api_as, world):
    response = api_as(world.alice).get("/me")
    assert response.status_code == 200
    assert response.body["handle"] == "alice" and response.body["email"] == "alice@example.test"
    assert response.body["manager"]["handle"] == "gina"


@pytest.mark.parametrize("header", ["Bearer tsq_nope_nope", "Bearer ", "Basic abc", "Bearer tsq_"])
def test_a_wrong_token_is_401_even_with_a_session(world, header):
    session = Client()
    session.force_login(world.alice)
    response = ApiClient(client=session).get("/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.body["error"]["code"] == "unauthorized"


def test_a_tampered_token_with_a_real_prefix_is_refused(api_as, world):
    client = api_as(world.alice)
    client.token = client.token[:-2] + ("aa" if not client.token.endswith("aa") else "bb")
    assert client.get("/me").status_code == 401


def test_revoked_tokens_and_deactivated_people_are_refused(api_as, world):
    from townsquare.api import services

    client = api_as(world.alice)
    assert client.get("/me").status_code == 200
    token = AccessToken.objects.get(person=world.alice)
    services.token_revoke(person=world.alice, token_id=token.pk)
    assert client.get("/me").status_code == 401
    assert api_as(world.dave).get("/me").status_code == 401  # dave is deactivated


def test_tokens_are_stored_hashed(api_as, world):
    client = api_as(world.alice)
    token = AccessToken.objects.get(person=world.alice)
    assert client.token not in (token.secret_hash, token.prefix)
    assert client.token.startswith(f"tsq_{token.prefix}_") and len(client.token) > 40
    assert len(token.secret_hash) == 64


def test_a_read_only_token_cannot_write(api_as, world):
    client = api_as(world.alice, scope="read")
    assert client.get("/feeds/company").status_code == 200
    response = client.post("/posts", {"body": "Hello"})
    assert response.status_code == 403
    assert response.body["error"]["code"] == "read_only_token"
    assert not Post.objects.exists()


def test_last_used_is_recorded(api_as, world):
    client = api_as(world.alice)
    assert AccessToken.objects.get().last_used_at is None
    client.get("/me")
    assert AccessToken.objects.get().last_used_at is not None


def test_the_browser_session_works_and_writes_need_csrf(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.alice)
    api = ApiClient(client=browser)
    assert api.get("/me").status_code == 200
    refused = api.post("/posts", {"body": "From the browser"})
    assert refused.status_code == 403 and refused.body["error"]["code"] == "csrf_failed"
    browser.get("/compose/")  # a page with a form sets the csrftoken cookie
    csrf = browser.cookies["csrftoken"].value
    ok = api.post("/posts", {"body": "From the browser"}, headers={"X-CSRFToken": csrf})
    assert ok.status_code == 201
    assert Post.objects.get().author == world.alice


def test_a_deactivated_session_is_anonymous(world):
    session = Client()
    session.force_login(world.dave)
    assert ApiClient(client=session).get("/me").status_code == 401


# --- posts -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", [
    {"kind": "update", "body": "Started the #budgets review"},
    {"kind": "question", "body": "Who knows the Q3 numbers?"},
    {"kind": "idea", "body": "Close the books a day earlier"},
    {"kind": "article", "title": "How we plan", "body": "Long form."},
])
def test_posts_of_every_kind(api_as, world, payload):
    response = api_as(world.alice).post("/posts", payload)
    assert response.status_code == 201
    assert response.body["kind"] == payload["kind"] and response.body["author"]["handle"] == "alice"
    assert Post.objects.get(pk=response.body["id"]).kind == payload["kind"]


def test_praise_names_people_and_notifies_them(api_as, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(world.alice).post("/posts", {"kind": "praise", "body": "Great close!", "praised": ["@gina", "erin"]})
    assert response.status_code == 201
    assert sorted(p["handle"] for p in response.body["praised_people"]) == ["erin", "gina"]
    assert set(Notification.objects.filter(verb="praise").values_list("recipient__handle", flat=True)) == {"erin", "gina"}


def test_praise_of_nobody_is_422_and_of_an_unknown_handle_404(api_as, world):
    client = api_as(world.alice)
    nobody = client.post("/posts", {"kind": "praise", "body": "Thanks"})
    assert nobody.status_code == 422 and "praise" in nobody.body["error"]["message"]
    unknown = client.post("/posts", {"kind": "praise", "body": "Thanks", "praised": ["ghost"]})
    assert unknown.status_code == 404
    assert unknown.body["error"]["fields"] == {"praised": ["Nobody active has the handle “@ghost”."]}
    assert not Post.objects.exists()


def test_bad_post_input_is_422_with_fields(api_as, world):
    client = api_as(world.alice)
    missing = client.post("/posts", {"kind": "update"})
    assert missing.status_code == 422 and "body" in missing.body["error"]["fields"]
    wrong_kind = client.post("/posts", {"kind": "poem", "body": "x"})
    assert wrong_kind.status_code == 422 and "kind" in wrong_kind.body["error"]["fields"]
    article = client.post("/posts", {"kind": "article", "body": "x"})
    assert article.status_code == 422 and article.body["error"]["message"] == "An article needs a title."
    empty = client.post("/posts", {"body": "   "})
    assert empty.status_code == 422 and "empty" in empty.body["error"]["message"]
    too_long = client.post("/posts", {"body": "x" * 10_001})
    assert too_long.status_code == 422 and "10,000" in too_long.body["error"]["message"]
    nul = client.post("/posts", {"body": "a\x00b"})
    assert nul.status_code == 422
    nul_title = client.post("/posts", {"kind": "article", "title": "a\x00b", "body": "x"})
    assert nul_title.status_code == 422 and "title" in nul_title.body["error"]["fields"]
    long_title = client.post("/posts", {"kind": "article", "title": "t" * 201, "body": "x"})
    assert long_title.status_code == 422
    assert not Post.objects.exists()


def test_malformed_json_is_400(api_as, world):
    response = api_as(world.alice).post("/posts", raw=b"{not json")
    assert response.status_code == 400 and response.body["error"]["code"] == "bad_request"


def test_posting_in_groups_follows_membership(api_as, world):
    assert api_as(world.alice).post("/posts", {"body": "Team", "group": "finance-team"}).status_code == 201
    private = api_as(world.otto).post("/posts", {"body": "Team", "group": "finance-team"})
    assert private.status_code == 403 and "Join it first" in private.body["error"]["message"]
    secret = api_as(world.otto).post("/posts", {"body": "Board", "group": "board-prep"})
    assert secret.status_code == 404


def test_reading_a_post_goes_through_access(api_as, world):
    post = conv.post_create(author=world.alice, body="Board agenda", group=world.secret)
    assert api_as(world.alice).get(f"/posts/{post.pk}").status_code == 200
    hidden = api_as(world.otto).get(f"/posts/{post.pk}")
    missing = api_as(world.otto).get("/posts/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.body == missing.body  # not allowed looks exactly like not found


def test_reading_a_post_counts_as_seeing_it(api_as, world):
    post = conv.post_create(author=world.alice, body="Hello")
    api_as(world.otto).get(f"/posts/{post.pk}")
    post.refresh_from_db()
    assert post.view_count == 1


def test_post_lists_are_cursor_paginated(api_as, world):
    for i in range(25):
        conv.post_create(author=world.alice, body=f"Post number {i}")
    client = api_as(world.otto)
    first = client.get("/posts", {"limit": 10})
    assert len(first.body["items"]) == 10 and first.body["next"]
    seen = [p["id"] for p in first.body["items"]]
    url = first.body["next"]
    while url:
        page = client.get(url.replace("http://testserver", ""))
        seen += [p["id"] for p in page.body["items"]]
        url = page.body["next"]
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 25
    assert client.get("/posts", {"kind": "question"}).body["items"] == []


@pytest.mark.parametrize("cursor", ["garbage!", "bm90LWEtY3Vyc29y", "MjAyNi0wMS0wMVQwMDowMDowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"])
def test_a_forged_cursor_is_400(api_as, world, cursor):
    response = api_as(world.alice).get("/posts", {"cursor": cursor})
    assert response.status_code == 400 and response.body["error"]["code"] == "bad_cursor"


def test_huge_ids_are_refused_before_the_database(api_as, world):
    response = api_as(world.alice).get("/posts/99999999999999999999999")
    assert response.status_code == 422


# --- replies and reactions -------------------------------------------------------------------------

def test_replies_notify_the_author_and_list_oldest_first(api_as, world, django_capture_on_commit_callbacks):
    post = conv.post_create(author=world.alice, body="Question?", kind=Post.Kind.QUESTION)
    client = api_as(world.gina)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/posts/{post.pk}/replies", {"body": "Answer one"})
    client.post(f"/posts/{post.pk}/replies", {"body": "Answer two"})
    assert first.status_code == 201
    assert Notification.objects.filter(recipient=world.alice, verb="answer").count() == 2  # one per reply
    listed = api_as(world.otto).get(f"/posts/{post.pk}/replies")
    assert [r["body"] for r in listed.body["items"]] == ["Answer one", "Answer two"]
    assert client.post(f"/posts/{post.pk}/replies", {"body": ""}).status_code == 422


def test_replying_to_an_unreadable_post_is_404(api_as, world):
    post = conv.post_create(author=world.alice, body="Private", group=world.private)
    assert api_as(world.otto).post(f"/posts/{post.pk}/replies", {"body": "Hi"}).status_code == 404


def test_reactions_add_remove_and_toggle(api_as, world):
    post = conv.post_create(author=world.alice, body="Hello")
    client = api_as(world.otto)
    added = client.put(f"/posts/{post.pk}/reactions/celebrate")
    again = client.put(f"/posts/{post.pk}/reactions/celebrate")
    assert added.body["reacted"] and again.body["reaction_count"] == 1
    removed = client.delete(f"/posts/{post.pk}/reactions/celebrate")
    assert not removed.body["reacted"] and removed.body["reaction_count"] == 0
    assert client.delete(f"/posts/{post.pk}/reactions/celebrate").body["reaction_count"] == 0
    toggled = client.post(f"/posts/{post.pk}/reactions", {"kind": "thanks"})
    assert toggled.body == {"post_id": post.pk, "kind": "thanks", "reacted": True, "reaction_count": 1,
                            "reactions": {"thanks": 1}}
    assert not client.post(f"/posts/{post.pk}/reactions", {"kind": "thanks"}).body["reacted"]
    assert client.put(f"/posts/{post.pk}/reactions/shrug").status_code == 422
    assert not Reaction.objects.exists()
    mine = client.put(f"/posts/{post.pk}/reactions/like")
    assert mine.status_code == 200
    assert client.get(f"/posts/{post.pk}").body["my_reactions"] == ["like"]


# --- groups ----------------------------------------------------------------------------------------

def test_group_list_hides_secret_groups_from_outsiders(api_as, world):
    slugs = [g["slug"] for g in api_as(world.otto).get("/groups").body["items"]]
    assert slugs == ["data-guild", "finance-team"]
    mine = api_as(world.alice).get("/groups", {"mine": "true"}).body["items"]
    assert {g["slug"] for g in mine} == {"board-prep", "data-guild", "finance-team"}
    assert all(g["membership"] == "active" and g["can_read_posts"] for g in mine)
    assert api_as(world.otto).get("/groups/board-prep").status_code == 404


def test_joining_and_leaving(api_as, world):
    otto = api_as(world.otto)
    assert otto.post("/groups/data-guild/join").body == {"group": "data-guild", "state": "active", "role": "member"}
    assert otto.post("/groups/finance-team/join").body["state"] == "requested"
    assert otto.post("/groups/board-prep/join").status_code == 404
    assert otto.post("/groups/data-guild/leave").body["state"] is None
    assert not Membership.objects.filter(person=world.otto, group=world.public).exists()
    only_admin = api_as(world.gina).post("/groups/data-guild/leave")
    assert only_admin.status_code == 422 and "only admin" in only_admin.body["error"]["message"]


def test_members_and_group_posts_need_read_access(api_as, world):
    conv.post_create(author=world.alice, body="Team numbers", group=world.private)
    assert api_as(world.otto).get("/groups/finance-team/members").status_code == 404
    assert api_as(world.otto).get("/groups/finance-team/posts").status_code == 404
    members = api_as(world.alice).get("/groups/finance-team/members").body["items"]
    assert {m["person"]["handle"] for m in members} == {"alice", "dave", "gina"}
    assert len(api_as(world.alice).get("/groups/finance-team/posts").body["items"]) == 1


# --- feeds, follows, search, notifications, coach --------------------------------------------------

def test_feeds(api_as, world):
    conv.post_create(author=world.gina, body="Open question?", kind=Post.Kind.QUESTION)
    conv.post_create(author=world.alice, body="About #budgets")
    client = api_as(world.otto)
    assert len(client.get("/feeds/company").body["items"]) == 2
    assert [p["kind"] for p in client.get("/feeds/questions").body["items"]] == ["question"]
    assert client.get("/feeds/home").body["items"] == []
    assert client.get("/topics/budgets/posts").body["items"][0]["topics"] == ["budgets"]
    assert client.get("/topics/nothing-here/posts").status_code == 404


def test_follows_change_the_home_feed(api_as, world):
    conv.post_create(author=world.alice, body="Hello from Alice")
    client = api_as(world.otto)
    followed = client.put(f"/follows/person/{world.alice.pk}")
    assert followed.body["following"] and followed.body["label"] == "Alice Member"
    assert client.put(f"/follows/person/{world.alice.pk}").status_code == 200
    assert Follow.objects.filter(follower=world.otto).count() == 1
    assert len(client.get("/feeds/home").body["items"]) == 1
    assert [f["id"] for f in client.get("/me/follows").body["items"]] == [world.alice.pk]
    assert not client.delete(f"/follows/person/{world.alice.pk}").body["following"]
    assert client.put(f"/follows/person/{world.otto.pk}").status_code == 422  # yourself
    assert client.put(f"/follows/group/{world.secret.pk}").status_code == 404


def test_search_respects_visibility(api_as, world):
    conv.post_create(author=world.alice, body="Quarterly forecast ready", group=world.secret)
    conv.post_create(author=world.alice, body="Forecast for everyone")
    alice = api_as(world.alice).get("/search", {"q": "forecast", "kind": "post"})
    otto = api_as(world.otto).get("/search", {"q": "forecast", "kind": "post"})
    assert len(alice.body["items"]) == 2 and len(otto.body["items"]) == 1
    bad = api_as(world.otto).get("/search", {"q": "forecast", "author": "nobody"})
    assert bad.status_code == 404 and bad.body["error"]["fields"] == {"author": ["Nobody is called “nobody”. Try part of their name, or their @handle."]}
    bad = api_as(world.otto).get("/search", {"q": "forecast", "author": "@nobody"})
    assert bad.status_code == 404 and bad.body["error"]["fields"] == {"author": ["Nobody has the handle “@nobody”."]}
    secret = api_as(world.otto).get("/search", {"q": "forecast", "group": world.secret.slug})
    assert secret.status_code == 404  # the same as a group that does not exist
    assert api_as(world.otto).get("/search", {"q": "forecast", "from": "2026-02-30"}).status_code == 422
    assert api_as(world.otto).get("/search").status_code == 422


def test_notifications_list_and_mark_read(api_as, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = conv.post_create(author=world.alice, body="Hi")
        conv.reply_create(author=world.gina, post=post, body="Hello @alice")
        conv.reply_create(author=world.otto, post=post, body="Hi")
    client = api_as(world.alice)
    items = client.get("/notifications").body["items"]
    assert len(items) >= 2 and not any(n["read"] for n in items)
    one = client.post("/notifications/read", {"ids": [items[0]["id"]]})
    assert one.body["marked"] == 1
    assert client.post("/notifications/read", {}).body == {"marked": len(items) - 1, "unread": 0}
    assert client.get("/notifications", {"unread": "true"}).body["items"] == []


def test_coach_is_the_callers_own(api_as, world):
    conv.post_create(author=world.alice, body="Starting the review today")
    body = api_as(world.alice).get("/me/coach").body
    habits = {h["habit"]: h for h in body["habits"]}
    assert set(habits) == set(Habit.values)
    assert habits["describe"]["done_today"] and habits["describe"]["streak"] == 1
    assert body["time_zone"] == "America/Los_Angeles"
    assert {c["key"] for c in body["checklist"]} >= {"profile", "first_post"}
    assert not api_as(world.otto).get("/me/coach").body["habits"][0]["done_today"]


def test_people(api_as, world):
    client = api_as(world.otto)
    names = [p["handle"] for p in client.get("/people").body["items"]]
    assert names == ["alice", "erin", "gina", "olga", "otto"]  # active people, by name
    assert [p["handle"] for p in client.get("/people", {"q": "forecasting"}).body["items"]] == ["alice"]
    alice = client.get("/people/alice").body
    assert alice["skills"] == ["forecasting", "sql"] and "email" not in alice
    assert client.get("/people/nobody").status_code == 404
    page = client.get("/people", {"limit": 2})
    rest = client.get("/people", {"limit": 10, "cursor": page.body["next_cursor"]})
    assert [p["handle"] for p in page.body["items"] + rest.body["items"]] == names


# --- the error shape -------------------------------------------------------------------------------

def test_wrong_method_unknown_address_and_crashes_share_the_error_shape(api_as, world, monkeypatch):
    client = api_as(world.alice)
    wrong = client.delete("/me")
    assert wrong.status_code == 405 and wrong.body["error"]["code"] == "method_not_allowed" and "GET" in wrong["Allow"]
    unknown = client.get("/no/such/thing")
    assert unknown.status_code == 404 and unknown.body["error"]["code"] == "not_found"
    slash = client.get("/me/")
    assert slash.status_code == 404 and "/api/v1/me)" in slash.body["error"]["message"]
    from townsquare.conversations import selectors

    def boom(person):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "feed_company", boom)
    crash = client.get("/feeds/company")
    assert crash.status_code == 500 and crash.body["error"]["code"] == "server_error"
    assert "fire" not in crash.content.decode()


def test_openapi_document_and_docs_are_served():
    client = Client()
    doc = client.get("/api/v1/openapi.json")
    assert doc.status_code == 200 and doc.json()["openapi"].startswith("3.")
    assert "/api/v1/posts" in doc.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200


# --- rate limits -----------------------------------------------------------------------------------

def test_rate_limit_per_token(api_as, world, settings):
    settings.TOWNSQUARE_API_RATE_PER_TOKEN = 3
    client = api_as(world.alice)
    answers = [client.get("/me") for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert [r["X-RateLimit-Remaining"] for r in answers] == ["2", "1", "0"]
    limited = client.get("/me")
    assert limited.status_code == 429 and limited.body["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    # Another token has its own count.
    assert api_as(world.otto).get("/me").status_code == 200


def test_rate_limit_per_ip_for_anonymous_and_bad_tokens(world, settings):
    settings.TOWNSQUARE_API_RATE_PER_IP = 2
    anon = ApiClient()
    assert [anon.get("/me").status_code for _ in range(2)] == [401, 401]
    limited = anon.get("/me", headers={"Authorization": "Bearer tsq_guess_guess"})
    assert limited.status_code == 429 and "Retry-After" in limited
    other_ip = ApiClient(client=Client(REMOTE_ADDR="10.0.0.9"))
    assert other_ip.get("/me").status_code == 401


# --- idempotency keys ------------------------------------------------------------------------------

def test_a_retried_post_with_the_same_key_creates_one_post(api_as, world):
    client = api_as(world.alice)
    first = client.post("/posts", {"body": "Only once"}, headers={"Idempotency-Key": "abc-123"})
    retry = client.post("/posts", {"body": "Only once"}, headers={"Idempotency-Key": "abc-123"})
    assert first.status_code == retry.status_code == 201
    assert retry.body == first.body and retry["Idempotent-Replayed"] == "true"
    assert Post.objects.count() == 1
    changed = client.post("/posts", {"body": "Something else"}, headers={"Idempotency-Key": "abc-123"})
    assert changed.status_code == 422 and changed.body["error"]["code"] == "idempotency_key_reused"
    assert Post.objects.count() == 1


def test_keys_are_per_person_and_expire_after_a_day(api_as, world):
    api_as(world.alice).post("/posts", {"body": "Alice's"}, headers={"Idempotency-Key": "k1"})
    api_as(world.otto).post("/posts", {"body": "Otto's"}, headers={"Idempotency-Key": "k1"})
    assert Post.objects.count() == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    again = api_as(world.alice).post("/posts", {"body": "Alice's"}, headers={"Idempotency-Key": "k1"})
    assert again.status_code == 201 and not again.has_header("Idempotent-Replayed")
    assert Post.objects.count() == 3


def test_failed_requests_are_not_kept_and_bad_keys_are_400(api_as, world):
    client = api_as(world.alice)
    assert client.post("/posts", {"body": ""}, headers={"Idempotency-Key": "k2"}).status_code == 422
    assert client.post("/posts", {"body": "Fixed"}, headers={"Idempotency-Key": "k2"}).status_code == 201
    assert client.post("/posts", {"body": "x"}, headers={"Idempotency-Key": "x" * 256}).status_code == 400


def test_purge_forgets_old_keys(api_as, world):
    from townsquare.api.services import idempotency_purge

    api_as(world.alice).post("/posts", {"body": "Hi"}, headers={"Idempotency-Key": "old"})
    assert idempotency_purge() == 0
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert idempotency_purge() == 1


def test_a_key_still_in_use_is_409(api_as, world):
    import hashlib

    from django.core.cache import cache

    client = api_as(world.alice)
    cache.add(f"api-idem:{world.alice.pk}:{hashlib.sha256(b'busy').hexdigest()}", 1, timeout=60)
    response = client.post("/posts", {"body": "Twice at once"}, headers={"Idempotency-Key": "busy"})
    assert response.status_code == 409 and response.body["error"]["code"] == "conflict"
    assert not Post.objects.exists()


@pytest.mark.parametrize("path", ["/feeds/company", "/posts", "/notifications", "/people", "/groups"])
def test_a_page_costs_the_same_queries_whatever_its_size(api_as, world, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(6):
        post = conv.post_create(author=world.gina, body=f"News {i} about #budgets", kind=Post.Kind.PRAISE,
                                praised_people=[world.alice])
        conv.reaction_set(person=world.alice, post=post, kind="like")
        conv.bookmark_set(person=world.otto, post=post)
        Notification.objects.create(recipient=world.otto, actor=world.gina, verb="praise", post=post)
    client = api_as(world.otto)
    client.get("/me")  # last_used_at is written once; leave it out of the counts

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path, {"limit": limit}).status_code == 200
        return len(ctx.captured_queries)

    assert queries(2) == queries(5)


def test_a_browser_form_post_with_an_idempotency_key(world):
    browser = Client()
    browser.force_login(world.alice)
    api = ApiClient(client=browser)
    first = api.post("/posts", {"body": "From a form"}, headers={"Idempotency-Key": "form-1"}, form=True)
    again = api.post("/posts", {"body": "From a form"}, headers={"Idempotency-Key": "form-1"}, form=True)
    assert first.status_code == again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert Post.objects.count() == 1


def test_a_body_over_the_upload_limit_is_413(api_as, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = api_as(world.alice).post("/posts", {"body": "x" * 500})
    assert response.status_code == 413 and response.body["error"]["code"] == "too_large"


def test_rate_counts_are_shared_through_redis(api_as, world, settings):
    """With REDIS_URL the counts live in Redis, so every web process sees the same numbers: a second
    cache client (as another process would have) sees what the first one counted."""
    import redis
    from django.core.cache import caches

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        service_missing("no Redis on 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": f"ts-api-test-{world.alice.pk}"}}
    settings.TOWNSQUARE_API_RATE_PER_TOKEN = 2
    caches["default"].clear()
    try:
        client = api_as(world.alice)
        assert [client.get("/me").status_code for _ in range(2)] == [200, 200]
        other_process = redis.Redis.from_url(url)
        keys = other_process.keys(f"ts-api-test-{world.alice.pk}:*api-rate:token:*")
        assert len(keys) == 1 and int(other_process.get(keys[0])) == 2
        assert client.get("/me").status_code == 429
    finally:
        caches["default"].clear()
