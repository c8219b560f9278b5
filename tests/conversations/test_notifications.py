"""Notifications (issue 17): opening one marks it read and leads to its target (its owner only, never off the
site); a request to join that is approved is told; a mention gives way to a more specific notice about the same
post (praise, a question …), so one act rings the bell once."""

import pytest
from django.urls import reverse

from townsquare.conversations import selectors, services
from townsquare.conversations.models import Group, Membership, Notification, Post, is_local_path

pytestmark = pytest.mark.django_db


def mention_of_alice(world, group=None):
    post = services.post_create(author=world.gina, body="@alice could you check the numbers?", group=group)
    return post, Notification.objects.get(recipient=world.alice, post=post)


# --- 1. opening a notification ----------------------------------------------------------------------

def test_opening_a_notification_marks_it_read_and_leads_to_its_post(world, client_for):
    post, note = mention_of_alice(world)
    other_post, other = mention_of_alice(world)
    c = client_for(world.alice)
    assert selectors.unread_count(world.alice) == 2
    page = c.get(reverse("notifications")).content.decode()
    assert f'href="/notifications/{note.pk}/open/"' in page  # the bell's links go through the open view
    response = c.get(reverse("notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("post_detail", args=[post.pk])
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.read_at is not None and other.read_at is None  # that one only
    assert selectors.unread_count(world.alice) == 1
    first_read = note.read_at
    again = c.get(reverse("notification_open", args=[note.pk]))  # set-style: opening it again changes nothing
    note.refresh_from_db()
    assert again.status_code == 302 and note.read_at == first_read


def test_only_its_recipient_may_open_a_notification_everyone_else_gets_404(world, client_for):
    _, note = mention_of_alice(world)
    url = reverse("notification_open", args=[note.pk])
    for person in (world.gina, world.otto, world.olga):
        assert client_for(person).get(url).status_code == 404
    assert client_for(world.alice).get(reverse("notification_open", args=[note.pk + 999])).status_code == 404
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    note.refresh_from_db()
    assert note.read_at is None  # nobody but alice marked it read


def test_a_notification_about_a_post_no_longer_readable_is_not_found(world, client_for):
    _, note = mention_of_alice(world, group=world.secret)
    Membership.objects.filter(group=world.secret, person=world.alice).delete()
    assert client_for(world.alice).get(reverse("notification_open", args=[note.pk])).status_code == 404


@pytest.mark.parametrize("link", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
                                  "/\t/evil.example", "/\n/evil.example", " /x"])
def test_a_notification_never_redirects_off_the_site(world, client_for, link):
    post = services.post_create(author=world.gina, body="A company post")
    services.notify(recipients=[world.alice], actor=world.gina, verb=Notification.Verb.PRACTICE, message="did a thing",
                    link=link, post=post)
    note = Notification.objects.get(recipient=world.alice)
    response = client_for(world.alice).get(reverse("notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("post_detail", args=[post.pk])


def test_a_practice_link_on_this_site_is_followed():
    assert is_local_path("/ideas/12/") and is_local_path("/community/ask/3/?tab=answer")
    assert not any(is_local_path(x) for x in ("", "ideas/", "//x.example", "/\\x.example", "/a b", "http://x"))


# --- 4. a request to join that is approved --------------------------------------------------------------

def test_an_approved_request_to_join_tells_the_person_with_a_link_to_the_group(world, client_for):
    membership = services.group_join(person=world.otto, group=world.private)
    assert membership.state == Membership.State.REQUESTED
    services.membership_decide(person=world.gina, membership=membership, approve=True)
    note = Notification.objects.get(recipient=world.otto)
    assert (note.verb, note.actor, note.group) == (Notification.Verb.GROUP_APPROVED, world.gina, world.private)
    assert note.get_absolute_url() == reverse("group_detail", args=[world.private.slug])
    page = client_for(world.otto).get(reverse("notifications")).content.decode()
    assert "Gina Groupadmin approved your request to join: Finance Team" in page


def test_a_refused_request_tells_nobody_and_inviting_someone_who_asked_approves_and_tells_them(world):
    refused = services.group_join(person=world.otto, group=world.private)
    services.membership_decide(person=world.gina, membership=refused, approve=False)
    assert not Notification.objects.filter(recipient=world.otto).exists()
    services.group_join(person=world.erin, group=world.private)
    services.group_invite(person=world.gina, group=world.private, invitee=world.erin)
    assert list(Notification.objects.filter(recipient=world.erin).values_list("verb", flat=True)) == ["group_approved"]


def test_an_approval_in_a_secret_group_reaches_only_its_new_member(world):
    group = services.group_create(creator=world.gina, name="Private Board", visibility=Group.Visibility.PRIVATE)
    membership = services.group_join(person=world.otto, group=group)
    group.visibility = Group.Visibility.SECRET  # made secret while the request waited
    group.save(update_fields=["visibility"])
    services.membership_decide(person=world.gina, membership=membership, approve=True)
    assert Notification.objects.filter(recipient=world.otto, verb=Notification.Verb.GROUP_APPROVED).count() == 1


# --- 5. a mention gives way to a more specific notice ---------------------------------------------------

def test_praising_someone_who_is_also_mentioned_notifies_them_once_with_the_praise(world):
    post = services.post_create(author=world.gina, kind=Post.Kind.PRAISE, body="Thank you @alice for the close!",
                                praised_people=[world.alice])
    assert list(Notification.objects.filter(recipient=world.alice).values_list("verb", flat=True)) == ["praise"]
    assert post.mentions.filter(person=world.alice).exists()  # the mention itself is kept (the link, search)


def test_a_mention_alone_still_notifies_and_others_mentioned_beside_the_praised_are_told(world):
    services.post_create(author=world.gina, kind=Post.Kind.PRAISE, body="Thank you @alice, and @erin for the help",
                         praised_people=[world.alice])
    got = sorted(Notification.objects.values_list("recipient__handle", "verb"))
    assert got == [("alice", "praise"), ("erin", "mention")]


def test_any_specific_notice_in_the_same_write_supersedes_a_mention(world):
    """The rule is the verb's, not praise's: a package's own notice about a new post (any verb) wins too."""
    note = Notification(recipient_id=world.alice.pk, actor=world.gina, verb=Notification.Verb.PRACTICE,
                        message="asked you for feedback")
    post = services.post_create(author=world.gina, body="What do you think, @alice and @erin?", notices=[note])
    got = sorted(Notification.objects.filter(post=post).values_list("recipient__handle", "verb"))
    assert got == [("alice", "practice"), ("erin", "mention")]


def test_widening_a_preview_praises_the_praised_once(world):
    post = services.post_create(author=world.gina, kind=Post.Kind.PRAISE, body="Well done @erin",
                                praised_people=[world.erin], audience=services.Audience(people=(world.alice,)))
    assert not Notification.objects.filter(recipient=world.erin).exists()  # not a reader of the preview
    services.post_widen(person=world.gina, post=post)
    assert list(Notification.objects.filter(recipient=world.erin).values_list("verb", flat=True)) == ["praise"]
