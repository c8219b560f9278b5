"""The notebook path in a real browser: write a note, mark it as an insight, share it as a draft
post, publish it from the composer, and follow the links between the note and the post. Then the
purpose and manifesto: choose a purpose, publish a manifesto, see it on the profile."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_notebook_to_post_and_manifesto(world, live_server, new_page, shot):
    from townsquare.conversations.models import Post
    from townsquare.notebook.models import Note
    from townsquare.purpose.models import ManifestoVersion, PurposeTag

    page = new_page()
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notebook").click()
    expect(page).to_have_url(f"{live_server.url}/notebook/")
    expect(page.get_by_test_id("notebook-empty")).to_contain_text("No notes yet")
    shot(page, "notebook-empty")

    # A bad source link is refused with a clear message and the text is kept.
    form = page.get_by_role("form", name="Capture a note")
    form.get_by_label("Title").fill("Bundles sell when the price is clear")
    form.get_by_label("Note").fill("Read a study: customers pick **bundles** when each part's price is visible.")
    form.get_by_label("Source link").fill("not a link")
    form.get_by_label("Tags").fill("pricing, customers")
    form.get_by_role("button", name="Save note").click()
    expect(page.get_by_test_id("note-error")).to_contain_text("http:// or https://")
    expect(page.get_by_role("textbox", name="Note")).to_have_value(re.compile("customers pick"))
    assert Note.objects.count() == 0
    shot(page, "note-bad-link")
    page.get_by_label("Source link").fill("https://example.com/bundles-study")
    page.get_by_role("button", name="Save note").click()
    note = Note.objects.get(person=world.alice)
    expect(page).to_have_url(f"{live_server.url}/notebook/{note.pk}/")
    expect(page.get_by_test_id("note-detail").locator("strong")).to_have_text("bundles")
    expect(page.get_by_test_id("note-source")).to_have_attribute("href", "https://example.com/bundles-study")

    # Mark it as an insight, then share it as a draft post.
    page.get_by_role("button", name="Mark as insight").click()
    expect(page.get_by_test_id("insight-badge")).to_be_visible()
    shot(page, "note-insight")
    page.get_by_role("button", name="Share as a draft post").click()
    expect(page).to_have_url(re.compile(r"/notebook/drafts/\d+/$"))
    composer = page.get_by_role("form", name="Write a post")
    body = composer.get_by_label("What are you working on?")
    expect(body).to_have_value(re.compile(r"How this idea came about"))
    expect(body).to_have_value(re.compile(r"https://example.com/bundles-study"))
    expect(composer.get_by_role("radio", name="Idea")).to_be_checked()
    shot(page, "draft-in-composer")

    # Publish it, tagged with alice's purpose (chosen first, on the purpose page).
    purpose = new_page()
    sign_in(purpose, live_server, "alice@example.test", PASSWORD)
    purpose.goto(f"{live_server.url}/purpose/")
    purpose.get_by_role("radio", name=re.compile("Understanding customers")).check()
    purpose.get_by_role("button", name="Save my purpose").click()
    expect(purpose.get_by_test_id("current-purpose")).to_contain_text("customers")
    shot(purpose, "purpose-chosen")

    composer.get_by_label("Serves my purpose").check()
    composer.get_by_role("button", name="Post").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    post = Post.objects.get(author=world.alice)
    expect(page.locator(f"#post-{post.pk}")).to_contain_text("How this idea came about")
    assert PurposeTag.objects.filter(post=post, person=world.alice).exists()
    shot(page, "post-published")

    # The note now links to the post, and the flow counts each step.
    page.goto(f"{live_server.url}/notebook/{note.pk}/")
    shared = page.get_by_test_id("shared-as")
    expect(shared).to_contain_text("Shared as")
    shot(page, "note-shared-as")
    shared.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/posts/{post.pk}/")
    page.goto(f"{live_server.url}/notebook/")
    expect(page.get_by_test_id("flow-seek")).to_have_text("1")
    expect(page.get_by_test_id("flow-sense")).to_have_text("1")
    expect(page.get_by_test_id("flow-share")).to_have_text("1")
    page.get_by_label("Search your notes").fill("bundles")
    page.get_by_label("Search your notes").press("Enter")
    expect(page.get_by_test_id("note")).to_have_count(1)
    shot(page, "notebook-flow")

    # The purpose page shows the share; a manifesto is written, published and shown on the profile.
    purpose.goto(f"{live_server.url}/purpose/")
    expect(purpose.get_by_test_id("purpose-share")).to_contain_text("100%")
    purpose.get_by_role("link", name="Start your manifesto").click()
    purpose.get_by_role("textbox", name="Manifesto").fill("I listen to customers first.\n\nI share what I learn, early.")
    purpose.get_by_role("button", name="Save and publish").click()
    expect(purpose.locator(".messages")).to_contain_text("Version 1 is published")
    purpose.get_by_role("textbox", name="Manifesto").fill("I listen to customers first.\n\nI share what I learn, early and plainly.")
    purpose.get_by_role("button", name="Save draft").click()
    expect(purpose.get_by_test_id("version-2")).to_contain_text("draft")
    purpose.get_by_role("button", name="Show changes").click()
    expect(purpose.get_by_test_id("diff-summary")).to_contain_text("1 line added, 1 line removed")
    shot(purpose, "manifesto-diff")
    assert ManifestoVersion.objects.filter(person=world.alice).count() == 2

    otto = new_page(viewport=PHONE)
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}/people/alice/")
    expect(otto.get_by_test_id("profile-manifesto")).to_contain_text("I share what I learn, early.")
    expect(otto.get_by_test_id("profile-manifesto")).not_to_contain_text("plainly")
    shot(otto, "profile-manifesto-phone")
    response = otto.goto(f"{live_server.url}/notebook/{note.pk}/")  # alice's note is hers alone
    assert response.status == 404 and "Bundles" not in otto.content()
    for pg in (page, purpose, otto):
        assert pg.js_errors == [] and pg.foreign_requests == []
