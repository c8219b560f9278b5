"""Replies are edited, deleted and reacted to as posts are (issue 17): the author edits (history kept, "edited"
shown) and deletes their own (the other replies stay, the count follows the rows); anyone who can read the post
reacts, set-style, the reply's author told once per person and reply; live events and analytics edges follow."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from townsquare.analytics import graph
from townsquare.analytics.models import Interaction
from townsquare.conversations import selectors, services
from townsquare.conversations.models import (
    Mention,
    Notification,
    Post,
    Reply,
    ReplyReaction,
    ReplyRevision,
    SearchEntry,
)
from townsquare.core import timefmt

Verb = Notification.Verb


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def thread(world):
    """alice's post in the private group, with gina's reply and then alice's own."""
    post = services.post_create(author=world.alice, body="Budget numbers are in", group=world.private)
    first = services.reply_create(author=world.gina, post=post, body="Thanks, looks right")
    second = services.reply_create(author=world.alice, post=post, body="Glad it helps")
    return post, first, second


# --- edit ------------------------------------------------------------------------------------------

def test_the_author_edits_and_the_history_keeps_the_earlier_text(world, thread, client_for):
    post, reply, _ = thread
    services.reply_edit(person=world.gina, reply=reply, body="Thanks, the numbers look right")
    reply.refresh_from_db()
    assert reply.body == "Thanks, the numbers look right" and reply.edited_at is not None
    assert "the numbers look right" in reply.body_html
    (rev,) = ReplyRevision.objects.filter(reply=reply)
    assert rev.body == "Thanks, looks right" and rev.created_at == reply.created_at
    assert SearchEntry.objects.get(kind="reply", object_id=reply.pk).text.endswith("the numbers look right")
    page = client_for(world.alice).get(post.get_absolute_url()).content.decode()
    assert 'data-testid="reply-edited"' in page
    history = client_for(world.alice).get(reverse("reply_history", args=[reply.pk])).content.decode()
    assert "Thanks, looks right" in history and "the numbers look right" in history
    with timezone.override(world.alice.time_zone):  # the app's one format for an exact time, in the reader's zone
        assert timefmt.when(rev.created_at) in history


def test_saving_the_same_text_makes_no_revision(world, thread):
    _, reply, _ = thread
    services.reply_edit(person=world.gina, reply=reply, body="Thanks, looks right")
    reply.refresh_from_db()
    assert reply.edited_at is None and not ReplyRevision.objects.exists()


@pytest.mark.parametrize("who", ["alice", "otto", "olga"])
def test_only_the_author_edits(world, thread, client_for, who):
    _, reply, _ = thread
    with pytest.raises(PermissionDenied):
        services.reply_edit(person=world.people[who], reply=reply, body="Not mine")
    c = client_for(world.people[who])
    assert c.get(reverse("reply_edit", args=[reply.pk])).status_code == 404
    assert c.post(reverse("reply_edit", args=[reply.pk]), {"body": "Not mine"}).status_code == 404
    reply.refresh_from_db()
    assert reply.body == "Thanks, looks right"


@pytest.mark.parametrize("body, says", [("   ", "Your reply is empty"), ("x" * 5001, "5,000"),
                                        ("bad\x00text", "")])
