"""Conversation services: posts, edits, deletes, pins, replies, reactions, answers, views,
bookmarks, follows, groups and notifications (sent only after commit)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from townsquare.conversations import selectors, services
from townsquare.conversations.models import (
    Bookmark,
    Follow,
    Membership,
    Notification,
    Post,
    PostRevision,
    PostView,
    Reaction,
    Topic,
)

Verb = Notification.Verb


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the on-commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def notes(recipient, verb=None):
    qs = Notification.objects.filter(recipient=recipient)
    return qs.filter(verb=verb) if verb else qs


# --- post kinds ------------------------------------------------------------------------------

def test_update_with_topics_and_mentions(world, committed):
    with committed():
        post = services.post_create(author=world.alice, body="Closing the books. #Month-End with @gina and @ghost")
    post.refresh_from_db()
    assert post.kind == Post.Kind.UPDATE and post.group is None
    assert set(post.topics.values_list("name", flat=True)) == {"month-end"}
    assert list(post.mentions.values_list("person__handle", flat=True)) == ["gina"]
    assert notes(world.gina, Verb.MENTION).get().post == post
    assert 'href="/people/gina/"' in post.body_html and "@ghost" in post.body_html


def test_mentioning_a_deactivated_person_does_not_notify(world, committed):
    with committed():
        services.post_create(author=world.alice, body="hello @dave")
    assert not notes(world.dave).exists()


def test_question_is_unanswered_until_a_reply(world):
    post = services.post_create(author=world.alice, body="Who owns the Q3 forecast?", kind=Post.Kind.QUESTION)
    assert post.is_question
    assert post in selectors.unanswered_questions(world.otto)
    services.reply_create(author=world.gina, post=post, body="I do.")
    assert post not in selectors.unanswered_questions(world.otto)


def test_praise_to_people_notifies_each_of_them(world, committed):
    with committed():
        post = services.post_create(author=world.erin, body="Great close!", kind=Post.Kind.PRAISE,
                                    praised_people=[world.alice, world.gina])
    assert set(post.praised_people.all()) == {world.alice, world.gina}
    assert notes(world.alice, Verb.PRAISE).get().post == post
    assert notes(world.gina, Verb.PRAISE).get().post == post
    assert not notes(world.erin).exists()
    assert not notes(world.otto).exists()


def test_praise_to_a_team_notifies_each_active_member_once(world, committed):
    with committed():
        post = services.post_create(author=world.alice, body="Thank you, finance!", kind=Post.Kind.PRAISE,
                                    praised_group=world.private, praised_people=[world.gina])
    assert post.praised_group == world.private
    assert notes(world.gina, Verb.PRAISE).count() == 1  # praised by name and as a member: one note
    assert not notes(world.alice).exists()  # the author is a member but is not notified
    assert not notes(world.otto).exists()
    assert not notes(world.olga).exists()


def test_praise_needs_someone_and_cannot_be_for_yourself_only(world):
    with pytest.raises(ValidationError, match="someone to praise"):
        services.post_create(author=world.alice, body="Well done", kind=Post.Kind.PRAISE)
    with pytest.raises(ValidationError, match="someone to praise"):
        services.post_create(author=world.alice, body="Well done me", kind=Post.Kind.PRAISE,
                             praised_people=[world.alice])
    assert Post.objects.count() == 0


def test_idea(world):
    post = services.post_create(author=world.otto, body="What if we met less?", kind=Post.Kind.IDEA)
    assert Post.objects.get(pk=post.pk).kind == "idea"


def test_article_needs_a_title_and_may_be_long(world):
    with pytest.raises(ValidationError, match="needs a title"):
        services.post_create(author=world.erin, body="Long form", kind=Post.Kind.ARTICLE)
    with pytest.raises(ValidationError, match="needs a title"):
        services.post_create(author=world.erin, body="Long form", kind=Post.Kind.ARTICLE, title="   ")
    assert Post.objects.count() == 0
    post = services.post_create(author=world.erin, body="x" * 20_000, kind=Post.Kind.ARTICLE, title="Our strategy")
    assert post.title == "Our strategy" and len(post.body) == 20_000


def test_only_members_post_in_a_group(world):
    with pytest.raises(PermissionDenied):
        services.post_create(author=world.otto, body="hi", group=world.public)
    post = services.post_create(author=world.alice, body="hi", group=world.private)
    assert post.group == world.private


# --- edit, delete, pin ------------------------------------------------------------------------

def test_edit_keeps_a_revision_and_history_shows_it(world, client_for):
    post = services.post_create(author=world.alice, body="First draft of the plan")
    services.post_edit(person=world.alice, post=post, body="Second draft of the plan")
    post.refresh_from_db()
    assert post.body == "Second draft of the plan" and post.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert revision.body == "First draft of the plan"
    page = client_for(world.otto).get(reverse("post_history", args=[post.pk]))
    assert page.status_code == 200
    assert "First draft of the plan" in page.content.decode()
    assert "Second draft of the plan" in page.content.decode()


def test_edit_with_the_same_text_makes_no_revision(world):
    post = services.post_create(author=world.alice, body="Same")
    services.post_edit(person=world.alice, post=post, body="Same")
    assert not PostRevision.objects.exists()


def test_edit_via_view_and_only_by_the_author(world, client_for):
    post = services.post_create(author=world.alice, body="Original")
    with pytest.raises(PermissionDenied):
        services.post_edit(person=world.gina, post=post, body="Hijacked")
    response = client_for(world.gina).post(reverse("post_edit", args=[post.pk]), {"body": "Hijacked"})
    assert response.status_code == 404
    response = client_for(world.alice).post(reverse("post_edit", args=[post.pk]), {"body": "Improved"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Improved"
    assert PostRevision.objects.filter(post=post, body="Original").count() == 1


def test_edit_notifies_only_newly_mentioned_people(world, committed):
    post = services.post_create(author=world.alice, body="cc @gina")
    with committed():
        services.post_edit(person=world.alice, post=post, body="cc @gina @otto")
    assert notes(world.otto, Verb.MENTION).count() == 1
    assert notes(world.gina, Verb.MENTION).count() == 1  # from the post itself; the edit adds none


def test_delete_by_author(world, client_for):
    post = services.post_create(author=world.alice, body="to delete", group=world.public)
    services.reply_create(author=world.gina, post=post, body="a reply")
    response = client_for(world.alice).post(reverse("post_delete", args=[post.pk]))
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


# An org admin's or a group admin's delete of someone else's post goes through moderation (a reason, the author
# told, the audit log: tests/governance/test_moderation.py), never through the author's delete.
@pytest.mark.parametrize("who", ["otto", "erin", "olga", "gina"])
def test_others_cannot_delete(world, client_for, who):
    post = services.post_create(author=world.alice, body="stays", group=world.public)
    response = client_for(world.people[who]).post(reverse("post_delete", args=[post.pk]))
    assert response.status_code == 404
    assert Post.objects.filter(pk=post.pk).exists()
    with pytest.raises(PermissionDenied):
        services.post_delete(person=world.people[who], post=post)


def test_group_member_cannot_delete_the_admins_post(world, client_for):
    post = services.post_create(author=world.gina, body="admin post", group=world.private)
    assert client_for(world.alice).post(reverse("post_delete", args=[post.pk])).status_code == 404
    assert Post.objects.filter(pk=post.pk).exists()


def test_only_group_admins_pin(world, client_for):
    post = services.post_create(author=world.alice, body="pin me", group=world.public)
    for who in ("alice", "otto", "olga"):
        assert client_for(world.people[who]).post(reverse("post_pin", args=[post.pk]), {"pinned": "1"}).status_code == 404
    post.refresh_from_db()
    assert post.pinned_at is None
    assert client_for(world.gina).post(reverse("post_pin", args=[post.pk]), {"pinned": "1"}).status_code == 302
    post.refresh_from_db()
    assert post.pinned_at is not None
    page = client_for(world.alice).get(world.public.get_absolute_url())
    assert "Pinned posts" in page.content.decode()
    client_for(world.gina).post(reverse("post_pin", args=[post.pk]), {"pinned": "0"})
    post.refresh_from_db()
    assert post.pinned_at is None


def test_company_wide_posts_cannot_be_pinned(world):
    post = services.post_create(author=world.gina, body="company")
    with pytest.raises(PermissionDenied):
        services.post_pin(person=world.gina, post=post, pinned=True)


# --- replies, reactions, best answer ---------------------------------------------------------

def test_reply_bumps_count_and_notifies_author(world, committed):
    post = services.post_create(author=world.alice, body="An update")
    with committed():
        services.reply_create(author=world.gina, post=post, body="Nice")
        services.reply_create(author=world.otto, post=post, body="Agreed, @erin")
        services.reply_create(author=world.alice, post=post, body="Thanks both")
    post.refresh_from_db()
    assert post.reply_count == 3
    assert notes(world.alice, Verb.REPLY).count() == 2  # not for her own reply
    assert not notes(world.alice, Verb.ANSWER).exists()
    assert notes(world.erin, Verb.MENTION).count() == 1


def test_reply_to_a_question_is_an_answer(world, committed):
    post = services.post_create(author=world.alice, body="Where is the template?", kind=Post.Kind.QUESTION)
    with committed():
        services.reply_create(author=world.gina, post=post, body="In the wiki.")
    assert notes(world.alice, Verb.ANSWER).count() == 1
    assert not notes(world.alice, Verb.REPLY).exists()


def test_outsider_cannot_reply_in_a_private_group(world):
    post = services.post_create(author=world.alice, body="members only", group=world.private)
    with pytest.raises(PermissionDenied):
        services.reply_create(author=world.otto, post=post, body="let me in")
    post.refresh_from_db()
    assert post.reply_count == 0


def test_reactions_set_unset_and_counts_are_exact(world, committed):
    post = services.post_create(author=world.alice, body="React to me")
    for person, kind in [(world.gina, "like"), (world.otto, "like"), (world.otto, "celebrate"), (world.erin, "thanks")]:
        with committed():  # one request, one transaction each
            assert services.reaction_set(person=person, post=post, kind=kind) is True
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 2, "celebrate": 1, "thanks": 1}
    assert post.reaction_count == 4
    with committed():
        assert services.reaction_set(person=world.otto, post=post, kind="like") is False  # already there
        assert services.reaction_unset(person=world.otto, post=post, kind="like") is True
        assert services.reaction_unset(person=world.otto, post=post, kind="like") is False  # already gone
        assert services.reaction_unset(person=world.erin, post=post, kind="thanks") is True
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 1, "celebrate": 1}
    assert post.reaction_count == 2
    assert Reaction.objects.filter(post=post).count() == 2
    # one reaction note per person, however often they set and unset
    with committed():
        services.reaction_set(person=world.otto, post=post, kind="like")
    assert notes(world.alice, Verb.REACTION).count() == 3
    assert notes(world.alice, Verb.REACTION).filter(actor=world.otto).count() == 1


def test_unknown_reaction_is_refused(world, client_for):
    post = services.post_create(author=world.alice, body="x")
    with pytest.raises(ValidationError):
        services.reaction_set(person=world.gina, post=post, kind="angry")
    response = client_for(world.gina).post(reverse("post_react", args=[post.pk]), {"kind": "angry"})
    assert response.status_code == 400
    assert "not a reaction" in response.content.decode()
    post.refresh_from_db()
    assert post.reaction_counts == {} and not Reaction.objects.exists()


def test_react_via_view_with_htmx_returns_the_card(world, client_for):
    post = services.post_create(author=world.alice, body="x")
    response = client_for(world.gina).post(reverse("post_react", args=[post.pk]), {"kind": "insightful"},
                                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-testid="react-insightful"' in response.content.decode()
    assert '<span class="visually-hidden">Insightful</span> 1</button>' in response.content.decode()


def test_best_answer_only_by_the_asker(world, client_for, committed):
    question = services.post_create(author=world.alice, body="Which tool?", kind=Post.Kind.QUESTION)
    reply = services.reply_create(author=world.gina, post=question, body="This one.")
    with pytest.raises(PermissionDenied):
        services.best_answer_set(person=world.gina, post=question, reply=reply)
    assert client_for(world.otto).post(reverse("best_answer", args=[question.pk]),
                                       {"reply": reply.pk}).status_code == 404
    question.refresh_from_db()
    assert question.best_answer is None
    with committed():
        response = client_for(world.alice).post(reverse("best_answer", args=[question.pk]), {"reply": reply.pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.best_answer == reply
    assert notes(world.gina, Verb.BEST_ANSWER).count() == 1
    services.best_answer_set(person=world.alice, post=question, reply=None)
    question.refresh_from_db()
    assert question.best_answer is None


def test_best_answer_only_on_questions_and_own_replies(world):
    update = services.post_create(author=world.alice, body="Not a question")
    reply = services.reply_create(author=world.gina, post=update, body="ok")
    with pytest.raises(ValidationError):
        services.best_answer_set(person=world.alice, post=update, reply=reply)
    question = services.post_create(author=world.alice, body="A question", kind=Post.Kind.QUESTION)
    with pytest.raises(ValidationError):
        services.best_answer_set(person=world.alice, post=question, reply=reply)


# --- seen by, bookmarks ------------------------------------------------------------------------

def test_seen_by_counts_each_person_once_and_not_the_author(world, client_for):
    post = services.post_create(author=world.alice, body="Seen?")
    url = post.get_absolute_url()
    alice, gina, otto = client_for(world.alice), client_for(world.gina), client_for(world.otto)
    for c in (alice, alice, gina, gina, gina, otto):
        assert c.get(url).status_code == 200
    post.refresh_from_db()
    assert post.view_count == 2
    assert set(PostView.objects.filter(post=post).values_list("person__handle", flat=True)) == {"gina", "otto"}
    page = alice.get(reverse("post_seen_by", args=[post.pk])).content.decode()
    # reading is private by default: the count for everyone, no names
    assert "Seen by 2" in page and "Gina Groupadmin" not in page and "Otto Outsider" not in page
    assert "2 colleagues who keep what they read to themselves" in page
    world.gina.show_seen_posts = True  # gina chose, in her profile, to show it
    world.gina.save(update_fields=["show_seen_posts"])
    page = otto.get(reverse("post_seen_by", args=[post.pk])).content.decode()
    assert "Gina Groupadmin" in page and "Otto Outsider" not in page and "And 1 other who keeps" in page


def test_the_profile_form_sets_the_seen_by_choice(world, client_for):
    c = client_for(world.otto)
    page = c.get(reverse("profile_edit")).content.decode()
    assert "Show on “Seen by” lists that I opened a post" in page
    data = {"name": world.otto.name, "title": world.otto.title, "time_zone": "UTC", "show_seen_posts": "on"}
    assert c.post(reverse("profile_edit"), data).status_code == 302
    world.otto.refresh_from_db()
    assert world.otto.show_seen_posts is True


def test_post_view_is_unique_per_person(world):
    post = services.post_create(author=world.alice, body="x")
    assert services.post_view_record(person=world.gina, post=post) is True
    assert services.post_view_record(person=world.gina, post=post) is False
    assert services.post_view_record(person=world.alice, post=post) is False
    with pytest.raises(IntegrityError), transaction.atomic():
        PostView.objects.create(post=post, person=world.gina)
    post.refresh_from_db()
    assert post.view_count == 1


def test_bookmarks_set_unset_and_list(world, client_for):
    kept = services.post_create(author=world.alice, body="Keep this one")
    other = services.post_create(author=world.alice, body="Not this one")
    assert services.bookmark_set(person=world.otto, post=kept) is True
    assert services.bookmark_set(person=world.otto, post=other) is True
    assert services.bookmark_set(person=world.otto, post=other) is False  # idempotent
    assert services.bookmark_unset(person=world.otto, post=other) is True
    assert services.bookmark_unset(person=world.otto, post=other) is False
    assert list(Bookmark.objects.filter(person=world.otto).values_list("post_id", flat=True)) == [kept.pk]
    page = client_for(world.otto).get(reverse("bookmarks")).content.decode()
    assert "Keep this one" in page and "Not this one" not in page
    # via the view
    client_for(world.otto).post(reverse("post_bookmark", args=[other.pk]))
    assert Bookmark.objects.filter(person=world.otto).count() == 2


# --- follows and the home feed --------------------------------------------------------------

def home_ids(person):
    return set(selectors.feed_home(person).values_list("pk", flat=True))


def test_home_feed_follows_people_groups_and_topics(world, client_for):
    alice_update = services.post_create(author=world.alice, body="alice company update")
    guild_post = services.post_create(author=world.gina, body="guild news", group=world.public)
    topic_post = services.post_create(author=world.erin, body="about #budgets")
    private_post = services.post_create(author=world.alice, body="private stuff", group=world.private)
    unrelated = services.post_create(author=world.erin, body="erin unrelated update")
    otto_own = services.post_create(author=world.otto, body="otto's own")

    assert home_ids(world.otto) == {otto_own.pk}

    assert services.follow_set(person=world.otto, target_kind=Follow.Target.PERSON, target_id=world.alice.pk)
    assert home_ids(world.otto) == {otto_own.pk, alice_update.pk}  # never her private-group post

    assert services.follow_set(person=world.otto, target_kind=Follow.Target.GROUP, target_id=world.public.pk)
    topic = Topic.objects.get(name="budgets")
    assert services.follow_set(person=world.otto, target_kind=Follow.Target.TOPIC, target_id=topic.pk)
    services.follow_set(person=world.otto, target_kind=Follow.Target.GROUP, target_id=world.private.pk)
    assert home_ids(world.otto) == {otto_own.pk, alice_update.pk, guild_post.pk, topic_post.pk}
    assert unrelated.pk not in home_ids(world.otto) and private_post.pk not in home_ids(world.otto)

    page = client_for(world.otto).get(reverse("home")).content.decode()
    assert "guild news" in page and "about" in page and "erin unrelated update" not in page
    assert "private stuff" not in page

    # following again changes nothing; unfollow
    assert services.follow_set(person=world.otto, target_kind=Follow.Target.PERSON, target_id=world.alice.pk) is False
    assert services.follow_unset(person=world.otto, target_kind=Follow.Target.PERSON, target_id=world.alice.pk) is True
    assert alice_update.pk not in home_ids(world.otto)


def test_home_feed_includes_my_groups_and_company_highlights(world):
    private_post = services.post_create(author=world.gina, body="team only", group=world.private)
    praise = services.post_create(author=world.erin, body="bravo", kind=Post.Kind.PRAISE, praised_people=[world.gina])
    article = services.post_create(author=world.erin, body="long", kind=Post.Kind.ARTICLE, title="Strategy")
    plain = services.post_create(author=world.erin, body="plain")
    assert home_ids(world.alice) == {private_post.pk, praise.pk, article.pk}
    assert plain.pk not in home_ids(world.otto)


def test_follow_via_view(world, client_for):
    c = client_for(world.otto)
    assert c.post(reverse("follow_toggle"), {"kind": "person", "id": world.alice.pk}).status_code == 302
    assert Follow.objects.filter(follower=world.otto, target_kind="person", target_id=world.alice.pk).exists()
    assert c.post(reverse("follow_toggle"), {"kind": "person", "id": world.otto.pk}).status_code == 400
    assert c.post(reverse("follow_toggle"), {"kind": "group", "id": world.secret.pk}).status_code == 404
    assert c.post(reverse("follow_toggle"), {"kind": "person", "id": world.dave.pk}).status_code == 404
    assert c.post(reverse("follow_toggle"), {"kind": "planet", "id": 1}).status_code == 404
    assert c.post(reverse("follow_toggle"), {"kind": "person", "id": "x"}).status_code == 404
    assert Follow.objects.filter(follower=world.otto).count() == 1


# --- groups ----------------------------------------------------------------------------------

def membership(group, person):
    return Membership.objects.filter(group=group, person=person).first()


def test_join_public_group_at_once(world, client_for):
    response = client_for(world.otto).post(reverse("group_join", args=[world.public.slug]))
    assert response.status_code == 302
    assert membership(world.public, world.otto).state == Membership.State.ACTIVE
    world.public.refresh_from_db()
    assert world.public.member_count == 4  # gina, alice, dave and otto hold active memberships


def test_private_group_needs_a_request_and_approval(world, client_for, committed):
    with committed():
        client_for(world.otto).post(reverse("group_join", args=[world.private.slug]))
    m = membership(world.private, world.otto)
    assert m.state == Membership.State.REQUESTED
    assert notes(world.gina, Verb.GROUP_REQUEST).count() == 1
    post = services.post_create(author=world.alice, body="secret sauce", group=world.private)
    assert client_for(world.otto).get(post.get_absolute_url()).status_code == 404
    # a member who is not admin cannot decide
    url = reverse("membership_decide", args=[world.private.slug, m.pk])
    assert client_for(world.alice).post(url, {"action": "approve"}).status_code == 404
    assert client_for(world.gina).post(url, {"action": "approve"}).status_code == 302
    m.refresh_from_db()
    assert m.state == Membership.State.ACTIVE
    assert client_for(world.otto).get(post.get_absolute_url()).status_code == 200


def test_private_request_can_be_declined(world):
    m = services.group_join(person=world.otto, group=world.private)
    services.membership_decide(person=world.gina, membership=m, approve=False)
    assert membership(world.private, world.otto) is None
    with pytest.raises(PermissionDenied):
        services.membership_decide(person=world.alice, membership=services.group_join(person=world.otto,
                                                                                       group=world.private), approve=True)


def test_secret_group_only_by_invitation(world, client_for, committed):
    with pytest.raises(PermissionDenied):
        services.group_join(person=world.otto, group=world.secret)
    assert client_for(world.otto).post(reverse("group_join", args=[world.secret.slug])).status_code == 404
    assert membership(world.secret, world.otto) is None
    # a plain member cannot invite
    assert client_for(world.alice).post(reverse("group_invite", args=[world.secret.slug]),
                                        {"handles": "@otto"}).status_code == 404
    assert membership(world.secret, world.otto) is None
    with committed():
        assert client_for(world.gina).post(reverse("group_invite", args=[world.secret.slug]),
                                           {"handles": "@otto"}).status_code == 302
    assert membership(world.secret, world.otto).state == Membership.State.INVITED
    assert notes(world.otto, Verb.GROUP_INVITE).count() == 1
    assert client_for(world.otto).get(world.secret.get_absolute_url()).status_code == 200
    assert client_for(world.otto).post(reverse("group_join", args=[world.secret.slug])).status_code == 302
    assert membership(world.secret, world.otto).state == Membership.State.ACTIVE


def test_cannot_invite_a_deactivated_person(world):
    with pytest.raises(ValidationError):
        services.group_invite(person=world.gina, group=world.public, invitee=world.dave)


def test_leave_and_last_admin_cannot_leave(world, client_for):
    assert client_for(world.alice).post(reverse("group_leave", args=[world.public.slug])).status_code == 302
    assert membership(world.public, world.alice) is None
    world.public.refresh_from_db()
    assert world.public.member_count == 2
    with pytest.raises(ValidationError, match="only admin"):
        services.group_leave(person=world.gina, group=world.private)
    response = client_for(world.gina).post(reverse("group_leave", args=[world.private.slug]), follow=True)
    assert "only admin" in response.content.decode()
    assert membership(world.private, world.gina).role == Membership.Role.ADMIN
    # once alice is an admin too, gina may go
    services.membership_set_role(person=world.gina, membership=membership(world.private, world.alice), role="admin")
    services.group_leave(person=world.gina, group=world.private)
    assert membership(world.private, world.gina) is None


def test_group_needs_one_admin(world):
    with pytest.raises(ValidationError):
        services.membership_set_role(person=world.gina, membership=membership(world.public, world.gina), role="member")


# --- notifications --------------------------------------------------------------------------

def test_unread_count_and_mark_read(world, client_for, committed):
    with committed():
        post = services.post_create(author=world.gina, body="@alice look", kind=Post.Kind.QUESTION)
        services.reaction_set(person=world.otto, post=services.post_create(author=world.alice, body="mine"))
        services.reply_create(author=world.otto, post=post, body="I can help @alice")
    assert selectors.unread_count(world.alice) == 3
    c = client_for(world.alice)
    page = c.get(reverse("notifications")).content.decode()
    assert page.count('data-testid="notification"') == 3
    assert 'data-testid="unread-count">3<' in page
    assert c.post(reverse("notifications")).status_code == 302
    assert selectors.unread_count(world.alice) == 0
    assert 'data-testid="unread-count"' not in c.get(reverse("home")).content.decode()
    assert services.notifications_mark_read(person=world.alice) == 0


def test_mark_read_by_ids_only_touches_those(world, committed):
    with committed():
        services.post_create(author=world.gina, body="@alice one")
        services.post_create(author=world.gina, body="@alice two")
        services.post_create(author=world.alice, body="@gina three")
    first = notes(world.alice).order_by("id").first()
    assert services.notifications_mark_read(person=world.alice, ids=[first.pk, notes(world.gina).get().pk]) == 1
    assert selectors.unread_count(world.alice) == 1
    assert selectors.unread_count(world.gina) == 1


def test_notifications_are_stored_in_their_writes_transaction(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_create(author=world.alice, body="hi @otto")
        assert notes(world.otto, Verb.MENTION).count() == 1  # with the post, not after the commit
    # after the commit only wake-ups: one per recorded event (the post, the notifications)
    assert len(callbacks) == 2


def test_rolled_back_post_creates_no_notification(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.post_create(author=world.alice, body="hi @otto", kind=Post.Kind.PRAISE,
                                 praised_people=[world.gina])
            raise RuntimeError("boom")
    assert callbacks == []
    assert not Post.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_rolled_back_post_creates_no_notification_with_real_transactions(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.post_create(author=world.alice, body="hi @otto")
        raise RuntimeError("boom")
    assert not Post.objects.exists()
    assert not Notification.objects.exists()
    services.post_create(author=world.alice, body="hi again @otto")  # commits: the note is written
    assert notes(world.otto, Verb.MENTION).count() == 1


def test_domain_events_are_recorded_in_the_writes_transaction(world, django_capture_on_commit_callbacks):
    """Each write records its side effects (one outbox item per handler) in its own transaction: a
    rolled-back write records none, and the notifications exist before anything is delivered."""
    from townsquare.conversations import signals
    from townsquare.core.models import OutboxItem
    from townsquare.core.outbox import handlers_of

    def topics():
        return sorted(OutboxItem.objects.values_list("handler", flat=True))

    with django_capture_on_commit_callbacks(execute=False):
        post = services.post_create(author=world.alice, body="Who knows? @gina", kind=Post.Kind.QUESTION)
        reply = services.reply_create(author=world.gina, post=post, body="I do")
        services.reaction_set(person=world.gina, post=post)
        services.best_answer_set(person=world.alice, post=post, reply=reply)
    expected = (handlers_of(signals.POST_PUBLISHED) + handlers_of(signals.REPLY_PUBLISHED)
                + handlers_of(signals.REACTION_CHANGED) + handlers_of(signals.BEST_ANSWER_CHOSEN)
                + 3 * handlers_of(signals.NOTIFICATIONS_CREATED))  # the mention, the answer, the best answer
    # (gina's reaction notifies alice too: a fourth batch)
    expected += handlers_of(signals.NOTIFICATIONS_CREATED)
    assert topics() == sorted(expected)
    assert Notification.objects.filter(recipient=world.gina).count() == 2  # stored with the write, not after
    before = OutboxItem.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.reaction_set(person=world.otto, post=post)
            raise RuntimeError("the request failed after the reaction")
    assert OutboxItem.objects.count() == before
    assert not Notification.objects.filter(actor=world.otto).exists()


def test_notify_puts_a_practice_message_in_the_bell(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[world.otto, world.alice], actor=world.alice, verb=Verb.PAIRING,
                        message="paired you for coffee", link="/coffee/")
    note = notes(world.otto, Verb.PAIRING).get()
    assert note.text == "paired you for coffee" and note.get_absolute_url() == "/coffee/"
    assert not notes(world.alice).exists()  # never the actor
