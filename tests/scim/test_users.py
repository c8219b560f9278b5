"""SCIM Users: create, read, list with filters and pages, replace, patch, delete = deactivate; errors."""

import pytest

from tests.scim.conftest import CORE_USER, ENTERPRISE, assert_error, new_user, patch_op
from townsquare.people.models import Person, Welcome
from townsquare.scim.models import ScimUser

pytestmark = pytest.mark.django_db


def test_create_maps_the_user_onto_a_person(scim, world):
    body = new_user(scim, "ada@example.test", title="Engineer", externalId="e-1", **{ENTERPRISE: {
        "department": "Research", "employeeNumber": "701", "manager": {"value": str(world.erin.pk)}}})
    person = Person.objects.get(pk=int(body["id"]))
    assert (person.email, person.name, person.title, person.department.name, person.manager) == (
        "ada@example.test", "Ada Lovelace", "Engineer", "Research", world.erin)
    assert not person.has_usable_password() and person.is_active
    assert body["userName"] == "ada@example.test" and body["externalId"] == "e-1"
    assert body[ENTERPRISE]["employeeNumber"] == "701"
    assert body[ENTERPRISE]["manager"]["value"] == str(world.erin.pk)
    assert body[ENTERPRISE]["manager"]["$ref"].endswith(f"/scim/v2/Users/{world.erin.pk}")
    assert body["meta"]["resourceType"] == "User" and body["meta"]["location"].endswith(f"/Users/{person.pk}")
    assert body["meta"]["version"].startswith('W/"')
    got = scim.get(f"Users/{person.pk}")
    assert got.status_code == 200 and got.json() == body and got["ETag"] == body["meta"]["version"]


def test_create_twice_is_409_uniqueness_and_stores_nothing(scim, world):
    new_user(scim, "ada@example.test")
    count = Person.objects.count()
    assert_error(scim.post("Users", {"schemas": [CORE_USER], "userName": "ADA@example.test"}), 409, "uniqueness")
    assert_error(scim.post("Users", {"schemas": [CORE_USER], "userName": "alice@example.test"}), 409, "uniqueness")
    assert Person.objects.count() == count


def test_list_filters(scim, world):
    ada = new_user(scim, "ada@example.test", externalId="ext-ada")
    for text, ids in [
        ('userName eq "ADA@example.test"', [ada["id"]]),
        ('externalId eq "ext-ada"', [ada["id"]]),
        ('emails.value eq "ada@example.test"', [ada["id"]]),
        ('userName eq "alice@example.test"', [str(world.alice.pk)]),  # a person SCIM never wrote to
        ('userName eq "nobody@example.test"', []),
    ]:
        response = scim.get("Users", filter=text)
        assert response.status_code == 200, response.content
        body = response.json()
        assert [r["id"] for r in body["Resources"]] == ids, text
        assert body["totalResults"] == len(ids)
    for bad in ['title co "x"', "userName", 'nickName eq "x"', 'userName eq "a" and title eq "b"', "(("]:
        assert_error(scim.get("Users", filter=bad), 400, "invalidFilter")


