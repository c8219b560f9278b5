"""The API tokens page: make a token (shown once), see it listed, revoke it after confirming."""

import pytest

from tests.api.conftest import ApiClient
from townsquare.api.models import AccessToken

pytestmark = pytest.mark.django_db


def test_making_a_token_shows_it_once_and_stores_only_its_hash(client_for, world):
    browser = client_for(world.alice)
    response = browser.post("/me/tokens/", {"name": "Laptop script", "scope": "write"})
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    token = AccessToken.objects.get()
    raw = response.context["raw_token"]
    assert raw.startswith(f"tsq_{token.prefix}_") and raw in response.content.decode()
    assert token.scope == "write" and raw not in token.secret_hash
    again = browser.get("/me/tokens/")
    assert raw not in again.content.decode() and "Laptop script" in again.content.decode()
    assert "never used" in again.content.decode()
    assert ApiClient(raw).get("/me").body["handle"] == "alice"


def test_bad_input_says_what_is_wrong(client_for, world):
    browser = client_for(world.alice)
    no_name = browser.post("/me/tokens/", {"name": "  ", "scope": "read"})
    assert no_name.status_code == 400 and "Give the token a name" in no_name.content.decode()
    bad_scope = browser.post("/me/tokens/", {"name": "X", "scope": "admin"})
    assert bad_scope.status_code == 400 and "read only, or read and write" in bad_scope.content.decode()
    assert not AccessToken.objects.exists()


def test_revoking_asks_first_and_only_the_owner_can(client_for, world):
    from townsquare.api import services

    token, raw = services.token_create(person=world.alice, name="Old script", scope="read")
    assert client_for(world.otto).get(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    assert client_for(world.otto).post(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    confirm = client_for(world.alice).get(f"/me/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200 and "stops working at once" in confirm.content.decode()
    done = client_for(world.alice).post(f"/me/tokens/{token.pk}/revoke/", follow=True)
    assert "is revoked" in done.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(raw).get("/me").status_code == 401


def test_there_is_a_limit_of_active_tokens(world):
    from django.core.exceptions import ValidationError

    from townsquare.api import services

    for i in range(services.MAX_TOKENS_PER_PERSON):
        services.token_create(person=world.alice, name=f"t{i}", scope="read")
    with pytest.raises(ValidationError, match="Revoke one"):
        services.token_create(person=world.alice, name="one more", scope="read")


def test_a_token_is_reached_through_access_token_by_action(world):
    """Someone else's token, an unknown id and (to revoke) a revoked token are the same 404."""
    from django.http import Http404

    from townsquare.api import access, services

    token, _ = services.token_create(person=world.alice, name="Script", scope="read")
    assert access.access_token(world.alice, token.pk) == token
    assert access.access_token(world.alice, str(token.pk), action="revoke") == token
    for person, token_id, action in [(world.otto, token.pk, "read"), (world.otto, token.pk, "revoke"),
                                     (world.alice, token.pk + 1000, "read"), (world.alice, "nope", "revoke")]:
        with pytest.raises(Http404, match="No such token"):
            access.access_token(person, token_id, action=action)
    services.token_revoke(person=world.alice, token_id=token.pk)
    assert access.access_token(world.alice, token.pk).revoked_at is not None
    with pytest.raises(Http404, match="No such token"):
        access.access_token(world.alice, token.pk, action="revoke")
    with pytest.raises(ValueError):
        access.access_token(world.alice, token.pk, action="delete")


def test_a_revoked_token_has_no_revoke_page(client_for, world):
    from townsquare.api import services

    token, _ = services.token_create(person=world.alice, name="Gone", scope="read")
    services.token_revoke(person=world.alice, token_id=token.pk)
    assert client_for(world.alice).get(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    page = client_for(world.alice).get("/me/tokens/")
    assert page.context["revoked"] == [token] and page.context["active"] == []
