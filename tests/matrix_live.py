"""Permission matrix rows of townsquare.live (see tests/test_permissions.py).

The stream is for signed-in people; a post's or a group's stream follows the post's and group's
visibility (not found and not allowed: the same 404). Under the test client (WSGI) the stream sends
its catch-up and ends, so every cell returns."""

from tests.matrix import Row, everyone, signed_in

OUTSIDERS_404 = {"otto": 404, "olga": 404}

SECTIONS: dict[str, list[Row]] = {
    "live": [
        Row("live_events", "live_events", "get", signed_in(200)),
        Row("live_events-home", "live_events", "get", signed_in(200),
            query={"feed": "home", "since": "2020-01-01T00:00:00+00:00"}),
        Row("live_events-private-post", "live_events", "get", signed_in(200, **OUTSIDERS_404),
            query=lambda c: {"post": c.private_post.pk}),
        Row("live_events-secret-post", "live_events", "get", signed_in(200, **OUTSIDERS_404),
            query=lambda c: {"post": c.secret_post.pk}),
        Row("live_events-private-group", "live_events", "get", signed_in(200, **OUTSIDERS_404),
            query=lambda c: {"feed": "group", "group": c.world.private.slug}),
        Row("live_events-unknown-post", "live_events", "get", signed_in(404), query={"post": "999999"}),
        Row("live_events-bad-feed", "live_events", "get", signed_in(400), query={"feed": "everything"}),
        Row("live_events-post", "live_events", "post", signed_in(405)),
        Row("live_health", "live_health", "get", everyone(200)),
    ],
}
