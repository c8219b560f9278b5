"""Staged sharing (issue 16 #1): a post shared first as a preview with a few people — chosen by handle, a
working-out-loud circle or one group — is theirs and its author's alone everywhere (access, feeds, search, the
API, live events, notifications), then widened in one step, keeping its replies and reactions, telling nobody
twice, and leaving an entry in its history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from townsquare.conversations import access, search, selectors, services
from townsquare.conversations.models import Notification, Post, PostPreview, PostRevision, Reaction


def preview(w, body="A first draft of our plan. What do you think?", people=None, **kw):
    people = people if people is not None else [w.alice, w.gina]
    return services.post_create(author=w.erin, body=body, audience=services.Audience(people=people, **kw))


def test_a_preview_is_for_its_author_and_its_people_only(world):
    post = preview(world)
    assert post.audience == Post.Audience.PREVIEW
    for reader in (world.erin, world.alice, world.gina):
        assert access.access_post(reader, post.pk) == post
    for outsider in (world.otto, world.olga):
        with pytest.raises(Http404):
            access.access_post(outsider, post.pk)
        assert not access.posts_visible_to(outsider).filter(pk=post.pk).exists()
        assert not access.timeline_visible_to(outsider).filter(pk=post.pk).exists()
    assert access.timeline_visible_to(world.alice).filter(pk=post.pk).exists()
    assert PostPreview.objects.get(post=post).shared_with == 2
    bell = Notification.objects.filter(post=post, verb=Notification.Verb.PREVIEW)
    assert sorted(bell.values_list("recipient__handle", flat=True)) == ["alice", "gina"]


def test_widening_keeps_replies_and_reactions_and_tells_nobody_twice(world):
    post = preview(world, body="Plan for next year, @alice and @otto: what do you think?")
    # alice is mentioned and a preview reader: one notification, the mention; otto may not read it yet
    assert list(Notification.objects.filter(post=post, recipient=world.alice).values_list("verb", flat=True)) == ["mention"]
    assert not Notification.objects.filter(post=post, recipient=world.otto).exists()
    services.reply_create(author=world.alice, post=post, body="Clear to me.")
    services.reaction_set(person=world.gina, post=post, kind=Reaction.Kind.INSIGHTFUL)
    before = Notification.objects.filter(post=post).count()
    services.post_widen(person=world.erin, post=post)
    post.refresh_from_db()
    assert post.audience == Post.Audience.OPEN and post.group is None
    assert post.reply_count == 1 and post.reaction_count == 1
    assert access.access_post(world.otto, post.pk) == post
    new = Notification.objects.filter(post=post)[: Notification.objects.filter(post=post).count() - before]
    assert [(n.recipient.handle, n.verb) for n in new] == [("otto", "mention")]
    preview_row = PostPreview.objects.get(post=post)
    assert preview_row.widened_at is not None and preview_row.responses_at_widening == 2
    entry = PostRevision.objects.get(post=post, event=PostRevision.Event.WIDENED)
    assert entry.detail == "Widened from a preview for 2 people to the whole company."
    with pytest.raises(PermissionDenied):
        services.post_widen(person=world.erin, post=post)


def test_only_the_author_widens_and_a_preview_needs_people(world):
    post = preview(world)
    with pytest.raises(PermissionDenied):
        services.post_widen(person=world.alice, post=post)
    with pytest.raises(ValidationError):
        services.post_create(author=world.erin, body="Hello", audience=services.Audience(people=[world.erin]))
    assert not Post.objects.filter(body="Hello").exists()


def test_search_finds_a_preview_only_for_its_readers(world):
    post = preview(world, body="Zebracrossing strategy draft")
    services.reply_create(author=world.alice, post=post, body="Zebracrossing reply")
    assert search.search_entries(world.otto, "zebracrossing").count() == 0
    assert search.search_entries(world.alice, "zebracrossing").count() == 2
    services.post_widen(person=world.erin, post=post)
    assert search.search_entries(world.otto, "zebracrossing").count() == 2


def test_feeds_hide_a_preview_from_outsiders(world):
    post = preview(world)
    assert post not in list(selectors.feed_company(world.otto))
    assert post not in list(selectors.feed_home(world.otto))
    assert post in list(selectors.feed_home(world.alice))


# --- the web: composer, card line, widen, history ------------------------------------------------------------

def test_composer_shares_a_preview_and_the_author_widens_it(world, client_for):
    from django.urls import reverse

    erin = client_for(world.erin)
    r = erin.post(reverse("post_create"), {"body": "Trying an idea on a few people first.", "kind": "update",
                                           "share_first": "people", "preview_people": "@alice @gina"})
    post = Post.objects.get(body="Trying an idea on a few people first.")
    assert r.status_code == 302 and post.audience == Post.Audience.PREVIEW
    page = erin.get(post.get_absolute_url()).content.decode()
    assert "Preview — shared with 2 people" in page and "Widen to" in page
    assert client_for(world.otto).get(post.get_absolute_url()).status_code == 404
    alice = client_for(world.alice)
    assert "Preview — shared with 2 people" in alice.get(reverse("home")).content.decode()
    assert "Widen to" not in alice.get(post.get_absolute_url()).content.decode()
    assert client_for(world.alice).post(reverse("post_widen", args=[post.pk]), {"to": "company"}).status_code == 404
    services.reply_create(author=world.alice, post=post, body="Go for it.")
    r = erin.post(reverse("post_widen", args=[post.pk]), {"to": "company"})
    assert r.status_code == 302
    card = client_for(world.otto).get(post.get_absolute_url()).content.decode()
    assert "First shared with 2 people on" in card and ": 1 response" in card
    history = erin.get(reverse("post_history", args=[post.pk])).content.decode()
    assert "Widened from a preview for 2 people to the whole company." in history


def test_composer_bad_preview_input_stores_nothing(world, client_for):
    from django.urls import reverse

    erin = client_for(world.erin)
    for data, message in (({"share_first": "people", "preview_people": ""}, "Name the people"),
                          ({"share_first": "people", "preview_people": "@nobodyhere"}, "nobodyhere"),
                          ({"share_first": "group"}, "Choose the group"),
                          ({"share_first": "circle:99999"}, "Choose who to share the preview with"),
                          ({"share_first": "circle"}, "you are in no working-out-loud circle yet")):
        r = erin.post(reverse("post_create"), {"body": "Not stored", "kind": "update", **data})
        assert r.status_code == 400 and message in r.content.decode()
    assert not Post.objects.filter(body="Not stored").exists()


def test_a_group_preview_is_for_the_groups_members_then(world):
    # erin joins the private Finance Team; the preview is for its members as they are now
    from townsquare.conversations.models import Membership

    Membership.objects.create(group=world.private, person=world.erin)
    audience = services.audience_from_choice(world.erin, "group", group=world.private)
    post = services.post_create(author=world.erin, body="Finance first", group=world.private, audience=audience)
    assert post.preview.source_label == "Finance Team"
    assert access.access_post(world.alice, post.pk) == post  # a member (gina, the group's creator, too)
    Membership.objects.create(group=world.private, person=world.otto)  # joins later: not in the preview
    with pytest.raises(Http404):
        access.access_post(world.otto, post.pk)
    services.post_widen(person=world.erin, post=post, group=world.private)
    assert access.access_post(world.otto, post.pk) == post


# --- live updates ----------------------------------------------------------------------------------------------

class _Recorder:
    def __init__(self):
        self.events = []

    def publish(self, event):
        self.events.append(event)


@pytest.fixture
def recorder():
    from townsquare.live import broker

    rec = _Recorder()
    broker.set_broker(rec)
    yield rec
    broker.set_broker(None)


def test_live_events_about_a_preview_reach_its_readers_only(world, recorder, django_capture_on_commit_callbacks):
    from townsquare.live.viewer import Viewer

    with django_capture_on_commit_callbacks(execute=True):
        post = preview(world, people=[world.alice])
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=world.alice, post=post, body="Looks good")
    post_event = next(e for e in recorder.events if e["type"] == "post")
    reply_event = next(e for e in recorder.events if e["type"] == "reply")
    for event in (post_event, reply_event):
        assert sorted(event["readers"]) == sorted([world.erin.pk, world.alice.pk]) and "A first draft" not in str(event)
    for person in (world.otto, world.gina, world.olga):
        for feed in ("home", "company"):
            assert Viewer(person_id=person.pk, feed=feed).may_read(post_event) == "no"
        assert Viewer(person_id=person.pk, post_id=post.pk).may_read(reply_event) == "no"
    alice = Viewer(person_id=world.alice.pk, feed="home")
    assert alice.may_read(post_event) == "yes" and alice.wants(post_event)  # a preview shared with her
    # widened: the wider audience gets the new post once, with no readers list
    recorder.events.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_widen(person=world.erin, post=post)
    (widened,) = [e for e in recorder.events if e["type"] == "post"]
    assert "readers" not in widened and Viewer(person_id=world.otto.pk, feed="company").may_read(widened) == "yes"


def test_outsiders_get_no_notification_of_a_preview(world):
    post = preview(world, body="Draft for @otto and @alice to see, in time", people=[world.alice])
    assert not Notification.objects.filter(recipient=world.otto).exists()
    assert set(Notification.objects.filter(post=post).values_list("recipient_id", flat=True)) == {world.alice.pk}
    # the delivery check at send time agrees: otto may not read it
    assert access.readers_among(post, [world.otto.pk, world.alice.pk, world.erin.pk]) == {world.alice.pk, world.erin.pk}


def test_topics_and_attachments_of_a_preview_stay_hidden(world):
    post = preview(world, body="Thinking about #zebrastrategy", people=[world.alice])
    assert not access.topics_visible_to(world.otto).filter(name="zebrastrategy").exists()
    assert access.topics_visible_to(world.alice).filter(name="zebrastrategy").exists()
    with pytest.raises(Http404):
        access.access_reply(world.otto, services.reply_create(author=world.alice, post=post, body="Yes").pk)


def test_a_preview_for_ones_working_out_loud_circle(world):
    from townsquare.circles.models import Circle, CircleMember

    circle = Circle.objects.create(name="Ship it", focus="Shipping smaller", status=Circle.Status.ACTIVE)
    for person in (world.erin, world.alice, world.gina):
        CircleMember.objects.create(circle=circle, person=person)
    audience = services.audience_from_choice(world.erin, "circle")
    post = services.post_create(author=world.erin, body="For my circle first", audience=audience)
    assert post.preview.source == PostPreview.Source.CIRCLE and post.preview.source_label == "Ship it"
    assert selectors.stage_line(post) == "Preview — shared with 2 people (Ship it)"
    assert access.access_post(world.gina, post.pk) == post
    with pytest.raises(Http404):
        access.access_post(world.otto, post.pk)
    with pytest.raises(ValidationError, match="no working-out-loud circle"):
        services.audience_from_choice(world.otto, "circle")


def test_webhooks_get_a_preview_only_once_it_is_widened(world):
    from townsquare.delivery import services as delivery
    from townsquare.delivery.models import Webhook

    hook = Webhook.objects.create(name="Intranet", url="https://hooks.example.test/in", company_wide=True,
                                  created_by=world.olga)
    post = preview(world)
    assert delivery.webhooks_for_post(post) == []
    services.post_widen(person=world.erin, post=post)
    post.refresh_from_db()
    assert delivery.webhooks_for_post(post) == [hook]
