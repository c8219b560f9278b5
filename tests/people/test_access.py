"""people.access: one function decides who is an org admin; access by action gives one 404 for missing and forbidden."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from townsquare.people import access


def test_org_admin_is_decided_in_one_place(world):
    assert {name for name, p in world.people.items() if access.is_org_admin(p)} == {"olga"}
    assert not access.is_org_admin(AnonymousUser())
    world.olga.is_active = False  # a deactivated admin is no admin
    assert not access.is_org_admin(world.olga)
    assert not world.olga.is_org_admin  # the property templates use asks the same function


@pytest.mark.parametrize("name", ["erin", "alice", "gina", "otto", "olga"])
def test_read_a_person(world, name):
    assert access.access_person(world.people[name], "dave", action="read") == world.dave
    with pytest.raises(Http404) as missing:
        access.access_person(world.people[name], "nobody", action="read")
    assert str(missing.value) == "No such person"


@pytest.mark.parametrize("name", ["erin", "alice", "gina", "otto"])
def test_admin_actions_on_a_person_are_the_same_404_as_missing(world, name):
    with pytest.raises(Http404) as forbidden:
        access.access_person(world.people[name], "alice", action="admin")
    with pytest.raises(Http404) as missing:
        access.access_person(world.people[name], "nobody", action="admin")
    assert str(forbidden.value) == str(missing.value) == "No such person"
    with pytest.raises(Http404):
        access.access_org_admin(world.people[name])


def test_org_admin_may_act_on_a_person(world):
    assert access.access_person(world.olga, "alice", action="admin") == world.alice
    access.access_org_admin(world.olga)
    with pytest.raises(Http404):
        access.access_person(AnonymousUser(), "alice", action="read")
    with pytest.raises(ValueError):
        access.access_person(world.olga, "alice", action="fly")
