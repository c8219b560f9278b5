"""The stream of one page, driven as the ASGI server drives it: privacy, relevance, catch-up.

Each test runs its scenario on an event loop (async_to_sync); writes go through the services in the
test's thread and commit (transactional_db), exactly as a request in another thread would."""

import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.utils import timezone

from townsquare.conversations import services
from townsquare.conversations.models import Membership
from townsquare.live import broker
from townsquare.live.viewer import open_viewer
from townsquare.live.views import stream

pytestmark = pytest.mark.django_db(transaction=True)
KEEP_ALIVE = b": keep-alive\n\n"


def parse(chunk: bytes) -> tuple[str, dict]:
    lines = dict(line.split(": ", 1) for line in chunk.decode().strip().split("\n"))
    return lines["event"], json.loads(lines["data"])


def run(scenario):
    async_to_sync(scenario)()


async def opened(person, *, heartbeat_s=0.3, **page):
    page = {"feed": "", "group_slug": "", "post_id": None, "since": timezone.now(), **page}
    viewer = await sync_to_async(open_viewer)(person, **page)
    events = stream(viewer, heartbeat_s=heartbeat_s)
    assert await anext(events) == b"retry: 3000\n\n"
    name, state = parse(await anext(events))
    assert name == "state"
    return events, state


write = sync_to_async  # a service call, committed in the test's thread


def test_outsider_gets_nothing_from_a_private_group(world):
    async def scenario():
        otto, _ = await opened(world.otto, feed="company")
        otto_home, _ = await opened(world.otto, feed="home")
        alice, _ = await opened(world.alice, feed="home")
        post = await write(services.post_create)(author=world.gina, body="Budget draft", group=world.private)
        assert parse(await anext(alice)) == ("post", {"id": post.pk, "at": pytest.approx(0, abs=1e10)})
        assert await anext(otto) == KEEP_ALIVE
        assert await anext(otto_home) == KEEP_ALIVE
        news = await write(services.post_create)(author=world.gina, body="Company-wide news")
        assert parse(await anext(otto))[1]["id"] == news.pk
        for events in (otto, otto_home, alice):
            await events.aclose()
        assert broker.get_broker().hub.count() == 0

    run(scenario)


def test_group_feed_and_secret_group(world):
    async def scenario():
        guild, _ = await opened(world.otto, feed="group", group_slug=world.public.slug)
        alice_board, _ = await opened(world.alice, feed="group", group_slug=world.secret.slug)
        await write(services.post_create)(author=world.gina, body="Board agenda", group=world.secret)
        assert await anext(guild) == KEEP_ALIVE  # another group's post is not for this feed
        assert parse(await anext(alice_board))[0] == "post"
        guild_post = await write(services.post_create)(author=world.gina, body="Guild news", group=world.public)
        assert parse(await anext(guild))[1]["id"] == guild_post.pk
        await guild.aclose()
        await alice_board.aclose()

    run(scenario)


def test_someone_removed_from_a_group_gets_nothing_more(world):
    async def scenario():
        alice, _ = await opened(world.alice, feed="home")  # believes she is in finance-team
        await write(Membership.objects.filter(person=world.alice, group=world.private).delete)()
        await write(services.post_create)(author=world.gina, body="After alice left", group=world.private)
        assert await anext(alice) == KEEP_ALIVE  # confirmed in the database before passing it on
        await alice.aclose()

    run(scenario)


def test_replies_reactions_and_bell(world):
    async def scenario():
        post = await write(services.post_create)(author=world.alice, body="Question for the team", group=world.private)
        page, state = await opened(world.alice, post_id=post.pk)
        assert state["post"] == {"replies": 0, "reactions": 0} and state["unread"] == 0
        await write(services.reply_create)(author=world.gina, post=post, body="Here is the answer")
        seen = dict([parse(await anext(page)), parse(await anext(page))])
        assert seen["reply"]["replies"] == 1 and seen["unread"] == {"count": 1}
        await write(services.reaction_set)(person=world.gina, post=post, kind="like")
        seen = dict([parse(await anext(page)), parse(await anext(page))])
        assert seen["reaction"]["reactions"] == 1 and seen["unread"] == {"count": 2}
        await page.aclose()

    run(scenario)


def test_catch_up_after_a_disconnect_equals_a_page_load(world):
    from townsquare.conversations import selectors

    async def scenario():
        since = timezone.now() - timedelta(seconds=1)
        page, state = await opened(world.alice, feed="home", since=since)
        assert state["new_posts"] == [] and state["unread"] == 0
        await page.aclose()  # the laptop sleeps; meanwhile:
        first = await write(services.post_create)(author=world.gina, body="While you were away", group=world.private)
        await write(services.post_create)(author=world.otto, body="Not followed, not for alice's home feed")
        second = await write(services.post_create)(author=world.gina, body="Praise @alice", kind="praise",
                                                   praised_people=[world.alice])
        await write(services.reply_create)(author=world.gina, post=first, body="@alice have a look")
        page, state = await opened(world.alice, feed="home", since=since)  # EventSource reconnects
        assert state["new_posts"] == [second.pk, first.pk]
        assert state["unread"] == await write(selectors.unread_count)(world.alice) > 0
        fresh_ids = await write(lambda: [p.pk for p in selectors.page_of(selectors.feed_home(world.alice), world.alice).posts
                                         if p.created_at > since])()
        assert fresh_ids == state["new_posts"]
        await page.aclose()

    run(scenario)


def test_a_stream_that_fell_behind_resyncs(world, monkeypatch):
    monkeypatch.setattr(broker, "QUEUE_SIZE", 2)

    async def scenario():
        page, _ = await opened(world.alice, feed="company", since=timezone.now() - timedelta(seconds=1))
        for i in range(4):
            await write(services.post_create)(author=world.gina, body=f"Burst {i}")
        name, state = parse(await anext(page))
        assert name == "state" and len(state["new_posts"]) == 4  # events were dropped: a full catch-up instead
        await page.aclose()

    run(scenario)


def test_a_deactivated_persons_stream_ends(world, monkeypatch):
    from townsquare.live import views

    monkeypatch.setattr(views, "IDLE_REFRESH_S", 0.0)

    async def scenario():
        page, _ = await opened(world.alice, feed="company")
        world.alice.is_active = False
        await write(world.alice.save)(update_fields=["is_active"])
        with pytest.raises(StopAsyncIteration):
            await anext(page)  # at the next heartbeat the stream re-reads its person and ends
        assert broker.get_broker().hub.count() == 0

    run(scenario)


@pytest.mark.parametrize("change", ["deactivated", "new password"])
def test_a_stream_ends_soon_after_its_person_is_deactivated_or_changes_password(world, monkeypatch, change):
    """Within PERSON_CHECK_S (5 s; shortened here), not at the memberships' idle refresh minutes later."""
    from townsquare.live import views

    monkeypatch.setattr(views, "PERSON_CHECK_S", 0.2)
    assert views.IDLE_REFRESH_S >= 60  # the slow refresh is not what ends it

    async def scenario():
        page, _ = await opened(world.alice, feed="company", heartbeat_s=30)
        if change == "deactivated":
            world.alice.is_active = False
            await write(world.alice.save)(update_fields=["is_active"])
        else:
            world.alice.set_password("a-brand-new-secret-phrase")
            await write(world.alice.save)(update_fields=["password"])
        with pytest.raises(StopAsyncIteration):
            await anext(page)
        assert broker.get_broker().hub.count() == 0

    run(scenario)
