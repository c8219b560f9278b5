"""The bell groups reactions to the same post (or reply) into one line (issue 17): "Ana and 4 others reacted to
your post", placed where the newest reaction is; the rows stay one per act; opening the line reads them all."""

from django.urls import reverse

from townsquare.conversations import selectors, services
from townsquare.conversations.models import Notification
from townsquare.people.models import Person


def _people(n):
    return [Person.objects.create_user(f"r{i}@example.test", "pw", name=f"Reactor {i}", handle=f"reactor-{i}")
            for i in range(n)]


def test_reactions_to_one_post_are_one_line_newest_first(world, client_for):
    post = services.post_create(author=world.alice, body="Big news")
    other = services.post_create(author=world.alice, body="Small news")
    people = _people(5)
    for p in people:
        services.reaction_set(person=p, post=post, kind="like")
    services.reply_create(author=world.gina, post=other, body="Nice")
    services.reaction_set(person=world.gina, post=other, kind="thanks")
    assert Notification.objects.filter(recipient=world.alice, verb="reaction").count() == 6  # rows stay per act
    lines = selectors.notification_lines(world.alice)
    assert [(line.newest.verb, line.count) for line in lines] == [("reaction", 1), ("reply", 1), ("reaction", 5)]
    big = lines[2]
    assert big.actor_text == "Reactor 4 and 4 others" and big.is_unread
    html = client_for(world.alice).get(reverse("notifications")).content.decode()
    assert "Reactor 4 and 4 others reacted to your post" in html
    assert html.count('data-testid="notification"') == 3


def test_two_people_are_named_both(world):
    post = services.post_create(author=world.alice, body="News")
    services.reaction_set(person=world.gina, post=post)
    services.reaction_set(person=world.erin, post=post)
    (line,) = selectors.notification_lines(world.alice)
    assert line.actor_text == f"{world.erin.name} and {world.gina.name}"


def test_reactions_to_a_reply_group_apart_from_the_posts(world):
    post = services.post_create(author=world.gina, body="News")
    reply = services.reply_create(author=world.alice, post=post, body="Agreed")
    services.reaction_set(person=world.gina, post=post)  # gina's own post: nobody told
    for p in _people(3):
        services.reply_reaction_set(person=p, reply=reply, kind="like")
    (line,) = selectors.notification_lines(world.alice)
    assert line.count == 3 and line.text == "reacted to your reply"


def test_opening_a_grouped_line_marks_the_whole_group_read(world, client_for):
    post = services.post_create(author=world.alice, body="Big news")
    other = services.post_create(author=world.alice, body="Other news")
    for p in _people(4):
        services.reaction_set(person=p, post=post)
    services.reaction_set(person=world.gina, post=other)
    line = next(line for line in selectors.notification_lines(world.alice) if line.count == 4)
    response = client_for(world.alice).get(line.open_url)
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    unread = Notification.objects.filter(recipient=world.alice, read_at__isnull=True)
    assert list(unread.values_list("post_id", flat=True)) == [other.pk]  # the other post's line is still new
    assert selectors.unread_count(world.alice) == 1


def test_a_line_for_a_post_no_longer_readable_is_not_shown(world):
    post = services.post_create(author=world.alice, body="Team only", group=world.private)
    services.reaction_set(person=world.gina, post=post)
    from townsquare.conversations.models import Membership

    Membership.objects.filter(person=world.alice, group=world.private).delete()
    assert selectors.notification_lines(world.alice) == []
