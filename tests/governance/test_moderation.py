"""Moderation: reports (reason required, a limit per hour), the queue's scope, decisions (dismiss, hide, restore,
delete), the hidden state everywhere (feeds, the post page, search, the API) and the author's notice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Membership, Notification, Post, Reply
from townsquare.conversations.search import search_entries
from townsquare.core.models import AuditEntry
from townsquare.governance import selectors, services
from townsquare.governance.models import Decision, Report

HIDDEN = "A post was hidden by a moderator."


@pytest.fixture
def posts(world):
    company = conversations.post_create(author=world.alice, body="Quarterly numbers look great zebrafish")
    public = conversations.post_create(author=world.alice, body="Guild note zebrafish", group=world.public)
    private = conversations.post_create(author=world.alice, body="Finance only zebrafish", group=world.private)
    secret = conversations.post_create(author=world.alice, body="Board only zebrafish", group=world.secret)
    return type("Posts", (), {"company": company, "public": public, "private": private, "secret": secret})


def queue_ids(person):
    return {item.content_id for item in selectors.moderation_queue(person)}


# --- reporting -------------------------------------------------------------------------------------------------

def test_a_report_without_a_reason_is_refused_with_a_clear_message(world, posts, client_for):
    response = client_for(world.otto).post(reverse("post_report", args=[posts.company.pk]), {"reason": "   "})
    assert response.status_code == 400
    assert "Please say what is wrong with it" in response.content.decode()
    assert not Report.objects.exists()
    with pytest.raises(ValidationError):
        services.report_create(reporter=world.otto, post=posts.company, reason="")


def test_a_report_is_stored_and_the_reporter_thanked(world, posts, client_for):
    response = client_for(world.otto).post(reverse("post_report", args=[posts.company.pk]),
                                           {"reason": "Shares a customer's phone number"}, follow=True)
    assert response.status_code == 200
    assert "A moderator will look at it" in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.post, report.content_author, report.group) == (world.otto, posts.company, world.alice, None)


def test_reporting_is_limited_per_person_and_hour(world, client_for):
    many = [conversations.post_create(author=world.alice, body=f"post {n}") for n in range(services.REPORTS_PER_HOUR + 1)]
    for post in many[:-1]:
        services.report_create(reporter=world.otto, post=post, reason="spam")
    response = client_for(world.otto).post(reverse("post_report", args=[many[-1].pk]), {"reason": "spam"})
    assert response.status_code == 400
    assert f"You have sent {services.REPORTS_PER_HOUR} reports in the last hour" in response.content.decode()
    assert Report.objects.count() == services.REPORTS_PER_HOUR
    services.report_create(reporter=world.gina, post=many[-1], reason="spam")  # someone else still can


def test_one_cannot_report_what_one_cannot_read(world, posts, client_for):
    assert client_for(world.otto).post(reverse("post_report", args=[posts.private.pk]), {"reason": "x"}).status_code == 404
    assert not Report.objects.exists()


# --- the queue's scope ---------------------------------------------------------------------------------------------

def test_the_queue_is_scoped_to_what_each_moderator_moderates(world, posts):
    for post in (posts.company, posts.public, posts.private, posts.secret):
        services.report_create(reporter=world.gina, post=post, reason="Please look")
    # olga (org admin, in no group): company-wide and public groups only, never private or secret content
    assert queue_ids(world.olga) == {posts.company.pk, posts.public.pk}
    # gina runs all three groups
    assert queue_ids(world.gina) == {posts.public.pk, posts.private.pk, posts.secret.pk}
    # alice is a member, not an admin; otto is in nothing
    assert queue_ids(world.alice) == set() and queue_ids(world.otto) == set()


def test_an_org_admin_who_runs_the_secret_group_sees_its_reports(world, posts):
    services.report_create(reporter=world.gina, post=posts.secret, reason="Please look")
    assert posts.secret.pk not in queue_ids(world.olga)
    Membership.objects.create(group=world.secret, person=world.olga, role=Membership.Role.ADMIN)
    assert posts.secret.pk in queue_ids(world.olga)


def test_a_group_admin_moderates_only_their_groups(world, posts, client_for):
    otto_group = conversations.group_create(creator=world.otto, name="Otto's club")
    Membership.objects.create(group=otto_group, person=world.alice)
    theirs = conversations.post_create(author=world.alice, body="in otto's club", group=otto_group)
    with pytest.raises(PermissionDenied):
        services.decide(moderator=world.otto, action="hide", post=posts.public, reason="no")
    assert client_for(world.otto).get(reverse("post_moderate", args=[posts.public.pk])).status_code == 404
    assert client_for(world.otto).get(reverse("post_moderate", args=[theirs.pk])).status_code == 200
    assert client_for(world.olga).get(reverse("post_moderate", args=[posts.private.pk])).status_code == 404
    assert client_for(world.olga).get(reverse("post_moderate", args=[posts.secret.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.decide(moderator=world.olga, action="hide", post=posts.private, reason="no")


# --- hiding ------------------------------------------------------------------------------------------------------

def test_hide_tells_the_author_keeps_it_for_them_and_hides_it_from_everyone_else(world, posts, client_for):
    services.report_create(reporter=world.otto, post=posts.company, reason="Not for here")
    decision = services.decide(moderator=world.olga, action="hide", post=posts.company, reason="Off topic for all company")
    posts.company.refresh_from_db()
    assert posts.company.hidden_at is not None and posts.company.hidden_reason == "Off topic for all company"
    assert Report.objects.get().decision == decision

    note = Notification.objects.get(recipient=world.alice, verb=Notification.Verb.MODERATION)
    assert note.actor == world.olga and "hid your post" in note.message
    assert note.link == reverse("moderation_notice", args=[decision.pk])
    assert "Otto" not in note.message

    # the author: the post, the reason
    mine = client_for(world.alice).get(reverse("post_detail", args=[posts.company.pk])).content.decode()
    assert "Quarterly numbers look great" in mine and "Off topic for all company" in mine
    notice = client_for(world.alice).get(note.link).content.decode()
    assert "Off topic for all company" in notice and "Otto" not in notice
    # everyone else: the notice in its place, on the post page and in feeds
    for who in (world.otto, world.gina, world.erin):
        page = client_for(who).get(reverse("post_detail", args=[posts.company.pk])).content.decode()
        assert HIDDEN in page and "Quarterly numbers" not in page
        feed = client_for(who).get(reverse("company")).content.decode()
        assert "Quarterly numbers" not in feed and HIDDEN in feed
    assert client_for(world.alice).get(reverse("company")).content.decode().count("Quarterly numbers") == 1
    # only the author can read the notice page
    assert client_for(world.otto).get(note.link).status_code == 404
    assert client_for(world.olga).get(note.link).status_code == 404


def test_a_hidden_post_page_gives_a_moderator_the_way_back_and_asks_nothing_of_anyone_else(world, posts, client_for):
    from townsquare.influence import services as influence
    from townsquare.influence.models import FeedbackRequest

    ask = influence.feedback_request_create(author=world.alice, post=posts.company,
                                            audience=FeedbackRequest.Audience.READERS)
    services.decide(moderator=world.olga, action="hide", post=posts.company, reason="Off topic for all company")
    url = reverse("post_detail", args=[posts.company.pk])
    moderator = client_for(world.olga).get(url).content.decode()
    assert 'data-testid="hidden-for-moderator"' in moderator and "Off topic for all company" in moderator
    assert reverse("post_moderate", args=[posts.company.pk]) in moderator
    assert "Quarterly numbers" not in moderator
    reader = client_for(world.otto).get(url).content.decode()
    assert HIDDEN in reader
    assert "hidden-for-moderator" not in reader and "report-post" not in reader and "feedback-invite" not in reader
    assert client_for(world.otto).get(reverse("feedback_answer", args=[ask.pk])).status_code == 404
    # shown again: the usual links come back
    services.decide(moderator=world.olga, action="restore", post=posts.company, reason="")
    assert 'data-testid="report-post"' in client_for(world.otto).get(url).content.decode()
    assert client_for(world.otto).get(reverse("feedback_answer", args=[ask.pk])).status_code == 200


def test_a_hidden_post_is_not_found_in_search_but_by_its_author(world, posts):
    services.decide(moderator=world.olga, action="hide", post=posts.company, reason="Off topic")
    found = lambda who: {e.post_id for e in search_entries(who, "zebrafish") if e.kind == "post"}  # noqa: E731
    assert posts.company.pk not in found(world.otto)
    assert posts.company.pk in found(world.alice)


def test_a_hidden_post_in_the_api(world, posts, api_as):
    services.decide(moderator=world.olga, action="hide", post=posts.company, reason="Off topic")
    other = api_as(world.otto).get(f"/api/v1/posts/{posts.company.pk}").json()
    assert other["hidden"] is True and other["body"] == HIDDEN and other["hidden_reason"] is None
    assert "Quarterly" not in str(other)
    listed = api_as(world.otto).get("/api/v1/posts").json()["items"]
    assert all("Quarterly" not in str(p) for p in listed)
    mine = api_as(world.alice).get(f"/api/v1/posts/{posts.company.pk}").json()
    assert mine["hidden"] is True and "Quarterly" in mine["body"] and mine["hidden_reason"] == "Off topic"


def test_restore_shows_it_again_and_tells_the_author(world, posts, client_for):
    services.decide(moderator=world.olga, action="hide", post=posts.company, reason="Off topic")
    services.decide(moderator=world.olga, action="restore", post=posts.company)
    posts.company.refresh_from_db()
    assert posts.company.hidden_at is None and posts.company.hidden_reason == ""
    assert "Quarterly numbers" in client_for(world.otto).get(reverse("post_detail", args=[posts.company.pk])).content.decode()
    assert Notification.objects.filter(recipient=world.alice, verb=Notification.Verb.MODERATION,
                                       message__startswith="showed your post again").exists()


def test_hide_needs_a_reason(world, posts, client_for):
    response = client_for(world.olga).post(reverse("post_moderate", args=[posts.company.pk]), {"action": "hide", "reason": ""})
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    posts.company.refresh_from_db()
    assert posts.company.hidden_at is None
    assert not AuditEntry.objects.exists() and not Decision.objects.exists()


def test_a_hidden_reply(world, posts, client_for):
    reply = conversations.reply_create(author=world.otto, post=posts.company, body="A rude reply walrus")
    services.report_create(reporter=world.alice, reply=reply, reason="Rude")
    assert queue_ids(world.olga) == {reply.pk}
    services.decide(moderator=world.olga, action="hide", reply=reply, reason="Be kind")
    page = client_for(world.alice).get(reverse("post_detail", args=[posts.company.pk])).content.decode()
    assert "walrus" not in page and "A reply was hidden by a moderator." in page
    own = client_for(world.otto).get(reverse("post_detail", args=[posts.company.pk])).content.decode()
    assert "walrus" in own and "Be kind" in own
    assert not [e for e in search_entries(world.alice, "walrus")]
    assert [e for e in search_entries(world.otto, "walrus")]


# --- deleting --------------------------------------------------------------------------------------------------

def test_delete_needs_a_reason_tells_the_author_and_is_audited(world, posts, client_for):
    services.report_create(reporter=world.otto, post=posts.public, reason="Spam")
    bad = client_for(world.gina).post(reverse("post_moderate", args=[posts.public.pk]), {"action": "delete", "reason": ""})
    assert bad.status_code == 400 and Post.objects.filter(pk=posts.public.pk).exists()
    ok = client_for(world.gina).post(reverse("post_moderate", args=[posts.public.pk]),
                                     {"action": "delete", "reason": "Spam link"})
    assert ok.status_code == 302
    assert not Post.objects.filter(pk=posts.public.pk).exists()
    decision = Decision.objects.get(action="delete")
    assert decision.reason == "Spam link" and decision.content_author == world.alice
    assert "Guild note" in decision.excerpt
    assert Report.objects.get().decision == decision
    note = Notification.objects.get(recipient=world.alice, verb=Notification.Verb.MODERATION)
    notice = client_for(world.alice).get(note.get_absolute_url()).content.decode()
    assert "Spam link" in notice and "Otto" not in notice
    entry = AuditEntry.objects.get(action="post.delete")
    assert entry.actor == world.gina and entry.detail == "Spam link" and entry.target_id == str(posts.public.pk)


def test_an_admins_plain_delete_of_someone_elses_post_is_refused(world, posts, client_for):
    for who in (world.olga, world.gina):
        assert client_for(who).post(reverse("post_delete", args=[posts.public.pk])).status_code == 404
    assert Post.objects.filter(pk=posts.public.pk).exists()


def test_deleting_a_reply_through_moderation(world, posts):
    reply = conversations.reply_create(author=world.otto, post=posts.company, body="spam")
    services.decide(moderator=world.olga, action="delete", reply=reply, reason="Spam")
    assert not Reply.objects.filter(pk=reply.pk).exists()
    posts.company.refresh_from_db()
    assert posts.company.reply_count == 0
    assert AuditEntry.objects.filter(action="reply.delete").exists()


def test_dismiss_closes_the_reports_and_changes_nothing(world, posts):
    services.report_create(reporter=world.otto, post=posts.company, reason="I disagree")
    services.decide(moderator=world.olga, action="dismiss", post=posts.company)
    posts.company.refresh_from_db()
    assert posts.company.hidden_at is None
    assert queue_ids(world.olga) == set()
    assert not Notification.objects.filter(verb=Notification.Verb.MODERATION).exists()
    assert AuditEntry.objects.filter(action="post.dismiss").exists()


def test_the_audit_log_never_names_private_content(world, posts):
    services.decide(moderator=world.gina, action="hide", post=posts.secret, reason="Not here")
    entry = AuditEntry.objects.get(action="post.hide")
    assert "Board only" not in entry.target_label and entry.target_label == "a post in a secret group"


def test_a_group_admin_never_moderates_or_sees_reports_on_their_own_post(world, client_for):
    """gina runs the Data Guild and writes in it: a report on her post goes to olga alone, who it names is never
    shown to gina, and gina cannot hide, restore or dismiss it herself."""
    own = conversations.post_create(author=world.gina, body="Gina's own guild post", group=world.public)
    services.report_create(reporter=world.alice, post=own, reason="Off topic")
    assert own.pk not in queue_ids(world.gina) and own.pk in queue_ids(world.olga)
    gina = client_for(world.gina)
    assert "Alice" not in gina.get(reverse("moderation_queue")).content.decode()
    assert gina.get(reverse("post_moderate", args=[own.pk])).status_code == 404
    for action in ("hide", "restore", "dismiss"):
        with pytest.raises(ValidationError, match="your own post"):
            services.decide(moderator=world.gina, action=action, post=own, reason="Mine")
    services.decide(moderator=world.olga, action="hide", post=own, reason="Off topic for the guild")
    assert gina.get(reverse("post_moderate", args=[own.pk])).status_code == 404  # she cannot undo it either
    page = gina.get(reverse("post_detail", args=[own.pk])).content.decode()
    assert 'data-testid="moderate-post"' not in page
    queue = client_for(world.olga).get(reverse("moderation_queue")).content.decode()
    assert f'href="{reverse("post_moderate", args=[own.pk])}">restore' in queue
    services.decide(moderator=world.olga, action="restore", post=own)
    queue = client_for(world.olga).get(reverse("moderation_queue")).content.decode()
    assert f'href="{reverse("post_moderate", args=[own.pk])}">restore' not in queue  # nothing left to restore
