"""Permission matrix rows for townsquare.scim (see tests/matrix.py).

SCIM (/scim/v2/…) takes a SCIM bearer token and nothing else: every person of the matrix calls it with their
browser session, and every one of them — org admin included — gets SCIM's JSON 401, for every route and method
(tests/scim/test_auth.py calls the same routes with valid, wrong and revoked tokens). The token page is for org
admins alone; everyone else gets the 404 of a page that does not exist."""

from tests.matrix import Row, everyone, signed_in

ADMIN = dict(alice=404, otto=404, gina=404)
TOKEN = lambda c: {"token_id": c.scim_token.pk}  # noqa: E731
USER = lambda c: {"scim_id": str(c.world.alice.pk)}  # noqa: E731
GROUP = lambda c: {"scim_id": str(c.world.finance.pk)}  # noqa: E731
NO_SESSION = everyone(401)


def build(c) -> None:
    from townsquare.scim import services

    c.scim_token, _ = services.token_create(admin=c.world.olga, name="Matrix IdP")


SCIM_ROUTES = [
    ("scim_service_provider_config", lambda c: {}),
    ("scim_resource_types", lambda c: {}),
    ("scim_resource_type", lambda c: {"name": "User"}),
    ("scim_schemas", lambda c: {}),
    ("scim_schema", lambda c: {"urn": "urn:ietf:params:scim:schemas:core:2.0:User"}),
    ("scim_users", lambda c: {}),
    ("scim_user", USER),
    ("scim_groups", lambda c: {}),
    ("scim_group", GROUP),
    ("scim_search", lambda c: {}),
    ("scim_not_found", lambda c: {"rest": "Nothing"}),
]

SECTIONS: dict[str, list[Row]] = {
    "scim-tokens": [
        Row("scim_tokens", "scim_tokens", "get", signed_in(200, **ADMIN)),
        Row("scim_tokens-post", "scim_tokens", "post", signed_in(201, **ADMIN), data=lambda c: {"name": "Okta"}),
        Row("scim_tokens-post-empty", "scim_tokens", "post", signed_in(400, **ADMIN), data=lambda c: {"name": ""}),
        Row("scim_token_revoke", "scim_token_revoke", "get", signed_in(200, **ADMIN), kwargs=TOKEN),
        Row("scim_token_revoke-post", "scim_token_revoke", "post", signed_in(302, **ADMIN), kwargs=TOKEN),
        Row("scim_token_revoke-unknown", "scim_token_revoke", "post", signed_in(404),
            kwargs=lambda c: {"token_id": 999_999}),
    ],
    "scim-endpoints": [
        Row(f"{name}-{method}", name, method, NO_SESSION, kwargs=kwargs, to_login=False,
            data=lambda c: {"userName": "session@example.test"})
        for name, kwargs in SCIM_ROUTES for method in ("get", "post")
    ],
}
