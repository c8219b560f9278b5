"""Permission matrix rows of issue 17's feed polish (see tests/test_permissions.py): the feed order switch and
sharing a post into another group (web and API)."""

from tests.matrix import Row, signed_in
from tests.matrix_api import api

OUTSIDERS_404 = {"otto": 404, "olga": 404}

SECTIONS: dict[str, list[Row]] = {
    "feed_order": [
        # set-style for the signed-in person only: back to the feed (302); a bad order is a message, still 302
        Row("feed_order", "feed_order", "post", signed_in(302), data=lambda c: {"order": "ranked"}),
        Row("feed_order-bad", "feed_order", "post", signed_in(302), data=lambda c: {"order": "loudest"}),
        Row("feed_order-get", "feed_order", "get", signed_in(405)),
    ],
    "post_share": [
        # a reader shares a post they can read; a post they cannot read is the same 404 as none
        Row("post_share-public", "post_share", "post", signed_in(302), kwargs=lambda c: {"post_id": c.public_post.pk},
            data=lambda c: {"to": "company", "comment": "Worth a read"}),
        Row("post_share-secret", "post_share", "post", signed_in(302, **OUTSIDERS_404),
            kwargs=lambda c: {"post_id": c.secret_post.pk}, data=lambda c: {"to": "company"}),
        Row("post_share-unknown", "post_share", "post", signed_in(404), kwargs=lambda c: {"post_id": 999_999},
            data=lambda c: {"to": "company"}),
        Row("post_share-get", "post_share", "get", signed_in(405), kwargs=lambda c: {"post_id": c.public_post.pk}),
        Row("api-post-share", "api:post_share", "post", api(201), to_login=False,
            kwargs=lambda c: {"post_id": c.company_post.pk}, data=lambda c: {"comment": "Read this"}),
        Row("api-post-share-private", "api:post_share", "post", api(201, **OUTSIDERS_404), to_login=False,
            kwargs=lambda c: {"post_id": c.private_post.pk}, data=lambda c: {}),
    ],
}
