"""Ideas: an IdeaState per idea post; votes toggle; collaborators; owner hand-over; the status
pipeline with its reasons and who may move it; progress updates; notifications to voters and
collaborators; the board's filters, sorting and visibility; bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification, Post
from townsquare.ideas import access, selectors, services
from townsquare.ideas.models import IdeaNotification, IdeaState, IdeaStatusChange, IdeaUpdate, IdeaVote

Status = IdeaState.Status


def idea(author, body="Let us publish the budget in the open", group=None, title=""):
    post = conversations.post_create(author=author, body=body, kind=Post.Kind.IDEA, group=group, title=title)
    return IdeaState.objects.get(post=post)


def test_every_idea_post_gets_a_state_owned_by_its_author(world):
    i = idea(world.alice)
    assert i.owner == world.alice and i.status == Status.NEW and i.vote_count == 0
    conversations.post_create(author=world.alice, body="Just an update")
    assert IdeaState.objects.count() == 1


def test_idea_posts_loaded_without_signals_are_backfilled(world):
    Post.objects.bulk_create([Post(author=world.gina, kind=Post.Kind.IDEA, body="Old idea", body_html="<p>Old idea</p>")])
    assert services.idea_states_backfill() == 1
    assert services.idea_states_backfill() == 0
    assert IdeaState.objects.get().owner == world.gina


def test_a_vote_toggles_and_is_one_per_person(world):
    i = idea(world.alice)
    assert services.idea_vote_toggle(person=world.otto, idea=i) is True
    assert services.idea_vote_toggle(person=world.gina, idea=i) is True
    i.refresh_from_db()
    assert i.vote_count == 2
    assert services.idea_vote_toggle(person=world.otto, idea=i) is False
    i.refresh_from_db()
    assert i.vote_count == 1 and list(IdeaVote.objects.values_list("person__handle", flat=True)) == ["gina"]


def test_vote_over_htmx_returns_the_button(world, client_for):
    i = idea(world.alice)
    response = client_for(world.otto).post(reverse("idea_vote", args=[i.post_id]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-pressed="true"' in html and "<html" not in html
    response = client_for(world.otto).post(reverse("idea_vote", args=[i.post_id]), HTTP_HX_REQUEST="true")
    assert 'aria-pressed="false"' in response.content.decode()
    assert IdeaVote.objects.count() == 0


def test_collaborators_join_and_leave_but_the_owner_cannot_join(world):
    i = idea(world.alice)
    services.idea_collaborate(person=world.otto, idea=i, join=True)
    services.idea_collaborate(person=world.otto, idea=i, join=True)  # a replay changes nothing
    i.refresh_from_db()
    assert i.collaborator_count == 1 and access.is_collaborator(world.otto, i)
    services.idea_collaborate(person=world.otto, idea=i, join=False)
    i.refresh_from_db()
    assert i.collaborator_count == 0
    with pytest.raises(ValidationError, match="already working on it"):
        services.idea_collaborate(person=world.alice, idea=i, join=True)


def test_ownership_is_handed_over_by_the_owner_or_an_org_admin(world):
    i = idea(world.alice)
    with pytest.raises(PermissionDenied):
        services.idea_owner_set(person=world.otto, idea=i, new_owner=world.otto)
    services.idea_owner_set(person=world.alice, idea=i, new_owner=world.gina)
    i.refresh_from_db()
    assert i.owner == world.gina and access.is_collaborator(world.alice, i)
    services.idea_owner_set(person=world.olga, idea=i, new_owner=world.alice)
    i.refresh_from_db()
    assert i.owner == world.alice and not access.is_collaborator(world.alice, i)
    with pytest.raises(ValidationError, match="deactivated"):
        services.idea_owner_set(person=world.alice, idea=i, new_owner=world.dave)
    with pytest.raises(ValidationError, match="already owns"):
        services.idea_owner_set(person=world.alice, idea=i, new_owner=world.alice)


@pytest.mark.parametrize("who, allowed", [
    ("alice", True),   # the owner
    ("olga", True),    # an org admin
    ("gina", True),    # an admin of the idea's group
    ("otto", False),   # someone who can read it, nothing more
    ("erin", False),
])
def test_only_the_owner_an_org_admin_or_a_group_admin_changes_the_status(world, who, allowed):
    i = idea(world.alice, group=world.public)
    person = world.people[who]
    assert access.can_change_status(person, i) is allowed
    if allowed:
        services.idea_status_change(person=person, idea=i, status=Status.UNDER_REVIEW)
        i.refresh_from_db()
        assert i.status == Status.UNDER_REVIEW
    else:
        with pytest.raises(PermissionDenied):
            services.idea_status_change(person=person, idea=i, status=Status.UNDER_REVIEW)
        assert IdeaStatusChange.objects.count() == 0


def test_a_group_admin_has_no_say_over_company_wide_ideas(world):
    i = idea(world.alice)
    assert not access.can_change_status(world.gina, i)



def test_access_by_action_is_the_same_404_as_not_found(world):
    """Changing the status, handing over and posting an update are each for their own people; anyone else
    who can read the idea gets exactly the 404 an unknown id, or a post that is no idea, gives."""
    from django.http import Http404

    i = idea(world.alice, group=world.public)
    services.idea_collaborate(person=world.otto, idea=i, join=True)
    plain = conversations.post_create(author=world.alice, body="Just an update")

    def refused(person, post_id, action) -> str:
        with pytest.raises(Http404) as caught:
            access.access_idea(person, post_id, action=action)
        return str(caught.value)

    assert access.access_idea(world.erin, i.post_id) == i
    assert access.access_idea(world.gina, i.post_id, action="status") == i  # the group's admin
    assert access.access_idea(world.olga, i.post_id, action="hand_over") == i
    assert access.access_idea(world.otto, i.post_id, action="update") == i  # a collaborator
    assert {refused(world.erin, i.post_id, "status"), refused(world.gina, i.post_id, "hand_over"),
            refused(world.erin, i.post_id, "update"), refused(world.olga, i.post_id, "update"),
            refused(world.alice, plain.pk, "read"), refused(world.alice, 999_999, "status")} == {"No such idea"}
    with pytest.raises(ValueError):
        access.access_idea(world.alice, i.post_id, action="delete")


def test_a_deactivated_org_admin_has_no_say_over_ideas_or_values(world):
    """Org admin is people.access.is_org_admin (active and staff), not is_staff alone."""
    i = idea(world.alice)
    world.dave.is_staff = True
    world.dave.save(update_fields=["is_staff"])
    assert access.can_change_status(world.olga, i) and access.can_hand_over(world.olga, i)
    assert not access.can_change_status(world.dave, i)
    assert not access.can_hand_over(world.dave, i)
    assert not access.can_manage_values(world.dave)


def test_not_now_needs_a_reason_and_keeps_it(world):
    i = idea(world.alice)
    with pytest.raises(ValidationError, match="reason"):
        services.idea_status_change(person=world.alice, idea=i, status=Status.NOT_NOW, reason="   ")
    i.refresh_from_db()
    assert i.status == Status.NEW
    change = services.idea_status_change(person=world.alice, idea=i, status=Status.NOT_NOW,
                                         reason="The budget for this year is spent.", note="Back in January.")
    assert change.reason == "The budget for this year is spent." and change.note == "Back in January."
    assert change.from_status == Status.NEW and change.to_status == Status.NOT_NOW


@pytest.mark.parametrize("status, reason, message", [
    ("shipped", "", "is not a status"),
    ("", "", "Choose the status"),
    ("new", "", "already"),
    ("not_now", "", "Say why"),
    ("done", "x" * (services.REASON_MAX_CHARS + 1), "the limit is 1,000"),
])
def test_bad_status_changes_are_refused(world, status, reason, message):
    i = idea(world.alice)
    with pytest.raises(ValidationError, match=message):
        services.idea_status_change(person=world.alice, idea=i, status=status, reason=reason)
    assert IdeaStatusChange.objects.count() == 0


def test_bad_status_change_is_a_400_with_the_form_kept(world, client_for):
    i = idea(world.alice)
    url = reverse("idea_status", args=[i.post_id])
    response = client_for(world.alice).post(url, {"status": "not_now", "reason": "", "note": "We will see"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the idea is set aside" in html and "We will see" in html
    response = client_for(world.alice).post(url, {"status": "shipped"})
    assert response.status_code == 400 and "is not a status" in response.content.decode()
    i.refresh_from_db()
    assert i.status == Status.NEW and IdeaStatusChange.objects.count() == 0


def test_voters_and_collaborators_are_told_of_a_status_change_after_commit(world, django_capture_on_commit_callbacks):
    i = idea(world.alice, group=world.public)
    services.idea_vote_toggle(person=world.otto, idea=i)
    services.idea_vote_toggle(person=world.alice, idea=i)  # the owner votes for their own idea
    services.idea_collaborate(person=world.erin, idea=i, join=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_status_change(person=world.gina, idea=i, status=Status.IN_PROGRESS, note="Starting next week")
    recipients = set(IdeaNotification.objects.values_list("recipient__handle", flat=True))
    assert recipients == {"otto", "erin", "alice"}  # not gina, who made the change
    # the notification shows on the board and on the idea page, and the page marks it read
    c = lambda: IdeaNotification.objects.filter(recipient=world.otto, read_at__isnull=True).count()  # noqa: E731
    assert c() == 1
    assert [n.idea_id for n in selectors.unread_idea_notifications(world.otto)] == [i.pk]
    from django.test import Client
    client = Client()
    client.force_login(world.otto)
    board = client.get(reverse("idea_board")).content.decode()
    assert "News on ideas you follow" in board
    page = client.get(reverse("idea_detail", args=[i.post_id])).content.decode()
    assert "moved this idea from “New” to “In progress”" in page
    assert c() == 0


def test_a_rolled_back_status_change_tells_nobody(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    i = idea(world.alice)
    services.idea_vote_toggle(person=world.otto, idea=i)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.idea_status_change(person=world.alice, idea=i, status=Status.DONE)
            transaction.set_rollback(True)
    assert IdeaNotification.objects.count() == 0


def test_progress_updates_by_owner_and_collaborators_only(world):
    i = idea(world.alice)
    services.idea_update_create(person=world.alice, idea=i, body="Spoke to finance.")
    with pytest.raises(PermissionDenied):
        services.idea_update_create(person=world.otto, idea=i, body="Me too")
    services.idea_collaborate(person=world.otto, idea=i, join=True)
    services.idea_update_create(person=world.otto, idea=i, body="Drafted the page.")
    with pytest.raises(ValidationError, match="empty"):
        services.idea_update_create(person=world.otto, idea=i, body="  ")
    assert IdeaUpdate.objects.count() == 2


def test_the_idea_page_shows_updates_and_the_update_form_only_to_the_team(world, client_for):
    i = idea(world.alice, title="Open budget")
    services.idea_update_create(person=world.alice, idea=i, body="Spoke to finance.")
    page = client_for(world.otto).get(reverse("idea_detail", args=[i.post_id])).content.decode()
    assert "Spoke to finance." in page and "Post a progress update" not in page and "Change the status" not in page
    page = client_for(world.alice).get(reverse("idea_detail", args=[i.post_id])).content.decode()
    assert "Post a progress update" in page and "Change the status" in page
    response = client_for(world.alice).post(reverse("idea_update_create", args=[i.post_id]), {"body": ""})
    assert response.status_code == 400 and "is empty" in response.content.decode()


def test_board_filters_by_status_sorts_and_respects_visibility(world, client_for):
    a = idea(world.alice, body="Company idea A")
    b = idea(world.gina, body="Company idea B")
    secret = idea(world.gina, body="Board idea", group=world.secret)
    private = idea(world.alice, body="Finance idea", group=world.private)
    services.idea_vote_toggle(person=world.otto, idea=b)
    services.idea_status_change(person=world.alice, idea=a, status=Status.UNDER_REVIEW)

    def board(person, **filters):
        return [x.post_id for x in selectors.idea_board(person, **filters)]

    assert board(world.otto) == [b.post_id, a.post_id]  # most votes first; no private or secret ideas
    assert set(board(world.alice)) == {a.post_id, b.post_id, secret.post_id, private.post_id}
    assert board(world.otto, sort="newest") == [b.post_id, a.post_id]
    assert board(world.otto, status=Status.UNDER_REVIEW) == [a.post_id]
    assert board(world.alice, group=world.private) == [private.post_id]

    html = client_for(world.otto).get(reverse("idea_board"), {"status": "under_review"}).content.decode()
    assert "Company idea A" in html and "Company idea B" not in html
    assert "Finance idea" not in client_for(world.otto).get(reverse("idea_board")).content.decode()
    response = client_for(world.otto).get(reverse("idea_board"), {"status": "bogus"})
    assert response.status_code == 400 and "is not a status" in response.content.decode()


def test_private_group_ideas_are_404_for_outsiders(world, client_for):
    private = idea(world.alice, body="Finance idea", group=world.private)
    assert client_for(world.otto).get(reverse("idea_detail", args=[private.post_id])).status_code == 404
    assert client_for(world.otto).get(reverse("group_idea_board", args=[world.private.slug])).status_code == 404
    assert client_for(world.otto).post(reverse("idea_vote", args=[private.post_id])).status_code == 404
    assert client_for(world.alice).get(reverse("group_idea_board", args=[world.private.slug])).status_code == 200
    # a post that is not an idea has no idea page
    update = conversations.post_create(author=world.alice, body="Not an idea")
    assert client_for(world.alice).get(reverse("idea_detail", args=[update.pk])).status_code == 404


def test_empty_board_says_what_to_do(world, client_for):
    html = client_for(world.otto).get(reverse("idea_board")).content.decode()
    assert "No ideas here yet" in html


# --- issue 17: idea status news reaches the bell ----------------------------------------------------------

def test_a_status_change_reaches_the_bell_of_author_voters_and_collaborators(world, client_for):
    i = idea(world.alice, group=world.public)
    services.idea_owner_set(person=world.alice, idea=i, new_owner=world.gina)  # alice had the idea, gina owns it
    services.idea_vote_toggle(person=world.otto, idea=i)
    services.idea_collaborate(person=world.erin, idea=i, join=True)
    services.idea_status_change(person=world.gina, idea=i, status=Status.NOT_NOW, reason="No budget this year")
    bell = Notification.objects.filter(verb=Notification.Verb.PRACTICE, post=i.post)
    assert sorted(bell.values_list("recipient__handle", flat=True)) == ["alice", "erin", "otto"]  # not gina
    note = bell.get(recipient=world.otto)
    assert note.message == "moved an idea you follow from “New” to “Not now”: No budget this year"
    assert note.get_absolute_url() == reverse("idea_detail", args=[i.post_id])
    page = client_for(world.otto).get(reverse("notifications")).content.decode()
    assert "Gina Groupadmin moved an idea you follow from “New” to “Not now”" in page


def test_status_news_never_reaches_someone_who_can_no_longer_read_the_idea(world):
    from townsquare.conversations.models import Membership

    i = idea(world.gina, group=world.secret)
    services.idea_vote_toggle(person=world.alice, idea=i)
    Membership.objects.filter(group=world.secret, person=world.alice).delete()  # alice left the secret group
    services.idea_status_change(person=world.gina, idea=i, status=Status.IN_PROGRESS)
    assert not Notification.objects.filter(recipient=world.alice).exists()
    assert not IdeaNotification.objects.filter(recipient=world.alice).exists()


def test_status_news_is_written_with_the_change_not_after_the_commit(world):
    """No on_commit hook: the news is a row of the change's own transaction (the outbox delivers the email)."""
    i = idea(world.alice)
    services.idea_vote_toggle(person=world.otto, idea=i)
    services.idea_status_change(person=world.alice, idea=i, status=Status.UNDER_REVIEW)
    assert IdeaNotification.objects.filter(recipient=world.otto).count() == 1
    assert Notification.objects.filter(recipient=world.otto, post=i.post).count() == 1


