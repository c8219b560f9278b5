"""Notebook: notes with markdown, source links and tags; search; insights; sharing an insight as a
draft post linked both ways; the seek → sense → share counts; bad input; privacy."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations.models import Post
from townsquare.notebook import selectors, services
from townsquare.notebook.models import InsightDraft, Note


def note(person, body="Read: customers want bundles", **extra):
    return services.note_create(person=person, body=body, **extra)


def test_a_note_keeps_markdown_sanitised_a_source_and_normalised_tags(world):
    n = note(world.alice, body="**Big** idea <script>x</script>", title="Bundles",
             source_url="https://example.com/bundles", tags="Pricing, #customers pricing")
    assert "<strong>Big</strong>" in n.body_html and "<script" not in n.body_html
    assert n.tags == ",pricing,customers," and n.tag_list == ["pricing", "customers"]
    assert n.source_url == "https://example.com/bundles"


@pytest.mark.parametrize("fields, message", [
    ({"body": "   "}, "The note is empty"),
    ({"source_url": "javascript:alert(1)"}, "must be a web address starting with http"),
    ({"source_url": "ftp://example.com/file"}, "must be a web address starting with http"),
    ({"source_url": "https://example.com/" + "a" * 500}, "the limit is 500"),
    ({"body": "x" * (services.BODY_MAX_CHARS + 1)}, "the limit is 10,000"),
    ({"title": "t" * 201}, "the limit is 200"),
    ({"tags": "ok bad!tag"}, "is not a tag we can keep"),
    ({"tags": " ".join(f"t{i}" for i in range(11))}, "at most 10"),
    ({"kind": "gossip"}, "Choose what the note is"),
    ({"body": "nul\x00"}, "NUL"),
])
def test_bad_note_input_is_refused(world, fields, message):
    with pytest.raises(ValidationError, match=message):
        services.note_create(person=world.alice, **{"body": "fine", **fields})
    assert not Note.objects.exists()


def test_bad_edit_is_a_400_and_the_note_is_unchanged(world, client_for):
    n = note(world.alice, title="Kept", source_url="https://example.com/kept")
    response = client_for(world.alice).post(reverse("note_edit", args=[n.pk]),
                                            {"kind": "read", "title": "Changed", "body": "Changed", "source_url": "not a url"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "must be a web address" in html and 'value="Changed"' in html  # the form keeps what was typed
    n.refresh_from_db()
    assert (n.title, n.body, n.source_url) == ("Kept", "Read: customers want bundles", "https://example.com/kept")


def test_empty_note_in_the_page_is_a_400(world, client_for):
    response = client_for(world.alice).post(reverse("note_create"), {"kind": "read", "body": "", "title": "Only a title"})
    assert response.status_code == 400 and "The note is empty" in response.content.decode()
    assert not Note.objects.exists()


def test_search_covers_title_body_and_tags_of_my_notes_only(world):
    a = note(world.alice, body="Pricing models compared", title="Models")
    b = note(world.alice, body="Met a customer", title="Visit to Lyon", tags="customers")
    note(world.alice, body="Nothing related", title="Other")
    note(world.otto, body="Pricing for otto", title="Otto's pricing")  # not alice's
    assert set(selectors.notes_for(world.alice, q="pricing")) == {a}
    assert set(selectors.notes_for(world.alice, q="LYON")) == {b}
    assert set(selectors.notes_for(world.alice, q="#customers")) == {b}
    assert set(selectors.notes_for(world.alice, tag="customers")) == {b}
    assert set(selectors.notes_for(world.alice, tag="custom")) == set()  # a tag matches whole
    services.note_mark_insight(person=world.alice, note=a)
    assert list(selectors.notes_for(world.alice, insights_only=True)) == [a]
    assert selectors.tags_of(world.alice) == [("customers", 1)]


def test_share_an_insight_as_a_draft_then_publish_links_both_ways(world, client_for):
    n = note(world.alice, title="Bundles", body="Customers buy bundles when the price is clear.",
             source_url="https://example.com/bundles", tags="pricing")
    with pytest.raises(ValidationError, match="Mark this note as an insight"):
        services.insight_draft_create(person=world.alice, note=n)
    services.note_mark_insight(person=world.alice, note=n)
    client = client_for(world.alice)

    response = client.post(reverse("note_share", args=[n.pk]))
    draft = InsightDraft.objects.get(note=n)
    assert response.status_code == 302 and response.url == reverse("insight_draft", args=[draft.pk])
    assert "### How this idea came about" in draft.body and "<https://example.com/bundles>" in draft.body
    assert "**Seek**" in draft.body and "**Sense**" in draft.body and "**Share**" in draft.body
    # Sharing again reuses the one open draft.
    client.post(reverse("note_share", args=[n.pk]))
    assert InsightDraft.objects.filter(note=n).count() == 1

    page = client.get(reverse("insight_draft", args=[draft.pk])).content.decode()
    assert "How this idea came about" in page and f'name="notebook_draft" value="{draft.pk}"' in page

    response = client.post(reverse("post_create"), {"kind": "idea", "body": draft.body, "notebook_draft": draft.pk})
    post = Post.objects.get(author=world.alice)
    assert response.status_code == 302 and response.url == post.get_absolute_url()
    assert "How this idea came about" in post.body_html and 'href="https://example.com/bundles"' in post.body_html
    n.refresh_from_db()
    draft.refresh_from_db()
    assert n.shared_post == post and n.shared_at is not None
    assert draft.post == post and draft.published_at is not None
    assert list(post.notebook_notes.all()) == [n]  # and back from the post
    detail = client.get(reverse("note_detail", args=[n.pk])).content.decode()
    assert "Shared as" in detail and post.get_absolute_url() in detail
    # The published draft is gone from the drafts; the note cannot be shared twice.
    assert client.get(reverse("insight_draft", args=[draft.pk])).status_code == 404
    with pytest.raises(ValidationError, match="already shared"):
        services.insight_draft_create(person=world.alice, note=n)
    with pytest.raises(ValidationError, match="already shared"):
        services.note_mark_insight(person=world.alice, note=n, insight=False)


def test_a_draft_that_is_not_mine_links_nothing(world, client_for):
    n = services.note_mark_insight(person=world.alice, note=note(world.alice))
    draft = services.insight_draft_create(person=world.alice, note=n)
    response = client_for(world.otto).post(reverse("post_create"), {"body": "Sneaky", "notebook_draft": draft.pk})
    assert response.status_code == 302  # otto's post is an ordinary post
    n.refresh_from_db()
    draft.refresh_from_db()
    assert n.shared_post is None and draft.published_at is None


def test_a_failed_post_keeps_the_draft_open(world, client_for):
    n = services.note_mark_insight(person=world.alice, note=note(world.alice))
    draft = services.insight_draft_create(person=world.alice, note=n)
    response = client_for(world.alice).post(reverse("post_create"), {"body": "", "notebook_draft": draft.pk})
    assert response.status_code == 400
    assert f'name="notebook_draft" value="{draft.pk}"' in response.content.decode()  # still linked on retry
    draft.refresh_from_db()
    assert draft.published_at is None


def test_seek_sense_share_counts_the_last_28_days(world):
    now = timezone.now()
    fresh = [note(world.alice, body=f"Note {i}") for i in range(3)]
    old = note(world.alice, body="Old note")
    Note.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=30))
    services.note_mark_insight(person=world.alice, note=fresh[0])
    services.note_mark_insight(person=world.alice, note=fresh[1])
    services.note_mark_insight(person=world.alice, note=old)  # captured long ago, made sense of today
    draft = services.insight_draft_create(person=world.alice, note=fresh[0])
    from townsquare.conversations import services as conversations

    post = conversations.post_create(author=world.alice, body=draft.body, kind="idea")
    services.draft_publish(person=world.alice, draft_id=draft.pk, post=post)
    note(world.otto, body="Not alice's")
    flow = selectors.flow(world.alice)
    assert (flow.days, flow.seek, flow.sense, flow.share) == (28, 3, 3, 1)
    later = selectors.flow(world.alice, now=now + timedelta(days=29))
    assert (later.seek, later.sense, later.share) == (0, 0, 0)


def test_notebook_page_empty_state_and_flow(world, client_for):
    html = client_for(world.alice).get(reverse("notebook")).content.decode()
    assert "No notes yet" in html and 'data-testid="flow-seek">0<' in html


def test_nobody_else_sees_notes_insights_or_drafts_not_even_org_admins(world, client_for):
    n = services.note_mark_insight(person=world.alice, note=note(world.alice, body="Private thought", title="Mine"))
    draft = services.insight_draft_create(person=world.alice, note=n)
    for viewer in (world.otto, world.olga, world.gina):
        client = client_for(viewer)
        assert client.get(reverse("note_detail", args=[n.pk])).status_code == 404
        assert client.get(reverse("note_edit", args=[n.pk])).status_code == 404
        assert client.get(reverse("insight_draft", args=[draft.pk])).status_code == 404
        assert client.post(reverse("note_share", args=[n.pk])).status_code == 404
        assert client.post(reverse("note_delete", args=[n.pk])).status_code == 404
        listing = client.get(reverse("notebook"), {"q": "Private"}).content.decode()
        assert "Private thought" not in listing
    assert Note.objects.filter(pk=n.pk).exists()


def test_post_provenance_tag_shows_the_note_to_the_author_only(world, rf):
    from django.template import Context, Template

    n = services.note_mark_insight(person=world.alice, note=note(world.alice, title="Where it began"))
    draft = services.insight_draft_create(person=world.alice, note=n)
    from townsquare.conversations import services as conversations

    post = conversations.post_create(author=world.alice, body=draft.body, kind="idea")
    services.draft_publish(person=world.alice, draft_id=draft.pk, post=post)
    template = Template('{% include "notebook/_post_provenance.html" %}')
    for viewer, shown in ((world.alice, True), (world.olga, False), (world.otto, False)):
        request = rf.get("/")
        request.user = viewer
        html = template.render(Context({"request": request, "post": post}))
        assert ("Where it began" in html) is shown


def test_the_insight_composer_offers_only_the_groups_one_belongs_to(world, client_for):
    from townsquare.conversations.models import Membership

    Membership.objects.create(group=world.public, person=world.otto, state=Membership.State.REQUESTED)
    assert list(selectors.composer_groups(world.alice)) == [world.secret, world.public, world.private]
    assert list(selectors.composer_groups(world.otto)) == []
    n = note(world.otto, title="Idea", body="Bundle the reports")
    services.note_mark_insight(person=world.otto, note=n)
    draft = services.insight_draft_create(person=world.otto, note=n)
    page = client_for(world.otto).get(reverse("insight_draft", args=[draft.pk]))
    assert list(page.context["composer_groups"]) == []
