"""Purpose and manifesto: choosing a purpose, tagging posts from the composer, the share of posts
serving it, manifesto versions, diffs, publishing, the profile, bad input and privacy."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Post
from townsquare.purpose import selectors, services
from townsquare.purpose.models import ManifestoVersion, Purpose, PurposeTag

# --- purpose --------------------------------------------------------------------------------------

def test_suggestions_use_the_department_and_skills(world):
    by_key = {s.key: s.text for s in selectors.suggestions(world.alice)}
    assert set(by_key) == {"strategy", "people", "customers"}
    assert "Finance" in by_key["strategy"] and "forecasting" in by_key["people"]
    plain = {s.key: s.text for s in selectors.suggestions(world.otto)}  # no department, no skills
    assert "Finance" not in plain["strategy"] and "my team" in plain["strategy"]


def test_choose_a_suggestion_then_own_words(world):
    p = services.purpose_choose(person=world.alice, source="customers")
    assert p.source == "customers" and "customers" in p.text
    p = services.purpose_choose(person=world.alice, source="own", own_text="  Make forecasts everyone trusts. ")
    assert Purpose.objects.get(person=world.alice).text == "Make forecasts everyone trusts."


@pytest.mark.parametrize("source, own_text, message", [
    ("own", "   ", "Write your purpose"),
    ("own", "x" * (services.PURPOSE_MAX_CHARS + 1), "the limit is 280"),
    ("own", "nul\x00byte", "NUL"),
    ("world-domination", "", "Choose one of the suggestions"),
])
def test_bad_purpose_is_refused_and_the_old_one_kept(world, source, own_text, message):
    services.purpose_choose(person=world.alice, source="strategy")
    before = Purpose.objects.get(person=world.alice).text
    with pytest.raises(ValidationError, match=message):
        services.purpose_choose(person=world.alice, source=source, own_text=own_text)
    assert Purpose.objects.get(person=world.alice).text == before


def test_bad_purpose_in_the_page_is_a_400_with_the_form(world, client_for):
    response = client_for(world.alice).post(reverse("purpose"), {"source": "own", "own_text": ""})
    assert response.status_code == 400
    assert "Write your purpose in a sentence" in response.content.decode()
    assert not Purpose.objects.filter(person=world.alice).exists()


def test_composer_tags_a_post_and_the_share_is_computed(world, client_for):
    services.purpose_choose(person=world.alice, source="strategy")
    client = client_for(world.alice)
    assert client.post(reverse("post_create"), {"body": "Serving it", "serves_purpose": "on"}).status_code == 302
    assert client.post(reverse("post_create"), {"body": "Not this one"}).status_code == 302
    old = conversations.post_create(author=world.alice, body="Long ago")
    services.post_tag(person=world.alice, post=old)
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))  # outside the 28 days
    tagged = Post.objects.get(body="Serving it")
    assert PurposeTag.objects.get(post=tagged).purpose_text == Purpose.objects.get(person=world.alice).text
    share = selectors.purpose_share(world.alice)
    assert (share.posts, share.tagged, share.percent) == (2, 1, 50)
    page = client.get(reverse("purpose")).content.decode()
    assert "50%" in page and "1 of 2 posts" in page


def test_serves_purpose_without_a_purpose_posts_nothing(world, client_for):
    response = client_for(world.alice).post(reverse("post_create"), {"body": "Hello", "serves_purpose": "on"})
    assert response.status_code == 400
    assert "have not chosen a purpose yet" in response.content.decode()
    assert not Post.objects.filter(author=world.alice).exists()  # the post is rolled back with the tag


def test_only_the_author_can_tag_a_post(world):
    services.purpose_choose(person=world.otto, source="strategy")
    post = conversations.post_create(author=world.alice, body="Mine")
    with pytest.raises(Exception, match="Only the author"):
        services.post_tag(person=world.otto, post=post)


# --- manifesto ------------------------------------------------------------------------------------

def test_each_save_is_a_new_version_and_publishing_chooses_what_others_see(world):
    v1 = services.manifesto_save(person=world.alice, body="I share numbers early.", publish=True)
    v2 = services.manifesto_save(person=world.alice, body="I share numbers early.\nI ask before I decide.")
    assert (v1.number, v2.number) == (1, 2) and v1.is_published and not v2.is_published
    same = services.manifesto_save(person=world.alice, body="I share numbers early.\nI ask before I decide.")
    assert same.pk == v2.pk and ManifestoVersion.objects.filter(person=world.alice).count() == 2
    history = selectors.manifesto_history(world.alice)
    assert selectors.current_published(history) == v1
    services.manifesto_publish(person=world.alice, version=v2)
    assert selectors.current_published(selectors.manifesto_history(world.alice)).pk == v2.pk
    services.manifesto_publish(person=world.alice, version=v1)  # bring the earlier one back
    assert selectors.current_published(selectors.manifesto_history(world.alice)).pk == v1.pk
    assert services.manifesto_unpublish(person=world.alice) == 2
    assert selectors.current_published(selectors.manifesto_history(world.alice)) is None


def test_manifesto_markdown_is_sanitised(world):
    v = services.manifesto_save(person=world.alice, body="**Bold** <script>alert(1)</script> [x](javascript:alert(2))")
    assert "<strong>Bold</strong>" in v.body_html
    assert "<script" not in v.body_html and "&lt;script&gt;" in v.body_html and 'href="javascript' not in v.body_html


def test_diff_between_versions(world):
    old = "We share early.\nWe listen.\nA\nB\nC\nD\nE\nF\nG\nWe decide."
    new = "We share early.\nWe listen first.\nA\nB\nC\nD\nE\nF\nG\nWe decide.\nWe say why."
    diff = selectors.manifesto_diff(old, new, context=1)
    assert (diff.added, diff.removed) == (2, 1)
    kinds = [(r.kind, r.text) for r in diff.rows]
    assert ("del", "We listen.") in kinds and ("add", "We listen first.") in kinds and ("add", "We say why.") in kinds
    assert any(kind == "gap" for kind, _ in kinds)  # unchanged lines between the changes are folded
    assert selectors.manifesto_diff("same\ntext", "same\ntext").identical


def test_diff_page_escapes_the_text(world, client_for):
    v1 = services.manifesto_save(person=world.alice, body="Plain start")
    v2 = services.manifesto_save(person=world.alice, body="Plain start\n<script>alert('x')</script>")
    html = client_for(world.alice).get(reverse("manifesto_diff"), {"from": v1.pk, "to": v2.pk}).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "1 line added, 0 lines removed" in html


@pytest.mark.parametrize("body, message", [
    ("", "Your manifesto is empty"),
    ("x" * (services.MANIFESTO_MAX_CHARS + 1), "the limit is 5,000"),
])
def test_bad_manifesto_is_refused_with_nothing_changed(world, client_for, body, message):
    services.manifesto_save(person=world.alice, body="Kept as it was", publish=True)
    response = client_for(world.alice).post(reverse("manifesto_edit"), {"body": body, "action": "publish"})
    assert response.status_code == 400 and message in response.content.decode()
    assert list(ManifestoVersion.objects.filter(person=world.alice).values_list("body", flat=True)) == ["Kept as it was"]


def test_profile_shows_the_published_manifesto_and_never_a_draft(world, client_for):
    services.purpose_choose(person=world.alice, source="strategy")
    services.manifesto_save(person=world.alice, body="Published words", publish=True)
    services.manifesto_save(person=world.alice, body="Secret draft words")
    for viewer in (world.otto, world.olga, world.alice):
        html = client_for(viewer).get(reverse("profile", args=["alice"])).content.decode()
        assert "Published words" in html and "Secret draft words" not in html
        public = client_for(viewer).get(reverse("manifesto_public", args=["alice"])).content.decode()
        assert "Published words" in public and "Secret draft words" not in public
    services.manifesto_save(person=world.gina, body="Gina draft only")
    html = client_for(world.otto).get(reverse("profile", args=["gina"])).content.decode()
    assert "Gina draft only" not in html
    assert client_for(world.olga).get(reverse("manifesto_public", args=["gina"])).status_code == 404


def test_a_published_manifesto_is_read_through_access_published_manifesto(world, client_for):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from townsquare.purpose import access

    with pytest.raises(Http404, match="No published manifesto"):
        access.access_published_manifesto(world.otto, world.alice)
    services.manifesto_save(person=world.alice, body="Draft words")
    with pytest.raises(Http404, match="No published manifesto"):
        access.access_published_manifesto(world.alice, world.alice)
    published = services.manifesto_save(person=world.alice, body="Published words", publish=True)
    assert access.access_published_manifesto(world.otto, world.alice) == published
    with pytest.raises(Http404, match="No published manifesto"):
        access.access_published_manifesto(AnonymousUser(), world.alice)
    services.manifesto_unpublish(person=world.alice)
    assert client_for(world.otto).get(reverse("manifesto_public", args=["alice"])).status_code == 404


def test_others_and_org_admins_cannot_open_versions_or_diffs(world, client_for):
    v1 = services.manifesto_save(person=world.alice, body="One", publish=True)
    v2 = services.manifesto_save(person=world.alice, body="Two")
    for viewer in (world.otto, world.olga, world.gina):
        client = client_for(viewer)
        assert client.get(reverse("manifesto_version", args=[v2.pk])).status_code == 404
        assert client.get(reverse("manifesto_version", args=[v1.pk])).status_code == 404
        assert client.get(reverse("manifesto_diff"), {"from": v1.pk, "to": v2.pk}).status_code == 404
        assert client.post(reverse("manifesto_publish", args=[v2.pk])).status_code == 404
        editor = client.get(reverse("manifesto_edit")).content.decode()
        assert "Two" not in editor
    assert ManifestoVersion.objects.get(pk=v2.pk).published_at is None
    assert client_for(world.alice).get(reverse("manifesto_diff"), {"from": "x", "to": v2.pk}).status_code == 404
