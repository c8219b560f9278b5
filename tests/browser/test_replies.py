"""Replies in a real browser (issue 17): a reader reacts to a reply from the keyboard (htmx, set-style), the
author edits it (the post page then says "edited", its history keeps the earlier text) and deletes it after a
confirm, while the other replies stay. Screenshots at desktop and phone size of each page this changed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, TIMEOUT_MS, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_react_edit_and_delete_a_reply(world, live_server, browser, new_page, shot, viewport):
    from townsquare.conversations import services
    from townsquare.conversations.models import Reply, ReplyReaction, ReplyRevision

    post = services.post_create(author=world.alice, body="Budget numbers are in", group=world.private)
    gina_reply = services.reply_create(author=world.gina, post=post, body="Thanks, looks right")
    services.reply_create(author=world.alice, post=post, body="Glad it helps, @gina")

    # alice reacts to gina's reply with the keyboard: focus the button, press Enter; then takes it back with Space
    alice = new_page(viewport=viewport)
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/posts/{post.pk}/")
    reply = alice.locator(f"#reply-{gina_reply.pk}")
    like = reply.get_by_test_id("reply-react-like")
    expect(like).to_have_accessible_name("Like")
    like.focus()
    alice.keyboard.press("Enter")
    expect(reply.get_by_test_id("reply-react-like")).to_have_attribute("aria-pressed", "true")
    expect(reply.get_by_test_id("reply-react-like")).to_have_accessible_name("Like 1")
    assert ReplyReaction.objects.filter(reply=gina_reply, person=world.alice, kind="like").exists()
    reply.get_by_test_id("reply-react-thanks").click()
    expect(reply.get_by_test_id("reply-react-thanks")).to_have_attribute("aria-pressed", "true")
    # no edit or delete on someone else's reply
    expect(reply.get_by_test_id("reply-edit")).to_have_count(0)
    expect(reply.get_by_test_id("reply-delete")).to_have_count(0)
    shot(alice, "post-page-with-reply-reactions")
    reply.get_by_test_id("reply-react-thanks").focus()
    alice.keyboard.press("Space")
    expect(reply.get_by_test_id("reply-react-thanks")).to_have_attribute("aria-pressed", "false")
    assert ReplyReaction.objects.filter(reply=gina_reply).count() == 1

    # gina edits her reply; she answers the delete confirm herself (the shared pages always dismiss)
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    gina = context.new_page()
    answers, asked, errors = [], [], []
    gina.on("dialog", lambda d: (asked.append(d.message), d.accept() if answers.pop(0) else d.dismiss()))
    gina.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        sign_in(gina, live_server, "gina@example.test", PASSWORD)
        gina.goto(f"{live_server.url}/posts/{post.pk}/")
        mine = gina.locator(f"#reply-{gina_reply.pk}")
        expect(mine.get_by_test_id("reply-edit")).to_have_accessible_name("Edit your reply")
        expect(mine.get_by_test_id("reply-delete")).to_have_accessible_name("Delete your reply")
        mine.get_by_test_id("reply-edit").click()
        expect(gina).to_have_url(re.compile(rf"/replies/{gina_reply.pk}/edit/$"))
        box = gina.get_by_label("Your reply")
        expect(box).to_have_value("Thanks, looks right")
        box.fill("   ")
        gina.get_by_role("button", name="Save").click()
        expect(gina.get_by_test_id("reply-edit-error")).to_contain_text("Your reply is empty")
        shot(gina, "edit-reply-error")
        gina.get_by_label("Your reply").fill("Thanks, the numbers look right")
        gina.get_by_role("button", name="Save").click()
        expect(gina).to_have_url(re.compile(rf"/posts/{post.pk}/#reply-{gina_reply.pk}$"))
        expect(mine.locator(".post-body")).to_have_text("Thanks, the numbers look right")
        expect(mine.get_by_test_id("reply-edited")).to_be_visible()
        assert ReplyRevision.objects.filter(reply=gina_reply, body="Thanks, looks right").exists()
        shot(gina, "post-page-reply-edited")
        mine.get_by_test_id("reply-edited").click()
        expect(gina.get_by_test_id("reply-revision")).to_contain_text("Thanks, looks right")
        expect(gina.get_by_test_id("reply-history-current")).to_contain_text("the numbers look right")
        shot(gina, "reply-history")

        gina.goto(f"{live_server.url}/posts/{post.pk}/")
        answers[:] = [False]
        mine.get_by_test_id("reply-delete").click()
        expect(mine).to_be_visible()
        assert asked.pop() == "Delete your reply? The other replies stay. This cannot be undone."
        assert Reply.objects.filter(pk=gina_reply.pk).exists()
        answers[:] = [True]
        mine.get_by_test_id("reply-delete").click()
        expect(gina.locator(f"#reply-{gina_reply.pk}")).to_have_count(0)
        expect(gina.locator("#replies h2")).to_have_text("1 reply")
        expect(gina.locator("#replies .reply")).to_contain_text("Glad it helps")
        assert not Reply.objects.filter(pk=gina_reply.pk).exists()
        assert errors == []
    finally:
        context.close()
    assert alice.js_errors == [] and alice.failed_responses == []
