"""What I follow, in a real browser (issue 17): from the account menu to the list, unfollow a group from the
keyboard (htmx, the button says so), and the empty state; screenshots at desktop and phone size."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_list_and_unfollow(world, live_server, new_page, shot, viewport):
    from townsquare.conversations import services
    from townsquare.conversations.models import Follow, Topic

    services.post_create(author=world.gina, body="Closing the #quarter", group=world.public)
    for kind, pk in (("person", world.gina.pk), ("person", world.erin.pk), ("group", world.public.pk),
                     ("topic", Topic.objects.get(name="quarter").pk)):
        services.follow_set(person=world.otto, target_kind=kind, target_id=pk)

    pg = new_page(viewport=viewport)
    sign_in(pg, live_server, "otto@example.test", PASSWORD)
    pg.locator("header.topbar details.menu summary").click()
    pg.get_by_role("link", name="Following", exact=True).click()
    expect(pg.get_by_role("heading", name="What you follow")).to_be_visible()
    people, groups = pg.get_by_test_id("following-people"), pg.get_by_test_id("following-groups")
    expect(people).to_contain_text(world.gina.name)
    expect(people).to_contain_text(world.erin.name)
    expect(groups).to_contain_text(world.public.name)
    expect(pg.get_by_test_id("following-topics")).to_contain_text("#quarter")
    shot(pg, "following")

    button = groups.get_by_role("button", name="✓ Following")
    button.focus()
    pg.keyboard.press("Enter")
    expect(groups.get_by_role("button", name="+ Follow")).to_have_attribute("aria-pressed", "false")
    assert not Follow.objects.filter(follower=world.otto, target_kind="group").exists()
    shot(pg, "after-unfollow")
    assert pg.js_errors == [] and pg.failed_responses == []

    empty = new_page(viewport=viewport)
    sign_in(empty, live_server, "alice@example.test", PASSWORD)
    empty.goto(f"{live_server.url}/people/{world.alice.handle}/")
    empty.get_by_test_id("following-link").click()
    expect(empty.get_by_test_id("following-empty")).to_be_visible()
    shot(empty, "following-empty")
