"""The community page: one card per practice, whose numbers count only what the reader may read."""

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Post
from townsquare.practices import selectors


def cards(person) -> dict:
    return {c.key: c for c in selectors.community(person)}


def test_the_numbers_count_only_what_the_reader_may_read(world):
    conversations.post_create(author=world.alice, body="Close the books a day earlier", kind=Post.Kind.IDEA,
                              group=world.private)
    assert cards(world.alice)["ideas"].count == 1  # a member of finance-team
    assert cards(world.otto)["ideas"].count == 0  # an outsider does not even learn it exists
    conversations.post_create(author=world.otto, body="A company-wide idea", kind=Post.Kind.IDEA)
    assert cards(world.otto)["ideas"].count == 1 and cards(world.alice)["ideas"].count == 2


def test_the_page_lists_every_practice(world, client):
    client.force_login(world.otto)
    page = client.get("/community/").content.decode()
    for key in ("ask", "ideas", "recognition", "events", "causes", "coffee", "mentoring", "circles", "polls"):
        assert f'data-testid="practice-{key}"' in page
