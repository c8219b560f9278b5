"""Who may call SCIM (a valid SCIM token, never a browser session) and the org admins' token page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.scim.conftest import SCIM, ScimClient, assert_error
from townsquare.core.models import AuditEntry
from townsquare.scim import services
from townsquare.scim.models import ScimToken

pytestmark = pytest.mark.django_db

ROUTES = ["ServiceProviderConfig", "ResourceTypes", "Schemas", "Users", "Groups", "Users/1", "Groups/1", "nope"]


def _admin(world) -> Client:
    c = Client()
    c.force_login(world.olga, backend="django.contrib.auth.backends.ModelBackend")
    return c


@pytest.mark.parametrize("route", ROUTES)
def test_no_token_or_a_session_is_401(world, route):
    for client in (Client(), _admin(world)):
        response = client.get(f"/scim/v2/{route}")
        body = assert_error(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "token" in body["detail"]


def test_wrong_and_revoked_tokens_are_401(world, scim_token):
    token, raw = scim_token
    assert ScimClient(raw).get("Users").status_code == 200
    for bad in [raw + "x", "scim_" + "0" * 8 + "_nope", "tsq_x_y", ""]:
        assert_error(ScimClient(bad).get("Users") if bad else Client().get("/scim/v2/Users",
                     headers={"Authorization": "Bearer "}), 401)
    assert_error(Client().get("/scim/v2/Users", headers={"Authorization": f"Basic {raw}"}), 401)
    services.token_revoke(admin=world.olga, token=token)
    assert_error(ScimClient(raw).get("Users"), 401)


def test_a_post_with_a_token_needs_no_csrf_token(world, scim_token):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/scim/v2/Users", '{"userName": "csrf@example.test"}', content_type=SCIM,
                           headers={"Authorization": f"Bearer {scim_token[1]}"})
    assert response.status_code == 201 and response["Content-Type"] == SCIM


def test_discovery(scim):
    spc = scim.get("ServiceProviderConfig").json()
    assert spc["patch"]["supported"] and spc["filter"]["supported"] and not spc["bulk"]["supported"]
    assert spc["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = scim.get("ResourceTypes").json()
    assert {r["id"] for r in types["Resources"]} == {"User", "Group"}
    schemas = {s["id"] for s in scim.get("Schemas").json()["Resources"]}
    assert "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" in schemas
    assert scim.get("Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json()["name"] == "User"
    assert_error(scim.get("Schemas/urn:nope"), 404)
    assert_error(scim.post("ServiceProviderConfig", {}), 405)


def test_the_token_page_shows_a_token_once_and_revokes(world):
    admin = _admin(world)
    page = admin.get(reverse("scim_tokens"))
    assert page.status_code == 200 and b"/scim/v2/" in page.content
    made = admin.post(reverse("scim_tokens"), {"name": "Okta"})
    assert made.status_code == 201 and made["Cache-Control"] == "no-store"
    token = ScimToken.objects.get(name="Okta")
    raw = made.context["raw_token"]
    assert raw.startswith(f"scim_{token.prefix}_") and raw.encode() in made.content
    assert raw not in token.secret_hash and len(token.secret_hash) == 64
    assert raw.encode() not in admin.get(reverse("scim_tokens")).content  # shown once
    assert ScimClient(raw).get("Users").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert admin.post(reverse("scim_tokens"), {"name": "  "}).status_code == 400
    assert admin.post(reverse("scim_token_revoke", args=[token.pk])).status_code == 302
    assert_error(ScimClient(raw).get("Users"), 401)
    actions = list(AuditEntry.objects.filter(action__startswith="scim_token.").values_list("action", flat=True))
    assert sorted(actions) == ["scim_token.create", "scim_token.revoke"]


def test_provisioning_is_audited_and_welcomes(scim, world):
    from townsquare.people.models import Welcome

    response = scim.post("Users", {"userName": "new@example.test", "displayName": "New Person"})
    person_id = int(response.json()["id"])
    assert Welcome.objects.get(person_id=person_id).via == Welcome.Via.SCIM
    scim.delete(f"Users/{person_id}")
    actions = list(AuditEntry.objects.filter(target_id=str(person_id)).order_by("id").values_list("action", "actor_label"))
    assert actions == [("person.provision", "SCIM (Entra ID)"), ("person.deactivate", "SCIM (Entra ID)"),
                       ("person.deprovision", "SCIM (Entra ID)")]
