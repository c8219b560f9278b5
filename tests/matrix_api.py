"""Permission matrix rows of the REST API (townsquare/api) and the API token pages.

The API answers a JSON 401 to anonymous and deactivated callers instead of sending them to sign in
(to_login=False). Sections stay under 25 rows: anonymous and deactivated callers share the per-IP rate
limit (60 a minute), and build() starts each section with no counts.

The runner sends PUT, PATCH and DELETE with a JSON body too: the edits and deletes of posts and replies and the
reactions to replies are rows of their own ("api-edits-and-replies"); the older PUT/DELETE operations (post
reactions, follows) appear with POST, which they refuse with 405, and who may PUT and DELETE them is tested in
tests/api/test_api.py.
"""

from django.core.cache import cache

from tests.matrix import Row, everyone, signed_in
from townsquare.api import services as api_services

OUTSIDERS_404 = {"otto": 404, "olga": 404}
PRIVATE_POST = lambda c: {"post_id": c.private_post.pk}  # noqa: E731
REPLY = lambda c: {"reply_id": c.reply.pk}  # noqa: E731
PRIVATE = lambda c: {"slug": c.world.private.slug}  # noqa: E731
SECRET = lambda c: {"slug": c.world.secret.slug}  # noqa: E731
PUBLIC = lambda c: {"slug": c.world.public.slug}  # noqa: E731


def api(code: int, **overrides: int) -> dict[str, int]:
    """Signed-in people get `code`; anonymous and deactivated callers a JSON 401."""
    return {"anon": 401, "alice": code, "otto": code, "gina": code, "olga": code, "dave": 401, **overrides}


def build(c) -> None:
    cache.clear()  # rate counts from earlier sections
    c.alice_token, _ = api_services.token_create(person=c.world.alice, name="Matrix", scope="read")


