"""Forms follow `next` only to a path on this site (Django's url_has_allowed_host_and_scheme)."""

import pytest
from django.urls import reverse

from townsquare.conversations.models import Follow

HOSTILE = ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "http://evil.example"]


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_stays_on_site(world, client_for, target):
    c = client_for(world.otto)
    response = c.post(reverse("follow_toggle"), {"kind": "person", "id": world.alice.pk, "state": "set", "next": target})
    assert response.status_code == 302 and response.url == reverse("home")
    assert Follow.objects.filter(follower=world.otto, target_id=world.alice.pk).exists()


@pytest.mark.django_db
def test_a_path_on_site_is_followed(world, client_for):
    response = client_for(world.otto).post(reverse("follow_toggle"), {"kind": "person", "id": world.alice.pk,
                                                                      "next": "/people/alice/"})
    assert response.url == "/people/alice/"
