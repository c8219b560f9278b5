"""Permission matrix rows for townsquare.sso (see tests/matrix.py).

The matrix runs with single sign-on off (no OIDC_ISSUER), so the start and callback routes are the 404 of a page that
does not exist, for everyone (tests/sso covers them with a real provider). The SSO page is for org admins alone. A
break-glass link's secret is the right to use it, whoever holds it: a wrong token is a 404 for everyone, the right one
asks to confirm (GET) and signs its org admin in (POST; each cell is rolled back, so the link is fresh in each)."""

from tests.matrix import Row, everyone, signed_in

BREAK_GLASS = lambda c: {"token": c.break_glass_secret}  # noqa: E731


def build(c):
    from townsquare.sso import services

    c.break_glass_secret = services.break_glass_link_create(email=c.world.olga.email)[1]


SECTIONS: dict[str, list[Row]] = {
    "sso": [
        Row("sso_login-off", "sso_login", "get", everyone(404)),
        Row("sso_callback-off", "sso_callback", "get", everyone(404), query={"code": "x", "state": "y"}),
        Row("sso_callback-post", "sso_callback", "post", everyone(405)),
        Row("sso_admin", "sso_admin", "get", signed_in(404, olga=200)),
        Row("sso_admin-post", "sso_admin", "post", signed_in(405)),
        Row("sso_break_glass", "sso_break_glass", "get", everyone(200), kwargs=BREAK_GLASS),
        Row("sso_break_glass-post", "sso_break_glass", "post", everyone(302), kwargs=BREAK_GLASS, to_login=False),
        Row("sso_break_glass-unknown", "sso_break_glass", "get", everyone(404), kwargs=lambda c: {"token": "nope"}),
        Row("sso_break_glass-unknown-post", "sso_break_glass", "post", everyone(404), kwargs=lambda c: {"token": "nope"}),
    ],
}