SECTIONS: dict[str, list[Row]] = {
    "api-docs-people-groups": [
        Row("api-root", "api:api-root", "get", everyone(404), to_login=False),
        Row("api-openapi", "api:openapi-json", "get", everyone(200)),
        Row("api-docs", "api:openapi-view", "get", everyone(200)),
        Row("api-unknown", "api_not_found", "get", everyone(404), to_login=False, kwargs=lambda c: {"rest": "nope/x"}),
        Row("api-me", "api:me", "get", api(200), to_login=False),
        Row("api-me-post", "api:me", "post", api(405, anon=405, dave=405), to_login=False),
        Row("api-coach", "api:coach", "get", api(200), to_login=False),
        Row("api-people", "api:people", "get", api(200), to_login=False, query={"q": "alice"}),
        Row("api-person", "api:person", "get", api(200), to_login=False, kwargs=lambda c: {"handle": "alice"}),
        Row("api-person-unknown", "api:person", "get", api(404), to_login=False, kwargs=lambda c: {"handle": "nobody"}),
        Row("api-groups", "api:groups", "get", api(200), to_login=False),
        Row("api-group-create", "api:group_create", "post", api(201), to_login=False,
            data=lambda c: {"name": "Book club", "kind": "interest"}),
        Row("api-group-create-duplicate", "api:group_create", "post", api(409), to_login=False,
            data=lambda c: {"name": "data guild"}),
        # PATCH (a group admin changes the group): POST to its address is 405; who may PATCH: tests/conversations.
        Row("api-group-update", "api:group_update", "post", api(405, anon=405, dave=405), to_login=False,
            kwargs=PRIVATE),
        Row("api-group-private", "api:group", "get", api(200), to_login=False, kwargs=PRIVATE),
        Row("api-group-secret", "api:group", "get", api(200, **OUTSIDERS_404), to_login=False, kwargs=SECRET),
        Row("api-group-members", "api:group_members", "get", api(200, **OUTSIDERS_404), to_login=False, kwargs=PRIVATE),
        Row("api-group-join-public", "api:group_join", "post", api(200), to_login=False, kwargs=PUBLIC),
        Row("api-group-join-secret", "api:group_join", "post", api(200, **OUTSIDERS_404), to_login=False, kwargs=SECRET),
        Row("api-group-leave", "api:group_leave", "post", api(200, gina=422), to_login=False, kwargs=PUBLIC),
        Row("api-group-leave-secret", "api:group_leave", "post", api(200, gina=422, **OUTSIDERS_404), to_login=False,
            kwargs=SECRET),
        Row("api-feed-group", "api:feed_group", "get", api(200, **OUTSIDERS_404), to_login=False, kwargs=PRIVATE),
        Row("api-feed-group-secret", "api:feed_group", "get", api(200, **OUTSIDERS_404), to_login=False, kwargs=SECRET),
    ],
    "api-posts": [
        Row("api-posts", "api:posts", "get", api(200), to_login=False),
        Row("api-posts-in-secret", "api:posts", "get", api(200, **OUTSIDERS_404), to_login=False,
            query=lambda c: {"group": c.world.secret.slug}),
        Row("api-post-create", "api:post_create", "post", api(201), to_login=False, data=lambda c: {"body": "Hello"}),
        Row("api-post-create-private", "api:post_create", "post", api(201, otto=403, olga=403), to_login=False,
            data=lambda c: {"body": "Hello team", "group": c.world.private.slug}),
        Row("api-post-create-secret", "api:post_create", "post", api(201, **OUTSIDERS_404), to_login=False,
            data=lambda c: {"body": "Hello board", "group": c.world.secret.slug}),
        Row("api-post-create-praise", "api:post_create", "post", api(201), to_login=False,
            data=lambda c: {"kind": "praise", "body": "Thank you!", "praised": "@erin"}),
        Row("api-post-create-empty", "api:post_create", "post", api(422), to_login=False, data=lambda c: {"body": ""}),
        Row("api-post", "api:post", "get", api(200, **OUTSIDERS_404), to_login=False, kwargs=PRIVATE_POST),
        Row("api-post-public", "api:post", "get", api(200), to_login=False, kwargs=lambda c: {"post_id": c.public_post.pk}),
        Row("api-post-unknown", "api:post", "get", api(404), to_login=False, kwargs=lambda c: {"post_id": 999_999}),
        Row("api-replies", "api:replies", "get", api(200, **OUTSIDERS_404), to_login=False, kwargs=PRIVATE_POST),
        Row("api-reply-create", "api:reply_create", "post", api(201, **OUTSIDERS_404), to_login=False,
            kwargs=PRIVATE_POST, data=lambda c: {"body": "An answer"}),
        Row("api-reply-create-secret", "api:reply_create", "post", api(201, **OUTSIDERS_404), to_login=False,
            kwargs=lambda c: {"post_id": c.secret_post.pk}, data=lambda c: {"body": "Noted"}),
        Row("api-reaction-toggle", "api:reaction_toggle", "post", api(200, **OUTSIDERS_404), to_login=False,
            kwargs=PRIVATE_POST, data=lambda c: {"kind": "like"}),
        Row("api-reaction-toggle-bad-kind", "api:reaction_toggle", "post", api(422), to_login=False,
            kwargs=PRIVATE_POST, data=lambda c: {"kind": "meh"}),
        Row("api-reaction-post", "api:reaction", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"post_id": c.private_post.pk, "kind": "like"}),
        Row("api-reaction-remove-post", "api:reaction_remove", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"post_id": c.private_post.pk, "kind": "like"}),
    ],
    # alice wrote the private post (c.private_post); gina wrote its reply (c.reply) and the company-wide post.
    "api-edits-and-replies": [
        Row("api-post-update", "api:post_update", "patch", api(200, gina=404, **OUTSIDERS_404), to_login=False,
            kwargs=PRIVATE_POST, data=lambda c: {"body": "Finance numbers for #budgets, checked"}),
        Row("api-post-update-empty", "api:post_update", "patch", api(422), to_login=False, kwargs=PRIVATE_POST,
            data=lambda c: {"body": ""}),
        Row("api-post-update-unknown", "api:post_update", "patch", api(404), to_login=False,
            kwargs=lambda c: {"post_id": 999_999}, data=lambda c: {"body": "Anything"}),
        Row("api-post-delete", "api:post_delete", "delete", api(404, gina=204), to_login=False,
            kwargs=lambda c: {"post_id": c.company_post.pk}),
        Row("api-post-delete-private", "api:post_delete", "delete", api(204, gina=404, **OUTSIDERS_404),
            to_login=False, kwargs=PRIVATE_POST),
        Row("api-reply-update", "api:reply_update", "patch", api(404, gina=200), to_login=False, kwargs=REPLY,
            data=lambda c: {"body": "Here are the answers, checked"}),
        Row("api-reply-update-empty", "api:reply_update", "patch", api(422), to_login=False, kwargs=REPLY,
            data=lambda c: {"body": ""}),
        Row("api-reply-delete", "api:reply_delete", "delete", api(404, gina=204), to_login=False, kwargs=REPLY),
        Row("api-reply-delete-unknown", "api:reply_delete", "delete", api(404), to_login=False,
            kwargs=lambda c: {"reply_id": 999_999}),
        Row("api-reply-reaction", "api:reply_reaction", "put", api(200, **OUTSIDERS_404), to_login=False,
            kwargs=lambda c: {"reply_id": c.reply.pk, "kind": "like"}),
        Row("api-reply-reaction-bad-kind", "api:reply_reaction", "put", api(422), to_login=False,
            kwargs=lambda c: {"reply_id": c.reply.pk, "kind": "meh"}),
        Row("api-reply-reaction-remove", "api:reply_reaction_remove", "delete", api(200, **OUTSIDERS_404),
            to_login=False, kwargs=lambda c: {"reply_id": c.reply.pk, "kind": "like"}),
        Row("api-reply-reaction-post", "api:reply_reaction", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"reply_id": c.reply.pk, "kind": "like"}),
    ],
    "api-feeds-and-more": [
        Row("api-feed-home", "api:feed_home", "get", api(200), to_login=False),
        Row("api-feed-company", "api:feed_company", "get", api(200), to_login=False),
        Row("api-feed-questions", "api:feed_questions", "get", api(200), to_login=False),
        Row("api-feed-topic", "api:feed_topic", "get", api(200, **OUTSIDERS_404), to_login=False,
            kwargs=lambda c: {"name": "budgets"}),
        Row("api-feed-topic-unknown", "api:feed_topic", "get", api(404), to_login=False,
            kwargs=lambda c: {"name": "no-such-topic"}),
        Row("api-follows", "api:follows", "get", api(200), to_login=False),
        Row("api-follow-post", "api:follow", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"kind": "group", "target_id": c.world.secret.pk}),
        Row("api-unfollow-post", "api:unfollow", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"kind": "group", "target_id": c.world.secret.pk}),
        Row("api-search", "api:search", "get", api(200), to_login=False, query={"q": "finance"}),
        Row("api-search-no-words", "api:search", "get", api(422), to_login=False),
        Row("api-search-bad-date", "api:search", "get", api(422), to_login=False, query={"q": "x", "from": "2026-13-45"}),
        Row("api-search-author-by-name", "api:search", "get", api(200), to_login=False,
            query={"q": "x", "author": "Alice Member"}),
        Row("api-search-several-groups", "api:search", "get", api(409), to_login=False, query={"q": "x", "group": "a"}),
        Row("api-notifications", "api:notifications", "get", api(200), to_login=False),
        Row("api-notifications-read", "api:notifications_read", "post", api(200), to_login=False),
        Row("api-notifications-read-get", "api:notifications_read", "get", everyone(405), to_login=False),
    ],
    "api-token-pages": [
        Row("api_tokens", "api_tokens", "get", signed_in(200)),
        Row("api_tokens-create", "api_tokens", "post", signed_in(201), data=lambda c: {"name": "Script", "scope": "read"}),
        Row("api_tokens-create-no-name", "api_tokens", "post", signed_in(400), data=lambda c: {"name": " ", "scope": "read"}),
        Row("api_tokens-create-bad-scope", "api_tokens", "post", signed_in(400), data=lambda c: {"name": "X", "scope": "admin"}),
        Row("api_token_revoke", "api_token_revoke", "get", signed_in(404, alice=200),
            kwargs=lambda c: {"token_id": c.alice_token.pk}),
        Row("api_token_revoke-post", "api_token_revoke", "post", signed_in(404, alice=302),
            kwargs=lambda c: {"token_id": c.alice_token.pk}),
        Row("api_token_revoke-unknown", "api_token_revoke", "get", signed_in(404), kwargs=lambda c: {"token_id": 999_999}),
    ],
}