def test_patch_entra_shapes(scim, world):
    ada = new_user(scim, "ada@example.test")
    url = f"Users/{ada['id']}"
    response = scim.patch(url, patch_op(
        {"op": "Replace", "path": "displayName", "value": "Ada King"},
        {"op": "Replace", "path": "name.givenName", "value": "Augusta"},
        {"op": "Add", "path": 'emails[type eq "work"].value', "value": "ada.king@example.test"},
        {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Analytics"},
        {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": str(world.gina.pk)},
        {"op": "Replace", "path": "title", "value": "Countess"},
        {"op": "Add", "path": 'addresses[type eq "work"].locality', "value": "London"},  # kept by nobody: ignored
        {"op": "Replace", "path": "preferredLanguage", "value": "en-GB"},
    ))
    assert response.status_code == 200, response.content
    person = Person.objects.get(pk=int(ada["id"]))
    assert (person.name, person.email, person.title, person.department.name, person.manager) == (
        "Ada King", "ada.king@example.test", "Countess", "Analytics", world.gina)
    assert response.json()["name"]["givenName"] == "Augusta"
    assert scim.patch(url, patch_op({"op": "Replace", "path": "active", "value": "False"})).status_code == 200
    person.refresh_from_db()
    assert not person.is_active and person.deactivated_at is not None
    assert scim.patch(url, patch_op({"op": "Replace", "path": "active", "value": "True"})).json()["active"] is True


def test_patch_okta_shapes(scim, world):
    ada = new_user(scim, "ada@example.test")
    url = f"Users/{ada['id']}"
    # Okta's managerId is its own: the manager's userName (email) or externalId is accepted as well as our id
    response = scim.patch(url, patch_op({"op": "replace", "value": {ENTERPRISE: {"manager": {"value": "GINA@example.test"}}}}))
    assert response.json()[ENTERPRISE]["manager"]["value"] == str(world.gina.pk)
    response = scim.patch(url, patch_op({"op": "replace", "value": {"active": False}}))
    assert response.status_code == 200 and response.json()["active"] is False
    response = scim.patch(url, patch_op({"op": "replace", "value": {
        "active": True, "name.familyName": "Byron", "title": "Poet", ENTERPRISE: {"department": "Letters"}}}))
    body = response.json()
    assert body["active"] is True and body["name"]["familyName"] == "Byron" and body["title"] == "Poet"
    assert body[ENTERPRISE]["department"] == "Letters"
    response = scim.patch(url, patch_op({"op": "remove", "path": "title"},
                                        {"op": "remove", "path": f"{ENTERPRISE}:department"}))
    assert "title" not in response.json() and "department" not in response.json().get(ENTERPRISE, {})
    assert Person.objects.get(pk=int(ada["id"])).department is None


def test_patch_errors_change_nothing(scim, world):
    ada = new_user(scim, "ada@example.test", title="Engineer")
    url = f"Users/{ada['id']}"
    before = scim.get(url).json()
    cases = [
        (patch_op({"op": "replace", "path": "title", "value": "Ok"}, {"op": "replace", "path": "shoeSize", "value": 9}),
         "invalidPath"),
        (patch_op({"op": "replace", "path": "name.nickname", "value": "x"}), "invalidPath"),
        (patch_op({"op": "replace", "path": "title", "value": "Ok"}, {"op": "replace", "path": "active", "value": "maybe"}),
         "invalidValue"),
        (patch_op({"op": "frobnicate", "path": "title", "value": "x"}), "invalidSyntax"),
        (patch_op({"op": "replace", "path": f"{ENTERPRISE}:manager", "value": "999999"}), "invalidValue"),
        (patch_op({"op": "replace", "path": f"{ENTERPRISE}:manager", "value": ada["id"]}), "invalidValue"),
        (patch_op({"op": "replace", "path": "emails[type eq \"work\"].value", "value": "not-an-email"}),
         "invalidValue"),
        (patch_op({"op": "replace", "path": "emails[type eq \"work\"].value", "value": "alice@example.test"}),
         "uniqueness"),
        (patch_op({"op": "replace", "path": "title", "value": "x" * 121}), "invalidValue"),
        (patch_op({"op": "remove"}), "noTarget"),
        ({"schemas": []}, "invalidSyntax"),
        ("{not json", "invalidSyntax"),
    ]
    for body, scim_type in cases:
        assert_error(scim.patch(url, body), 409 if scim_type == "uniqueness" else 400, scim_type)
    assert scim.get(url).json() == before


def test_put_replaces(scim, world):
    ada = new_user(scim, "ada@example.test", title="Engineer", **{ENTERPRISE: {"department": "Research"}})
    response = scim.put(f"Users/{ada['id']}", {"schemas": [CORE_USER], "userName": "ada@example.test",
                                               "displayName": "Ada", "unknownThing": {"x": 1}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["displayName"] == "Ada" and "title" not in body and ENTERPRISE not in body
    assert body["active"] is True  # an absent active leaves the person as they are


def test_delete_deactivates_keeps_content_and_hides_from_scim(scim, world):
    from townsquare.conversations import services as conversations

    ada = new_user(scim, "ada@example.test")
    person = Person.objects.get(pk=int(ada["id"]))
    post = conversations.post_create(author=person, body="Hello from Ada")
    response = scim.delete(f"Users/{ada['id']}")
    assert response.status_code == 204
    person.refresh_from_db()
    assert not person.is_active and person.posts.filter(pk=post.pk).exists()
    assert_error(scim.get(f"Users/{ada['id']}"), 404)
    assert scim.get("Users", filter='userName eq "ada@example.test"').json()["totalResults"] == 0
    # the identity provider provisions the same userName again: the same person comes back
    again = new_user(scim, "ada@example.test")
    assert again["id"] == ada["id"] and again["active"] is True


def test_a_user_name_that_is_not_an_email(scim, world):
    response = scim.post("Users", {"schemas": [CORE_USER], "userName": "ada.lovelace"})
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=int(response.json()["id"]))
    assert person.email.endswith("@scim.invalid") and person.name == "ada.lovelace"
    assert ScimUser.objects.get(person=person).user_name == "ada.lovelace"
    assert not Welcome.objects.filter(person=person).exists()  # nowhere to send it
    response = scim.patch(f"Users/{person.pk}", patch_op(
        {"op": "add", "path": "emails", "value": [{"value": "ada@example.test", "type": "work", "primary": True}]}))
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.email == "ada@example.test" and Welcome.objects.get(person=person).via == Welcome.Via.SCIM


def test_pagination_and_errors(scim, world):
    for i in range(5):
        new_user(scim, f"p{i}@example.test")
    seen = []
    start = 1
    while True:
        body = scim.get("Users", startIndex=start, count=3).json()
        assert body["totalResults"] == 11 and body["startIndex"] == start
        if not body["Resources"]:
            break
        seen += [r["id"] for r in body["Resources"]]
        start += len(body["Resources"])
    assert len(seen) == len(set(seen)) == 11
    assert scim.get("Users", count=0).json()["Resources"] == []
    assert_error(scim.get("Users", count="many"), 400, "invalidValue")
    assert_error(scim.get("Users/999999"), 404)
    assert_error(scim.get("Users/abc"), 404)
    assert_error(scim.get("Nothing/here"), 404)
    assert_error(scim.post("Users", "[1, 2"), 400, "invalidSyntax")
    assert_error(scim.post("Users", {"schemas": [CORE_USER]}), 400, "invalidValue")
    assert_error(scim.post("Users", {"userName": 5.5 if False else ["x"]}), 400, "invalidValue")
    assert_error(scim.delete("Users"), 405)


def test_attributes_and_excluded_attributes(scim, world):
    ada = new_user(scim, "ada@example.test", title="Engineer")
    body = scim.get(f"Users/{ada['id']}", attributes="userName,name.givenName").json()
    assert set(body) == {"id", "schemas", "userName", "name"} and body["name"] == {"givenName": "Ada"}
    body = scim.get(f"Users/{ada['id']}", excludedAttributes="title,emails").json()
    assert "title" not in body and "emails" not in body and "userName" in body


def test_if_match(scim, world):
    ada = new_user(scim, "ada@example.test")
    url = f"Users/{ada['id']}"
    assert_error(scim.patch(url, patch_op({"op": "replace", "path": "title", "value": "x"}),
                            headers={"If-Match": 'W/"stale"'}), 412)
    ok = scim.patch(url, patch_op({"op": "replace", "path": "title", "value": "x"}),
                    headers={"If-Match": ada["meta"]["version"]})
    assert ok.status_code == 200 and ok["ETag"] != ada["meta"]["version"]


def test_patch_emails_by_filter_and_remove(scim, world):
    ada = new_user(scim, "ada@example.test", emails=[
        {"value": "ada@example.test", "type": "work", "primary": True},
        {"value": "ada@home.example", "type": "home"}])
    url = f"Users/{ada['id']}"
    body = scim.patch(url, patch_op({"op": "remove", "path": 'emails[type eq "home"]'})).json()
    assert body["emails"] == [{"value": "ada@example.test", "type": "work", "primary": True}]
    body = scim.patch(url, patch_op({"op": "replace", "path": "emails",
                                     "value": [{"value": "lovelace@example.test", "type": "work", "primary": True}]}))
    assert Person.objects.get(pk=int(ada["id"])).email == "lovelace@example.test"
    body = scim.patch(url, patch_op({"op": "remove", "path": "emails"})).json()
    assert "emails" not in body
    # with no emails, the sign-in address is the userName when it is an address
    assert Person.objects.get(pk=int(ada["id"])).email == "ada@example.test"


def test_enterprise_extension_as_a_whole_and_no_op_patch(scim, world):
    ada = new_user(scim, "ada@example.test")
    url = f"Users/{ada['id']}"
    body = scim.patch(url, patch_op({"op": "add", "path": ENTERPRISE, "value": {
        "department": "Research", "employeeNumber": "42", "costCenter": "ignored"}})).json()
    assert body[ENTERPRISE] == {"department": "Research", "employeeNumber": "42"}
    again = scim.patch(url, patch_op({"op": "replace", "path": "title", "value": ""}))
    assert again.status_code == 200