# --- issue 17: the board pages and filters; every status keeps its reason ----------------------------------

@pytest.mark.parametrize("status", [Status.UNDER_REVIEW, Status.IN_PROGRESS, Status.DONE, Status.NOT_NOW])
def test_every_status_change_keeps_its_reason_and_shows_it(world, client_for, status):
    i = idea(world.alice, title="Open budget")
    if status == Status.DONE or status == Status.IN_PROGRESS:
        services.idea_status_change(person=world.alice, idea=i, status=Status.UNDER_REVIEW)
    services.idea_vote_toggle(person=world.otto, idea=i)
    response = client_for(world.alice).post(reverse("idea_status", args=[i.post_id]),
                                            {"status": status, "reason": "Finance has a slot in March."})
    assert response.status_code == 302
    change = IdeaStatusChange.objects.filter(to_status=status).get()
    assert change.reason == "Finance has a slot in March."
    page = client_for(world.otto).get(reverse("idea_detail", args=[i.post_id])).content.decode()
    assert "Reason:</span> Finance has a slot in March." in page
    bell = Notification.objects.filter(recipient=world.otto).latest("id")
    assert "Finance has a slot in March." in bell.message


def _many_ideas(world, n):
    made = []
    for k in range(n):
        made.append(idea(world.gina if k % 3 else world.alice, body=f"Idea number {k} about {'travel' if k % 5 == 0 else 'lunch'}"))
    return made


