"""A list of what I follow (issue 17): people, groups and topics, each with a set-style unfollow button, an empty
state, and only ever one's own; nothing one may no longer see is listed."""

import pytest
from django.urls import reverse

from townsquare.conversations import selectors, services
from townsquare.conversations.models import Follow, Topic


@pytest.fixture
def follows(world):
    services.post_create(author=world.gina, body="Closing the #quarter", group=world.public)
    services.post_create(author=world.gina, body="Board #secrets", group=world.secret)
    quarter, secrets = Topic.objects.get(name="quarter"), Topic.objects.get(name="secrets")
    for kind, pk in (("person", world.gina.pk), ("person", world.dave.pk), ("group", world.public.pk),
                     ("group", world.secret.pk), ("topic", quarter.pk), ("topic", secrets.pk)):
        services.follow_set(person=world.otto, target_kind=kind, target_id=pk)
    return quarter, secrets


def test_the_page_lists_what_i_follow_and_nothing_i_cannot_see(world, follows, client_for):
    quarter, secrets = follows
    page = client_for(world.otto).get(reverse("following"))
    assert page.status_code == 200
    html = page.content.decode()
    assert world.gina.name in html and world.public.name in html and "#quarter" in html
    # a deactivated person, a secret group and a topic only used there: not for otto to see
    assert world.dave.name not in html and world.secret.name not in html and "#secrets" not in html
    assert html.count('name="state" value="unset"') == 3  # each with its unfollow button


def test_only_ones_own_follows_are_listed(world, follows, client_for):
    html = client_for(world.alice).get(reverse("following")).content.decode()
    assert 'data-testid="following-empty"' in html and world.gina.name not in html.split("<main", 1)[1]


def test_unfollow_from_the_list_is_set_style(world, follows, client_for):
    c = client_for(world.otto)
    data = {"kind": "group", "id": world.public.pk, "state": "unset", "next": reverse("following")}
    first = c.post(reverse("follow_toggle"), data, headers={"HX-Request": "true"})
    again = c.post(reverse("follow_toggle"), data, headers={"HX-Request": "true"})
    assert first.status_code == again.status_code == 200
    assert "+ Follow" in again.content.decode()
    assert not Follow.objects.filter(follower=world.otto, target_kind="group", target_id=world.public.pk).exists()
    plain = c.post(reverse("follow_toggle"), {**data, "kind": "person", "id": world.gina.pk})
    assert plain.status_code == 302 and plain["Location"] == reverse("following")
    assert world.public.name not in c.get(reverse("following")).content.decode()


def test_following_of_reads_in_a_fixed_number_of_queries(world, follows, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        found = selectors.following_of(world.otto)
    assert [p.handle for p in found.people] == ["gina"] and found.count == 3


def test_the_profile_and_the_account_menu_link_to_it(world, client_for):
    c = client_for(world.alice)
    own = c.get(reverse("profile", args=[world.alice.handle])).content.decode()
    assert 'data-testid="following-link"' in own and reverse("following") in own
    other = c.get(reverse("profile", args=[world.gina.handle])).content.decode()
    assert 'data-testid="following-link"' not in other
    assert f'<a href="{reverse("following")}">Following</a>' in other  # the account menu, on every page