def test_bad_text_is_refused_with_a_clear_message_and_nothing_changes(world, thread, client_for, body, says):
    _, reply, _ = thread
    response = client_for(world.gina).post(reverse("reply_edit", args=[reply.pk]), {"body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="reply-edit-error"' in page and says in page
    reply.refresh_from_db()
    assert reply.body == "Thanks, looks right" and reply.edited_at is None and not ReplyRevision.objects.exists()


def test_an_edit_tells_only_the_people_newly_mentioned(world, thread, committed):
    post, reply, _ = thread
    with committed():
        services.reply_edit(person=world.gina, reply=reply, body="Thanks @alice")
    with committed():
        services.reply_edit(person=world.gina, reply=reply, body="Thanks @alice, and @erin")  # erin: not a member
    mentions = Notification.objects.filter(verb=Verb.MENTION, actor=world.gina, post=post)
    assert list(mentions.values_list("recipient__handle", flat=True)) == ["alice"]
    assert Mention.objects.filter(reply=reply).count() == 2  # stored as a post's are; erin, no member, is not told


def test_the_edit_page_saves_and_leads_back_to_the_reply(world, thread, client_for):
    _, reply, _ = thread
    c = client_for(world.gina)
    assert c.get(reverse("reply_edit", args=[reply.pk])).status_code == 200
    response = c.post(reverse("reply_edit", args=[reply.pk]), {"body": "Checked twice"})
    assert response.status_code == 302 and response["Location"].endswith(f"#reply-{reply.pk}")
    reply.refresh_from_db()
    assert reply.body == "Checked twice"


# --- delete ----------------------------------------------------------------------------------------

def test_the_author_deletes_their_reply_and_the_others_stay(world, thread, client_for):
    post, first, second = thread
    services.reaction_set(person=world.gina, post=post)
    services.reply_reaction_set(person=world.alice, reply=first, kind="like")
    response = client_for(world.gina).post(reverse("reply_delete", args=[first.pk]))
    assert response.status_code == 302 and response["Location"].endswith("#replies")
    assert list(Reply.objects.filter(post=post)) == [second]
    post.refresh_from_db()
    assert post.reply_count == 1 == Reply.objects.filter(post=post).count()
    assert post.reaction_count == 1  # the post's own reactions are untouched
    assert not ReplyReaction.objects.exists()
    assert not SearchEntry.objects.filter(kind="reply", object_id=first.pk).exists()


def test_deleting_the_best_answer_clears_it(world, client_for):
    q = services.post_create(author=world.alice, body="Who has the sheet?", kind=Post.Kind.QUESTION)
    answer = services.reply_create(author=world.gina, post=q, body="I do")
    services.best_answer_set(person=world.alice, post=q, reply=answer)
    services.reply_delete(person=world.gina, reply=answer)
    q.refresh_from_db()
    assert q.best_answer_id is None and q.reply_count == 0


@pytest.mark.parametrize("who", ["alice", "otto", "olga"])
def test_nobody_else_deletes_a_reply_here(world, thread, client_for, who):
    """The post's author and an org admin included: someone else's reply goes through moderation."""
    post, reply, _ = thread
    with pytest.raises(PermissionDenied):
        services.reply_delete(person=world.people[who], reply=reply)
    assert client_for(world.people[who]).post(reverse("reply_delete", args=[reply.pk])).status_code == 404
    assert Reply.objects.filter(pk=reply.pk).exists()
    post.refresh_from_db()
    assert post.reply_count == 2


def test_delete_needs_a_post_request(world, thread, client_for):
    _, reply, _ = thread
    assert client_for(world.gina).get(reverse("reply_delete", args=[reply.pk])).status_code == 405
    assert Reply.objects.filter(pk=reply.pk).exists()


def test_the_post_page_offers_edit_and_delete_on_ones_own_replies_only(world, thread, client_for):
    post, first, second = thread
    page = client_for(world.gina).get(post.get_absolute_url()).content.decode()
    assert reverse("reply_edit", args=[first.pk]) in page and reverse("reply_delete", args=[first.pk]) in page
    assert reverse("reply_edit", args=[second.pk]) not in page
    assert reverse("reply_delete", args=[second.pk]) not in page
    assert 'data-confirm="Delete your reply?' in page


# --- reactions -------------------------------------------------------------------------------------

def test_reactions_on_a_reply_are_set_style_and_counted_exactly(world, thread, committed):
    post, reply, _ = thread
    for person, kind in [(world.alice, "like"), (world.alice, "thanks"), (world.erin, "like")]:
        if person == world.erin:
            services.group_join(person=world.erin, group=world.private)
            from townsquare.conversations.models import Membership

            Membership.objects.filter(person=world.erin).update(state="active")
        with committed():
            assert services.reply_reaction_set(person=person, reply=reply, kind=kind) is True
    with committed():
        assert services.reply_reaction_set(person=world.alice, reply=reply, kind="like") is False
    reply.refresh_from_db()
    assert reply.reaction_counts == {"like": 2, "thanks": 1} and reply.reaction_count == 3
    with committed():
        assert services.reply_reaction_unset(person=world.alice, reply=reply, kind="like") is True
        assert services.reply_reaction_unset(person=world.alice, reply=reply, kind="like") is False
    reply.refresh_from_db()
    assert reply.reaction_counts == {"like": 1, "thanks": 1}
    assert reply.reaction_count == ReplyReaction.objects.filter(reply=reply).count() == 2
    post.refresh_from_db()
    assert post.reaction_count == 0  # a reaction to a reply is not one to the post
    # gina is told once per person and reply, however many kinds they add and take back
    with committed():
        services.reply_reaction_set(person=world.alice, reply=reply, kind="like")
    told = Notification.objects.filter(recipient=world.gina, verb=Verb.REPLY_REACTION)
    assert told.count() == 2 and told.filter(actor=world.alice).count() == 1
    n = told.get(actor=world.alice)
    assert n.get_absolute_url() == reply.get_absolute_url() and n.text == "reacted to your reply"


def test_reacting_to_ones_own_reply_tells_nobody(world, thread):
    _, _, own = thread
    services.reply_reaction_set(person=world.alice, reply=own, kind="like")
    assert not Notification.objects.filter(verb=Verb.REPLY_REACTION).exists()


def test_an_unknown_reaction_is_refused_and_nothing_is_stored(world, thread, client_for):
    _, reply, _ = thread
    with pytest.raises(ValidationError):
        services.reply_reaction_set(person=world.alice, reply=reply, kind="angry")
    response = client_for(world.alice).post(reverse("reply_react", args=[reply.pk]), {"kind": "angry:set"})
    assert response.status_code == 400 and "not a reaction" in response.content.decode()
    reply.refresh_from_db()
    assert reply.reaction_count == 0 and not ReplyReaction.objects.exists()


def test_react_with_htmx_returns_the_replys_actions(world, thread, client_for):
    _, reply, _ = thread
    c = client_for(world.alice)
    response = c.post(reverse("reply_react", args=[reply.pk]), {"kind": "insightful:set"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith("<div class=\"reply-actions")
    assert 'data-testid="reply-react-insightful"' in body and 'aria-pressed="true"' in body
    assert 'value="insightful:unset"' in body  # the next press takes it back, never a toggle
    response = c.post(reverse("reply_react", args=[reply.pk]), {"kind": "insightful:unset"})
    assert response.status_code == 302
    assert not ReplyReaction.objects.exists()


def test_outsiders_cannot_react_to_a_reply_they_cannot_read(world, thread, client_for):
    _, reply, _ = thread
    for who in (world.otto, world.olga):
        assert client_for(who).post(reverse("reply_react", args=[reply.pk]), {"kind": "like:set"}).status_code == 404
    assert not ReplyReaction.objects.exists()


def test_a_hidden_reply_takes_no_reactions_from_others(world, thread, client_for):
    _, reply, _ = thread
    services.content_set_hidden(reply=reply, reason="Off topic")
    assert client_for(world.alice).post(reverse("reply_react", args=[reply.pk]), {"kind": "like:set"}).status_code == 404
    assert not ReplyReaction.objects.exists()


def test_a_hidden_posts_replies_take_no_reactions_and_keep_their_history_hidden(world, thread, client_for):
    post, reply, _ = thread
    services.reply_edit(person=world.gina, reply=reply, body="Checked twice")
    services.content_set_hidden(post=post, reason="Names a customer")
    c = client_for(world.gina)  # she wrote the reply, not the post: its conversation is hidden from her too
    assert c.post(reverse("reply_react", args=[reply.pk]), {"kind": "like:set"}).status_code == 404
    history = c.get(reverse("reply_history", args=[reply.pk])).content.decode()
    assert "reply-history-hidden" in history and "Checked twice" not in history and "looks right" not in history
    own = client_for(world.alice).get(reverse("reply_history", args=[reply.pk])).content.decode()
    assert "Checked twice" in own and "looks right" in own  # the post's author still reads it
    assert not ReplyReaction.objects.exists()


def test_the_post_page_reads_reply_reactions_in_a_fixed_number_of_queries(world, client_for,
                                                                          django_assert_max_num_queries):
    post = services.post_create(author=world.alice, body="Many replies")
    for i in range(3):
        r = services.reply_create(author=world.gina, post=post, body=f"Reply {i}")
        services.reply_reaction_set(person=world.alice, reply=r, kind="like")
    replies = selectors.replies_of(post, world.alice)
    assert [r.my_reactions for r in replies] == [{"like"}] * 3
    for i in range(10):
        services.reply_create(author=world.gina, post=post, body=f"More {i}")
    with django_assert_max_num_queries(2):
        selectors.replies_of(post, world.alice)


# --- analytics (live events: tests/live/test_events.py) ---------------------------------------------------------------------------------

def test_reactions_to_replies_are_edges_of_the_interaction_graph(world, thread):
    post, reply, _ = thread
    services.reply_reaction_set(person=world.alice, reply=reply, kind="like")
    graph.sync_post(post.pk)
    edge = Interaction.objects.get(kind=Interaction.Kind.REPLY_REACTION)
    assert (edge.source_id, edge.target_id, edge.post_id) == (world.alice.pk, world.gina.pk, post.pk)
    services.reply_delete(person=world.gina, reply=reply)
    graph.sync_post(post.pk)
    assert not Interaction.objects.filter(kind__in=[Interaction.Kind.REPLY_REACTION, Interaction.Kind.REPLY],
                                          source=world.gina).exists()
    assert not Interaction.objects.filter(kind=Interaction.Kind.REPLY_REACTION).exists()
