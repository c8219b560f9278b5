"""The stream's endpoint through Django's request handling (parameters, access, WSGI fallback, health)."""


def _client(client, person):
    client.force_login(person)
    return client


def test_bad_parameters_say_what_is_wrong(world, client):
    c = _client(client, world.alice)
    r = c.get("/live/events/", {"feed": "everything"})
    assert r.status_code == 400 and "not a feed" in r.content.decode()
    r = c.get("/live/events/", {"feed": "home", "since": "yesterday"})
    assert r.status_code == 400 and "since must be a time" in r.content.decode()
    assert c.get("/live/events/", {"feed": "group"}).status_code == 400
    assert c.get("/live/events/", {"post": "12a"}).status_code == 400


def test_private_things_are_404_for_outsiders(world, client):
    from townsquare.conversations import services

    post = services.post_create(author=world.alice, body="Finance only", group=world.private)
    c = _client(client, world.otto)
    assert c.get("/live/events/", {"post": post.pk}).status_code == 404
    assert c.get("/live/events/", {"feed": "group", "group": world.private.slug}).status_code == 404
    assert c.get("/live/events/", {"feed": "group", "group": world.secret.slug}).status_code == 404


def test_under_wsgi_the_stream_sends_the_catch_up_and_ends(world, client):
    c = _client(client, world.alice)
    r = c.get("/live/events/", {"feed": "company", "since": "2020-01-01T00:00:00+00:00"})
    assert r.status_code == 200 and r["Content-Type"] == "text/event-stream"
    assert r["Cache-Control"] == "no-cache, no-transform" and r["X-Accel-Buffering"] == "no"
    body = b"".join(r.streaming_content).decode()
    assert body.startswith("retry: 15000\n\n") and 'event: state\ndata: {"unread":0' in body


def test_anonymous_is_sent_to_sign_in(client):
    r = client.get("/live/events/")
    assert r.status_code == 302 and r.url.startswith("/login/")


def test_health(client):
    r = client.get("/live/healthz")
    assert r.status_code == 200 and r.json()["broker"] == "in-process"


def test_pages_tell_the_script_what_to_follow(world, client):
    from townsquare.conversations import services

    post = services.post_create(author=world.alice, body="Hello guild", group=world.public)
    c = _client(client, world.alice)
    home = c.get("/").content.decode()
    assert 'id="live-config"' in home and 'data-feed="home"' in home and f'data-since="{post.created_at.isoformat()}"' in home
    assert 'id="live-banner"' in home
    group = c.get(f"/groups/{world.public.slug}/").content.decode()
    assert 'data-feed="group"' in group and f'data-group="{world.public.slug}"' in group
    detail = c.get(f"/posts/{post.pk}/").content.decode()
    assert f'data-post="{post.pk}"' in detail and 'data-replies="0"' in detail
    outsider = _client(client, world.otto).get(f"/groups/{world.private.slug}/").content.decode()
    assert 'data-feed' not in outsider  # a private group's page without its posts has no live feed
