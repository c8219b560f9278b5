"""Permission matrix rows for townsquare.operations (see tests/matrix.py).

The operations page (retention settings, the backups list) is for organisation admins alone: olga; everyone
else signed in gets the 404 a missing page would give, anonymous and deactivated people are sent to sign in.
A bad value is a 400 with the form again, and nothing is saved."""

from tests.matrix import Row, signed_in

ADMIN_ONLY = lambda code: signed_in(404, olga=code)  # noqa: E731

GOOD = lambda c: {"notifications_days": "90", "post_views_days": "400", "interactions_days": "400",  # noqa: E731
                  "hidden_content_days": "30", "audit_days": "1000", "exports_days": "14"}
BAD = lambda c: {**GOOD(c), "interactions_days": "5"}  # noqa: E731

SECTIONS: dict[str, list[Row]] = {
    "operations": [
        Row("operations-admin", "operations_admin", "get", ADMIN_ONLY(200)),
        Row("operations-admin-save", "operations_admin", "post", ADMIN_ONLY(302), data=GOOD),
        Row("operations-admin-save-bad", "operations_admin", "post", ADMIN_ONLY(400), data=BAD),
    ],
}
