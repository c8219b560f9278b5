"""The site's frame (core/frame.py): its cached parts follow every change they show, and never show one
person's frame to another. Each test first renders a page (so the frame is cached), changes one thing,
and renders again: with a key that left that thing out, the second page would repeat the first."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification
from townsquare.people import services as people

pytestmark = pytest.mark.django_db

PAGE = "/password/change/"  # the emptiest page: little but the frame


def _badge(html: str) -> str | None:
    found = re.search(r'data-testid="unread-count">(\d+)<', html)
    return found and found[1]


def test_the_badge_follows_a_new_notification_and_reading_them(world, client_for):
    c = client_for(world.alice)
    assert _badge(c.get(PAGE).content.decode()) is None
    Notification.objects.create(recipient=world.alice, actor=world.gina, verb="joined")
    assert _badge(c.get(PAGE).content.decode()) == "1"
    conversations.notifications_mark_read(person=world.alice)
    assert _badge(c.get(PAGE).content.decode()) is None


def test_the_badge_follows_a_membership_change(world, client_for):
    post = conversations.post_create(author=world.gina, body="finance only", group=world.private)
    Notification.objects.create(recipient=world.alice, actor=world.gina, verb="mentioned", post=post)
    c = client_for(world.alice)
    assert _badge(c.get(PAGE).content.decode()) == "1"
    conversations.group_leave(person=world.alice, group=world.private)
    assert _badge(c.get(PAGE).content.decode()) is None  # a post she can no longer read is not counted


def test_the_menu_follows_a_new_name_and_admin_rights(world, client_for):
    c = client_for(world.otto)
    html = c.get(PAGE).content.decode()
    assert '<span class="avatar avatar-sm" aria-hidden="true">OO</span>' in html and "admin-console-link" not in html
    world.otto.name = "Zed Quill"
    world.otto.save(update_fields=["name"])
    people.person_set_org_admin(admin=world.olga, person=world.otto, is_admin=True)
    html = c.get(PAGE).content.decode()
    assert '<span class="avatar avatar-sm" aria-hidden="true">ZQ</span>' in html and "admin-console-link" in html
    people.person_set_org_admin(admin=world.olga, person=world.otto, is_admin=False)
    assert "admin-console-link" not in c.get(PAGE).content.decode()


def test_no_one_is_shown_another_persons_frame(world, client_for):
    """Two people whose frames show the same initials, count and rights still get their own."""
    world.otto.name = "Alma Mink"  # initials AM, like Alice Member's
    world.otto.save(update_fields=["name"])
    alice, otto = client_for(world.alice).get(PAGE).content.decode(), client_for(world.otto).get(PAGE).content.decode()
    assert f'href="{world.alice.get_absolute_url()}">My profile' in alice and world.otto.get_absolute_url() not in alice
    assert f'href="{world.otto.get_absolute_url()}">My profile' in otto and world.alice.get_absolute_url() not in otto


def test_the_current_tab_is_the_pages_own(world, client_for):
    c = client_for(world.alice)
    current = re.compile(r'<a href="([^"]*)" aria-current="page">')
    assert current.findall(c.get(reverse("home")).content.decode()) == [reverse("home")]
    assert current.findall(c.get(reverse("company")).content.decode()) == [reverse("company")]
    assert current.findall(c.get(PAGE).content.decode()) == []


def test_the_sign_out_form_carries_this_sessions_own_token(world):
    """The menu is cached, its CSRF token is not: each session signs out with its own."""
    for person in (world.alice, world.alice, world.otto):
        c = Client(enforce_csrf_checks=True)
        c.force_login(person)
        html = c.get(PAGE).content.decode()
        token = re.search(r'action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
                          html.replace(reverse("logout"), "/accounts/logout/"))[1]
        assert c.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
        assert "topbar" not in c.get(reverse("login")).content.decode()


def test_a_deactivated_person_gets_no_frame(world, client_for):
    c = client_for(world.otto)
    assert "topbar" in c.get(PAGE).content.decode()
    people.person_set_active(admin=world.olga, person=world.otto, active=False)
    response = c.get(PAGE)
    assert response.status_code == 302 and "topbar" not in c.get(response["Location"]).content.decode()
