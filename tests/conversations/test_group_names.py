"""Issue 17: group names are unique (ignoring case and outer spaces) on the form, in the API and in the database;
a group admin can change the group's kind; invitations can be accepted or declined."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations import services
from townsquare.conversations.models import Group, Membership, group_name_key


@pytest.mark.parametrize("name", ["Data Guild", "data guild", "  DATA GUILD  ", "Data   Guild"])
def test_a_name_another_group_has_is_refused(world, name):
    with pytest.raises(ValidationError) as refused:
        services.group_create(creator=world.otto, name=name)
    assert refused.value.message_dict == {
        "name": ["There is already a group called “" + " ".join(name.split()) + "”. Choose another name, or join that group."]}
    assert Group.objects.filter(name_key="data guild").count() == 1


def test_the_form_shows_the_refusal_beside_the_name(world, client_for):
    response = client_for(world.otto).post(reverse("group_create"), {"name": " data guild ", "visibility": "public",
                                                                    "kind": "interest"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="gf-name-error"' in html and "There is already a group called “data guild”" in html
    assert 'aria-invalid="true"' in html and Group.objects.count() == 3


def test_renaming_onto_another_groups_name_is_refused_and_keeping_ones_own_is_fine(world, client_for):
    c = client_for(world.gina)
    response = c.post(reverse("group_edit", args=[world.private.slug]),
                      {"name": "DATA GUILD", "description": "", "visibility": "private", "kind": "team"})
    assert response.status_code == 400 and "There is already a group called" in response.content.decode()
    world.private.refresh_from_db()
    assert world.private.name == "Finance Team"
    response = c.post(reverse("group_edit", args=[world.private.slug]),
                      {"name": "finance team", "description": "", "visibility": "private", "kind": "team"})
    assert response.status_code == 302
    world.private.refresh_from_db()
    assert world.private.name == "finance team" and world.private.name_key == "finance team"


def test_the_api_refuses_a_duplicate_name_with_json(world, client_for):
    c = client_for(world.otto)
    response = c.post(reverse("api:group_create"), json.dumps({"name": "DATA guild "}), content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["code"] == "conflict"
    assert body["error"]["fields"] == {"name": ["There is already a group called “DATA guild”. Choose another name, "
                                                "or join that group."]}
    response = c.post(reverse("api:group_create"), json.dumps({"name": "Book Club", "kind": "interest"}),
                      content_type="application/json")
    assert response.status_code == 201 and response.json()["kind"] == "interest" and response.json()["is_admin"]


def test_the_api_lets_a_group_admin_change_name_and_kind(world, client_for):
    url = reverse("api:group_update", args=[world.public.slug])
    response = client_for(world.gina).patch(url, json.dumps({"kind": "team"}), content_type="application/json")
    assert response.status_code == 200 and response.json()["kind"] == "team"
    response = client_for(world.gina).patch(url, json.dumps({"name": "finance TEAM"}), content_type="application/json")
    assert response.status_code == 409 and "There is already a group called" in response.json()["error"]["message"]
    assert client_for(world.alice).patch(url, json.dumps({"kind": "cause"}),
                                         content_type="application/json").status_code == 404
    world.public.refresh_from_db()
    assert (world.public.name, world.public.kind) == ("Data Guild", "team")


def test_the_database_refuses_a_second_group_with_the_same_name(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(slug="data-guild-2", name=" data GUILD")


def test_two_people_creating_the_same_name_at_once_one_is_refused_not_a_500(world, monkeypatch):
    """The check before the insert passes for both; the unique constraint refuses the second."""
    services.group_create(creator=world.alice, name="Chess Club")
    monkeypatch.setattr(services, "_check_group_name", lambda name, exclude=None: None)
    with pytest.raises(ValidationError) as refused:
        services.group_create(creator=world.otto, name="chess club")
    assert "There is already a group called" in refused.value.messages[0]
    assert not Group.objects.filter(created_by=world.otto).exists()


def test_a_group_admin_changes_the_kind_on_the_settings_page(world, client_for):
    c = client_for(world.gina)
    page = c.get(reverse("group_edit", args=[world.public.slug])).content.decode()
    assert 'name="kind"' in page and '<option value="community" selected>' in page
    response = c.post(reverse("group_edit", args=[world.public.slug]),
                      {"name": "Data Guild", "description": "Everything data.", "visibility": "public", "kind": "cause"})
    assert response.status_code == 302
    world.public.refresh_from_db()
    assert world.public.kind == "cause"
    response = c.post(reverse("group_edit", args=[world.public.slug]),
                      {"name": "Data Guild", "description": "", "visibility": "public", "kind": "club"})
    assert response.status_code == 400 and "Choose team, community, interest or cause." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_renames_later_duplicates():
    executor = MigrationExecutor(connection)
    before = [("conversations", "0007_moderation_and_archive")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldGroup = old.get_model("conversations", "Group")
        now = timezone.now()
        for i, name in enumerate(["Data Guild", "data guild ", "DATA GUILD", "Other", "Data Guild (2)"]):
            OldGroup.objects.create(slug=f"g{i}", name=name, created_by_id=None,
                                    created_at=now + timedelta(seconds=i))
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    names = dict(Group.objects.values_list("slug", "name"))
    assert names == {"g0": "Data Guild", "g1": "data guild (2)", "g2": "DATA GUILD (3)", "g3": "Other",
                     "g4": "Data Guild (2) (2)"}
    assert all(g.name_key == group_name_key(g.name) for g in Group.objects.all())


# --- invitations -------------------------------------------------------------------------------

def _invite_otto(world):
    services.group_invite(person=world.gina, group=world.secret, invitee=world.otto)


def test_an_invited_person_sees_only_the_invitation(world, client_for):
    _invite_otto(world)
    html = client_for(world.otto).get(reverse("group_detail", args=[world.secret.slug])).content.decode()
    assert "Accept invitation" in html and ">Decline</button>" in html
    assert "Ask to join" not in html and "This group is private" not in html
    assert "You are invited to join Board Prep" in html and "This is a secret group" in html


def test_decline_removes_the_invitation_with_a_message(world, client_for):
    _invite_otto(world)
    c = client_for(world.otto)
    response = c.post(reverse("group_invitation_decline", args=[world.secret.slug]), follow=True)
    assert not Membership.objects.filter(group=world.secret, person=world.otto).exists()
    assert response.redirect_chain[-1][0] == reverse("group_list")
    assert "You declined the invitation to Board Prep." in response.content.decode()
    # Declined, the secret group is hidden again, and a second decline is a 404 like any unknown group.
    assert c.get(reverse("group_detail", args=[world.secret.slug])).status_code == 404
    assert c.post(reverse("group_invitation_decline", args=[world.secret.slug])).status_code == 404


def test_decline_leaves_a_membership_alone(world, client_for):
    response = client_for(world.alice).post(reverse("group_invitation_decline", args=[world.public.slug]), follow=True)
    assert Membership.objects.filter(group=world.public, person=world.alice, state="active").exists()
    assert "There is no invitation to Data Guild waiting for you." in response.content.decode()


def test_accept_confirms_with_a_message(world, client_for):
    _invite_otto(world)
    response = client_for(world.otto).post(reverse("group_join", args=[world.secret.slug]), follow=True)
    assert Membership.objects.get(group=world.secret, person=world.otto).state == "active"
    assert "You accepted the invitation. Welcome to Board Prep." in response.content.decode()
