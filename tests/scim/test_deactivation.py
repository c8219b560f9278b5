"""Deactivation through SCIM (DELETE, or active=false) — and the admin's button, which shares the same people
action — ends the person's sessions, API tokens and open live streams at once."""

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.scim.conftest import ScimClient, patch_op
from townsquare.api import services as api_services
from townsquare.api.models import AccessToken
from townsquare.live import broker, views
from townsquare.live.viewer import open_viewer
from townsquare.people import services as people_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _live(monkeypatch):
    monkeypatch.setattr(views, "CLOSE_DB_AFTER_EACH_READ", True)
    # Only the deactivation's own event may end the stream: the periodic person check never comes in time.
    monkeypatch.setattr(views, "PERSON_CHECK_S", 3600.0)
    broker.set_broker(broker.InProcessBroker())
    yield
    broker.set_broker(None)


def _sessions_of(person) -> int:
    return sum(1 for s in Session.objects.filter(expire_date__gt=timezone.now())
               if s.get_decoded().get("_auth_user_id") == str(person.pk))


def _signed_in(person) -> Client:
    browser = Client()
    browser.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    assert browser.get("/").status_code == 200
    return browser


DEACTIVATIONS = {
    "scim-delete": lambda scim, w: scim.delete(f"Users/{w.alice.pk}").status_code == 204,
    "scim-active-string": lambda scim, w: scim.patch(f"Users/{w.alice.pk}", patch_op(
        {"op": "Replace", "path": "active", "value": "False"})).status_code == 200,
    "scim-active-no-path": lambda scim, w: scim.patch(f"Users/{w.alice.pk}", patch_op(
        {"op": "replace", "value": {"active": False}})).status_code == 200,
    "admin-button": lambda scim, w: not people_services.person_set_active(
        admin=w.olga, person=w.alice, active=False).is_active,
}


@pytest.mark.parametrize("how", DEACTIVATIONS)
def test_deactivation_ends_sessions_tokens_and_streams_at_once(world, how):
    from townsquare.scim import services as scim_services

    scim = ScimClient(scim_services.token_create(admin=world.olga, name="IdP")[1])
    browsers = [_signed_in(world.alice), _signed_in(world.alice)]
    other = _signed_in(world.gina)
    _, raw = api_services.token_create(person=world.alice, name="Script", scope="read")
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert _sessions_of(world.alice) == 2

    async def scenario():
        viewer = await sync_to_async(open_viewer)(world.alice, feed="company", group_slug="", post_id=None,
                                                  since=timezone.now())
        page = views.stream(viewer, heartbeat_s=30)
        await anext(page)  # retry
        await anext(page)  # state
        gina_viewer = await sync_to_async(open_viewer)(world.gina, feed="company", group_slug="", post_id=None,
                                                       since=timezone.now())
        gina_page = views.stream(gina_viewer, heartbeat_s=30)
        await anext(gina_page)
        await anext(gina_page)
        nxt = asyncio.ensure_future(anext(page))
        assert await sync_to_async(DEACTIVATIONS[how])(scim, world)
        async with asyncio.timeout(10):
            with pytest.raises(StopAsyncIteration):
                await nxt
        # gina's stream is untouched: it still gets the next company-wide post
        from townsquare.conversations import services as conversations

        gina_next = asyncio.ensure_future(anext(gina_page))
        await sync_to_async(conversations.post_create)(author=world.gina, body="Still here")
        async with asyncio.timeout(10):
            assert b"event: post" in await gina_next
        await gina_page.aclose()

    async_to_sync(scenario)()
    assert _sessions_of(world.alice) == 0
    for browser in browsers:
        assert browser.get("/").status_code == 302
    assert other.get("/").status_code == 200 and _sessions_of(world.gina) == 1
    assert not AccessToken.objects.filter(person=world.alice, revoked_at__isnull=True).exists()
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_a_failed_deactivation_ends_nothing(world):
    """A PATCH whose second operation is wrong rolls back the first (active=false): nothing ends."""
    from townsquare.scim import services as scim_services

    scim = ScimClient(scim_services.token_create(admin=world.olga, name="IdP")[1])
    browser = _signed_in(world.alice)
    api_services.token_create(person=world.alice, name="Script", scope="read")
    response = scim.patch(f"Users/{world.alice.pk}", patch_op(
        {"op": "replace", "path": "active", "value": False}, {"op": "replace", "path": "nonsense", "value": 1}))
    assert response.status_code == 400
    world.alice.refresh_from_db()
    assert world.alice.is_active and browser.get("/").status_code == 200 and _sessions_of(world.alice) == 1
    assert AccessToken.objects.filter(person=world.alice, revoked_at__isnull=True).count() == 1
