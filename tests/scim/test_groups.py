"""SCIM Groups are departments: create, get, list and filter by displayName, PATCH members, PUT, DELETE."""

import pytest

from tests.scim.conftest import ENTERPRISE, assert_error, new_user, patch_op
from townsquare.people.models import Department, Person

pytestmark = pytest.mark.django_db

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


def test_departments_are_groups(scim, world):
    body = scim.get("Groups", filter='displayName eq "finance"').json()
    assert body["totalResults"] == 1
    finance = body["Resources"][0]
    assert finance["id"] == str(world.finance.pk) and finance["displayName"] == "Finance"
    assert {m["value"] for m in finance["members"]} == {str(p.pk) for p in (world.gina, world.alice, world.dave)}
    listed = scim.get("Groups", excludedAttributes="members").json()["Resources"]
    assert {g["displayName"] for g in listed} == {"Finance", "Executive Office"}
    assert all("members" not in g for g in listed)
    assert_error(scim.get("Groups", filter='members eq "1"'), 400, "invalidFilter")


def test_create_patch_put_delete(scim, world):
    ada = new_user(scim, "ada@example.test")
    response = scim.post("Groups", {"schemas": [GROUP], "displayName": "Research", "externalId": "g-1",
                                    "members": [{"value": ada["id"]}, {"value": str(world.otto.pk)}]})
    assert response.status_code == 201, response.content
    group = response.json()
    research = Department.objects.get(name="Research")
    assert set(research.people.values_list("pk", flat=True)) == {int(ada["id"]), world.otto.pk}
    assert scim.get(f"Users/{ada['id']}").json()[ENTERPRISE]["department"] == "Research"
    url = f"Groups/{group['id']}"
    # Entra ID: add and remove members by value; a person moves from their old department
    response = scim.patch(url, patch_op(
        {"op": "Add", "path": "members", "value": [{"value": str(world.alice.pk)}]},
        {"op": "Remove", "path": f'members[value eq "{world.otto.pk}"]'}))
    assert response.status_code == 200, response.content
    assert {m["value"] for m in response.json()["members"]} == {ada["id"], str(world.alice.pk)}
    world.alice.refresh_from_db()
    world.otto.refresh_from_db()
    assert world.alice.department == research and world.otto.department is None
    # Entra ID also removes a member with path "members" and the member as the value: only that one goes
    response = scim.patch(url, patch_op({"op": "Remove", "path": "members", "value": [{"value": str(world.alice.pk)}]}))
    assert [m["value"] for m in response.json()["members"]] == [ada["id"]]
    response = scim.patch(url, patch_op({"op": "Add", "path": "members", "value": [{"value": str(world.alice.pk)}]}))
    assert len(response.json()["members"]) == 2
    # Okta: rename with a path-less replace
    response = scim.patch(url, patch_op({"op": "replace", "value": {"id": group["id"], "displayName": "R&D"}}))
    assert response.json()["displayName"] == "R&D"
    response = scim.put(url, {"schemas": [GROUP], "displayName": "R&D", "members": [{"value": ada["id"]}]})
    assert [m["value"] for m in response.json()["members"]] == [ada["id"]]
    assert scim.delete(url).status_code == 204
    assert not Department.objects.filter(pk=research.pk).exists()
    assert Person.objects.get(pk=int(ada["id"])).department is None and Person.objects.filter(pk=int(ada["id"])).exists()
    assert_error(scim.get(url), 404)


def test_group_errors_change_nothing(scim, world):
    url = f"Groups/{world.finance.pk}"
    before = scim.get(url).json()
    assert_error(scim.post("Groups", {"schemas": [GROUP], "displayName": "FINANCE"}), 409, "uniqueness")
    assert_error(scim.post("Groups", {"schemas": [GROUP]}), 400, "invalidValue")
    assert_error(scim.patch(url, patch_op({"op": "add", "path": "members", "value": [{"value": "999999"}]})),
                 400, "invalidValue")
    assert_error(scim.patch(url, patch_op({"op": "remove", "path": "members"},
                                          {"op": "add", "path": "owners", "value": "x"})), 400, "invalidPath")
    assert_error(scim.put(url, {"schemas": [GROUP], "displayName": "Executive Office"}), 409, "uniqueness")
    assert scim.get(url).json() == before