def test_the_board_pages_twenty_at_a_time_and_keeps_the_filters_in_its_links(world, client_for):
    _many_ideas(world, 45)
    c = client_for(world.otto)
    first = c.get(reverse("idea_board"), {"sort": "newest"}).content.decode()
    assert first.count('data-testid="idea-card"') == 20
    assert "Page 1 of 3" in first and "45 ideas" in first
    assert "sort=newest&amp;page=2" in first
    third = c.get(reverse("idea_board"), {"sort": "newest", "page": "3"}).content.decode()
    assert third.count('data-testid="idea-card"') == 5 and "Idea number 0 about" in third
    assert "Idea number 44 about" not in third


def test_the_board_filters_by_whose_and_by_words(world, client_for):
    made = _many_ideas(world, 12)
    services.idea_vote_toggle(person=world.otto, idea=made[4])
    services.idea_collaborate(person=world.otto, idea=made[7], join=True)
    services.idea_owner_set(person=world.gina, idea=made[8], new_owner=world.otto)

    def board(person, **filters):
        return {x.post.body for x in selectors.idea_board(person, **filters)}

    assert board(world.otto, mine="voted") == {"Idea number 4 about lunch"}
    assert board(world.otto, mine="helping") == {"Idea number 7 about lunch"}
    assert board(world.otto, mine="mine") == {"Idea number 8 about lunch"}
    assert board(world.alice, mine="mine") == {f"Idea number {k} about {'travel' if k % 5 == 0 else 'lunch'}"
                                               for k in (0, 3, 6, 9)}
    assert board(world.otto, q="TRAVEL number") == {"Idea number 0 about travel", "Idea number 5 about travel",
                                                   "Idea number 10 about travel"}
    html = client_for(world.otto).get(reverse("idea_board"), {"words": "travel", "mine": ""}).content.decode()
    assert html.count('data-testid="idea-card"') == 3 and "3 ideas match" in html
    empty = client_for(world.otto).get(reverse("idea_board"), {"words": "submarine"}).content.decode()
    assert "No ideas match" in empty and "“submarine”" in empty


@pytest.mark.parametrize("params, message", [
    ({"page": "two"}, "is not a page number"),
    ({"page": "0"}, "is not a page number"),
    ({"page": "9"}, "only 1 page"),
    ({"mine": "theirs"}, "showing everyone"),
    ({"words": "x" * 201}, "at most 200 characters"),
])
def test_bad_board_input_is_a_400_that_says_what_is_wrong(world, client_for, params, message):
    idea(world.alice, body="Only idea")
    response = client_for(world.otto).get(reverse("idea_board"), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Only idea" in html
